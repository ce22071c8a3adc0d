#!/bin/sh
# sqlite.sh BUILD_DIR [ROWS] - part of `make bench`: the same synthetic
# registry read from SQLite beside CSV (issue 16), rows/s and peak RSS.
#
# The registry of bench/run.sh (ROWS rows, default 1,000,000) is imported
# once into a SQLite file with the sqlite3 shell (every column TEXT, as
# .import makes it); both are evaluated with native code on one thread
# (a SQLite registry is read by one thread), each the median of 3 runs, and
# must print the same CSV.  Peak RSS should not grow with ROWS: the cursor
# streams.
set -u
. "$(dirname "$0")/common.sh"
db="$data/registry-$rows.sqlite"
if [ ! -f "$db" ]; then
  sqlite3 "$db.tmp" ".import --csv $registry applicants" && mv "$db.tmp" "$db" || exit 1
fi
p="$src/tests/golden/eval/seed_formulas"
policies="$p/xuhui_ai_2022.pol $p/xuhui_llm_2023.pol $p/lingang_ai_2020.pol $p/putuo_software_2024.pol"
export XDG_CACHE_HOME="$data/cache"

# shellcheck disable=SC2086
run() {   # run REGISTRY OUTPUT
  "$build/polc" eval $policies --registry "$1" --as-of 2024-06-01 --format csv \
    --engine jit --threads 1 -o "$2"
}
run "$registry" "$data/sqlite-bench-csv.csv" && run "$db" "$data/sqlite-bench-db.csv" || exit 1
cmp -s "$data/sqlite-bench-csv.csv" "$data/sqlite-bench-db.csv" ||
  { echo "bench: the SQLite registry and its CSV twin disagree; not timing"; exit 1; }
echo
echo "SQLite beside CSV ($rows rows, the same CSV printed; native code, 1 thread)"
printf '%-24s %10s %14s %12s\n' "" "seconds" "rows/s" "peak RSS"
for name in csv sqlite; do
  [ $name = csv ] && reg=$registry || reg=$db
  : > "$data/times-$name"
  for _ in 1 2 3; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %M" -o "$data/one" "$build/polc" eval $policies --registry "$reg" \
      --as-of 2024-06-01 --format csv --engine jit --threads 1 > /dev/null 2>&1
    cat "$data/one" >> "$data/times-$name"
  done
  sort -n "$data/times-$name" | sed -n 2p | {
    read -r secs rss
    awk -v n="$name" -v s="$secs" -v r="$rss" -v rows="$rows" 'BEGIN {
      printf "%-24s %10.2f %14s %9.0f MB\n", n, s, sprintf("%\047d", rows / (s > 0 ? s : 0.01)), r / 1024 }'
  }
done
