/*
 * test_exact.c - exact decimal parsing and formatting (runtime/exact.c).
 */
#include <string.h>

#include "runtime/base/exact.h"
#include "support.h"

static ExactStatus parse(const char *text, int64_t unit, int64_t *out) {
  return exact_parse_scaled(text, strlen(text), unit, out);
}

static void test_money_units(void **state) {
  (void)state;
  int64_t v;
  assert_int_equal(parse("500", EXACT_FEN_PER_WAN, &v), EXACT_OK);
  assert_int_equal(v, INT64_C(500000000));          /* 500万 = 5,000,000.00元 */
  assert_int_equal(parse("1.5", EXACT_FEN_PER_YI, &v), EXACT_OK);
  assert_int_equal(v, INT64_C(15000000000));        /* 1.5亿 */
  assert_int_equal(parse("0.5", EXACT_FEN_PER_WAN, &v), EXACT_OK);
  assert_int_equal(v, 500000);                      /* 0.5万 = 5000元 */
  assert_int_equal(parse("3000", EXACT_FEN_PER_YUAN, &v), EXACT_OK);
  assert_int_equal(v, 300000);
  assert_int_equal(parse("0.000001", EXACT_FEN_PER_WAN, &v), EXACT_OK);
  assert_int_equal(v, 1);                           /* 0.01元 exactly */
}

static void test_precision(void **state) {
  (void)state;
  int64_t v;
  assert_int_equal(parse("0.001", EXACT_FEN_PER_YUAN, &v), EXACT_TOO_PRECISE);
  assert_int_equal(parse("0.0000001", EXACT_FEN_PER_WAN, &v), EXACT_TOO_PRECISE);
  /* trailing zeros add no precision */
  assert_int_equal(parse("3000.010", EXACT_FEN_PER_YUAN, &v), EXACT_OK);
  assert_int_equal(v, 300001);
  assert_int_equal(parse("1.000000000000000000000000000000000000000", 1, &v), EXACT_OK);
  assert_int_equal(v, 1);
  assert_int_equal(parse("12.5", EXACT_MICRO_PER_PCT, &v), EXACT_OK);
  assert_int_equal(v, 125000);                      /* 12.5% = 0.125 */
  assert_int_equal(parse("0.0001", EXACT_MICRO_PER_PCT, &v), EXACT_OK);
  assert_int_equal(v, 1);
  assert_int_equal(parse("0.00001", EXACT_MICRO_PER_PCT, &v), EXACT_TOO_PRECISE);
}

static void test_overflow_edge(void **state) {
  (void)state;
  int64_t v;
  assert_int_equal(parse("92233720368547758.07", EXACT_FEN_PER_YUAN, &v), EXACT_OK);
  assert_int_equal(v, INT64_MAX);
  assert_int_equal(parse("92233720368547758.08", EXACT_FEN_PER_YUAN, &v), EXACT_OVERFLOW);
  assert_int_equal(parse("99999999999999999", EXACT_FEN_PER_WAN, &v), EXACT_OVERFLOW);
  assert_int_equal(parse("999999999999999999999999999999", 1, &v), EXACT_OVERFLOW);
}

static void test_syntax(void **state) {
  (void)state;
  int64_t v;
  assert_int_equal(parse("", 1, &v), EXACT_SYNTAX);
  assert_int_equal(parse("1.", 1, &v), EXACT_SYNTAX);
  assert_int_equal(parse(".5", 1, &v), EXACT_SYNTAX);
  assert_int_equal(parse("1e5", 1, &v), EXACT_SYNTAX);
  assert_int_equal(parse("-1", 1, &v), EXACT_SYNTAX);
  assert_int_equal(parse("1.2.3", 1, &v), EXACT_SYNTAX);
}

static void test_format(void **state) {
  (void)state;
  char buf[64];
  exact_format_fen(buf, sizeof buf, -1205);
  assert_string_equal(buf, "-12.05");
  exact_format_fen(buf, sizeof buf, 5);
  assert_string_equal(buf, "0.05");
  exact_format_fen(buf, sizeof buf, INT64_MIN);
  assert_string_equal(buf, "-92233720368547758.08");
  exact_format_micro(buf, sizeof buf, 125000);
  assert_string_equal(buf, "0.125");
  exact_format_micro(buf, sizeof buf, 3000000);
  assert_string_equal(buf, "3");
  exact_format_micro(buf, sizeof buf, -1);
  assert_string_equal(buf, "-0.000001");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_money_units), cmocka_unit_test(test_precision),
      cmocka_unit_test(test_overflow_edge), cmocka_unit_test(test_syntax),
      cmocka_unit_test(test_format),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
