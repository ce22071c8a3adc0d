/*
 * rejects.h - `polc eval --rejects FILE`: the rejected rows written back
 * for the data owner to fix and send again, with a `reason` column added
 * (registry.md, "When a row is wrong").
 *
 * The rows are known from the run's messages ("FILE:ROW: reason", or
 * "TABLE:id=ID: reason" for a database server's rows), which come in row
 * order for any number of threads; once the run is over the registry is
 * read again and the records of those rows are copied as they were:
 *   CSV          the records' bytes, the header with ",reason"
 *   JSON Lines   each object with "reason" added
 *   .xlsx        the sheet's header and the rows' cells (rejects_xlsx.c)
 *   SQLite       the rows at those positions of the same table or query
 *                (rejects_sqlite.c)
 *   PostgreSQL   the rows with those ids (rejects_pg.c)
 * into the form FILE's name asks for (rejects_form).
 */
#ifndef POLC_REJECTS_H
#define POLC_REJECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct Rejects Rejects;

/* What the registry is. */
typedef enum RejectsOrigin {
  ORIGIN_CSV, ORIGIN_JSONL, ORIGIN_XLSX, ORIGIN_SQLITE, ORIGIN_POSTGRES
} RejectsOrigin;

/* What the rejects file is. */
typedef enum RejectsForm {
  REJECTS_CSV,          /* a CSV registry's records; else the cells' text */
  REJECTS_JSONL,        /* the JSON Lines registry's objects */
  REJECTS_XLSX,         /* an Excel workbook (libxlsxwriter) */
  REJECTS_SQLITE,       /* a SQLite database of one table */
} RejectsForm;

/* The registry as read again: its file (or connection string) and the
 * command line's --sheet, --table, --query. */
typedef struct RejectsSource {
  RejectsOrigin origin;
  const char *path;
  const char *sheet, *table, *query;
  const char *id_label;   /* the id input's label: a header naming the id */
} RejectsSource;

/* Where the rejects go: a stream (CSV, JSON Lines) or a file's path, the
 * temporary one renamed afterwards (a workbook, a database). */
typedef struct RejectsTarget {
  RejectsForm form;
  FILE *fp;
  const char *path;
  FILE *notes;          /* warnings about the rows written (stderr) */
} RejectsTarget;

/* The form of `file`: its extension (.csv, .jsonl/.ndjson, .xlsx,
 * .sqlite/.sqlite3/.db), else the registry's own (a PostgreSQL
 * registry's: CSV).  False when the registry's rows cannot be written in
 * the form the name asks for (a CSV or JSON Lines registry's records are
 * copied as they are: only in its own form). */
bool rejects_form(const char *file, RejectsOrigin origin, RejectsForm *form);

/* `registry` is the registry's name as messages give it. */
Rejects *rejects_new(const char *registry);
/* A stream that writes the run's messages to `to` and keeps those about
 * rows of the registry. */
FILE *rejects_messages(Rejects *r, FILE *to);
/* The rows kept so far. */
long rejects_count(const Rejects *r);
/* Writes the rejected rows of the registry (read again) to `to`; false
 * after writing why into why[0..size). */
bool rejects_write(Rejects *r, const RejectsSource *from, const RejectsTarget *to, char *why,
                   size_t size);
void rejects_free(Rejects *r);

#endif
