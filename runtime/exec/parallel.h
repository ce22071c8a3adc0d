/*
 * parallel.h - a registry's rows on several threads, written in input
 * order (parallel.c).  What is done with each row is the caller's: eval
 * evaluates one program (evaluate.c), compare two (compare.c); the
 * reading, the batches, the order of the output and of the messages, and
 * the check for repeated applicant ids are the pipeline's, the same for
 * both.
 */
#ifndef POLC_PARALLEL_H
#define POLC_PARALLEL_H

#include <stdbool.h>
#include <stdio.h>

#include "idset.h"
#include "progress.h"
#include "registry.h"

/* The work done with each row, by each of the evaluating threads. */
typedef struct RowWork {
  void *ctx;
  /* The state of the i-th thread (made before the threads start). */
  void *(*start)(void *ctx, int worker);
  /* The row: its output written to `out` (NULL: no rows are written),
   * its messages to `errors`; false when the row is rejected (reported). */
  bool (*row)(void *state, const RegistryRow *row, FILE *out, FILE *errors);
  /* The end of a batch: output the state holds back, written to `out`. */
  void (*batch_end)(void *state, FILE *out);
  /* After the last row: the state's tallies added into ctx, the state
   * freed; called for the threads in order. */
  void (*finish)(void *ctx, void *state);
} RowWork;

typedef struct ParallelJob {
  Registry *registry;          /* registry_byte_records */
  const char *registry_name;   /* for messages */
  const char *registry_path;   /* for the progress line */
  int id_column;               /* the applicant id's column (repeats are warned of) */
  FILE *out;                   /* NULL: no rows written */
  FILE *errors;
} ParallelJob;

/* Runs `work` over every row on `nworkers` threads, this one among them,
 * each reading, evaluating and writing in input order as its turn comes;
 * returns the rows `work` rejected (the registry's own are
 * registry_rejected). */
long parallel_run(const ParallelJob *job, const RowWork *work, int nworkers);

/* What the one-thread loops (eval's, compare's) do every 1,024 rows read:
 * the progress line, and once, from the bytes the first rows took, the
 * IdSet's room for the whole file (idset_reserve). */
void rows_counted(Progress *progress, IdSet *ids, long rows, Registry *registry);

#endif
