/*
 * jit_ops.c - IR instructions into libgccjit statements, block by block.
 *
 * Registers are locals: I64 as int64, WIDE as __int128, TEXT as TextRef.
 * Additions and negations are checked inline (in unsigned arithmetic, which
 * wraps by definition, then by signs); products, quotients and rounding
 * call runtime/arith.c, which the interpreter calls too.  A failed check
 * records the error and the rule in the outcome and returns.
 */
#include <stdio.h>

#include "../base/exact.h"
#include "jit_internal.h"

#define CTX (j->ctx)

gcc_jit_rvalue *jit_i64(Jit *j, int64_t v) {
  return gcc_jit_context_new_rvalue_from_long(CTX, j->t.i64, (long)v);
}

gcc_jit_rvalue *jit_cast(Jit *j, gcc_jit_rvalue *v, gcc_jit_type *type) {
  return gcc_jit_context_new_cast(CTX, j->loc, v, type);
}

/* A 128-bit constant, built from its halves when it does not fit in 64. */
gcc_jit_rvalue *jit_i128(Jit *j, i128 v) {
  if (v >= INT64_MIN && v <= INT64_MAX)
    return jit_cast(j, jit_i64(j, (int64_t)v), j->t.i128);
  int64_t hi = (int64_t)(v >> 64);
  uint64_t lo = (uint64_t)v;
  gcc_jit_rvalue *high = gcc_jit_context_new_binary_op(
      CTX, j->loc, GCC_JIT_BINARY_OP_LSHIFT, j->t.i128, jit_cast(j, jit_i64(j, hi), j->t.i128),
      jit_cast(j, jit_i64(j, 64), j->t.i128));
  gcc_jit_rvalue *low = jit_cast(
      j, gcc_jit_context_new_rvalue_from_long(CTX, j->t.u64, (long)lo), j->t.i128);
  return gcc_jit_context_new_binary_op(CTX, j->loc, GCC_JIT_BINARY_OP_BITWISE_OR, j->t.i128,
                                       high, low);
}

/* A temporary local (libgccjit wants every local named). */
static gcc_jit_lvalue *temp(Jit *j, gcc_jit_type *type) {
  char name[24];
  snprintf(name, sizeof name, "t%d", j->temps++);
  return gcc_jit_function_new_local(j->fn, j->loc, type, name);
}

static IrType type_of(Jit *j, int reg) { return (IrType)j->prog->reg_types[reg]; }

static gcc_jit_rvalue *reg(Jit *j, int r) { return gcc_jit_lvalue_as_rvalue(j->regs[r]); }

/* A scalar register as __int128. */
static gcc_jit_rvalue *wide(Jit *j, int r) {
  return type_of(j, r) == IRT_WIDE ? reg(j, r) : jit_cast(j, reg(j, r), j->t.i128);
}

static void assign(Jit *j, int r, gcc_jit_rvalue *v) {
  gcc_jit_block_add_assignment(j->cur, j->loc, j->regs[r], v);
}

static gcc_jit_rvalue *binop(Jit *j, enum gcc_jit_binary_op op, gcc_jit_type *type,
                             gcc_jit_rvalue *a, gcc_jit_rvalue *b) {
  return gcc_jit_context_new_binary_op(CTX, j->loc, op, type, a, b);
}

static gcc_jit_rvalue *compare(Jit *j, enum gcc_jit_comparison op, gcc_jit_rvalue *a,
                               gcc_jit_rvalue *b) {
  return gcc_jit_context_new_comparison(CTX, j->loc, op, a, b);
}

/* --- failing ------------------------------------------------------------------- */

/* The block that records the error of `rule` in the outcome and returns. */
static gcc_jit_block *fail_block(Jit *j, int rule) {
  if (j->fails[rule + 1])
    return j->fails[rule + 1];
  gcc_jit_block *b = gcc_jit_function_new_block(j->fn, NULL);
  gcc_jit_rvalue *out = gcc_jit_param_as_rvalue(j->out);
  gcc_jit_block_add_assignment(b, NULL, gcc_jit_rvalue_dereference_field(out, NULL, j->t.error),
                               jit_cast(j, gcc_jit_lvalue_as_rvalue(j->err), j->t.i32));
  gcc_jit_block_add_assignment(
      b, NULL, gcc_jit_rvalue_dereference_field(out, NULL, j->t.error_rule),
      gcc_jit_context_new_rvalue_from_int(CTX, j->t.i32, rule));
  gcc_jit_block_end_with_void_return(b, NULL);
  return j->fails[rule + 1] = b;
}

/* Goes on when `bad` is false; else fails the row with `code` (an int). */
static void check(Jit *j, gcc_jit_rvalue *bad, gcc_jit_rvalue *code, int rule) {
  gcc_jit_block *ok = gcc_jit_function_new_block(j->fn, NULL);
  gcc_jit_block_add_assignment(j->cur, j->loc, j->err, code);
  gcc_jit_block_end_with_conditional(j->cur, j->loc, bad, fail_block(j, rule), ok);
  j->cur = ok;
}

static gcc_jit_rvalue *overflow_code(Jit *j) {
  return gcc_jit_context_new_rvalue_from_int(CTX, gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_INT),
                                             ROW_OVERFLOW);
}

/* Stores a 128-bit result in register d, checking that it fits an I64. */
static void store_checked(Jit *j, int d, gcc_jit_rvalue *v, int rule) {
  if (type_of(j, d) == IRT_WIDE) {
    assign(j, d, v);
    return;
  }
  gcc_jit_lvalue *t = temp(j, j->t.i128);
  gcc_jit_block_add_assignment(j->cur, j->loc, t, v);
  gcc_jit_rvalue *tv = gcc_jit_lvalue_as_rvalue(t);
  gcc_jit_rvalue *bad = binop(j, GCC_JIT_BINARY_OP_LOGICAL_OR, j->t.boolean,
                              compare(j, GCC_JIT_COMPARISON_LT, tv, jit_i128(j, INT64_MIN)),
                              compare(j, GCC_JIT_COMPARISON_GT, tv, jit_i128(j, INT64_MAX)));
  check(j, bad, overflow_code(j), rule);
  assign(j, d, jit_cast(j, tv, j->t.i64));
}

/* --- arithmetic -------------------------------------------------------------------- */

/* a ± b in 128 bits: computed unsigned (wrapping), overflowed when the sign
 * of the result contradicts the operands'. */
static gcc_jit_rvalue *checked_add(Jit *j, const IrInst *in, bool subtract) {
  gcc_jit_type *u = j->t.u128, *s = j->t.i128;
  gcc_jit_lvalue *a = temp(j, s);
  gcc_jit_lvalue *b = temp(j, s);
  gcc_jit_lvalue *r = temp(j, s);
  gcc_jit_block_add_assignment(j->cur, j->loc, a, wide(j, in->a));
  gcc_jit_block_add_assignment(j->cur, j->loc, b, wide(j, in->b));
  gcc_jit_rvalue *av = gcc_jit_lvalue_as_rvalue(a), *bv = gcc_jit_lvalue_as_rvalue(b);
  gcc_jit_rvalue *ur = binop(j, subtract ? GCC_JIT_BINARY_OP_MINUS : GCC_JIT_BINARY_OP_PLUS,
                             u, jit_cast(j, av, u), jit_cast(j, bv, u));
  gcc_jit_block_add_assignment(j->cur, j->loc, r, jit_cast(j, ur, s));
  gcc_jit_rvalue *rv = gcc_jit_lvalue_as_rvalue(r);
  /* add: (a ^ r) & (b ^ r) < 0;  subtract: (a ^ b) & (a ^ r) < 0 */
  gcc_jit_rvalue *x = binop(j, GCC_JIT_BINARY_OP_BITWISE_XOR, s, av, subtract ? bv : rv);
  gcc_jit_rvalue *y = binop(j, GCC_JIT_BINARY_OP_BITWISE_XOR, s, subtract ? av : bv, rv);
  gcc_jit_rvalue *bad = compare(j, GCC_JIT_COMPARISON_LT,
                                binop(j, GCC_JIT_BINARY_OP_BITWISE_AND, s, x, y), jit_i128(j, 0));
  check(j, bad, overflow_code(j), in->rule);
  return rv;
}

static void lower_add(Jit *j, const IrInst *in) {
  gcc_jit_rvalue *r = checked_add(j, in, in->op == IR_SUB);
  store_checked(j, in->d, r, in->rule);
}

static void lower_neg(Jit *j, const IrInst *in) {
  gcc_jit_rvalue *a = wide(j, in->a);
  i128 min = type_of(j, in->d) == IRT_WIDE ? (i128)((unsigned __int128)1 << 127) : INT64_MIN;
  check(j, compare(j, GCC_JIT_COMPARISON_EQ, a, jit_i128(j, min)), overflow_code(j), in->rule);
  gcc_jit_rvalue *neg = gcc_jit_context_new_unary_op(CTX, j->loc, GCC_JIT_UNARY_OP_MINUS,
                                                     j->t.i128, a);
  store_checked(j, in->d, neg, in->rule);
}

/* MULDIV / DIVMUL: the runtime computes, we check its status. */
static void lower_product(Jit *j, const IrInst *in) {
  gcc_jit_function *fn = in->op == IR_MULDIV ? j->rt.muldiv : j->rt.divmul;
  gcc_jit_rvalue *args[4] = {wide(j, in->a), wide(j, in->b), jit_i128(j, in->k),
                             gcc_jit_lvalue_get_address(j->wide_out, j->loc)};
  gcc_jit_rvalue *status = gcc_jit_context_new_call(CTX, j->loc, fn, 4, args);
  gcc_jit_block_add_assignment(j->cur, j->loc, j->err, status);
  gcc_jit_rvalue *err = gcc_jit_lvalue_as_rvalue(j->err);
  check(j, compare(j, GCC_JIT_COMPARISON_NE, err, gcc_jit_context_zero(CTX, gcc_jit_rvalue_get_type(err))),
        err, in->rule);
  store_checked(j, in->d, gcc_jit_lvalue_as_rvalue(j->wide_out), in->rule);
}

static void lower_round(Jit *j, const IrInst *in) {
  gcc_jit_rvalue *args[2] = {wide(j, in->a), jit_i128(j, EXACT_MICRO)};
  store_checked(j, in->d, gcc_jit_context_new_call(CTX, j->loc, j->rt.round, 2, args), in->rule);
}

/* cond ? a : b without a branch: b ^ ((a ^ b) & -cond). */
static gcc_jit_rvalue *pick(Jit *j, gcc_jit_type *type, gcc_jit_rvalue *cond,
                            gcc_jit_rvalue *a, gcc_jit_rvalue *b) {
  gcc_jit_rvalue *mask = gcc_jit_context_new_unary_op(CTX, j->loc, GCC_JIT_UNARY_OP_MINUS, type,
                                                      jit_cast(j, cond, type));
  gcc_jit_rvalue *diff = binop(j, GCC_JIT_BINARY_OP_BITWISE_XOR, type, a, b);
  return binop(j, GCC_JIT_BINARY_OP_BITWISE_XOR, type, b,
               binop(j, GCC_JIT_BINARY_OP_BITWISE_AND, type, diff, mask));
}

static gcc_jit_type *scalar_type(Jit *j, int r) {
  return type_of(j, r) == IRT_WIDE ? j->t.i128 : j->t.i64;
}

static void lower_minmax(Jit *j, const IrInst *in) {
  gcc_jit_type *type = scalar_type(j, in->d);
  gcc_jit_rvalue *a = reg(j, in->a), *b = reg(j, in->b);
  gcc_jit_rvalue *take_a = compare(j, in->op == IR_MIN ? GCC_JIT_COMPARISON_LT
                                                       : GCC_JIT_COMPARISON_GT, a, b);
  assign(j, in->d, pick(j, type, take_a, a, b));
}

/* --- comparisons, selection, calls ---------------------------------------------------- */

static void lower_compare(Jit *j, const IrInst *in) {
  static const enum gcc_jit_comparison ops[] = {
      [IR_EQ] = GCC_JIT_COMPARISON_EQ, [IR_NE] = GCC_JIT_COMPARISON_NE,
      [IR_LT] = GCC_JIT_COMPARISON_LT, [IR_LE] = GCC_JIT_COMPARISON_LE,
      [IR_GT] = GCC_JIT_COMPARISON_GT, [IR_GE] = GCC_JIT_COMPARISON_GE,
  };
  if (type_of(j, in->a) == IRT_TEXT) {
    gcc_jit_rvalue *a = reg(j, in->a), *b = reg(j, in->b);
    gcc_jit_rvalue *args[4] = {
        gcc_jit_rvalue_access_field(a, j->loc, j->t.text_ptr),
        gcc_jit_rvalue_access_field(a, j->loc, j->t.text_len),
        gcc_jit_rvalue_access_field(b, j->loc, j->t.text_ptr),
        gcc_jit_rvalue_access_field(b, j->loc, j->t.text_len)};
    gcc_jit_rvalue *eq = gcc_jit_context_new_call(CTX, j->loc, j->rt.text_eq, 4, args);
    assign(j, in->d, in->op == IR_EQ ? eq : jit_cast(j, compare(j, GCC_JIT_COMPARISON_EQ, eq,
                                                                jit_i64(j, 0)), j->t.i64));
    return;
  }
  gcc_jit_rvalue *a = reg(j, in->a), *b = reg(j, in->b);
  if (type_of(j, in->a) != type_of(j, in->b)) {
    a = wide(j, in->a);
    b = wide(j, in->b);
  }
  assign(j, in->d, jit_cast(j, compare(j, ops[in->op], a, b), j->t.i64));
}

static gcc_jit_rvalue *truth(Jit *j, int r) {
  return compare(j, GCC_JIT_COMPARISON_NE, reg(j, r), jit_i64(j, 0));
}

static void lower_select(Jit *j, const IrInst *in) {
  if (type_of(j, in->d) != IRT_TEXT) {
    assign(j, in->d, pick(j, scalar_type(j, in->d), truth(j, in->c), reg(j, in->a), reg(j, in->b)));
    return;
  }
  gcc_jit_block *then = gcc_jit_function_new_block(j->fn, NULL);
  gcc_jit_block *els = gcc_jit_function_new_block(j->fn, NULL);
  gcc_jit_block *join = gcc_jit_function_new_block(j->fn, NULL);
  gcc_jit_block_end_with_conditional(j->cur, j->loc, truth(j, in->c), then, els);
  gcc_jit_block_add_assignment(then, j->loc, j->regs[in->d], reg(j, in->a));
  gcc_jit_block_end_with_jump(then, j->loc, join);
  gcc_jit_block_add_assignment(els, j->loc, j->regs[in->d], reg(j, in->b));
  gcc_jit_block_end_with_jump(els, j->loc, join);
  j->cur = join;
}

static void lower_call(Jit *j, const IrInst *in) {
  if (in->op == IR_YEAR) {
    gcc_jit_rvalue *arg = reg(j, in->a);
    assign(j, in->d, gcc_jit_context_new_call(CTX, j->loc, j->rt.year, 1, &arg));
    return;
  }
  gcc_jit_rvalue *args[2] = {reg(j, in->a), reg(j, in->b)};
  assign(j, in->d, gcc_jit_context_new_call(CTX, j->loc, j->rt.years, 2, args));
}

/* --- leaves ------------------------------------------------------------------------------ */

static void lower_const(Jit *j, const IrInst *in) {
  assign(j, in->d, type_of(j, in->d) == IRT_WIDE ? jit_i128(j, in->k) : jit_i64(j, (int64_t)in->k));
}

static void lower_text(Jit *j, const IrInst *in) {
  int s = (int)in->k;
  gcc_jit_lvalue *d = j->regs[in->d];
  gcc_jit_block_add_assignment(j->cur, j->loc, gcc_jit_lvalue_access_field(d, j->loc, j->t.text_ptr),
                               gcc_jit_context_new_string_literal(CTX, j->prog->strings[s]));
  gcc_jit_block_add_assignment(j->cur, j->loc, gcc_jit_lvalue_access_field(d, j->loc, j->t.text_len),
                               jit_i64(j, j->prog->string_lens[s]));
}

static void lower_load(Jit *j, const IrInst *in) {
  gcc_jit_rvalue *index = gcc_jit_context_new_rvalue_from_int(CTX, j->t.i32, (int)in->k);
  if (type_of(j, in->d) == IRT_TEXT) {
    gcc_jit_lvalue *cell = gcc_jit_context_new_array_access(
        CTX, j->loc, gcc_jit_param_as_rvalue(j->texts), index);
    assign(j, in->d, gcc_jit_lvalue_as_rvalue(cell));
    return;
  }
  gcc_jit_rvalue *v = gcc_jit_lvalue_as_rvalue(
      gcc_jit_context_new_array_access(CTX, j->loc, gcc_jit_param_as_rvalue(j->ints), index));
  if (type_of(j, in->d) == IRT_WIDE)   /* fen → millionths of a fen: cannot overflow */
    v = binop(j, GCC_JIT_BINARY_OP_MULT, j->t.i128, jit_cast(j, v, j->t.i128),
              jit_i128(j, EXACT_MICRO));
  assign(j, in->d, v);
}

/* --- the outcome ------------------------------------------------------------------------- */

/* Field f of element `index` of the outcome's array `array` (rules or
 * indicators). */
static gcc_jit_lvalue *out_element_field(Jit *j, gcc_jit_field *array, int index,
                                         gcc_jit_field *f) {
  gcc_jit_rvalue *items = gcc_jit_lvalue_as_rvalue(
      gcc_jit_rvalue_dereference_field(gcc_jit_param_as_rvalue(j->out), j->loc, array));
  gcc_jit_lvalue *r = gcc_jit_context_new_array_access(
      CTX, j->loc, items, gcc_jit_context_new_rvalue_from_int(CTX, j->t.i32, index));
  return gcc_jit_lvalue_access_field(r, j->loc, f);
}

static gcc_jit_lvalue *rule_field(Jit *j, int rule, gcc_jit_field *f) {
  return out_element_field(j, j->t.rules, rule, f);
}

static gcc_jit_lvalue *indicator_field(Jit *j, int index, gcc_jit_field *f) {
  return out_element_field(j, j->t.inds, index, f);
}

static void put(Jit *j, gcc_jit_lvalue *where, gcc_jit_rvalue *v) {
  gcc_jit_block_add_assignment(j->cur, j->loc, where, v);
}

static void lower_outcome(Jit *j, const IrInst *in) {
  switch (in->op) {
  case IR_GETAMT:
    assign(j, in->d, gcc_jit_lvalue_as_rvalue(rule_field(j, in->rule, j->t.amount)));
    break;
  case IR_SETAMT:
    put(j, rule_field(j, in->rule, j->t.amount), reg(j, in->a));
    break;
  case IR_SETLOW:
    put(j, rule_field(j, in->rule, j->t.lower), reg(j, in->a));
    break;
  case IR_SETST:
    put(j, rule_field(j, in->rule, j->t.status), jit_cast(j, reg(j, in->a), j->t.i32));
    put(j, rule_field(j, in->rule, j->t.detail),
        in->b >= 0 ? jit_cast(j, reg(j, in->b), j->t.i32)
                   : gcc_jit_context_new_rvalue_from_int(CTX, j->t.i32, -1));
    break;
  case IR_SETTOTAL:
    put(j, gcc_jit_rvalue_dereference_field(gcc_jit_param_as_rvalue(j->out), j->loc, j->t.total),
        reg(j, in->a));
    break;
  default:   /* IR_SETIND */
    put(j, indicator_field(j, (int)in->k, j->t.ind_included), jit_cast(j, reg(j, in->a), j->t.i32));
    put(j, indicator_field(j, (int)in->k, j->t.ind_value), reg(j, in->b));
    break;
  }
}

/* --- instructions and blocks ------------------------------------------------------------- */

static void lower_inst(Jit *j, const IrInst *in) {
  switch ((IrOp)in->op) {
  case IR_CONST: lower_const(j, in); break;
  case IR_TEXT: lower_text(j, in); break;
  case IR_LOAD: lower_load(j, in); break;
  case IR_ASOF: assign(j, in->d, jit_cast(j, gcc_jit_param_as_rvalue(j->as_of), j->t.i64)); break;
  case IR_MOV: assign(j, in->d, reg(j, in->a)); break;
  case IR_ADD: case IR_SUB: lower_add(j, in); break;
  case IR_NEG: lower_neg(j, in); break;
  case IR_MULDIV: case IR_DIVMUL: lower_product(j, in); break;
  case IR_ROUNDFEN: lower_round(j, in); break;
  case IR_WIDEN:
    assign(j, in->d, binop(j, GCC_JIT_BINARY_OP_MULT, j->t.i128, wide(j, in->a),
                           jit_i128(j, EXACT_MICRO)));
    break;
  case IR_MIN: case IR_MAX: lower_minmax(j, in); break;
  case IR_EQ: case IR_NE: case IR_LT: case IR_LE: case IR_GT: case IR_GE:
    lower_compare(j, in);
    break;
  case IR_NOT:
    assign(j, in->d, jit_cast(j, compare(j, GCC_JIT_COMPARISON_EQ, reg(j, in->a), jit_i64(j, 0)),
                              j->t.i64));
    break;
  case IR_SELECT: lower_select(j, in); break;
  case IR_YEARS: case IR_YEAR: lower_call(j, in); break;
  case IR_JMP: gcc_jit_block_end_with_jump(j->cur, j->loc, j->blocks[in->t1]); break;
  case IR_BR:
    gcc_jit_block_end_with_conditional(j->cur, j->loc, truth(j, in->a), j->blocks[in->t1],
                                       j->blocks[in->t2]);
    break;
  case IR_GETAMT: case IR_SETAMT: case IR_SETLOW: case IR_SETST: case IR_SETTOTAL:
  case IR_SETIND:
    lower_outcome(j, in);
    break;
  case IR_TRACE: break;   /* explain runs the interpreter */
  case IR_RET: gcc_jit_block_end_with_void_return(j->cur, j->loc); break;
  case IR_OP_COUNT: break;
  }
}

/* The policy file and line of an instruction, for the line table of the
 * debug info (debuggers, profilers, addr2line on a cached object).  A run
 * of instructions from one line shares one location. */
static gcc_jit_location *location(Jit *j, const IrInst *in, const IrInst *prev) {
  if (in->src < 0)
    return NULL;
  if (prev && prev->src == in->src && prev->line == in->line)
    return j->loc;
  return gcc_jit_context_new_location(CTX, j->prog->sources[in->src]->path, in->line, 0);
}

void jit_lower_code(Jit *j) {
  const IrProgram *prog = j->prog;
  for (int pc = 0; pc < prog->ncode; pc++) {
    for (int b = 0; b < prog->nblocks; b++)
      if (prog->block_start[b] == pc)
        j->cur = j->blocks[b];
    j->loc = location(j, &prog->code[pc], pc > 0 ? &prog->code[pc - 1] : NULL);
    lower_inst(j, &prog->code[pc]);
  }
}
