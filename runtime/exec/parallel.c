/*
 * parallel.c - evaluate_registry with threads: one thread reads and parses
 * the registry into batches of rows, the others evaluate and format them,
 * and the calling thread writes the batches out in input order, so the
 * output is the same for every number of threads.
 *
 *   reader ──batches──▶ evaluators (N−1) ──formatted batches──▶ writer
 *
 * Batches sit in a ring of slots; a slot is filled, evaluated, written and
 * then reused, so memory stays bounded whatever the registry's size.  A
 * slot keeps its buffers (and the memory streams its messages and rows are
 * written to) from batch to batch, and each evaluator its row buffers: a
 * batch allocates nothing once the first few have grown them.  The
 * reader only finds the records (CSV records, JSON lines) and copies their
 * bytes; the evaluators read their cells, which is where most of the time
 * goes.  Every record, even one rejected, holds a place in its batch, and
 * the reader notes where its messages (a record too long, a quote never
 * closed) end; the evaluator writes them at that place, before its own for
 * the next record (a bad cell, an overflow), so the messages come in row
 * order, as with one thread.
 *
 * This needs records that are byte ranges (registry_byte_records: CSV,
 * JSON Lines).  A format without them (a database cursor, a spreadsheet's
 * typed cells) has nothing for a second thread to parse: it is evaluated
 * by evaluate_registry, on this thread, with the same output.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evaluate.h"
#include "idset.h"
#include "progress.h"
#include "row.h"
#include "../base/textbuf.h"

enum { BATCH_ROWS = 2048, SLOTS = 8 };

typedef enum SlotState { SLOT_FREE, SLOT_FILLED, SLOT_TAKEN, SLOT_DONE } SlotState;

typedef struct Batch {
  SlotState state;
  long seq;
  int count;           /* records, rejected ones included */
  bool *rejected;      /* the reader rejected the record: nothing to evaluate */
  size_t *said;        /* where the reader's messages up to the record end */
  size_t *offsets;     /* where each record is in `bytes` */
  size_t *lens;
  char *read_errors;   /* the reader's messages for this batch */
  size_t read_errors_len;
  FILE *read_errors_fp;   /* a memory stream onto read_errors, kept */
  long *lines;
  TextBuf bytes;       /* the records' bytes */
  TextBuf ids;         /* the ids of the rows read, for the writer's IdSet */
  size_t *id_offsets;
  long *id_lens;       /* -1: the record gave no row */
  char *out;           /* formatted rows, from out_fp */
  size_t out_len;
  FILE *out_fp;        /* memory streams, kept from batch to batch */
  char *errors;        /* the evaluator's messages, from errors_fp */
  size_t errors_len;
  FILE *errors_fp;
  long failed;
} Batch;

typedef struct Shared {
  EvalJob *job;
  Batch slots[SLOTS];
  pthread_mutex_t lock;
  pthread_cond_t changed;
  long next_fill, next_take, next_write;
  bool input_done;
  long total;          /* batches made */
} Shared;

/* Empties a kept memory stream: its buffer stays for the next batch. */
static void restart_stream(FILE *fp) {
  rewind(fp);
  fflush(fp);   /* (the size the stream reports is its position) */
}

/* --- the reader ------------------------------------------------------------ */

static Batch *wait_slot(Shared *s, long seq, SlotState want) {
  Batch *b = &s->slots[seq % SLOTS];
  while (b->state != want || (want != SLOT_FREE && b->seq != seq))
    pthread_cond_wait(&s->changed, &s->lock);
  return b;
}

/* Gives the next record its place in the batch and notes where the
 * reader's messages so far end (flushing them only when the record was
 * rejected, or something else was reported while it was read). */
static int add_record(Shared *s, Batch *b, FILE *errors, long line, bool rejected,
                      long *reported) {
  int r = b->count++;
  long now = registry_rejected(s->job->registry);
  if (now != *reported)
    fflush(errors);
  *reported = now;
  b->rejected[r] = rejected;
  b->said[r] = b->read_errors_len;
  b->lines[r] = line;
  return r;
}

/* The next records: their bytes, copied, and their lines. */
static RegistryStatus fill_batch(Shared *s, Batch *b, FILE *errors) {
  RegistryStatus st = REG_ROW;
  char *bytes;
  size_t len;
  long line, reported = registry_rejected(s->job->registry);
  while (b->count < BATCH_ROWS &&
         (st = registry_next_record(s->job->registry, &bytes, &len, &line)) != REG_END) {
    int r = add_record(s, b, errors, line, st != REG_ROW, &reported);
    if (st != REG_ROW)
      continue;
    b->offsets[r] = b->bytes.len;
    b->lens[r] = len;
    tb_put(&b->bytes, bytes, len);
  }
  return st;
}

static void *reader(void *arg) {
  Shared *s = arg;
  Registry *reg = s->job->registry;
  RegistryStatus st = REG_ROW;
  while (st != REG_END) {
    pthread_mutex_lock(&s->lock);
    Batch *b = wait_slot(s, s->next_fill, SLOT_FREE);
    pthread_mutex_unlock(&s->lock);
    b->count = 0;
    b->bytes.len = 0;
    FILE *errors = b->read_errors_fp;
    restart_stream(errors);
    registry_set_errors(reg, errors);
    st = fill_batch(s, b, errors);
    registry_set_errors(reg, s->job->errors);
    fflush(errors);
    pthread_mutex_lock(&s->lock);
    b->seq = s->next_fill++;
    b->state = SLOT_FILLED;
    s->total = s->next_fill;
    if (st == REG_END)
      s->input_done = true;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
  }
  return NULL;
}

/* --- the evaluators ------------------------------------------------------------ */

typedef struct Worker {
  Shared *shared;
  RegistryWorker *cells;   /* reads raw records' cells */
  Engine engine;
  Summary summary;
  IndicatorTotals *indicators;
  RowBuffers buffers;      /* the outcome of a row */
  TextBuf rows;            /* the CSV rows being formatted, kept */
} Worker;

static void evaluate_batch(Worker *w, Batch *b) {
  EvalJob *job = w->shared->job;
  const IrProgram *prog = job->prog;
  RowOutcome *o = &w->buffers.outcome;
  FILE *out = job->output ? b->out_fp : NULL;
  FILE *errors = b->errors_fp;
  if (out)
    restart_stream(out);
  restart_stream(errors);
  Output fmt = job->output ? (Output){.format = job->output->format, .fp = out, .prog = prog,
                                      .buf = w->rows, .committed = job->output->committed,
                                      .keep = job->output->keep, .nkeep = job->output->nkeep}
                           : (Output){0};
  EvalJob mine = *job;
  mine.errors = errors;
  b->failed = 0;
  b->ids.len = 0;
  registry_worker_set_errors(w->cells, errors);
  size_t said = 0;   /* the reader's messages written so far */
  for (int r = 0; r < b->count; r++) {
    fwrite(b->read_errors + said, 1, b->said[r] - said, errors);
    said = b->said[r];
    b->id_lens[r] = -1;
    if (b->rejected[r])
      continue;
    RegistryRow row;
    if (registry_parse_record(w->cells, b->bytes.data + b->offsets[r], b->lens[r], b->lines[r],
                              &row) != REG_ROW)
      continue;
    int64_t *ints = row.ints;
    TextRef *texts = row.texts;
    b->id_offsets[r] = b->ids.len;
    b->id_lens[r] = texts[prog->id_input].len;
    tb_put(&b->ids, texts[prog->id_input].ptr, (size_t)texts[prog->id_input].len);
    int32_t as_of = evaluate_prepare_row(prog, ints, job->default_as_of);
    w->engine.run(w->engine.self, ints, texts, as_of, o);
    if (o->error != ROW_OK) {
      evaluate_report_row_error(&mine, b->lines[r], texts[prog->id_input], o);
      b->failed++;
      continue;
    }
    if (out)
      output_row_kept(&fmt, ints, texts, o);
    if (job->summary)
      summary_add(&w->summary, o, as_of, ints, texts);
    if (w->indicators)
      indicators_add(prog, w->indicators, o);
  }
  fwrite(b->read_errors + said, 1, b->read_errors_len - said, errors);   /* after the last */
  if (out) {
    tb_flush(&fmt.buf, out);
    w->rows = fmt.buf;   /* emptied, its memory kept */
    fflush(out);
  }
  fflush(errors);
}

static void *evaluator(void *arg) {
  Worker *w = arg;
  Shared *s = w->shared;
  for (;;) {
    pthread_mutex_lock(&s->lock);
    while (!(s->next_take < s->next_fill && s->slots[s->next_take % SLOTS].state == SLOT_FILLED) &&
           !(s->input_done && s->next_take >= s->total))
      pthread_cond_wait(&s->changed, &s->lock);
    if (s->next_take >= s->total && s->input_done) {
      pthread_mutex_unlock(&s->lock);
      return NULL;
    }
    Batch *b = &s->slots[s->next_take++ % SLOTS];
    b->state = SLOT_TAKEN;
    pthread_mutex_unlock(&s->lock);
    evaluate_batch(w, b);
    pthread_mutex_lock(&s->lock);
    b->state = SLOT_DONE;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
  }
}

/* --- the writer: the calling thread ----------------------------------------------- */

static long write_in_order(Shared *s, IdSet *ids) {
  EvalJob *job = s->job;
  long failed = 0, rows = 0;
  Progress progress;
  progress_start(&progress, job->registry_path, job->errors);
  for (;;) {
    pthread_mutex_lock(&s->lock);
    while (!(s->input_done && s->next_write >= s->total) &&
           !(s->next_write < s->next_fill && s->slots[s->next_write % SLOTS].state == SLOT_DONE &&
             s->slots[s->next_write % SLOTS].seq == s->next_write))
      pthread_cond_wait(&s->changed, &s->lock);
    if (s->input_done && s->next_write >= s->total) {
      pthread_mutex_unlock(&s->lock);
      progress_end(&progress);
      return failed;
    }
    Batch *b = &s->slots[s->next_write % SLOTS];
    pthread_mutex_unlock(&s->lock);
    if (b->out_len)
      fwrite(b->out, 1, b->out_len, job->output->fp);
    if (b->errors_len)
      fwrite(b->errors, 1, b->errors_len, job->errors);
    failed += b->failed;
    for (int r = 0; r < b->count; r++)
      if (b->id_lens[r] >= 0)
        idset_add(ids, (TextRef){b->ids.data + b->id_offsets[r], b->id_lens[r]}, b->lines[r]);
    rows += b->count;
    if (progress.enabled)
      progress_update(&progress, rows & ~1023L, registry_bytes_read(job->registry));
    pthread_mutex_lock(&s->lock);
    s->next_write++;
    b->state = SLOT_FREE;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
  }
}

/* A memory stream a slot keeps; without one nothing can go on (as xmalloc). */
static FILE *kept_stream(char **buf, size_t *len) {
  FILE *fp = open_memstream(buf, len);
  if (!fp) {
    fputs("polc: out of memory (a memory stream)\n", stderr);
    abort();
  }
  return fp;
}

static void init_slots(Shared *s) {
  for (int i = 0; i < SLOTS; i++) {
    Batch *b = &s->slots[i];
    b->lines = xmalloc(sizeof(long) * BATCH_ROWS);
    b->id_offsets = xmalloc(sizeof(size_t) * BATCH_ROWS);
    b->id_lens = xmalloc(sizeof(long) * BATCH_ROWS);
    b->offsets = xmalloc(sizeof(size_t) * BATCH_ROWS);
    b->lens = xmalloc(sizeof(size_t) * BATCH_ROWS);
    b->rejected = xmalloc(sizeof(bool) * BATCH_ROWS);
    b->said = xmalloc(sizeof(size_t) * BATCH_ROWS);
    b->read_errors_fp = kept_stream(&b->read_errors, &b->read_errors_len);
    b->errors_fp = kept_stream(&b->errors, &b->errors_len);
    b->out_fp = kept_stream(&b->out, &b->out_len);
  }
}

static void free_slots(Shared *s) {
  for (int i = 0; i < SLOTS; i++) {
    free(s->slots[i].lines);
    free(s->slots[i].id_offsets);
    free(s->slots[i].id_lens);
    tb_free(&s->slots[i].ids);
    free(s->slots[i].offsets);
    free(s->slots[i].lens);
    free(s->slots[i].rejected);
    free(s->slots[i].said);
    tb_free(&s->slots[i].bytes);
    fclose(s->slots[i].read_errors_fp);
    fclose(s->slots[i].errors_fp);
    fclose(s->slots[i].out_fp);
    free(s->slots[i].read_errors);
    free(s->slots[i].errors);
    free(s->slots[i].out);
  }
}

long evaluate_registry_threads(EvalJob *job, const Engine *engines, int nworkers) {
  if (!registry_byte_records(job->registry))
    return evaluate_registry(job);
  Shared s = {.job = job};
  pthread_mutex_init(&s.lock, NULL);
  pthread_cond_init(&s.changed, NULL);
  init_slots(&s);
  Worker *workers = xcalloc((size_t)nworkers, sizeof *workers);
  pthread_t read_thread, *threads = xcalloc((size_t)nworkers, sizeof *threads);
  for (int i = 0; i < nworkers; i++) {
    workers[i] = (Worker){.shared = &s, .engine = engines[i],
                          .cells = registry_worker(job->registry, job->errors)};
    summary_init(&workers[i].summary, job->prog);
    row_buffers_init(&workers[i].buffers, job->prog);
    if (job->summary && job->summary->by_input >= 0)
      summary_by(&workers[i].summary, job->summary->by_input);
    workers[i].indicators = job->indicators ? indicators_new(job->prog) : NULL;
  }
  pthread_create(&read_thread, NULL, reader, &s);
  for (int i = 0; i < nworkers; i++)
    pthread_create(&threads[i], NULL, evaluator, &workers[i]);
  IdSet *ids = idset_new();
  long failed = write_in_order(&s, ids);
  idset_report(ids, job->registry_name, job->errors);
  idset_free(ids);
  pthread_join(read_thread, NULL);
  for (int i = 0; i < nworkers; i++) {
    pthread_join(threads[i], NULL);
    if (job->summary)
      summary_merge(job->summary, &workers[i].summary);
    if (job->indicators)
      indicators_merge(job->prog, job->indicators, workers[i].indicators);
    summary_free(&workers[i].summary);
    row_buffers_free(&workers[i].buffers);
    tb_free(&workers[i].rows);
    free(workers[i].indicators);
    registry_merge_worker(job->registry, workers[i].cells);
    registry_worker_free(workers[i].cells);
  }
  free(workers);
  free(threads);
  free_slots(&s);
  long rejected = failed + registry_rejected(job->registry);
  if (job->summary)
    job->summary->rejected = rejected;
  return rejected;
}
