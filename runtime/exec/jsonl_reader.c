/*
 * jsonl_reader.c - JSON Lines registries: one JSON object per line, its keys
 * column names.  A string value is a cell (escapes decoded, \uXXXX pairs
 * joined into UTF-8); a number's text is a cell; true/false fit a bool
 * column; null is an empty cell; an array or object fits no column.
 * Blank lines are skipped; unknown keys are ignored; a missing key is an
 * absent column for that row.  A key that differs from an input's name only
 * in ASCII case or width ("Revenue") is read as that input, unless the
 * object also has the exact name, with one warning per input at the end.
 *
 * Each line is checked to be valid JSON first, without changing it, so that
 * a bad line is reported once, before any of its cells; the check notes
 * where each member of the object is.  Then the members become cells, the
 * strings with escapes decoded in place (a decoded string is never longer
 * than its escaped form).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/i18n.h"
#include "registry_impl.h"
#include "../base/swar.h"

enum {
  MAX_DEPTH = 512,    /* nesting the validator follows before giving up */
  KEYS_REMEMBERED = 256,   /* members whose column the reader remembers */
};

/* A member of a line's object, as the check found it. */
typedef struct Member {
  size_t key, key_end;       /* its key, quotes included: [key, key_end) */
  size_t value, value_end;   /* its value, without the blanks around it */
  bool key_escaped, value_escaped;   /* a string with escapes to decode */
  /* Set by read_members for a key that matches an input only loosely. */
  int loose_col;
  TextRef loose_key;
  int loose_index;    /* read_members' list of those members */
} Member;

struct JsonlReader {
  Member *members;    /* of the current line's object */
  int nmembers, members_cap;
  size_t pos;         /* start of the next line in reg->in.buf */
  long line;          /* its physical line number */
  bool *seen;         /* [schema count]: column named in this object */
  /* The column of the k-th member of the last object: lines of one file
   * mostly give their keys in one order, so it is checked first. */
  int key_col[KEYS_REMEMBERED];
  /* [schema count]: the key bound loosely to each column, for the warning;
   * the least of them when there are several, so that the warning does not
   * depend on which thread saw which line. */
  TextRef *loose;
  int ncolumns;
};

/* A cursor over one line, with its first syntax error. */
typedef struct Json {
  char *p;
  size_t len;
  size_t i;
  const char *error;
  size_t error_at;
  bool escaped;       /* a string skipped since this was cleared had an escape */
} Json;

/* ---- finding lines ---- */

/* Finds the next line whole, reading blocks as needed.  A line that
 * outgrows the largest buffer is skipped to its end. */
static RecordEnd find_line(Registry *reg, Record *rec) {
  struct JsonlReader *j = reg->jsonl;
  RegInput *in = &reg->in;
  bool too_long = false, endless = false;
  size_t i = j->pos, skipped = 0;
  for (;;) {
    char *nl = memchr(in->buf + i, '\n', in->len - i);
    if (nl) {
      i = (size_t)(nl - in->buf);
      break;
    }
    i = in->len;
    if (too_long && (endless = reg_skip_endless(reg, &skipped, i - j->pos))) {
      i = j->pos = 0;
      break;
    }
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
  rec->endless = endless;
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

/* `why` is marked N_() at each call and translated when reported. */
static bool fail(Json *js, const char *why) {
  if (!js->error) {
    js->error = why;
    js->error_at = js->i;
  }
  return false;
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static void skip_ws(Json *js) {
  while (js->i < js->len && is_blank(js->p[js->i]))
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
    return fail(js, N_("\\u must be followed by four hex digits"));
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return fail(js, N_("a low surrogate without a high one"));
  js->i += 6;
  if (unit < 0xD800 || unit > 0xDBFF)
    return true;
  long low = unicode_escape(js, js->i);
  if (low < 0xDC00 || low > 0xDFFF)
    return fail(js, N_("a high surrogate without a low one"));
  js->i += 6;
  return true;
}

static bool skip_escape(Json *js) {
  js->escaped = true;
  if (js->i + 1 >= js->len)
    return fail(js, N_("unterminated string"));
  if (js->p[js->i + 1] == 'u')
    return skip_unicode(js);
  if (!strchr("\"\\/bfnrt", js->p[js->i + 1]) || js->p[js->i + 1] == '\0')
    return fail(js, N_("unknown escape"));
  js->i += 2;
  return true;
}

/* Where the run of plain characters of a string starting at p[i] ends: at
 * the first '"', '\\' or control character, or at len.  Eight bytes at a
 * time: most cells are plain. */
static size_t plain_run_end(const char *p, size_t i, size_t len) {
  for (; i + 8 <= len; i += 8) {
    uint64_t x = swar_load(p + i);
    uint64_t marks = swar_equal(x, '"') | swar_equal(x, '\\') | swar_below(x, 0x20);
    if (marks)
      return i + (size_t)swar_first(marks);
  }
  for (; i < len; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c == '"' || c == '\\' || c < 0x20)
      break;
  }
  return i;
}

/* string = '"' (char | escape)* '"' */
static bool skip_string(Json *js) {
  js->i++;
  for (;;) {
    js->i = plain_run_end(js->p, js->i, js->len);
    if (js->i >= js->len)
      return fail(js, N_("unterminated string"));
    unsigned char c = (unsigned char)js->p[js->i];
    if (c == '"') {
      js->i++;
      return true;
    }
    if (c < 0x20)
      return fail(js, N_("control character in a string"));
    if (!skip_escape(js))
      return false;
  }
}

static bool skip_digits(Json *js) {
  size_t start = js->i;
  while (js->i < js->len && js->p[js->i] >= '0' && js->p[js->i] <= '9')
    js->i++;
  return js->i > start || fail(js, N_("a digit is expected"));
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
    return fail(js, N_("a value is expected"));
  js->i += n;
  return true;
}

static bool skip_value(Json *js, int depth);

/* array = '[' (value (',' value)*)? ']';  object = '{' (string ':' value
 * (',' string ':' value)*)? '}' */
static bool skip_container(Json *js, int depth) {
  char close = js->p[js->i] == '[' ? ']' : '}';
  if (depth >= MAX_DEPTH)
    return fail(js, N_("nested too deeply"));
  js->i++;
  skip_ws(js);
  if (at(js, close)) {
    js->i++;
    return true;
  }
  for (;;) {
    if (close == '}') {
      if (!at(js, '"'))
        return fail(js, N_("a key (a string) is expected"));
      if (!skip_string(js))
        return false;
      skip_ws(js);
      if (!at(js, ':'))
        return fail(js, N_("':' is expected"));
      js->i++;
    }
    if (!skip_value(js, depth + 1))
      return false;
    if (at(js, close)) {
      js->i++;
      return true;
    }
    if (!at(js, ','))
      return fail(js, close == '}' ? N_("',' or '}' is expected")
                                   : N_("',' or ']' is expected"));
    js->i++;
    skip_ws(js);
  }
}

/* value = ws (string | number | object | array | true | false | null) ws */
static bool skip_value(Json *js, int depth) {
  skip_ws(js);
  if (js->i >= js->len)
    return fail(js, N_("a value is expected"));
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

static void add_member(struct JsonlReader *j, Member m) {
  if (j->nmembers == j->members_cap) {
    j->members_cap = j->members_cap ? 2 * j->members_cap : 64;
    j->members = xrealloc(j->members, sizeof *j->members * (size_t)j->members_cap);
  }
  j->members[j->nmembers++] = m;
}

/* One member "key": value at js->i, noted in j. */
static bool check_member(Json *js, struct JsonlReader *j) {
  Member m = {.key = js->i};
  if (!at(js, '"'))
    return fail(js, N_("a key (a string) is expected"));
  js->escaped = false;
  if (!skip_string(js))
    return false;
  m.key_end = js->i;
  m.key_escaped = js->escaped;
  skip_ws(js);
  if (!at(js, ':'))
    return fail(js, N_("':' is expected"));
  js->i++;
  skip_ws(js);
  m.value = js->i;
  js->escaped = false;
  if (!skip_value(js, 1))
    return false;
  m.value_end = js->i;
  while (m.value_end > m.value && is_blank(js->p[m.value_end - 1]))
    m.value_end--;   /* skip_value also took the blanks after the value */
  m.value_escaped = js->escaped;
  add_member(j, m);
  return true;
}

/* The line's object at js->i (a '{'): valid JSON, as skip_value would say,
 * with its members noted in j. */
static bool check_object(Json *js, struct JsonlReader *j) {
  j->nmembers = 0;
  js->i++;
  skip_ws(js);
  if (at(js, '}')) {
    js->i++;
    return true;
  }
  for (;;) {
    if (!check_member(js, j))
      return false;
    if (at(js, '}')) {
      js->i++;
      return true;
    }
    if (!at(js, ','))
      return fail(js, N_("',' or '}' is expected"));
    js->i++;
    skip_ws(js);
  }
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

/* Decodes the (valid) string at js->i in place; its text starts after the
 * quote.  Without escapes, nothing moves. */
static TextRef decode_string(Json *js) {
  char *start = js->p + ++js->i;
  size_t i = plain_run_end(js->p, js->i, js->len);
  char *w = js->p + i;
  js->i = i;
  while (js->p[js->i] != '"') {
    if (js->p[js->i] == '\\') {
      w += decode_escape(js, w);
      continue;
    }
    size_t end = plain_run_end(js->p, js->i, js->len);
    memmove(w, js->p + js->i, end - js->i);   /* w <= js->p + js->i */
    w += end - js->i;
    js->i = end;
  }
  js->i++;
  return (TextRef){start, (int64_t)(w - start)};
}

/* The text of a noted string [at, end) (quotes included), decoded in
 * place when it has escapes. */
static TextRef string_text(Json *js, size_t at, size_t end, bool escaped) {
  if (!escaped)
    return (TextRef){js->p + at + 1, (int64_t)(end - at - 2)};
  js->i = at;
  return decode_string(js);
}

/* The value of a known key: a cell of schema column `col`. */
static void read_value(Registry *reg, Json *js, long line, int col, const Member *m) {
  struct JsonlReader *j = reg->jsonl;
  char c = js->p[m->value];
  if (j->seen[col]) {
    reg_report(reg, line, "column %s appears twice", reg->schema->columns[col].name);
    reg->row_ok = false;
    return;
  }
  j->seen[col] = true;
  if (c == '"') {
    TextRef s = string_text(js, m->value, m->value_end, m->value_escaped);
    reg_row_cell(reg, line, col, s.ptr, (size_t)s.len, CELL_PLAIN);
    return;
  }
  if (c == 'n')
    return;   /* null: the column's default */
  CellForm form = c == 't' || c == 'f' ? CELL_JSON_BOOL
                : c == '[' || c == '{' ? CELL_NESTED : CELL_PLAIN;
  reg_row_cell(reg, line, col, js->p + m->value, m->value_end - m->value, form);
}

/* The schema column of the k-th member's key, or -1. */
static int key_column(Registry *reg, int k, TextRef key) {
  int *remembered = k < KEYS_REMEMBERED ? &reg->jsonl->key_col[k] : NULL;
  if (remembered && *remembered >= 0) {
    int col = *remembered;
    if (reg->name_len[col] == (size_t)key.len &&
        memcmp(reg->schema->columns[col].name, key.ptr, (size_t)key.len) == 0)
      return col;
  }
  int col = reg_find_column(reg, key.ptr, (size_t)key.len);
  if (remembered)
    *remembered = col;
  return col;
}

static bool key_less(TextRef a, TextRef b) {
  size_t n = (size_t)(a.len < b.len ? a.len : b.len);
  int c = memcmp(a.ptr, b.ptr, n);
  return c < 0 || (c == 0 && a.len < b.len);
}

/* Remembers that `key` was read as column `col`, for the warning. */
static void note_loose(struct JsonlReader *j, int col, TextRef key) {
  TextRef *kept = &j->loose[col];
  if (kept->ptr && !key_less(key, *kept))
    return;
  char *copy = xmalloc((size_t)key.len + 1);
  memcpy(copy, key.ptr, (size_t)key.len);
  free((char *)kept->ptr);
  *kept = (TextRef){copy, key.len};
}

/* The noted members, in order, as cells; then the keys that match an input
 * only loosely, for the inputs that no exact key gave. */
static void read_members(Registry *reg, Json *js, long line) {
  struct JsonlReader *j = reg->jsonl;
  int loose = 0;
  for (int k = 0; k < j->nmembers; k++) {
    Member *m = &j->members[k];
    TextRef key = string_text(js, m->key, m->key_end, m->key_escaped);
    int col = key_column(reg, k, key);
    if (col >= 0) {
      read_value(reg, js, line, col, m);
    } else if ((col = reg_find_loose(reg, key.ptr, (size_t)key.len)) >= 0) {
      m->loose_col = col;    /* decoded: not to be decoded again */
      m->loose_key = key;
      j->members[loose++].loose_index = k;
    }
  }
  for (int i = 0; i < loose; i++) {
    const Member *m = &j->members[j->members[i].loose_index];
    if (j->seen[m->loose_col])
      continue;   /* the exact name wins */
    read_value(reg, js, line, m->loose_col, m);
    note_loose(j, m->loose_col, m->loose_key);
  }
}

/* One non-blank line: an object, its first byte at js->i. */
static RegistryStatus read_object(Registry *reg, Json *js, RegistryRow *row,
                                  long line) {
  if (!at(js, '{')) {
    reg_report(reg, line, "not a JSON object");
    return reg_row_reject(reg, row, line);
  }
  if (check_object(js, reg->jsonl)) {
    skip_ws(js);
    if (js->i < js->len)
      fail(js, N_("text after the object"));
  }
  if (js->error) {
    reg_report(reg, line, "invalid JSON at column %zu: %s", js->error_at + 1,
               _(js->error));   /* marked N_() where it was found */
    return reg_row_reject(reg, row, line);
  }
  memset(reg->jsonl->seen, 0, sizeof(bool) * (size_t)reg->schema->count);
  reg_row_begin(reg);
  read_members(reg, js, line);
  return reg_row_end(reg, row, line);
}

static struct JsonlReader *new_reader(const RegistrySchema *schema) {
  struct JsonlReader *j = xcalloc(1, sizeof *j);
  j->line = 1;
  j->seen = xcalloc((size_t)(schema->count ? schema->count : 1), sizeof *j->seen);
  j->loose = xcalloc((size_t)(schema->count ? schema->count : 1), sizeof *j->loose);
  j->ncolumns = schema->count;
  for (int k = 0; k < KEYS_REMEMBERED; k++)
    j->key_col[k] = -1;
  return j;
}

bool jsonl_open(Registry *reg) {
  reg->jsonl = new_reader(reg->schema);
  reg_skip_bom(reg, &reg->jsonl->pos);
  return true;
}

struct JsonlReader *jsonl_worker(const Registry *reg) { return new_reader(reg->schema); }

/* The next line that is not blank. */
static RecordEnd next_line(Registry *reg, Record *rec) {
  for (;;) {
    RecordEnd end = find_line(reg, rec);
    if (end != REC_OK)
      return end;
    Json js = {.p = rec->ptr, .len = rec->len};
    skip_ws(&js);
    if (js.i < js.len)
      return REC_OK;
  }
}

static void report_too_long(Registry *reg, const Record *rec) {
  char limit[32];
  reg_report(reg, rec->line, rec->endless
                 ? "the line is longer than %s and does not end within twice "
                   "that; the rest of the registry is not read"
                 : N_("the line is longer than %s"),
             reg_limit_text(reg, limit));
}

/* One line (not blank) as a row. */
static RegistryStatus parse_line(Registry *reg, char *bytes, size_t len, long line,
                                 RegistryRow *row) {
  Json js = {.p = bytes, .len = len};
  skip_ws(&js);
  return read_object(reg, &js, row, line);
}

RegistryStatus jsonl_next_record(Registry *reg, char **bytes, size_t *len, long *line) {
  Record rec;
  RecordEnd end = next_line(reg, &rec);
  if (end == REC_NONE)
    return REG_END;
  *bytes = rec.ptr;
  *len = rec.len;
  *line = rec.line;
  if (end == REC_TOO_LONG) {
    report_too_long(reg, &rec);
    reg->rejected++;
    return REG_REJECTED;
  }
  return REG_ROW;
}

RegistryStatus jsonl_parse_record(Registry *reg, char *bytes, size_t len, long line,
                                  RegistryRow *row) {
  return parse_line(reg, bytes, len, line, row);
}

RegistryStatus jsonl_next(Registry *reg, RegistryRow *row) {
  char *bytes;
  size_t len;
  RegistryStatus st = jsonl_next_record(reg, &bytes, &len, &row->line);
  if (st == REG_ROW)
    return parse_line(reg, bytes, len, row->line, row);
  return st;   /* the end, or a line too long: reported and counted */
}

void jsonl_merge_worker(struct JsonlReader *reader, const struct JsonlReader *worker) {
  for (int c = 0; c < reader->ncolumns; c++)
    if (worker->loose[c].ptr)
      note_loose(reader, c, worker->loose[c]);
}

void jsonl_worker_free(struct JsonlReader *j) {
  if (!j)
    return;
  for (int c = 0; c < j->ncolumns; c++)
    free((char *)j->loose[c].ptr);
  free(j->loose);
  free(j->seen);
  free(j->members);
  free(j);
}

void jsonl_close(Registry *reg) {
  struct JsonlReader *j = reg->jsonl;
  for (int c = 0; j && c < j->ncolumns; c++)
    if (j->loose[c].ptr)
      reg_report(reg, 0, "warning: key \"%.*s\" read as input %s", (int)j->loose[c].len,
                 j->loose[c].ptr, reg->schema->columns[c].name);
  jsonl_worker_free(reg->jsonl);
  reg->jsonl = NULL;
}
