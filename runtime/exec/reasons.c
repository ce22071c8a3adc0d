/*
 * reasons.c - reasons for an award of 0, built from the program's metadata.
 */
#include "reasons.h"

#include <stdio.h>

#include "../base/date.h"
#include "../base/i18n.h"

/* The format in the reader's language: each is marked N_() for the
 * catalogue and translated here only for people. */
__attribute__((format_arg(2))) static const char *say(ReasonReader reader, const char *fmt) {
  return reader == REASON_FOR_PEOPLE ? gettext(fmt) : fmt;
}

static const char *not_in_force(const IrPolicy *p, int32_t as_of, ReasonReader reader, char *buf,
                                size_t size) {
  char on[11], from[11], to[11];
  date_format(as_of, on);
  date_format(p->effective_from, from);
  if (p->has_end) {
    date_format(p->effective_to, to);
    snprintf(buf, size, say(reader, N_("not in force on %s (effective %s to %s)")), on, from, to);
  } else {
    snprintf(buf, size, say(reader, N_("not in force on %s (effective from %s)")), on, from);
  }
  return buf;
}

static const char *no_award(const IrRule *rule, ReasonReader reader, char *buf, size_t size) {
  if (rule->nawards == 1) {
    snprintf(buf, size, say(reader, N_("condition not met: %s")),
             rule->awards[0].when_text ? rule->awards[0].when_text : "(none)");
    return buf;
  }
  size_t used = (size_t)snprintf(buf, size, say(reader, N_("no award applies:")));
  for (int i = 0; i < rule->nawards && used < size; i++)
    used += (size_t)snprintf(buf + used, size - used, "%s %s", i ? ";" : "",
                             rule->awards[i].when_text ? rule->awards[i].when_text
                                                       : "(none)");
  return buf;
}

const char *reason_text(const IrProgram *prog, int r, const RuleOutcome *o,
                        int32_t as_of, ReasonReader reader, char *buf, size_t size) {
  const IrRule *rule = &prog->rules[r];
  const IrPolicy *p = &prog->policies[rule->policy];
  switch ((IrStatus)o->status) {
  case ST_PAID:
    if (o->amount != 0)
      return NULL;
    snprintf(buf, size, say(reader, N_("the award computes to 0")));
    return buf;
  case ST_NOT_IN_FORCE:
    return not_in_force(p, as_of, reader, buf, size);
  case ST_NOT_ELIGIBLE: {
    const IrEligible *e = &p->eligibles[o->detail];
    if (e->article)
      snprintf(buf, size, say(reader, N_("not eligible under %s: %s")), e->article, e->text);
    else
      snprintf(buf, size, say(reader, N_("not eligible: %s")), e->text);
    return buf;
  }
  case ST_NO_AWARD:
    return no_award(rule, reader, buf, size);
  case ST_BELOW_LADDER:
    snprintf(buf, size, say(reader, N_("below the ladder's first tier")));
    return buf;
  case ST_TOPUP_COVERED:
    snprintf(buf, size, say(reader, N_("the tier reached is already received (晋级补差)")));
    return buf;
  case ST_NEGATIVE:
    snprintf(buf, size, say(reader, N_("the award computes below 0")));
    return buf;
  case ST_GROUP_LOST:
    snprintf(buf, size, say(reader, N_("superseded by %s: only the largest award of group %s "
             "is paid")), prog->rules[o->detail].qualified, rule->group);
    return buf;
  case ST_STACK_LOST:
    snprintf(buf, size, say(reader, N_("superseded by %s (从高不重复 within family %s, kind %s)")),
             prog->rules[o->detail].qualified, p->family, rule->kind);
    return buf;
  }
  return NULL;
}
