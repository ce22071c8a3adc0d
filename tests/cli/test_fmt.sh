#!/bin/sh
# test_fmt.sh POLC SOURCE_DIR - `polc fmt` on the command line: in place,
# --check, exit statuses, files it refuses; and that the layout never
# changes what a policy means: every .pol of the project that compiles
# gives the same program (`polc ir`) once formatted, and formatting twice
# changes nothing.
set -u
polc=$1
src=$2
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

expect_status 0 "the project's policies are in the canonical layout" \
  "$polc" fmt --check "$src/policies" "$src/examples" "$src/stdlib"
[ -s "$tmp/out" ] && fail "fmt --check listed files: $(cat "$tmp/out")"

cp "$src/tests/golden/fmt/messy.pol" "$tmp/messy.pol"
cp "$tmp/messy.pol" "$tmp/messy.orig"
expect_status 1 "--check on a file to change" "$polc" fmt --check "$tmp/messy.pol"
expect_grep "$tmp/out" "^$tmp/messy.pol\$" "--check lists the file"
cmp -s "$tmp/messy.pol" "$tmp/messy.orig" || fail "--check changed the file"
expect_status 0 "fmt in place" "$polc" fmt "$tmp/messy.pol"
cmp -s "$tmp/messy.pol" "$src/tests/golden/fmt/messy.fmt" || fail "fmt in place: not messy.fmt"
expect_status 0 "--check after fmt" "$polc" fmt --check "$tmp/messy.pol"
# The file keeps its permissions (the new text is written beside it first).
cp "$src/tests/golden/fmt/messy.pol" "$tmp/shared.pol"
chmod 644 "$tmp/shared.pol"
expect_status 0 "fmt a shared file" "$polc" fmt "$tmp/shared.pol"
[ "$(stat -c %a "$tmp/shared.pol")" = 644 ] || fail "fmt changed the mode to $(stat -c %a "$tmp/shared.pol")"

# Standard input to standard output, for editors' filters.
expect_status 0 "fmt -" sh -c "\"$polc\" fmt - < \"$src/tests/golden/fmt/messy.pol\""
cmp -s "$tmp/out" "$src/tests/golden/fmt/messy.fmt" || fail "fmt -: not messy.fmt"
expect_status 1 "fmt --check -" sh -c "\"$polc\" fmt --check - < \"$src/tests/golden/fmt/messy.pol\""
expect_grep "$tmp/out" "^<stdin>\$" "--check - names standard input"
expect_status 1 "fmt - with a syntax error" sh -c "printf 'policy p \"p\"\\nrule r award 5%% of\\n' | \"$polc\" fmt -"
expect_grep "$tmp/err" "^<stdin>:2:19: error" "fmt -: the error is located"
[ -s "$tmp/out" ] && fail "fmt - printed text for a file that does not parse"
expect_status 2 "- among files" "$polc" fmt - "$tmp/messy.pol"

# A file that does not parse is reported and left as it is.
printf 'policy p "p"\nrule r award 5%% of\n' > "$tmp/broken.pol"
cp "$tmp/broken.pol" "$tmp/broken.orig"
expect_status 1 "a syntax error" "$polc" fmt "$tmp/broken.pol"
expect_grep "$tmp/err" "broken.pol:2:19: error: expected an expression" "the syntax error is located"
cmp -s "$tmp/broken.pol" "$tmp/broken.orig" || fail "fmt changed a file that does not parse"

# Only comments (found by fuzz_policy: an empty first line), and nothing.
printf '# 草稿：尚未写任何规则\r\n\n' > "$tmp/draft.pol"
expect_status 0 "a file of comments" "$polc" fmt "$tmp/draft.pol"
[ "$(cat "$tmp/draft.pol")" = "# 草稿：尚未写任何规则" ] || fail "a file of comments: $(cat "$tmp/draft.pol")"
: > "$tmp/empty.pol"
expect_status 0 "an empty file" "$polc" fmt "$tmp/empty.pol"
[ -s "$tmp/empty.pol" ] && fail "an empty file gained bytes"

expect_status 2 "a missing file" "$polc" fmt "$tmp/none.pol"
expect_status 2 "an unknown flag" "$polc" fmt --frobnicate "$tmp/messy.pol"
expect_status 2 "no files" "$polc" fmt
expect_status 0 "--help" "$polc" fmt --help
expect_grep "$tmp/out" "usage: polc fmt" "--help prints the usage"

# The meaning is kept, on every .pol of the project (in a copy of the
# tree, so that relative imports still resolve): one that compiles gives the
# same program (`polc ir --no-lines`: fmt may join and drop lines); one with
# type errors gets the same messages, at other columns; one that does not
# parse is left alone.
mkdir -p "$tmp/tree"
cp -R "$src/policies" "$src/examples" "$src/stdlib" "$src/tests" "$tmp/tree/"
messages() {   # messages DIR FILE: what `polc check` says, without positions
  (cd "$1" && "$polc" check --color never "$2") 2>&1 |
    sed -n 's/^[^ ]*:[0-9]*:[0-9]*: \(error\|warning\): /\1: /p'
}
compiled=0; checked=0
for f in $(find "$tmp/tree" -name '*.pol' | sort); do
  dir=$(dirname "$f"); file=$(basename "$f"); name=${f#"$tmp"/tree/}
  (cd "$dir" && "$polc" ir --no-lines "$file") > "$tmp/before" 2>&1; ir=$?
  messages "$dir" "$file" > "$tmp/said-before"
  if ! "$polc" fmt "$f" 2>"$tmp/err"; then
    grep -q "would change the tokens" "$tmp/err" && fail "fmt could not lay out $name"
    continue   # a syntax error: left alone (asserted above)
  fi
  (cd "$dir" && "$polc" ir --no-lines "$file") > "$tmp/after" 2>&1
  messages "$dir" "$file" > "$tmp/said-after"
  if [ "$ir" = 0 ]; then
    cmp -s "$tmp/before" "$tmp/after" || fail "formatting $name changes its program"
    compiled=$((compiled + 1))
  fi
  cmp -s "$tmp/said-before" "$tmp/said-after" || fail "formatting $name changes its messages"
  "$polc" fmt --check "$f" > /dev/null || fail "formatting $name twice changes it"
  checked=$((checked + 1))
done
echo "formatted $checked files that parse, $compiled of them compile"
if [ "$compiled" -lt 20 ] || [ "$checked" -lt 90 ]; then
  fail "only $compiled files compiled, $checked formatted"
fi

echo "$failures failure(s)"
[ "$failures" = 0 ]
