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
#include "../runtime/exec/pg_output.h"
#include "../runtime/exec/reg_input.h"
#include "../runtime/base/outfile.h"
#include "../runtime/base/i18n.h"
#include "../runtime/exec/output_sqlite.h"
#include "../runtime/exec/rejects.h"
#include "driver.h"

typedef struct EvalOptions {
  PtrVec policies;
  const char *registry;
  RegistryOptions registry_options;   /* --encoding, --table, --query, --sheet */
  const char *output;          /* -o */
  const char *out_table;       /* --out-table: -o a database's table */
  const char *format;          /* NULL: table on a terminal, else csv */
  EngineChoice engine;
  int32_t as_of;
  bool has_as_of;
  bool summary;
  bool committed;              /* --committed: the split in every row */
  const char *by;              /* --by COLUMN, or NULL */
  const char **keep_names;     /* --keep COL,...: carried beside the id */
  int nkeep;
  OutputKeep *keep;            /* their columns, once the schema is made */
  int threads;                 /* 0: threads_default decides */
  const char *root;            /* --root */
  const char *rejects;         /* --rejects FILE */
  RejectsForm rejects_form;    /* what FILE is (rejects_form) */
} EvalOptions;

/* Names an output row already has, which a kept column may not take. */
static bool keep_name_taken(const char *name) {
  static const char *const taken[] = {"id", "total", "as_of", "rules", "committed", "at_most"};
  for (size_t i = 0; i < sizeof taken / sizeof *taken; i++)
    if (strcmp(name, taken[i]) == 0)
      return true;
  return false;
}

/* --keep name,district: the columns, each once. */
static int parse_keep(Arena *arena, const char *list, EvalOptions *o) {
  size_t len = strlen(list);
  char *copy = arena_alloc(arena, len + 1);
  memcpy(copy, list, len + 1);
  int n = 1;
  for (const char *p = copy; *p; p++)
    n += *p == ',';
  o->keep_names = arena_alloc(arena, sizeof *o->keep_names * (size_t)n);
  o->keep = arena_alloc(arena, sizeof *o->keep * (size_t)n);
  o->nkeep = 0;
  for (char *name = copy, *next; name; name = next) {
    next = strchr(name, ',');
    if (next)
      *next++ = '\0';
    if (!*name)
      return usage_error("eval", "--keep takes column names separated by commas, not '%s'",
                         list);
    if (keep_name_taken(name))
      return usage_error("eval", "--keep %s: the output already has a column %s", name, name);
    for (int k = 0; k < o->nkeep; k++)
      if (strcmp(o->keep_names[k], name) == 0)
        return usage_error("eval", "--keep names the column %s twice", name);
    o->keep_names[o->nkeep++] = name;
  }
  return 0;
}

/* The registry and -o: a file, or a database (SQLite: .db, .sqlite,
 * .sqlite3; PostgreSQL: postgresql://...) with its table or query. */
static int check_sources(EvalOptions *o) {
  bool pg = registry_is_database(o->registry), sqlite = output_sqlite_path(o->registry);
  const char *table = o->registry_options.table, *query = o->registry_options.query;
  if (table && query)
    return usage_error("eval", "give --table or --query, not both");
  if (pg && !table && !query)
    return usage_error("eval", "a PostgreSQL registry needs --table NAME or --query SQL");
  if ((table && !*table) || (query && !*query))
    return usage_error("eval", "%s needs a value", table ? "--table" : "--query");
  if (!pg && !sqlite && (table || query))
    return usage_error("eval", "%s is for a database registry (.db, .sqlite, .sqlite3 or "
                               "postgresql://...), not '%s'",
                       table ? "--table" : "--query", o->registry);
  bool pg_out = o->output && registry_is_database(o->output);
  bool sqlite_out = output_sqlite_path(o->output);
  if (o->out_table && !pg_out && !sqlite_out)
    return usage_error("eval", "--out-table names the table of -o FILE.sqlite or "
                               "-o postgresql://...");
  if (o->out_table && !*o->out_table)
    return usage_error("eval", "--out-table takes a table name");
  if ((pg_out || sqlite_out) && o->format && strcmp(o->format, "csv") != 0)
    return usage_error("eval", "-o %s writes a table: --format %s does not apply",
                       pg_out ? "postgresql://..." : "FILE.sqlite", o->format);
  if (pg_out && !o->out_table)
    o->out_table = "results";
  if (!pg && !registry_readable("eval", o->registry))
    return EXIT_USAGE;
  return 0;
}

/* What the registry is, for --rejects (formats.c chooses by the same
 * names). */
static RejectsOrigin rejects_origin(const EvalOptions *o) {
  if (registry_is_database(o->registry))
    return ORIGIN_POSTGRES;
  if (output_sqlite_path(o->registry))
    return ORIGIN_SQLITE;
  if (registry_path_ends(o->registry, ".xlsx"))
    return ORIGIN_XLSX;
  if (registry_path_ends(o->registry, ".jsonl") || registry_path_ends(o->registry, ".ndjson"))
    return ORIGIN_JSONL;
  return ORIGIN_CSV;
}

/* --rejects FILE: a file, not the registry nor -o, of a form the
 * registry's rows can be written in. */
static int check_rejects(EvalOptions *o) {
  if (!*o->rejects || strcmp(o->rejects, "-") == 0 || strcmp(o->registry, "-") == 0)
    return usage_error("eval", "--rejects takes a file name, and reads the registry file again "
                               "(not standard input)");
  if (outfile_is_input(o->rejects, o->registry))
    return usage_error("eval", "--rejects '%s' is the registry this run reads: choose another "
                               "file", o->rejects);
  if (o->output && (strcmp(o->rejects, o->output) == 0 || outfile_is_input(o->rejects, o->output)))
    return usage_error("eval", "--rejects and -o name the same file '%s'", o->rejects);
  RejectsOrigin origin = rejects_origin(o);
  if (rejects_form(o->rejects, origin, &o->rejects_form))
    return 0;
  if (origin == ORIGIN_CSV || origin == ORIGIN_JSONL)
    return usage_error("eval", "--rejects %s: the rejected rows of a %s registry are copied "
                               "as they are, into a file of the same form (name it .%s)",
                       o->rejects, origin == ORIGIN_CSV ? "CSV" : "JSON Lines",
                       origin == ORIGIN_CSV ? "csv" : "jsonl");
  return usage_error("eval", "--rejects %s: the rejected rows of a workbook or a database are "
                             "written as .xlsx, .csv, .sqlite or .db, not as JSON Lines",
                     o->rejects);
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
    else if ((v = option_value(argc, argv, &i, "--sheet"))) o->registry_options.sheet = v;
    else if ((v = option_value(argc, argv, &i, "--keep"))) {
      if (parse_keep(arena, v, o) != 0)
        return EXIT_USAGE;
    }
    else if ((v = option_value(argc, argv, &i, "--format"))) o->format = v;
    else if ((v = option_value(argc, argv, &i, "--encoding"))) {
      if (!parse_encoding_option("eval", v, &o->registry_options.encoding))
        return EXIT_USAGE;
    } else if ((v = option_value(argc, argv, &i, "--table"))) o->registry_options.table = v;
    else if ((v = option_value(argc, argv, &i, "--out-table"))) o->out_table = v;
    else if ((v = option_value(argc, argv, &i, "--query"))) o->registry_options.query = v;
    else if ((v = option_value(argc, argv, &i, "--by"))) o->by = v;
    else if ((v = option_value(argc, argv, &i, "--rejects"))) o->rejects = v;
    else if ((v = option_value(argc, argv, &i, "-o"))) o->output = v;
    else if ((v = option_value(argc, argv, &i, "--output"))) o->output = v;
    else if ((v = option_value(argc, argv, &i, "--as-of"))) {
      if (!parse_date_option("eval", v, &o->as_of))
        return EXIT_USAGE;
      o->has_as_of = true;
    } else if ((v = option_value(argc, argv, &i, "--threads"))) {
      if (threads_option("eval", v, &o->threads))
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
  if (o->rejects && check_rejects(o) != 0)
    return EXIT_USAGE;
  if (o->registry_options.sheet && !registry_path_ends(o->registry, ".xlsx"))
    return usage_error("eval", "--sheet names a sheet of an .xlsx registry; %s is not one",
                       o->registry);
  return check_sources(o);
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

/* The registry as messages name it: a PostgreSQL table or query, never its
 * connection string (it may hold a password); else the file. */
static const char *registry_name(const EvalOptions *o) {
  if (registry_is_database(o->registry))
    return o->registry_options.table ? o->registry_options.table : "<query>";
  return strcmp(o->registry, "-") == 0 ? "<stdin>" : o->registry;
}

/* Runs the rows through the engine into `out`; returns rows rejected, -1
 * when the registry cannot be used at all, or RUN_BROKEN when the command
 * named a registry it cannot read (a database that cannot be reached or
 * read, a file that is not what it claims or broke off part way). */
enum { RUN_BROKEN = -2 };

static long run(Loaded *loaded, EvalOptions *o, Output *out, Summary *summary,
                IndicatorTotals *indicators, FILE *errors) {
  RegistrySchema schema = o->nkeep ? evaluate_schema_keep(loaded->prog, o->keep_names,
                                                          o->nkeep, o->keep)
                                   : evaluate_schema(loaded->prog);
  if (o->threads == 0)
    o->threads = threads_default(o->registry);
  RegistryOptions *options = &o->registry_options;
  options->threads = o->threads;
  Registry *reg = registry_open_with(o->registry, &schema, errors, options);
  if (!reg)
    return options->unreachable || options->broken ? RUN_BROKEN : -1;
  Engine engine;
  engine_open(&o->engine, loaded, o->registry, &engine);
  EvalJob job = {
      .prog = loaded->prog, .registry = reg,
      .registry_name = registry_name(o),
      .rows_by_id = registry_is_database(o->registry),
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
    /* N threads, this one among them, each reading, evaluating and
     * writing batches of rows as its turn comes (parallel.c) */
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

/* Where the rows go: a file (or standard output); a SQLite table (the CSV
 * kept in a temporary file, made a table at the end); or a PostgreSQL
 * table (COPY in one transaction). */
typedef struct Destination {
  OutFile file;
  FILE *sqlite_csv;
  PgOutput *table;
} Destination;

static bool destination_open(Destination *d, const EvalOptions *o, const IrProgram *prog,
                             FILE **fp) {
  *d = (Destination){0};
  if (o->output && registry_is_database(o->output)) {
    char why[1024];
    d->table = pg_output_open(o->output, o->out_table, prog, fp, why, sizeof why);
    if (!d->table)
      fprintf(stderr, _("polc eval: cannot write the results to PostgreSQL: %s\n"), why);
    return d->table != NULL;
  }
  if (output_sqlite_path(o->output)) {
    if (!(d->sqlite_csv = tmpfile())) {
      fprintf(stderr, _("polc eval: cannot write '%s': %s\n"), o->output, strerror(errno));
      return false;
    }
    *fp = d->sqlite_csv;
    return true;
  }
  if (!outfile_open(&d->file, o->output)) {
    fprintf(stderr, _("polc eval: cannot write '%s': %s\n"), o->output, strerror(errno));
    return false;
  }
  *fp = d->file.fp;
  return true;
}

/* -o FILE.sqlite: the CSV written so far becomes the table, atomically. */
static bool commit_sqlite(Destination *d, const EvalOptions *o, const Summary *summary) {
  FILE *csv = d->sqlite_csv;
  bool ok = fflush(csv) == 0 && !ferror(csv) &&
            output_sqlite_write(csv, o->output, o->out_table ? o->out_table : "results",
                                o->summary ? summary : NULL, stderr);
  fclose(csv);
  return ok;
}

/* Keeps the rows (a file renamed, a table replaced); false after saying
 * why. */
static bool destination_commit(Destination *d, const EvalOptions *o, const Summary *summary) {
  if (d->table) {
    char why[1024];
    bool ok = pg_output_commit(d->table, why, sizeof why);
    if (!ok)
      fprintf(stderr, _("polc eval: cannot write the results to PostgreSQL: %s\n"), why);
    return ok;
  }
  if (d->sqlite_csv)
    return commit_sqlite(d, o, summary);
  if (outfile_commit(&d->file))
    return true;
  if (o->output) {
    fprintf(stderr, _("polc eval: cannot write '%s': %s\n"), o->output, strerror(errno));
  } else {
    fprintf(stderr, _("polc: cannot write standard output: %s\n"), strerror(errno));
    clearerr(stdout);   /* said once: main would say it again, less well */
  }
  return false;
}

static void destination_abort(Destination *d) {
  if (d->table)
    pg_output_abort(d->table);
  else if (d->sqlite_csv)
    fclose(d->sqlite_csv);
  else
    outfile_abort(&d->file);
}

/* Opens the workbook the results go to (`path`, `shown` to the user);
 * false after saying why. */
static bool workbook_open(Output *out, const char *path, const char *shown) {
  const char *unbound = output_xlsx_library();   /* loaded now, not at start-up */
  if (unbound) {
    fprintf(stderr, _("polc eval: cannot write '%s': libxlsxwriter, which writes Excel "
                      "workbooks, could not be loaded: %s (install libxlsxwriter4)\n"),
            shown, unbound);
    return false;
  }
  if (output_xlsx_open(out, path))
    return true;
  fprintf(stderr, _("polc eval: cannot write '%s': %s\n"), shown, strerror(errno));
  return false;
}

/* --rejects FILE: the rejected rows, written whole or not at all (a
 * workbook or a database is made in the temporary file, then renamed). */
static bool write_rejects(Rejects *rejects, const EvalOptions *o, const IrProgram *prog) {
  OutFile file;
  if (!outfile_open(&file, o->rejects)) {
    fprintf(stderr, _("polc eval: cannot write '%s': %s\n"), o->rejects, strerror(errno));
    return false;
  }
  RejectsSource from = {.origin = rejects_origin(o), .path = o->registry,
                        .sheet = o->registry_options.sheet, .table = o->registry_options.table,
                        .query = o->registry_options.query,
                        .id_label = prog->inputs[prog->id_input].label};
  RejectsTarget to = {.form = o->rejects_form, .fp = file.fp,
                      .path = file.temp ? file.temp : o->rejects, .notes = stderr};
  char why[1024];
  if (!rejects_write(rejects, &from, &to, why, sizeof why)) {
    fprintf(stderr, _("polc eval: --rejects %s: %s\n"), o->rejects, why);
    outfile_abort(&file);
    return false;
  }
  if (outfile_commit(&file))
    return true;
  fprintf(stderr, _("polc eval: cannot write '%s': %s\n"), o->rejects, strerror(errno));
  return false;
}

static int evaluate(Loaded *loaded, EvalOptions *o, OutputFormat format,
                    bool summary_json) {
  Destination dest;
  Output out = {.format = format, .prog = loaded->prog, .committed = o->committed,
                .keep = o->keep, .nkeep = o->nkeep};
  if (o->nkeep && (format == OUT_NONE || format == OUT_XLSX || output_sqlite_path(o->output) ||
                   (o->output && registry_is_database(o->output))))
    return usage_error("eval", "--keep adds columns to rows written as CSV, JSON Lines or a "
                               "table, not to %s", format == OUT_NONE ? _("a summary alone")
                                                                      : o->output);
  bool xlsx = format == OUT_XLSX;
  if (format != OUT_NONE && !destination_open(&dest, o, loaded->prog, &out.fp))
    return EXIT_USAGE;
  if (xlsx && !workbook_open(&out, dest.file.temp ? dest.file.temp : o->output, o->output)) {
    output_xlsx_free(&out);
    destination_abort(&dest);
    return EXIT_USAGE;
  }
  /* a workbook keeps the rejected rows' messages for its sheet 退回, and is
   * written by this thread alone */
  FILE *errors = xlsx ? output_xlsx_messages(&out, stderr, strcmp(o->registry, "-") == 0
                                                               ? "<stdin>" : o->registry)
                      : stderr;
  if (xlsx)
    o->threads = 1;
  Rejects *rejects = o->rejects ? rejects_new(registry_name(o)) : NULL;
  FILE *shown = errors;   /* the rejects' stream writes on to it */
  if (rejects)
    errors = rejects_messages(rejects, shown);
  Summary summary;
  summary_init(&summary, loaded->prog);
  if (o->by)
    summary_by(&summary, by_column(loaded->prog, o->by));
  IndicatorTotals *indicators = loaded->prog->nindicators ? indicators_new(loaded->prog) : NULL;
  long rejected = run(loaded, o, format != OUT_NONE ? &out : NULL,
                      o->summary || xlsx ? &summary : NULL, indicators, errors);
  if (errors != shown)
    fclose(errors);
  if (shown != stderr)
    fclose(shown);
  int status = rejected == RUN_BROKEN ? EXIT_USAGE : rejected != 0 ? EXIT_INPUT : EXIT_OK;
  if (xlsx && rejected >= 0 && !output_xlsx_end(&out, &summary)) {
    rejected = -1;   /* an amount Excel cannot hold: no workbook at all */
    status = EXIT_INPUT;
  }
  output_xlsx_free(&out);
  if (rejects && rejected >= 0 && !write_rejects(rejects, o, loaded->prog))
    status = EXIT_INPUT;
  rejects_free(rejects);
  if (format != OUT_NONE) {
    if (rejected < 0)
      destination_abort(&dest);   /* a failed run leaves no output behind */
    else if (!destination_commit(&dest, o, &summary))
      status = EXIT_INPUT;
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
  if (status == EXIT_OK && !(o.output && registry_is_database(o.output)))
    status = policies_refuse_as_output(&loaded, "eval", o.registry, o.output);
  if (status == EXIT_OK && o.rejects)
    status = policies_refuse_as_file(&loaded, "eval", "--rejects", o.rejects);
  if (status == EXIT_OK)
    status = evaluate(&loaded, &o, format, summary_json);
  policies_free(&loaded);
  arena_free(&arena);
  return status;
}
