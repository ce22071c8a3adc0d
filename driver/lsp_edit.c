/*
 * lsp_edit.c - helping while typing: completion (names with their labels,
 * kinds, keywords, units; rule ids inside `expect`), the outline of a
 * document (its rules, tests and indicators) and formatting (`polc fmt`).
 */
#include <stdlib.h>
#include <string.h>

#include "../lang/format.h"
#include "lsp.h"

/* LSP's CompletionItemKind and SymbolKind numbers. */
enum { CI_FUNCTION = 3, CI_FIELD = 5, CI_VARIABLE = 6, CI_UNIT = 11, CI_KEYWORD = 14,
       CI_ENUM_MEMBER = 20 };
enum { SK_ENUM = 10, SK_FUNCTION = 12, SK_VARIABLE = 13, SK_CONSTANT = 14, SK_EVENT = 24 };

static const char *const keywords[] = {
    "and", "award", "baseline", "brackets", "cap", "default", "discretionary",
    "document", "effective", "eligible", "else", "expect", "external", "false",
    "family", "for", "given", "group", "if", "import", "indicator", "input",
    "issuer", "kind", "ladder", "let", "not", "note", "obligation", "of", "or",
    "over", "paid", "per", "policy", "rule", "signed", "target", "test", "then",
    "to", "topup", "true", "when", "where", "with", "year", "years",
};
static const char *const units[] = {"元", "万", "万元", "亿", "亿元", "%"};

static void add_item(json_object *items, const char *label, int kind, const char *detail) {
  json_object *item = json_object_new_object();
  json_object_object_add(item, "label", json_object_new_string(label));
  json_object_object_add(item, "kind", json_object_new_int(kind));
  if (detail)
    json_object_object_add(item, "detail", json_object_new_string(detail));
  json_object_array_add(items, item);
}

static void add_symbols(json_object *items, Unit *u, const SymTab *tab, int kind) {
  for (int i = 0; i < tab->order.len; i++) {
    const Symbol *sym = tab->order.items[i];
    const char *detail = NULL;
    if (sym->kind == SYM_INPUT && sym->decl)
      detail = arena_printf(&u->arena, "%s — %s", type_name(sym->type),
                            sym->decl->as.input.label.text ? sym->decl->as.input.label.text : "");
    else if (sym->kind == SYM_KIND && sym->decl)
      detail = sym->decl->as.kind_decl.label.text;
    else if (sym->kind == SYM_RULE && sym->decl)
      detail = sym->decl->as.rule.citation.text;
    else if (sym->kind == SYM_LET || sym->kind == SYM_AS_OF)
      detail = type_name(sym->type);
    add_item(items, sym->name, kind, detail);
  }
}

static bool is_word_char(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Position of the last whole word `word` in text[0, end), or -1. */
static long last_word(const char *text, size_t end, const char *word) {
  size_t n = strlen(word);
  for (size_t i = end; i >= n; i--) {
    size_t b = i - n;
    bool bounded = (b == 0 || !is_word_char(text[b - 1])) &&
                   (i == end || !is_word_char(text[i]));
    if (memcmp(text + b, word, n) == 0 && bounded)
      return (long)b;
  }
  return -1;
}

/* Inside `expect ...` (and not after a later `given` or `}`). */
static bool in_expect(const LspDoc *doc, uint32_t offset) {
  long expect = last_word(doc->text, offset, "expect");
  if (expect < 0)
    return false;
  for (uint32_t i = (uint32_t)expect; i < offset; i++)
    if (doc->text[i] == '}')
      return false;
  return last_word(doc->text, offset, "given") < expect;
}

json_object *lsp_completion(LspServer *s, json_object *params, RpcError *err) {
  LspDoc *doc = lsp_doc_of(s, params, err);
  uint32_t offset;
  if (!doc || !lsp_doc_offset(doc, params, &offset, err))
    return NULL;
  Unit *u = lsp_doc_unit(s, doc);
  json_object *items = json_object_new_array();
  if (u && in_expect(doc, offset)) {
    add_symbols(items, u, &u->rules, CI_FUNCTION);
    add_item(items, "total", CI_KEYWORD, "every rule's award together");
    return items;
  }
  if (u) {
    add_symbols(items, u, &u->values, CI_FIELD);
    add_symbols(items, u, &u->kinds, CI_ENUM_MEMBER);
  }
  for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
    add_item(items, keywords[i], CI_KEYWORD, NULL);
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    add_item(items, units[i], CI_UNIT, "unit");
  (void)CI_VARIABLE;
  return items;
}

/* --- document symbols --------------------------------------------------- */

static void add_symbol(json_object *list, LspDoc *doc, const Decl *d, const char *name,
                       Span name_span, int kind) {
  if (!name)
    return;
  json_object *sym = json_object_new_object();
  json_object_object_add(sym, "name", json_object_new_string(name));
  json_object_object_add(sym, "kind", json_object_new_int(kind));
  json_object_object_add(sym, "range", lsp_range(doc, d->src, d->span));
  json_object_object_add(sym, "selectionRange", lsp_range(doc, d->src, name_span));
  json_object_array_add(list, sym);
}

json_object *lsp_document_symbols(LspServer *s, json_object *params, RpcError *err) {
  LspDoc *doc = lsp_doc_of(s, params, err);
  Unit *u = doc ? lsp_doc_unit(s, doc) : NULL;
  if (!u)
    return doc ? json_object_new_array() : NULL;
  json_object *list = json_object_new_array();
  for (int i = 0; i < u->main->decls.len; i++) {
    const Decl *d = u->main->decls.items[i];
    if (d->kind == DECL_RULE)
      add_symbol(list, doc, d, d->as.rule.id.name, d->as.rule.id.span, SK_FUNCTION);
    else if (d->kind == DECL_TEST)
      add_symbol(list, doc, d, d->as.test.name.text, d->as.test.name.span, SK_EVENT);
    else if (d->kind == DECL_INDICATOR)
      add_symbol(list, doc, d, d->as.indicator.id.name, d->as.indicator.id.span, SK_CONSTANT);
    else if (d->kind == DECL_INPUT)
      add_symbol(list, doc, d, d->as.input.id.name, d->as.input.id.span, SK_VARIABLE);
    else if (d->kind == DECL_KIND)
      add_symbol(list, doc, d, d->as.kind_decl.id.name, d->as.kind_decl.id.span, SK_ENUM);
  }
  return list;
}

/* --- formatting --------------------------------------------------------- */

json_object *lsp_formatting(LspServer *s, json_object *params, RpcError *err) {
  LspDoc *doc = lsp_doc_of(s, params, err);
  if (!doc)
    return NULL;
  if (doc->len > LSP_MAX_DOC) {
    *err = (RpcError){RPC_REQUEST_FAILED, "the file is larger than polc's 16 MiB limit"};
    return NULL;
  }
  Arena arena;
  arena_init(&arena);
  Diags diags;
  diags_init(&diags, &arena);
  size_t len = 0;
  char *text = format_source(&arena, source_from_text(&arena, doc->path, doc->text, doc->len),
                             &diags, &len);
  json_object *edits = NULL;
  if (!text) {
    *err = (RpcError){RPC_REQUEST_FAILED, "the file has a syntax error: fix it to format"};
  } else {
    json_object *edit = json_object_new_object(), *range = json_object_new_object();
    json_object_object_add(range, "start", line_index_position(&doc->lines, doc->text, doc->len, 0));
    json_object_object_add(range, "end", line_index_position(&doc->lines, doc->text, doc->len,
                                                             (uint32_t)doc->len));
    json_object_object_add(edit, "range", range);
    json_object_object_add(edit, "newText", json_object_new_string_len(text, (int)len));
    edits = json_object_new_array();
    json_object_array_add(edits, edit);
  }
  free(text);
  arena_free(&arena);
  return edits;
}
