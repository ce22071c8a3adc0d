/*
 * lower_expr.c - expressions into IR instructions.
 *
 * Money is computed WIDE (millionths of a fen) so that a share of a sum, or
 * a product of rates, is exact until the award rounds it once to the fen.
 * `and`, `or` and `if` become branches, so that the side not taken is not
 * evaluated (and cannot fail).
 */
#include <string.h>

#include "../runtime/base/exact.h"
#include "builtins.h"
#include "lower_internal.h"

IrType lower_ir_type(Type type) {
  return type == TY_MONEY ? IRT_WIDE : type == TY_TEXT ? IRT_TEXT : IRT_I64;
}

ValueKind lower_value_kind(Type type) {
  switch (type) {
  case TY_MONEY: return VK_MONEY;
  case TY_PERCENT: return VK_PERCENT;
  case TY_NUMBER: return VK_NUMBER;
  case TY_COUNT: return VK_COUNT;
  case TY_BOOL: return VK_BOOL;
  case TY_DATE: return VK_DATE;
  case TY_TEXT: return VK_TEXT;
  case TY_ZERO: return VK_NUMBER;    /* the literal 0 */
  case TY_ERROR: return VK_NUMBER;   /* never lowered: the checker stopped */
  }
  return VK_NUMBER;
}

IrInst *lower_emit(Lower *L, IrOp op) {
  IrInst *inst = ir_emit(L->prog, op);
  inst->rule = L->rule;
  inst->src = L->source;
  inst->span = L->span;
  inst->line = L->line;
  return inst;
}

/* The line is looked up once per node, not per instruction, and without
 * the column (a scan of the line: a long line of many nodes stays fast). */
void lower_span(Lower *L, Span span) {
  L->span = span;
  L->line = L->source < 0 ? 0
            : source_line_number(&L->prog->arena, L->prog->sources[L->source], span.begin);
}

void lower_at(Lower *L, Source *src, Span span) {
  L->source = lower_source(L, src);
  lower_span(L, span);
}

int lower_const(Lower *L, IrType type, i128 value) {
  IrInst *inst = lower_emit(L, IR_CONST);
  inst->d = ir_new_reg(L->prog, type);
  inst->k = value;
  return inst->d;
}

int lower_op(Lower *L, IrOp op, IrType type, int a, int b, i128 k) {
  int d = ir_new_reg(L->prog, type);
  IrInst *inst = lower_emit(L, op);
  inst->d = d;
  inst->a = a;
  inst->b = b;
  inst->k = k;
  return d;
}

void lower_mov(Lower *L, int dst, int src) {
  IrInst *inst = lower_emit(L, IR_MOV);
  inst->d = dst;
  inst->a = src;
}

int lower_select(Lower *L, int cond, int a, int b) {
  int d = ir_new_reg(L->prog, (IrType)L->prog->reg_types[a]);
  IrInst *inst = lower_emit(L, IR_SELECT);
  inst->d = d;
  inst->a = a;
  inst->b = b;
  inst->c = cond;
  return d;
}

void lower_jmp(Lower *L, int block) {
  lower_emit(L, IR_JMP)->t1 = block;
}

void lower_br(Lower *L, int cond, int then_block, int else_block) {
  IrInst *inst = lower_emit(L, IR_BR);
  inst->a = cond;
  inst->t1 = then_block;
  inst->t2 = else_block;
}

void lower_trace(Lower *L, int event, int award, int a, int b, int d) {
  if (!L->prog->traced)
    return;
  IrInst *inst = lower_emit(L, IR_TRACE);
  inst->k = event | ((i128)(award + 1) << 8);   /* award -1 (none) is 0 */
  inst->a = a;
  inst->b = b;
  inst->d = d;
}

const char *lower_text(Lower *L, Source *src, Span span) {
  const char *text = src->text + span.begin;
  size_t len = span.end - span.begin;
  char *out = arena_alloc(&L->prog->arena, len + 1);
  /* one line: newlines and runs of spaces become one space */
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    char c = text[i] == '\n' || text[i] == '\r' || text[i] == '\t' ? ' ' : text[i];
    if (c == ' ' && (n == 0 || out[n - 1] == ' '))
      continue;
    out[n++] = c;
  }
  while (n > 0 && out[n - 1] == ' ')
    n--;
  out[n] = '\0';
  return out;
}

/* --- leaves ------------------------------------------------------------ */

static int lower_literal(Lower *L, const Expr *e, IrType want) {
  const Value *v = &e->lit;
  switch (v->type) {
  case TY_ZERO:
    return lower_const(L, want, 0);
  case TY_MONEY:
    return lower_const(L, IRT_WIDE, (i128)v->i * EXACT_MICRO);
  case TY_TEXT: {
    IrInst *inst = lower_emit(L, IR_TEXT);
    inst->d = ir_new_reg(L->prog, IRT_TEXT);
    inst->k = ir_string(L->prog, v->text);
    return inst->d;
  }
  case TY_PERCENT: case TY_NUMBER: case TY_COUNT: case TY_BOOL: case TY_DATE:
  case TY_ERROR:
    break;
  }
  return lower_const(L, IRT_I64, v->i);
}

static void note_input_used(Lower *L, int slot) {
  for (int i = 0; i < L->used.len; i++)
    if ((intptr_t)L->used.items[i] == slot + 1)
      return;
  ptrvec_push(&L->prog->arena, &L->used, (void *)(intptr_t)(slot + 1));
}

static int lower_name(Lower *L, Expr *e, IrType want) {
  Symbol *sym = e->sym;
  if (sym->kind == SYM_AS_OF)
    return lower_op(L, IR_ASOF, IRT_I64, -1, -1, 0);
  if (sym->kind == SYM_LET) {
    /* A let is computed where it is used: a condition that is not reached
     * cannot fail on it. */
    int saved = L->source;
    L->source = lower_source(L, sym->decl->src);
    int reg = lower_expr(L, sym->decl->as.let.value, want);
    L->source = saved;   /* lower_expr gave back the span and line */
    return reg;
  }
  note_input_used(L, sym->slot);
  IrInst *inst = lower_emit(L, IR_LOAD);
  inst->d = ir_new_reg(L->prog, lower_ir_type(sym->type));
  inst->k = sym->slot;
  return inst->d;
}

int lower_source(Lower *L, Source *src) {
  IrProgram *prog = L->prog;
  for (int i = 0; i < prog->nsources; i++)
    if (prog->sources[i] == src)
      return i;
  if ((prog->nsources & (prog->nsources - 1)) == 0) {   /* 0, 1, 2, 4, ...: double */
    int cap = prog->nsources ? prog->nsources * 2 : 1;
    prog->sources = arena_grow(&prog->arena, prog->sources,
                               sizeof(Source *) * (size_t)prog->nsources,
                               sizeof(Source *) * (size_t)cap);
  }
  prog->sources[prog->nsources] = src;
  return prog->nsources++;
}

/* Adds to `set` the slot + 1 of every input `e` reads, following lets. */
static void collect_inputs(Lower *L, const Expr *e, PtrVec *set) {
  if (!e)
    return;
  if (e->kind == EX_NAME) {
    const Symbol *sym = e->sym;
    if (sym->kind == SYM_LET) {
      collect_inputs(L, sym->decl->as.let.value, set);
    } else if (sym->kind == SYM_INPUT) {
      for (int i = 0; i < set->len; i++)
        if ((intptr_t)set->items[i] == sym->slot + 1)
          return;
      ptrvec_push(&L->prog->arena, set, (void *)(intptr_t)(sym->slot + 1));
    }
    return;
  }
  collect_inputs(L, e->cond, set);
  collect_inputs(L, e->lhs, set);
  collect_inputs(L, e->rhs, set);
  for (int i = 0; i < e->args.len; i++)
    collect_inputs(L, e->args.items[i], set);
}

int lower_inputs_of(Lower *L, const Expr *e, int **slots) {
  PtrVec set = {0};
  collect_inputs(L, e, &set);
  *slots = arena_alloc(&L->prog->arena, sizeof(int) * (size_t)(set.len + 1));
  for (int i = 0; i < set.len; i++)
    (*slots)[i] = (int)(intptr_t)set.items[i] - 1;
  return set.len;
}

/* --- arithmetic ---------------------------------------------------------- */

static bool is_scaled(Type t) { return t == TY_NUMBER || t == TY_PERCENT; }

/* a × b with a's and b's types: the scale to divide the product by, so
 * that the result is in the result type's unit. */
static i128 product_scale(Type a, Type b) {
  if (a == TY_MONEY)
    return is_scaled(b) ? EXACT_MICRO : 1;   /* money × rate / 10^6 */
  return is_scaled(a) && is_scaled(b) ? EXACT_MICRO : 1;
}

static int lower_mul(Lower *L, Expr *e, IrType rt) {
  Expr *a = e->lhs, *b = e->rhs;
  if (a->type == TY_ZERO || b->type == TY_ZERO)
    return lower_const(L, rt, 0);
  if (b->type == TY_MONEY) {   /* keep money on the left */
    Expr *t = a;
    a = b;
    b = t;
  }
  int ra = lower_expr(L, a, lower_ir_type(a->type));
  int rb = lower_expr(L, b, lower_ir_type(b->type));
  return lower_op(L, IR_MULDIV, rt, ra, rb, product_scale(a->type, b->type));
}

/* a ÷ b: the factor to multiply a by before dividing, so that the
 * quotient is in the result type's unit. */
static i128 quotient_scale(Type a, Type b) {
  if (a == TY_MONEY)
    return b == TY_COUNT ? 1 : EXACT_MICRO;   /* ÷ money gives a number */
  return b == TY_COUNT ? 1 : EXACT_MICRO;
}

static int lower_div(Lower *L, Expr *e, IrType rt) {
  Expr *a = e->lhs, *b = e->rhs;
  if (a->type == TY_ZERO)
    return lower_const(L, rt, 0);
  int ra = lower_expr(L, a, lower_ir_type(a->type));
  int rb = lower_expr(L, b, lower_ir_type(b->type));
  return lower_op(L, IR_DIVMUL, rt, ra, rb, quotient_scale(a->type, b->type));
}

/* The IR type both operands of a comparison (or min/max/if) are put in. */
static IrType common_ir_type(const Expr *a, const Expr *b) {
  Type t = a->type != TY_ZERO ? a->type : b->type;
  return t == TY_ZERO ? IRT_I64 : lower_ir_type(t);
}

static int lower_compare(Lower *L, Expr *e) {
  static const IrOp ops[] = {[OP_EQ] = IR_EQ, [OP_NE] = IR_NE, [OP_LT] = IR_LT,
                             [OP_LE] = IR_LE, [OP_GT] = IR_GT, [OP_GE] = IR_GE};
  IrType t = common_ir_type(e->lhs, e->rhs);
  int a = lower_expr(L, e->lhs, t);
  int b = lower_expr(L, e->rhs, t);
  return lower_op(L, ops[e->op], IRT_I64, a, b, 0);
}

/* a and b / a or b, evaluating b only when a does not decide. */
static int lower_logic(Lower *L, Expr *e) {
  int d = ir_new_reg(L->prog, IRT_I64);
  int rhs_block = ir_new_block(L->prog), done = ir_new_block(L->prog);
  int a = lower_expr(L, e->lhs, IRT_I64);
  lower_mov(L, d, a);
  if (e->op == OP_AND)
    lower_br(L, a, rhs_block, done);
  else
    lower_br(L, a, done, rhs_block);
  ir_start_block(L->prog, rhs_block);
  int b = lower_expr(L, e->rhs, IRT_I64);
  lower_mov(L, d, b);
  lower_jmp(L, done);
  ir_start_block(L->prog, done);
  return d;
}

static int lower_binary(Lower *L, Expr *e, IrType rt) {
  switch (e->op) {
  case OP_ADD:
  case OP_SUB: {
    int a = lower_expr(L, e->lhs, rt);
    int b = lower_expr(L, e->rhs, rt);
    return lower_op(L, e->op == OP_ADD ? IR_ADD : IR_SUB, rt, a, b, 0);
  }
  case OP_MUL:
    return lower_mul(L, e, rt);
  case OP_DIV:
    return lower_div(L, e, rt);
  case OP_AND:
  case OP_OR:
    return lower_logic(L, e);
  case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
    break;
  }
  return lower_compare(L, e);
}

static int lower_if(Lower *L, Expr *e, IrType rt) {
  int d = ir_new_reg(L->prog, rt);
  int then_block = ir_new_block(L->prog), else_block = ir_new_block(L->prog);
  int done = ir_new_block(L->prog);
  lower_br(L, lower_expr(L, e->cond, IRT_I64), then_block, else_block);
  ir_start_block(L->prog, then_block);
  lower_mov(L, d, lower_expr(L, e->lhs, rt));
  lower_jmp(L, done);
  ir_start_block(L->prog, else_block);
  lower_mov(L, d, lower_expr(L, e->rhs, rt));
  lower_jmp(L, done);
  ir_start_block(L->prog, done);
  return d;
}

static int lower_call(Lower *L, Expr *e, IrType rt) {
  const Builtin *fn = builtin_find(e->name.name);   /* found by the checker */
  Expr **args = (Expr **)e->args.items;
  switch (fn->typing) {
  case BUILTIN_DATES: {
    int a = lower_expr(L, args[0], IRT_I64);
    int b = fn->arity > 1 ? lower_expr(L, args[1], IRT_I64) : -1;
    return lower_op(L, fn->op, IRT_I64, a, b, 0);
  }
  case BUILTIN_ONE_TYPE: {
    int acc = lower_expr(L, args[0], rt);
    for (int i = 1; i < e->args.len; i++)
      acc = lower_op(L, fn->op, rt, acc, lower_expr(L, args[i], rt), 0);
    return acc;
  }
  }
  return -1;
}

static int lower_node(Lower *L, Expr *e, IrType want) {
  /* The expression's own IR type, unless it is the polymorphic 0. */
  IrType rt = e->type == TY_ZERO ? want : lower_ir_type(e->type);
  switch (e->kind) {
  case EX_LITERAL:
    return lower_literal(L, e, want);
  case EX_NAME:
    return lower_name(L, e, want);
  case EX_CALL:
    return lower_call(L, e, rt);
  case EX_NEG:
    return lower_op(L, IR_NEG, rt, lower_expr(L, e->lhs, rt), -1, 0);
  case EX_NOT:
    return lower_op(L, IR_NOT, IRT_I64, lower_expr(L, e->lhs, IRT_I64), -1, 0);
  case EX_CAST: {   /* count → number: × 10^6 */
    int a = lower_expr(L, e->lhs, IRT_I64);
    int scale = lower_const(L, IRT_I64, EXACT_MICRO);
    return lower_op(L, IR_MULDIV, IRT_I64, a, scale, 1);
  }
  case EX_BINARY:
    return lower_binary(L, e, rt);
  case EX_IF:
    return lower_if(L, e, rt);
  }
  return lower_const(L, want, 0);
}

/* Each subexpression's instructions carry its own span; the parent's is
 * given back for what the parent emits after it. */
int lower_expr(Lower *L, Expr *e, IrType want) {
  Span span = L->span;
  int line = L->line;
  lower_span(L, e->span);
  int reg = lower_node(L, e, want);
  L->span = span;
  L->line = line;
  return reg;
}
