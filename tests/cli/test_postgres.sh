#!/bin/sh
# test_postgres.sh POLC SOURCE_DIR - PostgreSQL both ways, on a real server
# (PostgreSQL 15, started for the test in a temporary folder on a Unix
# socket, as a user that is not root; stopped at exit whatever happens):
#   - polc eval --registry postgresql://... --table/--query: the figures of
#     polc eval over the same rows as a CSV, byte for byte, under both
#     engines and with threads; numeric/bigint/integer/boolean/date columns
#     read exactly; bad rows named by their id; -o postgresql:// replaces a
#     table only when the run succeeds; connection, permission and missing
#     table problems: one line, exit 2;
#   - polc build --postgres: the extension's NAME_eval(r) gives the same
#     figures, bad rows come back with `error` and NULL amounts, the as-of
#     date follows application_date, then polc.as_of; a plan with parallel
#     workers (EXPLAIN ANALYZE shows them launched) gives the result of a
#     serial one.
# Skipped (exit 77) when PostgreSQL's binaries are not installed.
set -u
polc=$1
src=$2
. "$src/tests/cli/lib.sh"
. "$src/tests/cli/pg_server.sh"
pg_test_server
export XDG_CACHE_HOME="$tmp/cache"
seeds="$src/policies/xuhui-ai-2022.pol $src/policies/xuhui-llm-2023.pol
       $src/policies/lingang-ai-2020.pol $src/policies/putuo-software-2024.pol"
csv="$src/examples/registry.csv"

# ---- the example registry, every column text, loaded with COPY ----
cols=$(head -1 "$csv" | tr -d '\r' | sed 's/,/ text, /g; s/$/ text/')
pg_sql "CREATE TABLE registry ($cols)" || exit 1
pg_sql "COPY registry FROM STDIN (FORMAT csv, HEADER)" < "$csv" || exit 1
[ "$(pg_sql 'SELECT count(*) FROM registry')" = 60 ] || fail "the registry is not loaded"

# ---- client: polc eval over the table = polc eval over the CSV ----
for engine in interp jit; do
  "$polc" eval $seeds --registry "$csv" --engine $engine --format csv > "$tmp/want.$engine" ||
    fail "polc eval over the CSV ($engine)"
  for threads in 1 2; do
    expect_status 0 "eval --table ($engine, $threads threads)" \
      "$polc" eval $seeds --registry "$pg_uri" --table registry --engine $engine \
        --threads $threads --format csv
    cmp -s "$tmp/out" "$tmp/want.$engine" ||
      fail "eval --table ($engine, $threads threads) differs from the CSV's figures"
  done
done
cmp -s "$tmp/want.interp" "$tmp/want.jit" || fail "the engines differ over the CSV"
expect_status 0 "eval --query" "$polc" eval $seeds --registry "$pg_uri" --format csv \
  --query "SELECT * FROM registry WHERE district = '徐汇' ORDER BY id;"
grep -c . "$tmp/out" > "$tmp/n"
[ "$(cat "$tmp/n")" -gt 1 ] || fail "eval --query gave no rows"
[ "$(cat "$tmp/n")" = $(($(pg_sql "SELECT count(*) FROM registry WHERE district = '徐汇'") + 1)) ] ||
  fail "eval --query: not one line per row"

# ---- bad rows: named by id; the others evaluated ----
pg_sql "CREATE TABLE bad AS SELECT * FROM registry;
        UPDATE bad SET paid_in_capital = 'abc' WHERE id = '91310104MA1W94GGQ1';
        UPDATE bad SET annual_revenue = '-5' WHERE id = '91310104MA13LNUEUX'" || exit 1
for threads in 1 2; do
  expect_status 1 "eval over bad rows ($threads threads)" \
    "$polc" eval $seeds --registry "$pg_uri" --table bad --threads $threads --format csv
  expect_grep "$tmp/err" '^bad:id=91310104MA1W94GGQ1: column paid_in_capital: cannot read "abc" as money$' \
    "a bad cell named by the row's id"
  expect_grep "$tmp/err" '^bad:id=91310104MA13LNUEUX: column annual_revenue: cannot read "-5" as money: a negative amount is not allowed here$' \
    "a negative amount named by the row's id"
  [ "$(grep -c . "$tmp/out")" = 59 ] || fail "eval over bad rows: not 58 rows and the header"
done

# ---- typed columns read exactly; the as-of date ----
cat > "$tmp/typed.pol" <<'POL'
policy typed "列类型"
  effective 2020-01-01 to 2030-12-31
input id: text
input application_date: date default as_of
input capital: money default 0
input revenue: money default 0
input staff: count default 0
input active: bool default false
input share: percent default 0
rule a "一"
  award 10% of capital when active
rule b "二"
  award revenue * share when staff >= 10
POL
cat > "$tmp/typed.csv" <<'CSV'
id,application_date,capital,revenue,staff,active,share
A,2024-05-01,12345678.91,300000000,12,true,0.15
B,,0.01,9000000000000,10,true,0.000001
C,2024-05-01,,7,3,false,0.5
D,2031-01-01,100,100,100,true,1
CSV
pg_sql "CREATE TABLE typed (id text, application_date date, capital numeric(20,2),
          revenue bigint, staff integer, active boolean, share numeric);
        COPY typed FROM STDIN (FORMAT csv, HEADER)" < "$tmp/typed.csv" || exit 1
"$polc" eval "$tmp/typed.pol" --registry "$tmp/typed.csv" --as-of 2024-06-01 --format csv \
  > "$tmp/typed.want" || fail "polc eval over typed.csv"
expect_status 0 "eval over typed columns" "$polc" eval "$tmp/typed.pol" --registry "$pg_uri" \
  --table public.typed --as-of 2024-06-01 --format csv
cmp -s "$tmp/out" "$tmp/typed.want" || {
  fail "typed columns: figures differ from the CSV's"; diff "$tmp/typed.want" "$tmp/out"; }
grep -q '^A,46234567.89,1234567.89,45000000.00$' "$tmp/typed.want" ||
  fail "typed.csv: A should get 10% of 12345678.91 and 15% of 3亿"

# ---- -o postgresql://: replaced only when the run succeeds ----
expect_status 0 "-o postgresql:// --out-table" "$polc" eval $seeds --registry "$pg_uri" \
  --table registry -o "$pg_uri" --out-table results
[ "$(pg_sql 'SELECT count(*) FROM results')" = 60 ] || fail "-o: the results table lacks rows"
[ "$(pg_sql "SELECT format_type(atttypid, atttypmod) FROM pg_attribute
             WHERE attrelid = 'results'::regclass AND attname = 'xuhui_ai_2022.settlement'")" = \
  "numeric(20,2)" ] || fail "-o: rule columns are not numeric(20,2)"
pg_sql "COPY results TO STDOUT (FORMAT csv, HEADER)" > "$tmp/results.csv"
cmp -s "$tmp/results.csv" "$tmp/want.interp" || fail "-o: the table's rows differ from the CSV's"
before=$(pg_sql "SELECT md5(string_agg(r::text, '|' ORDER BY id)) FROM results r")
expect_status 2 "-o with a registry table that does not exist" "$polc" eval $seeds \
  --registry "$pg_uri" --table nosuch -o "$pg_uri" --out-table results
[ "$(pg_sql "SELECT md5(string_agg(r::text, '|' ORDER BY id)) FROM results r")" = "$before" ] ||
  fail "a failed run changed the old results table"
[ "$(pg_sql "SELECT count(*) FROM pg_class WHERE relname LIKE 'polc_new_%'")" = 0 ] ||
  fail "a failed run left its new table behind"

# ---- problems of the command: one line, exit 2 ----
expect_status 2 "a missing table" "$polc" eval $seeds --registry "$pg_uri" --table nosuch
[ "$(wc -l < "$tmp/err")" = 1 ] || fail "a missing table: not one line"
expect_grep "$tmp/err" 'relation "nosuch" does not exist' "a missing table is named"
expect_status 2 "no server" "$polc" eval $seeds --table registry \
  --registry "postgresql:///postgres?host=$tmp/nowhere&user=$pg_user"
[ "$(wc -l < "$tmp/err")" = 1 ] || fail "no server: not one line"
expect_grep "$tmp/err" 'cannot connect to PostgreSQL' "no server: said so"
pg_sql "CREATE ROLE nobody LOGIN" || exit 1
expect_status 2 "no permission" "$polc" eval $seeds --table registry \
  --registry "postgresql:///postgres?host=$pg_dir&user=nobody"
expect_grep "$tmp/err" 'permission denied' "no permission: said so"
[ "$(wc -l < "$tmp/err")" = 1 ] || fail "no permission: not one line"
expect_status 2 "--table with a CSV" "$polc" eval $seeds --registry "$csv" --table registry
expect_status 2 "a database without --table" "$polc" eval $seeds --registry "$pg_uri"

# ---- the extension ----
ext="$tmp/ext"
for engine in interp; do   # (the extension is native code whatever --engine says)
  expect_status 0 "polc build --postgres" "$polc" build $seeds --postgres polc_seed -o "$ext"
done
for f in polc_seed.control polc_seed.so; do
  [ -f "$ext/$f" ] || fail "polc build --postgres wrote no $f"
done
script=$(ls "$ext"/polc_seed--*.sql 2>/dev/null)
[ -n "$script" ] || fail "polc build --postgres wrote no NAME--VERSION.sql"
ls -a "$ext" | grep -q '^\.polc_seed\.build' && fail "polc build --postgres left its work folder"
# Loaded as CREATE EXTENSION would, without writing into the system's
# folders: MODULE_PATHNAME made the library's path, psql's guard line
# dropped.  (README.md says how to install it for CREATE EXTENSION.)
sed -e '/^\\echo/d' -e "s|MODULE_PATHNAME|$ext/polc_seed|" "$script" > "$tmp/load.sql"
chmod -R a+rX "$ext"
"$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -f "$tmp/load.sql" > "$tmp/load.out" 2>&1 ||
  { fail "the extension's script does not load"; cat "$tmp/load.out"; }
grep -q 'PARALLEL SAFE' "$script" || fail "NAME_eval is not PARALLEL SAFE"
ext_rows() {   # ext_rows TABLE: id and figures as CSV, without the error column
  pg_sql "COPY (SELECT r.id, (polc_seed_eval(r)).* FROM $1 r) TO STDOUT (FORMAT csv, HEADER)" |
    sed 's/,[^,]*$//'
}
ext_rows registry > "$tmp/ext.csv"
cmp -s "$tmp/ext.csv" "$tmp/want.interp" || {
  fail "the extension's figures differ from polc eval's"; diff "$tmp/want.interp" "$tmp/ext.csv" | head -5; }
pg_sql "SELECT id, total IS NULL, \"xuhui_ai_2022.platform\" IS NULL, error
        FROM bad r, LATERAL polc_seed_eval(r) e WHERE error IS NOT NULL ORDER BY id" > "$tmp/bad.ext"
cat > "$tmp/bad.want" <<'TXT'
91310104MA13LNUEUX|t|t|column annual_revenue: cannot read "-5" as money: a negative amount is not allowed here
91310104MA1W94GGQ1|t|t|column paid_in_capital: cannot read "abc" as money
TXT
cmp -s "$tmp/bad.ext" "$tmp/bad.want" || {
  fail "bad rows through the extension: not their error and NULL amounts"; cat "$tmp/bad.ext"; }
[ "$(pg_sql "SELECT count(*) FROM bad r WHERE (polc_seed_eval(r)).error IS NULL
             AND (polc_seed_eval(r)).total IS NOT NULL")" = 58 ] ||
  fail "the good rows of the bad table lost their figures"

# as-of: a row without application_date takes polc.as_of (typed.pol, B)
"$polc" build "$tmp/typed.pol" --postgres polc_typed -o "$ext" > /dev/null ||
  fail "polc build --postgres typed.pol"
sed -e '/^\\echo/d' -e "s|MODULE_PATHNAME|$ext/polc_typed|" "$ext"/polc_typed--*.sql > "$tmp/load2.sql"
chmod -R a+rX "$ext"
"$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -f "$tmp/load2.sql" > "$tmp/load.out" 2>&1 ||
  { fail "polc_typed does not load"; cat "$tmp/load.out"; }
for as_of in 2024-06-01 2031-06-01; do
  "$polc" eval "$tmp/typed.pol" --registry "$tmp/typed.csv" --as-of $as_of --format csv \
    > "$tmp/typed.want"
  "$pg_bin/psql" -X -q -At -v ON_ERROR_STOP=1 -c "SET polc.as_of = '$as_of'" \
    -c "COPY (SELECT r.id, (polc_typed_eval(r)).* FROM typed r ORDER BY id) TO STDOUT (FORMAT csv, HEADER)" |
    sed 's/,[^,]*$//' > "$tmp/typed.ext"
  cmp -s "$tmp/typed.ext" "$tmp/typed.want" || {
    fail "the extension with polc.as_of = $as_of differs from polc eval --as-of"
    diff "$tmp/typed.want" "$tmp/typed.ext"; }
done

# ---- parallel workers: launched, and the same result as a serial plan ----
pg_sql "CREATE TABLE big AS SELECT * FROM registry, generate_series(1, 200) g;
        UPDATE big SET id = id || '-' || g; ANALYZE big" || exit 1
parallel="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
          SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;"
query="SELECT r.id, (polc_seed_eval(r)).* FROM big r"
pg_sql "$parallel EXPLAIN (ANALYZE, COSTS OFF) $query" > "$tmp/plan"
grep -Eq 'Workers Launched: [12]' "$tmp/plan" || {
  fail "EXPLAIN ANALYZE shows no parallel worker launched"; sed 's/^/  | /' "$tmp/plan"; }
pg_sql "$parallel COPY ($query ORDER BY 1) TO STDOUT (FORMAT csv)" > "$tmp/parallel.csv"
pg_sql "SET max_parallel_workers_per_gather = 0; COPY ($query ORDER BY 1) TO STDOUT (FORMAT csv)" \
  > "$tmp/serial.csv"
[ "$(wc -l < "$tmp/serial.csv")" = 12000 ] || fail "the serial plan did not give 12000 rows"
cmp -s "$tmp/parallel.csv" "$tmp/serial.csv" || fail "a parallel plan differs from a serial one"

[ "$failures" -eq 0 ] || exit 1
echo "ok"
