/*
 * parallel.c - a registry's rows on threads (parallel.h).  N threads, the
 * calling one among them, share three kinds of work, each taken by
 * whichever thread is free:
 *
 *   read a batch (one thread at a time, in input order) ─▶ evaluate it
 *   (any number at once) ─▶ write the batches in input order (one at a time)
 *
 * A thread reads the next batch of records, evaluates it itself, and then
 * writes every batch whose turn has come; so a thread hands no work to
 * another and waits only when there is nothing it may do (another thread
 * is reading, and no batch is ready to write).  With two threads on two
 * cores there is no thread switch in the steady state, and the parts only
 * one thread may do at a time (reading the records, writing the output)
 * overlap the other's evaluating.  The output is the same for every
 * number of threads.
 *
 * Batches sit in a ring of slots (two per thread, and two more); a slot is
 * filled, evaluated, written and then reused, so memory stays bounded
 * whatever the registry's size.  A slot keeps its buffers (and the memory
 * streams its messages and rows are written to) from batch to batch: a
 * batch allocates nothing once the first few have grown them.  Reading
 * only finds the records (CSV records, JSON lines) and copies their bytes;
 * evaluating reads their cells, which is where most of the time goes.
 * Every record, even one rejected, holds a place in its batch, and the
 * reading notes where its messages (a record too long, a quote never
 * closed) end; the evaluating writes them at that place, before its own
 * for the next record (a bad cell, an overflow), so the messages come in
 * row order, as with one thread.
 *
 * Writing is the one step every row passes through in order, so it does
 * as little as it can: it writes the batch's bytes and adds its ids to the
 * IdSet (repeats are found in row order), their hashes computed while
 * evaluating.
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
  IDS_AHEAD = 16,   /* writing asks for an id's table slot this many rows ahead */
};

typedef enum SlotState {
  SLOT_FREE,    /* may be read into */
  SLOT_TAKEN,   /* being read or evaluated */
  SLOT_DONE,    /* evaluated: waits for its turn to be written */
} SlotState;

typedef struct Batch {
  SlotState state;
  int count;           /* records, rejected ones included */
  long long bytes_read;   /* the registry's bytes read once it was filled */
  bool *rejected;      /* reading rejected the record: nothing to evaluate */
  size_t *said;        /* where reading's messages up to the record end */
  size_t *offsets;     /* where each record is in `bytes` */
  size_t *lens;
  char *read_errors;   /* reading's messages for this batch */
  size_t read_errors_len;
  FILE *read_errors_fp;   /* a memory stream onto read_errors, kept */
  long *lines;
  TextBuf bytes;       /* the records' bytes */
  TextBuf ids;         /* the ids of the rows read, for the IdSet */
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

/* What the threads share; every field below `lock` is read and written
 * under it, except what the one thread reading (or writing) owns while
 * its flag is set. */
typedef struct Shared {
  const ParallelJob *job;
  const RowWork *work;
  Batch *slots;        /* batch n is in slots[n % nslots] */
  int nslots;
  pthread_mutex_t lock;
  pthread_cond_t changed;   /* something was read, evaluated or written */
  int waiting;         /* threads waiting on `changed` */
  long next_fill;      /* the batch to read next */
  long next_write;     /* the batch to write next */
  bool reading, writing, input_done;
  /* the writing thread's */
  IdSet *ids;
  Progress progress;
  long failed, rows;
} Shared;

/* Empties a kept memory stream: its buffer stays for the next batch. */
static void restart_stream(FILE *fp) {
  rewind(fp);
  fflush(fp);   /* (the size the stream reports is its position) */
}

/* Wakes the threads with nothing to do, to look again (the lock held). */
static void wake(Shared *s) {
  if (s->waiting)
    pthread_cond_broadcast(&s->changed);
}

/* --- reading ---------------------------------------------------------------- */

/* Gives the next record its place in the batch and notes where the
 * reading's messages so far end (flushing them only when the record was
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

/* Reads the next batch into `b`; REG_END when the input ended. */
static RegistryStatus read_batch(Shared *s, Batch *b) {
  Registry *reg = s->job->registry;
  b->count = 0;
  b->bytes.len = 0;
  FILE *errors = b->read_errors_fp;
  restart_stream(errors);
  registry_set_errors(reg, errors);
  RegistryStatus st = fill_batch(s, b, errors);
  registry_set_errors(reg, s->job->errors);
  fflush(errors);
  b->bytes_read = registry_bytes_read(reg);
  return st;
}

/* --- evaluating ---------------------------------------------------------------- */

typedef struct Worker {
  Shared *shared;
  RegistryWorker *cells;   /* reads raw records' cells */
  void *state;             /* the RowWork's */
} Worker;

/* The row's id, noted for the IdSet (added when the batch is written). */
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

/* --- writing, in input order ------------------------------------------------------- */

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

static void write_batch(Shared *s, const Batch *b) {
  const ParallelJob *job = s->job;
  if (s->rows == 0 && b->count == BATCH_ROWS)   /* the first batch: rows' length */
    idset_reserve(s->ids, progress_expected_rows(&s->progress, b->count,
                                                 (long long)(b->bytes.len + b->count)));
  if (b->out_len)
    fwrite(b->out, 1, b->out_len, job->out);
  if (b->errors_len)
    fwrite(b->errors, 1, b->errors_len, job->errors);
  s->failed += b->failed;
  add_ids(s->ids, b);
  s->rows += b->count;
  if (s->progress.enabled)
    progress_update(&s->progress, s->rows & ~1023L, b->bytes_read);
}

/* --- one thread -------------------------------------------------------------------- */

enum { RESERVE_AFTER_ROWS = 16384 };   /* bytes read are counted in blocks */

void rows_counted(Progress *progress, IdSet *ids, long rows, Registry *registry) {
  if (rows == RESERVE_AFTER_ROWS)
    idset_reserve(ids, progress_expected_rows(progress, rows, registry_bytes_read(registry)));
  if (progress->enabled)
    progress_update(progress, rows, registry_bytes_read(registry));
}

/* --- the threads ----------------------------------------------------------------- */

/* Writes the next batch if its turn has come and no one else is writing
 * (the lock held, and held again on return); false when it may not. */
static bool try_write(Shared *s) {
  Batch *b = &s->slots[s->next_write % s->nslots];
  if (s->writing || s->next_write >= s->next_fill || b->state != SLOT_DONE)
    return false;
  s->writing = true;
  pthread_mutex_unlock(&s->lock);
  write_batch(s, b);
  pthread_mutex_lock(&s->lock);
  s->writing = false;
  b->state = SLOT_FREE;
  s->next_write++;
  wake(s);
  return true;
}

/* Reads the next batch and evaluates it, if no one else is reading and
 * its slot is free (the lock held, and held again on return). */
static bool try_read_and_evaluate(Worker *w) {
  Shared *s = w->shared;
  Batch *b = &s->slots[s->next_fill % s->nslots];
  if (s->reading || s->input_done || b->state != SLOT_FREE)
    return false;
  s->reading = true;
  b->state = SLOT_TAKEN;
  pthread_mutex_unlock(&s->lock);
  RegistryStatus st = read_batch(s, b);
  pthread_mutex_lock(&s->lock);
  s->reading = false;
  s->next_fill++;
  s->input_done = st == REG_END;
  wake(s);
  pthread_mutex_unlock(&s->lock);
  evaluate_batch(w, b);
  pthread_mutex_lock(&s->lock);
  b->state = SLOT_DONE;
  wake(s);
  return true;
}

/* What every thread does until every batch is written: writing first,
 * which frees slots to read into. */
static void *work_loop(void *arg) {
  Worker *w = arg;
  Shared *s = w->shared;
  pthread_mutex_lock(&s->lock);
  while (!(s->input_done && s->next_write == s->next_fill)) {
    if (try_write(s) || try_read_and_evaluate(w))
      continue;
    s->waiting++;
    pthread_cond_wait(&s->changed, &s->lock);
    s->waiting--;
  }
  wake(s);   /* the others see the end */
  pthread_mutex_unlock(&s->lock);
  return NULL;
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
  Shared s = {.job = job, .work = work, .ids = idset_new()};
  pthread_mutex_init(&s.lock, NULL);
  pthread_cond_init(&s.changed, NULL);
  init_slots(&s, 2 * nworkers + 2);
  progress_start(&s.progress, job->registry_path, job->errors);
  Worker *workers = xcalloc((size_t)nworkers, sizeof *workers);
  pthread_t *threads = xcalloc((size_t)nworkers, sizeof *threads);
  for (int i = 0; i < nworkers; i++)
    workers[i] = (Worker){.shared = &s, .state = work->start(work->ctx, i),
                          .cells = registry_worker(job->registry, job->errors)};
  for (int i = 1; i < nworkers; i++)   /* the calling thread is the first */
    pthread_create(&threads[i], NULL, work_loop, &workers[i]);
  work_loop(&workers[0]);
  for (int i = 1; i < nworkers; i++)
    pthread_join(threads[i], NULL);
  progress_end(&s.progress);
  idset_report(s.ids, job->registry_name, job->errors);
  idset_free(s.ids);
  for (int i = 0; i < nworkers; i++) {
    work->finish(work->ctx, workers[i].state);
    registry_merge_worker(job->registry, workers[i].cells);
    registry_worker_free(workers[i].cells);
  }
  free(workers);
  free(threads);
  free_slots(&s);
  pthread_cond_destroy(&s.changed);
  pthread_mutex_destroy(&s.lock);
  return s.failed;
}
