/*
 * csv_reader.c - CSV registries (RFC 4180): a header row of column names,
 * then one record per applicant.  Quoted fields may hold commas, doubled
 * quotes and line ends; records end in LF, CRLF or a lone CR (Excel's "CSV
 * (Macintosh)"; row numbers count it as a line); a UTF-8 BOM is skipped;
 * a completely empty line is skipped.
 *
 * The input is read in blocks into one reused buffer (registry.c); a record
 * is first found whole, then split in place, so its fields point into the
 * buffer until the next record is read.  Lenient where RFC 4180 leaves no
 * meaning (as Python's csv module): text after a closing quote is kept
 * (`"ab"c` is `abc`) and a quote inside an unquoted field is a plain quote.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "registry_impl.h"

struct CsvReader {
  bool last_plain;    /* the record just found holds no quote */
  size_t pos;         /* start of the next record in reg->in.buf */
  long line;          /* the physical line on which it starts */
  int header_count;
  int *field_col;     /* [header_count]: schema column of each field, or -1 */
  PlainField *plain;  /* [header_count]: the same, with the one-pass reader */
  TextRef *fields;    /* the fields of the current record */
  int fields_cap;
};

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

/* Scans buf[*at..to) from state *q for the line end that ends the record:
 * LF, CRLF, or a lone CR (Excel's "CSV (Macintosh)"); counts the line ends
 * inside quotes.  True with *at on it; false with *at where to go on once
 * more bytes are read: `to`, or a CR at the very end, which is a lone CR
 * only if no LF follows (decided at once when `eof`). */
static bool scan(const char *buf, size_t *at, size_t to, bool eof, QuoteState *q,
                 long *newlines) {
  for (size_t i = *at; i < to; i++) {
    bool line_end = buf[i] == '\n';
    if (buf[i] == '\r') {
      if (i + 1 == to && !eof) {
        *at = i;
        return false;
      }
      line_end = i + 1 == to || buf[i + 1] != '\n';   /* else the LF ends it */
    }
    if (line_end) {
      if (*q != Q_QUOTED) {
        *at = i;
        return true;
      }
      (*newlines)++;
    }
    *q = next_state(*q, buf[i]);
  }
  *at = to;
  return false;
}

/* Finds the next record whole, reading blocks as needed.  A record that
 * outgrows the largest buffer is skipped to its end. */
/* The common case: the next line holds no quote, so it is the record. */
static bool find_plain_record(Registry *reg, Record *rec) {
  struct CsvReader *c = reg->csv;
  RegInput *in = &reg->in;
  const char *start = in->buf + c->pos;
  size_t avail = in->len - c->pos;
  const char *nl = memchr(start, '\n', avail);
  if (!nl || memchr(start, '"', (size_t)(nl - start)) ||
      (size_t)(nl - start) > reg->max_record ||
      (nl > start && memchr(start, '\r', (size_t)(nl - start) - 1)))
    return false;   /* the general path decides (a lone CR ends a record too) */
  c->last_plain = true;
  rec->ptr = (char *)start;
  rec->len = (size_t)(nl - start);
  rec->line = c->line;
  rec->unclosed = false;
  c->line++;
  c->pos += rec->len + 1;
  if (rec->len > 0 && rec->ptr[rec->len - 1] == '\r')
    rec->len--;
  return true;
}

static RecordEnd find_record(Registry *reg, Record *rec) {
  struct CsvReader *c = reg->csv;
  RegInput *in = &reg->in;
  c->last_plain = false;
  if (c->pos < in->len && find_plain_record(reg, rec))
    return REC_OK;
  QuoteState q = Q_FIELD_START;
  long newlines = 0;
  bool too_long = false, endless = false;
  size_t i = c->pos, skipped = 0;
  for (;;) {
    bool found = scan(in->buf, &i, in->len, in->eof, &q, &newlines);
    if (found)
      break;
    if (too_long && (endless = reg_skip_endless(reg, &skipped, i - c->pos))) {
      i = c->pos = 0;
      break;
    }
    size_t keep = too_long ? i : c->pos;   /* skipping: keep nothing */
    size_t n = reg_input_more(reg, keep);
    i -= keep;
    c->pos = 0;
    if (n == REG_INPUT_FULL)
      too_long = true;
    else if (n == 0 && i == in->len)
      break;   /* (else a CR is left to scan, now that the end is known) */
  }
  bool at_end = i == in->len;
  rec->ptr = in->buf + c->pos;
  rec->len = i - c->pos;
  rec->line = c->line;
  rec->unclosed = at_end && q == Q_QUOTED;
  rec->endless = endless;
  c->line += newlines + 1;
  c->pos = at_end ? i : i + 1;
  if (at_end && rec->len == 0 && !too_long)
    return REC_NONE;   /* (a skipped record keeps no bytes, yet it was there) */
  if (!rec->unclosed && rec->len > 0 && rec->ptr[rec->len - 1] == '\r')
    rec->len--;   /* CRLF (outside quotes, a CR before the LF is the end's) */
  if (too_long || rec->len > reg->max_record)
    return REC_TOO_LONG;   /* found whole, but over the limit all the same */
  return rec->unclosed ? REC_UNCLOSED : REC_OK;
}

/* The next record that is not an empty line. */
static RecordEnd next_record(Registry *reg, Record *rec) {
  RecordEnd end;
  while ((end = find_record(reg, rec)) == REC_OK && rec->len == 0)
    continue;
  return end;
}

static void push_field(struct CsvReader *c, int *n, char *ptr, size_t len) {
  if (*n == c->fields_cap) {
    c->fields_cap = c->fields_cap ? 2 * c->fields_cap : 64;
    c->fields = xrealloc(c->fields, sizeof *c->fields * (size_t)c->fields_cap);
  }
  c->fields[(*n)++] = (TextRef){ptr, (int64_t)len};
}

/* Splits p[0..len) in place into c->fields, removing the quotes (and one of
 * each doubled quote); returns the number of fields. */
/* `plain`: the record is known to hold no quote (find_plain_record). */
static int split_record(struct CsvReader *c, char *p, size_t len, bool plain) {
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
  if (end == REC_TOO_LONG && rec->endless)
    reg_report(reg, rec->line, "the record is longer than %s and does not end "
               "within twice that; the rest of the registry is not read",
               reg_limit_text(reg, limit));
  else if (end == REC_UNCLOSED)
    reg_report(reg, rec->line,
               "a quoted field is not closed before the end of the file");
  else if (end == REC_TOO_LONG && rec->unclosed)
    reg_report(reg, rec->line,
               "a quoted field is not closed before the end of the file "
               "(the record is longer than %s)", reg_limit_text(reg, limit));
  else if (end == REC_TOO_LONG)
    reg_report(reg, rec->line, "the record is longer than %s",
               reg_limit_text(reg, limit));
  return end == REC_UNCLOSED || end == REC_TOO_LONG;
}

bool csv_open(Registry *reg) {
  struct CsvReader *c = reg->csv = xcalloc(1, sizeof *c);
  c->line = 1;
  reg_skip_bom(reg, &c->pos);
  Record rec;
  RecordEnd end = next_record(reg, &rec);
  if (end == REC_NONE) {
    reg_report(reg, 0, "the registry is empty (no header row)");
    return false;
  }
  if (report_bad_record(reg, end, &rec))
    return false;
  int n = split_record(c, rec.ptr, rec.len, false);
  c->header_count = n;
  c->field_col = xmalloc(sizeof *c->field_col * (size_t)n);
  if (!reg_bind_header(reg, c->fields, n, rec.line, c->field_col))
    return false;
  c->plain = xmalloc(sizeof *c->plain * (size_t)n);
  for (int f = 0; f < n; f++) {
    int col = c->field_col[f];
    c->plain[f] = (PlainField){col, col < 0 ? PR_SKIP
                                    : plain_reader_for(reg->schema->columns[col].kind)};
  }
  return true;
}

static RegistryStatus parse_fields(Registry *reg, char *bytes, size_t len, long line,
                                   RegistryRow *row, bool plain);

static bool c_plain(const Registry *reg) { return reg->csv->last_plain; }

RegistryStatus csv_next(Registry *reg, RegistryRow *row) {
  Record rec;
  RecordEnd end = next_record(reg, &rec);
  if (end == REC_NONE)
    return REG_END;
  if (report_bad_record(reg, end, &rec))
    return reg_row_reject(reg, row, rec.line);
  return parse_fields(reg, rec.ptr, rec.len, rec.line, row, c_plain(reg));
}

RegistryStatus csv_next_record(Registry *reg, char **bytes, size_t *len, long *line) {
  Record rec;
  RecordEnd end = next_record(reg, &rec);
  if (end == REC_NONE)
    return REG_END;
  *bytes = rec.ptr;
  *len = rec.len;
  *line = rec.line;
  if (report_bad_record(reg, end, &rec)) {
    reg->rejected++;
    return REG_REJECTED;
  }
  return REG_ROW;
}

/* One record's fields into a row (its bytes are changed in place). */
RegistryStatus csv_parse_record(Registry *reg, char *bytes, size_t len, long line,
                                RegistryRow *row) {
  return parse_fields(reg, bytes, len, line, row, false);
}

static RegistryStatus parse_fields(Registry *reg, char *bytes, size_t len, long line,
                                   RegistryRow *row, bool plain) {
  struct CsvReader *c = reg->csv;
  plain = plain || !memchr(bytes, '"', len);
  if (plain && !reg->general_only &&
      csv_read_plain(reg, c->plain, c->header_count, bytes, len))
    return reg_row_end(reg, row, line);
  Record rec = {.ptr = bytes, .len = len, .line = line};
  int n = split_record(c, rec.ptr, rec.len, plain);
  if (n != c->header_count) {
    reg_report(reg, rec.line, "expected %d fields, found %d", c->header_count, n);
    return reg_row_reject(reg, row, rec.line);
  }
  reg_row_begin(reg);
  for (int f = 0; f < n; f++)
    if (c->field_col[f] >= 0)
      reg_row_cell(reg, rec.line, c->field_col[f], c->fields[f].ptr,
                   (size_t)c->fields[f].len, CELL_PLAIN);
  return reg_row_end(reg, row, rec.line);
}

/* A reader for another thread: the header's binding shared, the fields
 * its own. */
struct CsvReader *csv_worker(const struct CsvReader *c) {
  struct CsvReader *w = xcalloc(1, sizeof *w);
  w->header_count = c->header_count;
  w->field_col = c->field_col;
  w->plain = c->plain;
  return w;
}

void csv_worker_free(struct CsvReader *w) {
  if (w) {
    free(w->fields);
    free(w);
  }
}

void csv_close(Registry *reg) {
  struct CsvReader *c = reg->csv;
  if (!c)
    return;
  free(c->field_col);
  free(c->plain);
  free(c->fields);
  free(c);
  reg->csv = NULL;
}
