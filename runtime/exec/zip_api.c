/*
 * zip_api.c - the libzip functions of .xlsx registries, bound at first
 * use (zip_api.h).
 */
#define POLC_ZIP_API_TABLE   /* the library's own names, not the table's */
#include "zip_api.h"

#include "../base/dynlib.h"

ZipApi polc_zip;

#define POLC_SYM(f) {#f, (void **)&polc_zip.f},
static const DynSym syms[] = {ZIP_FUNCTIONS(POLC_SYM)};
#undef POLC_SYM

static DynLib lib = DYNLIB_INIT(POLC_ZIP_SONAME, syms);

const char *zip_bind(void) { return dynlib_bind(&lib); }
