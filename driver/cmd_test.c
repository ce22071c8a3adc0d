/*
 * cmd_test.c - `polc test FILE|DIR...`: run the `test` blocks of policies.
 *
 * Each test is an applicant: its `given` inputs, the others at their
 * defaults, `id` the test's name.  Without a given application_date it is
 * evaluated on --as-of, else on the policy's first effective day, so that a
 * test does not start failing when the policy expires.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/ir/ir.h"
#include "../compiler/unit.h"
#include "../lang/parse.h"
#include "../runtime/exec/evaluate.h"
#include "../runtime/exec/reasons.h"
#include "../runtime/exec/row.h"
#include "../runtime/base/i18n.h"
#include "driver.h"
#include "test_coverage.h"
#include "test_run.h"

typedef struct TestRun {
  TestResults results;
  bool has_as_of;
  int32_t as_of;
  EngineChoice engine;
  const char *root;       /* --root */
  const char *pattern;    /* --run, or NULL */
  TestFormat format;
  bool verbose;           /* -v */
  Coverage *coverage;     /* --coverage, or NULL */
  double coverage_min;    /* --coverage-min, or < 0 */
  const char *cases;      /* --cases FILE, or NULL */
} TestRun;

/* The applicant of a test: its name as id, then the givens (the other
 * inputs are at their defaults). */
static void give(const IrProgram *prog, const Test *t, RowBuffers *row) {
  row->texts[prog->id_input] = (TextRef){t->name.text, (int64_t)strlen(t->name.text)};
  for (int g = 0; g < t->givens.len; g++) {
    const Assign *a = t->givens.items[g];
    int slot = a->sym->slot;
    if (a->value->lit.type == TY_TEXT)
      row->texts[slot] = (TextRef){a->value->lit.text, (int64_t)strlen(a->value->lit.text)};
    else
      row->ints[slot] = a->value->lit.i;
  }
}

/* The rule an expectation names: POLICY.RULE, or RULE of the test's own
 * policy (the program's first); -1 for `total`, -2 when there is none. */
static int rule_index(const IrProgram *prog, const Assign *a) {
  if (!a->policy.name && strcmp(a->id.name, "total") == 0)
    return -1;
  const char *policy = a->policy.name ? a->policy.name : prog->policies[0].id;
  for (int r = 0; r < prog->nrules; r++)
    if (strcmp(prog->rules[r].id, a->id.name) == 0 &&
        strcmp(prog->policies[prog->rules[r].policy].id, policy) == 0)
      return r;
  return -2;
}

static void position(const Decl *d, Span span, int *line, int *col) {
  Arena scratch;
  arena_init(&scratch);
  source_position(&scratch, d->src, span.begin, line, col);
  arena_free(&scratch);
}

/* An expectation that did not hold: the expected and computed figures,
 * and why the rule paid what it paid. */
static void expect_failed(TestResults *all, TestResult *res, const Decl *d, const Assign *a,
                          int64_t got, const char *why) {
  char name[256];
  if (a->policy.name)
    snprintf(name, sizeof name, "%s.%s", a->policy.name, a->id.name);
  else
    snprintf(name, sizeof name, "%s", a->id.name);
  int line, col;
  position(d, a->span, &line, &col);
  char want_text[40], got_text[40], message[1400];
  value_format_fen(a->value->lit.i, want_text, sizeof want_text);
  value_format_fen(got, got_text, sizeof got_text);
  snprintf(message, sizeof message, _("test \"%s\": expected %s = %s, computed %s%s%s%s"),
           d->as.test.name.text, name, want_text, got_text, why ? " (" : "", why ? why : "",
           why ? ")" : "");
  test_result_fail(all, res, line, col, name, true, a->value->lit.i, got, message);
}

static TestResult *result_for(TestRun *run, const IrProgram *prog, const Decl *d) {
  int line, col;
  position(d, d->span, &line, &col);
  return test_result_new(&run->results, d->src->path, prog->policies[0].id,
                         d->as.test.name.text, line, col);
}

static void check_expect(TestRun *run, TestResult *res, const IrProgram *prog, const Decl *d,
                         const Assign *a, const RowOutcome *out, int32_t as_of) {
  int r = rule_index(prog, a);
  int64_t got = r >= 0 ? out->rules[r].amount : out->total;
  char message[600];
  if (r == -2) {
    int line, col;
    position(d, a->span, &line, &col);
    snprintf(message, sizeof message, _("test \"%s\": the policy %s has no rule %s"),
             d->as.test.name.text, a->policy.name, a->id.name);
    test_result_fail(&run->results, res, line, col, NULL, false, 0, 0, message);
  } else if (out->error != ROW_OK) {
    expect_failed(&run->results, res, d, a, 0,
                  out->error == ROW_DIV_ZERO ? _("division by zero") : _("overflow"));
  } else if (got != a->value->lit.i) {
    char buf[1024];
    expect_failed(&run->results, res, d, a, got,
                  r >= 0 ? reason_text(prog, r, &out->rules[r], as_of, REASON_FOR_PEOPLE, buf,
                                       sizeof buf)
                         : NULL);
  }
}

static void run_test(TestRun *run, const IrProgram *prog, const Decl *d,
                     const Engine *engine, CoverageBinding *coverage) {
  const Test *t = &d->as.test;
  RowBuffers row;
  row_buffers_init(&row, prog);
  give(prog, t, &row);
  const IrPolicy *p = &prog->policies[0];
  int32_t day = run->has_as_of ? run->as_of
                : p->has_effective ? p->effective_from : evaluate_today();
  int32_t as_of = evaluate_prepare_row(prog, row.ints, day);
  engine->run(engine->self, row.ints, row.texts, as_of, &row.outcome);
  TestResult *res = result_for(run, prog, d);
  for (int e = 0; e < t->expects.len; e++)
    check_expect(run, res, prog, d, t->expects.items[e], &row.outcome, as_of);
  test_result_done(&run->results, res);
  if (coverage)
    coverage_run(coverage, row.ints, row.texts, as_of);
  row_buffers_free(&row);
}

/* A test that could not run: failed, with why. */
static void test_not_run(TestRun *run, const char *path, const char *suite, const char *name,
                         int line, int col, const char *message) {
  TestResult *res = test_result_new(&run->results, path, suite, name, line, col);
  test_result_fail(&run->results, res, 0, 0, NULL, false, 0, 0, message);
  test_result_done(&run->results, res);
}

/* The .pol file beside `path` whose policy is `id`, or NULL. */
static char *find_policy(Arena *arena, const char *path, const char *id) {
  const char *slash = strrchr(path, '/');
  const char *dir = slash ? arena_strndup(arena, path, (size_t)(slash - path)) : ".";
  struct dirent **entries;
  int n = scandir(dir, &entries, NULL, alphasort);
  char *found = NULL;
  for (int i = 0; i < n; i++) {
    const char *name = entries[i]->d_name;
    size_t len = strlen(name);
    if (!found && len > 4 && strcmp(name + len - 4, ".pol") == 0) {
      char *candidate = arena_printf(arena, "%s/%s", dir, name);
      Arena scratch;
      arena_init(&scratch);
      Diags diags;
      diags_init(&diags, &scratch);
      const char *why;
      Source *src = source_read(&scratch, candidate, &why);
      SourceFile *file = src ? parse_source(&scratch, src, &diags) : NULL;
      Decl *first = file && file->decls.len ? file->decls.items[0] : NULL;
      if (first && first->kind == DECL_POLICY && first->as.policy.id.name &&
          strcmp(first->as.policy.id.name, id) == 0)
        found = candidate;
      arena_free(&scratch);
    }
    free(entries[i]);
  }
  if (n >= 0)
    free(entries);
  return found;
}

/* With --coverage: the same policies lowered with traces, tied to the
 * coverage; NULL without it (or when the traced program differs in its
 * inputs, which would be a bug: the figures would be read wrongly). */
static CoverageBinding *coverage_open(TestRun *run, Loaded *traced, char **paths, int count,
                                      const IrProgram *prog) {
  if (!run->coverage)
    return NULL;
  *traced = (Loaded){.root = run->root};
  if (policies_load(traced, paths, count, true) != EXIT_OK ||
      traced->prog->ninputs != prog->ninputs || traced->prog->nrules != prog->nrules) {
    policies_free(traced);
    *traced = (Loaded){0};
    return NULL;
  }
  return coverage_bind(run->coverage, traced->prog, traced->units, traced->count);
}

static void coverage_close(Loaded *traced, CoverageBinding *binding) {
  if (!binding)
    return;
  coverage_unbind(binding);
  policies_free(traced);
}

/* A test `with` other policies: its policy and theirs, loaded together. */
static void test_with(TestRun *run, char *path, int index, const Decl *d,
                      const char *suite) {
  const Test *t = &d->as.test;
  Arena arena;
  arena_init(&arena);
  int line, col;
  position(d, d->span, &line, &col);
  char message[600];
  char **paths = arena_alloc(&arena, sizeof(char *) * (size_t)(t->with.len + 1));
  paths[0] = path;
  for (int i = 0; i < t->with.len; i++) {
    const char *id = ((Ident *)t->with.items[i])->name;
    paths[i + 1] = find_policy(&arena, path, id);
    if (!paths[i + 1]) {
      snprintf(message, sizeof message,
               _("test \"%s\": no policy %s among the .pol files beside it"), t->name.text, id);
      test_not_run(run, path, suite, t->name.text, line, col, message);
      arena_free(&arena);
      return;
    }
  }
  Loaded loaded = {.root = run->root};
  if (policies_load(&loaded, paths, t->with.len + 1, false) != EXIT_OK) {
    snprintf(message, sizeof message, _("test \"%s\": the policies do not compile together"),
             t->name.text);
    test_not_run(run, path, suite, t->name.text, line, col, message);
  } else {
    /* its own engine: the file's engine stays open around this test */
    EngineChoice choice = engine_choice_unopened(&run->engine);
    Engine engine;
    engine_open(&choice, &loaded, NULL, &engine);
    Loaded traced;
    CoverageBinding *binding =
        coverage_open(run, &traced, paths, t->with.len + 1, loaded.prog);
    run_test(run, loaded.prog, loaded.units[0]->tests.items[index], &engine, binding);
    coverage_close(&traced, binding);
    engine_close(&choice);
  }
  policies_free(&loaded);
  arena_free(&arena);
}

/* A file that does not compile: each of its tests fails (at least one, so
 * that a broken policy never passes). */
static void file_not_compiled(TestRun *run, char *path, const Loaded *loaded) {
  Unit *unit = loaded->count ? loaded->units[0] : NULL;
  const char *suite = unit && unit->policy ? unit->policy->as.policy.id.name : path;
  char message[600];
  int matched = 0;
  for (int i = 0; unit && i < unit->tests.len; i++) {
    const Decl *d = unit->tests.items[i];
    if (!test_name_matches(run->pattern, d->as.test.name.text))
      continue;
    int line, col;
    position(d, d->span, &line, &col);
    snprintf(message, sizeof message, _("test \"%s\": the policy does not compile"),
             d->as.test.name.text);
    test_not_run(run, path, suite, d->as.test.name.text, line, col, message);
    matched++;
  }
  if (!matched)
    test_not_run(run, path, suite, path, 1, 1, _("the policy does not compile"));
}

/* Runs the tests of one file. */
static void test_file(TestRun *run, char *path) {
  Loaded loaded = {.root = run->root};
  int status = policies_load_any(&loaded, &path, 1);
  if (status != EXIT_OK) {
    file_not_compiled(run, path, &loaded);
    policies_free(&loaded);
    return;
  }
  if (loaded.modules) {   /* a module has no tests to run */
    policies_free(&loaded);
    return;
  }
  Unit *unit = loaded.units[0];
  Engine engine;
  engine_open(&run->engine, &loaded, NULL, &engine);
  Loaded traced;
  CoverageBinding *binding = coverage_open(run, &traced, &path, 1, loaded.prog);
  const char *suite = loaded.prog->policies[0].id;
  for (int i = 0; i < unit->tests.len; i++) {
    Decl *d = unit->tests.items[i];
    if (!test_name_matches(run->pattern, d->as.test.name.text))
      continue;
    if (d->as.test.with.len)
      test_with(run, path, i, d, suite);
    else
      run_test(run, loaded.prog, d, &engine, binding);
  }
  coverage_close(&traced, binding);
  engine_close(&run->engine);
  policies_free(&loaded);
}

void test_collect(char **paths, int count, const char *root, Coverage *coverage,
                  TestResults *results) {
  TestRun run = {.engine = ENGINE_DEFAULTS, .root = root, .coverage = coverage,
                 .coverage_min = -1};
  run.engine.name = "interp";
  run.results = *results;
  for (int i = 0; i < count; i++)
    test_file(&run, paths[i]);
  *results = run.results;
}

static int format_option(const char *v, TestFormat *format) {
  static const struct { const char *word; TestFormat format; } formats[] = {
      {"text", TF_TEXT}, {"json", TF_JSON}, {"junit", TF_JUNIT}};
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (strcmp(v, formats[i].word) == 0) {
      *format = formats[i].format;
      return EXIT_OK;
    }
  return usage_error("test", "--format takes text, json or junit, not '%s'", v);
}

static int percent_option(const char *v, double *pct) {
  char *end;
  double d = strtod(v, &end);
  if (!*v || *end || !(d >= 0 && d <= 100))
    return usage_error("test", "--coverage-min takes a percentage from 0 to 100, not '%s'", v);
  *pct = d;
  return EXIT_OK;
}

/* One option at argv[*i]: EXIT_OK, EXIT_USAGE, or -1 after --help. */
static int parse_option(TestRun *run, PtrVec *args, Arena *arena, int argc, char **argv,
                        int *i) {
  const char *v;
  bool matched;
  int root;
  if (is_help_flag(argv[*i]))
    return help_print("test"), -1;
  if ((root = root_option("test", argc, argv, i, &run->root)) != 0)
    return root < 0 ? EXIT_USAGE : EXIT_OK;
  if ((v = option_value(argc, argv, i, "--as-of"))) {
    run->has_as_of = true;
    return parse_date_option("test", v, &run->as_of) ? EXIT_OK : EXIT_USAGE;
  }
  if ((v = option_value(argc, argv, i, "--format")))
    return format_option(v, &run->format);
  if ((v = option_value(argc, argv, i, "--run"))) {
    run->pattern = v;
    return *v ? EXIT_OK : usage_error("test", "--run needs a pattern");
  }
  if ((v = option_value(argc, argv, i, "--coverage-min"))) {
    if (!run->coverage)
      run->coverage = coverage_new();
    return percent_option(v, &run->coverage_min);
  }
  if ((v = option_value(argc, argv, i, "--cases"))) {
    run->cases = v;
    return *v ? EXIT_OK : usage_error("test", "--cases needs a file");
  }
  if (strcmp(argv[*i], "--coverage") == 0) {
    if (!run->coverage)
      run->coverage = coverage_new();
    return EXIT_OK;
  }
  /* -v, --verbose: each test and its result, and the engine's remarks */
  if (strcmp(argv[*i], "-v") == 0 || strcmp(argv[*i], "--verbose") == 0)
    run->verbose = true;
  if (engine_option(&run->engine, argc, argv, i, "test", &matched) != EXIT_OK)
    return EXIT_USAGE;
  if (matched)
    return EXIT_OK;
  if (argv[*i][0] == '-' && argv[*i][1])
    return usage_error("test", "unknown option '%s'", argv[*i]);
  ptrvec_push(arena, args, argv[*i]);
  return EXIT_OK;
}

static void report(const TestRun *run) {
  switch (run->format) {
  case TF_TEXT:
    test_report_text(&run->results, run->verbose);
    if (run->coverage)
      coverage_print_text(run->coverage, stdout);
    break;
  case TF_JSON:
    test_report_json(&run->results, run->coverage);
    break;
  case TF_JUNIT:
    test_report_junit(&run->results);
    break;
  }
}

int cmd_test(int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  TestRun run = {.engine = ENGINE_DEFAULTS, .coverage_min = -1};
  run.results.arena = &arena;
  PtrVec args = {0};
  int status = EXIT_OK;
  for (int i = 1; i < argc && status == EXIT_OK; i++)
    status = parse_option(&run, &args, &arena, argc, argv, &i);
  if (status == EXIT_OK && args.len == 0)
    status = usage_error("test", "no files given");
  PtrVec files = {0};
  if (status == EXIT_OK && files_expand(&arena, (char **)args.items, args.len, &files) < 0)
    status = EXIT_USAGE;
  if (status == EXIT_OK && run.cases && !registry_readable("test", run.cases))
    status = EXIT_USAGE;
  if (status != EXIT_OK) {
    coverage_free(run.coverage);
    arena_free(&arena);
    return status < 0 ? EXIT_OK : status;
  }
  for (int i = 0; i < files.len; i++)
    test_file(&run, files.items[i]);
  if (run.cases)
    status = test_cases(&run.results, run.cases, (char **)files.items, files.len, &run.engine,
                        run.root, run.has_as_of ? &run.as_of : NULL);
  if (run.pattern && run.results.results.len == 0) {
    fprintf(stderr, _("polc test: no test's name matches '%s'\n"), run.pattern);
    status = EXIT_INPUT;
  }
  report(&run);
  int covered = 0, items = 0;
  if (run.coverage)
    coverage_totals(run.coverage, &covered, &items);
  /* exact at the edge: 19 of 25 is 76% and passes --coverage-min 76 */
  bool below = run.coverage && run.coverage_min >= 0 && items &&
               100.0 * covered < run.coverage_min * items;
  if (below)
    fprintf(stderr, _("polc test: coverage %.1f%% is below --coverage-min %g%%\n"),
            coverage_percent(run.coverage), run.coverage_min);
  coverage_free(run.coverage);
  arena_free(&arena);
  return run.results.failed || below || status != EXIT_OK ? EXIT_INPUT : EXIT_OK;
}
