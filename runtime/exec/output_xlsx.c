/*
 * output_xlsx.c - the results as an Excel workbook (-o FILE.xlsx), with
 * libxlsxwriter: a sheet 结果 of the same columns as the CSV output (amounts
 * as numbers shown 0.00), a second header row of Chinese labels and the
 * rules' citations, frozen headers, a filter and widths; a sheet 汇总 with
 * the summary (always: it costs nothing beside the rows); a sheet 退回 with
 * each rejected row and its reason, as the messages said it.
 *
 * Excel holds numbers as binary doubles.  An amount is written only when
 * the double Excel will show (libxlsxwriter writes 16 significant digits)
 * reads back as the very fen; a larger figure (past 2^53 fen, or near it)
 * is refused, the whole output with it, never rounded.
 */
#define _GNU_SOURCE   /* fopencookie: the messages both shown and kept */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xlsxwriter_api.h"

#include "../base/arena.h"
#include "../base/exact.h"
#include "../base/i18n.h"
#include "output.h"
#include "summary.h"

/* A rejected row as the messages said it: "FILE:ROW: reason". */
typedef struct Rejected {
  long row;
  char *reason;
} Rejected;

struct XlsxOutput {
  lxw_workbook *book;
  lxw_worksheet *results;
  lxw_format *bold, *money, *label;
  long row;               /* the next row of 结果 */
  bool failed;            /* an amount could not be written exactly */
  FILE *messages_to;      /* where the kept messages also go */
  char *registry;         /* the registry's name in messages, "FILE:" */
  char *pending;          /* a message line not yet ended */
  size_t pending_len;
  Rejected *rejected;
  size_t nrejected, rejected_cap;
  int *widths;            /* [columns]: widest text, for set_column */
};

/* ---- the messages, kept ---- */

static void keep_line(XlsxOutput *x, const char *line, size_t len) {
  size_t n = strlen(x->registry);
  if (len <= n || memcmp(line, x->registry, n) != 0)
    return;   /* not about a row of the registry */
  const char *p = line + n;
  char *end;
  long row = strtol(p, &end, 10);
  if (end == p || *end != ':' || row <= 0)
    return;   /* about the whole file (a warning): not a row */
  p = end + 1;
  while (*p == ' ')
    p++;
  if (x->nrejected == x->rejected_cap) {
    x->rejected_cap = x->rejected_cap ? 2 * x->rejected_cap : 64;
    x->rejected = xrealloc(x->rejected, sizeof *x->rejected * x->rejected_cap);
  }
  size_t rlen = len - (size_t)(p - line);
  char *reason = xmalloc(rlen + 1);
  memcpy(reason, p, rlen);
  reason[rlen] = '\0';
  x->rejected[x->nrejected++] = (Rejected){row, reason};
}

static ssize_t tee_write(void *cookie, const char *buf, size_t size) {
  XlsxOutput *x = cookie;
  fwrite(buf, 1, size, x->messages_to);
  x->pending = xrealloc(x->pending, x->pending_len + size + 1);
  memcpy(x->pending + x->pending_len, buf, size);
  x->pending_len += size;
  size_t start = 0;
  for (size_t i = 0; i < x->pending_len; i++)
    if (x->pending[i] == '\n') {
      keep_line(x, x->pending + start, i - start);
      start = i + 1;
    }
  memmove(x->pending, x->pending + start, x->pending_len - start);
  x->pending_len -= start;
  return (ssize_t)size;
}

FILE *output_xlsx_messages(Output *out, FILE *to, const char *registry) {
  XlsxOutput *x = out->xlsx;
  x->messages_to = to;
  size_t n = strlen(registry);
  x->registry = xmalloc(n + 2);
  memcpy(x->registry, registry, n);
  strcpy(x->registry + n, ":");
  cookie_io_functions_t io = {.write = tee_write};
  FILE *fp = fopencookie(x, "w", io);
  if (fp)
    setvbuf(fp, NULL, _IOLBF, 0);
  return fp ? fp : to;
}

/* ---- the workbook ---- */

static void note_width(XlsxOutput *x, int col, const char *text) {
  int w = 0;
  for (const unsigned char *p = (const unsigned char *)text; *p; p++)
    w += (*p & 0xC0) != 0x80 ? ((*p >= 0xE0) ? 2 : 1) : 0;   /* CJK: two columns */
  if (w > x->widths[col])
    x->widths[col] = w;
}

/* Row 0 of the header (the names) or row 1 (the labels); a row is written
 * whole before the next (constant_memory mode writes rows in order). */
static void header_cell(XlsxOutput *x, int row, int col, const char *text) {
  worksheet_write_string(x->results, (lxw_row_t)row, (lxw_col_t)col, text ? text : "",
                         row == 0 ? x->bold : x->label);
  note_width(x, col, text ? text : "");
}

const char *output_xlsx_library(void) { return xlsxwriter_bind(); }

bool output_xlsx_open(Output *out, const char *path) {
  XlsxOutput *x = out->xlsx = xcalloc(1, sizeof *x);
  lxw_workbook_options options = {.constant_memory = LXW_TRUE};
  x->book = workbook_new_opt(path, &options);
  if (!x->book)
    return false;
  x->results = workbook_add_worksheet(x->book, "结果");
  x->bold = workbook_add_format(x->book);
  format_set_bold(x->bold);
  x->label = workbook_add_format(x->book);
  format_set_italic(x->label);
  format_set_font_color(x->label, 0x595959);
  x->money = workbook_add_format(x->book);
  format_set_num_format(x->money, "0.00");
  x->widths = xcalloc((size_t)out->prog->nrules + 2, sizeof *x->widths);
  return true;
}

void output_xlsx_begin(Output *out) {
  XlsxOutput *x = out->xlsx;
  const IrProgram *prog = out->prog;
  header_cell(x, 0, 0, "id");
  header_cell(x, 0, 1, "total");
  for (int r = 0; r < prog->nrules; r++)
    header_cell(x, 0, r + 2, prog->rules[r].qualified);
  header_cell(x, 1, 0, prog->inputs[prog->id_input].label);
  header_cell(x, 1, 1, "合计");
  for (int r = 0; r < prog->nrules; r++)
    header_cell(x, 1, r + 2, prog->rules[r].citation);
  x->row = 2;
}

/* The double of `fen` yuan when Excel's text of it reads back as the very
 * fen; false for a figure too large for that. */
static bool exact_double(int64_t fen, double *out) {
  if (fen > ((int64_t)1 << 53) || fen < -((int64_t)1 << 53))
    return false;
  char want[32], got[40];
  exact_format_fen(want, sizeof want, fen);
  double d = (double)fen / 100.0;
  snprintf(got, sizeof got, "%.16G", d);   /* as libxlsxwriter writes it */
  char *dot = strchr(want, '.');           /* "12.50" reads as "12.5", "3.00" as "3" */
  size_t n = strlen(want);
  while (dot && n > 0 && want[n - 1] == '0')
    n--;
  if (n > 0 && want[n - 1] == '.')
    n--;
  *out = d;
  return strlen(got) == n && memcmp(got, want, n) == 0;
}

static void amount_cell(Output *out, int col, TextRef id, int64_t fen) {
  XlsxOutput *x = out->xlsx;
  double d;
  if (!exact_double(fen, &d)) {
    char shown[32];
    exact_format_fen(shown, sizeof shown, fen);
    if (!x->failed)
      fprintf(stderr, _("polc: applicant %.*s: %s yuan is too large for an Excel number "
                        "to hold to the fen (Excel keeps about 15 digits); write the results "
                        "as CSV (-o FILE.csv) instead\n"), (int)id.len, id.ptr, shown);
    x->failed = true;
    return;
  }
  worksheet_write_number(x->results, (lxw_row_t)x->row, (lxw_col_t)col, d, x->money);
}

void output_xlsx_row(Output *out, TextRef id, const RowOutcome *row) {
  XlsxOutput *x = out->xlsx;
  if (x->row >= LXW_ROW_MAX) {
    if (!x->failed)
      fprintf(stderr, _("polc: more than %d rows of results: an Excel sheet holds no "
                        "more; write the results as CSV (-o FILE.csv)\n"), LXW_ROW_MAX - 2);
    x->failed = true;
    return;
  }
  char *text = xmalloc((size_t)id.len + 1);
  memcpy(text, id.ptr, (size_t)id.len);
  text[id.len] = '\0';
  worksheet_write_string(x->results, (lxw_row_t)x->row, 0, text, NULL);
  if (x->row < 1000)
    note_width(x, 0, text);
  free(text);
  amount_cell(out, 1, id, row->total);
  for (int r = 0; r < row->nrules; r++)
    amount_cell(out, r + 2, id, row->rules[r].amount);
  x->row++;
}

/* ---- 汇总 and 退回 ---- */

static void summary_line(Output *out, lxw_worksheet *ws, lxw_row_t row, const char *name,
                         const char *citation, const Totals *t) {
  XlsxOutput *x = out->xlsx;
  worksheet_write_string(ws, row, 0, name, NULL);
  worksheet_write_string(ws, row, 1, citation ? citation : "", NULL);
  worksheet_write_number(ws, row, 2, (double)t->paid, NULL);
  double d;
  TextRef none = {name, (int64_t)strlen(name)};
  if (t->total <= INT64_MAX && t->total >= INT64_MIN && exact_double((int64_t)t->total, &d))
    worksheet_write_number(ws, row, 3, d, x->money);
  else
    amount_cell(out, 3, none, INT64_MAX);   /* refused, said once */
  if (exact_double(t->max, &d))
    worksheet_write_number(ws, row, 4, d, x->money);
}

static void write_summary(Output *out, const Summary *s) {
  XlsxOutput *x = out->xlsx;
  const IrProgram *prog = out->prog;
  lxw_worksheet *ws = workbook_add_worksheet(x->book, "汇总");
  static const char *const head[] = {"项目", "条款", "获补申请人数", "合计（元）", "单户最高（元）"};
  for (int c = 0; c < 5; c++)
    worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], x->bold);
  lxw_row_t row = 1;
  for (int r = 0; r < prog->nrules; r++)
    summary_line(out, ws, row++, prog->rules[r].qualified, prog->rules[r].citation,
                 &s->rules[r]);
  for (int p = 0; p < prog->npolicies; p++)
    summary_line(out, ws, row++, prog->policies[p].id, prog->policies[p].document,
                 &s->policies[p]);
  summary_line(out, ws, row++, "合计", "", &s->all);
  worksheet_write_string(ws, row, 0, "计算行数", NULL);
  worksheet_write_number(ws, row++, 2, (double)s->rows, NULL);
  worksheet_write_string(ws, row, 0, "退回行数", NULL);
  worksheet_write_number(ws, row, 2, (double)s->rejected, NULL);
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_set_column(ws, 0, 0, 36, NULL);
  worksheet_set_column(ws, 1, 1, 24, NULL);
  worksheet_set_column(ws, 2, 4, 16, NULL);
}

static void write_rejected(XlsxOutput *x) {
  lxw_worksheet *ws = workbook_add_worksheet(x->book, "退回");
  worksheet_write_string(ws, 0, 0, "行", x->bold);
  worksheet_write_string(ws, 0, 1, "原因", x->bold);
  for (size_t i = 0; i < x->nrejected && i + 1 < LXW_ROW_MAX; i++) {
    if (x->rejected[i].row > 0)
      worksheet_write_number(ws, (lxw_row_t)(i + 1), 0, (double)x->rejected[i].row, NULL);
    worksheet_write_string(ws, (lxw_row_t)(i + 1), 1, x->rejected[i].reason, NULL);
  }
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_autofilter(ws, 0, 0, (lxw_row_t)x->nrejected, 1);
  worksheet_set_column(ws, 0, 0, 8, NULL);
  worksheet_set_column(ws, 1, 1, 100, NULL);
}

bool output_xlsx_end(Output *out, const Summary *summary) {
  XlsxOutput *x = out->xlsx;
  int ncols = out->prog->nrules + 2;
  worksheet_freeze_panes(x->results, 2, 1);
  worksheet_autofilter(x->results, 1, 0, (lxw_row_t)(x->row > 2 ? x->row - 1 : 1),
                       (lxw_col_t)(ncols - 1));
  for (int c = 0; c < ncols; c++) {
    int w = x->widths[c] < 14 ? 14 : x->widths[c] > 60 ? 60 : x->widths[c];
    worksheet_set_column(x->results, (lxw_col_t)c, (lxw_col_t)c, w + 2, NULL);
  }
  if (summary)
    write_summary(out, summary);
  write_rejected(x);
  lxw_error err = workbook_close(x->book);
  x->book = NULL;
  if (err != LXW_NO_ERROR && !x->failed)
    fprintf(stderr, _("polc: cannot write the workbook: %s\n"), lxw_strerror(err));
  return err == LXW_NO_ERROR && !x->failed;
}

void output_xlsx_free(Output *out) {
  XlsxOutput *x = out->xlsx;
  if (!x)
    return;
  if (x->book)
    workbook_close(x->book);   /* (a run that failed: its temporary is removed) */
  for (size_t i = 0; i < x->nrejected; i++)
    free(x->rejected[i].reason);
  free(x->rejected);
  free(x->pending);
  free(x->registry);
  free(x->widths);
  free(x);
  out->xlsx = NULL;
}
