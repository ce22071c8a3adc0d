/*
 * xlsx_reader.c - Excel workbooks (.xlsx) as registries: one sheet (the
 * first, or --sheet NAME), its first non-empty row the header, then one
 * row per applicant, numbered as Excel numbers them.  The workbook's other
 * parts are read at open (xlsx_book.c); the sheet is streamed a row at a
 * time (xlsx_sheet.c), so memory holds one row, never the sheet.
 *
 * Cells become the text the row builder reads, as a CSV field would be:
 * strings as they are, booleans "true"/"false", numbers by the digits
 * Excel stored (xlsx_value.h; a money cell finer than the fen is refused
 * with a hint, never rounded), date-formatted numbers as YYYY-MM-DD.  A
 * cell's reference (C5) places it, so omitted empty cells are absent; a
 * cell beyond the header's columns is ignored.  Entirely empty rows are
 * skipped; the first row after the header is skipped when it holds the
 * inputs' labels (label_row.h: a template's second row).  The format's
 * table, xlsx_format, is at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/date.h"
#include "../base/i18n.h"
#include "cells.h"
#include "columns.h"
#include "label_row.h"
#include "registry_impl.h"
#include "xlsx_book.h"
#include "xlsx_sheet.h"
#include "xlsx_value.h"

enum { NUMBER_TEXT = 80 };   /* a number's plain decimal (xlsx_plain_number) */

typedef struct XlsxReader {
  XlsxBook book;
  XlsxRows sheet;       /* the rows, streamed (xlsx_sheet.h) */
  /* the header */
  int header_count;
  int *field_col;       /* [header_count]: schema column of each sheet column, or -1 */
  bool label_checked;
  char *numbers;        /* converted number cells of the row */
  size_t numbers_cap;
} XlsxReader;

/* ---- reading rows ---- */

typedef enum RowRead { ROW_READ, ROW_NONE, ROW_BROKEN } RowRead;

static void report_xml_error(Registry *reg, XlsxReader *x, bool read_error) {
  unsigned long xml_line;
  const char *why = xlsx_rows_error(&x->sheet, read_error, &xml_line);
  if (read_error)
    rb_report(&reg->rows, 0, "the workbook is damaged: its sheet cannot be read past "
                             "row %ld (%s); open and save it again in Excel, or send it "
                             "again", x->sheet.row_number, why);
  else
    rb_report(&reg->rows, 0, "the workbook is damaged: its sheet's XML is cut short or "
                             "broken after row %ld (%s at line %lu); open and save it "
                             "again in Excel, or send it again", x->sheet.row_number,
              why, xml_line);
}

/* The next row of the sheet that has a non-empty cell, in x->sheet.cells. */
static RowRead read_row(Registry *reg, XlsxReader *x) {
  if (reg->broken)
    return ROW_NONE;
  bool read_error = false;
  XlsxRowRead got = xlsx_rows_next(&x->sheet, &read_error);
  if (got == XLSX_BROKEN) {
    report_xml_error(reg, x, read_error);
    reg->broken = true;
    return ROW_BROKEN;
  }
  return got == XLSX_ROW ? ROW_READ : ROW_NONE;
}

/* A cell's text as read for a header or a label: strings and numbers. */
static TextRef cell_text(const XlsxReader *x, const XlsxCell *c) {
  const char *t;
  size_t n;
  if (!xlsx_cell_text(&x->book, &x->sheet, c, &t, &n))
    return (TextRef){"", 0};
  return (TextRef){t, (int64_t)n};
}

/* The row's cells laid out by sheet column, [0..count). */
static void row_fields(const XlsxReader *x, TextRef *fields, int count) {
  for (int f = 0; f < count; f++)
    fields[f] = (TextRef){"", 0};
  const XlsxRows *rows = &x->sheet;
  for (int i = 0; i < rows->ncells; i++)
    if (rows->cells[i].col < count)
      fields[rows->cells[i].col] = cell_text(x, &rows->cells[i]);   /* (numbers as stored) */
}

static bool read_header(Registry *reg, XlsxReader *x) {
  RowRead got = read_row(reg, x);
  if (got != ROW_READ) {
    if (got == ROW_NONE)
      rb_report(&reg->rows, 0, "the sheet is empty (no header row)");
    return false;
  }
  int count = 0;
  const XlsxRows *rows = &x->sheet;
  for (int i = 0; i < rows->ncells; i++)
    if (rows->cells[i].col + 1 > count && rows->cells[i].len > 0)
      count = rows->cells[i].col + 1;
  TextRef *names = xmalloc(sizeof *names * (size_t)count);
  row_fields(x, names, count);
  x->header_count = count;
  x->field_col = xmalloc(sizeof *x->field_col * (size_t)(count ? count : 1));
  bool ok = columns_bind_header(&reg->rows, names, count, x->sheet.row_number, x->field_col);
  free(names);
  return ok;
}

/* The first row after the header, when it holds the inputs' labels. */
static bool is_label_row(Registry *reg, XlsxReader *x) {
  TextRef *fields = xmalloc(sizeof *fields * (size_t)(x->header_count ? x->header_count : 1));
  row_fields(x, fields, x->header_count);
  bool labels = label_row_matches(&reg->shape, x->field_col, fields, x->header_count);
  free(fields);
  return labels;
}

/* ---- cells into the row ---- */

static void report_cell(RowBuilder *rb, long line, int col, const char *why) {
  rb_report(rb, line, "column %s: %s", rb->shape->schema->columns[col].name, _(why));
  rb_fail(rb);
}

/* A number cell's value as text for the builder, written at *w in
 * x->numbers; NULL after reporting the cell. */
static const char *number_text(XlsxReader *x, RowBuilder *rb, long line, int col,
                               const XlsxCell *c, size_t *w) {
  char *out = x->numbers + *w;
  const RegistryColumn *column = &rb->shape->schema->columns[col];
  const char *stored = x->sheet.text + c->off;
  if (!xlsx_plain_number(stored, c->len, out, NUMBER_TEXT)) {
    rb_report(rb, line, "column %s: the cell holds \"%.*s\", which is not a number; "
              "the workbook is damaged", column->name, (int)(c->len > 40 ? 40 : c->len),
              stored);
    rb_fail(rb);
    return NULL;
  }
  bool date = (size_t)c->style < x->book.nstyles && x->book.date_style[c->style];
  if (date) {
    int32_t days;
    SerialDate sd = xlsx_serial_date(out, x->book.date1904, &days);
    if (sd != SERIAL_OK) {
      report_cell(rb, line, col,
                  sd == SERIAL_TIME
                      ? N_("the date cell also holds a time of day; polc reads dates "
                           "only (format the cell as a date, or use =INT(...))")
                      : N_("the date cell is outside the calendar polc reads "
                           "(1900-01-01 to 9999-12-31)"));
      return NULL;
    }
    date_format(days, out);
  } else if (column->kind == VK_MONEY && xlsx_finer_than(out, 2)) {
    rb_report(rb, line, "column %s: the cell holds %s, which is not a whole number of fen "
              "(Excel stores numbers in binary; a formula's result may be so); round it "
              "in the workbook, e.g. =ROUND(...,2), or type the amount", column->name, out);
    rb_fail(rb);
    return NULL;
  }
  *w += strlen(out) + 1;
  return out;
}

/* "00:00:00", "00:00:00.000Z": the time of an ISO date cell that is a date. */
static bool midnight(const char *t, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!strchr("0:.Z", t[i]) || t[i] == '\0')
      return false;
  return true;
}

/* One cell into column `col` of the row. */
static void give_cell(XlsxReader *x, RowBuilder *rb, long line, int col, const XlsxCell *c,
                      size_t *w) {
  const char *t = x->sheet.text + c->off;
  size_t n = c->len;
  if (!c->has_value && !c->formula)
    return;   /* an empty cell (only its style): the default applies */
  if (c->formula && (!c->has_value || (c->type == XC_NUMBER && cell_is_blank(t, n)))) {
    report_cell(rb, line, col,
                N_("the formula has no stored result (the program that wrote the "
                   "file does not compute formulas); open and save the file in Excel "
                   "or LibreOffice, or type the value"));
    return;
  }
  switch (c->type) {
  case XC_SHARED: {
    if (!xlsx_cell_text(&x->book, &x->sheet, c, &t, &n)) {
      report_cell(rb, line, col, N_("the cell refers to a shared string the workbook "
                                    "lacks; the workbook is damaged"));
      return;
    }
    rb_cell(rb, line, col, t, n, CELL_PLAIN);
    return;
  }
  case XC_BOOL:
    if (n == 1 && (t[0] == '0' || t[0] == '1'))
      rb_cell(rb, line, col, t[0] == '1' ? "true" : "false", t[0] == '1' ? 4 : 5,
              CELL_PLAIN);
    else
      rb_cell(rb, line, col, t, n, CELL_PLAIN);
    return;
  case XC_ERROR:
    rb_report(rb, line, "column %s: the cell holds the Excel error %.*s; correct the "
              "formula or its inputs", rb->shape->schema->columns[col].name,
              (int)(n > 20 ? 20 : n), t);
    rb_fail(rb);
    return;
  case XC_ISO_DATE:   /* 2025-03-01T00:00:00 */
    if (n > 10 && t[10] == 'T' && midnight(t + 11, n - 11))
      n = 10;
    rb_cell(rb, line, col, t, n, CELL_PLAIN);
    return;
  case XC_TEXT:
    rb_cell(rb, line, col, t, n, CELL_PLAIN);
    return;
  case XC_NUMBER:
    if (cell_is_blank(t, n))
      return;
    t = number_text(x, rb, line, col, c, w);
    if (t)
      rb_cell(rb, line, col, t, strlen(t), CELL_PLAIN);
    return;
  }
}

static RegistryStatus row_into(Registry *reg, XlsxReader *x, RegistryRow *row) {
  RowBuilder *rb = &reg->rows;
  long line = x->sheet.row_number;
  size_t need = (size_t)x->sheet.ncells * (NUMBER_TEXT + 1);
  if (x->numbers_cap < need) {
    x->numbers_cap = 2 * need;
    x->numbers = xrealloc(x->numbers, x->numbers_cap);
  }
  if (x->sheet.row_too_big) {
    rb_report(rb, line, "the row holds more than %d bytes of text or more cells than "
              "Excel's columns; polc reads rows of at most that", REGISTRY_MAX_CELL * 4);
    return rb_reject(rb, row, line);
  }
  rb_begin(rb);
  size_t w = 0;
  for (int i = 0; i < x->sheet.ncells; i++) {
    const XlsxCell *c = &x->sheet.cells[i];
    if (c->col < x->header_count && x->field_col[c->col] >= 0)
      give_cell(x, rb, line, x->field_col[c->col], c, &w);
  }
  return rb_end(rb, row, line);
}

/* ---- the format ---- */

static bool xlsx_claims(const char *path) { return registry_path_ends(path, ".xlsx"); }

static bool xlsx_open(Registry *reg, const char *path) {
  XlsxReader *x = reg->state = xcalloc(1, sizeof *x);
  if (strcmp(path, "-") == 0) {
    rb_report(&reg->rows, 0, "an Excel workbook cannot be read from standard input; "
                             "give its file");
    reg->broken = true;
    return false;
  }
  if (!xlsx_book_open(&x->book, path, &reg->rows)) {
    reg->broken = true;
    return false;
  }
  const XlsxSheet *sheet = xlsx_book_sheet(&x->book, reg->sheet, &reg->rows);
  if (!sheet || !xlsx_rows_open(&x->sheet, &x->book, sheet)) {
    if (sheet)
      rb_report(&reg->rows, 0, "the workbook is damaged: sheet \"%s\" has no part %s; "
                               "open and save it again in Excel", sheet->name, sheet->part);
    reg->broken = true;
    return false;
  }
  return read_header(reg, x);
}

static RegistryStatus xlsx_next_row(Registry *reg, RegistryRow *row) {
  XlsxReader *x = reg->state;
  RowRead got = read_row(reg, x);
  if (got == ROW_READ && !x->label_checked) {
    x->label_checked = true;
    if (is_label_row(reg, x))
      got = read_row(reg, x);
  }
  if (got == ROW_NONE)
    return REG_END;
  if (got == ROW_BROKEN)
    return rb_reject(&reg->rows, row, 0);   /* counted once; the next call ends */
  return row_into(reg, x, row);
}

static void xlsx_close(Registry *reg) {
  XlsxReader *x = reg->state;
  if (!x)
    return;
  xlsx_rows_close(&x->sheet);
  xlsx_book_close(&x->book);
  free(x->field_col);
  free(x->numbers);
  free(x);
  reg->state = NULL;
}

const RegistryFormat xlsx_format = {
    .name = "Excel",
    .claims = xlsx_claims,
    .open = xlsx_open,
    .next_row = xlsx_next_row,
    .close = xlsx_close,
    .byte_records = false,   /* typed cells: read by one thread */
};
