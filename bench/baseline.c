/*
 * baseline.c - the practical speed limit: registry.md's 16 formula rules
 * of the four seed policies, hand-written in C, over a registry in the
 * common syntax (gen_registry --clean: plain yuan, true/false, percentages
 * as "15.34%").  Its output is byte for byte
 * that of `polc eval` over the .pol files of tests/golden/eval/seed_formulas, which
 * make bench checks before comparing times.
 *
 *   baseline REGISTRY.csv AS_OF(YYYY-MM-DD) > out.csv
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef __int128 i128;

enum { ID, DISTRICT, OPERATING, TAX, ACTIVITY, NORMAL, CREDIT, DISHONEST, DATE, SETTLED,
       AI, LLM, SOFTWARE, CAPITAL, REVENUE, GROWTH, RD, MILESTONE, OVERSEAS, OVERSEAS_GOT,
       EDA, COMPUTE, PROCUREMENT, TELECOM, FUND, RENT, PURCHASE, PROJECT, NCOLS };

static const char *const NAMES[NCOLS] = {
    "id", "district", "operating_district", "tax_district", "activity_district",
    "operating_normally", "credit_good", "serious_dishonesty_3y", "application_date",
    "newly_settled", "ai_aligned", "llm_enterprise", "software_aligned", "paid_in_capital",
    "annual_revenue", "revenue_growth_2y", "rd_ratio", "milestone_awarded", "overseas_revenue",
    "overseas_milestone_awarded", "eda_spend", "compute_spend", "unrelated_procurement",
    "telecom_fees", "fund_investment", "rent_cost", "office_purchase_price",
    "rd_project_investment"};

typedef struct Field { const char *p; int n; } Field;

static int64_t days(const char *s) {   /* YYYY-MM-DD to days since 1970 */
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  y -= m <= 2;
  int era = y / 400, yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static int64_t fen(Field f) {   /* "123.45" → 12345 */
  int64_t v = 0, cents = 0;
  int i = 0, frac = -1;
  for (; i < f.n; i++) {
    if (f.p[i] == '.') { frac = 0; continue; }
    if (frac >= 0) { if (frac < 2) cents = cents * 10 + (f.p[i] - '0'); frac++; }
    else v = v * 10 + (f.p[i] - '0');
  }
  while (frac >= 0 && frac < 2) { cents *= 10; frac++; }
  return v * 100 + (frac < 0 ? 0 : cents);
}

static int64_t micro(Field f) {   /* "0.1534" or "15.34%" → 153400 */
  int64_t v = 0;
  int digits = -1, n = f.n, places = 6;
  if (n > 0 && f.p[n - 1] == '%') { n--; places = 4; }
  for (int i = 0; i < n; i++) {
    if (f.p[i] == '.') { digits = 0; continue; }
    v = v * 10 + (f.p[i] - '0');
    if (digits >= 0) digits++;
  }
  for (int d = digits < 0 ? 0 : digits; d < places; d++) v *= 10;
  return v;
}

static int is(Field f, const char *s) { return f.n == (int)strlen(s) && !memcmp(f.p, s, (size_t)f.n); }
static int yes(Field f) { return f.n == 4 && !memcmp(f.p, "true", 4); }

static int64_t share(int64_t base, int64_t pct) {   /* pct in hundredths of %, rounded */
  i128 p = (i128)base * pct;
  i128 q = p / 10000, r = p % 10000;
  if (2 * (r < 0 ? -r : r) >= 10000) q += p < 0 ? -1 : 1;
  return (int64_t)q;
}

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

static int64_t ladder(int64_t v, const int64_t *t, const int64_t *a, int n, int64_t got) {
  int64_t tier = -1;
  for (int i = 0; i < n; i++) if (v > t[i]) tier = a[i];
  if (tier < 0) return 0;
  return tier - got > 0 ? tier - got : 0;
}

static char *out, *o;

static void put_fen(int64_t v) {
  char d[24]; int n = 0;
  do { d[n++] = (char)('0' + v % 10); v /= 10; if (n == 2) d[n++] = '.'; } while (v || n < 4);
  while (n) *o++ = d[--n];
}

int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "rb");
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)size + 1);
  fread(buf, 1, (size_t)size, f);
  buf[size] = '\n';
  int64_t as_of = days(argv[2]);
  out = malloc(1 << 24);
  o = out;
  o += sprintf(o, "id,total,xuhui_ai_2022.settlement,xuhui_ai_2022.revenue_milestone,"
                  "xuhui_ai_2022.eda,xuhui_ai_2022.compute,xuhui_ai_2022.procurement,"
                  "xuhui_llm_2023.compute,xuhui_llm_2023.revenue_milestone,"
                  "lingang_ai_2020.telecom,lingang_ai_2020.revenue_milestone,"
                  "lingang_ai_2020.overseas_milestone,lingang_ai_2020.settlement,"
                  "lingang_ai_2020.fund_investment,putuo_software_2024.rent,"
                  "putuo_software_2024.office_purchase,putuo_software_2024.rd_project,"
                  "putuo_software_2024.compute\n");
  /* the header: which field is which column */
  int map[64], nf = 0;
  char *p = buf, *end = buf + size;
  while (*p != '\n') {
    char *c = p;
    while (*c != ',' && *c != '\n') c++;
    map[nf] = -1;
    for (int k = 0; k < NCOLS; k++)
      if ((int)strlen(NAMES[k]) == c - p && !memcmp(p, NAMES[k], (size_t)(c - p))) map[nf] = k;
    nf++;
    p = *c == ',' ? c + 1 : c;
  }
  p++;
  /* the policies' dates, once */
  const int64_t D20201015 = days("2020-10-15");
  const int64_t D20221016 = days("2022-10-16");
  const int64_t D20230831 = days("2023-08-31");
  const int64_t D20231216 = days("2023-12-16");
  const int64_t D20250101 = days("2025-01-01");
  const int64_t D20251231 = days("2025-12-31");
  const int64_t D20261231 = days("2026-12-31");
  static const int64_t XT[] = {20000000000, 100000000000, 300000000000};
  static const int64_t XA[] = {100000000, 300000000, 500000000};
  static const int64_t LT[] = {500000000, 1000000000, 2000000000, 5000000000, 10000000000,
                               50000000000, 100000000000, 500000000000};
  static const int64_t LA[] = {20000000, 30000000, 50000000, 100000000, 200000000, 500000000,
                               800000000, 1200000000};
  static const int64_t OT[] = {500000000, 1000000000, 2000000000, 5000000000};
  static const int64_t OA[] = {10000000, 15000000, 25000000, 50000000};
  while (p < end) {
    Field c[NCOLS];
    for (int i = 0; i < nf; i++) {
      char *q = p;
      while (*q != ',' && *q != '\n') q++;
      if (map[i] >= 0) c[map[i]] = (Field){p, (int)(q - p)};
      p = q + 1;
    }
    int64_t day = c[DATE].n ? days(c[DATE].p) : as_of, r[16] = {0};
    int xuhui = (is(c[DISTRICT], "徐汇") || is(c[ACTIVITY], "徐汇")) && yes(c[NORMAL]) && yes(c[CREDIT]);
    if (xuhui && day >= D20221016 && day <= D20251231) {
      int64_t cap = fen(c[CAPITAL]);
      if (yes(c[SETTLED]) && yes(c[AI]) && cap >= 2000000000) r[0] = min64(share(cap, 500), 500000000);
      if (micro(c[GROWTH]) >= 150000 || micro(c[RD]) >= 50000)
        r[1] = ladder(fen(c[REVENUE]), XT, XA, 3, fen(c[MILESTONE]));
      r[2] = min64(share(fen(c[EDA]), 5000), 200000000);
      r[3] = min64(share(fen(c[COMPUTE]), 3000), 500000000);
      r[4] = min64(share(fen(c[PROCUREMENT]), 1000), 300000000);
    }
    if (xuhui && day >= D20231216 && yes(c[LLM])) {
      r[5] = min64(share(fen(c[COMPUTE]), 3000), 1000000000);
      r[6] = ladder(fen(c[REVENUE]), XT, XA, 3, fen(c[MILESTONE]));
    }
    if (r[5] > r[3]) r[3] = 0; else if (r[5] > 0) r[5] = 0;   /* 从高不重复 */
    if (r[6] > r[1]) r[1] = 0; else if (r[6] > 0) r[6] = 0;
    if (is(c[DISTRICT], "临港") && is(c[OPERATING], "临港") && is(c[TAX], "临港") &&
        day >= D20201015 && day <= D20230831) {
      int64_t fees = fen(c[TELECOM]), low = min64(fees, 30000000), high = fees - 30000000;
      i128 parts = (i128)low * 100000 + (i128)(high > 0 ? high : 0) * 500000;   /* millionths */
      i128 q = parts / 1000000, rem = parts % 1000000;
      if (2 * rem >= 1000000) q++;
      r[7] = min64((int64_t)q, 100000000);
      r[8] = ladder(fen(c[REVENUE]), LT, LA, 8, fen(c[MILESTONE]));
      r[9] = ladder(fen(c[OVERSEAS]), OT, OA, 4, fen(c[OVERSEAS_GOT]));
      int64_t cap = fen(c[CAPITAL]);
      if (yes(c[SETTLED]) && cap >= 2000000000) r[10] = min64(share(cap, 500), 500000000);
      if (yes(c[SETTLED])) r[11] = min64(share(fen(c[FUND]), 1000), 800000000);
    }
    if (is(c[DISTRICT], "普陀") && yes(c[CREDIT]) && !yes(c[DISHONEST]) && yes(c[SOFTWARE]) &&
        day >= D20250101 && day <= D20261231) {
      if (yes(c[SETTLED])) {
        r[12] = min64(fen(c[RENT]), 100000000) * 3;
        r[13] = min64(share(fen(c[PURCHASE]), 200), 300000000);
      }
      r[14] = min64(share(fen(c[PROJECT]), 5000), 300000000);
      r[15] = min64(share(fen(c[COMPUTE]), 3000), 500000000);
    }
    int64_t total = 0;
    for (int i = 0; i < 16; i++) total += r[i];
    memcpy(o, c[ID].p, (size_t)c[ID].n);
    o += c[ID].n;
    *o++ = ',';
    put_fen(total);
    for (int i = 0; i < 16; i++) { *o++ = ','; put_fen(r[i]); }
    *o++ = '\n';
    if (o - out > (1 << 24) - 4096) { fwrite(out, 1, (size_t)(o - out), stdout); o = out; }
  }
  fwrite(out, 1, (size_t)(o - out), stdout);
  return 0;
}
