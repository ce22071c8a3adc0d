/*
 * output_jsonl.c - one JSON object per applicant: the same figures as the
 * CSV, and per rule its citation, the reason when it pays 0, its schedule,
 * a range's lower bound, and the rule that superseded it.
 */
#include <string.h>

#include "../../compiler/ir/ir.h"
#include "../base/date.h"
#include "../base/jsonw.h"
#include "output.h"
#include "reasons.h"
#include "schedule.h"

static void json_key(FILE *fp, const char *key) {
  fprintf(fp, ", \"%s\": ", key);
}

/* The instalments by year; none when nothing is paid. */
static void rule_schedule(FILE *fp, const IrRule *rule, int64_t amount) {
  int64_t parts[SCHEDULE_MAX];
  int n = amount > 0 ? schedule_of(rule, amount, parts) : 0;
  json_key(fp, "schedule");
  fputc('[', fp);
  for (int i = 0; i < n; i++) {
    if (i)
      fputs(", ", fp);
    output_fen(fp, parts[i]);
  }
  fputc(']', fp);
}

static void rule_object(FILE *fp, const IrProgram *prog, int r,
                        const RuleOutcome *o, int32_t as_of) {
  const IrRule *rule = &prog->rules[r];
  fputs("{\"policy\": ", fp);
  jsonw_string(fp, prog->policies[rule->policy].id);
  json_key(fp, "rule");
  jsonw_string(fp, rule->id);
  json_key(fp, "citation");
  if (rule->citation)
    jsonw_string(fp, rule->citation);
  else
    fputs("null", fp);
  json_key(fp, "amount");
  output_fen(fp, o->amount);
  json_key(fp, "status");
  const char *status = o->status == ST_PAID && o->amount == 0
                           ? "zero" : ir_status_words[o->status].jsonl;
  fprintf(fp, "\"%s\"", status);
  char buf[1024];
  const char *reason = reason_text(prog, r, o, as_of, REASON_FOR_MACHINES, buf, sizeof buf);
  json_key(fp, "reason");
  if (reason)
    jsonw_string(fp, reason);
  else
    fputs("null", fp);
  rule_schedule(fp, rule, o->amount);
  if (o->lower >= 0) {
    json_key(fp, "lower");
    output_fen(fp, o->lower);
  }
  if (o->status == ST_GROUP_LOST || o->status == ST_STACK_LOST) {
    json_key(fp, "superseded_by");
    jsonw_string(fp, prog->rules[o->detail].qualified);
  }
  if (rule->discretionary)
    fputs(", \"discretionary\": true", fp);
  if (rule->external)
    fputs(", \"external\": true", fp);
  if (rule->nobligations) {
    json_key(fp, "obligations");
    fputc('[', fp);
    for (int i = 0; i < rule->nobligations; i++) {
      if (i)
        fputs(", ", fp);
      jsonw_string(fp, rule->obligations[i]);
    }
    fputc(']', fp);
  }
  fputc('}', fp);
}

void output_jsonl_row(Output *out, TextRef id, const int64_t *ints, const TextRef *texts,
                      const RowOutcome *row) {
  FILE *fp = out->fp;
  fputs("{\"id\": ", fp);
  jsonw_string_n(fp, id.ptr, (size_t)id.len);
  for (int k = 0; texts && k < out->nkeep; k++) {   /* --keep: each as a string */
    char buf[64];
    TextRef v = output_kept_text(&out->keep[k], ints, texts, buf, sizeof buf);
    fputs(", ", fp);
    jsonw_string(fp, out->keep[k].name);
    fputs(": ", fp);
    jsonw_string_n(fp, v.ptr, (size_t)v.len);
  }
  char date[11];
  date_format(row->as_of, date);
  fprintf(fp, ", \"as_of\": \"%s\", \"total\": ", date);
  output_fen(fp, row->total);
  if (out->committed) {
    int64_t at_most = output_at_most(out->prog, row);
    fputs(", \"committed\": ", fp);
    output_fen(fp, row->total - at_most);
    fputs(", \"at_most\": ", fp);
    output_fen(fp, at_most);
  }
  fputs(", \"rules\": [", fp);
  for (int r = 0; r < row->nrules; r++) {
    if (r)
      fputs(", ", fp);
    rule_object(fp, out->prog, r, &row->rules[r], row->as_of);
  }
  fputs("]}\n", fp);
}
