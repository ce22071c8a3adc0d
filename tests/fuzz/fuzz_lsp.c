/*
 * fuzz_lsp.c - polc lsp on random messages and edits: the input is opened
 * as a document, edited at positions its bytes choose, queried with every
 * request the server serves, and each of its lines is also handed to the
 * server as a JSON-RPC message.  Nothing may crash, leak or hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/lsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const requests[] = {
    "textDocument/hover", "textDocument/definition", "textDocument/references",
    "textDocument/completion", "textDocument/documentSymbol", "textDocument/formatting",
    "textDocument/rename", "textDocument/codeAction",
};

static void send(LspServer *s, json_object *msg) {
  const char *text = json_object_to_json_string(msg);
  lsp_handle(s, text, strlen(text));
  json_object_put(msg);
}

static json_object *position(int line, int character) {
  json_object *p = json_object_new_object();
  json_object_object_add(p, "line", json_object_new_int(line));
  json_object_object_add(p, "character", json_object_new_int(character));
  return p;
}

static json_object *message(const char *method, int id, json_object *params) {
  json_object *m = json_object_new_object();
  json_object_object_add(m, "jsonrpc", json_object_new_string("2.0"));
  if (id)
    json_object_object_add(m, "id", json_object_new_int(id));
  json_object_object_add(m, "method", json_object_new_string(method));
  json_object_object_add(m, "params", params);
  return m;
}

static json_object *doc_params(int line, int character) {
  json_object *p = json_object_new_object(), *td = json_object_new_object();
  json_object_object_add(td, "uri", json_object_new_string("file:///tmp/fuzz_lsp.pol"));
  json_object_object_add(p, "textDocument", td);
  json_object_object_add(p, "position", position(line, character));
  json_object *range = json_object_new_object();
  json_object_object_add(range, "start", position(line, 0));
  json_object_object_add(range, "end", position(line, character));
  json_object_object_add(p, "range", range);
  json_object_object_add(p, "newName", json_object_new_string("renamed"));
  return p;
}

static void open_doc(LspServer *s, const uint8_t *data, size_t size) {
  json_object *p = json_object_new_object(), *td = json_object_new_object();
  json_object_object_add(td, "uri", json_object_new_string("file:///tmp/fuzz_lsp.pol"));
  json_object_object_add(td, "text", json_object_new_string_len((const char *)data, (int)size));
  json_object_object_add(p, "textDocument", td);
  send(s, message("textDocument/didOpen", 0, p));
}

/* Inserts a piece of the input at a position it chooses. */
static void edit_doc(LspServer *s, const uint8_t *data, size_t size) {
  int line = size ? data[0] % 16 : 0, character = size > 1 ? data[1] % 40 : 0;
  json_object *p = doc_params(line, character), *change = json_object_new_object();
  json_object *changes = json_object_new_array();
  json_object_object_add(change, "range", json_object_get(lsp_get(p, "range")));
  json_object_object_add(change, "text", json_object_new_string_len(
                                             (const char *)data, (int)(size < 8 ? size : 8)));
  json_object_array_add(changes, change);
  json_object_object_add(p, "contentChanges", changes);
  send(s, message("textDocument/didChange", 0, p));
}

static void each_line(LspServer *s, const uint8_t *data, size_t size) {
  size_t start = 0;
  for (size_t i = 0; i <= size; i++)
    if (i == size || data[i] == '\n') {
      lsp_handle(s, (const char *)data + start, i - start);
      start = i + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *out = fopen("/dev/null", "w");
  if (!out)
    return 0;
  LspServer s;
  lsp_server_init(&s, out);
  send(&s, message("initialize", 1, json_object_new_object()));
  open_doc(&s, data, size);
  for (size_t r = 0; r < sizeof requests / sizeof requests[0]; r++) {
    size_t at = size ? (r * 7) % size : 0;
    int line = size ? data[at] % 24 : 0, character = size > at + 1 ? data[at + 1] % 60 : 0;
    send(&s, message(requests[r], (int)r + 2, doc_params(line, character)));
  }
  edit_doc(&s, data, size);
  lsp_flush(&s);
  each_line(&s, data, size);
  lsp_flush(&s);
  lsp_server_free(&s);
  fclose(out);
  return 0;
}
