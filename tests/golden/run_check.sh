#!/bin/sh
# run_check.sh POLC DIR/NAME.pol
# Runs `polc check` on NAME.pol from inside DIR (so messages name the bare
# file) and compares its output with NAME.err, and `--format json` with
# NAME.json when that exists.  The exit status must be 1 when the expected
# text holds an error, else 0.  POLC_UPDATE_GOLDEN=1 rewrites the expected
# files instead: review every change before committing it.
# POLC must be an absolute path.  The folder of the polc binary (where it finds
# the stdlib, named in some notes and hints) is shown as <bindir>, so that the
# expected text does not depend on where the project is built; POLC_STDLIB is
# unset for the same reason.
set -u
polc=$1
dir=$(dirname "$2")
name=$(basename "$2" .pol)
bindir=$(cd "$(dirname "$polc")" && pwd -P)
unset POLC_STDLIB
cd "$dir" || exit 1
fail=0

normalize() {   # the output, with the binary's folder shown as <bindir>
  sed "s|$bindir|<bindir>|g"
}

compare() {   # compare EXPECTED_FILE ACTUAL_TEXT
  if [ "${POLC_UPDATE_GOLDEN:-}" = 1 ]; then
    printf '%s\n' "$2" > "$1"
    return
  fi
  if [ "$(cat "$1")" != "$2" ]; then
    echo "FAIL: $dir/$1 differs from the output:"
    printf '%s\n' "$2" | diff -u "$1" - | head -60
    fail=1
  fi
}

actual=$("$polc" check --color never "$name.pol" 2>&1)
status=$?
actual=$(printf '%s\n' "$actual" | normalize)
compare "$name.err" "$actual"
want=0
grep -q ': error: ' "$name.err" && want=1
if [ "$status" != "$want" ]; then
  echo "FAIL: $name.pol: exit status $status, expected $want"
  fail=1
fi
if [ -f "$name.json" ]; then
  actual=$("$polc" check --format json "$name.pol" 2>/dev/null | normalize)
  compare "$name.json" "$actual"
fi
exit $fail
