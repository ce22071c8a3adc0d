#!/bin/sh
# test_issue16_sqlite_summary.sh POLC SOURCE_DIR - issue 16, point 2:
# -o FILE.sqlite --summary writes the summary as a second table
# (OUT_TABLE_summary), amounts in INTEGER fen, the same figures as
# --summary --format json, under both engines; written with the results,
# atomically (a failed run leaves the old file as it was).
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"
XDG_CACHE_HOME="$tmp/cache"; export XDG_CACHE_HOME   # native code, for --engine jit
forms="$src/tests/golden/eval/forms"
cd "$src/tests/golden/eval/bad_rows" || exit 1
pols="$forms/forms.pol $forms/rival.pol"
q() { sqlite3 -batch "$@"; }

"$polc" eval $pols --registry registry.csv --as-of 2024-06-01 --summary --format json \
  > "$tmp/summary.json" 2>/dev/null
python3 - "$tmp/summary.json" > "$tmp/want" <<'PY' || fail "the JSON summary"
import json, sys
d = json.load(open(sys.argv[1]))
fen = lambda y: round(y * 100)
def line(scope, name, t):
    print("|".join(str(x) for x in [scope, name, t["paid"], fen(t["total"]), fen(t.get("external", 0)),
                                     fen(t.get("committed", t["total"])), fen(t.get("at_most", 0)), fen(t["max"])]))
line("all", "", d["all"])
for p in d["policies"]:
    line("policy", p["policy"], p)
for r in d["rules"]:
    line("rule", r["rule"], r)
PY
for engine in interp jit; do
  rm -f "$tmp/r.sqlite"
  expect_status 1 "-o FILE.sqlite --summary ($engine)" \
    "$polc" eval $pols --registry registry.csv --as-of 2024-06-01 --engine $engine \
    -o "$tmp/r.sqlite" --summary
  q "$tmp/r.sqlite" "SELECT scope, name, paid, total, external, committed, at_most, largest \
     FROM results_summary ORDER BY rowid" > "$tmp/got"
  cmp -s "$tmp/want" "$tmp/got" || { fail "the summary table differs from the JSON summary ($engine)"; diff "$tmp/want" "$tmp/got" | head; }
  [ "$(q "$tmp/r.sqlite" "SELECT evaluated || ',' || rejected FROM results_summary WHERE scope = 'all'")" = "4,8" ] \
    || fail "the summary table: not 4 rows evaluated, 8 rejected ($engine)"
  [ "$(q "$tmp/r.sqlite" "SELECT typeof(total) FROM results_summary WHERE scope = 'all'")" = integer ] \
    || fail "the summary's amounts are not INTEGER"
  [ "$(q "$tmp/r.sqlite" "SELECT sum(total) FROM results")" = "$(q "$tmp/r.sqlite" "SELECT total FROM results_summary WHERE scope = 'all'")" ] \
    || fail "the summary's total is not the results' sum ($engine)"
done
# --out-table NAME: NAME_summary; no --summary: no summary table
expect_status 1 "--out-table with --summary" \
  "$polc" eval $pols --registry registry.csv --as-of 2024-06-01 -o "$tmp/t.sqlite" --out-table grants --summary
[ "$(q "$tmp/t.sqlite" "SELECT count(*) FROM grants_summary")" -gt 1 ] || fail "--out-table grants: no grants_summary"
expect_status 1 "-o FILE.sqlite without --summary" \
  "$polc" eval $pols --registry registry.csv --as-of 2024-06-01 -o "$tmp/n.sqlite"
q "$tmp/n.sqlite" ".tables" | grep -q summary && fail "a summary table without --summary"
# atomic: a run that cannot read its registry leaves the old file
cp "$tmp/r.sqlite" "$tmp/old.sqlite"
printf 'not a workbook' > "$tmp/bad.xlsx"
expect_status 2 "a broken registry" \
  "$polc" eval $pols --registry "$tmp/bad.xlsx" --as-of 2024-06-01 -o "$tmp/r.sqlite" --summary
cmp -s "$tmp/r.sqlite" "$tmp/old.sqlite" || fail "a failed run changed the SQLite file"

[ "$failures" -eq 0 ] || exit 1
echo "issue16_sqlite_summary: ok"
