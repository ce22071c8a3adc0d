/*
 * pg_output.h - results written into a PostgreSQL table
 * (`polc eval ... -o postgresql://... --out-table NAME`), all or nothing:
 * in one transaction a new table is created and filled with COPY ... FROM
 * STDIN; only when the run succeeds is the old table dropped and the new
 * one renamed in its place, then committed.  A failed run rolls back and
 * leaves the old table as it was.  Columns: id text, total and one per
 * rule (named like the CSV header), numeric(20,2).
 */
#ifndef POLC_PG_OUTPUT_H
#define POLC_PG_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../../compiler/ir/ir.h"

typedef struct PgOutput PgOutput;

/* Connects, creates the new table and starts the COPY; `*fp` takes the
 * CSV rows (the header first, as output_begin writes it).  NULL after
 * writing into why[0..size) what went wrong. */
PgOutput *pg_output_open(const char *conninfo, const char *table, const IrProgram *prog,
                         FILE **fp, char *why, size_t size);
/* Ends the COPY, puts the new table in place of the old and commits;
 * false after writing why (nothing is changed then). */
bool pg_output_commit(PgOutput *out, char *why, size_t size);
/* Rolls back: the old table stays as it was. */
void pg_output_abort(PgOutput *out);

#endif
