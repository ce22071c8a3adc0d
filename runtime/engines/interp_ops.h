/*
 * interp_ops.h - the interpreter's own form of a program (interp.c runs
 * it, interp_decode.c makes it from the IR).
 *
 * The IR is written for the native code's compiler: a register for every
 * constant, a move for every variable, a comparison then a branch.  Run
 * as it is, an interpreter spends its time choosing what to do next
 * (about 1,340 instructions a row on the four seed policies).  Decoded
 * once per program, the same work takes about 760:
 *   - a register that only ever holds one constant is set once, when the
 *     interpreter is made, and its `const` instructions are gone;
 *   - each instruction is chosen for its registers' types (ADD_I: 64-bit
 *     checked), so running it looks nothing up;
 *   - a comparison and the branch on it are one op (BR_LT_I), an amount
 *     read and added to a sum are one (ADDAMT), a rule's amount, lower
 *     bound and status set one after the other are one (SETRULE);
 *   - jumps name the op they go to.
 * Whatever is rare (128-bit money, dates, text constants, explain's
 * trace) runs as GENERIC: the IR instruction itself, through the same
 * checked arithmetic as before.  Results, overflows and the rule an error
 * names are the IR's, exactly.
 */
#ifndef POLC_INTERP_OPS_H
#define POLC_INTERP_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "../../compiler/ir/ir.h"

/* Every op once; "_I": its registers are I64, "_W": WIDE, "_T": TEXT.
 * d, a, b are registers; x, y as said. */
#define INTERP_OPS(X)                                                        \
  X(GENERIC)    /* the IR instruction code[k] */                             \
  X(CONST_I)    /* d = k */                                                  \
  X(LOAD_I)     /* d = row input k */                                        \
  X(LOAD_W)     /* d = row input k, in millionths of a fen */                \
  X(LOAD_T)                                                                  \
  X(ASOF)                                                                    \
  X(MOV_I) X(MOV_W) X(MOV_T)                                                 \
  X(ADD_I) X(SUB_I)   /* checked; x: the rule an overflow names */           \
  X(MIN_I) X(MAX_I)                                                          \
  X(EQ_I) X(NE_I) X(LT_I) X(LE_I) X(GT_I) X(GE_I)                            \
  X(EQ_T) X(NE_T)                                                            \
  X(NOT)                                                                     \
  X(SELECT_I) X(SELECT_W) X(SELECT_T)   /* d = y ? a : b */                  \
  X(JMP)        /* to op x */                                                \
  X(BR)         /* a ? op x : op y */                                        \
  /* d = a OP b, then to op x if true, y if false */                         \
  X(BR_EQ_I) X(BR_NE_I) X(BR_LT_I) X(BR_LE_I) X(BR_GT_I) X(BR_GE_I)          \
  X(GETAMT)     /* d = amount of rule x */                                   \
  X(ADDAMT)     /* b = amount of rule x; d = a + b, checked (rule y) */      \
  X(SETAMT) X(SETLOW)   /* rule x's amount, lower bound = a */               \
  X(SETST)      /* rule x's status = a, detail = y (a register) or -1 */     \
  X(SETRULE)    /* rule x: amount a, lower bound b, status d, detail y */    \
  X(SETTOTAL)                                                                \
  X(RET)

typedef enum InterpOpCode {
#define INTERP_OP_ENUM(name) OP_##name,
  INTERP_OPS(INTERP_OP_ENUM)
#undef INTERP_OP_ENUM
  OP_COUNT
} InterpOpCode;

typedef struct InterpOp {
  uint8_t code;
  int32_t d, a, b;
  int32_t x, y;
  int64_t k;
} InterpOp;

typedef struct InterpCode {
  InterpOp *ops;
  int nops;
  /* [nregs]: the register only ever holds one constant (CONST or TEXT):
   * set once by interp_new, never by an op */
  bool *constant;
} InterpCode;

void interp_decode(const IrProgram *prog, InterpCode *code);
void interp_code_free(InterpCode *code);

#endif
