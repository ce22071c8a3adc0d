/*
 * explain_json.c - `polc explain --format json`: the explanation as one
 * JSON object on one line, for other tools.  It carries what the text
 * shows: the inputs with their labels, and per rule its amount, status and
 * reason, each condition with the clauses that failed and their values
 * (the policies' eligibility conditions too),
 * the steps, the ladders with their tiers, the caps, and whether the
 * amount is a ceiling (discretionary) or set outside the text (external).
 */
#include <stdlib.h>

#include "../runtime/base/date.h"
#include "../runtime/base/exact.h"
#include "../runtime/base/jsonw.h"
#include "../runtime/exec/output.h"
#include "../runtime/exec/reasons.h"
#include "driver.h"
#include "explain.h"

static const char *status_word(const RuleOutcome *o) {
  static const char *const words[] = {
      [ST_PAID] = "paid", [ST_NOT_IN_FORCE] = "not_in_force",
      [ST_NOT_ELIGIBLE] = "not_eligible", [ST_NO_AWARD] = "no_award",
      [ST_BELOW_LADDER] = "below_ladder", [ST_TOPUP_COVERED] = "topup_covered",
      [ST_NEGATIVE] = "negative", [ST_GROUP_LOST] = "superseded",
      [ST_STACK_LOST] = "superseded",
  };
  return o->status == ST_PAID && o->amount == 0 ? "zero" : words[o->status];
}

static void key(const char *name) { printf(", \"%s\": ", name); }

static void string_or_null(const char *s) {
  if (s)
    jsonw_string(stdout, s);
  else
    fputs("null", stdout);
}

/* A WIDE amount: yuan when it is whole fen, else the exact text. */
static void wide(i128 w) {
  if (w % EXACT_MICRO == 0) {
    output_fen(stdout, (int64_t)(w / EXACT_MICRO));
    return;
  }
  char text[64];
  explain_wide(w, text, sizeof text);
  jsonw_string(stdout, text);
}

static void input_object(const Explained *x, int slot) {
  const IrInput *in = &x->prog->inputs[slot];
  char value[256];
  if (in->kind == VK_TEXT)
    snprintf(value, sizeof value, "%.*s", (int)x->texts[slot].len, x->texts[slot].ptr);
  else
    value_format(in->kind, x->ints[slot], value, sizeof value);
  fputs("{\"name\": ", stdout);
  jsonw_string(stdout, in->name);
  key("label");
  string_or_null(in->label);
  key("value");
  jsonw_string(stdout, value);
  fputc('}', stdout);
}

static void inputs_array(const Explained *x, const int *slots, int n) {
  fputc('[', stdout);
  for (int i = 0; i < n; i++) {
    if (i)
      fputs(", ", stdout);
    input_object(x, slots[i]);
  }
  fputc(']', stdout);
}

/* The innermost clauses that made `parent` false (see explain_text.c). */
static int failed_leaves(const Explained *x, const ClauseSet *set, int parent, int shown) {
  for (int c = 0; c < set->n; c++) {
    if (set->items[c].parent != parent || explain_clause_value(x, set, c) != 0)
      continue;
    if (explain_clause_has_parts(set, c)) {
      shown = failed_leaves(x, set, c, shown);
      continue;
    }
    fputs(shown++ ? ", {\"text\": " : "{\"text\": ", stdout);
    jsonw_string(stdout, set->items[c].text);
    key("values");
    inputs_array(x, set->items[c].inputs, set->items[c].ninputs);
    fputc('}', stdout);
  }
  return shown;
}

/* `"value": ..., "failed_clauses": [...]` of a condition (value -1: not
 * evaluated, null). */
static void condition_value(const Explained *x, const ClauseSet *set, const char *text,
                            const int *inputs, int ninputs, int value) {
  printf(", \"value\": %s, \"failed_clauses\": [",
         value < 0 ? "null" : value ? "true" : "false");
  if (value == 0 && set->n) {
    failed_leaves(x, set, -1, 0);
  } else if (value == 0) {
    fputs("{\"text\": ", stdout);
    jsonw_string(stdout, text);
    key("values");
    inputs_array(x, inputs, ninputs);
    fputc('}', stdout);
  }
  fputc(']', stdout);
}

static void condition_object(const Explained *x, int r, int award, bool holds) {
  const IrAward *aw = &x->prog->rules[r].awards[award];
  printf("{\"award\": %d, \"text\": ", award + 1);
  jsonw_string(stdout, aw->when_text);
  ClauseSet set = explain_award_clauses(x->prog, r, award);
  condition_value(x, &set, aw->when_text, aw->when_inputs, aw->nwhen_inputs, holds);
  fputc('}', stdout);
}

/* A ladder, with the top-up event that follows it when there is one. */
static void ladder_object(const Explained *x, const Event *e, const Event *next) {
  int award = event_award(e);
  const IrAward *aw = &x->prog->rules[e->inst->rule].awards[award];
  printf("{\"award\": %d, \"subject\": ", award + 1);
  jsonw_string(stdout, aw->subject_text);
  key("value");
  if (aw->subject_kind == VK_MONEY) {
    wide(e->a);
  } else {
    char value[64];
    value_format(aw->subject_kind, (int64_t)e->a, value, sizeof value);
    jsonw_string(stdout, value);
  }
  fputs(", \"tiers\": [", stdout);
  for (int i = 0; i < aw->ntiers; i++) {
    if (i)
      fputs(", ", stdout);
    jsonw_string(stdout, aw->tiers[i]);
  }
  fputs("], \"reached\": ", stdout);
  string_or_null(e->b >= 0 ? aw->tiers[e->b] : NULL);
  if (e->b >= 0) {
    key("tier_amount");
    output_fen(stdout, (int64_t)e->d);
  }
  if (next && event_kind(next) == TR_TOPUP && event_award(next) == award) {
    key("received_from");
    jsonw_string(stdout, aw->topup_text);
    key("received");
    output_fen(stdout, (int64_t)next->b);
    key("pays");
    output_fen(stdout, (int64_t)next->d);
  }
  fputc('}', stdout);
}

static void cap_object(const Event *e) {
  printf("{\"award\": %d, \"figure\": ", event_award(e) + 1);
  output_fen(stdout, (int64_t)e->b);
  key("computed");
  output_fen(stdout, (int64_t)e->a);
  key("paid");
  output_fen(stdout, (int64_t)e->d);
  printf(", \"reached\": %s}", e->a > e->b ? "true" : "false");
}

/* One computation step (not a condition, ladder or cap). */
static bool step_object(const Event *e) {
  char rate[48];
  switch (event_kind(e)) {
  case TR_AMOUNT:
    fputs("{\"step\": \"amount\", \"amount\": ", stdout);
    output_fen(stdout, (int64_t)e->a);
    break;
  case TR_SHARE:
  case TR_RANGE_LOW:
    explain_rate(e->a, rate, sizeof rate);
    printf("{\"step\": \"%s\", \"rate\": \"%s\", \"base\": ",
           event_kind(e) == TR_SHARE ? "share" : "lower_bound", rate);
    wide(e->b);
    key("amount");
    output_fen(stdout, (int64_t)e->d);
    break;
  case TR_BRACKET:
    explain_rate(e->b, rate, sizeof rate);
    fputs("{\"step\": \"bracket\", \"part\": ", stdout);
    wide(e->a);
    printf(", \"rate\": \"%s\", \"amount\": ", rate);
    wide(e->d);
    break;
  case TR_YEARS:
    fputs("{\"step\": \"years\", \"annual\": ", stdout);
    output_fen(stdout, (int64_t)e->a);
    printf(", \"years\": %d, \"amount\": ", (int)e->b);
    output_fen(stdout, (int64_t)e->d);
    break;
  default:
    return false;
  }
  fputc('}', stdout);
  return true;
}

static bool is_step(int kind) {
  return kind == TR_AMOUNT || kind == TR_SHARE || kind == TR_RANGE_LOW ||
         kind == TR_BRACKET || kind == TR_YEARS;
}

/* The rule's events of one kind (TR_WHEN, TR_LADDER, TR_CAP) as an array;
 * kind -1: the steps. */
static void events_array(const Explained *x, int r, const char *name, int kind) {
  key(name);
  fputc('[', stdout);
  int shown = 0;
  for (int i = 0; i < x->nevents; i++) {
    const Event *e = &x->events[i];
    if (e->inst->rule != r || (kind >= 0 ? event_kind(e) != kind : !is_step(event_kind(e))))
      continue;
    if (shown++)
      fputs(", ", stdout);
    if (kind < 0)
      step_object(e);
    else if (kind == TR_WHEN)
      condition_object(x, r, event_award(e), e->a != 0);
    else if (kind == TR_LADDER)
      ladder_object(x, e, i + 1 < x->nevents ? &x->events[i + 1] : NULL);
    else
      cap_object(e);
  }
  fputc(']', stdout);
}

static void rule_object(const Explained *x, int r) {
  const IrRule *rule = &x->prog->rules[r];
  const RuleOutcome *o = &x->out->rules[r];
  fputs("{\"policy\": ", stdout);
  jsonw_string(stdout, x->prog->policies[rule->policy].id);
  key("id");
  jsonw_string(stdout, rule->id);
  key("citation");
  string_or_null(rule->citation);
  key("kind");
  string_or_null(rule->kind);
  key("amount");
  output_fen(stdout, o->amount);
  printf(", \"status\": \"%s\"", status_word(o));
  char buf[1024];
  key("reason");
  string_or_null(reason_text(x->prog, r, o, x->out->as_of, REASON_FOR_MACHINES, buf, sizeof buf));
  key("inputs");
  inputs_array(x, rule->inputs_used, rule->ninputs_used);
  events_array(x, r, "conditions", TR_WHEN);
  events_array(x, r, "steps", -1);
  events_array(x, r, "ladders", TR_LADDER);
  events_array(x, r, "caps", TR_CAP);
  if (o->lower >= 0) {
    key("lower");
    output_fen(stdout, o->lower);
  }
  printf(", \"discretionary\": %s, \"external\": %s", rule->discretionary ? "true" : "false",
         rule->external ? "true" : "false");
  key("superseded_by");
  string_or_null(o->status == ST_GROUP_LOST || o->status == ST_STACK_LOST
                     ? x->prog->rules[o->detail].qualified
                     : NULL);
  fputc('}', stdout);
}

/* Whether eligibility `i` of a policy held: 1, 0, or -1 when it was not
 * evaluated (out of force, or an earlier one failed). */
static int eligible_value(const RuleOutcome *first, int i) {
  if (first->status == ST_NOT_IN_FORCE)
    return -1;
  if (first->status != ST_NOT_ELIGIBLE)
    return 1;
  return i < first->detail ? 1 : i == first->detail ? 0 : -1;
}

/* A policy: in force or not, and each eligibility with the clauses that
 * failed. */
static void policy_object(const Explained *x, const IrPolicy *pol) {
  const RuleOutcome *first = &x->out->rules[pol->first_rule];
  fputs("{\"id\": ", stdout);
  jsonw_string(stdout, pol->id);
  printf(", \"status\": \"%s\", \"eligibility\": [",
         first->status == ST_NOT_IN_FORCE   ? "not_in_force"
         : first->status == ST_NOT_ELIGIBLE ? "not_eligible"
                                            : "in_force");
  for (int i = 0; i < pol->neligibles; i++) {
    const IrEligible *e = &pol->eligibles[i];
    fputs(i ? ", {\"article\": " : "{\"article\": ", stdout);
    string_or_null(e->article);
    key("text");
    jsonw_string(stdout, e->text);
    ClauseSet set = explain_eligible_clauses(x->prog, pol, i);
    condition_value(x, &set, e->text, e->inputs, e->ninputs, eligible_value(first, i));
    fputc('}', stdout);
  }
  fputs("]}", stdout);
}

/* The policies that have rules (a policy without rules pays nothing). */
static void all_policies(const Explained *x) {
  key("policies");
  fputc('[', stdout);
  int shown = 0;
  for (int p = 0; p < x->prog->npolicies; p++)
    if (x->prog->policies[p].nrules) {
      if (shown++)
        fputs(", ", stdout);
      policy_object(x, &x->prog->policies[p]);
    }
  fputc(']', stdout);
}

/* Every input some rule reads, once, in the program's order. */
static void all_inputs(const Explained *x) {
  const IrProgram *prog = x->prog;
  bool *used = xcalloc((size_t)prog->ninputs + 1, sizeof(bool));
  int *slots = xcalloc((size_t)prog->ninputs + 1, sizeof(int)), n = 0;
  for (int r = 0; r < prog->nrules; r++)
    for (int i = 0; i < prog->rules[r].ninputs_used; i++)
      used[prog->rules[r].inputs_used[i]] = true;
  for (int i = 0; i < prog->ninputs; i++)
    if (used[i])
      slots[n++] = i;
  key("inputs");
  inputs_array(x, slots, n);
  free(slots);
  free(used);
}

void explain_print_json(const Explained *x) {
  const IrProgram *prog = x->prog;
  TextRef id = x->texts[prog->id_input];
  char date[11];
  date_format(x->out->as_of, date);
  fputs("{\"id\": ", stdout);
  if (id.len)
    jsonw_string_n(stdout, id.ptr, (size_t)id.len);
  else
    fputs("null", stdout);
  printf(", \"as_of\": \"%s\"", date);
  all_inputs(x);
  all_policies(x);
  key("rules");
  fputc('[', stdout);
  int64_t external = 0;
  bool any_external = false;
  for (int r = 0; r < prog->nrules; r++) {
    if (r)
      fputs(", ", stdout);
    rule_object(x, r);
    if (prog->rules[r].external) {
      any_external = true;
      external += x->out->rules[r].amount;   /* a part of the checked total */
    }
  }
  fputc(']', stdout);
  key("total");
  output_fen(stdout, x->out->total);
  if (any_external) {
    key("external");
    output_fen(stdout, external);
  }
  fputs("}\n", stdout);
}
