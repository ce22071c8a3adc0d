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
    if (progress.enabled && (++rows & 1023) == 0)   /* ftello is a system call */
      progress_update(&progress, rows, registry_bytes_read(job->registry));
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
