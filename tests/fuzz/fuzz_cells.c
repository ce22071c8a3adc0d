/*
 * fuzz_cells.c - any bytes as one cell of each kind: read or refused,
 * exactly; a money cell read back must round-trip to the same fen, and a
 * refused cell's hint is a string.  cells.dict holds the pieces of the
 * forms offices write (¥, 万元, full-width digits, 年月日, times).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "runtime/exec/cells.h"
#include "runtime/base/exact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (int kind = VK_MONEY; kind < VK_TEXT; kind++) {
    int64_t v;
    bool read = cell_parse((ValueKind)kind, (const char *)data, size, &v);
    if (!read) {
      const char *hint = cell_hint((ValueKind)kind, (const char *)data, size);
      if (hint && strlen(hint) == 0)
        __builtin_trap();
    }
    if (read && kind == VK_MONEY && v != INT64_MIN) {
      char text[32];
      int n = exact_format_fen(text, sizeof text, v);
      int64_t back;
      if (!cell_parse(VK_MONEY, text, (size_t)n, &back) || back != v)
        __builtin_trap();   /* what polc writes, it must read */
    }
  }
  return 0;
}
