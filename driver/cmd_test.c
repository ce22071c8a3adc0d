/*
 * cmd_test.c - `polc test FILE|DIR...`: run the `test` blocks of policies.
 *
 * Each test is an applicant: its `given` inputs, the others at their
 * defaults, `id` the test's name.  Without a given application_date it is
 * evaluated on --as-of, else on the policy's first effective day, so that a
 * test does not start failing when the policy expires.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/ir.h"
#include "../compiler/unit.h"
#include "../runtime/evaluate.h"
#include "../runtime/interp.h"
#include "../runtime/reasons.h"
#include "driver.h"

typedef struct TestRun {
  int passed, failed;
  bool has_as_of;
  int32_t as_of;
} TestRun;

/* The applicant of a test: defaults, then the givens. */
static void build_row(const IrProgram *prog, const Test *t, int64_t *ints,
                      TextRef *texts) {
  for (int i = 0; i < prog->ninputs; i++) {
    const IrInput *in = &prog->inputs[i];
    ints[i] = in->default_int;
    const char *text = in->default_text ? in->default_text : "";
    texts[i] = (TextRef){text, (int64_t)strlen(text)};
  }
  texts[prog->id_input] = (TextRef){t->name.text, (int64_t)strlen(t->name.text)};
  for (int g = 0; g < t->givens.len; g++) {
    const Assign *a = t->givens.items[g];
    int slot = a->sym->slot;
    if (a->value->lit.type == TY_TEXT)
      texts[slot] = (TextRef){a->value->lit.text, (int64_t)strlen(a->value->lit.text)};
    else
      ints[slot] = a->value->lit.i;
  }
}

static int rule_index(const IrProgram *prog, const Unit *unit, const Symbol *sym) {
  for (int i = 0; i < unit->rule_decls.len; i++)
    if (unit->rule_decls.items[i] == sym->decl)
      return prog->policies[0].first_rule + i;
  return -1;
}

static void report(const Decl *d, const Assign *a, int64_t got, const char *why) {
  int line, col;
  Arena scratch;
  arena_init(&scratch);
  source_position(&scratch, d->src, a->span.begin, &line, &col);
  char want_text[40], got_text[40];
  value_format_fen(a->value->lit.i, want_text, sizeof want_text);
  value_format_fen(got, got_text, sizeof got_text);
  printf("%s:%d: test \"%s\": expected %s = %s, computed %s%s%s%s\n", d->src->path,
         line, d->as.test.name.text, a->id.name, want_text, got_text,
         why ? " (" : "", why ? why : "", why ? ")" : "");
  arena_free(&scratch);
}

static void run_test(TestRun *run, const IrProgram *prog, const Unit *unit,
                     const Decl *d, Interp *interp) {
  const Test *t = &d->as.test;
  int64_t *ints = xcalloc((size_t)prog->ninputs + 1, sizeof(int64_t));
  TextRef *texts = xcalloc((size_t)prog->ninputs + 1, sizeof(TextRef));
  RuleOutcome *rules = xcalloc((size_t)prog->nrules + 1, sizeof(RuleOutcome));
  RowOutcome out = {.nrules = prog->nrules, .rules = rules};
  build_row(prog, t, ints, texts);
  const IrPolicy *p = &prog->policies[0];
  int32_t day = run->has_as_of ? run->as_of
                : p->has_effective ? p->effective_from : evaluate_today();
  int32_t as_of = evaluate_prepare_row(prog, ints, day);
  interp_run(interp, ints, texts, as_of, &out);
  bool ok = true;
  for (int e = 0; e < t->expects.len; e++) {
    const Assign *a = t->expects.items[e];
    int r = a->sym ? rule_index(prog, unit, a->sym) : -1;
    int64_t got = r >= 0 ? rules[r].amount : out.total;
    if (out.error != ROW_OK) {
      report(d, a, 0, out.error == ROW_DIV_ZERO ? "division by zero" : "overflow");
      ok = false;
    } else if (got != a->value->lit.i) {
      char buf[1024];
      report(d, a, got, r >= 0 ? reason_text(prog, r, &rules[r], as_of, buf, sizeof buf)
                               : NULL);
      ok = false;
    }
  }
  if (ok)
    run->passed++;
  else
    run->failed++;
  free(ints);
  free(texts);
  free(rules);
}

/* Runs the tests of one file. */
static void test_file(TestRun *run, char *path) {
  Loaded loaded;
  int status = policies_load_any(&loaded, &path, 1);
  if (status != EXIT_OK) {
    /* its tests cannot run: each counts as failed (at least one, so that a
     * broken policy never passes) */
    Unit *unit = loaded.count ? loaded.units[0] : NULL;
    int tests = unit && unit->tests.len ? unit->tests.len : 1;
    printf("%s: does not compile; %d test%s failed\n", path, tests,
           tests == 1 ? "" : "s");
    run->failed += tests;
    policies_free(&loaded);
    return;
  }
  if (loaded.modules) {   /* a module has no tests to run */
    policies_free(&loaded);
    return;
  }
  Unit *unit = loaded.units[0];
  Interp *interp = interp_new(loaded.prog);
  for (int i = 0; i < unit->tests.len; i++)
    run_test(run, loaded.prog, unit, unit->tests.items[i], interp);
  interp_free(interp);
  policies_free(&loaded);
}

int cmd_test(int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  TestRun run = {0};
  PtrVec args = {0};
  int status = EXIT_OK;
  for (int i = 1; i < argc && status == EXIT_OK; i++) {
    const char *v;
    if (is_help_flag(argv[i]))
      status = -1, help_print("test");
    else if ((v = option_value(argc, argv, &i, "--as-of")))
      status = parse_date_option("test", v, &run.as_of) ? EXIT_OK : EXIT_USAGE,
      run.has_as_of = true;
    else if ((v = option_value(argc, argv, &i, "--engine")))
      status = strcmp(v, "interp") == 0 || strcmp(v, "auto") == 0
                   ? EXIT_OK
                   : usage_error("test", "--engine takes interp or auto here, not '%s'", v);
    else if (argv[i][0] == '-' && argv[i][1])
      status = usage_error("test", "unknown option '%s'", argv[i]);
    else
      ptrvec_push(&arena, &args, argv[i]);
  }
  if (status == EXIT_OK && args.len == 0)
    status = usage_error("test", "no files given");
  PtrVec files = {0};
  if (status == EXIT_OK && files_expand(&arena, (char **)args.items, args.len, &files) < 0)
    status = EXIT_USAGE;
  if (status != EXIT_OK) {
    arena_free(&arena);
    return status < 0 ? EXIT_OK : status;
  }
  for (int i = 0; i < files.len; i++)
    test_file(&run, files.items[i]);
  printf("%d passed, %d failed\n", run.passed, run.failed);
  arena_free(&arena);
  return run.failed ? EXIT_INPUT : EXIT_OK;
}
