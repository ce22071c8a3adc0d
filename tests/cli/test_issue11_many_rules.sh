#!/bin/sh
# test_issue11_many_rules.sh POLC SOURCE_DIR - issue 11, item 5: a rule's
# index was 16 bits in the IR, so past 32,767 rules the interpreter wrote
# outside its array (wrong columns, exit 0, or a crash) and `polc check`
# accepted any number.  Now one policy holds at most 10,000 rules (and
# 1,000 awards a rule; the inputs' limit is test_limits.sh's), said by check at the first one over,
# and policies evaluated together index their 40,000 rules correctly.
# Native code is not run here: compiling thousands of rules takes minutes.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"
gen="$src/tests/cli/gen_many_rules.py"

# One policy of 40,000 rules: refused at rule 10,001 (line 3 + 2 × 10,000).
mkdir "$tmp/big" && python3 "$gen" "$tmp/big" 1 40000 || exit 1
expect_status 1 "check, 40,000 rules" "$polc" check "$tmp/big/many0.pol"
head -1 "$tmp/err" > "$tmp/first"
echo "$tmp/big/many0.pol:20003:6: error: this is rule 10,001; polc takes at most 10,000 rules in one policy" > "$tmp/want"
cmp -s "$tmp/first" "$tmp/want" || { fail "the limit is not said at rule 10,001:"; cat "$tmp/first"; }
expect_status 1 "eval, 40,000 rules" "$polc" eval "$tmp/big/many0.pol" --registry "$tmp/big/reg.csv" --engine interp
[ -s "$tmp/out" ] && fail "eval of a refused policy printed rows"

# Four policies of exactly 10,000 rules each, evaluated together: every one
# of the 40,000 columns right (rules 32,768 and on were wrong or crashed).
mkdir "$tmp/four" && python3 "$gen" "$tmp/four" 4 10000 || exit 1
cd "$tmp/four" || exit 1
expect_status 0 "check, 10,000 rules" "$polc" check many0.pol
expect_status 0 "eval, 4 × 10,000 rules" "$polc" eval many0.pol many1.pol many2.pol many3.pol --registry reg.csv --engine interp
cmp -s "$tmp/out" expected.csv || fail "eval of 40,000 rules: the columns differ from expected.csv"

# auto does not compile more than 500 rules for a large registry (256 MB,
# here of blank lines): compiling would take longer than the rows.
mkdir "$tmp/auto" && python3 "$gen" "$tmp/auto" 1 501 || exit 1
{ cat "$tmp/auto/reg.csv"; head -c 268435456 /dev/zero | tr '\0' '\n'; } > "$tmp/auto/large.csv"
expect_status 0 "eval, 501 rules, auto" env XDG_CACHE_HOME="$tmp/cache" "$polc" eval "$tmp/auto/many0.pol" --registry "$tmp/auto/large.csv" --verbose
expect_grep "$tmp/err" "the interpreter runs the rows (--engine auto)" "auto with 501 rules"
rm -f "$tmp/auto/large.csv"

# A rule of 1,001 awards.
{
  echo 'policy awards "p"'
  echo 'rule r "第一条"'
  i=0; while [ $i -le 1000 ]; do echo "  award ${i}元 when false"; i=$((i + 1)); done
} > "$tmp/awards.pol"
expect_status 1 "check, 1,001 awards" "$polc" check "$tmp/awards.pol"
expect_grep "$tmp/err" "awards.pol:1003:3: error: this is award 1,001 of rule \`r\`; a rule has at most 1,000 awards" "the award limit"

[ "$failures" = 0 ] || exit 1
