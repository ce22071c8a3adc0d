/*
 * xlsx_value.c - number and date cells of .xlsx (xlsx_value.h), by their
 * digits, without floating point.
 */
#include "xlsx_value.h"

#include <stdlib.h>
#include <string.h>

#include "../base/date.h"

enum { MAX_DIGITS = 64, MAX_EXPONENT = 400 };

/* Appends c to out; false when full (one byte is kept for the NUL). */
static bool put(char *out, size_t cap, size_t *w, char c) {
  if (*w + 1 >= cap)
    return false;
  out[(*w)++] = c;
  return true;
}

bool xlsx_plain_number(const char *text, size_t len, char *out, size_t cap) {
  size_t i = 0, w = 0;
  bool negative = i < len && (text[i] == '-' || text[i] == '+');
  negative = negative && text[i++] == '-';
  char digits[MAX_DIGITS];
  int ndigits = 0, point = -1;   /* point: digits before the decimal point */
  for (; i < len && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.'); i++) {
    if (text[i] == '.') {
      if (point >= 0)
        return false;
      point = ndigits;
    } else if (ndigits == MAX_DIGITS) {
      return false;
    } else {
      digits[ndigits++] = text[i];
    }
  }
  if (ndigits == 0)
    return false;
  if (point < 0)
    point = ndigits;
  if (i < len && (text[i] == 'E' || text[i] == 'e')) {
    i++;
    bool eneg = i < len && (text[i] == '-' || text[i] == '+');
    eneg = eneg && text[i++] == '-';
    long e = 0;
    size_t start = i;
    for (; i < len && text[i] >= '0' && text[i] <= '9' && e <= MAX_EXPONENT; i++)
      e = e * 10 + (text[i] - '0');
    if (i == start || e > MAX_EXPONENT)
      return false;
    point += (int)(eneg ? -e : e);
  }
  if (i != len)
    return false;
  if (negative && !put(out, cap, &w, '-'))
    return false;
  /* integer part: digits[0..point), zeros past the digits, "0" if none */
  if (point <= 0 && !put(out, cap, &w, '0'))
    return false;
  for (int d = 0; d < point; d++)
    if (!put(out, cap, &w, d < ndigits ? digits[d] : '0'))
      return false;
  if (point < ndigits) {
    if (!put(out, cap, &w, '.'))
      return false;
    for (int d = point; d < 0; d++)
      if (!put(out, cap, &w, '0'))
        return false;
    for (int d = point < 0 ? 0 : point; d < ndigits; d++)
      if (!put(out, cap, &w, digits[d]))
        return false;
  }
  out[w] = '\0';
  return true;
}

bool xlsx_finer_than(const char *plain, int places) {
  const char *dot = strchr(plain, '.');
  if (!dot)
    return false;
  const char *p = dot + 1;
  for (int k = 0; k < places && *p; k++)
    p++;
  for (; *p; p++)
    if (*p != '0')
      return true;
  return false;
}

SerialDate xlsx_serial_date(const char *plain, bool date1904, int32_t *days) {
  if (plain[0] == '-')
    return SERIAL_RANGE;
  if (xlsx_finer_than(plain, 0))
    return SERIAL_TIME;
  size_t n = strcspn(plain, ".");
  if (n > 7)
    return SERIAL_RANGE;
  long serial = strtol(plain, NULL, 10);
  int32_t base;
  if (date1904) {
    date_from_ymd(1904, 1, 1, &base);
  } else {
    if (serial < 1 || serial == 60)
      return SERIAL_RANGE;   /* 1900-01-00, and Lotus's 1900-02-29 */
    date_from_ymd(1899, 12, serial < 60 ? 31 : 30, &base);
  }
  int32_t last;
  date_from_ymd(9999, 12, 31, &last);
  if (serial > last - base)
    return SERIAL_RANGE;
  *days = base + (int32_t)serial;
  return SERIAL_OK;
}
