/*
 * explain.h - what `polc explain` shows, shared by its text and JSON forms:
 * the traced run of one applicant (the events of the TRACE instructions the
 * interpreter passed) and how its values are written for an officer.
 */
#ifndef POLC_EXPLAIN_H
#define POLC_EXPLAIN_H

#include <stdio.h>

#include "../compiler/ir/ir.h"
#include "../compiler/ir/outcome.h"
#include "../runtime/exec/row.h"

typedef struct Event {
  const IrInst *inst;
  i128 a, b, d;
} Event;

typedef struct Explained {
  const IrProgram *prog;
  const RowOutcome *out;
  const int64_t *ints;       /* the applicant's inputs */
  const TextRef *texts;
  const Event *events;       /* in the order the program passed them */
  int nevents;
} Explained;

static inline int event_kind(const Event *e) { return (int)(e->inst->k & 0xff); }
/* The award an event belongs to, -1 for the rule as a whole. */
static inline int event_award(const Event *e) { return (int)(e->inst->k >> 8) - 1; }

/* Values for people: money grouped with two decimals, a WIDE amount to the
 * fen (or with its millionths), a rate as a percentage. */
void explain_fen(i128 fen, char *buf, size_t size);
void explain_wide(i128 wide, char *buf, size_t size);
void explain_rate(i128 micro, char *buf, size_t size);
/* An input's value, a text quoted. */
void explain_input_value(const Explained *x, int slot, char *buf, size_t size);
/* "实缴资本 paid_in_capital = 15,000,000.00" (the label when there is one). */
void explain_input_text(const Explained *x, int slot, char *buf, size_t size);

/* The parts of one condition, an award's or an eligibility's, and where
 * the events that give their values are. */
typedef struct ClauseSet {
  const IrClause *items;
  int n;
  int rule;                  /* the rule whose events hold them */
  int event;                 /* TR_CLAUSE or TR_ELIGIBLE_CLAUSE */
  int owner;                 /* the award's or the eligibility's index */
} ClauseSet;

ClauseSet explain_award_clauses(const IrProgram *prog, int rule, int award);
ClauseSet explain_eligible_clauses(const IrProgram *prog, const IrPolicy *pol, int eligible);
/* The value a clause had: 1, 0, or -1 when it was not reached. */
int explain_clause_value(const Explained *x, const ClauseSet *set, int clause);
/* Whether a clause has parts of its own (it is an `and`/`or` chain). */
bool explain_clause_has_parts(const ClauseSet *set, int clause);

/* The two forms. */
void explain_print_text(const Explained *x);
void explain_print_json(const Explained *x);

#endif
