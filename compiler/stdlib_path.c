/*
 * stdlib_path.c - the search path of stdlib modules.
 */
#include "stdlib_path.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef POLC_INSTALL_STDLIB
#define POLC_INSTALL_STDLIB "/usr/local/share/polc"
#endif

enum { MAX_DIRS = 32 };

/* Directory of the running executable, from /proc/self/exe (Linux). */
static char *exe_dir(Arena *arena) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0)
    return NULL;
  buf[n] = '\0';
  char *slash = strrchr(buf, '/');
  if (!slash)
    return NULL;
  *slash = '\0';
  return arena_strdup(arena, buf);
}

const char *const *stdlib_dirs(Arena *arena) {
  const char **dirs = arena_alloc(arena, sizeof(char *) * (MAX_DIRS + 1));
  int n = 0;
  const char *env = getenv("POLC_STDLIB");
  if (env && *env) {
    char *copy = arena_strdup(arena, env);
    for (char *save = NULL, *dir = strtok_r(copy, ":", &save);
         dir && n < MAX_DIRS - 3; dir = strtok_r(NULL, ":", &save))
      dirs[n++] = dir;
  }
  char *bin = exe_dir(arena);
  if (bin) {
    dirs[n++] = arena_printf(arena, "%s/stdlib", bin);
    dirs[n++] = arena_printf(arena, "%s/../share/polc", bin);
  }
  dirs[n++] = POLC_INSTALL_STDLIB;
  dirs[n] = NULL;
  return dirs;
}
