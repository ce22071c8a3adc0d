/*
 * cmd_eval.c - `polc eval POLICY... --registry FILE`: every applicant's
 * entitlement, rule by rule.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../compiler/ir/ir.h"
#include "../compiler/unit.h"
#include "../runtime/exec/evaluate.h"
#include "../runtime/exec/reg_input.h"
#include "../runtime/base/outfile.h"
#include "../runtime/base/i18n.h"
#include "driver.h"

typedef struct EvalOptions {
  PtrVec policies;
  const char *registry;
  const char *sheet;           /* --sheet */
  const char *output;          /* -o */
  const char *format;          /* NULL: table on a terminal, else csv */
  EngineChoice engine;
  int32_t as_of;
  bool has_as_of;
  bool summary;
  int threads;
  const char *root;            /* --root */
} EvalOptions;

static int parse_threads(const char *v, int *threads) {
  char *end;
  long n = strtol(v, &end, 10);
  if (!*v || *end || n < 1 || n > 256)
    return usage_error("eval", "--threads takes a number from 1 to 256, not '%s'", v);
  *threads = (int)n;
  return 0;
}

static int parse_options(Arena *arena, int argc, char **argv, EvalOptions *o) {
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i], *v;
    bool matched;
    int root;
    if (is_help_flag(arg))
      return help_print("eval"), -1;
    if ((root = root_option("eval", argc, argv, &i, &o->root)) != 0) {
      if (root < 0)
        return EXIT_USAGE;
    } else if ((v = option_value(argc, argv, &i, "--registry"))) o->registry = v;
    else if ((v = option_value(argc, argv, &i, "--sheet"))) o->sheet = v;
    else if ((v = option_value(argc, argv, &i, "--format"))) o->format = v;
    else if ((v = option_value(argc, argv, &i, "-o"))) o->output = v;
    else if ((v = option_value(argc, argv, &i, "--output"))) o->output = v;
    else if ((v = option_value(argc, argv, &i, "--as-of"))) {
      if (!parse_date_option("eval", v, &o->as_of))
        return EXIT_USAGE;
      o->has_as_of = true;
    } else if ((v = option_value(argc, argv, &i, "--threads"))) {
      if (parse_threads(v, &o->threads))
        return EXIT_USAGE;
    } else if (strcmp(arg, "--summary") == 0) {
      o->summary = true;
    } else if (engine_option(&o->engine, argc, argv, &i, "eval", &matched) != EXIT_OK) {
      return EXIT_USAGE;
    } else if (matched) {
      continue;
    } else if (arg[0] == '-' && arg[1] != '\0') {
      return usage_error("eval", "unknown option '%s'", arg);
    } else {
      ptrvec_push(arena, &o->policies, (void *)arg);
    }
  }
  if (o->policies.len == 0)
    return usage_error("eval", "no policy given");
  if (!o->registry || !*o->registry)
    return usage_error("eval", "--registry FILE is required");
  if (o->sheet && !registry_path_ends(o->registry, ".xlsx"))
    return usage_error("eval", "--sheet names a sheet of an .xlsx registry; %s is not one",
                       o->registry);
  if (!registry_readable("eval", o->registry))
    return EXIT_USAGE;
  return 0;
}

/* The per-row format: --format, else a table on a terminal and CSV
 * otherwise; with --summary and no -o, no per-row output at all. */
static int choose_format(const EvalOptions *o, bool plan, OutputFormat *format,
                         bool *summary_json) {
  *summary_json = false;
  const char *f = o->format;
  if (plan && !f && !o->output) {   /* a plan's result is its indicators */
    *format = OUT_NONE;
    return 0;
  }
  if (plan && f && strcmp(f, "json") == 0) {
    *summary_json = true;
    *format = OUT_NONE;
    return 0;
  }
  if (f && strcmp(f, "json") == 0) {
    if (!o->summary)
      return usage_error("eval", "--format json is the summary's form: add --summary, "
                                 "or use --format jsonl for rows");
    *summary_json = true;
    f = NULL;
  }
  if (o->summary && !o->output) {
    *format = OUT_NONE;
    if (f && strcmp(f, "table") != 0)
      return usage_error("eval", "with --summary the rows go to a file: add -o FILE");
    return 0;
  }
  if (o->output && registry_path_ends(o->output, ".xlsx")) {
    if (f && strcmp(f, "xlsx") != 0)
      return usage_error("eval", "-o %s writes an Excel workbook: --format %s does not "
                                 "apply", o->output, f);
    *format = OUT_XLSX;
  } else if (f && strcmp(f, "xlsx") == 0) {
    return usage_error("eval", "--format xlsx needs -o FILE.xlsx");
  } else if (!f)
    *format = !o->output && isatty(fileno(stdout)) ? OUT_TABLE : OUT_CSV;
  else if (strcmp(f, "csv") == 0) *format = OUT_CSV;
  else if (strcmp(f, "jsonl") == 0) *format = OUT_JSONL;
  else if (strcmp(f, "table") == 0) *format = OUT_TABLE;
  else
    return usage_error("eval", "--format takes csv, jsonl or table, not '%s'", f);
  return 0;
}

/* Runs the rows through the engine into `out`; returns rows rejected, -1
 * when the registry cannot be used at all, or RUN_BROKEN when the file is
 * not what it claims or broke off part way (a damaged workbook). */
enum { RUN_BROKEN = -2 };

static long run(Loaded *loaded, EvalOptions *o, Output *out, Summary *summary,
                IndicatorTotals *indicators, FILE *errors) {
  RegistrySchema schema = evaluate_schema(loaded->prog);
  RegistryOptions options = {.sheet = o->sheet};
  Registry *reg = registry_open_with(o->registry, &schema, errors, &options);
  if (!reg)
    return options.broken ? RUN_BROKEN : -1;
  Engine engine;
  engine_open(&o->engine, loaded, o->registry, &engine);
  EvalJob job = {
      .prog = loaded->prog, .registry = reg,
      .registry_name = strcmp(o->registry, "-") == 0 ? "<stdin>" : o->registry,
      .engine = engine, .output = out, .summary = summary, .indicators = indicators,
      .default_as_of = o->has_as_of ? o->as_of : evaluate_today(),
      .registry_path = o->registry,
      .errors = errors,
  };
  if (out)
    output_begin(out);
  long rejected;
  if (o->threads <= 1) {
    rejected = evaluate_registry(&job);
  } else {
    /* N threads evaluate (and read cells); one more finds the records,
     * and this one writes: both of those are light */
    int workers = o->threads;
    Engine *engines = xcalloc((size_t)workers, sizeof *engines);
    engine_for_threads(&o->engine, loaded, &engine, engines, workers);
    if (out)
      tb_flush(&out->buf, out->fp);
    rejected = evaluate_registry_threads(&job, engines, workers);
    free(engines);
  }
  if (out)
    output_end(out);
  engine_close(&o->engine);
  if (registry_broken(reg))
    rejected = RUN_BROKEN;
  registry_close(reg);
  return rejected;
}

static int evaluate(Loaded *loaded, EvalOptions *o, OutputFormat format,
                    bool summary_json) {
  OutFile file;
  Output out = {.format = format, .prog = loaded->prog};
  bool xlsx = format == OUT_XLSX;
  if (format != OUT_NONE && !outfile_open(&file, o->output)) {
    fprintf(stderr, _("polc eval: cannot write '%s': %s\n"), o->output, strerror(errno));
    return EXIT_USAGE;
  }
  out.fp = format != OUT_NONE ? file.fp : NULL;
  if (xlsx && !output_xlsx_open(&out, file.temp ? file.temp : o->output)) {
    fprintf(stderr, _("polc eval: cannot write '%s': %s\n"), o->output, strerror(errno));
    output_xlsx_free(&out);
    outfile_abort(&file);
    return EXIT_USAGE;
  }
  /* a workbook keeps the rejected rows' messages for its sheet 退回, and is
   * written by this thread alone */
  FILE *errors = xlsx ? output_xlsx_messages(&out, stderr, strcmp(o->registry, "-") == 0
                                                               ? "<stdin>" : o->registry)
                      : stderr;
  if (xlsx)
    o->threads = 1;
  Summary summary;
  summary_init(&summary, loaded->prog);
  IndicatorTotals *indicators = loaded->prog->nindicators ? indicators_new(loaded->prog) : NULL;
  long rejected = run(loaded, o, format != OUT_NONE ? &out : NULL,
                      o->summary || xlsx ? &summary : NULL, indicators, errors);
  if (errors != stderr)
    fclose(errors);
  int status = rejected == RUN_BROKEN ? EXIT_USAGE : rejected != 0 ? EXIT_INPUT : EXIT_OK;
  if (xlsx && rejected >= 0 && !output_xlsx_end(&out, &summary)) {
    rejected = -1;   /* an amount Excel cannot hold: no workbook at all */
    status = EXIT_INPUT;
  }
  output_xlsx_free(&out);
  if (format != OUT_NONE) {
    if (rejected < 0) {
      outfile_abort(&file);   /* a failed run leaves no output behind */
    } else if (!outfile_commit(&file)) {
      if (o->output) {
        fprintf(stderr, _("polc eval: cannot write '%s': %s\n"), o->output, strerror(errno));
      } else {
        fprintf(stderr, _("polc: cannot write standard output: %s\n"), strerror(errno));
        clearerr(stdout);   /* said once: main would say it again, less well */
      }
      status = EXIT_INPUT;
    }
  }
  /* a figure too large to print is an error, never a wrapped or missing one */
  if (o->summary && rejected >= 0) {
    if (summary_check(&summary, stderr) == 0)
      summary_print(&summary, stdout, summary_json);
    else
      status = EXIT_INPUT;
  }
  if (indicators && rejected >= 0) {
    /* the report goes to standard output unless the rows do */
    bool rows_on_stdout = format != OUT_NONE && !o->output;
    if (indicators_check(loaded->prog, indicators, stderr) == 0)
      indicators_print(loaded->prog, indicators, rows_on_stdout ? stderr : stdout, summary_json);
    else
      status = EXIT_INPUT;
  }
  free(indicators);
  if (rejected > 0)
    fprintf(stderr, ngettext("polc eval: %ld row rejected\n", "polc eval: %ld rows rejected\n",
                             (unsigned long)rejected), rejected);
  summary_free(&summary);
  return status;
}

int cmd_eval(int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  EvalOptions o = {.threads = cores > 1 ? (int)(cores < 64 ? cores : 64) : 1,
                   .engine = ENGINE_DEFAULTS};
  int status = parse_options(&arena, argc, argv, &o);
  OutputFormat format = OUT_CSV;
  bool summary_json = false;
  if (status != 0) {
    arena_free(&arena);
    return status < 0 ? EXIT_OK : status;
  }
  Loaded loaded = {.root = o.root};
  status = policies_load(&loaded, (char **)o.policies.items, o.policies.len, false);
  if (status == EXIT_OK) {
    bool plan = loaded.prog->nrules == 0 && loaded.prog->nindicators > 0;
    status = choose_format(&o, plan, &format, &summary_json);
  }
  if (status == EXIT_OK)
    status = policies_refuse_as_output(&loaded, "eval", o.registry, o.output);
  if (status == EXIT_OK)
    status = evaluate(&loaded, &o, format, summary_json);
  policies_free(&loaded);
  arena_free(&arena);
  return status;
}
