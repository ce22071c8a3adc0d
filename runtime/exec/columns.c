/*
 * columns.c - binding column names to the schema (columns.h).
 */
#include "columns.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/utf8.h"

int columns_find(const RowShape *shape, const char *name, size_t len) {
  const RegistrySchema *schema = shape->schema;
  for (int i = 0; i < schema->count; i++)
    if (shape->name_len[i] == len && memcmp(schema->columns[i].name, name, len) == 0)
      return i;
  return -1;
}

int columns_find_label(const RowShape *shape, const char *name, size_t len) {
  const RegistrySchema *schema = shape->schema;
  for (int i = 0; i < schema->count; i++) {
    const char *label = schema->columns[i].label;
    if (label && strlen(label) == len && memcmp(label, name, len) == 0)
      return i;
  }
  return -1;
}

bool columns_names(const RowShape *shape, int col, const char *name, size_t len) {
  const RegistryColumn *column = &shape->schema->columns[col];
  if (shape->name_len[col] == len && memcmp(column->name, name, len) == 0)
    return true;
  return column->label && strlen(column->label) == len && memcmp(column->label, name, len) == 0;
}

void columns_report_twice(RowBuilder *rb, long line, int col, TextRef a, TextRef b) {
  rb_report(rb, line, "columns `%.*s` and `%.*s` both give input %s (by its name and by "
            "its label): keep one of them", (int)a.len, a.ptr, (int)b.len, b.ptr,
            rb->shape->schema->columns[col].name);
}

static void trim_name(TextRef *name) {
  while (name->len > 0 && (name->ptr[0] == ' ' || name->ptr[0] == '\t')) {
    name->ptr++;
    name->len--;
  }
  while (name->len > 0 &&
         (name->ptr[name->len - 1] == ' ' || name->ptr[name->len - 1] == '\t'))
    name->len--;
}

static bool same_name(TextRef a, TextRef b) {
  return a.len == b.len && memcmp(a.ptr, b.ptr, (size_t)a.len) == 0;
}

/* Reports each name given twice, once (at its second appearance). */
static bool check_duplicates(RowBuilder *rb, const TextRef *names, int count,
                             long line) {
  bool ok = true;
  for (int i = 0; i < count; i++) {
    int earlier = 0;
    for (int j = 0; j < i && names[i].len > 0; j++)
      earlier += same_name(names[i], names[j]);
    if (earlier == 1) {
      rb_report(rb, line, "column %.*s appears twice", (int)names[i].len, names[i].ptr);
      ok = false;
    }
  }
  return ok;
}

/* Reports every required column no field is bound to. */
static bool check_required(RowBuilder *rb, const int *field_col, int count) {
  bool ok = true;
  const RegistrySchema *schema = rb->shape->schema;
  for (int c = 0; c < schema->count; c++) {
    if (!schema->columns[c].required && !schema->columns[c].must_exist)
      continue;
    bool bound = false;
    for (int f = 0; f < count && !bound; f++)
      bound = field_col[f] == c;
    if (bound)
      continue;
    const char *label = schema->columns[c].label;
    if (schema->columns[c].required)
      rb_report(rb, 0, "the registry has no column `%s`%s%s%s, which the policy requires",
                schema->columns[c].name, label ? " (" : "", label ? label : "",
                label ? ")" : "");
    else
      rb_report(rb, 0, "the registry has no column `%s` to keep (--keep)",
                schema->columns[c].name);
    ok = false;
  }
  return ok;
}

/* A header name folded for a loose match: ASCII letters in lower case, and
 * full-width ASCII (U+FF01..U+FF5E, typed with a Chinese input method) as
 * ASCII.  False when the name is too long to fold here. */
static bool fold_name(TextRef name, char *out, size_t cap, size_t *len) {
  size_t w = 0;
  for (int64_t r = 0; r < name.len;) {
    uint32_t cp;
    int n = utf8_decode((const unsigned char *)name.ptr + r, (size_t)(name.len - r), &cp);
    if (n <= 0 || w + 4 > cap)
      return false;
    if (cp >= 0xFF01 && cp <= 0xFF5E)
      cp -= 0xFEE0;
    if (cp < 0x80) {
      out[w++] = (char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    } else {
      memcpy(out + w, name.ptr + r, (size_t)n);
      w += (size_t)n;
    }
    r += n;
  }
  *len = w;
  return true;
}

/* The column a header name matches loosely (both folded), or -1. */
static int find_loose(const RowShape *shape, TextRef name) {
  bool foldable = false;   /* most unknown names have nothing to fold: skip them */
  for (int64_t i = 0; i < name.len && !foldable; i++)
    foldable = (name.ptr[i] >= 'A' && name.ptr[i] <= 'Z') || (name.ptr[i] & 0x80);
  if (!foldable)
    return -1;
  char folded[512], column[512];
  size_t len, column_len;
  if (!fold_name(name, folded, sizeof folded, &len))
    return -1;
  for (int c = 0; c < shape->schema->count; c++) {
    const char *input = shape->schema->columns[c].name;
    if (fold_name((TextRef){input, (int64_t)shape->name_len[c]}, column, sizeof column,
                  &column_len) &&
        column_len == len && memcmp(column, folded, len) == 0)
      return c;
  }
  return -1;
}

int columns_find_loose(const RowShape *shape, const char *name, size_t len) {
  return find_loose(shape, (TextRef){name, (int64_t)len});
}

/* A header equal to an input's label binds that input, unless another
 * column gives it by its name: then both are named in an error. */
static bool bind_labels(RowBuilder *rb, const TextRef *names, int count, long line,
                        int *field_col) {
  bool ok = true;
  for (int i = 0; i < count; i++) {
    if (field_col[i] >= 0 || names[i].len == 0)
      continue;
    int c = columns_find_label(rb->shape, names[i].ptr, (size_t)names[i].len);
    if (c < 0)
      continue;
    int other = -1;
    for (int j = 0; j < count && other < 0; j++)
      if (field_col[j] == c)
        other = j;
    if (other >= 0) {
      columns_report_twice(rb, line, c, names[other], names[i]);
      ok = false;
      continue;
    }
    field_col[i] = c;
  }
  return ok;
}

/* A header that differs from an input only in case or width ("Paid_In_Capital",
 * full-width letters) is bound to it, with a warning, unless the input has a
 * column of its exact name: then it is the one ignored, with a warning. */
static void bind_loose(RowBuilder *rb, const TextRef *names, int count, int *field_col) {
  for (int i = 0; i < count; i++) {
    if (field_col[i] >= 0 || names[i].len == 0)
      continue;
    int c = find_loose(rb->shape, names[i]);
    if (c < 0)
      continue;
    bool taken = false;
    for (int j = 0; j < count && !taken; j++)
      taken = field_col[j] == c;
    const char *input = rb->shape->schema->columns[c].name;
    if (taken) {
      rb_report(rb, 0, "warning: column \"%.*s\" ignored: input %s is read from "
                "another column", (int)names[i].len, names[i].ptr, input);
      continue;
    }
    field_col[i] = c;
    rb_report(rb, 0, "warning: column \"%.*s\" read as input %s", (int)names[i].len,
              names[i].ptr, input);
  }
}

bool columns_bind_header(RowBuilder *rb, const TextRef *names, int count, long line,
                         int *field_col) {
  if (count > REGISTRY_MAX_COLUMNS) {
    rb_report(rb, line, "the header has %d columns; polc reads registries of at most %d",
              count, REGISTRY_MAX_COLUMNS);
    return false;
  }
  TextRef *trimmed = xmalloc(sizeof *trimmed * (size_t)(count ? count : 1));
  for (int i = 0; i < count; i++) {
    trimmed[i] = names[i];
    trim_name(&trimmed[i]);
    field_col[i] = columns_find(rb->shape, trimmed[i].ptr, (size_t)trimmed[i].len);
  }
  bool ok = check_duplicates(rb, trimmed, count, line);
  ok = ok && bind_labels(rb, trimmed, count, line, field_col);
  if (ok)
    bind_loose(rb, trimmed, count, field_col);
  free(trimmed);
  /* A duplicate is reported before the absences it may explain. */
  return check_required(rb, field_col, count) && ok;
}
