/*
 * jsonw.c - JSON string escaping.
 */
#include "jsonw.h"

#include <string.h>

#include "utf8.h"

void jsonw_string_n(FILE *out, const char *s, size_t len) {
  putc('"', out);
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      putc('\\', out);
      putc(c, out);
      i++;
    } else if (c == '\n') {
      fputs("\\n", out);
      i++;
    } else if (c == '\t') {
      fputs("\\t", out);
      i++;
    } else if (c < 0x20 || c == 0x7F) {
      fprintf(out, "\\u%04x", c);
      i++;
    } else if (c < 0x80) {
      putc(c, out);
      i++;
    } else {
      uint32_t cp;
      int n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
      if (n == 0) {
        fputs("\\ufffd", out);
        i++;
      } else {
        fwrite(s + i, 1, (size_t)n, out);
        i += (size_t)n;
      }
    }
  }
  putc('"', out);
}

void jsonw_string(FILE *out, const char *s) { jsonw_string_n(out, s, strlen(s)); }
