/*
 * ir.c - building an IrProgram: registers, blocks, instructions, strings.
 */
#include "ir.h"

#include "../../lang/diag.h"

#include <stdlib.h>
#include <string.h>

const char *const ir_op_names[IR_OP_COUNT] = {
#define IR_NAME(name, text) text,
    IR_OPS(IR_NAME)
#undef IR_NAME
};

const IrStatusWords ir_status_words[IR_STATUS_COUNT] = {
#define IR_STATUS_WORDS(name, ir, jsonl, header) {ir, jsonl, header},
    IR_STATUSES(IR_STATUS_WORDS)
#undef IR_STATUS_WORDS
};

IrProgram *ir_new(void) {
  IrProgram *prog = xcalloc(1, sizeof *prog);
  arena_init(&prog->arena);
  prog->as_of_input = -1;
  prog->id_input = -1;
  return prog;
}

void ir_free(IrProgram *prog) {
  if (!prog)
    return;
  free(prog->code);
  free(prog->reg_types);
  free(prog->block_start);
  arena_free(&prog->arena);
  free(prog);
}

int ir_new_reg(IrProgram *prog, IrType type) {
  if (prog->nregs == prog->reg_cap) {
    prog->reg_cap = prog->reg_cap ? prog->reg_cap * 2 : 64;
    prog->reg_types = xrealloc(prog->reg_types, (size_t)prog->reg_cap);
  }
  prog->reg_types[prog->nregs] = (uint8_t)type;
  return prog->nregs++;
}

int ir_new_block(IrProgram *prog) {
  if (prog->nblocks == prog->block_cap) {
    prog->block_cap = prog->block_cap ? prog->block_cap * 2 : 64;
    prog->block_start = xrealloc(prog->block_start,
                                 sizeof(int32_t) * (size_t)prog->block_cap);
  }
  prog->block_start[prog->nblocks] = -1;   /* not started yet */
  return prog->nblocks++;
}

void ir_start_block(IrProgram *prog, int block) {
  prog->block_start[block] = prog->ncode;
}

IrInst *ir_emit(IrProgram *prog, IrOp op) {
  if (prog->ncode == prog->code_cap) {
    prog->code_cap = prog->code_cap ? prog->code_cap * 2 : 256;
    prog->code = xrealloc(prog->code, sizeof(IrInst) * (size_t)prog->code_cap);
  }
  IrInst *inst = &prog->code[prog->ncode++];
  memset(inst, 0, sizeof *inst);
  inst->op = (uint8_t)op;
  inst->rule = -1;
  inst->d = inst->a = inst->b = inst->c = -1;
  inst->t1 = inst->t2 = -1;
  inst->src = -1;
  return inst;
}

int ir_string(IrProgram *prog, const char *text) {
  for (int i = 0; i < prog->nstrings; i++)
    if (strcmp(prog->strings[i], text) == 0)
      return i;
  if ((prog->nstrings & (prog->nstrings - 1)) == 0) {   /* 0, 1, 2, 4, ...: grow */
    int cap = prog->nstrings ? prog->nstrings * 2 : 1;
    prog->strings = arena_grow(&prog->arena, prog->strings,
                               sizeof(char *) * (size_t)prog->nstrings,
                               sizeof(char *) * (size_t)cap);
    prog->string_lens = arena_grow(&prog->arena, prog->string_lens,
                                   sizeof(int64_t) * (size_t)prog->nstrings,
                                   sizeof(int64_t) * (size_t)cap);
  }
  prog->strings[prog->nstrings] = arena_strdup(&prog->arena, text);
  prog->string_lens[prog->nstrings] = (int64_t)strlen(text);
  return prog->nstrings++;
}

static bool is_terminator(uint8_t op) {
  return op == IR_JMP || op == IR_BR || op == IR_RET;
}

int ir_block_end(const IrProgram *prog, int block) {
  int i = prog->block_start[block];
  while (i < prog->ncode && !is_terminator(prog->code[i].op))
    i++;
  return i;
}

/* The first structural problem of prog, or NULL. */
static const char *first_problem(const IrProgram *prog) {
  bool *starts = xcalloc((size_t)prog->ncode + 1, 1);
  const char *problem = NULL;
  for (int b = 0; b < prog->nblocks && !problem; b++) {
    int s = prog->block_start[b];
    if (s < 0 || s >= prog->ncode)
      problem = "a block was never started";
    else if (starts[s])
      problem = "two blocks start at one instruction";
    else
      starts[s] = true;
  }
  for (int pc = 0; pc < prog->ncode && !problem; pc++) {
    const IrInst *in = &prog->code[pc];
    if (pc > 0 && is_terminator(prog->code[pc - 1].op) && !starts[pc])
      problem = "code after a jump belongs to no block";
    else if (pc > 0 && starts[pc] && !is_terminator(prog->code[pc - 1].op))
      problem = "a block falls through into the next";
    else if ((in->op == IR_JMP || in->op == IR_BR) &&
             (in->t1 < 0 || in->t1 >= prog->nblocks ||
              (in->op == IR_BR && (in->t2 < 0 || in->t2 >= prog->nblocks))))
      problem = "a jump to no block";
  }
  if (!problem && (prog->ncode == 0 || prog->code[prog->ncode - 1].op != IR_RET))
    problem = "the program does not end with ret";
  free(starts);
  return problem;
}

bool ir_verify(const IrProgram *prog, Diags *diags) {
  const char *problem = first_problem(prog);
  if (problem)
    diag_error(diags, NULL, SPAN_NONE, "internal",
               "internal error: the IR is malformed: %s", problem);
  return problem == NULL;
}
