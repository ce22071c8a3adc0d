#!/bin/sh
# test_confine.sh POLC SOURCE_DIR - issue 12, "imports read any file": an
# import reads only .pol files inside the policy's project (its folder and
# below, or --root DIR) and the stdlib folders; what it may not read is a
# located error that quotes nothing of it.  A FIFO is never waited on, as a
# policy, an import or met walking a folder; --registry /dev/zero ends.
# Every command runs under `timeout 10`: a hang fails (status 124).
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"

tmp=$(cd "$tmp" && pwd -P)   # as realpath names it in messages
marker=ISSUE12_SECRET_MARKER
mkdir -p "$tmp/proj/sub" "$tmp/outside" "$tmp/common" "$tmp/proj/dir.pol"
echo "$marker outside the project" > "$tmp/outside/secret.pol"
echo "$marker in a text file" > "$tmp/proj/notes.txt"
ln -s ../outside/secret.pol "$tmp/proj/link.pol"
mkfifo "$tmp/proj/fifo.pol"
echo 'input shared: count "共享" default 0' > "$tmp/proj/sub/nested.pol"
echo 'input shared: count "共享" default 0' > "$tmp/common/shared.pol"

# refused IMPORT 'EXPECTED FIRST LINE OF STDERR': polc check of a policy
# importing IMPORT at line 3 column 8 exits 1 with that message, quoting
# nothing of the imported file.
refused() {
  name=$1; message=$2
  printf 'policy p "P"\nimport enterprise\nimport "%s"\n' "$name" > "$tmp/proj/a.pol"
  expect_status 1 "issue12 import \"$name\"" timeout 10 "$polc" check --color never "$tmp/proj/a.pol"
  first=$(head -1 "$tmp/err" | sed "s|$tmp/||g")
  [ "$first" = "$message" ] || { fail "issue12 import \"$name\": first message"; echo "  got:  $first"; echo "  want: $message"; }
  if grep -q "$marker" "$tmp/out" "$tmp/err"; then
    fail "issue12 import \"$name\": a line of the refused file is in the output"
  fi
}
outside="is outside the policy's project (proj)"
refused /etc/passwd "proj/a.pol:3:8: error: import \"/etc/passwd\" $outside"
refused ../../../../../../../etc/hostname "proj/a.pol:3:8: error: import \"../../../../../../../etc/hostname\" $outside"
refused ../outside/secret.pol "proj/a.pol:3:8: error: import \"../outside/secret.pol\" $outside"
refused link.pol "proj/a.pol:3:8: error: import \"link.pol\" $outside"
expect_grep "$tmp/err" "hint: .*--root DIR" "issue12 the hint names --root"
refused notes.txt 'proj/a.pol:3:8: error: import "notes.txt" is not a .pol file'
refused dir.pol 'proj/a.pol:3:8: error: import "dir.pol" is a directory'
refused sub 'proj/a.pol:3:8: error: import "sub" is a directory'
refused fifo.pol 'proj/a.pol:3:8: error: import "fifo.pol" is not a regular file (a FIFO, a socket or a device)'

# A nested import inside the project still works; a sibling folder works
# with --root, and not without it.
printf 'policy p "P"\nimport enterprise\nimport "sub/nested.pol"\n' > "$tmp/proj/a.pol"
expect_status 0 "issue12 nested import" timeout 10 "$polc" check "$tmp/proj/a.pol"
printf 'policy p "P"\nimport enterprise\nimport "../common/shared.pol"\n' > "$tmp/proj/a.pol"
expect_status 1 "issue12 sibling without --root" timeout 10 "$polc" check "$tmp/proj/a.pol"
expect_status 0 "issue12 sibling with --root" timeout 10 "$polc" check --root "$tmp" "$tmp/proj/a.pol"
expect_status 0 "issue12 ir --root" timeout 10 "$polc" ir --root="$tmp" "$tmp/proj/a.pol"
expect_status 0 "issue12 test --root" timeout 10 "$polc" test --root "$tmp" "$tmp/proj/a.pol"
expect_status 2 "issue12 --root not a folder" timeout 10 "$polc" check --root "$tmp/proj/notes.txt" "$tmp/proj/a.pol"
expect_grep "$tmp/err" "is not a folder" "issue12 --root not a folder"

# A FIFO as a policy, on the command line and met walking a folder: one
# message, no wait.
rm -f "$tmp/proj/link.pol"
printf 'policy p "P"\nimport enterprise\n' > "$tmp/proj/a.pol"
# (polc test counts a file it cannot read as a failed test: exit 1)
for cmd in check:2 test:1 fmt:2; do
  status=${cmd#*:}; cmd=${cmd%:*}
  expect_status $status "issue12 $cmd FIFO policy" timeout 10 "$polc" $cmd "$tmp/proj/fifo.pol"
  expect_grep "$tmp/err" "fifo.pol': is not a regular file" "issue12 $cmd FIFO policy"
  expect_status $status "issue12 $cmd walking a FIFO" timeout 10 "$polc" $cmd "$tmp/proj"
  [ "$(grep -c 'fifo.pol' "$tmp/err")" = 1 ] || fail "issue12 $cmd walking a FIFO: not one message"
done
expect_status 2 "issue12 eval FIFO policy" timeout 10 "$polc" eval "$tmp/proj/fifo.pol" --registry /dev/null

# --registry /dev/zero: an endless record is cut and the run ends (it reads
# 128 MB first: a minute allows for a loaded machine and a sanitizer build).
expect_status 1 "issue12 --registry /dev/zero" timeout 60 "$polc" eval "$tmp/proj/a.pol" --registry /dev/zero
expect_grep "$tmp/err" "^/dev/zero:1: the record is longer than 64 MB and does not end" "issue12 --registry /dev/zero"
# a pipe is still a registry
printf 'id\nr1\n' > "$tmp/reg.csv"
expect_status 0 "issue12 registry from a pipe" sh -c "cat '$tmp/reg.csv' | timeout 10 '$polc' eval '$tmp/proj/a.pol' --registry -"
expect_grep "$tmp/out" "^r1," "issue12 registry from a pipe"

# fmt writes through a symbolic link: the target is rewritten, the link stays.
mkdir -p "$tmp/fmt/real" "$tmp/fmt/proj"
printf 'policy   p "P"\nimport enterprise\n' > "$tmp/fmt/real/t.pol"
ln -s ../real/t.pol "$tmp/fmt/proj/l.pol"
expect_status 0 "issue12 fmt through a link" timeout 10 "$polc" fmt "$tmp/fmt/proj/l.pol"
[ -L "$tmp/fmt/proj/l.pol" ] || fail "issue12 fmt through a link: the link was replaced"
[ "$(head -1 "$tmp/fmt/real/t.pol")" = 'policy p "P"' ] || fail "issue12 fmt through a link: the target was not formatted"
[ -z "$(ls "$tmp/fmt/proj" | grep -v '^l.pol$')" ] || fail "issue12 fmt through a link: a file left beside the link"

[ "$failures" = 0 ] || exit 1
echo "ok"
