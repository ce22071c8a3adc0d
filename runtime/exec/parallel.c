/*
 * parallel.c - a registry's rows on threads (parallel.h): one thread reads
 * the registry into batches of records, the others turn them into rows and
 * do the caller's work with each (RowWork: eval's row, compare's), and the
 * calling thread writes the batches out in input order, so the output is
 * the same for every number of threads.
 *
 *   reader ──batches──▶ evaluators (N) ──formatted batches──▶ writer
 *
 * Batches sit in a ring of slots (two per evaluator, and two more: one
 * being read, one written); a slot is filled, evaluated, written and then
 * reused, so memory stays bounded whatever the registry's size.  A slot
 * keeps its buffers (and the memory streams its messages and rows are
 * written to) from batch to batch: a batch allocates nothing once the
 * first few have grown them.  The reader only finds the records (CSV
 * records, JSON lines) and copies their bytes; the evaluators read their
 * cells, which is where most of the time goes.  Every record, even one
 * rejected, holds a place in its batch, and the reader notes where its
 * messages (a record too long, a quote never closed) end; the evaluator
 * writes them at that place, before its own for the next record (a bad
 * cell, an overflow), so the messages come in row order, as with one
 * thread.
 *
 * The writer is the one thread every row passes through in order, so it
 * does as little as it can: it writes the batch's bytes and adds its ids
 * to the IdSet (repeats are found in row order), their hashes computed by
 * the evaluators.  Each stage waits on its own condition and wakes only the
 * stage it fed.
 *
 * This needs records that are byte ranges (registry_byte_records: CSV,
 * JSON Lines).  A format without them (a database cursor, a spreadsheet's
 * typed cells) has nothing for a second thread to parse: the callers read
 * it on one thread, with the same output.
 */
#include "parallel.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "progress.h"
#include "../base/arena.h"
#include "../base/textbuf.h"

enum {
  /* Rows a batch holds: enough that waking a thread is rare, few enough
   * that the slots' buffers stay small (a few hundred KB each). */
  BATCH_ROWS = 512,
  IDS_AHEAD = 16,   /* the writer asks for an id's table slot this many rows ahead */
};

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
  uint64_t *id_keys;   /* idset_key of each id */
  char *out;           /* formatted rows, from out_fp */
  size_t out_len;
  FILE *out_fp;        /* memory streams, kept from batch to batch */
  char *errors;        /* the evaluator's messages, from errors_fp */
  size_t errors_len;
  FILE *errors_fp;
  long failed;
} Batch;

typedef struct Shared {
  const ParallelJob *job;
  const RowWork *work;
  Batch *slots;
  int nslots;
  pthread_mutex_t lock;
  pthread_cond_t filled;   /* a batch was read (or the input ended): evaluators */
  pthread_cond_t done;     /* a batch was evaluated: the writer */
  pthread_cond_t freed;    /* a batch was written: the reader */
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
    Batch *b = &s->slots[s->next_fill % s->nslots];
    while (b->state != SLOT_FREE)
      pthread_cond_wait(&s->freed, &s->lock);
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
    if (st == REG_END) {
      s->input_done = true;
      pthread_cond_broadcast(&s->filled);   /* every evaluator may stop */
      pthread_cond_signal(&s->done);        /* and the writer */
    } else {
      pthread_cond_signal(&s->filled);
    }
    pthread_mutex_unlock(&s->lock);
  }
  return NULL;
}

/* --- the evaluators ------------------------------------------------------------ */

typedef struct Worker {
  Shared *shared;
  RegistryWorker *cells;   /* reads raw records' cells */
  void *state;             /* the RowWork's */
} Worker;

/* The row's id, noted for the writer's IdSet. */
static void note_id(Batch *b, int r, TextRef id) {
  b->id_offsets[r] = b->ids.len;
  b->id_lens[r] = id.len;
  b->id_keys[r] = idset_key(id);
  tb_put(&b->ids, id.ptr, (size_t)id.len);
}

static void evaluate_batch(Worker *w, Batch *b) {
  const ParallelJob *job = w->shared->job;
  const RowWork *work = w->shared->work;
  FILE *out = job->out ? b->out_fp : NULL;
  FILE *errors = b->errors_fp;
  if (out)
    restart_stream(out);
  restart_stream(errors);
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
    note_id(b, r, row.texts[job->id_column]);
    if (!work->row(w->state, &row, out, errors))
      b->failed++;
  }
  fwrite(b->read_errors + said, 1, b->read_errors_len - said, errors);   /* after the last */
  if (out) {
    work->batch_end(w->state, out);
    fflush(out);
  }
  fflush(errors);
}

static void *evaluator(void *arg) {
  Worker *w = arg;
  Shared *s = w->shared;
  for (;;) {
    pthread_mutex_lock(&s->lock);
    while (!(s->next_take < s->next_fill &&
             s->slots[s->next_take % s->nslots].state == SLOT_FILLED) &&
           !(s->input_done && s->next_take >= s->total))
      pthread_cond_wait(&s->filled, &s->lock);
    if (s->next_take >= s->total && s->input_done) {
      pthread_mutex_unlock(&s->lock);
      return NULL;
    }
    Batch *b = &s->slots[s->next_take++ % s->nslots];
    b->state = SLOT_TAKEN;
    pthread_mutex_unlock(&s->lock);
    evaluate_batch(w, b);
    pthread_mutex_lock(&s->lock);
    b->state = SLOT_DONE;
    if (b->seq == s->next_write)   /* else the writer waits for an earlier one */
      pthread_cond_signal(&s->done);
    pthread_mutex_unlock(&s->lock);
  }
}

/* --- the writer: the calling thread ----------------------------------------------- */

/* The batch's ids, in row order; the table slot of each asked for ahead. */
static void add_ids(IdSet *ids, const Batch *b) {
  for (int r = 0; r < b->count; r++) {
    if (r + IDS_AHEAD < b->count && b->id_lens[r + IDS_AHEAD] >= 0)
      idset_prefetch(ids, b->id_keys[r + IDS_AHEAD]);
    if (b->id_lens[r] >= 0)
      idset_add_keyed(ids, b->id_keys[r],
                      (TextRef){b->ids.data + b->id_offsets[r], b->id_lens[r]}, b->lines[r]);
  }
}

static long write_in_order(Shared *s, IdSet *ids) {
  const ParallelJob *job = s->job;
  long failed = 0, rows = 0;
  Progress progress;
  progress_start(&progress, job->registry_path, job->errors);
  for (;;) {
    pthread_mutex_lock(&s->lock);
    Batch *b = &s->slots[s->next_write % s->nslots];
    while (!(s->input_done && s->next_write >= s->total) &&
           !(s->next_write < s->next_fill && b->state == SLOT_DONE && b->seq == s->next_write))
      pthread_cond_wait(&s->done, &s->lock);
    if (s->input_done && s->next_write >= s->total) {
      pthread_mutex_unlock(&s->lock);
      progress_end(&progress);
      return failed;
    }
    pthread_mutex_unlock(&s->lock);
    if (b->out_len)
      fwrite(b->out, 1, b->out_len, job->out);
    if (b->errors_len)
      fwrite(b->errors, 1, b->errors_len, job->errors);
    failed += b->failed;
    add_ids(ids, b);
    rows += b->count;
    if (progress.enabled)
      progress_update(&progress, rows & ~1023L, registry_bytes_read(job->registry));
    pthread_mutex_lock(&s->lock);
    s->next_write++;
    b->state = SLOT_FREE;
    pthread_cond_signal(&s->freed);
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

static void init_slots(Shared *s, int nslots) {
  s->nslots = nslots;
  s->slots = xcalloc((size_t)nslots, sizeof *s->slots);
  for (int i = 0; i < nslots; i++) {
    Batch *b = &s->slots[i];
    b->lines = xmalloc(sizeof(long) * BATCH_ROWS);
    b->id_offsets = xmalloc(sizeof(size_t) * BATCH_ROWS);
    b->id_lens = xmalloc(sizeof(long) * BATCH_ROWS);
    b->id_keys = xmalloc(sizeof(uint64_t) * BATCH_ROWS);
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
  for (int i = 0; i < s->nslots; i++) {
    Batch *b = &s->slots[i];
    free(b->lines);
    free(b->id_offsets);
    free(b->id_lens);
    free(b->id_keys);
    tb_free(&b->ids);
    free(b->offsets);
    free(b->lens);
    free(b->rejected);
    free(b->said);
    tb_free(&b->bytes);
    fclose(b->read_errors_fp);
    fclose(b->errors_fp);
    fclose(b->out_fp);
    free(b->read_errors);
    free(b->errors);
    free(b->out);
  }
  free(s->slots);
}

long parallel_run(const ParallelJob *job, const RowWork *work, int nworkers) {
  Shared s = {.job = job, .work = work};
  pthread_mutex_init(&s.lock, NULL);
  pthread_cond_init(&s.filled, NULL);
  pthread_cond_init(&s.done, NULL);
  pthread_cond_init(&s.freed, NULL);
  init_slots(&s, 2 * nworkers + 2);
  Worker *workers = xcalloc((size_t)nworkers, sizeof *workers);
  pthread_t read_thread, *threads = xcalloc((size_t)nworkers, sizeof *threads);
  for (int i = 0; i < nworkers; i++)
    workers[i] = (Worker){.shared = &s, .state = work->start(work->ctx, i),
                          .cells = registry_worker(job->registry, job->errors)};
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
    work->finish(work->ctx, workers[i].state);
    registry_merge_worker(job->registry, workers[i].cells);
    registry_worker_free(workers[i].cells);
  }
  free(workers);
  free(threads);
  free_slots(&s);
  pthread_cond_destroy(&s.filled);
  pthread_cond_destroy(&s.done);
  pthread_cond_destroy(&s.freed);
  pthread_mutex_destroy(&s.lock);
  return failed;
}
