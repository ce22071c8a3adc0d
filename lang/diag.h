/*
 * diag.h - diagnostics: collected while a unit is compiled, then sorted and
 * printed in GCC's form, as JSON, or as SARIF.
 *
 *   policies/x.pol:14:41: error: cannot compare money with number
 *      14 |   award 5% of paid_in_capital cap 500万 when paid_in_capital >= 2000
 *         |                                                                 ^~~~
 *         = hint: write 2000万 or 2000元
 *
 * Every phase reports into a Diags and returns; only the driver decides the
 * exit status.  This is polc's one error channel up to the rows (see "Errors:
 * one channel" in compiler/README.md): a problem with no place in a source
 * (a file that cannot be read, the native-code cache) is a diagnostic with
 * `src` NULL, printed in text as polc's own line, `polc: MESSAGE`.  Codes are short stable names ("type-mismatch") listed in
 * compiler/README.md so tools can filter on them.
 */
#ifndef POLC_DIAG_H
#define POLC_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "source.h"
#include "../runtime/base/arena.h"

typedef enum Severity { SEV_ERROR, SEV_WARNING, SEV_NOTE } Severity;

typedef struct Diag {
  Severity severity;
  const char *code;
  Source *src;
  Span span;
  const char *message;
  const char *hint;      /* NULL when no fix is obvious */
  int seq;               /* report order, for a stable sort */
  int src_rank;          /* order of first report on this file */
  struct Diag *parent;   /* a note follows the diagnostic it explains */
  /* An exact fix, when the hint names one: replace fix_span (in src) with
   * fix_text.  NULL fix_text: none.  Editors offer it as a code action. */
  Span fix_span;
  const char *fix_text;
} Diag;

typedef struct Diags {
  Arena *arena;
  PtrVec items;
  int errors;
  int warnings;
  int max_errors;   /* stop recording past this many (0: no limit) */
} Diags;

void diags_init(Diags *diags, Arena *arena);

Diag *diag_error(Diags *diags, Source *src, Span span, const char *code,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
Diag *diag_warning(Diags *diags, Source *src, Span span, const char *code,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A note attached to `parent` ("first defined here"). */
void diag_note(Diags *diags, Diag *parent, Source *src, Span span,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A remark with no place and no parent (`src` NULL): what polc did, for
 * --verbose, or why it did something else than asked. */
void diag_remark(Diags *diags, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Adds the "= hint:" line; `diag` may be NULL (then nothing happens). */
void diag_hint(Diags *diags, Diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records the exact fix of `diag` (may be NULL): `text` replaces `span`. */
void diag_fix(Diags *diags, Diag *diag, Span span, const char *text);

/* The first error reported (before any sort), or NULL: for a caller that
 * words a failure itself ("polc build: ..."). */
const Diag *diags_first_error(const Diags *diags);

/* Orders diagnostics by file and position, notes after their parent. */
void diags_sort(Diags *diags);

/* --- printing ---------------------------------------------------------- */

typedef enum DiagFormat { DIAG_TEXT, DIAG_JSON, DIAG_SARIF } DiagFormat;

typedef struct DiagPrinter {
  DiagFormat format;
  FILE *out;
  int color;        /* ANSI colours in text form */
  int werror;       /* warnings count as errors */
  bool char_columns;   /* text and JSON count columns in characters, not in
                          display columns (a CJK character two); SARIF
                          always counts characters */
  int printed;      /* objects written so far (JSON/SARIF separators) */
  int errors;       /* totals over every unit printed */
  int warnings;
} DiagPrinter;

void diag_printer_begin(DiagPrinter *printer);
/* Prints one unit's diagnostics; `arena` is used for line maps. */
void diag_printer_emit(DiagPrinter *printer, Diags *diags);
void diag_printer_end(DiagPrinter *printer);

#endif
