/*
 * c_text.h - policy text and names written into C source (`polc build`'s
 * header): whatever a policy holds, the header compiles and declares
 * nothing but what polc means it to.
 */
#ifndef POLC_C_TEXT_H
#define POLC_C_TEXT_H

#include <stdio.h>

#include "symtab.h"

/* Any bytes inside a C comment: `*` `/` and `/` `*` are split by a space,
 * control characters and line breaks become spaces, bidirectional controls
 * (GCC's -Wbidi-chars) and bytes that are not UTF-8 become `?`. */
void c_comment_text(FILE *fp, const char *text);
/* Any bytes as a C string literal of the same bytes: quotes, backslashes,
 * `?` (trigraphs), control characters, bidirectional controls and bytes
 * that are not UTF-8 escaped. */
void c_string_literal(FILE *fp, const char *text);

/* Distinct C identifiers for names that are identifiers of the language.
 * A name that C reserves (a keyword of C23 or GNU C, `_` first), that a
 * standard header or GCC may define as a macro (`..._MAX`, `..._MIN`,
 * `..._WIDTH`, `NULL`, `errno`, `linux`, ...), that is in `taken`, or that
 * an earlier name already became, gets `_` appended until it is none. */
typedef struct CNames {
  Arena arena;
  SymTab used;
} CNames;

void c_names_init(CNames *names, const char *const *taken);
const char *c_names_add(CNames *names, const char *name);
void c_names_free(CNames *names);

#endif
