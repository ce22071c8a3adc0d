/*
 * report_svg.c - the report's charts: horizontal bars in inline SVG, the
 * labels and figures escaped like every text of the page.
 */
#include <math.h>
#include <string.h>

#include "../runtime/base/value.h"
#include "report.h"

void report_escape_n(FILE *fp, const char *text, size_t len) {
  for (size_t i = 0; i < len; i++) {
    switch (text[i]) {
    case '&': fputs("&amp;", fp); break;
    case '<': fputs("&lt;", fp); break;
    case '>': fputs("&gt;", fp); break;
    case '"': fputs("&quot;", fp); break;
    case '\'': fputs("&#39;", fp); break;
    default: fputc(text[i], fp);
    }
  }
}

void report_escape(FILE *fp, const char *text) {
  report_escape_n(fp, text ? text : "", text ? strlen(text) : 0);
}

void report_yuan(FILE *fp, i128 fen) {
  char buf[48];
  if (fen > INT64_MAX || fen < INT64_MIN) {
    fputs("—", fp);
    return;
  }
  value_format_fen((int64_t)fen, buf, sizeof buf);
  fputs(buf, fp);
}

static const char *const colours[] = {"#1f5fa8", "#d9822b", "#3a9a5b", "#b8423c",
                                      "#7a5ca8", "#8a6d3b", "#c25aa0", "#5f7a8a"};

const char *report_colour(int i) {
  return colours[i % (int)(sizeof colours / sizeof colours[0])];
}

enum { LABEL_W = 300, PLOT_W = 420, FIGURE_W = 150, BAR_H = 18, GAP = 6 };

static double magnitude(i128 v) {
  return v < 0 ? -(double)v : (double)v;
}

/* The x of value v: the axis sits at `zero`, `scale` pixels per fen. */
static double x_of(double zero, double scale, i128 v) {
  return zero + (double)v * scale;
}

static void bar_rect(FILE *fp, double x0, double x1, int y, const char *fill) {
  double left = x0 < x1 ? x0 : x1, width = fabs(x1 - x0);
  fprintf(fp, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", left, y,
          width, BAR_H, fill);
}

static void figure_text(FILE *fp, const ReportBar *b) {
  if (b->count)
    fprintf(fp, "%lld 户", (long long)b->value);
  else
    report_yuan(fp, b->value);
}

static void one_bar(FILE *fp, const char *kind, const ReportBar *b, int y, double zero,
                    double scale) {
  fprintf(fp, "<g class=\"bar %s\"><title>", kind);
  report_escape(fp, b->label);
  fputs("：", fp);
  figure_text(fp, b);
  fputs("</title>", fp);
  fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL_W - 6, y + BAR_H - 4);
  report_escape(fp, b->label);
  fputs("</text>", fp);
  if (b->nstack > 0) {
    i128 at = 0;
    for (int k = 0; k < b->nstack; k++) {
      bar_rect(fp, x_of(zero, scale, at), x_of(zero, scale, at + b->stack[k]), y,
               report_colour(k));
      at += b->stack[k];
    }
  } else {
    i128 firm = b->value - b->part;
    bar_rect(fp, zero, x_of(zero, scale, firm), y, b->value < 0 ? "#b8423c" : "#1f5fa8");
    if (b->part)
      bar_rect(fp, x_of(zero, scale, firm), x_of(zero, scale, b->value), y, "#9cc3e6");
  }
  fprintf(fp, "<text x=\"%d\" y=\"%d\">", LABEL_W + PLOT_W + 8, y + BAR_H - 4);
  figure_text(fp, b);
  fputs("</text></g>\n", fp);
}

void report_svg_bars(FILE *fp, const char *kind, const ReportBar *bars, int n) {
  double most_pos = 0, most_neg = 0;
  for (int i = 0; i < n; i++) {
    double v = (double)bars[i].value;
    if (v > most_pos) most_pos = v;
    if (v < most_neg) most_neg = v;
  }
  double span = most_pos - most_neg;
  double scale = span > 0 ? PLOT_W / span : 0;
  double zero = LABEL_W + magnitude((i128)most_neg) * scale;
  int height = n * (BAR_H + GAP) + GAP;
  fprintf(fp, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
              "viewBox=\"0 0 %d %d\" role=\"img\">\n",
          LABEL_W + PLOT_W + FIGURE_W, height, LABEL_W + PLOT_W + FIGURE_W, height);
  for (int i = 0; i < n; i++)
    one_bar(fp, kind, &bars[i], GAP + i * (BAR_H + GAP), zero, scale);
  fprintf(fp, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"#444\"/>\n", zero, zero,
          height);
  fputs("</svg>\n", fp);
}
