/*
 * c_text.c - policy text and names made safe for C source.  A label like
 * `x */ int injected = 1; /*` must stay inside its comment, and an input
 * named `int` or `register` must still give a header that compiles.
 */
#include "c_text.h"

#include <stdbool.h>
#include <string.h>

#include "../runtime/base/utf8.h"

/* The length of the character at p (1 for a byte that is not UTF-8), and
 * *plain whether it may be written as it is: not when it is not UTF-8, or
 * a bidirectional control that could make the text read otherwise than the
 * compiler reads it. */
static int char_at(const char *p, bool *plain) {
  uint32_t cp = 0;
  int n = utf8_decode((const unsigned char *)p, strnlen(p, 4), &cp);
  bool bidi = cp == 0x061C || cp == 0x200E || cp == 0x200F ||
              (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
  *plain = n > 0 && !bidi && cp >= 0x20 && cp != 0x7f;
  return n > 0 ? n : 1;
}

void c_comment_text(FILE *fp, const char *text) {
  for (const char *p = text; *p;) {
    unsigned char c = (unsigned char)*p;
    bool plain;
    int n = char_at(p, &plain);
    if ((c == '*' && p[1] == '/') || (c == '/' && p[1] == '*'))
      fprintf(fp, "%c ", c);
    else if (c < 0x20 || c == 0x7f)
      fputc(' ', fp);
    else if (!plain)
      fputc('?', fp);
    else
      fwrite(p, 1, (size_t)n, fp);
    p += n;
  }
}

void c_string_literal(FILE *fp, const char *text) {
  fputc('"', fp);
  for (const char *p = text; *p;) {
    unsigned char c = (unsigned char)*p;
    bool plain;
    int n = char_at(p, &plain);
    if (c == '"' || c == '\\' || c == '?')
      fprintf(fp, "\\%c", c);
    else if (c == '\n')
      fputs("\\n", fp);
    else if (plain)
      fwrite(p, 1, (size_t)n, fp);
    else   /* each byte in three octal digits: a digit after one stays a digit */
      for (int i = 0; i < n; i++)
        fprintf(fp, "\\%03o", (unsigned char)p[i]);
    p += n;
  }
  fputc('"', fp);
}

/* C23's keywords and GNU C's (those without a leading underscore). */
static const char *const c_keywords[] = {
    "alignas", "alignof", "asm", "auto", "bool", "break", "case", "char", "const",
    "constexpr", "continue", "default", "do", "double", "else", "enum", "extern",
    "false", "float", "for", "goto", "if", "inline", "int", "long", "nullptr",
    "register", "restrict", "return", "short", "signed", "sizeof", "static",
    "static_assert", "struct", "switch", "thread_local", "true", "typedef", "typeof",
    "typeof_unqual", "union", "unsigned", "void", "volatile", "while",
    /* object-like macros of the headers a program is likely to include, and
     * GCC's own in its GNU modes */
    "NULL", "EOF", "errno", "stdin", "stdout", "stderr", "I", "linux", "unix", "i386",
    NULL};

static bool ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), m = strlen(tail);
  return n >= m && strcmp(s + n - m, tail) == 0;
}

static bool reserved(const char *name) {
  if (name[0] == '_' || ends_with(name, "_MAX") || ends_with(name, "_MIN") ||
      ends_with(name, "_WIDTH"))
    return true;
  for (int i = 0; c_keywords[i]; i++)
    if (strcmp(name, c_keywords[i]) == 0)
      return true;
  return false;
}

static void mark_used(CNames *names, const char *name) {
  bool added;
  symtab_add(&names->used, &names->arena, SYM_INPUT, name, NULL, (Span){0, 0}, &added);
}

void c_names_init(CNames *names, const char *const *taken) {
  arena_init(&names->arena);
  symtab_init(&names->used, &names->arena);
  for (int i = 0; taken && taken[i]; i++)
    mark_used(names, arena_strdup(&names->arena, taken[i]));
}

const char *c_names_add(CNames *names, const char *name) {
  char *c = arena_strdup(&names->arena, name);
  while (reserved(c) || symtab_find(&names->used, c))
    c = arena_printf(&names->arena, "%s_", c);
  mark_used(names, c);
  return c;
}

void c_names_free(CNames *names) { arena_free(&names->arena); }
