/*
 * interp_decode.c - an IrProgram in the interpreter's own form
 * (interp_ops.h): constants set once, ops chosen for their registers'
 * types, the common pairs and triples fused, jumps to ops.
 */
#include "interp_ops.h"

#include <stdlib.h>

#include "../base/arena.h"
#include "../base/wide.h"

typedef struct Decoder {
  const IrProgram *prog;
  InterpCode *code;
  bool *starts_block;   /* [ncode + 1] */
} Decoder;

static IrType type_of(const Decoder *dc, int reg) {
  return (IrType)dc->prog->reg_types[reg];
}

/* Every instruction but TRACE (which reads d) that has a d writes it. */
static bool writes_d(const IrInst *inst) {
  return inst->d >= 0 && inst->op != IR_TRACE;
}

/* The registers written only by CONST or TEXT, always the same one. */
static void find_constants(const IrProgram *prog, bool *constant) {
  int32_t *first = xcalloc((size_t)prog->nregs + 1, sizeof *first);   /* pc + 1 */
  bool *varies = xcalloc((size_t)prog->nregs + 1, sizeof *varies);
  for (int pc = 0; pc < prog->ncode; pc++) {
    const IrInst *inst = &prog->code[pc];
    if (!writes_d(inst))
      continue;
    int r = inst->d;
    if (inst->op != IR_CONST && inst->op != IR_TEXT) {
      varies[r] = true;
    } else if (!first[r]) {
      first[r] = pc + 1;
    } else {
      const IrInst *was = &prog->code[first[r] - 1];
      if (was->op != inst->op || was->k != inst->k)
        varies[r] = true;
    }
  }
  for (int r = 0; r < prog->nregs; r++)
    constant[r] = first[r] && !varies[r];
  free(first);
  free(varies);
}

static void emit(Decoder *dc, InterpOp op) {
  InterpCode *code = dc->code;
  code->ops[code->nops++] = op;
}

/* Whether every register of the instruction is I64: then its arithmetic
 * or comparison is done in 64 bits, with the same result and overflows as
 * in 128 bits followed by the check that the result fits its register. */
static bool narrow(const Decoder *dc, const IrInst *inst) {
  int regs[3] = {inst->a, inst->b, inst->d};
  for (int i = 0; i < 3; i++)
    if (regs[i] < 0 || type_of(dc, regs[i]) != IRT_I64)
      return false;
  return true;
}

/* The instruction after pc, when it runs only right after pc. */
static const IrInst *next_of(const Decoder *dc, int pc) {
  if (pc + 1 >= dc->prog->ncode || dc->starts_block[pc + 1])
    return NULL;
  return &dc->prog->code[pc + 1];
}

static InterpOpCode typed(const Decoder *dc, int reg, InterpOpCode i64) {
  switch (type_of(dc, reg)) {   /* the _I, _W, _T ops are listed in that order */
  case IRT_WIDE: return i64 + 1;
  case IRT_TEXT: return i64 + 2;
  default: return i64;
  }
}

static InterpOp generic(int pc) {
  return (InterpOp){.code = OP_GENERIC, .k = pc};
}

/* A comparison, fused with the branch on it that follows. */
static int decode_compare(Decoder *dc, int pc) {
  const IrInst *inst = &dc->prog->code[pc];
  int rel = inst->op - IR_EQ;   /* EQ NE LT LE GT GE, in that order in both */
  if (type_of(dc, inst->a) == IRT_TEXT) {
    emit(dc, (InterpOp){.code = inst->op == IR_EQ ? OP_EQ_T : OP_NE_T,
                        .d = inst->d, .a = inst->a, .b = inst->b});
    return 1;
  }
  if (!narrow(dc, inst)) {
    emit(dc, generic(pc));
    return 1;
  }
  const IrInst *br = next_of(dc, pc);
  InterpOp op = {.code = OP_EQ_I + rel, .d = inst->d, .a = inst->a, .b = inst->b};
  if (br && br->op == IR_BR && br->a == inst->d) {
    op.code = OP_BR_EQ_I + rel;
    op.x = br->t1;   /* blocks for now: link() makes them ops */
    op.y = br->t2;
    emit(dc, op);
    return 2;
  }
  emit(dc, op);
  return 1;
}

/* An amount read, fused with adding it to a sum (the total's chain). */
static int decode_getamt(Decoder *dc, int pc) {
  const IrInst *inst = &dc->prog->code[pc], *add = next_of(dc, pc);
  if (add && add->op == IR_ADD && narrow(dc, add) && type_of(dc, inst->d) == IRT_I64 &&
      (add->a == inst->d) != (add->b == inst->d)) {
    int other = add->a == inst->d ? add->b : add->a;
    emit(dc, (InterpOp){.code = OP_ADDAMT, .d = add->d, .a = other, .b = inst->d,
                        .x = inst->rule, .y = add->rule});
    return 2;
  }
  emit(dc, (InterpOp){.code = OP_GETAMT, .d = inst->d, .x = inst->rule});
  return 1;
}

/* A rule's amount, lower bound and status, set one after the other. */
static int decode_setamt(Decoder *dc, int pc) {
  const IrInst *inst = &dc->prog->code[pc], *low = next_of(dc, pc);
  const IrInst *st = low ? next_of(dc, pc + 1) : NULL;
  if (st && low->op == IR_SETLOW && st->op == IR_SETST && low->rule == inst->rule &&
      st->rule == inst->rule) {
    emit(dc, (InterpOp){.code = OP_SETRULE, .x = inst->rule, .a = inst->a, .b = low->a,
                        .d = st->a, .y = st->b});
    return 3;
  }
  emit(dc, (InterpOp){.code = OP_SETAMT, .a = inst->a, .x = inst->rule});
  return 1;
}

/* The op(s) for the instruction at pc; the IR instructions they cover. */
static int decode_one(Decoder *dc, int pc) {
  const IrInst *inst = &dc->prog->code[pc];
  InterpOp op = {.d = inst->d, .a = inst->a, .b = inst->b, .x = inst->rule};
  switch ((IrOp)inst->op) {
  case IR_CONST:
    if (dc->code->constant[inst->d])
      return 1;
    if (type_of(dc, inst->d) != IRT_I64 || !wide_fits_i64(inst->k))
      break;
    op.code = OP_CONST_I;
    op.k = (int64_t)inst->k;
    emit(dc, op);
    return 1;
  case IR_TEXT:
    if (dc->code->constant[inst->d])
      return 1;
    break;
  case IR_LOAD:
    op.code = typed(dc, inst->d, OP_LOAD_I);
    op.k = (int64_t)inst->k;
    emit(dc, op);
    return 1;
  case IR_ASOF: op.code = OP_ASOF; emit(dc, op); return 1;
  case IR_MOV: op.code = typed(dc, inst->d, OP_MOV_I); emit(dc, op); return 1;
  case IR_ADD: case IR_SUB: case IR_MIN: case IR_MAX:
    if (!narrow(dc, inst))
      break;
    op.code = inst->op == IR_ADD ? OP_ADD_I : inst->op == IR_SUB ? OP_SUB_I
            : inst->op == IR_MIN ? OP_MIN_I : OP_MAX_I;
    emit(dc, op);
    return 1;
  case IR_EQ: case IR_NE: case IR_LT: case IR_LE: case IR_GT: case IR_GE:
    return decode_compare(dc, pc);
  case IR_NOT: op.code = OP_NOT; emit(dc, op); return 1;
  case IR_SELECT:
    op.code = typed(dc, inst->d, OP_SELECT_I);
    op.y = inst->c;
    emit(dc, op);
    return 1;
  case IR_JMP: op.code = OP_JMP; op.x = inst->t1; emit(dc, op); return 1;
  case IR_BR: op.code = OP_BR; op.x = inst->t1; op.y = inst->t2; emit(dc, op); return 1;
  case IR_GETAMT: return decode_getamt(dc, pc);
  case IR_SETAMT: return decode_setamt(dc, pc);
  case IR_SETLOW: op.code = OP_SETLOW; emit(dc, op); return 1;
  case IR_SETST: op.code = OP_SETST; op.y = inst->b; emit(dc, op); return 1;
  case IR_SETTOTAL: op.code = OP_SETTOTAL; emit(dc, op); return 1;
  case IR_RET: case IR_OP_COUNT: op.code = OP_RET; emit(dc, op); return 1;
  default:   /* NEG, MULDIV, DIVMUL, ROUNDFEN, WIDEN, YEARS, YEAR, SETIND, TRACE */
    break;
  }
  emit(dc, generic(pc));
  return 1;
}

static bool is_jump(uint8_t code) {
  return code == OP_JMP || code == OP_BR || (code >= OP_BR_EQ_I && code <= OP_BR_GE_I);
}

/* Jumps to blocks become jumps to the op each block starts with. */
static void link(Decoder *dc, const int32_t *op_at) {
  const IrProgram *prog = dc->prog;
  for (int i = 0; i < dc->code->nops; i++) {
    InterpOp *op = &dc->code->ops[i];
    if (!is_jump(op->code))
      continue;
    op->x = op_at[prog->block_start[op->x]];
    if (op->code != OP_JMP)
      op->y = op_at[prog->block_start[op->y]];
  }
}

void interp_decode(const IrProgram *prog, InterpCode *code) {
  *code = (InterpCode){0};
  code->constant = xcalloc((size_t)prog->nregs + 1, sizeof *code->constant);
  find_constants(prog, code->constant);
  code->ops = xcalloc((size_t)prog->ncode + 1, sizeof *code->ops);
  Decoder dc = {prog, code, xcalloc((size_t)prog->ncode + 1, sizeof(bool))};
  for (int b = 0; b < prog->nblocks; b++)
    if (prog->block_start[b] >= 0 && prog->block_start[b] <= prog->ncode)
      dc.starts_block[prog->block_start[b]] = true;
  int32_t *op_at = xcalloc((size_t)prog->ncode + 1, sizeof *op_at);   /* IR pc -> op */
  for (int pc = 0; pc < prog->ncode;) {
    op_at[pc] = code->nops;
    pc += decode_one(&dc, pc);
  }
  op_at[prog->ncode] = code->nops;
  emit(&dc, (InterpOp){.code = OP_RET});   /* past the end, as the IR loop */
  link(&dc, op_at);
  free(op_at);
  free(dc.starts_block);
}

void interp_code_free(InterpCode *code) {
  free(code->ops);
  free(code->constant);
}
