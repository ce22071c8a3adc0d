/*
 * jit_internal.h - the state of one lowering of an IrProgram to libgccjit:
 * one context, the C types the generated code shares with polc (TextRef,
 * RuleOutcome, RowOutcome), the runtime functions it calls, and a gcc_jit
 * local per IR register.
 */
#ifndef POLC_JIT_INTERNAL_H
#define POLC_JIT_INTERNAL_H

#include "gccjit_api.h"

#include "jit.h"

typedef struct JitTypes {
  gcc_jit_type *void_, *i32, *i64, *u64, *i128, *u128, *boolean, *cchar_ptr;
  gcc_jit_type *text;        /* TextRef */
  gcc_jit_field *text_ptr, *text_len;
  gcc_jit_type *rule;        /* RuleOutcome */
  gcc_jit_field *amount, *lower, *status, *detail;
  gcc_jit_type *indicator;   /* IndicatorOutcome */
  gcc_jit_field *ind_value, *ind_included, *ind_pad;
  gcc_jit_type *row;         /* RowOutcome */
  gcc_jit_field *total, *as_of, *error, *error_rule, *nrules, *rules, *nind, *inds;
} JitTypes;

typedef struct JitRuntime {   /* runtime/arith.h, linked from libpolcrt.a */
  gcc_jit_function *muldiv, *divmul, *round, *years, *year, *text_eq;
} JitRuntime;

typedef struct Jit {
  gcc_jit_context *ctx;
  const IrProgram *prog;
  Arena arena;
  JitTypes t;
  JitRuntime rt;
  gcc_jit_function *fn;
  gcc_jit_param *ints, *texts, *as_of, *out;
  gcc_jit_lvalue **regs;     /* one local per IR register */
  gcc_jit_block **blocks;    /* one block per IR block */
  gcc_jit_block **fails;     /* per rule (index rule + 1): record the error, return */
  gcc_jit_block *cur;        /* the block being filled */
  gcc_jit_lvalue *err;       /* the error code on the way to a fail block */
  gcc_jit_lvalue *wide_out;  /* out-parameter of the runtime's products */
  gcc_jit_location *loc;     /* source of the instruction being lowered */
  int temps;                 /* temporaries made so far, for their names */
} Jit;

/* jit_types.c */
void jit_declare_types(Jit *j);
void jit_declare_runtime(Jit *j);

/* jit_library.c: the entry point of `polc build` on named structs */
void jit_declare_library_api(Jit *j, const char *api_name);

/* jit_ops.c */
void jit_lower_code(Jit *j);

/* Constants and casts (jit_ops.c). */
gcc_jit_rvalue *jit_i64(Jit *j, int64_t v);
gcc_jit_rvalue *jit_i128(Jit *j, i128 v);
gcc_jit_rvalue *jit_cast(Jit *j, gcc_jit_rvalue *v, gcc_jit_type *type);

#endif
