/*
 * rejects.h - `polc eval --rejects FILE`: the rejected rows written back
 * in the registry's own form, with a `reason` column added, for the data
 * owner to fix and send again (registry.md, "Rejected rows").
 *
 * The rows are known from the run's messages ("FILE:ROW: reason"), which
 * come in row order for any number of threads; once the run is over the
 * registry file is read again, record by record, and the records of those
 * rows are copied as they were: a CSV record's bytes, a JSON line's
 * object with "reason" added.  A registry whose records are not text
 * (.xlsx, SQLite, PostgreSQL) gives a CSV of `row` (or `id`) and `reason`.
 */
#ifndef POLC_REJECTS_H
#define POLC_REJECTS_H

#include <stdbool.h>
#include <stdio.h>

typedef struct Rejects Rejects;

typedef enum RejectsForm {
  REJECTS_CSV,          /* the CSV registry's records and header */
  REJECTS_JSONL,        /* the JSON Lines registry's objects */
  REJECTS_ROWS,         /* a CSV of `row` (a workbook's) and `reason` */
  REJECTS_IDS,          /* a CSV of `id` (a database's) and `reason` */
} RejectsForm;

/* `registry` is the registry's name as messages give it. */
Rejects *rejects_new(const char *registry, RejectsForm form);
/* A stream that writes the run's messages to `to` and keeps those about
 * rows of the registry. */
FILE *rejects_messages(Rejects *r, FILE *to);
/* The rows kept so far. */
long rejects_count(const Rejects *r);
/* Writes the rejected rows of the registry file `path` (read again) to
 * `out`; false (errno set) when it cannot be read. */
bool rejects_write(Rejects *r, const char *path, FILE *out);
void rejects_free(Rejects *r);

#endif
