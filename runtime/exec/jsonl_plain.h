/*
 * jsonl_plain.h - the one-pass reader of JSON Lines objects (jsonl_plain.c),
 * for jsonl_reader.c.
 */
#ifndef POLC_JSONL_PLAIN_H
#define POLC_JSONL_PLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "row_builder.h"

typedef struct JsonlPlain JsonlPlain;

JsonlPlain *jsonl_plain_new(const RegistrySchema *schema);
void jsonl_plain_free(JsonlPlain *jp);

/*
 * Reads the line bytes[0..len) (not blank) into the row being filled
 * (rb_begin included; the caller finishes with rb_end), without changing
 * it.  Reports nothing: false when the line is not valid JSON, holds a key
 * that is escaped, twice or bound only loosely, or a cell that cannot be
 * read; the general path then reads it and words every problem.
 */
bool jsonl_read_plain(JsonlPlain *jp, RowBuilder *rb, char *bytes, size_t len);

#endif
