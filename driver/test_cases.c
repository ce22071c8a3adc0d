/*
 * test_cases.c - `polc test POLICY... --cases FILE`: a table of worked
 * examples as tests.  Each row is an applicant (the registry's columns,
 * read by the registry reader, so any format `eval` reads) with expected
 * figures in extra columns:
 *
 *   expect.RULE          the rule's entitlement (the first policy's RULE
 *   expect.POLICY.RULE   when several have one; any policy's qualified)
 *   expect.RULE.yearN    its instalment in schedule year N (also qualified)
 *   expect.total         the row's total
 *
 * An empty cell expects nothing.  A failure names the table and the row:
 * FILE:ROW: ... (ROW as the registry reader counts it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/ir/ir.h"
#include "../runtime/base/i18n.h"
#include "../runtime/base/value.h"
#include "../runtime/exec/evaluate.h"
#include "../runtime/exec/registry.h"
#include "../runtime/exec/row.h"
#include "../runtime/exec/schedule.h"
#include "driver.h"
#include "test_run.h"

enum { NO_EXPECTATION = INT64_MIN, CASE_YEARS = 10 };

/* One expected column: the rule (-1 total) and the schedule year (0: the
 * entitlement). */
typedef struct Expected {
  const char *column;
  int rule, year;
} Expected;

typedef struct Table {
  RegistryColumn *columns;   /* the inputs, then the expected columns */
  int ninputs, ncolumns;
  Expected *expected;        /* [ncolumns - ninputs] */
} Table;

static void add_expected(Arena *arena, Table *t, const char *column, int rule, int year) {
  t->columns[t->ncolumns] = (RegistryColumn){
      .name = column, .kind = VK_MONEY, .default_int = NO_EXPECTATION,
      .default_text = ""};
  t->expected[t->ncolumns - t->ninputs] = (Expected){column, rule, year};
  t->ncolumns++;
  (void)arena;
}

/* A rule's id alone names the first rule so named (the first policy's
 * when it has one, as `expect RULE` in a test block). */
static bool id_first(const IrProgram *prog, int r) {
  for (int o = 0; o < r; o++)
    if (strcmp(prog->rules[o].id, prog->rules[r].id) == 0)
      return false;
  return true;
}

static Table table_of(Arena *arena, IrProgram *prog) {
  RegistrySchema inputs = evaluate_schema(prog);
  Table t = {.ninputs = inputs.count, .ncolumns = inputs.count};
  int most = inputs.count + 1 + prog->nrules * 2 * (1 + CASE_YEARS);
  t.columns = arena_alloc(arena, sizeof(RegistryColumn) * (size_t)most);
  t.expected = arena_alloc(arena, sizeof(Expected) * (size_t)most);
  memcpy(t.columns, inputs.columns, sizeof(RegistryColumn) * (size_t)inputs.count);
  add_expected(arena, &t, "expect.total", -1, 0);
  for (int r = 0; r < prog->nrules; r++) {
    const char *names[2] = {prog->rules[r].qualified,
                            id_first(prog, r) ? prog->rules[r].id : NULL};
    for (int n = 0; n < 2; n++) {
      if (!names[n])
        continue;
      add_expected(arena, &t, arena_printf(arena, "expect.%s", names[n]), r, 0);
      for (int y = 1; y <= CASE_YEARS; y++)
        add_expected(arena, &t, arena_printf(arena, "expect.%s.year%d", names[n], y), r, y);
    }
  }
  return t;
}

/* What the row computed for one expected column. */
static int64_t computed(const IrProgram *prog, const RowOutcome *out, const Expected *e) {
  if (e->rule < 0)
    return out->total;
  int64_t amount = out->rules[e->rule].amount;
  if (!e->year)
    return amount;
  int64_t parts[SCHEDULE_MAX];
  int n = schedule_of(&prog->rules[e->rule], amount, parts);
  return e->year <= n ? parts[e->year - 1] : 0;
}

static void check_row(TestResults *all, const char *path, const IrProgram *prog,
                      const Table *t, const RegistryRow *row, const RowOutcome *out) {
  char name[64];
  snprintf(name, sizeof name, "row %ld", row->line);
  TextRef id = row->texts[prog->id_input];
  char *label = arena_printf(all->arena, "%s (%.*s)", name, (int)id.len, id.ptr);
  TestResult *res = test_result_new(all, path, path, id.len ? label : name, (int)row->line, 1);
  char message[1200];
  for (int c = t->ninputs; c < t->ncolumns; c++) {
    int64_t want = row->ints[c];
    if (want == NO_EXPECTATION)
      continue;
    const Expected *e = &t->expected[c - t->ninputs];
    if (out->error != ROW_OK) {
      snprintf(message, sizeof message, _("column %s: the row cannot be computed (%s)"),
               e->column,
               out->error == ROW_DIV_ZERO ? _("division by zero") : _("overflow"));
      test_result_fail(all, res, (int)row->line, 1, e->column + 7, false, 0, 0, message);
      break;
    }
    int64_t got = computed(prog, out, e);
    if (got == want)
      continue;
    char want_text[40], got_text[40];
    value_format_fen(want, want_text, sizeof want_text);
    value_format_fen(got, got_text, sizeof got_text);
    snprintf(message, sizeof message, _("column %s: expected %s, computed %s"),
             e->column, want_text, got_text);
    test_result_fail(all, res, (int)row->line, 1, e->column + 7, true, want, got, message);
  }
  test_result_done(all, res);
}

static int run_table(TestResults *all, const char *path, IrProgram *prog, const Engine *engine,
                     const int32_t *as_of) {
  Arena arena;
  arena_init(&arena);
  Table t = table_of(&arena, prog);
  RegistrySchema schema = {t.columns, t.ncolumns};
  Registry *reg = registry_open(path, &schema, stderr);
  if (!reg) {
    arena_free(&arena);
    return EXIT_INPUT;
  }
  RowBuffers buf;
  row_buffers_init(&buf, prog);
  RegistryRow row;
  RegistryStatus st;
  int status = EXIT_OK;
  while ((st = registry_next(reg, &row)) != REG_END) {
    if (st != REG_ROW) {
      status = EXIT_INPUT;   /* reported by the reader, FILE:ROW: ... */
      continue;
    }
    memcpy(buf.ints, row.ints, sizeof(int64_t) * (size_t)prog->ninputs);
    memcpy(buf.texts, row.texts, sizeof(TextRef) * (size_t)prog->ninputs);
    int32_t day = evaluate_prepare_row(prog, buf.ints, as_of ? *as_of : evaluate_today());
    engine->run(engine->self, buf.ints, buf.texts, day, &buf.outcome);
    check_row(all, path, prog, &t, &row, &buf.outcome);
  }
  row_buffers_free(&buf);
  registry_close(reg);
  arena_free(&arena);
  return status;
}

int test_cases(TestResults *all, const char *path, char **policies, int npolicies,
               const EngineChoice *engine_choice, const char *root, const int32_t *as_of) {
  Loaded loaded = {.root = root};
  int status = policies_load(&loaded, policies, npolicies, false);
  if (status != EXIT_OK) {
    fprintf(stderr, _("polc test: %s: the policies do not compile together\n"), path);
    policies_free(&loaded);
    return EXIT_INPUT;
  }
  EngineChoice choice = engine_choice_unopened(engine_choice);
  Engine engine;
  engine_open(&choice, &loaded, NULL, &engine);
  status = run_table(all, path, loaded.prog, &engine, as_of);
  engine_close(&choice);
  policies_free(&loaded);
  return status;
}
