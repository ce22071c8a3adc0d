/*
 * outfile.h - output that appears whole or not at all.
 *
 * A named regular file is written to a temporary file beside it and renamed
 * into place by outfile_commit(); outfile_abort(), a failed write or a
 * terminating signal (SIGINT, SIGTERM, SIGHUP) removes the temporary and
 * leaves the destination as it was.  A symbolic link is followed: the
 * temporary goes beside the file it points to and is renamed onto that
 * file, so the link stays a link.  A device or a FIFO (/dev/null, a pipe
 * made with mkfifo) cannot be replaced and is written directly.  "-" or
 * NULL is standard output.
 */
#ifndef POLC_OUTFILE_H
#define POLC_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

typedef struct OutFile {
  FILE *fp;
  char *target;      /* the regular file renamed onto; NULL when written directly */
  char *temp;
} OutFile;

/* Returns false (with errno set) when the output cannot be opened: the
 * temporary cannot be created, or `path` is a directory. */
bool outfile_open(OutFile *out, const char *path);
/* Flushes, closes and renames; false (with errno) on a write error, in
 * which case the temporary is removed. */
bool outfile_commit(OutFile *out);
void outfile_abort(OutFile *out);

/* A temporary file the caller creates by other means (polc build's shared
 * object, written by libgccjit before it is renamed into place) is removed
 * by the same signals while guarded; unguard it once renamed or removed. */
void outfile_guard_temp(const char *temp);
void outfile_unguard_temp(void);

/* True when writing `output` would overwrite the input file `input` ("-":
 * standard input): the same path, or the same regular file (device and
 * inode, links followed). */
bool outfile_is_input(const char *output, const char *input);

#endif
