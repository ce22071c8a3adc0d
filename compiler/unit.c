/*
 * unit.c - loading a compilation unit: the main file and its imports.
 */
#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lang/parse.h"
#include "../runtime/base/i18n.h"
#include "limits.h"

enum { MAX_IMPORT_DEPTH = 32 };

Unit *unit_new(const char *const *stdlib_dirs) {
  Unit *unit = xcalloc(1, sizeof *unit);
  arena_init(&unit->arena);
  diags_init(&unit->diags, &unit->arena);
  unit->stdlib_dirs = stdlib_dirs;
  symtab_init(&unit->values, &unit->arena);
  symtab_init(&unit->rules, &unit->arena);
  symtab_init(&unit->kinds, &unit->arena);
  symtab_init(&unit->indicators, &unit->arena);
  return unit;
}

void unit_free(Unit *unit) {
  if (!unit)
    return;
  arena_free(&unit->arena);
  free(unit);
}

/* A name that is the same for every spelling of a file's path. */
static const char *canonical_path(Unit *unit, const char *path) {
  char buf[PATH_MAX];
  if (realpath(path, buf))
    return arena_strdup(&unit->arena, buf);
  return arena_strdup(&unit->arena, path);
}

static int already_loaded(Unit *unit, const char *canonical, SourceFile **file) {
  for (int i = 0; i < unit->file_ids.len; i++)
    if (strcmp(unit->file_ids.items[i], canonical) == 0) {
      *file = unit->files.items[i];
      return 1;
    }
  return 0;
}

static SourceFile *add_file(Unit *unit, Source *src, const char *canonical) {
  SourceFile *file = parse_source(&unit->arena, src, &unit->diags);
  ptrvec_push(&unit->arena, &unit->files, file);
  ptrvec_push(&unit->arena, &unit->file_ids, (void *)canonical);
  unit->syntax_errors += file->syntax_errors;
  unit->not_text |= file->not_text;
  return file;
}

/* The file an import points to, or why it may not be read. */
typedef struct Located {
  const char *path;      /* as messages name it (relative to the importer) */
  const char *real;      /* resolved with realpath: what is opened */
  const char *code;      /* NULL when the file may be read, else why not: */
  const char *problem;   /* what follows `import "NAME"` in the message */
} Located;

static bool path_under(const char *path, const char *dir) {
  size_t n = strlen(dir);
  if (n == 1 && dir[0] == '/')
    return true;
  return strncmp(path, dir, n) == 0 && path[n] == '/';
}

static bool has_pol_suffix(const char *path) {
  size_t n = strlen(path);
  return n > 4 && strcmp(path + n - 4, ".pol") == 0;
}

/* Inside the project or a stdlib folder: the only places an import reads. */
static bool allowed_place(const Unit *unit, const char *real) {
  if (unit->root_real && path_under(real, unit->root_real))
    return true;
  for (int i = 0; i < unit->stdlib_real.len; i++)
    if (path_under(real, unit->stdlib_real.items[i]))
      return true;
  return false;
}

static void refuse(Unit *unit, Located *loc, const char *code, const char *problem) {
  loc->code = code;
  loc->problem = arena_strdup(&unit->arena, problem);
}

static void refuse_errno(Unit *unit, Located *loc) {
  loc->code = "import-not-found";
  loc->problem = arena_printf(&unit->arena, "cannot be read: %s", strerror(errno));
}

/* What kind of file `real` is, for a file that is not to be read. */
static const char *not_a_module(const struct stat *st) {
  if (S_ISDIR(st->st_mode))
    return "is a directory";
  if (!S_ISREG(st->st_mode))
    return "is not a regular file (a FIFO, a socket or a device)";
  return "is not a .pol file";
}

/* Where `import "path"` points: resolved and confined to the project.
 * Returns false when there is no such file. */
static bool locate_path_import(Unit *unit, SourceFile *from, const Import *imp,
                               Located *loc) {
  Arena *a = &unit->arena;
  const char *name = imp->name.name;
  loc->path = name;
  if (name[0] == '/') {   /* never resolved: nothing outside is even looked at */
    refuse(unit, loc, "import-outside", "is outside the policy's project");
    return true;
  }
  const char *slash = strrchr(from->src->path, '/');
  if (slash)
    loc->path = arena_printf(a, "%.*s/%s", (int)(slash - from->src->path),
                             from->src->path, name);
  char buf[PATH_MAX];
  if (!realpath(loc->path, buf)) {
    if (errno == ENOENT || errno == ENOTDIR)
      return false;
    refuse_errno(unit, loc);
    return true;
  }
  loc->real = arena_strdup(a, buf);
  struct stat st;
  if (!allowed_place(unit, loc->real))
    refuse(unit, loc, "import-outside", "is outside the policy's project");
  else if (stat(loc->real, &st) != 0)
    refuse_errno(unit, loc);
  else if (!S_ISREG(st.st_mode) || !has_pol_suffix(loc->real))
    refuse(unit, loc, "import-not-file", not_a_module(&st));
  return true;
}

/* Where `import NAME` points: the first NAME.pol on the stdlib path. */
static bool locate_module(Unit *unit, const Import *imp, Located *loc) {
  for (int i = 0; unit->stdlib_dirs && unit->stdlib_dirs[i]; i++) {
    const char *path = arena_printf(&unit->arena, "%s/%s.pol", unit->stdlib_dirs[i],
                                    imp->name.name);
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
      loc->path = loc->real = path;
      if (!S_ISREG(st.st_mode))
        refuse(unit, loc, "import-not-file", not_a_module(&st));
      return true;
    }
  }
  return false;
}

/* The names of the modules on the stdlib path, for "did you mean". */
static int module_names(Unit *unit, const char **names, int max) {
  int n = 0;
  for (int i = 0; unit->stdlib_dirs && unit->stdlib_dirs[i]; i++) {
    DIR *dir = opendir(unit->stdlib_dirs[i]);
    if (!dir)
      continue;
    struct dirent *entry;
    while ((entry = readdir(dir)) && n < max) {
      size_t len = strlen(entry->d_name);
      if (len > 4 && strcmp(entry->d_name + len - 4, ".pol") == 0)
        names[n++] = arena_strndup(&unit->arena, entry->d_name, len - 4);
    }
    closedir(dir);
  }
  return n;
}

static void report_missing_import(Unit *unit, SourceFile *from, const Import *imp) {
  Diags *diags = &unit->diags;
  unit->imports_missing++;
  if (imp->is_path) {
    Diag *d = diag_error(diags, from->src, imp->name.span, "import-not-found",
                         "cannot find the module file \"%s\"", imp->name.name);
    diag_hint(diags, d, "a quoted import is relative to the importing file");
    return;
  }
  Diag *d = diag_error(diags, from->src, imp->name.span, "import-not-found",
                       "cannot find the module `%s`", imp->name.name);
  const char *names[256];
  int n = module_names(unit, names, 256);
  const char *close = closest_name(imp->name.name, names, n);
  if (close) {
    diag_hint(diags, d, "did you mean `import %s`?", close);
    diag_fix(diags, d, imp->name.span, close);
  } else
    diag_hint(diags, d, "polc looks for %s.pol in the folders of POLC_STDLIB, "
              "then in its own stdlib", imp->name.name);
}

static void follow_imports(Unit *unit, SourceFile *file, int depth);

static void report_refused_import(Unit *unit, SourceFile *from, const Import *imp,
                                  const Located *loc) {
  Diags *diags = &unit->diags;
  unit->imports_missing++;
  if (strcmp(loc->code, "import-outside") == 0) {
    Diag *d = diag_error(diags, from->src, imp->name.span, loc->code,
                         "import \"%s\" is outside the policy's project (%s)",
                         imp->name.name, unit->root_real ? unit->root_real : "?");
    diag_hint(diags, d, "a policy imports .pol files from its own folder and "
              "below, by a path relative to the importing file, and stdlib "
              "modules by name; give --root DIR to make a wider folder the "
              "project");
    return;
  }
  Diag *d = diag_error(diags, from->src, imp->name.span, loc->code,
                       "import \"%s\" %s", imp->name.name, loc->problem);
  if (strcmp(loc->code, "import-not-file") == 0)
    diag_hint(diags, d, "a module is a .pol file; polc reads no other kind of file");
}

static void load_import(Unit *unit, SourceFile *from, Import *imp, int depth) {
  Located loc = {0};
  bool found = imp->is_path ? locate_path_import(unit, from, imp, &loc)
                            : locate_module(unit, imp, &loc);
  if (!found) {
    report_missing_import(unit, from, imp);
    return;
  }
  if (loc.code) {
    report_refused_import(unit, from, imp, &loc);
    return;
  }
  const char *path = loc.path;
  const char *canonical = canonical_path(unit, loc.real);
  SourceFile *module;
  if (already_loaded(unit, canonical, &module)) {
    imp->resolved = module->src;   /* importing twice is harmless */
    return;
  }
  if (unit->files.len >= UNIT_MAX_FILES) {
    if (!unit->over_limits) {
      Diag *d = diag_error(&unit->diags, from->src, imp->name.span, "too-many",
                           "more than %d files: polc reads a policy and its modules "
                           "up to %d in all", UNIT_MAX_FILES, UNIT_MAX_FILES);
      diag_hint(&unit->diags, d, "merge small modules into one, or import only those "
                "the policy uses");
    }
    unit->over_limits = true;
    return;
  }
  const char *why = NULL;
  /* A path import was resolved and confined: the file opened must be the
   * one checked, not a link put in its place since. */
  Source *src = source_read_as(&unit->arena, loc.real, path, imp->is_path, &why);
  if (!src) {
    diag_error(&unit->diags, from->src, imp->name.span, "import-not-file",
               "import \"%s\" cannot be read: %s", imp->name.name, why);
    return;
  }
  imp->resolved = src;
  module = add_file(unit, src, canonical);
  for (int i = 0; i < module->decls.len; i++) {
    Decl *d = module->decls.items[i];
    if (d->kind == DECL_POLICY) {
      Diag *e = diag_error(&unit->diags, from->src, imp->name.span, "import-policy",
                           "%s is the policy `%s`; only modules can be imported",
                           path, d->as.policy.id.name);
      diag_hint(&unit->diags, e, "a module is a file without a `policy` header: "
                "move the shared inputs and lets into one");
      unit->files.len--;   /* its declarations would clash with this file's */
      unit->file_ids.len--;
      return;
    }
  }
  follow_imports(unit, module, depth + 1);
}

static void follow_imports(Unit *unit, SourceFile *file, int depth) {
  for (int i = 0; i < file->decls.len; i++) {
    Decl *d = file->decls.items[i];
    if (d->kind != DECL_IMPORT)
      continue;
    if (depth >= MAX_IMPORT_DEPTH) {
      diag_error(&unit->diags, file->src, d->span, "import-depth",
                 "modules import each other more than %d deep",
                 MAX_IMPORT_DEPTH);
      return;
    }
    load_import(unit, file, &d->as.import, depth);
  }
}

/* Resolves the project folder (the main file's folder unless set) and the
 * stdlib folders once, so every import is compared with real paths. */
static bool resolve_places(Unit *unit, const char *main_path, const char **why) {
  char buf[PATH_MAX];
  const char *root = unit->root;
  if (!root) {
    const char *slash = strrchr(main_path, '/');
    root = !slash ? "." : slash == main_path ? "/"
                        : arena_strndup(&unit->arena, main_path,
                                        (size_t)(slash - main_path));
  }
  if (!realpath(root, buf)) {
    *why = arena_printf(&unit->arena, "cannot resolve the project folder %s: %s",
                        root, strerror(errno));
    return false;
  }
  unit->root_real = arena_strdup(&unit->arena, buf);
  for (int i = 0; unit->stdlib_dirs && unit->stdlib_dirs[i]; i++)
    if (realpath(unit->stdlib_dirs[i], buf))
      ptrvec_push(&unit->arena, &unit->stdlib_real, arena_strdup(&unit->arena, buf));
  return true;
}

int unit_load(Unit *unit, const char *path) {
  const char *why = NULL;
  Source *src = source_read(&unit->arena, path, &why);
  if (!src || !resolve_places(unit, path, &why)) {
    diag_error(&unit->diags, NULL, SPAN_NONE, "cannot-read", "cannot read '%s': %s",
               path, why);
    return 0;
  }
  unit->main = add_file(unit, src, canonical_path(unit, path));
  follow_imports(unit, unit->main, 0);
  return 1;
}

void unit_load_text(Unit *unit, const char *name, const char *text, size_t len) {
  Source *src = source_from_text(&unit->arena, name, text, len);
  const char *why = NULL;
  resolve_places(unit, name, &why);   /* failing, path imports are refused */
  unit->main = add_file(unit, src, arena_strdup(&unit->arena, name));
  follow_imports(unit, unit->main, 0);
}

/* The declaration past `max` of those `counted`, reported; false if any. */
static bool past_limit(Unit *unit, bool (*counted)(const Decl *), int max,
                       const char *what, const char *hint) {
  int n = 0;
  for (int f = 0; f < unit->files.len; f++) {
    SourceFile *file = unit->files.items[f];
    for (int i = 0; i < file->decls.len; i++) {
      Decl *d = file->decls.items[i];
      if (!counted(d) || ++n <= max)
        continue;
      Diag *e = diag_error(&unit->diags, d->src, d->span, "too-many",
                           "more than %d %s: polc reads at most %d in a policy and "
                           "its modules", max, gettext(what), max);
      diag_hint(&unit->diags, e, "%s", gettext(hint));
      return true;
    }
  }
  return false;
}

static bool any_decl(const Decl *d) { return d->kind != DECL_IMPORT; }
static bool input_decl(const Decl *d) { return d->kind == DECL_INPUT; }

/* Checked before any table is built, so that a generated policy of
 * millions of declarations costs no more than its parse. */
static void check_sizes(Unit *unit) {
  if (past_limit(unit, any_decl, UNIT_MAX_DECLS, "declarations",
                 "split the policy into several, evaluated together") ||
      past_limit(unit, input_decl, UNIT_MAX_INPUTS, "inputs",
                 "declare the registry's columns the policies use, not every one"))
    unit->over_limits = true;
}

bool unit_names_incomplete(const Unit *unit) {
  return unit->imports_missing > 0 || unit->syntax_errors > 0;
}

int unit_check(Unit *unit) {
  if (!unit->over_limits)
    check_sizes(unit);
  /* After a syntax error the declarations that parsed are still checked
   * (the parser dropped the broken ones): one slip must not hide the type
   * errors of the rest of the file.  Unknown names are then not reported
   * (unit_names_incomplete). */
  if (unit->main && !unit->over_limits && !unit->not_text) {
    resolve_unit(unit);
    types_check_unit(unit);
    checks_run(unit);
  }
  return unit->diags.errors;
}
