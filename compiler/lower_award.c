/*
 * lower_award.c - a rule's awards into IR (language.md §5).
 *
 * Each award line computes (amount, lower bound, why) when its condition
 * holds; the largest amount is kept (ties: the first line).  An award is
 * rounded once, half away from zero, to the fen (ROUNDFEN) after its rate is
 * applied and before its cap.  `per year for N years` multiplies the annual
 * amount by N; the schedule of payments is derived from the entitlement by
 * the runtime (runtime/schedule.c).
 */
#include <string.h>

#include "../runtime/base/exact.h"
#include "lower_internal.h"

/* Registers carried through the awards of one rule. */
typedef struct Best {
  int amount;       /* I64 fen; INT64_MIN while no award applies */
  int lower;        /* I64 fen; -1 when the winner is not a range */
  int why;          /* IrStatus of the winning award */
  int miss;         /* IrStatus when no award applies */
} Best;

/* One award's result. */
typedef struct Got {
  int amount, lower, why;
} Got;

static int round_fen(Lower *L, int wide) {
  return lower_op(L, IR_ROUNDFEN, IRT_I64, wide, -1, 0);
}

static int share_of(Lower *L, Expr *rate, int base) {
  int r = lower_expr(L, rate, IRT_I64);
  return lower_op(L, IR_MULDIV, IRT_WIDE, base, r, EXACT_MICRO);
}

/* ladder: the highest line whose comparison holds; none → the award does
 * not apply (`skip`).  With topup, max(0, tier − max(0, received)). */
static Got lower_ladder(Lower *L, Amount *a, int award, int skip, Best *best) {
  IrType st = lower_ir_type(a->expr->type);
  int subject = lower_expr(L, a->expr, st);
  int tier = ir_new_reg(L->prog, IRT_I64);
  int index = ir_new_reg(L->prog, IRT_I64);
  int reached = ir_new_block(L->prog);
  for (int i = a->tiers.len - 1; i >= 0; i--) {
    Tier *t = a->tiers.items[i];
    int threshold = lower_expr(L, t->threshold, st);
    int cond = lower_op(L, t->cmp == OP_GT ? IR_GT : IR_GE, IRT_I64, subject,
                        threshold, 0);
    int here = ir_new_block(L->prog), next = ir_new_block(L->prog);
    lower_br(L, cond, here, next);
    ir_start_block(L->prog, here);
    lower_mov(L, tier, round_fen(L, lower_expr(L, t->value, IRT_WIDE)));
    lower_mov(L, index, lower_const(L, IRT_I64, i));
    lower_jmp(L, reached);
    ir_start_block(L->prog, next);
  }
  /* below the first tier */
  lower_trace(L, TR_LADDER, award, subject, lower_const(L, IRT_I64, -1), -1);
  if (award == 0)
    lower_mov(L, best->miss, lower_const(L, IRT_I64, ST_BELOW_LADDER));
  lower_jmp(L, skip);
  ir_start_block(L->prog, reached);
  lower_trace(L, TR_LADDER, award, subject, index, tier);
  Got got = {tier, lower_const(L, IRT_I64, -1), lower_const(L, IRT_I64, ST_PAID)};
  if (!a->topup)
    return got;
  /* A negative "received" (a refund, a signed input) is nothing received:
   * the award never exceeds the tier. */
  int zero = lower_const(L, IRT_I64, 0);
  int received = lower_op(L, IR_MAX, IRT_I64,
                          round_fen(L, lower_expr(L, a->topup, IRT_WIDE)), zero, 0);
  int diff = lower_op(L, IR_SUB, IRT_I64, tier, received, 0);
  int positive = lower_op(L, IR_GT, IRT_I64, diff, zero, 0);
  got.amount = lower_select(L, positive, diff, zero);
  got.why = lower_select(L, positive, got.why,
                         lower_const(L, IRT_I64, ST_TOPUP_COVERED));
  lower_trace(L, TR_TOPUP, award, tier, received, got.amount);
  return got;
}

/* brackets: each line's rate applies to the part of the base between its
 * bound and the next line's; the parts are summed exactly, then rounded. */
static int lower_brackets(Lower *L, Amount *a, int award) {
  int base = lower_expr(L, a->expr, IRT_WIDE);
  int zero = lower_const(L, IRT_WIDE, 0);
  int sum = zero;
  for (int i = 0; i < a->tiers.len; i++) {
    Tier *t = a->tiers.items[i];
    int from = lower_expr(L, t->threshold, IRT_WIDE);
    int part = lower_op(L, IR_MAX, IRT_WIDE,
                        lower_op(L, IR_SUB, IRT_WIDE, base, from, 0), zero, 0);
    if (i + 1 < a->tiers.len) {
      Tier *next = a->tiers.items[i + 1];
      int to = lower_expr(L, next->threshold, IRT_WIDE);
      part = lower_op(L, IR_MIN, IRT_WIDE, part,
                      lower_op(L, IR_SUB, IRT_WIDE, to, from, 0), 0);
    }
    int r = lower_expr(L, t->value, IRT_I64);
    int paid = lower_op(L, IR_MULDIV, IRT_WIDE, part, r, EXACT_MICRO);
    lower_trace(L, TR_BRACKET, award, part, r, paid);
    sum = lower_op(L, IR_ADD, IRT_WIDE, sum, paid, 0);
  }
  return round_fen(L, sum);
}

static Got lower_amount(Lower *L, Award *w, int award, int skip, Best *best) {
  Amount *a = &w->amount;
  Got got = {-1, -1, -1};
  switch (a->kind) {
  case AM_EXPR:
    got.amount = round_fen(L, lower_expr(L, a->expr, IRT_WIDE));
    lower_trace(L, TR_AMOUNT, award, got.amount, -1, got.amount);
    break;
  case AM_SHARE:
  case AM_RANGE: {
    int base = lower_expr(L, a->expr, IRT_WIDE);
    got.amount = round_fen(L, share_of(L, a->rate, base));
    lower_trace(L, TR_SHARE, award, lower_expr(L, a->rate, IRT_I64), base,
                got.amount);
    if (a->kind == AM_RANGE) {
      got.lower = round_fen(L, share_of(L, a->rate_low, base));
      lower_trace(L, TR_RANGE_LOW, award, lower_expr(L, a->rate_low, IRT_I64),
                  base, got.lower);
    }
    break;
  }
  case AM_LADDER:
    return lower_ladder(L, a, award, skip, best);
  case AM_BRACKETS:
    got.amount = lower_brackets(L, a, award);
    break;
  }
  if (got.lower < 0)
    got.lower = lower_const(L, IRT_I64, -1);
  got.why = lower_const(L, IRT_I64, ST_PAID);
  return got;
}

static void apply_cap(Lower *L, Award *w, int award, Got *got) {
  if (!w->cap)
    return;
  int cap = round_fen(L, lower_expr(L, w->cap, IRT_WIDE));
  int capped = lower_op(L, IR_MIN, IRT_I64, got->amount, cap, 0);
  lower_trace(L, TR_CAP, award, got->amount, cap, capped);
  got->amount = capped;
  got->lower = lower_op(L, IR_MIN, IRT_I64, got->lower, cap, 0);
}

/* Keeps `got` when it is larger than the best so far. */
static void keep_larger(Lower *L, Best *best, Got got) {
  int larger = lower_op(L, IR_GT, IRT_I64, got.amount, best->amount, 0);
  lower_mov(L, best->amount, lower_select(L, larger, got.amount, best->amount));
  lower_mov(L, best->lower, lower_select(L, larger, got.lower, best->lower));
  lower_mov(L, best->why, lower_select(L, larger, got.why, best->why));
}

/* --- conditions, for explain -------------------------------------------- */

static bool is_chain(const Expr *e) {
  return e->kind == EX_BINARY && (e->op == OP_AND || e->op == OP_OR);
}

/* The operands of a chain `a and b and c` (left-nested), in source order. */
static void chain_operands(Expr *e, BinOp op, PtrVec *out, Arena *arena) {
  if (e->kind == EX_BINARY && e->op == op) {
    chain_operands(e->lhs, op, out, arena);
    chain_operands(e->rhs, op, out, arena);
  } else {
    ptrvec_push(arena, out, e);
  }
}

static int add_clause(Lower *L, const ClauseSink *sink, Expr *e, int parent, bool in_or) {
  IrProgram *prog = L->prog;
  int n = *sink->n;
  if ((n & (n - 1)) == 0) {   /* 0, 1, 2, 4, ...: double */
    int cap = n ? n * 2 : 1;
    *sink->items = arena_grow(&prog->arena, *sink->items, sizeof(IrClause) * (size_t)n,
                              sizeof(IrClause) * (size_t)cap);
  }
  IrClause *c = &(*sink->items)[n];
  const char *text = lower_text(L, prog->sources[L->source], e->span);
  if (is_chain(e)) {   /* its parentheses are not part of its span */
    size_t size = strlen(text) + 3;
    char *wrapped = arena_alloc(&prog->arena, size);
    snprintf(wrapped, size, "(%s)", text);
    text = wrapped;
  }
  *c = (IrClause){.text = text, .parent = parent, .in_or = in_or};
  c->ninputs = lower_inputs_of(L, e, &c->inputs);
  return (*sink->n)++;
}

/* Each operand of a chain is traced with its value as it is computed
 * (short-circuit kept, so the value is the one `eval` computes and a clause
 * not reached is not evaluated).  Untraced programs lower the condition as
 * any expression. */
int lower_condition(Lower *L, Expr *e, const ClauseSink *sink, int parent) {
  if (!L->prog->traced || !is_chain(e))
    return lower_expr(L, e, IRT_I64);
  PtrVec operands = {0};
  chain_operands(e, e->op, &operands, &L->prog->arena);
  int d = ir_new_reg(L->prog, IRT_I64);
  int done = ir_new_block(L->prog);
  for (int i = 0; i < operands.len; i++) {
    int clause = add_clause(L, sink, operands.items[i], parent, e->op == OP_OR);
    int value = lower_condition(L, operands.items[i], sink, clause);
    lower_trace(L, sink->event, sink->owner, value, lower_const(L, IRT_I64, clause), -1);
    lower_mov(L, d, value);
    if (i + 1 < operands.len) {
      int next = ir_new_block(L->prog);
      if (e->op == OP_AND)
        lower_br(L, value, next, done);
      else
        lower_br(L, value, done, next);
      ir_start_block(L->prog, next);
    }
  }
  lower_jmp(L, done);
  ir_start_block(L->prog, done);
  return d;
}

static void lower_award(Lower *L, Award *w, int award, Best *best) {
  int skip = ir_new_block(L->prog);
  if (w->when) {
    int body = ir_new_block(L->prog);
    IrAward *aw = &L->prog->rules[L->rule].awards[award];
    ClauseSink sink = {&aw->clauses, &aw->nclauses, TR_CLAUSE, award};
    int cond = lower_condition(L, w->when, &sink, -1);
    lower_trace(L, TR_WHEN, award, cond, -1, -1);
    lower_br(L, cond, body, skip);
    ir_start_block(L->prog, body);
  }
  Got got = lower_amount(L, w, award, skip, best);
  apply_cap(L, w, award, &got);
  keep_larger(L, best, got);
  lower_jmp(L, skip);
  ir_start_block(L->prog, skip);
}

static void set_status(Lower *L, int rule, int status_reg, int detail_reg) {
  IrInst *inst = lower_emit(L, IR_SETST);
  inst->rule = rule;
  inst->a = status_reg;
  inst->b = detail_reg;
}

static void set_result(Lower *L, IrOp op, int rule, int reg) {
  IrInst *inst = lower_emit(L, op);
  inst->rule = rule;
  inst->a = reg;
}

/* After the awards: no award → 0 and why; else the annual amount × years,
 * and a negative amount paid as 0. */
static void finish_rule(Lower *L, const IrRule *ir, int rule, Best *best) {
  int none = ir_new_block(L->prog), paid = ir_new_block(L->prog);
  int done = ir_new_block(L->prog);
  int zero = lower_const(L, IRT_I64, 0);
  int nothing = lower_const(L, IRT_I64, INT64_MIN);
  lower_br(L, lower_op(L, IR_EQ, IRT_I64, best->amount, nothing, 0), none, paid);

  ir_start_block(L->prog, none);
  set_result(L, IR_SETAMT, rule, zero);
  set_result(L, IR_SETLOW, rule, lower_const(L, IRT_I64, -1));
  set_status(L, rule, best->miss, lower_const(L, IRT_I64, 0));
  lower_jmp(L, done);

  ir_start_block(L->prog, paid);
  int amount = best->amount;
  if (ir->years > 1) {
    int years = lower_const(L, IRT_I64, ir->years);
    amount = lower_op(L, IR_MULDIV, IRT_I64, amount, years, 1);
    lower_trace(L, TR_YEARS, -1, best->amount, years, amount);
  }
  int negative = lower_op(L, IR_LT, IRT_I64, amount, zero, 0);
  set_result(L, IR_SETAMT, rule, lower_select(L, negative, zero, amount));
  set_result(L, IR_SETLOW, rule, best->lower);
  set_status(L, rule,
             lower_select(L, negative, lower_const(L, IRT_I64, ST_NEGATIVE),
                          best->why),
             -1);
  lower_jmp(L, done);
  ir_start_block(L->prog, done);
}

void lower_rule(Lower *L, Decl *decl, int rule) {
  Rule *r = &decl->as.rule;
  L->rule = rule;
  L->used = (PtrVec){0};
  lower_at(L, decl->src, decl->span);
  Best best = {
      .amount = ir_new_reg(L->prog, IRT_I64),
      .lower = ir_new_reg(L->prog, IRT_I64),
      .why = ir_new_reg(L->prog, IRT_I64),
      .miss = ir_new_reg(L->prog, IRT_I64),
  };
  lower_mov(L, best.amount, lower_const(L, IRT_I64, INT64_MIN));
  lower_mov(L, best.lower, lower_const(L, IRT_I64, -1));
  lower_mov(L, best.why, lower_const(L, IRT_I64, ST_PAID));
  lower_mov(L, best.miss, lower_const(L, IRT_I64, ST_NO_AWARD));
  for (int i = 0; i < r->awards.len; i++) {
    lower_span(L, ((Award *)r->awards.items[i])->span);   /* the award line */
    lower_award(L, r->awards.items[i], i, &best);
  }
  lower_at(L, decl->src, decl->span);   /* what follows the awards is the rule's */
  finish_rule(L, &L->prog->rules[rule], rule, &best);
  IrRule *ir = &L->prog->rules[rule];
  ir->ninputs_used = L->used.len;
  ir->inputs_used = arena_alloc(&L->prog->arena, sizeof(int) * (size_t)(L->used.len + 1));
  for (int i = 0; i < L->used.len; i++)
    ir->inputs_used[i] = (int)(intptr_t)L->used.items[i] - 1;
  L->rule = -1;
}
