/*
 * rejects.c - the rejected rows, kept from the messages and copied from the
 * registry read again (rejects.h).
 */
#define _GNU_SOURCE   /* fopencookie: the messages both shown and kept */
#include "rejects.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/i18n.h"
#include "../base/textbuf.h"
#include "reg_input.h"
#include "rejects_impl.h"
#include "rejects_table.h"

struct Rejects {
  char *registry;         /* "NAME:" as messages begin */
  FILE *messages_to;
  TextBuf pending;        /* a message line not yet ended */
  Rejected *rows;
  size_t count, cap;
};

/* The forms each registry's rows can be written in: a text registry's
 * records are copied as they are, in its own form only. */
static bool form_fits(RejectsOrigin origin, RejectsForm form) {
  switch (origin) {
  case ORIGIN_CSV:
    return form == REJECTS_CSV;
  case ORIGIN_JSONL:
    return form == REJECTS_JSONL;
  default:
    return form != REJECTS_JSONL;
  }
}

bool rejects_form(const char *file, RejectsOrigin origin, RejectsForm *form) {
  static const struct { const char *ending; RejectsForm form; } endings[] = {
      {".csv", REJECTS_CSV},       {".jsonl", REJECTS_JSONL},    {".ndjson", REJECTS_JSONL},
      {".xlsx", REJECTS_XLSX},     {".sqlite", REJECTS_SQLITE},  {".sqlite3", REJECTS_SQLITE},
      {".db", REJECTS_SQLITE},
  };
  static const RejectsForm own[] = {
      [ORIGIN_CSV] = REJECTS_CSV,       [ORIGIN_JSONL] = REJECTS_JSONL,
      [ORIGIN_XLSX] = REJECTS_XLSX,     [ORIGIN_SQLITE] = REJECTS_SQLITE,
      [ORIGIN_POSTGRES] = REJECTS_CSV,
  };
  *form = own[origin];
  for (size_t i = 0; i < sizeof endings / sizeof *endings; i++)
    if (registry_path_ends(file, endings[i].ending))
      *form = endings[i].form;
  return form_fits(origin, *form);
}

Rejects *rejects_new(const char *registry) {
  Rejects *r = xcalloc(1, sizeof *r);
  size_t n = strlen(registry);
  r->registry = xmalloc(n + 2);
  memcpy(r->registry, registry, n);
  strcpy(r->registry + n, ":");
  return r;
}

long rejects_count(const Rejects *r) {
  return (long)r->count;
}

/* ---- the messages, kept ---- */

static Rejected *row_for(Rejects *r, long line, const char *where, size_t wlen) {
  if (r->count > 0) {   /* a row's messages come together */
    Rejected *last = &r->rows[r->count - 1];
    if (last->line == line && (line > 0 || (strlen(last->where) == wlen &&
                                            memcmp(last->where, where, wlen) == 0)))
      return last;
  }
  if (r->count == r->cap) {
    r->cap = r->cap ? 2 * r->cap : 64;
    r->rows = xrealloc(r->rows, sizeof *r->rows * r->cap);
  }
  Rejected *row = &r->rows[r->count++];
  *row = (Rejected){.line = line};
  row->where = xmalloc(wlen + 1);
  memcpy(row->where, where, wlen);
  row->where[wlen] = '\0';
  return row;
}

/* "NAME:ROW: reason" or "NAME:id=ID: reason"; other lines (about the
 * whole file, warnings) are not rows. */
static void keep_line(Rejects *r, const char *line, size_t len) {
  size_t n = strlen(r->registry);
  if (len <= n || memcmp(line, r->registry, n) != 0)
    return;
  const char *p = line + n, *end = line + len, *where = p;
  long row = 0;
  if (len - n > 3 && memcmp(p, "id=", 3) == 0) {
    where = p += 3;
    while (p + 1 < end && !(p[0] == ':' && p[1] == ' '))
      p++;
    if (p + 1 >= end)
      return;
  } else {
    char *stop;
    row = strtol(p, &stop, 10);
    if (stop == p || *stop != ':' || row <= 0)
      return;
    p = stop;
  }
  const char *reason = p + 1;
  while (reason < end && *reason == ' ')
    reason++;
  Rejected *kept = row_for(r, row, where, (size_t)(p - where));
  if (kept->reason.len)
    tb_put(&kept->reason, "; ", 2);
  tb_put(&kept->reason, reason, (size_t)(end - reason));
}

static ssize_t tee_write(void *cookie, const char *buf, size_t size) {
  Rejects *r = cookie;
  fwrite(buf, 1, size, r->messages_to);
  tb_put(&r->pending, buf, size);
  size_t start = 0;
  for (size_t i = 0; i < r->pending.len; i++)
    if (r->pending.data[i] == '\n') {
      keep_line(r, r->pending.data + start, i - start);
      start = i + 1;
    }
  memmove(r->pending.data, r->pending.data + start, r->pending.len - start);
  r->pending.len -= start;
  return (ssize_t)size;
}

FILE *rejects_messages(Rejects *r, FILE *to) {
  r->messages_to = to;
  cookie_io_functions_t io = {.write = tee_write};
  FILE *fp = fopencookie(r, "w", io);
  if (fp)
    setvbuf(fp, NULL, _IOLBF, 0);
  return fp ? fp : to;
}

/* ---- the file written ---- */

static void json_string(FILE *out, const char *s, size_t len) {
  fputc('"', out);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\')
      fprintf(out, "\\%c", c);
    else if (c < 0x20)
      fprintf(out, "\\u%04x", c);
    else
      fputc(c, out);
  }
  fputc('"', out);
}

/* Reads the next record of a CSV (a line break inside quotes is part of
 * it) into `rec`, without its line break, which goes into `eol`; the
 * record's first line is *line, and *line moves past it.  False at the end. */
static bool csv_record(FILE *in, TextBuf *rec, char eol[3], long *line, long *next) {
  rec->len = 0;
  eol[0] = '\0';
  bool quoted = false;
  int c;
  *line = *next;
  if ((c = getc(in)) == EOF)
    return false;
  for (; c != EOF; c = getc(in)) {
    if (c == '"')
      quoted = !quoted;
    if (c == '\r' || c == '\n') {
      int after = c == '\r' ? getc(in) : EOF;
      if (c == '\r' && after != '\n' && after != EOF)
        ungetc(after, in);
      bool crlf = c == '\r' && after == '\n';
      ++*next;
      if (!quoted) {
        strcpy(eol, crlf ? "\r\n" : c == '\r' ? "\r" : "\n");
        return true;
      }
      tb_put(rec, crlf ? "\r\n" : c == '\r' ? "\r" : "\n", crlf ? 2 : 1);
      continue;
    }
    tb_putc(rec, (char)c);
  }
  return true;
}

/* The fields of a CSV record: its commas outside quotes, and one. */
static long csv_fields(const TextBuf *rec) {
  long fields = 1;
  bool quoted = false;
  for (size_t i = 0; i < rec->len; i++) {
    quoted ^= rec->data[i] == '"';
    fields += !quoted && rec->data[i] == ',';
  }
  return fields;
}

static void write_csv(Rejects *r, FILE *in, FILE *out) {
  TextBuf rec = {0};
  char eol[3];
  long line, next = 1;
  size_t k = 0;
  bool header = true;
  long columns = 0;
  while (csv_record(in, &rec, eol, &line, &next)) {
    if (header) {   /* the header, with the reason's column */
      fwrite(rec.data, 1, rec.len, out);
      fprintf(out, ",reason%s", *eol ? eol : "\n");
      columns = csv_fields(&rec);
      header = false;
      continue;
    }
    while (k < r->count && r->rows[k].line < line)
      k++;
    if (k == r->count)
      break;
    if (r->rows[k].line != line)
      continue;
    fwrite(rec.data, 1, rec.len, out);
    for (long f = csv_fields(&rec); f < columns; f++)   /* a short record: the reason */
      fputc(',', out);                                    /* still in its column */
    fputc(',', out);
    rejects_csv_field(out, r->rows[k].reason.data, r->rows[k].reason.len);
    fputs(*eol ? eol : "\n", out);
  }
  tb_free(&rec);
}

/* A JSON line: the object with "reason" added before its closing brace;
 * a line that is no object is kept as the text of one. */
static void write_json_line(FILE *out, const char *s, size_t len, const TextBuf *reason) {
  size_t a = 0, b = len;
  while (a < b && (s[a] == ' ' || s[a] == '\t'))
    a++;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
    b--;
  if (b - a >= 2 && s[a] == '{' && s[b - 1] == '}') {
    size_t inner = b - 1;
    bool empty = true;
    for (size_t i = a + 1; i < inner && empty; i++)
      empty = s[i] == ' ' || s[i] == '\t';
    fwrite(s + a, 1, inner - a, out);
    fputs(empty ? "\"reason\": " : ", \"reason\": ", out);
    json_string(out, reason->data, reason->len);
    fputs("}\n", out);
    return;
  }
  fputs("{\"reason\": ", out);
  json_string(out, reason->data, reason->len);
  fputs(", \"text\": ", out);
  json_string(out, s, len);
  fputs("}\n", out);
}

static void write_jsonl(Rejects *r, FILE *in, FILE *out) {
  char *buf = NULL;
  size_t cap = 0, k = 0;
  ssize_t n;
  long line = 0;
  while (k < r->count && (n = getline(&buf, &cap, in)) >= 0) {
    line++;
    while (k < r->count && r->rows[k].line < line)
      k++;
    if (k < r->count && r->rows[k].line == line)
      write_json_line(out, buf, (size_t)n - (n > 0 && buf[n - 1] == '\n'), &r->rows[k].reason);
  }
  free(buf);
}

static int by_line(const void *a, const void *b) {
  long x = ((const Rejected *)a)->line, y = ((const Rejected *)b)->line;
  return (x > y) - (x < y);
}

/* A CSV or JSON Lines registry: its records copied. */
static bool write_text(Rejects *r, const RejectsSource *from, const RejectsTarget *to,
                       char *why, size_t size) {
  FILE *in = fopen(from->path, "rb");
  if (!in) {
    snprintf(why, size, _("cannot read '%s' again: %s"), from->path, strerror(errno));
    return false;
  }
  if (from->origin == ORIGIN_CSV)
    write_csv(r, in, to->fp);
  else
    write_jsonl(r, in, to->fp);
  bool ok = !ferror(in);
  if (!ok)
    snprintf(why, size, _("cannot read '%s' again: %s"), from->path, strerror(errno));
  fclose(in);
  return ok;
}

bool rejects_write(Rejects *r, const RejectsSource *from, const RejectsTarget *to, char *why,
                   size_t size) {
  if (r->count > 1 && from->origin != ORIGIN_POSTGRES)   /* (qsort takes no NULL array) */
    qsort(r->rows, r->count, sizeof *r->rows, by_line);
  switch (from->origin) {
  case ORIGIN_XLSX:
    return rejects_write_xlsx(r->rows, r->count, from, to, why, size);
  case ORIGIN_SQLITE:
    return rejects_write_sqlite(r->rows, r->count, from, to, why, size);
  case ORIGIN_POSTGRES:
    return rejects_write_pg(r->rows, r->count, from, to, why, size);
  default:
    return write_text(r, from, to, why, size);
  }
}

void rejects_free(Rejects *r) {
  if (!r)
    return;
  for (size_t k = 0; k < r->count; k++) {
    free(r->rows[k].where);
    tb_free(&r->rows[k].reason);
  }
  free(r->rows);
  tb_free(&r->pending);
  free(r->registry);
  free(r);
}
