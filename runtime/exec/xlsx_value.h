/*
 * xlsx_value.h - an .xlsx number cell's stored text as polc reads it.
 * Excel stores numbers as binary doubles written in the shortest text that
 * reads back the same ("0.1", "1666.6666666666667", "1.5E-7"): polc takes
 * that text digit for digit, never the double, so a money cell is exact
 * or refused, never rounded.  Dates are serial day numbers shown with a
 * date format.
 */
#ifndef POLC_XLSX_VALUE_H
#define POLC_XLSX_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes text[0..len) ("-1.25E+3") as a plain decimal ("-1250") into
 * out[0..cap), NUL-ended; false when it is not a number or would not fit. */
bool xlsx_plain_number(const char *text, size_t len, char *out, size_t cap);

/* Whether the plain decimal has a non-zero digit past `places` decimals. */
bool xlsx_finer_than(const char *plain, int places);

typedef enum SerialDate {
  SERIAL_OK,          /* *days set */
  SERIAL_TIME,        /* a time of day besides the date */
  SERIAL_RANGE,       /* before the system's first day, the 1900-02-29 that
                         never was, or past 9999-12-31 */
} SerialDate;

/* A date cell's serial (a plain decimal) as days since 1970-01-01 (date.h):
 * the 1900 system counts 1900-01-01 as 1 and, as Lotus 1-2-3 did, has a
 * 1900-02-29 (serial 60); the 1904 system counts 1904-01-01 as 0. */
SerialDate xlsx_serial_date(const char *plain, bool date1904, int32_t *days);

#endif
