/*
 * lower_internal.h - the state shared by the lowering files.
 */
#ifndef POLC_LOWER_INTERNAL_H
#define POLC_LOWER_INTERNAL_H

#include "lower.h"

typedef struct Lower {
  IrProgram *prog;
  Unit *unit;         /* the policy being lowered */
  int policy;         /* its index in prog->policies */
  int rule;           /* rule being lowered (for error attribution), -1 */
  int source;         /* index of the current file in prog->sources, -1 */
  Span span;          /* the AST node being lowered: its instructions' span */
  int line;           /* the line span begins on in that file, 0 when none */
  PtrVec used;        /* inputs read by the rule being lowered (int slot+1) */
} Lower;

/* --- instructions (lower_expr.c) ---------------------------------------- */

IrType lower_ir_type(Type type);
/* The kind of value a type holds at run time (inputs, indicators). */
ValueKind lower_value_kind(Type type);
/* Appends an instruction of the rule being lowered, at the current node. */
IrInst *lower_emit(Lower *L, IrOp op);
/* Makes `span` of file `src` the node the next instructions come from. */
void lower_at(Lower *L, Source *src, Span span);
/* The same within the current file. */
void lower_span(Lower *L, Span span);
/* Lowers an expression into a register of IR type `want` (the literal 0
 * takes whatever type is wanted). */
int lower_expr(Lower *L, Expr *e, IrType want);
int lower_const(Lower *L, IrType type, i128 value);
int lower_op(Lower *L, IrOp op, IrType type, int a, int b, i128 k);
void lower_mov(Lower *L, int dst, int src);
int lower_select(Lower *L, int cond, int a, int b);
void lower_jmp(Lower *L, int block);
void lower_br(Lower *L, int cond, int then_block, int else_block);
void lower_trace(Lower *L, int event, int award, int a, int b, int d);
/* The inputs an expression reads, lets followed, each once: their slots
 * into *slots (in the program's arena); returns how many. */
int lower_inputs_of(Lower *L, const Expr *e, int **slots);
/* Index of a file in prog->sources (added on first use). */
int lower_source(Lower *L, Source *src);
/* Source text of a node, kept in the program's arena. */
const char *lower_text(Lower *L, Source *src, Span span);

/* --- indicators (lower_indicator.c) ---------------------------------------- */

void lower_describe_indicators(Lower *L, Unit **units, int count);
void lower_indicators(Lower *L, Unit **units, int count);

/* --- awards (lower_award.c) ---------------------------------------------- */

/* Where the parts of a traced condition are recorded: an award's clauses
 * (TR_CLAUSE, owner = the award) or an eligibility's (TR_ELIGIBLE_CLAUSE,
 * owner = its index), so that explain can name the part that failed. */
typedef struct ClauseSink {
  IrClause **items;
  int *n;
  int event;
  int owner;
} ClauseSink;

/* A condition's value; in a traced program each operand of an `and`/`or`
 * chain is traced into `sink` as it is computed. */
int lower_condition(Lower *L, Expr *e, const ClauseSink *sink, int parent);

/* Emits a rule's awards; leaves the entitlement in the outcome. */
void lower_rule(Lower *L, Decl *decl, int rule_index);

#endif
