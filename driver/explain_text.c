/*
 * explain_text.c - `polc explain` for an officer: each policy, each rule
 * with the inputs it reads (labelled), each award's condition and the part
 * of it that failed, every step's numbers, the ladder tier with its
 * threshold, the cap, and why a rule pays 0.
 *
 * Every message is one format string, so that it can be translated whole.
 */
#include <stdio.h>

#include "../runtime/base/date.h"
#include "../runtime/base/i18n.h"
#include "../runtime/exec/reasons.h"
#include "../runtime/exec/schedule.h"
#include "explain.h"

/* " (实缴资本 paid_in_capital = 15,000,000.00, ...)", nothing without inputs. */
static void print_values(const Explained *x, const int *slots, int n) {
  for (int i = 0; i < n; i++) {
    char input[512];
    explain_input_text(x, slots[i], input, sizeof input);
    printf(i ? ", %s" : " (%s", input);
  }
  if (n)
    fputc(')', stdout);
}

/* The parts of `parent` (-1: the condition) that made it false: with
 * `and`, the one that stopped it; with `or`, every one. */
static void print_false_parts(const Explained *x, const ClauseSet *set, int parent);

static void print_false_clause(const Explained *x, const ClauseSet *set, int c) {
  const IrClause *clause = &set->items[c];
  if (explain_clause_has_parts(set, c)) {
    printf(_("%s is false: "), clause->text);
    print_false_parts(x, set, c);
  } else {
    printf(_("%s is false"), clause->text);
    print_values(x, clause->inputs, clause->ninputs);
  }
}

static void print_false_parts(const Explained *x, const ClauseSet *set, int parent) {
  int shown = 0, parts = 0;
  bool in_or = false;
  for (int c = 0; c < set->n; c++)
    if (set->items[c].parent == parent) {
      parts++;
      in_or = set->items[c].in_or;
    }
  if (in_or && parts > 1)
    fputs(_("every clause is false: "), stdout);
  for (int c = 0; c < set->n; c++)
    if (set->items[c].parent == parent && explain_clause_value(x, set, c) == 0) {
      if (shown++)
        fputs("; ", stdout);
      print_false_clause(x, set, c);
    }
}

/* A whole condition that is false: the parts that made it so, or, when it
 * is not a chain, itself with the inputs it reads. */
static void print_false_condition(const Explained *x, const ClauseSet *set, const char *text,
                                  const int *inputs, int ninputs) {
  if (set->n) {
    print_false_parts(x, set, -1);
  } else {
    printf(_("%s is false"), text);
    print_values(x, inputs, ninputs);
  }
}

static void print_when(const Explained *x, int r, int award, bool holds) {
  const IrAward *aw = &x->prog->rules[r].awards[award];
  printf(_("    award %d: when %s: "), award + 1, aw->when_text);
  if (holds) {
    puts(_("met"));
    return;
  }
  fputs(_("not met — "), stdout);
  ClauseSet set = explain_award_clauses(x->prog, r, award);
  print_false_condition(x, &set, aw->when_text, aw->when_inputs, aw->nwhen_inputs);
  fputc('\n', stdout);
}

/* A ladder: the tier reached with its threshold and the subject's value.
 * With a top-up (晋级补差), the line goes on with TR_TOPUP's part. */
static void print_ladder(const Explained *x, const Event *e, int award) {
  const IrAward *aw = &x->prog->rules[e->inst->rule].awards[award];
  char subject[64];
  if (aw->subject_kind == VK_MONEY)
    explain_wide(e->a, subject, sizeof subject);
  else
    value_format(aw->subject_kind, (int64_t)e->a, subject, sizeof subject);
  if (e->b < 0) {
    printf(_("      ladder: below the first tier %s (%s = %s)\n"), aw->tiers[0], aw->subject_text,
           subject);
    return;
  }
  char tier[48];
  explain_fen(e->d, tier, sizeof tier);
  printf(_("      tier %s reached (%s = %s): %s"), aw->tiers[e->b], aw->subject_text, subject, tier);
  if (!aw->topup_text)
    fputc('\n', stdout);
}

static void print_event(const Explained *x, const Event *e) {
  int kind = event_kind(e), award = event_award(e);
  char a[48], b[48], d[48];
  switch (kind) {
  case TR_WHEN:
    print_when(x, e->inst->rule, award, e->a != 0);
    break;
  case TR_AMOUNT:
    explain_fen(e->a, a, sizeof a);
    printf(_("      amount %s\n"), a);
    break;
  case TR_SHARE:
  case TR_RANGE_LOW:
    explain_rate(e->a, a, sizeof a);
    explain_wide(e->b, b, sizeof b);
    explain_fen(e->d, d, sizeof d);
    printf(kind == TR_RANGE_LOW ? _("      lower bound: %s × %s = %s\n") : "      %s × %s = %s\n",
           a, b, d);
    break;
  case TR_LADDER:
    print_ladder(x, e, award);
    break;
  case TR_TOPUP:
    explain_fen(e->b, b, sizeof b);
    explain_fen(e->d, d, sizeof d);
    printf(_("; already received %s (%s): pays %s\n"), b,
           x->prog->rules[e->inst->rule].awards[award].topup_text, d);
    break;
  case TR_BRACKET:
    explain_wide(e->a, a, sizeof a);
    explain_rate(e->b, b, sizeof b);
    explain_wide(e->d, d, sizeof d);
    printf(_("      bracket: %s × %s = %s\n"), a, b, d);
    break;
  case TR_CAP:
    explain_fen(e->a, a, sizeof a);
    explain_fen(e->b, b, sizeof b);
    if (e->a > e->b)
      printf(_("      cap %s reached: %s is cut to %s\n"), b, a, b);
    else
      printf(_("      cap %s not reached\n"), b);
    break;
  case TR_YEARS:
    explain_fen(e->a, a, sizeof a);
    explain_fen(e->d, d, sizeof d);
    printf(ngettext("      %s a year × %d year = %s\n", "      %s a year × %d years = %s\n",
                    (unsigned long)e->b),
           a, (int)e->b, d);
    break;
  default:   /* TR_CLAUSE: shown with its condition */
    break;
  }
}

static void print_inputs(const Explained *x, const IrRule *rule) {
  if (!rule->ninputs_used)
    return;
  for (int i = 0; i < rule->ninputs_used; i++) {
    char input[512];
    explain_input_text(x, rule->inputs_used[i], input, sizeof input);
    printf(i ? ", %s" : _("    inputs: %s"), input);
  }
  fputc('\n', stdout);
}

/* After the amount: the instalments, a range, a ceiling, an external
 * figure, the obligations. */
static void print_amount_notes(const IrRule *rule, const RuleOutcome *o) {
  char amount[48];
  int64_t parts[SCHEDULE_MAX];
  int n = schedule_of(rule, o->amount, parts);
  if (n > 1 && o->amount > 0) {
    fputs(_("       paid"), stdout);
    for (int i = 0; i < n; i++) {
      explain_fen(parts[i], amount, sizeof amount);
      printf(i ? _(", year %d %s") : _(" year %d %s"), i + 1, amount);
    }
    fputc('\n', stdout);
  }
  if (o->lower >= 0) {
    explain_fen(o->lower, amount, sizeof amount);
    printf(_("       range: at least %s\n"), amount);
  }
  if (rule->discretionary && o->amount > 0)
    fputs(_("       最高可…: a ceiling, granted on assessment\n"), stdout);
  if (rule->external)
    fputs(_("       external: the amount is set outside the text (a registry figure), "
             "not a figure the text prints\n"), stdout);
  for (int i = 0; i < rule->nobligations; i++)
    printf(_("       obligation: %s\n"), rule->obligations[i]);
}

static void print_rule(const Explained *x, int r) {
  const IrRule *rule = &x->prog->rules[r];
  const RuleOutcome *o = &x->out->rules[r];
  printf("  %s", rule->id);
  if (rule->citation)
    printf(" %s", rule->citation);
  if (rule->kind)
    printf(_("  (kind %s)"), rule->kind);
  fputc('\n', stdout);
  print_inputs(x, rule);
  for (int i = 0; i < x->nevents; i++)
    if (x->events[i].inst->rule == r)
      print_event(x, &x->events[i]);
  char amount[48], why[1024];
  explain_fen(o->amount, amount, sizeof amount);
  const char *reason =
      reason_text(x->prog, r, o, x->out->as_of, REASON_FOR_PEOPLE, why, sizeof why);
  if (o->status == ST_NO_AWARD)   /* the failed parts are named above */
    printf(_("    => %s: no award's condition is met\n"), amount);
  else if (reason)
    printf(_("    => %s: %s\n"), amount, reason);
  else
    printf("    => %s\n", amount);
  print_amount_notes(rule, o);
}

/* Under "not eligible under 一: ...": the part of the condition that failed. */
static void print_failed_eligibility(const Explained *x, const IrPolicy *pol, int eligible) {
  const IrEligible *e = &pol->eligibles[eligible];
  ClauseSet set = explain_eligible_clauses(x->prog, pol, eligible);
  fputs("    ", stdout);
  fputs(_("not met — "), stdout);
  print_false_condition(x, &set, e->text, e->inputs, e->ninputs);
  fputc('\n', stdout);
}

/* Whether the policy is in force on the day and the applicant eligible. */
static void print_standing(const Explained *x, const IrPolicy *pol) {
  char why[1024];
  if (pol->nrules == 0)
    return;
  const RuleOutcome *first = &x->out->rules[pol->first_rule];
  if (first->status == ST_NOT_IN_FORCE || first->status == ST_NOT_ELIGIBLE) {
    printf(_("  %s: every rule pays 0\n"),
           reason_text(x->prog, pol->first_rule, first, x->out->as_of, REASON_FOR_PEOPLE, why,
                       sizeof why));
    if (first->status == ST_NOT_ELIGIBLE)
      print_failed_eligibility(x, pol, first->detail);
    return;
  }
  fputs(_("  in force on the day"), stdout);
  for (int i = 0; i < pol->neligibles; i++)
    printf(i ? _(", %s") : _("; eligible under %s"),
           pol->eligibles[i].article ? pol->eligibles[i].article : pol->eligibles[i].text);
  fputc('\n', stdout);
}

/* Under the total, when any rule is `external`: the part set outside the text. */
static void print_external_part(const Explained *x) {
  bool any = false;
  int64_t part = 0;   /* a part of the checked total: cannot overflow */
  for (int r = 0; r < x->prog->nrules; r++)
    if (x->prog->rules[r].external) {
      any = true;
      part += x->out->rules[r].amount;
    }
  if (!any)
    return;
  char amount[48];
  explain_fen(part, amount, sizeof amount);
  printf(_("  of which set outside the text (external rules) %s\n"), amount);
}

void explain_print_text(const Explained *x) {
  const IrProgram *prog = x->prog;
  char date[11], total[48];
  date_format(x->out->as_of, date);
  TextRef id = x->texts[prog->id_input];
  if (id.len)
    printf(_("applicant %.*s, evaluated as of %s\n"), (int)id.len, id.ptr, date);
  else
    printf(_("the applicant given, evaluated as of %s\n"), date);
  for (int p = 0; p < prog->npolicies; p++) {
    const IrPolicy *pol = &prog->policies[p];
    printf("\n%s", pol->id);
    if (pol->title)
      printf(" %s", pol->title);
    if (pol->document)
      printf(" (%s)", pol->document);
    fputc('\n', stdout);
    print_standing(x, pol);
    for (int r = pol->first_rule; r < pol->first_rule + pol->nrules; r++)
      print_rule(x, r);
  }
  explain_fen(x->out->total, total, sizeof total);
  printf(_("\ntotal %s\n"), total);
  print_external_part(x);
}
