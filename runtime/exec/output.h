/*
 * output.h - writing evaluated rows: CSV, JSON Lines or a terminal table
 * (registry.md, "Output of polc eval").
 */
#ifndef POLC_OUTPUT_H
#define POLC_OUTPUT_H

#include <stdio.h>

#include "../../compiler/ir/ir.h"
#include "../../compiler/ir/outcome.h"
#include "../base/textbuf.h"

typedef enum OutputFormat { OUT_CSV, OUT_JSONL, OUT_TABLE, OUT_NONE } OutputFormat;

typedef struct Output {
  OutputFormat format;
  FILE *fp;
  const IrProgram *prog;
  TextBuf buf;          /* CSV rows, written in large pieces */
  bool committed;       /* --committed: `committed` and `at_most` after
                           the total (opt in: the default columns are
                           registry.md's) */
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
void output_end(Output *out);

/* The JSON Lines form of one row (output_jsonl.c). */
void output_jsonl_row(Output *out, TextRef id, const RowOutcome *row);

/* The part of a row's total that is at most granted on assessment (its
 * discretionary and external rules' amounts); committed = total - it. */
int64_t output_at_most(const IrProgram *prog, const RowOutcome *row);

/* Writes a fen amount as yuan with two decimals and no separators. */
void output_fen(FILE *fp, int64_t fen);
/* Writes a fen amount with thousands separators (1,500,000.00). */
void output_fen_grouped(FILE *fp, int64_t fen);

#endif
