/*
 * lint_awards.c - never-holds and never-pays, proved with Z3.
 *
 * Every query asks whether some applicant satisfies a set of conditions,
 * given the policy's eligibility and its effective window (each behind a
 * guard, so that a proof names the clauses it needed).  A lint is reported
 * only when Z3 answers "unsat"; "unknown" (too much work, a timeout) says
 * nothing.  Where a line is shadowed, the note shows an applicant for whom
 * it applies and another line pays at least as much.
 */
#include <stdio.h>
#include <string.h>

#include "../runtime/base/date.h"
#include "../runtime/base/exact.h"
#include "lint.h"
#include "lint_smt.h"

enum { WITNESS_MAX_NAMES = 8 };

/* What the proofs share for one policy. */
typedef struct Proof {
  Unit *u;
  Smt s;
  Z3_ast *guards;     /* [0]: the effective window; then each eligible */
  Decl **clauses;     /* the eligible of each guard ([0] NULL) */
  int nguards;
} Proof;

/* One award line of a rule. */
typedef struct Line {
  Award *w;
  Z3_ast when;        /* Bool: the `when` (true without one) */
  Z3_ast applies;     /* when, and for a ladder a tier reached */
  Z3_ast raw;         /* the rounded amount before the cap */
  Z3_ast cap;         /* the rounded cap, or NULL */
  Z3_ast amount;      /* what the line pays when it applies */
  Z3_ast *reach;      /* ladders: each tier's comparison; brackets: base > from */
  bool dead;          /* reported as never-holds */
} Line;

static Diags *D(Proof *p) { return &p->u->diags; }

static int check(Proof *p, Z3_ast *conds, int n) {
  return smt_check(&p->s, conds, n, p->guards, p->nguards);
}

/* --- values of a witness ------------------------------------------------------ */

static void format_money(char *buf, size_t size, int64_t fen) {
  if (fen % EXACT_FEN_PER_WAN == 0 && fen != 0) {
    snprintf(buf, size, "%lld万", (long long)(fen / EXACT_FEN_PER_WAN));
    return;
  }
  char yuan[48];
  exact_format_fen(yuan, sizeof yuan, fen);
  snprintf(buf, size, "%s元", yuan);
}

/* An input's value in the model as the policy would write it; 0 when it
 * has none there. */
static int format_input(Proof *p, SmtVar *v, char *buf, size_t size) {
  Z3_context c = p->s.ctx;
  Z3_func_decl decl = Z3_get_app_decl(c, Z3_to_app(c, v->var));
  Z3_ast val = Z3_model_get_const_interp(c, p->s.model, decl);
  int64_t x;
  if (!val)
    return 0;
  if (v->sym->type == TY_BOOL) {
    snprintf(buf, size, "%s", Z3_get_bool_value(c, val) == Z3_L_TRUE ? "true" : "false");
    return 1;
  }
  if (!Z3_get_numeral_int64(c, val, &x))
    return 0;
  char tmp[64];
  switch (v->sym->type) {
  case TY_MONEY: format_money(buf, size, x); break;
  case TY_PERCENT:
    if (x > INT64_MAX / 100 || x < INT64_MIN / 100)
      return 0;
    exact_format_micro(tmp, sizeof tmp, x * 100);
    snprintf(buf, size, "%s%%", tmp);
    break;
  case TY_NUMBER:
    exact_format_micro(tmp, sizeof tmp, x);
    snprintf(buf, size, "%s", tmp);
    break;
  case TY_DATE:
    if (x < -3000000 || x > 3000000)
      return 0;
    date_format((int32_t)x, tmp);
    snprintf(buf, size, "%s", tmp);
    break;
  case TY_TEXT:
    if (x >= 1 && x <= p->s.texts.len)
      snprintf(buf, size, "\"%s\"", (const char *)p->s.texts.items[x - 1]);
    else
      snprintf(buf, size, "another text");
    break;
  default: snprintf(buf, size, "%lld", (long long)x); break;
  }
  return 1;
}

/* "a = 1, b = true" for the inputs the model sets. */
static const char *witness_inputs(Proof *p) {
  const char *out = "";
  int shown = 0;
  for (int i = 0; i < p->s.vars.len; i++) {
    SmtVar *v = p->s.vars.items[i];
    char val[128];
    if (!format_input(p, v, val, sizeof val))
      continue;
    if (shown == WITNESS_MAX_NAMES) {
      out = arena_printf(&p->u->arena, "%s, ...", out);
      break;
    }
    out = arena_printf(&p->u->arena, "%s%s%s = %s", out, shown ? ", " : "",
                       v->sym->name, val);
    shown++;
  }
  return shown ? out : NULL;
}

static int money_in_model(Proof *p, Z3_ast term, char *buf, size_t size) {
  int64_t num, den;
  if (!smt_value(&p->s, term, &num, &den) || den != 1)
    return 0;
  format_money(buf, size, num);
  return 1;
}

/* --- guards: the window and the eligibility ---------------------------------- */

static Meta *effective_meta(Policy *pol) {
  for (int i = 0; i < pol->metas.len; i++) {
    Meta *m = pol->metas.items[i];
    if (m->kind == META_EFFECTIVE)
      return m;
  }
  return NULL;
}

/* Notes naming the eligibility clauses (and the window) a proof needed. */
static void note_core(Proof *p, Diag *w, const Decl *except) {
  Policy *pol = &p->u->policy->as.policy;
  for (int i = 0; i < p->s.ncore; i++) {
    for (int g = 0; g < p->nguards; g++) {
      if (!Z3_is_eq_ast(p->s.ctx, p->s.core[i], p->guards[g]) ||
          (except && p->clauses[g] == except))
        continue;
      if (g == 0) {
        Meta *m = effective_meta(pol);
        if (m)
          diag_note(D(p), w, p->u->policy->src, m->span,
                    "the policy is in force only on these days (`as_of`)");
      } else {
        diag_note(D(p), w, p->clauses[g]->src, p->clauses[g]->as.eligible.cond->span,
                  "given this eligibility condition");
      }
    }
  }
}

/* Sets up the guards; returns 0 when no applicant is eligible (reported). */
static int prove_eligibility(Proof *p) {
  Unit *u = p->u;
  Smt *s = &p->s;
  Z3_context c = s->ctx;
  p->nguards = 1 + u->eligibles.len;
  p->guards = arena_alloc(&u->arena, sizeof(Z3_ast) * (size_t)p->nguards);
  p->clauses = arena_alloc(&u->arena, sizeof(Decl *) * (size_t)p->nguards);
  Policy *pol = &u->policy->as.policy;
  p->guards[0] = smt_guard(s);
  Z3_ast window = Z3_mk_true(c);
  if (pol->has_effective) {
    Z3_ast as_of = smt_symbol(s, symtab_find(&u->values, "as_of"));
    window = Z3_mk_ge(c, as_of, smt_int(s, pol->effective_from));
    if (pol->has_end)
      window = smt_and(s, window, Z3_mk_le(c, as_of, smt_int(s, pol->effective_to)));
  }
  Z3_solver_assert(c, s->solver, Z3_mk_implies(c, p->guards[0], window));
  for (int k = 0; k < u->eligibles.len; k++) {
    Decl *d = u->eligibles.items[k];
    p->guards[k + 1] = smt_guard(s);
    p->clauses[k + 1] = d;
    Z3_solver_assert(c, s->solver,
                     Z3_mk_implies(c, p->guards[k + 1], smt_expr(s, d->as.eligible.cond)));
    if (smt_check(s, NULL, 0, p->guards, k + 2) != SMT_UNSAT)
      continue;
    Span at = d->as.eligible.cond->span;
    if (!lint_allowed(u, d, at, "never-holds")) {
      Diag *w = diag_warning(D(p), d->src, at, "never-holds",
                             "no applicant satisfies this eligibility condition: "
                             "the policy never pays");
      note_core(p, w, d);
      diag_hint(D(p), w, "check the comparison and its figures against the text");
    }
    return 0;
  }
  return 1;
}

/* --- a rule's lines as terms ----------------------------------------------------- */

static void encode_ladder(Proof *p, Line *line) {
  Smt *s = &p->s;
  Z3_context c = s->ctx;
  Amount *a = &line->w->amount;
  Z3_ast subject = smt_expr(s, a->expr);
  line->reach = arena_alloc(&p->u->arena, sizeof(Z3_ast) * (size_t)a->tiers.len);
  Z3_ast any = Z3_mk_false(c), tier = smt_int(s, 0);
  for (int i = 0; i < a->tiers.len; i++) {
    Tier *t = a->tiers.items[i];
    Z3_ast th = smt_expr(s, t->threshold);
    line->reach[i] = t->cmp == OP_GT ? Z3_mk_gt(c, subject, th) : Z3_mk_ge(c, subject, th);
    Z3_ast args[2] = {any, line->reach[i]};
    any = Z3_mk_or(c, 2, args);
    /* tested from the highest line down: a later line overrides */
    tier = Z3_mk_ite(c, line->reach[i], smt_round_fen(s, smt_expr(s, t->value)), tier);
  }
  line->applies = smt_and(s, line->when, any);
  line->raw = tier;
  if (a->topup)
    line->raw = smt_max0(s, smt_sub(s, tier, smt_max0(s, smt_round_fen(s, smt_expr(s, a->topup)))));
}

static Z3_ast encode_brackets(Proof *p, Line *line) {
  Smt *s = &p->s;
  Z3_context c = s->ctx;
  Amount *a = &line->w->amount;
  Z3_ast base = smt_expr(s, a->expr), sum = smt_int(s, 0);
  line->reach = arena_alloc(&p->u->arena, sizeof(Z3_ast) * (size_t)a->tiers.len);
  for (int i = 0; i < a->tiers.len; i++) {
    Tier *t = a->tiers.items[i];
    Z3_ast from = smt_expr(s, t->threshold);
    line->reach[i] = Z3_mk_gt(c, base, from);
    Z3_ast part = smt_max0(s, smt_sub(s, base, from));
    if (i + 1 < a->tiers.len) {
      Tier *next = a->tiers.items[i + 1];
      part = smt_min(s, part, smt_sub(s, smt_expr(s, next->threshold), from));
    }
    sum = smt_add(s, sum, smt_mul(s, part, smt_expr(s, t->value)));
  }
  return smt_round_fen(s, sum);
}

static void encode_line(Proof *p, Line *line) {
  Smt *s = &p->s;
  Award *w = line->w;
  Amount *a = &w->amount;
  line->when = w->when ? smt_expr(s, w->when) : Z3_mk_true(s->ctx);
  line->applies = line->when;
  switch (a->kind) {
  case AM_EXPR: line->raw = smt_round_fen(s, smt_expr(s, a->expr)); break;
  case AM_SHARE:
  case AM_RANGE:
    line->raw = smt_round_fen(s, smt_mul(s, smt_expr(s, a->expr), smt_expr(s, a->rate)));
    break;
  case AM_LADDER: encode_ladder(p, line); break;
  case AM_BRACKETS: line->raw = encode_brackets(p, line); break;
  }
  line->amount = line->raw;
  if (w->cap) {
    line->cap = smt_round_fen(s, smt_expr(s, w->cap));
    line->amount = smt_min(s, line->raw, line->cap);
  }
}

/* --- the proofs on one rule ------------------------------------------------------- */

static const char *never_hint =
    "check the comparison and its figures against the text (> for <, 万 for 元, "
    "a date outside the policy's window)";

static void prove_when(Proof *p, Decl *d, Line *line) {
  if (!line->w->when)
    return;
  Z3_ast cond = line->when;
  if (check(p, &cond, 1) != SMT_UNSAT)
    return;
  line->dead = true;
  Span at = line->w->when->span;
  if (lint_allowed(p->u, d, at, "never-holds"))
    return;
  Diag *w = diag_warning(D(p), d->src, at, "never-holds",
                         "no eligible applicant satisfies this condition: the award "
                         "line never applies");
  note_core(p, w, NULL);
  diag_hint(D(p), w, "%s", never_hint);
}

static void prove_tiers(Proof *p, Decl *d, Line *line) {
  Amount *a = &line->w->amount;
  if (line->dead || (a->kind != AM_LADDER && a->kind != AM_BRACKETS))
    return;
  for (int i = 0; i < a->tiers.len; i++) {
    Tier *t = a->tiers.items[i];
    Z3_ast conds[3] = {line->when, line->reach[i], NULL};
    if (check(p, conds, 2) == SMT_UNSAT) {
      if (lint_allowed(p->u, d, t->span, "never-holds"))
        continue;
      Diag *w = diag_warning(D(p), d->src, t->span, "never-holds",
                             a->kind == AM_LADDER
                                 ? "no eligible applicant reaches this ladder line"
                                 : "no eligible applicant's base reaches this bracket");
      note_core(p, w, NULL);
      diag_hint(D(p), w, "%s", never_hint);
      continue;
    }
    if (a->kind != AM_LADDER || i + 1 == a->tiers.len)
      continue;
    conds[2] = Z3_mk_not(p->s.ctx, line->reach[i + 1]);
    if (check(p, conds, 3) != SMT_UNSAT || lint_allowed(p->u, d, t->span, "never-pays"))
      continue;
    Diag *w = diag_warning(D(p), d->src, t->span, "never-pays",
                           "this ladder tier is never paid: every applicant the award "
                           "applies to reaches a higher tier");
    note_core(p, w, NULL);
    diag_hint(D(p), w, "check the line's threshold and the award's `when` against the text");
  }
}

/* Whether line j beats every other line for some applicant (ties go to the
 * first line). */
static Z3_ast wins(Proof *p, Line *lines, int n, int j) {
  Z3_context c = p->s.ctx;
  Z3_ast all = lines[j].applies;
  for (int i = 0; i < n; i++) {
    if (i == j)
      continue;
    Z3_ast beats = i < j ? Z3_mk_ge(c, lines[i].amount, lines[j].amount)
                         : Z3_mk_gt(c, lines[i].amount, lines[j].amount);
    all = smt_and(&p->s, all, Z3_mk_not(c, smt_and(&p->s, lines[i].applies, beats)));
  }
  return all;
}

/* The note of a shadowed line: an applicant it applies to, and the line
 * that pays at least as much for them. */
static void note_shadow(Proof *p, Diag *w, Decl *d, Line *lines, int n, int j) {
  if (check(p, &lines[j].applies, 1) != SMT_SAT)
    return;
  int best = -1;
  int64_t best_fen = 0;
  for (int i = 0; i < n; i++) {
    int64_t on, den, fen;
    if (i == j || !smt_value(&p->s, lines[i].applies, &on, &den) || !on ||
        !smt_value(&p->s, lines[i].amount, &fen, &den) || den != 1)
      continue;
    if (best < 0 || fen > best_fen)
      best = i, best_fen = fen;
  }
  const char *who = witness_inputs(p);
  char mine[64], theirs[64];
  if (best < 0 || !money_in_model(p, lines[j].amount, mine, sizeof mine))
    return;
  format_money(theirs, sizeof theirs, best_fen);
  diag_note(D(p), w, d->src, ((Award *)lines[best].w)->span,
            "e.g. %s: line %d pays %s, line %d pays %s", who ? who : "any applicant",
            best + 1, theirs, j + 1, mine);
}

static void prove_shadowed(Proof *p, Decl *d, Line *lines, int n) {
  for (int j = 0; j < n && n > 1; j++) {
    if (lines[j].dead)
      continue;
    Z3_ast cond = wins(p, lines, n, j);
    if (check(p, &cond, 1) != SMT_UNSAT)
      continue;
    lines[j].dead = true;
    if (lint_allowed(p->u, d, lines[j].w->span, "never-pays"))
      continue;
    Diag *w = diag_warning(D(p), d->src, lines[j].w->span, "never-pays",
                           "award line %d of rule `%s` is never paid: whenever it "
                           "applies, another line pays at least as much",
                           j + 1, d->as.rule.id.name);
    note_shadow(p, w, d, lines, n, j);
    diag_hint(D(p), w, "the largest line that applies is paid: remove this line, or "
                       "check its figure and its `when` against the text");
  }
}

/* A rule that never pays more than 0 (a cap of 0, amounts of 0...). */
static bool prove_pays(Proof *p, Decl *d, Line *lines, int n) {
  Z3_context c = p->s.ctx;
  Z3_ast any = Z3_mk_false(c);
  int live = 0;
  for (int i = 0; i < n; i++) {
    live += !lines[i].dead;
    Z3_ast args[2] = {any, smt_and(&p->s, lines[i].applies,
                                   Z3_mk_gt(c, lines[i].amount, smt_int(&p->s, 0)))};
    any = Z3_mk_or(c, 2, args);
  }
  if (live == 0 || check(p, &any, 1) != SMT_UNSAT)
    return false;
  Rule *r = &d->as.rule;
  if (lint_allowed(p->u, d, r->id.span, "never-pays"))
    return true;
  Diag *w = diag_warning(D(p), d->src, r->id.span, "never-pays",
                         "rule `%s` never pays more than 0", r->id.name);
  for (int i = 0; i < n; i++) {
    if (!lines[i].cap)
      continue;
    Z3_ast conds[2] = {lines[i].applies, Z3_mk_gt(c, lines[i].cap, smt_int(&p->s, 0))};
    if (check(p, conds, 2) == SMT_UNSAT)
      diag_note(D(p), w, d->src, lines[i].w->cap->span, "this cap is never above 0");
  }
  diag_hint(D(p), w, "check the amounts and caps against the text");
  return true;
}

/* A cap no award of the line ever exceeds. */
static void prove_caps(Proof *p, Decl *d, Line *lines, int n) {
  for (int i = 0; i < n; i++) {
    if (lines[i].dead || !lines[i].cap)
      continue;
    Z3_ast conds[2] = {lines[i].applies, Z3_mk_gt(p->s.ctx, lines[i].raw, lines[i].cap)};
    Span at = lines[i].w->cap->span;
    if (check(p, conds, 2) != SMT_UNSAT || lint_allowed(p->u, d, at, "cap-never-binds"))
      continue;
    Diag *w = diag_warning(D(p), d->src, at, "cap-never-binds",
                           "this cap never binds: the award never exceeds it");
    diag_hint(D(p), w, "check the cap's figure against the text, or remove the cap");
  }
}

static void prove_rule(Proof *p, Decl *d) {
  Rule *r = &d->as.rule;
  int n = r->awards.len;
  if (n == 0)
    return;
  Line *lines = arena_alloc(&p->u->arena, sizeof(Line) * (size_t)n);
  for (int i = 0; i < n; i++) {
    lines[i].w = r->awards.items[i];
    encode_line(p, &lines[i]);
  }
  for (int i = 0; i < n; i++) {
    prove_when(p, d, &lines[i]);
    prove_tiers(p, d, &lines[i]);
  }
  prove_shadowed(p, d, lines, n);
  if (!prove_pays(p, d, lines, n))
    prove_caps(p, d, lines, n);
}

void lint_proofs(Unit *u) {
  Proof p = {.u = u};
  if (!smt_open(&p.s, u))
    return;
  if (prove_eligibility(&p)) {
    for (int i = 0; i < u->main->decls.len; i++) {
      Decl *d = u->main->decls.items[i];
      if (d->kind == DECL_RULE)
        prove_rule(&p, d);
    }
  }
  smt_close(&p.s);
}
