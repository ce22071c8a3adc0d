/*
 * formats.c - the registry formats polc reads, one line each; the first
 * that claims a path reads it, so the CSV, which claims every path, comes
 * last.  A new format is its file, its `extern` line and its line in the
 * table (CONTRIBUTING.md, "Adding a registry format").
 */
#include "registry_format.h"

#include <string.h>

extern const RegistryFormat jsonl_format;   /* .jsonl, .ndjson */
extern const RegistryFormat csv_format;     /* everything else */

const RegistryFormat *const registry_formats[] = {
    &jsonl_format,
    &csv_format,
    NULL,
};

bool registry_path_ends(const char *path, const char *suffix) {
  size_t n = strlen(path), m = strlen(suffix);
  if (n < m)
    return false;
  for (size_t i = 0; i < m; i++) {
    char c = path[n - m + i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != suffix[i])
      return false;
  }
  return true;
}
