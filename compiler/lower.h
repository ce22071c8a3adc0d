/*
 * lower.h - from checked compilation units to one IrProgram.
 *
 * All the policies given together are lowered into one program, in the
 * order given: their inputs merged by name, each policy's effective window
 * and eligibility, each rule's awards, groups, 从高不重复 stacking across
 * policies of one family, and the total.
 */
#ifndef POLC_LOWER_H
#define POLC_LOWER_H

#include "ir/ir.h"
#include "unit.h"

/* Lowers units that checked without errors.  With `trace`, TRACE
 * instructions are emitted for explain.  Returns NULL after reporting into
 * `diags`, located, what keeps the policies from running together (two
 * policies disagreeing on an input's type, a policy given twice). */
IrProgram *lower_program(Unit **units, int count, bool trace, Diags *diags);

#endif
