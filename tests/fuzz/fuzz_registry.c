/*
 * fuzz_registry.c - any bytes as a registry, read as CSV and as JSON
 * Lines against a schema of every kind of column: rows are read or
 * reported, never a crash, never a read out of bounds.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "runtime/registry.h"

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

static void read_all(const char *path) {
  RegistrySchema schema = {COLUMNS, sizeof COLUMNS / sizeof COLUMNS[0]};
  FILE *sink = fopen("/dev/null", "w");
  Registry *reg = registry_open(path, &schema, sink);
  if (reg) {
    RegistryRow row;
    while (registry_next(reg, &row) != REG_END)
      ;
    registry_close(reg);
  }
  fclose(sink);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char csv[] = "/tmp/polc-fuzz-XXXXXX";
  int fd = mkstemp(csv);
  if (fd < 0)
    return 0;
  if (write(fd, data, size) == (ssize_t)size) {
    close(fd);
    read_all(csv);
    char jsonl[64];
    snprintf(jsonl, sizeof jsonl, "%s.jsonl", csv);
    if (rename(csv, jsonl) == 0) {
      read_all(jsonl);
      unlink(jsonl);
    }
  } else {
    close(fd);
  }
  unlink(csv);
  return 0;
}
