#!/bin/sh
# test_bad_input.sh POLC SOURCE_DIR - the catalogue of bad input (issue 7):
# each malformed policy or registry gets its exact, located message and exit
# status 1; no good row is lost, no rejected row gets a figure, and a failed
# run leaves no output file.  The inputs are made here: a 10 MB line is not
# kept in the repository.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"

# check_policy NAME 'EXPECTED FIRST LINE OF STDERR', the body of rule r in $tmp/body
# The policy is a header, then `rule r` whose award line is the input.
policy_header='policy p "P"
import enterprise
rule r "一" kind settlement'
check_policy() {
  name=$1; want=$2
  { echo "$policy_header"; cat "$tmp/body"; } > "$tmp/$name.pol"
  "$polc" check --color never "$tmp/$name.pol" >"$tmp/out" 2>"$tmp/err"
  got=$?
  [ "$got" = 1 ] || fail "$name: polc check exited $got, expected 1"
  first=$(head -1 "$tmp/err" | sed "s|$tmp/||")
  [ "$first" = "$want" ] || { fail "$name: first message"; echo "  got:  $first"; echo "  want: $want"; }
}

printf '  award 5%% of paid_in_capital cap \377\376万\n' > "$tmp/body"
check_policy invalid_utf8 'invalid_utf8.pol:4:35: error: invalid UTF-8 byte 0xFF: the file is not UTF-8 text'
printf '  award 1万 when name == "a\000b"\n' > "$tmp/body"
check_policy nul_byte 'nul_byte.pol:4:28: error: NUL byte in a string'
printf '  award 1万 when name == "abc\n' > "$tmp/body"
check_policy lone_quote 'lone_quote.pol:4:26: error: unterminated string'
printf '  award 1e999\n' > "$tmp/body"
check_policy exponent 'exponent.pol:4:9: error: exponent notation is not allowed: 1e999'
printf '  award 99999999999999999万\n' > "$tmp/body"
check_policy money_overflow 'money_overflow.pol:4:9: error: the amount 99999999999999999万 is too large'
printf '  award 0.001元\n' > "$tmp/body"
check_policy below_fen 'below_fen.pol:4:9: error: the amount 0.001元 is finer than the fen (0.01元)'
printf '  award 1万 when application_date >= 2023-02-29\n' > "$tmp/body"
check_policy no_such_date 'no_such_date.pol:4:38: error: 2023-02-29 is not a calendar date'
printf '  award 1万\n/* a C comment is not a comment here\n' > "$tmp/body"
check_policy c_comment 'c_comment.pol:5:2: error: expected an expression, found `*`'
python3 -c "print('  award 1万 when ' + '(' * 300 + 'true' + ')' * 300)" > "$tmp/body"
check_policy deep_brackets 'deep_brackets.pol:4:218: error: brackets nested more than 200 deep'
python3 -c "print('  award 1万 when ' + 'not\n' * 20000 + 'true')" > "$tmp/body"
check_policy deep_not 'deep_not.pol:9993:1: error: the expression is nested too deeply for polc to read'
# the line quoted is the file's own (flex scans a copy; it used to read `not?not`)
[ "$(sed -n 2p "$tmp/err")" = " 9993 | not" ] || fail "deep_not: the quoted line: $(sed -n 2p "$tmp/err")"
python3 -c "print('  award 1万 when ' + ' and '.join(['true'] * 1000))" > "$tmp/body"
check_policy long_chain 'long_chain.pol:4:18: error: expression nested more than 400 deep'
python3 -c "print('  award 1万 when ' + ' and '.join(['true'] * 20000))" > "$tmp/body"
check_policy long_line 'long_line.pol:4:1: error: line 4 is 180013 bytes long; polc reads lines of at most 65536 bytes'
python3 -c "print('  award 1万 when ' + 'x' * 2000)" > "$tmp/body"
check_policy long_name 'long_name.pol:4:18: error: a name of 2000 characters; names are at most 128'
python3 -c "print('  award 1' + '0' * 5000)" > "$tmp/body"
check_policy long_number 'long_number.pol:4:9: error: the number 1000000000000000000000000000000000000000… is too large'
python3 -c "print('  award 1万 when name == \"' + 'y' * 5000 + '\"')" > "$tmp/body"
check_policy long_string 'long_string.pol:4:26: error: a string of 5000 bytes; polc reads strings of at most 4096'
: > "$tmp/body"
check_policy no_award 'no_award.pol:3:28: error: expected `award`, `note`, `kind`, `group`, `per`, `for`, `paid`, `discretionary`, ..., found the end of the file'

# ---- registries ----------------------------------------------------------
policy="$src/examples/first.pol"
good="$src/examples/first-registry.csv"
"$polc" eval "$policy" --registry "$good" > "$tmp/good.out" 2>&1 || fail "the good registry"
good_rows=$(($(wc -l < "$tmp/good.out") - 1))

# check_registry NAME STATUS 'EXPECTED FIRST LINE OF STDERR' ROWS_OUT
# ROWS_OUT: the rows written (-1: no output file at all).
check_registry() {
  name=$1; want_status=$2; want=$3; want_rows=$4
  rm -f "$tmp/out.csv"
  "$polc" eval "$policy" --registry "$tmp/$name" -o "$tmp/out.csv" >/dev/null 2>"$tmp/err"
  got=$?
  [ "$got" = "$want_status" ] || fail "$name: polc eval exited $got, expected $want_status"
  first=$(head -1 "$tmp/err" | sed "s|$tmp/||")
  [ "$first" = "$want" ] || { fail "$name: first message"; echo "  got:  $first"; echo "  want: $want"; }
  if [ "$want_rows" = -1 ]; then
    [ ! -e "$tmp/out.csv" ] || fail "$name: an output file was written"
  else
    rows=$(($(wc -l < "$tmp/out.csv") - 1))
    [ "$rows" = "$want_rows" ] || fail "$name: $rows rows written, expected $want_rows"
    grep -q '^BAD' "$tmp/out.csv" && fail "$name: a rejected row has a figure"
  fi
  ls "$tmp" | grep -q '\.tmp' && fail "$name: a temporary file was left"
}
head -1 "$good" > "$tmp/header"
tail -n +2 "$good" > "$tmp/rows"
bad_row() { sed -n 1p "$tmp/rows" | sed "s/^[^,]*/BAD/"; }

{ cat "$tmp/header" "$tmp/rows"; echo "BAD,1"; } > "$tmp/ragged.csv"
check_registry ragged.csv 1 "ragged.csv:$((good_rows + 2)): expected 13 fields, found 2" "$good_rows"
{ sed 's/^id,/id,id,/' "$tmp/header"; sed 's/^/x,/' "$tmp/rows"; } > "$tmp/duplicate.csv"
check_registry duplicate.csv 1 'duplicate.csv:1: column id appears twice' -1
cp "$tmp/header" "$tmp/header-only.csv"
check_registry header-only.csv 0 '' 0
: > "$tmp/empty.csv"
check_registry empty.csv 1 'empty.csv: the registry is empty (no header row)' -1
{ printf '\357\273\277'; sed 's/$/\r/' "$good"; } > "$tmp/crlf-bom.csv"
check_registry crlf-bom.csv 0 '' "$good_rows"
cmp -s "$tmp/out.csv" "$tmp/good.out" || fail "crlf-bom.csv: figures differ from the plain file's"
{ cat "$tmp/header"; python3 -c "print('z' * 10000000)"; cat "$tmp/rows"; } > "$tmp/long-line.csv"
check_registry long-line.csv 1 'long-line.csv:2: expected 13 fields, found 1' "$good_rows"
{ cat "$tmp/header" "$tmp/rows"; bad_row | python3 -c "import sys; f = sys.stdin.read().split(','); f[1] = '名' * 400000; print(','.join(f), end='')"; } > "$tmp/big-cell.csv"
check_registry big-cell.csv 1 "big-cell.csv:$((good_rows + 2)): column name: a cell of 1200000 bytes; polc reads cells of at most 1048576" "$good_rows"
python3 -c "print(','.join(['id'] + ['c%d' % i for i in range(5000)]))" > "$tmp/wide.csv"
check_registry wide.csv 1 'wide.csv:1: the header has 5001 columns; polc reads registries of at most 4096' -1
{ cat "$tmp/header"; bad_row | sed 's/,/,"/3'; } > "$tmp/open-quote.csv"
check_registry open-quote.csv 1 'open-quote.csv:2: a quoted field is not closed before the end of the file' 0
{ cat "$tmp/header" "$tmp/rows"; bad_row | sed 's/3000万/1e999/'; } > "$tmp/exponent-cell.csv"
check_registry exponent-cell.csv 1 "exponent-cell.csv:$((good_rows + 2)): column paid_in_capital: cannot read \"1e999\" as money" "$good_rows"
{ cat "$tmp/header"; bad_row | sed 's/3000万/99999999999999999万/'; cat "$tmp/rows"; } > "$tmp/overflow-cell.csv"
check_registry overflow-cell.csv 1 'overflow-cell.csv:2: column paid_in_capital: cannot read "99999999999999999万" as money' "$good_rows"
{ cat "$tmp/header"; bad_row | sed 's/3000万/0.001元/'; cat "$tmp/rows"; } > "$tmp/below-fen.csv"
check_registry below-fen.csv 1 'below-fen.csv:2: column paid_in_capital: cannot read "0.001元" as money' "$good_rows"
{ cat "$tmp/header"; bad_row | sed 's/2024-05-06/2023-02-29/'; cat "$tmp/rows"; } > "$tmp/no-such-date.csv"
check_registry no-such-date.csv 1 'no-such-date.csv:2: column application_date: cannot read "2023-02-29" as date' "$good_rows"
{ cat "$tmp/header"; bad_row | sed 's/3000万/30\xff万/'; cat "$tmp/rows"; } > "$tmp/invalid-utf8.csv"
check_registry invalid-utf8.csv 1 'invalid-utf8.csv:2: column paid_in_capital: cannot read "30\xFF万" as money' "$good_rows"
{ cat "$tmp/header"; bad_row | sed 's/^BAD/BAD\xfe/'; cat "$tmp/rows"; } > "$tmp/invalid-utf8-text.csv"
check_registry invalid-utf8-text.csv 1 'invalid-utf8-text.csv:2: column id: byte 4 is 0xFE, not UTF-8 text (save the registry as UTF-8)' "$good_rows"
{ cat "$tmp/header"; bad_row | sed 's/^BAD/BAD\x00/'; cat "$tmp/rows"; } > "$tmp/nul-cell.csv"
check_registry nul-cell.csv 1 'nul-cell.csv:2: column id: a NUL byte at byte 4' "$good_rows"
mkdir "$tmp/folder.csv"
check_registry folder.csv 2 "polc eval: cannot open 'folder.csv': it is a directory; give the registry file" -1
printf '{"id":"a"}\n[1,2]\n"x"\n{"id":\n{"id":"b"}\n' > "$tmp/not-objects.jsonl"
check_registry not-objects.jsonl 1 'not-objects.jsonl:2: not a JSON object' 2

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "bad input: every case reported as expected"
