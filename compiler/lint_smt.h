/*
 * lint_smt.h - a unit's expressions as Z3 terms, for the lints that are
 * proofs (never-holds, never-pays; compiler/lint_awards.c).
 *
 * The encoding is exact where the language is: money is whole fen, percents
 * and numbers whole millionths, counts and dates integers, texts distinct
 * constants, bools bools.  Every numeric term is a Z3 real in the value's
 * natural unit (fen, the fraction itself, the count, the day).  What it
 * cannot express exactly (a product of two unknowns, years_between...) is
 * a fresh unconstrained variable, and a product or quotient the engines
 * truncate may be off by one unit of its type: the terms describe every
 * value the engines can compute, and maybe more, so "no applicant" proved
 * here holds for the engines too.
 */
#ifndef POLC_LINT_SMT_H
#define POLC_LINT_SMT_H

#include "z3_api.h"

#include "unit.h"

typedef struct Smt {
  Z3_context ctx;
  Z3_solver solver;
  Z3_model model;      /* of the last satisfiable check, or NULL */
  Unit *unit;
  PtrVec texts;        /* char*: text literals; code = index + 1 */
  PtrVec vars;         /* SmtVar*: the inputs (and as_of) met so far */
  PtrVec lets;         /* SmtLet*: lets encoded once */
  int fresh;           /* names of fresh variables */
  Z3_ast *core;        /* the unsat core of the last unsat check */
  int ncore;
} Smt;

/* An input (or as_of) and its Z3 constant. */
typedef struct SmtVar {
  Symbol *sym;
  Z3_ast var;          /* Int in the type's stored unit, or Bool */
  Z3_ast value;        /* the natural value (Real), or the Bool */
} SmtVar;

enum { SMT_UNSAT = 0, SMT_SAT = 1, SMT_UNKNOWN = -1 };

/* Returns 0 when Z3 cannot start (the lints are then skipped). */
int smt_open(Smt *s, Unit *unit);
void smt_close(Smt *s);

/* The term of an expression: Bool for bools, Real for everything else. */
Z3_ast smt_expr(Smt *s, Expr *e);
/* x rounded half away from zero to the fen: an integer within ½ fen. */
Z3_ast smt_round_fen(Smt *s, Z3_ast x);
/* A new boolean constant, for guarding assertions. */
Z3_ast smt_guard(Smt *s);
Z3_ast smt_and(Smt *s, Z3_ast a, Z3_ast b);
Z3_ast smt_int(Smt *s, int64_t v);
Z3_ast smt_max0(Smt *s, Z3_ast x);
Z3_ast smt_add(Smt *s, Z3_ast a, Z3_ast b);
Z3_ast smt_sub(Smt *s, Z3_ast a, Z3_ast b);
/* a × b exactly when one is a constant; else a fresh unknown. */
Z3_ast smt_mul(Smt *s, Z3_ast a, Z3_ast b);
/* min(a, b) of two terms, and a min of two defined before it */
Z3_ast smt_min(Smt *s, Z3_ast a, Z3_ast b);
/* The value of an input or of as_of. */
Z3_ast smt_symbol(Smt *s, Symbol *sym);

/* Whether `conds` can all hold with the permanent assertions, assuming the
 * guards `assume`.  SAT keeps the model in s->model; UNSAT keeps the guards
 * of `assume` the proof needed in s->core. */
int smt_check(Smt *s, Z3_ast *conds, int nconds, Z3_ast *assume, int nassume);
/* The value of a term in s->model as a fraction; 0 when it does not fit. */
int smt_value(Smt *s, Z3_ast term, int64_t *num, int64_t *den);

#endif
