/*
 * cmd_eval.c - `polc eval POLICY... --registry FILE`: every applicant's
 * entitlement, rule by rule.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../compiler/ir/ir.h"
#include "../compiler/unit.h"
#include "../runtime/exec/evaluate.h"
#include "../runtime/base/outfile.h"
#include "../runtime/base/i18n.h"
#include "../runtime/exec/output_sqlite.h"
#include "driver.h"

typedef struct EvalOptions {
  PtrVec policies;
  const char *registry;
  RegistryOptions registry_options;   /* --encoding, --table, --query */
  const char *output;          /* -o */
  const char *out_table;       /* --out-table: -o FILE.sqlite's table */
  const char *format;          /* NULL: table on a terminal, else csv */
  EngineChoice engine;
  int32_t as_of;
  bool has_as_of;
  bool summary;
  bool committed;              /* --committed: the split in every row */
  const char *by;              /* --by COLUMN, or NULL */
  int threads;                 /* 0: default_threads decides */
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
    else if ((v = option_value(argc, argv, &i, "--format"))) o->format = v;
    else if ((v = option_value(argc, argv, &i, "--encoding"))) {
      if (!parse_encoding_option("eval", v, &o->registry_options.encoding))
        return EXIT_USAGE;
    } else if ((v = option_value(argc, argv, &i, "--table"))) o->registry_options.table = v;
    else if ((v = option_value(argc, argv, &i, "--out-table"))) o->out_table = v;
    else if ((v = option_value(argc, argv, &i, "--query"))) o->registry_options.query = v;
    else if ((v = option_value(argc, argv, &i, "--by"))) o->by = v;
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
    } else if (strcmp(arg, "--committed") == 0) {
      o->committed = true;
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
  if (o->by && !o->summary)
    return usage_error("eval", "--by COLUMN breaks the summary down: add --summary");
  if (!registry_readable("eval", o->registry))
    return EXIT_USAGE;
  if (o->registry_options.table && o->registry_options.query)
    return usage_error("eval", "give --table or --query, not both");
  if ((o->registry_options.table || o->registry_options.query) &&
      !output_sqlite_path(o->registry))
    return usage_error("eval", "--table and --query read a SQLite registry (.db, .sqlite, "
                               ".sqlite3)");
  if (o->out_table && !output_sqlite_path(o->output))
    return usage_error("eval", "--out-table names the table of -o FILE.sqlite");
  if (output_sqlite_path(o->output) && o->format && strcmp(o->format, "csv") != 0)
    return usage_error("eval", "-o FILE.sqlite writes a table: --format %s does not apply",
                       o->format);
  if (o->out_table && !*o->out_table)
    return usage_error("eval", "--out-table takes a table name");
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
  if (!f)
    *format = !o->output && isatty(fileno(stdout)) ? OUT_TABLE : OUT_CSV;
  else if (strcmp(f, "csv") == 0) *format = OUT_CSV;
  else if (strcmp(f, "jsonl") == 0) *format = OUT_JSONL;
  else if (strcmp(f, "table") == 0) *format = OUT_TABLE;
  else
    return usage_error("eval", "--format takes csv, jsonl or table, not '%s'", f);
  return 0;
}

enum {
  /* Below this a registry is read on one thread: about 20,000 rows, a few
   * hundredths of a second, less than starting and feeding threads costs. */
  SMALL_REGISTRY_BYTES = 4 << 20,
  MAX_DEFAULT_THREADS = 64,
};

/* Threads runnable right now besides this one (/proc/loadavg's fourth
 * field, "running/total", counts this thread): the cores other work is
 * using at this moment.  The load averages would count polc's own last
 * runs. */
static long other_runnable(void) {
  FILE *f = fopen("/proc/loadavg", "r");
  long running = 1;
  if (f) {
    if (fscanf(f, "%*f %*f %*f %ld/", &running) != 1)
      running = 1;
    fclose(f);
  }
  return running > 1 ? running - 1 : 0;
}

/* The default of --threads: evaluator threads pay only when at least two
 * cores are free for them and the registry is large enough; otherwise one
 * thread, which never loses to threads that fight for one core (README,
 * "Registries of any size"). */
static int default_threads(const char *registry) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  struct stat st;
  if (cores < 2)
    return 1;
  if (strcmp(registry, "-") != 0 && stat(registry, &st) == 0 && S_ISREG(st.st_mode) &&
      st.st_size < SMALL_REGISTRY_BYTES)
    return 1;
  long free_cores = cores - other_runnable();
  if (free_cores < 2)
    return 1;
  return (int)(free_cores < MAX_DEFAULT_THREADS ? free_cores : MAX_DEFAULT_THREADS);
}

/* Runs the rows through the engine into `out`; returns rows rejected, or
 * -1 when the registry cannot be used at all. */
static long run(Loaded *loaded, EvalOptions *o, Output *out, Summary *summary,
                IndicatorTotals *indicators) {
  RegistrySchema schema = evaluate_schema(loaded->prog);
  Registry *reg = registry_open_with(o->registry, &schema, stderr, &o->registry_options);
  if (!reg)
    return -1;
  Engine engine;
  engine_open(&o->engine, loaded, o->registry, &engine);
  EvalJob job = {
      .prog = loaded->prog, .registry = reg,
      .registry_name = strcmp(o->registry, "-") == 0 ? "<stdin>" : o->registry,
      .engine = engine, .output = out, .summary = summary, .indicators = indicators,
      .default_as_of = o->has_as_of ? o->as_of : evaluate_today(),
      .registry_path = o->registry,
      .errors = stderr,
  };
  if (out)
    output_begin(out);
  long rejected;
  if (o->threads == 0)
    o->threads = default_threads(o->registry);
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
  registry_close(reg);
  return rejected;
}

/* -o FILE.sqlite: the CSV written to `csv` becomes the table (atomically),
 * unless the run failed. */
static int finish_sqlite(const EvalOptions *o, FILE *csv, long rejected, int status) {
  bool ok = rejected >= 0 && fflush(csv) == 0 && !ferror(csv) &&
            output_sqlite_write(csv, o->output, o->out_table ? o->out_table : "results", stderr);
  fclose(csv);
  return ok || rejected < 0 ? status : EXIT_INPUT;
}

/* The input --by names (checked by by_column_check). */
static int by_column(const IrProgram *prog, const char *name) {
  for (int i = 0; i < prog->ninputs; i++)
    if (strcmp(prog->inputs[i].name, name) == 0)
      return i;
  return -1;
}

/* --by must name a column the policies read: only those are read. */
static int by_column_check(const IrProgram *prog, const char *command, const char *name) {
  if (by_column(prog, name) >= 0)
    return EXIT_OK;
  return usage_error(command, "--by: the policies read no column '%s' (give one of the "
                              "columns they read, such as district)", name);
}

static int evaluate(Loaded *loaded, EvalOptions *o, OutputFormat format,
                    bool summary_json) {
  OutFile file;
  Output out = {.format = format, .prog = loaded->prog, .committed = o->committed};
  FILE *sqlite_csv = NULL;   /* -o FILE.sqlite: the CSV, made a table at the end */
  if (format != OUT_NONE && output_sqlite_path(o->output)) {
    if (!(sqlite_csv = tmpfile())) {
      fprintf(stderr, _("polc eval: cannot write '%s': %s\n"), o->output, strerror(errno));
      return EXIT_USAGE;
    }
    file = (OutFile){.fp = sqlite_csv};
  } else if (format != OUT_NONE && !outfile_open(&file, o->output)) {
    fprintf(stderr, _("polc eval: cannot write '%s': %s\n"), o->output, strerror(errno));
    return EXIT_USAGE;
  }
  out.fp = format != OUT_NONE ? file.fp : NULL;
  Summary summary;
  summary_init(&summary, loaded->prog);
  if (o->by)
    summary_by(&summary, by_column(loaded->prog, o->by));
  IndicatorTotals *indicators = loaded->prog->nindicators ? indicators_new(loaded->prog) : NULL;
  long rejected = run(loaded, o, format != OUT_NONE ? &out : NULL,
                      o->summary ? &summary : NULL, indicators);
  int status = rejected < 0 ? EXIT_INPUT : rejected > 0 ? EXIT_INPUT : EXIT_OK;
  if (sqlite_csv) {
    status = finish_sqlite(o, sqlite_csv, rejected, status);
  } else if (format != OUT_NONE) {
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
  EvalOptions o = {.engine = ENGINE_DEFAULTS};
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
  if (status == EXIT_OK && o.by)
    status = by_column_check(loaded.prog, "eval", o.by);
  if (status == EXIT_OK)
    status = policies_refuse_as_output(&loaded, "eval", o.registry, o.output);
  if (status == EXIT_OK)
    status = evaluate(&loaded, &o, format, summary_json);
  policies_free(&loaded);
  arena_free(&arena);
  return status;
}
