/*
 * indicators.c - adding up a plan's indicators and reporting them.
 *
 * A value is brought to the unit of its baseline and target (a count to
 * millionths when the baseline is a number), so that progress
 * (value − baseline) / (target − baseline) is computed exactly.  Indicators
 * are computed over every row, whatever the evaluation date: a plan is
 * looked back on as well as followed.
 */
#include "indicators.h"

#include <stdlib.h>
#include <string.h>

#include "../base/exact.h"
#include "../base/i18n.h"
#include "../base/jsonw.h"
#include "../base/utf8.h"
#include "../base/wide.h"

IndicatorTotals *indicators_new(const IrProgram *prog) {
  return xcalloc((size_t)prog->nindicators + 1, sizeof(IndicatorTotals));
}

void indicators_add(const IrProgram *prog, IndicatorTotals *totals,
                    const RowOutcome *row) {
  for (int i = 0; i < prog->nindicators; i++) {
    const IndicatorOutcome *o = &row->indicators[i];
    if (prog->indicators[i].aggregate == AGG_UNMEASURED || !o->included)
      continue;
    totals[i].included++;
    totals[i].holds += o->value != 0;
    totals[i].sum += o->value;
  }
}

void indicators_merge(const IrProgram *prog, IndicatorTotals *into,
                      const IndicatorTotals *from) {
  for (int i = 0; i < prog->nindicators; i++) {
    into[i].included += from[i].included;
    into[i].holds += from[i].holds;
    into[i].sum += from[i].sum;
  }
}

/* The value in the unit of the goal (baseline/target); false when it has
 * none (an average of no rows, an unmeasured indicator). */
static bool value_of(const IrIndicator *ind, const IndicatorTotals *t, i128 *out) {
  switch (ind->aggregate) {
  case AGG_COUNT:
    *out = ind->goal_kind == VK_COUNT ? t->holds : (i128)t->holds * EXACT_MICRO;
    return true;
  case AGG_SHARE:
    if (!t->included)
      return false;
    *out = wide_div_round((i128)t->holds * EXACT_MICRO, t->included);
    return true;
  case AGG_SUM:
  case AGG_AVG: {
    i128 v = t->sum;
    if (ind->value_kind == VK_COUNT && ind->goal_kind != VK_COUNT)
      v *= EXACT_MICRO;   /* a count summed against a number goal */
    if (ind->aggregate == AGG_AVG) {
      if (!t->included)
        return false;
      if (ind->value_kind == VK_COUNT && ind->goal_kind == VK_COUNT)
        v *= EXACT_MICRO;   /* an average of counts is a number */
      v = wide_div_round_signed(v, t->included);
    }
    *out = v;
    return true;
  }
  case AGG_UNMEASURED:
    break;
  }
  return false;
}

/* The kind the value is printed as: a count of rows against a number goal
 * is a number. */
static ValueKind shown_kind(const IrIndicator *ind) {
  return ind->aggregate == AGG_COUNT && ind->goal_kind != VK_COUNT ? VK_NUMBER : ind->goal_kind;
}

/* A figure of a plan, as plans print them: money of 1亿 and more in 亿,
 * of 1万 and more in 万, to two decimals (for reading; the JSON form is
 * exact). */
static void format_goal(ValueKind kind, i128 v, char *buf, size_t size) {
  if (v > INT64_MAX || v < INT64_MIN) {
    snprintf(buf, size, "(beyond 64 bits)");
    return;
  }
  i128 mag = v < 0 ? -v : v;
  if (kind == VK_MONEY && mag >= EXACT_FEN_PER_WAN) {
    bool yi = mag >= EXACT_FEN_PER_YI;
    i128 unit = yi ? EXACT_FEN_PER_YI : EXACT_FEN_PER_WAN;
    char num[40];
    i128 hundredths = wide_div_round_signed(v * 100, unit);
    exact_format_micro(num, sizeof num, (int64_t)(hundredths * 10000));
    snprintf(buf, size, "%.36s%s", num, yi ? "亿" : "万");
    return;
  }
  value_format(kind, (int64_t)v, buf, size);
}

/* Progress toward the target in tenths of a percent; false without a
 * target.  Without a baseline (a 新增 indicator counts from nothing), the
 * baseline is 0. */
static bool progress_of(const IrIndicator *ind, i128 value, i128 *permille) {
  i128 base = ind->has_baseline ? ind->baseline : 0;
  if (!ind->has_target || ind->target == base)
    return false;
  *permille = wide_div_round_signed((value - base) * 1000, (i128)ind->target - base);
  return true;
}

/* v / 10^decimals in decimal ("-3000000000.0"): progress can be any ratio
 * of two 64-bit figures, so it is formatted from 128 bits. */
static void format_scaled(i128 v, int decimals, char *buf, size_t size) {
  char digits[48];
  int n = 0;
  unsigned __int128 mag = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
  do {
    digits[n++] = (char)('0' + (int)(mag % 10));
    mag /= 10;
  } while (mag || n <= decimals);
  size_t len = 0;
  if (v < 0 && len + 1 < size)
    buf[len++] = '-';
  while (n && len + 1 < size) {
    if (n == decimals)
      buf[len++] = '.';
    if (len + 1 < size)
      buf[len++] = digits[--n];
  }
  buf[len] = '\0';
}

/* One indicator a paragraph: its id and figures on a line, its label and,
 * when unmeasured, the reason below (Chinese labels vary too much in width
 * for a column). */
static void print_text(const IrProgram *prog, const IndicatorTotals *totals, FILE *fp) {
  /* the headers are translated: padded by display width */
  utf8_print_padded(fp, _("indicator"), 28, -1);
  utf8_print_padded(fp, _("value"), 19, 1);
  utf8_print_padded(fp, _("baseline"), 19, 1);
  utf8_print_padded(fp, _("target"), 19, 1);
  utf8_print_padded(fp, _("progress"), 11, 1);
  fputc('\n', fp);
  for (int i = 0; i < prog->nindicators; i++) {
    const IrIndicator *ind = &prog->indicators[i];
    char value[48] = "-", base[48] = "-", target[48] = "-", prog_text[56] = "-";
    i128 v, permille;
    bool measured = value_of(ind, &totals[i], &v);
    if (measured)
      format_goal(shown_kind(ind), v, value, sizeof value);
    if (ind->has_baseline)
      format_goal(ind->goal_kind, ind->baseline, base, sizeof base);
    if (ind->has_target)
      format_goal(ind->goal_kind, ind->target, target, sizeof target);
    if (measured && progress_of(ind, v, &permille)) {
      format_scaled(permille, 1, prog_text, sizeof prog_text - 1);
      strcat(prog_text, "%");
    }
    fprintf(fp, "%-28s %18s %18s %18s %10s\n", ind->id, value, base, target, prog_text);
    if (ind->label)
      fprintf(fp, "    %s\n", ind->label);
    if (ind->unmeasured)
      fprintf(fp, _("    not measurable from a registry: %s\n"), ind->unmeasured);
  }
}

static void json_value(FILE *fp, const char *key, bool has, ValueKind kind, i128 v) {
  fprintf(fp, ", \"%s\": ", key);
  if (!has || v > INT64_MAX || v < INT64_MIN) {
    fputs("null", fp);
    return;
  }
  char buf[48];
  if (kind == VK_MONEY)
    exact_format_fen(buf, sizeof buf, (int64_t)v);
  else if (kind == VK_PERCENT)
    exact_format_micro(buf, sizeof buf, (int64_t)v);   /* as a fraction */
  else if (kind == VK_COUNT)
    snprintf(buf, sizeof buf, "%lld", (long long)v);
  else
    exact_format_micro(buf, sizeof buf, (int64_t)v);
  fputs(buf, fp);
}

static void print_json(const IrProgram *prog, const IndicatorTotals *totals, FILE *fp) {
  fputs("{\"indicators\": [", fp);
  for (int i = 0; i < prog->nindicators; i++) {
    const IrIndicator *ind = &prog->indicators[i];
    i128 v = 0, permille = 0;
    bool measured = value_of(ind, &totals[i], &v);
    fputs(i ? ",\n  {\"id\": " : "\n  {\"id\": ", fp);
    jsonw_string(fp, ind->id);
    fputs(", \"label\": ", fp);
    if (ind->label)
      jsonw_string(fp, ind->label);
    else
      fputs("null", fp);
    json_value(fp, "value", measured, shown_kind(ind), v);
    json_value(fp, "baseline", ind->has_baseline, ind->goal_kind, ind->baseline);
    json_value(fp, "target", ind->has_target, ind->goal_kind, ind->target);
    bool has_progress = measured && progress_of(ind, v, &permille);
    fputs(", \"progress\": ", fp);
    if (has_progress) {
      char text[56];
      format_scaled(permille, 3, text, sizeof text);
      fputs(text, fp);
    } else {
      fputs("null", fp);
    }
    fputs(", \"unmeasured\": ", fp);
    if (ind->unmeasured)
      jsonw_string(fp, ind->unmeasured);
    else
      fputs("null", fp);
    fputc('}', fp);
  }
  fputs("]}\n", fp);
}

int indicators_check(const IrProgram *prog, const IndicatorTotals *totals, FILE *errors) {
  int bad = 0;
  for (int i = 0; i < prog->nindicators; i++) {
    const IrIndicator *ind = &prog->indicators[i];
    i128 v;
    if (!value_of(ind, &totals[i], &v) || wide_fits_i64(v))
      continue;
    ValueKind kind = shown_kind(ind);
    char max[48];
    if (kind == VK_MONEY)
      value_format_fen(INT64_MAX, max, sizeof max);   /* exact, not in 亿 */
    else
      value_format(kind, INT64_MAX, max, sizeof max);
    fprintf(errors, _("indicators: the value of %s exceeds %s%s, the largest figure polc "
                      "prints; measure the registry in parts\n"), ind->id, max,
            kind == VK_MONEY ? " 元" : "");
    bad++;
  }
  return bad;
}

void indicators_print(const IrProgram *prog, const IndicatorTotals *totals,
                      FILE *fp, bool json) {
  if (json)
    print_json(prog, totals, fp);
  else
    print_text(prog, totals, fp);
}
