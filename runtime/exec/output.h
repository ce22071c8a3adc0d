/*
 * output.h - writing evaluated rows: CSV, JSON Lines or a terminal table
 * (registry.md, "Output of polc eval").
 */
#ifndef POLC_OUTPUT_H
#define POLC_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "../../compiler/ir/ir.h"
#include "../../compiler/ir/outcome.h"
#include "../base/textbuf.h"

typedef enum OutputFormat { OUT_CSV, OUT_JSONL, OUT_TABLE, OUT_XLSX, OUT_NONE } OutputFormat;

typedef struct XlsxOutput XlsxOutput;
struct Summary;

/* A column --keep carries into the output beside the id. */
typedef struct OutputKeep {
  const char *name;
  int column;           /* its column in the row (ints, texts) */
  ValueKind kind;
} OutputKeep;

typedef struct Output {
  OutputFormat format;
  FILE *fp;
  const IrProgram *prog;
  TextBuf buf;          /* CSV rows, written in large pieces */
  bool committed;       /* --committed: `committed` and `at_most` after
                           the total (opt in: the default columns are
                           registry.md's) */
  XlsxOutput *xlsx;     /* OUT_XLSX: the workbook (output_xlsx.c) */
  const OutputKeep *keep;   /* --keep: columns after the id (CSV, JSON Lines, table) */
  int nkeep;
} Output;

enum { OUTPUT_FLUSH_BYTES = 256 * 1024 };

/* One CSV row into a buffer (threads format their rows so). */
void output_csv_row(TextBuf *tb, TextRef id, const RowOutcome *row);
/* The same with `committed,at_most` after the total when `split` (the
 * program) is given. */
void output_csv_row_split(TextBuf *tb, TextRef id, const RowOutcome *row,
                          const IrProgram *split);

void output_begin(Output *out);
/* One row: the applicant's id and its outcome. */
void output_row(Output *out, TextRef id, const RowOutcome *row);
/* The same with the row's cells, for the kept columns. */
void output_row_kept(Output *out, const int64_t *ints, const TextRef *texts,
                     const RowOutcome *row);
/* A kept column's value as text: a text as it is, a figure in its plain
 * form (money in yuan with two decimals). */
TextRef output_kept_text(const OutputKeep *k, const int64_t *ints, const TextRef *texts,
                         char *buf, size_t size);
void output_end(Output *out);

/* The JSON Lines form of one row (output_jsonl.c). */
/* ints and texts: the row's cells, for the kept columns (NULL: none). */
void output_jsonl_row(Output *out, TextRef id, const int64_t *ints, const TextRef *texts,
                      const RowOutcome *row);

/* The part of a row's total that is at most granted on assessment (its
 * discretionary and external rules' amounts); committed = total - it. */
int64_t output_at_most(const IrProgram *prog, const RowOutcome *row);
/* The workbook form (output_xlsx.c), written by libxlsxwriter to `path`
 * (a temporary renamed into place by the caller): open, then output_begin,
 * output_row..., output_end, then output_xlsx_end, which adds the summary
 * sheet and the rejected rows and writes the file; false after reporting
 * (an amount Excel cannot hold to the fen, a write error).  Free always. */
bool output_xlsx_open(Output *out, const char *path);
/* NULL when libxlsxwriter, which writes workbooks, can be loaded (it is
 * loaded then, not at start-up); else why not.  Asked before opening. */
const char *output_xlsx_library(void);
void output_xlsx_begin(Output *out);
void output_xlsx_row(Output *out, TextRef id, const RowOutcome *row);
bool output_xlsx_end(Output *out, const struct Summary *summary);
void output_xlsx_free(Output *out);
/* A stream that writes the run's messages to `to` and keeps those about
 * rows of `registry` (its name as messages give it) for the sheet 退回. */
FILE *output_xlsx_messages(Output *out, FILE *to, const char *registry);

/* Writes a fen amount as yuan with two decimals and no separators. */
void output_fen(FILE *fp, int64_t fen);
/* Writes a fen amount with thousands separators (1,500,000.00). */
void output_fen_grouped(FILE *fp, int64_t fen);

#endif
