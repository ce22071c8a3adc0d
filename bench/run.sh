#!/bin/sh
# run.sh BUILD_DIR [ROWS] - `make bench`: polc against a hand-written C loop
# on the same registry, in the same run (bench/README.md).
#
# Generates ROWS (default 1,000,000) synthetic applicants once (the common
# syntax: plain yuan, true/false, percentages as "15.34%"), checks that polc
# and bench/baseline.c print the same CSV, then times each command (the
# median of BENCH_ROUNDS rounds, default 3, taken in turns): wall seconds,
# rows/s, peak RSS, and each as a ratio to the hand-written C.  Then: the
# seed policies with one core held by a spinning shell (--threads 1, the
# default, 2); the JIT's compile time for 250, 500 and 1,000 generated rules, start-up with a cached build, peak
# RSS over 5,000,000 rows read from a pipe, and the engines'
# evaluation-only throughput (bench_engines).  The machine's load
# (/proc/loadavg) is printed at the start and at the end: on a busy
# machine the seconds mean little, the ratios of one run somewhat more.
set -u
build=$(cd "$1" && pwd)
rows=${2:-1000000}
src=$(cd "$(dirname "$0")/.." && pwd)
data="$build/bench-data"
mkdir -p "$data"
echo "load at start (/proc/loadavg): $(cat /proc/loadavg)"
registry="$data/registry-pct-$rows.csv"
[ -f "$registry" ] || "$build/bench/gen_registry" "$rows" --clean > "$registry"
# The same rows as JSON Lines (the registry has no quotes to mind).
jsonl="$data/registry-pct-$rows.jsonl"
[ -f "$jsonl" ] || awk -F, 'NR == 1 { n = split($0, key, ","); next }
  { line = "{"
    for (i = 1; i <= n; i++) line = line (i > 1 ? ", " : "") "\"" key[i] "\": \"" $i "\""
    print line "}" }' "$registry" > "$jsonl"
p="$src/tests/golden/eval/seed_formulas"
formulas="$p/xuhui_ai_2022.pol $p/xuhui_llm_2023.pol $p/lingang_ai_2020.pol $p/putuo_software_2024.pol"
s="$src/policies"
full="$s/xuhui-ai-2022.pol $s/xuhui-llm-2023.pol $s/lingang-ai-2020.pol $s/putuo-software-2024.pol"
export XDG_CACHE_HOME="$data/cache"
mkdir -p "$XDG_CACHE_HOME" && chmod 700 "$XDG_CACHE_HOME"
polc="$build/polc"

# polc and the baseline agree before anything is timed (and the native
# code of both sets of policies is compiled and cached)
"$build/bench/baseline" "$registry" 2024-06-01 > "$data/baseline.csv"
# shellcheck disable=SC2086
"$polc" eval $formulas --registry "$registry" --as-of 2024-06-01 --format csv \
  --engine jit --threads 1 -o "$data/polc.csv"
# shellcheck disable=SC2086
"$polc" eval $formulas --registry "$jsonl" --as-of 2024-06-01 --format csv \
  --engine jit --threads 1 -o "$data/polc-jsonl.csv"
if ! cmp -s "$data/baseline.csv" "$data/polc.csv" ||
   ! cmp -s "$data/baseline.csv" "$data/polc-jsonl.csv"; then
  echo "bench: polc and the hand-written C disagree; not timing"; exit 1
fi
# shellcheck disable=SC2086
"$polc" eval $full --registry "$registry" --as-of 2024-06-01 --format csv --engine jit \
  --threads 1 -o "$data/full.csv"
echo "polc (CSV and JSON Lines) and the hand-written C print the same $rows rows"

# The commands, measured in turns, BENCH_ROUNDS rounds (default three, an
# odd number), so that a slow spell of a shared machine falls on all of
# them rather than on one: the ratios are what is compared.
# shellcheck disable=SC2086
run_one() {   # run_one NAME: one timed run, appended to $data/times-NAME
  e="$polc eval --as-of 2024-06-01 --format csv"
  case $1 in
  hand-written-C)       set -- "$1" "$build/bench/baseline" "$registry" 2024-06-01 ;;
  16-rules-1-thread)    set -- "$1" $e $formulas --registry "$registry" --engine jit --threads 1 ;;
  16-rules-2-threads)   set -- "$1" $e $formulas --registry "$registry" --engine jit --threads 2 ;;
  16-rules-jsonl)       set -- "$1" $e $formulas --registry "$jsonl" --engine jit --threads 1 ;;
  full-1-thread)        set -- "$1" $e $full --registry "$registry" --engine jit --threads 1 ;;
  full-2-threads)       set -- "$1" $e $full --registry "$registry" --engine jit --threads 2 ;;
  full-default-threads) set -- "$1" $e $full --registry "$registry" --engine jit ;;
  full-interpreter)     set -- "$1" $e $full --registry "$registry" --engine interp --threads 1 ;;
  full-jsonl)           set -- "$1" $e $full --registry "$jsonl" --engine jit --threads 1 ;;
  esac
  name=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$data/one" "$@" > /dev/null 2>&1
  cat "$data/one" >> "$data/times-$name"
}

names="hand-written-C 16-rules-1-thread 16-rules-2-threads 16-rules-jsonl full-1-thread
       full-2-threads full-default-threads full-interpreter full-jsonl"
for name in $names; do : > "$data/times-$name"; done
rounds=${BENCH_ROUNDS:-3}
for _ in $(seq "$rounds"); do
  for name in $names; do run_one "$name"; done
done
: > "$data/results"
for name in $names; do   # the median of the rounds (by wall seconds)
  sort -n "$data/times-$name" | sed -n "$(( (rounds + 1) / 2 ))p" > "$data/median"
  read -r secs rss user sys < "$data/median"
  echo "$name $secs $rss $user $sys" >> "$data/results"
done

echo
echo "$rows rows; 16 rules: the seed policies' formula rules (tests/golden/eval/seed_formulas);"
echo "full: the four seed policies of policies/ (68 rules); native code unless said"
printf '%-22s %8s %8s %12s %10s %8s %10s\n' "" "seconds" "CPU s" "rows/s" "peak RSS" "vs C" "CPU vs C"
read -r _ base _ base_user base_sys < "$data/results"
while read -r name secs rss user sys; do
  awk -v n="$name" -v s="$secs" -v r="$rss" -v u="$user" -v y="$sys" -v b="$base" \
      -v bc="$base_user" -v bs="$base_sys" -v rows="$rows" 'BEGIN {
    printf "%-22s %8.2f %8.2f %12.0f %7.1f MB %7.2fx %9.2fx\n", n, s, u + y, rows / s, r / 1024,
           s / b, (u + y) / (bc + bs) }'
done < "$data/results"
secs() { grep "^$1 " "$data/results" | cut -d' ' -f2; }
awk -v a="$(secs 16-rules-1-thread)" -v b="$(secs 16-rules-2-threads)" \
    -v c="$(secs full-1-thread)" -v d="$(secs full-2-threads)" -v e="$(secs full-default-threads)" \
    -v i="$(secs full-interpreter)" -v j="$(secs 16-rules-jsonl)" -v k="$(secs full-jsonl)" 'BEGIN {
  printf "speed-up of 2 threads over 1: %.2fx (16 rules), %.2fx (full)\n", a / b, c / d
  printf "speed-up of the default threads over --threads 1 (full): %.2fx\n", c / e
  printf "interpreter vs native code (full): %.2fx the time\n", i / c
  printf "JSON Lines vs CSV per row: %.2fx the time (16 rules), %.2fx (full)\n", j / a, k / c }'

# With one core held by another job (a shell spinning): the default
# thread count must not lose to --threads 1 (issue 15); --threads 2 beside.
echo
sh -c 'while :; do :; done' &
spin=$!
trap 'kill "$spin" 2>/dev/null' EXIT INT TERM
for t in 1 default 2; do
  : > "$data/times-busy"
  for _ in $(seq "$rounds"); do
    threads="--threads $t"
    [ "$t" = default ] && threads=""
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e" -o "$data/one" "$polc" eval $full --registry "$registry" \
      --as-of 2024-06-01 --format csv --engine jit $threads > /dev/null 2>&1
    cat "$data/one" >> "$data/times-busy"
  done
  sort -n "$data/times-busy" | sed -n "$(( (rounds + 1) / 2 ))p" > "$data/busy-$t"
done
kill "$spin"
trap - EXIT INT TERM
awk -v one="$(cat "$data/busy-1")" -v def="$(cat "$data/busy-default")" \
    -v two="$(cat "$data/busy-2")" 'BEGIN {
  printf "one core busy (full): --threads 1 %.2f s, default %.2f s (%.2fx), --threads 2 %.2f s (%.2fx)\n",
         one, def, one / def, two, one / two }'

# The JIT's compile time against the number of rules (tests/cli/gen_many_rules.py).
echo
for n in 250 500 1000; do
  d="$data/rules-$n"
  mkdir -p "$d"
  [ -f "$d/many0.pol" ] || python3 "$src/tests/cli/gen_many_rules.py" "$d" 1 "$n"
  /usr/bin/time -f "%e %U %S" -o "$data/one" "$polc" eval "$d/many0.pol" --registry "$d/reg.csv" \
    --engine jit --no-cache --verbose -o /dev/null 2> "$d/err"
  read -r secs user sys < "$data/one"
  said=$(grep -c "compiled to native code" "$d/err")
  awk -v n="$n" -v s="$secs" -v u="$user" -v y="$sys" -v ok="$said" 'BEGIN {
    printf "JIT compile, %4d rules: %6.2f s (%.2f s CPU)%s\n", n, s, u + y, ok ? "" : "  NOT COMPILED" }'
done

# Start-up with a cached build: the full policies over 2 rows, the median of 11.
head -3 "$registry" > "$data/three.csv"
: > "$data/times-startup"
for _ in 1 2 3 4 5 6 7 8 9 10 11; do
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %U %S" -o "$data/one" "$polc" eval $full --registry "$data/three.csv" \
    --engine jit -o /dev/null
  cat "$data/one" >> "$data/times-startup"
done
sort -n "$data/times-startup" | sed -n 6p | awk '{
  printf "start-up, cached build: %.0f ms (%.0f ms CPU)\n", $1 * 1000, ($2 + $3) * 1000 }'

# Memory over 5,000,000 rows, from a pipe (no file of that size is kept).
big=${BENCH_BIG_ROWS:-5000000}
"$build/bench/gen_registry" "$big" --clean |
  /usr/bin/time -f "%M" -o "$data/one" "$polc" eval $full --registry - --as-of 2024-06-01 \
    --format csv --engine jit -o /dev/null
awk -v n="$big" '{ printf "peak RSS, %d rows from a pipe (full policies, default threads): %.1f MB\n",
  n, $1 / 1024 }' "$data/one"

echo
# shellcheck disable=SC2086
POLC_STDLIB="$src/stdlib" POLC_RUNTIME_LIB="$build/libpolcrt.a" \
  "$build/bench/bench_engines" "$registry" $formulas | grep -v "^rows in memory"
echo "load at end (/proc/loadavg): $(cat /proc/loadavg)"
