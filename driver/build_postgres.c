/*
 * build_postgres.c - `polc build POLICY... --postgres NAME -o DIR`: the
 * policies' native code as a PostgreSQL extension, DIR/NAME.so,
 * DIR/NAME.control and DIR/NAME--VERSION.sql.
 *
 * The policies are compiled into an object (jit_compile_object) with the
 * entry point of `polc build` (NAME_eval on NAME_row, NAME.h); the C
 * function PostgreSQL calls (pg_extension.c's text) is compiled against
 * the server's headers (`pg_config --includedir-server`; PG_CONFIG names
 * another pg_config, CC another compiler) and linked with both and
 * libpolcrt.a, exporting only what PostgreSQL looks up.  The work is done
 * in a folder inside DIR, removed at the end; DIR gets the three files only
 * when everything succeeded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../compiler/ir/ir.h"
#include "../runtime/base/i18n.h"
#include "../runtime/base/outfile.h"
#include "../runtime/engines/jit.h"
#include "driver.h"
#include "pg_extension.h"

enum { PATH_SIZE = 4096 };

bool build_postgres_name_ok(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || n > 40 || !(name[0] >= 'a' && name[0] <= 'z'))
    return false;
  for (size_t i = 0; i < n; i++)
    if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
          name[i] == '_'))
      return false;
  return true;
}

/* Runs argv[0] (searched in PATH) with its output into `log`; its first
 * line of standard output into out[0..size) when out is given.  True when
 * it exits 0. */
static bool run_program(const char *const argv[], const char *log, char *out, size_t size) {
  int fds[2];
  if (out && pipe(fds) != 0)
    return false;
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      dup2(fd, STDERR_FILENO);
      if (!out)
        dup2(fd, STDOUT_FILENO);
    }
    if (out) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
    }
    execvp(argv[0], (char *const *)argv);   /* (execvp changes none of them) */
    dprintf(STDERR_FILENO, "%s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  if (out) {
    close(fds[1]);
    size_t got = 0;
    ssize_t n;
    while (pid > 0 && got + 1 < size && (n = read(fds[0], out + got, size - 1 - got)) > 0)
      got += (size_t)n;
    out[got] = '\0';
    out[strcspn(out, "\n")] = '\0';
    close(fds[0]);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0)
    return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Prints the first lines of a tool's log, indented, after a failure. */
static void show_log(const char *log) {
  FILE *fp = fopen(log, "r");
  char line[512];
  for (int n = 0; fp && n < 12 && fgets(line, sizeof line, fp); n++)
    fprintf(stderr, "  | %s", line);
  if (fp)
    fclose(fp);
}

typedef struct Work {
  char dir[PATH_SIZE];           /* DIR/.NAME.build.PID */
  char object[PATH_SIZE + 64], header[PATH_SIZE + 64], shim[PATH_SIZE + 64],
      map[PATH_SIZE + 64], so[PATH_SIZE + 64], log[PATH_SIZE + 64];
} Work;

static void work_paths(Work *w, const char *dir, const char *name) {
  snprintf(w->dir, sizeof w->dir, "%s/.%s.build.%ld", dir, name, (long)getpid());
  snprintf(w->object, PATH_SIZE + 64, "%s/policies.o", w->dir);
  snprintf(w->header, PATH_SIZE + 64, "%s/%s.h", w->dir, name);
  snprintf(w->shim, PATH_SIZE + 64, "%s/%s_pg.c", w->dir, name);
  snprintf(w->map, PATH_SIZE + 64, "%s/exports.map", w->dir);
  snprintf(w->so, PATH_SIZE + 64, "%s/%s.so", w->dir, name);
  snprintf(w->log, PATH_SIZE + 64, "%s/tools.log", w->dir);
}

static void work_remove(const Work *w) {
  const char *files[] = {w->object, w->header, w->shim, w->map, w->so, w->log};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++)
    unlink(files[i]);
  rmdir(w->dir);
}

typedef void (*WriteText)(FILE *fp, const IrProgram *prog, const char *name);

static bool write_text(const char *path, WriteText write, const IrProgram *prog,
                       const char *name) {
  OutFile out;
  if (!outfile_open(&out, path))
    return false;
  write(out.fp, prog, name);
  return outfile_commit(&out);
}

static void write_header(FILE *fp, const IrProgram *prog, const char *name) {
  jit_write_header(fp, prog, name);
}

/* Only what PostgreSQL looks up is exported: the policies' code and
 * libpolcrt.a stay inside, whatever else the server has loaded. */
static void write_exports(FILE *fp, const IrProgram *prog, const char *name) {
  (void)prog;
  fprintf(fp, "{\n  global: Pg_magic_func; pg_finfo_%s_pg_eval; %s_pg_eval;\n  local: *;\n};\n",
          name, name);
}

static void write_control(FILE *fp, const IrProgram *prog, const char *name) {
  pg_ext_write_control(fp, prog, name, POLC_VERSION);
}

/* The server's headers, from pg_config; false after saying why. */
static bool server_headers(const Work *w, char *include, size_t size) {
  const char *pg_config = getenv("PG_CONFIG");
  if (!pg_config || !*pg_config)
    pg_config = "pg_config";
  const char *argv[] = {pg_config, "--includedir-server", NULL};
  char header[PATH_SIZE + 16];
  bool ok = run_program(argv, w->log, include, size);
  snprintf(header, sizeof header, "%s/postgres.h", include);
  if (ok && access(header, R_OK) == 0)
    return true;
  fprintf(stderr, _("polc build: PostgreSQL's server headers are not found (`%s "
                    "--includedir-server`); install postgresql-server-dev-15, or set "
                    "PG_CONFIG to the pg_config of your server\n"), pg_config);
  return false;
}

static bool compile_extension(const Work *w, const char *include) {
  const char *cc = getenv("CC");
  if (!cc || !*cc)
    cc = "cc";
  char inc_work[PATH_SIZE + 2], inc_server[PATH_SIZE + 2], map[PATH_SIZE + 96];
  snprintf(inc_work, sizeof inc_work, "-I%s", w->dir);
  snprintf(inc_server, sizeof inc_server, "-I%s", include);
  snprintf(map, sizeof map, "-Wl,--version-script=%s", w->map);
  const char *argv[] = {cc, "-shared", "-fPIC", "-O2", inc_work, inc_server, "-o", w->so,
                        w->shim, w->object, jit_runtime_library(), map, NULL};
  if (run_program(argv, w->log, NULL, 0))
    return true;
  fprintf(stderr, _("polc build: the extension does not compile (%s):\n"), cc);
  show_log(w->log);
  return false;
}

/* DIR exists, or is made (one level). */
static bool make_dir(const char *dir) {
  struct stat st;
  if (mkdir(dir, 0777) == 0 || (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)))
    return true;
  fprintf(stderr, _("polc build: cannot make the folder '%s': %s\n"), dir,
          errno == EEXIST ? strerror(ENOTDIR) : strerror(errno));
  return false;
}

/* The three files into DIR: the two texts, then the library. */
static bool install_files(const Work *w, const IrProgram *prog, const char *dir,
                          const char *name) {
  char control[PATH_SIZE + 64], sql[PATH_SIZE + 96], so[PATH_SIZE + 64];
  snprintf(control, sizeof control, "%s/%s.control", dir, name);
  snprintf(sql, sizeof sql, "%s/%s--%s.sql", dir, name, POLC_VERSION);
  snprintf(so, sizeof so, "%s/%s.so", dir, name);
  if (write_text(control, write_control, prog, name) &&
      write_text(sql, pg_ext_write_sql, prog, name) && rename(w->so, so) == 0) {
    printf(_("%s: %d rules, SQL function %s_eval(record) returning %s_result; with %s.control "
             "and %s--%s.sql\n"), so, prog->nrules, name, name, name, name, POLC_VERSION);
    return true;
  }
  fprintf(stderr, _("polc build: cannot write the extension into '%s': %s\n"), dir,
          strerror(errno));
  return false;
}

int build_postgres(Loaded *loaded, const char *name, const char *dir, int opt) {
  const IrProgram *prog = loaded->prog;
  const char *longest = pg_ext_long_name(prog);
  if (longest) {
    fprintf(stderr, _("polc build: the rule '%s' is longer than PostgreSQL's column names "
                      "(%d bytes): shorten the policy's or the rule's name\n"),
            longest, PG_EXT_MAX_IDENTIFIER);
    return EXIT_INPUT;
  }
  if (!make_dir(dir))
    return EXIT_USAGE;
  Work w;
  work_paths(&w, dir, name);
  if (mkdir(w.dir, 0700) != 0) {
    fprintf(stderr, _("polc build: cannot make the folder '%s': %s\n"), w.dir, strerror(errno));
    return EXIT_USAGE;
  }
  int status = EXIT_INPUT;
  char include[PATH_SIZE];
  Diags diags;
  diags_init(&diags, &loaded->arena);
  if (!server_headers(&w, include, sizeof include)) {
    status = EXIT_USAGE;
  } else if (!jit_compile_object(prog, opt, w.object, name, &diags)) {
    fprintf(stderr, "polc build: %s\n", diags_first_error(&diags)->message);
  } else if (!write_text(w.header, write_header, prog, name) ||
             !write_text(w.shim, pg_ext_write_shim, prog, name) ||
             !write_text(w.map, write_exports, prog, name)) {
    fprintf(stderr, _("polc build: cannot write the extension into '%s': %s\n"), dir,
            strerror(errno));
  } else if (compile_extension(&w, include) && install_files(&w, prog, dir, name)) {
    status = EXIT_OK;
  }
  work_remove(&w);
  return status;
}
