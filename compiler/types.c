/*
 * types.c - typing of expressions (language.md §3).
 *
 * Every expression gets a Type.  A count meeting a number widens to a
 * number (an EX_CAST is inserted, so later phases never see mixed operands);
 * the literal 0 takes the type of whatever it meets.  A wrong combination is
 * reported once: the result is TY_ERROR, which silences the expressions
 * around it.
 */
#include "types.h"

#include <string.h>

#include "../runtime/base/exact.h"
#include "../runtime/base/i18n.h"
#include "builtins.h"
#include "resolve.h"

static Diags *D(Checker *c) { return &c->unit->diags; }

static bool is_ratio(Type t) { return t == TY_NUMBER || t == TY_COUNT; }

/* Source text of a node, for messages ("2000"). */
static const char *text_of(Checker *c, const Expr *e) {
  int len = (int)(e->span.end - e->span.begin);
  return arena_printf(&c->unit->arena, "%.*s", len > 60 ? 60 : len,
                      c->src->text + e->span.begin);
}

/* The type as a drafter reads it: a plain integer literal is "a number"
 * (language.md §2), although it also fits a count. */
static const char *shown_type(const Expr *e) {
  if (e->kind == EX_LITERAL && e->lit.type == TY_COUNT)
    return "number";
  return type_name(e->type);
}

static void widen_to_number(Checker *c, Expr **slot) {
  Expr *cast = ast_unary(&c->unit->arena, (*slot)->span, EX_CAST, *slot);
  cast->type = TY_NUMBER;
  *slot = cast;
}

/* A fix for a literal written in the wrong kind of unit, or NULL. */
static const char *literal_fix(Checker *c, const Expr *lit, Type want) {
  if (!lit || lit->kind != EX_LITERAL)
    return NULL;
  const char *text = text_of(c, lit);
  Type have = lit->lit.type;
  char buf[64];
  if (want == TY_MONEY && is_ratio(have))
    return arena_printf(&c->unit->arena, _("write %s万 or %s元"), text, text);
  if (want == TY_PERCENT && is_ratio(have)) {
    int64_t micro = have == TY_COUNT ? lit->lit.i * EXACT_MICRO : lit->lit.i;
    if (have == TY_COUNT)
      return arena_printf(&c->unit->arena, _("write %s%%"), text);
    exact_format_micro(buf, sizeof buf, micro * 100);
    return arena_printf(&c->unit->arena, _("write %s%% (a percentage) rather "
                        "than the fraction %s"), buf, text);
  }
  if (is_ratio(want) && have == TY_MONEY)
    return arena_printf(&c->unit->arena, _("a %s has no unit: drop the 元/万/亿"),
                        type_name(want));
  if (is_ratio(want) && have == TY_PERCENT)
    return arena_printf(&c->unit->arena, _("a %s is written without %%"),
                        type_name(want));
  if (want == TY_BOOL && have == TY_TEXT)
    return _("a yes/no value is written true or false");
  if (want == TY_TEXT && have != TY_TEXT)
    return arena_printf(&c->unit->arena, _("text is written in quotes: \"%s\""),
                        text);
  return NULL;
}

/* The literal most likely written wrong: a plain number that lacks its
 * unit (2000 for 2000万) before a literal that has one. */
static const Expr *literal_side(const Expr *a, const Expr *b) {
  bool la = a->kind == EX_LITERAL, lb = b->kind == EX_LITERAL;
  if (la && lb && !is_ratio(a->lit.type) && is_ratio(b->lit.type))
    return b;
  return la ? a : lb ? b : NULL;
}

/* The common type of two operands that must agree (comparison, if/else,
 * min/max), or TY_ERROR when they cannot. */
static Type common_type(Type ta, Type tb) {
  if (ta == TY_ERROR || tb == TY_ERROR)
    return TY_ERROR;
  if (ta == tb)
    return ta;
  if (ta == TY_ZERO && type_is_numeric(tb))
    return tb;
  if (tb == TY_ZERO && type_is_numeric(ta))
    return ta;
  if (is_ratio(ta) && is_ratio(tb))
    return TY_NUMBER;
  return TY_ERROR;
}

/* Widens a count operand where the common type is number. */
static void coerce(Checker *c, Expr **slot, Type t) {
  if ((*slot)->type == TY_COUNT && t == TY_NUMBER)
    widen_to_number(c, slot);
}

static Type unify(Checker *c, Expr **a, Expr **b) {
  Type t = common_type((*a)->type, (*b)->type);
  if (t != TY_ERROR) {
    coerce(c, a, t);
    coerce(c, b, t);
  }
  return t;
}

/* `what` is the whole message's pattern with two %s for the two types:
 * "cannot compare %s with %s". */
static void mismatch(Checker *c, Span span, const char *what, Expr *a, Expr *b) {
  char message[160];
  snprintf(message, sizeof message, gettext(what), shown_type(a), shown_type(b));
  Diag *d = diag_error(D(c), c->src, span, "type-mismatch", "%s", message);
  const Expr *lit = literal_side(a, b);
  const char *fix = NULL;
  if (lit)
    fix = literal_fix(c, lit, (lit == a ? b : a)->type);
  diag_hint(D(c), d, "%s", fix ? fix : _("both sides must be of one type"));
  if (lit && fix)
    d->span = lit->span;   /* point at the literal to change */
}

static Type check_add(Checker *c, Expr *e) {
  Type t = unify(c, &e->lhs, &e->rhs);
  if (t == TY_ERROR) {
    if (e->lhs->type != TY_ERROR && e->rhs->type != TY_ERROR)
      mismatch(c, e->span, e->op == OP_ADD ? N_("cannot add %s and %s")
                                           : N_("cannot subtract %2$s from %1$s"),
               e->lhs, e->rhs);
    return TY_ERROR;
  }
  if (!type_is_numeric(t)) {
    Diag *d = diag_error(D(c), c->src, e->span, "type-mismatch",
                         e->op == OP_ADD ? N_("cannot add %s values") : N_("cannot subtract %s values"),
                         type_name(t));
    if (t == TY_DATE)
      diag_hint(D(c), d, "use years_between(d1, d2) for the years between dates");
    return TY_ERROR;
  }
  return t;
}

/* money × ratio or percent, percent × ratio, ratio × ratio. */
static Type check_mul(Checker *c, Expr *e) {
  Type a = e->lhs->type, b = e->rhs->type;
  if (a == TY_ZERO) return b;
  if (b == TY_ZERO) return a;
  if (a == TY_MONEY && (is_ratio(b) || b == TY_PERCENT)) return TY_MONEY;
  if (b == TY_MONEY && (is_ratio(a) || a == TY_PERCENT)) return TY_MONEY;
  if (a == TY_PERCENT && (is_ratio(b) || b == TY_PERCENT)) return TY_PERCENT;
  if (b == TY_PERCENT && is_ratio(a)) return TY_PERCENT;
  if (a == TY_COUNT && b == TY_COUNT) return TY_COUNT;
  if (is_ratio(a) && is_ratio(b)) {
    if (a == TY_COUNT) widen_to_number(c, &e->lhs);
    if (b == TY_COUNT) widen_to_number(c, &e->rhs);
    return TY_NUMBER;
  }
  Diag *d = diag_error(D(c), c->src, e->span, "type-mismatch",
                       "cannot multiply %s by %s", type_name(a), type_name(b));
  diag_hint(D(c), d, "%s", a == TY_MONEY && b == TY_MONEY
                         ? _("an amount times an amount has no meaning; one side "
                             "should be a rate such as 5%")
                         : _("multiply money or numbers by numbers or percentages"));
  return TY_ERROR;
}

static Type check_div(Checker *c, Expr *e) {
  Type a = e->lhs->type, b = e->rhs->type;
  if (b == TY_ZERO) {
    diag_error(D(c), c->src, e->rhs->span, "division-by-zero",
               "division by zero");
    return TY_ERROR;
  }
  if (a == TY_ZERO) return b == TY_MONEY ? TY_NUMBER : b;
  if (a == TY_MONEY && (is_ratio(b) || b == TY_PERCENT)) return TY_MONEY;
  if (a == TY_MONEY && b == TY_MONEY) return TY_NUMBER;
  if (a == TY_PERCENT && b == TY_PERCENT) return TY_NUMBER;
  if (a == TY_PERCENT && is_ratio(b)) return TY_PERCENT;
  if (is_ratio(a) && is_ratio(b)) {
    if (a == TY_COUNT) widen_to_number(c, &e->lhs);
    if (b == TY_COUNT) widen_to_number(c, &e->rhs);
    return TY_NUMBER;   /* 3 / 2 is 1.5, not 1 */
  }
  Diag *d = diag_error(D(c), c->src, e->span, "type-mismatch",
                       "cannot divide %s by %s", type_name(a), type_name(b));
  diag_hint(D(c), d, "money divides by a number, a percentage or money");
  return TY_ERROR;
}

static Type check_compare(Checker *c, Expr *e) {
  Type t = unify(c, &e->lhs, &e->rhs);
  if (t == TY_ERROR) {
    if (e->lhs->type != TY_ERROR && e->rhs->type != TY_ERROR)
      mismatch(c, e->span, "cannot compare %s with %s", e->lhs, e->rhs);
    return TY_ERROR;
  }
  bool ordering = e->op != OP_EQ && e->op != OP_NE;
  if (ordering && (t == TY_BOOL || t == TY_TEXT)) {
    Diag *d = diag_error(D(c), c->src, e->span, "type-mismatch",
                         "%s values cannot be ordered with %s", type_name(t),
                         binop_text(e->op));
    diag_hint(D(c), d, "compare %s values with == or !=", type_name(t));
    return TY_ERROR;
  }
  return TY_BOOL;
}

static Type check_logic(Checker *c, Expr *e) {
  const char *what = e->op == OP_AND ? N_("each side of `and`") : N_("each side of `or`");
  types_expect(c, &e->lhs, TY_BOOL, what);
  types_expect(c, &e->rhs, TY_BOOL, what);
  return TY_BOOL;
}

static Type check_binary(Checker *c, Expr *e) {
  if (e->op == OP_AND || e->op == OP_OR)
    return check_logic(c, e);
  Type a = types_expr(c, &e->lhs), b = types_expr(c, &e->rhs);
  if (a == TY_ERROR || b == TY_ERROR)
    return TY_ERROR;
  switch (e->op) {
  case OP_ADD: case OP_SUB:
    return check_add(c, e);
  case OP_MUL: case OP_DIV:
    if (!type_is_numeric(a) || !type_is_numeric(b)) {
      Diag *d = diag_error(D(c), c->src, e->span, "type-mismatch",
                           e->op == OP_MUL ? N_("cannot multiply %s by %s")
                           : N_("cannot divide %s by %s"), type_name(a), type_name(b));
      diag_hint(D(c), d, "arithmetic takes money, percentages and numbers");
      return TY_ERROR;
    }
    return e->op == OP_MUL ? check_mul(c, e) : check_div(c, e);
  case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
  case OP_AND: case OP_OR:   /* and, or: check_logic above */
    break;
  }
  return check_compare(c, e);
}

/* min(), max(): values of one numeric or date type. */
static Type check_one_type(Checker *c, Expr *e, const Builtin *fn) {
  int n = e->args.len;
  Expr **args = (Expr **)e->args.items;
  if (n < fn->arity) {
    diag_error(D(c), c->src, e->span, "bad-call",
               "%s() takes two or more values, given %d", fn->name, n);
    return TY_ERROR;
  }
  /* Whole sentences, so that the catalogue can translate them. */
  const char *mixed = fn->name[1] == 'i' ? N_("min() takes values of one type, not %s and %s")
                                         : N_("max() takes values of one type, not %s and %s");
  Type t = args[0]->type;
  for (int i = 1; i < n && t != TY_ERROR; i++) {
    Type u = common_type(t, args[i]->type);
    if (u == TY_ERROR && args[i]->type != TY_ERROR)
      mismatch(c, args[i]->span, mixed, args[0], args[i]);
    t = u;
  }
  for (int i = 0; i < n && t != TY_ERROR; i++)
    coerce(c, &args[i], t);
  if (t != TY_ERROR && !type_is_numeric(t) && t != TY_DATE) {
    diag_error(D(c), c->src, e->span, "type-mismatch",
               "%s() takes numbers, money, percentages or dates, not %s", fn->name,
               type_name(t));
    return TY_ERROR;
  }
  return t;
}

/* years_between(), year(): dates, giving a count. */
static Type check_dates(Checker *c, Expr *e, const Builtin *fn) {
  int n = e->args.len, arity = fn->arity;
  Expr **args = (Expr **)e->args.items;
  if (n != arity) {
    diag_error(D(c), c->src, e->span, "bad-call",
               "%s() takes %d date%s, given %d value%s", fn->name, arity,
               arity > 1 ? "s" : "", n, n == 1 ? "" : "s");
    return TY_ERROR;
  }
  for (int i = 0; i < n; i++)
    if (args[i]->type != TY_DATE && args[i]->type != TY_ERROR)
      diag_error(D(c), c->src, args[i]->span, "type-mismatch",
                 "%s() takes dates, and this is %s", fn->name, type_name(args[i]->type));
  return TY_COUNT;
}

static Type check_call(Checker *c, Expr *e) {
  for (int i = 0; i < e->args.len; i++)
    types_expr(c, (Expr **)&e->args.items[i]);
  const Builtin *fn = builtin_find(e->name.name);
  if (!fn) {
    Diag *d = diag_error(D(c), c->src, e->name.span, "unknown-function",
                         "unknown function `%s`", e->name.name);
    diag_hint(D(c), d, "the built-in functions are %s", builtin_names(&c->unit->arena));
    return TY_ERROR;
  }
  switch (fn->typing) {
  case BUILTIN_ONE_TYPE: return check_one_type(c, e, fn);
  case BUILTIN_DATES: return check_dates(c, e, fn);
  }
  return TY_ERROR;
}

static Type let_type(Checker *c, Symbol *sym);

static Type check_name(Checker *c, Expr *e) {
  e->sym = resolve_value(c->unit, c->src, e->name);
  if (!e->sym)
    return TY_ERROR;
  if (e->sym->kind == SYM_LET)
    return let_type(c, e->sym);
  return e->sym->type;
}

static Type check_if(Checker *c, Expr *e) {
  types_expect(c, &e->cond, TY_BOOL, "the condition of `if`");
  types_expr(c, &e->lhs);
  types_expr(c, &e->rhs);
  Type t = unify(c, &e->lhs, &e->rhs);
  if (t == TY_ERROR && e->lhs->type != TY_ERROR && e->rhs->type != TY_ERROR)
    mismatch(c, e->span, "the two branches of `if` must have one type, not %s "
             "and %s", e->lhs, e->rhs);
  return t;
}

static Type check_expr(Checker *c, Expr **slot) {
  Expr *e = *slot;
  switch (e->kind) {
  case EX_LITERAL:
    return e->lit.type;
  case EX_NAME:
    return check_name(c, e);
  case EX_CALL:
    return check_call(c, e);
  case EX_NEG: {
    Type t = types_expr(c, &e->lhs);
    if (t != TY_ERROR && !type_is_numeric(t)) {
      diag_error(D(c), c->src, e->span, "type-mismatch",
                 "cannot negate %s", type_name(t));
      return TY_ERROR;
    }
    return t;
  }
  case EX_NOT:
    types_expect(c, &e->lhs, TY_BOOL, "what `not` negates");
    return TY_BOOL;
  case EX_BINARY:
    return check_binary(c, e);
  case EX_IF:
    return check_if(c, e);
  case EX_CAST:
    return e->type;
  }
  return TY_ERROR;
}

Type types_expr(Checker *c, Expr **slot) {
  if (++c->depth > TYPES_MAX_DEPTH) {
    if (c->depth == TYPES_MAX_DEPTH + 1)
      diag_error(D(c), c->src, (*slot)->span, "too-deep",
                 "expression nested more than %d deep", TYPES_MAX_DEPTH);
    c->depth--;
    return (*slot)->type = TY_ERROR;
  }
  Type t = check_expr(c, slot);
  (*slot)->type = t;
  c->depth--;
  return t;
}

void types_expect(Checker *c, Expr **slot, Type want, const char *what) {
  Type t = types_expr(c, slot);
  if (t == TY_ERROR || t == want || (t == TY_ZERO && type_is_numeric(want)))
    return;
  if (t == TY_COUNT && want == TY_NUMBER) {
    widen_to_number(c, slot);
    return;
  }
  /* `what` is an msgid (po/extract.sh), translated only when reported */
  Diag *d = diag_error(D(c), c->src, (*slot)->span, "type-mismatch",
                       "%s must be %s, but this is %s", gettext(what), type_name(want),
                       shown_type(*slot));
  const char *fix = literal_fix(c, *slot, want);
  if (fix)
    diag_hint(D(c), d, "%s", fix);
  else if (want == TY_BOOL && type_is_numeric(t))
    diag_hint(D(c), d, "a condition compares values: e.g. paid_in_capital >= 2000万");
  (*slot)->type = TY_ERROR;   /* reported: checks further on stay silent */
}

int types_literal_fits(Checker *c, Expr *lit, Type want, const char *what) {
  Type have = lit->lit.type;
  lit->type = have;
  if (have == TY_ERROR)
    return 0;   /* the lexer said what is wrong with it */
  if (have == want || (have == TY_ZERO && type_is_numeric(want))) {
    lit->type = lit->lit.type = want;
    return 1;
  }
  if (have == TY_COUNT && want == TY_NUMBER) {
    if (lit->lit.i > INT64_MAX / EXACT_MICRO || lit->lit.i < INT64_MIN / EXACT_MICRO) {
      diag_error(D(c), c->src, lit->span, "too-large", "number %s is too large",
                 text_of(c, lit));
      return 0;
    }
    lit->lit.i *= EXACT_MICRO;
    lit->type = lit->lit.type = TY_NUMBER;
    return 1;
  }
  /* `what` is an msgid (po/extract.sh), translated only when reported:
   * gettext on every literal was a sixth of a cached run's start-up */
  Diag *d = diag_error(D(c), c->src, lit->span, "type-mismatch",
                       "%s must be %s, but this is %s", gettext(what), type_name(want),
                       shown_type(lit));
  const char *fix = literal_fix(c, lit, want);
  if (fix)
    diag_hint(D(c), d, "%s", fix);
  return 0;
}

/* --- lets, typed on first use so that order does not matter -------------- */

static void report_cycle(Checker *c, Symbol *sym) {
  char path[512] = "";
  size_t used = 0;
  int start = 0;
  for (int i = 0; i < c->let_path.len; i++)
    if (c->let_path.items[i] == sym)
      start = i;
  for (int i = start; i < c->let_path.len && used < sizeof path; i++)
    used += (size_t)snprintf(path + used, sizeof path - used, "%s -> ",
                             ((Symbol *)c->let_path.items[i])->name);
  Decl *d = sym->decl;
  Diag *e = diag_error(D(c), d->src, sym->span, "let-cycle",
                       "`%s` is defined in terms of itself: %s%s", sym->name,
                       path, sym->name);
  diag_hint(D(c), e, "a let must be computable from inputs and other lets "
            "without coming back to itself");
}

static Type let_type(Checker *c, Symbol *sym) {
  Let *let = &sym->decl->as.let;
  if (let->visit == 2)
    return sym->type;
  if (let->visit == 1) {
    report_cycle(c, sym);
    return TY_ERROR;
  }
  let->visit = 1;
  ptrvec_push(&c->unit->arena, &c->let_path, sym);
  Source *outer = c->src;
  c->src = sym->decl->src;
  sym->type = types_expr(c, &let->value);
  c->src = outer;
  c->let_path.len--;
  let->visit = 2;
  return sym->type;
}

void types_check_lets(Checker *c) {
  for (int i = 0; i < c->unit->lets.len; i++) {
    Decl *d = c->unit->lets.items[i];
    Symbol *sym = symtab_find(&c->unit->values, d->as.let.id.name);
    if (sym && sym->decl == d)
      let_type(c, sym);
  }
}
