#!/bin/sh
# test_compare.sh POLC SOURCE_DIR - `polc compare` and the annual budget
# (issue 18).  A reform of xuhui_ai_2022 (tests/golden/compare/reform: a
# cap lowered, a tier added, a rule removed) beside lingang_ai_2020 over
# the example registry: the rows and the summary are the golden files,
# under both engines and with every format; every delta equals two
# independent `polc eval` runs joined by id (tests/tools/compare_check.py);
# rejected rows are reported as eval reports them; calendar-year budgets
# equal schedules placed by hand.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"
dir="$src/tests/golden/compare/reform"
pol="$src/policies"
reg="$src/examples/registry.csv"
sets="--base $pol/xuhui-ai-2022.pol $pol/lingang-ai-2020.pol --new $dir/new.pol $pol/lingang-ai-2020.pol"

same() {   # same EXPECTED ACTUAL WHAT
  if [ "${POLC_UPDATE_GOLDEN:-}" = 1 ]; then cp "$2" "$1"; return; fi
  cmp -s "$1" "$2" || { fail "$3 differs from $1"; diff -u "$1" "$2" | head -20; }
}

# shellcheck disable=SC2086
for engine in interp jit; do
  expect_status 0 "compare csv ($engine)" \
    "$polc" compare $sets --registry "$reg" --as-of 2025-06-01 --engine $engine --format csv
  same "$dir/expected.csv" "$tmp/out" "compare csv ($engine)"
  expect_status 0 "compare summary ($engine)" \
    "$polc" compare $sets --registry "$reg" --as-of 2025-06-01 --engine $engine --summary
  same "$dir/expected.summary" "$tmp/out" "compare --summary ($engine)"
  expect_status 0 "compare jsonl ($engine)" \
    "$polc" compare $sets --registry "$reg" --as-of 2025-06-01 --engine $engine --format jsonl
  same "$dir/expected.jsonl" "$tmp/out" "compare jsonl ($engine)"
  # issue18_compare_committed: each side's total split, as eval --committed.
  expect_status 0 "compare --committed ($engine)" \
    "$polc" compare $sets --registry "$reg" --as-of 2025-06-01 --engine $engine --committed
  same "$dir/expected-committed.csv" "$tmp/out" "compare --committed ($engine)"
  # issue18_compare_threads: 3 threads write the bytes of 1 (the goldens),
  # rows and summary (tests/cli/test_issue18_compare_threads.sh: a registry
  # of several batches).
  "$polc" compare $sets --registry "$reg" --as-of 2025-06-01 --engine $engine --committed \
    --threads 3 > "$tmp/t3.csv" 2> "$tmp/t3.err" || fail "compare --threads 3 ($engine)"
  same "$dir/expected-committed.csv" "$tmp/t3.csv" "compare --threads 3 ($engine)"
  grep -q "note: --threads" "$tmp/t3.err" && fail "compare --threads 3 gave a note"
  "$polc" compare $sets --registry "$reg" --as-of 2025-06-01 --engine $engine --summary \
    --threads 3 > "$tmp/s3" 2>/dev/null || fail "compare --summary --threads 3 ($engine)"
  same "$dir/expected.summary" "$tmp/s3" "compare --summary --threads 3 ($engine)"
done

# issue18_compare_threads: JSON Lines and the table, 1 and 3 threads.
for form in jsonl table; do
  for threads in 1 3; do
    # shellcheck disable=SC2086
    "$polc" compare $sets --registry "$reg" --as-of 2025-06-01 --engine interp --committed \
      --format $form --threads $threads > "$tmp/t$threads.$form" 2> "$tmp/t$threads.err" ||
      fail "compare --format $form --threads $threads"
  done
  [ -s "$tmp/t1.$form" ] || fail "compare --format $form wrote nothing"
  cmp -s "$tmp/t1.$form" "$tmp/t3.$form" || fail "compare --format $form differs with threads"
  grep -q "note: --threads" "$tmp/t1.err" && fail "compare --threads 1 gave the note"
done
expect_grep "$tmp/t1.table" "base committed  *base at most" "the table's split"

# issue18_compare_committed: committed + at_most is each side's total on
# every row, and the sums over the rows are the summary's.
# shellcheck disable=SC2086
"$polc" compare $sets --registry "$reg" --as-of 2025-06-01 --committed -o "$tmp/split.csv" \
  --summary --format json > "$tmp/split-summary.json" || fail "compare --committed --summary"
python3 - "$tmp/split.csv" "$tmp/split-summary.json" <<'PY' || fail "compare's committed and at_most"
import csv, json, sys
from decimal import Decimal
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
split = ["base_committed", "base_at_most", "new_committed", "new_at_most"]
assert list(rows[0])[:8] == ["id", "base", "new", "delta"] + split, list(rows[0])[:8]
total = json.load(open(sys.argv[2], encoding="utf-8"))["all"]
for r in rows:
    for side in ("base", "new"):
        assert Decimal(r[side + "_committed"]) + Decimal(r[side + "_at_most"]) == \
            Decimal(r[side]), (r["id"], side)
cent = Decimal("0.01")
for side in ("base", "new"):
    for key, summary in (("committed", total["committed"]), ("at_most", total["at_most"])):
        got = sum(Decimal(r[side + "_" + key]) for r in rows)
        want = Decimal(str(summary[side])).quantize(cent)
        assert got == want, (side, key, got, want)
for key in split:
    assert sum(Decimal(r[key]) for r in rows) > 0, (key, "nothing tested")
PY

# issue18_compare_output_kind: -o of a workbook or a database is refused,
# and nothing is written under that name.
for name in out.xlsx out.sqlite out.db; do
  # shellcheck disable=SC2086
  expect_status 2 "compare -o $name" "$polc" compare $sets --registry "$reg" -o "$tmp/$name"
  expect_grep "$tmp/err" "name a .csv or .jsonl file" "compare -o $name says why"
  [ -e "$tmp/$name" ] && fail "compare -o $name wrote a file"
done

# The deltas against two evals joined by id; the summary against the rows.
# shellcheck disable=SC2086
"$polc" compare $sets --registry "$reg" --as-of 2025-06-01 --threads 2 --summary \
  --format json -o "$tmp/compare.csv" > "$tmp/summary.json" || fail "compare -o with --summary"
"$polc" eval "$pol/xuhui-ai-2022.pol" "$pol/lingang-ai-2020.pol" --registry "$reg" \
  --as-of 2025-06-01 -o "$tmp/base.csv" || fail "eval of the base"
"$polc" eval "$dir/new.pol" "$pol/lingang-ai-2020.pol" --registry "$reg" \
  --as-of 2025-06-01 -o "$tmp/new.csv" || fail "eval of the new"
python3 "$src/tests/tools/compare_check.py" "$tmp/base.csv" "$tmp/new.csv" \
  "$tmp/compare.csv" "$tmp/summary.json" > "$tmp/check" || { fail "compare_check"; cat "$tmp/check"; }
expect_grep "$tmp/check" "1 gain, 10 lose, 49 unchanged, 0 differences" "the reform's winners and losers"
expect_grep "$tmp/summary.json" '"status": "removed"' "a removed rule"

# Rejected rows: the same messages as eval, row for row.
{ head -3 "$reg"; sed -n 4p "$reg" | sed 's/,true,/,maybe,/'; sed -n '5,$p' "$reg"; } > "$tmp/bad.csv"
"$polc" eval "$pol/xuhui-ai-2022.pol" "$pol/lingang-ai-2020.pol" --registry "$tmp/bad.csv" \
  --as-of 2025-06-01 -o "$tmp/e.csv" 2> "$tmp/eval.err"
# shellcheck disable=SC2086
expect_status 1 "compare with a bad row" "$polc" compare $sets --registry "$tmp/bad.csv" \
  --as-of 2025-06-01 -o "$tmp/c.csv"
grep -v '^polc eval:' "$tmp/eval.err" > "$tmp/eval.lines"
grep -v '^polc compare:' "$tmp/err" > "$tmp/compare.lines"
[ -s "$tmp/eval.lines" ] || fail "the bad row was not rejected"
cmp -s "$tmp/eval.lines" "$tmp/compare.lines" || { fail "compare reports a bad row unlike eval";
  diff "$tmp/eval.lines" "$tmp/compare.lines"; }
expect_grep "$tmp/err" "polc compare: 1 row rejected" "the count of rejected rows"
[ "$(wc -l < "$tmp/c.csv")" = 60 ] || fail "compare: not 59 rows and a header after a bad row"

# Calendar years by hand: lingang_ai_2020.settlement pays 500万 in
# 40% 30% 30%; one row applies on 2021-05-01, one on 2022-11-30:
# 2021 200万; 2022 150万 + 200万; 2023 150万 + 150万; 2024 150万.
python3 - "$reg" "$tmp/two.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
dates = {"91310115MA1LAL33MT": "2021-05-01", "91310115MA139RFKE2": "2022-11-30"}
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]))
    w.writeheader()
    for r in rows:
        if r["id"] in dates:
            r["application_date"] = dates[r["id"]]
            w.writerow(r)
PY
"$polc" eval "$pol/lingang-ai-2020.pol" --registry "$tmp/two.csv" --summary --format json \
  > "$tmp/two.json" || fail "eval --summary of two rows"
expect_grep "$tmp/two.json" \
  '"rule": "lingang_ai_2020.settlement", .*"by_calendar_year": {"2021": 2000000.00, "2022": 3500000.00, "2023": 3000000.00, "2024": 1500000.00}' \
  "the settlement's calendar years"
"$polc" eval "$pol/lingang-ai-2020.pol" --registry "$tmp/two.csv" --summary --by application_date \
  > "$tmp/by.txt" || fail "eval --summary --by"
expect_grep "$tmp/by.txt" "^by application_date" "the --by section"
expect_grep "$tmp/by.txt" "^2021-05-01  *1  *1 " "a --by group"
expect_status 2 "--by an unknown column" "$polc" eval "$pol/lingang-ai-2020.pol" \
  --registry "$tmp/two.csv" --summary --by nonesuch
expect_grep "$tmp/err" "nonesuch" "--by an unknown column names it"

# eval --committed: each row's total split; the rows' sums are the
# summary's (two paths: the row writer and the summary), with any threads.
for threads in 1 2; do
  "$polc" eval "$pol/xuhui-ai-2022.pol" "$pol/lingang-ai-2020.pol" --registry "$reg" \
    --as-of 2025-06-01 --committed --threads $threads -o "$tmp/split-$threads.csv" ||
    fail "eval --committed"
done
cmp -s "$tmp/split-1.csv" "$tmp/split-2.csv" || fail "eval --committed differs with threads"
"$polc" eval "$pol/xuhui-ai-2022.pol" "$pol/lingang-ai-2020.pol" --registry "$reg" \
  --as-of 2025-06-01 --summary --format json > "$tmp/split.json"
python3 - "$tmp/split-1.csv" "$tmp/split.json" <<'PY' || fail "committed and at_most of the rows"
import csv, json, sys
from decimal import Decimal
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
total = json.load(open(sys.argv[2], encoding="utf-8"))["all"]
assert list(rows[0])[:4] == ["id", "total", "committed", "at_most"], list(rows[0])[:4]
for r in rows:
    assert Decimal(r["committed"]) + Decimal(r["at_most"]) == Decimal(r["total"]), r["id"]
for key in ("committed", "at_most"):
    got = sum(Decimal(r[key]) for r in rows)
    want = Decimal(str(total[key])).quantize(Decimal("0.01"))
    assert got == want and got > 0, (key, got, want)
PY

# --by over a column of more than 100 values: said, and the same for any
# number of threads (which values a thread met first must not matter).
python3 - "$reg" "$tmp/many.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]))
    w.writeheader()
    for i in range(6000):
        r = dict(rows[i % len(rows)])
        r["id"] = "%s-%d" % (r["id"], i)
        w.writerow(r)
PY
for threads in 1 2; do
  for column in id district; do
    "$polc" eval "$pol/lingang-ai-2020.pol" --registry "$tmp/many.csv" --as-of 2025-06-01 \
      --summary --by $column --threads $threads --engine interp > "$tmp/by-$column-$threads" ||
      fail "eval --by $column --threads $threads"
  done
done
cmp -s "$tmp/by-id-1" "$tmp/by-id-2" || fail "--by id differs with threads"
cmp -s "$tmp/by-district-1" "$tmp/by-district-2" || fail "--by district differs with threads"
expect_grep "$tmp/by-id-1" "^by id: more than 100 values, not broken down" "too many values said"
expect_grep "$tmp/by-district-2" "^临港  *1600 " "a district's rows"

# Usage.
expect_status 2 "compare without --new" "$polc" compare --base "$pol/lingang-ai-2020.pol" \
  --registry "$reg"
expect_status 2 "compare, a policy before --base" "$polc" compare "$pol/lingang-ai-2020.pol" \
  --registry "$reg"
[ "$failures" = 0 ] || exit 1
echo "ok"
