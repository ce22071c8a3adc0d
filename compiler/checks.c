/*
 * checks.c - the semantic rules the spec implies beyond names and types:
 * the policy header's metadata, rule attributes that go together, ladders
 * and brackets in order, schedules summing to 100%, kinds declared.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../runtime/base/exact.h"
#include "../runtime/base/i18n.h"
#include "limits.h"
#include "unit.h"

static Diags *D(Unit *u) { return &u->diags; }

/* The value of a constant expression (a literal, possibly negated or
 * widened); 0 when the expression is not constant. */
static int const_value(const Expr *e, int64_t *out) {
  switch (e->kind) {
  case EX_LITERAL:
    *out = e->lit.i;
    return 1;
  case EX_NEG:
    if (!const_value(e->lhs, out) || *out == INT64_MIN)
      return 0;
    *out = -*out;
    return 1;
  case EX_CAST:
    if (!const_value(e->lhs, out) || *out > INT64_MAX / EXACT_MICRO ||
        *out < INT64_MIN / EXACT_MICRO)
      return 0;
    *out *= EXACT_MICRO;
    return 1;
  case EX_NAME: case EX_CALL: case EX_NOT: case EX_BINARY: case EX_IF:
    return 0;
  }
  return 0;
}

/* --- the policy header ----------------------------------------------------- */

static void duplicate_meta(Unit *u, Source *src, const Meta *m, const Meta *first,
                           const char *word) {
  Diag *e = diag_error(D(u), src, m->span, "duplicate-attribute",
                       "the policy already has `%s`", word);
  diag_note(D(u), e, src, first->span, "given first here");
}

static void check_effective(Unit *u, Source *src, Policy *p, const Meta *m) {
  p->has_effective = true;
  p->effective_from = (int32_t)m->from->lit.i;
  p->has_end = m->to != NULL;
  if (!m->to)
    return;
  p->effective_to = (int32_t)m->to->lit.i;
  if (p->effective_from > p->effective_to) {
    Diag *e = diag_error(D(u), src, m->span, "bad-effective",
                         "the policy ends before it starts");
    diag_hint(D(u), e, "write the start date first: effective START to END");
  }
}

static void check_policy(Unit *u) {
  Decl *d = u->policy;
  if (!d)
    return;
  Policy *p = &d->as.policy;
  const Meta *seen[META_KINDS] = {0};
  for (int i = 0; i < p->metas.len; i++) {
    const Meta *m = p->metas.items[i];
    if (seen[m->kind] && m->kind != META_NOTE) {
      duplicate_meta(u, d->src, m, seen[m->kind], meta_word(m->kind));
      continue;
    }
    seen[m->kind] = m;
    switch (m->kind) {
    case META_DOCUMENT: p->document = m->text.text; break;
    case META_ISSUER: p->issuer = m->text.text; break;
    case META_FAMILY: p->family = m->family.name; break;
    case META_EFFECTIVE: check_effective(u, d->src, p, m); break;
    case META_NOTE: break;
    }
  }
}

/* --- rules ----------------------------------------------------------------- */

static void check_kind(Unit *u, Decl *d) {
  Ident kind = d->as.rule.kind;
  if (!kind.name)
    return;
  Symbol *s = symtab_find(&u->kinds, kind.name);
  if (s) {
    s->uses++;
    return;
  }
  if (unit_names_incomplete(u))
    return;
  Diag *e = diag_error(D(u), d->src, kind.span, "unknown-kind",
                       "unknown kind `%s`", kind.name);
  const char *close = symtab_suggest(&u->kinds, kind.name);
  if (close) {
    diag_hint(D(u), e, "did you mean `%s`? a misspelt kind would silently "
              "escape 从高不重复 stacking", close);
    diag_fix(D(u), e, kind.span, close);
  } else if (u->files.len == 1)
    diag_hint(D(u), e, "`import enterprise` declares the common kinds; or "
              "declare it with `kind %s \"说明\"`", kind.name);
  else
    diag_hint(D(u), e, "declare it with `kind %s \"说明\"`, or use a kind of "
              "stdlib/enterprise.pol", kind.name);
}

/* N in `for N years` and `paid over N years`: a whole number from 1. */
static int check_years(Unit *u, Source *src, const Expr *n, const char *what) {
  if (n->lit.type == TY_COUNT && n->lit.i >= 1 && n->lit.i <= 100)
    return 1;
  if (n->lit.type == TY_ERROR)
    return 0;
  Diag *e = diag_error(D(u), src, n->span, "bad-years",
                       "`%s` needs a whole number of years from 1 to 100", what);
  diag_hint(D(u), e, "e.g. `%s 3 years`", what);
  return 0;
}

static void check_schedule(Unit *u, Decl *d) {
  Rule *r = &d->as.rule;
  if (r->for_years && check_years(u, d->src, r->for_years, "for") &&
      !r->is_per_year) {
    Diag *e = diag_error(D(u), d->src, r->for_span, "for-without-per-year",
                         "`for N years` applies only to an annual award");
    diag_hint(D(u), e, "add `per year` before it: per year for %lld years",
              (long long)r->for_years->lit.i);
  }
  if (r->paid_over)
    check_years(u, d->src, r->paid_over, "paid over");
  if (r->is_per_year && (r->paid.len || r->paid_over)) {
    Diag *e = diag_error(D(u), d->src, r->paid_span, "schedule-conflict",
                         "an annual award is already paid year by year");
    diag_hint(D(u), e, "use either `per year for N years` or a `paid` schedule");
  }
  if (r->paid.len == 0)
    return;
  int64_t sum = 0;
  for (int i = 0; i < r->paid.len; i++) {
    const Expr *share = r->paid.items[i];
    if (share->lit.i <= 0)
      diag_error(D(u), d->src, share->span, "bad-schedule",
                 "an instalment must be more than 0%%");
    sum += share->lit.i;
  }
  if (sum != 100 * EXACT_MICRO_PER_PCT) {
    char buf[40];
    exact_format_micro(buf, sizeof buf, sum * 100);
    Diag *e = diag_error(D(u), d->src, r->paid_span, "bad-schedule",
                         "the instalments add up to %s%%, not 100%%", buf);
    diag_hint(D(u), e, "the shares of `paid` must add up to exactly 100%%");
  }
}

/* What to say of a threshold that is not a fixed figure. */
typedef struct ThresholdWords {
  const char *code, *message, *hint;   /* hint may be NULL */
} ThresholdWords;

static const ThresholdWords ladder_words = {
    "ladder-threshold", N_("a ladder's threshold must be a fixed figure"),
    N_("write the figure from the text, e.g. > 2亿 -> 100万")};
static const ThresholdWords bracket_words = {
    "bracket-threshold", N_("a bracket's lower bound must be a fixed amount"), NULL};

/* A ladder's or bracket's threshold as a fixed figure in *v; false, after
 * reporting it (nothing for an expression already in error), when it is
 * not one. */
static bool fixed_threshold(Unit *u, Source *src, const Tier *t, const ThresholdWords *w,
                            int64_t *v) {
  if (t->threshold->type == TY_ERROR)
    return false;
  if (const_value(t->threshold, v))
    return true;
  /* (the words are N_() constants, translated here: "%s" keeps the format
   * a literal) */
  Diag *e = diag_error(D(u), src, t->threshold->span, w->code, "%s", _(w->message));
  if (w->hint)
    diag_hint(D(u), e, "%s", _(w->hint));
  return false;
}

static void check_ladder(Unit *u, Source *src, const Amount *a) {
  int64_t prev = 0;
  for (int i = 0; i < a->tiers.len; i++) {
    const Tier *t = a->tiers.items[i];
    int64_t v;
    if (!fixed_threshold(u, src, t, &ladder_words, &v))
      return;
    if (i > 0 && v <= prev) {
      Diag *e = diag_error(D(u), src, t->threshold->span, "ladder-order",
                           "ladder thresholds must rise strictly from line to line");
      diag_hint(D(u), e, "list the tiers from the lowest threshold to the highest");
      return;
    }
    prev = v;
  }
}

static void check_brackets(Unit *u, Source *src, const Amount *a) {
  int64_t prev = 0;
  for (int i = 0; i < a->tiers.len; i++) {
    const Tier *t = a->tiers.items[i];
    int64_t v;
    if (!fixed_threshold(u, src, t, &bracket_words, &v))
      return;
    if (i == 0 && v != 0) {
      Diag *e = diag_error(D(u), src, t->threshold->span, "bracket-start",
                           "brackets must start at 0");
      diag_hint(D(u), e, "begin with `0 -> RATE` for the first part of the base");
      return;
    }
    if (i > 0 && v <= prev) {
      diag_error(D(u), src, t->threshold->span, "bracket-order",
                 "bracket bounds must rise strictly from line to line");
      return;
    }
    if (t->value->type != TY_PERCENT && t->value->type != TY_ZERO &&
        t->value->type != TY_ERROR) {
      Diag *e = diag_error(D(u), src, t->value->span, "type-mismatch",
                           "a bracket's rate must be a percentage");
      char buf[40];
      int64_t micro = t->value->lit.type == TY_COUNT
                          ? t->value->lit.i * EXACT_MICRO : t->value->lit.i;
      exact_format_micro(buf, sizeof buf, micro * 100);
      diag_hint(D(u), e, "write %s%%", buf);
    }
    prev = v;
  }
}

static void check_rates(Unit *u, Source *src, const Amount *a) {
  if (a->rate->lit.type != TY_PERCENT && a->rate->lit.type != TY_ZERO)
    return;
  if (a->kind == AM_RANGE && a->rate_low->lit.i >= a->rate->lit.i) {
    Diag *e = diag_error(D(u), src, a->rate_low->span, "bad-range",
                         "the lower rate of a range must be below the upper one");
    diag_hint(D(u), e, "write the range low to high: 10%% to 30%% of ...");
  }
}

static void check_awards(Unit *u, Decl *d) {
  Rule *r = &d->as.rule;
  for (int i = 0; i < r->awards.len; i++) {
    const Award *w = r->awards.items[i];
    const Amount *a = &w->amount;
    if (a->kind == AM_LADDER)
      check_ladder(u, d->src, a);
    else if (a->kind == AM_BRACKETS)
      check_brackets(u, d->src, a);
    else if (a->kind == AM_SHARE || a->kind == AM_RANGE)
      check_rates(u, d->src, a);
    int64_t cap;
    if (w->cap && w->cap->type != TY_ERROR && const_value(w->cap, &cap) && cap < 0)
      diag_error(D(u), d->src, w->cap->span, "bad-cap", "a cap cannot be negative");
  }
}

static void check_rule(Unit *u, Decl *d) {
  check_kind(u, d);
  check_schedule(u, d);
  check_awards(u, d);
  /* (after a syntax error the citation may be the text the lexer dropped:
   * rule settlement 第二条 kind settlement) */
  if (!d->as.rule.citation.text && !u->main->syntax_errors) {
    Diag *w = diag_warning(D(u), d->src, d->as.rule.id.span, "no-citation",
                           "rule `%s` cites no article", d->as.rule.id.name);
    diag_hint(D(u), w, "cite the article as printed: rule %s \"第二条（一）\"",
              d->as.rule.id.name);
  }
}

/* An empty file is most likely the wrong file, or one not saved yet. */
static void check_not_empty(Unit *u) {
  SourceFile *f = u->main;
  if (!f || f->decls.len > 0 || f->syntax_errors)
    return;
  Span start = {0, 0};   /* (not inline: see po/extract.sh) */
  Diag *w = diag_warning(D(u), f->src, start, "empty-file", "the file declares nothing");
  diag_hint(D(u), w, "a policy starts with `policy ID \"TITLE\"`");
}

/* --- limits ------------------------------------------------------------------ */

/* How many declarations of a kind one compilation (a policy and its modules)
 * may hold: enough for any policy written by hand, few enough that a row's
 * outcome, the summary and the IR stay small (both engines index them with
 * 32-bit integers, far past these). */
typedef struct DeclLimit {
  size_t list;            /* offsetof(Unit, the PtrVec) */
  int max;
  const char *what;       /* "rule": "this is rule 10,001 ..." */
  const char *scope;
  const char *hint;
} DeclLimit;

static const DeclLimit decl_limits[] = {
  {offsetof(Unit, rule_decls), UNIT_MAX_RULES, N_("rule"), N_("rules in one policy"),
   N_("split the policy into several files and evaluate them together: polc eval A.pol B.pol")},
  {offsetof(Unit, indicator_decls), UNIT_MAX_INDICATORS, N_("indicator"),
   N_("indicators in one policy"), N_("split the plan into several files")},
};

/* n grouped by thousands ("10,000"). */
static const char *grouped(char *buf, size_t size, int n) {
  char digits[16];
  int len = snprintf(digits, sizeof digits, "%d", n), out = 0;
  for (int i = 0; i < len && out + 2 < (int)size; i++) {
    if (i && (len - i) % 3 == 0)
      buf[out++] = ',';
    buf[out++] = digits[i];
  }
  buf[out] = '\0';
  return buf;
}

static Span decl_name_span(const Decl *d) {
  switch (d->kind) {
  case DECL_RULE: return d->as.rule.id.span;
  case DECL_INPUT: return d->as.input.id.span;
  case DECL_INDICATOR: return d->as.indicator.id.span;
  case DECL_POLICY: case DECL_IMPORT: case DECL_KIND: case DECL_LET:
  case DECL_ELIGIBLE: case DECL_TEST: case DECL_ARTICLE:
    break;
  }
  return d->span;
}

/* The first declaration past a limit is reported, not every one after it. */
static void check_decl_limit(Unit *u, const DeclLimit *l) {
  const PtrVec *list = (const PtrVec *)((const char *)u + l->list);
  if (list->len <= l->max)
    return;
  const Decl *d = list->items[l->max];
  char nth[16], max[16];
  Diag *e = diag_error(D(u), d->src, decl_name_span(d), "too-many",
                       "this is %s %s; polc takes at most %s %s", gettext(l->what),
                       grouped(nth, sizeof nth, l->max + 1), grouped(max, sizeof max, l->max),
                       gettext(l->scope));
  diag_hint(D(u), e, "%s", gettext(l->hint));
}

static void check_award_limit(Unit *u, const Decl *d) {
  const Rule *r = &d->as.rule;
  if (r->awards.len <= UNIT_MAX_AWARDS)
    return;
  const Award *w = r->awards.items[UNIT_MAX_AWARDS];
  char nth[16], max[16];
  Diag *e = diag_error(D(u), d->src, w->span, "too-many",
                       "this is award %s of rule `%s`; a rule has at most %s awards",
                       grouped(nth, sizeof nth, UNIT_MAX_AWARDS + 1), r->id.name,
                       grouped(max, sizeof max, UNIT_MAX_AWARDS));
  diag_hint(D(u), e, "split the rule, or write amounts that rise with a figure as a ladder");
}

static void check_limits(Unit *u) {
  for (size_t i = 0; i < sizeof decl_limits / sizeof *decl_limits; i++)
    check_decl_limit(u, &decl_limits[i]);
  for (int i = 0; i < u->rule_decls.len; i++)
    check_award_limit(u, u->rule_decls.items[i]);
}

void checks_run(Unit *u) {
  check_not_empty(u);
  check_policy(u);
  check_limits(u);
  for (int i = 0; i < u->rule_decls.len; i++)
    check_rule(u, u->rule_decls.items[i]);
}
