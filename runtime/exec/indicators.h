/*
 * indicators.h - a plan's indicators over a whole registry: each
 * indicator's value, baseline, target and progress toward the target.
 */
#ifndef POLC_INDICATORS_H
#define POLC_INDICATORS_H

#include <stdbool.h>
#include <stdio.h>

#include "../../compiler/ir/ir.h"
#include "../../compiler/ir/outcome.h"

typedef struct IndicatorTotals {
  long included;      /* rows passing `where` */
  long holds;         /* of those, rows where a count/share condition holds */
  i128 sum;           /* of the figures (sum, avg) */
} IndicatorTotals;

/* One per indicator of the program, zeroed. */
IndicatorTotals *indicators_new(const IrProgram *prog);
void indicators_add(const IrProgram *prog, IndicatorTotals *totals,
                    const RowOutcome *row);
void indicators_merge(const IrProgram *prog, IndicatorTotals *into,
                      const IndicatorTotals *from);
/* Reports on `errors` each indicator whose value is beyond 64 bits in its
 * unit, which indicators_print cannot print; returns how many (0: print). */
int indicators_check(const IrProgram *prog, const IndicatorTotals *totals, FILE *errors);
void indicators_print(const IrProgram *prog, const IndicatorTotals *totals,
                      FILE *fp, bool json);

#endif
