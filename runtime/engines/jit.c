/*
 * jit.c - compiling an IrProgram into a shared object with libgccjit, and
 * loading it: from the cache when an entry for the same sources exists.
 *
 * In the style of libgccjit's own examples: one state struct holds the
 * context and the types; lowering runs in two passes (every block is
 * created first, then filled); the context is released as soon as the code
 * is compiled; the first error is checked once and reported as an internal
 * error (so GCC is asked for no warning and no note: see jit_init).
 */
#include "jit.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jit_internal.h"

#ifndef POLC_INSTALL_LIBDIR
#define POLC_INSTALL_LIBDIR "/usr/local/lib/polc"
#endif

static bool file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *jit_runtime_library(void) {
  static char found[PATH_MAX];   /* the answer never changes in a run */
  if (found[0])
    return found;
  const char *env = getenv("POLC_RUNTIME_LIB");   /* tests, unusual layouts */
  if (env && *env) {
    snprintf(found, sizeof found, "%s", env);
    return found;
  }
  char exe[PATH_MAX - 32];   /* room for the suffixes below */
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
      snprintf(found, sizeof found, "%s/libpolcrt.a", exe);
      if (file_exists(found))
        return found;
      snprintf(found, sizeof found, "%s/../lib/polc/libpolcrt.a", exe);
      if (file_exists(found))
        return found;
    }
  }
  snprintf(found, sizeof found, "%s/libpolcrt.a", POLC_INSTALL_LIBDIR);
  return found;
}

/* --- building the context ------------------------------------------------------- */

static void declare_function(Jit *j) {
  JitTypes *t = &j->t;
  j->ints = gcc_jit_context_new_param(j->ctx, NULL,
                                      gcc_jit_type_get_pointer(gcc_jit_type_get_const(t->i64)),
                                      "ints");
  j->texts = gcc_jit_context_new_param(j->ctx, NULL,
                                       gcc_jit_type_get_pointer(gcc_jit_type_get_const(t->text)),
                                       "texts");
  j->as_of = gcc_jit_context_new_param(j->ctx, NULL, t->i32, "as_of");
  j->out = gcc_jit_context_new_param(j->ctx, NULL, gcc_jit_type_get_pointer(t->row), "out");
  gcc_jit_param *params[4] = {j->ints, j->texts, j->as_of, j->out};
  j->fn = gcc_jit_context_new_function(j->ctx, NULL, GCC_JIT_FUNCTION_EXPORTED, t->void_,
                                       "polc_row", 4, params, 0);
}

/* Pass one: a local per register, a block per IR block. */
static void declare_locals_and_blocks(Jit *j) {
  const IrProgram *prog = j->prog;
  j->regs = xcalloc((size_t)prog->nregs + 1, sizeof *j->regs);
  for (int r = 0; r < prog->nregs; r++) {
    gcc_jit_type *type = prog->reg_types[r] == IRT_WIDE ? j->t.i128
                         : prog->reg_types[r] == IRT_TEXT ? j->t.text : j->t.i64;
    char name[24];
    snprintf(name, sizeof name, "r%d", r);
    j->regs[r] = gcc_jit_function_new_local(j->fn, NULL, type, name);
  }
  j->blocks = xcalloc((size_t)prog->nblocks + 1, sizeof *j->blocks);
  for (int b = 0; b < prog->nblocks; b++) {
    char name[24];
    snprintf(name, sizeof name, "b%d", b);
    j->blocks[b] = gcc_jit_function_new_block(j->fn, name);
  }
  j->fails = xcalloc((size_t)prog->nrules + 2, sizeof *j->fails);
  j->err = gcc_jit_function_new_local(j->fn, NULL,
                                      gcc_jit_context_get_type(j->ctx, GCC_JIT_TYPE_INT), "err");
  j->wide_out = gcc_jit_function_new_local(j->fn, NULL, j->t.i128, "product");
}

/* The version string baked into the code, checked when a cached object is
 * loaded: an entry written by another build, or for other sources, is
 * never trusted. */
static void declare_fingerprint(Jit *j, const char *fingerprint) {
  gcc_jit_function *fn = gcc_jit_context_new_function(
      j->ctx, NULL, GCC_JIT_FUNCTION_EXPORTED, j->t.cchar_ptr, "polc_fingerprint", 0, NULL, 0);
  gcc_jit_block *b = gcc_jit_function_new_block(fn, NULL);
  gcc_jit_block_end_with_return(b, NULL, gcc_jit_context_new_string_literal(j->ctx, fingerprint));
}

/* `link`: the output is linked (a shared object), with libpolcrt.a; an
 * object file is linked later by its user. */
static void jit_init(Jit *j, const IrProgram *prog, int opt_level, bool link) {
  memset(j, 0, sizeof *j);
  j->prog = prog;
  arena_init(&j->arena);
  j->ctx = gcc_jit_context_acquire();
  gcc_jit_context_set_int_option(j->ctx, GCC_JIT_INT_OPTION_OPTIMIZATION_LEVEL, opt_level);
  gcc_jit_context_set_bool_option(j->ctx, GCC_JIT_BOOL_OPTION_DEBUGINFO, 1);
  gcc_jit_context_set_bool_allow_unreachable_blocks(j->ctx, 1);
  gcc_jit_context_set_bool_print_errors_to_stderr(j->ctx, 0);   /* we report the first */
  /* libgccjit 12 records every diagnostic GCC gives as an error, and then
   * writes no code (jit-playback.c, add_diagnostic): a warning, or the note
   * variable tracking gives on a large function ("size limit exceeded,
   * retrying without", from about 400 rules), would fail the compilation.
   * So no warning is asked for (-w), and variable tracking, which has that
   * note and takes time growing faster than the function, is off: the
   * debugging information keeps its line table. */
  gcc_jit_context_add_command_line_option(j->ctx, "-w");
  gcc_jit_context_add_command_line_option(j->ctx, "-fno-var-tracking");
  if (link) {
    gcc_jit_context_add_driver_option(j->ctx, jit_runtime_library());
    gcc_jit_context_add_driver_option(j->ctx, "-Wl,--exclude-libs,ALL");
  }
}

static void jit_release(Jit *j) {
  gcc_jit_context_release(j->ctx);
  free(j->regs);
  free(j->blocks);
  free(j->fails);
  arena_free(&j->arena);
}


static bool compile_to(const IrProgram *prog, int opt_level, const char *path,
                       const char *api_name, const char *fingerprint,
                       enum gcc_jit_output_kind kind, Diags *diags);

bool jit_compile_fingerprinted(const IrProgram *prog, int opt_level, const char *so_path,
                               const char *api_name, const char *fingerprint, Diags *diags) {
  return compile_to(prog, opt_level, so_path, api_name, fingerprint,
                    GCC_JIT_OUTPUT_KIND_DYNAMIC_LIBRARY, diags);
}

bool jit_compile_object(const IrProgram *prog, int opt_level, const char *o_path,
                        const char *api_name, Diags *diags) {
  return compile_to(prog, opt_level, o_path, api_name, "", GCC_JIT_OUTPUT_KIND_OBJECT_FILE,
                    diags);
}

static bool compile_to(const IrProgram *prog, int opt_level, const char *path,
                       const char *api_name, const char *fingerprint,
                       enum gcc_jit_output_kind kind, Diags *diags) {
  if (!file_exists(jit_runtime_library())) {
    diag_error(diags, NULL, SPAN_NONE, "native-code",
               "the runtime library %s is missing (build polc with `make`)",
               jit_runtime_library());
    return false;
  }
  const char *unbound = gccjit_bind();   /* loaded now, not at start-up */
  if (unbound) {
    diag_error(diags, NULL, SPAN_NONE, "native-code",
               "libgccjit, which compiles native code, could not be loaded: %s "
               "(install libgccjit0)", unbound);
    return false;
  }
  Jit j;
  jit_init(&j, prog, opt_level, kind != GCC_JIT_OUTPUT_KIND_OBJECT_FILE);
  jit_declare_types(&j);
  jit_declare_runtime(&j);
  declare_function(&j);
  declare_locals_and_blocks(&j);
  jit_lower_code(&j);
  declare_fingerprint(&j, fingerprint);
  if (api_name)
    jit_declare_library_api(&j, api_name);   /* jit_library.c */
  gcc_jit_context_compile_to_file(j.ctx, kind, path);
  const char *first = gcc_jit_context_get_first_error(j.ctx);
  bool ok = first == NULL;
  if (!ok)
    diag_error(diags, NULL, SPAN_NONE, "native-code",
               "internal error in the native-code compiler: %s", first);
  jit_release(&j);
  return ok;
}
