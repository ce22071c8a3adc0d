/*
 * decimal.h - the canonical form of a registry's figures, DIGITS[.DIGITS],
 * read eight digits at a time (swar.h): the registry readers meet it in
 * nearly every cell.  Anything it does not take (more than 18 digits on a
 * side, a fraction finer than the unit, an overflow) is left to
 * exact_parse_scaled, which decides and says why.
 */
#ifndef POLC_DECIMAL_H
#define POLC_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "swar.h"

/* Inlined into the readers' field loops, which run for every cell. */
#define DECIMAL_HOT static inline __attribute__((always_inline))

static const uint64_t DECIMAL_POW10[] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
};

/* How many of the eight bytes of x (the first in the low byte) are digits
 * before the first that is not.  A byte is a digit when its high nibble is
 * 3 and its low nibble plus 6 stays below 16; no step carries across bytes. */
DECIMAL_HOT int decimal_leading_digits(uint64_t x) {
  uint64_t high = (x & SWAR_BYTES(0xF0)) ^ SWAR_BYTES(0x30);
  uint64_t low = ((x & SWAR_BYTES(0x0F)) + SWAR_BYTES(0x06)) & SWAR_BYTES(0xF0);
  uint64_t not_digit = high | low;   /* a nonzero byte where there is no digit */
  return not_digit ? swar_first(not_digit) : 8;
}

/* The value of the first n (1..8) digit bytes of x.  The digits are moved
 * to the top bytes (zeros before them change nothing), then neighbours are
 * joined: bytes into 2-digit lanes, those into 4-digit lanes, then one. */
DECIMAL_HOT uint64_t decimal_value8(uint64_t x, int n) {
  x = (x - SWAR_BYTES(0x30)) << (8 * (8 - n));
  x = (x * 10 + (x >> 8)) & UINT64_C(0x00FF00FF00FF00FF);
  x = (x * 100 + (x >> 16)) & UINT64_C(0x0000FFFF0000FFFF);
  return (x & 0xFFFFFFFF) * 10000 + (x >> 32);
}

/* Reads the run of digits at *p (before end) into *value (*value * 10^n +
 * the digits), moving *p past it; returns n.  Eight at a time while eight
 * bytes remain. */
DECIMAL_HOT size_t decimal_digits(const char **p, const char *end, uint64_t *value) {
  const char *q = *p;
  uint64_t v = *value;
  for (;;) {
    if (end - q < 8) {
      for (; q < end && (unsigned)(*q - '0') < 10; q++)
        v = v * 10 + (uint64_t)(*q - '0');
      break;
    }
    uint64_t x = swar_load(q);
    int n = decimal_leading_digits(x);
    if (n > 0)
      v = v * DECIMAL_POW10[n] + decimal_value8(x, n);
    q += n;
    if (n < 8)
      break;
  }
  size_t n = (size_t)(q - *p);
  *p = q;
  *value = v;
  return n;
}

/*
 * DIGITS[.DIGITS] at p (before end) with at most `places` (<= 8)
 * significant fraction digits, as an integer count of 10^-places (money:
 * fen, places 2; a fraction: millionths, places 6).  Returns the end of
 * the number, or NULL when it is not in that form or out of range.
 */
DECIMAL_HOT const char *decimal_read(const char *p, const char *end, int places,
                                       int64_t *out) {
  uint64_t whole = 0, frac = 0;
  size_t n = decimal_digits(&p, end, &whole);
  if (n == 0 || n > 18)
    return NULL;   /* (more than 18 digits may have wrapped `whole`) */
  size_t digits = 0;
  if (p < end && *p == '.') {
    p++;
    digits = decimal_digits(&p, end, &frac);
    if (digits == 0 || digits > 18)
      return NULL;
    for (; digits > (size_t)places; digits--) {
      if (frac % 10 != 0)
        return NULL;   /* finer than the unit */
      frac /= 10;
    }
  }
  frac *= DECIMAL_POW10[(size_t)places - digits];
  int64_t v;
  if (__builtin_mul_overflow((int64_t)whole, (int64_t)DECIMAL_POW10[places], &v) ||
      __builtin_add_overflow(v, (int64_t)frac, &v))
    return NULL;
  *out = v;
  return p;
}

#endif
