/*
 * figure.c - whether an article's words hold a figure (see figure.h).
 * `polc doc` counts the articles with figures: an article with none (一定
 * 补贴, 一事一议) is not encodable, so the count is a check on the file.
 */
#include "figure.h"

#include <string.h>

/* Chinese numerals, each three bytes in UTF-8. */
static const char *const chinese_numerals[] = {"零", "一", "二", "两", "三", "四", "五", "六",
                                               "七", "八", "九", "十", "百", "千", "万", "亿"};

static bool starts(const char *s, const char *word) {
  return strncmp(s, word, strlen(word)) == 0;
}

static size_t chinese_numeral_len(const char *s) {
  for (size_t i = 0; i < sizeof chinese_numerals / sizeof chinese_numerals[0]; i++)
    if (starts(s, chinese_numerals[i]))
      return strlen(chinese_numerals[i]);
  return 0;
}

/* Past a run of Arabic digits ("2,000.5") and any spaces: a unit of money,
 * a rate or a ratio. */
static bool arabic_figure_at(const char *s, const char **after) {
  const char *p = s;
  while ((*p >= '0' && *p <= '9') || ((*p == '.' || *p == ',') && p[1] >= '0' && p[1] <= '9'))
    p++;
  *after = p;
  while (*p == ' ')
    p++;
  if ((starts(p, ":") || starts(p, "：")) && p[starts(p, ":") ? 1 : strlen("：")] >= '0' &&
      p[starts(p, ":") ? 1 : strlen("：")] <= '9')
    return true; /* a ratio, 1：1 */
  return starts(p, "元") || starts(p, "万") || starts(p, "亿") || starts(p, "%") ||
         starts(p, "％");
}

/* Past a run of Chinese numerals: 元 ("三十万元", "一亿元"); one numeral
 * alone before 元 is a figure too ("十元"). */
static bool chinese_figure_at(const char *s, const char **after) {
  const char *p = s;
  size_t n;
  while ((n = chinese_numeral_len(p)) != 0)
    p += n;
  *after = p;
  return p != s && starts(p, "元");
}

bool text_has_figure(const char *text) {
  if (!text)
    return false;
  for (const char *p = text; *p;) {
    const char *after;
    if (*p >= '0' && *p <= '9') {
      if (arabic_figure_at(p, &after))
        return true;
      p = after;
    } else if (starts(p, "百分之") && chinese_numeral_len(p + strlen("百分之"))) {
      return true;
    } else if (chinese_numeral_len(p)) {
      if (chinese_figure_at(p, &after))
        return true;
      p = after;
    } else {
      p++;
    }
  }
  return false;
}
