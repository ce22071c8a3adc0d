/*
 * summary_print.c - the summary of a run as text or JSON, and the check
 * that every figure can be printed.
 */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

#include "../base/exact.h"
#include "../base/i18n.h"
#include "../base/jsonw.h"
#include "../base/utf8.h"
#include "../base/wide.h"

/* An i128 fen amount as yuan, grouped ("1,500,000.00"). */
static void print_yuan(FILE *fp, i128 fen, int width) {
  char digits[64];
  int n = 0;
  bool negative = fen < 0;
  unsigned __int128 mag = negative ? -(unsigned __int128)fen : (unsigned __int128)fen;
  char cents[3] = {(char)('0' + (int)(mag / 10 % 10)), (char)('0' + (int)(mag % 10)), 0};
  mag /= 100;
  do {
    if (n % 4 == 3)
      digits[n++] = ',';
    digits[n++] = (char)('0' + (int)(mag % 10));
    mag /= 10;
  } while (mag);
  char text[80];
  int len = 0;
  if (negative)
    text[len++] = '-';
  while (n)
    text[len++] = digits[--n];
  text[len++] = '.';
  text[len++] = cents[0];
  text[len++] = cents[1];
  text[len] = '\0';
  fprintf(fp, "%*s", width, text);
}

/* The mean award, rounded half up to the fen like every figure. */
static i128 mean(const Totals *t) {
  return t->paid ? wide_div_round(t->total, t->paid) : 0;
}

/* A column after the total: at least one space before it, however wide
 * the figure (19 bytes when it fits). */
static void print_column(FILE *fp, i128 fen) {
  fputc(' ', fp);
  print_yuan(fp, fen, 18);
}

static void print_line(FILE *fp, const char *name, const Totals *t, int years) {
  utf8_print_padded(fp, name, 40, -1);
  fprintf(fp, " %8ld ", t->paid);
  print_yuan(fp, t->total, 20);
  print_column(fp, mean(t));
  print_column(fp, t->max);
  for (int y = 0; y < years; y++)
    print_column(fp, t->by_year[y]);
  fputc('\n', fp);
}

/* Under a total that external rules feed: how much of it they paid. */
static void print_external_line(FILE *fp, const Totals *t) {
  utf8_print_padded(fp, _("  of which set outside the text"), 40, -1);
  fprintf(fp, " %8s ", "");
  print_yuan(fp, t->external, 20);
  fputc('\n', fp);
}

/* --- figures beyond 64 bits ------------------------------------------------------ */

/* Says so when one of a line's figures is beyond what polc prints (an
 * int64 of fen); 1 when it did.  Each award fits, but their total over a
 * registry need not. */
static int check_line(FILE *errors, const char *name, const Totals *t, int years) {
  char what[64];
  snprintf(what, sizeof what, "%s", _("total"));
  bool fits = wide_fits_i64(t->total) && wide_fits_i64(mean(t));
  for (int y = 0; fits && y < years; y++)
    if (!wide_fits_i64(t->by_year[y])) {
      snprintf(what, sizeof what, _("year %d budget"), y + 1);
      fits = false;
    }
  if (fits)
    return 0;
  fprintf(errors, _("summary: the %s of %s exceeds "), what, name);
  print_yuan(errors, INT64_MAX, 0);
  fputs(_(" 元, the largest figure polc prints; summarise the registry in parts\n"), errors);
  return 1;
}

int summary_check(const Summary *s, FILE *errors) {
  const IrProgram *prog = s->prog;
  int years = s->years ? s->years : 1, bad = 0;
  for (int r = 0; r < prog->nrules; r++)
    bad += check_line(errors, prog->rules[r].qualified, &s->rules[r], years);
  for (int p = 0; p < prog->npolicies; p++) {
    char name[128];
    snprintf(name, sizeof name, _("policy %s"), prog->policies[p].id);
    bad += check_line(errors, name, &s->policies[p], years);
  }
  return bad + check_line(errors, _("all policies"), &s->all, years);
}

/* --- calendar years, committed and at most, --by ------------------------------------ */

static bool any_at_most(const IrProgram *prog) {
  for (int r = 0; r < prog->nrules; r++)
    if (summary_rule_at_most(&prog->rules[r]))
      return true;
  return false;
}

static void print_year_heads(FILE *fp, const YearSums *span) {
  for (int y = 0; y < span->count; y++) {
    char head[16];
    snprintf(head, sizeof head, "%d", span->first + y);
    utf8_print_padded(fp, head, 19, 1);
  }
}

static void print_calendar_line(FILE *fp, const char *name, const YearSums *years,
                                const YearSums *span) {
  utf8_print_padded(fp, name, 40, -1);
  for (int y = 0; y < span->count; y++)
    print_column(fp, yearsums_get(years, span->first + y));
  fputc('\n', fp);
}

/* Committed (total less at most) of each calendar year. */
static void print_committed_years(FILE *fp, const Totals *t, const YearSums *span) {
  utf8_print_padded(fp, _("  committed by formula"), 40, -1);
  for (int y = 0; y < span->count; y++)
    print_column(fp, yearsums_get(&t->calendar, span->first + y) -
                         yearsums_get(&t->calendar_at_most, span->first + y));
  fputc('\n', fp);
  print_calendar_line(fp, _("  at most, on assessment"), &t->calendar_at_most, span);
}

/* The budget by calendar year (年度预算): every award's schedule placed
 * from the calendar year of its row's evaluation date. */
static void print_calendar(const Summary *s, FILE *fp) {
  const IrProgram *prog = s->prog;
  const YearSums *span = &s->all.calendar;
  if (span->count == 0)
    return;
  bool split = any_at_most(prog);
  fputs(_("budget by calendar year (year 1 of a schedule in the year of the row's evaluation date)\n"),
        fp);
  fprintf(fp, "%-40s", "");
  print_year_heads(fp, span);
  fputc('\n', fp);
  for (int r = 0; r < prog->nrules; r++)
    print_calendar_line(fp, prog->rules[r].qualified, &s->rules[r].calendar, span);
  for (int p = 0; p < prog->npolicies; p++) {
    char name[128];
    snprintf(name, sizeof name, _("policy %s"), prog->policies[p].id);
    print_calendar_line(fp, name, &s->policies[p].calendar, span);
  }
  print_calendar_line(fp, _("all policies"), &s->all.calendar, span);
  if (split)
    print_committed_years(fp, &s->all, span);
}

static void print_committed_line(FILE *fp, const char *name, const Totals *t) {
  fprintf(fp, "%s: ", name);
  print_yuan(fp, t->total - t->at_most, 0);
  fputs(_(" committed by formula, up to "), fp);
  print_yuan(fp, t->at_most, 0);
  fputs(_(" more on assessment\n"), fp);
}

/* "X committed by formula, up to Y more on assessment": discretionary
 * ceilings and amounts set outside the text are not formula money. */
static void print_committed(const Summary *s, FILE *fp) {
  const IrProgram *prog = s->prog;
  if (prog->nrules == 0)
    return;
  for (int p = 0; p < prog->npolicies; p++) {
    char name[128];
    snprintf(name, sizeof name, _("policy %s"), prog->policies[p].id);
    print_committed_line(fp, name, &s->policies[p]);
  }
  print_committed_line(fp, _("all policies"), &s->all);
}

static int by_value(const void *a, const void *b) {
  return strcmp((*(const SummaryGroup *const *)a)->value, (*(const SummaryGroup *const *)b)->value);
}

/* --by's groups in the order of their values (the same for any threads). */
static const SummaryGroup **sorted_groups(const Summary *s) {
  const SummaryGroup **order = xcalloc((size_t)s->ngroups + 1, sizeof *order);
  for (int g = 0; g < s->ngroups; g++)
    order[g] = &s->groups[g];
  qsort(order, (size_t)s->ngroups, sizeof *order, by_value);
  return order;
}

static void print_groups(const Summary *s, FILE *fp) {
  const IrInput *in = &s->prog->inputs[s->by_input];
  const YearSums *span = &s->all.calendar;
  if (s->groups_overflow) {
    fprintf(fp, _("by %s: more than %d values, not broken down; choose a column with fewer "
                  "(a district, a kind, a bool)\n"),
            in->name, SUMMARY_GROUPS);
    return;
  }
  fprintf(fp, _("by %s\n"), in->name);
  fprintf(fp, "%-40s ", "");
  utf8_print_padded(fp, _("rows"), 8, 1);
  fputc(' ', fp);
  utf8_print_padded(fp, _("paid"), 8, 1);
  fputc(' ', fp);
  utf8_print_padded(fp, _("total"), 20, 1);
  utf8_print_padded(fp, _("committed"), 19, 1);
  utf8_print_padded(fp, _("at most"), 19, 1);
  print_year_heads(fp, span);
  fputc('\n', fp);
  const SummaryGroup **order = sorted_groups(s);
  for (int g = 0; g < s->ngroups; g++) {
    const SummaryGroup *group = order[g];
    const Totals *t = &group->totals;
    utf8_print_padded(fp, group->value, 40, -1);
    fprintf(fp, " %8ld %8ld ", group->rows, t->paid);
    print_yuan(fp, t->total, 20);
    print_column(fp, t->total - t->at_most);
    print_column(fp, t->at_most);
    for (int y = 0; y < span->count; y++)
      print_column(fp, yearsums_get(&t->calendar, span->first + y));
    fputc('\n', fp);
  }
  free(order);
}

static void print_text(const Summary *s, FILE *fp) {
  const IrProgram *prog = s->prog;
  int years = s->years ? s->years : 1;
  fprintf(fp, ngettext("summary: %ld row evaluated, %ld rejected\n",
                       "summary: %ld rows evaluated, %ld rejected\n", (unsigned long)s->rows),
          s->rows, s->rejected);
  fprintf(fp, "%-40s ", "");
  utf8_print_padded(fp, _("paid"), 8, 1);
  fputc(' ', fp);
  utf8_print_padded(fp, _("total"), 20, 1);
  utf8_print_padded(fp, _("mean"), 19, 1);
  utf8_print_padded(fp, _("max"), 19, 1);
  for (int y = 0; y < years; y++) {
    char head[32];
    snprintf(head, sizeof head, _("year %d"), y + 1);
    utf8_print_padded(fp, head, 19, 1);
  }
  fputc('\n', fp);
  for (int r = 0; r < prog->nrules; r++) {
    print_line(fp, prog->rules[r].qualified, &s->rules[r], years);
    if (prog->rules[r].external)
      print_external_line(fp, &s->rules[r]);
  }
  for (int p = 0; p < prog->npolicies; p++) {
    char name[128];
    snprintf(name, sizeof name, _("policy %s"), prog->policies[p].id);
    print_line(fp, name, &s->policies[p], years);
    if (s->policy_external[p])
      print_external_line(fp, &s->policies[p]);
  }
  print_line(fp, _("all policies"), &s->all, years);
  if (s->any_external)
    print_external_line(fp, &s->all);
  print_calendar(s, fp);
  print_committed(s, fp);
  if (s->by_input >= 0)
    print_groups(s, fp);
}

/* i128 fen as a JSON number with two decimals. */
static void json_fen(FILE *fp, i128 fen) {
  if (fen >= INT64_MIN && fen <= INT64_MAX) {
    char buf[32];
    exact_format_fen(buf, sizeof buf, (int64_t)fen);
    fputs(buf, fp);
  } else {
    fputs("null", fp);
  }
}

/* `external` (the part set outside the text) only where external rules feed
 * the total, as the text output shows it. */
static void json_totals(FILE *fp, const Totals *t, int years, bool external) {
  fprintf(fp, "\"paid\": %ld, \"total\": ", t->paid);
  json_fen(fp, t->total);
  if (external) {
    fputs(", \"external\": ", fp);
    json_fen(fp, t->external);
  }
  fputs(", \"mean\": ", fp);
  json_fen(fp, mean(t));
  fputs(", \"max\": ", fp);
  json_fen(fp, t->max);
  fputs(", \"by_year\": [", fp);
  for (int y = 0; y < years; y++) {
    if (y)
      fputs(", ", fp);
    json_fen(fp, t->by_year[y]);
  }
  fputs("], \"committed\": ", fp);
  json_fen(fp, t->total - t->at_most);
  fputs(", \"at_most\": ", fp);
  json_fen(fp, t->at_most);
  fputs(", \"by_calendar_year\": {", fp);
  for (int y = 0; y < t->calendar.count; y++) {
    fprintf(fp, "%s\"%d\": ", y ? ", " : "", t->calendar.first + y);
    json_fen(fp, t->calendar.sums[y]);
  }
  fputc('}', fp);
}

static void print_json(const Summary *s, FILE *fp) {
  const IrProgram *prog = s->prog;
  int years = s->years ? s->years : 1;
  fprintf(fp, "{\"rows\": %ld, \"rejected\": %ld, \"rules\": [", s->rows, s->rejected);
  for (int r = 0; r < prog->nrules; r++) {
    fputs(r ? ",\n  {\"rule\": " : "\n  {\"rule\": ", fp);
    jsonw_string(fp, prog->rules[r].qualified);
    fputs(", ", fp);
    json_totals(fp, &s->rules[r], years, prog->rules[r].external);
    fputc('}', fp);
  }
  fputs("],\n \"policies\": [", fp);
  for (int p = 0; p < prog->npolicies; p++) {
    fputs(p ? ",\n  {\"policy\": " : "\n  {\"policy\": ", fp);
    jsonw_string(fp, prog->policies[p].id);
    fputs(", ", fp);
    json_totals(fp, &s->policies[p], years, s->policy_external[p]);
    fputc('}', fp);
  }
  fputs("],\n \"all\": {", fp);
  json_totals(fp, &s->all, years, s->any_external);
  fputc('}', fp);
  if (s->by_input >= 0) {
    fputs(",\n \"by\": {\"column\": ", fp);
    jsonw_string(fp, s->prog->inputs[s->by_input].name);
    if (s->groups_overflow) {
      fprintf(fp, ", \"more_values_than\": %d, \"groups\": null}", SUMMARY_GROUPS);
    } else {
      fputs(", \"groups\": [", fp);
      const SummaryGroup **order = sorted_groups(s);
      for (int g = 0; g < s->ngroups; g++) {
        fputs(g ? ",\n  {\"value\": " : "\n  {\"value\": ", fp);
        jsonw_string(fp, order[g]->value);
        fprintf(fp, ", \"rows\": %ld, ", order[g]->rows);
        json_totals(fp, &order[g]->totals, years, false);
        fputc('}', fp);
      }
      free(order);
      fputs("]}", fp);
    }
  }
  fputs("}\n", fp);
}

void summary_print(const Summary *s, FILE *fp, bool json) {
  if (json)
    print_json(s, fp);
  else
    print_text(s, fp);
}
