/*
 * jit.h - native code for an IrProgram, through libgccjit.
 *
 * The program becomes one function with the interpreter's signature:
 *
 *   void polc_row(const int64_t *ints, const TextRef *texts, int32_t as_of,
 *                 RowOutcome *out);
 *
 * compiled into a shared object (linked with libpolcrt.a, the checked
 * arithmetic the interpreter uses too) that is then loaded.  Shared objects
 * are cached under $XDG_CACHE_HOME/polc, keyed by polc's build, the
 * optimisation level and the sources, and checked against a SHA-256 kept
 * beside them before they are loaded (jit_cache.c).
 */
#ifndef POLC_JIT_H
#define POLC_JIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../../compiler/ir/outcome.h"
#include "../../lang/diag.h"
#include "../base/value.h"
#include "../../compiler/ir/ir.h"

typedef void (*JitRowFn)(const int64_t *ints, const TextRef *texts, int32_t as_of,
                         RowOutcome *out);

typedef struct JitOptions {
  int opt_level;          /* 0..3, default 2 */
  bool use_cache;
  bool verbose;           /* remark in the caller's Diags what the JIT does */
  const char *key;        /* digest of the sources (engine.c); NULL: no caching */
} JitOptions;

typedef struct JitCode JitCode;

/* The native code of `prog`, from the cache or freshly compiled.  Reports
 * into `diags`, without a place: a cache it cannot use or an entry that
 * failed its check (warnings), what it did when verbose (remarks), and, when
 * it returns NULL, why native code cannot be had (an error, code
 * native-code).  It never prints. */
JitCode *jit_load(const IrProgram *prog, const JitOptions *options, Diags *diags);
JitRowFn jit_function(const JitCode *code);
/* Seconds spent compiling (0 when it came from the cache). */
double jit_compile_seconds(const JitCode *code);
bool jit_from_cache(const JitCode *code);
void jit_unload(JitCode *code);

/* Compiles `prog` into the shared object `so_path`.  With `api_name`, also
 * an entry point API_NAME_eval(const API_NAME_row *, API_NAME_result *) on
 * named structs (polc build).  Returns false after reporting why into
 * `diags` (an error without a place, code native-code). */
#define jit_compile_file(prog, opt, path, api, diags) \
  jit_compile_fingerprinted((prog), (opt), (path), (api), "", (diags))

/* As jit_compile_file, baking `fingerprint` into the object
 * (polc_fingerprint()): a second check on a cached copy, after its SHA-256
 * (the object's own word, so never the reason it is trusted). */
bool jit_compile_fingerprinted(const IrProgram *prog, int opt_level, const char *so_path,
                               const char *api_name, const char *fingerprint, Diags *diags);

/* As jit_compile_file with `api_name`, into a relocatable object (code
 * built position-independent) to be linked with libpolcrt.a into a
 * library of someone else's: polc build --postgres's extension. */
bool jit_compile_object(const IrProgram *prog, int opt_level, const char *o_path,
                        const char *api_name, Diags *diags);

/* The C names of the inputs in NAME_row (NAME.h), in the program's order,
 * allocated in names (c_names_init/c_names_free). */
struct CNames;
const char **jit_row_fields(const IrProgram *prog, struct CNames *names);

/* Writes NAME.h for the library of jit_compile_file(..., api_name). */
void jit_write_header(FILE *fp, const IrProgram *prog, const char *api_name);

/* Where libpolcrt.a is: beside the binary, or PREFIX/lib/polc. */
const char *jit_runtime_library(void);

/* True when the cache ($XDG_CACHE_HOME/polc or ~/.cache/polc) can be used
 * and holds an entry for these options (checked only when loaded). */
bool jit_cache_has(const JitOptions *options);

#endif
