/*
 * pages.c - large zeroed tables (pages.h).
 */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

enum { HUGE_PAGE = 2 << 20 };

void *pages_alloc(size_t bytes) {
  void *table = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (table == MAP_FAILED) {
    fprintf(stderr, "polc: out of memory (asked for %zu bytes)\n", bytes);
    abort();
  }
#ifdef MADV_HUGEPAGE
  if (bytes >= HUGE_PAGE)
    madvise(table, bytes, MADV_HUGEPAGE);   /* advice only: no huge pages is fine */
#endif
  return table;
}

void pages_release(void *part, size_t bytes) {
  madvise(part, bytes, MADV_DONTNEED);
}

void pages_free(void *table, size_t bytes) {
  if (table)
    munmap(table, bytes);
}
