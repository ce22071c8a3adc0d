/*
 * cmd_build.c - `polc build POLICY... -o libNAME.so`: the policies compiled
 * ahead of time into a shared library, with NAME.h declaring NAME_row,
 * NAME_result and NAME_eval(), so that a C program (or Python through
 * ctypes, or a database extension) evaluates them without polc.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../runtime/engines/jit.h"
#include "../runtime/base/outfile.h"
#include "../runtime/base/i18n.h"
#include "driver.h"

/* NAME from libNAME.so (or NAME.so), made a C identifier. */
static void api_name(const char *so_path, char *out, size_t size) {
  const char *base = strrchr(so_path, '/');
  base = base ? base + 1 : so_path;
  if (strncmp(base, "lib", 3) == 0 && base[3])
    base += 3;
  snprintf(out, size, "%s", base);
  char *dot = strchr(out, '.');
  if (dot)
    *dot = '\0';
  for (char *p = out; *p; p++)
    if (!isalnum((unsigned char)*p))
      *p = '_';
  if (!*out || isdigit((unsigned char)out[0]) || out[0] == '_')   /* `_x` is C's */
    snprintf(out, size, "policy");
}

static char *header_path(const char *so_path, const char *api) {
  const char *slash = strrchr(so_path, '/');
  int dir = slash ? (int)(slash - so_path) : 0;
  size_t n = strlen(so_path) + strlen(api) + 8;
  char *path = xmalloc(n);
  snprintf(path, n, dir ? "%.*s/%s.h" : "%.*s%s.h", dir, so_path, api);
  return path;
}

static int build(Loaded *loaded, const char *so_path, int opt) {
  char api[128];
  api_name(so_path, api, sizeof api);
  char temp[4096];
  snprintf(temp, sizeof temp, "%s.tmp.%ld", so_path, (long)getpid());
  Diags diags;
  diags_init(&diags, &loaded->arena);
  outfile_guard_temp(temp);   /* a run stopped while compiling leaves nothing */
  if (!jit_compile_file(loaded->prog, opt, temp, api, &diags)) {
    fprintf(stderr, "polc build: %s\n", diags_first_error(&diags)->message);
    unlink(temp);
    outfile_unguard_temp();
    return EXIT_INPUT;
  }
  char *header = header_path(so_path, api);
  OutFile out;
  bool ok = outfile_open(&out, header);
  if (ok) {
    jit_write_header(out.fp, loaded->prog, api);
    ok = outfile_commit(&out);
  }
  ok = ok && rename(temp, so_path) == 0;
  outfile_unguard_temp();
  if (!ok) {
    fprintf(stderr, _("polc build: cannot write %s or %s: %s\n"), so_path, header, strerror(errno));
    unlink(temp);
  } else {
    printf(_("%s: %d rules, entry point %s_eval; header %s\n"), so_path, loaded->prog->nrules,
           api, header);
  }
  free(header);
  return ok ? EXIT_OK : EXIT_INPUT;
}

int cmd_build(int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  PtrVec paths = {0};
  const char *output = NULL;
  EngineChoice choice = ENGINE_DEFAULTS;
  const char *root = NULL;
  const char *postgres = NULL;   /* --postgres NAME: an extension, -o its folder */
  int status = EXIT_OK;
  for (int i = 1; i < argc && status == EXIT_OK; i++) {
    const char *v;
    bool matched;
    int root_matched;
    if (is_help_flag(argv[i]))
      status = -1, help_print("build");
    else if ((root_matched = root_option("build", argc, argv, &i, &root)) != 0)
      status = root_matched < 0 ? EXIT_USAGE : EXIT_OK;
    else if ((v = option_value(argc, argv, &i, "-o")))
      output = v;
    else if ((v = option_value(argc, argv, &i, "--postgres")))
      postgres = v;
    else if (engine_option(&choice, argc, argv, &i, "build", &matched) != EXIT_OK)
      status = EXIT_USAGE;
    else if (matched)
      continue;
    else if (argv[i][0] == '-' && argv[i][1])
      status = usage_error("build", "unknown option '%s'", argv[i]);
    else
      ptrvec_push(&arena, &paths, argv[i]);
  }
  if (status == EXIT_OK && paths.len == 0)
    status = usage_error("build", "no policy given");
  if (status == EXIT_OK && postgres && !build_postgres_name_ok(postgres))
    status = usage_error("build", "--postgres takes the extension's name: lower-case letters, "
                                  "digits and _, a letter first, at most 40, not '%s'", postgres);
  if (status == EXIT_OK && postgres && (!output || !*output))
    status = usage_error("build", "-o DIR is required: the folder for the extension's files");
  if (status == EXIT_OK && (!output || !*output))
    status = usage_error("build", "-o libNAME.so is required");
  if (status != EXIT_OK) {
    arena_free(&arena);
    return status < 0 ? EXIT_OK : status;
  }
  Loaded loaded = {.root = root};
  status = policies_load(&loaded, (char **)paths.items, paths.len, false);
  if (status == EXIT_OK && postgres) {
    status = build_postgres(&loaded, postgres, output, choice.opt_level);
    policies_free(&loaded);
    arena_free(&arena);
    return status;
  }
  if (status == EXIT_OK)
    status = policies_refuse_as_output(&loaded, "build", NULL, output);
  if (status == EXIT_OK) {   /* the header is written beside the library */
    char api[128];
    api_name(output, api, sizeof api);
    char *header = header_path(output, api);
    status = policies_refuse_as_output(&loaded, "build", NULL, header);
    free(header);
  }
  if (status == EXIT_OK)
    status = build(&loaded, output, choice.opt_level);
  policies_free(&loaded);
  arena_free(&arena);
  return status;
}
