#!/bin/sh
# run.sh POLC COUNT [FIRST_SEED] - differential testing of the two engines:
# COUNT random policy sets and registries (tests/diff/gen.py), each
# evaluated by the interpreter and by native code, as CSV and JSON Lines;
# the outputs, the messages and the exit statuses must be identical.  A
# disagreement keeps its files and names its seed.  COUNT may be "forever"
# (make fuzz-diff), bounded by SECONDS in the environment.
set -u
polc=$1
count=$2
seed=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
# The runs below change directory: a relative POLC must be made absolute
# first, or neither engine runs and every set would "agree" (issue 11).
case $polc in /*) ;; *) polc=$(pwd)/$polc ;; esac
[ -x "$polc" ] || { echo "FAIL: $polc is not an executable polc"; exit 1; }
command -v python3 >/dev/null || { echo "python3 is missing: skipped"; exit 77; }
# Every row rejected: JSON Lines has no header, so writing nothing is right,
# when the CSV run of the same engine wrote its header and no row (make
# fuzz-diff, seed 20261192: every row overflowed).
all_rejected() {   # all_rejected DIR ENGINE FORMAT
  [ "$3" = jsonl ] && [ "$(wc -l < "$1/out.$2.csv")" = 1 ]
}
work=$(mktemp -d)
deadline=$(( $(date +%s) + ${SECONDS_LIMIT:-0} ))
done_=0
fail=0
while :; do
  if [ "$count" = forever ]; then
    [ "$(date +%s)" -ge "$deadline" ] && break
  elif [ "$done_" -ge "$count" ]; then
    break
  fi
  dir="$work/$seed"
  mkdir -p "$dir"
  python3 "$here/gen.py" "$seed" "$dir" || { echo "generator failed on seed $seed"; exit 1; }
  if ! "$polc" check "$dir/alpha.pol" "$dir/beta.pol" > "$dir/check" 2>&1; then
    echo "FAIL: seed $seed: the generated policies do not check:"; head -20 "$dir/check"
    fail=1; break
  fi
  for fmt in csv jsonl; do
    for engine in interp jit; do
      (cd "$dir" && "$polc" eval alpha.pol beta.pol --registry registry.csv \
         --as-of 2024-06-01 --format $fmt --engine $engine --no-cache \
         > "out.$engine.$fmt" 2> "err.$engine.$fmt"; echo $? > "status.$engine.$fmt")
    done
    # Agreement means something only if both engines ran: a status of 0 or
    # 1 (rows may be rejected), the CSV header or a JSON line written (or
    # every row rejected), and native code really used (no "not available"
    # fallback).
    for engine in interp jit; do
      st=$(cat "$dir/status.$engine.$fmt")
      if [ "$st" != 0 ] && [ "$st" != 1 ]; then
        echo "FAIL: seed $seed: $engine ($fmt) exited $st; files in $dir"
        head -5 "$dir/err.$engine.$fmt"; fail=1
      elif ! [ -s "$dir/out.$engine.$fmt" ] && ! all_rejected "$dir" $engine $fmt; then
        echo "FAIL: seed $seed: $engine ($fmt) wrote nothing; files in $dir"
        head -5 "$dir/err.$engine.$fmt"; fail=1
      fi
    done
    if grep -q "native code is not available" "$dir/err.jit.$fmt"; then
      echo "FAIL: seed $seed: native code did not run ($fmt)"; head -3 "$dir/err.jit.$fmt"; fail=1
    fi
    for part in out err status; do
      if ! cmp -s "$dir/$part.interp.$fmt" "$dir/$part.jit.$fmt"; then
        echo "FAIL: seed $seed: the engines disagree ($part, $fmt); files in $dir"
        diff "$dir/$part.interp.$fmt" "$dir/$part.jit.$fmt" | head -10
        fail=1
      fi
    done
  done
  [ "$fail" = 1 ] && break
  rm -rf "$dir"
  done_=$((done_ + 1))
  seed=$((seed + 1))
done
if [ "$fail" = 0 ]; then
  rm -rf "$work"
  echo "$done_ random policy sets: the engines agreed on every row"
fi
exit $fail
