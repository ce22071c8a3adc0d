/*
 * jsonl_reader.c - JSON Lines registries: one JSON object per line, its keys
 * column names.  A string value is a cell (escapes decoded, \uXXXX pairs
 * joined into UTF-8); a number's text is a cell; true/false fit a bool
 * column; null is an empty cell; an array or object fits no column.
 * Blank lines are skipped; unknown keys are ignored; a missing key is an
 * absent column for that row.
 *
 * Each line is read in two passes: the first checks that it is valid JSON
 * without changing it (so a bad line is reported once, before any of its
 * cells), the second walks the members and decodes strings in place (a
 * decoded string is never longer than its escaped form).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "registry_impl.h"

enum { MAX_DEPTH = 512 };   /* nesting the validator follows before giving up */

struct JsonlReader {
  size_t pos;         /* start of the next line in reg->in.buf */
  long line;          /* its physical line number */
  bool *seen;         /* [schema count]: column named in this object */
};

/* A cursor over one line, with its first syntax error. */
typedef struct Json {
  char *p;
  size_t len;
  size_t i;
  const char *error;
  size_t error_at;
} Json;

/* ---- finding lines ---- */

/* Finds the next line whole, reading blocks as needed.  A line that
 * outgrows the largest buffer is skipped to its end. */
static RecordEnd find_line(Registry *reg, Record *rec) {
  struct JsonlReader *j = reg->jsonl;
  RegInput *in = &reg->in;
  bool too_long = false;
  size_t i = j->pos;
  for (;;) {
    char *nl = memchr(in->buf + i, '\n', in->len - i);
    if (nl) {
      i = (size_t)(nl - in->buf);
      break;
    }
    i = in->len;
    size_t keep = too_long ? i : j->pos;   /* skipping: keep nothing */
    size_t n = reg_input_more(reg, keep);
    i -= keep;
    j->pos = 0;
    if (n == REG_INPUT_FULL)
      too_long = true;
    else if (n == 0)
      break;
  }
  bool at_end = i == in->len;
  rec->ptr = in->buf + j->pos;
  rec->len = i - j->pos;
  rec->line = j->line++;
  rec->unclosed = false;
  j->pos = at_end ? i : i + 1;
  if (at_end && rec->len == 0 && !too_long)
    return REC_NONE;   /* (a skipped record keeps no bytes, yet it was there) */
  if (rec->len > 0 && rec->ptr[rec->len - 1] == '\r')
    rec->len--;   /* CRLF: the CR is the line end's, not the object's */
  if (too_long || rec->len > reg->max_record)
    return REC_TOO_LONG;   /* found whole, but over the limit all the same */
  return REC_OK;
}

/* ---- pass 1: validation ---- */

static bool fail(Json *js, const char *why) {
  if (!js->error) {
    js->error = why;
    js->error_at = js->i;
  }
  return false;
}

static void skip_ws(Json *js) {
  while (js->i < js->len && (js->p[js->i] == ' ' || js->p[js->i] == '\t' ||
                             js->p[js->i] == '\r' || js->p[js->i] == '\n'))
    js->i++;
}

static bool at(const Json *js, char c) {
  return js->i < js->len && js->p[js->i] == c;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The code unit of "\uXXXX" at p[i], or -1 when it is not one. */
static long unicode_escape(const Json *js, size_t i) {
  if (i + 6 > js->len || js->p[i] != '\\' || js->p[i + 1] != 'u')
    return -1;
  long unit = 0;
  for (size_t k = 2; k < 6; k++) {
    int h = hex_value(js->p[i + k]);
    if (h < 0)
      return -1;
    unit = unit * 16 + h;
  }
  return unit;
}

/* A \u escape at js->i: alone, or a high surrogate followed by a low one. */
static bool skip_unicode(Json *js) {
  long unit = unicode_escape(js, js->i);
  if (unit < 0)
    return fail(js, "\\u must be followed by four hex digits");
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return fail(js, "a low surrogate without a high one");
  js->i += 6;
  if (unit < 0xD800 || unit > 0xDBFF)
    return true;
  long low = unicode_escape(js, js->i);
  if (low < 0xDC00 || low > 0xDFFF)
    return fail(js, "a high surrogate without a low one");
  js->i += 6;
  return true;
}

static bool skip_escape(Json *js) {
  if (js->i + 1 >= js->len)
    return fail(js, "unterminated string");
  if (js->p[js->i + 1] == 'u')
    return skip_unicode(js);
  if (!strchr("\"\\/bfnrt", js->p[js->i + 1]) || js->p[js->i + 1] == '\0')
    return fail(js, "unknown escape");
  js->i += 2;
  return true;
}

/* string = '"' (char | escape)* '"' */
static bool skip_string(Json *js) {
  js->i++;
  for (;;) {
    if (js->i >= js->len)
      return fail(js, "unterminated string");
    unsigned char c = (unsigned char)js->p[js->i];
    if (c == '"') {
      js->i++;
      return true;
    }
    if (c < 0x20)
      return fail(js, "control character in a string");
    if (c == '\\') {
      if (!skip_escape(js))
        return false;
    } else {
      js->i++;
    }
  }
}

static bool skip_digits(Json *js) {
  size_t start = js->i;
  while (js->i < js->len && js->p[js->i] >= '0' && js->p[js->i] <= '9')
    js->i++;
  return js->i > start || fail(js, "a digit is expected");
}

/* number = '-'? ('0' | [1-9][0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)? */
static bool skip_number(Json *js) {
  if (at(js, '-'))
    js->i++;
  if (at(js, '0'))
    js->i++;
  else if (!skip_digits(js))
    return false;
  if (at(js, '.')) {
    js->i++;
    if (!skip_digits(js))
      return false;
  }
  if (at(js, 'e') || at(js, 'E')) {
    js->i++;
    if (at(js, '+') || at(js, '-'))
      js->i++;
    if (!skip_digits(js))
      return false;
  }
  return true;
}

static bool skip_word(Json *js, const char *word) {
  size_t n = strlen(word);
  if (js->len - js->i < n || memcmp(js->p + js->i, word, n) != 0)
    return fail(js, "a value is expected");
  js->i += n;
  return true;
}

static bool skip_value(Json *js, int depth);

/* array = '[' (value (',' value)*)? ']';  object = '{' (string ':' value
 * (',' string ':' value)*)? '}' */
static bool skip_container(Json *js, int depth) {
  char close = js->p[js->i] == '[' ? ']' : '}';
  if (depth >= MAX_DEPTH)
    return fail(js, "nested too deeply");
  js->i++;
  skip_ws(js);
  if (at(js, close)) {
    js->i++;
    return true;
  }
  for (;;) {
    if (close == '}') {
      if (!at(js, '"'))
        return fail(js, "a key (a string) is expected");
      if (!skip_string(js))
        return false;
      skip_ws(js);
      if (!at(js, ':'))
        return fail(js, "':' is expected");
      js->i++;
    }
    if (!skip_value(js, depth + 1))
      return false;
    if (at(js, close)) {
      js->i++;
      return true;
    }
    if (!at(js, ','))
      return fail(js, close == '}' ? "',' or '}' is expected"
                                   : "',' or ']' is expected");
    js->i++;
    skip_ws(js);
  }
}

/* value = ws (string | number | object | array | true | false | null) ws */
static bool skip_value(Json *js, int depth) {
  skip_ws(js);
  if (js->i >= js->len)
    return fail(js, "a value is expected");
  char c = js->p[js->i];
  bool ok;
  if (c == '"')
    ok = skip_string(js);
  else if (c == '-' || (c >= '0' && c <= '9'))
    ok = skip_number(js);
  else if (c == '[' || c == '{')
    ok = skip_container(js, depth);
  else if (c == 't')
    ok = skip_word(js, "true");
  else if (c == 'f')
    ok = skip_word(js, "false");
  else
    ok = skip_word(js, "null");
  skip_ws(js);
  return ok;
}

/* ---- pass 2: cells ---- */

static size_t put_utf8(char *out, uint32_t cp) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Decodes the escape at js->i (valid: pass 1 checked it) into out. */
static size_t decode_escape(Json *js, char *out) {
  char e = js->p[js->i + 1];
  if (e != 'u') {
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    js->i += 2;
    *out = to[strchr(from, e) - from];
    return 1;
  }
  uint32_t cp = (uint32_t)unicode_escape(js, js->i);
  js->i += 6;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    uint32_t low = (uint32_t)unicode_escape(js, js->i);
    js->i += 6;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  return put_utf8(out, cp);
}

/* Decodes the string at js->i in place; its text starts after the quote. */
static TextRef decode_string(Json *js) {
  js->i++;
  char *start = js->p + js->i, *w = start;
  while (js->p[js->i] != '"') {
    if (js->p[js->i] == '\\')
      w += decode_escape(js, w);
    else
      *w++ = js->p[js->i++];
  }
  js->i++;
  return (TextRef){start, (int64_t)(w - start)};
}

/* The value of a known key: a cell of schema column `col`. */
static void read_value(Registry *reg, Json *js, long line, int col) {
  struct JsonlReader *j = reg->jsonl;
  const char *name = reg->schema->columns[col].name;
  char c = js->p[js->i];
  if (j->seen[col]) {
    reg_report(reg, line, "column %s appears twice", name);
    reg->row_ok = false;
    skip_value(js, 0);
    return;
  }
  j->seen[col] = true;
  if (c == '"') {
    TextRef s = decode_string(js);
    reg_row_cell(reg, line, col, s.ptr, (size_t)s.len, CELL_PLAIN);
    return;
  }
  size_t start = js->i;
  skip_value(js, 0);
  size_t end = js->i;
  while (end > start && (js->p[end - 1] == ' ' || js->p[end - 1] == '\t' ||
                         js->p[end - 1] == '\r'))
    end--;   /* skip_value also took the blanks after the value */
  if (c == 'n')
    return;   /* null: the column's default */
  CellForm form = c == 't' || c == 'f' ? CELL_JSON_BOOL
                : c == '[' || c == '{' ? CELL_NESTED : CELL_PLAIN;
  reg_row_cell(reg, line, col, js->p + start, end - start, form);
}

/* Walks the members of the (valid) object at js->i. */
static void read_members(Registry *reg, Json *js, long line) {
  js->i++;
  skip_ws(js);
  if (at(js, '}'))
    return;
  for (;;) {
    TextRef key = decode_string(js);
    skip_ws(js);
    js->i++;   /* ':' */
    skip_ws(js);
    int col = reg_find_column(reg, key.ptr, (size_t)key.len);
    if (col >= 0)
      read_value(reg, js, line, col);
    else
      skip_value(js, 0);
    skip_ws(js);
    if (at(js, '}'))
      return;
    js->i++;   /* ',' */
    skip_ws(js);
  }
}

/* One non-blank line: an object, its first byte at js->i. */
static RegistryStatus read_object(Registry *reg, Json *js, RegistryRow *row,
                                  long line) {
  if (!at(js, '{')) {
    reg_report(reg, line, "not a JSON object");
    return reg_row_reject(reg, row, line);
  }
  size_t open = js->i;
  if (skip_value(js, 0) && js->i < js->len)
    fail(js, "text after the object");
  if (js->error) {
    reg_report(reg, line, "invalid JSON at column %zu: %s", js->error_at + 1,
               js->error);
    return reg_row_reject(reg, row, line);
  }
  memset(reg->jsonl->seen, 0, sizeof(bool) * (size_t)reg->schema->count);
  reg_row_begin(reg);
  js->i = open;
  read_members(reg, js, line);
  return reg_row_end(reg, row, line);
}

bool jsonl_open(Registry *reg) {
  struct JsonlReader *j = reg->jsonl = xcalloc(1, sizeof *j);
  j->line = 1;
  j->seen = xcalloc((size_t)(reg->schema->count ? reg->schema->count : 1),
                    sizeof *j->seen);
  reg_skip_bom(reg, &j->pos);
  return true;
}

RegistryStatus jsonl_next(Registry *reg, RegistryRow *row) {
  for (;;) {
    Record rec;
    RecordEnd end = find_line(reg, &rec);
    if (end == REC_NONE)
      return REG_END;
    if (end == REC_TOO_LONG) {
      char limit[32];
      reg_report(reg, rec.line, "the line is longer than %s",
                 reg_limit_text(reg, limit));
      return reg_row_reject(reg, row, rec.line);
    }
    Json js = {rec.ptr, rec.len, 0, NULL, 0};
    skip_ws(&js);
    if (js.i < js.len)
      return read_object(reg, &js, row, rec.line);
  }
}

void jsonl_close(Registry *reg) {
  struct JsonlReader *j = reg->jsonl;
  if (!j)
    return;
  free(j->seen);
  free(j);
  reg->jsonl = NULL;
}
