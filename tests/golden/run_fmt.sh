#!/bin/sh
# run_fmt.sh POLC DIR/NAME.pol
# `polc fmt` must turn NAME.pol into exactly NAME.fmt; NAME.fmt must already
# be in the canonical layout (`polc fmt --check` passes on it); and both
# must mean the same (`polc ir` prints the same program for each, without
# its `; FILE:LINE` comments: fmt joins and drops lines).
# POLC_UPDATE_GOLDEN=1 rewrites NAME.fmt instead.
set -u
polc=$1
dir=$(cd "$(dirname "$2")" && pwd)
name=$(basename "$2" .pol)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$dir/$name.pol" "$tmp/$name.pol"
"$polc" fmt "$tmp/$name.pol" 2>"$tmp/err"
status=$?
if [ "$status" != 0 ]; then
  echo "FAIL: polc fmt $name.pol exited $status:"; cat "$tmp/err"; exit 1
fi
if [ "${POLC_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$tmp/$name.pol" "$dir/$name.fmt"; exit 0
fi
if ! cmp -s "$tmp/$name.pol" "$dir/$name.fmt"; then
  echo "FAIL: polc fmt $name.pol differs from $name.fmt:"
  diff -u "$dir/$name.fmt" "$tmp/$name.pol" | head -60; exit 1
fi
cp "$dir/$name.fmt" "$tmp/again.pol"
if ! "$polc" fmt --check "$tmp/again.pol" >"$tmp/out"; then
  echo "FAIL: $name.fmt is not in the canonical layout itself:"; cat "$tmp/out"; exit 1
fi
cd "$tmp" && cp "$dir/$name.pol" original.pol
if ! "$polc" ir --no-lines original.pol >before 2>&1 || ! "$polc" ir --no-lines "$name.pol" >after 2>&1; then
  echo "FAIL: polc ir fails on $name.pol or its formatted text:"; cat before after; exit 1
fi
if ! cmp -s before after; then
  echo "FAIL: $name.pol and its formatted text do not give the same program"; exit 1
fi
