#!/bin/sh
# test_build.sh POLC SOURCE_DIR - `polc build`: a shared library and its
# header, used by a small C program compiled against them, gives the same
# figures as `polc eval`.
set -u
polc=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$polc" build "$src/examples/first.pol" -o "$tmp/libfirst.so" > "$tmp/out" || {
  echo "FAIL: polc build"; cat "$tmp/out"; exit 1; }
[ -f "$tmp/first.h" ] || { echo "FAIL: no header"; exit 1; }
cat > "$tmp/main.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "first.h"

static first_text text(const char *s) { first_text t = {s, (int64_t)strlen(s)}; return t; }

int main(void) {
  first_row row;
  first_result res;
  first_defaults(&row, first_date(2024, 5, 1));
  row.id = text("91310104MA1FL00001");
  row.district = text("徐汇");
  row.newly_settled = 1;
  row.ai_aligned = 1;
  row.paid_in_capital = 3000000000LL;        /* 3000万 in fen */
  row.annual_revenue = 120000000000LL;       /* 12亿 */
  row.rd_ratio = 60000;                      /* 6% */
  row.milestone_awarded = 100000000LL;       /* 100万 */
  row.compute_spend = 200000000LL;           /* 200万 */
  first_eval(&row, &res);
  printf("%d %lld %lld %lld %lld\n", res.error, (long long)res.total,
         (long long)res.rules[first_xuhui_ai_2022_settlement].amount,
         (long long)res.rules[first_xuhui_ai_2022_revenue_milestone].amount,
         (long long)res.rules[first_xuhui_ai_2022_compute].amount);
  row.application_date = first_date(2026, 1, 2);   /* after the policy's end */
  first_eval(&row, &res);
  printf("%d %lld status %d\n", res.error, (long long)res.total,
         res.rules[first_xuhui_ai_2022_settlement].status);
  return 0;
}
C
cc -Wall -Werror -o "$tmp/main" "$tmp/main.c" -I"$tmp" -L"$tmp" -lfirst || {
  echo "FAIL: the C program does not compile against first.h"; exit 1; }
LD_LIBRARY_PATH="$tmp" "$tmp/main" > "$tmp/got" || { echo "FAIL: the C program failed"; exit 1; }
# 5% × 3000万 = 150万; 12亿 reaches the 300万 tier, 100万 received: 200万;
# 30% × 200万 = 60万; total 410万.  After 2025-12-31: not in force (1).
printf '0 410000000 150000000 200000000 60000000\n0 0 status 1\n' > "$tmp/want"
if ! cmp -s "$tmp/want" "$tmp/got"; then
  echo "FAIL: the library's figures differ:"; diff "$tmp/want" "$tmp/got"; exit 1
fi

# issue 11: a policy whose own module of columns has no application_date:
# the row still carries it (language.md §7), and a date before the policy's
# start pays 0, as polc eval does.
mkdir -p "$tmp/lib"
printf 'input id: text\ninput capital: money default 0\n' > "$tmp/lib/own_columns.pol"
printf 'policy own "p"\n  effective 2024-01-01 to 2025-12-31\nimport own_columns\nrule settlement "1"\n  award 10%% of capital\n' \
  > "$tmp/own.pol"
POLC_STDLIB="$tmp/lib" "$polc" build "$tmp/own.pol" -o "$tmp/libown.so" > "$tmp/out" || {
  echo "FAIL: polc build of a policy with its own columns"; cat "$tmp/out"; exit 1; }
grep -q 'int64_t application_date;' "$tmp/own.h" || {
  echo "FAIL: own.h has no application_date"; cat "$tmp/own.h"; exit 1; }
cat > "$tmp/own.c" <<'C'
#include <stdio.h>
#include "own.h"

int main(void) {
  own_row row;
  own_result res;
  own_defaults(&row, own_date(2024, 6, 1));
  row.capital = 100000000LL;                       /* 100万 */
  own_eval(&row, &res);                            /* on as_of: in force */
  printf("%d %lld\n", res.error, (long long)res.total);
  row.application_date = own_date(2023, 12, 31);   /* before the start */
  own_eval(&row, &res);
  printf("%d %lld status %d\n", res.error, (long long)res.total,
         res.rules[own_own_settlement].status);
  return 0;
}
C
cc -Wall -Werror -o "$tmp/own" "$tmp/own.c" -I"$tmp" -L"$tmp" -lown || {
  echo "FAIL: the C program does not compile against own.h"; exit 1; }
LD_LIBRARY_PATH="$tmp" "$tmp/own" > "$tmp/got" || { echo "FAIL: the own C program failed"; exit 1; }
printf '0 10000000\n0 0 status 1\n' > "$tmp/want"
if ! cmp -s "$tmp/want" "$tmp/got"; then
  echo "FAIL: issue11: the library ignores application_date:"; diff "$tmp/want" "$tmp/got"; exit 1
fi
echo "polc build: a C program evaluates the policy without polc"

# issue12_header_injection: a policy's text pasted into the header ended its
# comment and declared `injected` in every program including it; inputs
# named like C keywords (`int`, `register`, `struct`), like the row's own
# `pad`, or like <stdint.h>'s macros gave a header that did not compile.
mkdir "$tmp/evil"
cat > "$tmp/evil/evil.pol" <<'POL'
policy evil "title */ int title_injected; /* \n end"
  document "doc */ int doc_injected; /*"
  effective 2020-01-01 to 2030-12-31

input id: text "x */ int injected = 1; /*"
input int: money "an int */ /* ??/ \n newline" default 0元
input register: count "r" default 0
input struct: bool "s" default false
input pad: count "the row has a pad" default 0
input quoted: text "a text default" default "say \"hi\" ??/ */ \\ \n 汉字"
input UINT64_MAX: count "a stdint macro's name" default 0
input int_: count "the C name `int` would take" default 0

rule r "第一条 */ int rule_injected; /* \n"
  award 1元 * int_ when struct and register > 2 and int > 0元
rule a_b "c"
  award 2元
POL
"$polc" build "$tmp/evil/evil.pol" -o "$tmp/evil/libevil.so" > "$tmp/out" 2>&1 || {
  echo "FAIL: issue12_header_injection: polc build"; cat "$tmp/out"; exit 1; }
if cc -E -P "$tmp/evil/evil.h" | grep -q injected; then
  echo "FAIL: issue12_header_injection: the header declares text of the policy:"
  cc -E -P "$tmp/evil/evil.h" | grep injected; exit 1
fi
cat > "$tmp/evil/main.c" <<'C'
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "evil.h"

/* Each a different type than the policy's text would declare. */
static const char *injected = "mine", *title_injected = "t", *doc_injected = "d",
                  *rule_injected = "r";

int main(void) {
  evil_row row;
  evil_result res;
  evil_defaults(&row, evil_date(2024, 5, 1));
  row.id.ptr = "A";
  row.id.len = 1;
  row.int_ = 100;       /* input `int`: 1元 */
  row.register_ = 3;    /* input `register` */
  row.struct_ = 1;      /* input `struct` */
  row.pad_ = 7;         /* input `pad`, not the row's own */
  row.int__ = 5;        /* input `int_` */
  row.UINT64_MAX_ = 0;
  const char *want = "say \"hi\" \?\?/ */ \\ \n 汉字";
  if (row.quoted.len != (int64_t)strlen(want) || memcmp(row.quoted.ptr, want, strlen(want)))
    return 2;
  evil_eval(&row, &res);
  printf("%d %lld %lld %lld %d %s%s%s%s\n", res.error, (long long)res.total,
         (long long)res.rules[evil_evil_r].amount, (long long)res.rules[evil_evil_a_b].amount,
         evil_RULES, injected, title_injected, doc_injected, rule_injected);
  return 0;
}
C
for std in "" -std=c99 -std=c11 -std=gnu17; do
  cc $std -Wall -Wextra -Werror -o "$tmp/evil/main" "$tmp/evil/main.c" -I"$tmp/evil" \
     -L"$tmp/evil" -levil 2> "$tmp/err" || {
    echo "FAIL: issue12_header_injection: evil.h does not compile (cc $std)"; cat "$tmp/err"; exit 1; }
done
LD_LIBRARY_PATH="$tmp/evil" "$tmp/evil/main" > "$tmp/got" || {
  echo "FAIL: issue12_header_injection: the program failed"; exit 1; }
# r: 1元 × 5 = 500 fen; a_b 200 fen.
echo "0 700 500 200 2 minetdr" > "$tmp/want"
if ! cmp -s "$tmp/want" "$tmp/got"; then
  echo "FAIL: issue12_header_injection: figures differ:"; diff "$tmp/want" "$tmp/got"; exit 1
fi

# issue12_build_output_is_policy: -o (or the header written beside it)
# naming a policy file of the run would replace the policy: refused.
d="$tmp/as-output"
mkdir -p "$d"
printf 'policy own "o"\nimport enterprise\nrule r "第一条"\n  award 1元\n' > "$d/own.pol"
cp "$d/own.pol" "$d/keep.pol"
"$polc" build "$d/own.pol" -o "$d/own.pol" > "$tmp/out" 2> "$tmp/err"
[ $? = 2 ] || { echo "FAIL: issue12_build_output_is_policy: -o the policy was not refused"; exit 1; }
cmp -s "$d/own.pol" "$d/keep.pol" || { echo "FAIL: issue12_build_output_is_policy: the policy was replaced"; exit 1; }
grep -q "is the policy file" "$tmp/err" || { echo "FAIL: issue12_build_output_is_policy: no message"; cat "$tmp/err"; exit 1; }
# the header of -o own.so is own.h: a policy kept in own.h is refused too
cp "$d/own.pol" "$d/own.h"
"$polc" build "$d/own.h" -o "$d/own.so" > "$tmp/out" 2> "$tmp/err"
[ $? = 2 ] && cmp -s "$d/own.h" "$d/keep.pol" ||
  { echo "FAIL: issue12_build_output_is_policy: the header replaced a policy"; cat "$tmp/err"; exit 1; }
"$polc" build "$d/own.pol" -o "$d/libown.so" > "$tmp/out" 2> "$tmp/err" ||
  { echo "FAIL: issue12_build_output_is_policy: a plain build failed"; cat "$tmp/err"; exit 1; }

echo "polc build: policy text stays in comments, C keywords as inputs compile"
