/*
 * compare.h - `polc compare`: two policy sets (the base, in force, and the
 * new, a reform) evaluated over one registry in one pass.  The reader
 * reads the columns either set needs once; each row is then evaluated by
 * both programs, and what changes is written per applicant (id, base, new,
 * delta, then the delta of every rule present in either set, matched by
 * POLICY.RULE) and summed: who gains, who loses, the change per rule,
 * policy and calendar year, the largest gains and losses.
 */
#ifndef POLC_COMPARE_H
#define POLC_COMPARE_H

#include <stdbool.h>
#include <stdio.h>

#include "evaluate.h"
#include "row.h"

enum { COMPARE_TOP = 10 };   /* largest gains and losses listed */

/* One policy set. */
typedef struct CompareSide {
  IrProgram *prog;
  Engine engine;
  int *column;               /* [prog->ninputs]: its column in the joint schema */
  RowBuffers row;
  Summary summary;
} CompareSide;

/* A rule of either set, matched by its qualified name. */
typedef struct CompareRule {
  const char *name;
  int base, new;             /* its index in each set; -1 when absent */
} CompareRule;

/* A policy of either set, matched by its id. */
typedef struct ComparePolicy {
  const char *id;
  const char *title;
  int base, new;
} ComparePolicy;

typedef struct CompareTop {
  char *id;
  int64_t delta;
  long line;                 /* its row: of equal changes the earlier is listed first */
} CompareTop;

typedef struct Compare {
  CompareSide base, new;
  int nrules;
  CompareRule *rules;
  int npolicies;
  ComparePolicy *policies;
  RegistryColumn *columns;   /* the joint schema */
  int ncolumns;
  int id_column;
  long rows, rejected;
  long gain, lose, same;
  i128 delta_total;
  CompareTop gains[COMPARE_TOP], losses[COMPARE_TOP];
  int ngains, nlosses;
  bool summarise;
} Compare;

/* Where the rows come from and go. */
typedef struct CompareJob {
  Registry *registry;
  const char *registry_name; /* for messages */
  const char *registry_path; /* for the progress line */
  int32_t default_as_of;
  OutputFormat format;       /* OUT_NONE: no rows */
  bool committed;            /* each side's total split: committed, at most */
  FILE *out;
  FILE *errors;
} CompareJob;

/* Joins the two programs' columns; false after reporting (on `errors`) a
 * column the two sets read as different kinds. */
bool compare_init(Compare *c, IrProgram *base, IrProgram *new, bool summarise, FILE *errors);
RegistrySchema compare_schema(const Compare *c);
/* Evaluates every row with both sets (engines set in c->base/new.engine);
 * returns the rows rejected. */
long compare_run(Compare *c, const CompareJob *job);
/* The same on `nworkers` threads (this one among them), the i-th with base_engines[i] and new_engines[i] (parallel.c); the output and
 * the summary are compare_run's, byte for byte. */
long compare_run_threads(Compare *c, const CompareJob *job, const Engine *base_engines,
                         const Engine *new_engines, int nworkers);
void compare_free(Compare *c);

/* compare_print.c: rows, and the summary. */
typedef struct CompareRowOut {
  OutputFormat format;
  bool committed;            /* base_committed,base_at_most,new_committed,new_at_most */
  FILE *fp;
  TextBuf buf;
} CompareRowOut;
void compare_output_begin(const Compare *c, CompareRowOut *out);
void compare_output_row(const Compare *c, CompareRowOut *out, TextRef id, const int64_t *deltas);
void compare_output_end(CompareRowOut *out);
/* Reports figures too large to print; returns how many (0: print). */
int compare_check(const Compare *c, FILE *errors);
void compare_print_summary(const Compare *c, FILE *fp, bool json);

#endif
