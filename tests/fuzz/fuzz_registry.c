/*
 * fuzz_registry.c - any bytes as a registry, read as CSV and as JSON
 * Lines against a schema of every kind of column: rows are read or
 * reported, never a crash, never a read out of bounds.  CSV is read twice,
 * with and without the one-pass reader of plain records: the rows and the
 * messages must be the same (else the harness aborts).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/registry.h"
#include "runtime/registry_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const RegistryColumn COLUMNS[] = {
    {"id", NULL, VK_TEXT, true, 0, NULL},
    {"m", NULL, VK_MONEY, false, 0, NULL},
    {"p", NULL, VK_PERCENT, false, 0, NULL},
    {"n", NULL, VK_NUMBER, false, 0, NULL},
    {"c", NULL, VK_COUNT, false, 0, NULL},
    {"b", NULL, VK_BOOL, false, 0, NULL},
    {"d", NULL, VK_DATE, false, DATE_ABSENT, NULL},
    {"t", NULL, VK_TEXT, false, 0, "x"},
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

static Reading read_all(const char *path, bool general_only) {
  RegistrySchema schema = {COLUMNS, NCOLUMNS};
  Reading got = {0xcbf29ce484222325u, NULL};
  size_t size;
  FILE *errors = open_memstream(&got.messages, &size);
  Registry *reg = registry_open(path, &schema, errors);
  if (reg) {
    registry_set_general_only(reg, general_only);
    RegistryRow row;
    RegistryStatus st;
    while ((st = registry_next(reg, &row)) != REG_END) {
      got.rows = mix(got.rows, &st, sizeof st);
      if (st != REG_ROW)
        continue;
      got.rows = mix(got.rows, &row.line, sizeof row.line);
      got.rows = mix(got.rows, row.ints, sizeof *row.ints * NCOLUMNS);
      for (int c = 0; c < NCOLUMNS; c++)
        got.rows = mix(got.rows, row.texts[c].ptr, (size_t)row.texts[c].len);
    }
    registry_close(reg);
  }
  fclose(errors);
  return got;
}

static void read_csv_both_ways(const char *path) {
  Reading one_pass = read_all(path, false), general = read_all(path, true);
  if (one_pass.rows != general.rows || strcmp(one_pass.messages, general.messages) != 0) {
    fprintf(stderr, "the one-pass and the general CSV reader disagree\n"
                    "one pass:\n%s\ngeneral:\n%s\n", one_pass.messages, general.messages);
    abort();
  }
  free(one_pass.messages);
  free(general.messages);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char csv[] = "/tmp/polc-fuzz-XXXXXX";
  int fd = mkstemp(csv);
  if (fd < 0)
    return 0;
  if (write(fd, data, size) == (ssize_t)size) {
    close(fd);
    read_csv_both_ways(csv);
    char jsonl[64];
    snprintf(jsonl, sizeof jsonl, "%s.jsonl", csv);
    if (rename(csv, jsonl) == 0) {
      free(read_all(jsonl, false).messages);
      unlink(jsonl);
    }
  } else {
    close(fd);
  }
  unlink(csv);
  return 0;
}
