/*
 * types.h - the typing rules of language.md §3, shared by the checker's
 * passes.
 */
#ifndef POLC_TYPES_H
#define POLC_TYPES_H

#include "unit.h"

typedef struct Checker {
  Unit *unit;
  Source *src;        /* file of the declaration being checked */
  int depth;          /* expression nesting, bounded */
  PtrVec let_path;    /* lets being typed, to name a cycle */
} Checker;

enum { TYPES_MAX_DEPTH = 400 };

/* Types every let (each once, in any order; cycles reported). */
void types_check_lets(Checker *c);
/* Types an expression (and everything under it); returns its type. */
Type types_expr(Checker *c, Expr **slot);
/* Types an expression that must have type `want` (TY_ZERO never is). */
void types_expect(Checker *c, Expr **slot, Type want, const char *what);
/* Checks a literal against a declared type, converting a count literal to a
 * number where the declaration asks for one.  Returns 0 and reports when it
 * does not fit. */
int types_literal_fits(Checker *c, Expr *lit, Type want, const char *what);

#endif
