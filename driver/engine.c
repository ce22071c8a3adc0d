/*
 * engine.c - choosing and opening the engine a command runs rows with:
 * the interpreter, or native code from libgccjit (--engine interp|jit|auto).
 *
 * auto takes native code when a cached build of these sources exists, or
 * when the registry is large enough for compiling to pay for itself (see
 * AUTO_JIT_BYTES); else the interpreter.  When native code cannot be had,
 * the interpreter runs the rows: the figures are the same, only slower.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../compiler/jit.h"
#include "../compiler/unit.h"
#include "../runtime/evaluate.h"
#include "../runtime/interp.h"
#include "driver.h"

/* Measured (bench/bench_engines, the four seed policies, 2 cores):
 * compiling takes 0.5 s (16 rules) to 2.5 s (100 rules); native code saves
 * 1.7 to 5.4 µs a row over the interpreter; a registry row is about 260
 * bytes.  Compiling pays for itself from about 300 000 rows, so auto
 * compiles from AUTO_JIT_BYTES of registry (or when a cached build needs
 * no compiling at all). */
enum { AUTO_JIT_BYTES = 64 * 1024 * 1024 };
/* Compiling grows faster than the rules (200 simple rules: 6 s; 1,000:
 * minutes, then libgccjit gave up), so auto leaves larger programs to the
 * interpreter; --engine jit still compiles them. */
enum { AUTO_JIT_MAX_RULES = 500 };

/* FNV-1a over the sources of every unit, in order: the cache key. */
static void sources_key(const Loaded *loaded, int opt, char out[40]) {
  uint64_t h1 = 1469598103934665603ULL, h2 = 1099511628211ULL * 31;
  for (int u = 0; u < loaded->count; u++) {
    const Unit *unit = loaded->units[u];
    for (int f = 0; f < unit->files.len; f++) {
      const SourceFile *file = unit->files.items[f];
      for (size_t i = 0; i < file->src->len; i++) {
        h1 = (h1 ^ (unsigned char)file->src->text[i]) * 1099511628211ULL;
        h2 = (h2 ^ (unsigned char)file->src->text[i]) * 0x100000001b3ULL + 7;
      }
      h1 = (h1 ^ 0xff) * 1099511628211ULL;   /* file boundary */
      h2 = (h2 ^ (uint64_t)f) * 0x100000001b3ULL;
    }
    h1 = (h1 ^ 0xfe) * 1099511628211ULL;     /* unit boundary */
  }
  snprintf(out, 40, "%016llx%016llx%d", (unsigned long long)h1, (unsigned long long)h2, opt);
}

static void interp_run_row(void *self, const int64_t *ints, const TextRef *texts,
                           int32_t as_of, RowOutcome *out) {
  interp_run(self, ints, texts, as_of, out);
}

static void native_run_row(void *self, const int64_t *ints, const TextRef *texts,
                           int32_t as_of, RowOutcome *out) {
  JitRowFn fn = (JitRowFn)(uintptr_t)self;
  out->error = ROW_OK;
  out->error_rule = -1;
  out->as_of = as_of;
  fn(ints, texts, as_of, out);
}

static bool cached_build_exists(const char *key, int opt) {
  char path[PATH_MAX + 128];
  return jit_cached_path(key, opt, path, sizeof path) && access(path, R_OK) == 0;
}

static bool registry_is_large(const char *registry) {
  struct stat st;
  return registry && strcmp(registry, "-") != 0 && stat(registry, &st) == 0 &&
         st.st_size >= AUTO_JIT_BYTES;
}

int engine_open(EngineChoice *choice, const Loaded *loaded, const char *registry, Engine *engine) {
  char key[40];
  sources_key(loaded, choice->opt_level, key);
  bool native = strcmp(choice->name, "jit") == 0 ||
                (strcmp(choice->name, "auto") == 0 &&
                 ((choice->use_cache && cached_build_exists(key, choice->opt_level)) ||
                  (registry_is_large(registry) && loaded->prog->nrules <= AUTO_JIT_MAX_RULES)));
  if (native) {
    JitOptions o = {.opt_level = choice->opt_level, .use_cache = choice->use_cache,
                    .verbose = choice->verbose, .key = key};
    char *error = NULL;
    choice->code = jit_load(loaded->prog, &o, &error);
    if (choice->code) {
      *engine = (Engine){native_run_row, (void *)(uintptr_t)jit_function(choice->code)};
      return EXIT_OK;
    }
    if (choice->verbose || strcmp(choice->name, "jit") == 0)
      fprintf(stderr, "polc: native code is not available (%s); the interpreter runs "
                      "the rows instead, with the same figures\n", error);
    free(error);
  } else if (choice->verbose) {
    fprintf(stderr, "polc: the interpreter runs the rows (--engine %s)\n", choice->name);
  }
  choice->interp = interp_new(loaded->prog);
  *engine = (Engine){interp_run_row, choice->interp};
  return EXIT_OK;
}

void engine_for_threads(EngineChoice *choice, const Loaded *loaded, const Engine *first,
                        Engine *engines, int n) {
  engines[0] = *first;
  if (choice->code) {
    for (int i = 1; i < n; i++)
      engines[i] = *first;
    return;
  }
  choice->more = xcalloc((size_t)n, sizeof *choice->more);
  for (int i = 1; i < n; i++) {
    choice->more[choice->nmore] = interp_new(loaded->prog);
    engines[i] = (Engine){interp_run_row, choice->more[choice->nmore++]};
  }
}

void engine_close(EngineChoice *choice) {
  for (int i = 0; i < choice->nmore; i++)
    interp_free(choice->more[i]);
  free(choice->more);
  choice->more = NULL;
  choice->nmore = 0;
  interp_free(choice->interp);
  jit_unload(choice->code);
  choice->interp = NULL;
  choice->code = NULL;
}

int engine_option(EngineChoice *choice, int argc, char **argv, int *i, const char *command,
                  bool *matched) {
  const char *v;
  *matched = true;
  if ((v = option_value(argc, argv, i, "--engine"))) {
    if (strcmp(v, "interp") && strcmp(v, "jit") && strcmp(v, "auto"))
      return usage_error(command, "--engine takes interp, jit or auto, not '%s'", v);
    choice->name = v;
  } else if ((v = option_value(argc, argv, i, "--jit-opt"))) {
    if (strlen(v) != 1 || v[0] < '0' || v[0] > '3')
      return usage_error(command, "--jit-opt takes 0, 1, 2 or 3, not '%s'", v);
    choice->opt_level = v[0] - '0';
  } else if (strcmp(argv[*i], "--no-cache") == 0) {
    choice->use_cache = false;
  } else if (strcmp(argv[*i], "--verbose") == 0 || strcmp(argv[*i], "-v") == 0) {
    choice->verbose = true;
  } else {
    *matched = false;
  }
  return EXIT_OK;
}
