#!/bin/sh
# test_limits.sh POLC SOURCE_DIR - the size of a compilation unit
# (compiler/limits.h): memory grows linearly up to each limit, and past it a
# located error instead of a blow-up.
set -u
polc=$1
src=$2
. "$src/tests/cli/lib.sh"

# gen_inputs N FILE: a policy of N inputs (id included) and one rule.
gen_inputs() {
  awk -v n="$1" 'BEGIN {
    print "policy big \"t\"\n  effective 2020-01-01 to 2030-12-31\ninput id: text \"id\""
    for (i = 1; i < n; i++) printf "input in_%d: money \"l\" default 0元\n", i
    print "rule r \"c\"\n  award 1元" }' > "$2"
}

# gen_imports N DIR: DIR/imports.pol importing N modules of one input each.
gen_imports() {
  mkdir -p "$2/mods"
  awk -v n="$1" -v d="$2" 'BEGIN {
    print "policy big \"t\"\n  effective 2020-01-01 to 2030-12-31\ninput id: text \"id\""
    for (i = 0; i < n; i++) {
      printf "import \"mods/m%d.pol\"\n", i
      printf "input m_%d: money \"l\" default 0元\n", i > (d "/mods/m" i ".pol")
      close(d "/mods/m" i ".pol")
    }
    print "rule r \"c\"\n  award 1元" }' > "$2/imports.pol"
}

# peak_kb FILE COMMAND...: runs it, its peak resident memory in KB in FILE.
peak_kb() {
  out=$1; shift
  /usr/bin/time -f %M -o "$out" "$@" > "$tmp/out" 2> "$tmp/err"
}

printf 'id\nx\n' > "$tmp/reg.csv"

# issue12_inputs_linear: 4,000 inputs took 356 MB (an arena array grown by
# one input at a time), 20,000 took 8 GB.  Now 10,000 (the limit) fit in a
# few tens of MB.
gen_inputs 10000 "$tmp/inputs.pol"
if peak_kb "$tmp/rss" "$polc" eval "$tmp/inputs.pol" --registry "$tmp/reg.csv"; then
  expect_grep "$tmp/out" "^x,1.00,1.00" "issue12_inputs_linear: 10,000 inputs evaluated"
  rss=$(tail -1 "$tmp/rss")
  [ "$rss" -lt 100000 ] ||
    fail "issue12_inputs_linear: 10,000 inputs took $rss KB (want < 100 MB)"
else
  fail "issue12_inputs_linear: polc eval of 10,000 inputs failed"; sed 's/^/  | /' "$tmp/err" | head
fi

# issue12_too_many_inputs: 20,000 inputs: a located error, before any table.
gen_inputs 20000 "$tmp/many.pol"
expect_status 1 "issue12_too_many_inputs" "$polc" check "$tmp/many.pol"
expect_grep "$tmp/err" "many.pol:10003:1: error: more than 10000 inputs" \
  "issue12_too_many_inputs: the 10,001st input is named"

# issue12_imports_linear: 20,000 imports took 80 s and 8 GB.  999 modules
# (the limit with the policy) now load in linear memory.
gen_imports 999 "$tmp/imp"
if peak_kb "$tmp/rss" "$polc" eval "$tmp/imp/imports.pol" --registry "$tmp/reg.csv"; then
  expect_grep "$tmp/out" "^x,1.00,1.00" "issue12_imports_linear: 999 modules evaluated"
  rss=$(tail -1 "$tmp/rss")
  [ "$rss" -lt 100000 ] ||
    fail "issue12_imports_linear: 999 modules took $rss KB (want < 100 MB)"
else
  fail "issue12_imports_linear: polc eval of 999 modules failed"; sed 's/^/  | /' "$tmp/err" | head
fi

# issue12_too_many_imports: the 1,000th module is refused where it is imported.
gen_imports 1000 "$tmp/imp2"
expect_status 1 "issue12_too_many_imports" "$polc" check "$tmp/imp2/imports.pol"
expect_grep "$tmp/err" "imports.pol:1003:8: error: more than 1000 files" \
  "issue12_too_many_imports: the import past the limit is named"

[ "$failures" -eq 0 ] || exit 1
echo "limits: 10,000 inputs and 999 modules in linear memory, more refused where they are"
