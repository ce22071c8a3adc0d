/*
 * main.c - `polc COMMAND ...`: dispatch to the subcommands.
 */
#include <stdio.h>
#include <string.h>

#include "driver.h"

typedef struct Command {
  const char *name;
  int (*run)(int argc, char **argv);
} Command;

static const Command commands[] = {
    {"check", cmd_check}, {"eval", cmd_eval}, {"explain", cmd_explain},
    {"test", cmd_test},   {"fmt", cmd_fmt},   {"ir", cmd_ir},
    {"build", cmd_build},
};

int main(int argc, char **argv) {
  if (argc < 2)
    return help_print(NULL), EXIT_USAGE;
  const char *name = argv[1];
  if (is_help_flag(name))
    return help_print(NULL);
  if (strcmp(name, "help") == 0)
    return help_print(argc > 2 ? argv[2] : NULL);
  if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
    printf("polc %s\n", POLC_VERSION);
    return EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(name, commands[i].name) == 0)
      return commands[i].run(argc - 1, argv + 1);
  return usage_error(NULL, "unknown command '%s'", name);
}
