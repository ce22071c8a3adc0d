/*
 * jsonl_plain.c - reading a JSON Lines object in one pass: the syntax is
 * checked, the keys bound and the cells converted as the bytes go by, so
 * the bytes of a canonical cell ("1234.50", "112.18%", "true",
 * "2024-06-01", UTF-8 text) are looked at once, by the readers CSV's one
 * pass uses (plain_cells.h).
 *
 * Exports give every line the same keys in the same order, so the k-th
 * key of the last line is compared first: its length and bytes, then the
 * closing quote.  A column named twice is found by the stamp of the line
 * that last named it, with nothing to clear between lines.  Strings with
 * escapes are decoded into a buffer of the reader's, so that the line
 * stays as it was for the general path.
 *
 * The pass never reports anything.  A line it cannot read whole (bad JSON,
 * a key escaped, loose or twice, a nested value or a bad cell in a column
 * polc reads) is left to the general path (jsonl_reader.c), which names
 * every problem.  So for a line it accepts, the row is exactly the general
 * path's.
 */
#include "jsonl_plain.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/utf8.h"
#include "columns.h"
#include "jsonl_syntax.h"
#include "plain_cells.h"

#define HOT PLAIN_HOT

enum {
  KEYS_REMEMBERED = 256,   /* members whose key the reader remembers */
  KEY_GENERAL = -2,        /* a key left to the general path */
};

/* The k-th key of the last line that had one, as it was written: its
 * bytes after the opening quote up to its value, `KEY": ` (a plain key, no
 * '"', '\\' or control byte, then the quote, the colon and the blanks
 * around it).  The same bytes are the same key with the same syntax. */
typedef struct KeySlot {
  char *text;     /* a copy; NULL: none yet */
  size_t len;
  int col;        /* its column, -1 (none), or KEY_GENERAL (bound loosely) */
} KeySlot;

struct JsonlPlain {
  KeySlot keys[KEYS_REMEMBERED];
  PlainReader *readers;   /* [schema count]: by each column's kind */
  unsigned *named_at;     /* [schema count]: the stamp of the line that named it */
  unsigned stamp;         /* of the current line */
  int count;
  char *decoded;          /* the current line's strings that had escapes */
  size_t decoded_len, decoded_cap;
};

JsonlPlain *jsonl_plain_new(const RegistrySchema *schema) {
  JsonlPlain *jp = xcalloc(1, sizeof *jp);
  size_t n = (size_t)(schema->count ? schema->count : 1);
  jp->count = schema->count;
  jp->readers = xcalloc(n, sizeof *jp->readers);
  jp->named_at = xcalloc(n, sizeof *jp->named_at);
  for (int c = 0; c < schema->count; c++)
    jp->readers[c] = plain_reader_for(schema->columns[c].kind);
  return jp;
}

void jsonl_plain_free(JsonlPlain *jp) {
  if (!jp)
    return;
  for (int k = 0; k < KEYS_REMEMBERED; k++)
    free(jp->keys[k].text);
  free(jp->readers);
  free(jp->named_at);
  free(jp->decoded);
  free(jp);
}

/* A new stamp for a new line (all columns unnamed). */
static void next_stamp(JsonlPlain *jp) {
  if (++jp->stamp == 0) {   /* wrapped: the old stamps could match again */
    memset(jp->named_at, 0, sizeof *jp->named_at * (size_t)jp->count);
    jp->stamp = 1;
  }
}

/* ---- keys ---- */

/* The column of a plain key as the general path binds it: by name or
 * label, or -1; KEY_GENERAL when only loosely ("Revenue"), since the
 * general path reads those last, after the exact keys. */
static int key_column(const RowShape *shape, const char *key, size_t len) {
  int col = columns_find(shape, key, len);
  if (col < 0)
    col = columns_find_label(shape, key, len);
  if (col < 0 && columns_find_loose(shape, key, len) >= 0)
    return KEY_GENERAL;
  return col;
}

static void remember_key(KeySlot *slot, const char *key, size_t len, int col) {
  free(slot->text);
  slot->text = xmalloc(len + 1);
  memcpy(slot->text, key, len);
  slot->len = len;
  slot->col = col;
}

/* Whether a[0..n) and b[0..n) are the same bytes: keys are short, so
 * eight bytes at a time inline, the last eight overlapping, rather than a
 * call to memcmp. */
HOT bool same_bytes(const char *a, const char *b, size_t n) {
  if (n < 8) {
    for (size_t i = 0; i < n; i++)
      if (a[i] != b[i])
        return false;
    return true;
  }
  for (size_t i = 0; i + 8 < n; i += 8)
    if (swar_load(a + i) != swar_load(b + i))
      return false;
  return swar_load(a + n - 8) == swar_load(b + n - 8);
}

/* The k-th key, at js->i (its opening quote), moved past with the colon
 * and blanks after it: its column, -1, or KEY_GENERAL (also for a key with
 * an escape, or bad syntax). */
HOT int read_key(JsonlPlain *jp, const RowShape *shape, Json *js, int k) {
  const char *p = js->p;
  size_t i = js->i + 1;
  KeySlot *slot = k < KEYS_REMEMBERED ? &jp->keys[k] : NULL;
  if (slot && slot->text && js->len - i >= slot->len &&
      same_bytes(p + i, slot->text, slot->len)) {
    js->i = i + slot->len;   /* the same key, written the same way */
    json_skip_ws(js);
    return slot->col;
  }
  size_t end = json_plain_run_end(p, i, js->len);
  if (end == js->len || p[end] != '"')
    return KEY_GENERAL;   /* an escape, or bad */
  int col = key_column(shape, p + i, end - i);
  js->i = end + 1;
  json_skip_ws(js);
  if (!json_at(js, ':'))
    return KEY_GENERAL;
  js->i++;
  json_skip_ws(js);
  if (slot)
    remember_key(slot, p + i, js->i - i, col);
  return col;
}

/* ---- values ---- */

/* The end of a string's plain run from p[i] (json_plain_run_end), noting
 * in *wide whether a byte before it is not ASCII (to be checked as
 * UTF-8). */
HOT size_t text_end(const char *p, size_t i, size_t len, bool *wide) {
  uint64_t high = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t x = swar_load(p + i);
    uint64_t marks = swar_equal(x, '"') | swar_equal(x, '\\') | swar_below(x, 0x20);
    uint64_t odd = x & SWAR_BYTES(0x80);
    if (marks) {
      int n = swar_first(marks);
      *wide = (high | (odd & ((UINT64_C(1) << (8 * n)) - 1))) != 0;
      return i + (size_t)n;
    }
    high |= odd;
  }
  for (; i < len; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c == '"' || c == '\\' || c < 0x20)
      break;
    high |= c & 0x80;
  }
  *wide = high != 0;
  return i;
}

/* A cell text[0..len) of column `col`, as rb_cell reads a plain cell,
 * minus the messages; `wide`: it may hold bytes that are not UTF-8. */
HOT bool put_cell(JsonlPlain *jp, RowBuilder *rb, int col, const char *text, size_t len,
                  bool wide) {
  PlainReader reader = jp->readers[col];
  if (reader == PR_TEXT) {
    if (len == 0 || ((*text == ' ' || *text == '\t') && cell_is_blank(text, len)))
      return true;   /* the default applies */
    if (len > REGISTRY_MAX_CELL || (wide && utf8_invalid_at(text, len) != len))
      return false;
    rb_set_text(rb, col, text, len);
    return true;
  }
  int64_t v;
  Cursor c = {text, text + len};
  bool set = true;
  if (!(read_canonical(&c, '"', reader, &v) && c.p == c.end) &&
      !read_other(rb, col, text, len, &v, &set))
    return false;
  if (set)
    rb_set_int(rb, col, v);
  return true;
}

/* A string with escapes at js->i, checked, then decoded into jp->decoded. */
static bool read_escaped(JsonlPlain *jp, RowBuilder *rb, Json *js, int col) {
  Json check = *js;
  if (!json_skip_string(&check))
    return false;
  if (jp->decoded_cap < js->len) {   /* once per line at most: nothing points in yet */
    jp->decoded_cap = js->len;
    jp->decoded = xrealloc(jp->decoded, jp->decoded_cap);
  }
  char *out = jp->decoded + jp->decoded_len;
  size_t len = json_decode_string(js, out);
  jp->decoded_len += len;
  return put_cell(jp, rb, col, out, len, true);
}

/* A string value at js->i for column `col`, moved past: a canonical cell
 * read as its bytes go by; any other found whole, then read. */
HOT bool read_string(JsonlPlain *jp, RowBuilder *rb, Json *js, int col) {
  const char *p = js->p;
  size_t start = js->i + 1;
  PlainReader reader = jp->readers[col];
  if (reader != PR_TEXT && reader != PR_OTHER) {
    Cursor c = {p + start, p + js->len};
    int64_t v;
    if (read_canonical(&c, '"', reader, &v) && c.p != c.end) {
      rb_set_int(rb, col, v);   /* stopped at a '"' after plain bytes: the end */
      js->i = (size_t)(c.p - p) + 1;
      return true;
    }
  }
  bool wide;
  size_t end = text_end(p, start, js->len, &wide);
  if (end < js->len && p[end] == '\\')
    return read_escaped(jp, rb, js, col);
  if (end == js->len || p[end] != '"')
    return false;   /* unterminated, or a control character */
  js->i = end + 1;
  return put_cell(jp, rb, col, p + start, end - start, wide);
}

/* A number value at js->i: its text is the cell. */
HOT bool read_number(JsonlPlain *jp, RowBuilder *rb, Json *js, int col) {
  size_t start = js->i;
  if (!json_skip_number(js))
    return false;
  return put_cell(jp, rb, col, js->p + start, js->i - start, false);
}

HOT bool at_word(const Json *js, const char *word, size_t n) {
  return js->len - js->i >= n && memcmp(js->p + js->i, word, n) == 0;
}

/* The value at js->i of a key bound to column `col`, moved past. */
HOT bool read_value(JsonlPlain *jp, RowBuilder *rb, Json *js, int col) {
  if (jp->named_at[col] == jp->stamp)
    return false;   /* named twice */
  jp->named_at[col] = jp->stamp;
  char c = js->p[js->i];
  if (c == '"')
    return read_string(jp, rb, js, col);
  if (c == '-' || (c >= '0' && c <= '9'))
    return read_number(jp, rb, js, col);
  if (c == 'n' && at_word(js, "null", 4)) {
    js->i += 4;
    return true;   /* the column's default */
  }
  if (jp->readers[col] != PR_BOOL)
    return false;   /* true/false fit a bool column only; nested values none */
  bool yes = c == 't' && at_word(js, "true", 4);
  if (!yes && !(c == 'f' && at_word(js, "false", 5)))
    return false;
  js->i += yes ? 4 : 5;
  rb_set_int(rb, col, yes);
  return true;
}

/* ---- the object ---- */

/* One member "key": value at js->i, the blanks after it skipped. */
HOT bool read_member(JsonlPlain *jp, RowBuilder *rb, Json *js, int k) {
  if (!json_at(js, '"'))
    return false;
  int col = read_key(jp, rb->shape, js, k);
  if (col == KEY_GENERAL)
    return false;
  if (js->i == js->len)
    return false;
  if (col < 0)
    return json_skip_value(js, 1);   /* checked, as the general path does */
  if (!read_value(jp, rb, js, col))
    return false;
  json_skip_ws(js);
  return true;
}

bool jsonl_read_plain(JsonlPlain *jp, RowBuilder *rb, char *bytes, size_t len) {
  Json js = {.p = bytes, .len = len};
  json_skip_ws(&js);
  if (!json_at(&js, '{'))
    return false;
  rb_begin(rb);
  next_stamp(jp);
  jp->decoded_len = 0;
  js.i++;
  json_skip_ws(&js);
  if (json_at(&js, '}')) {
    js.i++;
  } else {
    for (int k = 0;; k++) {
      if (!read_member(jp, rb, &js, k))
        return false;
      if (json_at(&js, '}')) {
        js.i++;
        break;
      }
      if (!json_at(&js, ','))
        return false;
      js.i++;
      json_skip_ws(&js);
    }
  }
  json_skip_ws(&js);
  return js.i == len;
}
