/*
 * fuzz_policy.c - any bytes as a .pol file: the lexer, the parser and the
 * checker must report, never crash, and a file that checks must lower to
 * a well-formed program.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compiler/lower.h"
#include "compiler/unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Unit *unit = unit_new(NULL);   /* no stdlib: imports are reported missing */
  unit_load_text(unit, "fuzz.pol", (const char *)data, size);
  if (unit_check(unit) == 0 && unit->policy) {
    Unit *units[1] = {unit};
    FILE *sink = fopen("/dev/null", "w");
    IrProgram *prog = lower_program(units, 1, true, sink);
    if (prog && ir_verify(prog))
      __builtin_trap();   /* the lowering made a malformed program */
    ir_free(prog);
    fclose(sink);
  }
  unit_free(unit);
  return 0;
}
