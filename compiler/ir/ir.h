/*
 * ir.h - the intermediate representation: the contract between the front
 * end and both engines (runtime/interp.c and the libgccjit backend).
 *
 * One IrProgram evaluates one row against every policy given together, so
 * that stacking across policies is part of it.  The code is one function:
 * a flat array of three-address instructions over typed virtual registers,
 * grouped into basic blocks that end in a jump, a branch or `ret`.  Nothing
 * is allocated while a row is evaluated: registers are preallocated and the
 * results go into a caller-provided RowOutcome.
 *
 * Registers have one of three types:
 *   I64   int64: fen (money results), millionths (percent, number), counts,
 *         0/1, days
 *   WIDE  __int128: money while it is being computed, in millionths of a fen,
 *         so that intermediate arithmetic is exact to 10^-6 fen and an award is
 *         rounded once, half away from zero, to the fen (ROUNDFEN)
 *   TEXT  a pointer and a length
 * Arithmetic is checked: an overflow, or a division by zero, ends the row
 * with an error naming the rule being computed (IrInst.rule).
 */
#ifndef POLC_IR_H
#define POLC_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../../lang/source.h"
#include "../../runtime/base/arena.h"
#include "../../runtime/base/value.h"

typedef __int128 i128;

typedef enum IrType { IRT_I64, IRT_WIDE, IRT_TEXT } IrType;

/* Every opcode once: the enum, the count and the names come from here.
 * Operands: d = destination register, a/b/c = source registers, k = the
 * immediate (i128), t1/t2 = block numbers, r = rule index. */
#define IR_OPS(X)                                                           \
  X(CONST,     "const")     /* d = k                       (I64 or WIDE) */ \
  X(TEXT,      "text")      /* d = strings[k]              (TEXT) */        \
  X(LOAD,      "load")      /* d = row input k; money inputs are widened */ \
  X(ASOF,      "as_of")     /* d = the row's evaluation date */             \
  X(MOV,       "mov")       /* d = a */                                     \
  X(ADD,       "add")       /* d = a + b                   (checked) */     \
  X(SUB,       "sub")       /* d = a - b                   (checked) */     \
  X(NEG,       "neg")       /* d = -a                      (checked) */     \
  X(MULDIV,    "muldiv")    /* d = round(a * b / k)        (checked) */     \
  X(DIVMUL,    "divmul")    /* d = round(a * k / b)        (b != 0) */      \
  X(ROUNDFEN,  "roundfen")  /* d(I64 fen) = round(a(WIDE) / 10^6) */        \
  X(WIDEN,     "widen")     /* d(WIDE) = a(I64 fen) * 10^6 */               \
  X(MIN,       "min")       /* d = min(a, b) */                             \
  X(MAX,       "max")       /* d = max(a, b) */                             \
  X(EQ,        "eq")        /* d(I64) = a == b; TEXT compares bytes */      \
  X(NE,        "ne")                                                        \
  X(LT,        "lt")                                                        \
  X(LE,        "le")                                                        \
  X(GT,        "gt")                                                        \
  X(GE,        "ge")                                                        \
  X(NOT,       "not")       /* d = !a */                                    \
  X(SELECT,    "select")    /* d = c ? a : b */                             \
  X(YEARS,     "years")     /* d = whole years from a to b */               \
  X(YEAR,      "year")      /* d = calendar year of a */                    \
  X(JMP,       "jmp")       /* goto t1 */                                   \
  X(BR,        "br")        /* if a goto t1 else goto t2 */                 \
  X(GETAMT,    "getamt")    /* d = outcome.rules[r].amount */               \
  X(SETAMT,    "setamt")    /* outcome.rules[r].amount = a */               \
  X(SETLOW,    "setlow")    /* outcome.rules[r].lower = a */                \
  X(SETST,     "setst")     /* rules[r].status = a, .detail = b or -1 */    \
  X(SETTOTAL,  "settotal")  /* outcome.total = a */                         \
  X(SETIND,    "setind")    /* indicators[k] = {included a, value b} */     \
  X(TRACE,     "trace")     /* explain only: event k&255 of award (k>>8)-1 */\
  X(RET,       "ret")

typedef enum IrOp {
#define IR_ENUM(name, text) IR_##name,
  IR_OPS(IR_ENUM)
#undef IR_ENUM
  IR_OP_COUNT
} IrOp;

extern const char *const ir_op_names[IR_OP_COUNT];

typedef struct IrInst {
  uint8_t op;
  int32_t rule;        /* rule being computed (for errors), -1 outside */
  int32_t d, a, b, c;  /* registers; -1 when unused */
  int32_t t1, t2;      /* blocks */
  i128 k;              /* immediate */
  Span span;           /* the AST node it comes from (expression, award, rule) */
  int32_t src;         /* file of span: index into IrProgram.sources, -1 none */
  int32_t line;        /* line span begins on (1-based), 0 when src is -1:
                          computed once by lowering, for `polc ir` and for
                          the native code's line table */
} IrInst;

/* --- what the program computes, described for output and explain ------ */

/* Why a rule pays what it pays: every status once, with its word in
 * `polc ir`, in JSON Lines output, and in the header `polc build` writes.
 * The enum, the count and the words all come from here. */
#define IR_STATUSES(X)                                                        \
  /* an award applied */                                                      \
  X(PAID, "paid", "paid", "paid")                                             \
  /* the policy's effective window misses as_of */                            \
  X(NOT_IN_FORCE, "not-in-force", "not_in_force", "not in force")             \
  /* detail: the eligible clause that failed */                               \
  X(NOT_ELIGIBLE, "not-eligible", "not_eligible", "not eligible")             \
  /* detail: the award whose condition failed (the first) */                  \
  X(NO_AWARD, "no-award", "no_award", "no award")                             \
  /* detail: the award; no tier reached */                                    \
  X(BELOW_LADDER, "below-ladder", "below_ladder", "below the ladder")         \
  /* the tier reached is already received (晋级补差) */                       \
  X(TOPUP_COVERED, "topup-covered", "topup_covered", "top-up covered")        \
  /* the amount computed below 0; 0 is paid */                                \
  X(NEGATIVE, "negative", "negative", "negative")                             \
  /* detail: the rule of the group paid instead */                            \
  X(GROUP_LOST, "group-lost", "superseded", "superseded in its group")        \
  /* detail: the rule of the family paid instead (从高不重复) */              \
  X(STACK_LOST, "stack-lost", "superseded", "superseded (stacking)")

typedef enum IrStatus {
#define IR_STATUS_ENUM(name, ir, jsonl, header) ST_##name,
  IR_STATUSES(IR_STATUS_ENUM)
#undef IR_STATUS_ENUM
} IrStatus;

/* Counted apart from the enum, so that a switch over IrStatus without a
 * `default` must name every status (-Wswitch). */
#define IR_STATUS_ONE(name, ir, jsonl, header) +1
enum { IR_STATUS_COUNT = 0 IR_STATUSES(IR_STATUS_ONE) };
#undef IR_STATUS_ONE

typedef struct IrStatusWords {
  const char *ir;       /* `polc ir` */
  const char *jsonl;    /* "status" in JSON Lines output */
  const char *header;   /* the comment in `polc build`'s header */
} IrStatusWords;

extern const IrStatusWords ir_status_words[IR_STATUS_COUNT];

typedef enum IrTrace {    /* TRACE events, for explain */
  TR_WHEN,            /* award k2: condition a holds (1/0) */
  TR_AMOUNT,          /* award: fixed amount a */
  TR_SHARE,           /* award: rate a × base b = d */
  TR_RANGE_LOW,       /* award: lower rate a × base b = d */
  TR_LADDER,          /* award: subject a reaches tier d (index b, -1 none) */
  TR_TOPUP,           /* award: tier a − received b = d */
  TR_BRACKET,         /* award: part a of the base at rate b = d */
  TR_CAP,             /* award: amount a, cap b, paid d */
  TR_YEARS,           /* annual a × years b = d */
  TR_INPUT,           /* input k2 has value a */
  TR_CLAUSE,          /* award: clause b of its condition (IrAward.clauses)
                         has value a (1/0); a clause not reached is not traced */
  TR_ELIGIBLE_CLAUSE, /* eligibility k2 of the rule's policy (IrPolicy.eligibles):
                         clause b of its condition has value a (1/0) */
} IrTrace;

typedef struct IrInput {
  const char *name;
  const char *label;
  ValueKind kind;
  bool required;
  bool may_be_negative;      /* percent, number, or money/count `signed` */
  bool default_as_of;        /* `default as_of` */
  int64_t default_int;
  const char *default_text;
} IrInput;

typedef struct IrArticle {
  const char *citation, *text, *reason;
} IrArticle;

/* A part of a condition (an award's or an eligibility's) joined by `and`
 * or `or`, for explain.  A clause that is itself such a chain has its own
 * clauses (parent = it). */
typedef struct IrClause {
  const char *text;
  int parent;                /* index of the clause it belongs to; -1: the condition */
  bool in_or;                /* joined to its siblings by `or` (else `and`) */
  int ninputs;
  int *inputs;               /* the inputs it reads (lets followed) */
} IrClause;

typedef struct IrEligible {
  const char *article;       /* NULL when the clause cites none */
  const char *text;          /* the condition's source text */
  int ninputs;               /* the inputs it reads (lets followed) */
  int *inputs;
  int nclauses;              /* traced programs only: the condition's parts */
  IrClause *clauses;
} IrEligible;

typedef struct IrAward {
  const char *when_text;     /* NULL: unconditional */
  const char *text;          /* the award line's source text */
  bool is_range;
  int nwhen_inputs;          /* the inputs the condition reads (lets followed) */
  int *when_inputs;
  int nclauses;              /* traced programs only: the condition's parts */
  IrClause *clauses;
  const char *subject_text;  /* ladder: its subject, the kind of its value, */
  ValueKind subject_kind;
  int ntiers;                /* each tier as written ("> 10亿 -> 300万"), */
  const char **tiers;
  const char *topup_text;    /* and what is already received, or NULL */
} IrAward;

typedef struct IrRule {
  int policy;
  const char *id;
  const char *qualified;     /* "policy.rule" */
  const char *citation;
  const char *kind;          /* NULL: no stacking kind */
  const char *group;         /* NULL: not exclusive */
  bool per_year;
  int years;                 /* for N years (1 without) */
  int npaid;                 /* paid P% P% ...: instalment shares */
  int64_t *paid;             /* millionths of the whole */
  int paid_over;             /* paid over N years (0: none) */
  bool discretionary;
  bool external;             /* amount set outside the text: totals report it apart */
  int nobligations;
  const char **obligations;
  int nnotes;
  const char **notes;
  int narticles;             /* `article "..."`: the published words */
  const char **articles;
  int nawards;
  IrAward *awards;
  int ninputs_used;          /* inputs the rule reads, for explain */
  int *inputs_used;
  Span span;
  int src;                   /* file of span: index into IrProgram.sources */
  const char *file;
  int line;
} IrRule;

typedef struct IrPolicy {
  const char *id;
  const char *title;
  const char *document;
  const char *issuer;
  const char *family;        /* NULL: stacks with nothing */
  const char *file;
  bool has_effective, has_end;
  int32_t effective_from, effective_to;
  int first_rule, nrules;
  int neligibles;
  IrEligible *eligibles;
  int narticles;             /* `article` declarations: not encoded as rules */
  IrArticle *articles;
} IrPolicy;

typedef enum IrAggregate {
  AGG_COUNT, AGG_SHARE, AGG_SUM, AGG_AVG, AGG_UNMEASURED,
} IrAggregate;

typedef struct IrIndicator {
  int policy;
  const char *id;
  const char *label;
  IrAggregate aggregate;
  ValueKind value_kind;      /* of what is counted or summed (count, share: bool) */
  const char *unmeasured;    /* why no registry measures it, or NULL */
  ValueKind goal_kind;       /* of the baseline and target */
  bool has_baseline, has_target;
  int64_t baseline, target;
} IrIndicator;

typedef struct IrProgram {
  Arena arena;               /* owns everything below */
  int ninputs;
  IrInput *inputs;
  int inputs_cap;            /* lowering: room in inputs, doubled when full */
  int *input_index;          /* lowering: slot + 1 by hash of the name, 0 free */
  int input_index_size;      /* a power of two, at least twice ninputs */
  int as_of_input;           /* index of application_date, -1 when absent */
  int nas_of_defaults;       /* inputs declared `default as_of` */
  int *as_of_defaults;
  int id_input;              /* index of id */
  int npolicies;
  IrPolicy *policies;
  int nrules;
  IrRule *rules;
  int nindicators;
  IrIndicator *indicators;
  int nstrings;
  const char **strings;      /* text constants */
  int64_t *string_lens;
  int nsources;
  Source **sources;          /* files the spans point into */
  /* the code */
  int ncode, code_cap;
  IrInst *code;
  int nregs, reg_cap;
  uint8_t *reg_types;        /* IrType of each register */
  int nblocks, block_cap;
  int32_t *block_start;      /* first instruction of each block; a block
                                runs to its first jmp, br or ret */
  bool traced;               /* TRACE instructions were emitted */
} IrProgram;

IrProgram *ir_new(void);
void ir_free(IrProgram *prog);
/* Index of the instruction that ends block b (a jmp, br or ret). */
int ir_block_end(const IrProgram *prog, int block);
/* Checks the block structure: true when sound; otherwise an `internal`
 * error in diags says what is wrong (a bug of lowering, never of a policy). */
struct Diags;
bool ir_verify(const IrProgram *prog, struct Diags *diags);
/* Prints the program readably (`polc ir`); with `lines`, `; file:line`
 * where the source line of the code changes. */
void ir_print(FILE *out, const IrProgram *prog, bool lines);

/* --- building (used by compiler/lower*.c) -------------------------------- */

int ir_new_reg(IrProgram *prog, IrType type);
int ir_new_block(IrProgram *prog);
/* Starts emitting into `block` (its code begins at the next instruction). */
void ir_start_block(IrProgram *prog, int block);
IrInst *ir_emit(IrProgram *prog, IrOp op);
int ir_string(IrProgram *prog, const char *text);

#endif
