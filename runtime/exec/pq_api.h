/*
 * pq_api.h - the libpq functions polc calls, bound at first use
 * (../base/dynlib.h): only a PostgreSQL registry or destination needs
 * libpq (pg_common.c binds it before connecting).  A function called
 * anywhere must be listed here: polc does not link libpq, so a missing one
 * is an undefined reference.
 */
#ifndef POLC_PQ_API_H
#define POLC_PQ_API_H

#include <libpq-fe.h>

#define PQ_FUNCTIONS(X) \
  X(PQclear) \
  X(PQconndefaults) \
  X(PQconnectdb) \
  X(PQconninfoFree) \
  X(PQdescribePrepared) \
  X(PQerrorMessage) \
  X(PQescapeIdentifier) \
  X(PQexec) \
  X(PQfinish) \
  X(PQfname) \
  X(PQfreemem) \
  X(PQftype) \
  X(PQgetCopyData) \
  X(PQgetResult) \
  X(PQnfields) \
  X(PQprepare) \
  X(PQputCopyData) \
  X(PQputCopyEnd) \
  X(PQresultErrorField) \
  X(PQresultStatus) \
  X(PQsetClientEncoding) \
  X(PQsetNoticeProcessor) \
  X(PQstatus)

typedef struct PqApi {
#define POLC_SLOT(f) __typeof__(f) *f;
  PQ_FUNCTIONS(POLC_SLOT)
#undef POLC_SLOT
} PqApi;

extern PqApi polc_pq;

/* Loads libpq and fills polc_pq, the first time: NULL when done, else why not
 * (dynlib.h). */
const char *pq_bind(void);

/* Every call below goes through the table: bind first.  The file filling
 * the table defines POLC_PQ_API_TABLE, where the names stay the library's. */
#ifndef POLC_PQ_API_TABLE
#define PQclear (polc_pq.PQclear)
#define PQconndefaults (polc_pq.PQconndefaults)
#define PQconnectdb (polc_pq.PQconnectdb)
#define PQconninfoFree (polc_pq.PQconninfoFree)
#define PQdescribePrepared (polc_pq.PQdescribePrepared)
#define PQerrorMessage (polc_pq.PQerrorMessage)
#define PQescapeIdentifier (polc_pq.PQescapeIdentifier)
#define PQexec (polc_pq.PQexec)
#define PQfinish (polc_pq.PQfinish)
#define PQfname (polc_pq.PQfname)
#define PQfreemem (polc_pq.PQfreemem)
#define PQftype (polc_pq.PQftype)
#define PQgetCopyData (polc_pq.PQgetCopyData)
#define PQgetResult (polc_pq.PQgetResult)
#define PQnfields (polc_pq.PQnfields)
#define PQprepare (polc_pq.PQprepare)
#define PQputCopyData (polc_pq.PQputCopyData)
#define PQputCopyEnd (polc_pq.PQputCopyEnd)
#define PQresultErrorField (polc_pq.PQresultErrorField)
#define PQresultStatus (polc_pq.PQresultStatus)
#define PQsetClientEncoding (polc_pq.PQsetClientEncoding)
#define PQsetNoticeProcessor (polc_pq.PQsetNoticeProcessor)
#define PQstatus (polc_pq.PQstatus)
#endif

#endif
