#!/bin/sh
# test_issue15_jit_many_rules.sh POLC SOURCE_DIR - issue 15: libgccjit 12
# records every diagnostic of GCC as an error and then writes no code, so
# from about 400 rules the note of variable tracking ("size limit
# exceeded ... retrying without") was reported as an internal error of the
# native-code compiler and the interpreter ran, after the compile time was
# spent.  Now a policy of 500 rules (which failed so) compiles to native code, and its
# figures are the expected ones.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"

mkdir "$tmp/p" && python3 "$src/tests/cli/gen_many_rules.py" "$tmp/p" 1 500 || exit 1
cd "$tmp/p" || exit 1
expect_status 0 "eval --engine jit, 500 rules" env XDG_CACHE_HOME="$tmp/cache" \
  "$polc" eval many0.pol --registry reg.csv --engine jit --no-cache --verbose -o out.csv
if grep -q "internal error\|not available" "$tmp/err"; then
  fail "native code for 500 rules was refused:"
  sed 's/^/  | /' "$tmp/err" | head -5
fi
expect_grep "$tmp/err" "compiled to native code in" "500 rules compiled"
cmp -s out.csv expected.csv || fail "the figures of 500 rules differ from expected.csv"

[ "$failures" = 0 ] || exit 1
