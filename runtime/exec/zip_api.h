/*
 * zip_api.h - the libzip functions polc calls, bound at first use
 * (../base/dynlib.h): only reading an .xlsx workbook needs libzip
 * (xlsx_book.c binds it before opening one), and libzip with its
 * dependencies (OpenSSL's libcrypto, bzip2, zlib) was a good part of
 * start-up.  A function called anywhere must be listed here: polc does
 * not link libzip, so a missing one is an undefined reference.
 */
#ifndef POLC_ZIP_API_H
#define POLC_ZIP_API_H

#include <zip.h>

#define ZIP_FUNCTIONS(X) \
  X(zip_discard) \
  X(zip_error_fini) \
  X(zip_error_init_with_code) \
  X(zip_error_strerror) \
  X(zip_fclose) \
  X(zip_file_strerror) \
  X(zip_fopen) \
  X(zip_fread) \
  X(zip_open)

typedef struct ZipApi {
#define POLC_SLOT(f) __typeof__(f) *f;
  ZIP_FUNCTIONS(POLC_SLOT)
#undef POLC_SLOT
} ZipApi;

extern ZipApi polc_zip;

/* Loads the library and fills polc_zip, the first time: NULL when done,
 * else why not (dynlib.h). */
const char *zip_bind(void);

/* Every call below goes through the table: bind first.  The file filling
 * the table defines POLC_ZIP_API_TABLE, where the names stay the library's. */
#ifndef POLC_ZIP_API_TABLE
#define zip_discard (polc_zip.zip_discard)
#define zip_error_fini (polc_zip.zip_error_fini)
#define zip_error_init_with_code (polc_zip.zip_error_init_with_code)
#define zip_error_strerror (polc_zip.zip_error_strerror)
#define zip_fclose (polc_zip.zip_fclose)
#define zip_file_strerror (polc_zip.zip_file_strerror)
#define zip_fopen (polc_zip.zip_fopen)
#define zip_fread (polc_zip.zip_fread)
#define zip_open (polc_zip.zip_open)
#endif

#endif
