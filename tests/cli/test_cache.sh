#!/bin/sh
# test_cache.sh POLC SOURCE_DIR - the native-code cache runs nothing it has
# not checked (issue 12): a planted object is never loaded, a directory
# others can write, or another user's, is never used, and what polc creates
# is private whatever the umask.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"

cd "$src/tests/golden/eval/forms" || exit 1
policies="forms.pol rival.pol"
run="eval $policies --registry registry.csv --as-of 2024-06-01"
jit="--engine jit --jit-opt 0"   # compiles fastest: the tests compile often
"$polc" $run --engine interp > "$tmp/interp.csv" || fail "the interpreter's run"

same_as_interp() {   # same_as_interp WHAT
  cmp -s "$tmp/out" "$tmp/interp.csv" || fail "$1: the figures differ from the interpreter's"
}
# the shared object of the one entry in a cache directory
entry_of() { ls "$1"/*.so 2>/dev/null | head -1; }

# issue12_umask0_private: under umask 0 the cache (and the directories on
# the way to it) are created 0700, the entries 0600, no temporary file is left
expect_status 0 "issue12_umask0_private: native code into a new cache" \
  sh -c "umask 0 && XDG_CACHE_HOME='$tmp/xdg' exec \"\$0\" \"\$@\" $jit" "$polc" $run
same_as_interp "issue12_umask0_private"
cache="$tmp/xdg/polc"
[ "$(stat -c %a "$tmp/xdg")" = 700 ] || fail "issue12_umask0_private: XDG_CACHE_HOME made $(stat -c %a "$tmp/xdg")"
[ "$(stat -c %a "$cache")" = 700 ] || fail "issue12_umask0_private: the cache made $(stat -c %a "$cache")"
so=$(entry_of "$cache")
[ -n "$so" ] || fail "issue12_umask0_private: nothing was cached"
for f in "$cache"/*; do
  [ "$(stat -c %a "$f")" = 600 ] || fail "issue12_umask0_private: $f made $(stat -c %a "$f")"
done
[ "$(ls -A "$cache" | grep -c tmp)" = 0 ] || fail "issue12_umask0_private: a temporary file was left"
cp "$so" "$tmp/good.so"

# a cached run: the same bytes as the interpreter, from the cache, fast
start=$(date +%s%N)
expect_status 0 "a cached run" env XDG_CACHE_HOME="$tmp/xdg" "$polc" $run $jit --verbose
end=$(date +%s%N)
same_as_interp "a cached run"
expect_grep "$tmp/err" "native code from the cache" "the cached run loads the entry"
echo "a cached run (2 policies, 60 rows): $(( (end - start) / 1000000 )) ms"

# issue12_planted_constructor: an object planted at the entry's path, whose
# constructor leaves a marker, is never loaded (its digest is not the one
# recorded): the marker never appears and the figures are right
cat > "$tmp/planted.c" <<EOF
#include <stdio.h>
__attribute__((constructor)) static void plant(void) {
  FILE *f = fopen("$tmp/marker", "w");
  if (f) { fputs("the planted object ran\n", f); fclose(f); }
}
EOF
cc -shared -fPIC -o "$tmp/planted.so" "$tmp/planted.c" || fail "compiling the planted object"
cat "$tmp/planted.so" > "$so"
expect_status 0 "issue12_planted_constructor" env XDG_CACHE_HOME="$tmp/xdg" "$polc" $run $jit
[ -e "$tmp/marker" ] && fail "issue12_planted_constructor: the planted object's constructor ran"
same_as_interp "issue12_planted_constructor"
expect_grep "$tmp/err" "failed its check" "issue12_planted_constructor: the failed check is said"
cmp -s "$(entry_of "$cache")" "$tmp/planted.so" && fail "issue12_planted_constructor: the planted object was kept"
# ... nor with its digest removed
cat "$tmp/planted.so" > "$(entry_of "$cache")"
rm -f "$cache"/*.sha256
expect_status 0 "issue12_planted_constructor without a digest" \
  env XDG_CACHE_HOME="$tmp/xdg" "$polc" $run $jit
[ -e "$tmp/marker" ] && fail "issue12_planted_constructor: a planted object without a digest ran"
same_as_interp "issue12_planted_constructor without a digest"

# issue12_planted_fingerprint: an object reporting the right fingerprint but
# computing wrong amounts is not loaded either: the figures stay right
so=$(entry_of "$cache")
fp=$(grep -a -o 'polc [^ ]* O[0-3] [0-9a-f-]*' "$so" | head -1)
[ -n "$fp" ] || fail "issue12_planted_fingerprint: no fingerprint in the cached object"
printf '#define FINGERPRINT "%s"\n' "$fp" > "$tmp/fp.h"
cat > "$tmp/liar.c" <<EOF
#include <stdint.h>
#include "fp.h"
typedef struct { int64_t amount, lower; int32_t status, detail; } Rule;
typedef struct { int64_t total; int32_t as_of, error, error_rule, nrules; Rule *rules; } Row;
const char *polc_fingerprint(void) { return FINGERPRINT; }
void polc_row(const int64_t *ints, const void *texts, int32_t as_of, Row *out) {
  (void)ints; (void)texts; (void)as_of;
  out->total = 4242424242;
  for (int i = 0; i < out->nrules; i++)
    out->rules[i].amount = 4242424242;
}
EOF
cc -shared -fPIC -I"$tmp" -o "$tmp/liar.so" "$tmp/liar.c" || fail "compiling the lying object"
cat "$tmp/liar.so" > "$so"
expect_status 0 "issue12_planted_fingerprint" env XDG_CACHE_HOME="$tmp/xdg" "$polc" $run $jit
same_as_interp "issue12_planted_fingerprint"
grep -q 42424242 "$tmp/out" && fail "issue12_planted_fingerprint: the lying object's amounts were written"
expect_grep "$tmp/err" "failed its check" "issue12_planted_fingerprint: the failed check is said"

# issue12_cache_dir_not_private: a cache directory others may write or read,
# another user's, or a symbolic link, is said and never used, even holding a
# valid entry; nothing is added to it
refused() {   # refused WHAT DIR: DIR/polc holds a valid entry; it must not be used
  before=$(ls -A "$2/polc" | wc -l)
  expect_status 0 "issue12_cache_dir_not_private: $1" \
    env XDG_CACHE_HOME="$2" "$polc" $run $jit --verbose
  same_as_interp "issue12_cache_dir_not_private: $1"
  expect_grep "$tmp/err" "native-code cache .* is not used" "issue12_cache_dir_not_private: $1 is said"
  grep -q "from the cache" "$tmp/err" && fail "issue12_cache_dir_not_private: $1 was used"
  [ "$(ls -A "$2/polc" | wc -l)" = "$before" ] || fail "issue12_cache_dir_not_private: $1 was written"
}
fresh_copy() {   # fresh_copy DIR: DIR/polc, a copy of the valid cache
  mkdir -p "$1" && cp -a "$cache" "$1/polc"
}
expect_status 0 "a valid entry again" env XDG_CACHE_HOME="$tmp/xdg" "$polc" $run $jit
fresh_copy "$tmp/c777" && chmod 0777 "$tmp/c777/polc"
refused "a world-writable directory" "$tmp/c777"
fresh_copy "$tmp/c755" && chmod 0755 "$tmp/c755/polc"
refused "a directory of mode 0755" "$tmp/c755"
expect_grep "$tmp/err" "chmod 700" "issue12_cache_dir_not_private: the fix is said"
mkdir -p "$tmp/clink"
ln -s "$cache" "$tmp/clink/polc"
refused "a symbolic link" "$tmp/clink"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
  # as root: another user's directory (and its objects) is never loaded
  fresh_copy "$tmp/cother" && chown -R nobody "$tmp/cother/polc"
  refused "another user's directory" "$tmp/cother"
  expect_grep "$tmp/err" "belongs to another user" "issue12_cache_dir_not_private: the owner is said"
else
  echo "(not root: another user's cache directory is not tried)"
fi

# issue12_entry_not_private: an entry others may write is not trusted
chmod 0666 "$(entry_of "$cache")"
expect_status 0 "issue12_entry_not_private" env XDG_CACHE_HOME="$tmp/xdg" "$polc" $run $jit --verbose
same_as_interp "issue12_entry_not_private"
expect_grep "$tmp/err" "failed its check (others may write it)" "issue12_entry_not_private: it is said"

echo "$failures failure(s)"
[ "$failures" = 0 ]
