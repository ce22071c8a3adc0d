/*
 * date.h - calendar dates as days since 1970-01-01 (proleptic Gregorian).
 */
#ifndef POLC_DATE_H
#define POLC_DATE_H

#include <stddef.h>
#include <stdint.h>

/* Returns 1 and sets *days when y-m-d is a real calendar date, else 0. */
int date_from_ymd(int year, int month, int day, int32_t *days);
void date_to_ymd(int32_t days, int *year, int *month, int *day);
/* Parses exactly "YYYY-MM-DD"; returns 1 on a valid date. */
int date_parse(const char *text, size_t len, int32_t *days);
/* Writes "YYYY-MM-DD"; buf needs 11 bytes. */
void date_format(int32_t days, char buf[11]);
/* Whole years from `from` to `to` (negative when `to` is earlier). */
int32_t date_years_between(int32_t from, int32_t to);
int date_days_in_month(int year, int month);

#endif
