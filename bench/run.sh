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
# The same rows as JSON Lines (the canonical CSV has no quotes to mind).
jsonl="$data/registry-$rows.jsonl"
[ -f "$jsonl" ] || awk -F, 'NR == 1 { n = split($0, key, ","); next }
  { line = "{"
    for (i = 1; i <= n; i++) line = line (i > 1 ? ", " : "") "\"" key[i] "\": \"" $i "\""
    print line "}" }' "$registry" > "$jsonl"
p="$src/tests/golden/eval/seed_formulas"
policies="$p/xuhui_ai_2022.pol $p/xuhui_llm_2023.pol $p/lingang_ai_2020.pol $p/putuo_software_2024.pol"
cores=$(nproc)
export XDG_CACHE_HOME="$data/cache"

# polc and the baseline agree before anything is timed
"$build/bench/baseline" "$registry" 2024-06-01 > "$data/baseline.csv"
# shellcheck disable=SC2086
"$build/polc" eval $policies --registry "$registry" --as-of 2024-06-01 --format csv \
  --engine jit --threads 1 -o "$data/polc.csv"
# shellcheck disable=SC2086
"$build/polc" eval $policies --registry "$jsonl" --as-of 2024-06-01 --format csv \
  --engine jit --threads 1 -o "$data/polc-jsonl.csv"
if ! cmp -s "$data/baseline.csv" "$data/polc.csv" ||
   ! cmp -s "$data/baseline.csv" "$data/polc-jsonl.csv"; then
  echo "bench: polc and the hand-written C disagree; not timing"; exit 1
fi
echo "polc (CSV and JSON Lines) and the hand-written C print the same $rows rows"

# The commands, measured in turns (C, JIT 1, JIT all, interpreter, JIT 1
# on the JSON Lines copy, then again, three rounds), so that a slow spell of a shared machine falls
# on all of them rather than on one: the ratios are what is compared.
# shellcheck disable=SC2086
run_one() {   # run_one NAME: one timed run, appended to $data/times-NAME
  case $1 in
  hand-written-C) set -- "$1" "$build/bench/baseline" "$registry" 2024-06-01 ;;
  polc-jit-1-thread) set -- "$1" "$build/polc" eval $policies --registry "$registry" \
      --as-of 2024-06-01 --format csv --engine jit --threads 1 ;;
  polc-jit-*-threads) set -- "$1" "$build/polc" eval $policies --registry "$registry" \
      --as-of 2024-06-01 --format csv --engine jit --threads "$cores" ;;
  polc-interpreter) set -- "$1" "$build/polc" eval $policies --registry "$registry" \
      --as-of 2024-06-01 --format csv --engine interp --threads 1 ;;
  polc-jit-1-thread-jsonl) set -- "$1" "$build/polc" eval $policies --registry "$jsonl" \
      --as-of 2024-06-01 --format csv --engine jit --threads 1 ;;
  esac
  name=$1; shift
  /usr/bin/time -f "%e %M" -o "$data/one" "$@" > /dev/null 2>&1
  cat "$data/one" >> "$data/times-$name"
}

names="hand-written-C polc-jit-1-thread polc-jit-$cores-threads polc-interpreter polc-jit-1-thread-jsonl"
for name in $names; do : > "$data/times-$name"; done
for _ in 1 2 3; do
  for name in $names; do run_one "$name"; done
done
: > "$data/results"
for name in $names; do   # the median of the three: wall seconds, its peak RSS
  sort -n "$data/times-$name" | sed -n 2p > "$data/median"
  read -r secs rss < "$data/median"
  echo "$name $secs $rss" >> "$data/results"
done

echo
printf '%-24s %10s %14s %12s %10s\n' "" "seconds" "rows/s" "peak RSS" "vs C"
base=$(sed -n 1p "$data/results" | cut -d' ' -f2)
while read -r name secs rss; do
  awk -v n="$name" -v s="$secs" -v r="$rss" -v b="$base" -v rows="$rows" 'BEGIN {
    printf "%-24s %10.2f %14.0f %9.1f MB %9.2fx\n", n, s, rows / s, r / 1024, s / b }'
done < "$data/results"
echo
# shellcheck disable=SC2086
POLC_STDLIB="$src/stdlib" POLC_RUNTIME_LIB="$build/libpolcrt.a" \
  "$build/bench/bench_engines" "$registry" $policies | grep -v "^rows in memory"
