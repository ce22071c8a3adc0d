/*
 * support.c - helpers shared by the unit tests.
 */
#include "support.h"

#include <string.h>

#include "compiler/stdlib_path.h"
#include "lang/parse.h"

Unit *compile_text(const char *text) {
  static Arena dirs_arena;   /* the search path outlives every unit */
  static const char *const *dirs;
  if (!dirs)
    dirs = stdlib_dirs(&dirs_arena);
  Unit *unit = unit_new(dirs);
  unit_load_text(unit, "t.pol", text, strlen(text));
  unit_check(unit);
  return unit;
}

SourceFile *parse_text(Arena *arena, Diags *diags, const char *text) {
  Source *src = source_from_text(arena, "t.pol", text, strlen(text));
  return parse_source(arena, src, diags);
}

int count_code(const Diags *diags, const char *code) {
  int n = 0;
  for (int i = 0; i < diags->items.len; i++) {
    const Diag *d = diags->items.items[i];
    if (d->severity != SEV_NOTE && strcmp(d->code, code) == 0)
      n++;
  }
  return n;
}

const char *first_error(const Diags *diags) {
  for (int i = 0; i < diags->items.len; i++) {
    const Diag *d = diags->items.items[i];
    if (d->severity == SEV_ERROR)
      return d->message;
  }
  return "";
}

const Diag *find_code(const Diags *diags, const char *code) {
  for (int i = 0; i < diags->items.len; i++) {
    const Diag *d = diags->items.items[i];
    if (strcmp(d->code, code) == 0)
      return d;
  }
  return NULL;
}
