/*
 * rejects_xlsx.c - an .xlsx registry's rejected rows (rejects_impl.h): the
 * sheet is read again with the streaming reader (xlsx_sheet.h), its header
 * (the first non-empty row) gives the columns, and the rows the messages
 * named (by Excel's row number) are written with their cells as they were:
 * strings as strings, numbers as numbers, date-formatted numbers as dates,
 * booleans as booleans; a formula as its stored result; a cell right of the
 * header's last column is left out (polc reads no column there).
 */
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/date.h"
#include "../base/i18n.h"
#include "rejects_impl.h"
#include "rejects_table.h"
#include "row_builder.h"
#include "xlsx_book.h"
#include "xlsx_sheet.h"
#include "xlsx_value.h"

enum {
  NUMBER_TEXT = 80,          /* a number's plain decimal (xlsx_plain_number) */
  DAYS_1900_TO_1904 = 1462,  /* a 1904-system serial + this: the 1900 system's */
};

typedef struct Copy {
  XlsxBook book;
  XlsxRows rows;
  int ncols;
  RejectsCell *cells;     /* [ncols] */
  char (*numbers)[NUMBER_TEXT];   /* [ncols]: a number's or a date's text */
} Copy;

/* "1200000" as an integer when it is one (an int64), else a double. */
static void number_cell(RejectsCell *out, const char *plain) {
  char *end;
  long long v = strtoll(plain, &end, 10);
  if (*end == '\0' && strlen(plain) < 19) {
    out->kind = RK_INTEGER;
    out->integer = v;
  } else {
    out->kind = RK_REAL;
    out->real = strtod(plain, NULL);
  }
}

/* A cell as it was, and its text as polc reads it. */
static void read_cell(Copy *x, const XlsxCell *c, RejectsCell *out, char *number) {
  const char *t;
  size_t n;
  *out = (RejectsCell){.kind = RK_EMPTY, .text = "", .len = 0};
  if (!c->has_value || !xlsx_cell_text(&x->book, &x->rows, c, &t, &n))
    return;
  out->text = t;
  out->len = n;
  switch (c->type) {
  case XC_BOOL:
    out->kind = RK_BOOL;
    out->integer = n == 1 && t[0] == '1';
    out->text = out->integer ? "true" : "false";
    out->len = strlen(out->text);
    return;
  case XC_NUMBER: {
    if (!xlsx_plain_number(t, n, number, NUMBER_TEXT)) {
      out->kind = n ? RK_TEXT : RK_EMPTY;   /* not a number: kept as its text */
      return;
    }
    int32_t days;
    bool date = (size_t)c->style < x->book.nstyles && x->book.date_style[c->style];
    if (date && xlsx_serial_date(number, x->book.date1904, &days) == SERIAL_OK) {
      out->kind = RK_DATE;
      out->days = days;
      date_format(days, number);
    } else if (date) {   /* a date with a time of day: the same instant, 1900 system */
      out->kind = RK_SERIAL;
      out->real = strtod(number, NULL) + (x->book.date1904 ? DAYS_1900_TO_1904 : 0);
    } else {
      number_cell(out, number);
    }
    out->text = number;
    out->len = strlen(number);
    return;
  }
  case XC_ISO_DATE:
    out->kind = RK_TEXT;
    if (n >= 10 && date_parse(t, 10, &out->days) && (n == 10 || t[10] == 'T')) {
      out->kind = RK_DATE;
      out->len = 10;
    }
    return;
  default:   /* strings; an error's text (#DIV/0!) */
    out->kind = n ? RK_TEXT : RK_EMPTY;
    return;
  }
}

/* The row's cells, by column, into x->cells. */
static void read_cells(Copy *x) {
  for (int f = 0; f < x->ncols; f++)
    x->cells[f] = (RejectsCell){.kind = RK_EMPTY, .text = "", .len = 0};
  for (int i = 0; i < x->rows.ncells; i++) {
    const XlsxCell *c = &x->rows.cells[i];
    if (c->col < x->ncols)
      read_cell(x, c, &x->cells[c->col], x->numbers[c->col]);
  }
}

static bool open_sheet(Copy *x, const RejectsSource *from, char *why, size_t size) {
  RowBuilder quiet = {0};   /* the run said what is wrong with the workbook */
  const XlsxSheet *sheet = NULL;
  if (!xlsx_book_open(&x->book, from->path, &quiet) ||
      !(sheet = xlsx_book_sheet(&x->book, from->sheet, &quiet)) ||
      !xlsx_rows_open(&x->rows, &x->book, sheet)) {
    snprintf(why, size, _("cannot read the workbook '%s' again"), from->path);
    return false;
  }
  return true;
}

/* The header: its columns, their names (the cells' text). */
static bool read_header(Copy *x, char ***names, char *why, size_t size) {
  bool read_error = false;
  if (xlsx_rows_next(&x->rows, &read_error) != XLSX_ROW) {
    snprintf(why, size, "%s", _("the sheet has no header row"));
    return false;
  }
  for (int i = 0; i < x->rows.ncells; i++)
    if (x->rows.cells[i].col + 1 > x->ncols && x->rows.cells[i].len > 0)
      x->ncols = x->rows.cells[i].col + 1;
  x->cells = xcalloc((size_t)x->ncols + 1, sizeof *x->cells);
  x->numbers = xcalloc((size_t)x->ncols + 1, sizeof *x->numbers);
  read_cells(x);
  *names = xcalloc((size_t)x->ncols + 1, sizeof **names);
  for (int f = 0; f < x->ncols; f++) {
    (*names)[f] = xmalloc(x->cells[f].len + 1);
    memcpy((*names)[f], x->cells[f].text, x->cells[f].len);
    (*names)[f][x->cells[f].len] = '\0';
  }
  return true;
}

static const char *sheet_name(const Copy *x, const RejectsSource *from) {
  return from->sheet ? from->sheet : x->book.nsheets > 0 ? x->book.sheets[0].name : NULL;
}

bool rejects_write_xlsx(const Rejected *rows, size_t n, const RejectsSource *from,
                        const RejectsTarget *to, char *why, size_t size) {
  Copy x = {0};
  char **names = NULL;
  RejectsTable *table = NULL;
  bool ok = open_sheet(&x, from, why, size) && read_header(&x, &names, why, size) &&
            (table = rejects_table_open(to, sheet_name(&x, from), (const char *const *)names,
                                        NULL, x.ncols, why, size));
  size_t k = 0;
  bool read_error = false;
  XlsxRowRead got = XLSX_ROW;
  while (ok && k < n && (got = xlsx_rows_next(&x.rows, &read_error)) == XLSX_ROW) {
    while (k < n && rows[k].line < x.rows.row_number)
      k++;
    if (k < n && rows[k].line == x.rows.row_number) {
      read_cells(&x);
      ok = rejects_table_row(table, x.cells, rows[k].reason.data, rows[k].reason.len);
    }
  }
  if (ok && got == XLSX_BROKEN) {
    snprintf(why, size, _("cannot read the workbook '%s' again"), from->path);
    ok = false;
  }
  if (table && !rejects_table_close(table, ok, why, size))
    ok = false;
  for (int f = 0; names && f < x.ncols; f++)
    free(names[f]);
  free(names);
  free(x.cells);
  free(x.numbers);
  xlsx_rows_close(&x.rows);
  xlsx_book_close(&x.book);
  return ok;
}
