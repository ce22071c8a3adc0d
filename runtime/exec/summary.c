/*
 * summary.c - accumulating the summary of a run (printed by
 * summary_print.c).
 */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

#include "../base/date.h"
#include "../base/wide.h"

void summary_init(Summary *s, const IrProgram *prog) {
  memset(s, 0, sizeof *s);
  s->prog = prog;
  s->rules = xcalloc((size_t)prog->nrules + 1, sizeof(Totals));
  s->policies = xcalloc((size_t)prog->npolicies + 1, sizeof(Totals));
  s->scratch = xcalloc((size_t)prog->npolicies + 1, sizeof(i128));
  s->policy_external = xcalloc((size_t)prog->npolicies + 1, sizeof(bool));
  for (int r = 0; r < prog->nrules; r++)
    if (prog->rules[r].external) {
      s->policy_external[prog->rules[r].policy] = true;
      s->any_external = true;
    }
  s->by_input = -1;
}

const int64_t summary_band_top[SUMMARY_BANDS - 1] = {
    0, 100000 * 100LL, 500000 * 100LL, 1000000 * 100LL, 5000000 * 100LL, 10000000 * 100LL};

static int band_of(int64_t total) {
  int b = 0;
  while (b < SUMMARY_BANDS - 1 && total > summary_band_top[b])
    b++;
  return b;
}

void summary_by(Summary *s, int input) {
  s->by_input = input;
  s->groups = xcalloc(SUMMARY_GROUPS + 1, sizeof(SummaryGroup));
}

bool summary_rule_at_most(const IrRule *rule) {
  return rule->discretionary || rule->external;
}

int summary_calendar_year(int32_t days) {
  int year, month, day;
  date_to_ymd(days, &year, &month, &day);
  return year;
}

static void totals_free(Totals *t) {
  yearsums_free(&t->calendar);
  yearsums_free(&t->calendar_at_most);
}

void summary_free(Summary *s) {
  for (int r = 0; r < s->prog->nrules; r++)
    totals_free(&s->rules[r]);
  for (int p = 0; p < s->prog->npolicies; p++)
    totals_free(&s->policies[p]);
  totals_free(&s->all);
  for (int g = 0; g < s->ngroups; g++) {
    free(s->groups[g].value);
    totals_free(&s->groups[g].totals);
  }
  free(s->groups);
  free(s->rules);
  free(s->policies);
  free(s->scratch);
  free(s->policy_external);
}

/* One award of a rule: its amount, its instalments from calendar year
 * `year`, and what kind of money it is. */
typedef struct Award {
  int64_t amount;
  const int64_t *parts;
  int n;
  int year;
  bool external, at_most;
} Award;

/* Adds one award; `max` of rules only (policies and all are per applicant). */
static void add_amount(Totals *t, const Award *a, bool track_max) {
  t->total += a->amount;
  if (a->external)
    t->external += a->amount;
  if (a->at_most)
    t->at_most += a->amount;
  if (track_max && a->amount > t->max)
    t->max = a->amount;
  for (int i = 0; i < a->n; i++) {
    t->by_year[i < SUMMARY_YEARS ? i : SUMMARY_YEARS - 1] += a->parts[i];
    yearsums_add(&t->calendar, a->year + i, a->parts[i]);
    if (a->at_most)
      yearsums_add(&t->calendar_at_most, a->year + i, a->parts[i]);
  }
}

/* --by: the group of a row's value (created when new); NULL past
 * SUMMARY_GROUPS values, when the summary is not broken down at all
 * (which values came first depends on the threads). */
static SummaryGroup *group_of(Summary *s, const int64_t *ints, const TextRef *texts) {
  if (s->groups_overflow)
    return NULL;
  const IrInput *in = &s->prog->inputs[s->by_input];
  char buf[64];
  const char *value = buf;
  size_t len;
  if (in->kind == VK_TEXT) {
    value = texts[s->by_input].ptr;
    len = (size_t)texts[s->by_input].len;
  } else {
    value_format(in->kind, ints[s->by_input], buf, sizeof buf);
    len = strlen(buf);
  }
  for (int g = 0; g < s->ngroups; g++) {
    SummaryGroup *group = &s->groups[g];
    if (strlen(group->value) == len && memcmp(group->value, value, len) == 0)
      return group;
  }
  if (s->ngroups >= SUMMARY_GROUPS) {
    s->groups_overflow = true;
    return NULL;
  }
  SummaryGroup *group = &s->groups[s->ngroups++];
  group->value = xmalloc(len + 1);
  memcpy(group->value, value, len);
  group->value[len] = '\0';
  return group;
}

void summary_add(Summary *s, const RowOutcome *row, int32_t as_of,
                 const int64_t *ints, const TextRef *texts) {
  const IrProgram *prog = s->prog;
  s->rows++;
  s->bands[band_of(row->total)]++;
  int year = summary_calendar_year(as_of);
  SummaryGroup *group = s->by_input >= 0 ? group_of(s, ints, texts) : NULL;
  if (group)
    group->rows++;
  int64_t parts[SCHEDULE_MAX];
  i128 *policy_sum = s->scratch;
  memset(policy_sum, 0, sizeof(i128) * (size_t)prog->npolicies);
  for (int r = 0; r < row->nrules; r++) {
    int64_t amount = row->rules[r].amount;
    if (amount <= 0)
      continue;
    int n = schedule_of(&prog->rules[r], amount, parts);
    if (n > s->years)
      s->years = n < SUMMARY_YEARS ? n : SUMMARY_YEARS;
    int p = prog->rules[r].policy;
    s->rules[r].paid++;
    Award award = {amount, parts, n, year, prog->rules[r].external,
                   summary_rule_at_most(&prog->rules[r])};
    add_amount(&s->rules[r], &award, true);
    add_amount(&s->policies[p], &award, false);
    add_amount(&s->all, &award, false);
    if (group)
      add_amount(&group->totals, &award, false);
    policy_sum[p] += amount;
  }
  for (int p = 0; p < prog->npolicies; p++)
    if (policy_sum[p] > 0) {
      s->policies[p].paid++;
      /* a policy's max is per applicant, over its rules together */
      if (policy_sum[p] > s->policies[p].max && policy_sum[p] <= INT64_MAX)
        s->policies[p].max = (int64_t)policy_sum[p];
    }
  if (row->total > 0) {
    s->all.paid++;
    if (row->total > s->all.max)
      s->all.max = row->total;
    if (group) {
      group->totals.paid++;
      if (row->total > group->totals.max)
        group->totals.max = row->total;
    }
  }
}

static void merge_totals(Totals *into, const Totals *from) {
  into->paid += from->paid;
  into->total += from->total;
  into->external += from->external;
  if (from->max > into->max)
    into->max = from->max;
  for (int i = 0; i < SUMMARY_YEARS; i++)
    into->by_year[i] += from->by_year[i];
  into->at_most += from->at_most;
  yearsums_merge(&into->calendar, &from->calendar);
  yearsums_merge(&into->calendar_at_most, &from->calendar_at_most);
}

/* --by: a thread's groups into another's, by value. */
static void merge_groups(Summary *into, const Summary *from) {
  into->groups_overflow |= from->groups_overflow;
  for (int g = 0; g < from->ngroups && !into->groups_overflow; g++) {
    const SummaryGroup *src = &from->groups[g];
    SummaryGroup *dst = NULL;
    for (int k = 0; k < into->ngroups && !dst; k++)
      if (strcmp(into->groups[k].value, src->value) == 0)
        dst = &into->groups[k];
    if (!dst && into->ngroups >= SUMMARY_GROUPS) {
      into->groups_overflow = true;
      break;
    }
    if (!dst) {
      dst = &into->groups[into->ngroups++];
      size_t len = strlen(src->value);
      dst->value = xmalloc(len + 1);
      memcpy(dst->value, src->value, len + 1);
    }
    dst->rows += src->rows;
    merge_totals(&dst->totals, &src->totals);
  }
}

void summary_merge(Summary *into, const Summary *from) {
  into->rows += from->rows;
  into->rejected += from->rejected;
  for (int b = 0; b < SUMMARY_BANDS; b++)
    into->bands[b] += from->bands[b];
  for (int r = 0; r < into->prog->nrules; r++)
    merge_totals(&into->rules[r], &from->rules[r]);
  for (int p = 0; p < into->prog->npolicies; p++)
    merge_totals(&into->policies[p], &from->policies[p]);
  merge_totals(&into->all, &from->all);
  if (from->years > into->years)
    into->years = from->years;
  if (into->by_input >= 0)
    merge_groups(into, from);
}

