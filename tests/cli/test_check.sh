#!/bin/sh
# test_check.sh POLC SOURCE_DIR - `polc check` on the command line: exit
# statuses, directories, formats, help.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"

expect_status 0 "a clean file" "$polc" check "$src/examples/first.pol"
expect_status 0 "the stdlib module" "$polc" check "$src/stdlib/enterprise.pol"

mkdir -p "$tmp/tree/sub/.hidden"
printf 'policy a "a"\n' > "$tmp/tree/a.pol"
printf 'policy b "b"\nlet x = 1 + "y"\n' > "$tmp/tree/sub/b.pol"
printf 'policy c "c"\nlet x = 1 + "y"\n' > "$tmp/tree/sub/.hidden/c.pol"
printf 'not a policy\n' > "$tmp/tree/notes.txt"
expect_status 1 "a directory with one bad file" "$polc" check "$tmp/tree"
expect_grep "$tmp/err" "sub/b.pol:2:9: error: cannot add" "a directory is walked"
if grep -q "c.pol" "$tmp/err"; then
  echo "FAIL: hidden folders are walked"; failures=$((failures + 1))
fi
expect_grep "$tmp/err" "1 error, 0 warnings" "the closing count"

expect_status 2 "a missing file" "$polc" check "$tmp/none.pol"
expect_grep "$tmp/err" "cannot open '$tmp/none.pol'" "a missing file is named"
expect_status 2 "an unknown flag" "$polc" check --frobnicate "$tmp/tree"
expect_grep "$tmp/err" "unknown option '--frobnicate'" "an unknown flag is named"
expect_status 2 "a bad --format" "$polc" check --format xml "$tmp/tree"
expect_status 2 "no files" "$polc" check
expect_status 2 "an unknown command" "$polc" frobnicate

printf 'policy w "w"\nimport enterprise\nrule r award 1万\n' > "$tmp/warn.pol"
expect_status 0 "a warning alone" "$polc" check "$tmp/warn.pol"
expect_grep "$tmp/err" "warning: rule \`r\` cites no article" "the warning is shown"
expect_status 1 "--werror" "$polc" check --werror "$tmp/warn.pol"

expect_status 1 "json" "$polc" check --format json "$tmp/tree/sub/b.pol"
expect_grep "$tmp/out" '"severity": "error"' "json on stdout"
expect_status 0 "json, clean" "$polc" check --format=json "$tmp/tree/a.pol"
expect_grep "$tmp/out" '^\[\]$' "an empty json array"
expect_status 1 "sarif" "$polc" check --format sarif "$tmp/tree/sub/b.pol"
expect_grep "$tmp/out" '"version": "2.1.0"' "sarif on stdout"
expect_grep "$tmp/out" '"startLine": 2' "sarif region"
# SARIF counts characters; the text form display columns (a Chinese
# character is two): the same mistake after 规则 is at 65 and at 67.
printf 'policy p "p"\nimport enterprise\nrule r "规则" award 5%% of paid_in_capital when paid_in_capital >= 2000\n' \
  > "$tmp/cjk.pol"
expect_status 1 "sarif after Chinese text" "$polc" check --format sarif "$tmp/cjk.pol"
expect_grep "$tmp/out" '"columnKind": "unicodeCodePoints"' "sarif says how it counts columns"
expect_grep "$tmp/out" '"startColumn": 65, "endLine": 3, "endColumn": 69' "sarif columns in characters"
expect_status 1 "text after Chinese text" "$polc" check "$tmp/cjk.pol"
expect_grep "$tmp/err" "cjk.pol:3:67: error" "text columns are display columns"
# --column-unit char: the text and JSON forms count characters too (editors
# such as VS Code), while the caret stays under the mistake
expect_status 1 "--column-unit char" "$polc" check --column-unit char "$tmp/cjk.pol"
expect_grep "$tmp/err" "cjk.pol:3:65: error" "--column-unit char: the text form"
expect_grep "$tmp/err" "^      | \{67\}\^~~~\$" "--column-unit char: the caret still under the mistake (display column 67)"
expect_status 1 "--column-unit=char as JSON" "$polc" check --column-unit=char --format json "$tmp/cjk.pol"
expect_grep "$tmp/out" '"column": 65, "end_line": 3, "end": 69' "--column-unit char: the JSON form"
expect_status 2 "a bad --column-unit" "$polc" check --column-unit bytes "$tmp/cjk.pol"

# issue11_cr_only_policy: a policy saved with classic Mac line ends (a lone
# CR each) is read line by line: its comment ends at the first CR (it used
# to hide the whole file: `0 passed, 0 failed`), its tests run, and
# positions name the right line.
printf '# saved with lone CRs\rpolicy refund "退回"\r  effective 2024-01-01 to 2026-12-31\r\rinput id: text\rinput sales: money default 0\r\rrule step "第一条"\r  award ladder sales {\r    >= 1亿 -> 100万\r    >= 10亿 -> 500万\r  }\r\rtest "passes" {\r  given sales = 12亿\r  expect step = 500万\r}\r\rtest "fails on purpose" {\r  given sales = 2亿\r  expect step = 1元\r}\r' \
  > "$tmp/cr_only.pol"
expect_status 1 "issue11_cr_only_policy: polc test" "$polc" test "$tmp/cr_only.pol"
expect_grep "$tmp/out" "^1 passed, 1 failed" "issue11_cr_only_policy: both tests run"
cat "$tmp/err" >>"$tmp/out"
expect_grep "$tmp/out" 'cr_only.pol:21:10: error: test "fails on purpose"' "issue11_cr_only_policy: the failure's line"
printf 'policy refund "退回"\r  effective 2024-01-01 to 2026-12-31\r\rinput id: text\rinput sales: money default 0\r\rrule step "第一条"\r  award ladder salez {\r    >= 1亿 -> 100万\r  }\r' \
  > "$tmp/cr_error.pol"
expect_status 1 "issue11_cr_only_policy: polc check" "$polc" check "$tmp/cr_error.pol"
expect_grep "$tmp/err" "cr_error.pol:8:16: error: unknown name .salez." "issue11_cr_only_policy: line:col of an error"
expect_grep "$tmp/err" "^    8 |   award ladder salez {\$" "issue11_cr_only_policy: the quoted line alone"

expect_status 0 "polc help" "$polc" help
for cmd in check eval explain test fmt ir; do
  expect_grep "$tmp/out" "  $cmd " "the overview lists $cmd"
done
expect_status 0 "polc help check" "$polc" help check
expect_grep "$tmp/out" "\-\-werror" "check's help names --werror"
expect_grep "$tmp/out" "\-\-format text|json|sarif" "check's help names --format"
expect_status 0 "polc check --help" "$polc" check --help
expect_grep "$tmp/out" "usage: polc check" "check --help"
expect_status 0 "polc --help" "$polc" --help
expect_status 0 "polc --version" "$polc" --version

# issue21_json_fix: --format json carries a diagnostic's exact fix (what
# editors apply for "did you mean"), its columns in the unit asked for: the
# `一` before `kind` is two display columns, one character.
printf 'policy p "p"\nimport enterprise\nrule r "一" kind setlement\n  award 1万\n' > "$tmp/fix.pol"
expect_status 1 "json with a fix" "$polc" check --format json "$tmp/fix.pol"
expect_grep "$tmp/out" '"fix": {"line": 3, "column": 18, "end_line": 3, "end": 27, "replacement": "settlement"}}' "json: the fix in display columns"
expect_status 1 "json with a fix, characters" "$polc" check --format json --column-unit char "$tmp/fix.pol"
expect_grep "$tmp/out" '"fix": {"line": 3, "column": 17, "end_line": 3, "end": 26, "replacement": "settlement"}}' "json: the fix in characters"

# POLC_STDLIB is searched first
mkdir -p "$tmp/lib"
printf 'input special_column: money "x" default 0\n' > "$tmp/lib/mylib.pol"
printf 'policy s "s"\nimport mylib\nrule r "1" award 5%% of special_column\n' > "$tmp/s.pol"
expect_status 1 "a module not on the path" "$polc" check "$tmp/s.pol"
POLC_STDLIB="$tmp/lib" expect_status 0 "POLC_STDLIB" "$polc" check "$tmp/s.pol"

echo "$failures failure(s)"
[ "$failures" = 0 ]
