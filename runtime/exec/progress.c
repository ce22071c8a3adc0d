/*
 * progress.c - the progress line.
 */
#include "progress.h"

#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/i18n.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(Progress *p, const char *path, FILE *out) {
  memset(p, 0, sizeof *p);
  p->out = out;
  p->enabled = out && isatty(fileno(out));
  p->start = p->last = now();
  struct stat st;
  if (path && strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
    p->total_bytes = (long long)st.st_size;
}

void progress_update(Progress *p, long rows, long long bytes) {
  if (!p->enabled || (rows & 1023))
    return;   /* look at the clock every 1024 rows only */
  double t = now();
  if (t - p->start < 1.0 || t - p->last < 0.2)
    return;
  p->last = t;
  p->shown = true;
  double rate = rows / (t - p->start);
  fputc('\r', p->out);
  fprintf(p->out, _("polc: %ld rows, %.0f rows/s"), rows, rate);
  if (p->total_bytes > 0 && bytes > 0) {
    double done = (double)bytes / (double)p->total_bytes;
    double left = done > 0 ? (t - p->start) * (1 - done) / done : 0;
    fprintf(p->out, _(", %.0f%%, about %.0f s left"), done * 100, left);
  }
  fputs("   ", p->out);
  fflush(p->out);
}

long progress_expected_rows(const Progress *p, long rows, long long bytes) {
  if (p->total_bytes <= 0 || rows <= 0 || bytes <= 0)
    return 0;
  return (long)((double)p->total_bytes / (double)bytes * (double)rows);
}

void progress_end(Progress *p) {
  if (p->shown)
    fputs("\r\033[K", p->out);   /* erase the line */
}
