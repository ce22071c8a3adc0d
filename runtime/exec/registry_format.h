/*
 * registry_format.h - one registry format behind one table of functions,
 * as SQLite's VFS or Lua's lua_Reader: registry.c chooses the format once,
 * at open (the first of registry_formats[] that claims the path), and from
 * then on only calls through the table.  A format turns its input into
 * cells and hands them to the row builder (row_builder.h); everything that
 * does not depend on the syntax (defaults, conversion, required columns,
 * messages, binding names) is shared.  CONTRIBUTING.md, "Adding a registry
 * format", walks through a new one.
 *
 * Threads (parallel.c): a format whose records are runs of bytes
 * (byte_records) lets one thread find the records and copy their bytes
 * (next_record) while workers, each with its own state and row builder,
 * turn them into rows (parse_record).  A format without byte records (a
 * database cursor, a spreadsheet's typed cells) leaves those NULL and is
 * read by one thread, as with --threads 1.
 */
#ifndef POLC_REGISTRY_FORMAT_H
#define POLC_REGISTRY_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "registry.h"
#include "row_builder.h"

/* A reader of records for one thread: the format's state for it, and its
 * own row. */
struct RegistryWorker {
  const struct RegistryFormat *format;   /* its registry's */
  void *state;
  RowBuilder rows;
  bool general_only;   /* tests: without a format's fast path (the one pass of CSV, JSON Lines) */
};

typedef struct RegistryFormat {
  const char *name;
  /* Whether the format reads `path` (by its name: ".jsonl"); the last
   * format of the table claims every path. */
  bool (*claims)(const char *path);
  /* A database server (PostgreSQL): reads reg->options's table or query,
   * not a file (a SQLite database is a file). */
  bool database;
  /* Opens `path` into reg->in (reg_input_open) or its own handle, reads
   * the header and binds it (columns_bind_header), and leaves its state in
   * reg->state.  False after reporting: the registry is unusable (close is
   * still called, with reg->state as far as it got). */
  bool (*open)(Registry *reg, const char *path);
  /* The next row, through reg->rows; REG_END when the input is over. */
  RegistryStatus (*next_row)(Registry *reg, RegistryRow *row);
  /* Says what it kept for the end (a warning), frees reg->state. */
  void (*close)(Registry *reg);

  /* Records are byte ranges that other threads may parse; else the rest
   * is NULL. */
  bool byte_records;
  /* The next record's bytes (valid until the next call) and line; a
   * record that cannot be a row is reported, counted and REG_REJECTED. */
  RegistryStatus (*next_record)(Registry *reg, char **bytes, size_t *len, long *line);
  /* The state of a worker (w->rows is ready) and its end. */
  void *(*worker_new)(const Registry *reg);
  void (*worker_free)(void *state);
  /* The record's cells as a row, through w->rows (the bytes are changed
   * in place; text cells point into them). */
  RegistryStatus (*parse_record)(RegistryWorker *w, char *bytes, size_t len, long line,
                                 RegistryRow *row);
} RegistryFormat;

/* The formats, in the order they are asked to claim a path, NULL-ended
 * (formats.c). */
extern const RegistryFormat *const registry_formats[];

#endif
