/*
 * idset.h - noticing applicant ids that appear more than once in a
 * registry, in row order, for one warning at the end of a run:
 *   FILE: warning: 3 applicant ids appear more than once: A (rows 4, 9), ...
 *
 * Memory is bounded (issue 15): open-addressing tables of 64-bit hashes of
 * the ids (FNV-1a, mixed), 8 bytes a slot, at most three quarters full, cut
 * into 64 parts that grow one at a time, so growing never doubles the whole;
 * at most 32 MB, about 3,100,000 distinct ids.  The line of each id's first
 * row is kept beside its slot (4 bytes) up to about 1,500,000 ids; later an
 * id found repeated is listed with "an earlier row".  Once a part is full,
 * new ids are no longer stored (known ids still are checked) and the report
 * says from which row on.  Two different ids share a hash with odds of about
 * n²/2⁶⁴ (5·10⁻⁷ for 3,000,000 ids); such a pair would be listed, under the
 * second id's name.
 */
#ifndef POLC_IDSET_H
#define POLC_IDSET_H

#include <stdint.h>
#include <stdio.h>

#include "../base/value.h"

typedef struct IdSet IdSet;

IdSet *idset_new(void);
/* Makes room at once for about `ids` distinct ids (within the room that
 * keeps each id's first row), so the table does not grow while rows come:
 * growing copies a part and touches new pages, and with every part about
 * as full as the others they all grow within a few rows of each other,
 * a pause in the one step every row passes through in order (parallel.c).
 * The pages are touched only as ids land on them. */
void idset_reserve(IdSet *set, long ids);
/* The id of the row starting on `line`; rows come in registry order.  It
 * is added a few rows later (the table slot it will probe asked for now:
 * a cache miss per row is most of what the set costs on one thread);
 * idset_report adds the last ones. */
void idset_add(IdSet *set, TextRef id, long line);
/* The same, the id's hash computed beforehand by idset_key (by the
 * threads that read the rows, parallel.c: hashing and the table's cache
 * misses are what the one thread that adds every id in order pays). */
uint64_t idset_key(TextRef id);
void idset_add_keyed(IdSet *set, uint64_t key, TextRef id, long line);
/* Asks the processor for the slot `key` will probe, a few ids ahead. */
void idset_prefetch(const IdSet *set, uint64_t key);
/* Writes the warning (nothing when every id was seen once). */
void idset_report(IdSet *set, const char *registry_name, FILE *errors);
void idset_free(IdSet *set);

#endif
