#!/bin/sh
# test_issue16_rejects_sqlite.sh POLC SOURCE_DIR - issue 16, point 7: a
# SQLite registry's --rejects is a SQLite database: a table named as the
# one read (`rejects` for --query) with its columns, their declared types,
# each value with its own type, and `reason`; exactly the rejected rows,
# found by their position in the result, when an id repeats.  Read back
# with the sqlite3 shell; the data owner drops `reason`, fixes the values,
# and polc reads the file as a registry.  FILE.csv gives the values' text,
# FILE.xlsx a workbook; a killed run leaves no file behind.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"
cd "$src/tests/golden/eval/forms" || exit 1
run() { "$polc" eval forms.pol --as-of 2024-06-01 --format csv "$@"; }

sqlite3 "$tmp/reg.db" "CREATE TABLE applicants (id TEXT, name TEXT, district TEXT, credit_good,
    headcount INTEGER, compute_spend REAL, application_date TEXT, photo BLOB);
  INSERT INTO applicants VALUES
    ('A1', '企业甲', '徐汇', 'true', 150, 30000000, '2024-03-01', NULL),
    ('A2', '企业乙', '徐汇', 'maybe', 10, 1234567.5, NULL, x'00ff'),
    ('A1', '企业甲二', '徐汇', 1, 3, 1666.6666666666667, '2024/3/2', NULL),
    ('A1', '企业甲', '徐汇', 'true', 150, 30000000, '2024-03-01', NULL),
    ('A3', '企业丙', '徐汇', 'true', 'x', 5, '2024-02-30', NULL);" || fail "sqlite3 could not make the registry"

expect_status 1 "a SQLite registry with bad rows" run --registry "$tmp/reg.db" --rejects "$tmp/bad.db"
[ "$(grep -c . "$tmp/out")" -eq 3 ] || fail "not the header and two good rows"
ls "$tmp" | grep -q 'bad.db.' && fail "a temporary file was left beside the rejects"
[ "$(sqlite3 "$tmp/bad.db" "SELECT group_concat(name, ',') FROM sqlite_master WHERE type = 'table'")" = applicants ] ||
  fail "the rejects: not one table named as the registry's"
sqlite3 "$tmp/bad.db" "SELECT name || ' ' || type FROM pragma_table_info('applicants')" > "$tmp/cols"
printf '%s\n' "id TEXT" "name TEXT" "district TEXT" "credit_good " "headcount INTEGER" \
  "compute_spend REAL" "application_date TEXT" "photo BLOB" "reason TEXT" > "$tmp/want.cols"
cmp -s "$tmp/cols" "$tmp/want.cols" || { fail "the rejects' columns and types"; diff "$tmp/want.cols" "$tmp/cols"; }
sqlite3 -separator ' | ' "$tmp/bad.db" "SELECT rowid, id, name, credit_good, typeof(credit_good), headcount, typeof(headcount),
    printf('%!.17g', compute_spend), typeof(compute_spend), quote(application_date), quote(photo), reason FROM applicants" > "$tmp/rows"
cat > "$tmp/want.rows" <<'EOF2'
1 | A2 | 企业乙 | maybe | text | 10 | integer | 1234567.5 | real | NULL | X'00FF' | column credit_good: cannot read "maybe" as bool
2 | A1 | 企业甲二 | 1 | integer | 3 | integer | 1666.6666666666667 | real | '2024/3/2' | NULL | column compute_spend: cannot read the REAL 1666.6666666666667 as money: a binary REAL is not exact here (store the figure as INTEGER or as TEXT)
3 | A3 | 企业丙 | true | text | x | text | 5.0 | real | '2024-02-30' | NULL | column headcount: cannot read "x" as count; column application_date: cannot read "2024-02-30" as date
EOF2
cmp -s "$tmp/rows" "$tmp/want.rows" || { fail "the rejects' rows, values and reasons"; diff "$tmp/want.rows" "$tmp/rows"; }

# the data owner drops `reason`, fixes the values and sends the file again
cp "$tmp/bad.db" "$tmp/fixed.db"
sqlite3 "$tmp/fixed.db" "ALTER TABLE applicants DROP COLUMN reason;
  UPDATE applicants SET credit_good = 'true' WHERE id = 'A2';
  UPDATE applicants SET compute_spend = '1666.67' WHERE id = 'A1';
  UPDATE applicants SET headcount = 3, application_date = '2024-02-29' WHERE id = 'A3';" ||
  fail "sqlite3 could not fix the rejects"
expect_status 0 "the fixed rejects, read as a registry" run --registry "$tmp/fixed.db"
[ "$(grep -c . "$tmp/out")" -eq 4 ] || fail "the fixed rejects: not three rows of results"
[ -s "$tmp/err" ] && fail "the fixed rejects gave messages"

# --query: the table is `rejects`; the same rows
expect_status 1 "--query" run --registry "$tmp/reg.db" --query "SELECT * FROM applicants ORDER BY rowid" \
  --rejects "$tmp/q.sqlite"
[ "$(sqlite3 "$tmp/q.sqlite" "SELECT group_concat(id, ',') FROM rejects")" = "A2,A1,A3" ] ||
  fail "--query: not the table rejects of the same rows"

# FILE.csv: the values' text as polc read them; FILE.xlsx: a workbook
expect_status 1 "--rejects FILE.csv of a SQLite registry" run --registry "$tmp/reg.db" --rejects "$tmp/bad.csv"
cat > "$tmp/want.csv" <<'EOF2'
id,name,district,credit_good,headcount,compute_spend,application_date,photo,reason
A2,企业乙,徐汇,maybe,10,1234567.5,,,"column credit_good: cannot read ""maybe"" as bool"
A1,企业甲二,徐汇,1,3,1666.6666666666667,2024/3/2,,column compute_spend: cannot read the REAL 1666.6666666666667 as money: a binary REAL is not exact here (store the figure as INTEGER or as TEXT)
A3,企业丙,徐汇,true,x,5,2024-02-30,,"column headcount: cannot read ""x"" as count; column application_date: cannot read ""2024-02-30"" as date"
EOF2
sed -i 's/^\(A2,.*,1234567.5,,\),/\1\x00\xff,/' "$tmp/want.csv"
cmp -s "$tmp/want.csv" "$tmp/bad.csv" || { fail "the CSV of a SQLite registry's rejects"; diff "$tmp/want.csv" "$tmp/bad.csv" | cat -v; }
expect_status 1 "--rejects FILE.xlsx of a SQLite registry" run --registry "$tmp/reg.db" --rejects "$tmp/bad.xlsx"
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
  /usr/bin/python3 -c '
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(ws.title, [c.value for c in ws[2]][:7])' "$tmp/bad.xlsx" > "$tmp/x.txt"
  [ "$(cat "$tmp/x.txt")" = "applicants ['A2', '企业乙', '徐汇', 'maybe', 10, 1234567.5, None]" ] ||
    { fail "the workbook of a SQLite registry's rejects"; cat "$tmp/x.txt"; }
fi

# a run killed while it writes the rejects (its temporary file is there)
# leaves neither the rejects nor the temporary file
awk 'BEGIN { print "BEGIN; CREATE TABLE a (id TEXT, credit_good TEXT);"
  for (i = 1; i <= 300000; i++) printf "INSERT INTO a VALUES (%d, %s);\n", i, i % 3 ? "'\''true'\''" : "'\''maybe'\''"
  print "COMMIT;" }' | sqlite3 "$tmp/big.db"
mkdir "$tmp/k"
"$polc" eval forms.pol --as-of 2024-06-01 --registry "$tmp/big.db" --rejects "$tmp/k/killed.db" > /dev/null 2>&1 &
pid=$!
waited=0
while ! ls "$tmp/k" | grep -q 'killed.db.tmp' && [ $waited -lt 600 ]; do
  sleep 0.05; waited=$((waited + 1))
done
kill -TERM $pid 2>/dev/null
wait $pid
[ $waited -lt 600 ] || fail "the rejects' temporary file never appeared"
[ -z "$(ls "$tmp/k")" ] && [ ! -e "$tmp/k/killed.db" ] || { fail "a killed run left files behind"; ls "$tmp/k"; }

[ "$failures" -eq 0 ] || exit 1
echo "issue16_rejects_sqlite: ok"
