#!/bin/sh
# test_issue16_rejects_postgres.sh POLC SOURCE_DIR - issue 16, point 7: a
# PostgreSQL registry's --rejects, on a real server (pg_server.sh): a server
# is no file to copy, so the rejected rows are asked for again and written
# with every column as the query returned it, and `reason`: a CSV (the
# default), or a SQLite table for FILE.sqlite (its columns typed from the
# server's: integers, booleans 1/0, floats REAL, numeric and dates as their
# exact text).  Messages name a database's row by its id: an id on several
# rows has them all written, with a warning.  Read back outside polc (the
# sqlite3 shell); the fixed rows are read by polc as a registry again.
# Skipped (exit 77) when PostgreSQL's binaries are not installed.
set -u
polc=$1
src=$2
. "$src/tests/cli/lib.sh"
. "$src/tests/cli/pg_server.sh"
pg_test_server
cd "$src/tests/golden/eval/forms" || exit 1
run() { "$polc" eval forms.pol --as-of 2024-06-01 --format csv "$@"; }

pg_sql "CREATE TABLE reg (id text, name text, district text, credit_good boolean, headcount text,
    compute_spend numeric, application_date date, paid_in_capital bigint, score double precision);
  INSERT INTO reg VALUES
    ('P1', '企业甲', '徐汇', true, '150', 30000000.00, '2024-03-01', 20000000, 1.5),
    ('P2', '企业乙', '徐汇', true, 'many', 1234567.5, NULL, 5000000, NULL),
    ('P3', '企业丙', '徐汇', false, '3', 0.001, '2024-03-02', 100, 2.25),
    ('P4', '企业丁', '徐汇', true, '2', 100, '2024-03-03', 100, NULL),
    ('P4', '企业丁二', '徐汇', true, 'x', 100, '2024-03-04', 100, NULL);" || exit 1

# FILE without a known extension: CSV, the columns as the query returned them
expect_status 1 "a PostgreSQL registry with bad rows" run --registry "$pg_uri" --table reg --rejects "$tmp/bad"
[ "$(grep -c . "$tmp/out")" -eq 3 ] || fail "not the header and two good rows"
expect_grep "$tmp/err" "^reg:id=P4: warning: the id is on 2 rows; --rejects writes them all" "a repeated id is said"
cat > "$tmp/want.csv" <<'EOF2'
id,name,district,credit_good,headcount,compute_spend,application_date,paid_in_capital,score,reason
P2,企业乙,徐汇,true,many,1234567.5,,5000000,,"column headcount: cannot read ""many"" as count"
P3,企业丙,徐汇,false,3,0.001,2024-03-02,100,2.25,"column compute_spend: cannot read ""0.001"" as money"
P4,企业丁,徐汇,true,2,100,2024-03-03,100,,"column headcount: cannot read ""x"" as count"
P4,企业丁二,徐汇,true,x,100,2024-03-04,100,,"column headcount: cannot read ""x"" as count"
EOF2
cmp -s "$tmp/want.csv" "$tmp/bad" || { fail "the CSV of a PostgreSQL registry's rejects"; diff "$tmp/want.csv" "$tmp/bad"; }
ls "$tmp" | grep -q 'bad.tmp' && fail "a temporary file was left beside the rejects"

# the data owner drops `reason`, fixes the cells and sends the rows again (as a CSV)
sed -e 's/,many,/,10,/; s/,0\.001,/,0.01,/; s/,x,/,3,/' "$tmp/bad" | cut -d, -f1-9 > "$tmp/fixed.csv"
expect_status 0 "the fixed rejects, read as a registry" run --registry "$tmp/fixed.csv"
[ "$(grep -c . "$tmp/out")" -eq 5 ] || fail "the fixed rejects: not four rows of results"

# FILE.sqlite: a table named as the one read, typed from the server's columns
expect_status 1 "--rejects FILE.sqlite of a PostgreSQL registry" \
  run --registry "$pg_uri" --table reg --rejects "$tmp/bad.sqlite"
sqlite3 "$tmp/bad.sqlite" "SELECT name || ' ' || type FROM pragma_table_info('reg')" | tr '\n' ',' > "$tmp/cols"
[ "$(cat "$tmp/cols")" = "id TEXT,name TEXT,district TEXT,credit_good INTEGER,headcount TEXT,compute_spend TEXT,application_date TEXT,paid_in_capital INTEGER,score REAL,reason TEXT," ] ||
  { fail "the SQLite rejects' columns"; cat "$tmp/cols"; echo; }
sqlite3 -separator ' | ' "$tmp/bad.sqlite" "SELECT id, credit_good, typeof(credit_good), compute_spend, typeof(compute_spend),
    quote(application_date), paid_in_capital, typeof(paid_in_capital), quote(score), reason FROM reg" > "$tmp/rows"
cat > "$tmp/want.rows" <<'EOF2'
P2 | 1 | integer | 1234567.5 | text | NULL | 5000000 | integer | NULL | column headcount: cannot read "many" as count
P3 | 0 | integer | 0.001 | text | '2024-03-02' | 100 | integer | 2.25 | column compute_spend: cannot read "0.001" as money
P4 | 1 | integer | 100 | text | '2024-03-03' | 100 | integer | NULL | column headcount: cannot read "x" as count
P4 | 1 | integer | 100 | text | '2024-03-04' | 100 | integer | NULL | column headcount: cannot read "x" as count
EOF2
cmp -s "$tmp/rows" "$tmp/want.rows" || { fail "the SQLite rejects' rows"; diff "$tmp/want.rows" "$tmp/rows"; }
sqlite3 "$tmp/bad.sqlite" "ALTER TABLE reg DROP COLUMN reason; UPDATE reg SET headcount = '3' WHERE headcount IN ('many', 'x');
  UPDATE reg SET compute_spend = '0.01' WHERE id = 'P3';" || fail "sqlite3 could not fix the rejects"
expect_status 0 "the fixed SQLite rejects, read as a registry" run --registry "$tmp/bad.sqlite"
[ "$(grep -c . "$tmp/out")" -eq 5 ] || fail "the fixed SQLite rejects: not four rows of results"

# --query: the table of a SQLite rejects file is `rejects`
expect_status 1 "--query" run --registry "$pg_uri" --query "SELECT * FROM reg WHERE id <> 'P4'" --rejects "$tmp/q.db"
[ "$(sqlite3 "$tmp/q.db" "SELECT group_concat(id, ',') FROM rejects")" = "P2,P3" ] || fail "--query: not the table rejects"
# the id's column named by the input's Chinese label, as the run binds it
pg_sql "CREATE TABLE 名册 (\"统一社会信用代码或申请编号\" text, credit_good text);
  INSERT INTO 名册 VALUES ('L1', 'true'), ('L2', 'maybe');" || exit 1
expect_status 1 "an id column named by its label" run --registry "$pg_uri" --table 名册 --rejects "$tmp/label.csv"
[ "$(cat "$tmp/label.csv")" = "$(printf '%s\n' '统一社会信用代码或申请编号,credit_good,reason' \
    'L2,maybe,"column credit_good: cannot read ""maybe"" as bool"')" ] ||
  { fail "an id column named by its label: not the rejected row"; cat "$tmp/label.csv"; }
expect_status 2 "--rejects FILE.jsonl of a PostgreSQL registry" \
  run --registry "$pg_uri" --table reg --rejects "$tmp/bad.jsonl"

[ "$failures" -eq 0 ] || exit 1
echo "issue16_rejects_postgres: ok"
