#!/bin/sh
# test_issue16_rejects.sh POLC SOURCE_DIR - issue 16, point 7: --rejects FILE
# writes the rejected rows in the registry's form with a `reason` column;
# the data owner fixes the bad cells and the file evaluates cleanly; the
# same bytes for 1 and 3 threads and under both engines; a file that cannot
# be read back (standard input) or that is the registry is refused.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"
XDG_CACHE_HOME="$tmp/cache"; export XDG_CACHE_HOME   # native code, for --engine jit
forms="$src/tests/golden/eval/forms"
cd "$src/tests/golden/eval/bad_rows" || exit 1
pols="$forms/forms.pol $forms/rival.pol"

# --- CSV: the header and the rejected records as they were, and why
for engine in interp jit; do
  for threads in 1 3; do
    expect_status 1 "--rejects, $engine, $threads threads" \
      "$polc" eval $pols --registry registry.csv --as-of 2024-06-01 --engine $engine \
      --threads $threads --rejects "$tmp/rejects-$engine-$threads.csv"
    cmp -s "$tmp/out" expected.csv || fail "--rejects changed the results ($engine, $threads)"
  done
done
r="$tmp/rejects-interp-1.csv"
for other in interp-3 jit-1 jit-3; do
  cmp -s "$r" "$tmp/rejects-$other.csv" || fail "rejects differ: interp-1 and $other"
done
[ "$(wc -l < "$r")" -eq 9 ] || fail "not the header and 8 rejected rows"
expect_grep "$r" '^id,district,credit_good,serious_dishonesty_3y,compute_spend,newly_settled,paid_in_capital,application_date,headcount,reason$' "the header with reason"
expect_grep "$r" '^BAD1,徐汇,maybe,false,100万,true,3000万,,1,"column credit_good: cannot read ""maybe"" as bool"$' "a record as it was, with its reason"
expect_grep "$r" '^BAD3,徐汇,true,false,100万,true,,,,"expected 9 fields, found 6"$' "a short record: the reason in its column"
expect_grep "$r" '^BAD5,徐汇,true,false,"1,00",true,0,,0,' "a quoted cell kept quoted"
grep -q '^OK' "$r" && fail "an accepted row in the rejects"
grep -q 'registry.csv:' "$r" && fail "a reason keeps the FILE:ROW prefix"

# --- the data owner fixes the bad cells and sends the file again: clean
sed -e 's/maybe/true/; s/3000\.0000001万/3000万/; s/^BAD3,徐汇,true,false,100万,true,,,,/BAD3,徐汇,true,false,100万,true,0,,0,/' \
    -e 's/"1,00"/"1,000"/; s/2023-02-29/2023-02-28/; s/^,徐汇/BAD8,徐汇/; s/,1\.5,/,1,/; s/1e5/100000/' \
    "$r" > "$tmp/fixed.csv"
expect_status 0 "the fixed rejects evaluate" \
  "$polc" eval $pols --registry "$tmp/fixed.csv" --as-of 2024-06-01 --format csv --rejects "$tmp/again.csv"
[ -s "$tmp/err" ] && fail "the fixed rejects gave messages"
[ "$(wc -l < "$tmp/out")" -eq 9 ] || fail "the fixed rejects: not 8 rows of results"
[ "$(wc -l < "$tmp/again.csv")" -eq 1 ] || fail "nothing rejected: the rejects file is its header"

# --- many rows, so that threads split them: the same bytes
awk 'BEGIN { print "id,district,credit_good,serious_dishonesty_3y,compute_spend,newly_settled,paid_in_capital,application_date,headcount"
  for (i = 1; i <= 7000; i++)
    printf "A%d,徐汇,%s,false,100万,true,3000万,,%s\n", i, i % 997 ? "true" : "maybe", i % 1499 ? "1" : "x" }' \
  > "$tmp/many.csv"
"$polc" eval $pols --registry "$tmp/many.csv" --as-of 2024-06-01 --threads 1 --rejects "$tmp/m1.csv" > /dev/null 2>&1
"$polc" eval $pols --registry "$tmp/many.csv" --as-of 2024-06-01 --threads 3 --rejects "$tmp/m3.csv" > /dev/null 2>&1
[ "$(wc -l < "$tmp/m1.csv")" -eq 12 ] || fail "many rows: not 11 rejected"
cmp -s "$tmp/m1.csv" "$tmp/m3.csv" || fail "many rows: rejects differ with 3 threads"

# --- a row rejected by the evaluation (an overflow)
cd "$src/tests/golden/eval/issue11_total_overflow" || exit 1
expect_status 1 "an overflow's row" "$polc" eval big.pol --registry registry.csv --rejects "$tmp/ov.csv"
expect_grep "$tmp/ov.csv" '^A,50000000000000000,' "an overflow's row is kept"

# --- JSON Lines: the object with "reason"; a line that is no object, as text
cd "$src/tests/golden/eval/jsonl_input" || exit 1
for threads in 1 3; do
  expect_status 1 "JSON Lines --rejects, $threads threads" \
    "$polc" eval $pols --registry registry.jsonl --as-of 2024-06-01 --threads $threads \
    --rejects "$tmp/j$threads.jsonl"
done
cmp -s "$tmp/j1.jsonl" "$tmp/j3.jsonl" || fail "JSON Lines rejects differ with threads"
expect_grep "$tmp/j1.jsonl" '^{"id": "J04", "district": "徐汇", "headcount": "many", "reason": "column headcount: cannot read \\"many\\" as count"}$' "a JSON line with its reason"
expect_grep "$tmp/j1.jsonl" '^{"reason": "not a JSON object", "text": "\[\\"J05\\"\]"}$' "a line that is no object"
sed -n 1p "$tmp/j1.jsonl" | sed 's/"many"/3/' > "$tmp/fixed.jsonl"
expect_status 0 "the fixed JSON line evaluates" \
  "$polc" eval $pols --registry "$tmp/fixed.jsonl" --as-of 2024-06-01 --format csv

# --- a workbook's rows as a CSV (FILE.csv): the cells' text as polc read
# them, and why (also beside -o FILE.xlsx); cli.issue16_rejects_xlsx has
# the workbook form
cd "$src/tests/golden/eval/issue16_xlsx_registry" || exit 1
expect_status 1 "an .xlsx registry's rejects" \
  "$polc" eval $pols --registry registry.xlsx --as-of 2024-06-01 -o "$tmp/res.xlsx" --rejects "$tmp/x.csv"
[ "$(sed -n 1p "$tmp/x.csv")" = "id,name,district,credit_good,headcount,compute_spend,annual_revenue,newly_settled,paid_in_capital,application_date,reason" ] ||
  fail "an .xlsx registry's rejects: not the sheet's header and reason"
[ "$(wc -l < "$tmp/x.csv")" -eq 6 ] || fail "an .xlsx registry's rejects: not 5 rows"
expect_grep "$tmp/x.csv" '^X04,,徐汇,,,,#DIV/0!,,,,column annual_revenue: the cell holds the Excel error #DIV/0!' "a workbook row and why"
[ -s "$tmp/res.xlsx" ] || fail "-o FILE.xlsx beside --rejects: no workbook"
cd "$src/tests/golden/eval/jsonl_input" || exit 1

# --- refused: standard input, the registry itself
expect_status 2 "--rejects with a registry on standard input" \
  sh -c "\"$polc\" eval $pols --registry - --rejects '$tmp/x.csv' < registry.jsonl"
expect_grep "$tmp/err" "rejects" "standard input: the message names --rejects"
cp registry.jsonl "$tmp/reg.jsonl"
expect_status 2 "--rejects onto the registry" \
  "$polc" eval $pols --registry "$tmp/reg.jsonl" --rejects "$tmp/reg.jsonl"
cmp -s registry.jsonl "$tmp/reg.jsonl" || fail "--rejects onto the registry changed it"
cp "$forms/forms.pol" "$tmp/forms.pol"
expect_status 2 "--rejects onto a policy file" \
  "$polc" eval "$tmp/forms.pol" --registry registry.jsonl --rejects "$tmp/forms.pol"
expect_grep "$tmp/err" "is the policy file" "--rejects onto a policy file: said"
cmp -s "$forms/forms.pol" "$tmp/forms.pol" || fail "--rejects onto a policy file changed it"

[ "$failures" -eq 0 ] || exit 1
echo "issue16_rejects: ok"
