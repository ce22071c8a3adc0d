/*
 * label_row.c - recognising a template's row of labels (label_row.h).
 */
#include "label_row.h"

#include <string.h>

static TextRef trimmed(TextRef t) {
  while (t.len > 0 && (t.ptr[0] == ' ' || t.ptr[0] == '\t')) {
    t.ptr++;
    t.len--;
  }
  while (t.len > 0 && (t.ptr[t.len - 1] == ' ' || t.ptr[t.len - 1] == '\t'))
    t.len--;
  return t;
}

bool label_row_matches(const RowShape *shape, const int *field_col, const TextRef *fields,
                       int count) {
  int labels = 0;
  for (int f = 0; f < count; f++) {
    TextRef cell = trimmed(fields[f]);
    if (field_col[f] < 0 || cell.len == 0)
      continue;
    const char *label = shape->schema->columns[field_col[f]].label;
    if (!label || strlen(label) != (size_t)cell.len || memcmp(label, cell.ptr, (size_t)cell.len))
      return false;
    labels++;
  }
  return labels > 0;
}
