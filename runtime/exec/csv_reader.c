/*
 * csv_reader.c - CSV registries (RFC 4180): a header row of column names,
 * then one record per applicant.  Quoted fields may hold commas, doubled
 * quotes and line ends; records end in LF, CRLF or a lone CR (Excel's "CSV
 * (Macintosh)"; row numbers count it as a line); a UTF-8 BOM is skipped;
 * a completely empty line is skipped.
 *
 * The input is read in blocks into one reused buffer (reg_input.c); a record
 * is first found whole, then split in place, so its fields point into the
 * buffer until the next record is read.  The format's table, csv_format, is
 * at the end.  Lenient where RFC 4180 leaves no
 * meaning (as Python's csv module): text after a closing quote is kept
 * (`"ab"c` is `abc`) and a quote inside an unquoted field is a plain quote.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "columns.h"
#include "csv_plain.h"
#include "csv_reader.h"
#include "label_row.h"
#include "registry_impl.h"

/* The reader's state; a worker's shares the header's binding. */
typedef struct CsvReader {
  bool last_plain;    /* the record just found holds no quote */
  int header_count;
  int *field_col;     /* [header_count]: schema column of each field, or -1 */
  PlainField *plain;  /* [header_count]: the same, with the one-pass reader */
  TextRef *fields;    /* the fields of the current record */
  int fields_cap;
  int id_field;       /* rows named by the id in this field (a database), or -1 */
  bool label_checked; /* the record after the header was looked at (label_row.h) */
} CsvReader;

/* Where the scanner stands inside a record.  The finder and the splitter
 * both step through next_state, so they always agree on the fields. */
typedef enum QuoteState {
  Q_FIELD_START, Q_UNQUOTED, Q_QUOTED, Q_QUOTE_SEEN,
} QuoteState;

static QuoteState next_state(QuoteState q, char c) {
  switch (q) {
  case Q_FIELD_START:
    return c == '"' ? Q_QUOTED : c == ',' ? Q_FIELD_START : Q_UNQUOTED;
  case Q_UNQUOTED:
    return c == ',' ? Q_FIELD_START : Q_UNQUOTED;
  case Q_QUOTED:
    return c == '"' ? Q_QUOTE_SEEN : Q_QUOTED;
  case Q_QUOTE_SEEN:   /* "" inside quotes, or the closing quote */
    return c == '"' ? Q_QUOTED : c == ',' ? Q_FIELD_START : Q_UNQUOTED;
  }
  return q;
}

/* The record scanner (reg_input.h): the line end that ends the record is
 * LF, CRLF, or a lone CR (Excel's "CSV (Macintosh)") outside quotes; the
 * line ends inside quotes are counted.  A CR at the very end of the bytes
 * is a lone CR only if no LF follows: decided once more bytes are read, or
 * at once at the end of the input. */
static bool find_record_end(RecordScanner *sc, const char *buf, size_t *at, size_t to,
                            bool eof) {
  QuoteState q = (QuoteState)sc->state;
  bool found = false;
  size_t i = *at;
  for (; i < to; i++) {
    bool line_end = buf[i] == '\n';
    if (buf[i] == '\r') {
      if (i + 1 == to && !eof)
        break;
      line_end = i + 1 == to || buf[i + 1] != '\n';   /* else the LF ends it */
    }
    if (line_end) {
      if (q != Q_QUOTED) {
        found = true;
        break;
      }
      sc->newlines++;
    }
    q = next_state(q, buf[i]);
  }
  *at = i;
  sc->state = (int)q;
  sc->open = q == Q_QUOTED;
  return found;
}

/* The common case: the next line holds no quote, so it is the record. */
static bool find_plain_record(RegInput *in, CsvReader *c, Record *rec) {
  const char *start = in->buf + in->pos;
  size_t avail = in->len - in->pos;
  const char *nl = memchr(start, '\n', avail);
  if (!nl || memchr(start, '"', (size_t)(nl - start)) ||
      (size_t)(nl - start) > in->max_record ||
      (nl > start && memchr(start, '\r', (size_t)(nl - start) - 1)))
    return false;   /* the general path decides (a lone CR ends a record too) */
  c->last_plain = true;
  rec->ptr = (char *)start;
  rec->len = (size_t)(nl - start);
  rec->line = in->line;
  rec->unclosed = false;
  in->line++;
  in->pos += rec->len + 1;
  if (rec->len > 0 && rec->ptr[rec->len - 1] == '\r')
    rec->len--;
  return true;
}

static RecordEnd find_record(Registry *reg, Record *rec) {
  CsvReader *c = reg->state;
  RegInput *in = &reg->in;
  c->last_plain = false;
  if (in->pos < in->len && find_plain_record(in, c, rec))
    return REC_OK;
  RecordScanner scanner = {.find_end = find_record_end};
  return reg_find_record(in, &scanner, rec);
}

/* The next record that is not an empty line. */
static RecordEnd next_record(Registry *reg, Record *rec) {
  RecordEnd end;
  while ((end = find_record(reg, rec)) == REC_OK && rec->len == 0)
    continue;
  return end;
}

static void push_field(CsvReader *c, int *n, char *ptr, size_t len) {
  if (*n == c->fields_cap) {
    c->fields_cap = c->fields_cap ? 2 * c->fields_cap : 64;
    c->fields = xrealloc(c->fields, sizeof *c->fields * (size_t)c->fields_cap);
  }
  c->fields[(*n)++] = (TextRef){ptr, (int64_t)len};
}

/* Splits p[0..len) in place into c->fields, removing the quotes (and one of
 * each doubled quote); returns the number of fields. */
/* `plain`: the record is known to hold no quote (find_plain_record). */
static int split_record(CsvReader *c, char *p, size_t len, bool plain) {
  if (plain || !memchr(p, '"', len)) {   /* the common case: fields end at commas */
    int n = 0;
    char *end = p + len;
    for (;;) {
      char *comma = memchr(p, ',', (size_t)(end - p));
      char *stop = comma ? comma : end;
      push_field(c, &n, p, (size_t)(stop - p));
      if (!comma)
        return n;
      p = comma + 1;
    }
  }
  QuoteState q = Q_FIELD_START;
  size_t w = 0, start = 0;
  int n = 0;
  for (size_t r = 0; r < len; r++) {
    char ch = p[r];
    if (ch == ',' && q != Q_QUOTED) {
      push_field(c, &n, p + start, w - start);
      start = w;
    } else if (!(ch == '"' && (q == Q_FIELD_START || q == Q_QUOTED))) {
      p[w++] = ch;    /* w <= r: writing behind the reader is safe */
    }
    q = next_state(q, ch);
  }
  push_field(c, &n, p + start, w - start);
  return n;
}

/* Reports a record that could not be split; false for a normal record. */
static bool report_bad_record(Registry *reg, RecordEnd end, const Record *rec) {
  char limit[32];
  const RowBuilder *rb = &reg->rows;
  const RegInput *in = &reg->in;
  if (end == REC_TOO_LONG && rec->endless)
    rb_report(rb, rec->line, "the record is longer than %s and does not end "
              "within twice that; the rest of the registry is not read",
              reg_limit_text(in, limit));
  else if (end == REC_UNCLOSED)
    rb_report(rb, rec->line, "a quoted field is not closed before the end of the file");
  else if (end == REC_TOO_LONG && rec->unclosed)
    rb_report(rb, rec->line,
              "a quoted field is not closed before the end of the file "
              "(the record is longer than %s)", reg_limit_text(in, limit));
  else if (end == REC_TOO_LONG)
    rb_report(rb, rec->line, "the record is longer than %s", reg_limit_text(in, limit));
  return end == REC_UNCLOSED || end == REC_TOO_LONG;
}

/* Whether the record is a template's row of labels (split on a copy, so
 * that the record stays as it was for the rows that are not). */
static bool is_label_record(Registry *reg, CsvReader *c, const Record *rec) {
  char *copy = xmalloc(rec->len + 1);
  memcpy(copy, rec->ptr, rec->len);
  int n = split_record(c, copy, rec->len, false);
  bool labels = n == c->header_count &&
                label_row_matches(&reg->shape, c->field_col, c->fields, n);
  free(copy);
  return labels;
}

/* The next record after the header's: the first one is skipped when it
 * holds the inputs' labels. */
static RecordEnd next_data_record(Registry *reg, Record *rec) {
  CsvReader *c = reg->state;
  RecordEnd end = next_record(reg, rec);
  if (c->label_checked || end != REC_OK)
    return end;
  c->label_checked = true;
  return is_label_record(reg, c, rec) ? next_record(reg, rec) : end;
}

static bool csv_claims(const char *path) {
  (void)path;
  return true;   /* the default: the last format of the table */
}

static bool csv_open(Registry *reg, const char *path) {
  if (!reg_input_open(&reg->in, path, reg->limits, reg->options, &reg->rows))
    return false;
  return csv_read_header(reg, false);
}

/* The schema column named `id`, or -1. */
static int id_column(const RegistrySchema *schema) {
  for (int c = 0; c < schema->count; c++)
    if (strcmp(schema->columns[c].name, "id") == 0)
      return c;
  return -1;
}

bool csv_read_header(Registry *reg, bool rows_by_id) {
  CsvReader *c = reg->state = xcalloc(1, sizeof *c);
  c->id_field = -1;
  Record rec;
  RecordEnd end = next_record(reg, &rec);
  if (end == REC_NONE) {
    rb_report(&reg->rows, 0, "the registry is empty (no header row)");
    return false;
  }
  if (report_bad_record(reg, end, &rec))
    return false;
  int n = split_record(c, rec.ptr, rec.len, false);
  c->header_count = n;
  c->field_col = xmalloc(sizeof *c->field_col * (size_t)n);
  if (!columns_bind_header(&reg->rows, c->fields, n, rec.line, c->field_col))
    return false;
  c->plain = xmalloc(sizeof *c->plain * (size_t)n);
  int id = rows_by_id ? id_column(reg->shape.schema) : -1;
  for (int f = 0; f < n; f++) {
    int col = c->field_col[f];
    c->plain[f] = (PlainField){col, col < 0 ? PR_SKIP
                                    : plain_reader_for(reg->shape.schema->columns[col].kind)};
    if (col >= 0 && col == id)
      c->id_field = f;
  }
  return true;
}

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* Whether a field of three digits (perhaps with decimals) follows a field
 * ending in a digit: "1,200,000" written unquoted, split at its commas. */
static bool has_split_figure(const CsvReader *c, int n) {
  for (int f = 1; f < n; f++) {
    TextRef group = c->fields[f], before = c->fields[f - 1];
    if (group.len >= 3 && is_digit(group.ptr[0]) && is_digit(group.ptr[1]) &&
        is_digit(group.ptr[2]) && (group.len == 3 || group.ptr[3] == '.') &&
        before.len > 0 && is_digit(before.ptr[before.len - 1]))
      return true;
  }
  return false;
}

/* Notes the id in field c->id_field of the record, for the messages about
 * the row (rb_report): read as the splitter reads it, without its quotes,
 * cut at the size of rb->row_id, control characters made `?`. */
static void label_row(const CsvReader *c, RowBuilder *rb, const char *p, size_t len) {
  QuoteState q = Q_FIELD_START;
  int field = 0;
  size_t w = 0;
  for (size_t r = 0; r < len && field <= c->id_field; r++) {
    char ch = p[r];
    bool kept = !(ch == ',' && q != Q_QUOTED) &&
                !(ch == '"' && (q == Q_FIELD_START || q == Q_QUOTED));
    if (ch == ',' && q != Q_QUOTED)
      field++;
    else if (kept && field == c->id_field && w + 1 < sizeof rb->row_id)
      rb->row_id[w++] = (unsigned char)ch < 0x20 || ch == 0x7F ? '?' : ch;
    q = next_state(q, ch);
  }
  rb->row_id[w] = '\0';
  rb->by_id = true;
}

/* One record's fields into a row (its bytes are changed in place); `plain`:
 * known to hold no quote. */
static RegistryStatus parse_fields(CsvReader *c, RowBuilder *rb, bool general_only,
                                   char *bytes, size_t len, long line, RegistryRow *row,
                                   bool plain) {
  if (c->id_field >= 0)
    label_row(c, rb, bytes, len);
  plain = plain || !memchr(bytes, '"', len);
  if (plain && !general_only && csv_read_plain(rb, c->plain, c->header_count, bytes, len))
    return rb_end(rb, row, line);
  int n = split_record(c, bytes, len, plain);
  if (n != c->header_count) {
    if (n > c->header_count && has_split_figure(c, n))
      rb_report(rb, line, "expected %d fields, found %d: a figure with thousands "
                "separators must be quoted in CSV, as in \"1,200,000\"", c->header_count, n);
    else
      rb_report(rb, line, "expected %d fields, found %d", c->header_count, n);
    return rb_reject(rb, row, line);
  }
  rb_begin(rb);
  for (int f = 0; f < n; f++)
    if (c->field_col[f] >= 0)
      rb_cell(rb, line, c->field_col[f], c->fields[f].ptr, (size_t)c->fields[f].len,
              CELL_PLAIN);
  return rb_end(rb, row, line);
}

static RegistryStatus csv_next_row(Registry *reg, RegistryRow *row) {
  CsvReader *c = reg->state;
  Record rec;
  RecordEnd end = next_data_record(reg, &rec);
  if (end == REC_NONE)
    return REG_END;
  if (report_bad_record(reg, end, &rec))
    return rb_reject(&reg->rows, row, rec.line);
  return parse_fields(c, &reg->rows, reg->general_only, rec.ptr, rec.len, rec.line, row,
                      c->last_plain);
}

static RegistryStatus csv_next_record(Registry *reg, char **bytes, size_t *len,
                                      long *line) {
  Record rec;
  RecordEnd end = next_data_record(reg, &rec);
  if (end == REC_NONE)
    return REG_END;
  *bytes = rec.ptr;
  *len = rec.len;
  *line = rec.line;
  if (report_bad_record(reg, end, &rec)) {
    reg->rows.rejected++;
    return REG_REJECTED;
  }
  return REG_ROW;
}

static RegistryStatus csv_parse_record(RegistryWorker *w, char *bytes, size_t len,
                                       long line, RegistryRow *row) {
  return parse_fields(w->state, &w->rows, w->general_only, bytes, len, line, row, false);
}

/* A reader for another thread: the header's binding shared, the fields
 * its own. */
static void *csv_worker_new(const Registry *reg) {
  const CsvReader *c = reg->state;
  CsvReader *w = xcalloc(1, sizeof *w);
  w->header_count = c->header_count;
  w->field_col = c->field_col;
  w->plain = c->plain;
  w->id_field = c->id_field;
  return w;
}

static void csv_worker_free(void *state) {
  CsvReader *w = state;
  free(w->fields);
  free(w);
}

static void csv_close(Registry *reg) {
  CsvReader *c = reg->state;
  if (!c)
    return;
  free(c->field_col);
  free(c->plain);
  free(c->fields);
  free(c);
  reg->state = NULL;
}

const RegistryFormat csv_format = {
    .name = "CSV",
    .claims = csv_claims,
    .open = csv_open,
    .next_row = csv_next_row,
    .close = csv_close,
    .byte_records = true,
    .next_record = csv_next_record,
    .worker_new = csv_worker_new,
    .worker_free = csv_worker_free,
    .parse_record = csv_parse_record,
};
