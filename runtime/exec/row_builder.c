/*
 * row_builder.c - the row every format fills (row_builder.h): defaults,
 * cells converted by cell_read, required columns, and the messages of
 * registry.md about cells and rows.
 */
#include "row_builder.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/i18n.h"
#include "../base/utf8.h"
#include "cells.h"

enum {
  SHOWN_VALUE_BYTES = 60,     /* a bad cell is quoted up to about this much */
};

/* ---- the shape ---- */

static size_t columns_or_one(const RegistrySchema *schema) {
  return (size_t)(schema->count ? schema->count : 1);
}

/* The row of defaults, made once: the builder's row starts as a copy of
 * it, and each row puts back only the columns the last one changed, so
 * that the columns a registry lacks cost nothing per row. */
void row_shape_init(RowShape *shape, const RegistrySchema *schema) {
  size_t n = columns_or_one(schema);
  *shape = (RowShape){.schema = schema};
  shape->name_len = xcalloc(n, sizeof *shape->name_len);
  shape->default_ints = xcalloc(n, sizeof *shape->default_ints);
  shape->default_texts = xcalloc(n, sizeof *shape->default_texts);
  shape->required = xcalloc(n, sizeof *shape->required);
  shape->rewritten = xcalloc(n, sizeof *shape->rewritten);
  for (int c = 0; c < schema->count; c++) {
    const RegistryColumn *column = &schema->columns[c];
    shape->name_len[c] = strlen(column->name);
    if (column->required)
      shape->required[shape->nrequired++] = c;
    if (column->rewritten)
      shape->rewritten[shape->nrewritten++] = c;
    if (column->kind == VK_TEXT) {
      const char *text = column->default_text ? column->default_text : "";
      shape->default_texts[c] = (TextRef){text, (int64_t)strlen(text)};
    } else {
      shape->default_ints[c] = column->default_int;
      shape->default_texts[c] = (TextRef){"", 0};
    }
  }
}

void row_shape_free(RowShape *shape) {
  free(shape->name_len);
  free(shape->default_ints);
  free(shape->default_texts);
  free(shape->required);
  free(shape->rewritten);
}

/* ---- the builder ---- */

void rb_init(RowBuilder *rb, const RowShape *shape, const char *name, FILE *errors) {
  size_t n = columns_or_one(shape->schema);
  *rb = (RowBuilder){.shape = shape, .name = name, .errors = errors, .row_ok = true};
  rb->ints = xcalloc(n, sizeof *rb->ints);
  rb->texts = xcalloc(n, sizeof *rb->texts);
  rb->set = xcalloc(n, sizeof *rb->set);
  rb->dirty = xcalloc(n, sizeof *rb->dirty);
  size_t count = (size_t)shape->schema->count;   /* every column starts at its default */
  memcpy(rb->ints, shape->default_ints, sizeof *rb->ints * count);
  memcpy(rb->texts, shape->default_texts, sizeof *rb->texts * count);
  rb->loose = xcalloc(n, sizeof *rb->loose);
}

void rb_free(RowBuilder *rb) {
  if (!rb->shape)
    return;
  for (int c = 0; c < rb->shape->schema->count; c++)
    free((char *)rb->loose[c].ptr);
  free(rb->loose);
  free(rb->ints);
  free(rb->texts);
  free(rb->set);
  free(rb->dirty);
  rb->shape = NULL;
}

/* `msgid` is translated here, so callers write plain English. */
void rb_report(const RowBuilder *rb, long line, const char *msgid, ...) {
  if (!rb->errors)
    return;
  const char *fmt = gettext(msgid);
  if (line > 0 && rb->by_id)
    fprintf(rb->errors, "%s:id=%s: ", rb->name, rb->row_id);
  else if (line > 0)
    fprintf(rb->errors, "%s:%ld: ", rb->name, line);
  else
    fprintf(rb->errors, "%s: ", rb->name);
  va_list ap;
  va_start(ap, msgid);
  vfprintf(rb->errors, fmt, ap);
  va_end(ap);
  fputc('\n', rb->errors);
}

/* Appends one character of the value to out, escaping what would break the
 * message's line (a CSV cell may hold a newline).  Returns bytes consumed. */
static size_t show_char(const char *p, size_t avail, char *out, size_t *w) {
  uint32_t cp;
  int n = utf8_decode((const unsigned char *)p, avail, &cp);
  if (n > 1 || (n == 1 && cp >= 0x20 && cp != 0x7F)) {
    memcpy(out + *w, p, (size_t)n);
    *w += (size_t)n;
    return (size_t)n;
  }
  const char *esc = n == 0 ? NULL : cp == '\n' ? "\\n" : cp == '\r' ? "\\r"
                  : cp == '\t' ? "\\t" : NULL;
  if (esc)
    *w += (size_t)sprintf(out + *w, "%s", esc);
  else
    *w += (size_t)sprintf(out + *w, "\\x%02X", (unsigned char)p[0]);
  return 1;
}

/* The cell as messages quote it: trimmed of spaces and tabs, cut on a
 * character boundary after about SHOWN_VALUE_BYTES bytes. */
static void show_value(const char *text, size_t len, char out[96]) {
  while (len > 0 && (text[0] == ' ' || text[0] == '\t')) {
    text++;
    len--;
  }
  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    len--;
  size_t r = 0, w = 0;
  while (r < len && w < SHOWN_VALUE_BYTES)
    r += show_char(text + r, len - r, out, &w);
  if (r < len) {
    memcpy(out + w, "...", 3);
    w += 3;
  }
  out[w] = '\0';
}

/* Only what the last row changed goes back to its default: the columns a
 * cell set, and those the caller rewrites (a policy may have many more
 * inputs than the registry has columns). */
void rb_begin(RowBuilder *rb) {
  const RowShape *shape = rb->shape;
  for (int i = 0; i < rb->ndirty; i++) {
    int c = rb->dirty[i];
    rb->set[c] = false;
    rb->ints[c] = shape->default_ints[c];
    rb->texts[c] = shape->default_texts[c];
  }
  rb->ndirty = 0;
  for (int i = 0; i < shape->nrewritten; i++) {
    int c = shape->rewritten[i];
    rb->ints[c] = shape->default_ints[c];
  }
  rb->row_ok = true;
}

/* Whether a cell of this form can be read in a column of `kind` at all. */
static bool form_fits(CellForm form, ValueKind kind) {
  switch (form) {
  case CELL_PLAIN:     return true;
  case CELL_JSON_BOOL: return kind == VK_BOOL;
  case CELL_NESTED:    return false;
  }
  return false;
}

/* A cell past the size limit, or text that is not UTF-8, is reported; true
 * when the cell may be read. */
static bool cell_acceptable(RowBuilder *rb, long line, const RegistryColumn *column,
                            const char *text, size_t len) {
  if (len > REGISTRY_MAX_CELL) {
    rb_report(rb, line, "column %s: a cell of %zu bytes; polc reads cells of at most %d",
              column->name, len, REGISTRY_MAX_CELL);
    return false;
  }
  if (column->kind != VK_TEXT)
    return true;   /* a number's cell is checked byte by byte as it is read */
  size_t bad = utf8_invalid_at(text, len);
  if (bad == len)
    return true;
  if (text[bad] == '\0')
    rb_report(rb, line, "column %s: a NUL byte at byte %zu", column->name, bad + 1);
  else
    rb_report(rb, line, "column %s: byte %zu is 0x%02X, not UTF-8 text (save the "
              "registry as UTF-8)", column->name, bad + 1, (unsigned char)text[bad]);
  return false;
}

void rb_cell(RowBuilder *rb, long line, int col, const char *text, size_t len,
             CellForm form) {
  const RegistryColumn *column = &rb->shape->schema->columns[col];
  if (form == CELL_PLAIN && (len == 0 || cell_is_blank(text, len)))
    return;   /* empty: the default applies */
  rb_mark_set(rb, col);   /* even when bad: it is not also "required" */
  if (!cell_acceptable(rb, line, column, text, len)) {
    rb->row_ok = false;
    return;
  }
  CellResult read = form_fits(form, column->kind) ? CELL_OK : CELL_UNREADABLE;
  if (read == CELL_OK && column->kind == VK_TEXT) {
    rb->texts[col] = (TextRef){text, (int64_t)len};
    rb->ints[col] = 0;
  } else if (read == CELL_OK) {
    read = cell_read(column->kind, column->may_be_negative, text, len, &rb->ints[col]);
    rb->texts[col] = (TextRef){"", 0};
  }
  if (read == CELL_OK)
    return;
  char shown[96];
  show_value(text, len, shown);
  const char *detail = read == CELL_NEGATIVE ? cell_negative_text(column->kind)
                       : form == CELL_PLAIN ? cell_hint(column->kind, text, len)
                                            : NULL;
  rb_report(rb, line, "column %s: cannot read \"%s\" as %s%s%s", column->name,
            shown, value_kind_name(column->kind), detail ? ": " : "", detail ? detail : "");
  rb->row_ok = false;
}

static RegistryStatus give_row(RowBuilder *rb, RegistryRow *row, long line) {
  row->ints = rb->ints;
  row->texts = rb->texts;
  row->line = line;
  if (rb->row_ok)
    return REG_ROW;
  rb->rejected++;
  return REG_REJECTED;
}

RegistryStatus rb_end(RowBuilder *rb, RegistryRow *row, long line) {
  const RowShape *shape = rb->shape;
  for (int i = 0; i < shape->nrequired; i++) {   /* the others hold their defaults */
    int c = shape->required[i];
    if (!rb->set[c]) {
      rb_report(rb, line, "column %s: a value is required", shape->schema->columns[c].name);
      rb->row_ok = false;
    }
  }
  return give_row(rb, row, line);
}

RegistryStatus rb_reject(RowBuilder *rb, RegistryRow *row, long line) {
  rb->row_ok = false;
  return give_row(rb, row, line);
}

/* ---- keys bound loosely ---- */

static bool key_less(TextRef a, TextRef b) {
  size_t n = (size_t)(a.len < b.len ? a.len : b.len);
  int c = memcmp(a.ptr, b.ptr, n);
  return c < 0 || (c == 0 && a.len < b.len);
}

void rb_note_loose(RowBuilder *rb, int col, TextRef key) {
  TextRef *kept = &rb->loose[col];
  if (kept->ptr && !key_less(key, *kept))
    return;
  char *copy = xmalloc((size_t)key.len + 1);
  memcpy(copy, key.ptr, (size_t)key.len);
  free((char *)kept->ptr);
  *kept = (TextRef){copy, key.len};
}

void rb_report_loose(const RowBuilder *rb, const char *what) {
  const RegistrySchema *schema = rb->shape->schema;
  for (int c = 0; c < schema->count; c++)
    if (rb->loose[c].ptr)
      rb_report(rb, 0, "warning: %s \"%.*s\" read as input %s", what,
                (int)rb->loose[c].len, rb->loose[c].ptr, schema->columns[c].name);
}

void rb_merge(RowBuilder *into, const RowBuilder *from) {
  into->rejected += from->rejected;
  for (int c = 0; c < into->shape->schema->count; c++)
    if (from->loose[c].ptr)
      rb_note_loose(into, c, from->loose[c]);
}
