#!/bin/sh
# test_issue15_threads_share_work.sh POLC SOURCE_DIR - issue 15: two
# threads must be at least 1.7x as fast as one on two cores, and they were
# 1.6x: `--threads 2` ran four threads (one finding the records, two
# evaluating, one writing in order), so the two cores switched between
# them at every batch.  Now the N threads asked for are all there is: each
# reads, evaluates and writes batches as its turn comes (parallel.c).
# The registry comes through a pipe kept open, so polc is caught while it
# runs; /proc counts its threads.  The output is the same as one thread's.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"

# 6,000 rows: the example registry's, again and again, under new ids.
example_copies 100 > "$tmp/registry.csv"
s="$src/policies"
policies="$s/xuhui-ai-2022.pol $s/xuhui-llm-2023.pol $s/lingang-ai-2020.pol $s/putuo-software-2024.pol"
# shellcheck disable=SC2086
expect_status 0 "one thread" "$polc" eval $policies --registry "$tmp/registry.csv" \
  --threads 1 -o "$tmp/one.csv"

threads_of() {   # threads_of PID: its threads now (0 once it has ended)
  ls "/proc/$1/task" 2>/dev/null | wc -l
}

for n in 2 3; do
  mkfifo "$tmp/pipe"
  # shellcheck disable=SC2086
  "$polc" eval $policies --registry "$tmp/pipe" --threads $n -o "$tmp/many.csv" \
    2>"$tmp/err" &
  pid=$!
  exec 7>"$tmp/pipe"
  head -3001 "$tmp/registry.csv" >&7
  # polc has read the first half and waits for more: its threads are up.
  most=0; tries=0
  while [ "$tries" -lt 100 ]; do
    now=$(threads_of $pid)
    [ "$now" -gt "$most" ] && most=$now
    [ "$now" -ge "$n" ] && tries=$((tries + 90))
    sleep 0.1; tries=$((tries + 1))
  done
  tail -n +3002 "$tmp/registry.csv" >&7
  exec 7>&-
  wait $pid || fail "--threads $n: exit $?"
  rm "$tmp/pipe"
  [ "$most" = "$n" ] || fail "--threads $n ran $most threads at most, not $n"
  cmp -s "$tmp/one.csv" "$tmp/many.csv" || fail "--threads $n: the figures differ from one thread's"
done

[ "$failures" = 0 ] || exit 1
