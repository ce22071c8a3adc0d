#!/bin/sh
# postgres.sh BUILD_DIR [ROWS] - `make bench`, PostgreSQL: ROWS (default
# 1,000,000) synthetic applicants in a table of a server started for the
# run (tests/cli/pg_server.sh: a temporary folder, a Unix socket, stopped
# at exit), evaluated
#   - by polc eval over the table (COPY ... TO STDOUT through the CSV
#     reader, native code, one thread per core),
#   - by the extension of polc build --postgres, its results written by the
#     server (COPY (SELECT r.id, e.* FROM registry r, LATERAL NAME_eval(r) e)
#     TO '/dev/null'), with 0, 1 and 2 parallel workers (parallel costs
#     lowered so that the planner uses them),
#   - and by polc eval over the same rows as a CSV file, the reference;
# each once, in one run: wall seconds, rows/s, the ratio to the CSV.
# Skipped with a message when PostgreSQL is not installed.
set -u
build=$(cd "$1" && pwd)
rows=${2:-1000000}
src=$(cd "$(dirname "$0")/.." && pwd)
. "$src/tests/cli/pg_server.sh"
if ! pg_bin_dir; then
  echo "bench/postgres.sh: skipped: PostgreSQL 15 is not installed (postgresql-15)"
  exit 0
fi
data="$build/bench-data"
mkdir -p "$data"
registry="$data/registry-$rows.csv"
[ -f "$registry" ] || "$build/bench/gen_registry" "$rows" --clean > "$registry"
p="$src/tests/golden/eval/seed_formulas"
policies="$p/xuhui_ai_2022.pol $p/xuhui_llm_2023.pol $p/lingang_ai_2020.pol $p/putuo_software_2024.pol"
export XDG_CACHE_HOME="$data/cache"
work=$(mktemp -d /tmp/polc-bench-pg.XXXXXX)
chmod 755 "$work"
trap 'pg_stop; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP
pg_start || exit 1
pg_sql "ALTER SYSTEM SET max_worker_processes = 8" &&
  pg_sql "ALTER SYSTEM SET max_parallel_workers = 8" &&
  pg_as_user "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -t 50 restart -m fast \
    -o "-c listen_addresses= -c unix_socket_directories=$pg_dir -c port=5432 -c fsync=off" \
    >/dev/null 2>&1 || { echo "bench/postgres.sh: the server did not restart"; exit 1; }

cols=$(head -1 "$registry" | sed 's/,/ text, /g; s/$/ text/')
echo "loading $rows rows into PostgreSQL..."
pg_sql "CREATE TABLE registry ($cols)" &&
  pg_sql "COPY registry FROM STDIN (FORMAT csv, HEADER)" < "$registry" &&
  pg_sql "VACUUM ANALYZE registry" || exit 1
# shellcheck disable=SC2086
"$build/polc" build $policies --postgres polc_bench -o "$work/ext" > /dev/null || exit 1
chmod -R a+rX "$work/ext"
sed -e '/^\\echo/d' -e "s|MODULE_PATHNAME|$work/ext/polc_bench|" "$work"/ext/polc_bench--*.sql |
  pg_sql "$(cat)" || exit 1

# the same figures all ways before anything is timed
# shellcheck disable=SC2086
"$build/polc" eval $policies --registry "$registry" --as-of 2024-06-01 --format csv \
  --engine jit -o "$work/csv.csv" &&
"$build/polc" eval $policies --registry "$pg_uri" --table registry --as-of 2024-06-01 \
  --format csv --engine jit -o "$work/pg.csv" || exit 1
pg_sql "SET polc.as_of = '2024-06-01';
        COPY (SELECT r.id, e.* FROM registry r, LATERAL polc_bench_eval(r) e)
        TO STDOUT (FORMAT csv, HEADER)" | sed 's/,[^,]*$//' > "$work/ext.csv"
if ! cmp -s "$work/csv.csv" "$work/pg.csv" || ! cmp -s "$work/csv.csv" "$work/ext.csv"; then
  echo "bench/postgres.sh: the CSV, the table and the extension disagree; not timing"; exit 1
fi
echo "the CSV, polc eval over the table and the extension give the same $rows rows"

lowered="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
         SET min_parallel_table_scan_size = 0; SET polc.as_of = '2024-06-01';"
extension() {   # extension WORKERS
  pg_sql "$lowered SET max_parallel_workers_per_gather = $1;
          COPY (SELECT r.id, e.* FROM registry r, LATERAL polc_bench_eval(r) e)
          TO '/dev/null' (FORMAT csv)"
}
seconds() {   # seconds COMMAND...: wall seconds of one run (a command or a function)
  start=$(date +%s.%N)
  "$@" > /dev/null 2>"$work/err" || { echo "(failed: $*)" >&2; cat "$work/err" >&2; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }'
}
# shellcheck disable=SC2086
t_csv=$(seconds "$build/polc" eval $policies --registry "$registry" --as-of 2024-06-01 \
          --format csv --engine jit)
# shellcheck disable=SC2086
t_pg=$(seconds "$build/polc" eval $policies --registry "$pg_uri" --table registry \
         --as-of 2024-06-01 --format csv --engine jit)
t_ext0=$(seconds extension 0)
t_ext1=$(seconds extension 1)
t_ext2=$(seconds extension 2)
workers=$(pg_sql "$lowered SET max_parallel_workers_per_gather = 2;
                  EXPLAIN (ANALYZE, COSTS OFF) SELECT r.id, e.* FROM registry r,
                  LATERAL polc_bench_eval(r) e" | sed -n 's/.*Workers Launched: //p')

echo
printf '%-44s %10s %14s %10s\n' "" "seconds" "rows/s" "vs CSV"
for line in "polc eval, the rows from a CSV file:$t_csv" \
            "polc eval, the rows from the table (COPY):$t_pg" \
            "extension, no parallel worker:$t_ext0" \
            "extension, 1 parallel worker:$t_ext1" \
            "extension, 2 parallel workers:$t_ext2"; do
  awk -v n="${line%:*}" -v s="${line##*:}" -v b="$t_csv" -v rows="$rows" 'BEGIN {
    printf "%-44s %10.2f %14.0f %9.2fx\n", n, s, rows / s, s / b }'
done
echo "(workers launched with 2 asked for: ${workers:-none}; $(nproc) cores)"
