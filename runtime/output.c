/*
 * output.c - the CSV and table forms, and the dispatch on the format.
 * (JSON Lines: output_jsonl.c.)
 */
#include "output.h"

#include <string.h>

#include "exact.h"

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
static void csv_field(FILE *fp, const char *s, size_t len) {
  bool quote = false;
  for (size_t i = 0; i < len && !quote; i++)
    quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
  if (!quote) {
    fwrite(s, 1, len, fp);
    return;
  }
  fputc('"', fp);
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '"')
      fputc('"', fp);
    fputc(s[i], fp);
  }
  fputc('"', fp);
}

static void csv_header(Output *out) {
  fputs("id,total", out->fp);
  for (int r = 0; r < out->prog->nrules; r++) {
    fputc(',', out->fp);
    const char *name = out->prog->rules[r].qualified;
    csv_field(out->fp, name, strlen(name));
  }
  fputc('\n', out->fp);
}

static void csv_row(Output *out, TextRef id, const RowOutcome *row) {
  csv_field(out->fp, id.ptr, (size_t)id.len);
  fputc(',', out->fp);
  output_fen(out->fp, row->total);
  for (int r = 0; r < row->nrules; r++) {
    fputc(',', out->fp);
    output_fen(out->fp, row->rules[r].amount);
  }
  fputc('\n', out->fp);
}

/* The table is for reading on a terminal: each applicant on a line, with
 * the rules that pay and what they pay. */
static void table_header(Output *out) {
  fprintf(out->fp, "%-24s %16s  %s\n", "id", "total", "paid by");
}

static void table_row(Output *out, TextRef id, const RowOutcome *row) {
  FILE *fp = out->fp;
  char total[40];
  value_format_fen(row->total, total, sizeof total);
  fprintf(fp, "%-24.*s %16s", (int)id.len, id.ptr, total);
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
  if (out->format == OUT_CSV)
    csv_header(out);
  else if (out->format == OUT_TABLE)
    table_header(out);
}

void output_row(Output *out, TextRef id, const RowOutcome *row) {
  switch (out->format) {
  case OUT_CSV: csv_row(out, id, row); break;
  case OUT_JSONL: output_jsonl_row(out, id, row); break;
  case OUT_TABLE: table_row(out, id, row); break;
  case OUT_NONE: break;
  }
}

void output_end(Output *out) { fflush(out->fp); }
