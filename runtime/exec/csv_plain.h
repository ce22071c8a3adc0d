/*
 * csv_plain.h - the one-pass reader of CSV records without quotes
 * (csv_plain.c), for csv_reader.c.
 */
#ifndef POLC_CSV_PLAIN_H
#define POLC_CSV_PLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "plain_cells.h"

/*
 * Reads bytes[0..len), a record known to hold no quote, into the row being
 * filled (rb_begin included; the caller finishes with rb_end).  Reports
 * nothing: false when the record has another number of fields or a cell
 * that cannot be read, which the general path then words.
 */
bool csv_read_plain(RowBuilder *rb, const PlainField *fields, int count,
                    const char *bytes, size_t len);

#endif
