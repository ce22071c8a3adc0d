/*
 * symtab.c - hash tables of names, and "did you mean" suggestions.
 */
#include "symtab.h"

#include <string.h>

enum { SYMTAB_BUCKETS = 256 };

static unsigned hash_name(const char *s) {
  unsigned h = 2166136261u;   /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

void symtab_init(SymTab *tab, Arena *arena) {
  tab->nbuckets = SYMTAB_BUCKETS;
  tab->buckets = arena_alloc(arena, sizeof(Symbol *) * SYMTAB_BUCKETS);
  tab->count = 0;
  tab->order = (PtrVec){0};
}

Symbol *symtab_find(const SymTab *tab, const char *name) {
  if (!name)
    return NULL;
  Symbol *s = tab->buckets[hash_name(name) % (unsigned)tab->nbuckets];
  for (; s; s = s->next)
    if (strcmp(s->name, name) == 0)
      return s;
  return NULL;
}

/* Doubles the buckets when chains average two symbols: a module of 20,000
 * inputs is looked up in constant time per name. */
static void grow_buckets(SymTab *tab, Arena *arena) {
  int n = tab->nbuckets * 2;
  Symbol **buckets = arena_alloc(arena, sizeof(Symbol *) * (size_t)n);
  for (int i = 0; i < tab->nbuckets; i++)
    for (Symbol *s = tab->buckets[i], *next; s; s = next) {
      next = s->next;
      unsigned b = hash_name(s->name) % (unsigned)n;
      s->next = buckets[b];
      buckets[b] = s;
    }
  tab->buckets = buckets;
  tab->nbuckets = n;
}

Symbol *symtab_add(SymTab *tab, Arena *arena, SymKind kind, const char *name,
                   Decl *decl, Span span, bool *added) {
  Symbol *old = symtab_find(tab, name);
  if (old) {
    *added = false;
    return old;
  }
  Symbol *s = arena_alloc(arena, sizeof *s);
  s->kind = kind;
  s->name = name;
  s->decl = decl;
  s->span = span;
  if (tab->count >= 2 * tab->nbuckets)
    grow_buckets(tab, arena);
  unsigned b = hash_name(name) % (unsigned)tab->nbuckets;
  s->next = tab->buckets[b];
  tab->buckets[b] = s;
  tab->count++;
  ptrvec_push(arena, &tab->order, s);
  *added = true;
  return s;
}

/* Levenshtein distance, giving up (returning limit + 1) past `limit`. */
static int edit_distance(const char *a, const char *b, int limit) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64)
    return limit + 1;
  int row[65];
  for (size_t j = 0; j <= lb; j++)
    row[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    int diag = row[0], best = row[0] = (int)i;
    for (size_t j = 1; j <= lb; j++) {
      int up = row[j];
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = diag + cost;
      if (up + 1 < v) v = up + 1;
      if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
      row[j] = v;
      diag = up;
      if (v < best) best = v;
    }
    if (best > limit)
      return limit + 1;
  }
  return row[lb];
}

const char *closest_name(const char *name, const char *const *candidates,
                         int count) {
  int limit = strlen(name) <= 4 ? 1 : strlen(name) <= 8 ? 2 : 3;
  const char *best = NULL;
  int best_distance = limit + 1;
  for (int i = 0; i < count; i++) {
    int d = edit_distance(name, candidates[i], limit);
    if (d < best_distance) {
      best_distance = d;
      best = candidates[i];
    }
  }
  return best;
}

const char *symtab_suggest(const SymTab *tab, const char *name) {
  const char *names[1024];
  int n = 0;
  for (int i = 0; i < tab->order.len && n < 1024; i++)
    names[n++] = ((const Symbol *)tab->order.items[i])->name;
  return closest_name(name, names, n);
}
