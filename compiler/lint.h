/*
 * lint.h - `polc check`'s review lints: warnings about a policy that is
 * well-typed but says something its drafter did not mean (a condition
 * that never holds, an input never read, a rule no test expects...).
 * Run only by `polc check`, after a unit checked without errors.
 *
 * A lint is silenced for one declaration by a comment on the line before
 * it (or before the line reported):  # polc: allow never-pays, unused-input
 */
#ifndef POLC_LINT_H
#define POLC_LINT_H

#include "unit.h"

void lint_unit(Unit *unit);

/* --- shared by lint.c and lint_awards.c ------------------------------------ */

/* Whether a `# polc: allow CODE` comment silences `code` for `decl` (or for
 * the line of `at`). */
bool lint_allowed(Unit *unit, const Decl *decl, Span at, const char *code);
/* never-holds and never-pays, proved with Z3 (lint_awards.c). */
void lint_proofs(Unit *unit);

#endif
