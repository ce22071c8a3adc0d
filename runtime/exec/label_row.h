/*
 * label_row.h - the row of Chinese labels a template puts under its header
 * (polc template): a registry may keep it, and every format skips it.
 * It is the first row after the header when each of its non-empty cells
 * in a column polc reads is that input's label (实缴资本 under
 * paid_in_capital), and at least one is; other columns do not count.
 */
#ifndef POLC_LABEL_ROW_H
#define POLC_LABEL_ROW_H

#include <stdbool.h>

#include "row_builder.h"

/* fields[0..count): a row's cells; field_col: the header's binding. */
bool label_row_matches(const RowShape *shape, const int *field_col, const TextRef *fields,
                       int count);

#endif
