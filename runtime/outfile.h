/*
 * outfile.h - output that appears whole or not at all.
 *
 * A named output is written to a temporary file beside it and renamed into
 * place by outfile_commit(); outfile_abort() (or a crash) leaves the
 * destination untouched.  "-" or NULL is standard output.
 */
#ifndef POLC_OUTFILE_H
#define POLC_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

typedef struct OutFile {
  FILE *fp;
  char *path;        /* NULL for standard output */
  char *temp;
} OutFile;

/* Returns false (with errno set) when the temporary cannot be created. */
bool outfile_open(OutFile *out, const char *path);
/* Flushes, closes and renames; false (with errno) on a write error, in
 * which case the temporary is removed. */
bool outfile_commit(OutFile *out);
void outfile_abort(OutFile *out);

#endif
