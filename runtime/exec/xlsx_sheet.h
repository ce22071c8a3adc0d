/*
 * xlsx_sheet.h - a worksheet's rows, streamed: expat is fed one block of
 * the sheet's zip entry at a time and suspended at the end of each row, so
 * memory holds one row, never the sheet.  Each row's cells keep what the
 * sheet stored (the type, the style, the stored text); what they mean is
 * the caller's: the registry reader (xlsx_reader.c) and the rejected rows
 * copied as they were (rejects_xlsx.c).
 */
#ifndef POLC_XLSX_SHEET_H
#define POLC_XLSX_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "xlsx_book.h"

enum { XLSX_MAX_COLUMNS = 16384 };   /* XFD, Excel's last column */

typedef enum XlsxCellType {
  XC_NUMBER, XC_SHARED, XC_TEXT, XC_BOOL, XC_ERROR, XC_ISO_DATE
} XlsxCellType;

typedef struct XlsxCell {
  int col;              /* 0 for A */
  XlsxCellType type;
  int style;
  bool formula;         /* <f>: a formula, its value cached in <v> */
  bool has_value;       /* a <v> or <is> element */
  size_t off, len;      /* its text in the row's buffer */
} XlsxCell;

typedef struct XlsxRows {
  XlsxStream stream;
  XML_Parser parser;
  bool stream_open;
  /* the row read */
  XlsxCell *cells;
  int ncells, cells_cap;
  char *text;
  size_t text_len, text_cap;
  long row_number;      /* Excel's, from <row r>; else the last one + 1 */
  bool row_too_big;     /* more text or cells than a row may hold */
  /* the parse */
  int next_col;         /* for a <c> without r */
  bool row_ready;       /* the end of a row was parsed: the parser is suspended */
  bool in_sheet_data, in_row, in_cell, in_value, in_inline, in_phonetic;
} XlsxRows;

typedef enum XlsxRowRead { XLSX_ROW, XLSX_NO_ROW, XLSX_BROKEN } XlsxRowRead;

/* Opens the sheet's part of the book's archive; false when there is none. */
bool xlsx_rows_open(XlsxRows *x, const XlsxBook *book, const XlsxSheet *sheet);
/* The next row that has a non-empty cell, in x->cells; XLSX_BROKEN when
 * the sheet cannot be read further (*read_error: the archive, else the
 * XML; see xlsx_rows_error). */
XlsxRowRead xlsx_rows_next(XlsxRows *x, bool *read_error);
/* Why the last XLSX_BROKEN: the zip's or expat's words, and the XML line. */
const char *xlsx_rows_error(const XlsxRows *x, bool read_error, unsigned long *xml_line);
void xlsx_rows_close(XlsxRows *x);

/* A cell's text: a shared string's (false when the book lacks it), else
 * what the sheet stored. */
bool xlsx_cell_text(const XlsxBook *book, const XlsxRows *x, const XlsxCell *c,
                    const char **text, size_t *len);

#endif
