/*
 * pg_extension.h - the generated texts of a PostgreSQL extension
 * (pg_extension.c), for build_postgres.c.
 */
#ifndef POLC_PG_EXTENSION_H
#define POLC_PG_EXTENSION_H

#include <stdio.h>

struct IrProgram;

/* PostgreSQL's longest identifier (NAMEDATALEN - 1), in bytes. */
enum { PG_EXT_MAX_IDENTIFIER = 63 };

/* The first rule whose column name PostgreSQL would cut, or NULL. */
const char *pg_ext_long_name(const struct IrProgram *prog);
void pg_ext_write_control(FILE *fp, const struct IrProgram *prog, const char *name,
                          const char *version);
void pg_ext_write_sql(FILE *fp, const struct IrProgram *prog, const char *name);
/* NAME_pg.c, which includes NAME.h (jit_write_header). */
void pg_ext_write_shim(FILE *fp, const struct IrProgram *prog, const char *name);

#endif
