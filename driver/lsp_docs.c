/*
 * lsp_docs.c - the documents open in the editor: their text as edited
 * (full or incremental changes), their URIs, LSP positions (a line and a
 * column in UTF-16 code units) and the unit each compiles to.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lsp.h"

/* --- URIs ---------------------------------------------------------------- */

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char *lsp_uri_to_path(const char *uri) {
  if (strncmp(uri, "file://", 7) != 0)
    return NULL;
  const char *p = uri + 7;
  char *path = xmalloc(strlen(p) + 1), *o = path;
  for (; *p; p++) {
    int hi, lo;
    if (*p == '%' && (hi = hex_value(p[1])) >= 0 && (lo = hex_value(p[2])) >= 0) {
      *o++ = (char)(hi * 16 + lo);
      p += 2;
    } else {
      *o++ = *p;
    }
  }
  *o = '\0';
  if (path[0] != '/' || strlen(path) != (size_t)(o - path)) {   /* NUL inside */
    free(path);
    return NULL;
  }
  return path;
}

char *lsp_path_to_uri(const char *path) {
  char real[PATH_MAX];
  if (realpath(path, real))
    path = real;
  char *uri = xmalloc(strlen(path) * 3 + 8), *o = uri;
  o += sprintf(o, "file://");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("/-_.~", *p))
      *o++ = (char)*p;
    else
      o += sprintf(o, "%%%02X", *p);
  }
  *o = '\0';
  return uri;
}

/* --- positions ----------------------------------------------------------- */

void line_index_build(LineIndex *index, const char *text, size_t len) {
  int cap = 64;
  index->starts = xmalloc(sizeof *index->starts * (size_t)cap);
  index->starts[0] = 0;
  index->count = 1;
  for (size_t i = 0; i < len; i++) {
    if (!source_is_line_end(text, i, len))
      continue;
    if (index->count == cap) {
      cap *= 2;
      index->starts = xrealloc(index->starts, sizeof *index->starts * (size_t)cap);
    }
    index->starts[index->count++] = (uint32_t)(i + 1);
  }
}

void line_index_free(LineIndex *index) {
  free(index->starts);
  index->starts = NULL;
  index->count = 0;
}

/* Bytes of the UTF-8 sequence starting with `c` (1 for a stray byte). */
static int utf8_width(unsigned char c) {
  return c >= 0xF0 && c < 0xF8 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static bool at_line_end(const char *text, size_t len, size_t i) {
  return i >= len || text[i] == '\n' || text[i] == '\r';
}

uint32_t line_index_offset(const LineIndex *index, const char *text, size_t len,
                           int64_t line, int64_t character) {
  if (line < 0)
    return 0;
  if (line >= index->count)
    return (uint32_t)len;
  size_t i = index->starts[line];
  for (int64_t units = 0; units < character && !at_line_end(text, len, i);) {
    int w = utf8_width((unsigned char)text[i]);
    units += w == 4 ? 2 : 1;
    i += (size_t)w;
  }
  return (uint32_t)(i < len ? i : len);
}

json_object *line_index_position(const LineIndex *index, const char *text, size_t len,
                                 uint32_t offset) {
  if (offset > len)
    offset = (uint32_t)len;
  int lo = 0, hi = index->count - 1;
  while (lo < hi) {   /* the last line starting at or before offset */
    int mid = (lo + hi + 1) / 2;
    if (index->starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  int64_t units = 0;
  for (size_t i = index->starts[lo]; i < offset;) {
    int w = utf8_width((unsigned char)text[i]);
    units += w == 4 ? 2 : 1;
    i += (size_t)w;
  }
  json_object *pos = json_object_new_object();
  json_object_object_add(pos, "line", json_object_new_int(lo));
  json_object_object_add(pos, "character", json_object_new_int64(units));
  return pos;
}

json_object *lsp_range(LspDoc *doc, Source *src, Span span) {
  LineIndex other = {0};
  const LineIndex *index = &doc->lines;
  if (!doc->unit || src != doc->unit->main->src) {
    line_index_build(&other, src->text, src->len);
    index = &other;
  }
  json_object *range = json_object_new_object();
  json_object_object_add(range, "start", line_index_position(index, src->text, src->len,
                                                             span.begin));
  json_object_object_add(range, "end", line_index_position(index, src->text, src->len,
                                                           span.end));
  line_index_free(&other);
  return range;
}

json_object *lsp_location(LspDoc *doc, Source *src, Span span) {
  json_object *loc = json_object_new_object();
  bool main = doc->unit && src == doc->unit->main->src;
  char *uri = main ? NULL : lsp_path_to_uri(src->path);
  json_object_object_add(loc, "uri", json_object_new_string(main ? doc->uri : uri));
  json_object_object_add(loc, "range", lsp_range(doc, src, span));
  free(uri);
  return loc;
}

/* --- documents ------------------------------------------------------------ */

LspDoc *lsp_doc_find(LspServer *s, const char *uri) {
  for (int i = 0; i < s->ndocs; i++)
    if (strcmp(s->docs[i]->uri, uri) == 0)
      return s->docs[i];
  return NULL;
}

LspDoc *lsp_doc_of(LspServer *s, json_object *params, RpcError *err) {
  const char *uri = lsp_get_string(lsp_get(params, "textDocument"), "uri");
  LspDoc *doc = uri ? lsp_doc_find(s, uri) : NULL;
  if (!doc)
    *err = (RpcError){RPC_INVALID_PARAMS, uri ? "the document is not open"
                                              : "params.textDocument.uri is missing"};
  return doc;
}

bool lsp_doc_offset(LspDoc *doc, json_object *params, uint32_t *offset, RpcError *err) {
  json_object *pos = lsp_get(params, "position");
  int64_t line, character;
  if (!lsp_get_int(pos, "line", &line) || !lsp_get_int(pos, "character", &character)) {
    *err = (RpcError){RPC_INVALID_PARAMS, "params.position needs line and character"};
    return false;
  }
  *offset = line_index_offset(&doc->lines, doc->text, doc->len, line, character);
  return true;
}

/* The document's text changed: the index is rebuilt, the unit dropped. */
static void text_changed(LspDoc *doc) {
  line_index_free(&doc->lines);
  line_index_build(&doc->lines, doc->text, doc->len);
  unit_free(doc->unit);
  doc->unit = NULL;
  doc->dirty = true;
}

Unit *lsp_doc_unit(LspServer *s, LspDoc *doc) {
  if (doc->unit || doc->len > LSP_MAX_DOC)
    return doc->unit;
  doc->unit = unit_new(s->stdlib);
  unit_load_text(doc->unit, doc->path, doc->text, doc->len);
  unit_check(doc->unit);
  return doc->unit;
}

void lsp_doc_free(LspDoc *doc) {
  if (!doc)
    return;
  unit_free(doc->unit);
  line_index_free(&doc->lines);
  free(doc->uri);
  free(doc->path);
  free(doc->text);
  free(doc);
}

static void set_text(LspDoc *doc, const char *text, size_t len) {
  free(doc->text);
  doc->text = xmalloc(len + 1);
  memcpy(doc->text, text, len);
  doc->text[len] = '\0';
  doc->len = len;
  text_changed(doc);
}

json_object *lsp_did_open(LspServer *s, json_object *params, RpcError *err) {
  json_object *item = lsp_get(params, "textDocument"), *text = lsp_get(item, "text");
  const char *uri = lsp_get_string(item, "uri");
  if (!uri || !text || !json_object_is_type(text, json_type_string)) {
    *err = (RpcError){RPC_INVALID_PARAMS, "didOpen needs textDocument.uri and .text"};
    return NULL;
  }
  LspDoc *doc = lsp_doc_find(s, uri);
  if (!doc) {
    doc = xcalloc(1, sizeof *doc);
    doc->uri = xmalloc(strlen(uri) + 1);
    strcpy(doc->uri, uri);
    char *path = lsp_uri_to_path(uri);
    doc->path = path ? path : strcpy(xmalloc(13), "untitled.pol");
    s->docs = xrealloc(s->docs, sizeof *s->docs * (size_t)(s->ndocs + 1));
    s->docs[s->ndocs++] = doc;
  }
  lsp_get_int(item, "version", &doc->version);
  set_text(doc, json_object_get_string(text), (size_t)json_object_get_string_len(text));
  return NULL;
}

/* Applies one contentChange: a range and its new text, or the whole text. */
static bool apply_change(LspDoc *doc, json_object *change) {
  json_object *text = lsp_get(change, "text"), *range = lsp_get(change, "range");
  if (!text || !json_object_is_type(text, json_type_string))
    return false;
  const char *t = json_object_get_string(text);
  size_t tlen = (size_t)json_object_get_string_len(text);
  if (!range) {
    set_text(doc, t, tlen);
    return true;
  }
  json_object *start = lsp_get(range, "start"), *end = lsp_get(range, "end");
  int64_t l0, c0, l1, c1;
  if (!lsp_get_int(start, "line", &l0) || !lsp_get_int(start, "character", &c0) ||
      !lsp_get_int(end, "line", &l1) || !lsp_get_int(end, "character", &c1))
    return false;
  size_t b = line_index_offset(&doc->lines, doc->text, doc->len, l0, c0);
  size_t e = line_index_offset(&doc->lines, doc->text, doc->len, l1, c1);
  if (e < b)
    e = b;
  size_t len = doc->len - (e - b) + tlen;
  char *next = xmalloc(len + 1);
  memcpy(next, doc->text, b);
  memcpy(next + b, t, tlen);
  memcpy(next + b + tlen, doc->text + e, doc->len - e);
  next[len] = '\0';
  free(doc->text);
  doc->text = next;
  doc->len = len;
  text_changed(doc);
  return true;
}

json_object *lsp_did_change(LspServer *s, json_object *params, RpcError *err) {
  LspDoc *doc = lsp_doc_of(s, params, err);
  json_object *changes = lsp_get(params, "contentChanges");
  if (!doc)
    return NULL;
  if (!changes || !json_object_is_type(changes, json_type_array)) {
    *err = (RpcError){RPC_INVALID_PARAMS, "didChange needs contentChanges"};
    return NULL;
  }
  lsp_get_int(lsp_get(params, "textDocument"), "version", &doc->version);
  for (size_t i = 0; i < json_object_array_length(changes); i++)
    if (!apply_change(doc, json_object_array_get_idx(changes, i)))
      *err = (RpcError){RPC_INVALID_PARAMS, "a content change needs text (and a range)"};
  return NULL;
}

json_object *lsp_did_close(LspServer *s, json_object *params, RpcError *err) {
  LspDoc *doc = lsp_doc_of(s, params, err);
  if (!doc)
    return NULL;
  json_object *clear = json_object_new_object();
  json_object_object_add(clear, "uri", json_object_new_string(doc->uri));
  json_object_object_add(clear, "diagnostics", json_object_new_array());
  lsp_notify(s, "textDocument/publishDiagnostics", clear);
  for (int i = 0; i < s->ndocs; i++)
    if (s->docs[i] == doc)
      s->docs[i] = s->docs[--s->ndocs];
  lsp_doc_free(doc);
  return NULL;
}

bool lsp_has_dirty(const LspServer *server) {
  for (int i = 0; i < server->ndocs; i++)
    if (server->docs[i]->dirty)
      return true;
  return false;
}

void lsp_flush(LspServer *server) {
  for (int i = 0; i < server->ndocs; i++)
    if (server->docs[i]->dirty) {
      server->docs[i]->dirty = false;
      lsp_publish(server, server->docs[i]);
    }
}
