/*
 * driver.h - the `polc` command line: one function per subcommand.
 *
 * Exit status (cli.md): 0 success, 1 the input was wrong (a diagnostic, a
 * failed test, a rejected row), 2 the command itself was misused.
 */
#ifndef POLC_DRIVER_H
#define POLC_DRIVER_H

#include "../runtime/arena.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

int cmd_check(int argc, char **argv);

/* Prints the usage of `command` (NULL: the overview) to stdout. */
int help_print(const char *command);
/* Reports a misuse on stderr and returns EXIT_USAGE. */
int usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* True when argv[i] asks for help (-h, --help). */
int is_help_flag(const char *arg);

/* Expands each argument: a directory becomes every .pol file below it
 * (sorted), a file stays as it is.  Returns the count, or -1 after reporting
 * an argument that does not exist. */
int files_expand(Arena *arena, char **args, int nargs, PtrVec *out);

#endif
