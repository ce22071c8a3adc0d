/*
 * jit_types.c - the C types and runtime functions the generated code uses.
 *
 * The structs are laid out exactly as runtime/value.h and runtime/outcome.h
 * declare them: the generated code reads polc's rows and writes polc's
 * outcomes in place.  Keep in step with those headers.
 */
#include "jit_internal.h"

static gcc_jit_field *field(Jit *j, gcc_jit_type *type, const char *name) {
  return gcc_jit_context_new_field(j->ctx, NULL, type, name);
}

static gcc_jit_type *record(Jit *j, const char *name, int n, gcc_jit_field **fields) {
  return gcc_jit_struct_as_type(gcc_jit_context_new_struct_type(j->ctx, NULL, name, n, fields));
}

static void scalar_types(Jit *j) {
  JitTypes *t = &j->t;
  t->void_ = gcc_jit_context_get_type(j->ctx, GCC_JIT_TYPE_VOID);
  t->i32 = gcc_jit_context_get_int_type(j->ctx, 4, 1);
  t->i64 = gcc_jit_context_get_int_type(j->ctx, 8, 1);
  t->u64 = gcc_jit_context_get_int_type(j->ctx, 8, 0);
  t->i128 = gcc_jit_context_get_type(j->ctx, GCC_JIT_TYPE_INT128_T);
  t->u128 = gcc_jit_context_get_type(j->ctx, GCC_JIT_TYPE_UINT128_T);
  t->boolean = gcc_jit_context_get_type(j->ctx, GCC_JIT_TYPE_BOOL);
  t->cchar_ptr = gcc_jit_context_get_type(j->ctx, GCC_JIT_TYPE_CONST_CHAR_PTR);
}

void jit_declare_types(Jit *j) {
  JitTypes *t = &j->t;
  scalar_types(j);
  t->text_ptr = field(j, t->cchar_ptr, "ptr");
  t->text_len = field(j, t->i64, "len");
  t->text = record(j, "TextRef", 2, (gcc_jit_field *[]){t->text_ptr, t->text_len});

  t->amount = field(j, t->i64, "amount");
  t->lower = field(j, t->i64, "lower");
  t->status = field(j, t->i32, "status");
  t->detail = field(j, t->i32, "detail");
  t->rule = record(j, "RuleOutcome", 4,
                   (gcc_jit_field *[]){t->amount, t->lower, t->status, t->detail});

  t->ind_value = field(j, t->i64, "value");
  t->ind_included = field(j, t->i32, "included");
  t->ind_pad = field(j, t->i32, "pad");
  t->indicator = record(j, "IndicatorOutcome", 3,
                        (gcc_jit_field *[]){t->ind_value, t->ind_included, t->ind_pad});

  t->total = field(j, t->i64, "total");
  t->as_of = field(j, t->i32, "as_of");
  t->error = field(j, t->i32, "error");
  t->error_rule = field(j, t->i32, "error_rule");
  t->nrules = field(j, t->i32, "nrules");
  t->rules = field(j, gcc_jit_type_get_pointer(t->rule), "rules");
  t->nind = field(j, t->i32, "nindicators");
  t->inds = field(j, gcc_jit_type_get_pointer(t->indicator), "indicators");
  t->row = record(j, "RowOutcome", 8,
                  (gcc_jit_field *[]){t->total, t->as_of, t->error, t->error_rule,
                                      t->nrules, t->rules, t->nind, t->inds});
}

static gcc_jit_function *imported(Jit *j, gcc_jit_type *ret, const char *name, int n,
                                  gcc_jit_type **types) {
  gcc_jit_param *params[6];
  for (int i = 0; i < n; i++)
    params[i] = gcc_jit_context_new_param(j->ctx, NULL, types[i], "p");
  return gcc_jit_context_new_function(j->ctx, NULL, GCC_JIT_FUNCTION_IMPORTED, ret, name,
                                      n, params, 0);
}

void jit_declare_runtime(Jit *j) {
  JitTypes *t = &j->t;
  gcc_jit_type *wide_ptr = gcc_jit_type_get_pointer(t->i128);
  gcc_jit_type *i32 = gcc_jit_context_get_type(j->ctx, GCC_JIT_TYPE_INT);
  j->rt.muldiv = imported(j, i32, "polc_rt_muldiv", 4,
                          (gcc_jit_type *[]){t->i128, t->i128, t->i128, wide_ptr});
  j->rt.divmul = imported(j, i32, "polc_rt_divmul", 4,
                          (gcc_jit_type *[]){t->i128, t->i128, t->i128, wide_ptr});
  j->rt.round = imported(j, t->i128, "polc_rt_round", 2, (gcc_jit_type *[]){t->i128, t->i128});
  j->rt.years = imported(j, t->i64, "polc_rt_years_between", 2,
                         (gcc_jit_type *[]){t->i64, t->i64});
  j->rt.year = imported(j, t->i64, "polc_rt_year", 1, (gcc_jit_type *[]){t->i64});
  j->rt.text_eq = imported(j, t->i64, "polc_rt_text_eq", 4,
                           (gcc_jit_type *[]){t->cchar_ptr, t->i64, t->cchar_ptr, t->i64});
}
