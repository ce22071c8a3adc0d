#!/bin/sh
# test_issue18_compare_threads.sh POLC SOURCE_DIR - issue 18: `polc compare
# --threads N` runs the rows on N threads (runtime/exec/parallel.c, as
# eval) and writes the bytes of one thread: the rows, the messages (rejected
# rows, repeated ids) and the summary, whose largest gains and losses are
# merged by change and then by row (the registry repeats its applicants, so
# equal changes come from rows that different threads evaluate).  Under
# both engines, over a registry of several batches (512 rows each).
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"
XDG_CACHE_HOME="$tmp/cache"; export XDG_CACHE_HOME   # native code, for --engine jit
dir="$src/tests/golden/compare/reform"
pol="$src/policies"

# The example registry's 60 rows 100 times over (new ids), every 700th row
# with the id of the example row it copies (a repeated id), every 997th
# with a cell no number (a rejected row): 6,000 rows.
example_copies 100 'if (n % 700 == 0) $1 = id; if (n % 997 == 0) $15 = "many"' > "$tmp/reg.csv"
[ "$(wc -l < "$tmp/reg.csv")" -eq 6001 ] || fail "the registry is not 6,000 rows"

# shellcheck disable=SC2086
run() {   # run NAME ENGINE THREADS OPTIONS...: stdout and stderr kept as NAME.out, NAME.err
  name=$1; engine=$2; threads=$3; shift 3
  "$polc" compare --base "$pol/xuhui-ai-2022.pol" "$pol/lingang-ai-2020.pol" \
    --new "$dir/new.pol" "$pol/lingang-ai-2020.pol" --registry "$tmp/reg.csv" \
    --as-of 2025-06-01 --engine "$engine" --threads "$threads" "$@" \
    > "$tmp/$name.out" 2> "$tmp/$name.err"
  status=$?
  [ $status -eq 1 ] || fail "$name: exit $status, expected 1 (rows rejected)"
}

for engine in interp jit; do
  for threads in 1 2 3; do
    run "rows-$engine-$threads" $engine $threads --format csv --committed
    run "summary-$engine-$threads" $engine $threads --summary
    run "json-$engine-$threads" $engine $threads --summary --format json
    run "jsonl-$engine-$threads" $engine $threads --format jsonl
  done
done
differ() {   # differ A B: a failure unless the files are the same
  cmp -s "$tmp/$1" "$tmp/$2" && return
  fail "compare: $1 and $2 differ"
  diff "$tmp/$1" "$tmp/$2" | head -10
}
for what in rows summary json jsonl; do
  for other in interp-2 interp-3 jit-1 jit-2 jit-3; do
    differ "$what-interp-1.out" "$what-$other.out"
  done
  for engine in interp jit; do   # (the messages of one engine: native code may be refused)
    differ "$what-$engine-1.err" "$what-$engine-2.err"
    differ "$what-$engine-1.err" "$what-$engine-3.err"
  done
done

r="$tmp/rows-interp-1"
[ "$(wc -l < "$r.out")" -eq 5995 ] || fail "not every row but the rejected ones written"
expect_grep "$r.err" "reg.csv:998: column paid_in_capital" "a rejected row, by its line"
expect_grep "$r.err" "reg.csv:5983: column paid_in_capital" "the last rejected row, in order"
expect_grep "$r.err" "applicant ids appear more than once" "the repeated ids"
expect_grep "$r.err" "6 rows rejected" "the count of rejected rows"
grep -q "note: --threads" "$tmp/rows-interp-3.err" && fail "the note of --threads is still said"
# issue18_compare_native_both (found by bench/compare.sh): both sets' native
# code loads, the second no longer taken for the first (the loader knew
# both as /proc/self/fd/N), so neither falls back to the interpreter.
for t in 1 2 3; do
  grep -q "native code is not available" "$tmp/rows-jit-$t.err" &&
    fail "compare --engine jit --threads $t: native code refused"
done
# Equal changes listed by row: the top gains are the same applicant's
# copies, earliest first.
python3 - "$tmp/json-interp-1.out" <<'PY' || fail "the largest changes are not in row order"
import json, sys
s = json.load(open(sys.argv[1]))
for key in ("largest_gains", "largest_losses"):
    top = s[key]
    assert len(top) == 10, (key, len(top))
    for a, b in zip(top, top[1:]):
        if a["delta"] == b["delta"]:
            ka, kb = a["id"].rsplit("-", 1), b["id"].rsplit("-", 1)
            if ka[0] == kb[0] and len(ka) == 2 and len(kb) == 2:
                assert int(ka[1]) < int(kb[1]), (a, b)
PY
[ "$failures" -eq 0 ] || exit 1
echo "ok"
