/*
 * files.c - turning command-line arguments into the list of .pol files.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../runtime/base/i18n.h"
#include "driver.h"

enum { MAX_WALK_DEPTH = 64 };

static int has_pol_suffix(const char *name) {
  size_t n = strlen(name);
  return n > 4 && strcmp(name + n - 4, ".pol") == 0;
}

/* Adds every .pol below `dir`, in name order so runs are reproducible;
 * hidden folders (.git) are skipped. */
static void walk(Arena *arena, const char *dir, PtrVec *out, int depth) {
  struct dirent **entries;
  int n = scandir(dir, &entries, NULL, alphasort);
  if (n < 0)
    return;
  for (int i = 0; i < n; i++) {
    const char *name = entries[i]->d_name;
    if (name[0] != '.') {
      size_t len = strlen(dir);
      const char *path = len && dir[len - 1] == '/'
                             ? arena_printf(arena, "%s%s", dir, name)
                             : arena_printf(arena, "%s/%s", dir, name);
      struct stat st;
      if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (depth < MAX_WALK_DEPTH)
          walk(arena, path, out, depth + 1);
      } else if (has_pol_suffix(name)) {
        ptrvec_push(arena, out, (void *)path);
      }
    }
    free(entries[i]);
  }
  free(entries);
}

int files_expand(Arena *arena, char **args, int nargs, PtrVec *out) {
  for (int i = 0; i < nargs; i++) {
    struct stat st;
    if (stat(args[i], &st) != 0) {
      fprintf(stderr, _("polc: cannot open '%s': %s\n"), args[i], strerror(errno));
      return -1;
    }
    if (S_ISDIR(st.st_mode))
      walk(arena, args[i], out, 0);
    else
      ptrvec_push(arena, out, args[i]);
  }
  return out->len;
}

bool registry_readable(const char *command, const char *path) {
  if (strcmp(path, "-") == 0)
    return true;
  struct stat st;
  const char *why = NULL;
  if (stat(path, &st) != 0 || access(path, R_OK) != 0)
    why = strerror(errno);
  else if (S_ISDIR(st.st_mode))
    why = _("it is a directory; give the registry file");
  if (why)
    fprintf(stderr, _("polc %s: cannot open '%s': %s\n"), command, path, why);
  return why == NULL;
}
