/*
 * reasons.h - why a rule pays what it pays, in words for the output and
 * for explain.
 */
#ifndef POLC_REASONS_H
#define POLC_REASONS_H

#include <stddef.h>

#include "../../compiler/ir/ir.h"
#include "../../compiler/ir/outcome.h"

/* Whom a reason is written for: a machine (the "reason" of --format jsonl
 * and of explain's JSON, English in every language, like a code) or a
 * person (explain's text and polc test: in the reader's language). */
typedef enum { REASON_FOR_MACHINES, REASON_FOR_PEOPLE } ReasonReader;

/* Writes the reason rule `r` paid 0 (or was cut) into buf; returns buf, or
 * NULL when the rule simply paid its award. */
const char *reason_text(const IrProgram *prog, int r, const RuleOutcome *o,
                        int32_t as_of, ReasonReader reader, char *buf, size_t size);

#endif
