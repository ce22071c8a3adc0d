/*
 * limits.h - the size of one compilation unit (a policy and its modules)
 * polc accepts.  Past each, a located error instead of memory and time
 * spent on a file no drafter wrote by hand.  The limits of the text itself
 * (names, strings, lines, nesting) are the parser's, in lang/parse.h.
 */
#ifndef POLC_LIMITS_H
#define POLC_LIMITS_H

/* Checked by unit.c while loading, before any table is built: */
enum {
  UNIT_MAX_FILES = 1000,        /* the policy and every module it imports */
  UNIT_MAX_INPUTS = 10000,      /* the seed registry has about 60 columns */
  UNIT_MAX_DECLS = 100000,      /* inputs, lets, rules, tests, ... in all files */
};

/* Checked by checks.c, at the first declaration over (the IR indexes rules
 * in 32 bits; these keep memory and compile time in reach): */
enum {
  UNIT_MAX_RULES = 10000,       /* in the policy (policies evaluated together
                                   may hold more between them) */
  UNIT_MAX_INDICATORS = 10000,  /* in the policy */
  UNIT_MAX_AWARDS = 1000,       /* in one rule */
};

#endif
