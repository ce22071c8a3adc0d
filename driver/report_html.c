/*
 * report_html.c - the page of `polc report`: the policies with their
 * titles and citations, then each view of the budget as a chart with its
 * numbers in a table beside it.  Chinese, as the finance bureaus that read
 * it; printable on A4; every text from a policy or a registry escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "../runtime/base/date.h"
#include "report.h"

static const char style[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\","
    "sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.5}"
    "h1{font-size:1.6em;border-bottom:2px solid #1f5fa8}h2{font-size:1.25em;margin-top:1.6em;"
    "color:#1f5fa8}section{break-inside:avoid}"
    ".row{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}"
    "table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #bbb;padding:2px 6px}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "th{background:#eef3f9}svg.chart text{font-size:11px;fill:#222}"
    ".legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;"
    "vertical-align:middle}pre{font-size:.8em;background:#f6f6f6;padding:.5em;"
    "white-space:pre-wrap}.note{color:#555;font-size:.9em}"
    "@media print{@page{size:A4;margin:15mm}body{margin:0;max-width:none}"
    "svg.chart{max-width:100%;height:auto}h2{break-after:avoid}}";

/* --- tables ------------------------------------------------------------------- */

static void th(FILE *fp, const char *const *heads, int n) {
  fputs("<table><tr>", fp);
  for (int i = 0; i < n; i++) {
    fputs("<th>", fp);
    report_escape(fp, heads[i]);
    fputs("</th>", fp);
  }
  fputs("</tr>\n", fp);
}

static void td_text(FILE *fp, const char *text) {
  fputs("<td>", fp);
  report_escape(fp, text);
  fputs("</td>", fp);
}

static void td_yuan(FILE *fp, i128 fen) {
  fputs("<td class=\"n\">", fp);
  report_yuan(fp, fen);
  fputs("</td>", fp);
}

static void td_count(FILE *fp, long n) {
  fprintf(fp, "<td class=\"n\">%ld</td>", n);
}

/* A chart and its table side by side: opens the row; the caller writes
 * the table and calls end_figure. */
static void figure(FILE *fp, const char *title, const char *kind, const ReportBar *bars, int n) {
  fputs("<section><h2>", fp);
  report_escape(fp, title);
  fputs("</h2>\n<div class=\"row\">\n", fp);
  report_svg_bars(fp, kind, bars, n);
}

static void end_figure(FILE *fp) {
  fputs("</table>\n</div></section>\n", fp);
}

/* --- the parts ------------------------------------------------------------------- */

static const char *rule_kind(const IrRule *rule) {
  return rule->external ? "外部确定（从其要求）" : rule->discretionary ? "最高可（经认定）" : "按公式";
}

static void head(FILE *fp, const ReportData *d) {
  const IrProgram *prog = d->prog;
  fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width\">\n<title>", fp);
  fputs(d->compare ? "政策修订财政影响测算" : "政策财政测算", fp);
  fprintf(fp, "</title>\n<style>%s</style></head><body>\n<h1>", style);
  fputs(d->compare ? "政策修订财政影响测算报告" : "政策财政测算报告", fp);
  fputs("</h1>\n<p class=\"note\">申报名册：", fp);
  report_escape(fp, d->registry_name);
  fputs("。由 polc 生成；金额单位：元。</p>\n<section><h2>政策</h2><ul>\n", fp);
  for (int p = 0; p < prog->npolicies; p++) {
    const IrPolicy *pol = &prog->policies[p];
    fputs("<li><b>", fp);
    report_escape(fp, pol->title ? pol->title : pol->id);
    fputs("</b>（", fp);
    report_escape(fp, pol->id);
    fputs("）", fp);
    if (pol->document) {
      fputs("，", fp);
      report_escape(fp, pol->document);
    }
    if (pol->issuer) {
      fputs("，", fp);
      report_escape(fp, pol->issuer);
    }
    if (pol->has_effective) {
      char from[11], to[11];
      date_format(pol->effective_from, from);
      fprintf(fp, "，%s 起施行", from);
      if (pol->has_end) {
        date_format(pol->effective_to, to);
        fprintf(fp, "，至 %s", to);
      }
    }
    fputs("</li>\n", fp);
  }
  fputs("</ul></section>\n", fp);
}

static void overview(FILE *fp, const ReportData *d) {
  const Summary *s = d->summary;
  fprintf(fp, "<section><h2>总体</h2><p>测算 %ld 户，拒绝 %ld 行；获得支持 %ld 户，合计 ",
          s->rows, d->rejected, s->all.paid);
  report_yuan(fp, s->all.total);
  fputs(" 元。其中<b>按公式确定 ", fp);
  report_yuan(fp, s->all.total - s->all.at_most);
  fputs(" 元</b>，另有<b>经认定最多 ", fp);
  report_yuan(fp, s->all.at_most);
  fputs(" 元</b>（“最高可”条款的上限及外部确定的金额，实际以认定为准）。</p></section>\n", fp);
}

static void by_policy(FILE *fp, const ReportData *d) {
  const IrProgram *prog = d->prog;
  const Summary *s = d->summary;
  ReportBar *bars = xcalloc((size_t)prog->npolicies + 1, sizeof *bars);
  for (int p = 0; p < prog->npolicies; p++)
    bars[p] = (ReportBar){prog->policies[p].id, s->policies[p].total, s->policies[p].at_most, 0,
                          NULL, false};
  figure(fp, "按政策：按公式确定与经认定最多", "policy", bars, prog->npolicies);
  static const char *const heads[] = {"政策", "获得支持（户）", "合计", "按公式确定", "经认定最多"};
  th(fp, heads, 5);
  for (int p = 0; p < prog->npolicies; p++) {
    const Totals *t = &s->policies[p];
    fputs("<tr>", fp);
    td_text(fp, prog->policies[p].id);
    td_count(fp, t->paid);
    td_yuan(fp, t->total);
    td_yuan(fp, t->total - t->at_most);
    td_yuan(fp, t->at_most);
    fputs("</tr>\n", fp);
  }
  fputs("<tr><th>合计</th>", fp);
  td_count(fp, s->all.paid);
  td_yuan(fp, s->all.total);
  td_yuan(fp, s->all.total - s->all.at_most);
  td_yuan(fp, s->all.at_most);
  fputs("</tr>\n", fp);
  end_figure(fp);
  fputs("<p class=\"note\">深色：按公式确定；浅色：经认定最多（上限）。</p>\n", fp);
  free(bars);
}

/* Per rule: the budget (kind "rule"), or the applicants paid ("paid"). */
static void by_rule(FILE *fp, const ReportData *d, bool applicants) {
  const IrProgram *prog = d->prog;
  const Summary *s = d->summary;
  ReportBar *bars = xcalloc((size_t)prog->nrules + 1, sizeof *bars);
  for (int r = 0; r < prog->nrules; r++) {
    const Totals *t = &s->rules[r];
    bars[r] = applicants ? (ReportBar){prog->rules[r].qualified, (i128)t->paid, 0, 0, NULL, true}
                         : (ReportBar){prog->rules[r].qualified, t->total, t->at_most, 0, NULL, false};
  }
  if (applicants) {
    figure(fp, "各条款获得支持的企业数", "paid", bars, prog->nrules);
    static const char *const heads[] = {"条款", "条文", "获得支持（户）"};
    th(fp, heads, 3);
  } else {
    figure(fp, "按条款", "rule", bars, prog->nrules);
    static const char *const heads[] = {"条款", "条文", "性质", "合计", "平均", "最高"};
    th(fp, heads, 6);
  }
  for (int r = 0; r < prog->nrules; r++) {
    const Totals *t = &s->rules[r];
    fputs("<tr>", fp);
    td_text(fp, prog->rules[r].qualified);
    td_text(fp, prog->rules[r].citation);
    if (applicants) {
      td_count(fp, t->paid);
    } else {
      td_text(fp, rule_kind(&prog->rules[r]));
      td_yuan(fp, t->total);
      td_yuan(fp, t->paid ? t->total / t->paid : 0);
      td_yuan(fp, t->max);
    }
    fputs("</tr>\n", fp);
  }
  end_figure(fp);
  free(bars);
}

static void legend(FILE *fp, const IrProgram *prog) {
  fputs("<p class=\"legend\">", fp);
  for (int p = 0; p < prog->npolicies; p++) {
    fprintf(fp, "<span style=\"background:%s\"></span>", report_colour(p));
    report_escape(fp, prog->policies[p].id);
  }
  fputs("</p>\n", fp);
}

/* The budget by calendar year, each year's bar stacked by policy. */
static void by_year(FILE *fp, const ReportData *d) {
  const IrProgram *prog = d->prog;
  const Summary *s = d->summary;
  const YearSums *span = &s->all.calendar;
  int n = span->count, np = prog->npolicies;
  ReportBar *bars = xcalloc((size_t)n + 1, sizeof *bars);
  i128 *stacks = xcalloc((size_t)(n * np) + 1, sizeof(i128));
  char (*labels)[16] = xcalloc((size_t)n + 1, sizeof *labels);
  for (int y = 0; y < n; y++) {
    snprintf(labels[y], sizeof labels[y], "%d 年", span->first + y);
    for (int p = 0; p < np; p++)
      stacks[y * np + p] = yearsums_get(&s->policies[p].calendar, span->first + y);
    bars[y] = (ReportBar){labels[y], span->sums[y], 0, np, stacks + y * np, false};
  }
  figure(fp, "按年度（年度预算，按政策堆叠）", "year", bars, n);
  fputs("<table><tr><th>年度</th>", fp);
  for (int p = 0; p < np; p++) {
    fputs("<th>", fp);
    report_escape(fp, prog->policies[p].id);
    fputs("</th>", fp);
  }
  fputs("<th>合计</th><th>其中经认定最多</th></tr>\n", fp);
  for (int y = 0; y < n; y++) {
    fprintf(fp, "<tr><td>%d</td>", span->first + y);
    for (int p = 0; p < np; p++)
      td_yuan(fp, stacks[y * np + p]);
    td_yuan(fp, span->sums[y]);
    td_yuan(fp, yearsums_get(&s->all.calendar_at_most, span->first + y));
    fputs("</tr>\n", fp);
  }
  end_figure(fp);
  legend(fp, prog);
  fputs("<p class=\"note\">分期支付的奖励：第 1 期计入申报（测算）日期所在年度，第 2 期计入次年，依此类推。</p>\n",
        fp);
  free(bars);
  free(stacks);
  free(labels);
}

static void distribution(FILE *fp, const ReportData *d) {
  static const char *const names[SUMMARY_BANDS] = {
      "0 元", "10 万元及以下", "10–50 万元", "50–100 万元", "100–500 万元", "500–1000 万元",
      "1000 万元以上"};
  ReportBar bars[SUMMARY_BANDS];
  for (int b = 0; b < SUMMARY_BANDS; b++)
    bars[b] = (ReportBar){names[b], (i128)d->summary->bands[b], 0, 0, NULL, true};
  figure(fp, "奖励金额分布（企业户数）", "band", bars, SUMMARY_BANDS);
  static const char *const heads[] = {"每户合计", "户数"};
  th(fp, heads, 2);
  for (int b = 0; b < SUMMARY_BANDS; b++) {
    fputs("<tr>", fp);
    td_text(fp, names[b]);
    td_count(fp, d->summary->bands[b]);
    fputs("</tr>\n", fp);
  }
  end_figure(fp);
}

static void rejected(FILE *fp, const ReportData *d) {
  fprintf(fp, "<section><h2>被拒绝的行</h2><p>%ld 行未能测算（数据有误或金额溢出），未计入以上合计。</p>\n",
          d->rejected);
  if (d->messages_len) {
    fputs("<pre>", fp);
    report_escape_n(fp, d->messages, d->messages_len);
    fputs("</pre>\n", fp);
  }
  fputs("</section>\n", fp);
}

void report_compare(FILE *fp, const Compare *c);

void report_write(FILE *fp, const ReportData *d) {
  head(fp, d);
  overview(fp, d);
  if (d->compare)
    report_compare(fp, d->compare);
  by_policy(fp, d);
  by_rule(fp, d, false);
  by_year(fp, d);
  distribution(fp, d);
  by_rule(fp, d, true);
  rejected(fp, d);
  fputs("</body></html>\n", fp);
}
