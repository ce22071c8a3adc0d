/*
 * cmd_explain.c - `polc explain`: one applicant, rule by rule, with every
 * step's numbers, why a rule paid 0, and what stacking superseded.
 *
 * The interpreter runs a traced program: each TRACE instruction it passes
 * is recorded with its values, then written under its rule, as text
 * (explain_text.c) or as one JSON object (explain_json.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../compiler/ir/ir.h"
#include "../runtime/exec/cells.h"
#include "../runtime/base/date.h"
#include "../runtime/exec/evaluate.h"
#include "../runtime/engines/interp.h"
#include "../runtime/exec/row.h"
#include "../runtime/base/i18n.h"
#include "../runtime/exec/reg_input.h"
#include "driver.h"
#include "explain.h"

typedef struct Trace {
  Event *events;
  int count, cap;
} Trace;

static void record(void *ctx, const IrInst *inst, i128 a, i128 b, i128 d) {
  Trace *t = ctx;
  if (t->count == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->events = xrealloc(t->events, sizeof(Event) * (size_t)t->cap);
  }
  t->events[t->count++] = (Event){inst, a, b, d};
}

/* --- the applicant ------------------------------------------------------------ */

typedef struct Applicant {
  RowBuffers row;     /* the inputs, and the outcome */
  char *storage;      /* the text of --given, kept while the row is used */
} Applicant;

static int find_input(const IrProgram *prog, const char *name, size_t len) {
  for (int i = 0; i < prog->ninputs; i++)
    if (strlen(prog->inputs[i].name) == len && memcmp(prog->inputs[i].name, name, len) == 0)
      return i;
  return -1;
}

/* One value of --given, as a registry cell of its input is read. */
static int read_given(const IrInput *in, const char *value, int64_t *out) {
  CellResult read = cell_read(in->kind, in->may_be_negative, value, strlen(value), out);
  if (read == CELL_OK)
    return EXIT_OK;
  return usage_error("explain", "cannot read \"%s\" as %s for `%s`%s%s", value,
                     value_kind_name(in->kind), in->name, read == CELL_NEGATIVE ? ": " : "",
                     read == CELL_NEGATIVE ? cell_negative_text(in->kind) : "");
}

/* --given k=v,k=v: each value read as its input's kind. */
static int apply_given(const IrProgram *prog, Applicant *app, const char *given) {
  app->storage = strdup(given);
  for (char *save = NULL, *pair = strtok_r(app->storage, ",", &save); pair;
       pair = strtok_r(NULL, ",", &save)) {
    char *eq = strchr(pair, '=');
    while (*pair == ' ')
      pair++;
    if (!eq)
      return usage_error("explain", "--given takes name=value pairs, not '%s'", pair);
    size_t name_len = (size_t)(eq - pair);
    while (name_len && pair[name_len - 1] == ' ')
      name_len--;
    int slot = find_input(prog, pair, name_len);
    if (slot < 0)
      return usage_error("explain", "no input `%.*s` in the policies", (int)name_len, pair);
    const char *value = eq + 1;
    const IrInput *in = &prog->inputs[slot];
    if (in->kind == VK_TEXT)
      app->row.texts[slot] = (TextRef){value, (int64_t)strlen(value)};
    else if (read_given(in, value, &app->row.ints[slot]) != EXIT_OK)
      return EXIT_USAGE;
  }
  return EXIT_OK;
}

/* Finds the registry row whose id is `id`, copying it into `app`. */
static int find_row(IrProgram *prog, const char *path, const RegistryOptions *options,
                    const char *id, Applicant *app) {
  RegistrySchema schema = evaluate_schema(prog);
  RegistryOptions mine = *options;   /* the open notes what it found in it */
  Registry *reg = registry_open_with(path, &schema, stderr, &mine);
  if (!reg)
    return mine.broken ? EXIT_USAGE : EXIT_INPUT;
  RegistryRow row;
  RegistryStatus st;
  size_t id_len = strlen(id);
  int status = EXIT_INPUT;
  while ((st = registry_next(reg, &row)) != REG_END) {
    if (st != REG_ROW)
      continue;   /* (a rejected row has no cells to look at) */
    TextRef rid = row.texts[prog->id_input];
    if ((size_t)rid.len != id_len || memcmp(rid.ptr, id, id_len) != 0)
      continue;
    size_t total = 0;
    for (int i = 0; i < prog->ninputs; i++)
      total += (size_t)row.texts[i].len + 1;
    app->storage = xmalloc(total + 1);
    char *p = app->storage;
    for (int i = 0; i < prog->ninputs; i++) {
      app->row.ints[i] = row.ints[i];
      memcpy(p, row.texts[i].ptr, (size_t)row.texts[i].len);
      app->row.texts[i] = (TextRef){p, row.texts[i].len};
      p += row.texts[i].len + 1;
    }
    status = EXIT_OK;
    break;
  }
  if (status != EXIT_OK)
    fprintf(stderr, _("polc explain: no applicant with id %s in %s\n"), id, path);
  registry_close(reg);
  return status;
}

/* --- the command ---------------------------------------------------------------- */

typedef struct ExplainOptions {
  PtrVec policies;
  const char *registry, *id, *given;
  RegistryOptions registry_options;   /* --encoding, --table, --query, --sheet */
  bool has_as_of;
  int32_t as_of;
  const char *root;   /* --root */
  bool json;          /* --format json */
} ExplainOptions;

static int parse_options(Arena *arena, int argc, char **argv, ExplainOptions *o) {
  for (int i = 1; i < argc; i++) {
    const char *v;
    int root;
    if (is_help_flag(argv[i]))
      return help_print("explain"), -1;
    if ((root = root_option("explain", argc, argv, &i, &o->root)) != 0) {
      if (root < 0)
        return EXIT_USAGE;
    } else if ((v = option_value(argc, argv, &i, "--registry"))) o->registry = v;
    else if ((v = option_value(argc, argv, &i, "--sheet"))) o->registry_options.sheet = v;
    else if ((v = option_value(argc, argv, &i, "--id"))) o->id = v;
    else if ((v = option_value(argc, argv, &i, "--encoding"))) {
      if (!parse_encoding_option("explain", v, &o->registry_options.encoding))
        return EXIT_USAGE;
    } else if ((v = option_value(argc, argv, &i, "--table"))) o->registry_options.table = v;
    else if ((v = option_value(argc, argv, &i, "--query"))) o->registry_options.query = v;
    else if ((v = option_value(argc, argv, &i, "--given"))) o->given = v;
    else if ((v = option_value(argc, argv, &i, "--format"))) {
      if (strcmp(v, "text") != 0 && strcmp(v, "json") != 0)
        return usage_error("explain", "--format takes text or json, not '%s'", v);
      o->json = strcmp(v, "json") == 0;
    }
    else if ((v = option_value(argc, argv, &i, "--as-of"))) {
      if (!parse_date_option("explain", v, &o->as_of))
        return EXIT_USAGE;
      o->has_as_of = true;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return usage_error("explain", "unknown option '%s'", argv[i]);
    } else {
      ptrvec_push(arena, &o->policies, argv[i]);
    }
  }
  if (o->policies.len == 0)
    return usage_error("explain", "no policy given");
  if (!o->given && !(o->registry && o->id))
    return usage_error("explain", "give the applicant: --registry FILE --id ID, "
                                  "or --given name=value,...");
  if (o->registry_options.sheet && !(o->registry && registry_path_ends(o->registry, ".xlsx")))
    return usage_error("explain", "--sheet names a sheet of an .xlsx registry; give "
                                  "--registry FILE.xlsx");
  if (o->registry && !registry_readable("explain", o->registry))
    return EXIT_USAGE;
  return 0;
}

static int explain(Loaded *loaded, const ExplainOptions *o) {
  IrProgram *prog = loaded->prog;
  Applicant app = {0};
  row_buffers_init(&app.row, prog);
  int status = o->registry && o->id ? find_row(prog, o->registry, &o->registry_options, o->id, &app)
                                    : apply_given(prog, &app, o->given);
  if (status == EXIT_OK) {
    Trace trace = {0};
    Interp *interp = interp_new(prog);
    interp_set_trace(interp, record, &trace);
    RowOutcome *out = &app.row.outcome;
    int32_t as_of = evaluate_prepare_row(prog, app.row.ints,
                                         o->has_as_of ? o->as_of : evaluate_today());
    interp_run(interp, app.row.ints, app.row.texts, as_of, out);
    if (out->error != ROW_OK) {
      fprintf(stderr, _("polc explain: %s in rule %s\n"),
              out->error == ROW_DIV_ZERO ? _("division by zero") : _("a figure overflows 64 bits"),
              out->error_rule >= 0 ? prog->rules[out->error_rule].qualified : "(total)");
      status = EXIT_INPUT;
    } else {
      Explained x = {prog, out, app.row.ints, app.row.texts, trace.events, trace.count};
      if (o->json)
        explain_print_json(&x);
      else
        explain_print_text(&x);
    }
    free(trace.events);
    interp_free(interp);
  }
  row_buffers_free(&app.row);
  free(app.storage);
  return status;
}

int cmd_explain(int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  ExplainOptions o = {0};
  int status = parse_options(&arena, argc, argv, &o);
  if (status != 0) {
    arena_free(&arena);
    return status < 0 ? EXIT_OK : status;
  }
  Loaded loaded = {.root = o.root};
  status = policies_load(&loaded, (char **)o.policies.items, o.policies.len, true);
  if (status == EXIT_OK)
    status = explain(&loaded, &o);
  policies_free(&loaded);
  arena_free(&arena);
  return status;
}
