/*
 * registry.h - reading an applicant registry (CSV or JSON Lines) row by row
 * against a schema: the columns the policies use, with their kinds and
 * defaults (registry.md).
 *
 *   Registry *reg = registry_open(path, &schema, stderr);
 *   if (!reg) ... the file is unreadable or lacks a required column (already
 *                 reported): nothing is evaluated
 *   RegistryRow row;
 *   int st;
 *   while ((st = registry_next(reg, &row)) != REG_END)
 *     if (st == REG_ROW) ... evaluate row ...
 *     (REG_REJECTED: the row was reported on the error stream and skipped;
 *      only row.line is certain)
 *   registry_close(reg);
 *
 * Streaming: memory does not grow with the number of rows.  Text values in
 * a row point into the reader's buffers and are valid until the next call.
 * Messages (registry.md):
 *   FILE:ROW: column NAME: cannot read "VALUE" as TYPE
 *   FILE:ROW: expected N fields, found M
 *   FILE: the registry has no column `NAME` (LABEL), which the policy requires
 * where ROW is the physical line on which the record starts (the header is
 * line 1; in JSON Lines, the line of the object; in a workbook, the sheet's
 * row number).
 */
#ifndef POLC_REGISTRY_H
#define POLC_REGISTRY_H

#include <stdbool.h>
#include <stdio.h>

#include "../base/value.h"

typedef struct RegistryColumn {
  const char *name;
  const char *label;      /* for messages; may be NULL */
  ValueKind kind;
  bool required;          /* no default: the column must exist, cells non-empty */
  int64_t default_int;    /* the default of a scalar column (DATE_ABSENT allowed) */
  const char *default_text;   /* the default of a text column */
  bool may_be_negative;   /* money and count: a negative cell is read, not rejected */
  /* The caller changes this column's value in the row it is given (a date
   * that defaults to the as-of date): it is reset for every row, while
   * the others are reset only when a cell set them. */
  bool rewritten;
  bool must_exist;        /* the column must exist; empty cells are read (--keep) */
} RegistryColumn;

typedef struct RegistrySchema {
  const RegistryColumn *columns;
  int count;
} RegistrySchema;

typedef struct RegistryRow {
  int64_t *ints;          /* [schema count]: scalar values (text columns: 0) */
  TextRef *texts;         /* [schema count]: text values (others: empty) */
  long line;              /* physical line where the record starts */
} RegistryRow;

/* Generous limits: a registry past them is reported, never an allocation
 * storm (a spreadsheet export has tens of columns, cells of tens of bytes). */
enum { REGISTRY_MAX_COLUMNS = 4096, REGISTRY_MAX_CELL = 1 << 20 };

/* The text encoding of a CSV or JSON Lines registry (--encoding): AUTO
 * reads UTF-8, UTF-16 with a BOM, and a regular file that is not UTF-8 but
 * is GB18030 (with a warning). */
typedef enum RegistryEncoding {
  REGISTRY_ENCODING_AUTO,
  REGISTRY_ENCODING_UTF8,
  REGISTRY_ENCODING_GB18030,
} RegistryEncoding;

/* What the command line says about how to read the registry. */
typedef struct RegistryOptions {
  RegistryEncoding encoding;
  const char *table;      /* a database's table (SQLite: NULL is the only one;
                             PostgreSQL: NAME or SCHEMA.NAME) */
  const char *query;      /* a database's SELECT read instead of a table */
  const char *sheet;      /* an .xlsx workbook's sheet (NULL: the first) */
  int threads;            /* the threads the run may use (0: one): a large
                             file's encoding scan uses as many, at most 2 */
  bool unreachable;       /* set by the open: the database could not be
                             reached or read */
  bool broken;            /* set by the open: the file could not be read as
                             its format at all (a damaged or mislabelled
                             workbook, a missing sheet) */
} RegistryOptions;

typedef enum RegistryStatus { REG_END, REG_ROW, REG_REJECTED } RegistryStatus;

typedef struct Registry Registry;

/* Opens `path` ("-" is standard input); the format is the first of
 * registry_formats[] that claims the name (registry_format.h): JSON Lines
 * when it ends in .jsonl or .ndjson, an Excel workbook for .xlsx, else CSV.
 * Errors go to `errors`.
 * Returns NULL after reporting when the registry cannot be used at all. */
Registry *registry_open(const char *path, const RegistrySchema *schema,
                        FILE *errors);
/* registry_open with the command line's options (NULL: the defaults); the
 * open sets options->unreachable when a database could not be reached or
 * read (connection, permission, a missing table), and options->broken when
 * the file could not be read as its format at all: problems of the command,
 * not of the registry's rows (exit status 2). */
Registry *registry_open_with(const char *path, const RegistrySchema *schema, FILE *errors,
                             RegistryOptions *options);
/* Whether `path` names a database server (postgresql://..., a libpq
 * conninfo) rather than a file (a SQLite database is a file). */
bool registry_is_database(const char *path);
RegistryStatus registry_next(Registry *reg, RegistryRow *row);
/* The registry broke off part way (a workbook cut short): said once; the
 * rows read are not a whole registry. */
bool registry_broken(const Registry *reg);
/* Bytes of the registry read so far (for a progress line). */
long long registry_bytes_read(const Registry *reg);
/* Rows rejected so far. */
long registry_rejected(const Registry *reg);
void registry_close(Registry *reg);

/* --- for threads (runtime/exec/parallel.c) ---------------------------------
 * When the format's records are byte ranges (CSV records, JSON lines), one
 * thread takes them in order; others turn them into rows.  Otherwise
 * (registry_byte_records false) the registry is read by one thread. */
bool registry_byte_records(const Registry *reg);
/* Where the registry's own messages go from now on (with threads,
 * parallel.c gathers them per batch). */
void registry_set_errors(Registry *reg, FILE *errors);
/* The next record's bytes (valid until the next call) and line; a record
 * that cannot be a row (unclosed quote, too long) is reported and
 * REG_REJECTED. */
RegistryStatus registry_next_record(Registry *reg, char **bytes, size_t *len, long *line);
/* A reader of records for one thread, reporting to `errors`. */
typedef struct RegistryWorker RegistryWorker;
RegistryWorker *registry_worker(const Registry *reg, FILE *errors);
void registry_worker_set_errors(RegistryWorker *worker, FILE *errors);
/* The record's cells as a row (the bytes are changed in place).  Text
 * cells point into the bytes. */
RegistryStatus registry_parse_record(RegistryWorker *worker, char *bytes, size_t len,
                                     long line, RegistryRow *row);
void registry_worker_free(RegistryWorker *worker);
/* Adds what a worker noted to the registry: the rows it rejected, and the
 * keys it bound loosely (warned about once, at registry_close). */
void registry_merge_worker(Registry *reg, const RegistryWorker *worker);

#endif
