#!/bin/sh
# test_issue15_startup_libraries.sh POLC SOURCE_DIR - issue 15: start-up
# with a cached build must stay under 30 ms, and most of it was the dynamic
# loader mapping and relocating libgccjit, Z3, libpq, libzip and
# libxlsxwriter with their dependencies (libstdc++, isl, mpfr, OpenSSL,
# Kerberos, LDAP, GnuTLS, minizip...) at every run, though a cached build
# over a CSV registry needs none of them.  Now polc does not link them (no
# NEEDED entry), a plain cached `polc eval` never loads them
# (LD_DEBUG=files), and compiling still loads libgccjit when it must.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"

heavy='libgccjit\|libz3\|libpq\|libzip\|libxlsxwriter\|libcrypto'
if command -v readelf >/dev/null 2>&1; then
  readelf -d "$polc" > "$tmp/dynamic" || fail "readelf -d could not read $polc"
  expect_grep "$tmp/dynamic" "NEEDED" "polc's dynamic section"
  if grep "NEEDED" "$tmp/dynamic" | grep -q "$heavy"; then
    fail "polc links a library only compiling, proofs, PostgreSQL or workbooks need:"
    grep "NEEDED" "$tmp/dynamic" | grep "$heavy" | sed 's/^/  | /'
  fi
fi

mkdir -m 700 "$tmp/cache"
s="$src/policies"
set -- "$s/xuhui-ai-2022.pol" "$s/xuhui-llm-2023.pol" "$s/lingang-ai-2020.pol" \
  "$s/putuo-software-2024.pol" --registry "$src/examples/registry.csv" --engine jit --verbose
# The first run compiles: libgccjit is loaded then, and only then.
expect_status 0 "eval, compiling" env XDG_CACHE_HOME="$tmp/cache" LD_DEBUG=files \
  "$polc" eval "$@" -o "$tmp/first.csv"
expect_grep "$tmp/err" "compiled to native code in" "the first run compiled"
expect_grep "$tmp/err" "file=libgccjit" "libgccjit loaded to compile"
# The second runs the cached build: none of them is loaded.
expect_status 0 "eval, cached" env XDG_CACHE_HOME="$tmp/cache" LD_DEBUG=files \
  "$polc" eval "$@" -o "$tmp/second.csv"
expect_grep "$tmp/err" "native code from the cache" "the second run used the cache"
expect_grep "$tmp/err" "file=libc.so" "LD_DEBUG=files reported the libraries loaded"
if grep "file=" "$tmp/err" | grep -q "$heavy"; then
  fail "a cached eval loaded a library it does not need:"
  grep "file=" "$tmp/err" | grep "$heavy" | sed 's/^/  | /'
fi
[ -s "$tmp/second.csv" ] || fail "the cached run wrote no results"
cmp -s "$tmp/first.csv" "$tmp/second.csv" || fail "the cached run's figures differ from the first's"

[ "$failures" = 0 ] || exit 1
