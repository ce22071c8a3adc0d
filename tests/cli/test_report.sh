#!/bin/sh
# test_report.sh POLC SOURCE_DIR - `polc report` (issue 18): the HTML
# holds one bar per rule and per calendar year, no script and nothing
# from the network; every text from a registry is escaped; a revision
# (--base) shows the change per rule; and a real browser (headless
# Chromium, tests/tools/browser.sh) renders it without a console message,
# not blank, and prints it to PDF.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"
pol="$src/policies"
reg="$src/examples/registry.csv"
three="$pol/xuhui-ai-2022.pol $pol/lingang-ai-2020.pol $pol/putuo-software-2024.pol"

count() {   # count FILE STRING: occurrences
  grep -o -- "$2" "$1" | wc -l | tr -d ' '
}

# shellcheck disable=SC2086
expect_status 0 "report" "$polc" report $three --registry "$reg" --as-of 2025-06-01 \
  -o "$tmp/report.html"
# shellcheck disable=SC2086
"$polc" eval $three --registry "$reg" --as-of 2025-06-01 --summary --format json > "$tmp/s.json"
rules=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rules"]))' "$tmp/s.json")
years=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["all"]["by_calendar_year"]))' "$tmp/s.json")
[ "$rules" -gt 40 ] || fail "the summary lists $rules rules"
[ "$(count "$tmp/report.html" 'class="bar rule"')" = "$rules" ] || fail "not one bar per rule ($rules)"
[ "$(count "$tmp/report.html" 'class="bar paid"')" = "$rules" ] || fail "not one bar of applicants per rule"
[ "$(count "$tmp/report.html" 'class="bar year"')" = "$years" ] || fail "not one bar per year ($years)"
[ "$(count "$tmp/report.html" 'class="bar band"')" = 7 ] || fail "not seven award bands"
expect_grep "$tmp/report.html" "按公式确定" "committed versus at most"
expect_grep "$tmp/report.html" "第二条（一）" "the rules' citations"
expect_grep "$tmp/report.html" "@media print" "a print style"
grep -qi '<script\|src=\|href=\|@import\|url(' "$tmp/report.html" && fail "the report loads or runs something"

# Escaping: a bad cell (with markup) is in the rejected rows' messages.
{ head -3 "$reg"; sed -n 4p "$reg" | sed 's/,true,/,<i>\&x<\/i>,/'; sed -n '5,$p' "$reg"; } > "$tmp/bad.csv"
# shellcheck disable=SC2086
expect_status 1 "report with a bad row" "$polc" report $three --registry "$tmp/bad.csv" \
  --as-of 2025-06-01 -o "$tmp/bad.html"
expect_grep "$tmp/bad.html" '&lt;i&gt;&amp;x&lt;/i&gt;' "an escaped cell"
grep -q '<i>&x' "$tmp/bad.html" && fail "a cell written unescaped"
expect_grep "$tmp/bad.html" "1 行未能测算" "the count of rejected rows"

# A run that fails leaves nothing.
: > "$tmp/empty.csv"
# shellcheck disable=SC2086
expect_status 1 "report of an empty registry" "$polc" report $three \
  --registry "$tmp/empty.csv" -o "$tmp/none.html"
[ -e "$tmp/none.html" ] && fail "a failed report left a file"
expect_status 2 "report without -o" "$polc" report "$pol/lingang-ai-2020.pol" --registry "$reg"

# A revision.
dir="$src/tests/golden/compare/reform"
expect_status 0 "report --base" "$polc" report "$dir/new.pol" "$pol/lingang-ai-2020.pol" \
  --base "$pol/xuhui-ai-2022.pol" "$pol/lingang-ai-2020.pol" --registry "$reg" \
  --as-of 2025-06-01 -o "$tmp/change.html"
[ "$(count "$tmp/change.html" 'class="bar change"')" = 42 ] || fail "not one change bar per rule"
expect_grep "$tmp/change.html" "增加 1 户，减少 10 户，不变 49 户" "winners and losers"
expect_grep "$tmp/change.html" "删除" "the removed rule"

# In a browser.
sh "$src/tests/tools/browser.sh" "$tmp/change.html" "$tmp/browser" > "$tmp/browser.out" 2>&1
status=$?
if [ "$status" = 77 ]; then
  echo "skipped the browser: chromium is not installed"
elif [ "$status" != 0 ]; then
  fail "browser.sh: exit $status"
  cat "$tmp/browser.out"
fi
[ "$failures" = 0 ] || exit 1
echo "ok"
