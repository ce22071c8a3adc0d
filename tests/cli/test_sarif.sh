#!/bin/sh
# test_sarif.sh POLC SOURCE_DIR - the SARIF of `polc check` has what code
# scanning tools read: tool.driver.rules with every code's id,
# shortDescription and help; results naming their rule by ruleId and
# ruleIndex; a note as relatedLocations; an exact fix as fixes.
set -u
polc=$1
src=$2
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src/tests/golden/check" || exit 1
# duplicate_rule: a note ("first declared here"); unknown_name: a
# did-you-mean fix; issue19_slip_share_as_fraction: a syntax error's fix
"$polc" check --format sarif duplicate_rule.pol unknown_name.pol \
  issue19_slip_share_as_fraction.pol >"$tmp/out.sarif" 2>"$tmp/err"
status=$?
if [ "$status" != 1 ]; then
  echo "FAIL: polc check exited $status, expected 1"; cat "$tmp/err"; exit 1
fi
python3 - "$tmp/out.sarif" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
fail = []
def check(ok, what):
    if not ok:
        fail.append(what)
run = doc["runs"][0]
rules = run["tool"]["driver"]["rules"]
check(len(rules) >= 40, "tool.driver.rules has %d rules" % len(rules))
ids = [r["id"] for r in rules]
check(len(set(ids)) == len(ids), "rule ids are unique")
for r in rules:
    check(r["shortDescription"]["text"] and r["help"]["text"],
          "rule %s has a shortDescription and help" % r["id"])
results = run["results"]
check(len(results) >= 4, "%d results" % len(results))
for res in results:
    check(res["ruleId"] in ids, "result's ruleId %s is a rule" % res["ruleId"])
    check(ids[res["ruleIndex"]] == res["ruleId"],
          "ruleIndex of %s points at its rule" % res["ruleId"])
    check(res["level"] in ("error", "warning"), "no note is a result of its own")
related = [r for r in results if r.get("relatedLocations")]
check(any(l["message"]["text"] == "first declared here" and
          l["physicalLocation"]["region"]["startLine"] == 5
          for r in related for l in r["relatedLocations"]),
      "duplicate_rule's note is a relatedLocation at line 5")
fixes = {r["ruleId"]: r["fixes"][0] for r in results if r.get("fixes")}
def replacement(fix):
    change = fix["artifactChanges"][0]
    rep = change["replacements"][0]
    return change["artifactLocation"]["uri"], rep["deletedRegion"], rep["insertedContent"]["text"]
check("unknown-name" in fixes and replacement(fixes["unknown-name"])[2] == "paid_in_capital",
      "unknown_name's fix inserts paid_in_capital")
if "syntax" in fixes:
    uri, region, text = replacement(fixes["syntax"])
    check(uri == "issue19_slip_share_as_fraction.pol" and text == "2%" and
          region["startLine"] == 9 and region["startColumn"] == 9 and
          region["endColumn"] == 13, "0.02 is replaced with 2%")
else:
    check(False, "issue19_slip_share_as_fraction's syntax error has a fix")
for f in fail:
    print("FAIL:", f)
if fail:
    sys.exit(1)
print("ok: %d rules, %d results" % (len(rules), len(results)))
PY
