/*
 * cmd_ir.c - `polc ir POLICY...`: the IR the engines run.
 */
#include <stdio.h>
#include <string.h>

#include "../compiler/ir/ir.h"
#include "driver.h"

int cmd_ir(int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  PtrVec paths = {0};
  const char *root = NULL;
  bool lines = true;
  for (int i = 1; i < argc; i++) {
    if (is_help_flag(argv[i])) {
      arena_free(&arena);
      return help_print("ir");
    }
    int matched = root_option("ir", argc, argv, &i, &root);
    if (matched < 0)
      return arena_free(&arena), EXIT_USAGE;
    if (matched)
      continue;
    if (strcmp(argv[i], "--no-lines") == 0) {   /* to compare two layouts */
      lines = false;
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1]) {
      arena_free(&arena);
      return usage_error("ir", "unknown option '%s'", argv[i]);
    }
    ptrvec_push(&arena, &paths, argv[i]);
  }
  if (paths.len == 0) {
    arena_free(&arena);
    return usage_error("ir", "no policy given");
  }
  Loaded loaded = {.root = root};
  int status = policies_load(&loaded, (char **)paths.items, paths.len, false);
  if (status == EXIT_OK)
    ir_print(stdout, loaded.prog, lines);
  policies_free(&loaded);
  arena_free(&arena);
  return status;
}
