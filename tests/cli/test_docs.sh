#!/bin/sh
# test_docs.sh SOURCE_DIR - the reference in docs/ cannot drift from the
# code's own lists: every diagnostic code of compiler/README.md's table has
# an entry (a heading naming it) in docs/zh/diagnostics.md and
# docs/en/diagnostics.md; README.md points at docs/, never outside the
# repository; every relative link of README.md and docs/ leads to a file
# of the repository; and the reserved words listed are the lexer's.
set -u
src=$1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The codes: the backquoted words of the first cell of each row of the
# table under "## Diagnostic codes".
sed -n '/^## Diagnostic codes/,/^## /p' "$src/compiler/README.md" |
  grep '^| `' | cut -d'|' -f2 | grep -o '`[a-z0-9-]*`' | tr -d '`' | sort -u >"$tmp/codes"
[ "$(wc -l <"$tmp/codes")" -ge 40 ] ||
  fail "only $(wc -l <"$tmp/codes") codes read from compiler/README.md's table"

for lang in zh en; do
  doc=$src/docs/$lang/diagnostics.md
  [ -f "$doc" ] || { fail "no docs/$lang/diagnostics.md"; continue; }
  grep '^#' "$doc" | grep -o '`[a-z0-9-]*`' | tr -d '`' | sort -u >"$tmp/documented"
  for code in $(cat "$tmp/codes"); do
    grep -qx -- "$code" "$tmp/documented" ||
      fail "docs/$lang/diagnostics.md has no entry (a heading with \`$code\`) for the code $code of compiler/README.md"
  done
  # and no entry for a code that does not exist (renamed or removed)
  for code in $(cat "$tmp/documented"); do
    grep -qx -- "$code" "$tmp/codes" ||
      fail "docs/$lang/diagnostics.md documents \`$code\`, which compiler/README.md's table does not list"
  done
done

grep -n 'shared/spec\|shared/seeds' "$src/README.md" &&
  fail "README.md points at files outside the repository"
grep -q '](docs/README.md)' "$src/README.md" || fail "README.md does not link docs/README.md"
grep -q '](LICENSE)' "$src/README.md" || fail "README.md does not link LICENSE"

# Relative links [text](path) or [text](path#anchor) must name a file.
for md in "$src/README.md" $(find "$src/docs" -name '*.md'); do
  dir=$(dirname "$md")
  grep -o '](\([^)#:]*\)\(#[^)]*\)\?)' "$md" | sed 's/^](//; s/)$//; s/#.*//' | sort -u |
    while read -r target; do
      [ -n "$target" ] || continue
      [ -e "$dir/$target" ] || echo "${md#"$src"/} links to $target, which does not exist"
    done
done >"$tmp/links"
[ -s "$tmp/links" ] && { while read -r line; do fail "$line"; done <"$tmp/links"; }

# The reserved words: the lexer's table ({"word", KW_WORD}) is exactly the
# backquoted list under "Reserved words" (保留字) in both references.
sed -n '/keywords\[\] = {/,/};/p' "$src/lang/lexer.l" |
  grep -o '{"[a-z_]*", KW_' | sed 's/{"\([a-z_]*\)".*/\1/' | sort >"$tmp/keywords"
[ "$(wc -l <"$tmp/keywords")" -ge 40 ] || fail "cannot read the lexer's keywords"
for lang in zh en; do
  doc=$src/docs/$lang/language.md
  awk '/^## /{f = /Reserved words|保留字/; next} f' "$doc" | tr '\n' ' ' |
    sed 's/^[^`]*`\([^`]*\)`.*/\1/' | tr ' ' '\n' | grep -v '^$' | sort >"$tmp/reserved"
  for word in $(comm -23 "$tmp/keywords" "$tmp/reserved"); do
    fail "docs/$lang/language.md does not list the reserved word \`$word\` under its reserved words"
  done
  for word in $(comm -13 "$tmp/keywords" "$tmp/reserved"); do
    fail "docs/$lang/language.md lists \`$word\` as reserved, but the lexer has no such keyword"
  done
done

[ "$failures" = 0 ] || exit 1
echo "$(wc -l <"$tmp/codes") diagnostic codes documented in Chinese and English; every link resolves"
