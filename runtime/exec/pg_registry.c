/*
 * pg_registry.c - a PostgreSQL table or query as a registry
 * (`--registry postgresql://... --table NAME` or `--query SQL`).
 *
 * The server sends the rows with COPY (SELECT ...) TO STDOUT (FORMAT csv,
 * HEADER), and that stream is read exactly as a CSV file is: through a
 * stdio stream whose reads take the COPY's chunks (fopencookie), the block
 * input, the CSV reader, its threads and the engines.  Memory stays
 * constant: one chunk at a time.  Only what a database has and a file has
 * not is here: connecting, asking for the rows, and naming a rejected row
 * by its id (`registry:id=ID: ...`), since a table has no line numbers.
 *
 * Cells are read as the CSV's are: a numeric, bigint, integer or text
 * column holding yuan is read exactly; a boolean column is sent as
 * true/false (`::text`), since COPY writes t/f.  Connection, permission
 * and missing-table problems are said once and mark the source unreachable
 * (polc eval exits 2).
 */
#define _GNU_SOURCE   /* fopencookie */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/textbuf.h"
#include "csv_reader.h"
#include "pg_common.h"
#include "registry_impl.h"

/* The COPY being read, behind the stdio stream. */
typedef struct PgCopy {
  PGconn *conn;
  char *chunk;        /* PQgetCopyData's row, handed out from `at` */
  size_t len, at;
  bool done;
  RowBuilder *report; /* the registry's: where a failure mid-way is said */
} PgCopy;

/* The end of the COPY: the server's verdict on it (a query may fail after
 * its first rows), said and counted as lost rows. */
static void copy_finish(PgCopy *c) {
  c->done = true;
  PGresult *res;
  while ((res = PQgetResult(c->conn)) != NULL) {
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
      char why[1024];
      pg_error_line(c->conn, res, why, sizeof why);
      rb_report(c->report, 0, "PostgreSQL stopped sending rows: %s", why);
      c->report->rejected++;
    }
    PQclear(res);
  }
}

static ssize_t copy_read(void *cookie, char *buf, size_t size) {
  PgCopy *c = cookie;
  while (c->at == c->len) {
    if (c->done)
      return 0;
    PQfreemem(c->chunk);
    c->chunk = NULL;
    c->at = c->len = 0;
    int n = PQgetCopyData(c->conn, &c->chunk, 0);
    if (n > 0)
      c->len = (size_t)n;
    else
      copy_finish(c);   /* -1: the end; -2: an error, said by the result */
  }
  size_t n = c->len - c->at < size ? c->len - c->at : size;
  memcpy(buf, c->chunk + c->at, n);
  c->at += n;
  return (ssize_t)n;
}

static int copy_close(void *cookie) {
  PgCopy *c = cookie;
  PQfreemem(c->chunk);
  PQfinish(c->conn);   /* mid-COPY too: the server ends it */
  free(c);
  return 0;
}

/* Starts the COPY on `conn`; false after writing why (conn is then
 * closed). */
static bool start_copy(PGconn *conn, const RegistryOptions *src, char *why, size_t size) {
  bool ok = pg_copy_start(conn, src->table, src->query, NULL, NULL, why, size);
  if (!ok)
    PQfinish(conn);
  return ok;
}

static bool pg_claims(const char *path) { return pg_is_conninfo(path); }

static bool pg_open(Registry *reg, const char *path) {
  RegistryOptions *src = reg->options;
  const char *shown = src->table ? src->table : "<query>";
  free(reg->name);   /* never the connection string: it may hold a password */
  reg->name = strcpy(xmalloc(strlen(shown) + 1), shown);
  reg->rows.name = reg->name;
  char why[1024];
  PGconn *conn = pg_connect(path, why, sizeof why);
  if (!conn) {
    rb_report(&reg->rows, 0, "cannot connect to PostgreSQL: %s", why);
    src->unreachable = true;
    return false;
  }
  if (!start_copy(conn, src, why, sizeof why)) {
    rb_report(&reg->rows, 0, "cannot read the registry from PostgreSQL: %s", why);
    src->unreachable = true;
    return false;
  }
  PgCopy *copy = xcalloc(1, sizeof *copy);
  *copy = (PgCopy){.conn = conn, .report = &reg->rows};
  cookie_io_functions_t io = {.read = copy_read, .close = copy_close};
  FILE *stream = fopencookie(copy, "r", io);
  if (!stream) {
    copy_close(copy);
    rb_report(&reg->rows, 0, "cannot read the registry from PostgreSQL: %s", "out of memory");
    return false;
  }
  reg_input_attach(&reg->in, stream, reg->limits, &reg->rows);
  return csv_read_header(reg, true);
}

/* The rest is the CSV reader's, over the COPY's bytes. */
static RegistryStatus pg_next_row(Registry *reg, RegistryRow *row) {
  return csv_format.next_row(reg, row);
}
static void pg_close(Registry *reg) { csv_format.close(reg); }
static RegistryStatus pg_next_record(Registry *reg, char **bytes, size_t *len, long *line) {
  return csv_format.next_record(reg, bytes, len, line);
}
static void *pg_worker_new(const Registry *reg) { return csv_format.worker_new(reg); }
static void pg_worker_free(void *state) { csv_format.worker_free(state); }
static RegistryStatus pg_parse_record(RegistryWorker *w, char *bytes, size_t len, long line,
                                      RegistryRow *row) {
  return csv_format.parse_record(w, bytes, len, line, row);
}

const RegistryFormat pg_format = {
    .name = "PostgreSQL",
    .claims = pg_claims,
    .database = true,
    .open = pg_open,
    .next_row = pg_next_row,
    .close = pg_close,
    .byte_records = true,
    .next_record = pg_next_record,
    .worker_new = pg_worker_new,
    .worker_free = pg_worker_free,
    .parse_record = pg_parse_record,
};
