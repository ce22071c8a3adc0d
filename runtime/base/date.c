/*
 * date.c - conversions between civil dates and day numbers.
 *
 * The day-number formulas work in eras of 400 years (146 097 days), the
 * period after which the Gregorian calendar repeats, with years starting on
 * 1 March so that the leap day falls at the end of the year.
 */
#include "date.h"


static int is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year))
    return 29;
  return days[month - 1];
}

int date_from_ymd(int year, int month, int day, int32_t *out) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > date_days_in_month(year, month))
    return 0;
  int y = month <= 2 ? year - 1 : year;
  int era = y / 400;                              /* y >= 0 here */
  int yoe = y - era * 400;                        /* [0, 399] */
  int mp = (month + 9) % 12;                      /* March = 0 */
  int doy = (153 * mp + 2) / 5 + day - 1;         /* [0, 365] */
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *out = (int32_t)(era * 146097 + doe - 719468);  /* 719468: 0000-03-01 to 1970 */
  return 1;
}

void date_to_ymd(int32_t days, int *year, int *month, int *day) {
  int z = days + 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = yoe + era * 400 + (*month <= 2);
}

static int two_digits(const char *p) { return (p[0] - '0') * 10 + (p[1] - '0'); }

int date_parse(const char *t, size_t len, int32_t *days) {
  if (len != 10 || t[4] != '-' || t[7] != '-')
    return 0;
  for (size_t i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (t[i] < '0' || t[i] > '9'))
      return 0;
  int year = two_digits(t) * 100 + two_digits(t + 2);
  return date_from_ymd(year, two_digits(t + 5), two_digits(t + 8), days);
}

static void put_digits(char *out, int value, int width) {
  for (int i = width - 1; i >= 0; i--) {
    out[i] = (char)('0' + value % 10);
    value /= 10;
  }
}

void date_format(int32_t days, char buf[11]) {
  int y, m, d;
  date_to_ymd(days, &y, &m, &d);
  put_digits(buf, y < 0 ? 0 : y, 4);
  buf[4] = '-';
  put_digits(buf + 5, m, 2);
  buf[7] = '-';
  put_digits(buf + 8, d, 2);
  buf[10] = '\0';
}

int32_t date_years_between(int32_t from, int32_t to) {
  if (to < from)
    return -date_years_between(to, from);
  int y1, m1, d1, y2, m2, d2;
  date_to_ymd(from, &y1, &m1, &d1);
  date_to_ymd(to, &y2, &m2, &d2);
  int years = y2 - y1;
  if (m2 < m1 || (m2 == m1 && d2 < d1))
    years--;   /* the anniversary has not come yet */
  return years;
}
