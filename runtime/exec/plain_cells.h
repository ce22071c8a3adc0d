/*
 * plain_cells.h - the canonical cell readers of the one-pass registry
 * readers (csv_plain.c, jsonl_plain.c): each converts a cell written in
 * the form exports use ("1234.50", "112.18%", "0.15", "true",
 * "2024-06-01") while looking at its bytes once, and says no to anything
 * else, which cell_read then decides.  They report nothing.
 *
 * A cell ends at the cursor's end or at the byte `stop`: ',' for a CSV
 * field, '"' for a JSON string (which cannot hold a plain '"').  The
 * functions are inlined into each reader's loop, where `stop` is a
 * constant.
 */
#ifndef POLC_PLAIN_CELLS_H
#define POLC_PLAIN_CELLS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../base/date.h"
#include "../base/decimal.h"
#include "cells.h"
#include "row_builder.h"

#define PLAIN_HOT static inline __attribute__((always_inline))

/* How a one-pass reader takes a cell, chosen from its column once (at a
 * CSV header, at a JSON key): not at all (a column polc does not know), or
 * by kind. */
typedef enum PlainReader {
  PR_SKIP, PR_TEXT, PR_MONEY, PR_PERCENT, PR_BOOL, PR_DATE, PR_OTHER,
} PlainReader;

typedef struct PlainField {
  int col;               /* schema column, or -1 (PR_SKIP) */
  PlainReader reader;
} PlainField;

PlainReader plain_reader_for(ValueKind kind);

typedef struct Cursor {
  const char *p;     /* the current cell's next byte */
  const char *end;   /* the record's end */
} Cursor;

PLAIN_HOT bool at_cell_end(const Cursor *c, char stop) {
  return c->p == c->end || *c->p == stop;
}

/* DIGITS[.DIGITS] (decimal.h), as a whole cell.  False, with the cursor
 * anywhere in the cell, when the cell is in any other form or out of
 * range. */
PLAIN_HOT bool read_decimal(Cursor *c, char stop, int places, int64_t *out) {
  const char *end = decimal_read(c->p, c->end, places, out);
  if (!end)
    return false;
  c->p = end;
  return at_cell_end(c, stop);
}

/* A percent cell, "112.18%" (as registries write them) or the fraction
 * itself, "0.1534": both read as millionths of one.  A percentage is read
 * in ten-thousandths (1% is 10,000 millionths); a plain fraction the same
 * way, then scaled, since nearly all have at most four places; one with
 * five or six is read again at six. */
PLAIN_HOT bool read_percent(Cursor *c, char stop, int64_t *out) {
  const char *start = c->p;
  int64_t v;
  const char *end = decimal_read(start, c->end, 4, &v);
  if (end && end < c->end && *end == '%') {
    c->p = end + 1;
    *out = v;
    return at_cell_end(c, stop);
  }
  if (end) {
    c->p = end;
    return at_cell_end(c, stop) && !__builtin_mul_overflow(v, (int64_t)100, out);
  }
  c->p = start;
  return read_decimal(c, stop, 6, out);
}

PLAIN_HOT bool read_word(Cursor *c, char stop, const char *word, size_t n) {
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
    return false;
  c->p += n;
  return at_cell_end(c, stop);
}

PLAIN_HOT bool read_bool(Cursor *c, char stop, int64_t *out) {
  if (read_word(c, stop, "true", 4))
    return *out = 1, true;
  if (read_word(c, stop, "false", 5))
    return *out = 0, true;
  return false;
}

PLAIN_HOT bool read_date(Cursor *c, char stop, int64_t *out) {
  int32_t days;
  if (c->end - c->p < 10 || !date_parse(c->p, 10, &days))
    return false;
  c->p += 10;
  if (!at_cell_end(c, stop))
    return false;
  *out = days;
  return true;
}

/* A typed cell in its canonical form, the cursor left at its end; false
 * for any other form (and always for PR_OTHER, PR_TEXT). */
PLAIN_HOT bool read_canonical(Cursor *c, char stop, PlainReader reader, int64_t *out) {
  switch (reader) {
  case PR_MONEY:   return read_decimal(c, stop, 2, out);
  case PR_PERCENT: return read_percent(c, stop, out);
  case PR_BOOL:    return read_bool(c, stop, out);
  case PR_DATE:    return read_date(c, stop, out);
  default:         return false;
  }
}

/* A typed cell text[0..len) in any other form, as rb_cell reads it minus
 * the messages: false when it is bad; true, with *set false, when it is
 * blank (the default applies). */
PLAIN_HOT bool read_other(const RowBuilder *rb, int col, const char *text, size_t len,
                          int64_t *out, bool *set) {
  *set = false;
  if (cell_is_blank(text, len))
    return true;
  const RegistryColumn *column = &rb->shape->schema->columns[col];
  *set = true;
  return len <= REGISTRY_MAX_CELL &&
         cell_read(column->kind, column->may_be_negative, text, len, out) == CELL_OK;
}

#endif
