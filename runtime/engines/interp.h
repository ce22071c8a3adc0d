/*
 * interp.h - the interpreter: runs an IrProgram on one row at a time.
 *
 * The registers are allocated once per Interp, so evaluating a row
 * allocates nothing.  One Interp per thread.
 */
#ifndef POLC_INTERP_H
#define POLC_INTERP_H

#include "../../compiler/ir/ir.h"
#include "../../compiler/ir/outcome.h"

typedef struct Interp Interp;

/* Called for each TRACE instruction (explain): the instruction and the
 * values of its registers a, b, d as 128-bit integers. */
typedef void (*TraceFn)(void *ctx, const IrInst *inst, i128 a, i128 b, i128 d);

Interp *interp_new(const IrProgram *prog);
void interp_free(Interp *interp);
void interp_set_trace(Interp *interp, TraceFn fn, void *ctx);

/* Evaluates one row: ints/texts are the inputs in prog->inputs order (money
 * in fen), `as_of` the evaluation date.  `out->rules` must hold
 * prog->nrules entries. */
void interp_run(Interp *interp, const int64_t *ints, const TextRef *texts,
                int32_t as_of, RowOutcome *out);

#endif
