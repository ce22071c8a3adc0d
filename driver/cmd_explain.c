/*
 * cmd_explain.c - `polc explain`: one applicant, rule by rule, with every
 * step's numbers, why a rule paid 0, and what stacking superseded.
 *
 * The interpreter runs a traced program: each TRACE instruction it passes
 * is recorded with its values, then printed under its rule.
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
#include "../runtime/base/exact.h"
#include "../runtime/engines/interp.h"
#include "../runtime/exec/reasons.h"
#include "../runtime/exec/row.h"
#include "../runtime/exec/schedule.h"
#include "driver.h"

typedef struct Event {
  const IrInst *inst;
  i128 a, b, d;
} Event;

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
static int find_row(IrProgram *prog, const char *path, const char *id, Applicant *app) {
  RegistrySchema schema = evaluate_schema(prog);
  Registry *reg = registry_open(path, &schema, stderr);
  if (!reg)
    return EXIT_INPUT;
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
    fprintf(stderr, "polc explain: no applicant with id %s in %s\n", id, path);
  registry_close(reg);
  return status;
}

/* --- printing ------------------------------------------------------------------- */

static void fen_text(i128 fen, char *buf, size_t size) {
  value_format_fen((int64_t)fen, buf, size);
}

/* A WIDE amount (millionths of a fen), shown to the fen unless it has more. */
static void wide_text(i128 w, char *buf, size_t size) {
  if (w % EXACT_MICRO == 0) {
    fen_text(w / EXACT_MICRO, buf, size);
    return;
  }
  char fen[32];
  fen_text(w / EXACT_MICRO, fen, sizeof fen);
  snprintf(buf, size, "%.31s+%06d/10^6", fen, (int)((w < 0 ? -w : w) % EXACT_MICRO));
}

static void rate_text(i128 micro, char *buf, size_t size) {
  value_format(VK_PERCENT, (int64_t)micro, buf, size);
}

static void print_event(const IrProgram *prog, const Event *e) {
  int kind = (int)(e->inst->k & 0xff), award = (int)(e->inst->k >> 8) - 1;
  char a[48], b[48], d[48];
  const IrRule *rule = &prog->rules[e->inst->rule];
  switch (kind) {
  case TR_WHEN:
    printf("    award %d: when %s: %s\n", award + 1, rule->awards[award].when_text,
           e->a ? "holds" : "does not hold");
    break;
  case TR_AMOUNT:
    fen_text(e->a, a, sizeof a);
    printf("      amount %s\n", a);
    break;
  case TR_SHARE:
  case TR_RANGE_LOW:
    rate_text(e->a, a, sizeof a);
    wide_text(e->b, b, sizeof b);
    fen_text(e->d, d, sizeof d);
    printf("      %s%s × %s = %s\n", kind == TR_RANGE_LOW ? "lower bound: " : "", a, b, d);
    break;
  case TR_LADDER:
    if (e->b < 0) {
      printf("      ladder: below the first tier\n");
    } else {
      fen_text(e->d, d, sizeof d);
      printf("      ladder: tier %d reached, %s\n", (int)e->b + 1, d);
    }
    break;
  case TR_TOPUP:
    fen_text(e->a, a, sizeof a);
    fen_text(e->b, b, sizeof b);
    fen_text(e->d, d, sizeof d);
    printf("      晋级补差: %s − %s already received = %s\n", a, b, d);
    break;
  case TR_BRACKET:
    wide_text(e->a, a, sizeof a);
    rate_text(e->b, b, sizeof b);
    wide_text(e->d, d, sizeof d);
    printf("      bracket: %s × %s = %s\n", a, b, d);
    break;
  case TR_CAP:
    fen_text(e->a, a, sizeof a);
    fen_text(e->b, b, sizeof b);
    if (e->a > e->b)
      printf("      cap %s reached: %s is cut to %s\n", b, a, b);
    else
      printf("      cap %s not reached\n", b);
    break;
  case TR_YEARS:
    fen_text(e->a, a, sizeof a);
    fen_text(e->d, d, sizeof d);
    printf("      %s a year × %d years = %s\n", a, (int)e->b, d);
    break;
  }
}

static void print_inputs(const IrProgram *prog, const IrRule *rule, const Applicant *app) {
  if (!rule->ninputs_used)
    return;
  fputs("    inputs:", stdout);
  for (int i = 0; i < rule->ninputs_used; i++) {
    int slot = rule->inputs_used[i];
    const IrInput *in = &prog->inputs[slot];
    char v[64];
    if (in->kind == VK_TEXT)
      snprintf(v, sizeof v, "\"%.*s\"", (int)app->row.texts[slot].len, app->row.texts[slot].ptr);
    else
      value_format(in->kind, app->row.ints[slot], v, sizeof v);
    printf("%s %s = %s", i ? "," : "", in->name, v);
  }
  fputc('\n', stdout);
}

static void print_rule(const IrProgram *prog, int r, const RowOutcome *out,
                       const Trace *trace, const Applicant *app) {
  const IrRule *rule = &prog->rules[r];
  const RuleOutcome *o = &out->rules[r];
  printf("  %s", rule->id);
  if (rule->citation)
    printf(" %s", rule->citation);
  if (rule->kind)
    printf("  (kind %s)", rule->kind);
  fputc('\n', stdout);
  print_inputs(prog, rule, app);
  for (int i = 0; i < trace->count; i++)
    if (trace->events[i].inst->rule == r)
      print_event(prog, &trace->events[i]);
  char amount[48], why[1024];
  fen_text(o->amount, amount, sizeof amount);
  const char *reason = reason_text(prog, r, o, out->as_of, why, sizeof why);
  printf("    => %s%s%s\n", amount, reason ? ": " : "", reason ? reason : "");
  int64_t parts[SCHEDULE_MAX];
  int n = schedule_of(rule, o->amount, parts);
  if (n > 1 && o->amount > 0) {
    fputs("       paid", stdout);
    for (int i = 0; i < n; i++) {
      fen_text(parts[i], amount, sizeof amount);
      printf("%s year %d %s", i ? "," : "", i + 1, amount);
    }
    fputc('\n', stdout);
  }
  if (o->lower >= 0) {
    fen_text(o->lower, amount, sizeof amount);
    printf("       range: at least %s\n", amount);
  }
  if (rule->discretionary)
    printf("       discretionary: the amount is a ceiling; the award is set on assessment\n");
  if (rule->external)
    printf("       external: the amount is set outside the text (a registry figure), "
           "not a figure the text prints\n");
  for (int i = 0; i < rule->nobligations; i++)
    printf("       obligation: %s\n", rule->obligations[i]);
}

/* Whether the policy is in force on the day and the applicant eligible. */
static void print_standing(const IrProgram *prog, const IrPolicy *pol,
                           const RowOutcome *out) {
  char why[1024];
  if (pol->nrules == 0)
    return;
  const RuleOutcome *first = &out->rules[pol->first_rule];
  if (first->status == ST_NOT_IN_FORCE || first->status == ST_NOT_ELIGIBLE) {
    printf("  %s: every rule pays 0\n",
           reason_text(prog, pol->first_rule, first, out->as_of, why, sizeof why));
    return;
  }
  printf("  in force on the day");
  for (int i = 0; i < pol->neligibles; i++)
    printf("%s %s", i ? "," : "; eligible under", pol->eligibles[i].article
                                                     ? pol->eligibles[i].article
                                                     : pol->eligibles[i].text);
  fputc('\n', stdout);
}

/* Under the total, when any rule is `external`: the part set outside the text. */
static void print_external_part(const IrProgram *prog, const RowOutcome *out) {
  bool any = false;
  int64_t part = 0;   /* a part of the checked total: cannot overflow */
  for (int r = 0; r < prog->nrules; r++)
    if (prog->rules[r].external) {
      any = true;
      part += out->rules[r].amount;
    }
  if (!any)
    return;
  char amount[48];
  fen_text(part, amount, sizeof amount);
  printf("  of which set outside the text (external rules) %s\n", amount);
}

static void print_explanation(const IrProgram *prog, const RowOutcome *out,
                              const Trace *trace, const Applicant *app) {
  char date[11], total[48];
  date_format(out->as_of, date);
  TextRef id = app->row.texts[prog->id_input];
  if (id.len)
    printf("applicant %.*s, evaluated as of %s\n", (int)id.len, id.ptr, date);
  else
    printf("the applicant given, evaluated as of %s\n", date);
  for (int p = 0; p < prog->npolicies; p++) {
    const IrPolicy *pol = &prog->policies[p];
    printf("\n%s", pol->id);
    if (pol->title)
      printf(" %s", pol->title);
    if (pol->document)
      printf(" (%s)", pol->document);
    fputc('\n', stdout);
    print_standing(prog, pol, out);
    for (int r = pol->first_rule; r < pol->first_rule + pol->nrules; r++)
      print_rule(prog, r, out, trace, app);
  }
  fen_text(out->total, total, sizeof total);
  printf("\ntotal %s\n", total);
  print_external_part(prog, out);
}

/* --- the command ---------------------------------------------------------------- */

typedef struct ExplainOptions {
  PtrVec policies;
  const char *registry, *id, *given;
  bool has_as_of;
  int32_t as_of;
  const char *root;   /* --root */
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
    else if ((v = option_value(argc, argv, &i, "--id"))) o->id = v;
    else if ((v = option_value(argc, argv, &i, "--given"))) o->given = v;
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
  if (o->registry && !registry_readable("explain", o->registry))
    return EXIT_USAGE;
  return 0;
}

static int explain(Loaded *loaded, const ExplainOptions *o) {
  IrProgram *prog = loaded->prog;
  Applicant app = {0};
  row_buffers_init(&app.row, prog);
  int status = o->registry && o->id ? find_row(prog, o->registry, o->id, &app)
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
      fprintf(stderr, "polc explain: %s in rule %s\n",
              out->error == ROW_DIV_ZERO ? "division by zero" : "a figure overflows 64 bits",
              out->error_rule >= 0 ? prog->rules[out->error_rule].qualified : "(total)");
      status = EXIT_INPUT;
    } else {
      print_explanation(prog, out, &trace, &app);
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
