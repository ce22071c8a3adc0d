/*
 * utf8.c - UTF-8 decoding and terminal display width.
 */
#include "utf8.h"

#include <stdbool.h>
#include <string.h>

int utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp) {
  if (avail == 0)
    return 0;
  if (p[0] < 0x80) {
    *cp = p[0];
    return 1;
  }
  int n;
  uint32_t c, min;
  if ((p[0] & 0xE0) == 0xC0) { n = 2; c = p[0] & 0x1F; min = 0x80; }
  else if ((p[0] & 0xF0) == 0xE0) { n = 3; c = p[0] & 0x0F; min = 0x800; }
  else if ((p[0] & 0xF8) == 0xF0) { n = 4; c = p[0] & 0x07; min = 0x10000; }
  else return 0;
  if ((size_t)n > avail)
    return 0;
  for (int i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (p[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return 0;   /* overlong, out of range, or a surrogate */
  *cp = c;
  return n;
}

/* True when none of the 8 bytes at p is NUL or has its high bit set. */
static bool plain_ascii8(const unsigned char *p) {
  uint64_t w;
  memcpy(&w, p, 8);
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  return ((w | ((w - ones) & ~w)) & highs) == 0;
}

size_t utf8_invalid_at(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    if (i + 8 <= len && plain_ascii8(p + i)) {   /* ids, figures: the common case */
      i += 8;
      continue;
    }
    if (p[i] < 0x80 && p[i] != 0) {
      i++;
      continue;
    }
    size_t n = p[i] ? utf8_sequence_length(p + i, len - i) : 0;
    if (n == 0)
      return i;
    i += n;
  }
  return len;
}

/* East Asian Wide and Fullwidth ranges (Unicode 15), the ones source uses. */
static int is_wide(uint32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

int utf8_display_width(const char *p, size_t avail, int *bytes) {
  uint32_t c;
  int n = utf8_decode((const unsigned char *)p, avail, &c);
  if (n == 0) {
    *bytes = 1;   /* an invalid byte shows as one replacement column */
    return 1;
  }
  *bytes = n;
  if (c < 0x20 || c == 0x7F)
    return 1;   /* a control character is shown as '?' */
  if ((c >= 0x300 && c <= 0x36F) || c == 0x200B || c == 0xFEFF)
    return 0;   /* combining marks, zero-width space, BOM take no column */
  return is_wide(c) ? 2 : 1;
}

int utf8_columns(const char *s, size_t len, int col0) {
  int col = col0;
  size_t i = 0;
  while (i < len) {
    if (s[i] == '\t') {
      col = (col / 8 + 1) * 8;
      i++;
      continue;
    }
    int bytes;
    col += utf8_display_width(s + i, len - i, &bytes);
    i += (size_t)bytes;
  }
  return col - col0;
}

void utf8_print_padded(FILE *fp, const char *text, int width, int align) {
  int pad = width - utf8_columns(text, strlen(text), 0);
  if (align > 0)
    fprintf(fp, "%*s", pad > 0 ? pad : 0, "");
  fputs(text, fp);
  if (align < 0)
    fprintf(fp, "%*s", pad > 0 ? pad : 0, "");
}
