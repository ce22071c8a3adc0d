/*
 * summary.h - the fiscal impact of a run: per rule, per policy and overall,
 * the applicants paid, the total entitlement, the mean and largest award,
 * and the budget by schedule year.  Of every total that `external` rules
 * (amounts set outside the text, e.g. 上级有配套要求的从其要求) feed, the
 * part they contribute is reported apart.
 */
#ifndef POLC_SUMMARY_H
#define POLC_SUMMARY_H

#include <stdbool.h>
#include <stdio.h>

#include "../../compiler/ir/ir.h"
#include "../../compiler/ir/outcome.h"
#include "schedule.h"

enum { SUMMARY_YEARS = 10 };   /* years shown; later ones are added to the last */

typedef struct Totals {
  long paid;                 /* applicants with an amount > 0 */
  i128 total;
  i128 external;             /* the part of total paid by `external` rules */
  int64_t max;
  i128 by_year[SUMMARY_YEARS];
} Totals;

typedef struct Summary {
  const IrProgram *prog;
  long rows;                 /* evaluated */
  long rejected;
  Totals *rules;             /* [nrules] */
  Totals *policies;          /* [npolicies] */
  Totals all;
  int years;                 /* schedule years seen */
  i128 *scratch;             /* per-policy sums of the row being added */
  bool *policy_external;     /* [npolicies]: the policy has an `external` rule */
  bool any_external;
} Summary;

void summary_init(Summary *s, const IrProgram *prog);
void summary_free(Summary *s);
void summary_add(Summary *s, const RowOutcome *row);
/* Adds another summary's figures (threads each keep one). */
void summary_merge(Summary *into, const Summary *from);
/* Reports on `errors` each line with a figure beyond an int64 of fen, which
 * summary_print cannot print; returns how many (0: print). */
int summary_check(const Summary *s, FILE *errors);
void summary_print(const Summary *s, FILE *fp, bool json);

#endif
