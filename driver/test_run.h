/*
 * test_run.h - what `polc test` gathers while it runs the test blocks (and
 * the rows of --cases), so that one run can be written as text for people,
 * JSON for tools or JUnit XML for CI (test_report.c), with coverage
 * (test_coverage.c) beside it.
 */
#ifndef POLC_TEST_RUN_H
#define POLC_TEST_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "../runtime/base/arena.h"

/* One expectation that did not hold (or a test that could not run). */
typedef struct TestFailure {
  int line, col;             /* of the `expect` (of the test when 0) */
  const char *what;          /* "settlement", "xuhui_llm_2023.platform", "total";
                                NULL when no figure is compared */
  bool has_figures;
  int64_t expected, computed;  /* fen */
  const char *message;       /* the whole sentence, without FILE:LINE:COL */
} TestFailure;

/* One test block, or one row of a case table. */
typedef struct TestResult {
  const char *file;          /* the .pol file (the case table for a row) */
  const char *suite;         /* the policy id, or the case table's path */
  const char *name;
  int line, col;             /* of `test` (the row number for a case) */
  int nfailures;
  TestFailure *failures;     /* arena */
} TestResult;

typedef enum TestFormat { TF_TEXT, TF_JSON, TF_JUNIT } TestFormat;

typedef struct TestResults {
  Arena *arena;
  PtrVec results;            /* TestResult* in the order they ran */
  int passed, failed;
} TestResults;

/* A result in `results`, ready for its failures. */
TestResult *test_result_new(TestResults *all, const char *file, const char *suite,
                            const char *name, int line, int col);
/* Adds a failure; `message` is copied. */
void test_result_fail(TestResults *all, TestResult *r, int line, int col, const char *what,
                      bool has_figures, int64_t expected, int64_t computed,
                      const char *message);
/* Counts the result as passed or failed (once, after its expectations). */
void test_result_done(TestResults *all, const TestResult *r);

/* A test's name against --run: a glob (fnmatch) when the pattern has `*`,
 * `?` or `[`, else a part of the name. */
bool test_name_matches(const char *pattern, const char *name);

/* --cases FILE (test_cases.c): each row of the table an applicant of the
 * policies given together, checked against its expect.* columns.  Returns
 * EXIT_OK, or EXIT_INPUT when the table or a row could not be read (said on
 * stderr as FILE:ROW: ...). */
struct EngineChoice;
int test_cases(TestResults *all, const char *path, char **policies, int npolicies,
               const struct EngineChoice *engine, const char *root, const int32_t *as_of);

/* Runs the test blocks of `paths` (interpreter) into `results`, and into
 * `coverage` when not NULL (for `polc doc`). */
struct Coverage;
void test_collect(char **paths, int count, const char *root, struct Coverage *coverage,
                  TestResults *results);

/* The three forms (test_report.c).  Text writes the failures (and with
 * `verbose` every test) and the closing `N passed, N failed` line. */
void test_report_text(const TestResults *all, bool verbose);
struct Coverage;
void test_report_json(const TestResults *all, const struct Coverage *coverage);
void test_report_junit(const TestResults *all);

#endif
