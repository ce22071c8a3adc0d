/*
 * stdlib_path.h - where `import NAME` finds NAME.pol.
 *
 * In order: each directory of $POLC_STDLIB (colon-separated), stdlib/ beside
 * the running binary (a build tree), ../share/polc beside it (an installed
 * tree), and the install prefix compiled in.
 */
#ifndef POLC_STDLIB_PATH_H
#define POLC_STDLIB_PATH_H

#include "../runtime/base/arena.h"

/* A NULL-terminated list of directories, allocated in the arena. */
const char *const *stdlib_dirs(Arena *arena);

#endif
