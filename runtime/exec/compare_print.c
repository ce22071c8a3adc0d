/*
 * compare_print.c - what `polc compare` writes: a row per applicant (CSV,
 * JSON Lines or a table) and the summary (text or JSON).
 */
#include "compare.h"

#include <string.h>

#include "../base/exact.h"
#include "../base/i18n.h"
#include "../base/jsonw.h"
#include "../base/utf8.h"

/* --- rows --------------------------------------------------------------------- */

static void csv_name(TextBuf *tb, const char *s) {
  bool quote = strpbrk(s, ",\"\n\r") != NULL;
  if (quote)
    tb_putc(tb, '"');
  for (; *s; s++) {
    if (*s == '"')
      tb_putc(tb, '"');
    tb_putc(tb, *s);
  }
  if (quote)
    tb_putc(tb, '"');
}

/* The leading figures of a row: base, new, delta, then with --committed
 * each side's total split (committed by formula, at most on assessment:
 * output_at_most), so that committed + at_most is the side's total. */
enum { LEAD_PLAIN = 3, LEAD_MAX = 7 };
static const char *const lead_names[LEAD_MAX] = {
    "base", "new", "delta", "base_committed", "base_at_most", "new_committed", "new_at_most"};

static int lead_figures(const Compare *c, const CompareRowOut *out, int64_t *lead) {
  const RowOutcome *b = &c->base.row.outcome, *n = &c->new.row.outcome;
  lead[0] = b->total;
  lead[1] = n->total;
  lead[2] = n->total - b->total;   /* row_deltas checked it fits */
  if (!out->committed)
    return LEAD_PLAIN;
  int64_t b_most = output_at_most(c->base.prog, b), n_most = output_at_most(c->new.prog, n);
  lead[3] = b->total - b_most;
  lead[4] = b_most;
  lead[5] = n->total - n_most;
  lead[6] = n_most;
  return LEAD_MAX;
}

void compare_output_begin(const Compare *c, CompareRowOut *out) {
  int nlead = out->committed ? LEAD_MAX : LEAD_PLAIN;
  if (out->format == OUT_CSV) {
    tb_put(&out->buf, "id", 2);
    for (int i = 0; i < nlead; i++) {
      tb_putc(&out->buf, ',');
      tb_put(&out->buf, lead_names[i], strlen(lead_names[i]));
    }
    for (int k = 0; k < c->nrules; k++) {
      tb_putc(&out->buf, ',');
      csv_name(&out->buf, c->rules[k].name);
    }
    tb_putc(&out->buf, '\n');
    tb_flush(&out->buf, out->fp);
  } else if (out->format == OUT_TABLE) {
    fprintf(out->fp, "%-24s %16s %16s %16s", "id", _("base"), _("new"), _("change"));
    if (out->committed)
      fprintf(out->fp, " %16s %16s %16s %16s", _("base committed"), _("base at most"),
              _("new committed"), _("new at most"));
    fprintf(out->fp, "  %s\n", _("changed rules"));
  }
}

static void csv_row(const Compare *c, CompareRowOut *out, TextRef id, const int64_t *deltas) {
  TextBuf *tb = &out->buf;
  int64_t lead[LEAD_MAX];
  int nlead = lead_figures(c, out, lead);
  tb_grow(tb, 2 * (size_t)id.len + 4 + (TB_FEN_MAX + 1) * (size_t)(c->nrules + LEAD_MAX + 1));
  bool quote = memchr(id.ptr, ',', (size_t)id.len) || memchr(id.ptr, '"', (size_t)id.len) ||
               memchr(id.ptr, '\n', (size_t)id.len) || memchr(id.ptr, '\r', (size_t)id.len);
  if (quote) {
    tb_putc(tb, '"');
    for (int64_t i = 0; i < id.len; i++) {
      if (id.ptr[i] == '"')
        tb_putc(tb, '"');
      tb_putc(tb, id.ptr[i]);
    }
    tb_putc(tb, '"');
  } else {
    tb_put(tb, id.ptr, (size_t)id.len);
  }
  char *w = tb->data + tb->len;
  for (int i = 0; i < nlead; i++) {
    *w++ = ',';
    w = tb_write_fen(w, lead[i]);
  }
  for (int k = 0; k < c->nrules; k++) {
    *w++ = ',';
    w = tb_write_fen(w, deltas[k]);
  }
  *w++ = '\n';
  tb->len = (size_t)(w - tb->data);
  if (tb->len >= OUTPUT_FLUSH_BYTES)
    tb_flush(tb, out->fp);
}

static void json_fen64(FILE *fp, int64_t fen) {
  char buf[32];
  exact_format_fen(buf, sizeof buf, fen);
  fputs(buf, fp);
}

/* {"id", "base", "new", "delta", (the split,) "rules": {every rule: its delta}} */
static void jsonl_row(const Compare *c, const CompareRowOut *out, TextRef id,
                      const int64_t *deltas) {
  FILE *fp = out->fp;
  int64_t lead[LEAD_MAX];
  int nlead = lead_figures(c, out, lead);
  fputs("{\"id\": ", fp);
  jsonw_string_n(fp, id.ptr, (size_t)id.len);
  for (int i = 0; i < nlead; i++) {
    fprintf(fp, ", \"%s\": ", lead_names[i]);
    json_fen64(fp, lead[i]);
  }
  fputs(", \"rules\": {", fp);
  for (int k = 0; k < c->nrules; k++) {
    if (k)
      fputs(", ", fp);
    jsonw_string(fp, c->rules[k].name);
    fputs(": ", fp);
    json_fen64(fp, deltas[k]);
  }
  fputs("}}\n", fp);
}

static void table_row(const Compare *c, const CompareRowOut *out, TextRef id,
                      const int64_t *deltas) {
  FILE *fp = out->fp;
  int64_t lead[LEAD_MAX];
  int nlead = lead_figures(c, out, lead);
  char d[40];
  fprintf(fp, "%-24.*s", (int)id.len, id.ptr);
  for (int i = 0; i < nlead; i++) {
    value_format_fen(lead[i], d, sizeof d);
    fprintf(fp, " %16s", d);
  }
  int shown = 0;
  for (int k = 0; k < c->nrules; k++) {
    if (deltas[k] == 0)
      continue;
    value_format_fen(deltas[k], d, sizeof d);
    fprintf(fp, "%s%s %s", shown++ ? "; " : "  ", c->rules[k].name, d);
  }
  fputc('\n', fp);
}

void compare_output_row(const Compare *c, CompareRowOut *out, TextRef id,
                        const int64_t *deltas) {
  switch (out->format) {
  case OUT_CSV: csv_row(c, out, id, deltas); break;
  case OUT_JSONL: jsonl_row(c, out, id, deltas); break;
  case OUT_TABLE: table_row(c, out, id, deltas); break;
  case OUT_XLSX:   /* compare writes no workbook: cmd_compare never asks */
  case OUT_NONE: break;
  }
}

void compare_output_end(CompareRowOut *out) {
  tb_flush(&out->buf, out->fp);
  tb_free(&out->buf);
}

/* --- the summary -------------------------------------------------------------------- */

static const Totals no_totals;

static const Totals *rule_totals(const CompareSide *side, int rule) {
  return rule < 0 ? &no_totals : &side->summary.rules[rule];
}

static const Totals *policy_totals(const CompareSide *side, int policy) {
  return policy < 0 ? &no_totals : &side->summary.policies[policy];
}

/* An i128 fen figure in yuan, grouped; the caller checked it fits. */
static void yuan(FILE *fp, i128 fen, int width, bool sign) {
  char buf[48];
  value_format_fen((int64_t)fen, buf, sizeof buf);
  char text[50];
  snprintf(text, sizeof text, "%s%s", sign && fen > 0 ? "+" : "", buf);
  fprintf(fp, "%*s", width, text);
}

static void change_line(FILE *fp, const char *name, i128 base, i128 new) {
  utf8_print_padded(fp, name, 40, -1);
  yuan(fp, base, 20, false);
  yuan(fp, new, 20, false);
  yuan(fp, new - base, 20, true);
  fputc('\n', fp);
}

static bool fits3(i128 base, i128 new) {
  return wide_fits_i64(base) && wide_fits_i64(new) && wide_fits_i64(new - base);
}

int compare_check(const Compare *c, FILE *errors) {
  int bad = summary_check(&c->base.summary, errors) + summary_check(&c->new.summary, errors);
  if (!bad && !fits3(c->base.summary.all.total, c->new.summary.all.total)) {
    fprintf(errors, "%s", _("summary: the change of the total exceeds the largest figure polc "
                            "prints; summarise the registry in parts\n"));
    bad++;
  }
  return bad;
}

/* The span of calendar years either set pays in. */
static void year_span(const Compare *c, int *first, int *last) {
  const YearSums *b = &c->base.summary.all.calendar, *n = &c->new.summary.all.calendar;
  *first = 1 << 30;
  *last = -(1 << 30);
  const YearSums *spans[2] = {b, n};
  for (int i = 0; i < 2; i++)
    if (spans[i]->count) {
      if (spans[i]->first < *first) *first = spans[i]->first;
      if (spans[i]->first + spans[i]->count - 1 > *last)
        *last = spans[i]->first + spans[i]->count - 1;
    }
}

static void print_heads(FILE *fp, const char *title) {
  utf8_print_padded(fp, title, 40, -1);
  utf8_print_padded(fp, _("base"), 20, 1);
  utf8_print_padded(fp, _("new"), 20, 1);
  utf8_print_padded(fp, _("change"), 20, 1);
  fputc('\n', fp);
}

static void print_top(FILE *fp, const char *title, const CompareTop *top, int n) {
  if (n == 0)
    return;
  fputs(title, fp);
  fputc('\n', fp);
  for (int k = 0; k < n; k++) {
    fputs("  ", fp);
    utf8_print_padded(fp, top[k].id, 38, -1);
    yuan(fp, top[k].delta, 20, true);
    fputc('\n', fp);
  }
}

static void print_text(const Compare *c, FILE *fp) {
  const Totals *ba = &c->base.summary.all, *na = &c->new.summary.all;
  fprintf(fp, ngettext("compare: %ld row evaluated, %ld rejected\n",
                       "compare: %ld rows evaluated, %ld rejected\n", (unsigned long)c->rows),
          c->rows, c->rejected);
  fprintf(fp, _("applicants: %ld gain, %ld lose, %ld unchanged\n"), c->gain, c->lose, c->same);
  for (int k = 0; k < c->nrules; k++)
    if (c->rules[k].base < 0)
      fprintf(fp, _("rule added: %s\n"), c->rules[k].name);
    else if (c->rules[k].new < 0)
      fprintf(fp, _("rule removed: %s\n"), c->rules[k].name);
  print_heads(fp, _("budget change"));
  for (int k = 0; k < c->nrules; k++)
    change_line(fp, c->rules[k].name, rule_totals(&c->base, c->rules[k].base)->total,
                rule_totals(&c->new, c->rules[k].new)->total);
  for (int p = 0; p < c->npolicies; p++) {
    char name[128];
    snprintf(name, sizeof name, _("policy %s"), c->policies[p].id);
    change_line(fp, name, policy_totals(&c->base, c->policies[p].base)->total,
                policy_totals(&c->new, c->policies[p].new)->total);
  }
  change_line(fp, _("all policies"), ba->total, na->total);
  change_line(fp, _("  committed by formula"), ba->total - ba->at_most, na->total - na->at_most);
  change_line(fp, _("  at most, on assessment"), ba->at_most, na->at_most);
  int first, last;
  year_span(c, &first, &last);
  if (first <= last)
    print_heads(fp, _("by calendar year"));
  for (int y = first; y <= last; y++) {
    char name[16];
    snprintf(name, sizeof name, "%d", y);
    change_line(fp, name, yearsums_get(&ba->calendar, y), yearsums_get(&na->calendar, y));
  }
  print_top(fp, _("largest gains"), c->gains, c->ngains);
  print_top(fp, _("largest losses"), c->losses, c->nlosses);
}

static void json_fen(FILE *fp, i128 fen) {
  json_fen64(fp, (int64_t)fen);
}

static void json_change(FILE *fp, i128 base, i128 new) {
  fputs("\"base\": ", fp);
  json_fen(fp, base);
  fputs(", \"new\": ", fp);
  json_fen(fp, new);
  fputs(", \"change\": ", fp);
  json_fen(fp, new - base);
}

static void json_top(FILE *fp, const char *key, const CompareTop *top, int n) {
  fprintf(fp, ",\n \"%s\": [", key);
  for (int k = 0; k < n; k++) {
    fputs(k ? ", {\"id\": " : "{\"id\": ", fp);
    jsonw_string(fp, top[k].id);
    fputs(", \"delta\": ", fp);
    json_fen64(fp, top[k].delta);
    fputc('}', fp);
  }
  fputc(']', fp);
}

static void print_json(const Compare *c, FILE *fp) {
  const Totals *ba = &c->base.summary.all, *na = &c->new.summary.all;
  fprintf(fp, "{\"rows\": %ld, \"rejected\": %ld, \"gain\": %ld, \"lose\": %ld, "
              "\"unchanged\": %ld,\n \"rules\": [",
          c->rows, c->rejected, c->gain, c->lose, c->same);
  for (int k = 0; k < c->nrules; k++) {
    fputs(k ? ",\n  {\"rule\": " : "\n  {\"rule\": ", fp);
    jsonw_string(fp, c->rules[k].name);
    fprintf(fp, ", \"status\": \"%s\", ", c->rules[k].base < 0  ? "added"
                                          : c->rules[k].new < 0 ? "removed"
                                                                : "kept");
    json_change(fp, rule_totals(&c->base, c->rules[k].base)->total,
                rule_totals(&c->new, c->rules[k].new)->total);
    fputc('}', fp);
  }
  fputs("],\n \"policies\": [", fp);
  for (int p = 0; p < c->npolicies; p++) {
    fputs(p ? ",\n  {\"policy\": " : "\n  {\"policy\": ", fp);
    jsonw_string(fp, c->policies[p].id);
    fputs(", ", fp);
    json_change(fp, policy_totals(&c->base, c->policies[p].base)->total,
                policy_totals(&c->new, c->policies[p].new)->total);
    fputc('}', fp);
  }
  fputs("],\n \"all\": {", fp);
  json_change(fp, ba->total, na->total);
  fputs(", \"committed\": {", fp);
  json_change(fp, ba->total - ba->at_most, na->total - na->at_most);
  fputs("}, \"at_most\": {", fp);
  json_change(fp, ba->at_most, na->at_most);
  fputs("}},\n \"by_calendar_year\": {", fp);
  int first, last;
  year_span(c, &first, &last);
  for (int y = first; y <= last; y++) {
    fprintf(fp, "%s\"%d\": {", y > first ? ", " : "", y);
    json_change(fp, yearsums_get(&ba->calendar, y), yearsums_get(&na->calendar, y));
    fputc('}', fp);
  }
  fputc('}', fp);
  json_top(fp, "largest_gains", c->gains, c->ngains);
  json_top(fp, "largest_losses", c->losses, c->nlosses);
  fputs("}\n", fp);
}

void compare_print_summary(const Compare *c, FILE *fp, bool json) {
  if (json)
    print_json(c, fp);
  else
    print_text(c, fp);
}
