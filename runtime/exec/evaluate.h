/*
 * evaluate.h - running a program over a registry, row by row: read, pick
 * the evaluation date, evaluate with an engine, write, summarise.
 */
#ifndef POLC_EVALUATE_H
#define POLC_EVALUATE_H

#include <stdio.h>

#include "../../compiler/ir/ir.h"
#include "../../compiler/ir/outcome.h"
#include "output.h"
#include "registry.h"
#include "indicators.h"
#include "summary.h"

/* An engine evaluates one row (the interpreter, or native code). */
typedef struct Engine {
  void (*run)(void *self, const int64_t *ints, const TextRef *texts,
              int32_t as_of, RowOutcome *out);
  void *self;
} Engine;

typedef struct EvalJob {
  const IrProgram *prog;
  Registry *registry;
  const char *registry_name;   /* for messages */
  Engine engine;
  Output *output;              /* NULL: no per-row output */
  Summary *summary;            /* NULL: none */
  IndicatorTotals *indicators; /* NULL: none */
  int32_t default_as_of;       /* --as-of, else today */
  const char *registry_path;   /* for the progress line's percentage */
  bool rows_by_id;             /* a database's rows: named by id, not line */
  FILE *errors;
} EvalJob;

/* The registry schema of a program's inputs (columns in prog->inputs
 * order); the arrays live in the program's arena. */
RegistrySchema evaluate_schema(IrProgram *prog);
/* The same with the columns --keep names: an input is kept from its own
 * column; another name becomes a text column after the inputs, which the
 * registry must have.  keep[i] is set to the column of names[i]. */
RegistrySchema evaluate_schema_keep(IrProgram *prog, const char *const *names, int count,
                                    OutputKeep *keep);

/* The evaluation date of a row, and the row's `default as_of` inputs
 * filled with it (language.md §7). */
int32_t evaluate_prepare_row(const IrProgram *prog, int64_t *ints,
                             int32_t default_as_of);

/* Evaluates every row; returns the number of rows rejected (unreadable, or
 * failing with an overflow). */
long evaluate_registry(EvalJob *job);

/* As evaluate_registry, on `nworkers` threads (this one among them),
 * engines[i] for the i-th (parallel.c).  The output is the same
 * as evaluate_registry's, byte for byte. */
long evaluate_registry_threads(EvalJob *job, const Engine *engines, int nworkers);

/* Reports a row that failed with an overflow or a division by zero. */
void evaluate_report_row_error(const EvalJob *job, long line, TextRef id, const RowOutcome *o);

/* Today's date in days (local time). */
int32_t evaluate_today(void);

#endif
