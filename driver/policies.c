/*
 * policies.c - loading the policies a command is given: parse and check
 * each (diagnostics on stderr), then lower them together into one program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../compiler/lower.h"
#include "../compiler/stdlib_path.h"
#include "../compiler/unit.h"
#include "../runtime/base/i18n.h"
#include "driver.h"
#include "../runtime/base/outfile.h"

static int load_one(Loaded *loaded, const char *path, const char *const *dirs,
                    DiagPrinter *printer) {
  Unit *unit = unit_new(dirs);
  unit->root = loaded->root;
  loaded->units[loaded->count++] = unit;
  if (!unit_load(unit, path)) {
    diag_printer_emit(printer, &unit->diags);
    return EXIT_USAGE;
  }
  unit_check(unit);
  diag_printer_emit(printer, &unit->diags);
  if (unit->diags.errors)
    return EXIT_INPUT;
  if (!unit->policy) {
    if (loaded->allow_modules) {
      loaded->modules++;
      return EXIT_OK;
    }
    Diags diags;
    diags_init(&diags, &loaded->arena);
    diag_error(&diags, NULL, SPAN_NONE, "not-a-policy",
               "%s is a module, not a policy (it has no `policy` header)", path);
    diag_printer_emit(printer, &diags);
    return EXIT_INPUT;
  }
  return EXIT_OK;
}

static int load_all(Loaded *loaded, char **paths, int count, bool trace) {
  arena_init(&loaded->arena);
  loaded->count = 0;
  loaded->modules = 0;
  loaded->prog = NULL;
  loaded->units = arena_alloc(&loaded->arena, sizeof(Unit *) * (size_t)(count + 1));
  const char *const *dirs = stdlib_dirs(&loaded->arena);
  DiagPrinter printer = {.format = DIAG_TEXT, .out = stderr};
  printer.color = isatty(fileno(stderr)) && !getenv("NO_COLOR");
  int status = EXIT_OK;
  diag_printer_begin(&printer);
  for (int i = 0; i < count; i++) {
    int st = load_one(loaded, paths[i], dirs, &printer);
    if (st > status)
      status = st;
  }
  if (status == EXIT_OK && !loaded->modules) {
    Diags diags;   /* what keeps the policies from running together */
    diags_init(&diags, &loaded->arena);
    loaded->prog = lower_program(loaded->units, loaded->count, trace, &diags);
    diag_printer_emit(&printer, &diags);
    if (!loaded->prog)
      status = EXIT_INPUT;
  }
  diag_printer_end(&printer);
  if (status != EXIT_OK || loaded->modules)
    return status;
  Diags diags;
  diags_init(&diags, &loaded->arena);
  if (!ir_verify(loaded->prog, &diags)) {
    DiagPrinter plain = {.format = DIAG_TEXT, .out = stderr};
    diag_printer_emit(&plain, &diags);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

int policies_load(Loaded *loaded, char **paths, int count, bool trace) {
  loaded->allow_modules = false;
  return load_all(loaded, paths, count, trace);
}

int policies_load_any(Loaded *loaded, char **paths, int count) {
  loaded->allow_modules = true;
  return load_all(loaded, paths, count, false);
}

void policies_free(Loaded *loaded) {
  ir_free(loaded->prog);
  for (int i = 0; i < loaded->count; i++)
    unit_free(loaded->units[i]);
  arena_free(&loaded->arena);
}

/* The policy file or module of the run that writing `file` would replace,
 * or NULL. */
static const char *policy_written(const Loaded *loaded, const char *file) {
  for (int i = 0; i < loaded->count; i++) {
    const PtrVec *files = &loaded->units[i]->files;
    for (int f = 0; f < files->len; f++) {
      const char *policy = ((const SourceFile *)files->items[f])->src->path;
      if (outfile_is_input(file, policy))
        return policy;
    }
  }
  return NULL;
}

int policies_refuse_as_output(const Loaded *loaded, const char *command,
                              const char *registry, const char *output) {
  if (registry && outfile_is_input(output, registry))
    return usage_error(command, "-o '%s' is the registry this run reads; writing it would "
                                "destroy the registry: choose another output file", output);
  const char *policy = policy_written(loaded, output);
  if (policy)
    return usage_error(command, "-o '%s' is the policy file '%s' this run reads; writing "
                                "it would destroy the policy: choose another output file",
                       output, policy);
  return EXIT_OK;
}

int policies_refuse_as_file(const Loaded *loaded, const char *command, const char *flag,
                            const char *file) {
  const char *policy = policy_written(loaded, file);
  if (policy)
    return usage_error(command, "%s '%s' is the policy file '%s' this run reads; writing it "
                                "would destroy the policy: choose another file",
                       flag, file, policy);
  return EXIT_OK;
}
