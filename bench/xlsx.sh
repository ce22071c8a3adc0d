#!/bin/sh
# xlsx.sh BUILD_DIR [ROWS] - `make bench`: reading ROWS (default 1,000,000)
# applicants from an .xlsx workbook beside the same rows as CSV (issue 16).
# The workbook is made once from bench/run.sh's CSV (bench/csv_to_xlsx.py:
# shared strings, number, boolean and date cells); both must give the same
# output; then each is timed (the median of 3 runs, one thread: the
# workbook is read by one): wall seconds, rows/s, peak RSS.
set -u
. "$(dirname "$0")/common.sh"
workbook="$data/registry-$rows.xlsx"
# (written beside and renamed: an interrupted run leaves no half workbook)
[ -f "$workbook" ] || { /usr/bin/python3 "$src/bench/csv_to_xlsx.py" "$registry" "$workbook.part" &&
  mv "$workbook.part" "$workbook"; } || { echo "bench/xlsx.sh: cannot write $workbook"; exit 1; }
p="$src/tests/golden/eval/seed_formulas"
policies="$p/xuhui_ai_2022.pol $p/xuhui_llm_2023.pol $p/lingang_ai_2020.pol $p/putuo_software_2024.pol"
export XDG_CACHE_HOME="$data/cache"

# shellcheck disable=SC2086
"$build/polc" eval $policies --registry "$registry" --as-of 2024-06-01 --format csv \
  --engine jit --threads 1 -o "$data/polc-csv.csv"
# shellcheck disable=SC2086
"$build/polc" eval $policies --registry "$workbook" --as-of 2024-06-01 --format csv \
  --engine jit --threads 1 -o "$data/polc-xlsx.csv"
if ! cmp -s "$data/polc-csv.csv" "$data/polc-xlsx.csv"; then
  echo "bench/xlsx.sh: the workbook and the CSV give different results; not timing"; exit 1
fi
echo "the .xlsx and the CSV registry give the same $rows rows"
printf '%-20s %10s %14s %12s\n' "" "seconds" "rows/s" "peak RSS"
for form in csv xlsx; do
  file=$registry; [ $form = xlsx ] && file=$workbook
  : > "$data/times-read-$form"
  for _ in 1 2 3; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %M" -o "$data/one" "$build/polc" eval $policies --registry "$file" \
      --as-of 2024-06-01 --format csv --engine jit --threads 1 > /dev/null 2>&1
    cat "$data/one" >> "$data/times-read-$form"
  done
  read -r secs rss <<EOT
$(sort -n "$data/times-read-$form" | sed -n 2p)
EOT
  awk -v n="read $form" -v s="$secs" -v r="$rss" -v rows="$rows" 'BEGIN {
    printf "%-20s %10.2f %14.0f %9.1f MB\n", n, s, rows / s, r / 1024 }'
done
