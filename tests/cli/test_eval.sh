#!/bin/sh
# test_eval.sh POLC SOURCE_DIR - `polc eval`, `test`, `explain` and `ir` on
# the command line: exit statuses, -o written whole or not at all, standard
# input, formats, and the messages for misuse.
set -u
polc=$1
src=$2
forms="$src/tests/golden/eval/forms"
. "$(dirname "$0")/lib.sh"

cd "$forms" || exit 1
policies="forms.pol rival.pol"

# -o: the file appears whole, and a failed run leaves nothing behind
expect_status 0 "eval -o" "$polc" eval $policies --registry registry.csv --as-of 2024-06-01 -o "$tmp/out.csv"
cmp -s "$tmp/out.csv" expected.csv || { echo "FAIL: -o output differs"; failures=$((failures + 1)); }
ls "$tmp" | grep -q '\.tmp\.' && { echo "FAIL: a temporary file was left"; failures=$((failures + 1)); }
# ... with the mode a plain file would have (0666 less the umask), not the
# temporary's 0600
(umask 022 && "$polc" eval $policies --registry registry.csv --as-of 2024-06-01 -o "$tmp/mode.csv")
[ "$(stat -c %a "$tmp/mode.csv")" = 644 ] || fail "-o made a file of mode $(stat -c %a "$tmp/mode.csv")"
printf 'name\nx\n' > "$tmp/no-id.csv"
expect_status 1 "a registry without the id column" "$polc" eval $policies --registry "$tmp/no-id.csv" -o "$tmp/none.csv"
expect_grep "$tmp/err" "no column \`id\`" "the missing column is named"
[ -e "$tmp/none.csv" ] && { echo "FAIL: a failed run left an output file"; failures=$((failures + 1)); }

# standard input, and the table
expect_status 0 "registry from stdin" sh -c "\"$polc\" eval $policies --registry - --as-of 2024-06-01 --format csv < registry.csv"
cmp -s "$tmp/out" expected.csv || { echo "FAIL: stdin output differs"; failures=$((failures + 1)); }
expect_status 0 "table" "$polc" eval $policies --registry registry.csv --as-of 2024-06-01 --format table
expect_grep "$tmp/out" "18,296,665.00" "the table groups thousands"
expect_status 0 "summary as JSON" "$polc" eval $policies --registry registry.csv --as-of 2024-06-01 --summary --format json
expect_grep "$tmp/out" '"rows": 8' "the JSON summary counts rows"
# issue11_external: what `external` rules paid is reported apart, per rule,
# per policy and overall (forms.matching is the one external rule: 800,000)
expect_grep "$tmp/out" '"rule": "forms.matching", "paid": 1, "total": 800000.00, "external": 800000.00' "the JSON summary gives an external rule's part"
expect_grep "$tmp/out" '"policy": "forms", "paid": 4, "total": 22826665.00, "external": 800000.00' "the JSON summary gives a policy's external part"
expect_grep "$tmp/out" '"policy": "rival", "paid": 6, "total": 7000000.01, "mean"' "a policy without external rules has no external part"

# threads: the output is the same, byte for byte, for every number of them
for t in 1 2 4; do
  "$polc" eval $policies --registry "$src/tests/golden/eval/seed_formulas/registry.csv" \
    --as-of 2024-06-01 --format jsonl --threads $t > "$tmp/threads.$t" 2>&1
done
# (and they ran: identical failures would compare equal too)
[ "$(grep -c '"id"' "$tmp/threads.1")" -ge 100 ] || fail "eval --threads 1 wrote no rows"
cmp -s "$tmp/threads.1" "$tmp/threads.2" && cmp -s "$tmp/threads.1" "$tmp/threads.4" ||
  { echo "FAIL: the output depends on --threads"; failures=$((failures + 1)); }
# ... and so are the messages for rejected rows, across many batches: the
# bad rows of bad_rows/ repeated 4,000 times (30,000 rows)
bad="$src/tests/golden/eval/bad_rows/registry.csv"
awk -F, -v OFS=, 'NR == 1 { print; next } { rows[NR] = $0 }
  END { for (i = 1; i <= 4000; i++) for (r = 2; r <= NR; r++) {
          $0 = rows[r]; if ($1 != "") $1 = $1 "-" i; print } }' "$bad" > "$tmp/many-bad.csv"
for t in 1 3; do
  "$polc" eval $policies --registry "$tmp/many-bad.csv" --as-of 2024-06-01 --threads $t \
    > "$tmp/bad-out.$t" 2> "$tmp/bad-err.$t"
done
[ "$(wc -l < "$tmp/bad-err.1")" -gt 30000 ] || fail "the many-bad registry is not rejected row by row"
cmp -s "$tmp/bad-err.1" "$tmp/bad-err.3" && cmp -s "$tmp/bad-out.1" "$tmp/bad-out.3" ||
  fail "the messages for rejected rows depend on --threads"
# ... also when the reader rejects a record (JSON Lines: a bad line, a bad
# cell) next to a row an evaluator rejects (an overflow): in row order
printf 'policy ov "ov"\nimport enterprise\nrule big "1"\n  award 1000%% of paid_in_capital\n' \
  > "$tmp/ov.pol"
awk 'BEGIN { for (i = 0; i < 3000; i++) {
  printf "{\"id\": \"OK%d\", \"paid_in_capital\": \"100万\"}\n", i
  printf "{\"id\": \"BIG%d\", \"paid_in_capital\": \"9500000000000000\"}\n", i
  printf "{\"id\": \"BAD%d\", \"paid_in_capital\": \"maybe\"}\n", i
  printf "{\"id\": \"broken\n" } }' > "$tmp/mixed.jsonl"
for t in 1 3; do
  "$polc" eval "$tmp/ov.pol" --registry "$tmp/mixed.jsonl" --as-of 2024-06-01 --threads $t \
    > "$tmp/mixed-out.$t" 2> "$tmp/mixed-err.$t"
done
[ "$(grep -c overflows "$tmp/mixed-err.1")" = 3000 ] || fail "the mixed registry: no overflows"
cmp -s "$tmp/mixed-err.1" "$tmp/mixed-err.3" && cmp -s "$tmp/mixed-out.1" "$tmp/mixed-out.3" ||
  fail "the reader's and the evaluators' messages are not in row order with threads"
expect_status 0 "summary with threads" "$polc" eval $policies --registry registry.csv --as-of 2024-06-01 --summary --threads 3
cp "$tmp/out" "$tmp/summary.3"
expect_status 0 "summary, one thread" "$polc" eval $policies --registry registry.csv --as-of 2024-06-01 --summary --threads 1
cmp -s "$tmp/out" "$tmp/summary.3" || { echo "FAIL: the summary depends on --threads"; failures=$((failures + 1)); }

# a rejected row: the others go on, the status says so
cp registry.csv "$tmp/bad.csv"
echo 'B01,坏行,徐汇,true,false,many,0,0,false,false,0,0,0,0,0,false,0,0,' >> "$tmp/bad.csv"
expect_status 1 "a bad row" "$polc" eval $policies --registry "$tmp/bad.csv" --as-of 2024-06-01 --format csv
expect_grep "$tmp/err" "bad.csv:10: column headcount: cannot read \"many\" as count" "the bad cell is located"
[ "$(wc -l < "$tmp/out")" = 9 ] || { echo "FAIL: the good rows were not all written"; failures=$((failures + 1)); }

# misuse
expect_status 2 "no registry" "$polc" eval $policies
expect_status 2 "unknown format" "$polc" eval $policies --registry registry.csv --format xml
expect_status 2 "bad --as-of" "$polc" eval $policies --registry registry.csv --as-of 2024-02-30
expect_status 2 "missing registry file" "$polc" eval $policies --registry "$tmp/nothing.csv"
expect_status 2 "missing policy" "$polc" eval "$tmp/none.pol" --registry registry.csv
expect_status 1 "the same policy twice" "$polc" eval forms.pol forms.pol --registry registry.csv
expect_grep "$tmp/err" "given twice" "a policy given twice"
expect_status 2 "unknown engine" "$polc" eval $policies --registry registry.csv --engine fast

# polc test
expect_status 0 "polc test, passing" "$polc" test "$src/examples/first.pol"
expect_grep "$tmp/out" "^3 passed, 0 failed$" "the closing line"
sed 's/expect settlement = 150万/expect settlement = 151万/' "$src/examples/first.pol" > "$tmp/failing.pol"
expect_status 1 "polc test, failing" "$polc" test "$tmp/failing.pol"
expect_grep "$tmp/out" "failing.pol:31:10: error: test \"实缴3000万的新落户企业\": expected settlement = 1,510,000.00, computed 1,500,000.00" "the failure names file:line, expectation and result"
expect_grep "$tmp/out" "^2 passed, 1 failed$" "the closing line counts the failure"
expect_status 0 "polc test on a folder with a module" "$polc" test "$src/stdlib" "$src/examples"

# a test `with` another policy of the family: evaluated together (under
# LeakSanitizer this case found an interpreter leaked per `with` test)
mkdir -p "$tmp/family"
cp "$src/tests/golden/eval/seed_formulas/xuhui_ai_2022.pol" "$src/tests/golden/eval/seed_formulas/xuhui_llm_2023.pol" "$tmp/family/"
cat >> "$tmp/family/xuhui_llm_2023.pol" <<'POL'
test "算力补贴从高" with xuhui_ai_2022 {
  given district = "徐汇", llm_enterprise = true, compute_spend = 2000万
  expect compute = 600万
  expect xuhui_ai_2022.compute = 0
}
test "相同阶梯：先列的政策" with xuhui_ai_2022 {
  given district = "徐汇", llm_enterprise = true, annual_revenue = 3亿, rd_ratio = 5%
  expect revenue_milestone = 100万
  expect xuhui_ai_2022.revenue_milestone = 100万
}
POL
expect_status 1 "tests with another policy" "$polc" test "$tmp/family/xuhui_llm_2023.pol"
expect_grep "$tmp/out" "expected xuhui_ai_2022.revenue_milestone = 1,000,000.00, computed 0.00 (superseded by xuhui_llm_2023.revenue_milestone" "a stacking test names the winner"
expect_grep "$tmp/out" "^1 passed, 1 failed$" "the with-test that holds passes"

# polc explain
expect_status 0 "explain --given" "$polc" explain "$src/examples/first.pol" --as-of 2024-05-01 --given "district=徐汇,newly_settled=true,ai_aligned=true,paid_in_capital=3000万"
expect_grep "$tmp/out" "5% × 30,000,000.00 = 1,500,000.00" "explain shows the step"
expect_grep "$tmp/out" "cap 5,000,000.00 not reached" "explain shows the cap"
expect_grep "$tmp/out" "实缴资本 paid_in_capital = 30,000,000.00" "issue14 explain labels the inputs"
expect_status 0 "issue14 explain names the failed clause" "$polc" explain "$src/examples/first.pol" --as-of 2024-05-01 --given "district=徐汇,newly_settled=true,ai_aligned=true,paid_in_capital=1500万"
expect_grep "$tmp/out" "not met — paid_in_capital >= 2000万 is false (实缴资本 paid_in_capital = 15,000,000.00)" "issue14 explain names the failed clause with its value"
expect_status 0 "issue14 explain --format json" "$polc" explain "$src/examples/first.pol" --as-of 2024-05-01 --format json --given "district=徐汇,newly_settled=true,ai_aligned=true,paid_in_capital=1500万"
expect_grep "$tmp/out" '"failed_clauses": \[{"text": "paid_in_capital >= 2000万"' "issue14 explain json carries the failed clause"
expect_status 2 "issue14 explain --format other" "$polc" explain "$src/examples/first.pol" --format csv --given "paid_in_capital=1万"
expect_status 0 "explain --id" "$polc" explain $policies --registry registry.csv --id A06 --as-of 2024-06-01
expect_grep "$tmp/out" "superseded by rival.compute" "explain names the stacking winner"
expect_status 0 "explain an external rule" "$polc" explain $policies --registry registry.csv --id A01 --as-of 2024-06-01
expect_grep "$tmp/out" "external: the amount is set outside the text" "explain says a rule is external"
expect_grep "$tmp/out" "of which set outside the text (external rules) 800,000.00" "explain gives the external part of the total"
expect_status 1 "explain an unknown id" "$polc" explain $policies --registry registry.csv --id NOPE
expect_status 2 "explain without an applicant" "$polc" explain $policies

# polc ir
expect_status 0 "polc ir" "$polc" ir "$src/examples/first.pol"
expect_grep "$tmp/out" "roundfen" "the IR is printed"

# native code that links but cannot be loaded (a runtime library without
# polc's functions): the interpreter runs instead, with the same figures.
# This crashed once: the loader's error was read twice from dlerror().
echo 'int polc_unrelated(void) { return 0; }' > "$tmp/unrelated.c"
cc -c "$tmp/unrelated.c" -o "$tmp/unrelated.o" && ar rc "$tmp/fake-runtime.a" "$tmp/unrelated.o"
"$polc" eval $policies --registry registry.csv --as-of 2024-06-01 --engine interp > "$tmp/interp.csv"
expect_status 0 "native code that cannot be loaded" \
  env POLC_RUNTIME_LIB="$tmp/fake-runtime.a" XDG_CACHE_HOME="$tmp/cache" \
  "$polc" eval $policies --registry registry.csv --as-of 2024-06-01 --engine jit
cmp -s "$tmp/out" "$tmp/interp.csv" || fail "the fallback's figures differ from the interpreter's"
expect_grep "$tmp/err" "native code is not available" "the fallback is said"
[ -z "$(ls "$tmp/cache/polc" 2>/dev/null)" ] || fail "unloadable native code was cached"

# a damaged cache entry (a truncated .so) is rebuilt, never mapped: mapping
# it killed polc with SIGBUS once
expect_status 0 "native code into a fresh cache" env XDG_CACHE_HOME="$tmp/cache2" \
  "$polc" eval $policies --registry registry.csv --as-of 2024-06-01 --engine jit
for so in "$tmp"/cache2/polc/*.so; do
  head -c 20000 "$so" > "$tmp/half.so" && cat "$tmp/half.so" > "$so"
done
expect_status 0 "a truncated cache entry" env XDG_CACHE_HOME="$tmp/cache2" \
  "$polc" eval $policies --registry registry.csv --as-of 2024-06-01 --engine jit --verbose
cmp -s "$tmp/out" "$tmp/interp.csv" || fail "the figures after a truncated cache entry differ"
expect_grep "$tmp/err" "failed its check" "the damaged entry is said"

# issue 11: a policy with both a rule and an indicator crashed `polc test`
# and `polc explain` (their row outcome had no room for the indicators);
# every command on that shape (eval: golden/eval/issue11_rule_and_indicator*)
both="$src/tests/golden/eval/issue11_rule_and_indicator"
expect_status 0 "issue11 rule and indicator: check" "$polc" check "$both/policy.pol"
for engine in interp jit; do
  expect_status 0 "issue11 rule and indicator: test --engine $engine" \
    env XDG_CACHE_HOME="$tmp/cache-issue11" "$polc" test --engine $engine "$both/policy.pol"
  expect_grep "$tmp/out" "^1 passed, 0 failed$" "issue11 rule and indicator: the test passes ($engine)"
done
expect_status 0 "issue11 rule and indicator: explain --given" "$polc" explain "$both/policy.pol" \
  --as-of 2024-06-01 --given "capital=100万,ai=true"
expect_grep "$tmp/out" "10% × 1,000,000.00 = 100,000.00" "issue11 rule and indicator: explain --given shows the step"
expect_status 0 "issue11 rule and indicator: explain --id" "$polc" explain "$both/policy.pol" \
  --registry "$both/registry.csv" --id A2 --as-of 2024-06-01
expect_grep "$tmp/out" "cap 500,000.00 reached" "issue11 rule and indicator: explain --id shows the cap"
expect_status 0 "issue11 rule and indicator: ir" "$polc" ir "$both/policy.pol"
expect_grep "$tmp/out" "setind" "issue11 rule and indicator: ir sets the indicators"

# issue 11: application_date is read whether or not a policy declares it
# (language.md §7).  A policy importing its own module of columns, none of
# them application_date: eval (golden/eval/issue11_application_date*),
# test, explain.
mkdir -p "$tmp/lib"
printf 'input id: text "统一社会信用代码"\ninput capital: money "实缴资本" default 0\n' \
  > "$tmp/lib/own_columns.pol"
cat > "$tmp/own.pol" <<'POL'
policy own "自带列的政策"
  effective 2024-01-01 to 2025-12-31
import own_columns
rule settlement "第一条"
  award 10% of capital
test "申报于生效之前" {
  given capital = 100万
  given application_date = 2023-12-31
  expect settlement = 0
}
test "申报于生效期间" {
  given capital = 100万
  given application_date = 2025-06-30
  expect settlement = 10万
}
POL
printf 'id,capital,application_date\nEARLY,100万,2023-12-31\nWITHIN,100万,2025-06-30\n' > "$tmp/own.csv"
for engine in interp jit; do
  expect_status 0 "issue11 application_date: eval --engine $engine" env POLC_STDLIB="$tmp/lib" \
    XDG_CACHE_HOME="$tmp/cache-issue11" "$polc" eval "$tmp/own.pol" --registry "$tmp/own.csv" \
    --as-of 2024-06-01 --engine $engine
  expect_grep "$tmp/out" "^EARLY,0.00,0.00$" "issue11 application_date: the early row is not paid ($engine)"
  expect_grep "$tmp/out" "^WITHIN,100000.00,100000.00$" "issue11 application_date: the row within is paid ($engine)"
  expect_status 0 "issue11 application_date: test --engine $engine" env POLC_STDLIB="$tmp/lib" \
    XDG_CACHE_HOME="$tmp/cache-issue11" "$polc" test --engine $engine "$tmp/own.pol"
  expect_grep "$tmp/out" "^2 passed, 0 failed$" "issue11 application_date: given in a test ($engine)"
done
expect_status 0 "issue11 application_date: explain --id" env POLC_STDLIB="$tmp/lib" \
  "$polc" explain "$tmp/own.pol" --registry "$tmp/own.csv" --id EARLY --as-of 2024-06-01
expect_grep "$tmp/out" "evaluated as of 2023-12-31" "issue11 application_date: explain --id reads the column"
expect_grep "$tmp/out" "=> 0.00: not in force on 2023-12-31 (effective 2024-01-01 to 2025-12-31)" \
  "issue11 application_date: explain --id says why"
expect_status 0 "issue11 application_date: explain --given" env POLC_STDLIB="$tmp/lib" \
  "$polc" explain "$tmp/own.pol" --as-of 2024-06-01 --given "capital=100万,application_date=2023-12-31"
expect_grep "$tmp/out" "=> 0.00: not in force on 2023-12-31" "issue11 application_date: explain --given"
expect_status 0 "issue11 application_date: explain --given within" env POLC_STDLIB="$tmp/lib" \
  "$polc" explain "$tmp/own.pol" --as-of 2023-01-01 --given "capital=100万,application_date=2025-06-30"
expect_grep "$tmp/out" "=> 100,000.00" "issue11 application_date: explain --given within pays"

echo "$failures failure(s)"
[ "$failures" = 0 ]
