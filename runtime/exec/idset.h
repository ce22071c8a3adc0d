/*
 * idset.h - noticing applicant ids that appear more than once in a
 * registry, in row order, for one warning at the end of a run:
 *   FILE: warning: 3 applicant ids appear more than once: A (rows 4, 9), ...
 *
 * Memory: an open-addressing table of 64-bit hashes of the ids (FNV-1a),
 * 16 bytes a slot, at most half full: about 32 bytes per distinct id (a
 * million rows: 32 MB), plus the few ids the warning lists.  Two different
 * ids share a hash with odds of about n²/2⁶⁵ (10⁻⁷ for a million rows);
 * such a pair would be listed, under the second id's name.
 */
#ifndef POLC_IDSET_H
#define POLC_IDSET_H

#include <stdio.h>

#include "../base/value.h"

typedef struct IdSet IdSet;

IdSet *idset_new(void);
/* The id of the row starting on `line`; rows come in registry order. */
void idset_add(IdSet *set, TextRef id, long line);
/* Writes the warning (nothing when every id was seen once). */
void idset_report(const IdSet *set, const char *registry_name, FILE *errors);
void idset_free(IdSet *set);

#endif
