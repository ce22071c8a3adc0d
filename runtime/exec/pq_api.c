/*
 * pq_api.c - the libpq functions of PostgreSQL registries and
 * destinations, bound at first use (pq_api.h).
 */
#define POLC_PQ_API_TABLE   /* the library's own names, not the table's */
#include "pq_api.h"

#include "../base/dynlib.h"

PqApi polc_pq;

#define POLC_SYM(f) {#f, (void **)&polc_pq.f},
static const DynSym syms[] = {PQ_FUNCTIONS(POLC_SYM)};
#undef POLC_SYM

static DynLib lib = DYNLIB_INIT(POLC_PQ_SONAME, syms);

const char *pq_bind(void) { return dynlib_bind(&lib); }
