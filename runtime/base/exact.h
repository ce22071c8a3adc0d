/*
 * exact.h - exact decimal quantities as scaled 64-bit integers.
 *
 * polc never uses floating point for a value a policy computes with:
 *   money    integer fen (分): 1元 = 100
 *   percent  millionths of the fraction: 5% = 0.05 = 50 000
 *   number   millionths: 1.5 = 1 500 000
 *   count    plain integer
 * Parsing is exact: a literal that cannot be represented in its unit
 * ("0.001元", "1.0000001") is reported as too precise, never rounded.
 */
#ifndef POLC_EXACT_H
#define POLC_EXACT_H

#include <stddef.h>
#include <stdint.h>

/* Quanta of each scale.  Keep in step with the table above. */
#define EXACT_FEN_PER_YUAN  INT64_C(100)
#define EXACT_FEN_PER_WAN   INT64_C(1000000)          /* 万 = 10^4 元 */
#define EXACT_FEN_PER_YI    INT64_C(10000000000)      /* 亿 = 10^8 元 */
#define EXACT_MICRO         INT64_C(1000000)          /* 1.0 as number/percent */
#define EXACT_MICRO_PER_PCT INT64_C(10000)            /* 1% = 0.01 */

typedef enum ExactStatus {
  EXACT_OK,
  EXACT_SYNTAX,       /* not of the form DIGITS[.DIGITS] */
  EXACT_TOO_PRECISE,  /* has digits finer than the quantum */
  EXACT_OVERFLOW,     /* does not fit in 64 bits */
} ExactStatus;

/*
 * Parses "I" or "I.F" (ASCII digits only, no sign) and returns the value
 * multiplied by `unit`, the number of quanta in one unit of the text.
 * Example: exact_parse_scaled("1.5", 3, EXACT_FEN_PER_YI, &v) gives
 * v = 15 000 000 000 (1.5亿 in fen).
 */
ExactStatus exact_parse_scaled(const char *text, size_t len, int64_t unit,
                               int64_t *out);

/* Writes a fen amount as yuan with two decimals ("-12.05") into buf. */
int exact_format_fen(char *buf, size_t size, int64_t fen);
/* Writes millionths as a plain decimal without trailing zeros ("0.125"). */
int exact_format_micro(char *buf, size_t size, int64_t micro);

#endif
