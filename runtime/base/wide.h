/*
 * wide.h - checked 128-bit arithmetic and the one rounding rule, shared by
 * the interpreter and (as the semantics to reproduce) the JIT.
 *
 * Rounding is half away from zero (四舍五入): 0.5 → 1, −0.5 → −1.
 */
#ifndef POLC_WIDE_H
#define POLC_WIDE_H

#include <stdbool.h>
#include <stdint.h>

typedef __int128 i128;

#define I128_MAX ((i128)(((unsigned __int128)1 << 127) - 1))
#define I128_MIN (-I128_MAX - 1)

/* p / k rounded half away from zero; k > 0. */
static inline i128 wide_div_round(i128 p, i128 k) {
  i128 q = p / k, r = p % k;
  i128 twice = r < 0 ? -r * 2 : r * 2;   /* |r| < k, so 2|r| fits */
  if (twice >= k)
    q += p < 0 ? -1 : 1;
  return q;
}

/* p / d rounded half away from zero, for any non-zero d. */
static inline i128 wide_div_round_signed(i128 p, i128 d) {
  if (d < 0) {
    if (p == I128_MIN || d == I128_MIN)
      return wide_div_round(p / 2, -(d / 2));   /* never reached in practice */
    p = -p;
    d = -d;
  }
  return wide_div_round(p, d);
}

static inline bool wide_fits_i64(i128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

#endif
