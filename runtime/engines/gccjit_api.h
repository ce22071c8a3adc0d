/*
 * gccjit_api.h - the libgccjit functions polc calls, bound at first use
 * (../base/dynlib.h): a run that loads native code from the cache never
 * maps libgccjit.  Only compiling needs it (jit.c: compile_to binds it
 * first).  A function called anywhere must be listed here: polc does not
 * link libgccjit, so a missing one is an undefined reference.
 */
#ifndef POLC_GCCJIT_API_H
#define POLC_GCCJIT_API_H

#include <libgccjit.h>

#define GCCJIT_FUNCTIONS(X) \
  X(gcc_jit_block_add_assignment) \
  X(gcc_jit_block_add_eval) \
  X(gcc_jit_block_end_with_conditional) \
  X(gcc_jit_block_end_with_jump) \
  X(gcc_jit_block_end_with_return) \
  X(gcc_jit_block_end_with_void_return) \
  X(gcc_jit_context_acquire) \
  X(gcc_jit_context_add_command_line_option) \
  X(gcc_jit_context_add_driver_option) \
  X(gcc_jit_context_compile_to_file) \
  X(gcc_jit_context_get_first_error) \
  X(gcc_jit_context_get_int_type) \
  X(gcc_jit_context_get_type) \
  X(gcc_jit_context_new_array_access) \
  X(gcc_jit_context_new_array_type) \
  X(gcc_jit_context_new_binary_op) \
  X(gcc_jit_context_new_call) \
  X(gcc_jit_context_new_cast) \
  X(gcc_jit_context_new_comparison) \
  X(gcc_jit_context_new_field) \
  X(gcc_jit_context_new_function) \
  X(gcc_jit_context_new_location) \
  X(gcc_jit_context_new_param) \
  X(gcc_jit_context_new_rvalue_from_int) \
  X(gcc_jit_context_new_rvalue_from_long) \
  X(gcc_jit_context_new_string_literal) \
  X(gcc_jit_context_new_struct_type) \
  X(gcc_jit_context_new_unary_op) \
  X(gcc_jit_context_release) \
  X(gcc_jit_context_set_bool_allow_unreachable_blocks) \
  X(gcc_jit_context_set_bool_option) \
  X(gcc_jit_context_set_bool_print_errors_to_stderr) \
  X(gcc_jit_context_set_int_option) \
  X(gcc_jit_context_zero) \
  X(gcc_jit_function_new_block) \
  X(gcc_jit_function_new_local) \
  X(gcc_jit_lvalue_access_field) \
  X(gcc_jit_lvalue_as_rvalue) \
  X(gcc_jit_lvalue_get_address) \
  X(gcc_jit_param_as_rvalue) \
  X(gcc_jit_rvalue_access_field) \
  X(gcc_jit_rvalue_dereference_field) \
  X(gcc_jit_rvalue_get_type) \
  X(gcc_jit_struct_as_type) \
  X(gcc_jit_type_get_const) \
  X(gcc_jit_type_get_pointer)

typedef struct GccJitApi {
#define POLC_SLOT(f) __typeof__(f) *f;
  GCCJIT_FUNCTIONS(POLC_SLOT)
#undef POLC_SLOT
} GccJitApi;

extern GccJitApi polc_gccjit;

/* Loads libgccjit and fills polc_gccjit, the first time: NULL when done, else why not
 * (dynlib.h). */
const char *gccjit_bind(void);

/* Every call below goes through the table: bind first.  The file filling
 * the table defines POLC_GCCJIT_API_TABLE, where the names stay the library's. */
#ifndef POLC_GCCJIT_API_TABLE
#define gcc_jit_block_add_assignment (polc_gccjit.gcc_jit_block_add_assignment)
#define gcc_jit_block_add_eval (polc_gccjit.gcc_jit_block_add_eval)
#define gcc_jit_block_end_with_conditional (polc_gccjit.gcc_jit_block_end_with_conditional)
#define gcc_jit_block_end_with_jump (polc_gccjit.gcc_jit_block_end_with_jump)
#define gcc_jit_block_end_with_return (polc_gccjit.gcc_jit_block_end_with_return)
#define gcc_jit_block_end_with_void_return (polc_gccjit.gcc_jit_block_end_with_void_return)
#define gcc_jit_context_acquire (polc_gccjit.gcc_jit_context_acquire)
#define gcc_jit_context_add_command_line_option \
  (polc_gccjit.gcc_jit_context_add_command_line_option)
#define gcc_jit_context_add_driver_option (polc_gccjit.gcc_jit_context_add_driver_option)
#define gcc_jit_context_compile_to_file (polc_gccjit.gcc_jit_context_compile_to_file)
#define gcc_jit_context_get_first_error (polc_gccjit.gcc_jit_context_get_first_error)
#define gcc_jit_context_get_int_type (polc_gccjit.gcc_jit_context_get_int_type)
#define gcc_jit_context_get_type (polc_gccjit.gcc_jit_context_get_type)
#define gcc_jit_context_new_array_access (polc_gccjit.gcc_jit_context_new_array_access)
#define gcc_jit_context_new_array_type (polc_gccjit.gcc_jit_context_new_array_type)
#define gcc_jit_context_new_binary_op (polc_gccjit.gcc_jit_context_new_binary_op)
#define gcc_jit_context_new_call (polc_gccjit.gcc_jit_context_new_call)
#define gcc_jit_context_new_cast (polc_gccjit.gcc_jit_context_new_cast)
#define gcc_jit_context_new_comparison (polc_gccjit.gcc_jit_context_new_comparison)
#define gcc_jit_context_new_field (polc_gccjit.gcc_jit_context_new_field)
#define gcc_jit_context_new_function (polc_gccjit.gcc_jit_context_new_function)
#define gcc_jit_context_new_location (polc_gccjit.gcc_jit_context_new_location)
#define gcc_jit_context_new_param (polc_gccjit.gcc_jit_context_new_param)
#define gcc_jit_context_new_rvalue_from_int (polc_gccjit.gcc_jit_context_new_rvalue_from_int)
#define gcc_jit_context_new_rvalue_from_long (polc_gccjit.gcc_jit_context_new_rvalue_from_long)
#define gcc_jit_context_new_string_literal (polc_gccjit.gcc_jit_context_new_string_literal)
#define gcc_jit_context_new_struct_type (polc_gccjit.gcc_jit_context_new_struct_type)
#define gcc_jit_context_new_unary_op (polc_gccjit.gcc_jit_context_new_unary_op)
#define gcc_jit_context_release (polc_gccjit.gcc_jit_context_release)
#define gcc_jit_context_set_bool_allow_unreachable_blocks \
  (polc_gccjit.gcc_jit_context_set_bool_allow_unreachable_blocks)
#define gcc_jit_context_set_bool_option (polc_gccjit.gcc_jit_context_set_bool_option)
#define gcc_jit_context_set_bool_print_errors_to_stderr \
  (polc_gccjit.gcc_jit_context_set_bool_print_errors_to_stderr)
#define gcc_jit_context_set_int_option (polc_gccjit.gcc_jit_context_set_int_option)
#define gcc_jit_context_zero (polc_gccjit.gcc_jit_context_zero)
#define gcc_jit_function_new_block (polc_gccjit.gcc_jit_function_new_block)
#define gcc_jit_function_new_local (polc_gccjit.gcc_jit_function_new_local)
#define gcc_jit_lvalue_access_field (polc_gccjit.gcc_jit_lvalue_access_field)
#define gcc_jit_lvalue_as_rvalue (polc_gccjit.gcc_jit_lvalue_as_rvalue)
#define gcc_jit_lvalue_get_address (polc_gccjit.gcc_jit_lvalue_get_address)
#define gcc_jit_param_as_rvalue (polc_gccjit.gcc_jit_param_as_rvalue)
#define gcc_jit_rvalue_access_field (polc_gccjit.gcc_jit_rvalue_access_field)
#define gcc_jit_rvalue_dereference_field (polc_gccjit.gcc_jit_rvalue_dereference_field)
#define gcc_jit_rvalue_get_type (polc_gccjit.gcc_jit_rvalue_get_type)
#define gcc_jit_struct_as_type (polc_gccjit.gcc_jit_struct_as_type)
#define gcc_jit_type_get_const (polc_gccjit.gcc_jit_type_get_const)
#define gcc_jit_type_get_pointer (polc_gccjit.gcc_jit_type_get_pointer)
#endif

#endif
