/*
 * idset.c - applicant ids seen more than once (idset.h).
 */
#include "idset.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/i18n.h"

enum {
  LISTED_IDS = 5,     /* ids the warning names; it counts the others */
  LISTED_ROWS = 4,    /* rows it names per id */
  SHOWN_ID_BYTES = 64,
  /* The table is cut into parts by the top bits of the hash, each growing
   * on its own: growing copies one part, never the whole table, so the
   * peak stays near the table's size. */
  PART_BITS = 6,
  PARTS = 1 << PART_BITS,
  PART_FIRST_SLOTS = 64,
  /* The hard cap: 64 parts of 65,536 slots of 8 bytes, 32 MB, about
   * 3,100,000 ids at three quarters full. */
  PART_MAX_SLOTS = 1 << 16,
  /* The line of each id's first row (4 bytes a slot) is kept while the
   * parts are at most this big (about 1,500,000 ids, 24 MB in all). */
  PART_MAX_SLOTS_WITH_FIRSTS = 1 << 15,
};

/* A slot holds an id's 64-bit hash with its lowest bit replaced by this
 * mark, set once the id has been seen twice; 0 is an empty slot. */
#define REPEATED UINT64_C(1)

typedef struct Part {
  uint64_t *slots;
  uint32_t *firsts;   /* the line of each slot's first row (saturated),
                         or NULL once given up for room */
  size_t cap, used;   /* cap: a power of two */
} Part;

typedef struct Listed {
  uint64_t key;
  char id[SHOWN_ID_BYTES + 4];
  long rows[LISTED_ROWS];
  long nrows;         /* rows seen, the first included when first_known */
  bool first_known;
} Listed;

struct IdSet {
  Part parts[PARTS];
  bool firsts_kept;
  long unremembered_from;  /* the first row whose new id found no room, 0 */
  long duplicated;         /* distinct ids seen more than once */
  Listed listed[LISTED_IDS];
  int nlisted;
};

/* FNV-1a, its bits mixed (FNV's top bits, which choose the part, vary
 * little between ids that differ in their last characters), with the
 * lowest bit cleared for the REPEATED mark. */
uint64_t idset_key(TextRef id) {
  uint64_t h = UINT64_C(14695981039346656037);
  for (int64_t i = 0; i < id.len; i++)
    h = (h ^ (unsigned char)id.ptr[i]) * UINT64_C(1099511628211);
  h ^= h >> 33;
  h *= UINT64_C(0xff51afd7ed558ccd);
  h ^= h >> 33;
  h &= ~REPEATED;
  return h ? h : 2;
}

static void part_alloc(Part *part, size_t cap, bool with_firsts) {
  part->slots = xcalloc(cap, sizeof *part->slots);
  part->firsts = with_firsts ? xcalloc(cap, sizeof *part->firsts) : NULL;
  part->cap = cap;
}

IdSet *idset_new(void) {
  IdSet *set = xcalloc(1, sizeof *set);
  set->firsts_kept = true;
  for (int i = 0; i < PARTS; i++)
    part_alloc(&set->parts[i], PART_FIRST_SLOTS, true);
  return set;
}

/* The slot of `key` in `part`, or the empty slot where it would go. */
static size_t find_slot(const Part *part, uint64_t key) {
  size_t mask = part->cap - 1, i = (size_t)(key >> 1) & mask;
  while (part->slots[i] != 0 && (part->slots[i] & ~REPEATED) != key)
    i = (i + 1) & mask;
  return i;
}

/* Past PART_MAX_SLOTS_WITH_FIRSTS the first rows give way to more ids:
 * an id found repeated later is reported with "an earlier row". */
static void drop_firsts(IdSet *set) {
  for (int i = 0; i < PARTS; i++) {
    free(set->parts[i].firsts);
    set->parts[i].firsts = NULL;
  }
  set->firsts_kept = false;
}

static void grow(IdSet *set, Part *part) {
  size_t cap = part->cap * 2;
  if (set->firsts_kept && cap > PART_MAX_SLOTS_WITH_FIRSTS)
    drop_firsts(set);
  Part bigger = {0};
  part_alloc(&bigger, cap, set->firsts_kept);
  bigger.used = part->used;
  for (size_t i = 0; i < part->cap; i++) {
    if (part->slots[i] == 0)
      continue;
    size_t j = find_slot(&bigger, part->slots[i] & ~REPEATED);
    bigger.slots[j] = part->slots[i];
    if (bigger.firsts)
      bigger.firsts[j] = part->firsts[i];
  }
  free(part->slots);
  free(part->firsts);
  *part = bigger;
}

static Listed *find_listed(IdSet *set, uint64_t key) {
  for (int i = 0; i < set->nlisted; i++)
    if (set->listed[i].key == key)
      return &set->listed[i];
  return NULL;
}

static void start_listing(IdSet *set, uint64_t key, TextRef id, const uint32_t *first) {
  Listed *l = &set->listed[set->nlisted++];
  l->key = key;
  size_t n = id.len > SHOWN_ID_BYTES ? SHOWN_ID_BYTES : (size_t)id.len;
  memcpy(l->id, id.ptr, n);
  strcpy(l->id + n, id.len > SHOWN_ID_BYTES ? "..." : "");
  l->first_known = first != NULL;
  l->nrows = 0;
  if (first)
    l->rows[l->nrows++] = *first;
}

/* A second row of an id: counted, and listed while there is room. */
static void note_repeat(IdSet *set, Part *part, size_t slot, TextRef id, long line) {
  uint64_t key = part->slots[slot] & ~REPEATED;
  if (!(part->slots[slot] & REPEATED)) {
    part->slots[slot] |= REPEATED;
    set->duplicated++;
    if (set->nlisted < LISTED_IDS)
      start_listing(set, key, id, part->firsts ? &part->firsts[slot] : NULL);
  }
  Listed *l = find_listed(set, key);
  if (!l)
    return;
  if (l->nrows < LISTED_ROWS)
    l->rows[l->nrows] = line;
  l->nrows++;
}

void idset_prefetch(const IdSet *set, uint64_t key) {
  const Part *part = &set->parts[key >> (64 - PART_BITS)];
  size_t slot = (size_t)(key >> 1) & (part->cap - 1);
  __builtin_prefetch(&part->slots[slot]);
  if (part->firsts)
    __builtin_prefetch(&part->firsts[slot], 1);
}

void idset_add(IdSet *set, TextRef id, long line) {
  idset_add_keyed(set, idset_key(id), id, line);
}

void idset_add_keyed(IdSet *set, uint64_t key, TextRef id, long line) {
  Part *part = &set->parts[key >> (64 - PART_BITS)];
  size_t slot = find_slot(part, key);
  if (part->slots[slot]) {
    note_repeat(set, part, slot, id, line);
    return;
  }
  if (set->unremembered_from)
    return;
  if ((part->used + 1) * 4 > part->cap * 3) {
    if (part->cap == PART_MAX_SLOTS) {
      set->unremembered_from = line;
      return;
    }
    grow(set, part);
    slot = find_slot(part, key);
  }
  part->slots[slot] = key;
  if (part->firsts)
    part->firsts[slot] = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
  part->used++;
}

static void report_listed(const Listed *l, bool first_of_all, FILE *errors) {
  const char *sep = first_of_all ? "" : ",";
  if (l->first_known)
    fprintf(errors, _("%s %s (rows"), sep, l->id);
  else
    fprintf(errors, ngettext("%s %s (an earlier row and row", "%s %s (an earlier row and rows",
                             (unsigned long)l->nrows),
            sep, l->id);
  for (long r = 0; r < l->nrows && r < LISTED_ROWS; r++)
    fprintf(errors, "%s %ld", r ? "," : "", l->rows[r]);
  if (l->nrows > LISTED_ROWS)
    fprintf(errors, _(" and %ld more"), l->nrows - LISTED_ROWS);
  fputc(')', errors);
}

void idset_report(const IdSet *set, const char *registry_name, FILE *errors) {
  if (set->duplicated > 0) {
    fprintf(errors,
            ngettext("%s: warning: %ld applicant id appears more than once:",
                     "%s: warning: %ld applicant ids appear more than once:",
                     (unsigned long)set->duplicated),
            registry_name, set->duplicated);
    for (int i = 0; i < set->nlisted; i++)
      report_listed(&set->listed[i], i == 0, errors);
    if (set->duplicated > set->nlisted)
      fprintf(errors, _(" and %ld more"), set->duplicated - set->nlisted);
    fputc('\n', errors);
  }
  if (set->unremembered_from)
    fprintf(errors,
            _("%s: warning: too many applicant ids to keep in memory: an id first seen on "
              "row %ld or later was checked against earlier rows only, not for repeats "
              "after it\n"),
            registry_name, set->unremembered_from);
}

void idset_free(IdSet *set) {
  if (set) {
    for (int i = 0; i < PARTS; i++) {
      free(set->parts[i].slots);
      free(set->parts[i].firsts);
    }
    free(set);
  }
}
