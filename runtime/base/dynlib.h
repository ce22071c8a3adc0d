/*
 * dynlib.h - a shared library's functions bound at their first use.
 *
 * libgccjit (native code), Z3 (polc check's proofs), libpq (PostgreSQL),
 * libzip and libxlsxwriter (Excel workbooks) with their dependencies were
 * most of what the dynamic loader mapped and relocated at start-up, and a
 * plain run needs none of them: a cached build is a dlopen of a shared
 * object, a CSV registry is read by polc itself.  So polc does not link
 * them; a table per library (gccjit_api.h, z3_api.h, pq_api.h, zip_api.h,
 * xlsxwriter_api.h) lists the functions polc calls, and dynlib_bind
 * opens the library by its soname (found by the system's loader, as a
 * linked library would be) and fills the table, once, when the first of
 * them is needed.  A library that cannot be loaded is then a message
 * saying so, not a failure to start.
 *
 * The tables are global state, an exception to polc's rule: each is filled
 * once under a lock and never changed after, like the loader's own.
 */
#ifndef POLC_DYNLIB_H
#define POLC_DYNLIB_H

#include <pthread.h>
#include <stdbool.h>

/* One function: its name and the table slot its address goes into. */
typedef struct DynSym {
  const char *name;
  void **slot;
} DynSym;

typedef struct DynLib {
  const char *soname;      /* e.g. libgccjit.so.0 */
  const DynSym *syms;
  int nsyms;
  pthread_mutex_t lock;
  int state;               /* 0: not tried yet; 1: bound; -1: failed */
  char why[320];           /* when failed: the loader's words */
} DynLib;

#define DYNLIB_INIT(soname, syms) \
  {(soname), (syms), (int)(sizeof(syms) / sizeof *(syms)), PTHREAD_MUTEX_INITIALIZER, 0, ""}

/* Binds every function of `lib`, the first time; later calls give the
 * same answer.  NULL when bound; else why not, on one line (the library
 * is missing, or lacks a function polc calls). */
const char *dynlib_bind(DynLib *lib);

#endif
