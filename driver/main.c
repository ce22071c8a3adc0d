/*
 * main.c - `polc COMMAND ...`: dispatch to the subcommands.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../runtime/base/i18n.h"
#include "driver.h"
#include "lang.h"
#include "polc_commit.h" /* generated in the build tree */

typedef struct Command {
  const char *name;
  int (*run)(int argc, char **argv);
} Command;

static const Command commands[] = {
    {"check", cmd_check}, {"eval", cmd_eval}, {"explain", cmd_explain},
    {"test", cmd_test},   {"fmt", cmd_fmt},   {"ir", cmd_ir},
    {"build", cmd_build}, {"lsp", cmd_lsp},   {"compare", cmd_compare},
    {"report", cmd_report}, {"template", cmd_template}, {"inputs", cmd_inputs},
    {"doc", cmd_doc},
};

/* Runs the command `argv[1]` names; its exit status. */
static int run_command(int argc, char **argv) {
  if (argc < 2)
    return help_print(NULL), EXIT_USAGE;
  const char *name = argv[1];
  if (is_help_flag(name))
    return help_print(NULL);
  if (strcmp(name, "help") == 0)
    return help_print(argc > 2 ? argv[2] : NULL);
  if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
    printf("polc %s (%s)\n", POLC_VERSION, POLC_COMMIT);
    return EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(name, commands[i].name) == 0)
      return commands[i].run(argc - 1, argv + 1);
  return usage_error(NULL, "unknown command '%s'", name);
}

/* Every command's standard output is checked here, once, so none can
 * forget: a write that failed (a full disk, /dev/full, a file-size limit)
 * left the stream's error flag set, and what is still buffered is written
 * now.  A run whose output was lost does not exit 0. */
static int close_stdout(int status) {
  errno = 0;
  bool ok = fflush(stdout) == 0 && !ferror(stdout);
  int err = ok ? 0 : errno ? errno : EIO;
  errno = 0;
  if (fclose(stdout) != 0 && ok) {
    ok = false;
    err = errno ? errno : EIO;
  }
  if (ok)
    return status;
  fprintf(stderr, _("polc: cannot write standard output: %s\n"), strerror(err));
  return status != EXIT_OK ? status : EXIT_INPUT;
}

int main(int argc, char **argv) {
  /* past a file-size limit (ulimit -f) a write then fails with EFBIG and
   * is reported like any other write error, instead of SIGXFSZ killing
   * polc with its output half written */
  signal(SIGXFSZ, SIG_IGN);
  int status = lang_setup(&argc, argv);
  if (status != EXIT_OK)
    return close_stdout(status);
  return close_stdout(run_command(argc, argv));
}
