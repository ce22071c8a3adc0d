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

typedef struct TestRun {
  int passed, failed;
  bool has_as_of;
  int32_t as_of;
  EngineChoice engine;
  const char *root;   /* --root */
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

static void report(const Decl *d, const Assign *a, int64_t got, const char *why) {
  char name[256];
  if (a->policy.name)
    snprintf(name, sizeof name, "%s.%s", a->policy.name, a->id.name);
  else
    snprintf(name, sizeof name, "%s", a->id.name);
  int line, col;
  Arena scratch;
  arena_init(&scratch);
  source_position(&scratch, d->src, a->span.begin, &line, &col);
  char want_text[40], got_text[40];
  value_format_fen(a->value->lit.i, want_text, sizeof want_text);
  value_format_fen(got, got_text, sizeof got_text);
  printf(_("%s:%d: test \"%s\": expected %s = %s, computed %s%s%s%s\n"), d->src->path,
         line, d->as.test.name.text, name, want_text, got_text,
         why ? " (" : "", why ? why : "", why ? ")" : "");
  arena_free(&scratch);
}

static void run_test(TestRun *run, const IrProgram *prog, const Decl *d,
                     const Engine *engine) {
  const Test *t = &d->as.test;
  RowBuffers row;
  row_buffers_init(&row, prog);
  give(prog, t, &row);
  const RowOutcome *out = &row.outcome;
  const RuleOutcome *rules = out->rules;
  const IrPolicy *p = &prog->policies[0];
  int32_t day = run->has_as_of ? run->as_of
                : p->has_effective ? p->effective_from : evaluate_today();
  int32_t as_of = evaluate_prepare_row(prog, row.ints, day);
  engine->run(engine->self, row.ints, row.texts, as_of, &row.outcome);
  bool ok = true;
  for (int e = 0; e < t->expects.len; e++) {
    const Assign *a = t->expects.items[e];
    int r = rule_index(prog, a);
    int64_t got = r >= 0 ? rules[r].amount : out->total;
    if (r == -2) {
      int line, col;
      Arena scratch;
      arena_init(&scratch);
      source_position(&scratch, d->src, a->span.begin, &line, &col);
      printf(_("%s:%d: test \"%s\": the policy %s has no rule %s\n"), d->src->path, line,
             t->name.text, a->policy.name, a->id.name);
      arena_free(&scratch);
      ok = false;
    } else if (out->error != ROW_OK) {
      report(d, a, 0, out->error == ROW_DIV_ZERO ? _("division by zero") : _("overflow"));
      ok = false;
    } else if (got != a->value->lit.i) {
      char buf[1024];
      report(d, a, got, r >= 0 ? reason_text(prog, r, &rules[r], as_of, REASON_FOR_PEOPLE, buf,
                                               sizeof buf)
                               : NULL);
      ok = false;
    }
  }
  if (ok)
    run->passed++;
  else
    run->failed++;
  row_buffers_free(&row);
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

/* A test `with` other policies: its policy and theirs, loaded together. */
static void test_with(TestRun *run, char *path, int index, const Test *t) {
  Arena arena;
  arena_init(&arena);
  char **paths = arena_alloc(&arena, sizeof(char *) * (size_t)(t->with.len + 1));
  paths[0] = path;
  for (int i = 0; i < t->with.len; i++) {
    const char *id = ((Ident *)t->with.items[i])->name;
    paths[i + 1] = find_policy(&arena, path, id);
    if (!paths[i + 1]) {
      printf(_("%s: test \"%s\": no policy %s among the .pol files beside it\n"), path,
             t->name.text, id);
      run->failed++;
      arena_free(&arena);
      return;
    }
  }
  Loaded loaded = {.root = run->root};
  if (policies_load(&loaded, paths, t->with.len + 1, false) != EXIT_OK) {
    printf(_("%s: test \"%s\": the policies do not compile together\n"), path,
           t->name.text);
    run->failed++;
  } else {
    /* its own engine: the file's engine stays open around this test */
    EngineChoice choice = run->engine;
    choice.interp = NULL;
    choice.code = NULL;
    choice.more = NULL;
    choice.nmore = 0;
    Engine engine;
    engine_open(&choice, &loaded, NULL, &engine);
    run_test(run, loaded.prog, loaded.units[0]->tests.items[index], &engine);
    engine_close(&choice);
  }
  policies_free(&loaded);
  arena_free(&arena);
}

/* Runs the tests of one file. */
static void test_file(TestRun *run, char *path) {
  Loaded loaded = {.root = run->root};
  int status = policies_load_any(&loaded, &path, 1);
  if (status != EXIT_OK) {
    /* its tests cannot run: each counts as failed (at least one, so that a
     * broken policy never passes) */
    Unit *unit = loaded.count ? loaded.units[0] : NULL;
    int tests = unit && unit->tests.len ? unit->tests.len : 1;
    printf(ngettext("%s: does not compile; %d test failed\n",
                    "%s: does not compile; %d tests failed\n", (unsigned long)tests),
           path, tests);
    run->failed += tests;
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
  for (int i = 0; i < unit->tests.len; i++) {
    Decl *d = unit->tests.items[i];
    if (d->as.test.with.len)
      test_with(run, path, i, &d->as.test);
    else
      run_test(run, loaded.prog, d, &engine);
  }
  engine_close(&run->engine);
  policies_free(&loaded);
}

int cmd_test(int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  TestRun run = {.engine = ENGINE_DEFAULTS};
  PtrVec args = {0};
  int status = EXIT_OK;
  for (int i = 1; i < argc && status == EXIT_OK; i++) {
    const char *v;
    bool matched;
    int root;
    if (is_help_flag(argv[i]))
      status = -1, help_print("test");
    else if ((root = root_option("test", argc, argv, &i, &run.root)) != 0)
      status = root < 0 ? EXIT_USAGE : EXIT_OK;
    else if ((v = option_value(argc, argv, &i, "--as-of")))
      status = parse_date_option("test", v, &run.as_of) ? EXIT_OK : EXIT_USAGE,
      run.has_as_of = true;
    else if (engine_option(&run.engine, argc, argv, &i, "test", &matched) != EXIT_OK)
      status = EXIT_USAGE;
    else if (matched)
      continue;
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
  /* The closing line stays English in every language: CI scripts read it,
   * as they read diagnostic codes (README.md, "Language of messages"). */
  printf("%d passed, %d failed\n", run.passed, run.failed);
  arena_free(&arena);
  return run.failed ? EXIT_INPUT : EXIT_OK;
}
