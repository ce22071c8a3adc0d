/*
 * registry.c - opening a registry and everything its two formats share:
 * block input, binding column names to the schema, converting cells with
 * cell_parse, defaults, and the messages of registry.md.  The readers
 * (csv_reader.c, jsonl_reader.c) only split their format into cells.
 */
#include "registry.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/i18n.h"
#include "cells.h"
#include "registry_impl.h"
#include "../base/utf8.h"

enum {
  DEFAULT_BLOCK = 256 * 1024,
  DEFAULT_MAX_RECORD = 64 * 1024 * 1024,
  SHOWN_VALUE_BYTES = 60,     /* a bad cell is quoted up to about this much */
};


const char *reg_limit_text(const Registry *reg, char buf[32]) {
  size_t mb = 1024 * 1024;
  if (reg->max_record % mb == 0)
    snprintf(buf, 32, "%zu MB", reg->max_record / mb);
  else
    snprintf(buf, 32, "%zu bytes", reg->max_record);
  return buf;
}

/* ---- block input ---- */

/* Makes room for one more block after the `kept` bytes at the front. */
static void ensure_room(Registry *reg, size_t kept) {
  RegInput *in = &reg->in;
  if (in->cap - kept >= reg->block)
    return;
  size_t cap = in->cap * 2;
  if (cap < kept + reg->block)
    cap = kept + reg->block;
  in->buf = xrealloc(in->buf, cap);
  in->cap = cap;
}

size_t reg_input_more(Registry *reg, size_t keep) {
  RegInput *in = &reg->in;
  size_t kept = in->len - keep;
  memmove(in->buf, in->buf + keep, kept);
  in->len = kept;
  if (in->eof)
    return 0;   /* never read past an end already seen (a terminal may go on) */
  if (kept > reg->max_record + 1)
    return REG_INPUT_FULL;   /* + 1: the CR of a CRLF is not the record's */
  ensure_room(reg, kept);
  size_t n = fread(in->buf + kept, 1, reg->block, in->file);
  in->len += n;
  if (n == 0) {
    in->eof = true;
    if (ferror(in->file)) {
      /* Rows after this point are lost: count it so the run fails. */
      reg_report(reg, 0, "cannot read the registry: %s", strerror(errno));
      reg->rejected++;
    }
  }
  return n;
}

bool reg_skip_endless(Registry *reg, size_t *skipped, size_t dropped) {
  *skipped += dropped;   /* the record's bytes so far, the first limit's included */
  if (*skipped <= 2 * reg->max_record)
    return false;
  reg->in.eof = true;
  reg->in.len = 0;
  return true;
}

void reg_skip_bom(Registry *reg, size_t *pos) {
  RegInput *in = &reg->in;
  while (in->len - *pos < 3 && !in->eof) {
    size_t n = reg_input_more(reg, *pos);
    *pos = 0;
    if (n == 0 || n == REG_INPUT_FULL)
      break;
  }
  if (in->len - *pos >= 3 && memcmp(in->buf + *pos, "\xEF\xBB\xBF", 3) == 0)
    *pos += 3;
}

/* ---- messages ---- */

/* `msgid` is translated here, so callers write plain English. */
void reg_report(Registry *reg, long line, const char *msgid, ...) {
  if (!reg->errors)
    return;
  const char *fmt = gettext(msgid);
  if (line > 0)
    fprintf(reg->errors, "%s:%ld: ", reg->name, line);
  else
    fprintf(reg->errors, "%s: ", reg->name);
  va_list ap;
  va_start(ap, msgid);
  vfprintf(reg->errors, fmt, ap);
  va_end(ap);
  fputc('\n', reg->errors);
}

/* Appends one character of the value to out, escaping what would break the
 * message's line (a CSV cell may hold a newline).  Returns bytes consumed. */
static size_t show_char(const char *p, size_t avail, char *out, size_t *w) {
  uint32_t cp;
  int n = utf8_decode((const unsigned char *)p, avail, &cp);
  if (n > 1 || (n == 1 && cp >= 0x20 && cp != 0x7F)) {
    memcpy(out + *w, p, (size_t)n);
    *w += (size_t)n;
    return (size_t)n;
  }
  const char *esc = n == 0 ? NULL : cp == '\n' ? "\\n" : cp == '\r' ? "\\r"
                  : cp == '\t' ? "\\t" : NULL;
  if (esc)
    *w += (size_t)sprintf(out + *w, "%s", esc);
  else
    *w += (size_t)sprintf(out + *w, "\\x%02X", (unsigned char)p[0]);
  return 1;
}

/* The cell as messages quote it: trimmed of spaces and tabs, cut on a
 * character boundary after about SHOWN_VALUE_BYTES bytes. */
static void show_value(const char *text, size_t len, char out[96]) {
  while (len > 0 && (text[0] == ' ' || text[0] == '\t')) {
    text++;
    len--;
  }
  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    len--;
  size_t r = 0, w = 0;
  while (r < len && w < SHOWN_VALUE_BYTES)
    r += show_char(text + r, len - r, out, &w);
  if (r < len) {
    memcpy(out + w, "...", 3);
    w += 3;
  }
  out[w] = '\0';
}

/* ---- columns ---- */

int reg_find_column(const Registry *reg, const char *name, size_t len) {
  const RegistrySchema *schema = reg->schema;
  for (int i = 0; i < schema->count; i++)
    if (reg->name_len[i] == len && memcmp(schema->columns[i].name, name, len) == 0)
      return i;
  return -1;
}

static void trim_name(TextRef *name) {
  while (name->len > 0 && (name->ptr[0] == ' ' || name->ptr[0] == '\t')) {
    name->ptr++;
    name->len--;
  }
  while (name->len > 0 &&
         (name->ptr[name->len - 1] == ' ' || name->ptr[name->len - 1] == '\t'))
    name->len--;
}

static bool same_name(TextRef a, TextRef b) {
  return a.len == b.len && memcmp(a.ptr, b.ptr, (size_t)a.len) == 0;
}

/* Reports each name given twice, once (at its second appearance). */
static bool check_duplicates(Registry *reg, const TextRef *names, int count,
                             long line) {
  bool ok = true;
  for (int i = 0; i < count; i++) {
    int earlier = 0;
    for (int j = 0; j < i && names[i].len > 0; j++)
      earlier += same_name(names[i], names[j]);
    if (earlier == 1) {
      reg_report(reg, line, "column %.*s appears twice", (int)names[i].len,
                 names[i].ptr);
      ok = false;
    }
  }
  return ok;
}

/* Reports every required column no field is bound to. */
static bool check_required(Registry *reg, const int *field_col, int count) {
  bool ok = true;
  const RegistrySchema *schema = reg->schema;
  for (int c = 0; c < schema->count; c++) {
    if (!schema->columns[c].required)
      continue;
    bool bound = false;
    for (int f = 0; f < count && !bound; f++)
      bound = field_col[f] == c;
    if (bound)
      continue;
    const char *label = schema->columns[c].label;
    reg_report(reg, 0, "the registry has no column `%s`%s%s%s, which the policy requires",
               schema->columns[c].name, label ? " (" : "", label ? label : "",
               label ? ")" : "");
    ok = false;
  }
  return ok;
}

/* A header name folded for a loose match: ASCII letters in lower case, and
 * full-width ASCII (U+FF01..U+FF5E, typed with a Chinese input method) as
 * ASCII.  False when the name is too long to fold here. */
static bool fold_name(TextRef name, char *out, size_t cap, size_t *len) {
  size_t w = 0;
  for (int64_t r = 0; r < name.len;) {
    uint32_t cp;
    int n = utf8_decode((const unsigned char *)name.ptr + r, (size_t)(name.len - r), &cp);
    if (n <= 0 || w + 4 > cap)
      return false;
    if (cp >= 0xFF01 && cp <= 0xFF5E)
      cp -= 0xFEE0;
    if (cp < 0x80) {
      out[w++] = (char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    } else {
      memcpy(out + w, name.ptr + r, (size_t)n);
      w += (size_t)n;
    }
    r += n;
  }
  *len = w;
  return true;
}

/* The column a header name matches loosely (both folded), or -1. */
static int find_loose(const Registry *reg, TextRef name) {
  bool foldable = false;   /* most unknown names have nothing to fold: skip them */
  for (int64_t i = 0; i < name.len && !foldable; i++)
    foldable = (name.ptr[i] >= 'A' && name.ptr[i] <= 'Z') || (name.ptr[i] & 0x80);
  if (!foldable)
    return -1;
  char folded[512], column[512];
  size_t len, column_len;
  if (!fold_name(name, folded, sizeof folded, &len))
    return -1;
  for (int c = 0; c < reg->schema->count; c++) {
    const char *input = reg->schema->columns[c].name;
    if (fold_name((TextRef){input, (int64_t)reg->name_len[c]}, column, sizeof column,
                  &column_len) &&
        column_len == len && memcmp(column, folded, len) == 0)
      return c;
  }
  return -1;
}

int reg_find_loose(const Registry *reg, const char *name, size_t len) {
  return find_loose(reg, (TextRef){name, (int64_t)len});
}

/* A header that differs from an input only in case or width ("Paid_In_Capital",
 * full-width letters) is bound to it, with a warning, unless the input has a
 * column of its exact name: then it is the one ignored, with a warning. */
static void bind_loose(Registry *reg, const TextRef *names, int count, int *field_col) {
  for (int i = 0; i < count; i++) {
    if (field_col[i] >= 0 || names[i].len == 0)
      continue;
    int c = find_loose(reg, names[i]);
    if (c < 0)
      continue;
    bool taken = false;
    for (int j = 0; j < count && !taken; j++)
      taken = field_col[j] == c;
    const char *input = reg->schema->columns[c].name;
    if (taken) {
      reg_report(reg, 0, "warning: column \"%.*s\" ignored: input %s is read from "
                 "another column", (int)names[i].len, names[i].ptr, input);
      continue;
    }
    field_col[i] = c;
    reg_report(reg, 0, "warning: column \"%.*s\" read as input %s", (int)names[i].len,
               names[i].ptr, input);
  }
}

bool reg_bind_header(Registry *reg, const TextRef *names, int count,
                     long line, int *field_col) {
  if (count > REGISTRY_MAX_COLUMNS) {
    reg_report(reg, line, "the header has %d columns; polc reads registries of at most %d",
               count, REGISTRY_MAX_COLUMNS);
    return false;
  }
  TextRef *trimmed = xmalloc(sizeof *trimmed * (size_t)(count ? count : 1));
  for (int i = 0; i < count; i++) {
    trimmed[i] = names[i];
    trim_name(&trimmed[i]);
    field_col[i] = reg_find_column(reg, trimmed[i].ptr, (size_t)trimmed[i].len);
  }
  bool ok = check_duplicates(reg, trimmed, count, line);
  if (ok)
    bind_loose(reg, trimmed, count, field_col);
  free(trimmed);
  /* A duplicate is reported before the absences it may explain. */
  return check_required(reg, field_col, count) && ok;
}

/* ---- rows ---- */

/* The row of defaults, made once: a row starts as a copy of it, so that
 * the columns a registry lacks cost nothing per row. */
static void prepare_defaults(Registry *reg) {
  const RegistrySchema *schema = reg->schema;
  size_t n = (size_t)(schema->count ? schema->count : 1);
  reg->default_ints = xcalloc(n, sizeof *reg->default_ints);
  reg->default_texts = xcalloc(n, sizeof *reg->default_texts);
  reg->required = xcalloc(n, sizeof *reg->required);
  for (int c = 0; c < schema->count; c++) {
    const RegistryColumn *column = &schema->columns[c];
    if (column->required)
      reg->required[reg->nrequired++] = c;
    if (column->kind == VK_TEXT) {
      const char *text = column->default_text ? column->default_text : "";
      reg->default_texts[c] = (TextRef){text, (int64_t)strlen(text)};
    } else {
      reg->default_ints[c] = column->default_int;
      reg->default_texts[c] = (TextRef){"", 0};
    }
  }
}

void reg_row_begin(Registry *reg) {
  size_t n = (size_t)reg->schema->count;
  if (!reg->default_ints)
    prepare_defaults(reg);
  memset(reg->set, 0, sizeof *reg->set * n);
  memcpy(reg->ints, reg->default_ints, sizeof *reg->ints * n);
  memcpy(reg->texts, reg->default_texts, sizeof *reg->texts * n);
  reg->row_ok = true;
}

/* Whether a cell of this form can be read in a column of `kind` at all. */
static bool form_fits(CellForm form, ValueKind kind) {
  switch (form) {
  case CELL_PLAIN:     return true;
  case CELL_JSON_BOOL: return kind == VK_BOOL;
  case CELL_NESTED:    return false;
  }
  return false;
}

/* A cell past the size limit, or text that is not UTF-8, is reported; true
 * when the cell may be read. */
static bool cell_acceptable(Registry *reg, long line, const RegistryColumn *column,
                            const char *text, size_t len) {
  if (len > REGISTRY_MAX_CELL) {
    reg_report(reg, line, "column %s: a cell of %zu bytes; polc reads cells of at most %d",
               column->name, len, REGISTRY_MAX_CELL);
    return false;
  }
  if (column->kind != VK_TEXT)
    return true;   /* a number's cell is checked byte by byte as it is read */
  size_t bad = utf8_invalid_at(text, len);
  if (bad == len)
    return true;
  if (text[bad] == '\0')
    reg_report(reg, line, "column %s: a NUL byte at byte %zu", column->name, bad + 1);
  else
    reg_report(reg, line, "column %s: byte %zu is 0x%02X, not UTF-8 text (save the "
               "registry as UTF-8)", column->name, bad + 1, (unsigned char)text[bad]);
  return false;
}

void reg_row_cell(Registry *reg, long line, int col, const char *text,
                  size_t len, CellForm form) {
  const RegistryColumn *column = &reg->schema->columns[col];
  if (form == CELL_PLAIN && (len == 0 || cell_is_blank(text, len)))
    return;   /* empty: the default applies */
  reg->set[col] = true;   /* even when bad: it is not also "required" */
  if (!cell_acceptable(reg, line, column, text, len)) {
    reg->row_ok = false;
    return;
  }
  CellResult read = form_fits(form, column->kind) ? CELL_OK : CELL_UNREADABLE;
  if (read == CELL_OK && column->kind == VK_TEXT) {
    reg->texts[col] = (TextRef){text, (int64_t)len};
    reg->ints[col] = 0;
  } else if (read == CELL_OK) {
    read = cell_read(column->kind, column->may_be_negative, text, len, &reg->ints[col]);
    reg->texts[col] = (TextRef){"", 0};
  }
  if (read == CELL_OK)
    return;
  char shown[96];
  show_value(text, len, shown);
  reg_report(reg, line, "column %s: cannot read \"%s\" as %s%s%s", column->name,
             shown, value_kind_name(column->kind), read == CELL_NEGATIVE ? ": " : "",
             read == CELL_NEGATIVE ? cell_negative_text(column->kind) : "");
  reg->row_ok = false;
}

static RegistryStatus give_row(Registry *reg, RegistryRow *row, long line) {
  row->ints = reg->ints;
  row->texts = reg->texts;
  row->line = line;
  if (reg->row_ok)
    return REG_ROW;
  reg->rejected++;
  return REG_REJECTED;
}

RegistryStatus reg_row_end(Registry *reg, RegistryRow *row, long line) {
  const RegistrySchema *schema = reg->schema;
  for (int i = 0; i < reg->nrequired; i++) {   /* the others hold their defaults */
    int c = reg->required[i];
    if (!reg->set[c]) {
      reg_report(reg, line, "column %s: a value is required", schema->columns[c].name);
      reg->row_ok = false;
    }
  }
  return give_row(reg, row, line);
}

RegistryStatus reg_row_reject(Registry *reg, RegistryRow *row, long line) {
  reg->row_ok = false;
  return give_row(reg, row, line);
}

/* ---- the public API ---- */

static bool ends_with_ci(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  if (n < m)
    return false;
  for (size_t i = 0; i < m; i++) {
    char c = s[n - m + i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != suffix[i])
      return false;
  }
  return true;
}

/* Everything but the file and the format's own state. */
static Registry *new_registry(const char *path, const RegistrySchema *schema,
                              FILE *errors, RegistryLimits limits) {
  Registry *reg = xcalloc(1, sizeof *reg);
  size_t n = (size_t)(schema->count ? schema->count : 1);
  const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
  reg->name = strcpy(xmalloc(strlen(name) + 1), name);
  reg->errors = errors;
  reg->schema = schema;
  reg->name_len = xcalloc(n, sizeof *reg->name_len);
  for (int i = 0; i < schema->count; i++)
    reg->name_len[i] = strlen(schema->columns[i].name);
  reg->ints = xcalloc(n, sizeof *reg->ints);
  reg->texts = xcalloc(n, sizeof *reg->texts);
  reg->set = xcalloc(n, sizeof *reg->set);
  reg->block = limits.block ? limits.block : DEFAULT_BLOCK;
  reg->max_record = limits.max_record ? limits.max_record : DEFAULT_MAX_RECORD;
  reg->in.cap = 2 * reg->block;
  reg->in.buf = xmalloc(reg->in.cap);
  reg->format = ends_with_ci(path, ".jsonl") || ends_with_ci(path, ".ndjson")
                    ? REG_JSONL : REG_CSV;
  return reg;
}

Registry *registry_open(const char *path, const RegistrySchema *schema,
                        FILE *errors) {
  return registry_open_limited(path, schema, errors, (RegistryLimits){0, 0});
}

Registry *registry_open_limited(const char *path, const RegistrySchema *schema,
                                FILE *errors, RegistryLimits limits) {
  Registry *reg = new_registry(path, schema, errors, limits);
  if (strcmp(path, "-") == 0) {
    reg->in.file = stdin;
  } else {
    reg->in.file = fopen(path, "rb");
    reg->own_file = true;
    if (!reg->in.file) {
      reg_report(reg, 0, "cannot open the registry: %s", strerror(errno));
      registry_close(reg);
      return NULL;
    }
  }
  bool ok = reg->format == REG_CSV ? csv_open(reg) : jsonl_open(reg);
  if (!ok) {
    registry_close(reg);
    return NULL;
  }
  return reg;
}

RegistryStatus registry_next(Registry *reg, RegistryRow *row) {
  return reg->format == REG_CSV ? csv_next(reg, row) : jsonl_next(reg, row);
}

long registry_rejected(const Registry *reg) { return reg->rejected; }

long long registry_bytes_read(const Registry *reg) {
  return reg->in.file ? (long long)ftello(reg->in.file) : 0;
}

void registry_close(Registry *reg) {
  if (!reg)
    return;
  if (reg->format == REG_CSV)
    csv_close(reg);
  else
    jsonl_close(reg);
  if (reg->own_file && reg->in.file)
    fclose(reg->in.file);
  free(reg->in.buf);
  free(reg->name);
  free(reg->name_len);
  free(reg->ints);
  free(reg->texts);
  free(reg->set);
  free(reg->default_ints);
  free(reg->default_texts);
  free(reg->required);
  free(reg);
}

/* ---- threads: one thread finds records, others read their cells ---- */

RegistryStatus registry_next_record(Registry *reg, char **bytes, size_t *len, long *line) {
  return reg->format == REG_CSV ? csv_next_record(reg, bytes, len, line)
                                : jsonl_next_record(reg, bytes, len, line);
}

Registry *registry_worker(const Registry *reg, FILE *errors) {
  Registry *w = xcalloc(1, sizeof *w);
  size_t n = (size_t)(reg->schema->count ? reg->schema->count : 1);
  w->name = reg->name;
  w->errors = errors;
  w->schema = reg->schema;
  w->name_len = reg->name_len;
  w->format = reg->format;
  w->max_record = reg->max_record;
  w->general_only = reg->general_only;
  w->ints = xcalloc(n, sizeof *w->ints);
  w->texts = xcalloc(n, sizeof *w->texts);
  w->set = xcalloc(n, sizeof *w->set);
  w->csv = reg->csv ? csv_worker(reg->csv) : NULL;
  w->jsonl = reg->jsonl ? jsonl_worker(reg) : NULL;
  return w;
}

void registry_set_general_only(Registry *reg, bool on) { reg->general_only = on; }

void registry_worker_set_errors(Registry *w, FILE *errors) { w->errors = errors; }

RegistryStatus registry_parse_record(Registry *w, char *bytes, size_t len, long line,
                                     RegistryRow *row) {
  return w->format == REG_CSV ? csv_parse_record(w, bytes, len, line, row)
                              : jsonl_parse_record(w, bytes, len, line, row);
}

void registry_worker_free(Registry *w) {
  if (!w)
    return;
  free(w->default_ints);
  free(w->default_texts);
  free(w->required);
  free(w->ints);
  free(w->texts);
  free(w->set);
  csv_worker_free(w->csv);
  jsonl_worker_free(w->jsonl);
  free(w);
}

void registry_merge_worker(Registry *reg, const Registry *worker) {
  reg->rejected += worker->rejected;
  if (reg->jsonl && worker->jsonl)
    jsonl_merge_worker(reg->jsonl, worker->jsonl);
}
