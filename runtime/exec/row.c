/*
 * row.c - the buffers of one row (row.h).
 */
#include "row.h"

#include <stdlib.h>
#include <string.h>

void row_buffers_init(RowBuffers *row, const IrProgram *prog) {
  row->ints = xcalloc((size_t)prog->ninputs + 1, sizeof(int64_t));
  row->texts = xcalloc((size_t)prog->ninputs + 1, sizeof(TextRef));
  for (int i = 0; i < prog->ninputs; i++) {
    const IrInput *in = &prog->inputs[i];
    row->ints[i] = in->default_int;
    const char *text = in->default_text ? in->default_text : "";
    row->texts[i] = (TextRef){text, (int64_t)strlen(text)};
  }
  row->outcome = (RowOutcome){
      .error_rule = -1,
      .nrules = prog->nrules,
      .rules = xcalloc((size_t)prog->nrules + 1, sizeof(RuleOutcome)),
      .nindicators = prog->nindicators,
      .indicators = xcalloc((size_t)prog->nindicators + 1, sizeof(IndicatorOutcome)),
  };
}

void row_buffers_free(RowBuffers *row) {
  free(row->ints);
  free(row->texts);
  free(row->outcome.rules);
  free(row->outcome.indicators);
  *row = (RowBuffers){0};
}
