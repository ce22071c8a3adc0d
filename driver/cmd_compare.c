/*
 * cmd_compare.c - `polc compare --base POLICY... --new POLICY... --registry
 * FILE`: who gains and who loses if the policies change, and what it
 * costs (runtime/exec/compare.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../compiler/ir/ir.h"
#include "../runtime/base/i18n.h"
#include "../runtime/base/outfile.h"
#include "../runtime/exec/compare.h"
#include "../runtime/exec/output_sqlite.h"
#include "../runtime/exec/reg_input.h"
#include "../runtime/exec/registry.h"
#include "driver.h"

typedef struct CompareOptions {
  PtrVec base, new;
  const char *registry;
  const char *output;
  const char *format;
  EngineChoice engine;
  int32_t as_of;
  bool has_as_of;
  bool summary;
  bool committed;              /* --committed: each side's total split in every row */
  int threads;                 /* 0: threads_default decides (as eval) */
  const char *root;
} CompareOptions;

/* A name eval writes as a workbook or a database table: compare writes
 * neither, and CSV in a file so named would open as a broken one. */
static bool refuses_output(const char *output) {
  return output && (registry_path_ends(output, ".xlsx") || output_sqlite_path(output) ||
                    registry_is_database(output));
}

/* --base and --new each take the policies after them, up to the next option. */
static int parse_options(Arena *arena, int argc, char **argv, CompareOptions *o) {
  PtrVec *policies = NULL;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i], *v;
    bool matched;
    int root;
    if (is_help_flag(arg))
      return help_print("compare"), -1;
    if (strcmp(arg, "--base") == 0) {
      policies = &o->base;
    } else if (strcmp(arg, "--new") == 0) {
      policies = &o->new;
    } else if ((root = root_option("compare", argc, argv, &i, &o->root)) != 0) {
      if (root < 0)
        return EXIT_USAGE;
    } else if ((v = option_value(argc, argv, &i, "--registry"))) o->registry = v;
    else if ((v = option_value(argc, argv, &i, "--format"))) o->format = v;
    else if ((v = option_value(argc, argv, &i, "-o"))) o->output = v;
    else if ((v = option_value(argc, argv, &i, "--output"))) o->output = v;
    else if ((v = option_value(argc, argv, &i, "--as-of"))) {
      if (!parse_date_option("compare", v, &o->as_of))
        return EXIT_USAGE;
      o->has_as_of = true;
    } else if ((v = option_value(argc, argv, &i, "--threads"))) {
      if (threads_option("compare", v, &o->threads))
        return EXIT_USAGE;
    } else if (strcmp(arg, "--summary") == 0) {
      o->summary = true;
    } else if (strcmp(arg, "--committed") == 0) {
      o->committed = true;
    } else if (engine_option(&o->engine, argc, argv, &i, "compare", &matched) != EXIT_OK) {
      return EXIT_USAGE;
    } else if (matched) {
      continue;
    } else if (arg[0] == '-' && arg[1] != '\0') {
      return usage_error("compare", "unknown option '%s'", arg);
    } else if (!policies) {
      return usage_error("compare", "'%s': say whether it is a --base or a --new policy", arg);
    } else {
      ptrvec_push(arena, policies, (void *)arg);
    }
  }
  if (o->base.len == 0 || o->new.len == 0)
    return usage_error("compare", "give the policies in force after --base and the "
                                  "changed ones after --new");
  if (!o->registry || !*o->registry)
    return usage_error("compare", "--registry FILE is required");
  if (refuses_output(o->output))
    return usage_error("compare", "-o %s: compare writes its rows as CSV, JSON Lines or a "
                                  "table; name a .csv or .jsonl file (a workbook or a "
                                  "database is for eval's -o)", o->output);
  if (!registry_readable("compare", o->registry))
    return EXIT_USAGE;
  return 0;
}

/* As eval: --format, else a table on a terminal and CSV otherwise; with
 * --summary and no -o, no rows. */
static int choose_format(const CompareOptions *o, OutputFormat *format, bool *summary_json) {
  const char *f = o->format;
  *summary_json = false;
  if (f && strcmp(f, "json") == 0) {
    if (!o->summary)
      return usage_error("compare", "--format json is the summary's form: add --summary, "
                                    "or use --format jsonl for rows");
    *summary_json = true;
    f = NULL;
  }
  if (o->summary && !o->output) {
    *format = OUT_NONE;
    if (f && strcmp(f, "table") != 0)
      return usage_error("compare", "with --summary the rows go to a file: add -o FILE");
    return 0;
  }
  if (!f)
    *format = !o->output && isatty(fileno(stdout)) ? OUT_TABLE : OUT_CSV;
  else if (strcmp(f, "csv") == 0) *format = OUT_CSV;
  else if (strcmp(f, "jsonl") == 0) *format = OUT_JSONL;
  else if (strcmp(f, "table") == 0) *format = OUT_TABLE;
  else
    return usage_error("compare", "--format takes csv, jsonl or table, not '%s'", f);
  return 0;
}

typedef struct Sets {
  Loaded base, new;
  EngineChoice base_engine, new_engine;
} Sets;

/* Reads the registry once, both sets per row; the rows rejected, -1 when
 * the registry cannot be used. */
static long run(Sets *sets, Compare *c, CompareOptions *o, OutputFormat format, FILE *out) {
  RegistrySchema schema = compare_schema(c);
  if (o->threads == 0)
    o->threads = threads_default(o->registry);
  RegistryOptions options = {.threads = o->threads};
  Registry *reg = registry_open_with(o->registry, &schema, stderr, &options);
  if (!reg)
    return -1;
  engine_open(&sets->base_engine, &sets->base, o->registry, &c->base.engine);
  engine_open(&sets->new_engine, &sets->new, o->registry, &c->new.engine);
  CompareJob job = {
      .registry = reg,
      .registry_name = strcmp(o->registry, "-") == 0 ? "<stdin>" : o->registry,
      .registry_path = o->registry,
      .default_as_of = o->has_as_of ? o->as_of : evaluate_today(),
      .format = format, .committed = o->committed, .out = out, .errors = stderr,
  };
  long rejected;
  if (o->threads <= 1) {
    rejected = compare_run(c, &job);
  } else {   /* as eval: N evaluating threads, each running both sets */
    int n = o->threads;
    Engine *engines = xcalloc(2 * (size_t)n, sizeof *engines);
    engine_for_threads(&sets->base_engine, &sets->base, &c->base.engine, engines, n);
    engine_for_threads(&sets->new_engine, &sets->new, &c->new.engine, engines + n, n);
    rejected = compare_run_threads(c, &job, engines, engines + n, n);
    free(engines);
  }
  engine_close(&sets->base_engine);
  engine_close(&sets->new_engine);
  registry_close(reg);
  return rejected;
}

static int write_error(const char *output) {
  if (output)
    fprintf(stderr, _("polc compare: cannot write '%s': %s\n"), output, strerror(errno));
  else
    fprintf(stderr, _("polc: cannot write standard output: %s\n"), strerror(errno));
  clearerr(stdout);
  return EXIT_INPUT;
}

static int compare(Sets *sets, CompareOptions *o, OutputFormat format, bool summary_json) {
  Compare c;
  if (!compare_init(&c, sets->base.prog, sets->new.prog, o->summary, stderr)) {
    compare_free(&c);
    return EXIT_INPUT;
  }
  OutFile file;
  if (format != OUT_NONE && !outfile_open(&file, o->output)) {
    compare_free(&c);
    fprintf(stderr, _("polc compare: cannot write '%s': %s\n"), o->output, strerror(errno));
    return EXIT_USAGE;
  }
  long rejected = run(sets, &c, o, format, format != OUT_NONE ? file.fp : NULL);
  int status = rejected != 0 ? EXIT_INPUT : EXIT_OK;
  if (format != OUT_NONE) {
    if (rejected < 0)
      outfile_abort(&file);
    else if (!outfile_commit(&file))
      status = write_error(o->output);
  }
  if (o->summary && rejected >= 0) {
    if (compare_check(&c, stderr) == 0)
      compare_print_summary(&c, stdout, summary_json);
    else
      status = EXIT_INPUT;
  }
  if (rejected > 0)
    fprintf(stderr, ngettext("polc compare: %ld row rejected\n",
                             "polc compare: %ld rows rejected\n", (unsigned long)rejected),
            rejected);
  compare_free(&c);
  return status;
}

int cmd_compare(int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  CompareOptions o = {.engine = ENGINE_DEFAULTS};
  int status = parse_options(&arena, argc, argv, &o);
  if (status != 0) {
    arena_free(&arena);
    return status < 0 ? EXIT_OK : status;
  }
  Sets sets = {.base = {.root = o.root}, .new = {.root = o.root},
               .base_engine = o.engine, .new_engine = o.engine};
  OutputFormat format = OUT_CSV;
  bool summary_json = false;
  status = policies_load(&sets.base, (char **)o.base.items, o.base.len, false);
  int loaded_new = policies_load(&sets.new, (char **)o.new.items, o.new.len, false);
  if (status == EXIT_OK)
    status = loaded_new;
  if (status == EXIT_OK)
    status = choose_format(&o, &format, &summary_json);
  if (status == EXIT_OK)
    status = policies_refuse_as_output(&sets.base, "compare", o.registry, o.output);
  if (status == EXIT_OK)
    status = policies_refuse_as_output(&sets.new, "compare", o.registry, o.output);
  if (status == EXIT_OK)
    status = compare(&sets, &o, format, summary_json);
  policies_free(&sets.base);
  policies_free(&sets.new);
  arena_free(&arena);
  return status;
}
