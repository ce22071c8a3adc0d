/*
 * test_coverage.h - `polc test --coverage`: what the tests exercised, per
 * rule.  Each test's applicant is run once more by the interpreter on a
 * traced program (the events `polc explain` reads), whatever --engine ran
 * it for its figures, so both engines report the same coverage.
 *
 * Items counted, each covered or not:
 *   - each eligible clause of a policy seen failing, and seen holding;
 *   - each award line taken (its condition held and it paid a figure);
 *   - each part of an award's condition seen true and seen false (the
 *     parts of an and/or chain, else the condition as a whole);
 *   - each ladder tier reached, and the ladder's "below the first tier";
 *   - each bracket band reached (a part of the base fell in it);
 *   - each threshold the text sets (input CMP figure, in a condition or a
 *     ladder line): a test just missing it and a test just meeting it
 *     (>= T: one step below T and T itself; > T: T and one step above),
 *     a step being 0.01元, 0.01%, 0.01, 1 or one day by the input's type.
 */
#ifndef POLC_TEST_COVERAGE_H
#define POLC_TEST_COVERAGE_H

#include <stdbool.h>
#include <stdio.h>

#include "../compiler/ir/ir.h"
#include "../compiler/ir/outcome.h"

struct Unit;
typedef struct Coverage Coverage;
typedef struct CoverageBinding CoverageBinding;

Coverage *coverage_new(void);
void coverage_free(Coverage *cov);

/* Ties a traced program (and the units it was lowered from) to the
 * coverage, adding the policies and rules met for the first time. */
CoverageBinding *coverage_bind(Coverage *cov, const IrProgram *prog, struct Unit **units,
                               int nunits);
void coverage_unbind(CoverageBinding *b);

/* One applicant's traced run: runs it with the interpreter, then records
 * what it exercised.  `ints` and `texts` are its inputs, `as_of` its day. */
void coverage_run(CoverageBinding *b, const int64_t *ints, const TextRef *texts,
                  int32_t as_of);

/* A rule's items ("policy.rule"): false when no test met the rule. */
bool coverage_of_rule(const Coverage *cov, const char *qualified, int *covered, int *total);

/* Covered items, of all (percent = 100 × covered / total; 100 when none). */
void coverage_totals(const Coverage *cov, int *covered, int *total);
double coverage_percent(const Coverage *cov);

void coverage_print_text(const Coverage *cov, FILE *fp);
void coverage_print_json(const Coverage *cov, FILE *fp);

#endif
