/*
 * interp.c - the interpreter: runs a program in its own form
 * (interp_ops.h), decoded once from the IR.
 *
 * Scalars live in two register files indexed by register number: `ints`
 * for I64 and `wides` for WIDE (millionths of a fen); texts in a third.
 * Every arithmetic instruction is checked; the first overflow or division
 * by zero ends the row with the error and the rule being computed.
 *
 * Each op ends by jumping to the next op's code through a table of label
 * addresses (GCC's "labels as values"), not back to one switch: every op
 * has a jump of its own, which the processor learns to predict from what
 * usually follows that op.  That choice is where an interpreter's time
 * goes (more than half of it with one switch).
 */
#include "interp.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arith.h"
#include "../base/exact.h"
#include "../base/wide.h"
#include "interp_ops.h"

struct Interp {
  const IrProgram *prog;
  int64_t *ints;
  i128 *wides;
  TextRef *texts;
  TraceFn trace;
  void *trace_ctx;
  InterpCode code;
};

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

/* An instruction the decoded form leaves as it is (GENERIC): anything but
 * a jump, a branch or `ret`; false when it ends the row with an error. */
static bool generic(Interp *in, const IrInst *inst, const int64_t *ints, const TextRef *texts,
                    int32_t as_of, RowOutcome *out) {
  const IrProgram *prog = in->prog;
  int32_t error = ROW_OK;
  switch ((IrOp)inst->op) {
  case IR_CONST: put(in, inst->d, inst->k); break;
  case IR_TEXT:
    in->texts[inst->d] = (TextRef){prog->strings[(int)inst->k], prog->string_lens[(int)inst->k]};
    break;
  case IR_LOAD: load(in, inst, ints, texts); break;
  case IR_ASOF: in->ints[inst->d] = as_of; break;
  case IR_MOV: move(in, inst->d, inst->a); break;
  case IR_ADD: case IR_SUB: case IR_NEG: case IR_MULDIV: case IR_DIVMUL:
  case IR_ROUNDFEN: case IR_WIDEN: case IR_MIN: case IR_MAX:
    if (!arith(in, inst, &error)) {
      out->error = error;
      out->error_rule = inst->rule;
      return false;
    }
    break;
  case IR_EQ: case IR_NE: case IR_LT: case IR_LE: case IR_GT: case IR_GE:
    in->ints[inst->d] = (int64_t)compare(in, inst);
    break;
  case IR_NOT: in->ints[inst->d] = !in->ints[inst->a]; break;
  case IR_SELECT: move(in, inst->d, in->ints[inst->c] ? inst->a : inst->b); break;
  case IR_YEARS:
    in->ints[inst->d] = polc_rt_years_between(in->ints[inst->a], in->ints[inst->b]);
    break;
  case IR_YEAR: in->ints[inst->d] = polc_rt_year(in->ints[inst->a]); break;
  case IR_GETAMT: in->ints[inst->d] = out->rules[inst->rule].amount; break;
  case IR_SETAMT: out->rules[inst->rule].amount = in->ints[inst->a]; break;
  case IR_SETLOW: out->rules[inst->rule].lower = in->ints[inst->a]; break;
  case IR_SETST:
    out->rules[inst->rule].status = (int32_t)in->ints[inst->a];
    out->rules[inst->rule].detail = inst->b >= 0 ? (int32_t)in->ints[inst->b] : -1;
    break;
  case IR_SETTOTAL: out->total = in->ints[inst->a]; break;
  case IR_SETIND:
    out->indicators[inst->k].included = (int32_t)in->ints[inst->a];
    out->indicators[inst->k].value = in->ints[inst->b];
    break;
  case IR_TRACE: trace(in, inst); break;
  case IR_JMP: case IR_BR: case IR_RET: case IR_OP_COUNT:
    break;   /* decoded as ops of their own */
  }
  return true;
}

Interp *interp_new(const IrProgram *prog) {
  Interp *in = xcalloc(1, sizeof *in);
  size_t n = (size_t)prog->nregs + 1;
  in->prog = prog;
  in->ints = xcalloc(n, sizeof(int64_t));
  in->wides = xcalloc(n, sizeof(i128));
  in->texts = xcalloc(n, sizeof(TextRef));
  interp_decode(prog, &in->code);
  /* the constant registers, once (no op writes them) */
  for (int pc = 0; pc < prog->ncode; pc++) {
    const IrInst *inst = &prog->code[pc];
    if ((inst->op == IR_CONST || inst->op == IR_TEXT) && in->code.constant[inst->d])
      generic(in, inst, NULL, NULL, 0, NULL);
  }
  return in;
}

void interp_free(Interp *in) {
  if (!in)
    return;
  free(in->ints);
  free(in->wides);
  free(in->texts);
  interp_code_free(&in->code);
  free(in);
}

void interp_run(Interp *in, const int64_t *row_ints, const TextRef *row_texts,
                int32_t as_of, RowOutcome *out) {
#define INTERP_OP_LABEL(name) [OP_##name] = &&op_##name,
  static const void *const labels[OP_COUNT] = {INTERP_OPS(INTERP_OP_LABEL)};
#undef INTERP_OP_LABEL
  const IrInst *code = in->prog->code;
  const InterpOp *ops = in->code.ops, *op = ops;
  int64_t *r = in->ints;
  i128 *w = in->wides;
  TextRef *t = in->texts;
  RuleOutcome *rules = out->rules;
  int32_t failed_rule;
  out->error = ROW_OK;
  out->error_rule = -1;
  out->as_of = as_of;
#define NEXT goto *labels[(++op)->code]
#define JUMP(to) goto *labels[(op = ops + (to))->code]
  goto *labels[op->code];
op_GENERIC:
  if (!generic(in, &code[op->k], row_ints, row_texts, as_of, out))
    return;
  NEXT;
op_CONST_I: r[op->d] = op->k; NEXT;
op_LOAD_I: r[op->d] = row_ints[op->k]; NEXT;
op_LOAD_W: w[op->d] = (i128)row_ints[op->k] * EXACT_MICRO; NEXT;
op_LOAD_T: t[op->d] = row_texts[op->k]; NEXT;
op_ASOF: r[op->d] = as_of; NEXT;
op_MOV_I: r[op->d] = r[op->a]; NEXT;
op_MOV_W: w[op->d] = w[op->a]; NEXT;
op_MOV_T: t[op->d] = t[op->a]; NEXT;
op_ADD_I:
  if (__builtin_add_overflow(r[op->a], r[op->b], &r[op->d])) {
    failed_rule = op->x;
    goto overflow;
  }
  NEXT;
op_SUB_I:
  if (__builtin_sub_overflow(r[op->a], r[op->b], &r[op->d])) {
    failed_rule = op->x;
    goto overflow;
  }
  NEXT;
op_MIN_I: r[op->d] = r[op->a] < r[op->b] ? r[op->a] : r[op->b]; NEXT;
op_MAX_I: r[op->d] = r[op->a] > r[op->b] ? r[op->a] : r[op->b]; NEXT;
op_EQ_I: r[op->d] = r[op->a] == r[op->b]; NEXT;
op_NE_I: r[op->d] = r[op->a] != r[op->b]; NEXT;
op_LT_I: r[op->d] = r[op->a] < r[op->b]; NEXT;
op_LE_I: r[op->d] = r[op->a] <= r[op->b]; NEXT;
op_GT_I: r[op->d] = r[op->a] > r[op->b]; NEXT;
op_GE_I: r[op->d] = r[op->a] >= r[op->b]; NEXT;
op_EQ_T: r[op->d] = text_equal(t[op->a], t[op->b]); NEXT;
op_NE_T: r[op->d] = !text_equal(t[op->a], t[op->b]); NEXT;
op_NOT: r[op->d] = !r[op->a]; NEXT;
op_SELECT_I: r[op->d] = r[r[op->y] ? op->a : op->b]; NEXT;
op_SELECT_W: w[op->d] = w[r[op->y] ? op->a : op->b]; NEXT;
op_SELECT_T: t[op->d] = t[r[op->y] ? op->a : op->b]; NEXT;
op_JMP: JUMP(op->x);
op_BR: JUMP(r[op->a] ? op->x : op->y);
#define BRANCH_ON(rel) { bool holds = r[op->a] rel r[op->b]; r[op->d] = holds; \
                         JUMP(holds ? op->x : op->y); }
op_BR_EQ_I: BRANCH_ON(==)
op_BR_NE_I: BRANCH_ON(!=)
op_BR_LT_I: BRANCH_ON(<)
op_BR_LE_I: BRANCH_ON(<=)
op_BR_GT_I: BRANCH_ON(>)
op_BR_GE_I: BRANCH_ON(>=)
#undef BRANCH_ON
op_GETAMT: r[op->d] = rules[op->x].amount; NEXT;
op_ADDAMT:
  r[op->b] = rules[op->x].amount;
  if (__builtin_add_overflow(r[op->a], r[op->b], &r[op->d])) {
    failed_rule = op->y;
    goto overflow;
  }
  NEXT;
op_SETAMT: rules[op->x].amount = r[op->a]; NEXT;
op_SETLOW: rules[op->x].lower = r[op->a]; NEXT;
op_SETST:
  rules[op->x].status = (int32_t)r[op->a];
  rules[op->x].detail = op->y >= 0 ? (int32_t)r[op->y] : -1;
  NEXT;
op_SETRULE:
  rules[op->x].amount = r[op->a];
  rules[op->x].lower = r[op->b];
  rules[op->x].status = (int32_t)r[op->d];
  rules[op->x].detail = op->y >= 0 ? (int32_t)r[op->y] : -1;
  NEXT;
op_SETTOTAL: out->total = r[op->a]; NEXT;
op_RET:
  return;
overflow:
  out->error = ROW_OVERFLOW;
  out->error_rule = failed_rule;
#undef NEXT
#undef JUMP
}
