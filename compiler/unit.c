/*
 * unit.c - loading a compilation unit: the main file and its imports.
 */
#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lang/parse.h"
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
  return file;
}

static int file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where `import name` or `import "path"` points; NULL when nowhere. */
static const char *locate_import(Unit *unit, SourceFile *from, const Import *imp) {
  Arena *a = &unit->arena;
  if (imp->is_path) {
    if (imp->name.name[0] == '/')
      return file_exists(imp->name.name) ? imp->name.name : NULL;
    const char *slash = strrchr(from->src->path, '/');
    const char *path = slash ? arena_printf(a, "%.*s/%s",
                                            (int)(slash - from->src->path),
                                            from->src->path, imp->name.name)
                             : imp->name.name;
    return file_exists(path) ? path : NULL;
  }
  for (int i = 0; unit->stdlib_dirs && unit->stdlib_dirs[i]; i++) {
    const char *path = arena_printf(a, "%s/%s.pol", unit->stdlib_dirs[i],
                                    imp->name.name);
    if (file_exists(path))
      return path;
  }
  return NULL;
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
  if (close)
    diag_hint(diags, d, "did you mean `import %s`?", close);
  else
    diag_hint(diags, d, "polc looks for %s.pol in the folders of POLC_STDLIB, "
              "then in its own stdlib", imp->name.name);
}

static void follow_imports(Unit *unit, SourceFile *file, int depth);

static void load_import(Unit *unit, SourceFile *from, Import *imp, int depth) {
  const char *path = locate_import(unit, from, imp);
  if (!path) {
    report_missing_import(unit, from, imp);
    return;
  }
  const char *canonical = canonical_path(unit, path);
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
  Source *src = source_read(&unit->arena, path, &why);
  if (!src) {
    diag_error(&unit->diags, from->src, imp->name.span, "import-not-found",
               "cannot read the module %s: %s", path, why);
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

int unit_load(Unit *unit, const char *path, const char **why) {
  Source *src = source_read(&unit->arena, path, why);
  if (!src)
    return 0;
  unit->main = add_file(unit, src, canonical_path(unit, path));
  follow_imports(unit, unit->main, 0);
  return 1;
}

void unit_load_text(Unit *unit, const char *name, const char *text, size_t len) {
  Source *src = source_from_text(&unit->arena, name, text, len);
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
                           "its modules", max, what, max);
      diag_hint(&unit->diags, e, "%s", hint);
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

int unit_check(Unit *unit) {
  if (!unit->over_limits)
    check_sizes(unit);
  /* A file that did not parse would only produce follow-on errors. */
  if (unit->syntax_errors == 0 && unit->main && !unit->over_limits) {
    resolve_unit(unit);
    types_check_unit(unit);
    checks_run(unit);
  }
  return unit->diags.errors;
}
