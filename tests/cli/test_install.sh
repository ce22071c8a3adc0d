#!/bin/sh
# test_install.sh BUILD_DIR SOURCE_DIR - `cmake --install` puts polc in
# PREFIX/bin and the stdlib in PREFIX/share/polc, where the installed binary
# finds it (with no POLC_STDLIB and away from the build tree); the manual
# page in PREFIX/share/man/man1, rendered by man without a warning; the bash
# completion in PREFIX/share/bash-completion/completions/polc; and the
# installed polc names its version and commit.
set -u
build=$1
src=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null || { echo "FAIL: install"; exit 1; }
[ -x "$prefix/bin/polc" ] || { echo "FAIL: no $prefix/bin/polc"; exit 1; }
[ -f "$prefix/share/polc/enterprise.pol" ] || { echo "FAIL: no stdlib in share/polc"; exit 1; }
page=$prefix/share/man/man1/polc.1
[ -f "$page" ] || { echo "FAIL: no manual page $page"; exit 1; }
warnings=$(groff -ww -man -Tutf8 "$page" 2>&1 >/dev/null)
[ -z "$warnings" ] || { echo "FAIL: groff -ww warns on polc.1:"; echo "$warnings"; exit 1; }
MANWIDTH=80 man -l "$page" 2>"$prefix/man.err" | grep -q "polc eval" ||
  { echo "FAIL: man -l does not render polc.1"; cat "$prefix/man.err"; exit 1; }
[ -s "$prefix/man.err" ] && { echo "FAIL: man -l warns:"; cat "$prefix/man.err"; exit 1; }
MANPATH=$prefix/share/man man -w polc | grep -qx "$page" ||
  { echo "FAIL: man does not find polc(1) under PREFIX/share/man"; exit 1; }
completion=$prefix/share/bash-completion/completions/polc
[ -f "$completion" ] || { echo "FAIL: no bash completion $completion"; exit 1; }
bash -c ". '$completion' && complete -p polc" | grep -q -- "-F _polc polc" ||
  { echo "FAIL: the installed completion does not register _polc for polc"; exit 1; }
version=$("$prefix/bin/polc" --version)
echo "$version" | grep -Eq '^polc [0-9]+\.[0-9]+\.[0-9]+ \((commit [0-9A-Za-z._+-]+|unknown commit)\)$' ||
  { echo "FAIL: polc --version says '$version', not 'polc X.Y.Z (commit C)'"; exit 1; }
# Built from a tree that is not a git checkout (a release tarball), the
# header says so rather than naming a commit it cannot know.
mkdir "$prefix/tarball"
cmake -DSRC="$prefix/tarball" -DOUT="$prefix/tarball/polc_commit.h" -P "$src/driver/version.cmake"
grep -qx '#define POLC_COMMIT "unknown commit"' "$prefix/tarball/polc_commit.h" ||
  { echo "FAIL: outside a git checkout, version.cmake does not say unknown commit"; exit 1; }
if [ -e "$src/.git" ] && command -v git >/dev/null; then
  commit=$(git -C "$src" describe --always --dirty --tags)
  case $version in *"(commit ${commit%-dirty}"*) ;;
    *) echo "FAIL: polc --version says '$version', the checkout is $commit"; exit 1 ;;
  esac
fi
cp "$src/examples/first.pol" "$prefix/first.pol"
cd "$prefix" || exit 1
env -u POLC_STDLIB "$prefix/bin/polc" check first.pol || { echo "FAIL: the installed polc cannot check"; exit 1; }
[ -f "$prefix/share/locale/zh_CN/LC_MESSAGES/polc.mo" ] || { echo "FAIL: no share/locale/zh_CN/LC_MESSAGES/polc.mo"; exit 1; }
"$prefix/bin/polc" --lang zh help | grep -q '全局选项' || { echo "FAIL: the installed polc does not find its catalogue"; exit 1; }
echo "installed polc finds its stdlib; man page and completion installed; $version"
