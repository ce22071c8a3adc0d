/*
 * cells.c - reading one registry cell as a typed value (registry.md, "Cell
 * syntax").
 *
 * Every parser trims the cell, takes an optional leading '-' where the kind
 * allows one, and hands the digits to exact_parse_scaled with the unit the
 * suffix selects, so no cell is ever rounded: a value that cannot be held
 * exactly in its kind's unit is an error, never an approximation.
 *
 * The forms office software writes are read here too, so every format has
 * them (registry.md, "Forms offices write"): full-width digits, `％`, `．`
 * and `－` (a Chinese input method's), thousands separators in money (only
 * in groups of three), a leading ¥ or ￥, a space before a unit, dates
 * written YYYY/M/D or YYYY年M月D日 and a date followed by a midnight time.
 * Such a cell is first rewritten into a small buffer in the plain form;
 * cell_hint says why a cell that looks like one of them was refused.
 */
#include "cells.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/date.h"
#include "../base/decimal.h"
#include "../base/exact.h"
#include "../base/i18n.h"
#include "../base/utf8.h"

enum {
  /* A cell in an office form is rewritten into a buffer of this size; the
   * longest number polc can hold is far shorter, so a longer cell is not
   * one (and is refused). */
  FORM_BYTES = 128,
};

static bool is_space(char c) { return c == ' ' || c == '\t'; }

bool cell_is_blank(const char *text, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (!is_space(text[i]))
      return false;
  return true;
}

static void trim(const char **text, size_t *len) {
  while (*len > 0 && is_space((*text)[0])) {
    (*text)++;
    (*len)--;
  }
  while (*len > 0 && is_space((*text)[*len - 1]))
    (*len)--;
}

/* Strips `suffix` from the end of text[0..*len) when it is there. */
static bool strip_suffix(const char *text, size_t *len, const char *suffix) {
  size_t n = strlen(suffix);
  if (*len < n || memcmp(text + *len - n, suffix, n) != 0)
    return false;
  *len -= n;
  return true;
}

/* "-"? DIGITS ("." DIGITS)? times `unit`; the sign is applied after the
 * exact parse, which cannot overflow on negation (its result is <= MAX). */
static bool parse_signed(const char *text, size_t len, int64_t unit,
                         int64_t *out) {
  bool negative = len > 0 && text[0] == '-';
  if (negative) {
    text++;
    len--;
  }
  int64_t value;
  if (exact_parse_scaled(text, len, unit, &value) != EXACT_OK)
    return false;
  *out = negative ? -value : value;
  return true;
}

/* ---- office forms made plain ---- */

/* The ASCII a full-width character stands for in a number (digits, ％, ．,
 * －, the ideographic space), or 0. */
static char ascii_of_wide(uint32_t cp) {
  if (cp >= 0xFF10 && cp <= 0xFF19)
    return (char)('0' + (cp - 0xFF10));
  switch (cp) {
  case 0xFF05: return '%';
  case 0xFF0E: return '.';
  case 0xFF0D: return '-';
  case 0x3000: return ' ';
  default:     return 0;
  }
}

static bool has_high_byte(const char *text, size_t len) {
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)text[i] >= 0x80)
      return true;
  return false;
}

/* Copies text[0..*len) into out[FORM_BYTES] with the full-width characters
 * of a number made ASCII.  False when it does not fit or is not UTF-8. */
static bool narrow(const char *text, size_t *len, char *out) {
  size_t w = 0;
  for (size_t r = 0; r < *len;) {
    uint32_t cp;
    int n = utf8_decode((const unsigned char *)text + r, *len - r, &cp);
    if (n <= 0)
      return false;
    char ascii = ascii_of_wide(cp);
    if (w + (ascii ? 1 : (size_t)n) > FORM_BYTES)
      return false;
    if (ascii) {
      out[w++] = ascii;
    } else {
      memcpy(out + w, text + r, (size_t)n);
      w += (size_t)n;
    }
    r += (size_t)n;
  }
  *len = w;
  return true;
}

static bool skip_prefix(const char **text, size_t *len, const char *prefix) {
  size_t n = strlen(prefix);
  if (*len < n || memcmp(*text, prefix, n) != 0)
    return false;
  *text += n;
  *len -= n;
  return true;
}

/* "1,200,000.50" as "1200000.50" in out[FORM_BYTES]: separators only in the
 * whole part, between groups of exactly three digits, the first group of
 * one to three not starting with 0 ("0,5" may be a decimal comma). */
static bool ungroup(const char *text, size_t len, char *out, size_t *out_len) {
  if (len > FORM_BYTES)
    return false;
  const char *point = memchr(text, '.', len);
  size_t whole = point ? (size_t)(point - text) : len;
  if (memchr(text + whole, ',', len - whole))
    return false;
  size_t lead = 0;
  while (lead < whole && text[lead] != ',')
    lead++;
  if (lead == 0 || lead > 3 || text[0] == '0' || (whole - lead) % 4 != 0)
    return false;
  size_t w = 0;
  for (size_t i = 0; i < len; i++) {
    bool separator = i >= lead && i < whole && (i - lead) % 4 == 0;
    if (separator != (text[i] == ','))
      return false;   /* a separator out of place, or a group not of three */
    if (!separator)
      out[w++] = text[i];
  }
  *out_len = w;
  return true;
}

/* ---- the kinds ---- */

/* The unit a suffix selects (元, 万, 万元, 亿, 亿元), stripped with the
 * spaces before it ("2000 万元"); yuan when there is none. */
static int64_t strip_unit(const char *text, size_t *len) {
  int64_t unit = EXACT_FEN_PER_YUAN;
  bool stripped = true;
  if (strip_suffix(text, len, "元")) {
    if (strip_suffix(text, len, "万"))
      unit = EXACT_FEN_PER_WAN;
    else if (strip_suffix(text, len, "亿"))
      unit = EXACT_FEN_PER_YI;
  } else if (strip_suffix(text, len, "万")) {
    unit = EXACT_FEN_PER_WAN;
  } else if (strip_suffix(text, len, "亿")) {
    unit = EXACT_FEN_PER_YI;
  } else {
    stripped = false;
  }
  while (stripped && *len > 0 && is_space(text[*len - 1]))
    (*len)--;
  return unit;
}

/* [-][¥|￥][-] DIGITS[,DDD...][.DIGITS] [unit]: plain yuan or a number with
 * a unit, the sign before or after the currency sign. */
static bool parse_money(const char *text, size_t len, int64_t *out) {
  int64_t unit = strip_unit(text, &len);
  bool negative = skip_prefix(&text, &len, "-");
  if (skip_prefix(&text, &len, "¥") || skip_prefix(&text, &len, "￥")) {
    trim(&text, &len);
    if (!negative)
      negative = skip_prefix(&text, &len, "-");
  }
  char plain[FORM_BYTES];
  if (memchr(text, ',', len)) {
    if (!ungroup(text, len, plain, &len))
      return false;
    text = plain;
  }
  int64_t value;
  if (exact_parse_scaled(text, len, unit, &value) != EXACT_OK)
    return false;
  *out = negative ? -value : value;
  return true;
}

/* "15%" is a percentage; a plain number is the fraction itself. */
static bool parse_percent(const char *text, size_t len, int64_t *out) {
  if (strip_suffix(text, &len, "%"))
    return parse_signed(text, len, EXACT_MICRO_PER_PCT, out);
  return parse_signed(text, len, EXACT_MICRO, out);
}

/* An integer: exact_parse_scaled alone would also take "3.0". */
static bool parse_count(const char *text, size_t len, int64_t *out) {
  if (memchr(text, '.', len))
    return false;
  return parse_signed(text, len, 1, out);
}

/* ASCII-case-insensitive equality with a lower-case word. */
static bool equals_word(const char *text, size_t len, const char *word) {
  if (strlen(word) != len)
    return false;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != word[i])
      return false;
  }
  return true;
}

static bool parse_bool(const char *text, size_t len, int64_t *out) {
  static const char *const yes[] = {"true", "1", "y", "是"};
  static const char *const no[] = {"false", "0", "n", "否"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    if (equals_word(text, len, yes[i])) {
      *out = 1;
      return true;
    }
    if (equals_word(text, len, no[i])) {
      *out = 0;
      return true;
    }
  }
  return false;
}

/* DIGITS, between `min` and `max` of them, as *value. */
static bool take_number(const char **p, const char *end, int min, int max, int *value) {
  int n = 0;
  *value = 0;
  while (*p < end && n < max && **p >= '0' && **p <= '9') {
    *value = *value * 10 + (**p - '0');
    (*p)++;
    n++;
  }
  return n >= min && (*p == end || **p < '0' || **p > '9');
}

static bool take_literal(const char **p, const char *end, const char *literal) {
  size_t n = strlen(literal);
  if ((size_t)(end - *p) < n || memcmp(*p, literal, n) != 0)
    return false;
  *p += n;
  return true;
}

/* The ways a day is written, year first; month and day may have one digit
 * (YYYY-MM-DD, polc's own, is read by date_parse). */
static const struct DayForm {
  const char *after_year, *after_month, *after_day;
} day_forms[] = {
    {"/", "/", ""},        /* 2025/3/1: Excel on Chinese Windows */
    {"年", "月", "日"},    /* 2025年3月1日 */
};

static bool parse_day(const char *text, size_t len, int32_t *days) {
  if (date_parse(text, len, days))
    return true;
  const char *end = text + len;
  for (size_t f = 0; f < sizeof day_forms / sizeof day_forms[0]; f++) {
    const struct DayForm *form = &day_forms[f];
    const char *p = text;
    int year, month, day;
    if (take_number(&p, end, 4, 4, &year) && take_literal(&p, end, form->after_year) &&
        take_number(&p, end, 1, 2, &month) && take_literal(&p, end, form->after_month) &&
        take_number(&p, end, 1, 2, &day) && take_literal(&p, end, form->after_day) &&
        p == end)
      return date_from_ymd(year, month, day, days);
  }
  return false;
}

/* H:MM, H:MM:SS or H:MM:SS.FFF (one or two digits of hours): *midnight
 * tells whether every figure is 0. */
static bool parse_time(const char *text, size_t len, bool *midnight) {
  const char *p = text, *end = text + len;
  int hours, minutes, seconds = 0, fraction = 0;
  if (!take_number(&p, end, 1, 2, &hours) || !take_literal(&p, end, ":") ||
      !take_number(&p, end, 2, 2, &minutes))
    return false;
  if (take_literal(&p, end, ":")) {
    if (!take_number(&p, end, 2, 2, &seconds))
      return false;
    if (take_literal(&p, end, ".") && !take_number(&p, end, 1, 6, &fraction))
      return false;
  }
  *midnight = hours == 0 && minutes == 0 && seconds == 0 && fraction == 0;
  return p == end && hours < 24 && minutes < 60 && seconds < 60;
}

/* A day, then perhaps a time after a space, which must be midnight: what
 * Excel, openpyxl and pandas write for a date cell ("2025-03-01 00:00:00").
 * *late is set when the day is read but the time is another. */
static bool parse_date_time(const char *text, size_t len, int32_t *days, bool *late) {
  const char *space = memchr(text, ' ', len);
  size_t day_len = space ? (size_t)(space - text) : len;
  *late = false;
  if (!parse_day(text, day_len, days))
    return false;
  if (!space)
    return true;
  const char *time = space;
  size_t time_len = len - day_len;
  trim(&time, &time_len);
  bool midnight;
  if (!parse_time(time, time_len, &midnight))
    return false;
  *late = !midnight;
  return midnight;
}

static bool parse_date(const char *text, size_t len, int64_t *out) {
  int32_t days;
  bool late;
  if (!parse_date_time(text, len, &days, &late))
    return false;
  *out = days;
  return true;
}

/* The canonical forms most registries use, read without trimming or
 * looking for units: plain yuan, a fraction, a percentage ("112.18%"),
 * true/false.  Returns -1 when the cell is not in such a form (the full
 * reading decides). */
static int parse_canonical(ValueKind kind, const char *text, size_t len, int64_t *out) {
  if (len == 0)
    return -1;
  unsigned first = (unsigned)(text[0] - '0'), last = (unsigned)(text[len - 1] - '0');
  switch (kind) {
  case VK_MONEY:
  case VK_PERCENT:
    if (kind == VK_PERCENT && first < 10 && text[len - 1] == '%') {
      int64_t pct;   /* "112.18%": ten-thousandths are millionths of one */
      if (decimal_read(text, text + len - 1, 4, &pct) == text + len - 1)
        return *out = pct, 1;
      return -1;
    }
    if (first >= 10 || last >= 10)
      return -1;   /* a sign, a unit, a %, spaces: the full reading */
    int64_t v;
    if (decimal_read(text, text + len, kind == VK_MONEY ? 2 : 6, &v) == text + len)
      return *out = v, 1;   /* the common case, eight digits at a time */
    if (exact_parse_scaled(text, len, kind == VK_MONEY ? EXACT_FEN_PER_YUAN : EXACT_MICRO,
                           out) == EXACT_OK)
      return 1;
    return -1;   /* "1,200,000", or refused by the full reading too */
  case VK_BOOL:
    if (len == 4 && memcmp(text, "true", 4) == 0)
      return *out = 1, 1;
    if (len == 5 && memcmp(text, "false", 5) == 0)
      return *out = 0, 1;
    return -1;
  default:
    return -1;
  }
}

bool cell_parse(ValueKind kind, const char *text, size_t len, int64_t *out) {
  int canonical = parse_canonical(kind, text, len, out);
  if (canonical >= 0)
    return canonical;
  char narrowed[FORM_BYTES];
  if (kind != VK_TEXT && kind != VK_BOOL && has_high_byte(text, len)) {
    if (!narrow(text, &len, narrowed))
      return false;
    text = narrowed;
  }
  trim(&text, &len);
  switch (kind) {
  case VK_MONEY:   return parse_money(text, len, out);
  case VK_PERCENT: return parse_percent(text, len, out);
  case VK_NUMBER:  return parse_signed(text, len, EXACT_MICRO, out);
  case VK_COUNT:   return parse_count(text, len, out);
  case VK_BOOL:    return parse_bool(text, len, out);
  case VK_DATE:    return parse_date(text, len, out);
  case VK_TEXT:    break;
  }
  return false;   /* text cells are not parsed */
}

CellResult cell_read(ValueKind kind, bool may_be_negative, const char *text, size_t len,
                     int64_t *out) {
  if (!cell_parse(kind, text, len, out))
    return CELL_UNREADABLE;
  if (*out < 0 && !may_be_negative && (kind == VK_MONEY || kind == VK_COUNT))
    return CELL_NEGATIVE;
  return CELL_OK;
}

/* ---- hints for refused cells ---- */

static bool has_any(const char *text, size_t len, const char *const *marks, size_t count) {
  for (size_t i = 0; i < count; i++) {
    size_t n = strlen(marks[i]);
    for (size_t at = 0; at + n <= len; at++)
      if (memcmp(text + at, marks[i], n) == 0)
        return true;
  }
  return false;
}

static const char *date_hint(const char *text, size_t len) {
  int32_t days;
  bool late;
  if (!parse_date_time(text, len, &days, &late) && late)
    return _("a date column holds a day; the time here is not 00:00:00");
  static const char *const marks[] = {"/", ".", ":", " ", "年", "月", "日"};
  if (has_any(text, len, marks, sizeof marks / sizeof marks[0]))
    return _("write a real calendar day, year first: YYYY-MM-DD, YYYY/M/D or YYYY年M月D日");
  return NULL;
}

const char *cell_hint(ValueKind kind, const char *text, size_t len) {
  char narrowed[FORM_BYTES];
  if (has_high_byte(text, len) && !narrow(text, &len, narrowed))
    return NULL;
  if (has_high_byte(text, len))
    text = narrowed;
  trim(&text, &len);
  static const char *const separators[] = {",", "，"};
  bool separated = has_any(text, len, separators, 2);
  switch (kind) {
  case VK_MONEY:
    return separated ? _("thousands separators go between groups of three digits, as in "
                         "1,200,000")
                     : NULL;
  case VK_PERCENT:
  case VK_NUMBER:
  case VK_COUNT:
    return separated ? _("write the number without separators (they are read only in "
                         "money columns)")
                     : NULL;
  case VK_DATE:
    return date_hint(text, len);
  case VK_BOOL:
  case VK_TEXT:
    break;
  }
  return NULL;
}

const char *cell_negative_text(ValueKind kind) {
  return kind == VK_COUNT ? _("a negative count is not allowed here")
                          : _("a negative amount is not allowed here");
}

int cell_double_text(double v, char out[CELL_DOUBLE_TEXT]) {
  int digits = 1;
  while (digits < 17 && (snprintf(out, CELL_DOUBLE_TEXT, "%.*e", digits - 1, v),
                         strtod(out, NULL) != v))
    digits++;
  int exponent = v == 0 ? 0 : atoi(strchr(out, 'e') + 1);
  if (exponent > 18 || exponent < -20)
    return snprintf(out, CELL_DOUBLE_TEXT, "%.17g", v);
  int decimals = digits - 1 - exponent;
  return snprintf(out, CELL_DOUBLE_TEXT, "%.*f", decimals > 0 ? decimals : 0, v);
}
