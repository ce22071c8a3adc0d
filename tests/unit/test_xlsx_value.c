/*
 * test_xlsx_value.c - .xlsx number and date cells (runtime/exec/xlsx_value.c):
 * Excel's stored text read digit for digit, serial dates in both systems.
 */
#include <string.h>

#include "runtime/base/date.h"
#include "runtime/exec/xlsx_value.h"
#include "support.h"

static const char *plain(const char *text) {
  static char out[80];
  if (!xlsx_plain_number(text, strlen(text), out, sizeof out))
    return "(not a number)";
  return out;
}

static void test_plain_numbers(void **state) {
  (void)state;
  assert_string_equal(plain("30000000"), "30000000");
  assert_string_equal(plain("1000.5"), "1000.5");
  assert_string_equal(plain("-12.3"), "-12.3");
  assert_string_equal(plain("1.2E+9"), "1200000000");
  assert_string_equal(plain("1.5E-3"), "0.0015");
  assert_string_equal(plain("1E-7"), "0.0000001");
  assert_string_equal(plain("12345E-2"), "123.45");
  assert_string_equal(plain("1666.6666666666667"), "1666.6666666666667");
  assert_string_equal(plain(""), "(not a number)");
  assert_string_equal(plain("1.2.3"), "(not a number)");
  assert_string_equal(plain("1E"), "(not a number)");
  assert_string_equal(plain("1E+999"), "(not a number)");
  assert_string_equal(plain("abc"), "(not a number)");
}

static void test_finer_than_fen(void **state) {
  (void)state;
  assert_false(xlsx_finer_than("1666.67", 2));
  assert_false(xlsx_finer_than("1666.670", 2));
  assert_false(xlsx_finer_than("1666", 2));
  assert_true(xlsx_finer_than("1666.6666666666667", 2));
  assert_true(xlsx_finer_than("0.30000000000000004", 2));
  assert_true(xlsx_finer_than("0.001", 2));
}

static const char *serial(const char *text, bool date1904) {
  static char out[11];
  int32_t days;
  SerialDate sd = xlsx_serial_date(text, date1904, &days);
  if (sd == SERIAL_TIME)
    return "time";
  if (sd == SERIAL_RANGE)
    return "range";
  date_format(days, out);
  return out;
}

static void test_serial_dates(void **state) {
  (void)state;
  assert_string_equal(serial("1", false), "1900-01-01");
  assert_string_equal(serial("59", false), "1900-02-28");
  assert_string_equal(serial("60", false), "range");   /* Lotus's 1900-02-29 */
  assert_string_equal(serial("61", false), "1900-03-01");
  assert_string_equal(serial("45292", false), "2024-01-01");
  assert_string_equal(serial("2958465", false), "9999-12-31");
  assert_string_equal(serial("2958466", false), "range");
  assert_string_equal(serial("0", false), "range");
  assert_string_equal(serial("-1", false), "range");
  assert_string_equal(serial("45292.5", false), "time");
  assert_string_equal(serial("45292.0", false), "2024-01-01");
  assert_string_equal(serial("0", true), "1904-01-01");
  assert_string_equal(serial("43830", true), "2024-01-01");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plain_numbers),
      cmocka_unit_test(test_finer_than_fen),
      cmocka_unit_test(test_serial_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
