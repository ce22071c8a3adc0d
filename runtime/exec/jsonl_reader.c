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
 * A line is read first by the one pass of jsonl_plain.c, which reports
 * nothing and gives up on anything unusual; then by the general path here,
 * which words every problem.  The general path checks the line to be valid
 * JSON first, without changing it (jsonl_syntax.c), so that a bad line is
 * reported once, before any of its cells; the check notes where each member
 * of the object is.  Then the members become cells, the strings with
 * escapes decoded in place (a decoded string is never longer than its
 * escaped form).  The format's table, jsonl_format, is at the end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/i18n.h"
#include "../base/arena.h"
#include "columns.h"
#include "jsonl_plain.h"
#include "jsonl_syntax.h"
#include "registry_impl.h"

enum {
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

/* The reader's state, the same for the registry and for each worker. */
typedef struct JsonlReader {
  Member *members;    /* of the current line's object */
  int nmembers, members_cap;
  bool *seen;         /* [schema count]: column named in this object */
  /* The column of the k-th member of the last object: lines of one file
   * mostly give their keys in one order, so it is checked first. */
  int key_col[KEYS_REMEMBERED];
  JsonlPlain *plain;  /* the one pass, tried first (jsonl_plain.c) */
} JsonlReader;

/* ---- finding lines ---- */

/* The record scanner (reg_input.h): a line ends at its newline (a CR before
 * it is dropped by reg_find_record); a string cannot hold a raw newline. */
static bool find_newline(RecordScanner *sc, const char *buf, size_t *at, size_t to,
                         bool eof) {
  (void)sc;
  (void)eof;
  const char *nl = memchr(buf + *at, '\n', to - *at);
  *at = nl ? (size_t)(nl - buf) : to;
  return nl != NULL;
}

/* ---- pass 1: validation, noting the members ---- */

static void add_member(JsonlReader *j, Member m) {
  if (j->nmembers == j->members_cap) {
    j->members_cap = j->members_cap ? 2 * j->members_cap : 64;
    j->members = xrealloc(j->members, sizeof *j->members * (size_t)j->members_cap);
  }
  j->members[j->nmembers++] = m;
}

/* One member "key": value at js->i, noted in j. */
static bool check_member(Json *js, JsonlReader *j) {
  Member m = {.key = js->i};
  if (!json_at(js, '"'))
    return json_fail(js, N_("a key (a string) is expected"));
  js->escaped = false;
  if (!json_skip_string(js))
    return false;
  m.key_end = js->i;
  m.key_escaped = js->escaped;
  json_skip_ws(js);
  if (!json_at(js, ':'))
    return json_fail(js, N_("':' is expected"));
  js->i++;
  json_skip_ws(js);
  m.value = js->i;
  js->escaped = false;
  if (!json_skip_value(js, 1))
    return false;
  m.value_end = js->i;
  while (m.value_end > m.value && json_is_blank(js->p[m.value_end - 1]))
    m.value_end--;   /* skip_value also took the blanks after the value */
  m.value_escaped = js->escaped;
  add_member(j, m);
  return true;
}

/* The line's object at js->i (a '{'): valid JSON, as skip_value would say,
 * with its members noted in j. */
static bool check_object(Json *js, JsonlReader *j) {
  j->nmembers = 0;
  js->i++;
  json_skip_ws(js);
  if (json_at(js, '}')) {
    js->i++;
    return true;
  }
  for (;;) {
    if (!check_member(js, j))
      return false;
    if (json_at(js, '}')) {
      js->i++;
      return true;
    }
    if (!json_at(js, ','))
      return json_fail(js, N_("',' or '}' is expected"));
    js->i++;
    json_skip_ws(js);
  }
}

/* ---- pass 2: cells ---- */

/* The text of a noted string [at, end) (quotes included), decoded in
 * place when it has escapes. */
static TextRef string_text(Json *js, size_t at, size_t end, bool escaped) {
  if (!escaped)
    return (TextRef){js->p + at + 1, (int64_t)(end - at - 2)};
  js->i = at;
  char *text = js->p + at + 1;
  return (TextRef){text, (int64_t)json_decode_string(js, text)};
}

/* The value of a known key: a cell of schema column `col`. */
static void read_value(JsonlReader *j, RowBuilder *rb, Json *js, long line, int col,
                       const Member *m) {
  char c = js->p[m->value];
  if (j->seen[col]) {
    rb_report(rb, line, "column %s appears twice", rb->shape->schema->columns[col].name);
    rb_fail(rb);
    return;
  }
  j->seen[col] = true;
  if (c == '"') {
    TextRef s = string_text(js, m->value, m->value_end, m->value_escaped);
    rb_cell(rb, line, col, s.ptr, (size_t)s.len, CELL_PLAIN);
    return;
  }
  if (c == 'n')
    return;   /* null: the column's default */
  CellForm form = c == 't' || c == 'f' ? CELL_JSON_BOOL
                : c == '[' || c == '{' ? CELL_NESTED : CELL_PLAIN;
  rb_cell(rb, line, col, js->p + m->value, m->value_end - m->value, form);
}

/* The schema column of the k-th member's key, or -1. */
static int key_column(JsonlReader *j, const RowShape *shape, int k, TextRef key) {
  int *remembered = k < KEYS_REMEMBERED ? &j->key_col[k] : NULL;
  if (remembered && *remembered >= 0) {
    int col = *remembered;
    if (columns_names(shape, col, key.ptr, (size_t)key.len))
      return col;
  }
  int col = columns_find(shape, key.ptr, (size_t)key.len);
  if (col < 0)
    col = columns_find_label(shape, key.ptr, (size_t)key.len);
  if (remembered)
    *remembered = col;
  return col;
}

/* Whether the k-th key gives column `col` by its label while another key
 * of the object gives it by its name (reported, naming both). */
static bool named_twice(JsonlReader *j, RowBuilder *rb, Json *js, long line, int col,
                        int k, TextRef key) {
  const RowShape *shape = rb->shape;
  const char *name = shape->schema->columns[col].name;
  if (shape->name_len[col] == (size_t)key.len && memcmp(name, key.ptr, (size_t)key.len) == 0)
    return false;   /* by its name */
  for (int other = 0; other < j->nmembers; other++) {
    const Member *m = &j->members[other];
    if (other == k || m->key_escaped)
      continue;   /* an escaped key is not decoded here: compared undecoded, it differs */
    TextRef other_key = string_text(js, m->key, m->key_end, false);
    if ((size_t)other_key.len == shape->name_len[col] &&
        memcmp(other_key.ptr, name, (size_t)other_key.len) == 0) {
      columns_report_twice(rb, line, col, other_key, key);
      return true;
    }
  }
  return false;
}

/* The noted members, in order, as cells; then the keys that match an input
 * only loosely, for the inputs that no exact key gave. */
static void read_members(JsonlReader *j, RowBuilder *rb, Json *js, long line) {
  int loose = 0;
  for (int k = 0; k < j->nmembers; k++) {
    Member *m = &j->members[k];
    TextRef key = string_text(js, m->key, m->key_end, m->key_escaped);
    int col = key_column(j, rb->shape, k, key);
    if (col >= 0 && named_twice(j, rb, js, line, col, k, key)) {
      rb_fail(rb);
    } else if (col >= 0) {
      read_value(j, rb, js, line, col, m);
    } else if ((col = columns_find_loose(rb->shape, key.ptr, (size_t)key.len)) >= 0) {
      m->loose_col = col;    /* decoded: not to be decoded again */
      m->loose_key = key;
      j->members[loose++].loose_index = k;
    }
  }
  for (int i = 0; i < loose; i++) {
    const Member *m = &j->members[j->members[i].loose_index];
    if (j->seen[m->loose_col])
      continue;   /* the exact name wins */
    read_value(j, rb, js, line, m->loose_col, m);
    rb_note_loose(rb, m->loose_col, m->loose_key);
  }
}

/* One non-blank line: an object, its first byte at js->i. */
static RegistryStatus read_object(JsonlReader *j, RowBuilder *rb, Json *js,
                                  RegistryRow *row, long line) {
  if (!json_at(js, '{')) {
    rb_report(rb, line, "not a JSON object");
    return rb_reject(rb, row, line);
  }
  if (check_object(js, j)) {
    json_skip_ws(js);
    if (js->i < js->len)
      json_fail(js, N_("text after the object"));
  }
  if (js->error) {
    rb_report(rb, line, "invalid JSON at column %zu: %s", js->error_at + 1,
              _(js->error));   /* marked N_() where it was found */
    return rb_reject(rb, row, line);
  }
  memset(j->seen, 0, sizeof(bool) * (size_t)rb->shape->schema->count);
  rb_begin(rb);
  read_members(j, rb, js, line);
  return rb_end(rb, row, line);
}

static JsonlReader *new_reader(const RegistrySchema *schema) {
  JsonlReader *j = xcalloc(1, sizeof *j);
  j->seen = xcalloc((size_t)(schema->count ? schema->count : 1), sizeof *j->seen);
  for (int k = 0; k < KEYS_REMEMBERED; k++)
    j->key_col[k] = -1;
  j->plain = jsonl_plain_new(schema);
  return j;
}

static bool jsonl_claims(const char *path) {
  return registry_path_ends(path, ".jsonl") || registry_path_ends(path, ".ndjson");
}

static bool jsonl_open(Registry *reg, const char *path) {
  reg->state = new_reader(reg->shape.schema);
  return reg_input_open(&reg->in, path, reg->limits, reg->options, &reg->rows);
}

static void *jsonl_worker_new(const Registry *reg) { return new_reader(reg->shape.schema); }

/* The next line that is not blank. */
static RecordEnd next_line(RegInput *in, Record *rec) {
  RecordScanner scanner = {.find_end = find_newline};
  for (;;) {
    RecordEnd end = reg_find_record(in, &scanner, rec);
    if (end != REC_OK)
      return end;
    Json js = {.p = rec->ptr, .len = rec->len};
    json_skip_ws(&js);
    if (js.i < js.len)
      return REC_OK;
  }
}

static void report_too_long(Registry *reg, const Record *rec) {
  char limit[32];
  rb_report(&reg->rows, rec->line, rec->endless
                ? "the line is longer than %s and does not end within twice "
                  "that; the rest of the registry is not read"
                : N_("the line is longer than %s"),
            reg_limit_text(&reg->in, limit));
}

/* One line (not blank) as a row: by the one pass, unless it declines
 * (or `general_only`), then by the general path, which words any problem. */
static RegistryStatus parse_line(JsonlReader *j, RowBuilder *rb, bool general_only,
                                 char *bytes, size_t len, long line, RegistryRow *row) {
  if (!general_only && jsonl_read_plain(j->plain, rb, bytes, len))
    return rb_end(rb, row, line);
  Json js = {.p = bytes, .len = len};
  json_skip_ws(&js);
  return read_object(j, rb, &js, row, line);
}

static RegistryStatus jsonl_next_record(Registry *reg, char **bytes, size_t *len,
                                        long *line) {
  Record rec;
  RecordEnd end = next_line(&reg->in, &rec);
  if (end == REC_NONE)
    return REG_END;
  *bytes = rec.ptr;
  *len = rec.len;
  *line = rec.line;
  if (end == REC_TOO_LONG) {
    report_too_long(reg, &rec);
    reg->rows.rejected++;
    return REG_REJECTED;
  }
  return REG_ROW;
}

static RegistryStatus jsonl_parse_record(RegistryWorker *w, char *bytes, size_t len,
                                         long line, RegistryRow *row) {
  return parse_line(w->state, &w->rows, w->general_only, bytes, len, line, row);
}

static RegistryStatus jsonl_next_row(Registry *reg, RegistryRow *row) {
  char *bytes;
  size_t len;
  RegistryStatus st = jsonl_next_record(reg, &bytes, &len, &row->line);
  if (st == REG_ROW)
    return parse_line(reg->state, &reg->rows, reg->general_only, bytes, len, row->line,
                      row);
  return st;   /* the end, or a line too long: reported and counted */
}

static void jsonl_worker_free(void *state) {
  JsonlReader *j = state;
  if (!j)
    return;
  free(j->seen);
  free(j->members);
  jsonl_plain_free(j->plain);
  free(j);
}

static void jsonl_close(Registry *reg) {
  if (reg->state)
    rb_report_loose(&reg->rows, "key");
  jsonl_worker_free(reg->state);
  reg->state = NULL;
}

const RegistryFormat jsonl_format = {
    .name = "JSON Lines",
    .claims = jsonl_claims,
    .open = jsonl_open,
    .next_row = jsonl_next_row,
    .close = jsonl_close,
    .byte_records = true,
    .next_record = jsonl_next_record,
    .worker_new = jsonl_worker_new,
    .worker_free = jsonl_worker_free,
    .parse_record = jsonl_parse_record,
};
