/*
 * output_sqlite.h - `polc eval -o FILE.sqlite`: the rows of the CSV output
 * as a table of a SQLite database (registry.md, "What polc eval writes").
 */
#ifndef POLC_OUTPUT_SQLITE_H
#define POLC_OUTPUT_SQLITE_H

#include <stdbool.h>
#include <stdio.h>

struct Summary;

/* Whether `path` names a SQLite output (.sqlite, .sqlite3, .db). */
bool output_sqlite_path(const char *path);

/*
 * Writes the CSV output in `csv` (polc's own, read from its start) as the
 * table `table` of a new database at `path`, atomically: a temporary file
 * beside it is renamed onto it only when everything is written, so a
 * failure leaves `path` as it was.  Amounts are INTEGER fen; a view
 * TABLE_yuan shows them as the CSV does.  False after reporting to `errors`.
 */
bool output_sqlite_write(FILE *csv, const char *path, const char *table,
                         const struct Summary *summary, FILE *errors);

#endif
