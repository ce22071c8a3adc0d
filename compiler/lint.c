/*
 * lint.c - the review lints that need no solver: unused-input, unused-let,
 * no-kind, untested-rule; the `# polc: allow CODE` comments; and the entry
 * point that runs the proofs of lint_awards.c.
 */
#include "lint.h"

#include <stdlib.h>
#include <string.h>

static Diags *D(Unit *u) { return &u->diags; }

/* --- silencing ------------------------------------------------------------- */

static bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

/* Whether one comment line says `polc: allow` with `code` in its list. */
static bool line_allows(const char *text, size_t len, const char *code) {
  size_t i = 0;
  while (i < len && is_space(text[i]))
    i++;
  if (i == len || text[i] != '#')
    return false;
  const char *end = text + len;
  const char *p = text + i + 1;
  while (p < end && is_space(*p))
    p++;
  static const char word[] = "polc: allow";
  if ((size_t)(end - p) < sizeof word - 1 || memcmp(p, word, sizeof word - 1) != 0)
    return false;
  p += sizeof word - 1;
  size_t n = strlen(code);
  while (p < end) {
    while (p < end && (is_space(*p) || *p == ','))
      p++;
    const char *q = p;
    while (q < end && !is_space(*q) && *q != ',')
      q++;
    if ((size_t)(q - p) == n && memcmp(p, code, n) == 0)
      return true;
    p = q;
  }
  return false;
}

/* Whether a comment line in the run of comment lines right above `offset`
 * allows `code`. */
static bool comments_above_allow(Unit *u, Source *src, uint32_t offset,
                                 const char *code) {
  int line, column;
  source_position(&u->arena, src, offset, &line, &column);
  for (int l = line - 1; l >= 1; l--) {
    size_t len;
    const char *text = source_line(&u->arena, src, l, &len);
    size_t i = 0;
    while (i < len && is_space(text[i]))
      i++;
    if (i == len || text[i] != '#')
      return false;
    if (line_allows(text, len, code))
      return true;
  }
  return false;
}

bool lint_allowed(Unit *u, const Decl *decl, Span at, const char *code) {
  return comments_above_allow(u, decl->src, decl->span.begin, code) ||
         comments_above_allow(u, decl->src, at.begin, code);
}

/* --- what expressions read ---------------------------------------------------- */

typedef struct Reads {
  PtrVec syms;   /* Symbol*, sorted once collected */
} Reads;

static void read_expr(Unit *u, Reads *r, const Expr *e) {
  if (!e)
    return;
  if (e->kind == EX_NAME && e->sym)
    ptrvec_push(&u->arena, &r->syms, e->sym);
  read_expr(u, r, e->cond);
  read_expr(u, r, e->lhs);
  read_expr(u, r, e->rhs);
  for (int i = 0; i < e->args.len; i++)
    read_expr(u, r, e->args.items[i]);
}

static void read_rule(Unit *u, Reads *r, const Rule *rule) {
  for (int i = 0; i < rule->awards.len; i++) {
    const Award *w = rule->awards.items[i];
    const Amount *a = &w->amount;
    read_expr(u, r, a->expr);
    read_expr(u, r, a->rate);
    read_expr(u, r, a->rate_low);
    read_expr(u, r, a->topup);
    for (int t = 0; t < a->tiers.len; t++) {
      const Tier *tier = a->tiers.items[t];
      read_expr(u, r, tier->threshold);
      read_expr(u, r, tier->value);
    }
    read_expr(u, r, w->cap);
    read_expr(u, r, w->when);
  }
}

/* Every name read by a declaration other than a test (a test's `given`
 * sets an input; it does not make the policy read it). */
static void read_decl(Unit *u, Reads *r, const Decl *d) {
  switch (d->kind) {
  case DECL_LET: read_expr(u, r, d->as.let.value); break;
  case DECL_ELIGIBLE: read_expr(u, r, d->as.eligible.cond); break;
  case DECL_RULE: read_rule(u, r, &d->as.rule); break;
  case DECL_INDICATOR:
    read_expr(u, r, d->as.indicator.expr);
    read_expr(u, r, d->as.indicator.where);
    break;
  default: break;
  }
}

static int cmp_ptr(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)*(void *const *)a, y = (uintptr_t)*(void *const *)b;
  return x < y ? -1 : x > y;
}

static bool was_read(const Reads *r, const Symbol *sym) {
  return r->syms.len &&
         bsearch(&sym, r->syms.items, (size_t)r->syms.len, sizeof(void *), cmp_ptr);
}

/* --- unused-input, unused-let ------------------------------------------------ */

static void lint_unused(Unit *u) {
  Reads r = {0};
  for (int f = 0; f < u->files.len; f++) {
    SourceFile *file = u->files.items[f];
    for (int i = 0; i < file->decls.len; i++)
      read_decl(u, &r, file->decls.items[i]);
  }
  if (r.syms.len)
    qsort(r.syms.items, (size_t)r.syms.len, sizeof(void *), cmp_ptr);
  for (int i = 0; i < u->main->decls.len; i++) {
    Decl *d = u->main->decls.items[i];
    if (d->kind != DECL_INPUT && d->kind != DECL_LET)
      continue;
    Ident id = d->kind == DECL_INPUT ? d->as.input.id : d->as.let.id;
    Symbol *sym = symtab_find(&u->values, id.name);
    if (!sym || sym->decl != d || was_read(&r, sym))
      continue;
    /* The runtime reads application_date itself: it is the row's as_of. */
    if (d->kind == DECL_INPUT && strcmp(id.name, "application_date") == 0)
      continue;
    const char *code = d->kind == DECL_INPUT ? "unused-input" : "unused-let";
    if (lint_allowed(u, d, id.span, code))
      continue;
    Diag *w;
    if (d->kind == DECL_INPUT) {
      w = diag_warning(D(u), d->src, id.span, code,
                       "input `%s` is declared but no condition or award reads it",
                       id.name);
      diag_hint(D(u), w, "use it where the text asks for it, or remove the input");
    } else {
      w = diag_warning(D(u), d->src, id.span, code,
                       "let `%s` is defined but nothing uses it", id.name);
      diag_hint(D(u), w, "use it where the text asks for it, or remove the let");
    }
  }
}

/* --- no-kind ------------------------------------------------------------------- */

static void lint_no_kind(Unit *u) {
  const char *family = u->policy->as.policy.family;
  if (!family)
    return;
  for (int i = 0; i < u->main->decls.len; i++) {
    Decl *d = u->main->decls.items[i];
    if (d->kind != DECL_RULE || d->as.rule.kind.name)
      continue;
    Rule *r = &d->as.rule;
    if (lint_allowed(u, d, r->id.span, "no-kind"))
      continue;
    Diag *w = diag_warning(D(u), d->src, r->id.span, "no-kind",
                           "rule `%s` has no `kind`: it escapes 从高不重复 and adds to "
                           "every award of family `%s`",
                           r->id.name, family);
    diag_hint(D(u), w, "give the rule the kind of the support it grants "
                       "(`kind settlement`, ...)");
  }
}

/* --- untested-rule --------------------------------------------------------------- */

static bool expected(Unit *u, const char *policy, const char *rule) {
  for (int i = 0; i < u->main->decls.len; i++) {
    Decl *d = u->main->decls.items[i];
    if (d->kind != DECL_TEST)
      continue;
    PtrVec *ex = &d->as.test.expects;
    for (int e = 0; e < ex->len; e++) {
      Assign *a = ex->items[e];
      if ((!a->policy.name || strcmp(a->policy.name, policy) == 0) &&
          strcmp(a->id.name, rule) == 0)
        return true;
    }
  }
  return false;
}

static void lint_untested(Unit *u) {
  int tests = 0;
  for (int i = 0; i < u->main->decls.len; i++)
    tests += ((Decl *)u->main->decls.items[i])->kind == DECL_TEST;
  if (tests == 0)
    return;
  const char *policy = u->policy->as.policy.id.name;
  for (int i = 0; i < u->main->decls.len; i++) {
    Decl *d = u->main->decls.items[i];
    if (d->kind != DECL_RULE || expected(u, policy, d->as.rule.id.name))
      continue;
    Rule *r = &d->as.rule;
    if (lint_allowed(u, d, r->id.span, "untested-rule"))
      continue;
    Diag *w = diag_warning(D(u), d->src, r->id.span, "untested-rule",
                           "no test expects rule `%s`", r->id.name);
    diag_hint(D(u), w, "add a test with `expect %s = AMOUNT` for an applicant "
                       "it pays", r->id.name);
  }
}

void lint_unit(Unit *u) {
  if (!u->main || u->diags.errors || u->syntax_errors || u->over_limits)
    return;
  /* A module's inputs and lets are there for the policies that import it. */
  if (!u->policy || u->policy->src != u->main->src)
    return;
  lint_unused(u);
  lint_no_kind(u);
  lint_untested(u);
  lint_proofs(u);
}
