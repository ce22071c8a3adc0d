/*
 * xlsx_reader.c - Excel workbooks (.xlsx) as registries: one sheet (the
 * first, or --sheet NAME), its first non-empty row the header, then one
 * row per applicant, numbered as Excel numbers them.  The workbook's other
 * parts are read at open (xlsx_book.c); the sheet is streamed: expat is
 * fed one block of the zip entry at a time and suspended at the end of
 * each row, so memory holds one row, never the sheet.
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
#include "xlsx_value.h"

enum {
  MAX_SHEET_COLUMNS = 16384,   /* XFD, Excel's last column */
  NUMBER_TEXT = 80,            /* a number's plain decimal (xlsx_plain_number) */
};

typedef enum CellType { T_NUMBER, T_SHARED, T_TEXT, T_BOOL, T_ERROR, T_ISO_DATE } CellType;

typedef struct XCell {
  int col;              /* 0 for A */
  CellType type;
  int style;
  bool formula;         /* <f>: a formula, its value cached in <v> */
  bool has_value;       /* a <v> or <is> element */
  size_t off, len;      /* its text in the row's buffer */
} XCell;

typedef struct XlsxReader {
  XlsxBook book;
  XlsxStream stream;
  XML_Parser parser;
  bool stream_open;
  /* the row being parsed */
  XCell *cells;
  int ncells, cells_cap;
  char *text;
  size_t text_len, text_cap;
  long row_number;      /* Excel's, from <row r>; else the last one + 1 */
  int next_col;         /* for a <c> without r */
  bool row_ready;       /* the end of a row was parsed: the parser is suspended */
  bool row_too_big;
  bool in_sheet_data, in_row, in_cell, in_value, in_inline, in_phonetic;
  char cell_type[16];
  /* the header */
  int header_count;
  int *field_col;       /* [header_count]: schema column of each sheet column, or -1 */
  bool label_checked;
  char *numbers;        /* converted number cells of the row */
  size_t numbers_cap;
} XlsxReader;

/* ---- parsing the sheet ---- */

/* "C5": the column (0 for A); -1 when it is not a reference. */
static int ref_column(const char *ref) {
  int col = 0, letters = 0;
  for (; *ref >= 'A' && *ref <= 'Z' && letters < 4; ref++, letters++)
    col = col * 26 + (*ref - 'A' + 1);
  return letters == 0 || letters > 3 || col > MAX_SHEET_COLUMNS ? -1 : col - 1;
}

static void begin_cell(XlsxReader *x, const char **attrs) {
  const char *r = xlsx_attr(attrs, "r"), *t = xlsx_attr(attrs, "t");
  const char *s = xlsx_attr(attrs, "s");
  int col = r ? ref_column(r) : x->next_col;
  x->in_cell = true;
  if (x->ncells >= 2 * MAX_SHEET_COLUMNS) {   /* cells repeated past Excel's columns */
    x->row_too_big = true;
    x->ncells = 0;   /* the row is refused: nothing of it is kept */
  }
  x->next_col = (col < 0 ? x->next_col : col) + 1;
  if (x->ncells == x->cells_cap) {
    x->cells_cap = x->cells_cap ? 2 * x->cells_cap : 64;
    x->cells = xrealloc(x->cells, sizeof *x->cells * (size_t)x->cells_cap);
  }
  long style = s ? strtol(s, NULL, 10) : 0;
  CellType type = !t || strcmp(t, "n") == 0   ? T_NUMBER
                  : strcmp(t, "s") == 0       ? T_SHARED
                  : strcmp(t, "b") == 0       ? T_BOOL
                  : strcmp(t, "e") == 0       ? T_ERROR
                  : strcmp(t, "d") == 0       ? T_ISO_DATE
                                              : T_TEXT;   /* str, inlineStr */
  x->cells[x->ncells] = (XCell){.col = col < 0 ? MAX_SHEET_COLUMNS : col, .type = type,
                                .style = style < 0 || style > 65535 ? 0 : (int)style,
                                .off = x->text_len};
}

static void XMLCALL sheet_start(void *data, const char *el, const char **attrs) {
  XlsxReader *x = data;
  el = xlsx_local(el);
  if (strcmp(el, "sheetData") == 0) {
    x->in_sheet_data = true;
  } else if (!x->in_sheet_data) {
    return;
  } else if (strcmp(el, "row") == 0) {
    const char *r = xlsx_attr(attrs, "r");
    long n = r ? strtol(r, NULL, 10) : 0;
    x->row_number = n > 0 && n <= 1048576 ? n : x->row_number + 1;
    x->in_row = true;
    x->next_col = 0;
  } else if (strcmp(el, "c") == 0 && x->in_row) {
    begin_cell(x, attrs);
  } else if (!x->in_cell) {
    return;
  } else if (strcmp(el, "v") == 0) {
    x->in_value = x->cells[x->ncells].has_value = true;
  } else if (strcmp(el, "is") == 0) {
    x->cells[x->ncells].has_value = true;
  } else if (strcmp(el, "t") == 0) {
    x->in_inline = !x->in_phonetic;
  } else if (strcmp(el, "rPh") == 0) {
    x->in_phonetic = true;
  } else if (strcmp(el, "f") == 0) {
    x->cells[x->ncells].formula = true;
  }
}

static void XMLCALL sheet_end(void *data, const char *el) {
  XlsxReader *x = data;
  el = xlsx_local(el);
  if (!x->in_sheet_data) {
    return;
  } else if (strcmp(el, "sheetData") == 0) {
    x->in_sheet_data = false;
  } else if (strcmp(el, "row") == 0 && x->in_row) {
    x->in_row = false;
    x->row_ready = true;
    XML_StopParser(x->parser, XML_TRUE);   /* resumed by the next call for a row */
  } else if (strcmp(el, "c") == 0 && x->in_cell) {
    XCell *c = &x->cells[x->ncells];
    c->len = x->text_len - c->off;
    x->in_cell = x->in_value = x->in_inline = false;
    if (c->col < MAX_SHEET_COLUMNS)
      x->ncells++;
  } else if (strcmp(el, "v") == 0) {
    x->in_value = false;
  } else if (strcmp(el, "t") == 0) {
    x->in_inline = false;
  } else if (strcmp(el, "rPh") == 0) {
    x->in_phonetic = false;
  }
}

static void XMLCALL sheet_text(void *data, const char *s, int len) {
  XlsxReader *x = data;
  if (!x->in_value && !x->in_inline)
    return;
  if (x->text_len + (size_t)len > (size_t)REGISTRY_MAX_CELL * 4) {
    x->row_too_big = true;   /* said with the row; the cell keeps what fits */
    return;
  }
  if (x->text_cap - x->text_len < (size_t)len) {
    x->text_cap = 2 * x->text_cap + (size_t)len + 4096;
    x->text = xrealloc(x->text, x->text_cap);
  }
  memcpy(x->text + x->text_len, s, (size_t)len);
  x->text_len += (size_t)len;
}

/* ---- reading rows ---- */

typedef enum RowRead { ROW_READ, ROW_NONE, ROW_BROKEN } RowRead;

static bool row_is_blank(const XlsxReader *x) {
  for (int i = 0; i < x->ncells; i++)
    if (!cell_is_blank(x->text + x->cells[i].off, x->cells[i].len) ||
        (x->cells[i].formula && !x->cells[i].has_value))
      return false;
  return true;
}

static void report_xml_error(Registry *reg, XlsxReader *x, bool read_error) {
  if (read_error)
    rb_report(&reg->rows, 0, "the workbook is damaged: its sheet cannot be read past "
                             "row %ld (%s); open and save it again in Excel, or send it "
                             "again", x->row_number, zip_file_strerror(x->stream.file));
  else
    rb_report(&reg->rows, 0, "the workbook is damaged: its sheet's XML is cut short or "
                             "broken after row %ld (%s at line %lu); open and save it "
                             "again in Excel, or send it again", x->row_number,
              XML_ErrorString(XML_GetErrorCode(x->parser)),
              (unsigned long)XML_GetCurrentLineNumber(x->parser));
}

/* The next row of the sheet that has a non-empty cell, in x->cells. */
static RowRead read_row(Registry *reg, XlsxReader *x) {
  for (;;) {
    x->ncells = 0;
    x->text_len = 0;
    x->row_ready = x->row_too_big = false;
    while (!x->row_ready) {
      XML_ParsingStatus ps;
      XML_GetParsingStatus(x->parser, &ps);
      if (ps.parsing == XML_FINISHED || reg->broken)
        return ROW_NONE;
      bool read_error;
      if (xlsx_stream_step(&x->stream, &read_error) == XML_STATUS_ERROR) {
        report_xml_error(reg, x, read_error);
        reg->broken = true;
        return ROW_BROKEN;
      }
    }
    if (!row_is_blank(x))
      return ROW_READ;
  }
}

/* The shared string a cell's text t[0..n) names ("12"); false when it
 * names none. */
static bool shared_string(const XlsxReader *x, const char *t, size_t n, const char **text,
                          size_t *len) {
  size_t i = 0, k = 0;
  for (; k < n && t[k] >= '0' && t[k] <= '9' && i < ((size_t)1 << 40); k++)
    i = i * 10 + (size_t)(t[k] - '0');
  return k > 0 && k == n && xlsx_shared_string(&x->book, i, text, len);
}

/* A cell's text as read for a header or a label: strings and numbers. */
static TextRef cell_text(const XlsxReader *x, const XCell *c) {
  const char *t = x->text + c->off;
  size_t n = c->len;
  if (c->type == T_SHARED && !shared_string(x, t, n, &t, &n))
    return (TextRef){"", 0};
  return (TextRef){t, (int64_t)n};
}

/* The row's cells laid out by sheet column, [0..count). */
static void row_fields(const XlsxReader *x, TextRef *fields, int count) {
  for (int f = 0; f < count; f++)
    fields[f] = (TextRef){"", 0};
  for (int i = 0; i < x->ncells; i++)
    if (x->cells[i].col < count)
      fields[x->cells[i].col] = cell_text(x, &x->cells[i]);   /* (numbers as stored) */
}

static bool read_header(Registry *reg, XlsxReader *x) {
  RowRead got = read_row(reg, x);
  if (got != ROW_READ) {
    if (got == ROW_NONE)
      rb_report(&reg->rows, 0, "the sheet is empty (no header row)");
    return false;
  }
  int count = 0;
  for (int i = 0; i < x->ncells; i++)
    if (x->cells[i].col + 1 > count && x->cells[i].len > 0)
      count = x->cells[i].col + 1;
  TextRef *names = xmalloc(sizeof *names * (size_t)count);
  row_fields(x, names, count);
  x->header_count = count;
  x->field_col = xmalloc(sizeof *x->field_col * (size_t)(count ? count : 1));
  bool ok = columns_bind_header(&reg->rows, names, count, x->row_number, x->field_col);
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
                               const XCell *c, size_t *w) {
  char *out = x->numbers + *w;
  const RegistryColumn *column = &rb->shape->schema->columns[col];
  if (!xlsx_plain_number(x->text + c->off, c->len, out, NUMBER_TEXT)) {
    rb_report(rb, line, "column %s: the cell holds \"%.*s\", which is not a number; "
              "the workbook is damaged", column->name, (int)(c->len > 40 ? 40 : c->len),
              x->text + c->off);
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
static void give_cell(XlsxReader *x, RowBuilder *rb, long line, int col, const XCell *c,
                      size_t *w) {
  const char *t = x->text + c->off;
  size_t n = c->len;
  if (!c->has_value && !c->formula)
    return;   /* an empty cell (only its style): the default applies */
  if (c->formula && (!c->has_value || (c->type == T_NUMBER && cell_is_blank(t, n)))) {
    report_cell(rb, line, col,
                N_("the formula has no stored result (the program that wrote the "
                   "file does not compute formulas); open and save the file in Excel "
                   "or LibreOffice, or type the value"));
    return;
  }
  switch (c->type) {
  case T_SHARED: {
    if (!shared_string(x, t, n, &t, &n)) {
      report_cell(rb, line, col, N_("the cell refers to a shared string the workbook "
                                    "lacks; the workbook is damaged"));
      return;
    }
    rb_cell(rb, line, col, t, n, CELL_PLAIN);
    return;
  }
  case T_BOOL:
    if (n == 1 && (t[0] == '0' || t[0] == '1'))
      rb_cell(rb, line, col, t[0] == '1' ? "true" : "false", t[0] == '1' ? 4 : 5,
              CELL_PLAIN);
    else
      rb_cell(rb, line, col, t, n, CELL_PLAIN);
    return;
  case T_ERROR:
    rb_report(rb, line, "column %s: the cell holds the Excel error %.*s; correct the "
              "formula or its inputs", rb->shape->schema->columns[col].name,
              (int)(n > 20 ? 20 : n), t);
    rb_fail(rb);
    return;
  case T_ISO_DATE:   /* 2025-03-01T00:00:00 */
    if (n > 10 && t[10] == 'T' && midnight(t + 11, n - 11))
      n = 10;
    rb_cell(rb, line, col, t, n, CELL_PLAIN);
    return;
  case T_TEXT:
    rb_cell(rb, line, col, t, n, CELL_PLAIN);
    return;
  case T_NUMBER:
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
  long line = x->row_number;
  size_t need = (size_t)x->ncells * (NUMBER_TEXT + 1);
  if (x->numbers_cap < need) {
    x->numbers_cap = 2 * need;
    x->numbers = xrealloc(x->numbers, x->numbers_cap);
  }
  if (x->row_too_big) {
    rb_report(rb, line, "the row holds more than %d bytes of text or more cells than "
              "Excel's columns; polc reads rows of at most that", REGISTRY_MAX_CELL * 4);
    return rb_reject(rb, row, line);
  }
  rb_begin(rb);
  size_t w = 0;
  for (int i = 0; i < x->ncells; i++) {
    const XCell *c = &x->cells[i];
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
  x->parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(x->parser, x);
  XML_SetElementHandler(x->parser, sheet_start, sheet_end);
  XML_SetCharacterDataHandler(x->parser, sheet_text);
  if (!sheet || !(x->stream_open = xlsx_stream_open(&x->stream, x->book.zip, sheet->part,
                                                    x->parser))) {
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
  if (x->stream_open)
    xlsx_stream_close(&x->stream);
  if (x->parser)
    XML_ParserFree(x->parser);
  xlsx_book_close(&x->book);
  free(x->cells);
  free(x->text);
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
