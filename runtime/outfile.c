/*
 * outfile.c - atomic output files: write a temporary, then rename.
 */
#include "outfile.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

/* The mode the file would have if written in place: its own when it
 * exists (polc fmt rewrites a policy), else 0666 less the umask, as
 * fopen would make it (mkstemp makes its temporary 0600). */
static mode_t mode_for(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0)
    return st.st_mode & 07777;
  mode_t mask = umask(0);   /* reading the umask means setting it */
  umask(mask);
  return 0666 & ~mask;
}

bool outfile_open(OutFile *out, const char *path) {
  memset(out, 0, sizeof *out);
  if (!path || strcmp(path, "-") == 0) {
    out->fp = stdout;
    return true;
  }
  size_t n = strlen(path);
  out->path = xmalloc(n + 1);
  memcpy(out->path, path, n + 1);
  out->temp = xmalloc(n + 16);
  snprintf(out->temp, n + 16, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(out->temp);
  if (fd >= 0)
    fchmod(fd, mode_for(path));   /* best effort: the content matters more */
  if (fd < 0 || !(out->fp = fdopen(fd, "w"))) {
    if (fd >= 0)
      close(fd);
    free(out->path);
    free(out->temp);
    out->path = out->temp = NULL;
    return false;
  }
  return true;
}

static void release(OutFile *out) {
  free(out->path);
  free(out->temp);
  out->path = out->temp = NULL;
  out->fp = NULL;
}

bool outfile_commit(OutFile *out) {
  if (!out->path) {
    bool ok = fflush(out->fp) == 0 && !ferror(out->fp);
    return ok;
  }
  bool ok = fflush(out->fp) == 0 && !ferror(out->fp);
  ok = fclose(out->fp) == 0 && ok;
  ok = ok && rename(out->temp, out->path) == 0;
  if (!ok)
    unlink(out->temp);
  release(out);
  return ok;
}

void outfile_abort(OutFile *out) {
  if (!out->path) {
    fflush(out->fp);
    return;
  }
  fclose(out->fp);
  unlink(out->temp);
  release(out);
}
