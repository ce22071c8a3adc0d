/*
 * builtins.h - the built-in functions and an indicator's aggregates, one
 * table each: the checker types a call from it and lowering emits its IR
 * from it, so a name is matched in one place.
 */
#ifndef POLC_BUILTINS_H
#define POLC_BUILTINS_H

#include "../lang/ast.h"
#include "ir/ir.h"

typedef enum BuiltinTyping {
  BUILTIN_ONE_TYPE,   /* `arity` or more values of one numeric or date type,
                         giving that type: `op` folds them left to right */
  BUILTIN_DATES,      /* exactly `arity` dates, giving a count: `op` on them */
} BuiltinTyping;

typedef struct Builtin {
  const char *name;
  int arity;
  BuiltinTyping typing;
  IrOp op;
} Builtin;

/* The built-in function called `name`, or NULL. */
const Builtin *builtin_find(const char *name);
/* "min, max, years_between and year": every name, for a hint. */
const char *builtin_names(Arena *arena);

typedef enum AggregateTyping {
  AGGREGATE_COUNTS,     /* a condition, giving `result` */
  AGGREGATE_SUMS,       /* a quantity, giving its own type */
  AGGREGATE_AVERAGES,   /* a quantity, giving its own type (a count: number) */
} AggregateTyping;

typedef struct Aggregate {
  const char *name;
  AggregateTyping typing;
  Type result;          /* AGGREGATE_COUNTS only */
  IrAggregate aggregate;
} Aggregate;

/* The aggregate called `name` (count, sum, ...), or NULL. */
const Aggregate *aggregate_find(const char *name);
/* "count(...), sum(...), avg(...) or share(...)", for a hint. */
const char *aggregate_names(Arena *arena);

#endif
