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
/* Offset of the first byte of s[0..len) that is not valid UTF-8, or len. */
size_t utf8_invalid_at(const char *s, size_t len);
/* Prints `text` padded with spaces to `width` display columns, before it
 * (align > 0) or after it: translated headers and labels are not as wide
 * as their bytes. */
void utf8_print_padded(FILE *fp, const char *text, int width, int align);

#endif
