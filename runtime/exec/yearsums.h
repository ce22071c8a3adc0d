/*
 * yearsums.h - amounts by calendar year (年度预算), over whatever span of
 * years the rows bring: an award's schedule year 1 falls in the calendar
 * year of the row's evaluation date, year 2 in the next, and so on.
 */
#ifndef POLC_YEARSUMS_H
#define POLC_YEARSUMS_H

#include "../base/wide.h"

typedef struct YearSums {
  int first;        /* the calendar year of sums[0] */
  int count;        /* 0: nothing added yet */
  i128 *sums;
} YearSums;

void yearsums_add(YearSums *y, int year, i128 amount);
void yearsums_merge(YearSums *into, const YearSums *from);
/* 0 for a year outside the span. */
i128 yearsums_get(const YearSums *y, int year);
void yearsums_free(YearSums *y);

#endif
