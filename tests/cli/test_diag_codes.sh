#!/bin/sh
# test_diag_codes.sh SOURCE_DIR - lang/diag_codes.h (SARIF's rules) and the
# table of compiler/README.md ("Diagnostic codes") list the same codes in
# the same order: a code added to one and not the other fails here.
set -u
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -n '/^## Diagnostic codes/,/^## /p' "$src/compiler/README.md" |
  grep '^| `' | cut -d'|' -f2 | grep -o '`[a-z0-9-]*`' | tr -d '`' >"$tmp/readme"
grep -o 'DIAG_CODE("[a-z0-9-]*"' "$src/lang/diag_codes.h" |
  sed 's/DIAG_CODE("//; s/"$//' >"$tmp/table"
n=$(wc -l <"$tmp/table")
if [ "$n" -lt 40 ]; then
  echo "FAIL: only $n codes read from lang/diag_codes.h"
  exit 1
fi
if ! diff -u "$tmp/readme" "$tmp/table"; then
  echo "FAIL: compiler/README.md's table of codes (-) and lang/diag_codes.h (+) differ"
  exit 1
fi
echo "ok: $n codes, the same in compiler/README.md and lang/diag_codes.h"
