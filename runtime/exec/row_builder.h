/*
 * row_builder.h - the row every registry format fills, whatever its syntax:
 * the values and which columns a cell set, the defaults copied in first,
 * the required columns checked last, and the messages about cells, all
 * through one reporting function (rb_report).  A format only finds cells
 * and says which column each belongs to.
 *
 *   rb_begin(rb);
 *   for each cell:  rb_cell(rb, line, col, text, len, CELL_PLAIN);
 *   return rb_end(rb, row, line);          (defaults, required, status)
 *
 * The shape (column names, defaults, required list) is made once per
 * registry and shared, read-only, by the builders of every thread; each
 * thread has its own builder.
 */
#ifndef POLC_ROW_BUILDER_H
#define POLC_ROW_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "registry.h"

/* What does not change from row to row: made at open, shared by threads. */
typedef struct RowShape {
  const RegistrySchema *schema;   /* the caller's; must outlive the registry */
  size_t *name_len;       /* strlen of each column's name */
  int64_t *default_ints;  /* a row of defaults, copied in before the cells */
  TextRef *default_texts;
  int *required;          /* the columns that have no default */
  int nrequired;
  int *rewritten;         /* the columns reset for every row (RegistryColumn) */
  int nrewritten;
} RowShape;

void row_shape_init(RowShape *shape, const RegistrySchema *schema);
void row_shape_free(RowShape *shape);

/* The row being filled, and where its messages go. */
typedef struct RowBuilder {
  const RowShape *shape;
  const char *name;       /* the registry as messages show it */
  FILE *errors;           /* NULL: say nothing */
  int64_t *ints;          /* returned to the caller as RegistryRow */
  TextRef *texts;
  bool *set;              /* column given a non-empty cell in this row */
  int *dirty;             /* the columns set in this row, which rb_begin */
  int ndirty;             /* resets: a row costs its cells, not the schema */
  bool row_ok;            /* no cell of this row has been reported */
  long rejected;          /* rows (and whole-input problems) counted */
  /* [schema count]: a key bound to each column only loosely ("Revenue"
   * for revenue), for one warning at the end; the least of them when
   * there are several, so that the warning does not depend on which
   * thread saw which row. */
  TextRef *loose;
  /* A database's rows have no lines: its format names the row by its id
   * (csv_reader.c), and rb_report writes "NAME:id=ID: message". */
  bool by_id;
  char row_id[96];
} RowBuilder;

void rb_init(RowBuilder *rb, const RowShape *shape, const char *name, FILE *errors);
void rb_free(RowBuilder *rb);

/* Writes "NAME:LINE: message\n" (LINE 0: "NAME: message"; rows named by
 * their id: "NAME:id=ID: message"). */
void rb_report(const RowBuilder *rb, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* How a format saw a cell.  CELL_PLAIN: a CSV field, a JSON string or the
 * text of a JSON number; CELL_JSON_BOOL: JSON true/false (text "true" or
 * "false"), readable only in a bool column; CELL_NESTED: a JSON array or
 * object, readable in no column. */
typedef enum CellForm { CELL_PLAIN, CELL_JSON_BOOL, CELL_NESTED } CellForm;

/* Starts a row: every column at its default, none set, nothing reported. */
void rb_begin(RowBuilder *rb);
/* Converts the cell of schema column `col`; a blank cell counts as absent
 * (the default applies at rb_end).  A bad cell is reported and marks the
 * row rejected; the format goes on so that every bad cell is named. */
void rb_cell(RowBuilder *rb, long line, int col, const char *text, size_t len,
             CellForm form);
/* Applies the defaults, reports required columns left empty, and fills
 * *row: REG_ROW, or REG_REJECTED (counted) when anything was reported. */
RegistryStatus rb_end(RowBuilder *rb, RegistryRow *row, long line);
/* Rejects a row the format could not split into cells (already reported). */
RegistryStatus rb_reject(RowBuilder *rb, RegistryRow *row, long line);

/* A value read without rb_cell (csv_plain.c's one pass, which has already
 * checked it): inline, as they run for every cell of every row. */
static inline void rb_mark_set(RowBuilder *rb, int col) {
  if (!rb->set[col])
    rb->dirty[rb->ndirty++] = col;
  rb->set[col] = true;
}
static inline void rb_set_int(RowBuilder *rb, int col, int64_t v) {
  rb_mark_set(rb, col);
  rb->ints[col] = v;   /* texts[col] already holds the empty text */
}
static inline void rb_set_text(RowBuilder *rb, int col, const char *text, size_t len) {
  rb_mark_set(rb, col);
  rb->texts[col] = (TextRef){text, (int64_t)len};
}
/* The row is bad for a reason the format reported itself. */
static inline void rb_fail(RowBuilder *rb) { rb->row_ok = false; }

/* Notes that `key` (copied) was read as column `col` though it matches its
 * name only loosely; rb_report_loose warns once per column. */
void rb_note_loose(RowBuilder *rb, int col, TextRef key);
/* "warning: WHAT "KEY" read as input NAME", once per loosely bound column. */
void rb_report_loose(const RowBuilder *rb, const char *what);
/* Adds what another thread's builder noted: its rejected rows, its keys. */
void rb_merge(RowBuilder *into, const RowBuilder *from);

#endif
