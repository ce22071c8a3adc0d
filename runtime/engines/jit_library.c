/*
 * jit_library.c - `polc build`: the entry point NAME_eval on named structs,
 * for programs that evaluate a policy without polc, and its header.
 *
 *   NAME_row     int32 as_of; then one field per input, in the program's
 *                order: int64 (money in fen, percent and number in
 *                millionths, count, bool 0/1, date in days) or NAME_text
 *   NAME_result  total, as_of, error, error_rule, then rules[N] and
 *                indicators[M] laid out as RuleOutcome / IndicatorOutcome
 *
 * NAME_eval copies the row into polc's arrays, fills the evaluation date as
 * polc eval does (application_date, else row->as_of), and calls polc_row.
 * Keep the header (jit_write_header) and the structs here in step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/c_text.h"
#include "jit_internal.h"

static gcc_jit_field *field(Jit *j, gcc_jit_type *type, const char *name) {
  return gcc_jit_context_new_field(j->ctx, NULL, type, name);
}

/* The C names of the inputs in NAME_row, the same for the library and the
 * header: an input named `int` is the field `int_`, one named `pad` (the
 * row's own field) `pad_`. */
const char **jit_row_fields(const IrProgram *prog, CNames *names) {
  static const char *const row_fields[] = {"as_of", "pad", NULL};
  c_names_init(names, row_fields);
  const char **out = arena_alloc(&names->arena, sizeof(char *) * (size_t)(prog->ninputs + 1));
  for (int i = 0; i < prog->ninputs; i++)
    out[i] = c_names_add(names, prog->inputs[i].name);
  return out;
}

/* NAME_row: as_of, pad, then the inputs. */
static gcc_jit_type *row_type(Jit *j, const char *api, gcc_jit_field **fields) {
  const IrProgram *prog = j->prog;
  fields[0] = field(j, j->t.i32, "as_of");
  fields[1] = field(j, j->t.i32, "pad");
  CNames names;
  const char **c_names = jit_row_fields(prog, &names);
  for (int i = 0; i < prog->ninputs; i++)
    fields[i + 2] = field(j, prog->inputs[i].kind == VK_TEXT ? j->t.text : j->t.i64,
                          c_names[i]);
  c_names_free(&names);
  char name[256];
  snprintf(name, sizeof name, "%s_row", api);
  return gcc_jit_struct_as_type(gcc_jit_context_new_struct_type(j->ctx, NULL, name,
                                                                prog->ninputs + 2, fields));
}

static gcc_jit_type *result_type(Jit *j, const char *api, gcc_jit_field **fields) {
  const IrProgram *prog = j->prog;
  int n = 0;
  fields[n++] = field(j, j->t.i64, "total");
  fields[n++] = field(j, j->t.i32, "as_of");
  fields[n++] = field(j, j->t.i32, "error");
  fields[n++] = field(j, j->t.i32, "error_rule");
  fields[n++] = field(j, j->t.i32, "pad");
  fields[n++] = field(j, gcc_jit_context_new_array_type(j->ctx, NULL, j->t.rule,
                                                        prog->nrules ? prog->nrules : 1),
                      "rules");
  fields[n++] = field(j, gcc_jit_context_new_array_type(j->ctx, NULL, j->t.indicator,
                                                        prog->nindicators ? prog->nindicators : 1),
                      "indicators");
  char name[256];
  snprintf(name, sizeof name, "%s_result", api);
  return gcc_jit_struct_as_type(gcc_jit_context_new_struct_type(j->ctx, NULL, name, n, fields));
}

static gcc_jit_rvalue *index_of(Jit *j, int i) {
  return gcc_jit_context_new_rvalue_from_int(j->ctx, j->t.i32, i);
}

/* ints[i] / texts[i] of the local arrays. */
static gcc_jit_lvalue *at(Jit *j, gcc_jit_lvalue *array, int i) {
  return gcc_jit_context_new_array_access(j->ctx, NULL, gcc_jit_lvalue_as_rvalue(array),
                                          index_of(j, i));
}

typedef struct Wrapper {
  gcc_jit_function *fn;
  gcc_jit_block *b;
  gcc_jit_rvalue *row, *res;
  gcc_jit_lvalue *ints, *texts, *as_of, *out;
  gcc_jit_field **row_fields, **res_fields;
} Wrapper;

static void copy_inputs(Jit *j, Wrapper *w) {
  const IrProgram *prog = j->prog;
  for (int i = 0; i < prog->ninputs; i++) {
    gcc_jit_lvalue *src = gcc_jit_rvalue_dereference_field(w->row, NULL, w->row_fields[i + 2]);
    if (prog->inputs[i].kind == VK_TEXT)
      gcc_jit_block_add_assignment(w->b, NULL, at(j, w->texts, i), gcc_jit_lvalue_as_rvalue(src));
    else
      gcc_jit_block_add_assignment(w->b, NULL, at(j, w->ints, i), gcc_jit_lvalue_as_rvalue(src));
  }
}

/* as_of = application_date unless absent, then `default as_of` inputs. */
static void evaluation_date(Jit *j, Wrapper *w) {
  const IrProgram *prog = j->prog;
  gcc_jit_block_add_assignment(
      w->b, NULL, w->as_of,
      gcc_jit_lvalue_as_rvalue(gcc_jit_rvalue_dereference_field(w->row, NULL, w->row_fields[0])));
  gcc_jit_rvalue *absent = jit_i64(j, INT64_MIN);
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < prog->ninputs; i++) {
      bool wanted = pass == 0 ? i == prog->as_of_input : prog->inputs[i].default_as_of;
      if (!wanted)
        continue;
      gcc_jit_rvalue *v = gcc_jit_lvalue_as_rvalue(at(j, w->ints, i));
      gcc_jit_block *set = gcc_jit_function_new_block(w->fn, NULL);
      gcc_jit_block *next = gcc_jit_function_new_block(w->fn, NULL);
      gcc_jit_rvalue *present = gcc_jit_context_new_comparison(j->ctx, NULL, GCC_JIT_COMPARISON_NE,
                                                               v, absent);
      gcc_jit_block_end_with_conditional(w->b, NULL, pass == 0 ? present
          : gcc_jit_context_new_comparison(j->ctx, NULL, GCC_JIT_COMPARISON_EQ, v, absent),
          set, next);
      if (pass == 0)
        gcc_jit_block_add_assignment(set, NULL, w->as_of, jit_cast(j, v, j->t.i32));
      else
        gcc_jit_block_add_assignment(set, NULL, at(j, w->ints, i),
                                     jit_cast(j, gcc_jit_lvalue_as_rvalue(w->as_of), j->t.i64));
      gcc_jit_block_end_with_jump(set, NULL, next);
      w->b = next;
    }
}

static void set_out(Wrapper *w, gcc_jit_field *f, gcc_jit_rvalue *v) {
  gcc_jit_block_add_assignment(w->b, NULL, gcc_jit_lvalue_access_field(w->out, NULL, f), v);
}

static gcc_jit_rvalue *res_field_address(Wrapper *w, int k) {
  gcc_jit_lvalue *array = gcc_jit_rvalue_dereference_field(w->res, NULL, w->res_fields[k]);
  return gcc_jit_lvalue_get_address(array, NULL);
}

static void call_and_copy_back(Jit *j, Wrapper *w) {
  const IrProgram *prog = j->prog;
  set_out(w, j->t.nrules, index_of(j, prog->nrules));
  set_out(w, j->t.rules, gcc_jit_context_new_cast(j->ctx, NULL, res_field_address(w, 5),
                                                     gcc_jit_type_get_pointer(j->t.rule)));
  set_out(w, j->t.nind, index_of(j, prog->nindicators));
  set_out(w, j->t.inds, gcc_jit_context_new_cast(j->ctx, NULL, res_field_address(w, 6),
                                                    gcc_jit_type_get_pointer(j->t.indicator)));
  set_out(w, j->t.error, index_of(j, 0));
  set_out(w, j->t.error_rule, index_of(j, -1));
  gcc_jit_rvalue *args[4] = {
      gcc_jit_context_new_cast(j->ctx, NULL, gcc_jit_lvalue_get_address(at(j, w->ints, 0), NULL),
                               gcc_jit_rvalue_get_type(gcc_jit_param_as_rvalue(j->ints))),
      gcc_jit_context_new_cast(j->ctx, NULL, gcc_jit_lvalue_get_address(at(j, w->texts, 0), NULL),
                               gcc_jit_rvalue_get_type(gcc_jit_param_as_rvalue(j->texts))),
      gcc_jit_lvalue_as_rvalue(w->as_of), gcc_jit_lvalue_get_address(w->out, NULL)};
  gcc_jit_block_add_eval(w->b, NULL, gcc_jit_context_new_call(j->ctx, NULL, j->fn, 4, args));
  static const int result_fields[] = {0, 2, 3};   /* total, error, error_rule */
  gcc_jit_field *from[] = {j->t.total, j->t.error, j->t.error_rule};
  for (int k = 0; k < 3; k++)
    gcc_jit_block_add_assignment(
        w->b, NULL, gcc_jit_rvalue_dereference_field(w->res, NULL, w->res_fields[result_fields[k]]),
        gcc_jit_lvalue_as_rvalue(gcc_jit_lvalue_access_field(w->out, NULL, from[k])));
  gcc_jit_block_add_assignment(w->b, NULL, gcc_jit_rvalue_dereference_field(w->res, NULL, w->res_fields[1]),
                               gcc_jit_lvalue_as_rvalue(w->as_of));
  gcc_jit_block_end_with_void_return(w->b, NULL);
}

void jit_declare_library_api(Jit *j, const char *api) {
  const IrProgram *prog = j->prog;
  Wrapper w = {0};
  w.row_fields = xcalloc((size_t)prog->ninputs + 2, sizeof *w.row_fields);
  w.res_fields = xcalloc(8, sizeof *w.res_fields);
  gcc_jit_type *row = row_type(j, api, w.row_fields);
  gcc_jit_type *res = result_type(j, api, w.res_fields);
  gcc_jit_param *params[2] = {
      gcc_jit_context_new_param(j->ctx, NULL, gcc_jit_type_get_pointer(gcc_jit_type_get_const(row)), "row"),
      gcc_jit_context_new_param(j->ctx, NULL, gcc_jit_type_get_pointer(res), "result")};
  char name[256];
  snprintf(name, sizeof name, "%s_eval", api);
  w.fn = gcc_jit_context_new_function(j->ctx, NULL, GCC_JIT_FUNCTION_EXPORTED, j->t.void_, name,
                                      2, params, 0);
  w.row = gcc_jit_param_as_rvalue(params[0]);
  w.res = gcc_jit_param_as_rvalue(params[1]);
  int n = prog->ninputs ? prog->ninputs : 1;
  w.ints = gcc_jit_function_new_local(w.fn, NULL, gcc_jit_context_new_array_type(j->ctx, NULL, j->t.i64, n), "ints");
  w.texts = gcc_jit_function_new_local(w.fn, NULL, gcc_jit_context_new_array_type(j->ctx, NULL, j->t.text, n), "texts");
  w.as_of = gcc_jit_function_new_local(w.fn, NULL, j->t.i32, "as_of");
  w.out = gcc_jit_function_new_local(w.fn, NULL, j->t.row, "out");
  w.b = gcc_jit_function_new_block(w.fn, "entry");
  copy_inputs(j, &w);
  evaluation_date(j, &w);
  call_and_copy_back(j, &w);
  free(w.row_fields);
  free(w.res_fields);
}

/* --- the header -------------------------------------------------------------------- */

/* NAME_defaults(): every input at its declared default. */
static void write_defaults(FILE *fp, const IrProgram *prog, const char *api,
                           const char **fields) {
  fprintf(fp, "/* Sets every input to its default (required ones: 0 or \"\"). */\n"
              "static inline void %s_defaults(%s_row *row, int32_t as_of) {\n"
              "  row->as_of = as_of;\n  row->pad = 0;\n", api, api);
  for (int i = 0; i < prog->ninputs; i++) {
    const IrInput *in = &prog->inputs[i];
    if (in->kind == VK_TEXT) {
      const char *text = in->default_text ? in->default_text : "";
      fprintf(fp, "  row->%s.ptr = ", fields[i]);
      c_string_literal(fp, text);
      fprintf(fp, ";\n  row->%s.len = %zu;\n", fields[i], strlen(text));
    } else if (in->default_int == INT64_MIN) {
      fprintf(fp, "  row->%s = INT64_MIN;\n", fields[i]);
    } else {
      fprintf(fp, "  row->%s = %lldLL;\n", fields[i], (long long)in->default_int);
    }
  }
  fputs("}\n\n", fp);
}

/* NAME_POLICY_RULE for each rule (the dot made `_`); a name that two rules
 * would share, `policy_a.b` and `policy.a_b`, is made distinct by `_`. */
static void write_rule_names(FILE *fp, const IrProgram *prog, const char *api) {
  CNames names;
  c_names_init(&names, NULL);
  const char *count = c_names_add(&names, arena_printf(&names.arena, "%s_RULES", api));
  for (int r = 0; r < prog->nrules; r++) {
    char *name = arena_printf(&names.arena, "%s_%s", api, prog->rules[r].qualified);
    for (char *p = name; *p; p++)
      if (*p == '.')
        *p = '_';
    fprintf(fp, "  %s = %d,\n", c_names_add(&names, name), r);
  }
  fprintf(fp, "  %s = %d\n};\n\n", count, prog->nrules);
  c_names_free(&names);
}

/* The status field's comment: each code and its words, from the IR's
 * table, filled to 80 columns. */
static void write_status_comment(FILE *fp) {
  static const char lead[] = "  int32_t status;   /* ";
  enum { WIDTH = 80, INDENT = sizeof lead - 1 };
  int column = fprintf(fp, "%s", lead);
  for (int i = 0; i < IR_STATUS_COUNT; i++) {
    char item[80];
    int len = snprintf(item, sizeof item, "%d %s%s", i, ir_status_words[i].header,
                       i + 1 < IR_STATUS_COUNT ? "," : " */");
    if (i > 0 && column + 1 + len > WIDTH)
      column = fprintf(fp, "\n%*s", INDENT, "") - 1;
    else if (i > 0)
      column += fprintf(fp, " ");
    column += fprintf(fp, "%s", item);
  }
  fputc('\n', fp);
}

void jit_write_header(FILE *fp, const IrProgram *prog, const char *api) {
  fprintf(fp, "/* %s.h - generated by `polc build`: evaluate the policies without polc.\n"
              " *\n * Link with lib%s.so.  Figures are integers: money in fen (1元 = 100),\n"
              " * percentages and numbers in millionths (5%% = 50000), counts as they are,\n"
              " * bools 0/1, dates in days since 1970-01-01 (%s_date()).  A date input\n"
              " * left INT64_MIN takes the evaluation date.  Text is a pointer and a length.\n"
              " */\n", api, api, api);
  fprintf(fp, "#ifndef %s_H\n#define %s_H\n\n#include <stdint.h>\n\n", api, api);
  fprintf(fp, "typedef struct %s_text { const char *ptr; int64_t len; } %s_text;\n\n", api, api);
  fprintf(fp, "typedef struct %s_row {\n  int32_t as_of;   /* evaluation date unless "
              "application_date is given */\n  int32_t pad;\n", api);
  CNames names;
  const char **fields = jit_row_fields(prog, &names);
  for (int i = 0; i < prog->ninputs; i++) {
    const IrInput *in = &prog->inputs[i];
    char type[160];
    snprintf(type, sizeof type, in->kind == VK_TEXT ? "%s_text" : "int64_t", api);
    fprintf(fp, "  %s %s;   /* %s", type, fields[i], value_kind_name(in->kind));
    if (in->label) {
      fputs(": ", fp);
      c_comment_text(fp, in->label);
    }
    fputs(" */\n", fp);
  }
  fprintf(fp, "} %s_row;\n\n", api);
  fprintf(fp, "typedef struct %s_rule {\n  int64_t amount;   /* the entitlement, in fen */\n"
              "  int64_t lower;    /* a range's lower bound, or -1 */\n", api);
  write_status_comment(fp);
  fprintf(fp, "  int32_t detail;   /* the clause failed, or the winning rule */\n} %s_rule;\n\n",
          api);
  fprintf(fp, "typedef struct %s_indicator { int64_t value; int32_t included, pad; } "
              "%s_indicator;\n\n", api, api);
  fprintf(fp, "enum {   /* index of each rule in %s_result.rules */\n", api);
  write_rule_names(fp, prog, api);
  fprintf(fp, "typedef struct %s_result {\n  int64_t total;\n  int32_t as_of;\n"
              "  int32_t error;        /* 0, 1 overflow, 2 division by zero */\n"
              "  int32_t error_rule;\n  int32_t pad;\n  %s_rule rules[%d];\n"
              "  %s_indicator indicators[%d];\n} %s_result;\n\n",
          api, api, prog->nrules ? prog->nrules : 1, api,
          prog->nindicators ? prog->nindicators : 1, api);
  fprintf(fp, "void %s_eval(const %s_row *row, %s_result *result);\n\n", api, api, api);
  write_defaults(fp, prog, api, fields);
  c_names_free(&names);
  fprintf(fp, "/* Days since 1970-01-01 of a calendar date. */\n"
              "static inline int32_t %s_date(int y, int m, int d) {\n"
              "  y -= m <= 2;\n  int era = (y >= 0 ? y : y - 399) / 400;\n"
              "  int yoe = y - era * 400;\n  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;\n"
              "  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;\n"
              "  return era * 146097 + doe - 719468;\n}\n\n#endif\n", api);
}
