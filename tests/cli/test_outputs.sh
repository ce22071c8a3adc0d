#!/bin/sh
# test_outputs.sh POLC SOURCE_DIR - where polc's output goes and what is
# left when writing it fails (issue 12): -o never replaces an input, a
# device, a FIFO or a symbolic link; a run killed by a signal or stopped by
# a file-size limit leaves no temporary file; a failed write on standard
# output is an error in every command.
set -u
polc=$1
src=$2
forms="$src/tests/golden/eval/forms"
. "$(dirname "$0")/lib.sh"

cp "$forms/forms.pol" "$forms/rival.pol" "$forms/registry.csv" "$tmp/"
cd "$tmp" || exit 1
expected="$forms/expected.csv"
eval_to() {   # eval_to OUTPUT: the forms golden, rows to OUTPUT
  "$polc" eval forms.pol rival.pol --registry registry.csv --as-of 2024-06-01 -o "$1"
}
no_temp_left() {   # no_temp_left WHAT
  ls "$tmp" | grep -q '\.tmp\.' && fail "$1: a temporary file was left: $(ls "$tmp" | grep '\.tmp\.')"
  rm -f "$tmp"/*.tmp.*
}

# issue12_output_is_registry: refused, exit 2, the registry untouched
cp registry.csv registry.orig
expect_status 2 "issue12_output_is_registry" eval_to registry.csv
expect_grep "$tmp/err" "is the registry this run reads" "issue12_output_is_registry: said"
cmp -s registry.csv registry.orig || fail "issue12_output_is_registry: the registry was changed"
# ... named another way (a link to it): the same file
ln -s registry.csv alias.csv
expect_status 2 "issue12_output_is_registry_alias" eval_to alias.csv
cmp -s registry.csv registry.orig || fail "issue12_output_is_registry_alias: the registry was changed"
rm alias.csv

# issue12_output_is_policy: refused, the policy untouched
expect_status 2 "issue12_output_is_policy" eval_to rival.pol
expect_grep "$tmp/err" "is the policy file 'rival.pol'" "issue12_output_is_policy: said"
cmp -s rival.pol "$forms/rival.pol" || fail "issue12_output_is_policy: the policy was changed"
# (each check below stands alone, even where one above failed)
cp "$forms/rival.pol" "$forms/registry.csv" "$tmp/"

# issue12_output_symlink: the link stays a link, its target gets the rows
echo old > target.csv
ln -s target.csv link.csv
expect_status 0 "issue12_output_symlink" eval_to link.csv
[ -L link.csv ] || fail "issue12_output_symlink: the link was replaced by a file"
cmp -s target.csv "$expected" || fail "issue12_output_symlink: the target does not hold the rows"
no_temp_left "issue12_output_symlink"

# issue12_output_device: a character device stays one (mknod needs root:
# a device of our own, never the system's /dev/null)
if mknod "$tmp/null" c 1 3 2>/dev/null; then
  expect_status 0 "issue12_output_device" eval_to "$tmp/null"
  [ -c "$tmp/null" ] || fail "issue12_output_device: the device was replaced by a file"
  no_temp_left "issue12_output_device"
else
  echo "skipped issue12_output_device: mknod not permitted"
fi

# issue12_output_fifo: written through to the reader, the FIFO stays one
mkfifo fifo
timeout 20 cat fifo > from_fifo &
reader=$!
expect_status 0 "issue12_output_fifo" timeout 20 sh -c "$(printf '"%s"' "$polc") eval forms.pol rival.pol --registry registry.csv --as-of 2024-06-01 -o fifo"
wait $reader
[ -p fifo ] || fail "issue12_output_fifo: the FIFO was replaced by a file"
cmp -s from_fifo "$expected" || fail "issue12_output_fifo: the reader did not get the rows"
no_temp_left "issue12_output_fifo"

# issue12_signal_TERM/INT/HUP: a run killed while it reads a registry that
# never ends (a FIFO this script keeps open) leaves no temporary file, and
# its exit status is the signal's, whichever of its threads takes it.
# env --default-signal: a background job of sh starts with SIGINT ignored.
for sig_number in TERM:15 INT:2 HUP:1; do
  sig=${sig_number%:*}
  mkfifo slow.csv
  exec 3<>slow.csv
  cat registry.csv >&3
  env --default-signal="$sig" "$polc" eval forms.pol rival.pol --registry slow.csv \
    --as-of 2024-06-01 --threads 4 -o killed.csv 2>/dev/null &
  pid=$!
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    ls | grep -q 'killed\.csv\.tmp\.' && break
    sleep 0.2
  done
  ls | grep -q 'killed\.csv\.tmp\.' || fail "issue12_signal_$sig: the run never began its output"
  kill -"$sig" "$pid"
  wait "$pid"
  got=$?
  want=$((128 + ${sig_number#*:}))
  [ "$got" = "$want" ] || fail "issue12_signal_$sig: exit $got, expected $want"
  exec 3>&-
  rm -f slow.csv
  [ -e killed.csv ] && fail "issue12_signal_$sig: an output appeared"
  no_temp_left "issue12_signal_$sig"
done

# issue12_file_size_limit: past `ulimit -f` polc says so and exits 1; the
# old output stays, no temporary is left
echo old > limited.csv
(ulimit -f 1 && eval_to limited.csv) > /dev/null 2> "$tmp/err"
got=$?
[ "$got" = 1 ] || fail "issue12_file_size_limit: exit $got, expected 1"
expect_grep "$tmp/err" "cannot write 'limited.csv': File too large" "issue12_file_size_limit: said"
[ "$(cat limited.csv)" = old ] || fail "issue12_file_size_limit: the old output was changed"
no_temp_left "issue12_file_size_limit"

# issue12_stdout_full: every command's failed writes on standard output
plan="$src/tests/golden/eval/plan/plan.pol"
seed_registry="$src/tests/golden/eval/seed_formulas/registry.csv"
first="$src/examples/first.pol"
first_id=$(sed -n 2p "$src/examples/first-registry.csv" | cut -d, -f1)
full() {   # full WHAT COMMAND...: COMMAND > /dev/full fails, saying so
  what=$1; shift
  "$@" > /dev/full 2> "$tmp/err" < "$first"
  got=$?
  [ "$got" = 1 ] || fail "issue12_stdout_full $what: exit $got, expected 1"
  expect_grep "$tmp/err" "^polc: cannot write standard output: No space left on device" \
    "issue12_stdout_full $what"
  [ "$(grep -c 'cannot write' "$tmp/err")" -gt 1 ] && fail "issue12_stdout_full $what: said more than once"
}
full "eval rows" "$polc" eval forms.pol rival.pol --registry registry.csv --as-of 2024-06-01
full "eval --summary" "$polc" eval forms.pol rival.pol --registry registry.csv --as-of 2024-06-01 --summary
full "plan indicators" "$polc" eval "$plan" --registry "$seed_registry" --as-of 2024-06-01
full "explain" "$polc" explain "$first" --registry "$src/examples/first-registry.csv" --id "$first_id"
full "ir" "$polc" ir "$first"
full "test" "$polc" test "$first"
full "check --format json" "$polc" check --format json "$first"
full "check --format sarif" "$polc" check --format sarif "$first"
full "fmt -" "$polc" fmt -
full "help" "$polc" help

echo "$failures failure(s)"
[ "$failures" = 0 ]
