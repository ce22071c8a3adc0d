/*
 * gen_registry.c - a deterministic synthetic registry for benchmarks: every
 * core column of registry.md, with values that make every formula rule of
 * the four seed policies fire.
 *
 *   gen_registry ROWS [--clean] > registry.csv
 *
 * Without --clean, cells use the rarer syntaxes too (3000万, 是, 0.1534, Y);
 * with --clean, only the common ones (plain yuan, true/false, percentages
 * written as registries write them, 15.34%).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15ULL;

static uint64_t next(void) {   /* xorshift64*: fast, and the same everywhere */
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ULL;
}

static int below(int n) { return (int)(next() % (uint64_t)n); }

static int clean;

static void boolean(int v) {
  static const char *const yes[] = {"true", "是", "Y", "1"};
  static const char *const no[] = {"false", "否", "N", "0"};
  fputs(clean ? (v ? "true" : "false") : (v ? yes : no)[below(4)], stdout);
}

/* An amount in fen, written as yuan (or in 万 when it is whole 万). */
static void money(uint64_t fen) {
  if (!clean && fen % 1000000 == 0 && below(3) == 0)
    printf("%llu万", (unsigned long long)(fen / 1000000));
  else
    printf("%llu.%02llu", (unsigned long long)(fen / 100), (unsigned long long)(fen % 100));
}

/* Registries write percentages as "112.18%"; without --clean, half of
 * them as the fraction itself ("1.1218"). */
static void percent(int hundredths) {   /* hundredths of a percent */
  if (clean || below(2))
    printf("%d.%02d%%", hundredths / 100, hundredths % 100);
  else
    printf("%d.%04d", hundredths / 10000, hundredths % 10000);
}

static const char *const DATES[3][3] = {
    {"2024-05-06", "2025-03-18", "2023-12-20"},   /* 徐汇: both xuhui policies */
    {"2021-06-01", "2022-09-30", "2023-08-31"},   /* 临港 */
    {"2025-02-14", "2026-06-30", "2026-12-31"},   /* 普陀 */
};

static void row(long i) {
  static const char *const districts[] = {"徐汇", "临港", "普陀"};
  int d = below(10) < 5 ? 0 : below(2) + 1;
  const char *district = districts[d];
  printf("91310%06ldMA1X,企业%ld,%s,%s,%s,%s,", i, i, district, district, district,
         d == 0 ? "徐汇" : "");
  boolean(below(20) != 0);   /* operating_normally */
  putchar(',');
  boolean(below(20) != 0);   /* credit_good */
  putchar(',');
  boolean(below(30) == 0);   /* serious_dishonesty_3y */
  printf(",%s,", below(10) ? DATES[d][below(3)] : "");
  for (int b = 0; b < 4; b++) {   /* newly_settled ai_aligned llm_enterprise software_aligned */
    boolean(below(2));
    putchar(',');
  }
  money((uint64_t)below(6000) * 1000000);            /* paid_in_capital, up to 6000万 */
  putchar(',');
  money((uint64_t)below(400000) * 10000000 + (uint64_t)below(100));   /* annual_revenue */
  putchar(',');
  percent(below(3000));                              /* revenue_growth_2y */
  putchar(',');
  percent(below(1000));                              /* rd_ratio */
  putchar(',');
  money(below(3) == 0 ? 100000000 : 0);              /* milestone_awarded */
  putchar(',');
  money((uint64_t)below(80000) * 1000000);           /* overseas_revenue */
  putchar(',');
  money(below(4) == 0 ? 10000000 : 0);               /* overseas_milestone_awarded */
  for (int m = 0; m < 8; m++) {   /* eda_spend .. rd_project_investment */
    putchar(',');
    money((uint64_t)below(2000) * 100000 + (uint64_t)below(100));
  }
  putchar('\n');
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: gen_registry ROWS [--clean]\n");
    return 2;
  }
  long rows = atol(argv[1]);
  clean = argc > 2 && strcmp(argv[2], "--clean") == 0;
  puts("id,name,district,operating_district,tax_district,activity_district,"
       "operating_normally,credit_good,serious_dishonesty_3y,application_date,"
       "newly_settled,ai_aligned,llm_enterprise,software_aligned,paid_in_capital,"
       "annual_revenue,revenue_growth_2y,rd_ratio,milestone_awarded,overseas_revenue,"
       "overseas_milestone_awarded,eda_spend,compute_spend,unrelated_procurement,"
       "telecom_fees,fund_investment,rent_cost,office_purchase_price,rd_project_investment");
  for (long i = 0; i < rows; i++)
    row(i);
  return 0;
}
