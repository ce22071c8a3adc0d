/*
 * rejects_sqlite.c - a SQLite registry's rejected rows (rejects_impl.h).
 * The messages name a row by its position in the result (the first is 1,
 * as sqlite_reader.c counts), so the same statement is run again on the
 * same file, read-only, and the rows at those positions are copied: each
 * value with its own type (INTEGER, REAL, TEXT, BLOB, NULL), the columns
 * with their declared types.  A position names one row even when ids
 * repeat.  The table written is named as the one read (`rejects` for
 * --query).
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/i18n.h"
#include "cells.h"
#include "rejects_impl.h"
#include "rejects_table.h"

typedef struct Source {
  sqlite3 *db;
  sqlite3_stmt *rows;
  char *table;            /* the table's name, or NULL for a query */
  int ncols;
  RejectsCell *cells;     /* [ncols] */
  char (*numbers)[CELL_DOUBLE_TEXT];   /* [ncols] */
} Source;

/* The only table, as the reader found it (it read the same file). */
static char *only_table(sqlite3 *db) {
  sqlite3_stmt *st;
  char *name = NULL;
  if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type IN ('table','view') "
                         "AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &st, NULL) != SQLITE_OK)
    return NULL;
  if (sqlite3_step(st) == SQLITE_ROW) {
    const char *t = (const char *)sqlite3_column_text(st, 0);
    name = strcpy(xmalloc(strlen(t) + 1), t);
  }
  sqlite3_finalize(st);
  return name;
}

static bool open_source(Source *s, const RejectsSource *from, char *why, size_t size) {
  if (sqlite3_open_v2(from->path, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    snprintf(why, size, _("cannot read '%s' again: %s"), from->path,
             s->db ? sqlite3_errmsg(s->db) : "out of memory");
    return false;
  }
  sqlite3_busy_timeout(s->db, 2000);
  char *sql;
  if (from->query) {
    sql = sqlite3_mprintf("%s", from->query);
  } else {
    s->table = from->table ? strcpy(xmalloc(strlen(from->table) + 1), from->table)
                           : only_table(s->db);
    sql = sqlite3_mprintf("SELECT * FROM \"%w\"", s->table ? s->table : "");
  }
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &s->rows, NULL);
  sqlite3_free(sql);
  if (rc != SQLITE_OK) {
    snprintf(why, size, _("cannot read '%s' again: %s"), from->path, sqlite3_errmsg(s->db));
    return false;
  }
  s->ncols = sqlite3_column_count(s->rows);
  s->cells = xcalloc((size_t)s->ncols + 1, sizeof *s->cells);
  s->numbers = xcalloc((size_t)s->ncols + 1, sizeof *s->numbers);
  return true;
}

/* The current row's values, typed as stored, with their text as polc
 * reads them. */
static void read_cells(Source *s) {
  for (int c = 0; c < s->ncols; c++) {
    RejectsCell *out = &s->cells[c];
    *out = (RejectsCell){.kind = RK_EMPTY, .text = "", .len = 0};
    switch (sqlite3_column_type(s->rows, c)) {
    case SQLITE_INTEGER:
      out->kind = RK_INTEGER;
      out->integer = sqlite3_column_int64(s->rows, c);
      out->len = (size_t)snprintf(s->numbers[c], CELL_DOUBLE_TEXT, "%lld",
                                  (long long)out->integer);
      out->text = s->numbers[c];
      break;
    case SQLITE_FLOAT:
      out->kind = RK_REAL;
      out->real = sqlite3_column_double(s->rows, c);
      out->len = (size_t)cell_double_text(out->real, s->numbers[c]);
      out->text = s->numbers[c];
      break;
    case SQLITE_TEXT:
      out->kind = RK_TEXT;
      out->text = (const char *)sqlite3_column_text(s->rows, c);
      out->len = (size_t)sqlite3_column_bytes(s->rows, c);
      break;
    case SQLITE_BLOB:
      out->kind = RK_BLOB;
      out->text = sqlite3_column_blob(s->rows, c);
      out->len = (size_t)sqlite3_column_bytes(s->rows, c);
      if (!out->text)
        out->text = "";
      break;
    default:
      break;
    }
  }
}

static RejectsTable *open_table(Source *s, const RejectsTarget *to, char *why, size_t size) {
  const char **names = xcalloc((size_t)s->ncols + 1, sizeof *names);
  const char **types = xcalloc((size_t)s->ncols + 1, sizeof *types);
  for (int c = 0; c < s->ncols; c++) {
    names[c] = sqlite3_column_name(s->rows, c);
    types[c] = sqlite3_column_decltype(s->rows, c);
  }
  RejectsTable *t = rejects_table_open(to, s->table ? s->table : "rejects", names, types,
                                       s->ncols, why, size);
  free(names);
  free(types);
  return t;
}

bool rejects_write_sqlite(const Rejected *rows, size_t n, const RejectsSource *from,
                          const RejectsTarget *to, char *why, size_t size) {
  Source s = {0};
  RejectsTable *table = NULL;
  bool ok = open_source(&s, from, why, size) && (table = open_table(&s, to, why, size));
  long position = 0;
  size_t k = 0;
  int rc = SQLITE_DONE;
  while (ok && k < n && (rc = sqlite3_step(s.rows)) == SQLITE_ROW) {
    position++;
    while (k < n && rows[k].line < position)
      k++;
    if (k < n && rows[k].line == position) {
      read_cells(&s);
      ok = rejects_table_row(table, s.cells, rows[k].reason.data, rows[k].reason.len);
    }
  }
  if (ok && rc != SQLITE_ROW && rc != SQLITE_DONE) {
    snprintf(why, size, _("cannot read '%s' again: %s"), from->path, sqlite3_errmsg(s.db));
    ok = false;
  }
  if (table && !rejects_table_close(table, ok, why, size))
    ok = false;
  sqlite3_finalize(s.rows);
  sqlite3_close(s.db);
  free(s.table);
  free(s.cells);
  free(s.numbers);
  return ok;
}
