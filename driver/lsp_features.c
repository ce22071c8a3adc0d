/*
 * lsp_features.c - hover, go to definition, find references and rename,
 * over the names of a compiled document and of the modules it imports.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lsp.h"

/* The document and the occurrence under params.position. */
typedef struct Target {
  LspDoc *doc;
  Unit *unit;
  Occurrence occ;
  bool found;
} Target;

static bool target_of(LspServer *s, json_object *params, Target *t, RpcError *err) {
  uint32_t offset;
  memset(t, 0, sizeof *t);
  t->doc = lsp_doc_of(s, params, err);
  if (!t->doc || !lsp_doc_offset(t->doc, params, &offset, err))
    return false;
  t->unit = lsp_doc_unit(s, t->doc);
  t->found = t->unit && lsp_at(t->unit, offset, &t->occ);
  return true;
}

/* --- hover -------------------------------------------------------------- */

static const char *slice(Arena *a, const Source *src, Span span) {
  return arena_strndup(a, src->text + span.begin, span.end - span.begin);
}

/* `enterprise` for stdlib/enterprise.pol; "this policy" for the main file. */
static const char *module_of(const Unit *unit, const Decl *d) {
  if (d->src == unit->main->src)
    return "this policy";
  const char *base = strrchr(d->src->path, '/');
  base = base ? base + 1 : d->src->path;
  size_t n = strlen(base);
  if (n > 4 && strcmp(base + n - 4, ".pol") == 0)
    n -= 4;
  return arena_printf((Arena *)&unit->arena, "`%.*s`", (int)n, base);
}

static const char *hover_input(Unit *u, const Symbol *sym) {
  const Input *in = &sym->decl->as.input;
  Arena *a = &u->arena;
  const char *dflt = in->default_value
                         ? arena_printf(a, "default %s", slice(a, sym->decl->src,
                                                               in->default_value->span))
                         : "required (no default)";
  return arena_printf(a, "**input %s**: %s%s — %s\n\n%s · module %s", sym->name,
                      type_name(sym->type), in->signed_span.end ? " (signed)" : "",
                      in->label.text ? in->label.text : "", dflt, module_of(u, sym->decl));
}

static const char *hover_rule(Unit *u, const Symbol *sym) {
  const Rule *r = &sym->decl->as.rule;
  Arena *a = &u->arena;
  const char *text = arena_printf(a, "**rule %s** “%s”%s%s\n", sym->name,
                                  r->citation.text ? r->citation.text : "",
                                  r->kind.name ? " · kind " : "",
                                  r->kind.name ? r->kind.name : "");
  for (int i = 0; i < r->awards.len; i++) {
    const Award *aw = r->awards.items[i];
    text = arena_printf(a, "%s\n    %s", text, slice(a, sym->decl->src, aw->span));
  }
  return text;
}

static const char *hover_symbol(Unit *u, const Symbol *sym) {
  Arena *a = &u->arena;
  if (!sym->decl)
    return arena_printf(a, "**%s**: %s (built in)", sym->name, type_name(sym->type));
  switch (sym->kind) {
  case SYM_INPUT: return hover_input(u, sym);
  case SYM_LET:
    return arena_printf(a, "**let %s**: %s\n\n    %s", sym->name, type_name(sym->type),
                        slice(a, sym->decl->src, sym->decl->span));
  case SYM_RULE: return hover_rule(u, sym);
  case SYM_KIND:
    return arena_printf(a, "**kind %s** — %s", sym->name,
                        sym->decl->as.kind_decl.label.text ? sym->decl->as.kind_decl.label.text : "");
  case SYM_INDICATOR:
    return arena_printf(a, "**indicator %s** — %s", sym->name,
                        sym->decl->as.indicator.label.text ? sym->decl->as.indicator.label.text : "");
  case SYM_AS_OF: break;
  }
  return arena_printf(a, "**%s**", sym->name);
}

/* 123456789 fen as "1,234,567.89". */
static const char *yuan(Arena *a, int64_t fen) {
  char digits[32], out[48];
  uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
  int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)(mag / 100));
  int o = 0;
  if (fen < 0)
    out[o++] = '-';
  for (int i = 0; i < n; i++) {
    if (i > 0 && (n - i) % 3 == 0)
      out[o++] = ',';
    out[o++] = digits[i];
  }
  snprintf(out + o, sizeof out - (size_t)o, ".%02llu", (unsigned long long)(mag % 100));
  return arena_strdup(a, out);
}

static const char *hover_text(Target *t) {
  Unit *u = t->unit;
  if (t->occ.ns == NS_LITERAL) {
    const Value *v = &t->occ.literal->lit;
    return v->type == TY_MONEY ? arena_printf(&u->arena, "%s = %s 元",
                                              slice(&u->arena, t->occ.src, t->occ.span),
                                              yuan(&u->arena, v->i))
                               : NULL;
  }
  if (t->occ.ns == NS_MODULE)
    return t->occ.import->resolved
               ? arena_printf(&u->arena, "**module** %s", t->occ.import->resolved->path)
               : NULL;
  Symbol *sym = lsp_symbol(u, &t->occ);
  return sym ? hover_symbol(u, sym) : NULL;
}

json_object *lsp_hover(LspServer *s, json_object *params, RpcError *err) {
  Target t;
  if (!target_of(s, params, &t, err) || !t.found)
    return NULL;
  const char *text = hover_text(&t);
  if (!text)
    return NULL;
  json_object *contents = json_object_new_object(), *hover = json_object_new_object();
  json_object_object_add(contents, "kind", json_object_new_string("markdown"));
  json_object_object_add(contents, "value", json_object_new_string(text));
  json_object_object_add(hover, "contents", contents);
  json_object_object_add(hover, "range", lsp_range(t.doc, t.occ.src, t.occ.span));
  return hover;
}

/* --- definition ----------------------------------------------------------- */

json_object *lsp_definition(LspServer *s, json_object *params, RpcError *err) {
  Target t;
  if (!target_of(s, params, &t, err) || !t.found)
    return NULL;
  if (t.occ.ns == NS_MODULE)
    return t.occ.import->resolved
               ? lsp_location(t.doc, t.occ.import->resolved, (Span){0, 0})
               : NULL;
  Symbol *sym = lsp_symbol(t.unit, &t.occ);
  if (!sym || !sym->decl)
    return NULL;
  return lsp_location(t.doc, sym->decl->src, sym->span);
}

/* --- references and rename -------------------------------------------------- */

typedef struct Collect {
  LspDoc *doc;
  NameSpace ns;
  const char *name;
  Source *only;            /* NULL: every file */
  bool with_decl;
  const char *new_name;    /* rename: TextEdits instead of Locations */
  json_object *out;
} Collect;

static bool collect(const Occurrence *occ, void *ctx) {
  Collect *c = ctx;
  if (occ->ns != c->ns || strcmp(occ->name, c->name) != 0 ||
      (c->only && occ->src != c->only) || (occ->is_decl && !c->with_decl))
    return true;
  json_object *item;
  if (c->new_name) {
    item = json_object_new_object();
    json_object_object_add(item, "range", lsp_range(c->doc, occ->src, occ->span));
    json_object_object_add(item, "newText", json_object_new_string(c->new_name));
  } else {
    item = lsp_location(c->doc, occ->src, occ->span);
  }
  json_object_array_add(c->out, item);
  return true;
}

json_object *lsp_references(LspServer *s, json_object *params, RpcError *err) {
  Target t;
  if (!target_of(s, params, &t, err) || !t.found || t.occ.ns == NS_LITERAL)
    return NULL;
  json_object *include = lsp_get(lsp_get(params, "context"), "includeDeclaration");
  Collect c = {.doc = t.doc, .ns = t.occ.ns, .name = t.occ.name,
               .with_decl = !include || json_object_get_boolean(include),
               .out = json_object_new_array()};
  lsp_walk(t.unit, collect, &c);
  return c.out;
}

static bool is_identifier(const char *name) {
  if (!name || !(isalpha((unsigned char)name[0]) || name[0] == '_'))
    return false;
  for (const char *p = name; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '_')
      return false;
  return strlen(name) <= 64;
}

/* Why the target may not be renamed, or NULL. */
static const char *rename_refused(const Target *t, const char *new_name) {
  if (!t->found || (t->occ.ns != NS_VALUE && t->occ.ns != NS_RULE))
    return "only a rule, a let or an input can be renamed";
  Symbol *sym = lsp_symbol(t->unit, &t->occ);
  if (!sym || !sym->decl || sym->decl->src != t->unit->main->src)
    return "only a name declared in this policy can be renamed (not a module's)";
  if (!is_identifier(new_name))
    return "the new name must be an identifier: letters, digits and _";
  const SymTab *tab = t->occ.ns == NS_RULE ? &t->unit->rules : &t->unit->values;
  if (symtab_find(tab, new_name))
    return "that name is already declared";
  return NULL;
}

json_object *lsp_rename(LspServer *s, json_object *params, RpcError *err) {
  Target t;
  if (!target_of(s, params, &t, err))
    return NULL;
  const char *new_name = lsp_get_string(params, "newName");
  const char *why = rename_refused(&t, new_name);
  if (why) {
    *err = (RpcError){RPC_REQUEST_FAILED, why};
    return NULL;
  }
  Collect c = {.doc = t.doc, .ns = t.occ.ns, .name = t.occ.name,
               .only = t.unit->main->src, .with_decl = true, .new_name = new_name,
               .out = json_object_new_array()};
  lsp_walk(t.unit, collect, &c);
  json_object *changes = json_object_new_object(), *edit = json_object_new_object();
  json_object_object_add(changes, t.doc->uri, c.out);
  json_object_object_add(edit, "changes", changes);
  return edit;
}
