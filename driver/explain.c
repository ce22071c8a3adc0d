/*
 * explain.c - the values `polc explain` shows, and what its events say
 * about a condition's parts.
 */
#include "explain.h"

#include "../runtime/base/exact.h"

void explain_fen(i128 fen, char *buf, size_t size) {
  value_format_fen((int64_t)fen, buf, size);
}

void explain_wide(i128 wide, char *buf, size_t size) {
  if (wide % EXACT_MICRO == 0) {
    explain_fen(wide / EXACT_MICRO, buf, size);
    return;
  }
  char fen[32];
  explain_fen(wide / EXACT_MICRO, fen, sizeof fen);
  snprintf(buf, size, "%.31s+%06d/10^6", fen, (int)((wide < 0 ? -wide : wide) % EXACT_MICRO));
}

void explain_rate(i128 micro, char *buf, size_t size) {
  value_format(VK_PERCENT, (int64_t)micro, buf, size);
}

void explain_input_value(const Explained *x, int slot, char *buf, size_t size) {
  const IrInput *in = &x->prog->inputs[slot];
  if (in->kind == VK_TEXT)
    snprintf(buf, size, "\"%.*s\"", (int)x->texts[slot].len, x->texts[slot].ptr);
  else
    value_format(in->kind, x->ints[slot], buf, size);
}

void explain_input_text(const Explained *x, int slot, char *buf, size_t size) {
  const IrInput *in = &x->prog->inputs[slot];
  char value[256];
  explain_input_value(x, slot, value, sizeof value);
  snprintf(buf, size, "%s%s%s = %s", in->label ? in->label : "", in->label ? " " : "",
           in->name, value);
}

ClauseSet explain_award_clauses(const IrProgram *prog, int rule, int award) {
  const IrAward *aw = &prog->rules[rule].awards[award];
  return (ClauseSet){aw->clauses, aw->nclauses, rule, TR_CLAUSE, award};
}

/* Eligibility is lowered before the policy's rules, under its first rule. */
ClauseSet explain_eligible_clauses(const IrProgram *prog, const IrPolicy *pol, int eligible) {
  (void)prog;
  const IrEligible *e = &pol->eligibles[eligible];
  return (ClauseSet){e->clauses, e->nclauses, pol->first_rule, TR_ELIGIBLE_CLAUSE, eligible};
}

int explain_clause_value(const Explained *x, const ClauseSet *set, int clause) {
  for (int i = 0; i < x->nevents; i++) {
    const Event *e = &x->events[i];
    if (e->inst->rule == set->rule && event_kind(e) == set->event &&
        event_award(e) == set->owner && e->b == clause)
      return e->a != 0;
  }
  return -1;
}

bool explain_clause_has_parts(const ClauseSet *set, int clause) {
  for (int i = clause + 1; i < set->n; i++)
    if (set->items[i].parent == clause)
      return true;
  return false;
}
