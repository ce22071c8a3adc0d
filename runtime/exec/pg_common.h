/*
 * pg_common.h - what the PostgreSQL registry (pg_registry.c) and the
 * PostgreSQL destination of results (pg_output.c) share: which names are
 * connection strings, connecting, a server's error as one line, and table
 * names quoted for SQL.
 */
#ifndef POLC_PG_COMMON_H
#define POLC_PG_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "pq_api.h"

/* Whether `name` is a PostgreSQL connection string: a URI
 * (postgresql://..., postgres://...), or libpq's keyword=value form
 * (`host=... dbname=...`) when no file of that name exists. */
bool pg_is_conninfo(const char *name);

/* Connects; NULL after writing into why[0..size) what went wrong, on one
 * line (libpq's message, its line breaks made "; "). */
PGconn *pg_connect(const char *conninfo, char *why, size_t size);

/* The connection's or the result's error on one line, without libpq's
 * "ERROR:  " and trailing newline: into why[0..size). */
void pg_error_line(const PGconn *conn, const PGresult *res, char *why, size_t size);

/* `table`, or `schema.table` split at its first dot, quoted as SQL
 * identifiers (PQescapeIdentifier); with `suffix`, appended to the table's
 * own name.  NULL only when libpq cannot quote it (the connection is then
 * gone).  Free with free(). */
char *pg_quote_table(PGconn *conn, const char *table, const char *suffix);

/* Starts COPY (SELECT every column of `table`, or of `query`) TO STDOUT
 * (FORMAT csv, HEADER), booleans and money sent as text polc reads
 * (true/false, a plain decimal), in UTF-8 with ISO dates; with `types`,
 * the columns' types into a new array (free()) of *ntypes.  False after
 * writing why (the connection stays open). */
bool pg_copy_start(PGconn *conn, const char *table, const char *query, Oid **types,
                   int *ntypes, char *why, size_t size);

#endif
