/*
 * registry_impl.h - the registry as its formats see it (registry_format.h):
 * its block input (reg_input.h), its row builder (row_builder.h) and the
 * format's own state.  Not for use outside runtime/exec (the unit tests
 * use the limits knob and look at the buffer).
 */
#ifndef POLC_REGISTRY_IMPL_H
#define POLC_REGISTRY_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "reg_input.h"
#include "registry.h"
#include "registry_format.h"
#include "row_builder.h"

struct Registry {
  char *name;             /* as messages show it: the path, or <stdin> */
  RowShape shape;         /* columns, defaults: shared with the workers */
  RowBuilder rows;        /* the row being filled, the messages, the count */
  RegistryLimits limits;  /* for reg_input_open */
  RegistryOptions *options;  /* the command line's; never NULL */
  RegistryOptions no_options; /* (when it gave none) */
  RegInput in;            /* for formats of bytes (reg_input_open) */
  const RegistryFormat *format;   /* chosen once, at open */
  void *state;            /* the format's own */
  bool general_only;      /* tests: no record by a format's fast path */
  const char *sheet;      /* --sheet (a workbook's), or NULL */
  /* The file cannot be read as its format at all (not a workbook, damaged,
   * no such sheet), or broke off part way: said once, exit status 2. */
  bool broken;
};

Registry *registry_open_limited(const char *path, const RegistrySchema *schema,
                                FILE *errors, RegistryLimits limits);
/* Both: the limits (tests) and the options (NULL: none). */
Registry *registry_open_full(const char *path, const RegistrySchema *schema, FILE *errors,
                             RegistryLimits limits, RegistryOptions *options);
/* Tests: read every record of reg (and of its workers made afterwards)
 * without a format's fast path (CSV's one-pass reader), to compare them. */
void registry_set_general_only(Registry *reg, bool on);

#endif
