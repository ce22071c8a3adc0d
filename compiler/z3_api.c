/*
 * z3_api.c - the Z3 functions of polc check's proofs, bound at first use (z3_api.h).
 */
#define POLC_Z3_API_TABLE   /* the library's own names, not the table's */
#include "z3_api.h"

#include "../runtime/base/dynlib.h"

Z3Api polc_z3;

#define POLC_SYM(f) {#f, (void **)&polc_z3.f},
static const DynSym syms[] = {Z3_FUNCTIONS(POLC_SYM)};
#undef POLC_SYM

static DynLib lib = DYNLIB_INIT(POLC_Z3_SONAME, syms);

const char *z3_bind(void) { return dynlib_bind(&lib); }
