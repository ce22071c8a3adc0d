/*
 * csv_plain.c - reading a CSV record that holds no quote in one pass: each
 * field is found and converted by the reader its column's kind chose once,
 * at the header, so the bytes of a canonical cell ("1234.50", "0.15",
 * "true", "2024-06-01", UTF-8 text) are looked at once.
 *
 * The pass never reports anything.  A cell in a rarer syntax ("3000万",
 * " 是 ") goes through cell_parse like any other; a record it cannot read
 * whole (a bad cell, a wrong number of fields) is left to the general path
 * (split, then rb_cell), which names every problem.  So for a record
 * it accepts, the row is exactly the general path's.
 */
#include <string.h>

#include "csv_plain.h"

#include "../base/swar.h"
#include "../base/utf8.h"

/* The readers below run for every cell of every row: inlined into the
 * field loop, they share its registers and constants. */
#define HOT PLAIN_HOT

PlainReader plain_reader_for(ValueKind kind) {
  switch (kind) {
  case VK_TEXT:    return PR_TEXT;
  case VK_MONEY:   return PR_MONEY;
  case VK_PERCENT: return PR_PERCENT;
  case VK_BOOL:    return PR_BOOL;
  case VK_DATE:    return PR_DATE;
  case VK_NUMBER:
  case VK_COUNT:   return PR_OTHER;
  }
  return PR_OTHER;
}

/* ---- fields, eight bytes at a time (swar.h) ---- */

/* Moves to the end of the field (its comma, or the record's end).  True
 * when a byte before it needs the UTF-8 check: not ASCII, or NUL. */
HOT bool find_field_end(Cursor *c) {
  const char *p = c->p, *end = c->end;
  uint64_t special = 0;
  for (; end - p >= 8; p += 8) {
    uint64_t x = swar_load(p);
    uint64_t odd = (x | swar_below(x, 1)) & SWAR_BYTES(0x80);
    uint64_t commas = swar_equal(x, ',');
    if (commas) {
      int n = swar_first(commas);   /* bytes before the comma */
      c->p = p + n;
      return (special | (odd & ((UINT64_C(1) << (8 * n)) - 1))) != 0;
    }
    special |= odd;
  }
  for (; p < end && *p != ','; p++)
    special |= (unsigned char)(*p - 1) >= 0x7F;   /* NUL or >= 0x80 */
  c->p = p;
  return special != 0;
}

/* A typed cell by its canonical reader; anything else as rb_cell reads
 * it, minus the messages.  Returns false when the cell is bad.  (A cell the
 * canonical readers take is at most 37 bytes: the cell limit is checked
 * only on the other path.) */
HOT bool read_typed(RowBuilder *rb, Cursor *c, PlainField field) {
  const char *start = c->p;
  int64_t v;
  if (!read_canonical(c, ',', field.reader, &v)) {
    c->p = start;
    find_field_end(c);
    bool set;
    if (!read_other(rb, field.col, start, (size_t)(c->p - start), &v, &set))
      return false;
    if (!set)
      return true;   /* blank: the default applies */
  }
  rb_set_int(rb, field.col, v);
  return true;
}

/* A text cell: its end found while looking for bytes that need the UTF-8
 * check, which the rest (ids, plain names) can skip. */
HOT bool read_text(RowBuilder *rb, Cursor *c, int col) {
  const char *start = c->p;
  bool check = find_field_end(c);
  size_t len = (size_t)(c->p - start);
  if (len == 0 || ((*start == ' ' || *start == '\t') && cell_is_blank(start, len)))
    return true;
  if (len > REGISTRY_MAX_CELL || (check && utf8_invalid_at(start, len) != len))
    return false;
  rb_set_text(rb, col, start, len);
  return true;
}

bool csv_read_plain(RowBuilder *rb, const PlainField *fields, int count,
                    const char *bytes, size_t len) {
  Cursor c = {bytes, bytes + len};
  rb_begin(rb);
  for (int f = 0; f < count; f++) {
    if (f > 0) {
      if (c.p == c.end)
        return false;   /* too few fields */
      c.p++;            /* the comma */
    }
    PlainField field = fields[f];
    if (field.reader == PR_SKIP) {
      find_field_end(&c);
    } else if (c.p == c.end || *c.p == ',') {
      continue;   /* empty: the default applies */
    } else if (field.reader == PR_TEXT) {
      if (!read_text(rb, &c, field.col))
        return false;
    } else if (!read_typed(rb, &c, field)) {
      return false;
    }
  }
  return c.p == c.end;   /* else too many fields */
}
