/*
 * builtins.c - the tables of built-in functions and aggregates.
 */
#include "builtins.h"

#include <string.h>

static const Builtin builtins[] = {
    {"min", 2, BUILTIN_ONE_TYPE, IR_MIN},
    {"max", 2, BUILTIN_ONE_TYPE, IR_MAX},
    {"years_between", 2, BUILTIN_DATES, IR_YEARS},
    {"year", 1, BUILTIN_DATES, IR_YEAR},
};
enum { NBUILTINS = sizeof builtins / sizeof builtins[0] };

static const Aggregate aggregates[] = {
    {"count", AGGREGATE_COUNTS, TY_COUNT, AGG_COUNT},
    {"sum", AGGREGATE_SUMS, TY_ERROR, AGG_SUM},
    {"avg", AGGREGATE_AVERAGES, TY_ERROR, AGG_AVG},
    {"share", AGGREGATE_COUNTS, TY_PERCENT, AGG_SHARE},
};
enum { NAGGREGATES = sizeof aggregates / sizeof aggregates[0] };

const Builtin *builtin_find(const char *name) {
  for (int i = 0; i < NBUILTINS; i++)
    if (strcmp(builtins[i].name, name) == 0)
      return &builtins[i];
  return NULL;
}

const Aggregate *aggregate_find(const char *name) {
  for (int i = 0; i < NAGGREGATES; i++)
    if (strcmp(aggregates[i].name, name) == 0)
      return &aggregates[i];
  return NULL;
}

/* "a, b, c and d": the names, each followed by `after`, the last two
 * joined by `last`. */
static const char *name_list(Arena *arena, const char *const *names, int n,
                             const char *after, const char *last) {
  const char *list = "";
  for (int i = 0; i < n; i++)
    list = arena_printf(arena, "%s%s%s%s", list,
                        i == 0 ? "" : i == n - 1 ? last : ", ", names[i], after);
  return list;
}

const char *builtin_names(Arena *arena) {
  const char *names[NBUILTINS];
  for (int i = 0; i < NBUILTINS; i++)
    names[i] = builtins[i].name;
  return name_list(arena, names, NBUILTINS, "", " and ");
}

const char *aggregate_names(Arena *arena) {
  const char *names[NAGGREGATES];
  for (int i = 0; i < NAGGREGATES; i++)
    names[i] = aggregates[i].name;
  return name_list(arena, names, NAGGREGATES, "(...)", " or ");
}
