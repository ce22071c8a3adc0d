/*
 * lint_smt.c - expressions as Z3 terms (see lint_smt.h for the encoding).
 */
#include "lint_smt.h"

#include <stdio.h>
#include <string.h>

#include "../runtime/base/exact.h"

/* Each query stops at this much work, Z3's resource limit: "unknown", and
 * nothing is reported.  A limit of work rather than of milliseconds gives
 * the same answers on a busy machine, and Z3's timer (a thread per query)
 * tripled the time of `polc check policies/`. */
enum { SMT_RLIMIT = 2000000 };

typedef struct SmtLet {
  Symbol *sym;
  Z3_ast value;
} SmtLet;

/* Errors are read with Z3_get_error_code; the default handler would exit. */
static void ignore_error(Z3_context ctx, Z3_error_code code) {
  (void)ctx;
  (void)code;
}

int smt_open(Smt *s, Unit *unit) {
  memset(s, 0, sizeof *s);
  s->unit = unit;
  const char *unbound = z3_bind();   /* loaded now, not at start-up */
  if (unbound) {
    diag_remark(&unit->diags, "never-holds",
                "the proofs never-holds, never-pays and cap-never-binds did not run: "
                "the Z3 solver could not be loaded: %s (install libz3-4)", unbound);
    return 0;
  }
  Z3_config cfg = Z3_mk_config();
  if (!cfg)
    return 0;
  s->ctx = Z3_mk_context(cfg);
  Z3_del_config(cfg);
  if (!s->ctx)
    return 0;
  Z3_set_error_handler(s->ctx, ignore_error);
  s->solver = Z3_mk_solver(s->ctx);
  Z3_solver_inc_ref(s->ctx, s->solver);
  Z3_params p = Z3_mk_params(s->ctx);
  Z3_params_inc_ref(s->ctx, p);
  Z3_params_set_uint(s->ctx, p, Z3_mk_string_symbol(s->ctx, "rlimit"), SMT_RLIMIT);

  Z3_solver_set_params(s->ctx, s->solver, p);
  Z3_params_dec_ref(s->ctx, p);
  return 1;
}

void smt_close(Smt *s) {
  if (!s->ctx)
    return;
  if (s->model)
    Z3_model_dec_ref(s->ctx, s->model);
  Z3_solver_dec_ref(s->ctx, s->solver);
  Z3_del_context(s->ctx);
  s->ctx = NULL;
}

/* --- building terms ------------------------------------------------------ */

static Z3_sort real_sort(Smt *s) { return Z3_mk_real_sort(s->ctx); }

static Z3_ast rational(Smt *s, int64_t num, int64_t den) {
  char buf[64];
  snprintf(buf, sizeof buf, "%lld/%lld", (long long)num, (long long)den);
  return Z3_mk_numeral(s->ctx, buf, real_sort(s));
}

Z3_ast smt_int(Smt *s, int64_t v) { return rational(s, v, 1); }

static Z3_ast fresh(Smt *s, Z3_sort sort) {
  char name[32];
  snprintf(name, sizeof name, "~%d", s->fresh++);
  return Z3_mk_const(s->ctx, Z3_mk_string_symbol(s->ctx, name), sort);
}

/* A fresh unknown real (an integer when `integral`). */
static Z3_ast unknown(Smt *s, bool integral) {
  if (integral)
    return Z3_mk_int2real(s->ctx, fresh(s, Z3_mk_int_sort(s->ctx)));
  return fresh(s, real_sort(s));
}

Z3_ast smt_guard(Smt *s) { return fresh(s, Z3_mk_bool_sort(s->ctx)); }

Z3_ast smt_and(Smt *s, Z3_ast a, Z3_ast b) {
  Z3_ast args[2] = {a, b};
  return Z3_mk_and(s->ctx, 2, args);
}

static Z3_ast add2(Smt *s, Z3_ast a, Z3_ast b) {
  Z3_ast args[2] = {a, b};
  return Z3_mk_add(s->ctx, 2, args);
}

static Z3_ast sub2(Smt *s, Z3_ast a, Z3_ast b) {
  Z3_ast args[2] = {a, b};
  return Z3_mk_sub(s->ctx, 2, args);
}

static Z3_ast mul2(Smt *s, Z3_ast a, Z3_ast b) {
  Z3_ast args[2] = {a, b};
  return Z3_mk_mul(s->ctx, 2, args);
}

static Z3_ast max2(Smt *s, Z3_ast a, Z3_ast b) {
  return Z3_mk_ite(s->ctx, Z3_mk_ge(s->ctx, a, b), a, b);
}

Z3_ast smt_sub(Smt *s, Z3_ast a, Z3_ast b) { return sub2(s, a, b); }
Z3_ast smt_add(Smt *s, Z3_ast a, Z3_ast b) { return add2(s, a, b); }
Z3_ast smt_mul(Smt *s, Z3_ast a, Z3_ast b) {
  if (!Z3_is_numeral_ast(s->ctx, a) && !Z3_is_numeral_ast(s->ctx, b))
    return unknown(s, false);
  return mul2(s, a, b);
}
static Z3_ast min2(Smt *s, Z3_ast a, Z3_ast b) {
  return Z3_mk_ite(s->ctx, Z3_mk_le(s->ctx, a, b), a, b);
}

Z3_ast smt_min(Smt *s, Z3_ast a, Z3_ast b) { return min2(s, a, b); }

Z3_ast smt_max0(Smt *s, Z3_ast x) { return max2(s, x, smt_int(s, 0)); }

/* A permanent fact about a fresh variable. */
static void side(Smt *s, Z3_ast fact) { Z3_solver_assert(s->ctx, s->solver, fact); }

/* A value within `ulp` of `exact`: what an engine that truncates gives. */
static Z3_ast near(Smt *s, Z3_ast exact, Z3_ast ulp, bool integral) {
  Z3_ast v = unknown(s, integral);
  side(s, Z3_mk_ge(s->ctx, v, sub2(s, exact, ulp)));
  side(s, Z3_mk_le(s->ctx, v, add2(s, exact, ulp)));
  return v;
}

Z3_ast smt_round_fen(Smt *s, Z3_ast x) {
  if (Z3_is_numeral_ast(s->ctx, x)) {
    int64_t num, den;
    if (Z3_get_numeral_rational_int64(s->ctx, x, &num, &den) && den == 1)
      return x;
  }
  /* ½ fen, and the millionth of a fen a truncated product may lose */
  return near(s, x, rational(s, EXACT_MICRO / 2 + 1, EXACT_MICRO), true);
}

/* One unit of the type as stored: the most a truncation can lose. */
static Z3_ast type_ulp(Smt *s, Type t) {
  return t == TY_PERCENT || t == TY_NUMBER ? rational(s, 1, EXACT_MICRO)
                                           : smt_int(s, 1);
}

/* --- names ----------------------------------------------------------------- */

static SmtVar *input_var(Smt *s, Symbol *sym) {
  for (int i = 0; i < s->vars.len; i++) {
    SmtVar *v = s->vars.items[i];
    if (v->sym == sym)
      return v;
  }
  SmtVar *v = arena_alloc(&s->unit->arena, sizeof *v);
  v->sym = sym;
  Z3_symbol name = Z3_mk_string_symbol(s->ctx, sym->name);
  if (sym->type == TY_BOOL) {
    v->var = v->value = Z3_mk_const(s->ctx, name, Z3_mk_bool_sort(s->ctx));
  } else {
    v->var = Z3_mk_const(s->ctx, name, Z3_mk_int_sort(s->ctx));
    v->value = Z3_mk_int2real(s->ctx, v->var);
    if (sym->type == TY_PERCENT || sym->type == TY_NUMBER)
      v->value = mul2(s, v->value, rational(s, 1, EXACT_MICRO));
  }
  ptrvec_push(&s->unit->arena, &s->vars, v);
  return v;
}

Z3_ast smt_symbol(Smt *s, Symbol *sym) { return input_var(s, sym)->value; }

static Z3_ast let_value(Smt *s, Symbol *sym) {
  for (int i = 0; i < s->lets.len; i++) {
    SmtLet *l = s->lets.items[i];
    if (l->sym == sym)
      return l->value;
  }
  SmtLet *l = arena_alloc(&s->unit->arena, sizeof *l);
  l->sym = sym;
  l->value = smt_expr(s, sym->decl->as.let.value);
  ptrvec_push(&s->unit->arena, &s->lets, l);
  return l->value;
}

static Z3_ast text_code(Smt *s, const char *text) {
  int i = 0;
  while (i < s->texts.len && strcmp(s->texts.items[i], text) != 0)
    i++;
  if (i == s->texts.len)
    ptrvec_push(&s->unit->arena, &s->texts, (void *)text);
  return smt_int(s, i + 1);
}

/* --- expressions ------------------------------------------------------------ */

static Z3_ast literal(Smt *s, Value v) {
  switch (v.type) {
  case TY_BOOL:
    return v.i ? Z3_mk_true(s->ctx) : Z3_mk_false(s->ctx);
  case TY_PERCENT:
  case TY_NUMBER:
    return rational(s, v.i, EXACT_MICRO);
  case TY_TEXT:
    return text_code(s, v.text);
  default:
    return smt_int(s, v.i);
  }
}

static Z3_ast call(Smt *s, Expr *e) {
  const char *fn = e->name.name;
  bool is_min = strcmp(fn, "min") == 0;
  if ((is_min || strcmp(fn, "max") == 0) && e->args.len > 0) {
    Z3_ast acc = smt_expr(s, e->args.items[0]);
    for (int i = 1; i < e->args.len; i++) {
      Z3_ast x = smt_expr(s, e->args.items[i]);
      acc = is_min ? min2(s, acc, x) : max2(s, acc, x);
    }
    return acc;
  }
  return unknown(s, true);   /* years_between, year: whole, otherwise free */
}

static bool is_number(Smt *s, Z3_ast a) { return Z3_is_numeral_ast(s->ctx, a); }

static Z3_ast product(Smt *s, Expr *e) {
  Z3_ast a = smt_expr(s, e->lhs), b = smt_expr(s, e->rhs);
  if (!is_number(s, a) && !is_number(s, b))
    return unknown(s, e->type == TY_COUNT || e->type == TY_MONEY);
  if (e->type == TY_COUNT)
    return mul2(s, a, b);
  return near(s, mul2(s, a, b), type_ulp(s, e->type), false);
}

static Z3_ast quotient(Smt *s, Expr *e) {
  Z3_ast a = smt_expr(s, e->lhs), b = smt_expr(s, e->rhs);
  int64_t num, den;
  if (!is_number(s, b) || !Z3_get_numeral_rational_int64(s->ctx, b, &num, &den) ||
      num == 0)
    return unknown(s, e->type == TY_COUNT || e->type == TY_MONEY);
  return near(s, Z3_mk_div(s->ctx, a, b), type_ulp(s, e->type), false);
}

static Z3_ast binary(Smt *s, Expr *e) {
  Z3_context c = s->ctx;
  switch (e->op) {
  case OP_MUL:
    return product(s, e);
  case OP_DIV:
    return quotient(s, e);
  default:
    break;
  }
  Z3_ast a = smt_expr(s, e->lhs), b = smt_expr(s, e->rhs);
  switch (e->op) {
  case OP_ADD: return add2(s, a, b);
  case OP_SUB: return sub2(s, a, b);
  case OP_EQ: return Z3_mk_eq(c, a, b);
  case OP_NE: return Z3_mk_not(c, Z3_mk_eq(c, a, b));
  case OP_LT: return Z3_mk_lt(c, a, b);
  case OP_LE: return Z3_mk_le(c, a, b);
  case OP_GT: return Z3_mk_gt(c, a, b);
  case OP_GE: return Z3_mk_ge(c, a, b);
  case OP_AND: return smt_and(s, a, b);
  default: {
    Z3_ast args[2] = {a, b};
    return Z3_mk_or(c, 2, args);
  }
  }
}

static Z3_ast name(Smt *s, Expr *e) {
  Symbol *sym = e->sym;
  if (!sym)
    return e->type == TY_BOOL ? fresh(s, Z3_mk_bool_sort(s->ctx)) : unknown(s, false);
  if (sym->kind == SYM_LET && sym->decl)
    return let_value(s, sym);
  return input_var(s, sym)->value;
}

Z3_ast smt_expr(Smt *s, Expr *e) {
  switch (e->kind) {
  case EX_LITERAL:
    return literal(s, e->lit);
  case EX_NAME:
    return name(s, e);
  case EX_CALL:
    return call(s, e);
  case EX_NEG:
    return Z3_mk_unary_minus(s->ctx, smt_expr(s, e->lhs));
  case EX_NOT:
    return Z3_mk_not(s->ctx, smt_expr(s, e->lhs));
  case EX_BINARY:
    return binary(s, e);
  case EX_IF:
    return Z3_mk_ite(s->ctx, smt_expr(s, e->cond), smt_expr(s, e->lhs),
                     smt_expr(s, e->rhs));
  case EX_CAST:
    return smt_expr(s, e->lhs);   /* a count widened to a number: same value */
  }
  return unknown(s, false);
}

/* --- queries ------------------------------------------------------------------ */

int smt_check(Smt *s, Z3_ast *conds, int nconds, Z3_ast *assume, int nassume) {
  Z3_context c = s->ctx;
  if (s->model) {
    Z3_model_dec_ref(c, s->model);
    s->model = NULL;
  }
  s->ncore = 0;
  Z3_solver_push(c, s->solver);
  for (int i = 0; i < nconds; i++)
    Z3_solver_assert(c, s->solver, conds[i]);
  Z3_lbool r = Z3_solver_check_assumptions(c, s->solver, (unsigned)nassume, assume);
  int result = SMT_UNKNOWN;
  if (Z3_get_error_code(c) != Z3_OK) {
    result = SMT_UNKNOWN;
  } else if (r == Z3_L_TRUE) {
    s->model = Z3_solver_get_model(c, s->solver);
    if (s->model)
      Z3_model_inc_ref(c, s->model);
    result = SMT_SAT;
  } else if (r == Z3_L_FALSE) {
    Z3_ast_vector core = Z3_solver_get_unsat_core(c, s->solver);
    Z3_ast_vector_inc_ref(c, core);
    unsigned n = Z3_ast_vector_size(c, core);
    s->core = arena_alloc(&s->unit->arena, sizeof(Z3_ast) * (n + 1));
    for (unsigned i = 0; i < n; i++)
      s->core[i] = Z3_ast_vector_get(c, core, i);
    s->ncore = (int)n;
    Z3_ast_vector_dec_ref(c, core);
    result = SMT_UNSAT;
  }
  Z3_solver_pop(c, s->solver, 1);
  return result;
}

int smt_value(Smt *s, Z3_ast term, int64_t *num, int64_t *den) {
  Z3_ast v;
  if (!s->model || !Z3_model_eval(s->ctx, s->model, term, true, &v))
    return 0;
  if (Z3_get_sort_kind(s->ctx, Z3_get_sort(s->ctx, v)) == Z3_BOOL_SORT) {
    *num = Z3_get_bool_value(s->ctx, v) == Z3_L_TRUE;
    *den = 1;
    return 1;
  }
  return Z3_is_numeral_ast(s->ctx, v) &&
         Z3_get_numeral_rational_int64(s->ctx, v, num, den);
}
