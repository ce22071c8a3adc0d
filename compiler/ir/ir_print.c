/*
 * ir_print.c - `polc ir`: the program in a readable form.
 */
#include <inttypes.h>

#include "../../runtime/base/date.h"
#include "../../runtime/base/exact.h"
#include "ir.h"

static void print_reg(FILE *out, const IrProgram *prog, int reg) {
  const char *suffix = prog->reg_types[reg] == IRT_WIDE ? ":w"
                       : prog->reg_types[reg] == IRT_TEXT ? ":t" : "";
  fprintf(out, "r%d%s", reg, suffix);
}

static void print_const(FILE *out, const IrProgram *prog, const IrInst *in) {
  char buf[64];
  if (prog->reg_types[in->d] == IRT_WIDE) {
    i128 fen = in->k / EXACT_MICRO;
    exact_format_fen(buf, sizeof buf, (int64_t)fen);
    fprintf(out, "%s元", buf);
    if (in->k % EXACT_MICRO)
      fprintf(out, " + %" PRId64 "/10^6 fen", (int64_t)(in->k % EXACT_MICRO));
  } else {
    fprintf(out, "%" PRId64, (int64_t)in->k);
  }
}

static void print_operands(FILE *out, const IrProgram *prog, const IrInst *in) {
  const int regs[] = {in->a, in->b, in->c};
  int n = 0;
  for (int i = 0; i < 3; i++)
    if (regs[i] >= 0) {
      fputs(n++ ? ", " : " ", out);
      print_reg(out, prog, regs[i]);
    }
}

static void print_inst(FILE *out, const IrProgram *prog, const IrInst *in) {
  fputs("    ", out);
  if (in->d >= 0 && in->op != IR_TRACE) {
    print_reg(out, prog, in->d);
    fputs(" = ", out);
  }
  fputs(ir_op_names[in->op], out);
  switch (in->op) {
  case IR_CONST:
    fputc(' ', out);
    print_const(out, prog, in);
    break;
  case IR_TEXT:
    fprintf(out, " \"%s\"", prog->strings[(int)in->k]);
    break;
  case IR_LOAD:
    fprintf(out, " %s", prog->inputs[(int)in->k].name);
    break;
  case IR_JMP:
    fprintf(out, " b%d", in->t1);
    break;
  case IR_BR:
    print_operands(out, prog, in);
    fprintf(out, ", b%d, b%d", in->t1, in->t2);
    break;
  case IR_MULDIV:
  case IR_DIVMUL:
    print_operands(out, prog, in);
    fprintf(out, " (scale %" PRId64 ")", (int64_t)in->k);
    break;
  default:
    print_operands(out, prog, in);
  }
  if (in->op >= IR_GETAMT && in->op <= IR_SETST && in->rule >= 0)
    fprintf(out, "    ; %s", prog->rules[in->rule].qualified);
  fputc('\n', out);
}

static void print_header(FILE *out, const IrProgram *prog) {
  fprintf(out, "; %d polic%s, %d rules, %d inputs, %d instructions, %d registers, "
               "%d blocks\n", prog->npolicies, prog->npolicies == 1 ? "y" : "ies",
          prog->nrules, prog->ninputs, prog->ncode, prog->nregs, prog->nblocks);
  fputs("inputs:\n", out);
  for (int i = 0; i < prog->ninputs; i++)
    fprintf(out, "    %-3d %-28s %s%s\n", i, prog->inputs[i].name,
            value_kind_name(prog->inputs[i].kind),
            prog->inputs[i].required ? " required" : "");
  fputs("rules:\n", out);
  for (int r = 0; r < prog->nrules; r++) {
    const IrRule *rule = &prog->rules[r];
    fprintf(out, "    %-3d %s", r, rule->qualified);
    if (rule->citation)
      fprintf(out, " \"%s\"", rule->citation);
    if (rule->kind)
      fprintf(out, " kind %s", rule->kind);
    if (rule->group)
      fprintf(out, " group %s", rule->group);
    fputc('\n', out);
    for (int a = 0; a < rule->narticles; a++)
      fprintf(out, "        article \"%s\"\n", rule->articles[a]);
  }
  for (int p = 0; p < prog->npolicies; p++)
    for (int a = 0; a < prog->policies[p].narticles; a++) {
      const IrArticle *art = &prog->policies[p].articles[a];
      if (!a)
        fprintf(out, "articles of %s without a rule:\n", prog->policies[p].id);
      fprintf(out, "    \"%s\" \"%s\" reason \"%s\"\n", art->citation, art->text,
              art->reason);
    }
  fputs("status codes:", out);
  for (int i = 0; i < IR_STATUS_COUNT; i++)
    fprintf(out, " %d=%s", i, ir_status_words[i].ir);
  fputs("\ncode:\n", out);
}

/* `; file:line` before the first instruction of each line, as a line
 * table would name it; `; no line` before code of no line (the total). */
static void print_line(FILE *out, const IrProgram *prog, const IrInst *in,
                       const IrInst *prev) {
  if (prev && prev->src == in->src && prev->line == in->line)
    return;
  if (in->src >= 0)
    fprintf(out, "    ; %s:%d\n", prog->sources[in->src]->path, in->line);
  else if (prev)
    fputs("    ; no line\n", out);
}

void ir_print(FILE *out, const IrProgram *prog, bool lines) {
  print_header(out, prog);
  /* Blocks in the order they were laid out. */
  for (int pc = 0; pc < prog->ncode; pc++) {
    for (int b = 0; b < prog->nblocks; b++)
      if (prog->block_start[b] == pc)
        fprintf(out, "  b%d:\n", b);
    if (lines)
      print_line(out, prog, &prog->code[pc], pc > 0 ? &prog->code[pc - 1] : NULL);
    print_inst(out, prog, &prog->code[pc]);
  }
}
