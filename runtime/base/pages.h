/*
 * pages.h - large zeroed tables straight from the kernel (mmap), for the
 * hash tables that grow with a registry (idset.c).  The pages are zero
 * until first touched, and touched only as entries land on them, where
 * calloc may clear a reused heap block at once: tens of milliseconds of
 * page faults in one step on a virtual machine.  A table of 2 MB or more
 * is offered to the kernel's huge pages (one fault for 2 MB, where they
 * are enabled).  Failure is fatal, as for xmalloc.
 */
#ifndef POLC_PAGES_H
#define POLC_PAGES_H

#include <stddef.h>

void *pages_alloc(size_t bytes);
void pages_free(void *table, size_t bytes);
/* Gives the pages of a part of a table back (they read as zero again);
 * `part` and `bytes` are multiples of the page size. */
void pages_release(void *part, size_t bytes);

#endif
