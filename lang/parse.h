/*
 * parse.h - turning one source file into an AST.
 *
 * The lexer (lexer.l) and the parser (parser.y) share a ParseCtx: the arena
 * the AST goes into, the source being read, and the diagnostics.  Syntax
 * errors are reported and the parser resumes at the next top-level keyword,
 * so one run reports several of them; the result is the partial AST.
 */
#ifndef POLC_PARSE_H
#define POLC_PARSE_H

#include "diag.h"
#include "ast.h"

typedef struct ParseCtx {
  Arena *arena;
  Source *src;
  Diags *diags;
  SourceFile *file;
  const char *scan_base;   /* flex's copy of src->text: offsets count from it */
  int depth;           /* brackets open now, for the depth limit */
  uint32_t open_at[64];   /* offsets of the innermost open ( and { */
  int syntax_errors;   /* the checker runs only on a file that parsed; text
                          the lexer had to drop counts too */
  bool utf8_reported;  /* one "not UTF-8" error per file is enough */
} ParseCtx;

/* Nesting deeper than this is reported rather than risking the stack. */
enum { PARSE_MAX_DEPTH = 200 };
/* Generous limits on what one token or line may hold: past them a located
 * error, never an allocation storm. */
enum { PARSE_MAX_NAME = 128, PARSE_MAX_STRING = 4096, PARSE_MAX_LINE = 65536 };

SourceFile *parse_source(Arena *arena, Source *src, Diags *diags);

/* One token as the parser sees it: its number (parser.h) and its bytes. */
typedef struct LexToken {
  int token;
  Span span;
} LexToken;

/* The tokens of src, in order, for tools that work on the text (polc fmt);
 * *tokens is in the arena.  Returns their number, or -1 when the lexer
 * reported an error (in diags). */
int lex_tokens(Arena *arena, Source *src, Diags *diags, LexToken **tokens);

/* Keyword lookup, used by the lexer: the token number or 0. */
int lex_keyword(const char *text, size_t len);

/* Whether a token (parser.h) starts a declaration; the end of the file
 * (token 0) counts. */
bool parse_starts_declaration(int token);

#endif
