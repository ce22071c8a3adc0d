/*
 * schedule.c - instalments of an entitlement.
 */
#include "schedule.h"

#include "../base/exact.h"
#include "../base/wide.h"

/* Shares given in millionths of the whole; the last takes the remainder. */
static int by_shares(int64_t amount, const int64_t *shares, int n, int64_t *out) {
  int64_t paid = 0;
  for (int i = 0; i < n - 1; i++) {
    out[i] = (int64_t)wide_div_round((i128)amount * shares[i], EXACT_MICRO);
    paid += out[i];
  }
  out[n - 1] = amount - paid;
  return n;
}

static int equal_parts(int64_t amount, int n, int64_t *out) {
  int64_t part = (int64_t)wide_div_round(amount, n);
  for (int i = 0; i < n - 1; i++)
    out[i] = part;
  out[n - 1] = amount - part * (n - 1);
  return n;
}

int schedule_of(const IrRule *rule, int64_t amount, int64_t out[SCHEDULE_MAX]) {
  if (rule->npaid > 0 && rule->npaid <= SCHEDULE_MAX)
    return by_shares(amount, rule->paid, rule->npaid, out);
  if (rule->paid_over > 1 && rule->paid_over <= SCHEDULE_MAX)
    return equal_parts(amount, rule->paid_over, out);
  if (rule->per_year && rule->years > 1 && rule->years <= SCHEDULE_MAX)
    return equal_parts(amount, rule->years, out);
  out[0] = amount;
  return 1;
}
