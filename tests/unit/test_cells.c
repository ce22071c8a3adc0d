/*
 * test_cells.c - reading one registry cell (runtime/cells.c): every form of
 * registry.md's cell syntax, and every way a cell can be malformed.
 */
#include <stdlib.h>
#include <string.h>

#include "runtime/exec/cells.h"
#include "runtime/base/date.h"
#include "runtime/base/exact.h"
#include "support.h"

enum { FORM_TEST_DIGITS = 200 };   /* more full-width digits than a cell form holds */

/* Macros rather than functions so that a failure names the test's line. */
#define assert_cell(kind, text, expected)                              \
  do {                                                                 \
    int64_t v_ = -777;                                                 \
    assert_true(cell_parse((kind), (text), strlen(text), &v_));        \
    assert_int_equal(v_, (expected));                                  \
  } while (0)

#define assert_bad(kind, text)                                         \
  do {                                                                 \
    int64_t v_ = -777;                                                 \
    assert_false(cell_parse((kind), (text), strlen(text), &v_));       \
    assert_int_equal(v_, -777);                                        \
  } while (0)

static void test_money_plain(void **state) {
  (void)state;
  assert_cell(VK_MONEY, "30000000", INT64_C(3000000000));
  assert_cell(VK_MONEY, "30000000.5", INT64_C(3000000050));
  assert_cell(VK_MONEY, "3000.010", 300001);      /* trailing zero is exact */
  assert_cell(VK_MONEY, "0.01", 1);
  assert_cell(VK_MONEY, "0", 0);
  assert_cell(VK_MONEY, "-12.30", -1230);
  assert_cell(VK_MONEY, "-0", 0);
  assert_bad(VK_MONEY, "3000.001");               /* finer than the fen */
  assert_bad(VK_MONEY, "0.005");
}

static void test_money_units(void **state) {
  (void)state;
  assert_cell(VK_MONEY, "3000元", 300000);
  assert_cell(VK_MONEY, "3000万", INT64_C(3000000000));
  assert_cell(VK_MONEY, "3000万元", INT64_C(3000000000));
  assert_cell(VK_MONEY, "1.5亿", INT64_C(15000000000));
  assert_cell(VK_MONEY, "1.5亿元", INT64_C(15000000000));
  assert_cell(VK_MONEY, "-2万", -2000000);
  assert_cell(VK_MONEY, "0.000001万", 1);         /* 0.01元 */
  assert_bad(VK_MONEY, "0.0000001万");            /* 0.001元 */
  assert_cell(VK_MONEY, "0.0000000001亿", 1);
  assert_bad(VK_MONEY, "万");
  assert_bad(VK_MONEY, "万3000");
  assert_bad(VK_MONEY, "3000万万");
  assert_bad(VK_MONEY, "3000元万");
  assert_bad(VK_MONEY, "3000亿万");
  assert_bad(VK_MONEY, "3000千");
}

static void test_money_malformed(void **state) {
  (void)state;
  assert_bad(VK_MONEY, "");
  assert_bad(VK_MONEY, "-");
  assert_bad(VK_MONEY, "--1");
  assert_bad(VK_MONEY, "- 1");
  assert_bad(VK_MONEY, "+1");
  assert_bad(VK_MONEY, "1e3");
  assert_bad(VK_MONEY, ".5");
  assert_bad(VK_MONEY, "1.");
  assert_bad(VK_MONEY, "1.2.3");
  assert_bad(VK_MONEY, "abc");
  assert_bad(VK_MONEY, "12%");
}

static void test_money_overflow(void **state) {
  (void)state;
  assert_cell(VK_MONEY, "92233720368547758.07", INT64_MAX);
  assert_cell(VK_MONEY, "-92233720368547758.07", -INT64_MAX);
  assert_bad(VK_MONEY, "92233720368547758.08");
  assert_bad(VK_MONEY, "-92233720368547758.08");
  assert_cell(VK_MONEY, "922337203.68亿", INT64_C(9223372036800000000));
  assert_bad(VK_MONEY, "922337203.69亿");
  assert_bad(VK_MONEY, "99999999999999999999999999999999");
}

static void test_percent(void **state) {
  (void)state;
  assert_cell(VK_PERCENT, "15%", 150000);
  assert_cell(VK_PERCENT, "0.15", 150000);        /* a plain number is a fraction */
  assert_cell(VK_PERCENT, "12.5%", 125000);
  assert_cell(VK_PERCENT, "1", 1000000);          /* 100% */
  assert_cell(VK_PERCENT, "100%", 1000000);
  assert_cell(VK_PERCENT, "0%", 0);
  assert_cell(VK_PERCENT, "-5%", -50000);
  assert_cell(VK_PERCENT, "-0.05", -50000);
  assert_cell(VK_PERCENT, "0.0001%", 1);          /* the finest percentage */
  assert_cell(VK_PERCENT, "0.000001", 1);
  assert_cell(VK_PERCENT, "250%", 2500000);
  assert_bad(VK_PERCENT, "0.00001%");
  assert_bad(VK_PERCENT, "0.0000001");
  assert_bad(VK_PERCENT, "15 %");
  assert_bad(VK_PERCENT, "%");
  assert_bad(VK_PERCENT, "15%%");
  assert_bad(VK_PERCENT, "%15");
  assert_bad(VK_PERCENT, "15万");
  assert_bad(VK_PERCENT, "");
}

static void test_number_and_count(void **state) {
  (void)state;
  assert_cell(VK_NUMBER, "1.5", 1500000);
  assert_cell(VK_NUMBER, "-2", -2000000);
  assert_cell(VK_NUMBER, "0.000001", 1);
  assert_cell(VK_NUMBER, "3.1415920", 3141592);
  assert_bad(VK_NUMBER, "0.0000001");
  assert_bad(VK_NUMBER, "1.5%");
  assert_bad(VK_NUMBER, "1e2");
  assert_bad(VK_NUMBER, "");
  assert_cell(VK_COUNT, "42", 42);
  assert_cell(VK_COUNT, "-3", -3);
  assert_cell(VK_COUNT, "0", 0);
  assert_cell(VK_COUNT, "9223372036854775807", INT64_MAX);
  assert_bad(VK_COUNT, "9223372036854775808");
  assert_bad(VK_COUNT, "3.0");                    /* a count is an integer */
  assert_bad(VK_COUNT, "3.5");
  assert_bad(VK_COUNT, "3人");
  assert_bad(VK_COUNT, "");
}

static void test_bool(void **state) {
  (void)state;
  static const char *const yes[] = {"true", "TRUE", "True", "tRuE", "1",
                                    "是", "Y", "y"};
  static const char *const no[] = {"false", "FALSE", "False", "0", "否",
                                   "N", "n"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
    assert_cell(VK_BOOL, yes[i], 1);
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
    assert_cell(VK_BOOL, no[i], 0);
  assert_bad(VK_BOOL, "yes");
  assert_bad(VK_BOOL, "no");
  assert_bad(VK_BOOL, "t");
  assert_bad(VK_BOOL, "2");
  assert_bad(VK_BOOL, "01");
  assert_bad(VK_BOOL, "是的");
  assert_bad(VK_BOOL, "Ｙ");                      /* full-width Y */
  assert_bad(VK_BOOL, "");
}

static int64_t ymd(int y, int m, int d) {
  int32_t days;
  assert_true(date_from_ymd(y, m, d, &days));
  return days;
}

static void test_date(void **state) {
  (void)state;
  assert_cell(VK_DATE, "1970-01-01", 0);
  assert_cell(VK_DATE, "2024-02-29", ymd(2024, 2, 29));
  assert_cell(VK_DATE, "2000-02-29", ymd(2000, 2, 29));
  assert_cell(VK_DATE, "1969-12-31", -1);
  assert_bad(VK_DATE, "2023-02-29");
  assert_bad(VK_DATE, "1900-02-29");
  assert_bad(VK_DATE, "2024-13-01");
  assert_bad(VK_DATE, "2024-00-10");
  assert_bad(VK_DATE, "2024-04-31");
  assert_bad(VK_DATE, "2024-01-00");
  assert_bad(VK_DATE, "0000-01-01");
  assert_bad(VK_DATE, "2024-1-5");                /* dashes: polc's own form only */
  assert_bad(VK_DATE, "20240105");
  assert_bad(VK_DATE, "2024-01-05T00:00");
  assert_bad(VK_DATE, "");
}

static void test_spaces(void **state) {
  (void)state;
  assert_cell(VK_MONEY, "  3000万 ", INT64_C(3000000000));
  assert_cell(VK_MONEY, "\t-1.5\t", -150);
  assert_cell(VK_PERCENT, " 15% ", 150000);
  assert_cell(VK_NUMBER, " 2 ", 2000000);
  assert_cell(VK_COUNT, "\t7", 7);
  assert_cell(VK_BOOL, " 是 ", 1);
  assert_cell(VK_DATE, " 2024-01-05\t", ymd(2024, 1, 5));
  assert_bad(VK_MONEY, "30 00");
  assert_bad(VK_MONEY, "\n3000");                 /* only spaces and tabs */
  assert_bad(VK_BOOL, "   ");
}

static void test_length_not_nul(void **state) {
  (void)state;
  int64_t v;
  /* The cell is text[0..len): what follows is not read. */
  assert_true(cell_parse(VK_MONEY, "3000万元", 4, &v));
  assert_int_equal(v, 300000);
  assert_true(cell_parse(VK_COUNT, "12\0" "34", 2, &v));
  assert_int_equal(v, 12);
  assert_false(cell_parse(VK_COUNT, "12\0" "34", 5, &v));
}

static void test_text_and_blank(void **state) {
  (void)state;
  int64_t v = -777;
  assert_false(cell_parse(VK_TEXT, "abc", 3, &v));   /* text is not parsed */
  assert_int_equal(v, -777);
  assert_true(cell_is_blank("", 0));
  assert_true(cell_is_blank("   ", 3));
  assert_true(cell_is_blank(" \t ", 3));
  assert_false(cell_is_blank(" a ", 3));
  assert_false(cell_is_blank("\n", 1));
  assert_true(cell_is_blank("  x", 2));
}

/* The canonical cells are read eight digits at a time (decimal.h); every
 * figure must be what exact_parse_scaled makes of it, or refused as it
 * refuses: random digit strings of every length up to 24 digits a side,
 * with and without a point, trailing zeros, at both units. */
/* issue 15: percentages as registries write them take the canonical
 * reading, with the same values as the full one. */
static void test_issue15_percent_cells(void **state) {
  (void)state;
  assert_cell(VK_PERCENT, "112.18%", 1121800);
  assert_cell(VK_PERCENT, "0.0001%", 1);
  assert_cell(VK_PERCENT, "922337203685477%", INT64_C(9223372036854770000));
  assert_bad(VK_PERCENT, "922337203685478%");
  assert_bad(VK_PERCENT, "1.5%%");
  assert_bad(VK_PERCENT, "0.00001%");
  assert_bad(VK_PERCENT, "12.%");
}

static void test_fast_decimals_agree_with_exact(void **state) {
  (void)state;
  unsigned seed = 7;
  char text[64];
  for (int t = 0; t < 300000; t++) {
    size_t n = 0, whole = 1 + (unsigned)rand_r(&seed) % 24, frac = (unsigned)rand_r(&seed) % 12;
    for (size_t i = 0; i < whole; i++)
      text[n++] = (char)('0' + (rand_r(&seed) % 4 ? rand_r(&seed) % 10 : 0));
    if (frac > 0) {
      text[n++] = '.';
      for (size_t i = 0; i < frac; i++)
        text[n++] = (char)('0' + (rand_r(&seed) % 2 ? rand_r(&seed) % 10 : 0));
    }
    ValueKind kind = t % 2 ? VK_MONEY : VK_PERCENT;
    bool pct = kind == VK_PERCENT && t % 4 == 0;   /* issue 15: "112.18%" */
    int64_t got = -1, want = -2;
    int64_t unit = kind == VK_MONEY ? EXACT_FEN_PER_YUAN : pct ? EXACT_MICRO_PER_PCT : EXACT_MICRO;
    bool exact = exact_parse_scaled(text, n, unit, &want) == EXACT_OK;
    if (pct)
      text[n++] = '%';
    bool ok = cell_parse(kind, text, n, &got);
    if (ok != exact || (ok && got != want))
      fail_msg("%.*s as %s: %d %lld, exact says %d %lld", (int)n, text,
               kind == VK_MONEY ? "money" : "percent", ok, (long long)got, exact,
               (long long)want);
  }
}

/* issue 11: a negative money or count is refused unless the column may be
 * negative (an input declared `signed`); percent and number cells may
 * always be negative; a cell that is not a number stays unreadable. */
#define assert_read(kind, may_be_negative, text, result, expected)              \
  do {                                                                      \
    int64_t v_ = -777;                                                      \
    assert_int_equal(cell_read((kind), (may_be_negative), (text), strlen(text), &v_), \
                     (result));                                             \
    if ((result) == CELL_OK)                                                \
      assert_int_equal(v_, (expected));                                     \
  } while (0)

static void test_issue11_negative_cells(void **state) {
  (void)state;
  assert_read(VK_MONEY, false, "-5", CELL_NEGATIVE, 0);
  assert_read(VK_MONEY, false, "-3000万", CELL_NEGATIVE, 0);
  assert_read(VK_MONEY, true, "-5", CELL_OK, -500);
  assert_read(VK_MONEY, true, "-3000万", CELL_OK, INT64_C(-3000000000));
  assert_read(VK_MONEY, false, "5", CELL_OK, 500);
  assert_read(VK_MONEY, false, "0", CELL_OK, 0);
  assert_read(VK_MONEY, false, "-0", CELL_OK, 0);          /* zero is not negative */
  assert_read(VK_COUNT, false, "-1", CELL_NEGATIVE, 0);
  assert_read(VK_COUNT, true, "-1", CELL_OK, -1);
  assert_read(VK_COUNT, false, "12", CELL_OK, 12);
  assert_read(VK_PERCENT, false, "-15%", CELL_OK, -150000);
  assert_read(VK_PERCENT, false, "-0.15", CELL_OK, -150000);
  assert_read(VK_NUMBER, false, "-2", CELL_OK, -2000000);
  assert_read(VK_MONEY, false, "-x", CELL_UNREADABLE, 0);
  assert_read(VK_MONEY, true, "abc", CELL_UNREADABLE, 0);
  assert_read(VK_COUNT, false, "-1.5", CELL_UNREADABLE, 0);
  assert_string_equal(cell_negative_text(VK_MONEY), "a negative amount is not allowed here");
  assert_string_equal(cell_negative_text(VK_COUNT), "a negative count is not allowed here");
}


/* issue 16: the forms office software writes (registry.md, "Forms offices
 * write"), each read exactly, and the ambiguous ones refused with a hint. */
#define assert_hint(kind, text, expected)                                  \
  do {                                                                     \
    const char *h_ = cell_hint((kind), (text), strlen(text));              \
    if ((expected) == NULL)                                                \
      assert_null(h_);                                                     \
    else                                                                   \
      assert_string_equal(h_, (expected));                                 \
  } while (0)

static const char *const GROUPING_HINT =
    "thousands separators go between groups of three digits, as in 1,200,000";
static const char *const DATE_FORMS_HINT =
    "write a real calendar day, year first: YYYY-MM-DD, YYYY/M/D or YYYY年M月D日";
static const char *const TIME_HINT = "a date column holds a day; the time here is not 00:00:00";

static void test_issue16_thousands_separators(void **state) {
  (void)state;
  assert_cell(VK_MONEY, "1,200,000", INT64_C(120000000));
  assert_cell(VK_MONEY, "1,000", 100000);
  assert_cell(VK_MONEY, "12,345,678.90", INT64_C(1234567890));
  assert_cell(VK_MONEY, "999,999", 99999900);
  assert_cell(VK_MONEY, "-1,200", -120000);
  assert_cell(VK_MONEY, "1,200万", INT64_C(1200000000));
  assert_cell(VK_MONEY, " 1,200,000 ", INT64_C(120000000));
  static const char *const bad[] = {"1,20,000", "12,0000", "1200,000", "1,2000",
                                    ",200",     "1,200,",  "1,,200",   "0,500",
                                    "1,200.5,0", "1.200,00", "1,200.001", "1，200"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_bad(VK_MONEY, bad[i]);
    assert_hint(VK_MONEY, bad[i], GROUPING_HINT);
  }
  assert_bad(VK_COUNT, "1,200");                  /* separators: money only */
  assert_bad(VK_NUMBER, "1,5");
  assert_bad(VK_PERCENT, "1,5%");
  assert_non_null(cell_hint(VK_COUNT, "1,200", 5));
  assert_hint(VK_MONEY, "3千万", NULL);            /* no hint for other errors */
}

static void test_issue16_currency_sign(void **state) {
  (void)state;
  assert_cell(VK_MONEY, "¥2000000", INT64_C(200000000));
  assert_cell(VK_MONEY, "￥2000000", INT64_C(200000000));
  assert_cell(VK_MONEY, "¥1,200,000.50", INT64_C(120000050));
  assert_cell(VK_MONEY, "¥ 2000", 200000);        /* Excel's accounting format */
  assert_cell(VK_MONEY, "-¥2000", -200000);
  assert_cell(VK_MONEY, "¥-2000", -200000);
  assert_cell(VK_MONEY, "￥2000万", INT64_C(2000000000));
  assert_bad(VK_MONEY, "¥");
  assert_bad(VK_MONEY, "¥¥2000");
  assert_bad(VK_MONEY, "-¥-2000");
  assert_bad(VK_MONEY, "2000¥");
  assert_bad(VK_MONEY, "$2000");
  assert_bad(VK_PERCENT, "¥15");
}

static void test_issue16_space_before_unit(void **state) {
  (void)state;
  assert_cell(VK_MONEY, "2000 万元", INT64_C(2000000000));
  assert_cell(VK_MONEY, "2000 万", INT64_C(2000000000));
  assert_cell(VK_MONEY, "3000 元", 300000);
  assert_cell(VK_MONEY, "1.5 亿", INT64_C(15000000000));
  assert_cell(VK_MONEY, "2000\t万元", INT64_C(2000000000));
  assert_cell(VK_MONEY, "2000　万元", INT64_C(2000000000));   /* ideographic space */
  assert_bad(VK_MONEY, "2000 万 元");
  assert_bad(VK_MONEY, " 万元");
  assert_bad(VK_MONEY, "20 00 万");
}

static void test_issue16_full_width(void **state) {
  (void)state;
  assert_cell(VK_MONEY, "１２", 1200);
  assert_cell(VK_MONEY, "２０００万", INT64_C(2000000000));
  assert_cell(VK_MONEY, "１２．５", 1250);
  assert_cell(VK_MONEY, "－５", -500);
  assert_cell(VK_PERCENT, "１５％", 150000);
  assert_cell(VK_PERCENT, "15％", 150000);
  assert_cell(VK_PERCENT, "０．１５", 150000);
  assert_cell(VK_NUMBER, "１．５", 1500000);
  assert_cell(VK_COUNT, "４２", 42);
  assert_cell(VK_DATE, "２０２５－０３－０１", ymd(2025, 3, 1));
  assert_cell(VK_DATE, "２０２５年３月１日", ymd(2025, 3, 1));
  assert_bad(VK_MONEY, "１２ａ");
  assert_bad(VK_COUNT, "４．２");
  assert_bad(VK_BOOL, "１");                      /* bool: as before */
  char wide[3 * FORM_TEST_DIGITS + 1];
  for (int i = 0; i < FORM_TEST_DIGITS; i++)
    memcpy(wide + 3 * i, "０", 3);
  assert_false(cell_parse(VK_MONEY, wide, sizeof wide - 1, &(int64_t){0}));   /* too long */
}

static void test_issue16_dates(void **state) {
  (void)state;
  assert_cell(VK_DATE, "2025/03/01", ymd(2025, 3, 1));
  assert_cell(VK_DATE, "2025/3/1", ymd(2025, 3, 1));
  assert_cell(VK_DATE, "2024/12/31", ymd(2024, 12, 31));
  assert_cell(VK_DATE, "2025年3月1日", ymd(2025, 3, 1));
  assert_cell(VK_DATE, "2025年03月01日", ymd(2025, 3, 1));
  assert_cell(VK_DATE, "2025-03-01 00:00:00", ymd(2025, 3, 1));
  assert_cell(VK_DATE, "2025-03-01 00:00", ymd(2025, 3, 1));
  assert_cell(VK_DATE, "2025/3/1 0:00", ymd(2025, 3, 1));
  assert_cell(VK_DATE, "2025-03-01 00:00:00.000", ymd(2025, 3, 1));
  assert_cell(VK_DATE, " 2025-03-01  00:00:00 ", ymd(2025, 3, 1));
  static const char *const late[] = {"2025-03-01 14:30:00", "2025-03-01 00:00:01",
                                     "2025/3/1 0:01", "2025-03-01 00:00:00.5"};
  for (size_t i = 0; i < sizeof late / sizeof late[0]; i++) {
    assert_bad(VK_DATE, late[i]);
    assert_hint(VK_DATE, late[i], TIME_HINT);
  }
  static const char *const ambiguous[] = {
      "3/1/2025", "01/03/2025", "25/3/1",     "2025/2/30", "2025/13/1",  "2025/3/1/",
      "2025/003/1", "2025年3月1", "2025年3月32日", "2025.3.1", "2025-03-01 25:00:00",
      "2025-03-01 0:0", "2025-03-01T00:00:00", "2025/3-1"};
  for (size_t i = 0; i < sizeof ambiguous / sizeof ambiguous[0]; i++) {
    assert_bad(VK_DATE, ambiguous[i]);
  }
  assert_hint(VK_DATE, "3/1/2025", DATE_FORMS_HINT);
  assert_hint(VK_DATE, "2025年3月32日", DATE_FORMS_HINT);
  assert_hint(VK_DATE, "2025-03-01 25:00:00", DATE_FORMS_HINT);
  assert_hint(VK_DATE, "2023-02-29", NULL);        /* polc's own form: as before */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_money_plain),    cmocka_unit_test(test_money_units),
      cmocka_unit_test(test_money_malformed), cmocka_unit_test(test_money_overflow),
      cmocka_unit_test(test_percent), cmocka_unit_test(test_issue15_percent_cells),        cmocka_unit_test(test_number_and_count),
      cmocka_unit_test(test_bool),           cmocka_unit_test(test_date),
      cmocka_unit_test(test_spaces),         cmocka_unit_test(test_length_not_nul),
      cmocka_unit_test(test_text_and_blank),
      cmocka_unit_test(test_fast_decimals_agree_with_exact),
      cmocka_unit_test(test_issue11_negative_cells),
      cmocka_unit_test(test_issue16_thousands_separators),
      cmocka_unit_test(test_issue16_currency_sign),
      cmocka_unit_test(test_issue16_space_before_unit),
      cmocka_unit_test(test_issue16_full_width),
      cmocka_unit_test(test_issue16_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
