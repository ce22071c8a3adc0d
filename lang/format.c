/*
 * format.c - the canonical layout (format.h) of a .pol file.
 *
 * Works on the tokens (lex_tokens) and on the comments between them: the
 * bytes between two tokens are only spaces, line ends and `#` comments, so
 * nothing else needs reading.  Each source line that holds something gives
 * one output line; its indentation follows from its first token and from
 * where the statement stands (the Layout below), its spacing from each pair
 * of neighbouring tokens.
 */
#include "format.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/base/textbuf.h"
#include "../runtime/base/utf8.h"
#include "parse.h"
#include "parser.h"

/* A token or a comment, with the source line it is on. */
typedef struct Piece {
  Span span;
  int token;     /* 0: a comment */
  int line;
} Piece;

typedef struct Pieces {
  Piece *items;
  int count;     /* -1: the text did not lex */
  int cap;
} Pieces;

enum { MAX_BRACES = PARSE_MAX_DEPTH };

/* Where the statement being laid out stands. */
typedef struct Layout {
  int decl;              /* token of the current declaration */
  bool rule_awarded;     /* the rule has had an `award`: no more attributes */
  int depth;             /* open { } */
  int brace_indent[MAX_BRACES];   /* indentation of the block's } */
  bool brace_test[MAX_BRACES];    /* the { of a test */
  int brace_block[MAX_BRACES];    /* the block's number (OutLine.block) */
  int prev_token;        /* the token before the current one, 0 at the start */
} Layout;

/* ---- pieces ---- */

static void push_piece(Pieces *ps, Piece piece) {
  if (ps->count == ps->cap) {
    ps->cap = ps->cap ? 2 * ps->cap : 256;
    ps->items = xrealloc(ps->items, sizeof *ps->items * (size_t)ps->cap);
  }
  ps->items[ps->count++] = piece;
}

/* The comments in text[from..to), which holds no token. */
static void add_comments(const Source *src, uint32_t from, uint32_t to, int *line,
                         Pieces *out) {
  uint32_t i = from;
  while (i < to) {
    if (source_is_line_end(src->text, i, src->len)) {
      (*line)++;
      i++;
    } else if (src->text[i] == '#') {
      uint32_t end = i;
      while (end < to && !source_is_line_end(src->text, end, src->len))
        end++;
      push_piece(out, (Piece){{i, end}, 0, *line});
      i = end;
    } else {
      i++;
    }
  }
}

static Pieces collect_pieces(const Source *src, const LexToken *tokens, int ntokens) {
  Pieces out = {0};
  uint32_t at = src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  int line = 1;
  for (int t = 0; t < ntokens; t++) {
    add_comments(src, at, tokens[t].span.begin, &line, &out);
    push_piece(&out, (Piece){tokens[t].span, tokens[t].token, line});
    at = tokens[t].span.end;
  }
  add_comments(src, at, (uint32_t)src->len, &line, &out);
  return out;
}

/* ---- indentation ---- */

static bool starts_declaration(const Layout *lay, int token) {
  if (token == KW_KIND || token == KW_ARTICLE)   /* a rule's attribute until its first award */
    return lay->decl != KW_RULE || lay->rule_awarded;
  return token != POL_EOF && parse_starts_declaration(token);
}

static bool is_clause(const Layout *lay, int token) {
  switch (lay->decl) {
  case KW_POLICY:
    return token == KW_DOCUMENT || token == KW_ISSUER || token == KW_NOTE ||
           token == KW_EFFECTIVE || token == KW_FAMILY;
  case KW_RULE:
    return token == KW_AWARD ||
           (!lay->rule_awarded &&
            (token == KW_KIND || token == KW_GROUP || token == KW_PER || token == KW_FOR ||
             token == KW_PAID || token == KW_DISCRETIONARY || token == KW_EXTERNAL ||
             token == KW_OBLIGATION || token == KW_NOTE || token == KW_ARTICLE));
  case KW_ARTICLE:
    return token == KW_REASON;
  case KW_INDICATOR:
    return token == KW_BASELINE || token == KW_TARGET;
  default:
    return false;
  }
}

/* Indentation of a line whose first token is `token`. */
static int line_indent(const Layout *lay, int token) {
  if (lay->depth > 0) {
    int outer = lay->brace_indent[lay->depth - 1];
    if (token == '}')
      return outer;
    if (!lay->brace_test[lay->depth - 1])
      return outer + 2;
    /* a continued `given` lines up with its first assignment */
    return token == KW_GIVEN || token == KW_EXPECT ? outer + 2 : outer + 8;
  }
  if (starts_declaration(lay, token))
    return 0;
  return is_clause(lay, token) ? 2 : 4;
}

/* Follows one token of a line indented `indent`. */
static void layout_step(Layout *lay, int token, int indent) {
  if (lay->depth == 0 && starts_declaration(lay, token)) {
    lay->decl = token;
    lay->rule_awarded = false;
  } else if (lay->depth == 0 && lay->decl == KW_RULE && token == KW_AWARD) {
    lay->rule_awarded = true;
  }
  if (token == '{' && lay->depth < MAX_BRACES) {
    /* A test's block is the declaration's (at 0, wherever the `{` is); a
     * ladder's or brackets' is part of an expression, so it stands where a
     * continued line would. */
    bool test = lay->depth == 0 && lay->decl == KW_TEST;
    lay->brace_indent[lay->depth] = test ? 0 : indent > 4 ? indent : 4;
    lay->brace_test[lay->depth] = test;
    lay->depth++;
  } else if (token == '}' && lay->depth > 0) {
    lay->depth--;
  }
  lay->prev_token = token;
}

/* ---- spacing ---- */

/* Tokens after which a `-` is a subtraction, not a sign. */
static bool ends_operand(int token) {
  switch (token) {
  case IDENT: case STRING: case MONEY: case PERCENT: case NUMBER: case DATE:
  case KW_TRUE: case KW_FALSE: case ')': case '}':
    return true;
  default:
    return false;
  }
}

/* Whether a space goes between neighbours a and b; `unary`: a is a sign. */
static bool space_between(int a, int b, bool unary) {
  if (b == ',' || b == ')' || b == '.' || b == ':')
    return false;
  if (a == '(' || a == '.' || unary)
    return false;
  if (b == '(' && (a == IDENT || a == KW_YEAR))
    return false;   /* a call: min(a, b), year(d) */
  return true;
}

/* ---- lines ---- */

/* One output line before alignment: its code (indentation included) and
 * its comment, kept apart so that comments and arrows can be lined up. */
typedef struct OutLine {
  TextBuf code;
  Span comment;          /* empty: none */
  bool blank_before;
  bool has_code;         /* else only a comment */
  int block;             /* the ladder or brackets block it is in, or 0 */
  size_t arrow_at;       /* offset of the space before its `->`, or 0 */
} OutLine;

typedef struct OutLines {
  OutLine *items;
  int count;
  int blocks;            /* block numbers given so far */
} OutLines;

static void put_indent(TextBuf *out, int indent) {
  for (int i = 0; i < indent; i++)
    tb_putc(out, ' ');
}

/* The indentation of a line holding only a comment: that of the next line
 * with a token (inside a block about to close, the block's). */
static int comment_indent(const Layout *lay, const Pieces *ps, int i) {
  while (i < ps->count && ps->items[i].token == 0)
    i++;
  if (i == ps->count)
    return 0;
  int token = ps->items[i].token;
  int indent = line_indent(lay, token);
  return token == '}' ? indent + 2 : indent;
}

/* A comment without the spaces (or CR) that end its line. */
static Span trimmed_comment(const Source *src, Span span) {
  while (span.end > span.begin && strchr(" \t\r", src->text[span.end - 1]))
    span.end--;
  return span;
}

/* Lays out one source line, pieces [i, end), as line. */
static void lay_line(OutLine *line, const Source *src, Layout *lay, const Pieces *ps,
                     int i, int end, int *blocks) {
  const Piece *first = &ps->items[i];
  TextBuf *code = &line->code;
  if (first->token == 0) {   /* a comment on its own line */
    put_indent(code, comment_indent(lay, ps, i));
    line->comment = trimmed_comment(src, first->span);
    return;
  }
  int indent = line_indent(lay, first->token);
  line->has_code = true;
  if (lay->depth > 0 && !lay->brace_test[lay->depth - 1])
    line->block = lay->brace_block[lay->depth - 1];
  put_indent(code, indent);
  bool unary = false;
  for (int k = i; k < end; k++) {
    const Piece *p = &ps->items[k];
    if (p->token == 0) {   /* a comment after code: it ends the line */
      line->comment = trimmed_comment(src, p->span);
      break;
    }
    if (k > i && space_between(ps->items[k - 1].token, p->token, unary)) {
      if (p->token == ARROW && !line->arrow_at)
        line->arrow_at = code->len;
      tb_putc(code, ' ');
    }
    tb_put(code, src->text + p->span.begin, p->span.end - p->span.begin);
    unary = p->token == '-' && !ends_operand(lay->prev_token);
    if (p->token == '{' && lay->depth < MAX_BRACES)
      lay->brace_block[lay->depth] = ++*blocks;
    layout_step(lay, p->token, indent);
  }
}

static OutLines lay_lines(const Source *src, const Pieces *ps) {
  OutLines out = {xcalloc((size_t)(ps->count ? ps->count : 1), sizeof *out.items), 0, 0};
  Layout lay = {0};
  int prev_line = 0;
  for (int i = 0; i < ps->count;) {
    int end = i;
    while (end < ps->count && ps->items[end].line == ps->items[i].line)
      end++;
    OutLine *line = &out.items[out.count++];
    line->blank_before = prev_line && ps->items[i].line > prev_line + 1;
    lay_line(line, src, &lay, ps, i, end, &out.blocks);
    prev_line = ps->items[i].line;
    i = end;
  }
  return out;
}

/* ---- alignment ---- */

static int width_of(const TextBuf *tb, size_t len) {
  return utf8_columns(tb->data ? tb->data : "", len, 0);
}

/* Pads the code before each `->` of a ladder or brackets block so that the
 * arrows of the block stand in one column. */
static void align_arrows(OutLines *lines) {
  for (int block = 1; block <= lines->blocks; block++) {
    int widest = 0;
    for (int i = 0; i < lines->count; i++) {
      OutLine *l = &lines->items[i];
      if (l->block == block && l->arrow_at && width_of(&l->code, l->arrow_at) > widest)
        widest = width_of(&l->code, l->arrow_at);
    }
    for (int i = 0; i < lines->count; i++) {
      OutLine *l = &lines->items[i];
      if (l->block != block || !l->arrow_at)
        continue;
      int pad = widest - width_of(&l->code, l->arrow_at);
      TextBuf padded = {0};
      tb_put(&padded, l->code.data, l->arrow_at);
      put_indent(&padded, pad);
      tb_put(&padded, l->code.data + l->arrow_at, l->code.len - l->arrow_at);
      tb_free(&l->code);
      l->code = padded;
    }
  }
}

static bool has_code_and_comment(const OutLine *l) {
  return l->has_code && l->comment.end > l->comment.begin;
}

/* Writes the lines; the comments after code on consecutive lines stand in
 * one column, two spaces after the longest code of the run. */
static TextBuf write_lines(const Source *src, OutLines *lines) {
  TextBuf out = {0};
  for (int i = 0; i < lines->count;) {
    int end = i + 1, widest = 0;
    if (has_code_and_comment(&lines->items[i]))
      while (end < lines->count && !lines->items[end].blank_before &&
             has_code_and_comment(&lines->items[end]))
        end++;
    for (int k = i; k < end; k++)
      if (width_of(&lines->items[k].code, lines->items[k].code.len) > widest)
        widest = width_of(&lines->items[k].code, lines->items[k].code.len);
    for (int k = i; k < end; k++) {
      OutLine *l = &lines->items[k];
      if (l->blank_before)
        tb_putc(&out, '\n');
      tb_put(&out, l->code.data ? l->code.data : "", l->code.len);
      if (l->comment.end > l->comment.begin) {
        if (has_code_and_comment(l))
          put_indent(&out, widest - width_of(&l->code, l->code.len) + 2);
        tb_put(&out, src->text + l->comment.begin, l->comment.end - l->comment.begin);
      }
      tb_putc(&out, '\n');
      tb_free(&l->code);
    }
    i = end;
  }
  free(lines->items);
  return out;
}

static TextBuf layout(const Source *src, const Pieces *ps) {
  OutLines lines = lay_lines(src, ps);
  align_arrows(&lines);
  return write_lines(src, &lines);
}

/* ---- the check: same tokens, same comments ---- */

static bool same_text(const Source *a, Span sa, const Source *b, Span sb, bool comment) {
  size_t la = sa.end - sa.begin, lb = sb.end - sb.begin;
  if (comment) {   /* trailing spaces are the layout's */
    while (la > 0 && strchr(" \t\r", a->text[sa.begin + la - 1]))
      la--;
    while (lb > 0 && strchr(" \t\r", b->text[sb.begin + lb - 1]))
      lb--;
  }
  return la == lb && memcmp(a->text + sa.begin, b->text + sb.begin, la) == 0;
}

static bool same_pieces(const Source *a, const Pieces *pa, const Source *b,
                        const Pieces *pb) {
  if (pa->count != pb->count)
    return false;
  for (int i = 0; i < pa->count; i++) {
    const Piece *x = &pa->items[i], *y = &pb->items[i];
    if (x->token != y->token || !same_text(a, x->span, b, y->span, x->token == 0))
      return false;
  }
  return true;
}

/* The pieces of src, or count -1 when it does not lex. */
static Pieces pieces_of(Arena *arena, Source *src, Diags *diags) {
  LexToken *tokens;
  int n = lex_tokens(arena, src, diags, &tokens);
  if (n < 0)
    return (Pieces){NULL, -1, 0};
  return collect_pieces(src, tokens, n);
}

char *format_source(Arena *arena, Source *src, Diags *diags, size_t *len) {
  SourceFile *file = parse_source(arena, src, diags);
  if (file->syntax_errors || diags->errors)
    return NULL;
  Pieces before = pieces_of(arena, src, diags);
  if (before.count < 0)
    return NULL;
  TextBuf out = layout(src, &before);
  tb_putc(&out, '\0');
  *len = out.len - 1;
  Diags scratch;
  diags_init(&scratch, arena);
  Source *result = source_from_text(arena, src->path, out.data, *len);
  Pieces after = pieces_of(arena, result, &scratch);
  bool same = after.count >= 0 && same_pieces(src, &before, result, &after);
  free(before.items);
  free(after.items);
  if (!same) {   /* a bug of this file: say so rather than change a policy */
    Span start = {0, 0};   /* (not inline: see po/extract.sh) */
    diag_error(diags, src, start, "fmt-internal",
               "polc fmt would change the tokens of this file; it is left as it is "
               "(please report this file)");
    free(out.data);
    return NULL;
  }
  if (*len == 0)
    out.data[0] = '\0';
  return out.data;
}
