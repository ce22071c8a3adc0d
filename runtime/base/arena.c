/*
 * arena.c - region allocation: bump-pointer blocks chained in a list.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ARENA_BLOCK_SIZE = 64 * 1024, ARENA_ALIGN = 16 };

struct ArenaBlock {
  ArenaBlock *prev;
  size_t used;
  size_t size;
  _Alignas(ARENA_ALIGN) unsigned char data[];
};

static void out_of_memory(size_t size) {
  fprintf(stderr, "polc: out of memory (asked for %zu bytes)\n", size);
  abort();
}

void *xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p)
    out_of_memory(size);
  return p;
}

void *xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p)
    out_of_memory(count * size);
  return p;
}

void *xrealloc(void *ptr, size_t size) {
  void *p = realloc(ptr, size ? size : 1);
  if (!p)
    out_of_memory(size);
  return p;
}

void arena_init(Arena *arena) {
  arena->head = NULL;
  arena->total = 0;
}

void arena_free(Arena *arena) {
  ArenaBlock *block = arena->head;
  while (block) {
    ArenaBlock *prev = block->prev;
    free(block);
    block = prev;
  }
  arena->head = NULL;
  arena->total = 0;
}

static ArenaBlock *new_block(Arena *arena, size_t min_size) {
  size_t size = min_size > ARENA_BLOCK_SIZE ? min_size : ARENA_BLOCK_SIZE;
  if (size > SIZE_MAX - sizeof(ArenaBlock))
    out_of_memory(size);
  ArenaBlock *block = xmalloc(sizeof(ArenaBlock) + size);
  block->prev = arena->head;
  block->used = 0;
  block->size = size;
  arena->head = block;
  return block;
}

/* A large object gets a block of its own, chained behind the one being
 * filled: that block's free space is not abandoned for it. */
static ArenaBlock *large_block(Arena *arena, size_t size) {
  ArenaBlock *head = arena->head;
  ArenaBlock *block = new_block(arena, size);
  arena->head = head;
  block->prev = head->prev;
  head->prev = block;
  return block;
}

void *arena_alloc(Arena *arena, size_t size) {
  size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (rounded < size)
    out_of_memory(size);
  ArenaBlock *block = arena->head;
  if (block && block->size - block->used < rounded && rounded > ARENA_BLOCK_SIZE / 4)
    block = large_block(arena, rounded);
  else if (!block || block->size - block->used < rounded)
    block = new_block(arena, rounded);
  void *p = block->data + block->used;
  block->used += rounded;
  arena->total += rounded;
  memset(p, 0, size);
  return p;
}

void *arena_grow(Arena *arena, void *old, size_t old_size, size_t new_size) {
  void *p = arena_alloc(arena, new_size);
  if (old && old_size)
    memcpy(p, old, old_size < new_size ? old_size : new_size);
  return p;
}

char *arena_strndup(Arena *arena, const char *s, size_t len) {
  char *p = arena_alloc(arena, len + 1);
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *arena_strdup(Arena *arena, const char *s) {
  return arena_strndup(arena, s, strlen(s));
}

char *arena_printf(Arena *arena, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (len < 0)
    return arena_strdup(arena, "");
  char *p = arena_alloc(arena, (size_t)len + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)len + 1, fmt, ap);
  va_end(ap);
  return p;
}

void ptrvec_push(Arena *arena, PtrVec *vec, void *item) {
  if (vec->len == vec->cap) {
    int cap = vec->cap ? vec->cap * 2 : 4;
    vec->items = arena_grow(arena, vec->items, sizeof(void *) * (size_t)vec->len,
                            sizeof(void *) * (size_t)cap);
    vec->cap = cap;
  }
  vec->items[vec->len++] = item;
}
