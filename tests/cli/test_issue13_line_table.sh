#!/bin/sh
# test_issue13_line_table.sh POLC SOURCE_DIR - native code names the policy
# lines it comes from (issue 13): lowering gives every instruction the span
# of its AST node, so a cached object's DWARF line table names each policy
# file and the line of each award, not line 1 for everything; `polc ir`
# prints the same lines as `; FILE:LINE` (none with --no-lines).
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"

cd "$src/tests/golden/eval/forms" || exit 1
run="eval forms.pol rival.pol --registry registry.csv --as-of 2024-06-01"
line_of() {   # line_of FILE PATTERN: the number of the first line matching
  grep -n -- "$2" "$1" | head -1 | cut -d: -f1
}
rival_award=$(line_of rival.pol "award 50% of compute_spend")
rival_settle=$(line_of rival.pol "award 100万 when newly_settled")
forms_rule=$(line_of forms.pol "^rule ")
[ -n "$rival_award" ] && [ -n "$rival_settle" ] && [ -n "$forms_rule" ] ||
  fail "issue13_line_table: the awards looked for are not in rival.pol and forms.pol"

"$polc" $run --engine interp > "$tmp/interp.csv" || fail "issue13_line_table: the interpreter's run"
expect_status 0 "issue13_line_table: native code into the cache" \
  env XDG_CACHE_HOME="$tmp/xdg" "$polc" $run --engine jit --jit-opt 2
cmp -s "$tmp/out" "$tmp/interp.csv" || fail "issue13_line_table: the figures differ from the interpreter's"
so=$(ls "$tmp"/xdg/polc/*.so 2>/dev/null | head -1)
[ -n "$so" ] || fail "issue13_line_table: nothing was cached"

# file name, line number, address: the lines of each policy file
readelf -W --debug-dump=decodedline "$so" > "$tmp/table" 2>&1 ||
  fail "issue13_line_table: readelf cannot read the line table of $so"
lines() {   # lines FILE: the distinct lines the table gives FILE
  awk -v f="$1" '$1 == f && $2 ~ /^[0-9]+$/ { print $2 }' "$tmp/table" | sort -un
}
lines rival.pol > "$tmp/rival"
lines forms.pol > "$tmp/forms"
for want in "$rival_award" "$rival_settle"; do
  grep -qx "$want" "$tmp/rival" ||
    fail "issue13_line_table: the line table has no code at rival.pol:$want (an award line)"
done
[ "$(wc -l < "$tmp/forms")" -ge 5 ] ||
  fail "issue13_line_table: forms.pol has code at $(wc -l < "$tmp/forms") lines of the table only"
# the old code put every instruction at line 1
awk -v first="$forms_rule" '$1 >= first { n++ } END { exit n == 0 }' "$tmp/forms" ||
  fail "issue13_line_table: no code of forms.pol at or after its first rule (line $forms_rule)"

# polc ir names the same lines; --no-lines leaves them out
expect_status 0 "issue13_line_table: polc ir" "$polc" ir rival.pol
expect_grep "$tmp/out" "^    ; rival.pol:$rival_award\$" "issue13_line_table: polc ir names the award line"
expect_status 0 "issue13_line_table: polc ir --no-lines" "$polc" ir --no-lines rival.pol
grep -q "; rival.pol:" "$tmp/out" && fail "issue13_line_table: --no-lines still prints lines"

echo "$failures failure(s)"
[ "$failures" = 0 ]
