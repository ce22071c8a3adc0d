/*
 * registry.c - a registry opened in the format that claims it, then read
 * only through that format's table (registry_format.h): the core never
 * asks which format it is again.  What every format shares lives below it:
 * the row builder (row_builder.c), binding names (columns.c) and block
 * input (reg_input.c).
 */
#include "registry.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "registry_impl.h"

static const RegistryFormat *format_for(const char *path) {
  const RegistryFormat *const *f = registry_formats;
  while (f[1] && !(*f)->claims(path))
    f++;
  return *f;   /* the last claims every path */
}

Registry *registry_open(const char *path, const RegistrySchema *schema,
                        FILE *errors) {
  return registry_open_limited(path, schema, errors, (RegistryLimits){0, 0});
}

bool registry_is_database(const char *path) { return format_for(path)->database; }

Registry *registry_open_with(const char *path, const RegistrySchema *schema, FILE *errors,
                             RegistryOptions *options) {
  return registry_open_full(path, schema, errors, (RegistryLimits){0, 0}, options);
}

Registry *registry_open_limited(const char *path, const RegistrySchema *schema,
                                FILE *errors, RegistryLimits limits) {
  return registry_open_full(path, schema, errors, limits, NULL);
}

Registry *registry_open_full(const char *path, const RegistrySchema *schema, FILE *errors,
                             RegistryLimits limits, RegistryOptions *options) {
  Registry *reg = xcalloc(1, sizeof *reg);
  reg->options = options ? options : &reg->no_options;
  const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
  reg->name = strcpy(xmalloc(strlen(name) + 1), name);
  row_shape_init(&reg->shape, schema);
  rb_init(&reg->rows, &reg->shape, reg->name, errors);
  reg->limits = limits;
  reg->format = format_for(path);
  reg->sheet = options ? options->sheet : NULL;
  if (!reg->format->open(reg, path)) {
    if (options)
      options->broken = reg->broken;
    registry_close(reg);
    return NULL;
  }
  return reg;
}

RegistryStatus registry_next(Registry *reg, RegistryRow *row) {
  return reg->format->next_row(reg, row);
}

bool registry_broken(const Registry *reg) { return reg->broken; }

long registry_rejected(const Registry *reg) { return reg->rows.rejected; }

long long registry_bytes_read(const Registry *reg) {
  return reg_input_bytes_read(&reg->in);
}

void registry_close(Registry *reg) {
  if (!reg)
    return;
  reg->format->close(reg);
  reg_input_close(&reg->in);
  rb_free(&reg->rows);
  row_shape_free(&reg->shape);
  free(reg->name);
  free(reg);
}

void registry_set_general_only(Registry *reg, bool on) { reg->general_only = on; }

void registry_set_errors(Registry *reg, FILE *errors) { reg->rows.errors = errors; }

/* ---- threads: one thread finds records, others read their cells ---- */

bool registry_byte_records(const Registry *reg) { return reg->format->byte_records; }

RegistryStatus registry_next_record(Registry *reg, char **bytes, size_t *len, long *line) {
  return reg->format->next_record(reg, bytes, len, line);
}

RegistryWorker *registry_worker(const Registry *reg, FILE *errors) {
  RegistryWorker *w = xcalloc(1, sizeof *w);
  w->format = reg->format;
  w->general_only = reg->general_only;
  rb_init(&w->rows, &reg->shape, reg->name, errors);
  w->state = reg->format->worker_new(reg);
  return w;
}

void registry_worker_set_errors(RegistryWorker *w, FILE *errors) { w->rows.errors = errors; }

RegistryStatus registry_parse_record(RegistryWorker *w, char *bytes, size_t len, long line,
                                     RegistryRow *row) {
  return w->format->parse_record(w, bytes, len, line, row);
}

void registry_worker_free(RegistryWorker *w) {
  if (!w)
    return;
  w->format->worker_free(w->state);
  rb_free(&w->rows);
  free(w);
}

void registry_merge_worker(Registry *reg, const RegistryWorker *worker) {
  rb_merge(&reg->rows, &worker->rows);
}
