/*
 * xlsxwriter_api.c - the libxlsxwriter functions of .xlsx results and
 * templates, bound at first use (xlsxwriter_api.h).
 */
#define POLC_XLSXWRITER_API_TABLE   /* the library's own names, not the table's */
#include "xlsxwriter_api.h"

#include "../base/dynlib.h"

XlsxWriterApi polc_lxw;

#define POLC_SYM(f) {#f, (void **)&polc_lxw.f},
static const DynSym syms[] = {XLSXWRITER_FUNCTIONS(POLC_SYM)};
#undef POLC_SYM

static DynLib lib = DYNLIB_INIT(POLC_XLSXWRITER_SONAME, syms);

const char *xlsxwriter_bind(void) { return dynlib_bind(&lib); }
