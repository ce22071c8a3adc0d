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
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../runtime/engines/jit.h"
#include "../compiler/unit.h"
#include "../runtime/exec/evaluate.h"
#include "../runtime/engines/interp.h"
#include "../runtime/base/i18n.h"
#include "../runtime/exec/registry.h"
#include "driver.h"

/* Measured (`polc eval` of the four seed policies over 1,000,000 CSV rows,
 * one thread, Release build, 2 cores): compiling takes 0.34 s (their 16
 * formula rules) to 1.6 s (all 68 rules); native code saves 0.35 to 1.0 µs
 * a row over the interpreter (interp_decode.c made it twice as fast); a
 * registry row is about 250 bytes.  Compiling pays for itself within one
 * run from about 1,000,000 to 1,600,000 rows, so auto compiles from
 * AUTO_JIT_BYTES of registry (or when a cached build needs no compiling
 * at all).  (It was 64 MB while the interpreter was slower.) */
enum { AUTO_JIT_BYTES = 256 * 1024 * 1024 };
/* Compiling takes about 12 ms a rule (1,000 generated rules: 12 s), so auto
 * leaves larger programs to the interpreter; --engine jit still compiles
 * them. */
enum { AUTO_JIT_MAX_RULES = 500 };

/* The SHA-256 of every source file (imports included), each with the path
 * it was read from, in order: what the native-code cache keys on besides
 * polc's build and the optimisation level (jit_cache.c). */
static void sources_key(const Loaded *loaded, char out[2 * SHA256_DIGEST_SIZE + 1]) {
  struct sha256_ctx ctx;
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_init(&ctx);
  for (int u = 0; u < loaded->count; u++) {
    const Unit *unit = loaded->units[u];
    char count[64];
    snprintf(count, sizeof count, "unit %d: %d files", u, unit->files.len);
    sha256_update(&ctx, strlen(count) + 1, (const uint8_t *)count);
    for (int f = 0; f < unit->files.len; f++) {
      const Source *src = ((const SourceFile *)unit->files.items[f])->src;
      char head[64];   /* lengths first: no two lists of files hash alike */
      snprintf(head, sizeof head, "%zu %zu", strlen(src->path), src->len);
      sha256_update(&ctx, strlen(head) + 1, (const uint8_t *)head);
      sha256_update(&ctx, strlen(src->path), (const uint8_t *)src->path);
      sha256_update(&ctx, src->len, (const uint8_t *)src->text);
    }
  }
  sha256_digest(&ctx, sizeof digest, digest);
  for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
    snprintf(out + 2 * i, 3, "%02x", digest[i]);
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

/* (A database table is taken as large: its size is not known before it
 * is read, and tables are where the large registries live.) */
static bool registry_is_large(const char *registry) {
  struct stat st;
  if (registry && registry_is_database(registry))
    return true;
  return registry && strcmp(registry, "-") != 0 && stat(registry, &st) == 0 &&
         st.st_size >= AUTO_JIT_BYTES;
}

/* Native code for the program; false when it cannot be had (then said when
 * asked for by name or --verbose).  The JIT's remarks and warnings go to
 * stderr as they came; its failure is worded here, as a fallback. */
static bool open_native(EngineChoice *choice, const Loaded *loaded, const JitOptions *o,
                        Engine *engine) {
  Arena arena;
  arena_init(&arena);
  Diags diags;
  diags_init(&diags, &arena);
  choice->code = jit_load(loaded->prog, o, &diags);
  const Diag *failure = diags_first_error(&diags);
  DiagPrinter printer = {.format = DIAG_TEXT, .out = stderr};
  for (int i = 0; i < diags.items.len; i++) {   /* one at a time: in report order */
    Diags one = {.arena = &arena};
    if (diags.items.items[i] != failure) {
      ptrvec_push(&arena, &one.items, diags.items.items[i]);
      diag_printer_emit(&printer, &one);
    }
  }
  if (!choice->code && (choice->verbose || strcmp(choice->name, "jit") == 0))
    fprintf(stderr, _("polc: native code is not available (%s); the interpreter runs "
                    "the rows instead, with the same figures\n"),
            failure ? failure->message : _("no reason given"));
  arena_free(&arena);
  if (choice->code)
    *engine = (Engine){native_run_row, (void *)(uintptr_t)jit_function(choice->code)};
  return choice->code != NULL;
}

int engine_open(EngineChoice *choice, const Loaded *loaded, const char *registry, Engine *engine) {
  char key[2 * SHA256_DIGEST_SIZE + 1];
  sources_key(loaded, key);
  JitOptions o = {.opt_level = choice->opt_level, .use_cache = choice->use_cache,
                  .verbose = choice->verbose, .key = key};
  bool native = strcmp(choice->name, "jit") == 0 ||
                (strcmp(choice->name, "auto") == 0 &&
                 (jit_cache_has(&o) ||
                  (registry_is_large(registry) && loaded->prog->nrules <= AUTO_JIT_MAX_RULES)));
  if (native && open_native(choice, loaded, &o, engine))
    return EXIT_OK;
  if (!native && choice->verbose)
    fprintf(stderr, _("polc: the interpreter runs the rows (--engine %s)\n"), choice->name);
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

EngineChoice engine_choice_unopened(const EngineChoice *choice) {
  return (EngineChoice){.name = choice->name, .opt_level = choice->opt_level,
                        .use_cache = choice->use_cache, .verbose = choice->verbose};
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
