/*
 * idset.c - applicant ids seen more than once (idset.h).
 */
#include "idset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/i18n.h"

enum {
  LISTED_IDS = 5,     /* ids the warning names; it counts the others */
  LISTED_ROWS = 4,    /* rows it names per id */
  SHOWN_ID_BYTES = 64,
};

typedef struct Slot {
  uint64_t hash;      /* 0: empty (a hash of 0 is stored as 1) */
  uint32_t first;     /* the line of its first row (saturated) */
  uint32_t listed;    /* 1 + its index in `listed`, 0 when not listed */
} Slot;

typedef struct Listed {
  char id[SHOWN_ID_BYTES + 4];
  long rows[LISTED_ROWS];
  long nrows;         /* rows seen, the first included */
} Listed;

struct IdSet {
  Slot *slots;
  size_t cap, used;   /* cap: a power of two */
  long duplicated;    /* distinct ids seen more than once */
  Listed listed[LISTED_IDS];
  int nlisted;
};

static uint64_t hash_id(TextRef id) {
  uint64_t h = UINT64_C(14695981039346656037);
  for (int64_t i = 0; i < id.len; i++)
    h = (h ^ (unsigned char)id.ptr[i]) * UINT64_C(1099511628211);
  return h ? h : 1;
}

IdSet *idset_new(void) {
  IdSet *set = xcalloc(1, sizeof *set);
  set->cap = 1024;
  set->slots = xcalloc(set->cap, sizeof *set->slots);
  return set;
}

static Slot *find_slot(Slot *slots, size_t cap, uint64_t hash) {
  size_t i = (size_t)hash & (cap - 1);
  while (slots[i].hash != 0 && slots[i].hash != hash)
    i = (i + 1) & (cap - 1);
  return &slots[i];
}

static void grow(IdSet *set) {
  size_t cap = set->cap * 2;
  Slot *slots = xcalloc(cap, sizeof *slots);
  for (size_t i = 0; i < set->cap; i++)
    if (set->slots[i].hash)
      *find_slot(slots, cap, set->slots[i].hash) = set->slots[i];
  free(set->slots);
  set->slots = slots;
  set->cap = cap;
}

/* A second row of an id: counted, and listed while there is room. */
static void note_repeat(IdSet *set, Slot *slot, TextRef id, long line) {
  if (slot->listed == 0) {
    set->duplicated++;
    if (set->nlisted == LISTED_IDS) {
      slot->listed = UINT32_MAX;   /* counted, not listed */
      return;
    }
    Listed *l = &set->listed[set->nlisted++];
    slot->listed = (uint32_t)set->nlisted;
    size_t n = id.len > SHOWN_ID_BYTES ? SHOWN_ID_BYTES : (size_t)id.len;
    memcpy(l->id, id.ptr, n);
    strcpy(l->id + n, id.len > SHOWN_ID_BYTES ? "..." : "");
    l->rows[0] = slot->first;
    l->nrows = 1;
  }
  if (slot->listed == UINT32_MAX)
    return;
  Listed *l = &set->listed[slot->listed - 1];
  if (l->nrows < LISTED_ROWS)
    l->rows[l->nrows] = line;
  l->nrows++;
}

void idset_add(IdSet *set, TextRef id, long line) {
  uint64_t hash = hash_id(id);
  Slot *slot = find_slot(set->slots, set->cap, hash);
  if (slot->hash) {
    note_repeat(set, slot, id, line);
    return;
  }
  slot->hash = hash;
  slot->first = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
  if (++set->used * 2 > set->cap)
    grow(set);
}

void idset_report(const IdSet *set, const char *registry_name, FILE *errors) {
  if (set->duplicated == 0)
    return;
  fprintf(errors, ngettext("%s: warning: %ld applicant id appears more than once:",
                           "%s: warning: %ld applicant ids appear more than once:",
                           (unsigned long)set->duplicated),
          registry_name, set->duplicated);
  for (int i = 0; i < set->nlisted; i++) {
    const Listed *l = &set->listed[i];
    fprintf(errors, _("%s %s (rows"), i ? "," : "", l->id);
    for (long r = 0; r < l->nrows && r < LISTED_ROWS; r++)
      fprintf(errors, "%s %ld", r ? "," : "", l->rows[r]);
    if (l->nrows > LISTED_ROWS)
      fprintf(errors, _(" and %ld more"), l->nrows - LISTED_ROWS);
    fputc(')', errors);
  }
  if (set->duplicated > set->nlisted)
    fprintf(errors, _(" and %ld more"), set->duplicated - set->nlisted);
  fputc('\n', errors);
}

void idset_free(IdSet *set) {
  if (set) {
    free(set->slots);
    free(set);
  }
}
