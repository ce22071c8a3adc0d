/*
 * options.c - small helpers for reading command-line options.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../runtime/base/date.h"
#include "driver.h"

const char *option_value(int argc, char **argv, int *i, const char *name) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0)
    return NULL;
  if (argv[*i][n] == '=')
    return argv[*i] + n + 1;
  if (argv[*i][n] != '\0')
    return NULL;
  if (*i + 1 >= argc)
    return "";
  return argv[++*i];
}

bool parse_encoding_option(const char *command, const char *text, RegistryEncoding *encoding) {
  static const struct { const char *name; RegistryEncoding encoding; } names[] = {
      {"utf-8", REGISTRY_ENCODING_UTF8},
      {"utf8", REGISTRY_ENCODING_UTF8},
      {"gb18030", REGISTRY_ENCODING_GB18030},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcasecmp(text, names[i].name) == 0) {
      *encoding = names[i].encoding;
      return true;
    }
  usage_error(command, "--encoding takes utf-8 or gb18030, not '%s'", text);
  return false;
}

bool parse_date_option(const char *command, const char *text, int32_t *days) {
  if (date_parse(text, strlen(text), days))
    return true;
  usage_error(command, "--as-of takes a date YYYY-MM-DD, not '%s'", text);
  return false;
}

int root_option(const char *command, int argc, char **argv, int *i, const char **root) {
  const char *v = option_value(argc, argv, i, "--root");
  if (!v)
    return 0;
  struct stat st;
  if (!*v)
    return usage_error(command, "--root takes the project's folder"), -1;
  if (stat(v, &st) != 0)
    return usage_error(command, "--root '%s': %s", v, strerror(errno)), -1;
  if (!S_ISDIR(st.st_mode))
    return usage_error(command, "--root '%s' is not a folder", v), -1;
  *root = v;
  return 1;
}
