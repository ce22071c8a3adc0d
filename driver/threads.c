/*
 * threads.c - --threads N and its default, the same for eval and compare
 * (driver.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "driver.h"

enum {
  /* Below this a registry is read on one thread: about 20,000 rows, a few
   * hundredths of a second, less than starting and feeding threads costs. */
  SMALL_REGISTRY_BYTES = 4 << 20,
  MAX_DEFAULT_THREADS = 64,
};

int threads_option(const char *command, const char *v, int *threads) {
  char *end;
  long n = strtol(v, &end, 10);
  if (!*v || *end || n < 1 || n > 256)
    return usage_error(command, "--threads takes a number from 1 to 256, not '%s'", v);
  *threads = (int)n;
  return 0;
}

/* Threads runnable right now besides this one (/proc/loadavg's fourth
 * field, "running/total", counts this thread): the cores other work is
 * using at this moment.  The load averages would count polc's own last
 * runs. */
static long other_runnable(void) {
  FILE *f = fopen("/proc/loadavg", "r");
  long running = 1;
  if (f) {
    if (fscanf(f, "%*f %*f %*f %ld/", &running) != 1)
      running = 1;
    fclose(f);
  }
  return running > 1 ? running - 1 : 0;
}

/* Evaluator threads pay only when at least two cores are free for them and
 * the registry is large enough; otherwise one thread, which never loses to
 * threads that fight for one core (README, "Registries of any size"). */
int threads_default(const char *registry) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  struct stat st;
  if (cores < 2)
    return 1;
  if (strcmp(registry, "-") != 0 && stat(registry, &st) == 0 && S_ISREG(st.st_mode) &&
      st.st_size < SMALL_REGISTRY_BYTES)
    return 1;
  long free_cores = cores - other_runnable();
  if (free_cores < 2)
    return 1;
  return (int)(free_cores < MAX_DEFAULT_THREADS ? free_cores : MAX_DEFAULT_THREADS);
}
