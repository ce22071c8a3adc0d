/*
 * lsp_index.c - every name and literal of a unit where it stands: the
 * walk behind hover, definition, references and rename.  A name is in one
 * of the unit's namespaces (values, rules, kinds, indicators, modules).
 */
#include <string.h>

#include "lsp.h"

typedef struct Walk {
  OccurrenceFn fn;
  void *ctx;
  Source *src;
  const Decl *decl;
  bool stop;
} Walk;

static void visit(Walk *w, NameSpace ns, const char *name, Span span, bool is_decl) {
  if (w->stop || !name)
    return;
  Occurrence occ = {.ns = ns, .name = name, .src = w->src, .span = span,
                    .is_decl = is_decl, .decl = w->decl};
  w->stop = !w->fn(&occ, w->ctx);
}

static void walk_expr(Walk *w, const Expr *e) {
  if (!e || w->stop)
    return;
  if (e->kind == EX_NAME)
    visit(w, NS_VALUE, e->name.name, e->name.span, false);
  if (e->kind == EX_LITERAL && !w->stop) {
    Occurrence occ = {.ns = NS_LITERAL, .name = "", .src = w->src, .span = e->span,
                      .decl = w->decl, .literal = e};
    w->stop = !w->fn(&occ, w->ctx);
  }
  walk_expr(w, e->cond);
  walk_expr(w, e->lhs);
  walk_expr(w, e->rhs);
  for (int i = 0; i < e->args.len; i++)
    walk_expr(w, e->args.items[i]);
}

static void walk_award(Walk *w, const Award *a) {
  walk_expr(w, a->amount.expr);
  walk_expr(w, a->amount.rate);
  walk_expr(w, a->amount.rate_low);
  walk_expr(w, a->amount.topup);
  for (int i = 0; i < a->amount.tiers.len; i++) {
    const Tier *t = a->amount.tiers.items[i];
    walk_expr(w, t->threshold);
    walk_expr(w, t->value);
  }
  walk_expr(w, a->cap);
  walk_expr(w, a->when);
}

static void walk_rule(Walk *w, const Rule *r) {
  visit(w, NS_RULE, r->id.name, r->id.span, true);
  visit(w, NS_KIND, r->kind.name, r->kind.span, false);
  walk_expr(w, r->for_years);
  walk_expr(w, r->paid_over);
  for (int i = 0; i < r->paid.len; i++)
    walk_expr(w, r->paid.items[i]);
  for (int i = 0; i < r->awards.len; i++)
    walk_award(w, r->awards.items[i]);
}

static void walk_test(Walk *w, const Test *t) {
  for (int i = 0; i < t->givens.len; i++) {
    const Assign *a = t->givens.items[i];
    visit(w, NS_VALUE, a->id.name, a->id.span, false);
    walk_expr(w, a->value);
  }
  for (int i = 0; i < t->expects.len; i++) {
    const Assign *a = t->expects.items[i];
    if (!a->policy.name)
      visit(w, NS_RULE, a->id.name, a->id.span, false);
    walk_expr(w, a->value);
  }
}

static void walk_indicator(Walk *w, const Indicator *ind) {
  visit(w, NS_INDICATOR, ind->id.name, ind->id.span, true);
  walk_expr(w, ind->expr);
  walk_expr(w, ind->where);
  walk_expr(w, ind->baseline);
  walk_expr(w, ind->target);
}

static void walk_import(Walk *w, const Import *imp) {
  if (w->stop || !imp->name.name)
    return;
  Occurrence occ = {.ns = NS_MODULE, .name = imp->name.name, .src = w->src,
                    .span = imp->name.span, .decl = w->decl, .import = imp};
  w->stop = !w->fn(&occ, w->ctx);
}

static void walk_decl(Walk *w, const Decl *d) {
  w->decl = d;
  switch (d->kind) {
  case DECL_IMPORT: walk_import(w, &d->as.import); break;
  case DECL_KIND: visit(w, NS_KIND, d->as.kind_decl.id.name, d->as.kind_decl.id.span, true); break;
  case DECL_INPUT:
    visit(w, NS_VALUE, d->as.input.id.name, d->as.input.id.span, true);
    walk_expr(w, d->as.input.default_value);
    break;
  case DECL_LET:
    visit(w, NS_VALUE, d->as.let.id.name, d->as.let.id.span, true);
    walk_expr(w, d->as.let.value);
    break;
  case DECL_ELIGIBLE: walk_expr(w, d->as.eligible.cond); break;
  case DECL_RULE: walk_rule(w, &d->as.rule); break;
  case DECL_TEST: walk_test(w, &d->as.test); break;
  case DECL_INDICATOR: walk_indicator(w, &d->as.indicator); break;
  case DECL_POLICY: case DECL_ARTICLE: break;
  }
}

void lsp_walk(const Unit *unit, OccurrenceFn fn, void *ctx) {
  Walk w = {.fn = fn, .ctx = ctx};
  for (int f = 0; f < unit->files.len && !w.stop; f++) {
    const SourceFile *file = unit->files.items[f];
    w.src = file->src;
    for (int i = 0; i < file->decls.len && !w.stop; i++)
      walk_decl(&w, file->decls.items[i]);
  }
}

typedef struct AtQuery {
  Source *src;
  uint32_t offset;
  Occurrence found;
  bool hit;
} AtQuery;

/* The innermost occurrence containing the offset: names win over the
 * literals around them, and a later (nested) hit over an earlier one. */
static bool at_offset(const Occurrence *occ, void *ctx) {
  AtQuery *q = ctx;
  if (occ->src != q->src || q->offset < occ->span.begin || q->offset > occ->span.end)
    return true;
  bool narrower = !q->hit || (occ->span.end - occ->span.begin <=
                              q->found.span.end - q->found.span.begin);
  if (narrower) {
    q->found = *occ;
    q->hit = true;
  }
  return true;
}

bool lsp_at(const Unit *unit, uint32_t offset, Occurrence *out) {
  if (!unit->main)
    return false;
  AtQuery q = {.src = unit->main->src, .offset = offset};
  lsp_walk(unit, at_offset, &q);
  if (q.hit)
    *out = q.found;
  return q.hit;
}

Symbol *lsp_symbol(const Unit *unit, const Occurrence *occ) {
  switch (occ->ns) {
  case NS_VALUE: return symtab_find(&unit->values, occ->name);
  case NS_RULE: return symtab_find(&unit->rules, occ->name);
  case NS_KIND: return symtab_find(&unit->kinds, occ->name);
  case NS_INDICATOR: return symtab_find(&unit->indicators, occ->name);
  case NS_MODULE: case NS_LITERAL: return NULL;
  }
  return NULL;
}
