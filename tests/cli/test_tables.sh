#!/bin/sh
# test_tables.sh POLC SOURCE_DIR - what the compiler cannot see when a word
# is added to the language (CONTRIBUTING.md, "Adding an award form"): every
# keyword token of parser.y is used by a grammar rule, and every award form
# of lang/ast.h's AST_AMOUNT_KINDS is in the parse golden all_forms.
set -u
src=$2   # $1, polc, is not needed: these are the sources' own lists
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

grammar=$src/lang/parser.y
for token in $(grep -o '%token KW_[A-Z_]*\( "[a-z_]*" KW_[A-Z_]*\)*' "$grammar" |
               grep -o 'KW_[A-Z_]*'); do
  # declared once on a %token line; a rule names it again
  [ "$(grep -c "\\b$token\\b" "$grammar")" -ge 2 ] ||
    fail "parser.y declares $token but no grammar rule uses it"
done

sed -n '/^#define AST_AMOUNT_KINDS/,/^$/p' "$src/lang/ast.h" |
  grep -o 'X([A-Z_]*, "[a-z_]*")' | sed 's/.*"\(.*\)")/\1/' > "$tmp/forms"
[ "$(wc -l < "$tmp/forms")" -ge 5 ] || fail "cannot read AST_AMOUNT_KINDS in lang/ast.h"
dump=$src/tests/golden/parse/all_forms.ast
while read -r form; do
  grep -q "(award ($form " "$dump" ||
    fail "the award form '$form' is not in tests/golden/parse/all_forms.pol: add it there"
done < "$tmp/forms"

echo "$failures failure(s)"
[ "$failures" = 0 ]
