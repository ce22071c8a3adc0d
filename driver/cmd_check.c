/*
 * cmd_check.c - `polc check`: parse and type-check, print diagnostics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../compiler/lint.h"
#include "../compiler/stdlib_path.h"
#include "../compiler/unit.h"
#include "../runtime/base/i18n.h"
#include "driver.h"

typedef struct CheckOptions {
  DiagFormat format;
  bool char_columns;
  int werror;
  int color;        /* -1 auto */
  int dump_ast;
  const char *root;   /* --root; NULL: each file's folder */
  PtrVec paths;
} CheckOptions;

static int parse_options(Arena *arena, int argc, char **argv, CheckOptions *o) {
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i], *v;
    int root;
    if (is_help_flag(arg))
      return help_print("check"), -1;
    if ((root = root_option("check", argc, argv, &i, &o->root)) != 0) {
      if (root < 0)
        return EXIT_USAGE;
    } else if ((v = option_value(argc, argv, &i, "--format"))) {
      if (strcmp(v, "text") == 0) o->format = DIAG_TEXT;
      else if (strcmp(v, "json") == 0) o->format = DIAG_JSON;
      else if (strcmp(v, "sarif") == 0) o->format = DIAG_SARIF;
      else return usage_error("check", "--format takes text, json or sarif, not '%s'", v);
    } else if ((v = option_value(argc, argv, &i, "--color"))) {
      if (strcmp(v, "auto") == 0) o->color = -1;
      else if (strcmp(v, "always") == 0) o->color = 1;
      else if (strcmp(v, "never") == 0) o->color = 0;
      else return usage_error("check", "--color takes auto, always or never, not '%s'", v);
    } else if ((v = option_value(argc, argv, &i, "--column-unit"))) {
      if (strcmp(v, "display") == 0) o->char_columns = false;
      else if (strcmp(v, "char") == 0) o->char_columns = true;
      else return usage_error("check", "--column-unit takes display or char, not '%s'", v);
    } else if (strcmp(arg, "--werror") == 0) {
      o->werror = 1;
    } else if (strcmp(arg, "--dump-ast") == 0) {
      o->dump_ast = 1;
    } else if (arg[0] == '-' && arg[1] != '\0') {
      return usage_error("check", "unknown option '%s'", arg);
    } else {
      ptrvec_push(arena, &o->paths, (void *)arg);
    }
  }
  if (o->paths.len == 0)
    return usage_error("check", "no files to check");
  return 0;
}

/* Checks one file; returns 0 when it could not be read at all. */
static int check_file(const char *path, const char *const *dirs, const char *root,
                      DiagPrinter *printer, int dump_ast) {
  Unit *unit = unit_new(dirs);
  unit->root = root;
  if (!unit_load(unit, path)) {
    /* on stderr whatever --format says: the file has no diagnostics */
    DiagPrinter plain = {.format = DIAG_TEXT, .out = stderr};
    diag_printer_emit(&plain, &unit->diags);
    unit_free(unit);
    return 0;
  }
  unit_check(unit);
  lint_unit(unit);
  if (dump_ast)
    ast_dump(stdout, unit->main);
  diag_printer_emit(printer, &unit->diags);
  unit_free(unit);
  return 1;
}

int cmd_check(int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  CheckOptions o = {.format = DIAG_TEXT, .color = -1};
  int status = parse_options(&arena, argc, argv, &o);
  if (status != 0) {
    arena_free(&arena);
    return status < 0 ? EXIT_OK : status;
  }
  PtrVec files = {0};
  if (files_expand(&arena, (char **)o.paths.items, o.paths.len, &files) < 0) {
    arena_free(&arena);
    return EXIT_USAGE;
  }
  FILE *out = o.format == DIAG_TEXT ? stderr : stdout;
  DiagPrinter printer = {.format = o.format, .out = out, .werror = o.werror,
                         .char_columns = o.char_columns};
  printer.color = o.color >= 0 ? o.color
                               : isatty(fileno(out)) && !getenv("NO_COLOR");
  const char *const *dirs = stdlib_dirs(&arena);
  int unreadable = 0;
  diag_printer_begin(&printer);
  for (int i = 0; i < files.len; i++)
    unreadable += !check_file(files.items[i], dirs, o.root, &printer, o.dump_ast);
  diag_printer_end(&printer);
  if (o.format == DIAG_TEXT && (printer.errors || printer.warnings)) {
    /* two messages, so each number takes its own plural form */
    fprintf(stderr, ngettext("%d error, ", "%d errors, ", (unsigned long)printer.errors),
            printer.errors);
    fprintf(stderr, ngettext("%d warning\n", "%d warnings\n", (unsigned long)printer.warnings),
            printer.warnings);
  }
  arena_free(&arena);
  if (unreadable)
    return EXIT_USAGE;
  return printer.errors ? EXIT_INPUT : EXIT_OK;
}
