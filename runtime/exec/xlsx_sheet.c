/*
 * xlsx_sheet.c - a worksheet's rows, streamed (xlsx_sheet.h).
 */
#include "xlsx_sheet.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "cells.h"
#include "registry.h"

/* "C5": the column (0 for A); -1 when it is not a reference. */
static int ref_column(const char *ref) {
  int col = 0, letters = 0;
  for (; *ref >= 'A' && *ref <= 'Z' && letters < 4; ref++, letters++)
    col = col * 26 + (*ref - 'A' + 1);
  return letters == 0 || letters > 3 || col > XLSX_MAX_COLUMNS ? -1 : col - 1;
}

static void begin_cell(XlsxRows *x, const char **attrs) {
  const char *r = xlsx_attr(attrs, "r"), *t = xlsx_attr(attrs, "t");
  const char *s = xlsx_attr(attrs, "s");
  int col = r ? ref_column(r) : x->next_col;
  x->in_cell = true;
  if (x->ncells >= 2 * XLSX_MAX_COLUMNS) {   /* cells repeated past Excel's columns */
    x->row_too_big = true;
    x->ncells = 0;   /* the row is refused: nothing of it is kept */
  }
  x->next_col = (col < 0 ? x->next_col : col) + 1;
  if (x->ncells == x->cells_cap) {
    x->cells_cap = x->cells_cap ? 2 * x->cells_cap : 64;
    x->cells = xrealloc(x->cells, sizeof *x->cells * (size_t)x->cells_cap);
  }
  long style = s ? strtol(s, NULL, 10) : 0;
  XlsxCellType type = !t || strcmp(t, "n") == 0   ? XC_NUMBER
                      : strcmp(t, "s") == 0       ? XC_SHARED
                      : strcmp(t, "b") == 0       ? XC_BOOL
                      : strcmp(t, "e") == 0       ? XC_ERROR
                      : strcmp(t, "d") == 0       ? XC_ISO_DATE
                                                  : XC_TEXT;   /* str, inlineStr */
  x->cells[x->ncells] = (XlsxCell){.col = col < 0 ? XLSX_MAX_COLUMNS : col, .type = type,
                                   .style = style < 0 || style > 65535 ? 0 : (int)style,
                                   .off = x->text_len};
}

static void XMLCALL sheet_start(void *data, const char *el, const char **attrs) {
  XlsxRows *x = data;
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
  XlsxRows *x = data;
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
    XlsxCell *c = &x->cells[x->ncells];
    c->len = x->text_len - c->off;
    x->in_cell = x->in_value = x->in_inline = false;
    if (c->col < XLSX_MAX_COLUMNS)
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
  XlsxRows *x = data;
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

bool xlsx_rows_open(XlsxRows *x, const XlsxBook *book, const XlsxSheet *sheet) {
  *x = (XlsxRows){0};
  x->parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(x->parser, x);
  XML_SetElementHandler(x->parser, sheet_start, sheet_end);
  XML_SetCharacterDataHandler(x->parser, sheet_text);
  x->stream_open = xlsx_stream_open(&x->stream, book->zip, sheet->part, x->parser);
  return x->stream_open;
}

static bool row_is_blank(const XlsxRows *x) {
  for (int i = 0; i < x->ncells; i++)
    if (!cell_is_blank(x->text + x->cells[i].off, x->cells[i].len) ||
        (x->cells[i].formula && !x->cells[i].has_value))
      return false;
  return true;
}

XlsxRowRead xlsx_rows_next(XlsxRows *x, bool *read_error) {
  for (;;) {
    x->ncells = 0;
    x->text_len = 0;
    x->row_ready = x->row_too_big = false;
    while (!x->row_ready) {
      XML_ParsingStatus ps;
      XML_GetParsingStatus(x->parser, &ps);
      if (ps.parsing == XML_FINISHED)
        return XLSX_NO_ROW;
      if (xlsx_stream_step(&x->stream, read_error) == XML_STATUS_ERROR)
        return XLSX_BROKEN;
    }
    if (!row_is_blank(x))
      return XLSX_ROW;
  }
}

const char *xlsx_rows_error(const XlsxRows *x, bool read_error, unsigned long *xml_line) {
  *xml_line = (unsigned long)XML_GetCurrentLineNumber(x->parser);
  return read_error ? zip_file_strerror(x->stream.file)
                    : XML_ErrorString(XML_GetErrorCode(x->parser));
}

void xlsx_rows_close(XlsxRows *x) {
  if (x->stream_open)
    xlsx_stream_close(&x->stream);
  if (x->parser)
    XML_ParserFree(x->parser);
  free(x->cells);
  free(x->text);
  *x = (XlsxRows){0};
}

bool xlsx_cell_text(const XlsxBook *book, const XlsxRows *x, const XlsxCell *c,
                    const char **text, size_t *len) {
  const char *t = x->text + c->off;
  size_t n = c->len;
  *text = t;
  *len = n;
  if (c->type != XC_SHARED)
    return true;
  size_t i = 0, k = 0;   /* the shared string's number, "12" */
  for (; k < n && t[k] >= '0' && t[k] <= '9' && i < ((size_t)1 << 40); k++)
    i = i * 10 + (size_t)(t[k] - '0');
  return k > 0 && k == n && xlsx_shared_string(book, i, text, len);
}
