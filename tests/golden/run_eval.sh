#!/bin/sh
# run_eval.sh POLC DIR
# An evaluation golden: DIR/args holds the arguments of `polc eval` (the
# policies, --registry, --as-of ...), run from inside DIR, under each engine
# (the interpreter and native code): both must print the same.  The output must
# be exactly DIR/expected.csv (--format csv), DIR/expected.out (no --format)
# and, when present,
# DIR/expected.jsonl (--format jsonl) and DIR/expected.summary (--summary);
# standard error exactly DIR/expected.err when present (else empty); the exit
# status DIR/expected.status when present (else 0).
# POLC_UPDATE_GOLDEN=1 rewrites the expected files that exist (and
# expected.csv) instead: review every change before committing it.
set -u
polc=$1
dir=$2
cd "$dir" || exit 1
args=$(cat args)
fail=0
want_status=0
[ -f expected.status ] && want_status=$(cat expected.status)

check() {   # check FILE ACTUAL_FILE
  if [ "${POLC_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$2" "$1"
  elif ! cmp -s "$1" "$2"; then
    echo "FAIL: $dir/$1 differs:"
    diff -u "$1" "$2" | head -40
    fail=1
  fi
}

run() {   # run FORMAT-ARGS EXPECTED
  for engine in interp jit; do
    run_engine "$1 --engine $engine" "$2"
  done
}

run_engine() {   # run_engine ARGS EXPECTED
  # shellcheck disable=SC2086
  "$polc" eval $args $1 > "$tmp/out" 2> "$tmp/err"
  status=$?
  check "$2" "$tmp/out"
  if [ -f expected.err ]; then
    check expected.err "$tmp/err"
  elif [ -s "$tmp/err" ]; then
    echo "FAIL: $dir: unexpected messages:"; head -20 "$tmp/err"; fail=1
  fi
  if [ "$status" != "$want_status" ]; then
    echo "FAIL: $dir ($1): exit status $status, expected $want_status"; fail=1
  fi
}

# A folder with no expected file would compare nothing and pass (issue 11).
found=0
for f in expected.csv expected.out expected.jsonl expected.summary; do
  [ -f "$f" ] && found=1
done
[ "$found" = 1 ] || { echo "FAIL: $dir has no expected.csv, .out, .jsonl or .summary"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -f expected.csv ] && run "--format csv" expected.csv
[ -f expected.out ] && run "" expected.out
[ -f expected.jsonl ] && run "--format jsonl" expected.jsonl
[ -f expected.summary ] && run "--summary" expected.summary
exit $fail
