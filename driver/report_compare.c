/*
 * report_compare.c - the part of `polc report --base` that shows a
 * revision: who gains and who loses, the change by rule and by year.
 */
#include <stdlib.h>

#include "report.h"

void report_compare(FILE *fp, const Compare *c);

static i128 rule_total(const CompareSide *side, int rule) {
  return rule < 0 ? 0 : side->summary.rules[rule].total;
}

static void change_by_rule(FILE *fp, const Compare *c) {
  ReportBar *bars = xcalloc((size_t)c->nrules + 1, sizeof *bars);
  for (int k = 0; k < c->nrules; k++)
    bars[k] = (ReportBar){c->rules[k].name,
                          rule_total(&c->new, c->rules[k].new) -
                              rule_total(&c->base, c->rules[k].base),
                          0, 0, NULL, false};
  fputs("<section><h2>按条款的变化</h2>\n<div class=\"row\">\n", fp);
  report_svg_bars(fp, "change", bars, c->nrules);
  fputs("<table><tr><th>条款</th><th>修订前</th><th>修订后</th><th>变化</th><th></th></tr>\n", fp);
  for (int k = 0; k < c->nrules; k++) {
    fputs("<tr><td>", fp);
    report_escape(fp, c->rules[k].name);
    fputs("</td><td class=\"n\">", fp);
    report_yuan(fp, rule_total(&c->base, c->rules[k].base));
    fputs("</td><td class=\"n\">", fp);
    report_yuan(fp, rule_total(&c->new, c->rules[k].new));
    fputs("</td><td class=\"n\">", fp);
    report_yuan(fp, bars[k].value);
    fprintf(fp, "</td><td>%s</td></tr>\n", c->rules[k].base < 0  ? "新增"
                                           : c->rules[k].new < 0 ? "删除"
                                                                 : "");
  }
  fputs("</table>\n</div></section>\n", fp);
  free(bars);
}

static void change_by_year(FILE *fp, const Compare *c) {
  const YearSums *b = &c->base.summary.all.calendar, *n = &c->new.summary.all.calendar;
  int first = b->count ? b->first : n->first, last = first - 1;
  if (n->count && n->first < first) first = n->first;
  if (b->count) last = b->first + b->count - 1;
  if (n->count && n->first + n->count - 1 > last) last = n->first + n->count - 1;
  int count = last >= first ? last - first + 1 : 0;
  ReportBar *bars = xcalloc((size_t)count + 1, sizeof *bars);
  char (*labels)[16] = xcalloc((size_t)count + 1, sizeof *labels);
  for (int y = 0; y < count; y++) {
    snprintf(labels[y], sizeof labels[y], "%d 年", first + y);
    bars[y] = (ReportBar){labels[y], yearsums_get(n, first + y) - yearsums_get(b, first + y), 0,
                          0, NULL, false};
  }
  fputs("<section><h2>按年度的变化</h2>\n<div class=\"row\">\n", fp);
  report_svg_bars(fp, "change-year", bars, count);
  fputs("<table><tr><th>年度</th><th>修订前</th><th>修订后</th><th>变化</th></tr>\n", fp);
  for (int y = 0; y < count; y++) {
    fprintf(fp, "<tr><td>%d</td><td class=\"n\">", first + y);
    report_yuan(fp, yearsums_get(b, first + y));
    fputs("</td><td class=\"n\">", fp);
    report_yuan(fp, yearsums_get(n, first + y));
    fputs("</td><td class=\"n\">", fp);
    report_yuan(fp, bars[y].value);
    fputs("</td></tr>\n", fp);
  }
  fputs("</table>\n</div></section>\n", fp);
  free(bars);
  free(labels);
}

static void top_table(FILE *fp, const char *title, const CompareTop *top, int n) {
  fputs("<table><tr><th>", fp);
  report_escape(fp, title);
  fputs("</th><th>变化</th></tr>\n", fp);
  for (int k = 0; k < n; k++) {
    fputs("<tr><td>", fp);
    report_escape(fp, top[k].id);
    fputs("</td><td class=\"n\">", fp);
    report_yuan(fp, top[k].delta);
    fputs("</td></tr>\n", fp);
  }
  fputs("</table>\n", fp);
}

void report_compare(FILE *fp, const Compare *c) {
  const Totals *b = &c->base.summary.all, *n = &c->new.summary.all;
  fprintf(fp, "<section><h2>修订的影响</h2><p>增加 %ld 户，减少 %ld 户，不变 %ld 户。合计由 ",
          c->gain, c->lose, c->same);
  report_yuan(fp, b->total);
  fputs(" 元变为 ", fp);
  report_yuan(fp, n->total);
  fputs(" 元（变化 ", fp);
  report_yuan(fp, n->total - b->total);
  fputs(" 元）；其中按公式确定的变化 ", fp);
  report_yuan(fp, (n->total - n->at_most) - (b->total - b->at_most));
  fputs(" 元，经认定最多的变化 ", fp);
  report_yuan(fp, n->at_most - b->at_most);
  fputs(" 元。</p>\n<div class=\"row\">", fp);
  ReportBar bars[3] = {{"增加", (i128)c->gain, 0, 0, NULL, true},
                       {"减少", (i128)c->lose, 0, 0, NULL, true},
                       {"不变", (i128)c->same, 0, 0, NULL, true}};
  report_svg_bars(fp, "winners", bars, 3);
  top_table(fp, "增加最多的企业", c->gains, c->ngains);
  top_table(fp, "减少最多的企业", c->losses, c->nlosses);
  fputs("</div></section>\n", fp);
  change_by_rule(fp, c);
  change_by_year(fp, c);
}
