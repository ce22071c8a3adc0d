/*
 * formats.c - the registry formats polc reads, one line each; the first
 * that claims a path reads it, so the CSV, which claims every path, comes
 * last.  A new format is its file, its `extern` line and its line in the
 * table (CONTRIBUTING.md, "Adding a registry format").
 */
#include "registry_format.h"

extern const RegistryFormat pg_format;      /* postgresql://..., a libpq conninfo */
extern const RegistryFormat jsonl_format;   /* .jsonl, .ndjson */
extern const RegistryFormat sqlite_format;  /* .db, .sqlite, .sqlite3 */
extern const RegistryFormat xlsx_format;    /* .xlsx */
extern const RegistryFormat csv_format;     /* everything else */

const RegistryFormat *const registry_formats[] = {
    &pg_format,
    &jsonl_format,
    &sqlite_format,
    &xlsx_format,
    &csv_format,
    NULL,
};
