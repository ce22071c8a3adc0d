/*
 * registry_impl.h - what the two registry readers (csv_reader.c,
 * jsonl_reader.c) share with registry.c, which owns everything that does not
 * depend on the format: block input, binding names to schema columns,
 * converting cells, defaults, and the messages.  Not for use outside
 * runtime/ (the unit tests use the limits knob and look at the buffer).
 *
 * A reader fills a row like this:
 *   reg_row_begin(reg);
 *   for each cell:  reg_row_cell(reg, line, col, text, len, CELL_PLAIN);
 *   return reg_row_end(reg, row, line);      (defaults, required, status)
 */
#ifndef POLC_REGISTRY_IMPL_H
#define POLC_REGISTRY_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "registry.h"

/* ---- block input: the registry's bytes, read in large blocks ---- */

typedef struct RegInput {
  FILE *file;
  char *buf;
  size_t len;     /* bytes in buf */
  size_t cap;
  bool eof;       /* fread has returned 0: no more bytes will come */
} RegInput;

/* Result of reg_input_more when the kept bytes are already more than the
 * largest record: the record is too long to hold. */
#define REG_INPUT_FULL ((size_t)-1)

/*
 * Keeps buf[keep..len) (moved to the front of buf, so a reader subtracts
 * `keep` from its offsets), grows the buffer when that leaves less than one
 * block free, and reads one more block.  Returns the bytes read: 0 at the
 * end of the input (or after a read error, already reported), or
 * REG_INPUT_FULL.  Memory is bounded by the longest record, not the file.
 */
size_t reg_input_more(Registry *reg, size_t keep);

/* Sizes of the read block and of the largest record (its bytes without the
 * line end; a longer one is rejected): 0 for the defaults, 256 KB and
 * 64 MB.  Tests shrink them to reach the block boundaries with small files
 * (registry_open_limited). */
typedef struct RegistryLimits {
  size_t block;
  size_t max_record;
} RegistryLimits;

Registry *registry_open_limited(const char *path, const RegistrySchema *schema,
                                FILE *errors, RegistryLimits limits);
/* "64 MB" (or "N bytes" for a limit that is not whole megabytes). */
const char *reg_limit_text(const Registry *reg, char buf[32]);

/* ---- the registry ---- */

typedef enum RegFormat { REG_CSV, REG_JSONL } RegFormat;

struct CsvReader;
struct JsonlReader;

struct Registry {
  char *name;             /* as messages show it: the path, or <stdin> */
  FILE *errors;
  const RegistrySchema *schema;   /* the caller's; must outlive the registry */
  size_t *name_len;       /* strlen of each column's name */
  RegInput in;
  size_t block;           /* the read block, fixed at open */
  size_t max_record;
  bool own_file;          /* false for standard input */
  RegFormat format;
  struct CsvReader *csv;
  struct JsonlReader *jsonl;
  long rejected;
  /* The row being filled (returned to the caller as RegistryRow). */
  int64_t *ints;
  TextRef *texts;
  bool *set;              /* column given a non-empty cell in this row */
  int64_t *default_ints;  /* a row of defaults, copied in before the cells */
  TextRef *default_texts;
  int *required;          /* the columns that have no default */
  int nrequired;
  bool row_ok;            /* no cell of this row has been reported */
  bool general_only;      /* tests: no record by the one-pass reader */
};

/* Writes "NAME:LINE: message\n" (LINE 0: "NAME: message"). */
void reg_report(Registry *reg, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The schema column called name[0..len), or -1. */
int reg_find_column(const Registry *reg, const char *name, size_t len);
/* The schema column whose name equals name[0..len) but for ASCII case and
 * full-width ASCII ("Revenue", "ｒｅｖｅｎｕｅ"), or -1. */
int reg_find_loose(const Registry *reg, const char *name, size_t len);

/*
 * Binds the `count` header names (trimmed here) to schema columns:
 * field_col[i] gets the column of field i, or -1 for an unknown one.
 * Reports a name that appears twice and every required column that is
 * absent; returns false when it reported anything.
 */
bool reg_bind_header(Registry *reg, const TextRef *names, int count,
                     long line, int *field_col);

/* How a reader saw a cell.  CELL_PLAIN: a CSV field, a JSON string or the
 * text of a JSON number; CELL_JSON_BOOL: JSON true/false (text "true" or
 * "false"), readable only in a bool column; CELL_NESTED: a JSON array or
 * object, readable in no column. */
typedef enum CellForm { CELL_PLAIN, CELL_JSON_BOOL, CELL_NESTED } CellForm;

void reg_row_begin(Registry *reg);
/* Converts the cell of schema column `col`; a blank cell counts as absent
 * (the default applies at reg_row_end).  A bad cell is reported and marks
 * the row rejected; the reader goes on so that every bad cell is named. */
void reg_row_cell(Registry *reg, long line, int col, const char *text,
                  size_t len, CellForm form);
/* Applies the defaults, reports required columns left empty, and fills
 * *row: REG_ROW, or REG_REJECTED (counted) when anything was reported. */
RegistryStatus reg_row_end(Registry *reg, RegistryRow *row, long line);
/* Rejects a row the reader could not split into cells (already reported). */
RegistryStatus reg_row_reject(Registry *reg, RegistryRow *row, long line);

/* ---- the readers ---- */

/* One record (CSV) or line (JSON Lines) found in the input. */
typedef enum RecordEnd {
  REC_NONE,           /* the input is over */
  REC_OK,             /* ptr[0..len) is the record, without its line end */
  REC_UNCLOSED,       /* CSV: the input ends inside a quoted field */
  REC_TOO_LONG,       /* longer than the largest record: skipped */
} RecordEnd;

typedef struct Record {
  char *ptr;
  size_t len;
  long line;          /* physical line on which it starts */
  bool unclosed;      /* REC_TOO_LONG: it also ran into an unclosed quote */
  bool endless;       /* REC_TOO_LONG: cut, with no end in sight (below) */
} Record;

/* Reads the header; false after reporting when the registry is unusable. */
bool csv_open(Registry *reg);
RegistryStatus csv_next(Registry *reg, RegistryRow *row);
void csv_close(Registry *reg);

bool jsonl_open(Registry *reg);
RegistryStatus jsonl_next(Registry *reg, RegistryRow *row);
void jsonl_close(Registry *reg);

/* Skips a UTF-8 byte order mark at the start of the input. */
void reg_skip_bom(Registry *reg, size_t *pos);
/* A reader skipping a record over the limit lets `dropped` more bytes go;
 * *skipped counts them.  Past twice the limit the record is taken
 * as endless (/dev/zero, a binary file): the input is given up, so that
 * the reader stops instead of reading forever, and true is returned. */
bool reg_skip_endless(Registry *reg, size_t *skipped, size_t dropped);

/* ---- records without quotes, in one pass (csv_plain.c) ---- */

/* How the one-pass reader takes a field, chosen from its column at the
 * header: not at all (a column polc does not know), or by kind. */
typedef enum PlainReader {
  PR_SKIP, PR_TEXT, PR_MONEY, PR_PERCENT, PR_BOOL, PR_DATE, PR_OTHER,
} PlainReader;

typedef struct PlainField {
  int col;               /* schema column, or -1 (PR_SKIP) */
  PlainReader reader;
} PlainField;

PlainReader plain_reader_for(ValueKind kind);
/* Tests: read every record of reg (and of its workers made afterwards) by
 * the general path, to compare the two. */
void registry_set_general_only(Registry *reg, bool on);

/*
 * Reads bytes[0..len), a record known to hold no quote, into the row being
 * filled (reg_row_begin included; the caller finishes with reg_row_end).
 * Reports nothing: false when the record has another number of fields or a
 * cell that cannot be read, which the general path then words.
 */
bool csv_read_plain(Registry *reg, const PlainField *fields, int count,
                    const char *bytes, size_t len);

/* ---- threads (csv_reader.c, jsonl_reader.c, registry.c) ---- */

RegistryStatus csv_next_record(Registry *reg, char **bytes, size_t *len, long *line);
RegistryStatus csv_parse_record(Registry *reg, char *bytes, size_t len, long line,
                                RegistryRow *row);
struct CsvReader *csv_worker(const struct CsvReader *c);
void csv_worker_free(struct CsvReader *w);
RegistryStatus jsonl_next_record(Registry *reg, char **bytes, size_t *len, long *line);
RegistryStatus jsonl_parse_record(Registry *reg, char *bytes, size_t len, long line,
                                  RegistryRow *row);
struct JsonlReader *jsonl_worker(const Registry *reg);
void jsonl_worker_free(struct JsonlReader *w);
/* Adds the keys a worker bound loosely to those the reader will warn about. */
void jsonl_merge_worker(struct JsonlReader *reader, const struct JsonlReader *worker);

#endif
