/*
 * compare.c - both policy sets over one registry (compare.h): the joint
 * schema, the row loop and the tallies.
 */
#include "compare.h"

#include <stdlib.h>
#include <string.h>

#include "../base/i18n.h"
#include "idset.h"
#include "parallel.h"
#include "progress.h"

/* --- the joint schema ------------------------------------------------------ */

static int find_column(const Compare *c, const char *name) {
  for (int i = 0; i < c->ncolumns; i++)
    if (strcmp(c->columns[i].name, name) == 0)
      return i;
  return -1;
}

/* Gives each input of a side its column, adding the ones not seen yet;
 * false after reporting a column read as two kinds. */
static bool join_columns(Compare *c, CompareSide *side, FILE *errors) {
  const IrProgram *prog = side->prog;
  side->column = xcalloc((size_t)prog->ninputs + 1, sizeof(int));
  for (int i = 0; i < prog->ninputs; i++) {
    const IrInput *in = &prog->inputs[i];
    int k = find_column(c, in->name);
    if (k < 0) {
      k = c->ncolumns++;
      c->columns[k] = (RegistryColumn){
          .name = in->name, .label = in->label, .kind = in->kind,
          .required = in->required, .may_be_negative = in->may_be_negative,
          .default_int = in->default_int,
          .default_text = in->default_text ? in->default_text : "",
      };
    } else if (c->columns[k].kind != in->kind) {
      fprintf(errors, _("polc compare: the base and the new policies read column `%s` as "
                        "different kinds (%s, %s); give the input one kind in both\n"),
              in->name, value_kind_name(c->columns[k].kind), value_kind_name(in->kind));
      return false;
    } else {
      c->columns[k].required |= in->required;
      c->columns[k].may_be_negative |= in->may_be_negative;
    }
    side->column[i] = k;
  }
  return true;
}

/* --- rules and policies of either set ------------------------------------------ */

static void join_rules(Compare *c) {
  const IrProgram *b = c->base.prog, *n = c->new.prog;
  c->rules = xcalloc((size_t)(b->nrules + n->nrules) + 1, sizeof(CompareRule));
  for (int r = 0; r < b->nrules; r++)
    c->rules[c->nrules++] = (CompareRule){b->rules[r].qualified, r, -1};
  for (int r = 0; r < n->nrules; r++) {
    int k = 0;
    while (k < c->nrules && strcmp(c->rules[k].name, n->rules[r].qualified) != 0)
      k++;
    if (k == c->nrules)
      c->rules[c->nrules++] = (CompareRule){n->rules[r].qualified, -1, r};
    else
      c->rules[k].new = r;
  }
}

static void join_policies(Compare *c) {
  const IrProgram *b = c->base.prog, *n = c->new.prog;
  c->policies = xcalloc((size_t)(b->npolicies + n->npolicies) + 1, sizeof(ComparePolicy));
  for (int p = 0; p < b->npolicies; p++)
    c->policies[c->npolicies++] =
        (ComparePolicy){b->policies[p].id, b->policies[p].title, p, -1};
  for (int p = 0; p < n->npolicies; p++) {
    int k = 0;
    while (k < c->npolicies && strcmp(c->policies[k].id, n->policies[p].id) != 0)
      k++;
    if (k == c->npolicies)
      c->policies[c->npolicies++] =
          (ComparePolicy){n->policies[p].id, n->policies[p].title, -1, p};
    else
      c->policies[k].new = p;
  }
}

bool compare_init(Compare *c, IrProgram *base, IrProgram *new, bool summarise, FILE *errors) {
  memset(c, 0, sizeof *c);
  c->base.prog = base;
  c->new.prog = new;
  c->summarise = summarise;
  c->columns = xcalloc((size_t)(base->ninputs + new->ninputs) + 1, sizeof(RegistryColumn));
  if (!join_columns(c, &c->base, errors) || !join_columns(c, &c->new, errors))
    return false;
  c->id_column = c->base.column[base->id_input];
  join_rules(c);
  join_policies(c);
  row_buffers_init(&c->base.row, base);
  row_buffers_init(&c->new.row, new);
  summary_init(&c->base.summary, base);
  summary_init(&c->new.summary, new);
  return true;
}

RegistrySchema compare_schema(const Compare *c) {
  return (RegistrySchema){c->columns, c->ncolumns};
}

void compare_free(Compare *c) {
  CompareSide *sides[2] = {&c->base, &c->new};
  for (int i = 0; i < 2; i++) {
    free(sides[i]->column);
    if (sides[i]->row.ints) {
      row_buffers_free(&sides[i]->row);
      summary_free(&sides[i]->summary);
    }
  }
  for (int k = 0; k < c->ngains; k++)
    free(c->gains[k].id);
  for (int k = 0; k < c->nlosses; k++)
    free(c->losses[k].id);
  free(c->rules);
  free(c->policies);
  free(c->columns);
}

/* --- the row loop ----------------------------------------------------------------- */

/* Evaluates the row with one set; false after reporting an overflow. */
static bool run_side(CompareSide *side, const RegistryRow *row, const CompareJob *job) {
  const IrProgram *prog = side->prog;
  for (int i = 0; i < prog->ninputs; i++) {
    side->row.ints[i] = row->ints[side->column[i]];
    side->row.texts[i] = row->texts[side->column[i]];
  }
  int32_t as_of = evaluate_prepare_row(prog, side->row.ints, job->default_as_of);
  side->engine.run(side->engine.self, side->row.ints, side->row.texts, as_of,
                   &side->row.outcome);
  if (side->row.outcome.error == ROW_OK) {
    side->row.outcome.as_of = as_of;
    return true;
  }
  EvalJob said = {.prog = prog, .registry_name = job->registry_name, .errors = job->errors};
  evaluate_report_row_error(&said, row->line, (TextRef){0}, &side->row.outcome);
  return false;
}

static int64_t amount_of(const CompareSide *side, int rule) {
  return rule < 0 ? 0 : side->row.outcome.rules[rule].amount;
}

/* Whether `a` goes before `b` in a list of the largest gains (losses):
 * the larger change, and of equal ones the earlier row. */
static bool ranks_before(const CompareTop *a, const CompareTop *b, bool gains) {
  if (a->delta != b->delta)
    return gains ? a->delta > b->delta : a->delta < b->delta;
  return a->line < b->line;
}

/* Keeps the COMPARE_TOP first entries of that order; takes `entry`'s id
 * (freed when it does not rank). */
static void keep_top(CompareTop *top, int *n, CompareTop entry, bool gains) {
  int at = *n;
  while (at > 0 && ranks_before(&entry, &top[at - 1], gains))
    at--;
  if (at >= COMPARE_TOP) {
    free(entry.id);
    return;
  }
  if (*n == COMPARE_TOP)
    free(top[--*n].id);
  memmove(top + at + 1, top + at, sizeof *top * (size_t)(*n - at));
  top[at] = entry;
  ++*n;
}

static void keep_top_row(CompareTop *top, int *n, TextRef id, long line, int64_t delta,
                         bool gains) {
  if (*n == COMPARE_TOP && !ranks_before(&(CompareTop){NULL, delta, line}, &top[*n - 1], gains))
    return;   /* (no copy of the id) */
  char *copy = xmalloc((size_t)id.len + 1);
  memcpy(copy, id.ptr, (size_t)id.len);
  copy[id.len] = '\0';
  keep_top(top, n, (CompareTop){copy, delta, line}, gains);
}

/* The row's deltas; false after reporting one beyond 64 bits. */
static bool row_deltas(Compare *c, const CompareJob *job, long line, int64_t *deltas,
                       int64_t *delta) {
  bool over = __builtin_sub_overflow(c->new.row.outcome.total, c->base.row.outcome.total, delta);
  for (int k = 0; k < c->nrules && !over; k++)
    over = __builtin_sub_overflow(amount_of(&c->new, c->rules[k].new),
                                  amount_of(&c->base, c->rules[k].base), &deltas[k]);
  if (over)
    fprintf(job->errors, _("%s:%ld: the change overflows 64 bits; the row is rejected\n"),
            job->registry_name, line);
  return !over;
}

static void tally(Compare *c, const RegistryRow *row, TextRef id, int64_t delta) {
  c->rows++;
  c->delta_total += delta;
  if (delta > 0) {
    c->gain++;
    keep_top_row(c->gains, &c->ngains, id, row->line, delta, true);
  } else if (delta < 0) {
    c->lose++;
    keep_top_row(c->losses, &c->nlosses, id, row->line, delta, false);
  } else {
    c->same++;
  }
  CompareSide *sides[2] = {&c->base, &c->new};
  for (int i = 0; i < 2; i++)
    summary_add(&sides[i]->summary, &sides[i]->row.outcome, sides[i]->row.outcome.as_of,
                sides[i]->row.ints, sides[i]->row.texts);
}

/* Evaluates one row with both sets, writes its deltas and tallies it;
 * false after reporting an overflow (the row is rejected). */
static bool compare_row(Compare *c, const CompareJob *job, CompareRowOut *out,
                        const RegistryRow *row, int64_t *deltas) {
  int64_t delta;
  if (!run_side(&c->base, row, job) || !run_side(&c->new, row, job) ||
      !row_deltas(c, job, row->line, deltas, &delta))
    return false;
  TextRef id = row->texts[c->id_column];
  if (out->format != OUT_NONE)
    compare_output_row(c, out, id, deltas);
  tally(c, row, id, delta);
  return true;
}

static void finish_run(Compare *c, const CompareJob *job, CompareRowOut *out, long failed) {
  if (out->format != OUT_NONE)
    compare_output_end(out);
  c->rejected = failed + registry_rejected(job->registry);
  c->base.summary.rejected = c->new.summary.rejected = c->rejected;
}

long compare_run(Compare *c, const CompareJob *job) {
  CompareRowOut out = {.format = job->format, .committed = job->committed, .fp = job->out};
  int64_t *deltas = xcalloc((size_t)c->nrules + 1, sizeof(int64_t));
  long failed = 0, rows = 0;
  RegistryRow row;
  RegistryStatus st;
  Progress progress;
  IdSet *ids = idset_new();
  if (out.format != OUT_NONE)
    compare_output_begin(c, &out);
  progress_start(&progress, job->registry_path, job->errors);
  while ((st = registry_next(job->registry, &row)) != REG_END) {
    if ((++rows & 1023) == 0)
      rows_counted(&progress, ids, rows, job->registry);
    if (st == REG_REJECTED)
      continue;
    idset_add(ids, row.texts[c->id_column], row.line);
    if (!compare_row(c, job, &out, &row, deltas))
      failed++;
  }
  progress_end(&progress);
  idset_report(ids, job->registry_name, job->errors);
  idset_free(ids);
  free(deltas);
  finish_run(c, job, &out, failed);
  return c->rejected;
}

/* --- on threads (parallel.c): compare's row ------------------------------------- */

/* One evaluating thread's own copy of the comparison: the rules, policies
 * and columns shared, its row buffers, engines, summaries and tallies its
 * own, added into the whole at the end. */
typedef struct CompareWorker {
  Compare c;
  CompareJob job;      /* its messages going to the batch's */
  CompareRowOut out;   /* its rows going to the batch's */
  int64_t *deltas;
} CompareWorker;

typedef struct CompareThreads {
  Compare *c;
  const CompareJob *job;
  const Engine *base_engines, *new_engines;
} CompareThreads;

static void side_start(CompareSide *side, const CompareSide *from, Engine engine) {
  *side = (CompareSide){.prog = from->prog, .engine = engine, .column = from->column};
  row_buffers_init(&side->row, side->prog);
  summary_init(&side->summary, side->prog);
}

static void *compare_worker_start(void *ctx, int i) {
  CompareThreads *t = ctx;
  CompareWorker *w = xcalloc(1, sizeof *w);
  w->c = (Compare){.nrules = t->c->nrules, .rules = t->c->rules,
                   .npolicies = t->c->npolicies, .policies = t->c->policies,
                   .columns = t->c->columns, .ncolumns = t->c->ncolumns,
                   .id_column = t->c->id_column, .summarise = t->c->summarise};
  side_start(&w->c.base, &t->c->base, t->base_engines[i]);
  side_start(&w->c.new, &t->c->new, t->new_engines[i]);
  w->job = *t->job;
  w->out = (CompareRowOut){.format = t->job->format, .committed = t->job->committed};
  w->deltas = xcalloc((size_t)t->c->nrules + 1, sizeof(int64_t));
  return w;
}

static bool compare_worker_row(void *state, const RegistryRow *row, FILE *out, FILE *errors) {
  CompareWorker *w = state;
  w->job.errors = errors;
  w->out.fp = out;
  return compare_row(&w->c, &w->job, &w->out, row, w->deltas);
}

static void compare_worker_batch_end(void *state, FILE *out) {
  CompareWorker *w = state;
  tb_flush(&w->out.buf, out);   /* emptied, its memory kept */
}

/* The worker's tallies added into `c`; the largest changes merged in the
 * order one thread keeps them (by change, then row). */
static void merge_tallies(Compare *c, Compare *from) {
  c->rows += from->rows;
  c->delta_total += from->delta_total;
  c->gain += from->gain;
  c->lose += from->lose;
  c->same += from->same;
  for (int k = 0; k < from->ngains; k++)
    keep_top(c->gains, &c->ngains, from->gains[k], true);
  for (int k = 0; k < from->nlosses; k++)
    keep_top(c->losses, &c->nlosses, from->losses[k], false);
  from->ngains = from->nlosses = 0;   /* their ids now c's (or freed) */
  summary_merge(&c->base.summary, &from->base.summary);
  summary_merge(&c->new.summary, &from->new.summary);
}

static void compare_worker_finish(void *ctx, void *state) {
  CompareThreads *t = ctx;
  CompareWorker *w = state;
  merge_tallies(t->c, &w->c);
  CompareSide *sides[2] = {&w->c.base, &w->c.new};
  for (int i = 0; i < 2; i++) {
    row_buffers_free(&sides[i]->row);
    summary_free(&sides[i]->summary);
  }
  tb_free(&w->out.buf);
  free(w->deltas);
  free(w);
}

long compare_run_threads(Compare *c, const CompareJob *job, const Engine *base_engines,
                         const Engine *new_engines, int nworkers) {
  if (!registry_byte_records(job->registry))
    return compare_run(c, job);
  CompareRowOut out = {.format = job->format, .committed = job->committed, .fp = job->out};
  if (out.format != OUT_NONE) {
    compare_output_begin(c, &out);
    tb_flush(&out.buf, out.fp);
  }
  CompareThreads threads = {c, job, base_engines, new_engines};
  RowWork work = {.ctx = &threads, .start = compare_worker_start, .row = compare_worker_row,
                  .batch_end = compare_worker_batch_end, .finish = compare_worker_finish};
  ParallelJob pjob = {.registry = job->registry, .registry_name = job->registry_name,
                      .registry_path = job->registry_path, .id_column = c->id_column,
                      .out = out.format != OUT_NONE ? job->out : NULL, .errors = job->errors};
  long failed = parallel_run(&pjob, &work, nworkers);
  finish_run(c, job, &out, failed);
  return c->rejected;
}
