/*
 * outcome.h - what evaluating one row produces, filled in by either engine
 * and read by the writers, the summary and explain.
 */
#ifndef POLC_OUTCOME_H
#define POLC_OUTCOME_H

#include <stdint.h>

#include "../../runtime/base/arith.h"   /* RowError */

typedef struct RuleOutcome {
  int64_t amount;     /* the entitlement in fen, after eligibility, caps,
                         top-up, years, groups and stacking */
  int64_t lower;      /* a range's lower bound in fen; -1 when none */
  int32_t status;     /* IrStatus (compiler/ir.h) */
  int32_t detail;     /* the failed clause, or the winning rule */
} RuleOutcome;

typedef struct IndicatorOutcome {
  int64_t value;      /* what the row adds (a count's 0/1, a sum's figure) */
  int32_t included;   /* the row passes the indicator's `where` */
  int32_t pad;
} IndicatorOutcome;

typedef struct RowOutcome {
  int64_t total;
  int32_t as_of;      /* the evaluation date used */
  int32_t error;      /* RowError */
  int32_t error_rule; /* rule being computed when it happened, -1 none */
  int32_t nrules;
  RuleOutcome *rules; /* [nrules] */
  int32_t nindicators;
  IndicatorOutcome *indicators;   /* [nindicators] */
} RowOutcome;

#endif
