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

static int load_one(Loaded *loaded, const char *path, const char *const *dirs,
                    DiagPrinter *printer) {
  Unit *unit = unit_new(dirs);
  unit->root = loaded->root;
  loaded->units[loaded->count++] = unit;
  const char *why = NULL;
  if (!unit_load(unit, path, &why)) {
    fprintf(stderr, _("polc: cannot read '%s': %s\n"), path, why);
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
    fprintf(stderr, _("polc: %s is a module, not a policy (it has no `policy` "
                    "header)\n"), path);
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
  diag_printer_end(&printer);
  if (status != EXIT_OK || loaded->modules)
    return status;
  loaded->prog = lower_program(loaded->units, loaded->count, trace, stderr);
  if (!loaded->prog)
    return EXIT_INPUT;
  const char *problem = ir_verify(loaded->prog);
  if (problem) {
    fprintf(stderr, _("polc: internal error: the IR is malformed: %s\n"), problem);
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
