/*
 * csv_reader.h - the CSV reader's header row for a format that feeds it
 * CSV from elsewhere (pg_registry.c: a server's COPY ... TO STDOUT).
 */
#ifndef POLC_CSV_READER_H
#define POLC_CSV_READER_H

#include <stdbool.h>

#include "registry_impl.h"

/* With reg->in attached (reg_input_attach), reads and binds the header and
 * leaves the CSV reader's state in reg->state: csv_format's functions then
 * read the rows.  `rows_by_id`: messages name a row by its id
 * (`NAME:id=ID: ...`), not by a line number a database does not have.
 * False after reporting. */
bool csv_read_header(Registry *reg, bool rows_by_id);

extern const RegistryFormat csv_format;

#endif
