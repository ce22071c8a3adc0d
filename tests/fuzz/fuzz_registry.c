/*
 * fuzz_registry.c - any bytes as a registry, read as CSV and as JSON
 * Lines against a schema of every kind of column: rows are read or
 * reported, never a crash, never a read out of bounds.  Each is read in
 * the ways polc reads registries, which must give the same rows and the
 * same messages (else the harness aborts): whole rows (registry_next), and
 * records found by one reader and parsed by a worker (the threads' way);
 * and without the formats' one-pass readers (CSV's of records without
 * quotes, JSON Lines' of objects, jsonl_plain.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/exec/registry.h"
#include "runtime/exec/registry_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const RegistryColumn COLUMNS[] = {
    {"id", NULL, VK_TEXT, true, 0, NULL, false, false},
    {"m", NULL, VK_MONEY, false, 0, NULL, false, false},
    {"p", NULL, VK_PERCENT, false, 0, NULL, false, false},
    {"n", NULL, VK_NUMBER, false, 0, NULL, false, false},
    {"c", NULL, VK_COUNT, false, 0, NULL, true, false},
    {"b", NULL, VK_BOOL, false, 0, NULL, false, false},
    {"d", NULL, VK_DATE, false, DATE_ABSENT, NULL, false, false},
    {"t", NULL, VK_TEXT, false, 0, "x", false, false},
};

enum { NCOLUMNS = sizeof COLUMNS / sizeof COLUMNS[0] };

/* FNV-1a over the bytes of p[0..n). */
static uint64_t mix(uint64_t h, const void *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    h = (h ^ ((const unsigned char *)p)[i]) * 0x100000001b3u;
  return h;
}

/* What reading a registry gave: a hash of every row, and the messages. */
typedef struct Reading {
  uint64_t rows;
  char *messages;
} Reading;

static uint64_t mix_row(uint64_t h, RegistryStatus st, const RegistryRow *row) {
  h = mix(h, &st, sizeof st);
  if (st != REG_ROW)
    return h;
  h = mix(h, &row->line, sizeof row->line);
  h = mix(h, row->ints, sizeof *row->ints * NCOLUMNS);
  for (int c = 0; c < NCOLUMNS; c++)
    h = mix(h, row->texts[c].ptr, (size_t)row->texts[c].len);
  return h;
}

/* The next row: whole (registry_next), or as the threads read, the record
 * from the registry and its row from a worker. */
static RegistryStatus next_row(Registry *reg, RegistryWorker *worker, RegistryRow *row) {
  if (!worker)
    return registry_next(reg, row);
  char *bytes;
  size_t len;
  long line;
  RegistryStatus st = registry_next_record(reg, &bytes, &len, &line);
  return st == REG_ROW ? registry_parse_record(worker, bytes, len, line, row) : st;
}

static Reading read_all(const char *path, bool general_only, bool split) {
  RegistrySchema schema = {COLUMNS, NCOLUMNS};
  Reading got = {0xcbf29ce484222325u, NULL};
  size_t size;
  FILE *errors = open_memstream(&got.messages, &size);
  Registry *reg = registry_open(path, &schema, errors);
  if (reg) {
    registry_set_general_only(reg, general_only);
    RegistryWorker *worker = split ? registry_worker(reg, errors) : NULL;
    RegistryRow row;
    RegistryStatus st;
    while ((st = next_row(reg, worker, &row)) != REG_END)
      got.rows = mix_row(got.rows, st, &row);
    if (worker)
      registry_merge_worker(reg, worker);   /* as the threads do: its loose keys */
    registry_worker_free(worker);
    registry_close(reg);
  }
  fclose(errors);
  return got;
}

static void same_or_abort(Reading a, Reading b, const char *what) {
  if (a.rows != b.rows || strcmp(a.messages, b.messages) != 0) {
    fprintf(stderr, "%s disagree\nfirst:\n%s\nsecond:\n%s\n", what, a.messages,
            b.messages);
    abort();
  }
  free(b.messages);
}

static void read_every_way(const char *path) {
  Reading whole = read_all(path, false, false);
  same_or_abort(whole, read_all(path, false, true), "whole rows and split records");
  same_or_abort(whole, read_all(path, true, false), "the one-pass and the general reader");
  free(whole.messages);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char csv[] = "/tmp/polc-fuzz-XXXXXX";
  int fd = mkstemp(csv);
  if (fd < 0)
    return 0;
  if (write(fd, data, size) == (ssize_t)size) {
    close(fd);
    read_every_way(csv);
    char jsonl[64];
    snprintf(jsonl, sizeof jsonl, "%s.jsonl", csv);
    if (rename(csv, jsonl) == 0) {
      read_every_way(jsonl);
      unlink(jsonl);
    }
  } else {
    close(fd);
  }
  unlink(csv);
  return 0;
}
