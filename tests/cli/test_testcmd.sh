#!/bin/sh
# test_testcmd.sh POLC SOURCE_DIR - `polc test` for review pipelines
# (issue 20): each --format against its golden file in tests/golden/testcmd
# (POLC_UPDATE_GOLDEN=1 rewrites them), the JUnit XML's structure, -v,
# --run, coverage figures on a small policy written by hand, --coverage-min
# at its edge, both engines' coverage, and --cases tables (CSV, JSON Lines).
polc=$1
src=$2
. "$src/tests/cli/lib.sh"
dir=$src/tests/golden/testcmd
cd "$dir" || exit 1
export XDG_CACHE_HOME="$tmp/cache"

golden() {   # golden NAME WANT-STATUS ARGS...: stdout against NAME
  name=$1; want=$2; shift 2
  "$polc" test --lang en "$@" >"$tmp/$name" 2>"$tmp/$name.err"
  got=$?
  [ "$got" = "$want" ] || { fail "$name: exit $got, expected $want"; sed 's/^/  | /' "$tmp/$name.err"; }
  if [ -n "$POLC_UPDATE_GOLDEN" ]; then
    cp "$tmp/$name" "$dir/$name"
  elif ! cmp -s "$dir/$name" "$tmp/$name"; then
    fail "$name differs from its golden file"
    diff "$dir/$name" "$tmp/$name" | head -20 | sed 's/^/  | /'
  fi
}

golden text.out 1 small.pol wrong.pol
golden verbose.out 1 -v small.pol wrong.pol
golden json.out 1 --format json small.pol wrong.pol
golden junit.xml 1 --format junit small.pol wrong.pol
golden coverage.out 0 --coverage small.pol
golden coverage.json 0 --coverage --format json small.pol
golden cases.out 1 --as-of 2025-01-01 --cases cases.csv small.pol wrong.pol
golden cases_jsonl.out 1 --as-of 2025-01-01 --cases cases.jsonl small.pol

# A failure in the GCC form points at the failing `expect` (line 18, col 10).
expect_grep "$tmp/text.out" '^wrong.pol:18:10: error: test "写错的预期 <&"'"'"'>": expected settlement = 990,000.00, computed 1,000,000.00$' "GCC form"
expect_grep "$tmp/cases.out" '^cases.csv:5:1: error: column expect.settlement: expected 1,000,000.00, computed 0.00$' "a case names its file and row"

# The JUnit XML parses, and has the elements and attributes of the common
# JUnit schema (testsuites > testsuite > testcase > failure).
python3 - "$tmp/junit.xml" <<'PY' || fail "JUnit XML structure"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
for a in ("tests", "failures", "errors", "time"):
    assert a in root.attrib, a
suites = root.findall("testsuite")
assert [s.get("name") for s in suites] == ["small.pol", "wrong.pol"], suites
for s in suites:
    for a in ("name", "tests", "failures", "errors", "skipped", "time", "id"):
        assert a in s.attrib, a
    cases = s.findall("testcase")
    assert int(s.get("tests")) == len(cases)
    assert int(s.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
    for c in cases:
        for a in ("name", "classname", "time"):
            assert a in c.attrib, a
        assert set(ch.tag for ch in c) <= {"failure"}, [ch.tag for ch in c]
assert int(root.get("tests")) == 8 and int(root.get("failures")) == 1, root.attrib
bad = suites[1].findall("testcase")[1]
assert bad.get("name") == "写错的预期 <&\"'>", bad.get("name")
f = bad.find("failure")
assert f.get("message").startswith('test "写错的预期'), f.get("message")
assert "wrong.pol:18:10: " in f.text and "expected settlement = 990,000.00, computed 1,000,000.00" in f.text, f.text
assert "wrong.pol:20:10: " in f.text, f.text
PY

# The JSON parses and carries the figures.
python3 - "$tmp/json.out" "$tmp/coverage.json" <<'PY' || fail "JSON output"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["passed"] == 7 and r["failed"] == 1, r
bad = [t for t in r["tests"] if not t["passed"]][0]
assert bad["failures"][0]["expected"] == 990000.00 and bad["failures"][0]["computed"] == 1000000.00
c = json.load(open(sys.argv[2]))["coverage"]
assert (c["covered"], c["items"]) == (19, 25), c
PY

# --run: a part of the name, or a glob
"$polc" test -v --run 营收 small.pol >"$tmp/run" 2>&1
[ "$(grep -c '^PASS' "$tmp/run")" = 2 ] || { fail "--run 营收: two tests"; cat "$tmp/run"; }
"$polc" test -v --run '落户：*' small.pol >"$tmp/run" 2>&1
[ "$(grep -c '^PASS' "$tmp/run")" = 2 ] || { fail "--run glob: two tests"; cat "$tmp/run"; }
expect_status 1 "--run matching nothing" "$polc" test --run nothing-like-this small.pol
expect_grep "$tmp/err" "no test's name matches" "--run matching nothing says so"

# --coverage-min at its edge: 19 of 25 is 76.0%
expect_status 0 "--coverage-min 76 (exactly reached)" "$polc" test --coverage-min 76 small.pol
expect_status 1 "--coverage-min 76.1 (missed)" "$polc" test --coverage-min 76.1 small.pol
expect_grep "$tmp/err" "below --coverage-min" "--coverage-min says why it fails"
expect_status 2 "--coverage-min 101" "$polc" test --coverage-min 101 small.pol
expect_status 2 "--format xml" "$polc" test --format xml small.pol

# both engines report the same coverage
for engine in interp jit; do
  "$polc" test --engine $engine --coverage --format json small.pol >"$tmp/cov.$engine" 2>&1
done
cmp -s "$tmp/cov.interp" "$tmp/cov.jit" || fail "coverage differs between the engines"
grep -q '"covered": 19' "$tmp/cov.jit" || fail "coverage with the jit engine"

# The seed policies: every rule covered, every threshold tested just below
# (or at) and at (or just above): 100%.
expect_status 0 "polc test policies/ --coverage-min 100" "$polc" test --coverage-min 100 "$src/policies"
expect_grep "$tmp/out" "^coverage: 100.0% " "the seed policies' coverage"

exit $((failures > 0))
