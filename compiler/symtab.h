/*
 * symtab.h - names declared in a compilation unit.
 *
 * A unit has one table per namespace: values (inputs, lets, as_of), rules,
 * kinds and indicators.  A rule and a kind may share a name
 * (`rule compute ... kind compute`), so they live apart.
 */
#ifndef POLC_SYMTAB_H
#define POLC_SYMTAB_H

#include "../lang/ast.h"

typedef enum SymKind {
  SYM_INPUT, SYM_LET, SYM_AS_OF, SYM_RULE, SYM_KIND, SYM_INDICATOR,
} SymKind;

struct Symbol {
  SymKind kind;
  const char *name;
  Decl *decl;          /* NULL for built-ins */
  Span span;           /* where it was declared */
  Type type;           /* inputs and lets: the value's type once known */
  int uses;            /* references seen by the checker */
  int slot;            /* inputs: the IR input index (set when lowering) */
  Symbol *next;        /* hash chain */
};

typedef struct SymTab {
  Symbol **buckets;
  int nbuckets;
  int count;
  PtrVec order;        /* Symbol* in declaration order */
} SymTab;

void symtab_init(SymTab *tab, Arena *arena);
Symbol *symtab_find(const SymTab *tab, const char *name);
/* Adds a symbol; returns the existing one instead when the name is taken. */
Symbol *symtab_add(SymTab *tab, Arena *arena, SymKind kind, const char *name,
                   Decl *decl, Span span, bool *added);
/* The declared name closest to `name` (a likely typo), or NULL. */
const char *symtab_suggest(const SymTab *tab, const char *name);
/* The candidate closest to `name` within a few edits, or NULL. */
const char *closest_name(const char *name, const char *const *candidates,
                         int count);

#endif
