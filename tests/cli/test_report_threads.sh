#!/bin/sh
# test_report_threads.sh POLC SOURCE_DIR - `polc report --threads N`: it
# evaluated its rows on one thread (noticed closing issues 16 and 18), a
# finance bureau's registry of a million rows included.  Now the rows run
# on eval's and compare's threads; the report, its rejected rows and
# their messages are the same bytes for 1, 2 and 3 threads, under both
# engines, with --base and without.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"
pol="$src/policies"

# 6,000 rows: the example registry's under new ids, two of them bad, one
# id given twice.
example_copies 100 'if (n == 1) first = $1
  if (k == 40 && i == 7) $(col["paid_in_capital"]) = "not-a-figure"
  if (k == 77 && i == 3) $1 = first' > "$tmp/registry.csv"
cut -d, -f1 "$tmp/registry.csv" | sort | uniq -d | grep -q . || fail "no id given twice"

three="$pol/xuhui-ai-2022.pol $pol/lingang-ai-2020.pol $pol/putuo-software-2024.pol"
new="$src/tests/golden/compare/reform/new.pol $pol/lingang-ai-2020.pol"
base="$pol/xuhui-ai-2022.pol $pol/lingang-ai-2020.pol"
for engine in interp jit; do
  for n in 1 2 3; do
    # shellcheck disable=SC2086
    "$polc" report $three --registry "$tmp/registry.csv" --as-of 2025-06-01 \
      --engine $engine --threads $n -o "$tmp/plain-$n.html" 2> "$tmp/plain-$n.err"
    echo $? > "$tmp/plain-$n.status"
    # shellcheck disable=SC2086
    "$polc" report $new --base $base --registry "$tmp/registry.csv" --as-of 2025-06-01 \
      --engine $engine --threads $n -o "$tmp/base-$n.html" 2> "$tmp/base-$n.err"
    echo $? > "$tmp/base-$n.status"
  done
  for kind in plain base; do
    [ "$(cat "$tmp/$kind-1.status")" = 1 ] || fail "$engine $kind: exit $(cat "$tmp/$kind-1.status"), not 1"
    expect_grep "$tmp/$kind-1.html" "not-a-figure" "$engine $kind: the bad row in the report"
    expect_grep "$tmp/$kind-1.err" "more than once" "$engine $kind: the id given twice"
    for n in 2 3; do
      for what in html err status; do
        cmp -s "$tmp/$kind-1.$what" "$tmp/$kind-$n.$what" ||
          fail "$engine $kind: the $what differs between 1 and $n threads"
      done
    done
  done
done
expect_status 2 "--threads 0" "$polc" report "$pol/lingang-ai-2020.pol" \
  --registry "$tmp/registry.csv" --threads 0 -o "$tmp/x.html"
expect_grep "$tmp/err" "threads" "the usage error names --threads"

[ "$failures" = 0 ] || exit 1
