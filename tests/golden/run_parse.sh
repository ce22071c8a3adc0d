#!/bin/sh
# run_parse.sh POLC DIR/NAME.pol
# The syntax tree of NAME.pol (`polc check --dump-ast`) must be exactly
# NAME.ast, and the file must check without errors.  POLC_UPDATE_GOLDEN=1
# rewrites NAME.ast instead.
set -u
polc=$1
dir=$(dirname "$2")
name=$(basename "$2" .pol)
cd "$dir" || exit 1
actual=$("$polc" check --dump-ast --color never "$name.pol" 2>/tmp/polc-parse-$$.err)
status=$?
if [ "$status" != 0 ]; then
  echo "FAIL: $name.pol does not check cleanly (exit $status):"
  cat /tmp/polc-parse-$$.err
  rm -f /tmp/polc-parse-$$.err
  exit 1
fi
rm -f /tmp/polc-parse-$$.err
if [ "${POLC_UPDATE_GOLDEN:-}" = 1 ]; then
  printf '%s\n' "$actual" > "$name.ast"
  exit 0
fi
if [ "$(cat "$name.ast")" != "$actual" ]; then
  echo "FAIL: the tree of $name.pol differs from $name.ast:"
  printf '%s\n' "$actual" | diff -u "$name.ast" - | head -60
  exit 1
fi
