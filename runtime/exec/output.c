/*
 * output.c - the CSV and table forms, and the dispatch on the format.
 * (JSON Lines: output_jsonl.c.)
 */
#include "output.h"

#include <string.h>

#include "../base/exact.h"
#include "../base/i18n.h"
#include "../base/utf8.h"

void output_fen(FILE *fp, int64_t fen) {
  char buf[32];
  exact_format_fen(buf, sizeof buf, fen);
  fputs(buf, fp);
}

void output_fen_grouped(FILE *fp, int64_t fen) {
  char buf[40];
  value_format_fen(fen, buf, sizeof buf);
  fputs(buf, fp);
}

/* A CSV field, quoted when it holds a comma, a quote or a line break. */
static void csv_field(TextBuf *tb, const char *s, size_t len) {
  bool quote = false;
  for (size_t i = 0; i < len && !quote; i++)
    quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
  if (!quote) {
    tb_put(tb, s, len);
    return;
  }
  tb_putc(tb, '"');
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '"')
      tb_putc(tb, '"');
    tb_putc(tb, s[i]);
  }
  tb_putc(tb, '"');
}

int64_t output_at_most(const IrProgram *prog, const RowOutcome *row) {
  int64_t at_most = 0;
  for (int r = 0; r < row->nrules; r++)
    if (prog->rules[r].discretionary || prog->rules[r].external)
      at_most += row->rules[r].amount;   /* within the total, which fits */
  return at_most;
}

static void csv_header(Output *out) {
  TextBuf *tb = &out->buf;
  tb_put(tb, "id", 2);
  for (int k = 0; k < out->nkeep; k++) {
    tb_putc(tb, ',');
    csv_field(tb, out->keep[k].name, strlen(out->keep[k].name));
  }
  tb_put(tb, ",total", 6);
  if (out->committed)
    tb_put(tb, ",committed,at_most", 18);
  for (int r = 0; r < out->prog->nrules; r++) {
    tb_putc(tb, ',');
    const char *name = out->prog->rules[r].qualified;
    csv_field(tb, name, strlen(name));
  }
  tb_putc(tb, '\n');
}

void output_csv_row(TextBuf *tb, TextRef id, const RowOutcome *row) {
  output_csv_row_split(tb, id, row, NULL);
}

/* A row's figures after its id (and kept columns): ",total,...\n". */
static void csv_figures(TextBuf *tb, const RowOutcome *row, const IrProgram *split) {
  size_t most = 4 + (TB_FEN_MAX + 1) * (size_t)(row->nrules + 3);
  if (tb->cap - tb->len < most)
    tb_grow(tb, most);   /* once per row: the figures need no more checks */
  char *w = tb->data + tb->len;
  *w++ = ',';
  w = tb_write_fen(w, row->total);
  if (split) {
    int64_t at_most = output_at_most(split, row);
    *w++ = ',';
    w = tb_write_fen(w, row->total - at_most);
    *w++ = ',';
    w = tb_write_fen(w, at_most);
  }
  for (int r = 0; r < row->nrules; r++) {
    *w++ = ',';
    w = tb_write_fen(w, row->rules[r].amount);
  }
  *w++ = '\n';
  tb->len = (size_t)(w - tb->data);
}

void output_csv_row_split(TextBuf *tb, TextRef id, const RowOutcome *row,
                          const IrProgram *split) {
  csv_field(tb, id.ptr, (size_t)id.len);
  csv_figures(tb, row, split);
}

TextRef output_kept_text(const OutputKeep *k, const int64_t *ints, const TextRef *texts,
                         char *buf, size_t size) {
  if (k->kind == VK_TEXT)
    return texts[k->column];
  if (k->kind == VK_MONEY && size > TB_FEN_MAX) {
    char *end = tb_write_fen(buf, ints[k->column]);
    return (TextRef){buf, (int64_t)(end - buf)};
  }
  value_format(k->kind, ints[k->column], buf, size);
  return (TextRef){buf, (int64_t)strlen(buf)};
}

/* The table is for reading on a terminal: each applicant on a line, with
 * the rules that pay and what they pay. */
static void table_header(Output *out) {
  /* (translated headers: padded by display width, a Chinese character
   * two columns) */
  const char *total = _("total");
  int pad = 16 - utf8_columns(total, strlen(total), 0);
  fprintf(out->fp, "%-24s", "id");
  for (int k = 0; k < out->nkeep; k++)
    fprintf(out->fp, " %-16s", out->keep[k].name);
  fprintf(out->fp, " %*s%s", pad > 0 ? pad : 0, "", total);
  if (out->committed) {
    const char *heads[2] = {_("committed"), _("at most")};
    for (int i = 0; i < 2; i++) {
      int gap = 17 - utf8_columns(heads[i], strlen(heads[i]), 0);
      fprintf(out->fp, "%*s%s", gap > 0 ? gap : 0, "", heads[i]);
    }
  }
  fprintf(out->fp, "  %s\n", _("paid by"));
}

static void table_row(Output *out, TextRef id, const int64_t *ints, const TextRef *texts,
                      const RowOutcome *row) {
  FILE *fp = out->fp;
  char total[40];
  value_format_fen(row->total, total, sizeof total);
  fprintf(fp, "%-24.*s", (int)id.len, id.ptr);
  for (int k = 0; k < out->nkeep; k++) {   /* padded by display width */
    char buf[64];
    TextRef v = output_kept_text(&out->keep[k], ints, texts, buf, sizeof buf);
    int pad = 16 - utf8_columns(v.ptr, (size_t)v.len, 0);
    fprintf(fp, " %.*s%*s", (int)v.len, v.ptr, pad > 0 ? pad : 0, "");
  }
  fprintf(fp, " %16s", total);
  if (out->committed) {
    int64_t at_most = output_at_most(out->prog, row);
    char committed[40], most[40];
    value_format_fen(row->total - at_most, committed, sizeof committed);
    value_format_fen(at_most, most, sizeof most);
    fprintf(fp, " %16s %16s", committed, most);
  }
  int shown = 0;
  for (int r = 0; r < row->nrules; r++) {
    if (row->rules[r].amount == 0)
      continue;
    fputs(shown++ ? "; " : "  ", fp);
    fprintf(fp, "%s ", out->prog->rules[r].qualified);
    output_fen_grouped(fp, row->rules[r].amount);
  }
  fputc('\n', fp);
}

void output_begin(Output *out) {
  if (out->format == OUT_CSV) {
    csv_header(out);
    tb_flush(&out->buf, out->fp);
  }
  else if (out->format == OUT_TABLE)
    table_header(out);
  else if (out->format == OUT_XLSX)
    output_xlsx_begin(out);
}

void output_row(Output *out, TextRef id, const RowOutcome *row) {
  switch (out->format) {
  case OUT_CSV:
    output_csv_row_split(&out->buf, id, row, out->committed ? out->prog : NULL);
    if (out->buf.len >= OUTPUT_FLUSH_BYTES)
      tb_flush(&out->buf, out->fp);
    break;
  case OUT_JSONL: output_jsonl_row(out, id, NULL, NULL, row); break;
  case OUT_TABLE: table_row(out, id, NULL, NULL, row); break;
  case OUT_XLSX: output_xlsx_row(out, id, row); break;
  case OUT_NONE: break;
  }
}

/* The kept columns' cells after the id: CSV fields. */
static void csv_kept(Output *out, const int64_t *ints, const TextRef *texts) {
  for (int k = 0; k < out->nkeep; k++) {
    char buf[64];
    TextRef v = output_kept_text(&out->keep[k], ints, texts, buf, sizeof buf);
    tb_putc(&out->buf, ',');
    csv_field(&out->buf, v.ptr, (size_t)v.len);
  }
}

void output_row_kept(Output *out, const int64_t *ints, const TextRef *texts,
                     const RowOutcome *row) {
  TextRef id = texts[out->prog->id_input];
  if (out->nkeep == 0 || out->format == OUT_XLSX || out->format == OUT_NONE) {
    output_row(out, id, row);
    return;
  }
  if (out->format == OUT_JSONL) {
    output_jsonl_row(out, id, ints, texts, row);
  } else if (out->format == OUT_TABLE) {
    table_row(out, id, ints, texts, row);
  } else {
    csv_field(&out->buf, id.ptr, (size_t)id.len);
    csv_kept(out, ints, texts);
    csv_figures(&out->buf, row, out->committed ? out->prog : NULL);
    if (out->buf.len >= OUTPUT_FLUSH_BYTES)
      tb_flush(&out->buf, out->fp);
  }
}

void output_end(Output *out) {
  tb_flush(&out->buf, out->fp);
  tb_free(&out->buf);
  /* no fflush: outfile_commit flushes and checks; a failed flush here
   * would drop the pending bytes and, with them, the error's cause */
}
