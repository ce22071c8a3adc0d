/*
 * test_report.c - `polc test`'s results written out: text for people and
 * for editors' error lists (GCC's FILE:LINE:COL: error: form), one JSON
 * object for tools, or JUnit XML for CI (GitLab, Jenkins, GitHub read it:
 * testsuites > testsuite per file > testcase per test, <failure> per test
 * that failed, its body the failure lines).
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/base/i18n.h"
#include "../runtime/base/jsonw.h"
#include "../runtime/exec/output.h"
#include "test_coverage.h"
#include "test_run.h"

TestResult *test_result_new(TestResults *all, const char *file, const char *suite,
                            const char *name, int line, int col) {
  TestResult *r = arena_alloc(all->arena, sizeof *r);
  *r = (TestResult){.file = arena_strdup(all->arena, file),
                    .suite = arena_strdup(all->arena, suite),
                    .name = arena_strdup(all->arena, name), .line = line, .col = col};
  ptrvec_push(all->arena, &all->results, r);
  return r;
}

void test_result_fail(TestResults *all, TestResult *r, int line, int col, const char *what,
                      bool has_figures, int64_t expected, int64_t computed,
                      const char *message) {
  TestFailure *grown = arena_alloc(all->arena, sizeof *grown * (size_t)(r->nfailures + 1));
  if (r->nfailures)
    memcpy(grown, r->failures, sizeof *grown * (size_t)r->nfailures);
  grown[r->nfailures++] = (TestFailure){
      .line = line ? line : r->line, .col = line ? col : r->col,
      .what = what ? arena_strdup(all->arena, what) : NULL, .has_figures = has_figures,
      .expected = expected, .computed = computed,
      .message = arena_strdup(all->arena, message)};
  r->failures = grown;
}

void test_result_done(TestResults *all, const TestResult *r) {
  if (r->nfailures)
    all->failed++;
  else
    all->passed++;
}

bool test_name_matches(const char *pattern, const char *name) {
  if (!pattern)
    return true;
  if (strpbrk(pattern, "*?["))
    return fnmatch(pattern, name, 0) == 0;
  return strstr(name, pattern) != NULL;
}

/* --- text ---------------------------------------------------------------------- */

static void failure_line(FILE *fp, const TestResult *r, const TestFailure *f) {
  /* the GCC form: editors' error lists jump to the failing `expect` */
  fprintf(fp, "%s:%d:%d: error: %s\n", r->file, f->line, f->col, f->message);
}

void test_report_text(const TestResults *all, bool verbose) {
  for (int i = 0; i < all->results.len; i++) {
    const TestResult *r = all->results.items[i];
    if (verbose)
      /* PASS/FAIL stay English, like the closing line: scripts read them */
      printf("%s %s:%d: %s\n", r->nfailures ? "FAIL" : "PASS", r->file, r->line, r->name);
    for (int f = 0; f < r->nfailures; f++)
      failure_line(stdout, r, &r->failures[f]);
  }
  /* The closing line stays English in every language: CI scripts read it,
   * as they read diagnostic codes (README.md, "Language of messages"). */
  printf("%d passed, %d failed\n", all->passed, all->failed);
}

/* --- JSON ---------------------------------------------------------------------- */

static void json_failure(const TestFailure *f) {
  printf("{\"line\": %d, \"column\": %d, \"expect\": ", f->line, f->col);
  if (f->what)
    jsonw_string(stdout, f->what);
  else
    fputs("null", stdout);
  if (f->has_figures) {
    fputs(", \"expected\": ", stdout);
    output_fen(stdout, f->expected);
    fputs(", \"computed\": ", stdout);
    output_fen(stdout, f->computed);
  }
  fputs(", \"message\": ", stdout);
  jsonw_string(stdout, f->message);
  putchar('}');
}

void test_report_json(const TestResults *all, const Coverage *coverage) {
  printf("{\"passed\": %d, \"failed\": %d, \"tests\": [", all->passed, all->failed);
  for (int i = 0; i < all->results.len; i++) {
    const TestResult *r = all->results.items[i];
    printf("%s\n  {\"file\": ", i ? "," : "");
    jsonw_string(stdout, r->file);
    fputs(", \"suite\": ", stdout);
    jsonw_string(stdout, r->suite);
    fputs(", \"name\": ", stdout);
    jsonw_string(stdout, r->name);
    printf(", \"line\": %d, \"passed\": %s, \"failures\": [", r->line,
           r->nfailures ? "false" : "true");
    for (int f = 0; f < r->nfailures; f++) {
      if (f)
        fputs(", ", stdout);
      json_failure(&r->failures[f]);
    }
    fputs("]}", stdout);
  }
  fputs("]", stdout);
  if (coverage) {
    fputs(",\n \"coverage\": ", stdout);
    coverage_print_json(coverage, stdout);
  }
  fputs("}\n", stdout);
}

/* --- JUnit XML ------------------------------------------------------------------ */

/* Text in an attribute or an element: the five characters XML reserves,
 * and control characters XML 1.0 cannot carry at all, as a space. */
static void xml_text(FILE *fp, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
    case '&': fputs("&amp;", fp); break;
    case '<': fputs("&lt;", fp); break;
    case '>': fputs("&gt;", fp); break;
    case '"': fputs("&quot;", fp); break;
    case '\'': fputs("&apos;", fp); break;
    case '\n': fputs("&#10;", fp); break;
    case '\t': fputs("&#9;", fp); break;
    default: putc(c < 0x20 ? ' ' : c, fp); break;
    }
  }
}

static void junit_case(const TestResult *r) {
  fputs("    <testcase name=\"", stdout);
  xml_text(stdout, r->name);
  fputs("\" classname=\"", stdout);
  xml_text(stdout, r->suite);
  fputs("\" file=\"", stdout);
  xml_text(stdout, r->file);
  printf("\" line=\"%d\" time=\"0\"", r->line);
  if (!r->nfailures) {
    fputs("/>\n", stdout);
    return;
  }
  fputs(">\n      <failure message=\"", stdout);
  xml_text(stdout, r->failures[0].message);
  fputs("\" type=\"expect\">", stdout);
  for (int f = 0; f < r->nfailures; f++) {
    char where[64];
    snprintf(where, sizeof where, ":%d:%d: ", r->failures[f].line, r->failures[f].col);
    xml_text(stdout, r->file);
    xml_text(stdout, where);
    xml_text(stdout, r->failures[f].message);
    fputs("&#10;", stdout);
  }
  fputs("</failure>\n    </testcase>\n", stdout);
}

/* The results of one file, from `first`: how many, and how many failed. */
static int suite_end(const TestResults *all, int first, int *failed) {
  const TestResult *head = all->results.items[first];
  int end = first;
  *failed = 0;
  while (end < all->results.len &&
         strcmp(((const TestResult *)all->results.items[end])->file, head->file) == 0) {
    *failed += ((const TestResult *)all->results.items[end])->nfailures > 0;
    end++;
  }
  return end;
}

void test_report_junit(const TestResults *all) {
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", stdout);
  printf("<testsuites name=\"polc test\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
         "time=\"0\">\n",
         all->passed + all->failed, all->failed);
  for (int i = 0, id = 0; i < all->results.len; id++) {
    int failed;
    int end = suite_end(all, i, &failed);
    const TestResult *head = all->results.items[i];
    printf("  <testsuite id=\"%d\" name=\"", id);
    xml_text(stdout, head->file);
    printf("\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"0\">\n",
           end - i, failed);
    for (; i < end; i++)
      junit_case(all->results.items[i]);
    fputs("  </testsuite>\n", stdout);
  }
  fputs("</testsuites>\n", stdout);
}
