/*
 * value.h - the kinds of values a row holds, as the runtime sees them.
 *
 * Every scalar is an int64_t in its kind's unit (see exact.h): money in fen,
 * percent and number in millionths, count as is, bool 0/1, date in days
 * since 1970-01-01.  Text is a pointer and a length into a buffer owned by
 * whoever produced it.  Keep in step with Type in lang/ast.h (lower_value_kind
 * in compiler/lower_expr.c maps one to the other).
 */
#ifndef POLC_VALUE_H
#define POLC_VALUE_H

#include <stddef.h>
#include <stdint.h>

typedef enum ValueKind {
  VK_MONEY, VK_PERCENT, VK_NUMBER, VK_COUNT, VK_BOOL, VK_DATE, VK_TEXT,
} ValueKind;

const char *value_kind_name(ValueKind kind);

/* Writes a value for people: money grouped with two decimals
 * (1,500,000.00), percentages as 5%, dates as YYYY-MM-DD. */
void value_format(ValueKind kind, int64_t v, char *buf, size_t size);
/* A money amount in fen, grouped: "1,500,000.00". */
void value_format_fen(int64_t fen, char *buf, size_t size);

typedef struct TextRef {
  const char *ptr;
  int64_t len;
} TextRef;

/* A date cell left empty in a column whose default is the evaluation date
 * (`default as_of`): the evaluator puts the row's as_of in its place. */
#define DATE_ABSENT INT64_MIN

#endif
