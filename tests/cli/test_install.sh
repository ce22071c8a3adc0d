#!/bin/sh
# test_install.sh BUILD_DIR SOURCE_DIR - `cmake --install` puts polc in
# PREFIX/bin and the stdlib in PREFIX/share/polc, where the installed binary
# finds it (with no POLC_STDLIB and away from the build tree).
set -u
build=$1
src=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null || { echo "FAIL: install"; exit 1; }
[ -x "$prefix/bin/polc" ] || { echo "FAIL: no $prefix/bin/polc"; exit 1; }
[ -f "$prefix/share/polc/enterprise.pol" ] || { echo "FAIL: no stdlib in share/polc"; exit 1; }
cp "$src/examples/first.pol" "$prefix/first.pol"
cd "$prefix" || exit 1
env -u POLC_STDLIB "$prefix/bin/polc" check first.pol || { echo "FAIL: the installed polc cannot check"; exit 1; }
echo "installed polc finds its stdlib"
