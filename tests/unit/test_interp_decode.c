/*
 * test_interp_decode.c - the interpreter's decoded form (interp_ops.h,
 * issue 15: the interpreter took 4.4x the native code's time on the seed
 * policies, 3.3x once the rest got faster; decoded, 1.8x).  Programs
 * written by hand, so that what lowering happens not to emit today is
 * covered too: a register given two constants, a register given a
 * constant and a move, an amount added to a sum that overflows, a rule's
 * three settings fused, rows run one after another on one Interp.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>

#include "compiler/ir/ir.h"
#include "runtime/engines/interp.h"
#include "runtime/engines/interp_ops.h"

static IrInst *emit_d(IrProgram *prog, IrOp op, int d) {
  IrInst *inst = ir_emit(prog, op);
  inst->d = d;
  return inst;
}

static IrInst *emit_const(IrProgram *prog, int d, i128 k) {
  IrInst *inst = emit_d(prog, IR_CONST, d);
  inst->k = k;
  return inst;
}

/*   b0: one = const 1; x = const 1; flag = load 0; sum0 = load 1
 *       br flag, b1, b2
 *   b1: x = const 2 (x holds two constants)  y = mov sum0 (y: a move...)
 *       jmp b3
 *   b2: y = const 5 (...and a constant)  jmp b3
 *   b3: amt = getamt rule 0; sum = add sum0, amt (overflow: rule 1)
 *       more = add sum, x; less = lt more, y; br less, b4, b5
 *   b4: setamt more; setlow one; setst one, - (rule 1)  ret
 *   b5: settotal y; ret */
static IrProgram *build(void) {
  IrProgram *prog = ir_new();
  int one = ir_new_reg(prog, IRT_I64), x = ir_new_reg(prog, IRT_I64);
  int flag = ir_new_reg(prog, IRT_I64), sum0 = ir_new_reg(prog, IRT_I64);
  int y = ir_new_reg(prog, IRT_I64), amt = ir_new_reg(prog, IRT_I64);
  int sum = ir_new_reg(prog, IRT_I64), more = ir_new_reg(prog, IRT_I64);
  int less = ir_new_reg(prog, IRT_I64);
  int b[6];
  for (int i = 0; i < 6; i++)
    b[i] = ir_new_block(prog);
  ir_start_block(prog, b[0]);
  emit_const(prog, one, 1);
  emit_const(prog, x, 1);
  emit_d(prog, IR_LOAD, flag)->k = 0;
  emit_d(prog, IR_LOAD, sum0)->k = 1;
  IrInst *br = ir_emit(prog, IR_BR);
  br->a = flag, br->t1 = b[1], br->t2 = b[2];
  ir_start_block(prog, b[1]);
  emit_const(prog, x, 2);
  emit_d(prog, IR_MOV, y)->a = sum0;
  ir_emit(prog, IR_JMP)->t1 = b[3];
  ir_start_block(prog, b[2]);
  emit_const(prog, y, 5);
  ir_emit(prog, IR_JMP)->t1 = b[3];
  ir_start_block(prog, b[3]);
  emit_d(prog, IR_GETAMT, amt)->rule = 0;
  IrInst *add = emit_d(prog, IR_ADD, sum);
  add->a = sum0, add->b = amt, add->rule = 1;
  add = emit_d(prog, IR_ADD, more);
  add->a = sum, add->b = x, add->rule = 1;
  IrInst *lt = emit_d(prog, IR_LT, less);
  lt->a = more, lt->b = y;
  br = ir_emit(prog, IR_BR);
  br->a = less, br->t1 = b[4], br->t2 = b[5];
  ir_start_block(prog, b[4]);
  ir_emit(prog, IR_SETAMT)->a = more, prog->code[prog->ncode - 1].rule = 1;
  ir_emit(prog, IR_SETLOW)->a = one, prog->code[prog->ncode - 1].rule = 1;
  ir_emit(prog, IR_SETST)->a = one, prog->code[prog->ncode - 1].rule = 1;
  ir_emit(prog, IR_RET);
  ir_start_block(prog, b[5]);
  ir_emit(prog, IR_SETTOTAL)->a = y;
  ir_emit(prog, IR_RET);
  return prog;
}

static int count_ops(const InterpCode *code, InterpOpCode which) {
  int n = 0;
  for (int i = 0; i < code->nops; i++)
    n += code->ops[i].code == which;
  return n;
}

static void decoded_as_intended(void **state) {
  (void)state;
  IrProgram *prog = build();
  InterpCode code;
  interp_decode(prog, &code);
  assert_true(code.constant[0]);    /* one */
  assert_false(code.constant[1]);   /* x: 1 and 2 */
  assert_false(code.constant[4]);   /* y: a move and 5 */
  assert_int_equal(count_ops(&code, OP_ADDAMT), 1);
  assert_int_equal(count_ops(&code, OP_BR_LT_I), 1);
  assert_int_equal(count_ops(&code, OP_SETRULE), 1);
  assert_int_equal(count_ops(&code, OP_CONST_I), 3);   /* x twice, y */
  interp_code_free(&code);
  ir_free(prog);
}

typedef struct Row {
  int64_t flag, sum0, amount;   /* in; rule 0's amount before the row */
  int32_t error;
  int64_t rule1;                /* out, when no flag (with one: the total is sum0) */
} Row;

static void rows_in_turn(void **state) {
  (void)state;
  IrProgram *prog = build();
  Interp *in = interp_new(prog);
  const Row rows[] = {
    /* flag: x = 2, y = sum0: more = sum0 + amount + 2 is never below y */
    {1, 10, 3, ROW_OK, 0},
    /* no flag: x = 1, y = 5: more = 1 + 1 + 1 = 3 < 5: rule 1 pays 3 */
    {0, 1, 1, ROW_OK, 3},
    {1, 100, 0, ROW_OK, 0},
    {0, INT64_MAX, 1, ROW_OVERFLOW, 0},
    {0, 0, 0, ROW_OK, 1},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    RuleOutcome rules[2] = {{.amount = rows[i].amount}, {0}};
    RowOutcome out = {.total = -1, .nrules = 2, .rules = rules};
    int64_t ints[2] = {rows[i].flag, rows[i].sum0};
    interp_run(in, ints, NULL, 0, &out);
    assert_int_equal(out.error, rows[i].error);
    if (out.error != ROW_OK) {
      assert_int_equal(out.error_rule, 1);   /* the add's rule, not the amount's */
      continue;
    }
    if (rows[i].flag) {
      assert_int_equal(out.total, rows[i].sum0);
    } else {
      assert_int_equal(rules[1].amount, rows[i].rule1);
      assert_int_equal(rules[1].lower, 1);
      assert_int_equal(rules[1].status, 1);
      assert_int_equal(rules[1].detail, -1);
    }
  }
  interp_free(in);
  ir_free(prog);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(decoded_as_intended),
    cmocka_unit_test(rows_in_turn),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
