#!/bin/sh
# test_issue16_keep.sh POLC SOURCE_DIR - issue 16, point 7: --keep COL,...
# carries registry columns (an input, or a column no policy reads) into the
# output beside the id, in CSV, JSON Lines and the table; the same bytes
# for 1 and 3 threads and under both engines; a column the registry lacks,
# a name the output already has, and outputs without rows are refused.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"
XDG_CACHE_HOME="$tmp/cache"; export XDG_CACHE_HOME   # native code, for --engine jit
pol="$src/examples/first.pol"

# A registry with a name no policy reads (one with a comma, one empty) and
# enough rows (7,000) that three threads really split it.
{
  echo 'id,name,district,paid_in_capital,newly_settled,ai_aligned,operating_normally,credit_good'
  echo 'A,"甲,公司",徐汇,3000万,true,true,true,true'
  echo 'B,,徐汇,100万,true,true,true,true'
  i=0
  while [ $i -lt 7000 ]; do
    echo "R$i,企业$i,徐汇,$((i % 50))00万,true,true,true,true"
    i=$((i + 1))
  done
} > "$tmp/reg.csv"

for engine in interp jit; do
  for threads in 1 3; do
    expect_status 0 "--keep csv, $engine, $threads threads" \
      "$polc" eval "$pol" --registry "$tmp/reg.csv" --as-of 2024-05-01 --engine $engine \
      --threads $threads --keep name,district,paid_in_capital --format csv
    cp "$tmp/out" "$tmp/csv-$engine-$threads"
  done
done
for other in interp-3 jit-1 jit-3; do
  cmp -s "$tmp/csv-interp-1" "$tmp/csv-$other" || fail "--keep csv differs: interp-1 and $other"
done
c="$tmp/csv-interp-1"
expect_grep "$c" '^id,name,district,paid_in_capital,total,xuhui_ai_2022.settlement,' "the kept columns after id"
expect_grep "$c" '^A,"甲,公司",徐汇,30000000.00,1500000.00,1500000.00,' "a text with a comma quoted, money in yuan"
expect_grep "$c" '^B,,徐汇,1000000.00,0.00,' "an empty kept cell is empty, the row kept"
[ "$(wc -l < "$c")" -eq 7003 ] || fail "not every row written"

# the figures are those of a run without --keep, column for column
"$polc" eval "$pol" --registry "$tmp/reg.csv" --as-of 2024-05-01 --format csv > "$tmp/plain" 2>&1
cut -d, -f1,5- "$c" | sed '2d' > "$tmp/a"   # (row A's name holds a comma)
sed '2d' "$tmp/plain" > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || fail "--keep changed the figures"

for threads in 1 3; do
  expect_status 0 "--keep jsonl, $threads threads" \
    "$polc" eval "$pol" --registry "$tmp/reg.csv" --as-of 2024-05-01 --threads $threads \
    --keep name --format jsonl
  cp "$tmp/out" "$tmp/jsonl-$threads"
done
cmp -s "$tmp/jsonl-1" "$tmp/jsonl-3" || fail "--keep jsonl differs between 1 and 3 threads"
expect_grep "$tmp/jsonl-1" '^{"id": "A", "name": "甲,公司", "as_of"' "the kept key after id"

expect_status 0 "--keep table" "$polc" eval "$pol" --registry "$tmp/reg.csv" \
  --as-of 2024-05-01 --threads 1 --keep name --format table
expect_grep "$tmp/out" '^id  *name  *total' "the table's kept column"
expect_grep "$tmp/out" '^A  *甲,公司  *1,500,000.00' "the table's kept cell"

# --- refused
expect_status 1 "a column the registry lacks" "$polc" eval "$pol" --registry "$tmp/reg.csv" \
  --keep nope --format csv
expect_grep "$tmp/err" "has no column \`nope\` to keep" "the missing kept column named once"
[ "$(grep -c nope "$tmp/err")" -eq 1 ] || fail "the missing column said more than once"
expect_status 2 "--keep id" "$polc" eval "$pol" --registry "$tmp/reg.csv" --keep id
expect_status 2 "--keep twice" "$polc" eval "$pol" --registry "$tmp/reg.csv" --keep name,name
expect_status 2 "--keep ,," "$polc" eval "$pol" --registry "$tmp/reg.csv" --keep ,
expect_status 2 "--keep with -o x.xlsx" "$polc" eval "$pol" --registry "$tmp/reg.csv" \
  --keep name -o "$tmp/x.xlsx"
[ -e "$tmp/x.xlsx" ] && fail "a workbook written without its kept column"
expect_status 2 "--keep with a summary alone" "$polc" eval "$pol" --registry "$tmp/reg.csv" \
  --keep name --summary

[ "$failures" -eq 0 ] || exit 1
echo "ok: --keep"
