/*
 * z3_api.h - the Z3 functions polc calls, bound at first use
 * (../runtime/base/dynlib.h): only polc check's proofs need Z3
 * (lint_smt.c: smt_open binds it first).  A function called anywhere must
 * be listed here: polc does not link libz3, so a missing one is an
 * undefined reference.
 */
#ifndef POLC_Z3_API_H
#define POLC_Z3_API_H

#include <z3.h>

#define Z3_FUNCTIONS(X) \
  X(Z3_ast_vector_dec_ref) \
  X(Z3_ast_vector_get) \
  X(Z3_ast_vector_inc_ref) \
  X(Z3_ast_vector_size) \
  X(Z3_del_config) \
  X(Z3_del_context) \
  X(Z3_get_app_decl) \
  X(Z3_get_bool_value) \
  X(Z3_get_error_code) \
  X(Z3_get_numeral_int64) \
  X(Z3_get_numeral_rational_int64) \
  X(Z3_get_sort) \
  X(Z3_get_sort_kind) \
  X(Z3_is_eq_ast) \
  X(Z3_is_numeral_ast) \
  X(Z3_mk_add) \
  X(Z3_mk_and) \
  X(Z3_mk_bool_sort) \
  X(Z3_mk_config) \
  X(Z3_mk_const) \
  X(Z3_mk_context) \
  X(Z3_mk_div) \
  X(Z3_mk_eq) \
  X(Z3_mk_false) \
  X(Z3_mk_ge) \
  X(Z3_mk_gt) \
  X(Z3_mk_implies) \
  X(Z3_mk_int2real) \
  X(Z3_mk_int_sort) \
  X(Z3_mk_ite) \
  X(Z3_mk_le) \
  X(Z3_mk_lt) \
  X(Z3_mk_mul) \
  X(Z3_mk_not) \
  X(Z3_mk_numeral) \
  X(Z3_mk_or) \
  X(Z3_mk_params) \
  X(Z3_mk_real_sort) \
  X(Z3_mk_solver) \
  X(Z3_mk_string_symbol) \
  X(Z3_mk_sub) \
  X(Z3_mk_true) \
  X(Z3_mk_unary_minus) \
  X(Z3_model_dec_ref) \
  X(Z3_model_eval) \
  X(Z3_model_get_const_interp) \
  X(Z3_model_inc_ref) \
  X(Z3_params_dec_ref) \
  X(Z3_params_inc_ref) \
  X(Z3_params_set_uint) \
  X(Z3_set_error_handler) \
  X(Z3_solver_assert) \
  X(Z3_solver_check_assumptions) \
  X(Z3_solver_dec_ref) \
  X(Z3_solver_get_model) \
  X(Z3_solver_get_unsat_core) \
  X(Z3_solver_inc_ref) \
  X(Z3_solver_pop) \
  X(Z3_solver_push) \
  X(Z3_solver_set_params) \
  X(Z3_to_app)

typedef struct Z3Api {
#define POLC_SLOT(f) __typeof__(f) *f;
  Z3_FUNCTIONS(POLC_SLOT)
#undef POLC_SLOT
} Z3Api;

extern Z3Api polc_z3;

/* Loads libz3 and fills polc_z3, the first time: NULL when done, else why not
 * (dynlib.h). */
const char *z3_bind(void);

/* Every call below goes through the table: bind first.  The file filling
 * the table defines POLC_Z3_API_TABLE, where the names stay the library's. */
#ifndef POLC_Z3_API_TABLE
#define Z3_ast_vector_dec_ref (polc_z3.Z3_ast_vector_dec_ref)
#define Z3_ast_vector_get (polc_z3.Z3_ast_vector_get)
#define Z3_ast_vector_inc_ref (polc_z3.Z3_ast_vector_inc_ref)
#define Z3_ast_vector_size (polc_z3.Z3_ast_vector_size)
#define Z3_del_config (polc_z3.Z3_del_config)
#define Z3_del_context (polc_z3.Z3_del_context)
#define Z3_get_app_decl (polc_z3.Z3_get_app_decl)
#define Z3_get_bool_value (polc_z3.Z3_get_bool_value)
#define Z3_get_error_code (polc_z3.Z3_get_error_code)
#define Z3_get_numeral_int64 (polc_z3.Z3_get_numeral_int64)
#define Z3_get_numeral_rational_int64 (polc_z3.Z3_get_numeral_rational_int64)
#define Z3_get_sort (polc_z3.Z3_get_sort)
#define Z3_get_sort_kind (polc_z3.Z3_get_sort_kind)
#define Z3_is_eq_ast (polc_z3.Z3_is_eq_ast)
#define Z3_is_numeral_ast (polc_z3.Z3_is_numeral_ast)
#define Z3_mk_add (polc_z3.Z3_mk_add)
#define Z3_mk_and (polc_z3.Z3_mk_and)
#define Z3_mk_bool_sort (polc_z3.Z3_mk_bool_sort)
#define Z3_mk_config (polc_z3.Z3_mk_config)
#define Z3_mk_const (polc_z3.Z3_mk_const)
#define Z3_mk_context (polc_z3.Z3_mk_context)
#define Z3_mk_div (polc_z3.Z3_mk_div)
#define Z3_mk_eq (polc_z3.Z3_mk_eq)
#define Z3_mk_false (polc_z3.Z3_mk_false)
#define Z3_mk_ge (polc_z3.Z3_mk_ge)
#define Z3_mk_gt (polc_z3.Z3_mk_gt)
#define Z3_mk_implies (polc_z3.Z3_mk_implies)
#define Z3_mk_int2real (polc_z3.Z3_mk_int2real)
#define Z3_mk_int_sort (polc_z3.Z3_mk_int_sort)
#define Z3_mk_ite (polc_z3.Z3_mk_ite)
#define Z3_mk_le (polc_z3.Z3_mk_le)
#define Z3_mk_lt (polc_z3.Z3_mk_lt)
#define Z3_mk_mul (polc_z3.Z3_mk_mul)
#define Z3_mk_not (polc_z3.Z3_mk_not)
#define Z3_mk_numeral (polc_z3.Z3_mk_numeral)
#define Z3_mk_or (polc_z3.Z3_mk_or)
#define Z3_mk_params (polc_z3.Z3_mk_params)
#define Z3_mk_real_sort (polc_z3.Z3_mk_real_sort)
#define Z3_mk_solver (polc_z3.Z3_mk_solver)
#define Z3_mk_string_symbol (polc_z3.Z3_mk_string_symbol)
#define Z3_mk_sub (polc_z3.Z3_mk_sub)
#define Z3_mk_true (polc_z3.Z3_mk_true)
#define Z3_mk_unary_minus (polc_z3.Z3_mk_unary_minus)
#define Z3_model_dec_ref (polc_z3.Z3_model_dec_ref)
#define Z3_model_eval (polc_z3.Z3_model_eval)
#define Z3_model_get_const_interp (polc_z3.Z3_model_get_const_interp)
#define Z3_model_inc_ref (polc_z3.Z3_model_inc_ref)
#define Z3_params_dec_ref (polc_z3.Z3_params_dec_ref)
#define Z3_params_inc_ref (polc_z3.Z3_params_inc_ref)
#define Z3_params_set_uint (polc_z3.Z3_params_set_uint)
#define Z3_set_error_handler (polc_z3.Z3_set_error_handler)
#define Z3_solver_assert (polc_z3.Z3_solver_assert)
#define Z3_solver_check_assumptions (polc_z3.Z3_solver_check_assumptions)
#define Z3_solver_dec_ref (polc_z3.Z3_solver_dec_ref)
#define Z3_solver_get_model (polc_z3.Z3_solver_get_model)
#define Z3_solver_get_unsat_core (polc_z3.Z3_solver_get_unsat_core)
#define Z3_solver_inc_ref (polc_z3.Z3_solver_inc_ref)
#define Z3_solver_pop (polc_z3.Z3_solver_pop)
#define Z3_solver_push (polc_z3.Z3_solver_push)
#define Z3_solver_set_params (polc_z3.Z3_solver_set_params)
#define Z3_to_app (polc_z3.Z3_to_app)
#endif

#endif
