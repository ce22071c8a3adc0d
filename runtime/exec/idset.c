/*
 * idset.c - applicant ids seen more than once (idset.h).
 */
#include "idset.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/pages.h"
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
  /* idset_reserve makes a block of at least this many slots a part (2 MB
   * of slots in all, a huge page): below it the parts just grow. */
  BLOCK_MIN_SLOTS = 1 << 12,
};

/* A slot holds an id's 64-bit hash with its lowest bit replaced by this
 * mark, set once the id has been seen twice; 0 is an empty slot. */
#define REPEATED UINT64_C(1)

typedef struct Part {
  uint64_t *slots;
  uint32_t *firsts;   /* the line of each slot's first row (saturated),
                         or NULL once given up for room */
  size_t cap, used;   /* cap: a power of two */
  bool in_block;      /* slots and firsts are the Block's */
} Part;

/* idset_reserve's tables: every part's at once, in one mapping each, so
 * that the kernel can back them with huge pages (pages.h). */
typedef struct Block {
  uint64_t *slots;
  uint32_t *firsts;   /* NULL once the first rows are given up */
  size_t cap;         /* of each part */
  int parts;          /* parts still in the block */
} Block;

/* An id idset_add has not added yet: what the warning would show of it. */
typedef struct Queued {
  uint64_t key;
  long line;
  int64_t len;                 /* the id's whole length */
  char id[SHOWN_ID_BYTES];     /* its first bytes */
} Queued;

enum { QUEUED = 16 };   /* rows between an id's prefetch and its adding */

typedef struct Listed {
  uint64_t key;
  char id[SHOWN_ID_BYTES + 4];
  long rows[LISTED_ROWS];
  long nrows;         /* rows seen, the first included when first_known */
  bool first_known;
} Listed;

struct IdSet {
  Part parts[PARTS];
  Block block;
  bool firsts_kept;
  long unremembered_from;  /* the first row whose new id found no room, 0 */
  long duplicated;         /* distinct ids seen more than once */
  Listed listed[LISTED_IDS];
  int nlisted;
  Queued queue[QUEUED];    /* a ring: the oldest at `queue_head` */
  int queue_head, nqueued;
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

/* A part's array: a large one from pages.c, whose pages are faulted in as
 * ids land on them rather than cleared at once. */
enum { PAGED_BYTES = 64 << 10 };

static void *table_alloc(size_t cap, size_t size) {
  return cap * size >= PAGED_BYTES ? pages_alloc(cap * size) : xcalloc(cap, size);
}

static void table_free(void *table, size_t cap, size_t size) {
  if (cap * size >= PAGED_BYTES)
    pages_free(table, cap * size);
  else
    free(table);
}

static void part_alloc(Part *part, size_t cap, bool with_firsts) {
  part->slots = table_alloc(cap, sizeof *part->slots);
  part->firsts = with_firsts ? table_alloc(cap, sizeof *part->firsts) : NULL;
  part->cap = cap;
}

static void block_free_firsts(Block *block) {
  pages_free(block->firsts, PARTS * block->cap * sizeof *block->firsts);
  block->firsts = NULL;
}

/* A part leaves the block: its pages go back at once, the block with the
 * last part. */
static void block_leave(Block *block, Part *part) {
  pages_release(part->slots, part->cap * sizeof *part->slots);
  if (part->firsts)
    pages_release(part->firsts, part->cap * sizeof *part->firsts);
  if (--block->parts == 0) {
    pages_free(block->slots, PARTS * block->cap * sizeof *block->slots);
    block_free_firsts(block);
  }
}

static void part_free(IdSet *set, Part *part) {
  if (part->in_block) {
    block_leave(&set->block, part);
    return;
  }
  table_free(part->slots, part->cap, sizeof *part->slots);
  if (part->firsts)
    table_free(part->firsts, part->cap, sizeof *part->firsts);
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
    Part *part = &set->parts[i];
    if (!part->in_block)
      table_free(part->firsts, part->cap, sizeof *part->firsts);
    part->firsts = NULL;
  }
  if (set->block.firsts)
    block_free_firsts(&set->block);
  set->firsts_kept = false;
}

/* Puts `from`'s ids into the empty, larger `to`. */
static void copy_part(Part *to, const Part *from) {
  to->used = from->used;
  for (size_t i = 0; i < from->cap; i++) {
    if (from->slots[i] == 0)
      continue;
    size_t j = find_slot(to, from->slots[i] & ~REPEATED);
    to->slots[j] = from->slots[i];
    if (to->firsts)
      to->firsts[j] = from->firsts[i];
  }
}

static void grow(IdSet *set, Part *part) {
  size_t cap = part->cap * 2;
  if (set->firsts_kept && cap > PART_MAX_SLOTS_WITH_FIRSTS)
    drop_firsts(set);
  Part bigger = {0};
  part_alloc(&bigger, cap, set->firsts_kept);
  copy_part(&bigger, part);
  part_free(set, part);
  *part = bigger;
}

/* Moves every part into a block of `cap` slots a part. */
static void move_to_block(IdSet *set, size_t cap) {
  Block *block = &set->block;
  block->cap = cap;
  block->slots = pages_alloc(PARTS * cap * sizeof *block->slots);
  block->firsts = set->firsts_kept ? pages_alloc(PARTS * cap * sizeof *block->firsts) : NULL;
  for (int i = 0; i < PARTS; i++) {
    Part *part = &set->parts[i];
    Part moved = {.slots = block->slots + i * cap, .cap = cap, .in_block = true,
                  .firsts = block->firsts ? block->firsts + i * cap : NULL};
    copy_part(&moved, part);
    part_free(set, part);
    *part = moved;
    block->parts++;
  }
}

void idset_reserve(IdSet *set, long ids) {
  /* a quarter more than the mean per part, at most three quarters full */
  size_t per_part = (size_t)(ids > 0 ? ids : 0) / PARTS, want = per_part + per_part / 4;
  size_t cap = PART_FIRST_SLOTS;
  while (cap < PART_MAX_SLOTS_WITH_FIRSTS && cap * 3 < want * 4)
    cap *= 2;
  if (cap >= BLOCK_MIN_SLOTS && !set->block.parts && set->firsts_kept)
    move_to_block(set, cap);
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

/* (Of the id's text only what the warning shows is read, its first
 * SHOWN_ID_BYTES: start_listing.) */
static void add_queued(IdSet *set, const Queued *q) {
  idset_add_keyed(set, q->key, (TextRef){q->id, q->len}, q->line);
}

void idset_add(IdSet *set, TextRef id, long line) {
  uint64_t key = idset_key(id);
  idset_prefetch(set, key);
  Queued *q = &set->queue[(set->queue_head + set->nqueued) % QUEUED];
  if (set->nqueued == QUEUED) {   /* the oldest goes in; its place is the new one's */
    add_queued(set, q);
    set->queue_head = (set->queue_head + 1) % QUEUED;
  } else {
    set->nqueued++;
  }
  *q = (Queued){.key = key, .line = line, .len = id.len};
  memcpy(q->id, id.ptr, id.len < SHOWN_ID_BYTES ? (size_t)id.len : SHOWN_ID_BYTES);
}

static void add_all_queued(IdSet *set) {
  for (; set->nqueued > 0; set->nqueued--) {
    add_queued(set, &set->queue[set->queue_head]);
    set->queue_head = (set->queue_head + 1) % QUEUED;
  }
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

void idset_report(IdSet *set, const char *registry_name, FILE *errors) {
  add_all_queued(set);
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
    for (int i = 0; i < PARTS; i++)
      part_free(set, &set->parts[i]);
    free(set);
  }
}
