# lib.sh - what the command-line tests share; sourced after `polc` and `src`
# are set.  A scratch folder $tmp (removed at exit), a failure count, and
# the checks that add to it.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {   # fail WHAT
  echo "FAIL: $*"
  failures=$((failures + 1))
}

expect_status() {   # expect_status WANT DESCRIPTION COMMAND...
  want=$1; what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" != "$want" ]; then
    fail "$what: exit $got, expected $want"
    sed 's/^/  | /' "$tmp/err" | head -20
  fi
}

expect_grep() {   # expect_grep FILE PATTERN DESCRIPTION
  if ! grep -q -- "$2" "$1"; then
    fail "$3: '$2' not in the output"
    sed 's/^/  | /' "$1" | head -20
  fi
}
