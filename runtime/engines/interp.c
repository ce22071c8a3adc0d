/*
 * interp.c - a switch-dispatched interpreter of the IR.
 *
 * Scalars live in two register files indexed by register number: `ints`
 * for I64 and `wides` for WIDE (millionths of a fen); texts in a third.
 * Every arithmetic instruction is checked; the first overflow or division
 * by zero ends the row with the error and the rule being computed.
 */
#include "interp.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arith.h"
#include "../base/exact.h"
#include "../base/wide.h"

struct Interp {
  const IrProgram *prog;
  int64_t *ints;
  i128 *wides;
  TextRef *texts;
  TraceFn trace;
  void *trace_ctx;
  bool *narrow;   /* [ncode]: every register of the instruction is I64 */
};

/* Whether the instruction's registers are all I64, decided once: then its
 * arithmetic or comparison is done in 64 bits, with the same result and
 * the same overflows as in 128 bits followed by the check that the result
 * fits its I64 register. */
static bool all_narrow(const IrProgram *prog, const IrInst *inst) {
  switch ((IrOp)inst->op) {
  case IR_ADD: case IR_SUB: case IR_NEG: case IR_MIN: case IR_MAX:
  case IR_EQ: case IR_NE: case IR_LT: case IR_LE: case IR_GT: case IR_GE:
    break;
  default:
    return false;
  }
  int regs[3] = {inst->a, inst->b, inst->d};
  for (int i = 0; i < 3; i++)
    if (regs[i] >= 0 && prog->reg_types[regs[i]] != IRT_I64)
      return false;
  return inst->a >= 0 && inst->d >= 0 && (inst->op == IR_NEG || inst->b >= 0);
}

Interp *interp_new(const IrProgram *prog) {
  Interp *in = xcalloc(1, sizeof *in);
  size_t n = (size_t)prog->nregs + 1;
  in->prog = prog;
  in->ints = xcalloc(n, sizeof(int64_t));
  in->wides = xcalloc(n, sizeof(i128));
  in->texts = xcalloc(n, sizeof(TextRef));
  in->narrow = xcalloc((size_t)prog->ncode + 1, sizeof *in->narrow);
  for (int i = 0; i < prog->ncode; i++)
    in->narrow[i] = all_narrow(prog, &prog->code[i]);
  return in;
}

void interp_free(Interp *in) {
  if (!in)
    return;
  free(in->ints);
  free(in->wides);
  free(in->texts);
  free(in->narrow);
  free(in);
}

void interp_set_trace(Interp *in, TraceFn fn, void *ctx) {
  in->trace = fn;
  in->trace_ctx = ctx;
}

/* The value of a scalar register, whatever its type. */
static inline i128 get(const Interp *in, int reg) {
  return in->prog->reg_types[reg] == IRT_WIDE ? in->wides[reg] : in->ints[reg];
}

/* Stores a scalar; false when it does not fit an I64 register. */
static inline bool put(Interp *in, int reg, i128 v) {
  if (in->prog->reg_types[reg] == IRT_WIDE) {
    in->wides[reg] = v;
    return true;
  }
  if (!wide_fits_i64(v))
    return false;
  in->ints[reg] = (int64_t)v;
  return true;
}

static bool text_equal(TextRef a, TextRef b) {
  return polc_rt_text_eq(a.ptr, a.len, b.ptr, b.len);
}

static i128 compare(const Interp *in, const IrInst *inst) {
  if (in->prog->reg_types[inst->a] == IRT_TEXT) {
    bool eq = text_equal(in->texts[inst->a], in->texts[inst->b]);
    return inst->op == IR_EQ ? eq : !eq;
  }
  i128 a = get(in, inst->a), b = get(in, inst->b);
  switch (inst->op) {
  case IR_EQ: return a == b;
  case IR_NE: return a != b;
  case IR_LT: return a < b;
  case IR_LE: return a <= b;
  case IR_GT: return a > b;
  default: return a >= b;
  }
}

/* all_narrow's instructions, in 64 bits; false on overflow. */
static inline bool narrow(Interp *in, const IrInst *inst) {
  int64_t a = in->ints[inst->a], b = inst->op == IR_NEG ? 0 : in->ints[inst->b];
  int64_t *d = &in->ints[inst->d];
  switch (inst->op) {
  case IR_ADD: return !__builtin_add_overflow(a, b, d);
  case IR_SUB: return !__builtin_sub_overflow(a, b, d);
  case IR_NEG: return !__builtin_sub_overflow((int64_t)0, a, d);
  case IR_MIN: *d = a < b ? a : b; return true;
  case IR_MAX: *d = a > b ? a : b; return true;
  case IR_EQ:  *d = a == b; return true;
  case IR_NE:  *d = a != b; return true;
  case IR_LT:  *d = a < b; return true;
  case IR_LE:  *d = a <= b; return true;
  case IR_GT:  *d = a > b; return true;
  default:     *d = a >= b; return true;   /* IR_GE */
  }
}

/* The arithmetic instructions; false on overflow or division by zero
 * (*error says which). */
static bool arith(Interp *in, const IrInst *inst, int32_t *error) {
  i128 a = inst->a >= 0 ? get(in, inst->a) : 0;
  i128 b = inst->b >= 0 ? get(in, inst->b) : 0;
  i128 r;
  *error = ROW_OVERFLOW;
  switch (inst->op) {   /* products and quotients: arith.c, shared with the JIT */
  case IR_ADD:
    if (__builtin_add_overflow(a, b, &r)) return false;
    break;
  case IR_SUB:
    if (__builtin_sub_overflow(a, b, &r)) return false;
    break;
  case IR_NEG:
    if (__builtin_sub_overflow((i128)0, a, &r)) return false;
    break;
  case IR_MULDIV:
    if ((*error = polc_rt_muldiv(a, b, inst->k, &r)) != ROW_OK) return false;
    break;
  case IR_DIVMUL:
    if ((*error = polc_rt_divmul(a, b, inst->k, &r)) != ROW_OK) return false;
    break;
  case IR_ROUNDFEN:
    r = polc_rt_round(a, EXACT_MICRO);
    break;
  case IR_WIDEN:
    r = a * EXACT_MICRO;
    break;
  case IR_MIN:
    r = a < b ? a : b;
    break;
  default:   /* IR_MAX */
    r = a > b ? a : b;
    break;
  }
  *error = ROW_OVERFLOW;   /* the only way left to fail: an I64 too small */
  return put(in, inst->d, r);
}

static void load(Interp *in, const IrInst *inst, const int64_t *ints,
                 const TextRef *texts) {
  int slot = (int)inst->k;
  switch (in->prog->reg_types[inst->d]) {
  case IRT_TEXT: in->texts[inst->d] = texts[slot]; break;
  case IRT_WIDE: in->wides[inst->d] = (i128)ints[slot] * EXACT_MICRO; break;
  default: in->ints[inst->d] = ints[slot]; break;
  }
}

static void move(Interp *in, int d, int a) {
  switch (in->prog->reg_types[d]) {
  case IRT_TEXT: in->texts[d] = in->texts[a]; break;
  case IRT_WIDE: in->wides[d] = in->wides[a]; break;
  default: in->ints[d] = in->ints[a]; break;
  }
}

static void trace(Interp *in, const IrInst *inst) {
  if (!in->trace)
    return;
  i128 a = inst->a >= 0 ? get(in, inst->a) : 0;
  i128 b = inst->b >= 0 ? get(in, inst->b) : 0;
  i128 d = inst->d >= 0 ? get(in, inst->d) : 0;
  in->trace(in->trace_ctx, inst, a, b, d);
}

void interp_run(Interp *in, const int64_t *ints, const TextRef *texts,
                int32_t as_of, RowOutcome *out) {
  const IrProgram *prog = in->prog;
  const IrInst *code = prog->code;
  const int32_t *blocks = prog->block_start;
  out->error = ROW_OK;
  out->error_rule = -1;
  out->as_of = as_of;
  const bool *narrow_at = in->narrow;
  int pc = 0;
  for (;;) {
    if (narrow_at[pc]) {
      const IrInst *inst = &code[pc++];
      if (!narrow(in, inst)) {
        out->error = ROW_OVERFLOW;
        out->error_rule = inst->rule;
        return;
      }
      continue;
    }
    const IrInst *inst = &code[pc++];
    switch ((IrOp)inst->op) {
    case IR_CONST:
      put(in, inst->d, inst->k);
      break;
    case IR_TEXT:
      in->texts[inst->d] = (TextRef){prog->strings[(int)inst->k],
                                     prog->string_lens[(int)inst->k]};
      break;
    case IR_LOAD:
      load(in, inst, ints, texts);
      break;
    case IR_ASOF:
      in->ints[inst->d] = as_of;
      break;
    case IR_MOV:
      move(in, inst->d, inst->a);
      break;
    case IR_ADD: case IR_SUB: case IR_NEG: case IR_MULDIV: case IR_DIVMUL:
    case IR_ROUNDFEN: case IR_WIDEN: case IR_MIN: case IR_MAX: {
      int32_t error;
      if (!arith(in, inst, &error)) {
        out->error = error;
        out->error_rule = inst->rule;
        return;
      }
      break;
    }
    case IR_EQ: case IR_NE: case IR_LT: case IR_LE: case IR_GT: case IR_GE:
      in->ints[inst->d] = (int64_t)compare(in, inst);
      break;
    case IR_NOT:
      in->ints[inst->d] = !in->ints[inst->a];
      break;
    case IR_SELECT:
      move(in, inst->d, in->ints[inst->c] ? inst->a : inst->b);
      break;
    case IR_YEARS:
      in->ints[inst->d] = polc_rt_years_between(in->ints[inst->a], in->ints[inst->b]);
      break;
    case IR_YEAR:
      in->ints[inst->d] = polc_rt_year(in->ints[inst->a]);
      break;
    case IR_JMP:
      pc = blocks[inst->t1];
      break;
    case IR_BR:
      pc = blocks[in->ints[inst->a] ? inst->t1 : inst->t2];
      break;
    case IR_GETAMT:
      in->ints[inst->d] = out->rules[inst->rule].amount;
      break;
    case IR_SETAMT:
      out->rules[inst->rule].amount = in->ints[inst->a];
      break;
    case IR_SETLOW:
      out->rules[inst->rule].lower = in->ints[inst->a];
      break;
    case IR_SETST:
      out->rules[inst->rule].status = (int32_t)in->ints[inst->a];
      out->rules[inst->rule].detail = inst->b >= 0 ? (int32_t)in->ints[inst->b] : -1;
      break;
    case IR_SETTOTAL:
      out->total = in->ints[inst->a];
      break;
    case IR_SETIND:
      out->indicators[inst->k].included = (int32_t)in->ints[inst->a];
      out->indicators[inst->k].value = in->ints[inst->b];
      break;
    case IR_TRACE:
      trace(in, inst);
      break;
    case IR_RET:
    case IR_OP_COUNT:
      return;
    }
  }
}
