/*
 * rejects_pg.c - a PostgreSQL registry's rejected rows (rejects_impl.h).
 * A server is no file to copy: its rows are asked for again, as the run
 * asked (pg_copy_start: the same columns, booleans as true/false), and
 * the rows whose `id` the messages named are written with every column
 * as the query returned it, typed by the column's type (integers, floats,
 * booleans and dates as such; numeric and text as their exact text).
 * Messages name a database's row by its id, and a server gives no stable
 * order to count positions by: an id on several rows of the result has
 * them all written, with a warning naming the id.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/arena.h"
#include "../base/date.h"
#include "../base/i18n.h"
#include "../base/textbuf.h"
#include "pg_common.h"
#include "rejects_impl.h"
#include "rejects_table.h"

enum {
  INT8_OID = 20, INT2_OID = 21, INT4_OID = 23, FLOAT4_OID = 700, FLOAT8_OID = 701,
  BOOL_OID = 16, DATE_OID = 1082,
};

/* A rejected id, found by bsearch; the rows of the result with it. */
typedef struct ById {
  const Rejected *row;
  long found;
} ById;

static int by_id(const void *a, const void *b) {
  return strcmp(((const ById *)a)->row->where, ((const ById *)b)->row->where);
}

/* The fields of one COPY CSV line (without its line break): each field's
 * text unquoted into `text` and ended by a NUL, its start in starts[];
 * null[f]: unquoted and empty, as COPY writes NULL. */
typedef struct Fields {
  TextBuf text;
  size_t *starts, *lens;
  bool *null;
  int n, cap;
} Fields;

static void add_field(Fields *f, size_t start, bool quoted) {
  if (f->n == f->cap) {
    f->cap = f->cap ? 2 * f->cap : 16;
    f->starts = xrealloc(f->starts, sizeof *f->starts * (size_t)f->cap);
    f->lens = xrealloc(f->lens, sizeof *f->lens * (size_t)f->cap);
    f->null = xrealloc(f->null, sizeof *f->null * (size_t)f->cap);
  }
  f->starts[f->n] = start;
  f->lens[f->n] = f->text.len - start;
  f->null[f->n] = !quoted && f->text.len == start;
  f->n++;
  tb_putc(&f->text, '\0');   /* each field a string */
}

static void split_line(Fields *f, const char *line, size_t len) {
  f->text.len = 0;
  f->n = 0;
  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    len--;
  size_t start = 0;
  bool quoted = false, in_quotes = false;
  for (size_t i = 0; i < len; i++) {
    char c = line[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < len && line[i + 1] == '"')
        tb_putc(&f->text, line[++i]);
      else if (c == '"')
        in_quotes = false;
      else
        tb_putc(&f->text, c);
    } else if (c == '"') {
      in_quotes = quoted = true;
    } else if (c == ',') {
      add_field(f, start, quoted);
      start = f->text.len;
      quoted = false;
    } else {
      tb_putc(&f->text, c);
    }
  }
  add_field(f, start, quoted);
}

/* The SQLite type a column of PostgreSQL type `oid` is written as. */
static const char *sql_type(unsigned oid) {
  switch (oid) {
  case INT2_OID: case INT4_OID: case INT8_OID: case BOOL_OID:
    return "INTEGER";
  case FLOAT4_OID: case FLOAT8_OID:
    return "REAL";
  default:
    return "TEXT";   /* numeric: its exact digits; dates ISO */
  }
}

static RejectsCell typed_cell(unsigned oid, const char *t, size_t n, bool null) {
  RejectsCell c = {.kind = null ? RK_EMPTY : RK_TEXT, .text = t, .len = n};
  char *end;
  if (null)
    return c;
  switch (oid) {
  case INT2_OID: case INT4_OID: case INT8_OID:
    c.integer = strtoll(t, &end, 10);
    c.kind = end == t + n ? RK_INTEGER : RK_TEXT;
    break;
  case FLOAT4_OID: case FLOAT8_OID:
    c.real = strtod(t, &end);
    c.kind = end == t + n ? RK_REAL : RK_TEXT;
    break;
  case BOOL_OID:
    if (n == 4 || n == 5) {
      c.kind = RK_BOOL;
      c.integer = n == 4;
    }
    break;
  case DATE_OID:
    if (date_parse(t, n, &c.days))
      c.kind = RK_DATE;
    break;
  default:
    break;
  }
  return c;
}

typedef struct Copy {
  PGconn *conn;
  unsigned *types;
  int ntypes;
  Fields fields;
  RejectsCell *cells;
  int id;                 /* the id's column */
} Copy;

/* The header: the columns' names, the table opened. */
static RejectsTable *read_header(Copy *x, const RejectsSource *from, const RejectsTarget *to,
                                 char *why, size_t size) {
  char *line = NULL;
  int len = PQgetCopyData(x->conn, &line, 0);
  if (len <= 0) {
    snprintf(why, size, "%s", _("PostgreSQL sent no header row"));
    return NULL;
  }
  split_line(&x->fields, line, (size_t)len);
  PQfreemem(line);
  const char **names = xcalloc((size_t)x->fields.n + 1, sizeof *names);
  const char **types = xcalloc((size_t)x->fields.n + 1, sizeof *types);
  x->id = -1;
  for (int f = 0; f < x->fields.n; f++) {
    names[f] = x->fields.text.data + x->fields.starts[f];
    types[f] = sql_type(f < x->ntypes ? x->types[f] : 0);
    if (x->id < 0 && (strcasecmp(names[f], "id") == 0 ||
                      (from->id_label && strcmp(names[f], from->id_label) == 0)))
      x->id = f;   /* as the run bound it (columns.h): by name or label */
  }
  RejectsTable *t = NULL;
  if (x->id < 0)
    snprintf(why, size, "%s", _("the rows PostgreSQL sent have no column `id` (or its label) "
                                "to find the rejected rows by"));
  else
    t = rejects_table_open(to, from->table ? from->table : "rejects", names, types,
                           x->fields.n, why, size);
  x->cells = xcalloc((size_t)x->fields.n + 1, sizeof *x->cells);
  free(names);
  free(types);
  return t;
}

/* Writes the row in x->fields when its id was rejected. */
static bool copy_row(Copy *x, RejectsTable *t, ById *ids, size_t n, int ncols) {
  if (x->id >= x->fields.n)
    return true;
  const char *text = x->fields.text.data;
  Rejected key = {.where = (char *)text + x->fields.starts[x->id]};
  ById probe = {.row = &key};
  ById *hit = n ? bsearch(&probe, ids, n, sizeof *ids, by_id) : NULL;
  if (!hit)
    return true;
  hit->found++;
  for (int f = 0; f < ncols; f++)
    x->cells[f] = f < x->fields.n
                      ? typed_cell(f < x->ntypes ? x->types[f] : 0, text + x->fields.starts[f],
                                   x->fields.lens[f], x->fields.null[f])
                      : (RejectsCell){.kind = RK_EMPTY, .text = "", .len = 0};
  return rejects_table_row(t, x->cells, hit->row->reason.data, hit->row->reason.len);
}

static void warn_repeated(const ById *ids, size_t n, const RejectsSource *from,
                          const RejectsTarget *to) {
  const char *name = from->table ? from->table : "<query>";
  for (size_t k = 0; k < n && to->notes; k++)
    if (ids[k].found > 1)
      fprintf(to->notes, _("%s:id=%s: warning: the id is on %ld rows; --rejects writes them "
                           "all, as the messages name a row by its id\n"),
              name, ids[k].row->where, ids[k].found);
}

bool rejects_write_pg(const Rejected *rows, size_t n, const RejectsSource *from,
                      const RejectsTarget *to, char *why, size_t size) {
  Copy x = {.id = -1};
  ById *ids = xcalloc(n + 1, sizeof *ids);
  for (size_t k = 0; k < n; k++)
    ids[k].row = &rows[k];
  if (n > 1)
    qsort(ids, n, sizeof *ids, by_id);
  char pg_why[1024];
  RejectsTable *table = NULL;
  x.conn = pg_connect(from->path, pg_why, sizeof pg_why);
  Oid *types = NULL;
  bool ok = x.conn && pg_copy_start(x.conn, from->table, from->query, &types, &x.ntypes,
                                    pg_why, sizeof pg_why);
  x.types = types;
  if (!ok)
    snprintf(why, size, _("cannot read the registry from PostgreSQL again: %s"), pg_why);
  else
    ok = (table = read_header(&x, from, to, why, size)) != NULL;
  int ncols = x.fields.n;
  char *line = NULL;
  int len;
  while (ok && (len = PQgetCopyData(x.conn, &line, 0)) > 0) {
    split_line(&x.fields, line, (size_t)len);
    PQfreemem(line);
    line = NULL;
    ok = copy_row(&x, table, ids, n, ncols);
  }
  if (table && !rejects_table_close(table, ok, why, size))
    ok = false;
  if (ok)
    warn_repeated(ids, n, from, to);
  if (x.conn)
    PQfinish(x.conn);
  free(types);
  free(ids);
  free(x.cells);
  free(x.fields.starts);
  free(x.fields.lens);
  free(x.fields.null);
  tb_free(&x.fields.text);
  return ok;
}
