/*
 * evaluate.c - the row loop of `polc eval`.
 */
#include "evaluate.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/date.h"
#include "../base/i18n.h"
#include "idset.h"
#include "parallel.h"
#include "progress.h"
#include "row.h"

RegistrySchema evaluate_schema(IrProgram *prog) {
  RegistryColumn *cols = arena_alloc(&prog->arena,
                                     sizeof(RegistryColumn) * (size_t)(prog->ninputs + 1));
  for (int i = 0; i < prog->ninputs; i++) {
    const IrInput *in = &prog->inputs[i];
    cols[i] = (RegistryColumn){
        .name = in->name, .label = in->label, .kind = in->kind,
        .required = in->required, .may_be_negative = in->may_be_negative,
        .default_int = in->default_int,
        .default_text = in->default_text ? in->default_text : "",
    };
  }
  for (int k = 0; k < prog->nas_of_defaults; k++)   /* evaluate_prepare_row sets them */
    cols[prog->as_of_defaults[k]].rewritten = true;
  return (RegistrySchema){cols, prog->ninputs};
}

static int input_named(const IrProgram *prog, const char *name) {
  for (int i = 0; i < prog->ninputs; i++)
    if (strcmp(prog->inputs[i].name, name) == 0)
      return i;
  return -1;
}

RegistrySchema evaluate_schema_keep(IrProgram *prog, const char *const *names, int count,
                                    OutputKeep *keep) {
  RegistrySchema inputs = evaluate_schema(prog);
  RegistryColumn *cols = arena_alloc(&prog->arena, sizeof(RegistryColumn) *
                                                       (size_t)(inputs.count + count + 1));
  memcpy(cols, inputs.columns, sizeof(RegistryColumn) * (size_t)inputs.count);
  int n = inputs.count;
  for (int k = 0; k < count; k++) {
    int slot = input_named(prog, names[k]);
    if (slot < 0) {
      slot = n++;
      cols[slot] = (RegistryColumn){.name = names[k], .kind = VK_TEXT, .must_exist = true,
                                    .default_text = ""};
    }
    keep[k] = (OutputKeep){.name = names[k], .column = slot, .kind = cols[slot].kind};
  }
  return (RegistrySchema){cols, n};
}

int32_t evaluate_prepare_row(const IrProgram *prog, int64_t *ints,
                             int32_t default_as_of) {
  int32_t as_of = default_as_of;
  if (prog->as_of_input >= 0 && ints[prog->as_of_input] != DATE_ABSENT)
    as_of = (int32_t)ints[prog->as_of_input];
  for (int k = 0; k < prog->nas_of_defaults; k++) {
    int i = prog->as_of_defaults[k];
    if (ints[i] == DATE_ABSENT)
      ints[i] = as_of;
  }
  return as_of;
}

/* "NAME:LINE: " or, for a database's rows, "NAME:id=ID: " (the id's
 * control characters made `?`, as the row builder does). */
static void row_location(const EvalJob *job, long line, TextRef id) {
  if (!job->rows_by_id) {
    fprintf(job->errors, "%s:%ld: ", job->registry_name, line);
    return;
  }
  fprintf(job->errors, "%s:id=", job->registry_name);
  for (int64_t i = 0; i < id.len && i < 95; i++) {
    unsigned char c = (unsigned char)id.ptr[i];
    fputc(c < 0x20 || c == 0x7F ? '?' : c, job->errors);
  }
  fputs(": ", job->errors);
}

void evaluate_report_row_error(const EvalJob *job, long line, TextRef id, const RowOutcome *o) {
  const char *what = o->error == ROW_DIV_ZERO ? _("division by zero")
                                              : _("a figure overflows 64 bits");
  row_location(job, line, id);
  if (o->error_rule >= 0)
    fprintf(job->errors, _("rule %s: %s; the row is rejected\n"),
            job->prog->rules[o->error_rule].qualified, what);
  else
    fprintf(job->errors, _("%s in the total; the row is rejected\n"), what);
}

long evaluate_registry(EvalJob *job) {
  const IrProgram *prog = job->prog;
  RowBuffers buffers;   /* the inputs come from the registry; the outcome */
  row_buffers_init(&buffers, prog);
  RowOutcome *outcome = &buffers.outcome;
  long failed = 0, rows = 0;
  RegistryRow row;
  RegistryStatus st;
  Progress progress;
  IdSet *ids = idset_new();
  progress_start(&progress, job->registry_path, job->errors);
  while ((st = registry_next(job->registry, &row)) != REG_END) {
    if ((++rows & 1023) == 0)   /* registry_bytes_read may be a system call */
      rows_counted(&progress, ids, rows, job->registry);
    if (st == REG_REJECTED)
      continue;
    idset_add(ids, row.texts[prog->id_input], row.line);
    int32_t as_of = evaluate_prepare_row(prog, row.ints, job->default_as_of);
    job->engine.run(job->engine.self, row.ints, row.texts, as_of, outcome);
    if (outcome->error != ROW_OK) {
      evaluate_report_row_error(job, row.line, row.texts[prog->id_input], outcome);
      failed++;
      continue;
    }
    if (job->output)
      output_row_kept(job->output, row.ints, row.texts, outcome);
    if (job->summary)
      summary_add(job->summary, outcome, as_of, row.ints, row.texts);
    if (job->indicators)
      indicators_add(prog, job->indicators, outcome);
  }
  progress_end(&progress);
  idset_report(ids, job->registry_name, job->errors);
  idset_free(ids);
  row_buffers_free(&buffers);
  long rejected = failed + registry_rejected(job->registry);
  if (job->summary)
    job->summary->rejected = rejected;
  return rejected;
}

int32_t evaluate_today(void) {
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  int32_t days = 0;
  date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &days);
  return days;
}

/* --- on threads (parallel.c): eval's row ---------------------------------------- */

/* What one evaluating thread keeps: its engine, row buffers, its own
 * summary and indicator totals (added up at the end), its CSV rows. */
typedef struct EvalWorker {
  EvalJob job;             /* the job, its messages going to the batch's */
  Output fmt;              /* the job's output, its rows going to the batch's */
  RowBuffers buffers;
  Summary summary;
} EvalWorker;

typedef struct EvalThreads {
  EvalJob *job;
  const Engine *engines;
} EvalThreads;

static void *eval_worker_start(void *ctx, int i) {
  EvalThreads *t = ctx;
  EvalWorker *w = xcalloc(1, sizeof *w);
  w->job = *t->job;
  w->job.engine = t->engines[i];
  if (t->job->output)
    w->fmt = (Output){.format = t->job->output->format, .prog = t->job->prog,
                      .committed = t->job->output->committed,
                      .keep = t->job->output->keep, .nkeep = t->job->output->nkeep};
  w->job.output = t->job->output ? &w->fmt : NULL;
  row_buffers_init(&w->buffers, t->job->prog);
  summary_init(&w->summary, t->job->prog);
  if (t->job->summary && t->job->summary->by_input >= 0)
    summary_by(&w->summary, t->job->summary->by_input);
  w->job.summary = t->job->summary ? &w->summary : NULL;
  w->job.indicators = t->job->indicators ? indicators_new(t->job->prog) : NULL;
  return w;
}

static bool eval_worker_row(void *state, const RegistryRow *row, FILE *out, FILE *errors) {
  EvalWorker *w = state;
  const IrProgram *prog = w->job.prog;
  RowOutcome *o = &w->buffers.outcome;
  w->job.errors = errors;
  w->fmt.fp = out;
  int32_t as_of = evaluate_prepare_row(prog, row->ints, w->job.default_as_of);
  w->job.engine.run(w->job.engine.self, row->ints, row->texts, as_of, o);
  if (o->error != ROW_OK) {
    evaluate_report_row_error(&w->job, row->line, row->texts[prog->id_input], o);
    return false;
  }
  if (out)
    output_row_kept(&w->fmt, row->ints, row->texts, o);
  if (w->job.summary)
    summary_add(w->job.summary, o, as_of, row->ints, row->texts);
  if (w->job.indicators)
    indicators_add(prog, w->job.indicators, o);
  return true;
}

static void eval_worker_batch_end(void *state, FILE *out) {
  EvalWorker *w = state;
  tb_flush(&w->fmt.buf, out);   /* emptied, its memory kept */
}

static void eval_worker_finish(void *ctx, void *state) {
  EvalThreads *t = ctx;
  EvalWorker *w = state;
  if (t->job->summary)
    summary_merge(t->job->summary, &w->summary);
  if (t->job->indicators)
    indicators_merge(t->job->prog, t->job->indicators, w->job.indicators);
  summary_free(&w->summary);
  row_buffers_free(&w->buffers);
  tb_free(&w->fmt.buf);
  free(w->job.indicators);
  free(w);
}

long evaluate_registry_threads(EvalJob *job, const Engine *engines, int nworkers) {
  if (!registry_byte_records(job->registry))
    return evaluate_registry(job);
  EvalThreads threads = {job, engines};
  RowWork work = {.ctx = &threads, .start = eval_worker_start, .row = eval_worker_row,
                  .batch_end = eval_worker_batch_end, .finish = eval_worker_finish};
  ParallelJob pjob = {.registry = job->registry, .registry_name = job->registry_name,
                      .registry_path = job->registry_path, .id_column = job->prog->id_input,
                      .out = job->output ? job->output->fp : NULL, .errors = job->errors};
  long rejected = parallel_run(&pjob, &work, nworkers) + registry_rejected(job->registry);
  if (job->summary)
    job->summary->rejected = rejected;
  return rejected;
}
