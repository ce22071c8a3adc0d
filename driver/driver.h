/*
 * driver.h - the `polc` command line: one function per subcommand.
 *
 * Exit status (cli.md): 0 success, 1 the input was wrong (a diagnostic, a
 * failed test, a rejected row), 2 the command itself was misused.
 */
#ifndef POLC_DRIVER_H
#define POLC_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "../runtime/base/arena.h"
#include "../runtime/exec/registry.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

int cmd_check(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_ir(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_lsp(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_inputs(int argc, char **argv);
int cmd_doc(int argc, char **argv);

/* Prints the usage of `command` (NULL: the overview) to stdout. */
int help_print(const char *command);
/* Reports a misuse on stderr and returns EXIT_USAGE. */
int usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* True when argv[i] asks for help (-h, --help). */
int is_help_flag(const char *arg);

/* Value of `--name VALUE` or `--name=VALUE` at argv[*i], advancing *i past
 * it; NULL when argv[*i] is not that option, "" when its value is missing. */
const char *option_value(int argc, char **argv, int *i, const char *name);

/* `--root DIR` at argv[*i] (the project whose files imports may read):
 * 1 and *root set, 0 when argv[*i] is another argument, -1 after reporting
 * a DIR that is not a folder. */
int root_option(const char *command, int argc, char **argv, int *i, const char **root);

/* Policies loaded, checked and lowered together (policies.c).  Set `root`
 * (--root) before loading; NULL: each policy's own folder. */
typedef struct Loaded {
  const char *root;
  Arena arena;
  bool allow_modules;   /* a module is skipped quietly (polc test DIR) */
  int modules;          /* modules skipped */
  int count;
  struct Unit **units;
  struct IrProgram *prog;
} Loaded;

/* Loads and checks each file, printing diagnostics to stderr, then lowers
 * them into one program.  Returns EXIT_OK, EXIT_INPUT (diagnostics) or
 * EXIT_USAGE (unreadable file). */
int policies_load(Loaded *loaded, char **paths, int count, bool trace);
/* As policies_load, but a module (no `policy` header) is skipped quietly
 * and counted in loaded->modules. */
int policies_load_any(Loaded *loaded, char **paths, int count);
void policies_free(Loaded *loaded);
/* -o naming an input of this run (the registry, when given, or any policy
 * file or module loaded) would replace it with the output: says so for
 * `polc COMMAND` and returns EXIT_USAGE, else EXIT_OK. */
int policies_refuse_as_output(const Loaded *loaded, const char *command,
                              const char *registry, const char *output);
/* The same for a file another flag names (`--rejects FILE`): not a policy
 * file or module of the run. */
int policies_refuse_as_file(const Loaded *loaded, const char *command, const char *flag,
                            const char *file);

/* The engine a command runs rows with (engine.c). */
typedef struct EngineChoice {
  const char *name;          /* interp, jit or auto */
  int opt_level;             /* --jit-opt, default 2 */
  bool use_cache;            /* not --no-cache */
  bool verbose;
  struct Interp *interp;     /* what was opened */
  struct JitCode *code;
  struct Interp **more;      /* one interpreter per further thread */
  int nmore;
} EngineChoice;

#define ENGINE_DEFAULTS {.name = "auto", .opt_level = 2, .use_cache = true}

struct Engine;
/* Reads --engine, --jit-opt, --no-cache, --verbose at argv[*i]; *matched
 * says whether it was one of them.  Returns EXIT_USAGE on a bad value. */
int engine_option(EngineChoice *choice, int argc, char **argv, int *i, const char *command,
                  bool *matched);
/* Opens the engine for `loaded` (registry: its path, for auto's estimate). */
int engine_open(EngineChoice *choice, const Loaded *loaded, const char *registry,
                struct Engine *engine);
void engine_close(EngineChoice *choice);
/* The same choice (engine, optimisation, cache) with nothing opened yet:
 * for an engine of its own beside one that stays open. */
EngineChoice engine_choice_unopened(const EngineChoice *choice);
/* After engine_open: engines[0..n) for n threads (native code is shared;
 * each thread gets an interpreter of its own). */
void engine_for_threads(EngineChoice *choice, const Loaded *loaded, const struct Engine *first,
                        struct Engine *engines, int n);

/* threads.c: --threads N (1 to 256), parsed; else a usage error, reported. */
int threads_option(const char *command, const char *v, int *threads);
/* The default of --threads for `registry` (eval and compare): the cores
 * free right now (up to 64), or 1 for a small file or a busy machine. */
int threads_default(const char *registry);

/* Parses --encoding utf-8|gb18030 (ASCII case and "utf8" allowed); returns
 * false after reporting another. */
bool parse_encoding_option(const char *command, const char *text, RegistryEncoding *encoding);
/* `polc build --postgres NAME -o DIR` (build_postgres.c): the extension
 * NAME into DIR; NAME must pass build_postgres_name_ok. */
int build_postgres(Loaded *loaded, const char *name, const char *dir, int opt);
/* A lower-case identifier of at most 40 bytes: a file name, a SQL name
 * and a C prefix as it is. */
bool build_postgres_name_ok(const char *name);

/* Parses --as-of; returns false after reporting a bad date. */
bool parse_date_option(const char *command, const char *text, int32_t *days);

/* Expands each argument: a directory becomes every .pol file below it
 * (sorted), a file stays as it is.  Returns the count, or -1 after reporting
 * an argument that does not exist. */
int files_expand(Arena *arena, char **args, int nargs, PtrVec *out);
/* True when `path` (or - for standard input) can be read as a registry;
 * otherwise says why, as `polc COMMAND: cannot open ...`. */
bool registry_readable(const char *command, const char *path);

#endif
