/*
 * format.h - `polc fmt`: a .pol file in the canonical layout.
 *
 * The layout changes only the space between tokens, never the tokens, and
 * keeps the author's line breaks and comments:
 *   - a declaration (policy, import, kind, input, let, eligible, rule, test,
 *     indicator) starts at column 0; its clauses (document, issuer, note,
 *     effective, family; a rule's attributes and awards; baseline, target)
 *     at 2; any other line continuing a statement at 4;
 *   - a test's { }: given/expect at 2 more than the line with the `{`,
 *     their continuations at 8 more (under the first assignment), the `}` in
 *     the column of that line;
 *   - a ladder's or brackets' { }: the `}` where a continued line would
 *     stand (4, or the line's own indentation when deeper), the lines
 *     inside at 2 more, their `->` in one column;
 *   - one space between tokens, none inside ( ) or before , . :, none
 *     between a function's name and its `(`, nor after a unary minus;
 *   - a comment after code two spaces after it, the comments of consecutive
 *     lines in one column; a comment on its own line indented like the code
 *     below it;
 *   - no trailing space, tabs or CRs; runs of blank lines become one; no
 *     blank lines (or byte-order mark) at the start, one newline at the end.
 */
#ifndef POLC_FORMAT_H
#define POLC_FORMAT_H

#include <stddef.h>

#include "diag.h"
#include "source.h"

/*
 * The text of src in the canonical layout, malloc'd (*len bytes, then a
 * NUL).  NULL when src has a syntax error (reported in diags): a file is
 * formatted only once it parses.  The result is checked to hold exactly
 * src's tokens and comments, in order.
 */
char *format_source(Arena *arena, Source *src, Diags *diags, size_t *len);

#endif
