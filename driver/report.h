/*
 * report.h - `polc report`: one self-contained HTML file, in Chinese, of
 * what policies cost over a registry (report_html.c), with bar charts
 * drawn as inline SVG (report_svg.c): no script, no network.
 */
#ifndef POLC_REPORT_H
#define POLC_REPORT_H

#include <stdio.h>

#include "../runtime/exec/compare.h"

typedef struct ReportData {
  const IrProgram *prog;     /* the policies reported (--base: the new ones) */
  const Summary *summary;
  const Compare *compare;    /* --base: the change; NULL without */
  const char *registry_name;
  long rejected;
  const char *messages;      /* what the run reported (rejected rows) */
  size_t messages_len;
} ReportData;

void report_write(FILE *fp, const ReportData *data);

/* --- report_svg.c ----------------------------------------------------------- */

/* Text for HTML: & < > " escaped. */
void report_escape(FILE *fp, const char *text);
void report_escape_n(FILE *fp, const char *text, size_t len);
/* A figure in yuan, grouped ("1,500,000.00"). */
void report_yuan(FILE *fp, i128 fen);

/* One bar of a chart: its label and value; `part` (≤ value) of it drawn
 * apart (the at-most share); stacks[] its parts when stacked. */
typedef struct ReportBar {
  const char *label;
  i128 value;
  i128 part;
  int nstack;
  const i128 *stack;
  bool count;                /* value is a number of applicants, not fen */
} ReportBar;

/* Horizontal bars, each `<g class="bar KIND">`; negative values to the
 * left of the axis (changes). */
void report_svg_bars(FILE *fp, const char *kind, const ReportBar *bars, int n);
/* The colour of the i-th stacked part (and its legend). */
const char *report_colour(int i);

#endif
