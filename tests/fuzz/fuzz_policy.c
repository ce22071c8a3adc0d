/*
 * fuzz_policy.c - any bytes as a .pol file: the lexer, the parser and the
 * checker must report, never crash, and a file that checks must lower to
 * a well-formed program.  polc fmt must lay out any file that parses
 * (keeping its tokens, which format_source checks), and its layout must be
 * a fixed point.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/lower.h"
#include "compiler/unit.h"
#include "lang/format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Formats text; when it parses, formats the result again, which must give
 * the same bytes. */
static void check_format(const uint8_t *data, size_t size) {
  Arena arena;
  arena_init(&arena);
  Diags diags;
  diags_init(&diags, &arena);
  Source *src = source_from_text(&arena, "fuzz.pol", (const char *)data, size);
  size_t len;
  char *once = format_source(&arena, src, &diags, &len);
  if (once) {
    Source *again = source_from_text(&arena, "fuzz.pol", once, len);
    size_t len2;
    char *twice = format_source(&arena, again, &diags, &len2);
    if (!twice || len2 != len || memcmp(once, twice, len) != 0)
      __builtin_trap();   /* refused its own layout, or not a fixed point */
    free(twice);
    free(once);
  } else {
    for (int i = 0; i < diags.items.len; i++)
      if (strcmp(((Diag *)diags.items.items[i])->code, "fmt-internal") == 0)
        __builtin_trap();   /* the layout changed a token */
  }
  arena_free(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  check_format(data, size);
  Unit *unit = unit_new(NULL);   /* no stdlib: imports are reported missing */
  unit_load_text(unit, "fuzz.pol", (const char *)data, size);
  if (unit_check(unit) == 0 && unit->policy) {
    Unit *units[1] = {unit};
    IrProgram *prog = lower_program(units, 1, true, &unit->diags);
    if (prog && !ir_verify(prog, &unit->diags))
      __builtin_trap();   /* the lowering made a malformed program */
    ir_free(prog);
  }
  unit_free(unit);
  return 0;
}
