/*
 * test_coverage.c - what `polc test --coverage` counts (test_coverage.h):
 * the policies and rules as the tests found them, each with the items a
 * test may exercise, filled in from the traced runs of the applicants.
 */
#include <stdlib.h>
#include <string.h>

#include "../compiler/symtab.h"
#include "../compiler/unit.h"
#include "../runtime/base/i18n.h"
#include "../runtime/base/jsonw.h"
#include "../runtime/engines/interp.h"
#include "../runtime/exec/row.h"
#include "explain.h"
#include "test_coverage.h"

/* One item: covered once a test exercised it. */
typedef struct Item {
  bool seen;
} Item;

/* A threshold: `input CMP figure`, as written. */
typedef struct Threshold {
  const char *text;
  const char *input;        /* its name: slots differ between programs */
  BinOp cmp;                /* with the input on the left */
  int64_t figure, step;
  Item miss, meet;          /* just missing it, just meeting it */
} Threshold;

typedef struct Clause {
  const char *text;
  Item yes, no;
} Clause;

typedef struct CovAward {
  const char *text;
  Item taken;
  int nclauses;
  Clause *clauses;          /* the chain's parts, or the condition whole */
  bool whole;               /* clauses[0] is the whole condition (no chain) */
  bool ladder, brackets;
  int ntiers;
  const char **tiers;
  Item *reached;            /* per tier (ladder, brackets) */
  Item below;               /* ladder: below its first tier */
  PtrVec thresholds;        /* Threshold* */
} CovAward;

typedef struct CovRule {
  const char *qualified, *id, *citation;
  int line;
  int nawards;
  CovAward *awards;
} CovRule;

typedef struct CovEligible {
  const char *article, *text;
  Item failed, held;
} CovEligible;

typedef struct CovPolicy {
  const char *id, *file;
  int neligibles;
  CovEligible *eligibles;
  PtrVec rules;             /* CovRule* */
} CovPolicy;

struct Coverage {
  Arena arena;
  PtrVec policies;          /* CovPolicy*, in the order met */
};

struct CoverageBinding {
  Coverage *cov;
  const IrProgram *prog;
  Interp *interp;
  CovPolicy **policies;     /* per program policy */
  CovRule **rules;          /* per program rule */
  const int64_t *ints;      /* the applicant being recorded */
  const TextRef *texts;
  int32_t as_of;
};

Coverage *coverage_new(void) {
  Coverage *cov = xmalloc(sizeof *cov);
  *cov = (Coverage){0};
  arena_init(&cov->arena);
  return cov;
}

void coverage_free(Coverage *cov) {
  if (!cov)
    return;
  arena_free(&cov->arena);
  free(cov);
}

/* --- the items of a rule, from its source ------------------------------------- */

static const char *span_text(Arena *arena, const Source *src, Span span) {
  return arena_strndup(arena, src->text + span.begin, span.end - span.begin);
}

/* The smallest step of a figure of `type`, in its integer form. */
static int64_t type_step(Type type) {
  switch (type) {
  case TY_MONEY: return 1;          /* 0.01元 */
  case TY_PERCENT: return 100;      /* 0.01% in millionths */
  case TY_NUMBER: return 10000;     /* 0.01 in millionths */
  default: return 1;                /* a count, a day */
  }
}

static BinOp mirrored(BinOp op) {
  switch (op) {
  case OP_LT: return OP_GT;
  case OP_LE: return OP_GE;
  case OP_GT: return OP_LT;
  case OP_GE: return OP_LE;
  default: return op;
  }
}

static bool is_order(BinOp op) {
  return op == OP_LT || op == OP_LE || op == OP_GT || op == OP_GE;
}

static bool is_input(const Expr *e) {
  return e->kind == EX_NAME && e->sym && e->sym->kind == SYM_INPUT;
}

static void add_threshold(Arena *arena, CovAward *aw, const Source *src, Span span,
                          const Expr *input, BinOp cmp, const Expr *figure) {
  Threshold *t = arena_alloc(arena, sizeof *t);
  *t = (Threshold){.text = span_text(arena, src, span),
                   .input = arena_strdup(arena, input->sym->name),   /* outlives the unit */
                   .cmp = cmp, .figure = figure->lit.i, .step = type_step(input->type)};
  ptrvec_push(arena, &aw->thresholds, t);
}

/* Every `input CMP figure` of a condition (the figure may come first). */
static void find_thresholds(Arena *arena, CovAward *aw, const Source *src, const Expr *e) {
  if (!e)
    return;
  if (e->kind == EX_BINARY && is_order(e->op)) {
    if (is_input(e->lhs) && e->rhs->kind == EX_LITERAL)
      add_threshold(arena, aw, src, e->span, e->lhs, e->op, e->rhs);
    else if (is_input(e->rhs) && e->lhs->kind == EX_LITERAL)
      add_threshold(arena, aw, src, e->span, e->rhs, mirrored(e->op), e->lhs);
    return;
  }
  if (e->kind == EX_BINARY || e->kind == EX_NOT) {
    find_thresholds(arena, aw, src, e->lhs);
    find_thresholds(arena, aw, src, e->rhs);
  }
}

static void describe_award(Arena *arena, CovAward *aw, const IrAward *ir, const Award *w,
                           const Source *src) {
  aw->text = arena_strdup(arena, ir->text);
  if (ir->nclauses) {
    aw->nclauses = ir->nclauses;
    aw->clauses = arena_alloc(arena, sizeof(Clause) * (size_t)ir->nclauses);
    for (int c = 0; c < ir->nclauses; c++)
      aw->clauses[c] = (Clause){.text = arena_strdup(arena, ir->clauses[c].text)};
  } else if (ir->when_text) {
    aw->nclauses = 1;
    aw->whole = true;
    aw->clauses = arena_alloc(arena, sizeof(Clause));
    aw->clauses[0] = (Clause){.text = arena_strdup(arena, ir->when_text)};
  }
  const Amount *a = &w->amount;
  aw->ladder = a->kind == AM_LADDER;
  aw->brackets = a->kind == AM_BRACKETS;
  if (aw->ladder || aw->brackets) {
    aw->ntiers = a->tiers.len;
    aw->tiers = arena_alloc(arena, sizeof(char *) * (size_t)(a->tiers.len + 1));
    aw->reached = arena_alloc(arena, sizeof(Item) * (size_t)(a->tiers.len + 1));
    for (int i = 0; i < a->tiers.len; i++) {
      const Tier *t = a->tiers.items[i];
      aw->tiers[i] = span_text(arena, src, t->span);
      aw->reached[i] = (Item){0};
      if (aw->ladder && is_input(a->expr) && t->threshold->kind == EX_LITERAL)
        add_threshold(arena, aw, src, (Span){a->expr->span.begin, t->threshold->span.end},
                      a->expr, t->cmp, t->threshold);
    }
    /* the ladder's thresholds read "subject ... figure": written anew */
    for (int i = 0; aw->ladder && i < aw->thresholds.len; i++) {
      Threshold *t = aw->thresholds.items[i];
      const Tier *tier = a->tiers.items[i];
      t->text = arena_printf(arena, "%s %s %s", t->input, binop_text(t->cmp),
                             span_text(arena, src, tier->threshold->span));
    }
  }
  find_thresholds(arena, aw, src, w->when);
}

static const Decl *rule_decl(struct Unit **units, int nunits, const char *policy,
                             const char *id) {
  for (int u = 0; u < nunits; u++) {
    const Decl *p = units[u]->policy;
    if (!p || strcmp(p->as.policy.id.name, policy) != 0)
      continue;
    for (int r = 0; r < units[u]->rule_decls.len; r++) {
      const Decl *d = units[u]->rule_decls.items[r];
      if (strcmp(d->as.rule.id.name, id) == 0)
        return d;
    }
  }
  return NULL;
}

static CovRule *new_rule(Coverage *cov, const IrProgram *prog, int r, const Decl *d) {
  Arena *arena = &cov->arena;
  const IrRule *ir = &prog->rules[r];
  CovRule *rule = arena_alloc(arena, sizeof *rule);
  *rule = (CovRule){.qualified = arena_strdup(arena, ir->qualified),
                    .id = arena_strdup(arena, ir->id),
                    .citation = ir->citation ? arena_strdup(arena, ir->citation) : NULL,
                    .line = ir->line, .nawards = ir->nawards};
  rule->awards = arena_alloc(arena, sizeof(CovAward) * (size_t)(ir->nawards + 1));
  for (int a = 0; a < ir->nawards; a++) {
    rule->awards[a] = (CovAward){0};
    describe_award(arena, &rule->awards[a], &ir->awards[a], d->as.rule.awards.items[a],
                   d->src);
  }
  return rule;
}

static CovPolicy *find_policy(Coverage *cov, const char *id) {
  for (int i = 0; i < cov->policies.len; i++)
    if (strcmp(((CovPolicy *)cov->policies.items[i])->id, id) == 0)
      return cov->policies.items[i];
  return NULL;
}

static CovPolicy *new_policy(Coverage *cov, const IrPolicy *p) {
  Arena *arena = &cov->arena;
  CovPolicy *pol = arena_alloc(arena, sizeof *pol);
  *pol = (CovPolicy){.id = arena_strdup(arena, p->id), .file = arena_strdup(arena, p->file),
                     .neligibles = p->neligibles};
  pol->eligibles = arena_alloc(arena, sizeof(CovEligible) * (size_t)(p->neligibles + 1));
  for (int e = 0; e < p->neligibles; e++)
    pol->eligibles[e] = (CovEligible){
        .article = p->eligibles[e].article ? arena_strdup(arena, p->eligibles[e].article) : NULL,
        .text = arena_strdup(arena, p->eligibles[e].text)};
  ptrvec_push(arena, &cov->policies, pol);
  return pol;
}

static CovRule *find_rule(CovPolicy *pol, const char *qualified) {
  for (int i = 0; i < pol->rules.len; i++)
    if (strcmp(((CovRule *)pol->rules.items[i])->qualified, qualified) == 0)
      return pol->rules.items[i];
  return NULL;
}

CoverageBinding *coverage_bind(Coverage *cov, const IrProgram *prog, struct Unit **units,
                               int nunits) {
  CoverageBinding *b = xmalloc(sizeof *b);
  *b = (CoverageBinding){.cov = cov, .prog = prog, .interp = interp_new(prog)};
  b->policies = xmalloc(sizeof(CovPolicy *) * (size_t)(prog->npolicies + 1));
  b->rules = xmalloc(sizeof(CovRule *) * (size_t)(prog->nrules + 1));
  for (int p = 0; p < prog->npolicies; p++) {
    CovPolicy *pol = find_policy(cov, prog->policies[p].id);
    b->policies[p] = pol ? pol : new_policy(cov, &prog->policies[p]);
  }
  for (int r = 0; r < prog->nrules; r++) {
    const IrRule *ir = &prog->rules[r];
    CovPolicy *pol = b->policies[ir->policy];
    CovRule *rule = find_rule(pol, ir->qualified);
    if (!rule) {
      const Decl *d = rule_decl(units, nunits, prog->policies[ir->policy].id, ir->id);
      rule = d ? new_rule(cov, prog, r, d) : NULL;
      if (rule)
        ptrvec_push(&cov->arena, &pol->rules, rule);
    }
    b->rules[r] = rule;
  }
  return b;
}

void coverage_unbind(CoverageBinding *b) {
  if (!b)
    return;
  interp_free(b->interp);
  free(b->policies);
  free(b->rules);
  free(b);
}

/* --- recording a run ----------------------------------------------------------- */

static CovAward *event_cov_award(CoverageBinding *b, const IrInst *inst) {
  int r = inst->rule, a = (int)(inst->k >> 8) - 1;
  if (r < 0 || !b->rules[r] || a < 0 || a >= b->rules[r]->nawards)
    return NULL;
  return &b->rules[r]->awards[a];
}

static void record(void *ctx, const IrInst *inst, i128 va, i128 vb, i128 vd) {
  CoverageBinding *b = ctx;
  CovAward *aw = event_cov_award(b, inst);
  if (!aw)
    return;
  (void)vd;
  switch ((IrTrace)(inst->k & 0xff)) {
  case TR_WHEN:
    if (aw->whole) {
      aw->clauses[0].yes.seen |= va != 0;
      aw->clauses[0].no.seen |= va == 0;
    }
    break;
  case TR_CLAUSE:
    if (!aw->whole && vb >= 0 && vb < aw->nclauses) {
      aw->clauses[(int)vb].yes.seen |= va != 0;
      aw->clauses[(int)vb].no.seen |= va == 0;
    }
    break;
  case TR_LADDER:
    if (vb < 0)
      aw->below.seen = true;
    else if (vb < aw->ntiers)
      aw->reached[(int)vb].seen = aw->taken.seen = true;
    break;
  case TR_AMOUNT:
  case TR_SHARE:
    aw->taken.seen = true;
    break;
  default:
    break;
  }
}

/* Bracket bands: which one a traced part belongs to is its position among
 * the award's TR_BRACKET events of the run. */
typedef struct Run {
  CoverageBinding *b;
  int band_rule, band_award, band;
} Run;

static void record_run(void *ctx, const IrInst *inst, i128 va, i128 vb, i128 vd) {
  Run *run = ctx;
  if ((IrTrace)(inst->k & 0xff) == TR_BRACKET) {
    CovAward *aw = event_cov_award(run->b, inst);
    int a = (int)(inst->k >> 8) - 1;
    if (run->band_rule != inst->rule || run->band_award != a)
      run->band_rule = inst->rule, run->band_award = a, run->band = 0;
    if (aw && run->band < aw->ntiers && va > 0)
      aw->reached[run->band].seen = aw->taken.seen = true;
    run->band++;
    return;
  }
  record(run->b, inst, va, vb, vd);
}

static int find_slot(const IrProgram *prog, const char *name) {
  for (int i = 0; i < prog->ninputs; i++)
    if (strcmp(prog->inputs[i].name, name) == 0)
      return i;
  return -1;
}

/* Whether `v` just misses or just meets threshold t. */
static void record_threshold(Threshold *t, int64_t v) {
  int64_t f = t->figure, s = t->step;
  switch (t->cmp) {
  case OP_GE:
    t->meet.seen |= v == f;
    t->miss.seen |= v < f && v >= f - s;
    break;
  case OP_GT:
    t->miss.seen |= v == f;
    t->meet.seen |= v > f && v <= f + s;
    break;
  case OP_LE:
    t->meet.seen |= v == f;
    t->miss.seen |= v > f && v <= f + s;
    break;
  case OP_LT:
    t->miss.seen |= v == f;
    t->meet.seen |= v < f && v >= f - s;
    break;
  default:
    break;
  }
}

/* Thresholds and eligibility, from the outcome: a rule whose policy was in
 * force and eligible had its awards weighed, so its thresholds count. */
static void record_outcome(CoverageBinding *b, const RowOutcome *out) {
  const IrProgram *prog = b->prog;
  for (int p = 0; p < prog->npolicies; p++) {
    const IrPolicy *ip = &prog->policies[p];
    if (!ip->nrules)
      continue;
    const RuleOutcome *o = &out->rules[ip->first_rule];
    if (o->status == ST_NOT_IN_FORCE)
      continue;
    int failed = o->status == ST_NOT_ELIGIBLE ? o->detail : ip->neligibles;
    CovPolicy *pol = b->policies[p];
    for (int e = 0; e < pol->neligibles && e < ip->neligibles; e++) {
      if (e < failed)
        pol->eligibles[e].held.seen = true;
      else if (e == failed)
        pol->eligibles[e].failed.seen = true;
    }
    if (failed < ip->neligibles)
      continue;
    for (int r = ip->first_rule; r < ip->first_rule + ip->nrules; r++) {
      CovRule *rule = b->rules[r];
      for (int a = 0; rule && a < rule->nawards; a++)
        for (int t = 0; t < rule->awards[a].thresholds.len; t++) {
          Threshold *th = rule->awards[a].thresholds.items[t];
          int slot = find_slot(prog, th->input);
          if (slot >= 0)
            record_threshold(th, b->ints[slot]);
        }
    }
  }
}

void coverage_run(CoverageBinding *b, const int64_t *ints, const TextRef *texts,
                  int32_t as_of) {
  RowBuffers row;
  row_buffers_init(&row, b->prog);
  Run run = {.b = b, .band_rule = -1};
  b->ints = ints;
  b->texts = texts;
  b->as_of = as_of;
  interp_set_trace(b->interp, record_run, &run);
  interp_run(b->interp, ints, texts, as_of, &row.outcome);
  if (row.outcome.error == ROW_OK)
    record_outcome(b, &row.outcome);
  row_buffers_free(&row);
}

/* --- figures and reports -------------------------------------------------------- */

typedef struct Tally {
  int covered, total;
} Tally;

static void count(Tally *t, const Item *item) {
  t->total++;
  t->covered += item->seen;
}

static Tally award_tally(const CovAward *aw) {
  Tally t = {0};
  count(&t, &aw->taken);
  for (int c = 0; c < aw->nclauses; c++)
    count(&t, &aw->clauses[c].yes), count(&t, &aw->clauses[c].no);
  for (int i = 0; i < aw->ntiers; i++)
    count(&t, &aw->reached[i]);
  if (aw->ladder)
    count(&t, &aw->below);
  for (int i = 0; i < aw->thresholds.len; i++) {
    const Threshold *th = aw->thresholds.items[i];
    count(&t, &th->miss), count(&t, &th->meet);
  }
  return t;
}

static Tally rule_tally(const CovRule *rule) {
  Tally t = {0};
  for (int a = 0; a < rule->nawards; a++) {
    Tally at = award_tally(&rule->awards[a]);
    t.covered += at.covered, t.total += at.total;
  }
  return t;
}

static Tally policy_tally(const CovPolicy *pol) {
  Tally t = {0};
  for (int e = 0; e < pol->neligibles; e++)
    count(&t, &pol->eligibles[e].failed), count(&t, &pol->eligibles[e].held);
  for (int r = 0; r < pol->rules.len; r++) {
    Tally rt = rule_tally(pol->rules.items[r]);
    t.covered += rt.covered, t.total += rt.total;
  }
  return t;
}

bool coverage_of_rule(const Coverage *cov, const char *qualified, int *covered, int *total) {
  for (int p = 0; p < cov->policies.len; p++) {
    const CovRule *rule = find_rule(cov->policies.items[p], qualified);
    if (rule) {
      Tally t = rule_tally(rule);
      *covered = t.covered, *total = t.total;
      return true;
    }
  }
  *covered = *total = 0;
  return false;
}

void coverage_totals(const Coverage *cov, int *covered, int *total) {
  *covered = *total = 0;
  for (int p = 0; p < cov->policies.len; p++) {
    Tally t = policy_tally(cov->policies.items[p]);
    *covered += t.covered, *total += t.total;
  }
}

double coverage_percent(const Coverage *cov) {
  int covered, total;
  coverage_totals(cov, &covered, &total);
  return total ? 100.0 * covered / total : 100.0;
}

static const char *mark(const Item *item) { return item->seen ? "[x]" : "[ ]"; }

/* The words of a threshold's two tests, by its comparison. */
static void threshold_words(const Threshold *t, const char **miss, const char **meet) {
  bool strict = t->cmp == OP_GT || t->cmp == OP_LT;
  *miss = strict ? _("at") : (t->cmp == OP_GE ? _("just below") : _("just above"));
  *meet = strict ? (t->cmp == OP_GT ? _("just above") : _("just below")) : _("at");
}

static void print_award_text(const CovAward *aw, int index, FILE *fp) {
  fprintf(fp, _("    %s award %d taken: %s\n"), mark(&aw->taken), index + 1, aw->text);
  for (int c = 0; c < aw->nclauses; c++) {
    fprintf(fp, _("    %s condition true: %s\n"), mark(&aw->clauses[c].yes), aw->clauses[c].text);
    fprintf(fp, _("    %s condition false: %s\n"), mark(&aw->clauses[c].no), aw->clauses[c].text);
  }
  if (aw->ladder)
    fprintf(fp, _("    %s below the ladder's first tier\n"), mark(&aw->below));
  for (int i = 0; i < aw->ntiers; i++)
    fprintf(fp, aw->ladder ? _("    %s tier reached: %s\n") : _("    %s band reached: %s\n"),
            mark(&aw->reached[i]), aw->tiers[i]);
  for (int i = 0; i < aw->thresholds.len; i++) {
    const Threshold *t = aw->thresholds.items[i];
    const char *miss, *meet;
    threshold_words(t, &miss, &meet);
    fprintf(fp, _("    %s threshold %s: a test %s\n"), mark(&t->miss), t->text, miss);
    fprintf(fp, _("    %s threshold %s: a test %s\n"), mark(&t->meet), t->text, meet);
  }
}

void coverage_print_text(const Coverage *cov, FILE *fp) {
  for (int p = 0; p < cov->policies.len; p++) {
    const CovPolicy *pol = cov->policies.items[p];
    Tally pt = policy_tally(pol);
    fprintf(fp, _("coverage of %s (%s): %d of %d\n"), pol->id, pol->file, pt.covered, pt.total);
    for (int e = 0; e < pol->neligibles; e++) {
      const CovEligible *el = &pol->eligibles[e];
      fprintf(fp, _("  eligible %s: %s\n"), el->article ? el->article : "", el->text);
      fprintf(fp, _("    %s failed in a test\n"), mark(&el->failed));
      fprintf(fp, _("    %s held in a test\n"), mark(&el->held));
    }
    for (int r = 0; r < pol->rules.len; r++) {
      const CovRule *rule = pol->rules.items[r];
      Tally rt = rule_tally(rule);
      fprintf(fp, _("  rule %s %s: %d of %d\n"), rule->id, rule->citation ? rule->citation : "",
              rt.covered, rt.total);
      for (int a = 0; a < rule->nawards; a++)
        print_award_text(&rule->awards[a], a, fp);
    }
  }
  int covered, total;
  coverage_totals(cov, &covered, &total);
  /* English in every language, like `N passed, N failed`: CI reads it */
  fprintf(fp, "coverage: %.1f%% (%d of %d)\n", coverage_percent(cov), covered, total);
}

/* --- JSON ------------------------------------------------------------------------- */

static void json_key_string(FILE *fp, const char *key, const char *value) {
  fprintf(fp, "\"%s\": ", key);
  if (value)
    jsonw_string(fp, value);
  else
    fputs("null", fp);
}

static void json_bool(FILE *fp, const char *key, const Item *item) {
  fprintf(fp, ", \"%s\": %s", key, item->seen ? "true" : "false");
}

static void print_award_json(const CovAward *aw, FILE *fp) {
  fputc('{', fp);
  json_key_string(fp, "award", aw->text);
  json_bool(fp, "taken", &aw->taken);
  fputs(", \"conditions\": [", fp);
  for (int c = 0; c < aw->nclauses; c++) {
    fputs(c ? ", {" : "{", fp);
    json_key_string(fp, "text", aw->clauses[c].text);
    json_bool(fp, "seen_true", &aw->clauses[c].yes);
    json_bool(fp, "seen_false", &aw->clauses[c].no);
    fputc('}', fp);
  }
  fprintf(fp, "], \"%s\": [", aw->brackets ? "bands" : "tiers");
  for (int i = 0; i < aw->ntiers; i++) {
    fputs(i ? ", {" : "{", fp);
    json_key_string(fp, "text", aw->tiers[i]);
    json_bool(fp, "reached", &aw->reached[i]);
    fputc('}', fp);
  }
  fputs("]", fp);
  if (aw->ladder)
    json_bool(fp, "below_first_tier", &aw->below);
  fputs(", \"thresholds\": [", fp);
  for (int i = 0; i < aw->thresholds.len; i++) {
    const Threshold *t = aw->thresholds.items[i];
    fputs(i ? ", {" : "{", fp);
    json_key_string(fp, "text", t->text);
    json_bool(fp, "just_missed", &t->miss);
    json_bool(fp, "just_met", &t->meet);
    fputc('}', fp);
  }
  fputs("]}", fp);
}

static void print_rule_json(const CovRule *rule, FILE *fp) {
  Tally t = rule_tally(rule);
  fputc('{', fp);
  json_key_string(fp, "rule", rule->qualified);
  fputs(", ", fp);
  json_key_string(fp, "article", rule->citation);
  fprintf(fp, ", \"line\": %d, \"covered\": %d, \"items\": %d, \"awards\": [", rule->line,
          t.covered, t.total);
  for (int a = 0; a < rule->nawards; a++) {
    if (a)
      fputs(", ", fp);
    print_award_json(&rule->awards[a], fp);
  }
  fputs("]}", fp);
}

void coverage_print_json(const Coverage *cov, FILE *fp) {
  int covered, total;
  coverage_totals(cov, &covered, &total);
  fprintf(fp, "{\"percent\": %.1f, \"covered\": %d, \"items\": %d, \"policies\": [",
          coverage_percent(cov), covered, total);
  for (int p = 0; p < cov->policies.len; p++) {
    const CovPolicy *pol = cov->policies.items[p];
    Tally pt = policy_tally(pol);
    fputs(p ? ",\n  {" : "\n  {", fp);
    json_key_string(fp, "policy", pol->id);
    fputs(", ", fp);
    json_key_string(fp, "file", pol->file);
    fprintf(fp, ", \"covered\": %d, \"items\": %d, \"eligible\": [", pt.covered, pt.total);
    for (int e = 0; e < pol->neligibles; e++) {
      fputs(e ? ", {" : "{", fp);
      json_key_string(fp, "article", pol->eligibles[e].article);
      fputs(", ", fp);
      json_key_string(fp, "text", pol->eligibles[e].text);
      json_bool(fp, "failed", &pol->eligibles[e].failed);
      json_bool(fp, "held", &pol->eligibles[e].held);
      fputc('}', fp);
    }
    fputs("], \"rules\": [", fp);
    for (int r = 0; r < pol->rules.len; r++) {
      fputs(r ? ",\n    " : "\n    ", fp);
      print_rule_json(pol->rules.items[r], fp);
    }
    fputs("]}", fp);
  }
  fputs("]}", fp);
}
