/*
 * dynlib.c - binding a library's functions at first use (dynlib.h).
 */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

/* The library stays loaded for the rest of the run (never dlclose'd), as
 * it would have had it been linked: the table's pointers stay valid. */
static void bind_all(DynLib *lib) {
  void *handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *err = dlerror();
    snprintf(lib->why, sizeof lib->why, "%s", err ? err : lib->soname);
    lib->state = -1;
    return;
  }
  for (int i = 0; i < lib->nsyms; i++) {
    *lib->syms[i].slot = dlsym(handle, lib->syms[i].name);
    if (!*lib->syms[i].slot) {
      snprintf(lib->why, sizeof lib->why, "%s has no function %s (another version?)",
               lib->soname, lib->syms[i].name);
      lib->state = -1;
      return;
    }
  }
  lib->state = 1;
}

const char *dynlib_bind(DynLib *lib) {
  pthread_mutex_lock(&lib->lock);
  if (lib->state == 0)
    bind_all(lib);
  pthread_mutex_unlock(&lib->lock);
  return lib->state > 0 ? NULL : lib->why;
}
