/*
 * lsp.h - `polc lsp`: a Language Server over standard input and output
 * (JSON-RPC 2.0 messages framed by Content-Length headers).
 *
 * The server keeps the open documents in memory and compiles each one as
 * `polc check` does (unit_load_text + unit_check, imports resolved from the
 * document's own path), so an unsaved buffer is checked as it stands.
 *
 *   lsp.c              the command: the framing and the debounced loop
 *   lsp_protocol.c     JSON-RPC: parsing, dispatch, replies and errors
 *   lsp_docs.c         open documents, their edits, URIs, positions
 *   lsp_diagnostics.c  published diagnostics and their code actions
 *   lsp_index.c        every name and literal of a unit, with its place
 *   lsp_features.c     hover, definition, references, rename
 *   lsp_edit.c         completion, document symbols, formatting
 */
#ifndef POLC_LSP_H
#define POLC_LSP_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../compiler/unit.h"

/* Line starts of a text, for LSP positions (lines and UTF-16 units). */
typedef struct LineIndex {
  uint32_t *starts;
  int count;
} LineIndex;

typedef struct LspDoc {
  char *uri;
  char *path;          /* the file the URI names (imports are relative to it) */
  char *text;          /* malloc'd, NUL-terminated */
  size_t len;
  int64_t version;
  bool dirty;          /* changed since diagnostics were last published */
  Unit *unit;          /* compiled from `text`, or NULL until needed */
  LineIndex lines;
} LspDoc;

typedef struct LspServer {
  FILE *out;
  Arena arena;                    /* the stdlib folders */
  const char *const *stdlib;
  LspDoc **docs;
  int ndocs;
  bool initialized;
  bool shutdown;                  /* `shutdown` received */
  bool exit;                      /* `exit` received */
  bool write_failed;
} LspServer;

/* JSON-RPC error codes. */
enum {
  RPC_PARSE_ERROR = -32700, RPC_INVALID_REQUEST = -32600,
  RPC_METHOD_NOT_FOUND = -32601, RPC_INVALID_PARAMS = -32602,
  RPC_NOT_INITIALIZED = -32002, RPC_REQUEST_FAILED = -32803,
};

/* A failed request: its code and message (a static string). */
typedef struct RpcError {
  int code;
  const char *message;
} RpcError;

/* Documents larger than this are not compiled (the compiler's limit). */
enum { LSP_MAX_DOC = 16 * 1024 * 1024 };

void lsp_server_init(LspServer *server, FILE *out);
void lsp_server_free(LspServer *server);
/* Handles one message body (a JSON-RPC request or notification). */
void lsp_handle(LspServer *server, const char *body, size_t len);
/* Publishes the diagnostics of every document changed since last time. */
void lsp_flush(LspServer *server);
bool lsp_has_dirty(const LspServer *server);

/* --- lsp_protocol.c --------------------------------------------------- */
void lsp_send(LspServer *server, json_object *msg);   /* takes msg */
void lsp_reply_error(LspServer *server, json_object *id, int code, const char *message);
void lsp_notify(LspServer *server, const char *method, json_object *params);
json_object *lsp_get(json_object *obj, const char *key);
const char *lsp_get_string(json_object *obj, const char *key);
bool lsp_get_int(json_object *obj, const char *key, int64_t *out);

/* --- lsp_docs.c -------------------------------------------------------- */
json_object *lsp_did_open(LspServer *s, json_object *params, RpcError *err);
json_object *lsp_did_change(LspServer *s, json_object *params, RpcError *err);
json_object *lsp_did_close(LspServer *s, json_object *params, RpcError *err);
LspDoc *lsp_doc_find(LspServer *s, const char *uri);
/* The document params.textDocument names, or NULL with *err set. */
LspDoc *lsp_doc_of(LspServer *s, json_object *params, RpcError *err);
/* params.position as a byte offset into doc, or false with *err set. */
bool lsp_doc_offset(LspDoc *doc, json_object *params, uint32_t *offset, RpcError *err);
/* The document compiled (on demand), or NULL when it is too large. */
Unit *lsp_doc_unit(LspServer *s, LspDoc *doc);
void lsp_doc_free(LspDoc *doc);
char *lsp_uri_to_path(const char *uri);   /* malloc'd; NULL: not a file URI */
char *lsp_path_to_uri(const char *path);  /* malloc'd */
void line_index_build(LineIndex *index, const char *text, size_t len);
void line_index_free(LineIndex *index);
uint32_t line_index_offset(const LineIndex *index, const char *text, size_t len,
                           int64_t line, int64_t character);
json_object *line_index_position(const LineIndex *index, const char *text, size_t len,
                                 uint32_t offset);
/* {uri, range} of a span of any file of doc's unit. */
json_object *lsp_location(LspDoc *doc, Source *src, Span span);
json_object *lsp_range(LspDoc *doc, Source *src, Span span);

/* --- lsp_diagnostics.c ------------------------------------------------- */
void lsp_publish(LspServer *s, LspDoc *doc);
json_object *lsp_code_action(LspServer *s, json_object *params, RpcError *err);

/* --- lsp_index.c ------------------------------------------------------- */
typedef enum NameSpace {
  NS_VALUE, NS_RULE, NS_KIND, NS_INDICATOR, NS_MODULE, NS_LITERAL,
} NameSpace;

/* A name (or a literal) where it stands in a file of the unit. */
typedef struct Occurrence {
  NameSpace ns;
  const char *name;
  Source *src;
  Span span;
  bool is_decl;            /* the declaration itself */
  const Decl *decl;        /* the declaration it is in */
  const Expr *literal;     /* NS_LITERAL */
  const Import *import;    /* NS_MODULE */
} Occurrence;

/* Called for each occurrence; returns false to stop the walk. */
typedef bool (*OccurrenceFn)(const Occurrence *occ, void *ctx);
void lsp_walk(const Unit *unit, OccurrenceFn fn, void *ctx);
/* The occurrence at `offset` of the unit's main file. */
bool lsp_at(const Unit *unit, uint32_t offset, Occurrence *out);
/* The symbol an occurrence names (NULL for modules, literals, built-ins). */
Symbol *lsp_symbol(const Unit *unit, const Occurrence *occ);

/* --- lsp_features.c ---------------------------------------------------- */
json_object *lsp_hover(LspServer *s, json_object *params, RpcError *err);
json_object *lsp_definition(LspServer *s, json_object *params, RpcError *err);
json_object *lsp_references(LspServer *s, json_object *params, RpcError *err);
json_object *lsp_rename(LspServer *s, json_object *params, RpcError *err);

/* --- lsp_edit.c -------------------------------------------------------- */
json_object *lsp_completion(LspServer *s, json_object *params, RpcError *err);
json_object *lsp_document_symbols(LspServer *s, json_object *params, RpcError *err);
json_object *lsp_formatting(LspServer *s, json_object *params, RpcError *err);

#endif
