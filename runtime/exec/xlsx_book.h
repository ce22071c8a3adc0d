/*
 * xlsx_book.h - what an .xlsx workbook says about its sheets before any
 * row is read: the sheets' names and parts (xl/workbook.xml and its rels),
 * the date system (date1904), the shared strings, and which cell styles
 * show a number as a date (xl/styles.xml).  Every part is streamed through
 * expat in blocks (xlsx_stream_part), never read whole; only the shared
 * strings are kept, as cells refer to them by number.
 */
#ifndef POLC_XLSX_BOOK_H
#define POLC_XLSX_BOOK_H

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "zip_api.h"

#include "row_builder.h"

typedef struct XlsxSheet {
  char *name;
  char *part;       /* "xl/worksheets/sheet1.xml" */
} XlsxSheet;

typedef struct XlsxBook {
  zip_t *zip;
  XlsxSheet *sheets;
  int nsheets;
  bool date1904;
  /* shared strings: string i is strings[offsets[i] .. offsets[i + 1]) */
  char *strings;
  size_t strings_len, strings_cap;
  size_t *offsets;
  size_t nstrings, offsets_cap;
  bool *date_style;   /* [nstyles]: cell style i shows numbers as dates */
  size_t nstyles;
} XlsxBook;

/* Opens the archive and reads its workbook, shared strings and styles;
 * false after reporting (once, through rb, naming no row) why the file
 * cannot be read as a workbook. */
bool xlsx_book_open(XlsxBook *book, const char *path, RowBuilder *rb);
void xlsx_book_close(XlsxBook *book);
/* The sheet called `name` (NULL: the first), or NULL after reporting the
 * sheets there are. */
const XlsxSheet *xlsx_book_sheet(const XlsxBook *book, const char *name, RowBuilder *rb);

/* Shared string i, or false when there is none. */
bool xlsx_shared_string(const XlsxBook *book, size_t i, const char **text, size_t *len);

/* A part of the archive fed to an expat parser block by block. */
typedef struct XlsxStream {
  zip_file_t *file;
  XML_Parser parser;
  char *block;
  size_t block_size;
  bool done;          /* the last block was given to the parser */
} XlsxStream;

/* Opens part `name`; false when the archive has no such part. */
bool xlsx_stream_open(XlsxStream *s, zip_t *zip, const char *name, XML_Parser parser);
/* Feeds the next block (or resumes a suspended parse); the parser's status:
 * XML_STATUS_OK (more to come unless s->done), XML_STATUS_SUSPENDED (a
 * handler stopped it), XML_STATUS_ERROR (bad XML, or the part could not be
 * read: *read_error set). */
enum XML_Status xlsx_stream_step(XlsxStream *s, bool *read_error);
void xlsx_stream_close(XlsxStream *s);

/* The value of attribute `name` (or, for a name like ":id", any prefixed
 * attribute ending so) in expat's list, or NULL. */
const char *xlsx_attr(const char **attrs, const char *name);
/* An element's local name: "x:row" is "row" (files written with prefixes). */
const char *xlsx_local(const char *name);

#endif
