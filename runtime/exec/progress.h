/*
 * progress.h - the progress line of a long run, on a terminal only:
 *   polc: 350,000 rows, 1,234,567 rows/s, 35%, about 2 s left
 * shown once a run has taken a second, rewritten in place, erased at the
 * end, on the caller's message stream (the job's `errors`); never written
 * when that stream is not a terminal.
 */
#ifndef POLC_PROGRESS_H
#define POLC_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

typedef struct Progress {
  FILE *out;
  bool enabled;
  bool shown;
  double start, last;
  long long total_bytes;   /* 0: unknown (standard input) */
} Progress;

void progress_start(Progress *p, const char *path, FILE *out);
/* rows done so far, and the bytes of the registry read. */
void progress_update(Progress *p, long rows, long long bytes);
void progress_end(Progress *p);
/* The rows the registry file holds in all, if the others are as long as
 * the `rows` that took `bytes`; 0 when its size is unknown (the IdSet is
 * sized from it: idset_reserve). */
long progress_expected_rows(const Progress *p, long rows, long long bytes);

#endif
