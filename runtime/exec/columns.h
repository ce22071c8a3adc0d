/*
 * columns.h - a format's column names bound to the schema's inputs: exactly,
 * or loosely (ASCII case, full-width ASCII) with a warning.  For every
 * format that names its columns: a CSV header, a JSON object's keys.
 */
#ifndef POLC_COLUMNS_H
#define POLC_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "row_builder.h"

/* The schema column called name[0..len), or -1. */
int columns_find(const RowShape *shape, const char *name, size_t len);
/* The schema column whose name equals name[0..len) but for ASCII case and
 * full-width ASCII ("Revenue", "ｒｅｖｅｎｕｅ"), or -1. */
int columns_find_loose(const RowShape *shape, const char *name, size_t len);

/*
 * Binds the `count` header names (trimmed here) to schema columns:
 * field_col[i] gets the column of field i, or -1 for an unknown one.
 * Reports (through rb) a name that appears twice and every required column
 * that is absent; returns false when it reported anything.
 */
bool columns_bind_header(RowBuilder *rb, const TextRef *names, int count, long line,
                         int *field_col);

#endif
