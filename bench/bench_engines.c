/*
 * bench_engines.c - evaluation-only throughput of the two engines, with
 * the registry already in memory, and the JIT's compile time cold and
 * cached.
 *
 *   bench_engines REGISTRY.csv POLICY...
 *
 * Prints rows/s of the interpreter and of native code over every row, and
 * checks that both computed the same totals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/engines/jit.h"
#include "compiler/lower.h"
#include "compiler/stdlib_path.h"
#include "compiler/unit.h"
#include "runtime/base/date.h"
#include "runtime/exec/evaluate.h"
#include "runtime/engines/interp.h"
#include "runtime/exec/row.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct Rows {
  long count;
  int ninputs;
  int64_t *ints;       /* count × ninputs */
  TextRef *texts;
  int32_t *as_of;
  char **storage;      /* the text bytes, one block per row */
} Rows;

/* Reads every row of the registry into memory. */
static Rows load_rows(IrProgram *prog, const char *path) {
  RegistrySchema schema = evaluate_schema(prog);
  Registry *reg = registry_open(path, &schema, stderr);
  if (!reg)
    exit(1);
  Rows rows = {.ninputs = prog->ninputs};
  long cap = 1024;
  rows.ints = xmalloc(sizeof(int64_t) * (size_t)(cap * rows.ninputs));
  rows.texts = xmalloc(sizeof(TextRef) * (size_t)(cap * rows.ninputs));
  rows.as_of = xmalloc(sizeof(int32_t) * (size_t)cap);
  rows.storage = xmalloc(sizeof(char *) * (size_t)cap);
  RegistryRow row;
  RegistryStatus st;
  while ((st = registry_next(reg, &row)) != REG_END) {
    if (st != REG_ROW)
      continue;
    if (rows.count == cap) {
      cap *= 2;
      rows.ints = xrealloc(rows.ints, sizeof(int64_t) * (size_t)(cap * rows.ninputs));
      rows.texts = xrealloc(rows.texts, sizeof(TextRef) * (size_t)(cap * rows.ninputs));
      rows.as_of = xrealloc(rows.as_of, sizeof(int32_t) * (size_t)cap);
      rows.storage = xrealloc(rows.storage, sizeof(char *) * (size_t)cap);
    }
    int64_t *ints = rows.ints + rows.count * rows.ninputs;
    TextRef *texts = rows.texts + rows.count * rows.ninputs;
    memcpy(ints, row.ints, sizeof(int64_t) * (size_t)rows.ninputs);
    size_t bytes = 0;
    for (int i = 0; i < rows.ninputs; i++)
      bytes += (size_t)row.texts[i].len + 1;
    char *p = rows.storage[rows.count] = xmalloc(bytes + 1);
    for (int i = 0; i < rows.ninputs; i++) {
      memcpy(p, row.texts[i].ptr, (size_t)row.texts[i].len);
      texts[i] = (TextRef){p, row.texts[i].len};
      p += row.texts[i].len + 1;
    }
    int32_t day;
    date_parse("2024-06-01", 10, &day);
    rows.as_of[rows.count] = evaluate_prepare_row(prog, ints, day);
    rows.count++;
  }
  registry_close(reg);
  return rows;
}

typedef void (*RunFn)(void *self, const int64_t *, const TextRef *, int32_t, RowOutcome *);

static void interp_row(void *self, const int64_t *i, const TextRef *t, int32_t a, RowOutcome *o) {
  interp_run(self, i, t, a, o);
}

static void native_row(void *self, const int64_t *i, const TextRef *t, int32_t a, RowOutcome *o) {
  ((JitRowFn)(uintptr_t)self)(i, t, a, o);
}

/* Runs every row; returns the seconds taken and the sum of the totals. */
static double run_all(const Rows *rows, const IrProgram *prog, RunFn fn, void *self,
                      __int128 *sum) {
  RowBuffers buffers;   /* the outcome; the inputs are the rows' */
  row_buffers_init(&buffers, prog);
  RowOutcome *out = &buffers.outcome;
  *sum = 0;
  double start = now();
  for (long r = 0; r < rows->count; r++) {
    out->error = ROW_OK;
    fn(self, rows->ints + r * rows->ninputs, rows->texts + r * rows->ninputs, rows->as_of[r],
       out);
    *sum += out->total;
  }
  double seconds = now() - start;
  row_buffers_free(&buffers);
  return seconds;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bench_engines REGISTRY.csv POLICY...\n");
    return 2;
  }
  Arena arena;
  arena_init(&arena);
  const char *const *dirs = stdlib_dirs(&arena);
  int n = argc - 2;
  Unit **units = xcalloc((size_t)n, sizeof *units);
  for (int i = 0; i < n; i++) {
    units[i] = unit_new(dirs);
    if (!unit_load(units[i], argv[i + 2]) || unit_check(units[i])) {
      fprintf(stderr, "bench_engines: %s does not compile\n", argv[i + 2]);
      return 1;
    }
  }
  Diags diags;
  diags_init(&diags, &arena);
  IrProgram *prog = lower_program(units, n, false, &diags);
  if (!prog) {
    fprintf(stderr, "bench_engines: %s\n", diags_first_error(&diags)->message);
    return 1;
  }
  double t0 = now();
  Rows rows = load_rows(prog, argv[1]);
  printf("rows in memory: %ld (read in %.2f s)\n", rows.count, now() - t0);

  JitOptions cold = {.opt_level = 2, .use_cache = false};
  JitCode *code = jit_load(prog, &cold, &diags);
  if (!code) {
    fprintf(stderr, "bench_engines: %s\n", diags_first_error(&diags)->message);
    return 1;
  }
  printf("jit compile, cold:   %.3f s\n", jit_compile_seconds(code));
  jit_unload(code);
  char key[64];
  snprintf(key, sizeof key, "bench%ld", (long)time(NULL));
  JitOptions warm = {.opt_level = 2, .use_cache = true, .key = key};
  jit_unload(jit_load(prog, &warm, &diags));   /* fills the cache */
  t0 = now();
  code = jit_load(prog, &warm, &diags);
  printf("jit load, cached:    %.3f s (from cache: %s)\n", now() - t0,
         jit_from_cache(code) ? "yes" : "no");

  Interp *interp = interp_new(prog);
  __int128 sum_interp, sum_native;
  /* An untimed pass first: the rows' pages not written while loading
   * (inputs the registry lacks) are faulted in by whichever engine reads
   * them first, which made the interpreter, timed first, look 4 times
   * slower than it is. */
  run_all(&rows, prog, interp_row, interp, &sum_interp);
  double ti = run_all(&rows, prog, interp_row, interp, &sum_interp);
  double tj = run_all(&rows, prog, native_row, (void *)(uintptr_t)jit_function(code), &sum_native);
  printf("interpreter:  %8.3f s  %12.0f rows/s\n", ti, rows.count / ti);
  printf("native code:  %8.3f s  %12.0f rows/s  (%.1fx the interpreter)\n", tj,
         rows.count / tj, ti / tj);
  printf("totals agree: %s\n", sum_interp == sum_native ? "yes" : "NO");
  return sum_interp == sum_native ? 0 : 1;
}
