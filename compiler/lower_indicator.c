/*
 * lower_indicator.c - a plan's indicators (language.md §9): what each row
 * adds to them.  The runtime (runtime/indicators.c) adds the rows up.
 */
#include <string.h>

#include "builtins.h"
#include "lower_internal.h"

static IrAggregate aggregate_of(const Indicator *ind) {
  if (ind->unmeasured.text)
    return AGG_UNMEASURED;
  return aggregate_find(ind->aggregate.name)->aggregate;   /* found by the checker */
}

static void describe(IrProgram *prog, IrIndicator *out, const Indicator *ind, int policy) {
  out->policy = policy;
  out->id = arena_strdup(&prog->arena, ind->id.name);
  out->label = ind->label.text ? arena_strdup(&prog->arena, ind->label.text) : NULL;
  out->aggregate = aggregate_of(ind);
  out->unmeasured = ind->unmeasured.text ? arena_strdup(&prog->arena, ind->unmeasured.text)
                                         : NULL;
  out->value_kind = ind->expr ? lower_value_kind(ind->expr->type) : VK_NUMBER;
  const Expr *goal = ind->baseline ? ind->baseline : ind->target;
  out->goal_kind = goal ? lower_value_kind(goal->type)
                   : out->aggregate == AGG_SHARE ? VK_PERCENT
                   : out->aggregate == AGG_COUNT ? VK_NUMBER : out->value_kind;
  if (ind->baseline) {
    out->has_baseline = true;
    out->baseline = ind->baseline->lit.i;
  }
  if (ind->target) {
    out->has_target = true;
    out->target = ind->target->lit.i;
  }
}

void lower_describe_indicators(Lower *L, Unit **units, int count) {
  IrProgram *prog = L->prog;
  for (int p = 0; p < count; p++)
    prog->nindicators += units[p]->indicator_decls.len;
  prog->indicators = arena_alloc(&prog->arena,
                                 sizeof(IrIndicator) * (size_t)(prog->nindicators + 1));
  int n = 0;
  for (int p = 0; p < count; p++)
    for (int i = 0; i < units[p]->indicator_decls.len; i++) {
      Decl *d = units[p]->indicator_decls.items[i];
      describe(prog, &prog->indicators[n++], &d->as.indicator, p);
    }
}

static void set_indicator(Lower *L, int index, int included, int value) {
  IrInst *inst = lower_emit(L, IR_SETIND);
  inst->k = index;
  inst->a = included;
  inst->b = value;
}

/* Whether the row counts (`where`), and what it adds: the condition's 0/1
 * for count and share, the figure (money rounded to the fen) for sum and
 * avg.  The figure is computed only for an included row. */
static void lower_one(Lower *L, const Indicator *ind, int index) {
  IrProgram *prog = L->prog;
  int zero = lower_const(L, IRT_I64, 0);
  int one = lower_const(L, IRT_I64, 1);
  int in = ir_new_block(prog), out = ir_new_block(prog), done = ir_new_block(prog);
  if (ind->where)
    lower_br(L, lower_expr(L, ind->where, IRT_I64), in, out);
  else
    lower_jmp(L, in);
  ir_start_block(prog, in);
  int value = lower_expr(L, ind->expr, lower_ir_type(ind->expr->type));
  if (prog->reg_types[value] == IRT_WIDE)
    value = lower_op(L, IR_ROUNDFEN, IRT_I64, value, -1, 0);
  set_indicator(L, index, one, value);
  lower_jmp(L, done);
  ir_start_block(prog, out);
  set_indicator(L, index, zero, zero);
  lower_jmp(L, done);
  ir_start_block(prog, done);
}

void lower_indicators(Lower *L, Unit **units, int count) {
  int n = 0;
  L->rule = -1;
  for (int p = 0; p < count; p++) {
    L->unit = units[p];
    for (int i = 0; i < units[p]->indicator_decls.len; i++, n++) {
      Decl *d = units[p]->indicator_decls.items[i];
      lower_at(L, d->src, d->span);
      if (!d->as.indicator.unmeasured.text)
        lower_one(L, &d->as.indicator, n);
    }
  }
}
