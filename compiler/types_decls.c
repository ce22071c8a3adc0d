/*
 * types_decls.c - typing every declaration's expressions: inputs' types and
 * defaults, lets, eligibility, awards, tests and indicators.
 */
#include <string.h>

#include "builtins.h"
#include "types.h"

#include "../runtime/base/i18n.h"


static Diags *D(Checker *c) { return &c->unit->diags; }

/* Money and count inputs are amounts and headcounts: never negative unless
 * declared `signed` (a loss, a refund).  Percent and number may be (a
 * growth rate). */
static bool may_be_signed(Type t) { return t == TY_MONEY || t == TY_COUNT; }

static bool declared_signed(const Input *in) {
  return in->signed_span.end > in->signed_span.begin;
}

/* A negative literal given to (or defaulting) a money or count input that
 * is not `signed`. */
static void check_sign(Checker *c, Source *src, const Input *in, Type type,
                       const Expr *value, const char *what) {
  if (!may_be_signed(type) || declared_signed(in) || value->kind != EX_LITERAL ||
      value->lit.i >= 0)
    return;
  Diag *e = diag_error(D(c), src, value->span, "negative-input",
                       "%s of `%s` is negative, and %s input cannot be",
                       gettext(what),   /* an msgid (po/extract.sh), translated when reported */
                       in->id.name, type == TY_MONEY ? _("a money") : _("a count"));
  diag_hint(D(c), e, "declare it `input %s: %s signed` if it may be negative",
            in->id.name, type_name(type));
}

static void check_signed_word(Checker *c, Decl *d) {
  Input *in = &d->as.input;
  if (!declared_signed(in) || in->type == TY_ERROR || may_be_signed(in->type))
    return;
  Diag *e = diag_error(D(c), d->src, in->signed_span, "bad-signed",
                       "`signed` applies to money and count inputs; `%s` is %s",
                       in->id.name, type_name(in->type));
  diag_hint(D(c), e, in->type == TY_PERCENT || in->type == TY_NUMBER
                         ? "a percent or number input may be negative already: "
                           "remove `signed`"
                         : N_("remove `signed`"));
}

static void check_input(Checker *c, Decl *d) {
  Input *in = &d->as.input;
  Symbol *sym = symtab_find(&c->unit->values, in->id.name);
  if (!type_from_name(in->type_name.name, &in->type)) {
    Diag *e = diag_error(D(c), d->src, in->type_name.span, "unknown-type",
                         "unknown type `%s`", in->type_name.name);
    diag_hint(D(c), e, "the types are money, percent, number, count, bool, "
              "date and text");
    in->type = TY_ERROR;
  }
  if (sym && sym->decl == d)
    sym->type = in->type;
  if (strcmp(in->id.name, "application_date") == 0 && in->type != TY_DATE &&
      in->type != TY_ERROR) {
    Diag *e = diag_error(D(c), d->src, in->type_name.span, "type-mismatch",
                         "`application_date` is the date a row is evaluated on, "
                         "so it is a date, not %s", type_name(in->type));
    diag_hint(D(c), e, "declare it `input application_date: date \"申报日期\" "
              "default as_of`, or give this column another name");
  }
  Expr *def = in->default_value;
  if (def && def->kind == EX_NAME) {
    if (strcmp(def->name.name, "as_of") == 0 && in->type != TY_DATE) {
      Diag *e = diag_error(D(c), d->src, def->span, "bad-default",
                           "`as_of` is a date, and `%s` is %s", in->id.name,
                           type_name(in->type));
      diag_hint(D(c), e, "only a date input can default to the evaluation date");
      return;
    }
    if (strcmp(def->name.name, "as_of") != 0) {
      Diag *e = diag_error(D(c), d->src, def->span, "bad-default",
                           "a default is a fixed value (a literal)");
      diag_hint(D(c), e, "the only name allowed is `as_of`, for a date column "
                "whose empty cell means the evaluation date");
      return;
    }
    def->type = TY_DATE;
    def->sym = symtab_find(&c->unit->values, "as_of");
    return;
  }
  check_signed_word(c, d);
  if (def && in->type != TY_ERROR) {
    types_literal_fits(c, def, in->type, "the default");
    check_sign(c, d->src, in, in->type, def, "the default");
  }
}

static void check_amount(Checker *c, Amount *a) {
  switch (a->kind) {
  case AM_EXPR:
    types_expect(c, &a->expr, TY_MONEY, "an award");
    return;
  case AM_RANGE:
    types_expr(c, &a->rate_low);
    /* fall through */
  case AM_SHARE:
    types_expr(c, &a->rate);
    types_expect(c, &a->expr, TY_MONEY, "the base of a share");
    return;
  case AM_LADDER: {
    Type subject = types_expr(c, &a->expr);
    if (subject != TY_ERROR && !type_is_numeric(subject))
      diag_error(D(c), c->src, a->expr->span, "type-mismatch",
                 "a ladder climbs on a quantity (money, a number or a "
                 "percentage), not on %s", type_name(subject));
    if (a->topup)
      types_expect(c, &a->topup, TY_MONEY, "`topup` (the amount already received)");
    for (int i = 0; i < a->tiers.len; i++) {
      Tier *t = a->tiers.items[i];
      if (subject != TY_ERROR && type_is_numeric(subject))
        types_expect(c, &t->threshold, subject == TY_ZERO ? TY_MONEY : subject,
                     "a threshold of this ladder");
      types_expect(c, &t->value, TY_MONEY, "a ladder's award");
    }
    return;
  }
  case AM_BRACKETS:
    types_expect(c, &a->expr, TY_MONEY, "the base of brackets");
    for (int i = 0; i < a->tiers.len; i++) {
      Tier *t = a->tiers.items[i];
      types_expect(c, &t->threshold, TY_MONEY, "a bracket's lower bound");
      types_expr(c, &t->value);
    }
    return;
  }
}

static void check_rule(Checker *c, Decl *d) {
  Rule *r = &d->as.rule;
  for (int i = 0; i < r->awards.len; i++) {
    Award *w = r->awards.items[i];
    check_amount(c, &w->amount);
    if (w->cap)
      types_expect(c, &w->cap, TY_MONEY, "a cap");
    if (w->when)
      types_expect(c, &w->when, TY_BOOL, "the condition after `when`");
  }
}

/* given NAME = LITERAL: NAME must be an input, the literal of its type. */
static void check_given(Checker *c, Assign *a) {
  Symbol *s = symtab_find(&c->unit->values, a->id.name);
  if (!s && strcmp(a->id.name, "application_date") == 0)
    s = c->unit->application_date;   /* read by the runtime, declared or not */
  if (!s && unit_names_incomplete(c->unit))
    return;
  if (!s || s->kind != SYM_INPUT) {
    Diag *e = diag_error(D(c), c->src, a->id.span, "unknown-name",
                         s ? "`%s` is not an input: a test gives inputs only"
                           : N_("unknown input `%s`"), a->id.name);
    const char *close = s ? NULL : symtab_suggest(&c->unit->values, a->id.name);
    if (close) {
      diag_hint(D(c), e, "did you mean `%s`?", close);
      diag_fix(D(c), e, a->id.span, close);
    } else if (s && s->kind == SYM_LET)
      diag_hint(D(c), e, "`%s` is computed by a let; give the inputs it uses",
                a->id.name);
    return;
  }
  a->sym = s;
  if (s->type != TY_ERROR) {
    types_literal_fits(c, a->value,
                       s->type, arena_printf(&c->unit->arena, "`%s`", a->id.name));
    if (s->decl)   /* the built-in application_date has no declaration, and no sign */
      check_sign(c, c->src, &s->decl->as.input, s->type, a->value, "the value given");
  }
}

/* expect POLICY.RULE = AMOUNT: POLICY is among the test's `with`; its rules
 * are known only when the test runs. */
static bool check_other_policy(Checker *c, const Test *t, Assign *a) {
  const char *own = c->unit->policy ? c->unit->policy->as.policy.id.name : NULL;
  if (own && strcmp(a->policy.name, own) == 0)
    return false;   /* this policy, written out in full */
  for (int i = 0; i < t->with.len; i++)
    if (strcmp(((Ident *)t->with.items[i])->name, a->policy.name) == 0)
      return true;
  Diag *e = diag_error(D(c), c->src, a->policy.span, "unknown-policy",
                       "`%s` is not a policy of this test", a->policy.name);
  diag_hint(D(c), e, "name it after the test's title: test \"...\" with %s { ... }",
            a->policy.name);
  return true;
}

/* expect NAME = AMOUNT: NAME is a rule of the policy, or `total`. */
static void check_expect(Checker *c, const Test *t, Assign *a) {
  if (a->policy.name && check_other_policy(c, t, a)) {
    types_literal_fits(c, a->value, TY_MONEY, "an expected award");
    return;
  }
  if (strcmp(a->id.name, "total") != 0) {
    Symbol *s = symtab_find(&c->unit->rules, a->id.name);
    if (!s && c->unit->syntax_errors)
      return;   /* most likely the rule a syntax error dropped (a module
                   declares no rules: a missing one is no excuse) */
    if (!s) {
      Diag *e = diag_error(D(c), c->src, a->id.span, "unknown-rule",
                           "no rule `%s` to expect an award from", a->id.name);
      const char *close = symtab_suggest(&c->unit->rules, a->id.name);
      if (close) {
        diag_hint(D(c), e, "did you mean `%s`?", close);
        diag_fix(D(c), e, a->id.span, close);
      } else {
        diag_hint(D(c), e, "expect a rule's id, or `total`");
      }
      return;
    }
    a->sym = s;
  }
  types_literal_fits(c, a->value, TY_MONEY, "an expected award");
}

static void check_test(Checker *c, Decl *d) {
  Test *t = &d->as.test;
  for (int i = 0; i < t->givens.len; i++) {
    Assign *a = t->givens.items[i];
    for (int j = 0; j < i; j++)
      if (strcmp(((Assign *)t->givens.items[j])->id.name, a->id.name) == 0) {
        diag_error(D(c), c->src, a->id.span, "duplicate-name",
                   "`%s` is given twice in this test", a->id.name);
        break;
      }
    check_given(c, a);
  }
  for (int i = 0; i < t->expects.len; i++)
    check_expect(c, t, t->expects.items[i]);
}

/* An unmeasured indicator: only its baseline and target, of one type. */
static void check_unmeasured(Checker *c, Indicator *ind) {
  if (strcmp(ind->aggregate.name, "unmeasured") != 0) {
    Diag *e = diag_error(D(c), c->src, ind->aggregate.span, "unknown-function",
                         "expected an aggregate such as count(...), or unmeasured \"why\"");
    diag_hint(D(c), e, "an indicator no registry measures reads: = unmeasured \"原因\" "
              "baseline 10 target 20");
    return;
  }
  Expr *values[2] = {ind->baseline, ind->target};
  for (int i = 0; i < 2; i++)
    if (values[i]) {
      values[i]->type = values[i]->lit.type == TY_ZERO ? TY_NUMBER : values[i]->lit.type;
      if (values[i]->type == TY_COUNT)
        types_literal_fits(c, values[i], TY_NUMBER, "a baseline or target");
      if (values[i]->type == TY_TEXT || values[i]->type == TY_BOOL)
        diag_error(D(c), c->src, values[i]->span, "type-mismatch",
                   "a baseline or target is a figure, not %s", type_name(values[i]->type));
    }
  if (ind->baseline && ind->target && ind->baseline->type != ind->target->type &&
      ind->baseline->type != TY_ERROR && ind->target->type != TY_ERROR)
    diag_error(D(c), c->src, ind->target->span, "type-mismatch",
               "the target is %s but the baseline %s", type_name(ind->target->type),
               type_name(ind->baseline->type));
}

/* What an aggregate gives, its expression checked. */
static Type aggregate_type(Checker *c, Indicator *ind, const Aggregate *agg) {
  switch (agg->typing) {
  case AGGREGATE_COUNTS:
    types_expect(c, &ind->expr, TY_BOOL,
                 arena_printf(&c->unit->arena, "what %s() counts", agg->name));
    return agg->result;
  case AGGREGATE_SUMS:
  case AGGREGATE_AVERAGES: {
    Type result = types_expr(c, &ind->expr);
    if (result != TY_ERROR && !type_is_numeric(result)) {
      diag_error(D(c), c->src, ind->expr->span, "type-mismatch",
                 "%s() adds up quantities, not %s", agg->name, type_name(result));
      return TY_ERROR;
    }
    if (agg->typing == AGGREGATE_AVERAGES && result == TY_COUNT)
      return TY_NUMBER;
    return result;
  }
  }
  return TY_ERROR;
}

static void check_indicator(Checker *c, Decl *d) {
  Indicator *ind = &d->as.indicator;
  if (ind->unmeasured.text) {
    check_unmeasured(c, ind);
    return;
  }
  const Aggregate *agg = aggregate_find(ind->aggregate.name);
  Type result = TY_ERROR;
  if (!agg) {
    Diag *e = diag_error(D(c), c->src, ind->aggregate.span, "unknown-function",
                         "unknown aggregate `%s`", ind->aggregate.name);
    diag_hint(D(c), e, "an indicator is %s", aggregate_names(&c->unit->arena));
  } else {
    result = aggregate_type(c, ind, agg);
  }
  if (ind->where)
    types_expect(c, &ind->where, TY_BOOL, "the condition after `where`");
  if (result == TY_ERROR)
    return;
  if (result == TY_COUNT)
    result = TY_NUMBER;   /* a baseline of 12 fits count(); so does 12.5 */
  if (ind->baseline)
    types_literal_fits(c, ind->baseline, result, "the baseline");
  if (ind->target)
    types_literal_fits(c, ind->target, result, "the target");
}

static void each_decl(Checker *c, PtrVec *decls, void (*fn)(Checker *, Decl *)) {
  for (int i = 0; i < decls->len; i++) {
    Decl *d = decls->items[i];
    c->src = d->src;
    fn(c, d);
  }
}

static void check_eligible(Checker *c, Decl *d) {
  types_expect(c, &d->as.eligible.cond, TY_BOOL, "an eligibility condition");
}

void types_check_unit(Unit *unit) {
  Checker c = {.unit = unit};
  each_decl(&c, &unit->inputs, check_input);
  types_check_lets(&c);
  each_decl(&c, &unit->eligibles, check_eligible);
  each_decl(&c, &unit->rule_decls, check_rule);
  each_decl(&c, &unit->tests, check_test);
  each_decl(&c, &unit->indicator_decls, check_indicator);
}
