/*
 * row.h - the buffers one row is evaluated in, sized for a program: its
 * inputs, at their defaults, and its outcome, with room for every rule and
 * every indicator.  Every command that evaluates a row takes them from
 * here, so that none can leave a part out (issue 11: an outcome built
 * without its indicators made a policy with both crash `polc test`).
 */
#ifndef POLC_ROW_H
#define POLC_ROW_H

#include "../../compiler/ir/ir.h"
#include "../../compiler/ir/outcome.h"
#include "../base/value.h"

typedef struct RowBuffers {
  int64_t *ints;           /* [ninputs] numbers, money, dates, bools */
  TextRef *texts;          /* [ninputs] the text inputs (defaults: static) */
  RowOutcome outcome;      /* rules[nrules], indicators[nindicators] */
} RowBuffers;

void row_buffers_init(RowBuffers *row, const IrProgram *prog);
void row_buffers_free(RowBuffers *row);

#endif
