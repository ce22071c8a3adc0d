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
