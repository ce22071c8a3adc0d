/*
 * rejects_table.c - rejected rows written as a CSV, a workbook or a SQLite
 * table (rejects_table.h).
 */
#include "rejects_table.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/arena.h"
#include "../base/date.h"
#include "../base/i18n.h"
#include "xlsxwriter_api.h"

enum {
  REASON_WIDTH = 60,          /* the reason's column in a workbook */
  XLSX_MAX_TEXT = 32767,      /* the characters a cell may hold */
};

struct RejectsTable {
  RejectsForm form;
  int n;
  FILE *csv;
  lxw_workbook *book;
  lxw_worksheet *sheet;
  lxw_format *bold, *date, *datetime;
  lxw_row_t row;
  sqlite3 *db;
  sqlite3_stmt *insert;
  bool failed;
  char why[512];
};

/* ---- CSV ---- */

void rejects_csv_field(FILE *out, const char *s, size_t len) {
  bool quote = false;
  for (size_t i = 0; i < len && !quote; i++)
    quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
  if (!quote) {
    fwrite(s, 1, len, out);
    return;
  }
  fputc('"', out);
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '"')
      fputc('"', out);
    fputc(s[i], out);
  }
  fputc('"', out);
}

static void csv_header(RejectsTable *t, const char *const *names, const char *reason) {
  for (int c = 0; c < t->n; c++) {
    rejects_csv_field(t->csv, names[c], strlen(names[c]));
    fputc(',', t->csv);
  }
  fprintf(t->csv, "%s\n", reason);
}

static void csv_row(RejectsTable *t, const RejectsCell *cells, const char *reason, size_t len) {
  for (int c = 0; c < t->n; c++) {
    const RejectsCell *cell = &cells[c];
    rejects_csv_field(t->csv, cell->text ? cell->text : "", cell->text ? cell->len : 0);
    fputc(',', t->csv);
  }
  rejects_csv_field(t->csv, reason, len);
  fputc('\n', t->csv);
}

/* ---- a workbook ---- */

/* A string cell: at most what Excel holds, cut on a character boundary. */
static void xlsx_string(RejectsTable *t, lxw_col_t col, const char *s, size_t len,
                        lxw_format *format) {
  size_t max = XLSX_MAX_TEXT;   /* bytes: at most as many characters */
  if (len > max) {
    len = max;
    while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
      len--;
  }
  char *copy = xmalloc(len + 1);
  memcpy(copy, s, len);
  copy[len] = '\0';
  worksheet_write_string(t->sheet, t->row, col, copy, format);
  free(copy);
}

static bool xlsx_open(RejectsTable *t, const char *path, const char *name,
                      const char *const *names, char *why, size_t size) {
  const char *unbound = xlsxwriter_bind();   /* loaded now, not at start-up */
  if (unbound) {
    snprintf(why, size, _("libxlsxwriter, which writes Excel workbooks, could not be loaded: "
                          "%s (install libxlsxwriter4)"), unbound);
    return false;
  }
  lxw_workbook_options options = {.constant_memory = LXW_TRUE};
  t->book = workbook_new_opt(path, &options);
  if (!t->book) {
    snprintf(why, size, "%s", _("cannot create the workbook"));
    return false;
  }
  bool named = name && *name && workbook_validate_sheet_name(t->book, name) == LXW_NO_ERROR;
  t->sheet = workbook_add_worksheet(t->book, named ? name : "rejects");
  t->bold = workbook_add_format(t->book);
  format_set_bold(t->bold);
  t->date = workbook_add_format(t->book);
  format_set_num_format(t->date, "yyyy-mm-dd");
  t->datetime = workbook_add_format(t->book);
  format_set_num_format(t->datetime, "yyyy-mm-dd hh:mm:ss");
  for (int c = 0; c < t->n; c++)
    xlsx_string(t, (lxw_col_t)c, names[c], strlen(names[c]), t->bold);
  worksheet_write_string(t->sheet, 0, (lxw_col_t)t->n, "reason", t->bold);
  worksheet_set_column(t->sheet, 0, (lxw_col_t)(t->n ? t->n - 1 : 0), 16, NULL);
  worksheet_set_column(t->sheet, (lxw_col_t)t->n, (lxw_col_t)t->n, REASON_WIDTH, NULL);
  worksheet_freeze_panes(t->sheet, 1, 0);
  return true;
}

static void xlsx_cell(RejectsTable *t, lxw_col_t col, const RejectsCell *c) {
  int y, m, d;
  switch (c->kind) {
  case RK_EMPTY:
    return;
  case RK_INTEGER:
    worksheet_write_number(t->sheet, t->row, col, (double)c->integer, NULL);
    return;
  case RK_REAL:
    worksheet_write_number(t->sheet, t->row, col, c->real, NULL);
    return;
  case RK_SERIAL:
    worksheet_write_number(t->sheet, t->row, col, c->real, t->datetime);
    return;
  case RK_BOOL:
    worksheet_write_boolean(t->sheet, t->row, col, (int)c->integer, NULL);
    return;
  case RK_DATE: {
    date_to_ymd(c->days, &y, &m, &d);
    lxw_datetime when = {.year = y, .month = m, .day = d};
    worksheet_write_datetime(t->sheet, t->row, col, &when, t->date);
    return;
  }
  case RK_TEXT:
  case RK_BLOB:
    xlsx_string(t, col, c->text, c->len, NULL);
    return;
  }
}

static void xlsx_row(RejectsTable *t, const RejectsCell *cells, const char *reason,
                     size_t len) {
  t->row++;
  for (int c = 0; c < t->n; c++)
    xlsx_cell(t, (lxw_col_t)c, &cells[c]);
  xlsx_string(t, (lxw_col_t)t->n, reason, len, NULL);
}

/* ---- a SQLite table ---- */

static bool sql_exec(RejectsTable *t, const char *sql, char *why, size_t size) {
  if (sqlite3_exec(t->db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return true;
  snprintf(why, size, "%s", sqlite3_errmsg(t->db));
  return false;
}

/* CREATE TABLE "name" ("a" TYPE, ..., "reason" TEXT) and its INSERT. */
static bool sqlite_open(RejectsTable *t, const char *path, const char *name,
                        const char *const *names, const char *const *types, const char *reason,
                        char *why, size_t size) {
  if (sqlite3_open(path, &t->db) != SQLITE_OK) {
    snprintf(why, size, "%s", t->db ? sqlite3_errmsg(t->db) : "out of memory");
    return false;
  }
  /* a temporary file, renamed whole: no journal beside it to leave behind */
  if (!sql_exec(t, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN", why, size))
    return false;
  char *create = sqlite3_mprintf("CREATE TABLE \"%w\" (", name);
  char *insert = sqlite3_mprintf("INSERT INTO \"%w\" VALUES (", name);
  for (int c = 0; c < t->n; c++) {
    const char *type = types && types[c] ? types[c] : "";
    char unnamed[32];   /* a sheet's column with no header: named by its place */
    snprintf(unnamed, sizeof unnamed, "column%d", c + 1);
    char *more = sqlite3_mprintf("%s\"%w\"%s%s, ", create, *names[c] ? names[c] : unnamed,
                                 *type ? " " : "", type);
    sqlite3_free(create);
    create = more;
    more = sqlite3_mprintf("%s?, ", insert);
    sqlite3_free(insert);
    insert = more;
  }
  char *sql = sqlite3_mprintf("%s\"%w\" TEXT)", create, reason);
  bool ok = sql_exec(t, sql, why, size);
  sqlite3_free(sql);
  sqlite3_free(create);
  sql = sqlite3_mprintf("%s?)", insert);
  sqlite3_free(insert);
  if (ok && sqlite3_prepare_v2(t->db, sql, -1, &t->insert, NULL) != SQLITE_OK) {
    snprintf(why, size, "%s", sqlite3_errmsg(t->db));
    ok = false;
  }
  sqlite3_free(sql);
  return ok;
}

static void sqlite_bind(RejectsTable *t, int at, const RejectsCell *c) {
  char day[11];
  switch (c->kind) {
  case RK_EMPTY:
    sqlite3_bind_null(t->insert, at);
    return;
  case RK_INTEGER:
  case RK_BOOL:
    sqlite3_bind_int64(t->insert, at, c->integer);
    return;
  case RK_REAL:
  case RK_SERIAL:
    sqlite3_bind_double(t->insert, at, c->real);
    return;
  case RK_DATE:
    date_format(c->days, day);
    sqlite3_bind_text(t->insert, at, day, -1, SQLITE_TRANSIENT);
    return;
  case RK_TEXT:
    sqlite3_bind_text(t->insert, at, c->text, (int)c->len, SQLITE_TRANSIENT);
    return;
  case RK_BLOB:
    sqlite3_bind_blob(t->insert, at, c->text, (int)c->len, SQLITE_TRANSIENT);
    return;
  }
}

static void sqlite_row(RejectsTable *t, const RejectsCell *cells, const char *reason,
                       size_t len) {
  for (int c = 0; c < t->n; c++)
    sqlite_bind(t, c + 1, &cells[c]);
  sqlite3_bind_text(t->insert, t->n + 1, reason, (int)len, SQLITE_TRANSIENT);
  if (sqlite3_step(t->insert) != SQLITE_DONE && !t->failed) {
    t->failed = true;
    snprintf(t->why, sizeof t->why, "%s", sqlite3_errmsg(t->db));
  }
  sqlite3_reset(t->insert);
}

/* ---- the table ---- */

/* `reason`, or another name when a column is called so already. */
static const char *reason_name(const char *const *names, int n) {
  for (int c = 0; c < n; c++)
    if (strcasecmp(names[c], "reason") == 0)
      return "polc_reason";
  return "reason";
}

RejectsTable *rejects_table_open(const RejectsTarget *to, const char *name,
                                 const char *const *names, const char *const *types, int n,
                                 char *why, size_t size) {
  RejectsTable *t = xcalloc(1, sizeof *t);
  t->form = to->form;
  t->n = n;
  const char *reason = reason_name(names, n);
  bool ok = true;
  if (to->form == REJECTS_XLSX) {
    ok = xlsx_open(t, to->path, name, names, why, size);
  } else if (to->form == REJECTS_SQLITE) {
    ok = sqlite_open(t, to->path, name, names, types, reason, why, size);
  } else {
    t->csv = to->fp;
    csv_header(t, names, reason);
  }
  if (!ok) {
    rejects_table_close(t, false, NULL, 0);
    return NULL;
  }
  return t;
}

bool rejects_table_row(RejectsTable *t, const RejectsCell *cells, const char *reason,
                       size_t reason_len) {
  if (t->form == REJECTS_XLSX)
    xlsx_row(t, cells, reason, reason_len);
  else if (t->form == REJECTS_SQLITE)
    sqlite_row(t, cells, reason, reason_len);
  else
    csv_row(t, cells, reason, reason_len);
  return !t->failed;
}

bool rejects_table_close(RejectsTable *t, bool keep, char *why, size_t size) {
  bool ok = keep && !t->failed;
  if (t->failed && why)
    snprintf(why, size, "%s", t->why);
  if (t->book) {
    if (ok)
      worksheet_autofilter(t->sheet, 0, 0, t->row, (lxw_col_t)t->n);
    lxw_error err = workbook_close(t->book);   /* (written even when abandoned) */
    if (ok && err != LXW_NO_ERROR) {
      snprintf(why, size, "%s", lxw_strerror(err));
      ok = false;
    }
  }
  if (t->db) {
    sqlite3_finalize(t->insert);
    if (ok && sqlite3_exec(t->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
      snprintf(why, size, "%s", sqlite3_errmsg(t->db));
      ok = false;
    }
    sqlite3_close(t->db);
  }
  free(t);
  return ok;
}
