/*
 * gccjit_api.c - the libgccjit functions native code is compiled
 * with, bound at first use (gccjit_api.h).
 */
#define POLC_GCCJIT_API_TABLE   /* the library's own names, not the table's */
#include "gccjit_api.h"

#include "../base/dynlib.h"

GccJitApi polc_gccjit;

#define POLC_SYM(f) {#f, (void **)&polc_gccjit.f},
static const DynSym syms[] = {GCCJIT_FUNCTIONS(POLC_SYM)};
#undef POLC_SYM

static DynLib lib = DYNLIB_INIT(POLC_GCCJIT_SONAME, syms);

const char *gccjit_bind(void) { return dynlib_bind(&lib); }
