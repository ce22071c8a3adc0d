/*
 * yearsums.c - amounts by calendar year, the span widened on demand (rows
 * of one registry rarely span more than a few years, so it stays small).
 */
#include "yearsums.h"

#include <string.h>

#include <stdlib.h>

#include "../base/arena.h"

/* Widens the span to hold `year`. */
static void cover(YearSums *y, int year) {
  if (y->count == 0) {
    y->sums = xcalloc(1, sizeof(i128));
    y->first = year;
    y->count = 1;
    return;
  }
  int last = y->first + y->count - 1;
  if (year >= y->first && year <= last)
    return;
  int first = year < y->first ? year : y->first;
  int count = (year > last ? year : last) - first + 1;
  i128 *sums = xcalloc((size_t)count, sizeof(i128));
  memcpy(sums + (y->first - first), y->sums, sizeof(i128) * (size_t)y->count);
  free(y->sums);
  y->sums = sums;
  y->first = first;
  y->count = count;
}

void yearsums_add(YearSums *y, int year, i128 amount) {
  cover(y, year);
  y->sums[year - y->first] += amount;
}

void yearsums_merge(YearSums *into, const YearSums *from) {
  for (int i = 0; i < from->count; i++)
    if (from->sums[i] != 0)
      yearsums_add(into, from->first + i, from->sums[i]);
}

i128 yearsums_get(const YearSums *y, int year) {
  if (y->count == 0 || year < y->first || year >= y->first + y->count)
    return 0;
  return y->sums[year - y->first];
}

void yearsums_free(YearSums *y) {
  free(y->sums);
  *y = (YearSums){0};
}
