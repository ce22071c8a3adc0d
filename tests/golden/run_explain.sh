#!/bin/sh
# run_explain.sh POLC DIR
# An explain golden: DIR/args holds the arguments of `polc explain` (the
# policies, the applicant, --as-of), run from inside DIR.  The text must be
# exactly DIR/expected.txt and `--format json` exactly DIR/expected.json;
# standard error empty and the exit status 0.  DIR/expected.zh.txt, when
# there, is the text with --lang zh (the officer's Chinese; the JSON keeps
# its English keys and reasons in every language).
# POLC_UPDATE_GOLDEN=1 rewrites the expected files instead: review every
# change before committing it.
set -u
polc=$1
dir=$2
cd "$dir" || exit 1
args=$(cat args)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

run() {   # run EXPECTED [FORMAT-ARGS]
  expected=$1
  shift
  # shellcheck disable=SC2086
  "$polc" explain $args "$@" > "$tmp/out" 2> "$tmp/err"
  status=$?
  if [ "$status" != 0 ] || [ -s "$tmp/err" ]; then
    echo "FAIL: $dir: polc explain $* exited $status:"
    cat "$tmp/err"
    fail=1
  fi
  if [ "${POLC_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/out" "$expected"
  elif ! cmp -s "$expected" "$tmp/out"; then
    echo "FAIL: $dir/$expected differs:"
    diff -u "$expected" "$tmp/out" | head -40
    fail=1
  fi
}

run expected.txt
run expected.json --format json
if [ -f expected.zh.txt ]; then
  run expected.zh.txt --lang zh
  run expected.json --format json --lang zh   # JSON is for machines: the same
fi
[ "$fail" = 0 ] && echo "ok: $dir"
exit "$fail"
