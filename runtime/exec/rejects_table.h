/*
 * rejects_table.h - rejected rows written as a table with a `reason`
 * column: a CSV (each cell's text as polc read it), an Excel workbook
 * (each cell as its kind: strings, numbers, dates shown as dates,
 * booleans; the header frozen) or a SQLite database (a table of the
 * source's columns and types).  The rows come from a registry whose
 * records are not text (rejects_xlsx.c, rejects_sqlite.c, rejects_pg.c).
 */
#ifndef POLC_REJECTS_TABLE_H
#define POLC_REJECTS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rejects.h"

typedef enum RejectsKind {
  RK_EMPTY,
  RK_INTEGER,   /* .integer */
  RK_REAL,      /* .real */
  RK_TEXT,      /* the text */
  RK_BOOL,      /* .integer, 0 or 1 */
  RK_DATE,      /* .days (date.h) */
  RK_SERIAL,    /* .real: a date and time as Excel counts (1900 system) */
  RK_BLOB,      /* the bytes */
} RejectsKind;

/* A cell: its kind and value, and its text as polc reads it (what a CSV
 * holds: "1200000", "2025-03-01", "true"). */
typedef struct RejectsCell {
  RejectsKind kind;
  const char *text;
  size_t len;
  int64_t integer;
  double real;
  int32_t days;
} RejectsCell;

typedef struct RejectsTable RejectsTable;

/* A table `name` (a sheet's or a database table's name) of the columns
 * names[0..n) (SQL types types[0..n), NULL or "" for none) and `reason`,
 * written to `to`; NULL after writing why into why[0..size). */
RejectsTable *rejects_table_open(const RejectsTarget *to, const char *name,
                                 const char *const *names, const char *const *types, int n,
                                 char *why, size_t size);
/* One row of n cells (as many as the columns) and its reason. */
bool rejects_table_row(RejectsTable *t, const RejectsCell *cells, const char *reason,
                       size_t reason_len);
/* Ends the table (the file is then whole); false after writing why.
 * `keep` false: the table is abandoned (the caller removes the file). */
bool rejects_table_close(RejectsTable *t, bool keep, char *why, size_t size);

/* One CSV field, quoted when it holds a comma, a quote or a line break. */
void rejects_csv_field(FILE *out, const char *s, size_t len);

#endif
