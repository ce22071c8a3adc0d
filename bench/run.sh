#!/bin/sh
# run.sh BUILD_DIR [ROWS] - `make bench`: polc against a hand-written C loop
# on the same registry, in the same run.
#
# Generates ROWS (default 1,000,000) synthetic applicants once (canonical
# syntax), checks that polc and bench/baseline.c print the same CSV, then
# times each (the median of 3 runs): end-to-end wall seconds, rows/s, peak
# RSS, and each polc figure as a ratio to the hand-written C.  Also prints
# the engines' evaluation-only throughput (bench_engines).
set -u
build=$(cd "$1" && pwd)
rows=${2:-1000000}
src=$(cd "$(dirname "$0")/.." && pwd)
data="$build/bench-data"
mkdir -p "$data"
registry="$data/registry-$rows.csv"
[ -f "$registry" ] || "$build/bench/gen_registry" "$rows" --clean > "$registry"
p="$src/tests/golden/eval/seed_formulas"
policies="$p/xuhui_ai_2022.pol $p/xuhui_llm_2023.pol $p/lingang_ai_2020.pol $p/putuo_software_2024.pol"
cores=$(nproc)
export XDG_CACHE_HOME="$data/cache"

# polc and the baseline agree before anything is timed
"$build/bench/baseline" "$registry" 2024-06-01 > "$data/baseline.csv"
# shellcheck disable=SC2086
"$build/polc" eval $policies --registry "$registry" --as-of 2024-06-01 --format csv \
  --engine jit --threads 1 -o "$data/polc.csv"
if ! cmp -s "$data/baseline.csv" "$data/polc.csv"; then
  echo "bench: polc and the hand-written C disagree; not timing"; exit 1
fi
echo "polc and the hand-written C print the same $rows rows"

measure() {   # measure NAME COMMAND...: median wall seconds and peak RSS of 3 runs
  name=$1; shift
  : > "$data/times"
  for i in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$data/one" "$@" > /dev/null 2>&1
    cat "$data/one" >> "$data/times"
  done
  sort -n "$data/times" | sed -n 2p > "$data/median"
  read -r secs rss < "$data/median"
  echo "$name $secs $rss" >> "$data/results"
}

: > "$data/results"
measure "hand-written-C" "$build/bench/baseline" "$registry" 2024-06-01
# shellcheck disable=SC2086
measure "polc-jit-1-thread" "$build/polc" eval $policies --registry "$registry" \
  --as-of 2024-06-01 --format csv --engine jit --threads 1
# shellcheck disable=SC2086
measure "polc-jit-$cores-threads" "$build/polc" eval $policies --registry "$registry" \
  --as-of 2024-06-01 --format csv --engine jit --threads "$cores"
# shellcheck disable=SC2086
measure "polc-interpreter" "$build/polc" eval $policies --registry "$registry" \
  --as-of 2024-06-01 --format csv --engine interp --threads 1

echo
printf '%-24s %10s %14s %12s %10s\n' "" "seconds" "rows/s" "peak RSS" "vs C"
base=$(sed -n 1p "$data/results" | cut -d' ' -f2)
while read -r name secs rss; do
  awk -v n="$name" -v s="$secs" -v r="$rss" -v b="$base" -v rows="$rows" 'BEGIN {
    printf "%-24s %10.2f %14.0f %9.1f MB %9.2fx\n", n, s, rows / s, r / 1024, s / b }'
done < "$data/results"
echo
POLC_STDLIB="$src/stdlib" POLC_RUNTIME_LIB="$build/libpolcrt.a" \
  "$build/bench/bench_engines" "$registry" $policies | grep -v "^rows in memory"
