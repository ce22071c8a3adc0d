/*
 * summary.h - the fiscal impact of a run: per rule, per policy and overall,
 * the applicants paid, the total entitlement, the mean and largest award,
 * and the budget by schedule year.  Of every total that `external` rules
 * (amounts set outside the text, e.g. 上级有配套要求的从其要求) feed, the
 * part they contribute is reported apart.
 *
 * Every total is also split into what formulas commit and what is at most
 * granted on assessment (`discretionary` rules' ceilings and `external`
 * amounts), and placed in calendar years: schedule year 1 in the calendar
 * year of the row's evaluation date, year 2 in the next (年度预算).  With
 * `--by COLUMN` the same figures are kept per value of an input column.
 */
#ifndef POLC_SUMMARY_H
#define POLC_SUMMARY_H

#include <stdbool.h>
#include <stdio.h>

#include "../../compiler/ir/ir.h"
#include "../../compiler/ir/outcome.h"
#include "schedule.h"
#include "yearsums.h"

enum { SUMMARY_YEARS = 10 };   /* years shown; later ones are added to the last */
enum { SUMMARY_GROUPS = 100 }; /* --by: at most so many values */
/* Applicants by the size of their award (分档): 0, up to 10万, 50万,
 * 100万, 500万, 1000万, more. */
enum { SUMMARY_BANDS = 7 };
extern const int64_t summary_band_top[SUMMARY_BANDS - 1];   /* fen, inclusive */

typedef struct Totals {
  long paid;                 /* applicants with an amount > 0 */
  i128 total;
  i128 external;             /* the part of total paid by `external` rules */
  int64_t max;
  i128 by_year[SUMMARY_YEARS];
  i128 at_most;              /* the part that is a ceiling (discretionary,
                                external); committed = total - at_most */
  YearSums calendar;         /* total by calendar year */
  YearSums calendar_at_most; /* at_most by calendar year */
} Totals;

/* --by: one value of the column and its rows' figures. */
typedef struct SummaryGroup {
  char *value;
  long rows;
  Totals totals;
} SummaryGroup;

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
  int by_input;              /* --by: the input column, -1 none */
  int ngroups;
  SummaryGroup *groups;      /* [SUMMARY_GROUPS + 1] when by_input >= 0 */
  bool groups_overflow;      /* more values than SUMMARY_GROUPS: no groups */
  long bands[SUMMARY_BANDS]; /* applicants by their total */
} Summary;

void summary_init(Summary *s, const IrProgram *prog);
/* --by: keeps the figures per value of input `input` too. */
void summary_by(Summary *s, int input);
void summary_free(Summary *s);
/* Adds a row evaluated on `as_of` with these inputs (for --by). */
void summary_add(Summary *s, const RowOutcome *row, int32_t as_of,
                 const int64_t *ints, const TextRef *texts);
/* Whether a rule's amounts are at most what is granted (a ceiling, or a
 * figure set outside the text) rather than a formula's entitlement. */
bool summary_rule_at_most(const IrRule *rule);
/* The calendar year of a day count. */
int summary_calendar_year(int32_t days);
/* Adds another summary's figures (threads each keep one). */
void summary_merge(Summary *into, const Summary *from);
/* Reports on `errors` each line with a figure beyond an int64 of fen, which
 * summary_print cannot print; returns how many (0: print). */
int summary_check(const Summary *s, FILE *errors);
void summary_print(const Summary *s, FILE *fp, bool json);

#endif
