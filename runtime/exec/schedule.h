/*
 * schedule.h - when an entitlement is paid (language.md §5).
 *
 *   per year for N years   N equal years (the annual amount each)
 *   paid 40% 30% 30%       year 1, 2, 3 in those shares
 *   paid over N years      N equal shares
 *   otherwise              all in year 1
 * Each instalment is rounded half up to the fen, except the last, which
 * takes the remainder, so the schedule sums to the entitlement exactly
 * (100.00 over 3 years = 33.33, 33.33, 33.34).
 */
#ifndef POLC_SCHEDULE_H
#define POLC_SCHEDULE_H

#include "../../compiler/ir/ir.h"

enum { SCHEDULE_MAX = 100 };

/* Fills out[0..n) with the instalments of `amount` (fen); returns n. */
int schedule_of(const IrRule *rule, int64_t amount, int64_t out[SCHEDULE_MAX]);

#endif
