#!/bin/sh
# test_issue16_sqlite_broken_exit.sh POLC SOURCE_DIR - issue 16: a SQLite
# registry polc cannot use as a database (not SQLite, cut short, locked,
# several tables and no --table, a query SQLite refuses) is a problem of the
# command, said in one message, exit status 2 as a damaged .xlsx is (it was
# 1); a table without `id` is the registry's mistake, exit 1 as in a CSV.
# No -o or --rejects file is left behind.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"
cd "$src/tests/golden/eval/forms" || exit 1
run() { "$polc" eval forms.pol --as-of 2024-06-01 --format csv "$@"; }

sqlite3 "$tmp/reg.db" ".import --csv registry.csv applicants" || fail "sqlite3 .import"
expect_status 0 "a good SQLite registry" run --registry "$tmp/reg.db"

one_message() {   # one_message WHAT PATTERN: exactly one line, saying PATTERN
  [ "$(wc -l < "$tmp/err")" -eq 1 ] || { fail "$1: not one message"; sed 's/^/  | /' "$tmp/err"; }
  expect_grep "$tmp/err" "$2" "$1"
}

cp forms.pol "$tmp/text.db"
expect_status 2 "a text file named .db" run --registry "$tmp/text.db" -o "$tmp/o.csv" --rejects "$tmp/r.csv"
one_message "a text file named .db" "text.db: cannot read the SQLite database: file is not a database"
head -c 3000 "$tmp/reg.db" > "$tmp/cut.db"
expect_status 2 "a SQLite file cut short" run --registry "$tmp/cut.db" -o "$tmp/o.csv" --rejects "$tmp/r.csv"
one_message "a SQLite file cut short" "cut.db: "
sqlite3 "$tmp/two.db" "CREATE TABLE a(id); CREATE TABLE b(id);"
expect_status 2 "two tables, no --table" run --registry "$tmp/two.db"
one_message "two tables" "has 2 tables (a, b): say which with --table NAME"
expect_status 2 "--table names no table" run --registry "$tmp/reg.db" --table nope
one_message "no such table" "no such table: nope"
expect_status 2 "a query SQLite refuses" run --registry "$tmp/reg.db" --query "SELECT nope"
one_message "a bad query" "the query cannot be run: no such column: nope"
# locked by a writer for longer than polc waits (2 s)
sqlite3 "$tmp/reg.db" "BEGIN EXCLUSIVE; SELECT count(*) FROM applicants; SELECT 1 FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 30000000) SELECT max(x) FROM c);" > /dev/null &
locker=$!
sleep 0.3
expect_status 2 "a locked database" run --registry "$tmp/reg.db"
one_message "a locked database" "locked"
kill $locker 2>/dev/null; wait $locker 2>/dev/null
ls "$tmp" | grep -q -e '^o.csv' -e '^r.csv' && fail "an output or rejects file was left behind"

# the registry's own mistake: exit 1, as a CSV without id
sqlite3 "$tmp/noid.db" "CREATE TABLE a(name); INSERT INTO a VALUES ('x');"
expect_status 1 "a table without id" run --registry "$tmp/noid.db"
one_message "a table without id" "no column \`id\`"

[ "$failures" -eq 0 ] || exit 1
echo "issue16_sqlite_broken_exit: ok"
