/*
 * cmd_report.c - `polc report POLICY... --registry FILE [--base POLICY...]
 * [--as-of DATE] [--threads N] -o FILE.html`: the fiscal report of policies
 * over a registry, or of a revision with --base (report_html.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/ir/ir.h"
#include "../runtime/base/i18n.h"
#include "../runtime/base/outfile.h"
#include "driver.h"
#include "report.h"

typedef struct ReportOptions {
  PtrVec policies, base;
  const char *registry;
  const char *output;
  EngineChoice engine;
  int32_t as_of;
  bool has_as_of;
  int threads;   /* 0: threads_default decides */
  const char *root;
} ReportOptions;

static int parse_options(Arena *arena, int argc, char **argv, ReportOptions *o) {
  PtrVec *policies = &o->policies;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i], *v;
    bool matched;
    int root;
    if (is_help_flag(arg))
      return help_print("report"), -1;
    if (strcmp(arg, "--base") == 0) {
      policies = &o->base;
    } else if ((root = root_option("report", argc, argv, &i, &o->root)) != 0) {
      if (root < 0)
        return EXIT_USAGE;
    } else if ((v = option_value(argc, argv, &i, "--registry"))) o->registry = v;
    else if ((v = option_value(argc, argv, &i, "-o"))) o->output = v;
    else if ((v = option_value(argc, argv, &i, "--output"))) o->output = v;
    else if ((v = option_value(argc, argv, &i, "--as-of"))) {
      if (!parse_date_option("report", v, &o->as_of))
        return EXIT_USAGE;
      o->has_as_of = true;
    } else if ((v = option_value(argc, argv, &i, "--threads"))) {
      if (threads_option("report", v, &o->threads))
        return EXIT_USAGE;
    } else if (engine_option(&o->engine, argc, argv, &i, "report", &matched) != EXIT_OK) {
      return EXIT_USAGE;
    } else if (matched) {
      continue;
    } else if (arg[0] == '-' && arg[1] != '\0') {
      return usage_error("report", "unknown option '%s'", arg);
    } else {
      ptrvec_push(arena, policies, (void *)arg);
    }
  }
  if (o->policies.len == 0)
    return usage_error("report", "no policy given (the policies to report come before --base)");
  if (!o->registry || !*o->registry)
    return usage_error("report", "--registry FILE is required");
  if (!o->output || !*o->output || strcmp(o->output, "-") == 0)
    return usage_error("report", "-o FILE.html is required");
  if (!registry_readable("report", o->registry))
    return EXIT_USAGE;
  return 0;
}

typedef struct Run {
  Loaded policies, base;
  EngineChoice engine, base_engine;
  Summary summary;
  Compare compare;
  bool has_base;
  char *messages;
  size_t messages_len;
} Run;

/* Both sets per row (--base), on `threads` threads as compare runs them. */
static long compare_rows(Run *run, const CompareJob *job, const char *registry, int threads) {
  Compare *c = &run->compare;
  engine_open(&run->base_engine, &run->base, registry, &c->base.engine);
  engine_open(&run->engine, &run->policies, registry, &c->new.engine);
  long rejected;
  if (threads <= 1) {
    rejected = compare_run(c, job);
  } else {
    Engine *engines = xcalloc(2 * (size_t)threads, sizeof *engines);
    engine_for_threads(&run->base_engine, &run->base, &c->base.engine, engines, threads);
    engine_for_threads(&run->engine, &run->policies, &c->new.engine, engines + threads,
                       threads);
    rejected = compare_run_threads(c, job, engines, engines + threads, threads);
    free(engines);
  }
  engine_close(&run->base_engine);
  return rejected;
}

/* The policies per row, on `threads` threads as eval runs them. */
static long evaluate_rows(Run *run, EvalJob *job, const char *registry, int threads) {
  engine_open(&run->engine, &run->policies, registry, &job->engine);
  if (threads <= 1)
    return evaluate_registry(job);
  Engine *engines = xcalloc((size_t)threads, sizeof *engines);
  engine_for_threads(&run->engine, &run->policies, &job->engine, engines, threads);
  long rejected = evaluate_registry_threads(job, engines, threads);
  free(engines);
  return rejected;
}

/* Evaluates the rows (both sets with --base); the messages are kept for
 * the report and said on stderr too.  Rows rejected, -1: no registry. */
static long evaluate(Run *run, ReportOptions *o) {
  const char *name = strcmp(o->registry, "-") == 0 ? "<stdin>" : o->registry;
  int32_t as_of = o->has_as_of ? o->as_of : evaluate_today();
  RegistrySchema schema = run->has_base ? compare_schema(&run->compare)
                                        : evaluate_schema(run->policies.prog);
  if (o->threads == 0)
    o->threads = threads_default(o->registry);
  RegistryOptions options = {.threads = o->threads};
  Registry *reg = registry_open_with(o->registry, &schema, stderr, &options);
  if (!reg)
    return -1;
  FILE *errors = open_memstream(&run->messages, &run->messages_len);
  registry_set_errors(reg, errors);
  long rejected;
  if (run->has_base) {
    CompareJob job = {.registry = reg, .registry_name = name, .registry_path = o->registry,
                      .default_as_of = as_of, .format = OUT_NONE, .errors = errors};
    rejected = compare_rows(run, &job, o->registry, o->threads);
  } else {
    EvalJob job = {.prog = run->policies.prog, .registry = reg, .registry_name = name,
                   .summary = &run->summary, .default_as_of = as_of,
                   .registry_path = o->registry, .errors = errors};
    rejected = evaluate_rows(run, &job, o->registry, o->threads);
  }
  engine_close(&run->engine);
  registry_close(reg);
  fclose(errors);
  fwrite(run->messages, 1, run->messages_len, stderr);
  return rejected;
}

static int write_report(Run *run, ReportOptions *o, long rejected) {
  OutFile file;
  if (!outfile_open(&file, o->output)) {
    fprintf(stderr, _("polc report: cannot write '%s': %s\n"), o->output, strerror(errno));
    return EXIT_USAGE;
  }
  ReportData data = {
      .prog = run->policies.prog,
      .summary = run->has_base ? &run->compare.new.summary : &run->summary,
      .compare = run->has_base ? &run->compare : NULL,
      .registry_name = strcmp(o->registry, "-") == 0 ? "<stdin>" : o->registry,
      .rejected = rejected, .messages = run->messages, .messages_len = run->messages_len,
  };
  report_write(file.fp, &data);
  if (!outfile_commit(&file)) {
    fprintf(stderr, _("polc report: cannot write '%s': %s\n"), o->output, strerror(errno));
    return EXIT_INPUT;
  }
  return rejected > 0 ? EXIT_INPUT : EXIT_OK;
}

static int report(Run *run, ReportOptions *o) {
  if (run->has_base) {
    if (!compare_init(&run->compare, run->base.prog, run->policies.prog, true, stderr))
      return EXIT_INPUT;
  } else {
    summary_init(&run->summary, run->policies.prog);
  }
  long rejected = evaluate(run, o);
  if (rejected < 0)
    return EXIT_INPUT;
  const Summary *s = run->has_base ? &run->compare.new.summary : &run->summary;
  if (summary_check(s, stderr) != 0 ||
      (run->has_base && compare_check(&run->compare, stderr) != 0))
    return EXIT_INPUT;
  int status = write_report(run, o, rejected);
  if (rejected > 0)
    fprintf(stderr, ngettext("polc report: %ld row rejected\n", "polc report: %ld rows rejected\n",
                             (unsigned long)rejected), rejected);
  return status;
}

int cmd_report(int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  ReportOptions o = {.engine = ENGINE_DEFAULTS};
  int status = parse_options(&arena, argc, argv, &o);
  if (status != 0) {
    arena_free(&arena);
    return status < 0 ? EXIT_OK : status;
  }
  Run run = {.policies = {.root = o.root}, .base = {.root = o.root},
             .engine = o.engine, .base_engine = o.engine, .has_base = o.base.len > 0};
  status = policies_load(&run.policies, (char **)o.policies.items, o.policies.len, false);
  if (status == EXIT_OK && run.has_base)
    status = policies_load(&run.base, (char **)o.base.items, o.base.len, false);
  if (status == EXIT_OK)
    status = policies_refuse_as_output(&run.policies, "report", o.registry, o.output);
  if (status == EXIT_OK && run.has_base)
    status = policies_refuse_as_output(&run.base, "report", o.registry, o.output);
  bool began = status == EXIT_OK;
  if (began)
    status = report(&run, &o);
  if (began && run.has_base)
    compare_free(&run.compare);
  else if (began)
    summary_free(&run.summary);
  free(run.messages);
  policies_free(&run.policies);
  if (run.has_base)
    policies_free(&run.base);
  arena_free(&arena);
  return status;
}
