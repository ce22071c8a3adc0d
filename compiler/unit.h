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
#include "diag.h"
#include "symtab.h"

typedef struct Unit {
  Arena arena;
  Diags diags;
  const char *const *stdlib_dirs;   /* where `import NAME` looks, in order */

  SourceFile *main;      /* the file named on the command line */
  PtrVec files;          /* SourceFile*: main first, then modules as loaded */
  PtrVec file_ids;       /* char*: canonical path of each file, for dedup */
  int syntax_errors;
  int imports_missing;   /* unknown names are then not reported: they are
                            most likely the missing module's */

  Decl *policy;          /* the main file's `policy` header, or NULL */
  SymTab values;         /* inputs, lets, as_of */
  SymTab rules;
  SymTab kinds;
  SymTab indicators;
  /* Declarations by kind, in order (modules' before the main file's). */
  PtrVec inputs, lets, kinds_declared, eligibles, rule_decls, tests,
      indicator_decls;
} Unit;

Unit *unit_new(const char *const *stdlib_dirs);
void unit_free(Unit *unit);

/* Parses `path` and every module it imports.  Returns 0 when the file could
 * not be read at all (*why says why), else 1 (diagnostics may have been
 * reported). */
int unit_load(Unit *unit, const char *path, const char **why);
/* As unit_load, for text in memory (tests, `polc test --given`). */
void unit_load_text(Unit *unit, const char *name, const char *text, size_t len);

/* Resolves names, checks types and the semantic rules.  Returns the number
 * of errors in the unit (including those from loading). */
int unit_check(Unit *unit);

/* The most declarations one compilation holds (compiler/checks.c); past
 * them, a `too-many` error at the first one over. */
enum {
  CHECKS_MAX_RULES = 10000,        /* in the policy */
  CHECKS_MAX_INPUTS = 4096,        /* in the policy and its modules */
  CHECKS_MAX_INDICATORS = 10000,   /* in the policy */
  CHECKS_MAX_AWARDS = 1000,        /* in one rule */
};

/* The phases unit_check runs, in order (compiler/resolve.c, types.c,
 * checks.c). */
void resolve_unit(Unit *unit);
void types_check_unit(Unit *unit);
void checks_run(Unit *unit);

#endif
