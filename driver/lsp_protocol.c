/*
 * lsp_protocol.c - JSON-RPC 2.0 for `polc lsp`: a message is parsed,
 * checked, dispatched through the table of methods, and answered.  A
 * malformed message gets an error reply (or is dropped when it is a
 * notification), never a crash.
 */
#include <string.h>

#include "../compiler/stdlib_path.h"
#include "lsp.h"

typedef json_object *(*Handler)(LspServer *s, json_object *params, RpcError *err);

static json_object *initialize(LspServer *s, json_object *params, RpcError *err);
static json_object *initialized(LspServer *s, json_object *params, RpcError *err);
static json_object *shutdown_request(LspServer *s, json_object *params, RpcError *err);
static json_object *exit_notification(LspServer *s, json_object *params, RpcError *err);

static const struct {
  const char *method;
  Handler run;
} methods[] = {
    {"initialize", initialize},
    {"initialized", initialized},
    {"shutdown", shutdown_request},
    {"exit", exit_notification},
    {"textDocument/didOpen", lsp_did_open},
    {"textDocument/didChange", lsp_did_change},
    {"textDocument/didClose", lsp_did_close},
    {"textDocument/hover", lsp_hover},
    {"textDocument/definition", lsp_definition},
    {"textDocument/references", lsp_references},
    {"textDocument/rename", lsp_rename},
    {"textDocument/completion", lsp_completion},
    {"textDocument/documentSymbol", lsp_document_symbols},
    {"textDocument/formatting", lsp_formatting},
    {"textDocument/codeAction", lsp_code_action},
};

void lsp_server_init(LspServer *server, FILE *out) {
  memset(server, 0, sizeof *server);
  server->out = out;
  arena_init(&server->arena);
  server->stdlib = stdlib_dirs(&server->arena);
}

void lsp_server_free(LspServer *server) {
  for (int i = 0; i < server->ndocs; i++)
    lsp_doc_free(server->docs[i]);
  free(server->docs);
  arena_free(&server->arena);
}

/* --- reading ------------------------------------------------------------ */

json_object *lsp_get(json_object *obj, const char *key) {
  json_object *v = NULL;
  if (!obj || !json_object_is_type(obj, json_type_object))
    return NULL;
  return json_object_object_get_ex(obj, key, &v) ? v : NULL;
}

const char *lsp_get_string(json_object *obj, const char *key) {
  json_object *v = lsp_get(obj, key);
  return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

bool lsp_get_int(json_object *obj, const char *key, int64_t *out) {
  json_object *v = lsp_get(obj, key);
  if (!v || !json_object_is_type(v, json_type_int))
    return false;
  *out = json_object_get_int64(v);
  return true;
}

/* --- writing ------------------------------------------------------------ */

void lsp_send(LspServer *server, json_object *msg) {
  size_t len = 0;
  const char *text = json_object_to_json_string_length(
      msg, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
  if (fprintf(server->out, "Content-Length: %zu\r\n\r\n", len) < 0 ||
      fwrite(text, 1, len, server->out) != len || fflush(server->out) != 0)
    server->write_failed = true;
  json_object_put(msg);
}

static json_object *envelope(json_object *id) {
  json_object *msg = json_object_new_object();
  json_object_object_add(msg, "jsonrpc", json_object_new_string("2.0"));
  json_object_object_add(msg, "id", id ? json_object_get(id) : NULL);
  return msg;
}

void lsp_reply_error(LspServer *server, json_object *id, int code, const char *message) {
  json_object *msg = envelope(id), *error = json_object_new_object();
  json_object_object_add(error, "code", json_object_new_int(code));
  json_object_object_add(error, "message", json_object_new_string(message));
  json_object_object_add(msg, "error", error);
  lsp_send(server, msg);
}

static void reply(LspServer *server, json_object *id, json_object *result) {
  json_object *msg = envelope(id);
  json_object_object_add(msg, "result", result);
  lsp_send(server, msg);
}

void lsp_notify(LspServer *server, const char *method, json_object *params) {
  json_object *msg = json_object_new_object();
  json_object_object_add(msg, "jsonrpc", json_object_new_string("2.0"));
  json_object_object_add(msg, "method", json_object_new_string(method));
  json_object_object_add(msg, "params", params);
  lsp_send(server, msg);
}

/* --- life cycle ---------------------------------------------------------- */

static json_object *capabilities(void) {
  json_object *caps = json_object_new_object(), *sync = json_object_new_object();
  json_object_object_add(sync, "openClose", json_object_new_boolean(1));
  json_object_object_add(sync, "change", json_object_new_int(2));   /* incremental */
  json_object_object_add(caps, "textDocumentSync", sync);
  const char *flags[] = {"hoverProvider", "definitionProvider", "referencesProvider",
                         "renameProvider", "documentSymbolProvider",
                         "documentFormattingProvider"};
  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
    json_object_object_add(caps, flags[i], json_object_new_boolean(1));
  json_object *completion = json_object_new_object(), *kinds = json_object_new_array();
  json_object_object_add(completion, "triggerCharacters", json_object_new_array());
  json_object_object_add(caps, "completionProvider", completion);
  json_object *actions = json_object_new_object();
  json_object_array_add(kinds, json_object_new_string("quickfix"));
  json_object_object_add(actions, "codeActionKinds", kinds);
  json_object_object_add(caps, "codeActionProvider", actions);
  return caps;
}

static json_object *initialize(LspServer *s, json_object *params, RpcError *err) {
  (void)params, (void)err;
  s->initialized = true;
  json_object *result = json_object_new_object(), *info = json_object_new_object();
  json_object_object_add(result, "capabilities", capabilities());
  json_object_object_add(info, "name", json_object_new_string("polc"));
  json_object_object_add(info, "version", json_object_new_string(POLC_VERSION));
  json_object_object_add(result, "serverInfo", info);
  return result;
}

static json_object *initialized(LspServer *s, json_object *params, RpcError *err) {
  (void)s, (void)params, (void)err;
  return NULL;
}

static json_object *shutdown_request(LspServer *s, json_object *params, RpcError *err) {
  (void)params, (void)err;
  s->shutdown = true;
  return NULL;
}

static json_object *exit_notification(LspServer *s, json_object *params, RpcError *err) {
  (void)params, (void)err;
  s->exit = true;
  return NULL;
}

/* --- dispatch ------------------------------------------------------------ */

static Handler find_method(const char *method) {
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
    if (strcmp(methods[i].method, method) == 0)
      return methods[i].run;
  return NULL;
}

/* Why a request may not run now, or NULL. */
static const char *refused(const LspServer *s, const char *method, int *code) {
  bool lifecycle = strcmp(method, "initialize") == 0 || strcmp(method, "exit") == 0;
  if (!s->initialized && !lifecycle) {
    *code = RPC_NOT_INITIALIZED;
    return "the server is not initialized yet: send `initialize` first";
  }
  if (s->shutdown && strcmp(method, "exit") != 0) {
    *code = RPC_INVALID_REQUEST;
    return "the server is shutting down: only `exit` is accepted";
  }
  return NULL;
}

static void dispatch(LspServer *s, json_object *msg) {
  json_object *id = lsp_get(msg, "id");
  const char *method = lsp_get_string(msg, "method");
  bool valid_id = !id || json_object_is_type(id, json_type_int) ||
                  json_object_is_type(id, json_type_string);
  const char *version = lsp_get_string(msg, "jsonrpc");
  if (!method || !valid_id || !version || strcmp(version, "2.0") != 0) {
    if (id || !method)
      lsp_reply_error(s, valid_id ? id : NULL, RPC_INVALID_REQUEST,
                      "not a JSON-RPC 2.0 request: it needs \"jsonrpc\": \"2.0\", "
                      "a \"method\" string and a number or string \"id\"");
    return;
  }
  int code = 0;
  const char *why = refused(s, method, &code);
  Handler run = find_method(method);
  if (why || !run) {
    if (id)
      lsp_reply_error(s, id, why ? code : RPC_METHOD_NOT_FOUND,
                      why ? why : "polc lsp does not know this method");
    return;
  }
  RpcError err = {0, NULL};
  json_object *result = run(s, lsp_get(msg, "params"), &err);
  if (!id) {
    json_object_put(result);
    return;
  }
  if (err.code) {
    json_object_put(result);
    lsp_reply_error(s, id, err.code, err.message);
  } else {
    reply(s, id, result);
  }
}

void lsp_handle(LspServer *server, const char *body, size_t len) {
  json_tokener *tok = json_tokener_new_ex(64);
  json_object *msg = tok ? json_tokener_parse_ex(tok, body, (int)len) : NULL;
  bool complete = tok && json_tokener_get_error(tok) == json_tokener_success &&
                  (size_t)json_tokener_get_parse_end(tok) == len;
  if (!msg || !complete)
    lsp_reply_error(server, NULL, RPC_PARSE_ERROR,
                    "the message is not valid JSON (or more than one value)");
  else if (!json_object_is_type(msg, json_type_object))
    lsp_reply_error(server, NULL, RPC_INVALID_REQUEST,
                    "a JSON-RPC message is an object (batches are not used by LSP)");
  else
    dispatch(server, msg);
  json_object_put(msg);
  if (tok)
    json_tokener_free(tok);
}
