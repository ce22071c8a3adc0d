/*
 * lsp_diagnostics.c - what `polc check` says of a document, published as
 * LSP diagnostics (notes as related information, the hint in the message),
 * and the exact fixes diagnostics carry (Diag.fix_text) as code actions.
 */
#include <string.h>

#include "lsp.h"

static json_object *too_large(LspDoc *doc) {
  json_object *d = json_object_new_object(), *range = json_object_new_object();
  json_object *pos = line_index_position(&doc->lines, doc->text, doc->len, 0);
  json_object_object_add(range, "start", pos);
  json_object_object_add(range, "end", json_object_get(pos));
  json_object_object_add(d, "range", range);
  json_object_object_add(d, "severity", json_object_new_int(1));
  json_object_object_add(d, "code", json_object_new_string("file-too-large"));
  json_object_object_add(d, "source", json_object_new_string("polc"));
  json_object_object_add(d, "message",
                         json_object_new_string("the file is larger than 16 MiB, "
                                                "polc's limit for a source file"));
  return d;
}

static json_object *related(LspDoc *doc, const Diag *parent) {
  json_object *list = json_object_new_array();
  const PtrVec *items = &doc->unit->diags.items;
  for (int i = 0; i < items->len; i++) {
    const Diag *note = items->items[i];
    if (note->parent != parent)
      continue;
    json_object *info = json_object_new_object();
    json_object_object_add(info, "location", lsp_location(doc, note->src, note->span));
    json_object_object_add(info, "message", json_object_new_string(note->message));
    json_object_array_add(list, info);
  }
  return list;
}

static json_object *diagnostic(LspDoc *doc, const Diag *d) {
  json_object *o = json_object_new_object();
  json_object_object_add(o, "range", lsp_range(doc, d->src, d->span));
  json_object_object_add(o, "severity",
                         json_object_new_int(d->severity == SEV_ERROR ? 1 : 2));
  json_object_object_add(o, "code", json_object_new_string(d->code ? d->code : "error"));
  json_object_object_add(o, "source", json_object_new_string("polc"));
  const char *message = d->message;
  if (d->hint)
    message = arena_printf(&doc->unit->arena, "%s\nhint: %s", d->message, d->hint);
  json_object_object_add(o, "message", json_object_new_string(message));
  json_object *notes = related(doc, d);
  if (json_object_array_length(notes) > 0)
    json_object_object_add(o, "relatedInformation", notes);
  else
    json_object_put(notes);
  return o;
}

void lsp_publish(LspServer *s, LspDoc *doc) {
  json_object *list = json_object_new_array();
  Unit *unit = lsp_doc_unit(s, doc);
  if (!unit) {
    json_object_array_add(list, too_large(doc));
  } else {
    diags_sort(&unit->diags);
    for (int i = 0; i < unit->diags.items.len; i++) {
      const Diag *d = unit->diags.items.items[i];
      if (d->severity != SEV_NOTE && d->src == unit->main->src)
        json_object_array_add(list, diagnostic(doc, d));
    }
  }
  json_object *params = json_object_new_object();
  json_object_object_add(params, "uri", json_object_new_string(doc->uri));
  json_object_object_add(params, "version", json_object_new_int64(doc->version));
  json_object_object_add(params, "diagnostics", list);
  lsp_notify(s, "textDocument/publishDiagnostics", params);
}

/* --- code actions ----------------------------------------------------------- */

static bool overlaps(Span a, uint32_t begin, uint32_t end) {
  return a.begin <= end && begin <= a.end;
}

static json_object *fix_action(LspDoc *doc, const Diag *d) {
  json_object *edit = json_object_new_object(), *edits = json_object_new_array();
  json_object_object_add(edit, "range", lsp_range(doc, d->src, d->fix_span));
  json_object_object_add(edit, "newText", json_object_new_string(d->fix_text));
  json_object_array_add(edits, edit);
  json_object *changes = json_object_new_object(), *ws = json_object_new_object();
  json_object_object_add(changes, doc->uri, edits);
  json_object_object_add(ws, "changes", changes);
  json_object *action = json_object_new_object();
  const char *title = d->fix_text[0]
                          ? arena_printf(&doc->unit->arena, "polc: write `%s`", d->fix_text)
                          : "polc: delete it";
  json_object_object_add(action, "title", json_object_new_string(title));
  json_object_object_add(action, "kind", json_object_new_string("quickfix"));
  json_object_object_add(action, "isPreferred", json_object_new_boolean(1));
  json_object_object_add(action, "edit", ws);
  json_object *fixes = json_object_new_array();
  json_object_array_add(fixes, diagnostic(doc, d));
  json_object_object_add(action, "diagnostics", fixes);
  return action;
}

json_object *lsp_code_action(LspServer *s, json_object *params, RpcError *err) {
  LspDoc *doc = lsp_doc_of(s, params, err);
  json_object *range = lsp_get(params, "range");
  int64_t l0, c0, l1, c1;
  if (!doc)
    return NULL;
  if (!lsp_get_int(lsp_get(range, "start"), "line", &l0) ||
      !lsp_get_int(lsp_get(range, "start"), "character", &c0) ||
      !lsp_get_int(lsp_get(range, "end"), "line", &l1) ||
      !lsp_get_int(lsp_get(range, "end"), "character", &c1)) {
    *err = (RpcError){RPC_INVALID_PARAMS, "codeAction needs a range"};
    return NULL;
  }
  uint32_t begin = line_index_offset(&doc->lines, doc->text, doc->len, l0, c0);
  uint32_t end = line_index_offset(&doc->lines, doc->text, doc->len, l1, c1);
  json_object *actions = json_object_new_array();
  Unit *unit = lsp_doc_unit(s, doc);
  for (int i = 0; unit && i < unit->diags.items.len; i++) {
    const Diag *d = unit->diags.items.items[i];
    if (d->fix_text && d->src == unit->main->src && overlaps(d->span, begin, end))
      json_object_array_add(actions, fix_action(doc, d));
  }
  return actions;
}
