/*
 * resolve.c - the unit's declarations: where a file's header may stand, what
 * a module may declare, and one symbol per name (duplicates reported).
 */
#include <string.h>

#include "resolve.h"

#include "../runtime/base/i18n.h"
#include "unit.h"

/* `policy` comes first and once; a file without one is a module, which may
 * only import, and declare inputs, lets and kinds. */
static void check_structure(Unit *unit, SourceFile *file, bool is_main) {
  Diags *diags = &unit->diags;
  Decl *header = NULL;
  for (int i = 0; i < file->decls.len; i++) {
    Decl *d = file->decls.items[i];
    if (d->kind != DECL_POLICY)
      continue;
    if (header) {
      Diag *e = diag_error(diags, file->src, d->as.policy.id.span,
                           "duplicate-policy", "a file holds one policy; "
                           "`%s` is a second one", d->as.policy.id.name);
      diag_note(diags, e, file->src, header->as.policy.id.span,
                "the file's policy is declared here");
      diag_hint(diags, e, "put each policy in a file of its own");
    } else if (i != 0) {
      Diag *e = diag_error(diags, file->src, d->span, "policy-not-first",
                           "the `policy` header must come first in the file");
      diag_hint(diags, e, "move the `policy` header and its lines to the top "
                "of the file, above the `%s`",
                decl_word(((Decl *)file->decls.items[0])->kind));
      header = d;
    } else {
      header = d;
    }
  }
  if (header && !is_main)
    return;   /* reported at the import (unit.c) */
  if (is_main)
    unit->policy = header;
  if (header || file->syntax_errors)
    return;   /* (a header that did not parse would make every rule wrong) */
  for (int i = 0; i < file->decls.len; i++) {
    Decl *d = file->decls.items[i];
    if (d->kind == DECL_RULE || d->kind == DECL_ELIGIBLE ||
        d->kind == DECL_TEST || d->kind == DECL_INDICATOR || d->kind == DECL_ARTICLE) {
      Diag *e = diag_error(diags, file->src, d->span, "module-decl",
                           "a module (a file without a `policy` header) cannot "
                           "declare %s", d->kind == DECL_ELIGIBLE ? _("an `eligible` clause")
                           : d->kind == DECL_INDICATOR ? _("an indicator")
                           : d->kind == DECL_ARTICLE ? _("an `article`")
                           : d->kind == DECL_RULE ? _("a rule") : _("a test"));
      diag_hint(diags, e, "start the file with `policy ID \"title\"`, or move "
                "this into a policy that imports the module");
    }
  }
}

static void report_duplicate(Unit *unit, Decl *d, Ident id, const Symbol *old,
                             const char *what) {
  Diag *e = diag_error(&unit->diags, d->src, id.span, "duplicate-name",
                       "%s `%s` is declared twice", gettext(what), id.name);
  if (old->decl)
    diag_note(&unit->diags, e, old->decl->src, old->span,
              "first declared here");
  if (old->decl && old->decl->src != d->src)
    diag_hint(&unit->diags, e, "`%s` is already declared by an imported "
              "module; use it, or choose another name", id.name);
  else
    diag_hint(&unit->diags, e, "rename one of them");
}

static void declare(Unit *unit, SymTab *tab, SymKind kind, Decl *d, Ident id,
                    const char *what) {
  if (!id.name)
    return;
  bool added;
  Symbol *s = symtab_add(tab, &unit->arena, kind, id.name, d, id.span, &added);
  if (!added)
    report_duplicate(unit, d, id, s, what);
}

static void collect(Unit *unit, Decl *d) {
  Arena *a = &unit->arena;
  switch (d->kind) {
  case DECL_POLICY:
  case DECL_IMPORT:
    break;
  case DECL_KIND:
    ptrvec_push(a, &unit->kinds_declared, d);
    declare(unit, &unit->kinds, SYM_KIND, d, d->as.kind_decl.id, "kind");
    break;
  case DECL_INPUT:
    ptrvec_push(a, &unit->inputs, d);
    declare(unit, &unit->values, SYM_INPUT, d, d->as.input.id, "the name");
    break;
  case DECL_LET:
    ptrvec_push(a, &unit->lets, d);
    declare(unit, &unit->values, SYM_LET, d, d->as.let.id, "the name");
    break;
  case DECL_ELIGIBLE:
    ptrvec_push(a, &unit->eligibles, d);
    break;
  case DECL_RULE:
    ptrvec_push(a, &unit->rule_decls, d);
    if (d->as.rule.id.name && strcmp(d->as.rule.id.name, "total") == 0) {
      Diag *e = diag_error(&unit->diags, d->src, d->as.rule.id.span,
                           "reserved-name", "`total` cannot be a rule's id");
      diag_hint(&unit->diags, e, "`total` names the sum of a row in tests and "
                "output; choose another id");
      break;
    }
    declare(unit, &unit->rules, SYM_RULE, d, d->as.rule.id, "rule");
    break;
  case DECL_TEST:
    ptrvec_push(a, &unit->tests, d);
    break;
  case DECL_ARTICLE:
    ptrvec_push(a, &unit->article_decls, d);
    break;
  case DECL_INDICATOR:
    ptrvec_push(a, &unit->indicator_decls, d);
    declare(unit, &unit->indicators, SYM_INDICATOR, d, d->as.indicator.id,
            "indicator");
    break;
  }
}

void resolve_unit(Unit *unit) {
  bool added;
  symtab_add(&unit->values, &unit->arena, SYM_AS_OF, "as_of", NULL,
             (Span){0, 0}, &added)->type = TY_DATE;
  for (int f = 0; f < unit->files.len; f++)
    check_structure(unit, unit->files.items[f], f == 0);
  /* Modules first, so that their names are "first declared" and a policy
   * that redeclares one is the one told. */
  for (int f = 1; f <= unit->files.len; f++) {
    SourceFile *file = unit->files.items[f % unit->files.len];
    for (int i = 0; i < file->decls.len; i++)
      collect(unit, file->decls.items[i]);
  }
  if (!symtab_find(&unit->values, "application_date")) {
    Symbol *date = arena_alloc(&unit->arena, sizeof *date);
    *date = (Symbol){.kind = SYM_INPUT, .name = "application_date", .type = TY_DATE,
                     .slot = -1};
    unit->application_date = date;
  }
}

Symbol *resolve_value(Unit *unit, Source *src, Ident id) {
  Symbol *s = symtab_find(&unit->values, id.name);
  if (s) {
    s->uses++;
    return s;
  }
  Diags *diags = &unit->diags;
  Diag *e;
  if (unit_names_incomplete(unit))
    return NULL;
  if (symtab_find(&unit->rules, id.name)) {
    e = diag_error(diags, src, id.span, "unknown-name",
                   "`%s` is a rule; a rule's award cannot be used in an "
                   "expression", id.name);
    diag_hint(diags, e, "compute the value with a `let` and use it in both places");
    return NULL;
  }
  e = diag_error(diags, src, id.span, "unknown-name", "unknown name `%s`",
                 id.name);
  const char *close = symtab_suggest(&unit->values, id.name);
  if (close) {
    diag_hint(diags, e, "did you mean `%s`?", close);
    diag_fix(diags, e, id.span, close);
  } else if (unit->files.len == 1)
    diag_hint(diags, e, "declare it with `input %s: TYPE \"label\"`, or "
              "`import enterprise` for the registry's columns", id.name);
  else
    diag_hint(diags, e, "declare it with `input %s: TYPE \"label\"` or "
              "`let %s = ...`", id.name, id.name);
  return NULL;
}
