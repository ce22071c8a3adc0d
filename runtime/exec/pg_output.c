/*
 * pg_output.c - results into a PostgreSQL table, replaced only when the
 * run succeeds (pg_output.h).
 */
#define _GNU_SOURCE   /* fopencookie */
#include "pg_output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/arena.h"
#include "../base/textbuf.h"
#include "pg_common.h"

struct PgOutput {
  PGconn *conn;
  FILE *fp;
  char *target;      /* the table, quoted (schema.name) */
  char *target_own;  /* its own name, quoted, for RENAME TO */
  char *fresh;       /* the new table, quoted */
  bool copy_failed;  /* a PQputCopyData failed */
};

static ssize_t copy_write(void *cookie, const char *buf, size_t size) {
  PgOutput *out = cookie;
  if (PQputCopyData(out->conn, buf, (int)size) != 1) {
    out->copy_failed = true;
    errno = EIO;
    return -1;
  }
  return (ssize_t)size;
}

static bool run(PGconn *conn, const char *sql, ExecStatusType want, char *why, size_t size) {
  PGresult *res = PQexec(conn, sql);
  bool ok = PQresultStatus(res) == want;
  if (!ok)
    pg_error_line(conn, res, why, size);
  PQclear(res);
  return ok;
}

static void append(TextBuf *tb, const char *s) { tb_put(tb, s, strlen(s)); }

/* CREATE TABLE fresh (id text, total numeric(20,2), "p.rule" ...). */
static bool create_table(PgOutput *out, const IrProgram *prog, char *why, size_t size) {
  TextBuf sql = {0};
  append(&sql, "CREATE TABLE ");
  append(&sql, out->fresh);
  append(&sql, " (id text, total numeric(20,2)");
  for (int r = 0; r < prog->nrules; r++) {
    const char *name = prog->rules[r].qualified;
    char *quoted = PQescapeIdentifier(out->conn, name, strlen(name));
    append(&sql, ", ");
    append(&sql, quoted ? quoted : "\"?\"");
    append(&sql, " numeric(20,2)");
    PQfreemem(quoted);
  }
  append(&sql, ")");
  tb_putc(&sql, '\0');
  bool ok = run(out->conn, sql.data, PGRES_COMMAND_OK, why, size);
  tb_free(&sql);
  return ok;
}

/* The names: the target, its own name alone, and a new table beside it. */
static bool name_tables(PgOutput *out, const char *table) {
  const char *dot = strchr(table, '.');
  const char *own = dot ? dot + 1 : table;
  char fresh[256];
  snprintf(fresh, sizeof fresh, "%.*s%spolc_new_%ld", dot ? (int)(dot - table) : 0, table,
           dot ? "." : "", (long)getpid());
  out->target = pg_quote_table(out->conn, table, NULL);
  out->target_own = pg_quote_table(out->conn, own, NULL);
  out->fresh = pg_quote_table(out->conn, fresh, NULL);
  return out->target && out->target_own && out->fresh && strlen(table) < 200;
}

static void free_output(PgOutput *out) {
  if (out->fp) {
    fclose(out->fp);
    out->fp = NULL;
  }
  PQfinish(out->conn);
  free(out->target);
  free(out->target_own);
  free(out->fresh);
  free(out);
}

PgOutput *pg_output_open(const char *conninfo, const char *table, const IrProgram *prog,
                         FILE **fp, char *why, size_t size) {
  PGconn *conn = pg_connect(conninfo, why, size);
  if (!conn)
    return NULL;
  PgOutput *out = xcalloc(1, sizeof *out);
  out->conn = conn;
  PQsetClientEncoding(conn, "UTF8");
  bool ok = name_tables(out, table);
  if (!ok)
    snprintf(why, size, "cannot use '%s' as a table name", table);
  ok = ok && run(conn, "BEGIN", PGRES_COMMAND_OK, why, size) &&
       create_table(out, prog, why, size);
  if (ok) {
    TextBuf sql = {0};
    append(&sql, "COPY ");
    append(&sql, out->fresh);
    append(&sql, " FROM STDIN (FORMAT csv, HEADER)");
    tb_putc(&sql, '\0');
    ok = run(conn, sql.data, PGRES_COPY_IN, why, size);
    tb_free(&sql);
  }
  cookie_io_functions_t io = {.write = copy_write};
  if (ok && !(out->fp = fopencookie(out, "w", io)))
    ok = (snprintf(why, size, "%s", strerror(errno)), false);
  if (!ok) {
    free_output(out);
    return NULL;
  }
  *fp = out->fp;
  return out;
}

bool pg_output_commit(PgOutput *out, char *why, size_t size) {
  bool ok = fflush(out->fp) == 0 && !out->copy_failed;
  fclose(out->fp);
  out->fp = NULL;
  if (!ok)
    pg_error_line(out->conn, NULL, why, size);
  if (ok && PQputCopyEnd(out->conn, NULL) != 1)
    ok = (pg_error_line(out->conn, NULL, why, size), false);
  PGresult *res;
  while ((res = PQgetResult(out->conn)) != NULL) {
    if (ok && PQresultStatus(res) != PGRES_COMMAND_OK)
      ok = (pg_error_line(out->conn, res, why, size), false);
    PQclear(res);
  }
  TextBuf sql = {0};
  append(&sql, "DROP TABLE IF EXISTS ");
  append(&sql, out->target);
  append(&sql, "; ALTER TABLE ");
  append(&sql, out->fresh);
  append(&sql, " RENAME TO ");
  append(&sql, out->target_own);
  tb_putc(&sql, '\0');
  ok = ok && run(out->conn, sql.data, PGRES_COMMAND_OK, why, size) &&
       run(out->conn, "COMMIT", PGRES_COMMAND_OK, why, size);
  tb_free(&sql);
  if (!ok)
    PQclear(PQexec(out->conn, "ROLLBACK"));
  free_output(out);
  return ok;
}

void pg_output_abort(PgOutput *out) {
  if (out->fp) {
    fclose(out->fp);
    out->fp = NULL;
  }
  PQputCopyEnd(out->conn, "the run failed");
  PGresult *res;
  while ((res = PQgetResult(out->conn)) != NULL)
    PQclear(res);
  PQclear(PQexec(out->conn, "ROLLBACK"));
  free_output(out);
}
