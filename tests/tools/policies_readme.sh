#!/bin/sh
# policies_readme.sh POLC SOURCE_DIR [--check] - the coverage table of
# policies/README.md, between `<!-- polc doc: begin -->` and
# `<!-- polc doc: end -->`, is what `polc doc --format markdown` says of
# policies/*.pol (issue 20): this rewrites it in place.  With --check it
# changes nothing and exits 1, showing the difference and the command that
# updates the table, when the README says something else.
#   update:  make policies-readme   (= sh tests/tools/policies_readme.sh build/polc .)
polc=$1
src=$2
check=$3
readme="$src/policies/README.md"
begin='<!-- polc doc: begin -->'
end='<!-- polc doc: end -->'
export LC_ALL=C   # policies/*.pol in one order everywhere
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

for marker in "$begin" "$end"; do
  if [ "$(grep -cxF "$marker" "$readme")" != 1 ]; then
    echo "$readme: the line '$marker' must be there exactly once" >&2
    exit 2
  fi
done
"$polc" doc --format markdown "$src"/policies/*.pol >"$tmp/table" ||
  { echo "policies_readme.sh: polc doc failed" >&2; exit 2; }
# the README with the lines between the markers replaced by the table
awk -v begin="$begin" -v end="$end" -v table="$tmp/table" '
  $0 == begin { print; while ((getline line < table) > 0) print line; skip = 1; next }
  $0 == end { skip = 0 }
  !skip { print }
' "$readme" >"$tmp/README.md" || exit 2

if [ "$check" = "--check" ]; then
  if ! cmp -s "$readme" "$tmp/README.md"; then
    echo "policies/README.md: the coverage table differs from what polc doc says now:"
    diff -u "$readme" "$tmp/README.md" | sed 's/^/  /'
    echo "update it with:  make policies-readme"
    exit 1
  fi
  exit 0
fi
cmp -s "$readme" "$tmp/README.md" || cat "$tmp/README.md" >"$readme"
