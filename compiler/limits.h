/*
 * limits.h - the size of one compilation unit (a policy and its modules)
 * polc accepts.  Past each, a located error instead of memory and time
 * spent on a file no drafter wrote by hand.  The limits of the text itself
 * (names, strings, lines, nesting) are the parser's, in lang/parse.h.
 */
#ifndef POLC_LIMITS_H
#define POLC_LIMITS_H

enum {
  UNIT_MAX_FILES = 1000,        /* the policy and every module it imports */
  UNIT_MAX_INPUTS = 10000,      /* the seed registry has about 60 columns */
  UNIT_MAX_DECLS = 100000,      /* inputs, lets, rules, tests, ... in all files */
};

#endif
