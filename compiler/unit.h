/*
 * unit.h - a compilation unit: one .pol file and the modules it imports,
 * parsed, resolved and type-checked.  Everything it holds lives in its arena
 * and goes with unit_free().
 *
 *   Unit *u = unit_new(stdlib_dirs);
 *   unit_load(u, "policies/x.pol");   parse, follow imports
 *   unit_check(u);                    names, types, the spec's rules
 *   ... print u->diags, lower u to IR ...
 *   unit_free(u);
 */
#ifndef POLC_UNIT_H
#define POLC_UNIT_H

#include "../lang/ast.h"
#include "../lang/diag.h"
#include "symtab.h"

typedef struct Unit {
  Arena arena;
  Diags diags;
  const char *const *stdlib_dirs;   /* where `import NAME` looks, in order */
  /* The project: `import "path"` may read .pol files in this folder and
   * below (and in the stdlib folders), nothing else.  Set it before
   * unit_load (--root DIR); NULL means the main file's folder.  Resolved
   * with realpath by unit_load. */
  const char *root;
  const char *root_real;
  PtrVec stdlib_real;    /* char*: the stdlib folders that exist, resolved */

  SourceFile *main;      /* the file named on the command line */
  PtrVec files;          /* SourceFile*: main first, then modules as loaded */
  PtrVec file_ids;       /* char*: canonical path of each file, for dedup */
  int syntax_errors;
  int imports_missing;   /* unknown names are then not reported: they are
                            most likely the missing module's */
  bool not_text;         /* a file is not UTF-8 text: not checked */
  bool over_limits;      /* past a limit of limits.h: reported, not checked */

  Decl *policy;          /* the main file's `policy` header, or NULL */
  SymTab values;         /* inputs, lets, as_of */
  /* The registry's application_date when no input declares it: the runtime
   * reads that column whether or not a policy declares it (language.md
   * §7), so a test may give it; it is no name in expressions (as_of is).
   * NULL when an input declares it. */
  Symbol *application_date;
  SymTab rules;
  SymTab kinds;
  SymTab indicators;
  /* Declarations by kind, in order (modules' before the main file's). */
  PtrVec inputs, lets, kinds_declared, eligibles, rule_decls, tests,
      indicator_decls, article_decls;
} Unit;

Unit *unit_new(const char *const *stdlib_dirs);
void unit_free(Unit *unit);

/* Parses `path` and every module it imports.  Returns 0 when the file could
 * not be read at all (reported in unit->diags without a place, code
 * cannot-read), else 1 (diagnostics may have been reported). */
int unit_load(Unit *unit, const char *path);
/* As unit_load, for text in memory (tests, `polc test --given`). */
void unit_load_text(Unit *unit, const char *name, const char *text, size_t len);

/* Resolves names, checks types and the semantic rules.  Returns the number
 * of errors in the unit (including those from loading). */
int unit_check(Unit *unit);

/* True when some declarations never reached the unit: a module that could
 * not be found, or a declaration dropped by a syntax error.  An unknown
 * name is then most likely one of theirs, so it is not reported. */
bool unit_names_incomplete(const Unit *unit);

/* The phases unit_check runs, in order (compiler/resolve.c, types.c,
 * checks.c). */
void resolve_unit(Unit *unit);
void types_check_unit(Unit *unit);
void checks_run(Unit *unit);

#endif
