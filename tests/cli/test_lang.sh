#!/bin/sh
# test_lang.sh POLC SOURCE_DIR - messages in Chinese: `--lang zh` and the
# locale variables select po/zh_CN.po; positions, codes and every figure
# stay as they are in English.  Expected Chinese output:
# tests/golden/lang/NAME.zh.err (polc check --lang zh of golden/check/NAME.pol),
# help*.zh.out, summary.zh.out and indicators.zh.out (eval), test_failing.zh.out
# (polc test) (POLC_UPDATE_GOLDEN=1 rewrites them).  explain's Chinese is in
# golden/explain/NAME/expected.zh.txt.
set -u
polc=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
src=$(cd "$2" && pwd -P)
. "$src/tests/cli/lib.sh"
unset POLC_STDLIB LANGUAGE LC_ALL LC_MESSAGES
export LANG=C
golden=$src/tests/golden/lang
checks=$src/tests/golden/check

compare() {   # compare EXPECTED_FILE ACTUAL_FILE
  if [ "${POLC_UPDATE_GOLDEN:-}" = 1 ]; then cp "$2" "$1"; return; fi
  cmp -s "$1" "$2" || { fail "$(basename "$1") differs:"; diff -u "$1" "$2" | head -30; }
}

# the check catalogue in Chinese, byte for byte
for expected in "$golden"/*.zh.err; do
  name=$(basename "$expected" .zh.err)
  (cd "$checks" && "$polc" check --color never --lang zh "$name.pol") >/dev/null 2>"$tmp/$name.err"
  compare "$expected" "$tmp/$name.err"
done
"$polc" help --lang zh >"$tmp/help" 2>&1; compare "$golden/help.zh.out" "$tmp/help"
"$polc" --lang zh help check >"$tmp/help_check" 2>&1; compare "$golden/help_check.zh.out" "$tmp/help_check"

# The issue's check: LANG=zh_CN.UTF-8 polc check on the draft with mistakes
# speaks Chinese (whether or not the C library has that locale), at the
# same positions and with the same severities as in English.
cd "$checks" || exit 1
"$polc" check --color never mistakes.pol 2>"$tmp/en" >/dev/null
for env in "LANG=zh_CN.UTF-8" "LC_ALL=zh_CN.UTF-8" "LC_MESSAGES=zh_CN.UTF-8" \
           "LANGUAGE=zh_CN LC_ALL=C.UTF-8"; do
  env $env "$polc" check --color never mistakes.pol 2>"$tmp/zh" >/dev/null
  status=$?
  [ "$status" = 1 ] || fail "$env polc check mistakes.pol: exit $status, expected 1"
  cmp -s "$tmp/zh" "$golden/mistakes.zh.err" ||
    { fail "$env polc check mistakes.pol is not the Chinese of --lang zh"; diff "$golden/mistakes.zh.err" "$tmp/zh" | head; }
  grep -o '^mistakes.pol:[0-9]*:[0-9]*: [a-z]*:' "$tmp/en" >"$tmp/en.at"
  grep -o '^mistakes.pol:[0-9]*:[0-9]*: [a-z]*:' "$tmp/zh" >"$tmp/zh.at"
  [ -s "$tmp/en.at" ] && cmp -s "$tmp/en.at" "$tmp/zh.at" ||
    fail "$env: the positions or severities differ from English"
done
grep -q '阶梯门槛必须逐行严格递增' "$tmp/zh" || fail "no Chinese message in the zh output"
grep -q '6 个错误，1 个警告' "$tmp/zh" || fail "the summary line is not in Chinese"
# --format json: the codes stay, the messages are translated
"$polc" check --lang zh --format json mistakes.pol >"$tmp/zh.json" 2>/dev/null
grep -q '"code": "type-mismatch"' "$tmp/zh.json" && grep -q '"message": "不能把 money 与 number 比较"' "$tmp/zh.json" ||
  fail "check --format json --lang zh: codes or messages wrong"

# English: by default, with --lang en over a Chinese locale, under LC_ALL=C
# (which ignores LANGUAGE, as gettext does)
for env in "LANG=C" "LANG=zh_CN.UTF-8 --lang en" "LANGUAGE=zh_CN LC_ALL=C"; do
  case $env in *--lang*) e=${env% --lang en}; set -- --lang en ;; *) e=$env; set -- ;; esac
  env $e "$polc" check "$@" --color never mistakes.pol 2>"$tmp/out" >/dev/null
  cmp -s "$tmp/out" "$tmp/en" || fail "$env: not English"
done
# --lang before or after the command, and a bad value
"$polc" --lang zh check mistakes.pol 2>&1 | grep -q '个错误' || fail "--lang zh before the command"
"$polc" check mistakes.pol --lang=zh 2>&1 | grep -q '个错误' || fail "--lang=zh after the command"
expect_status 2 "--lang fr" "$polc" --lang fr check mistakes.pol
expect_grep "$tmp/err" "--lang takes zh or en" "--lang fr names the values"
expect_status 2 "--lang without a value" "$polc" check mistakes.pol --lang

# Figures never change with the language: eval's output is byte for byte
# the same under a Chinese locale.
cd "$src/examples" || exit 1
for args in "--format csv" "--format jsonl" "--summary --format json -o $tmp/rows.csv"; do
  # shellcheck disable=SC2086
  LANG=C "$polc" eval first.pol --registry first-registry.csv $args >"$tmp/c.out" 2>"$tmp/c.err"
  # shellcheck disable=SC2086
  LANG=zh_CN.UTF-8 "$polc" eval first.pol --registry first-registry.csv $args >"$tmp/zh.out" 2>"$tmp/zh.err"
  [ -s "$tmp/c.out" ] || fail "eval $args printed nothing"
  cmp -s "$tmp/c.out" "$tmp/zh.out" || { fail "eval $args differs under LANG=zh_CN.UTF-8"; diff "$tmp/c.out" "$tmp/zh.out" | head; }
done
# the summary table: Chinese headers, padded by display width, so each
# header ends where its column's figures end
"$polc" eval --lang zh first.pol --registry first-registry.csv --summary -o "$tmp/rows.csv" >"$tmp/table" 2>&1
python3 - "$tmp/table" <<'PY' || fail "the Chinese summary table is not aligned"
import sys, unicodedata
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
width = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
head = next(l for l in lines if "合计" in l and "平均" in l)
row = next(l for l in lines if l.startswith("全部政策"))
ends = lambda s: [width(s[:i + 1]) for i in range(len(s)) if s[i] != " " and (i + 1 == len(s) or s[i + 1] == " ")]
sys.exit(0 if set(ends(row)[1:]) <= set(ends(head)) and len(ends(row)) > 5 else 1)
PY

# the summary table and the indicators of a plan, byte for byte
"$polc" eval --lang zh first.pol --registry first-registry.csv --summary -o "$tmp/rows.csv" >"$tmp/summary" 2>&1
compare "$golden/summary.zh.out" "$tmp/summary"
"$polc" eval --lang zh ../policies/xuhui-ai-plan-2025.pol --registry registry.csv >"$tmp/plan" 2>&1
compare "$golden/indicators.zh.out" "$tmp/plan"

# polc test in Chinese: a failing test's line (with the reason the rule
# paid 0) is translated, the closing line "N passed, N failed" stays English
# in every language: CI scripts read it, like a code (README.md).
sed -e 's/expect settlement = 150万/expect settlement = 151万/' \
    -e 's/^  expect revenue_milestone = 300万$/&\n  expect settlement = 100万/' first.pol >"$tmp/failing.pol"
grep -q 'expect settlement = 151万' "$tmp/failing.pol" || fail "failing.pol: the test was not changed"
(cd "$tmp" && "$polc" test --lang zh failing.pol) >"$tmp/test" 2>&1
status=$?
[ "$status" = 1 ] || fail "polc test --lang zh failing.pol: exit $status, expected 1"
compare "$golden/test_failing.zh.out" "$tmp/test"
grep -q '^[0-9]* passed, [1-9][0-9]* failed$' "$tmp/test" || fail "polc test --lang zh: the closing line is not English"
"$polc" test --lang zh first.pol >"$tmp/test" 2>&1
[ "$(tail -n 1 "$tmp/test")" = "3 passed, 0 failed" ] || { fail "polc test --lang zh first.pol: closing line"; cat "$tmp/test"; }

# a rejected row in Chinese: the overflow of a total, and JSON Lines
# syntax (the parser's reasons are translated where they are reported)
cd "$src/tests/golden/eval/issue11_total_overflow" || exit 1
"$polc" eval --lang zh big.pol --registry registry.csv >/dev/null 2>"$tmp/row.err"
grep -qx 'registry.csv:2: 合计中数额超出 64 位整数的范围；该行被拒绝' "$tmp/row.err" ||
  { fail "eval --lang zh: the rejected row is not in Chinese"; cat "$tmp/row.err"; }
printf '{"id": "a",}\n{"id": "b", "x": "\\q"}\n' >"$tmp/bad.jsonl"
"$polc" eval --lang zh big.pol --registry "$tmp/bad.jsonl" >/dev/null 2>"$tmp/json.err"
grep -q 'bad.jsonl:1: .*这里应为键（字符串）' "$tmp/json.err" && grep -q 'bad.jsonl:2: .*未知的转义' "$tmp/json.err" ||
  { fail "eval --lang zh: the JSON Lines errors are not in Chinese"; cat "$tmp/json.err"; }

echo "$failures failure(s)"
[ "$failures" = 0 ]
