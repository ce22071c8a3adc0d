/*
 * exact.c - parsing and formatting of exact decimals.
 */
#include "exact.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

typedef unsigned __int128 u128;

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Value of a run of digits; fails when it exceeds `limit`. */
static int digits_value(const char *p, size_t n, u128 limit, u128 *out) {
  u128 v = 0;
  for (size_t i = 0; i < n; i++) {
    v = v * 10 + (u128)(p[i] - '0');
    if (v > limit)
      return 0;
  }
  *out = v;
  return 1;
}

/* log10(unit) for the units polc uses, -1 for others (the general path). */
static int decimal_places(int64_t unit) {
  switch (unit) {
  case 1: return 0;
  case 100: return 2;
  case 10000: return 4;
  case 1000000: return 6;
  case 10000000000: return 10;
  default: return -1;
  }
}

/* The common case in one pass, 64-bit arithmetic and no division: a unit
 * polc uses and at most 18 integer digits.  Returns -1 when it does not
 * apply (the general path decides, and reports syntax). */
static int parse_fast(const char *text, size_t len, int64_t unit, int64_t *out) {
  int places = decimal_places(unit);
  if (places < 0 || len == 0)
    return -1;
  uint64_t whole = 0, frac = 0;
  size_t i = 0;
  for (; i < len && (unsigned)(text[i] - '0') < 10; i++)
    whole = whole * 10 + (uint64_t)(text[i] - '0');
  if (i == 0 || i > 18)
    return -1;
  int digits = 0;   /* significant fraction digits kept */
  if (i < len) {
    if (text[i] != '.' || i + 1 == len)
      return -1;
    int zeros = 0;   /* pending zeros: they count only if a digit follows */
    bool too_precise = false;   /* said only once the syntax is known good */
    for (i++; i < len; i++) {
      unsigned d = (unsigned)(text[i] - '0');
      if (d >= 10)
        return -1;
      if (d == 0) {
        zeros++;
        continue;
      }
      if (digits + zeros + 1 > places) {
        too_precise = true;
        continue;
      }
      for (; zeros; zeros--, digits++)
        frac *= 10;
      frac = frac * 10 + d;
      digits++;
    }
    if (too_precise)
      return EXACT_TOO_PRECISE;
  }
  for (; digits < places; digits++)
    frac *= 10;   /* < 10^10: no overflow */
  int64_t v;
  if (whole > INT64_MAX || __builtin_mul_overflow((int64_t)whole, unit, &v) ||
      __builtin_add_overflow(v, (int64_t)frac, &v))
    return EXACT_OVERFLOW;
  *out = v;
  return EXACT_OK;
}

ExactStatus exact_parse_scaled(const char *text, size_t len, int64_t unit,
                               int64_t *out) {
  int fast = parse_fast(text, len, unit, out);
  if (fast >= 0)
    return (ExactStatus)fast;
  size_t int_len = 0;
  while (int_len < len && is_digit(text[int_len]))
    int_len++;
  if (int_len == 0)
    return EXACT_SYNTAX;
  const char *frac = text + int_len;
  size_t frac_len = 0;
  if (int_len < len) {
    if (text[int_len] != '.' || int_len + 1 == len)
      return EXACT_SYNTAX;
    frac++;
    frac_len = len - int_len - 1;
    for (size_t i = 0; i < frac_len; i++)
      if (!is_digit(frac[i]))
        return EXACT_SYNTAX;
  }
  while (frac_len > 0 && frac[frac_len - 1] == '0')
    frac_len--;   /* "3000.010" is as exact as "3000.01" */
  u128 whole;
  if (!digits_value(text, int_len, (u128)INT64_MAX, &whole))
    return EXACT_OVERFLOW;
  u128 value = whole * (u128)unit;
  if (value > (u128)INT64_MAX)
    return EXACT_OVERFLOW;
  if (frac_len > 0) {
    /* The fraction F/10^k contributes F*unit/10^k quanta, which must be whole. */
    if (frac_len > 30)
      return EXACT_TOO_PRECISE;
    u128 f, pow10 = 1;
    digits_value(frac, frac_len, ~(u128)0, &f);
    for (size_t i = 0; i < frac_len; i++)
      pow10 *= 10;
    u128 scaled = f * (u128)unit;   /* f < 10^30, unit <= 10^10: fits */
    if (scaled % pow10 != 0)
      return EXACT_TOO_PRECISE;
    value += scaled / pow10;
    if (value > (u128)INT64_MAX)
      return EXACT_OVERFLOW;
  }
  *out = (int64_t)value;
  return EXACT_OK;
}

int exact_format_fen(char *buf, size_t size, int64_t fen) {
  uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
  return snprintf(buf, size, "%s%" PRIu64 ".%02" PRIu64, fen < 0 ? "-" : "",
                  mag / 100, mag % 100);
}

int exact_format_micro(char *buf, size_t size, int64_t micro) {
  uint64_t mag = micro < 0 ? (uint64_t)0 - (uint64_t)micro : (uint64_t)micro;
  uint64_t whole = mag / 1000000, frac = mag % 1000000;
  const char *sign = micro < 0 ? "-" : "";
  if (frac == 0)
    return snprintf(buf, size, "%s%" PRIu64, sign, whole);
  int digits = 6;
  while (frac % 10 == 0) {
    frac /= 10;
    digits--;
  }
  return snprintf(buf, size, "%s%" PRIu64 ".%0*" PRIu64, sign, whole, digits,
                  frac);
}
