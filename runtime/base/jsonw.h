/*
 * jsonw.h - writing JSON text: string escaping shared by every JSON output
 * (diagnostics, SARIF, JSON Lines results).
 */
#ifndef POLC_JSONW_H
#define POLC_JSONW_H

#include <stddef.h>
#include <stdio.h>

/* Writes s as a JSON string literal; invalid UTF-8 becomes U+FFFD. */
void jsonw_string(FILE *out, const char *s);
void jsonw_string_n(FILE *out, const char *s, size_t len);

#endif
