/*
 * cmd_template.c - `polc inputs POLICY...`: the inputs the policies read
 * (name, Chinese label, type, default, the rules that read it), as a table
 * or JSON; `polc template POLICY... -o FILE.xlsx|FILE.csv`: an empty
 * registry with a column for each, its second row the labels (which every
 * registry reader skips, label_row.h), so the file is read back as it is.
 * The .xlsx form adds, on each header cell, a comment with the type, the
 * default and the rules, and data validation for bool and date columns.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../runtime/exec/xlsxwriter_api.h"

#include "../compiler/ir/ir.h"
#include "../runtime/base/date.h"
#include "../runtime/base/exact.h"
#include "../runtime/base/i18n.h"
#include "../runtime/base/jsonw.h"
#include "../runtime/base/outfile.h"
#include "../runtime/exec/reg_input.h"
#include "driver.h"

typedef struct TemplateOptions {
  PtrVec policies;
  const char *output;
  const char *format;      /* inputs: table or json */
  const char *root;
} TemplateOptions;

/* ---- which inputs, and what is said of each ---- */

/* The inputs the program reads (an IR load: a rule, an eligibility, an
 * indicator), with id and the application date: `used`[ninputs] marks
 * them. */
static bool *inputs_read(const IrProgram *prog) {
  bool *used = xcalloc((size_t)prog->ninputs + 1, sizeof *used);
  for (int c = 0; c < prog->ncode; c++)
    if (prog->code[c].op == IR_LOAD && prog->code[c].k >= 0 && prog->code[c].k < prog->ninputs)
      used[(int)prog->code[c].k] = true;
  for (int r = 0; r < prog->nrules; r++)
    for (int k = 0; k < prog->rules[r].ninputs_used; k++)
      used[prog->rules[r].inputs_used[k]] = true;
  for (int i = 0; i < prog->ninputs; i++)
    used[i] = used[i] || i == prog->id_input || i == prog->as_of_input;
  return used;
}

static const char *kind_word(ValueKind kind) { return value_kind_name(kind); }

/* The default as a cell would hold it ("" for none, "(required)"). */
static void default_text(const IrInput *in, char *buf, size_t size) {
  if (in->required) {
    snprintf(buf, size, "%s", _("(required)"));
  } else if (in->default_as_of) {
    snprintf(buf, size, "%s", _("(the date of the run)"));
  } else if (in->kind == VK_TEXT) {
    snprintf(buf, size, "%s", in->default_text ? in->default_text : "");
  } else if (in->kind == VK_DATE) {
    if (in->default_int == DATE_ABSENT)
      snprintf(buf, size, "%s", "");
    else
      date_format((int32_t)in->default_int, buf);
  } else if (in->kind == VK_MONEY) {
    exact_format_fen(buf, size, in->default_int);
  } else if (in->kind == VK_BOOL) {
    snprintf(buf, size, "%s", in->default_int ? "true" : "false");
  } else {
    value_format(in->kind, in->default_int, buf, size);
  }
}

static bool in_list(const int *list, int n, int i) {
  for (int k = 0; k < n; k++)
    if (list[k] == i)
      return true;
  return false;
}

static void append(char *buf, size_t size, size_t *w, const char *a, const char *b) {
  int n = snprintf(buf + *w, size - *w, "%s%s%s", *w ? ", " : "", a, b);
  if (n > 0 && (size_t)n < size - *w)
    *w += (size_t)n;
  else
    buf[*w] = '\0';
}

/* What reads input i, "a.b, c.d, p (eligibility)": the rules whose awards
 * read it, and the policies whose eligibility does (a load computed for one
 * of their rules that the rule's awards do not list). */
static void readers(const IrProgram *prog, int i, char *buf, size_t size) {
  size_t w = 0;
  buf[0] = '\0';
  for (int r = 0; r < prog->nrules; r++)
    if (in_list(prog->rules[r].inputs_used, prog->rules[r].ninputs_used, i))
      append(buf, size, &w, prog->rules[r].qualified, "");
  for (int p = 0; p < prog->npolicies; p++) {
    bool eligibility = false;
    for (int c = 0; c < prog->ncode && !eligibility; c++) {
      const IrInst *in = &prog->code[c];
      eligibility = in->op == IR_LOAD && in->k == i && in->rule >= 0 &&
                    prog->rules[in->rule].policy == p &&
                    !in_list(prog->rules[in->rule].inputs_used,
                             prog->rules[in->rule].ninputs_used, i);
    }
    if (eligibility)
      append(buf, size, &w, prog->policies[p].id, _(" (eligibility)"));
  }
}

/* ---- polc inputs ---- */

static void print_table(const IrProgram *prog, const bool *used) {
  printf("%-32s %-8s %-14s %s\n", "input", _("type"), _("default"), _("label"));
  for (int i = 0; i < prog->ninputs; i++) {
    if (!used[i])
      continue;
    const IrInput *in = &prog->inputs[i];
    char def[64];
    default_text(in, def, sizeof def);
    printf("%-32s %-8s %-14s %s\n", in->name, kind_word(in->kind), def,
           in->label ? in->label : "");
  }
}

static void print_json(const IrProgram *prog, const bool *used) {
  fputc('[', stdout);
  int n = 0;
  for (int i = 0; i < prog->ninputs; i++) {
    if (!used[i])
      continue;
    const IrInput *in = &prog->inputs[i];
    char def[64], rules[4096];
    default_text(in, def, sizeof def);
    readers(prog, i, rules, sizeof rules);
    fputs(n++ ? ",\n {\"name\": " : "{\"name\": ", stdout);
    jsonw_string(stdout, in->name);
    fputs(", \"label\": ", stdout);
    jsonw_string(stdout, in->label ? in->label : "");
    fputs(", \"type\": ", stdout);
    jsonw_string(stdout, kind_word(in->kind));
    printf(", \"required\": %s, \"default\": ", in->required ? "true" : "false");
    jsonw_string(stdout, in->required ? "" : def);
    fputs(", \"rules\": ", stdout);
    jsonw_string(stdout, rules);
    fputc('}', stdout);
  }
  fputs("]\n", stdout);
}

/* ---- polc template ---- */

/* A CSV field, quoted when it must be. */
static void csv_field(FILE *fp, const char *s) {
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, fp);
    return;
  }
  fputc('"', fp);
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', fp);
    fputc(*s, fp);
  }
  fputc('"', fp);
}

static void write_csv(FILE *fp, const IrProgram *prog, const bool *used) {
  for (int row = 0; row < 2; row++) {
    int n = 0;
    for (int i = 0; i < prog->ninputs; i++) {
      if (!used[i])
        continue;
      const IrInput *in = &prog->inputs[i];
      if (n++)
        fputc(',', fp);
      csv_field(fp, row == 0 ? in->name : in->label ? in->label : "");
    }
    fputc('\n', fp);
  }
}

/* Data validation on a column's cells below the two header rows. */
static void validate_column(lxw_worksheet *ws, int col, ValueKind kind) {
  lxw_data_validation v = {0};
  static const char *bools[] = {"true", "false", "是", "否", NULL};
  if (kind == VK_BOOL) {
    v.validate = LXW_VALIDATION_TYPE_LIST;
    v.value_list = (char **)bools;
  } else if (kind == VK_DATE) {
    v.validate = LXW_VALIDATION_TYPE_DATE;
    v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    v.minimum_datetime = (lxw_datetime){1900, 1, 1, 0, 0, 0};
    v.maximum_datetime = (lxw_datetime){9999, 12, 31, 0, 0, 0};
  } else {
    return;
  }
  v.error_title = (char *)_("polc registry");
  v.error_message = (char *)(kind == VK_BOOL ? _("true or false (是 or 否)")
                                             : _("a date, e.g. 2025-03-01"));
  worksheet_data_validation_range(ws, 2, (lxw_col_t)col, LXW_ROW_MAX - 1, (lxw_col_t)col, &v);
}

static bool write_xlsx(const char *path, const IrProgram *prog, const bool *used) {
  lxw_workbook *book = workbook_new(path);
  if (!book)
    return false;
  lxw_worksheet *ws = workbook_add_worksheet(book, "申报");
  lxw_format *bold = workbook_add_format(book), *label = workbook_add_format(book);
  lxw_format *date = workbook_add_format(book);
  format_set_bold(bold);
  format_set_italic(label);
  format_set_font_color(label, 0x595959);
  format_set_num_format(date, "yyyy-mm-dd");
  int col = 0;
  for (int i = 0; i < prog->ninputs; i++) {
    if (!used[i])
      continue;
    const IrInput *in = &prog->inputs[i];
    char def[64], rules[2048], comment[2400];
    default_text(in, def, sizeof def);
    readers(prog, i, rules, sizeof rules);
    snprintf(comment, sizeof comment, _("type: %s\ndefault: %s\nread by: %s"),
             kind_word(in->kind), def[0] ? def : _("(empty)"), rules[0] ? rules : "-");
    worksheet_write_string(ws, 0, (lxw_col_t)col, in->name, bold);
    worksheet_write_string(ws, 1, (lxw_col_t)col, in->label ? in->label : "", label);
    lxw_comment_options co = {.width = 320, .height = 120};
    worksheet_write_comment_opt(ws, 0, (lxw_col_t)col, comment, &co);
    validate_column(ws, col, in->kind);
    size_t w = strlen(in->name) > 12 ? strlen(in->name) : 12;
    worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, (double)(w + 2),
                         in->kind == VK_DATE ? date : NULL);
    col++;
  }
  worksheet_freeze_panes(ws, 2, 0);
  return workbook_close(book) == LXW_NO_ERROR;
}

static int write_template(const TemplateOptions *o, const IrProgram *prog, const bool *used) {
  bool xlsx = registry_path_ends(o->output, ".xlsx");
  OutFile file;
  if (!outfile_open(&file, o->output)) {
    fprintf(stderr, _("polc template: cannot write '%s': %s\n"), o->output, strerror(errno));
    return EXIT_USAGE;
  }
  bool ok = true;
  const char *unbound = xlsx ? xlsxwriter_bind() : NULL;   /* loaded now, not at start-up */
  if (unbound) {
    outfile_abort(&file);
    fprintf(stderr, _("polc template: cannot write '%s': libxlsxwriter, which writes Excel "
                      "workbooks, could not be loaded: %s (install libxlsxwriter4)\n"),
            o->output, unbound);
    return EXIT_USAGE;
  }
  if (xlsx)
    ok = write_xlsx(file.temp ? file.temp : o->output, prog, used);
  else
    write_csv(file.fp, prog, used);
  if (!ok) {
    outfile_abort(&file);
  } else if (!outfile_commit(&file)) {
    ok = false;
  }
  if (!ok) {
    fprintf(stderr, _("polc template: cannot write '%s': %s\n"), o->output,
            errno ? strerror(errno) : "?");
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

/* ---- the commands ---- */

static int parse_options(Arena *arena, const char *command, int argc, char **argv,
                         TemplateOptions *o) {
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i], *v;
    int root;
    if (is_help_flag(arg))
      return help_print(command), -1;
    if ((root = root_option(command, argc, argv, &i, &o->root)) != 0) {
      if (root < 0)
        return EXIT_USAGE;
    } else if ((v = option_value(argc, argv, &i, "-o")) ||
               (v = option_value(argc, argv, &i, "--output"))) {
      o->output = v;
    } else if ((v = option_value(argc, argv, &i, "--format"))) {
      o->format = v;
    } else if (arg[0] == '-' && arg[1] != '\0') {
      return usage_error(command, "unknown option '%s'", arg);
    } else {
      ptrvec_push(arena, &o->policies, (void *)arg);
    }
  }
  if (o->policies.len == 0)
    return usage_error(command, "no policy given");
  bool template = strcmp(command, "template") == 0;
  if (template && (!o->output || !*o->output))
    return usage_error(command, "-o FILE.xlsx or -o FILE.csv is required");
  if (template && o->format)
    return usage_error(command, "the form is the extension of -o (.xlsx or .csv)");
  if (!template && o->output)
    return usage_error(command, "the list goes to standard output; for a file, use "
                                "`polc template POLICY... -o FILE`");
  if (!template && o->format && strcmp(o->format, "table") != 0 &&
      strcmp(o->format, "json") != 0)
    return usage_error(command, "--format takes table or json, not '%s'", o->format);
  return 0;
}

static int run_command(const char *command, int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  TemplateOptions o = {0};
  int status = parse_options(&arena, command, argc, argv, &o);
  if (status != 0) {
    arena_free(&arena);
    return status < 0 ? EXIT_OK : status;
  }
  Loaded loaded = {.root = o.root};
  status = policies_load(&loaded, (char **)o.policies.items, o.policies.len, false);
  if (status == EXIT_OK && o.output)
    status = policies_refuse_as_output(&loaded, command, NULL, o.output);
  if (status == EXIT_OK) {
    bool *used = inputs_read(loaded.prog);
    if (strcmp(command, "template") == 0)
      status = write_template(&o, loaded.prog, used);
    else if (o.format && strcmp(o.format, "json") == 0)
      print_json(loaded.prog, used);
    else
      print_table(loaded.prog, used);
    free(used);
  }
  policies_free(&loaded);
  arena_free(&arena);
  return status;
}

int cmd_template(int argc, char **argv) { return run_command("template", argc, argv); }

int cmd_inputs(int argc, char **argv) { return run_command("inputs", argc, argv); }
