/*
 * arith.c - checked 128-bit products and quotients, rounded half away from
 * zero; calendar helpers.  Compiled into polc and into libpolcrt.a, the
 * runtime that native code links.
 */
#include "arith.h"

#include <string.h>

#include "date.h"

typedef unsigned __int128 u128;

#define I128_MIN ((i128)((u128)1 << 127))

static u128 magnitude(i128 v) { return v < 0 ? (u128)0 - (u128)v : (u128)v; }

/* p / d rounded half away from zero; false on overflow (MIN / -1). */
static int div_round(i128 p, i128 d, i128 *out) {
  if (d == -1 && p == I128_MIN)
    return ROW_OVERFLOW;
  i128 q = p / d, r = p % d;
  if (magnitude(r) * 2 >= magnitude(d))   /* |r| < 2^127: the double fits */
    q += (p < 0) != (d < 0) ? -1 : 1;
  *out = q;
  return ROW_OK;
}

static int mul(i128 a, i128 b, i128 *out) {
  return __builtin_mul_overflow(a, b, out) ? ROW_OVERFLOW : ROW_OK;
}

int polc_rt_muldiv(i128 a, i128 b, i128 k, i128 *out) {
  /* The common case, a whole amount of fen (millionths of a fen that are
   * a multiple of 10^6) times a rate: the division is exact, so it is done
   * first, in 64 bits. */
  if (k == 1000000 && a >= INT64_MIN && a <= INT64_MAX && b >= INT64_MIN && b <= INT64_MAX &&
      (int64_t)a % 1000000 == 0) {
    *out = (i128)((int64_t)a / 1000000) * (int64_t)b;   /* |each| < 2^63: fits */
    return ROW_OK;
  }
  i128 p;
  if (mul(a, b, &p))
    return ROW_OVERFLOW;
  return k == 1 ? (*out = p, ROW_OK) : div_round(p, k, out);
}

int polc_rt_divmul(i128 a, i128 b, i128 k, i128 *out) {
  if (b == 0)
    return ROW_DIV_ZERO;
  i128 p;
  if (mul(a, k, &p))
    return ROW_OVERFLOW;
  return div_round(p, b, out);
}

i128 polc_rt_round(i128 a, i128 k) {
  if (k == 1000000 && a >= INT64_MIN && a <= INT64_MAX) {   /* 64 bits suffice */
    int64_t v = (int64_t)a, q = v / 1000000, r = v % 1000000;
    if ((r < 0 ? -r : r) * 2 >= 1000000)
      q += v < 0 ? -1 : 1;
    return q;
  }
  i128 q = a;
  div_round(a, k, &q);   /* k > 0: cannot fail */
  return q;
}

int64_t polc_rt_years_between(int64_t from, int64_t to) {
  return date_years_between((int32_t)from, (int32_t)to);
}

int64_t polc_rt_year(int64_t days) {
  int y, m, d;
  date_to_ymd((int32_t)days, &y, &m, &d);
  return y;
}

int64_t polc_rt_text_eq(const char *a, int64_t alen, const char *b, int64_t blen) {
  return alen == blen && (alen == 0 || memcmp(a, b, (size_t)alen) == 0);
}
