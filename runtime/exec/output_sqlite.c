/*
 * output_sqlite.c - the CSV output as a SQLite table (output_sqlite.h).
 *
 * polc eval writes its CSV (with threads, in input order) to a temporary
 * file first; this file turns that CSV into the table, so that the rows,
 * their order and the columns are the CSV's by construction.  The columns
 * are the CSV's: `id` TEXT, then `total` and one per rule, INTEGER fen.
 * Integers, not text with two decimals: SQL sums, compares and sorts them
 * exactly (text sorts "900.00" after "1000.00" and SUM() turns it into
 * binary REAL); the view TABLE_yuan gives the CSV's text back, computed
 * with integer arithmetic only.
 */
#include "output_sqlite.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/arena.h"
#include "../base/exact.h"
#include "../base/i18n.h"
#include "../base/outfile.h"
#include "../base/wide.h"
#include "reg_input.h"
#include "summary.h"

bool output_sqlite_path(const char *path) {
  return path && (registry_path_ends(path, ".sqlite") || registry_path_ends(path, ".sqlite3") ||
                  registry_path_ends(path, ".db"));
}

/* One CSV field of polc's output into `field` (quotes undone); returns
 * the character that ended it: ',', '\n' or EOF. */
static int read_field(FILE *csv, char **field, size_t *len, size_t *cap) {
  *len = 0;
  int c = getc(csv);
  bool quoted = c == '"';
  if (quoted)
    c = getc(csv);
  for (;; c = getc(csv)) {
    if (c == EOF)
      break;
    if (quoted && c == '"') {
      c = getc(csv);
      if (c != '"') {
        quoted = false;
        if (c == ',' || c == '\n' || c == EOF)
          break;
      }
    } else if (!quoted && (c == ',' || c == '\n')) {
      break;
    }
    if (*len + 2 > *cap) {
      *cap = *cap ? 2 * *cap : 64;
      *field = xrealloc(*field, *cap);
    }
    (*field)[(*len)++] = (char)c;
  }
  if (*field)
    (*field)[*len] = '\0';
  return c;
}

/* "-12.05" as -1205 fen. */
static bool parse_fen(const char *text, size_t len, int64_t *fen) {
  bool negative = len > 0 && text[0] == '-';
  int64_t v;
  if (exact_parse_scaled(text + negative, len - negative, EXACT_FEN_PER_YUAN, &v) != EXACT_OK)
    return false;
  *fen = negative ? -v : v;
  return true;
}

typedef struct Writer {
  sqlite3 *db;
  FILE *errors;
  const char *path;
} Writer;

static bool report(Writer *w) {
  fprintf(w->errors, _("polc eval: cannot write '%s': %s\n"), w->path, sqlite3_errmsg(w->db));
  return false;
}

static bool exec(Writer *w, const char *sql) {
  char *message = NULL;
  if (sqlite3_exec(w->db, sql, NULL, NULL, &message) == SQLITE_OK)
    return true;
  fprintf(w->errors, _("polc eval: cannot write '%s': %s\n"), w->path,
          message ? message : sqlite3_errmsg(w->db));
  sqlite3_free(message);
  return false;
}

/* CREATE TABLE, the view and the INSERT for the header's columns. */
static bool create(Writer *w, const char *table, char **names, int n, sqlite3_stmt **insert) {
  char *cols = sqlite3_mprintf("\"%w\" TEXT", names[0]);
  char *view = sqlite3_mprintf("\"%w\"", names[0]);
  char *marks = sqlite3_mprintf("?");
  for (int i = 1; i < n; i++) {
    char *c = sqlite3_mprintf("%s, \"%w\" INTEGER", cols, names[i]);
    char *v = sqlite3_mprintf("%s, printf('%%s%%d.%%02d', CASE WHEN \"%w\" < 0 THEN '-' ELSE '' "
                              "END, abs(\"%w\") / 100, abs(\"%w\") %% 100) AS \"%w\"",
                              view, names[i], names[i], names[i], names[i]);
    char *m = sqlite3_mprintf("%s, ?", marks);
    sqlite3_free(cols), sqlite3_free(view), sqlite3_free(marks);
    cols = c, view = v, marks = m;
  }
  char *sql = sqlite3_mprintf("CREATE TABLE \"%w\" (%s); CREATE VIEW \"%w_yuan\" AS SELECT %s "
                              "FROM \"%w\";", table, cols, table, view, table);
  char *ins = sqlite3_mprintf("INSERT INTO \"%w\" VALUES (%s)", table, marks);
  bool ok = exec(w, sql);
  if (ok && sqlite3_prepare_v2(w->db, ins, -1, insert, NULL) != SQLITE_OK)
    ok = report(w);
  sqlite3_free(cols), sqlite3_free(view), sqlite3_free(marks), sqlite3_free(sql);
  sqlite3_free(ins);
  return ok;
}

/* Reads the header's fields into names (of cap entries); returns their count. */
static int read_header(FILE *csv, char ***names, int *cap) {
  char *field = NULL;
  size_t len, fcap = 0;
  int n = 0, end;
  do {
    end = read_field(csv, &field, &len, &fcap);
    if (n == *cap) {
      *cap = *cap ? 2 * *cap : 16;
      *names = xrealloc(*names, sizeof **names * (size_t)*cap);
    }
    (*names)[n++] = strcpy(xmalloc(len + 1), field ? field : "");
  } while (end == ',');
  free(field);
  return n;
}

static bool insert_rows(Writer *w, FILE *csv, sqlite3_stmt *insert, int n) {
  char *field = NULL;
  size_t len, cap = 0;
  bool ok = true;
  for (;;) {
    int c = getc(csv);
    if (c == EOF)
      break;
    ungetc(c, csv);
    sqlite3_reset(insert);
    for (int i = 0; i < n && ok; i++) {
      int end = read_field(csv, &field, &len, &cap);
      int64_t fen;
      if (i == 0)
        sqlite3_bind_text(insert, 1, field ? field : "", (int)len, SQLITE_TRANSIENT);
      else if (parse_fen(field, len, &fen))
        sqlite3_bind_int64(insert, i + 1, fen);
      else
        ok = false;
      if ((i < n - 1) != (end == ','))
        ok = false;   /* not polc's CSV: cannot happen */
    }
    if (ok && sqlite3_step(insert) != SQLITE_DONE)
      ok = report(w);
    if (!ok)
      break;
  }
  free(field);
  return ok;
}

/* --summary: one row overall, one per policy, one per rule; amounts in
 * INTEGER fen like the results (a sum past 64 bits is refused). */
typedef struct SummaryLine {
  const char *scope, *name;
  const Totals *t;
} SummaryLine;

static bool insert_summary(Writer *w, sqlite3_stmt *st, const Summary *s, SummaryLine line) {
  const Totals *t = line.t;
  i128 amounts[4] = {t->total, t->external, t->total - t->at_most, t->at_most};
  for (int i = 0; i < 4; i++)
    if (!wide_fits_i64(amounts[i])) {
      fprintf(w->errors, _("polc eval: cannot write '%s': a sum of the summary (%s %s) "
                           "exceeds 64 bits\n"), w->path, line.scope, line.name);
      return false;
    }
  sqlite3_reset(st);
  sqlite3_bind_text(st, 1, line.scope, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, line.name, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, t->paid);
  for (int i = 0; i < 4; i++)
    sqlite3_bind_int64(st, 4 + i, (int64_t)amounts[i]);
  sqlite3_bind_int64(st, 8, t->max);
  bool all = strcmp(line.scope, "all") == 0;
  if (all) {
    sqlite3_bind_int64(st, 9, s->rows);
    sqlite3_bind_int64(st, 10, s->rejected);
  } else {
    sqlite3_bind_null(st, 9);
    sqlite3_bind_null(st, 10);
  }
  return sqlite3_step(st) == SQLITE_DONE || report(w);
}

static bool write_summary(Writer *w, const char *table, const Summary *s) {
  const IrProgram *prog = s->prog;
  char *sql = sqlite3_mprintf(
      "CREATE TABLE \"%w_summary\" (scope TEXT, name TEXT, paid INTEGER, total INTEGER, "
      "external INTEGER, committed INTEGER, at_most INTEGER, largest INTEGER, "
      "evaluated INTEGER, rejected INTEGER)", table);
  char *ins = sqlite3_mprintf("INSERT INTO \"%w_summary\" VALUES (?,?,?,?,?,?,?,?,?,?)", table);
  sqlite3_stmt *st = NULL;
  bool ok = exec(w, sql);
  if (ok && sqlite3_prepare_v2(w->db, ins, -1, &st, NULL) != SQLITE_OK)
    ok = report(w);
  ok = ok && insert_summary(w, st, s, (SummaryLine){"all", "", &s->all});
  for (int p = 0; ok && p < prog->npolicies; p++)
    ok = insert_summary(w, st, s, (SummaryLine){"policy", prog->policies[p].id, &s->policies[p]});
  for (int r = 0; ok && r < prog->nrules; r++)
    ok = insert_summary(w, st, s, (SummaryLine){"rule", prog->rules[r].qualified, &s->rules[r]});
  sqlite3_finalize(st);
  sqlite3_free(sql);
  sqlite3_free(ins);
  return ok;
}

static bool fill(Writer *w, FILE *csv, const char *table, const Summary *summary) {
  char **names = NULL;
  int cap = 0, n = read_header(csv, &names, &cap);
  sqlite3_stmt *insert = NULL;
  bool ok = exec(w, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN") &&
            create(w, table, names, n, &insert) && insert_rows(w, csv, insert, n);
  sqlite3_finalize(insert);
  ok = ok && (!summary || write_summary(w, table, summary));
  ok = ok && exec(w, "COMMIT");
  for (int i = 0; i < n; i++)
    free(names[i]);
  free(names);
  return ok;
}

bool output_sqlite_write(FILE *csv, const char *path, const char *table,
                         const Summary *summary, FILE *errors) {
  size_t size = strlen(path) + sizeof ".tmp-XXXXXX";
  char *temp = xmalloc(size);
  snprintf(temp, size, "%s.tmp-XXXXXX", path);
  int fd = mkstemp(temp);
  if (fd < 0) {
    fprintf(errors, _("polc eval: cannot write '%s': %s\n"), path, strerror(errno));
    free(temp);
    return false;
  }
  mode_t mask = umask(0);   /* the mode a plain file would have, not 0600 */
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  close(fd);   /* an empty file: SQLite makes it a database */
  outfile_guard_temp(temp);
  Writer w = {.errors = errors, .path = path};
  bool ok = sqlite3_open(temp, &w.db) == SQLITE_OK;
  if (!ok)
    fprintf(errors, _("polc eval: cannot write '%s': %s\n"), path, sqlite3_errmsg(w.db));
  rewind(csv);
  ok = ok && fill(&w, csv, table, summary);
  if (sqlite3_close(w.db) != SQLITE_OK)
    ok = false;
  if (ok && rename(temp, path) != 0) {
    fprintf(errors, _("polc eval: cannot write '%s': %s\n"), path, strerror(errno));
    ok = false;
  }
  if (!ok)
    unlink(temp);
  outfile_unguard_temp();
  free(temp);
  return ok;
}
