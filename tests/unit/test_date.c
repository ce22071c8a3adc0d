/*
 * test_date.c - calendar dates (runtime/date.c).
 */
#include <string.h>

#include "runtime/base/date.h"
#include "support.h"

static int valid(const char *text) {
  int32_t days;
  return date_parse(text, strlen(text), &days);
}

static void test_calendar_validity(void **state) {
  (void)state;
  assert_true(valid("2022-10-16"));
  assert_true(valid("2024-02-29"));    /* leap year */
  assert_true(valid("2000-02-29"));    /* divisible by 400 */
  assert_false(valid("1900-02-29"));   /* divisible by 100 only */
  assert_false(valid("2023-02-29"));
  assert_false(valid("2023-02-30"));
  assert_false(valid("2023-04-31"));
  assert_false(valid("2023-13-01"));
  assert_false(valid("2023-00-10"));
  assert_false(valid("2023-01-00"));
  assert_false(valid("2023-1-01"));
  assert_false(valid("0000-01-01"));
}

static void test_epoch_and_round_trip(void **state) {
  (void)state;
  int32_t days;
  assert_true(date_from_ymd(1970, 1, 1, &days));
  assert_int_equal(days, 0);
  assert_true(date_from_ymd(2022, 10, 16, &days));
  assert_int_equal(days, 19281);
  assert_true(date_from_ymd(1969, 12, 31, &days));
  assert_int_equal(days, -1);
  for (int32_t d = -719000; d < 2900000; d += 17) {
    int y, m, dd;
    int32_t back;
    date_to_ymd(d, &y, &m, &dd);
    assert_true(date_from_ymd(y, m, dd, &back));
    assert_int_equal(back, d);
  }
  char buf[11];
  date_format(19281, buf);
  assert_string_equal(buf, "2022-10-16");
}

static void test_years_between(void **state) {
  (void)state;
  int32_t a, b;
  date_from_ymd(2020, 3, 15, &a);
  date_from_ymd(2023, 3, 14, &b);
  assert_int_equal(date_years_between(a, b), 2);   /* a day short of three */
  date_from_ymd(2023, 3, 15, &b);
  assert_int_equal(date_years_between(a, b), 3);
  assert_int_equal(date_years_between(b, a), -3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_calendar_validity),
      cmocka_unit_test(test_epoch_and_round_trip),
      cmocka_unit_test(test_years_between),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
