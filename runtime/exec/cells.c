/*
 * cells.c - reading one registry cell as a typed value (registry.md, "Cell
 * syntax").
 *
 * Every parser trims the cell, takes an optional leading '-' where the kind
 * allows one, and hands the digits to exact_parse_scaled with the unit the
 * suffix selects, so no cell is ever rounded: a value that cannot be held
 * exactly in its kind's unit is an error, never an approximation.
 */
#include "cells.h"

#include <string.h>

#include "../base/date.h"
#include "../base/decimal.h"
#include "../base/exact.h"
#include "../base/i18n.h"

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

/* Plain yuan, or a number directly followed by 元, 万, 万元, 亿 or 亿元. */
static bool parse_money(const char *text, size_t len, int64_t *out) {
  int64_t unit = EXACT_FEN_PER_YUAN;
  if (strip_suffix(text, &len, "元")) {
    if (strip_suffix(text, &len, "万"))
      unit = EXACT_FEN_PER_WAN;
    else if (strip_suffix(text, &len, "亿"))
      unit = EXACT_FEN_PER_YI;
  } else if (strip_suffix(text, &len, "万")) {
    unit = EXACT_FEN_PER_WAN;
  } else if (strip_suffix(text, &len, "亿")) {
    unit = EXACT_FEN_PER_YI;
  }
  return parse_signed(text, len, unit, out);
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

static bool parse_date(const char *text, size_t len, int64_t *out) {
  int32_t days;
  if (!date_parse(text, len, &days))
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
    return exact_parse_scaled(text, len, kind == VK_MONEY ? EXACT_FEN_PER_YUAN : EXACT_MICRO,
                              out) == EXACT_OK;
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

const char *cell_negative_text(ValueKind kind) {
  return kind == VK_COUNT ? _("a negative count is not allowed here")
                          : _("a negative amount is not allowed here");
}
