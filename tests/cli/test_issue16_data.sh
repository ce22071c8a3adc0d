#!/bin/sh
# test_issue16_data.sh POLC SOURCE_DIR - issue 16, registries as offices keep
# them: cells in office forms give the figures of their plain twin; a
# GB18030 CSV (made here with iconv) gives the UTF-8 figures after exactly
# one warning; UTF-16 with a BOM is read; a pipe not in UTF-8 is refused
# once, not row by row.
set -u
polc=$1
src=$2
forms="$src/tests/golden/eval/forms"
cells="$src/tests/golden/eval/issue16_cell_forms"
. "$(dirname "$0")/lib.sh"
run() { "$polc" eval "$@" --as-of 2024-06-01 --format csv; }
XDG_CACHE_HOME="$tmp/cache"; export XDG_CACHE_HOME   # native code, for --engine jit

# cells in office forms = their plain twin, in CSV and in JSON Lines
run "$cells/cells.pol" --registry "$cells/plain.csv" > "$tmp/plain.out" 2>&1
[ "$(wc -l < "$tmp/plain.out")" -eq 7 ] || fail "the plain twin gave no rows"
run "$cells/cells.pol" --registry "$cells/office.csv" > "$tmp/office.out" 2>&1
cmp -s "$tmp/plain.out" "$tmp/office.out" || fail "office forms differ from their plain twin"
run "$cells/cells.pol" --registry "$src/tests/golden/eval/issue16_cell_forms_jsonl/office.jsonl" \
  > "$tmp/office-jsonl.out" 2>&1
cmp -s "$tmp/plain.out" "$tmp/office-jsonl.out" || fail "JSON Lines office forms differ"

# GB18030: the same figures, one warning naming the file
cd "$forms" || exit 1
iconv -f UTF-8 -t GB18030 registry.csv > "$tmp/gb.csv" || fail "iconv"
cmp -s registry.csv "$tmp/gb.csv" && fail "the GB18030 copy is the UTF-8 file"
expect_status 0 "a GB18030 CSV" run forms.pol rival.pol --registry "$tmp/gb.csv"
cmp -s "$tmp/out" expected.csv || fail "GB18030 figures differ from UTF-8"
[ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "a GB18030 CSV: not exactly one message"
expect_grep "$tmp/err" "$tmp/gb.csv: warning: not UTF-8 text; read as GB18030" "the warning names the file"
# ... on more threads too
expect_status 0 "a GB18030 CSV, 3 threads" run forms.pol rival.pol --registry "$tmp/gb.csv" --threads 3
cmp -s "$tmp/out" expected.csv || fail "GB18030 figures differ with threads"
# ... said explicitly: no warning
expect_status 0 "--encoding gb18030" run forms.pol rival.pol --registry "$tmp/gb.csv" --encoding gb18030
cmp -s "$tmp/out" expected.csv || fail "--encoding gb18030 figures differ"
[ -s "$tmp/err" ] && fail "--encoding gb18030 warned"
# ... from a pipe, where it must be said
expect_status 0 "--encoding gb18030 from a pipe" sh -c "cat '$tmp/gb.csv' | \"$polc\" eval forms.pol rival.pol --registry - --encoding gb18030 --as-of 2024-06-01 --format csv"
cmp -s "$tmp/out" expected.csv || fail "GB18030 from a pipe differs"
expect_status 1 "GB18030 from a pipe, unsaid" sh -c "cat '$tmp/gb.csv' | \"$polc\" eval forms.pol --registry - --as-of 2024-06-01"
[ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "GB18030 from a pipe: not exactly one message"
expect_grep "$tmp/err" "say --encoding gb18030" "the pipe's message says what to do"
# ... --encoding utf-8 reads it as UTF-8: rows refused, as before
expect_status 1 "--encoding utf-8 on GB18030" run forms.pol --registry "$tmp/gb.csv" --encoding utf-8
expect_status 2 "--encoding latin1" run forms.pol --registry "$tmp/gb.csv" --encoding latin1
expect_grep "$tmp/err" "encoding takes utf-8 or gb18030" "a bad --encoding is named"

# UTF-16 with a BOM: read from a file, refused once from a pipe
iconv -f UTF-8 -t UTF-16 registry.csv > "$tmp/u16.csv"
expect_status 0 "a UTF-16 CSV" run forms.pol rival.pol --registry "$tmp/u16.csv"
cmp -s "$tmp/out" expected.csv || fail "UTF-16 figures differ"
[ -s "$tmp/err" ] && fail "a UTF-16 CSV gave messages"
expect_status 1 "UTF-16 from a pipe" sh -c "cat '$tmp/u16.csv' | \"$polc\" eval forms.pol --registry - --as-of 2024-06-01"
[ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "UTF-16 from a pipe: not exactly one message"

# neither UTF-8 nor GB18030: one message, no row
printf 'id,name\nA,\200\200\200\200\n' > "$tmp/neither.csv"
expect_status 1 "neither UTF-8 nor GB18030" run forms.pol --registry "$tmp/neither.csv"
[ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "neither UTF-8 nor GB18030: not exactly one message"
expect_grep "$tmp/err" "is not GB18030 text" "the byte is named"

# SQLite, made here with the sqlite3 shell: the CSV twin's figures under
# both engines, typed values mapped exactly
sqlite3 "$tmp/reg.db" ".import --csv registry.csv applicants" || fail "sqlite3 .import"
for engine in interp jit; do
  expect_status 0 "a SQLite registry ($engine)" run forms.pol rival.pol --registry "$tmp/reg.db" --engine $engine
  cmp -s "$tmp/out" expected.csv || fail "SQLite figures differ from CSV ($engine)"
  [ -s "$tmp/err" ] && fail "a SQLite registry gave messages ($engine)"
done
expect_status 0 "--table" run forms.pol rival.pol --registry "$tmp/reg.db" --table applicants
cmp -s "$tmp/out" expected.csv || fail "--table figures differ"
expect_status 0 "--query" run forms.pol rival.pol --registry "$tmp/reg.db" --query "SELECT * FROM applicants ORDER BY rowid"
cmp -s "$tmp/out" expected.csv || fail "--query figures differ"
sqlite3 "$tmp/typed.sqlite3" "CREATE TABLE a(id INTEGER, capital REAL, rate REAL, staff INTEGER, day TEXT);
  INSERT INTO a VALUES (1, 1200000, 0.15, 120, '2025/3/1'), (2, 1666.6666666666667, 0.15, 1, NULL),
                       (3, 1234567.89, 0.005, 100, '2025-03-01'), (4, 0.29, 0.5, 2, x'00');"
expect_status 1 "typed SQLite values" run "$cells/cells.pol" --registry "$tmp/typed.sqlite3"
expect_grep "$tmp/out" "^1,1391000.00,1200000.00,180000.00,1000.00,10000.00" "INTEGER money and a REAL rate are read"
expect_grep "$tmp/out" "^3,1251740.73,1234567.89,6172.84," "an exact REAL amount is read"
expect_grep "$tmp/err" "typed.sqlite3:2: column capital: cannot read the REAL 1666.6666666666667 as money" "an inexact REAL is refused with its row"
expect_grep "$tmp/err" "typed.sqlite3:4: column day: a BLOB" "a BLOB is refused"
[ "$(grep -c . "$tmp/out")" -eq 3 ] || fail "typed SQLite: not exactly the two good rows"
# bad SQLite input: each one message
sqlite3 "$tmp/two.db" "CREATE TABLE a(id); CREATE TABLE b(id);"
expect_status 2 "two tables" run forms.pol --registry "$tmp/two.db"
expect_grep "$tmp/err" "has 2 tables (a, b): say which with --table NAME" "the tables are listed"
sqlite3 "$tmp/noid.db" "CREATE TABLE a(name); INSERT INTO a VALUES ('x');"
expect_status 1 "a table without id" run forms.pol --registry "$tmp/noid.db"
expect_grep "$tmp/err" "no column \`id\`" "a table without id"
cp forms.pol "$tmp/text.db"
expect_status 2 "a text file named .db" run forms.pol --registry "$tmp/text.db"
expect_grep "$tmp/err" "cannot read the SQLite database: file is not a database" "a file that is not SQLite"
head -c 3000 "$tmp/reg.db" > "$tmp/cut.db"
expect_status 2 "a cut SQLite file" run forms.pol --registry "$tmp/cut.db"
[ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "a cut SQLite file: not one message"
expect_status 2 "a bad --query" run forms.pol --registry "$tmp/reg.db" --query "SELECT nope"
expect_grep "$tmp/err" "the query cannot be run: no such column: nope" "a bad query"
expect_status 2 "--table on a CSV registry" run forms.pol --registry registry.csv --table a
expect_status 2 "--table and --query" run forms.pol --registry "$tmp/reg.db" --table a --query "SELECT 1"
# a database locked by a writer: refused with a message once the wait is over
sqlite3 "$tmp/reg.db" "BEGIN EXCLUSIVE; SELECT count(*) FROM applicants; SELECT 1 FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 30000000) SELECT max(x) FROM c);" > /dev/null &
locker=$!
sleep 0.3
expect_status 2 "a locked database" run forms.pol --registry "$tmp/reg.db"
expect_grep "$tmp/err" "locked" "a locked database is said so"
kill $locker 2>/dev/null; wait $locker 2>/dev/null

# -o FILE.sqlite: read back with the sqlite3 shell, the CSV output; amounts
# INTEGER fen; a failed run leaves the old file as it was
expect_status 0 "-o x.sqlite" run forms.pol rival.pol --registry registry.csv -o "$tmp/x.sqlite"
sqlite3 -header -csv "$tmp/x.sqlite" "SELECT * FROM results_yuan" | tr -d '\r' > "$tmp/back.csv"
cmp -s "$tmp/back.csv" expected.csv || fail "-o x.sqlite read back differs from the CSV output"
[ "$(sqlite3 "$tmp/x.sqlite" "SELECT total, typeof(total) FROM results WHERE id = 'A02'")" = "303000001|integer" ] ||
  fail "-o x.sqlite: amounts are not INTEGER fen"
[ "$(sqlite3 "$tmp/x.sqlite" "SELECT count(*) FROM results")" -eq 8 ] || fail "-o x.sqlite: not 8 rows"
expect_status 0 "--out-table" run forms.pol --registry registry.csv -o "$tmp/t.db" --out-table 申报结果
[ "$(sqlite3 "$tmp/t.db" "SELECT count(*) FROM 申报结果")" -eq 8 ] || fail "--out-table: the table is not there"
cp "$tmp/x.sqlite" "$tmp/x.before"
expect_status 1 "-o x.sqlite, a failed run" run forms.pol --registry "$tmp/noid.db" -o "$tmp/x.sqlite"
cmp -s "$tmp/x.sqlite" "$tmp/x.before" || fail "a failed run changed -o x.sqlite"
ls "$tmp" | grep -q 'x.sqlite.tmp' && fail "a temporary file was left beside -o x.sqlite"
expect_status 2 "--out-table without -o FILE.sqlite" run forms.pol --registry registry.csv --out-table t
expect_status 2 "-o x.sqlite --format jsonl" "$polc" eval forms.pol --registry registry.csv -o "$tmp/y.sqlite" --format jsonl

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
