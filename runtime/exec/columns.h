/*
 * columns.h - a format's column names bound to the schema's inputs: exactly,
 * by the input's Chinese label (实缴资本 for paid_in_capital), or loosely
 * (ASCII case, full-width ASCII) with a warning.  For every
 * format that names its columns: a CSV header, a JSON object's keys.
 */
#ifndef POLC_COLUMNS_H
#define POLC_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "row_builder.h"

/* The schema column called name[0..len), or -1. */
int columns_find(const RowShape *shape, const char *name, size_t len);
/* The schema column whose label is name[0..len) (实缴资本), or -1. */
int columns_find_label(const RowShape *shape, const char *name, size_t len);
/* Whether name[0..len) names schema column `col`, by its name or label. */
bool columns_names(const RowShape *shape, int col, const char *name, size_t len);
/* Reports that the columns `a` and `b` both give schema column `col`, one by
 * its name and one by its label. */
void columns_report_twice(RowBuilder *rb, long line, int col, TextRef a, TextRef b);
/* The schema column whose name equals name[0..len) but for ASCII case and
 * full-width ASCII ("Revenue", "ｒｅｖｅｎｕｅ"), or -1. */
int columns_find_loose(const RowShape *shape, const char *name, size_t len);

/*
 * Binds the `count` header names (trimmed here) to schema columns:
 * field_col[i] gets the column of field i, or -1 for an unknown one.
 * Reports (through rb) a name that appears twice, an input named twice (by
 * its name and by its label) and every required column that is absent;
 * returns false when it reported anything.
 */
bool columns_bind_header(RowBuilder *rb, const TextRef *names, int count, long line,
                         int *field_col);

#endif
