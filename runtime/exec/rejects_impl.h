/*
 * rejects_impl.h - the rejected rows as the writers for each kind of
 * registry (rejects_xlsx.c, rejects_sqlite.c, rejects_pg.c) see them.
 */
#ifndef POLC_REJECTS_IMPL_H
#define POLC_REJECTS_IMPL_H

#include "../base/textbuf.h"
#include "rejects.h"

/* A rejected row: where (its line or position, or a database's id) and
 * why (the messages about it, joined by "; "). */
typedef struct Rejected {
  long line;      /* 0 for a row named by its id */
  char *where;    /* the id, for a row named by it */
  TextBuf reason;
} Rejected;

/* Each writes rows[0..n) (by line, ascending; or by id) of the registry
 * `from` to `to`; false after writing why. */
bool rejects_write_xlsx(const Rejected *rows, size_t n, const RejectsSource *from,
                        const RejectsTarget *to, char *why, size_t size);
bool rejects_write_sqlite(const Rejected *rows, size_t n, const RejectsSource *from,
                          const RejectsTarget *to, char *why, size_t size);
bool rejects_write_pg(const Rejected *rows, size_t n, const RejectsSource *from,
                      const RejectsTarget *to, char *why, size_t size);

#endif
