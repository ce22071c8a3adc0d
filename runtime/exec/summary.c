/*
 * summary.c - accumulating and printing the summary of a run.
 */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

#include "../base/exact.h"
#include "../base/i18n.h"
#include "../base/jsonw.h"
#include "../base/utf8.h"
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
}

void summary_free(Summary *s) {
  free(s->rules);
  free(s->policies);
  free(s->scratch);
  free(s->policy_external);
}

/* Adds one award; `max` of rules only (policies and all are per applicant). */
static void add_amount(Totals *t, int64_t amount, const int64_t *parts, int n,
                       bool track_max, bool external) {
  t->total += amount;
  if (external)
    t->external += amount;
  if (track_max && amount > t->max)
    t->max = amount;
  for (int i = 0; i < n; i++)
    t->by_year[i < SUMMARY_YEARS ? i : SUMMARY_YEARS - 1] += parts[i];
}

void summary_add(Summary *s, const RowOutcome *row) {
  const IrProgram *prog = s->prog;
  s->rows++;
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
    bool external = prog->rules[r].external;
    add_amount(&s->rules[r], amount, parts, n, true, external);
    add_amount(&s->policies[p], amount, parts, n, false, external);
    add_amount(&s->all, amount, parts, n, false, external);
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
}

void summary_merge(Summary *into, const Summary *from) {
  into->rows += from->rows;
  into->rejected += from->rejected;
  for (int r = 0; r < into->prog->nrules; r++)
    merge_totals(&into->rules[r], &from->rules[r]);
  for (int p = 0; p < into->prog->npolicies; p++)
    merge_totals(&into->policies[p], &from->policies[p]);
  merge_totals(&into->all, &from->all);
  if (from->years > into->years)
    into->years = from->years;
}

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
  fputc(']', fp);
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
  fputs("}}\n", fp);
}

void summary_print(const Summary *s, FILE *fp, bool json) {
  if (json)
    print_json(s, fp);
  else
    print_text(s, fp);
}
