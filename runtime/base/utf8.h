/*
 * utf8.h - UTF-8 decoding and display width (a CJK character is two columns).
 */
#ifndef POLC_UTF8_H
#define POLC_UTF8_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* Display width of the UTF-8 character at p; *bytes gets its length (an
 * invalid byte counts as one byte, one column). */
int utf8_display_width(const char *p, size_t avail, int *bytes);
/* Display columns of s[0..len) starting at column `col0` (0-based). */
int utf8_columns(const char *s, size_t len, int col0);
/* Decodes one UTF-8 sequence; returns its length, or 0 if invalid. */
int utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp);
/* Length of the well-formed sequence at p (a byte >= 0x80), or 0: the
 * table of well-formed sequences in the Unicode standard (3.9, table 3-7),
 * which rules out overlong forms, surrogates and values past U+10FFFF by
 * the range of the second byte.  It accepts what utf8_decode accepts (a unit
 * test compares them), without computing the code point; inline, for the
 * passes over a whole registry (utf8_invalid_at, the encoding scan). */
static inline size_t utf8_sequence_length(const unsigned char *p, size_t avail) {
  unsigned lead = p[0], lo = 0x80, hi = 0xBF;
  size_t n;
  if (lead >= 0xE0 && lead <= 0xEF) {   /* Chinese: first */
    n = 3;
    lo = lead == 0xE0 ? 0xA0 : 0x80;
    hi = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    lo = lead == 0xF0 ? 0x90 : 0x80;
    hi = lead == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (n > avail || p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < n; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  return n;
}

/* Offset of the first byte of s[0..len) that is not valid UTF-8, or len. */
size_t utf8_invalid_at(const char *s, size_t len);
/* Prints `text` padded with spaces to `width` display columns, before it
 * (align > 0) or after it: translated headers and labels are not as wide
 * as their bytes. */
void utf8_print_padded(FILE *fp, const char *text, int width, int align);

#endif
