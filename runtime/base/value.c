/*
 * value.c - names of value kinds, and values written for people.
 */
#include "value.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "exact.h"

const char *value_kind_name(ValueKind kind) {
  static const char *const names[] = {
      [VK_MONEY] = "money", [VK_PERCENT] = "percent", [VK_NUMBER] = "number",
      [VK_COUNT] = "count", [VK_BOOL] = "bool",       [VK_DATE] = "date",
      [VK_TEXT] = "text",
  };
  return names[kind];
}

void value_format_fen(int64_t fen, char *buf, size_t size) {
  char plain[32];
  exact_format_fen(plain, sizeof plain, fen);
  const char *digits = plain[0] == '-' ? plain + 1 : plain;
  size_t whole = (size_t)(strchr(digits, '.') - digits), n = 0;
  if (plain[0] == '-' && n + 1 < size)
    buf[n++] = '-';
  for (size_t i = 0; i < whole && n + 2 < size; i++) {
    if (i > 0 && (whole - i) % 3 == 0)
      buf[n++] = ',';
    buf[n++] = digits[i];
  }
  snprintf(buf + n, size - n, "%s", digits + whole);
}

void value_format(ValueKind kind, int64_t v, char *buf, size_t size) {
  switch (kind) {
  case VK_MONEY:
    value_format_fen(v, buf, size);
    return;
  case VK_PERCENT: {
    char num[40];
    exact_format_micro(num, sizeof num, v * 100);
    snprintf(buf, size, "%s%%", num);
    return;
  }
  case VK_NUMBER:
    exact_format_micro(buf, size, v);
    return;
  case VK_BOOL:
    snprintf(buf, size, "%s", v ? "true" : "false");
    return;
  case VK_DATE:
    if (v == DATE_ABSENT) {
      snprintf(buf, size, "(empty)");
    } else {
      char date[11];
      date_format((int32_t)v, date);
      snprintf(buf, size, "%s", date);
    }
    return;
  case VK_COUNT: case VK_TEXT:
    break;
  }
  snprintf(buf, size, "%lld", (long long)v);
}
