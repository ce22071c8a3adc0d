/*
 * pg_common.c - connection strings, connecting and quoting for the
 * PostgreSQL registry and destination (pg_common.h).
 */
#include "pg_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/arena.h"
#include "../base/i18n.h"
#include "../base/textbuf.h"

enum { BOOL_OID = 16, CASH_OID = 790 };

/* Whether `name` starts with one of libpq's keywords and `=`. */
static bool starts_with_keyword(const char *name) {
  const char *eq = strchr(name, '=');
  if (!eq || eq == name)
    return false;
  if (pq_bind())   /* no libpq to ask: pg_connect says why */
    return true;
  PQconninfoOption *options = PQconndefaults();
  bool found = false;
  for (PQconninfoOption *o = options; o && o->keyword && !found; o++)
    found = strlen(o->keyword) == (size_t)(eq - name) &&
            strncmp(o->keyword, name, (size_t)(eq - name)) == 0;
  PQconninfoFree(options);
  return found;
}

bool pg_is_conninfo(const char *name) {
  if (strncmp(name, "postgresql://", 13) == 0 || strncmp(name, "postgres://", 11) == 0)
    return true;
  return starts_with_keyword(name) && access(name, F_OK) != 0;
}

/* Copies a libpq message into why[0..size) on one line: line breaks and
 * the tabs after them become "; ", a prefix "ERROR:  " and the trailing
 * newline go. */
static void one_line(const char *msg, char *why, size_t size) {
  if (strncmp(msg, "ERROR:  ", 8) == 0)
    msg += 8;
  size_t w = 0;
  for (const char *p = msg; *p && w + 3 < size; p++) {
    if (*p == '\n' || *p == '\r') {
      while (p[1] == '\n' || p[1] == '\r' || p[1] == '\t' || p[1] == ' ')
        p++;
      if (p[1])
        why[w++] = ';', why[w++] = ' ';
    } else {
      why[w++] = *p == '\t' ? ' ' : *p;
    }
  }
  why[w] = '\0';
}

/* The server's notices (`table ... does not exist, skipping`) are not for
 * a drafter: polc says what matters itself. */
static void quiet(void *arg, const char *message) {
  (void)arg;
  (void)message;
}

PGconn *pg_connect(const char *conninfo, char *why, size_t size) {
  const char *unbound = pq_bind();   /* loaded now, not at start-up */
  if (unbound) {
    snprintf(why, size, _("libpq, which connects to PostgreSQL, could not be loaded: %s "
                          "(install libpq5)"), unbound);
    return NULL;
  }
  PGconn *conn = PQconnectdb(conninfo);
  if (conn && PQstatus(conn) == CONNECTION_OK) {
    PQsetNoticeProcessor(conn, quiet, NULL);
    return conn;
  }
  one_line(conn ? PQerrorMessage(conn) : "out of memory", why, size);
  PQfinish(conn);
  return NULL;
}

void pg_error_line(const PGconn *conn, const PGresult *res, char *why, size_t size) {
  const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  if (!primary) {
    one_line(PQerrorMessage(conn), why, size);
    return;
  }
  const char *hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
  char text[1024];
  snprintf(text, sizeof text, hint ? "%s (%s)" : "%s", primary, hint);
  one_line(text, why, size);
}

char *pg_quote_table(PGconn *conn, const char *table, const char *suffix) {
  const char *dot = strchr(table, '.');
  size_t schema_len = dot ? (size_t)(dot - table) : 0;
  const char *own = dot ? dot + 1 : table;
  size_t own_len = strlen(own) + (suffix ? strlen(suffix) : 0);
  char *name = xmalloc(own_len + 1);
  snprintf(name, own_len + 1, "%s%s", own, suffix ? suffix : "");
  char *quoted_own = PQescapeIdentifier(conn, name, strlen(name));
  char *quoted_schema = dot ? PQescapeIdentifier(conn, table, schema_len) : NULL;
  free(name);
  if (!quoted_own || (dot && !quoted_schema)) {
    PQfreemem(quoted_own);
    PQfreemem(quoted_schema);
    return NULL;
  }
  size_t n = strlen(quoted_own) + (quoted_schema ? strlen(quoted_schema) + 1 : 0) + 1;
  char *out = xmalloc(n);
  snprintf(out, n, "%s%s%s", quoted_schema ? quoted_schema : "", quoted_schema ? "." : "",
           quoted_own);
  PQfreemem(quoted_own);
  PQfreemem(quoted_schema);
  return out;
}

/* The rows' source in SQL: the quoted table, or the query as a subquery
 * (a trailing `;` dropped). */
static char *source_sql(PGconn *conn, const char *table, const char *query) {
  if (table)
    return pg_quote_table(conn, table, NULL);
  size_t n = strlen(query);
  while (n > 0 && strchr(" \t\r\n;", query[n - 1]))
    n--;
  size_t size = n + 32;
  char *sql = xmalloc(size);
  snprintf(sql, size, "(%.*s) AS polc_query", (int)n, query);
  return sql;
}

static void append(TextBuf *tb, const char *s) { tb_put(tb, s, strlen(s)); }

/* SELECT every column of the source, booleans and money as text polc
 * reads (true/false, a plain decimal). */
static bool select_sql(PGconn *conn, const char *from, TextBuf *sql, Oid **types, int *ntypes,
                       char *why, size_t size) {
  TextBuf probe = {0};
  append(&probe, "SELECT * FROM ");
  append(&probe, from);
  tb_putc(&probe, '\0');
  PGresult *res = PQprepare(conn, "", probe.data, 0, NULL);
  if (PQresultStatus(res) == PGRES_COMMAND_OK) {
    PQclear(res);
    res = PQdescribePrepared(conn, "");
  }
  tb_free(&probe);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    pg_error_line(conn, res, why, size);
    PQclear(res);
    return false;
  }
  if (types) {
    *ntypes = PQnfields(res);
    *types = xcalloc((size_t)*ntypes + 1, sizeof **types);
    for (int f = 0; f < *ntypes; f++)
      (*types)[f] = PQftype(res, f);
  }
  append(sql, "COPY (SELECT ");
  for (int f = 0; f < PQnfields(res); f++) {
    const char *name = PQfname(res, f);
    char *quoted = PQescapeIdentifier(conn, name, strlen(name));
    Oid type = PQftype(res, f);
    if (f)
      append(sql, ", ");
    append(sql, quoted);
    if (type == BOOL_OID || type == CASH_OID) {
      append(sql, type == BOOL_OID ? "::text AS " : "::numeric::text AS ");
      append(sql, quoted);
    }
    PQfreemem(quoted);
  }
  append(sql, " FROM ");
  append(sql, from);
  append(sql, ") TO STDOUT (FORMAT csv, HEADER)");
  tb_putc(sql, '\0');
  PQclear(res);
  return true;
}

bool pg_copy_start(PGconn *conn, const char *table, const char *query, Oid **types,
                   int *ntypes, char *why, size_t size) {
  PQsetClientEncoding(conn, "UTF8");
  PQclear(PQexec(conn, "SET DateStyle = ISO"));
  char *from = source_sql(conn, table, query);
  TextBuf sql = {0};
  bool ok = from && select_sql(conn, from, &sql, types, ntypes, why, size);
  free(from);
  if (ok) {
    PGresult *res = PQexec(conn, sql.data);
    ok = PQresultStatus(res) == PGRES_COPY_OUT;
    if (!ok)
      pg_error_line(conn, res, why, size);
    PQclear(res);
  } else if (!from) {
    pg_error_line(conn, NULL, why, size);
  }
  tb_free(&sql);
  return ok;
}
