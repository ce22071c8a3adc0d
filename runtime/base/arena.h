/*
 * arena.h - region allocation for one compilation unit.
 *
 * Everything a compilation produces (source text, AST, symbols, diagnostics'
 * text) lives in one Arena and is released by a single arena_free().  No
 * object allocated here is freed on its own, so ownership never needs to be
 * tracked.  Allocation failure is fatal (xmalloc semantics): polc cannot do
 * anything useful without memory and an error path in every caller would
 * obscure the code.
 */
#ifndef POLC_ARENA_H
#define POLC_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct Arena {
  ArenaBlock *head;     /* block being filled; older blocks chained behind */
  size_t total;         /* bytes handed out, for statistics */
} Arena;

void arena_init(Arena *arena);
void arena_free(Arena *arena);

/* Zero-filled memory aligned for any scalar type. */
void *arena_alloc(Arena *arena, size_t size);
/* Grows an array allocated in the arena; the old copy is simply abandoned. */
void *arena_grow(Arena *arena, void *old, size_t old_size, size_t new_size);
char *arena_strndup(Arena *arena, const char *s, size_t len);
char *arena_strdup(Arena *arena, const char *s);
/* printf into the arena. */
char *arena_printf(Arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The one allocation wrapper outside arenas: aborts with a message on OOM. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);

/* A growable array of pointers whose storage lives in an arena. */
typedef struct PtrVec {
  void **items;
  int len;
  int cap;
} PtrVec;

void ptrvec_push(Arena *arena, PtrVec *vec, void *item);

#endif
