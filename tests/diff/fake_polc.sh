#!/bin/sh
# fake_polc.sh - stands in for a polc whose engines both fail the same way
# (as when run.sh was given a path that did not resolve: issue 11, found by
# an outside test).  `check` passes, `eval` prints a message and exits 2 for
# either engine, so the two "agree".  diff.issue11_engines_must_run expects
# run.sh to fail on it.
case $1 in
  check) exit 0 ;;
  *) echo "polc: cannot run" >&2; exit 2 ;;
esac
