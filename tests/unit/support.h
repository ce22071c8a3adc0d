/*
 * support.h - helpers shared by the unit tests: compile a policy held in a
 * string and look at what was reported.
 */
#ifndef POLC_TEST_SUPPORT_H
#define POLC_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdlib.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "compiler/unit.h"

/* Parses and checks `text` as file "t.pol"; stdlib from $POLC_STDLIB. */
Unit *compile_text(const char *text);
/* Parses only. */
SourceFile *parse_text(Arena *arena, Diags *diags, const char *text);
/* The number of diagnostics of severity error/warning with this code. */
int count_code(const Diags *diags, const char *code);
/* The first error's message, or "" when there is none. */
const char *first_error(const Diags *diags);
/* The first diagnostic with `code`, or NULL. */
const Diag *find_code(const Diags *diags, const char *code);

#endif
