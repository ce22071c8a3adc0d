/*
 * sqlite_reader.c - SQLite registries (a file ending in .db, .sqlite or
 * .sqlite3): the rows of one table (--table; the only one by default) or
 * of a query (--query), opened read-only.
 *
 * The result's column names are bound as a CSV header is (columns.c: names,
 * labels, loose matches), and every value becomes a cell read by the row
 * builder as a CSV cell would be, so the rules are the same in every
 * format:
 *   NULL     an empty cell (the default)
 *   INTEGER  its decimal digits ("1200000" in a money column is yuan)
 *   REAL     the shortest decimal text that is the same double: a money
 *            cell stored as 1666.6666666666667 is finer than the fen and
 *            refused with the row, never rounded
 *   TEXT     the text, through the cell parser (3000万, 2025/3/1...)
 *   BLOB     refused
 * A row is numbered by its position in the result (the first row is 1).
 * Read by one thread: a cursor has no byte records.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/i18n.h"
#include "cells.h"
#include "columns.h"
#include "registry_impl.h"

enum { NUMBER_TEXT = CELL_DOUBLE_TEXT };   /* a double's text, or an int64's */

typedef struct SqliteReader {
  sqlite3 *db;
  sqlite3_stmt *rows;
  int count;                 /* columns of the result */
  int *field_col;            /* [count]: schema column, or -1 */
  char (*numbers)[NUMBER_TEXT];   /* [count]: a number's text, valid for the row */
  long position;
} SqliteReader;

static bool sqlite_claims(const char *path) {
  return registry_path_ends(path, ".db") || registry_path_ends(path, ".sqlite") ||
         registry_path_ends(path, ".sqlite3");
}

/* The name of the only table, or NULL after reporting none or several. */
static char *only_table(Registry *reg, sqlite3 *db) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type IN ('table','view') "
                         "AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &st, NULL) != SQLITE_OK) {
    rb_report(&reg->rows, 0, "cannot read the SQLite database: %s", sqlite3_errmsg(db));
    return NULL;
  }
  char *name = NULL, list[512] = "";
  int n = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *t = (const char *)sqlite3_column_text(st, 0);
    if (n++ == 0)
      name = strcpy(xmalloc(strlen(t) + 1), t);
    size_t used = strlen(list);
    if (used + strlen(t) + 8 < sizeof list)
      snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", t);
  }
  if (rc != SQLITE_DONE)
    rb_report(&reg->rows, 0, "cannot read the SQLite database: %s", sqlite3_errmsg(db));
  else if (n == 0)
    rb_report(&reg->rows, 0, "the database has no table");
  else if (n > 1)
    rb_report(&reg->rows, 0, "the database has %d tables (%s): say which with --table NAME",
              n, list);
  sqlite3_finalize(st);
  if (rc == SQLITE_DONE && n == 1)
    return name;
  free(name);
  return NULL;
}

/* "SELECT * FROM "NAME"" with the name quoted as SQL quotes it. */
static char *select_table(const char *table) {
  char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", table);
  char *copy = strcpy(xmalloc(strlen(sql) + 1), sql);
  sqlite3_free(sql);
  return copy;
}

static bool prepare(Registry *reg, SqliteReader *s) {
  const RegistryOptions *o = reg->options;
  char *sql;
  if (o->query) {
    sql = strcpy(xmalloc(strlen(o->query) + 1), o->query);
  } else {
    char *table = o->table ? strcpy(xmalloc(strlen(o->table) + 1), o->table)
                           : only_table(reg, s->db);
    if (!table)
      return false;
    sql = select_table(table);
    free(table);
  }
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &s->rows, NULL);
  free(sql);
  if (rc != SQLITE_OK) {
    rb_report(&reg->rows, 0, o->query ? N_("the query cannot be run: %s")
                                      : N_("the table cannot be read: %s"),
              sqlite3_errmsg(s->db));
    return false;
  }
  return true;
}

static bool bind_columns(Registry *reg, SqliteReader *s) {
  s->count = sqlite3_column_count(s->rows);
  TextRef *names = xcalloc((size_t)(s->count ? s->count : 1), sizeof *names);
  for (int c = 0; c < s->count; c++) {
    const char *name = sqlite3_column_name(s->rows, c);
    names[c] = (TextRef){name ? name : "", name ? (int64_t)strlen(name) : 0};
  }
  s->field_col = xcalloc((size_t)(s->count ? s->count : 1), sizeof *s->field_col);
  s->numbers = xcalloc((size_t)(s->count ? s->count : 1), sizeof *s->numbers);
  bool ok = columns_bind_header(&reg->rows, names, s->count, 0, s->field_col);
  free(names);
  return ok;
}

/* A file that cannot be read as a database (not SQLite, damaged, locked,
 * no such table, a query SQLite refuses) is a problem of the command, said
 * once (exit status 2, as a damaged workbook); a table without `id` is
 * the registry's own mistake, as in a CSV (exit status 1). */
static bool sqlite_open(Registry *reg, const char *path) {
  SqliteReader *s = xcalloc(1, sizeof *s);
  reg->state = s;
  if (strcmp(path, "-") == 0) {
    rb_report(&reg->rows, 0, "a SQLite registry is read from a file, not standard input");
    reg->broken = true;
    return false;
  }
  if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    rb_report(&reg->rows, 0, "cannot open the SQLite database: %s",
              s->db ? sqlite3_errmsg(s->db) : "out of memory");
    reg->broken = true;
    return false;
  }
  sqlite3_busy_timeout(s->db, 2000);   /* a writer holding a lock briefly */
  if (!prepare(reg, s)) {
    reg->broken = true;
    return false;
  }
  return bind_columns(reg, s);
}

/* A REAL the column's kind cannot hold exactly is refused here, with what
 * to do about it; true when rb_cell may read it. */
static bool real_fits(Registry *reg, int col, const char *text, size_t len, long line) {
  const RegistryColumn *column = &reg->shape.schema->columns[col];
  int64_t value;
  if (column->kind == VK_TEXT || cell_parse(column->kind, text, len, &value))
    return true;
  rb_report(&reg->rows, line, "column %s: cannot read the REAL %.*s as %s: a binary REAL is "
            "not exact here (store the figure as INTEGER or as TEXT)", column->name,
            (int)len, text, value_kind_name(column->kind));
  reg->rows.set[col] = true;   /* reported: not also "required" */
  rb_fail(&reg->rows);
  return false;
}

static void read_value(Registry *reg, SqliteReader *s, int c, long line) {
  int col = s->field_col[c];
  const char *text;
  int len;
  switch (sqlite3_column_type(s->rows, c)) {
  case SQLITE_NULL:
    return;   /* empty: the default */
  case SQLITE_INTEGER:
    len = snprintf(s->numbers[c], NUMBER_TEXT, "%lld", (long long)sqlite3_column_int64(s->rows, c));
    text = s->numbers[c];
    break;
  case SQLITE_FLOAT:
    len = cell_double_text(sqlite3_column_double(s->rows, c), s->numbers[c]);
    text = s->numbers[c];
    if (!real_fits(reg, col, text, (size_t)len, line))
      return;
    break;
  case SQLITE_TEXT:
    text = (const char *)sqlite3_column_text(s->rows, c);
    len = sqlite3_column_bytes(s->rows, c);
    break;
  default:
    rb_report(&reg->rows, line, "column %s: a BLOB is not a cell polc can read",
              reg->shape.schema->columns[col].name);
    rb_fail(&reg->rows);
    return;
  }
  rb_cell(&reg->rows, line, col, text ? text : "", text ? (size_t)len : 0, CELL_PLAIN);
}

static RegistryStatus sqlite_next_row(Registry *reg, RegistryRow *row) {
  SqliteReader *s = reg->state;
  int rc = sqlite3_step(s->rows);
  if (rc == SQLITE_DONE)
    return REG_END;
  long line = ++s->position;
  if (rc != SQLITE_ROW) {
    rb_report(&reg->rows, line, "the database cannot be read further: %s; the rest of "
              "the registry is not read", sqlite3_errmsg(s->db));
    reg->rows.rejected++;
    reg->broken = true;   /* the rows read are not the whole registry */
    return REG_END;
  }
  rb_begin(&reg->rows);
  for (int c = 0; c < s->count; c++)
    if (s->field_col[c] >= 0)
      read_value(reg, s, c, line);
  return rb_end(&reg->rows, row, line);
}

static void sqlite_close(Registry *reg) {
  SqliteReader *s = reg->state;
  if (!s)
    return;
  sqlite3_finalize(s->rows);
  sqlite3_close(s->db);
  free(s->field_col);
  free(s->numbers);
  free(s);
  reg->state = NULL;
}

const RegistryFormat sqlite_format = {
    .name = "SQLite",
    .claims = sqlite_claims,
    .open = sqlite_open,
    .next_row = sqlite_next_row,
    .close = sqlite_close,
    .byte_records = false,
};
