/*
 * lower.c - the whole program: inputs, policies, eligibility, rules, then
 * groups, 从高不重复 stacking across each family, and the total.
 */
#include <string.h>

#include "lower_internal.h"

/* --- inputs: merged by name across the policies --------------------------- */

/* Inputs are found by name through an open-addressing table and both
 * arrays double when full: 20,000 inputs cost linear time and memory
 * (growing them by one left a copy per input in the arena). */
static unsigned name_hash(const char *s) {
  unsigned h = 2166136261u;   /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

/* The table entry of `name`: its slot + 1, or the free entry it would take. */
static int *input_entry(const IrProgram *prog, const char *name) {
  unsigned mask = (unsigned)prog->input_index_size - 1;
  for (unsigned i = name_hash(name) & mask;; i = (i + 1) & mask) {
    int *e = &prog->input_index[i];
    if (*e == 0 || strcmp(prog->inputs[*e - 1].name, name) == 0)
      return e;
  }
}

static int find_input(const IrProgram *prog, const char *name) {
  return prog->input_index ? *input_entry(prog, name) - 1 : -1;
}

static void make_room_for_input(IrProgram *prog) {
  if (prog->ninputs == prog->inputs_cap) {
    int cap = prog->inputs_cap ? prog->inputs_cap * 2 : 16;
    prog->inputs = arena_grow(&prog->arena, prog->inputs,
                              sizeof(IrInput) * (size_t)prog->ninputs,
                              sizeof(IrInput) * (size_t)cap);
    prog->inputs_cap = cap;
  }
  if (2 * (prog->ninputs + 1) > prog->input_index_size) {
    prog->input_index_size = prog->input_index_size ? prog->input_index_size * 2 : 64;
    prog->input_index = arena_alloc(&prog->arena,
                                    sizeof(int) * (size_t)prog->input_index_size);
    for (int i = 0; i < prog->ninputs; i++)
      *input_entry(prog, prog->inputs[i].name) = i + 1;
  }
}

static int add_input(IrProgram *prog, const char *name) {
  make_room_for_input(prog);
  IrInput *in = &prog->inputs[prog->ninputs];
  in->name = arena_strdup(&prog->arena, name);
  *input_entry(prog, in->name) = prog->ninputs + 1;
  return prog->ninputs++;
}

/* Percent and number inputs may be negative; money and count only when
 * declared `signed`. */
static bool decl_may_be_negative(const Input *decl) {
  ValueKind kind = lower_value_kind(decl->type);
  return (kind != VK_MONEY && kind != VK_COUNT) ||
         decl->signed_span.end > decl->signed_span.begin;
}

static void describe_input(IrProgram *prog, IrInput *in, const Input *decl) {
  in->kind = lower_value_kind(decl->type);
  in->may_be_negative = decl_may_be_negative(decl);
  in->label = decl->label.text ? arena_strdup(&prog->arena, decl->label.text) : NULL;
  const Expr *def = decl->default_value;
  in->required = def == NULL;
  if (!def)
    return;
  if (def->kind == EX_NAME) {
    in->default_as_of = true;
    in->default_int = DATE_ABSENT;
  } else if (def->lit.type == TY_TEXT) {
    in->default_text = arena_strdup(&prog->arena, def->lit.text);
  } else {
    in->default_int = def->lit.i;
  }
}

/* The declaration of input `name` in the first of units[0..count) that has
 * one: where a conflicting later declaration's note points. */
static const Decl *first_declaration(Unit **units, int count, const char *name) {
  for (int p = 0; p < count; p++) {
    Symbol *sym = symtab_find(&units[p]->values, name);
    if (sym && sym->kind == SYM_INPUT && sym->decl)
      return sym->decl;
  }
  return NULL;
}

static void report_input_conflict(IrProgram *prog, Unit **units, int p, const Decl *d,
                                  int slot, Diags *diags) {
  const Input *decl = &d->as.input;
  Diag *e = diag_error(diags, d->src, decl->id.span, "input-type-conflict",
                       "the input `%s` is %s here but %s in a policy given before "
                       "this one", decl->id.name, type_name(decl->type),
                       value_kind_name(prog->inputs[slot].kind));
  diag_hint(diags, e, "policies evaluated together read one registry column: "
                      "declare `%s` with one type in both", decl->id.name);
  const Decl *first = first_declaration(units, p, decl->id.name);
  if (first)
    diag_note(diags, e, first->src, first->as.input.id.span, "first declared here");
}

static bool merge_inputs(IrProgram *prog, Unit **units, int p, Diags *diags) {
  Unit *unit = units[p];
  for (int i = 0; i < unit->inputs.len; i++) {
    Decl *d = unit->inputs.items[i];
    Input *decl = &d->as.input;
    Symbol *sym = symtab_find(&unit->values, decl->id.name);
    int slot = find_input(prog, decl->id.name);
    if (slot < 0) {
      slot = add_input(prog, decl->id.name);
      describe_input(prog, &prog->inputs[slot], decl);
    } else if (prog->inputs[slot].kind != lower_value_kind(decl->type)) {
      report_input_conflict(prog, units, p, d, slot, diags);
      return false;
    } else if (!decl_may_be_negative(decl)) {
      prog->inputs[slot].may_be_negative = false;   /* read as the strictest says */
    }
    if (sym)
      sym->slot = slot;
  }
  return true;
}

static void special_inputs(IrProgram *prog) {
  prog->id_input = find_input(prog, "id");
  if (prog->id_input < 0) {   /* every output row needs its applicant's id */
    prog->id_input = add_input(prog, "id");
    prog->inputs[prog->id_input].kind = VK_TEXT;
    prog->inputs[prog->id_input].required = true;
  }
  int date = find_input(prog, "application_date");
  if (date < 0) {   /* read whether or not a policy declares it (language.md §7) */
    date = add_input(prog, "application_date");
    IrInput *in = &prog->inputs[date];
    in->kind = VK_DATE;
    in->label = "申报日期";
    in->default_as_of = true;   /* empty: the evaluation date */
    in->default_int = DATE_ABSENT;
  }
  if (prog->inputs[date].kind == VK_DATE)
    prog->as_of_input = date;
  prog->as_of_defaults = arena_alloc(&prog->arena, sizeof(int) * (size_t)(prog->ninputs + 1));
  for (int i = 0; i < prog->ninputs; i++)
    if (prog->inputs[i].default_as_of)
      prog->as_of_defaults[prog->nas_of_defaults++] = i;
}

/* --- metadata --------------------------------------------------------------- */

static const char *copy(IrProgram *prog, const char *s) {
  return s ? arena_strdup(&prog->arena, s) : NULL;
}

static const char **copy_texts(IrProgram *prog, const PtrVec *list) {
  const char **out = arena_alloc(&prog->arena, sizeof(char *) * (size_t)(list->len + 1));
  for (int i = 0; i < list->len; i++)
    out[i] = copy(prog, ((StrLit *)list->items[i])->text);
  return out;
}

/* A ladder's subject and tiers as written, for explain. */
static void describe_ladder(Lower *L, IrAward *ir, const Amount *a, Source *src) {
  IrProgram *prog = L->prog;
  ir->subject_text = lower_text(L, src, a->expr->span);
  ir->subject_kind = lower_value_kind(a->expr->type);
  ir->topup_text = a->topup ? lower_text(L, src, a->topup->span) : NULL;
  ir->ntiers = a->tiers.len;
  ir->tiers = arena_alloc(&prog->arena, sizeof(char *) * (size_t)(a->tiers.len + 1));
  for (int i = 0; i < a->tiers.len; i++) {
    const Tier *t = a->tiers.items[i];
    const char *threshold = lower_text(L, src, t->threshold->span);
    const char *value = lower_text(L, src, t->value->span);
    size_t size = strlen(threshold) + strlen(value) + 8;
    char *text = arena_alloc(&prog->arena, size);
    snprintf(text, size, "%s %s -> %s", t->cmp == OP_GT ? ">" : ">=", threshold, value);
    ir->tiers[i] = text;
  }
}

static void describe_awards(Lower *L, IrRule *ir, const Rule *r, Source *src) {
  ir->nawards = r->awards.len;
  ir->awards = arena_alloc(&L->prog->arena, sizeof(IrAward) * (size_t)r->awards.len);
  for (int i = 0; i < r->awards.len; i++) {
    const Award *w = r->awards.items[i];
    ir->awards[i].text = lower_text(L, src, w->span);
    ir->awards[i].when_text = w->when ? lower_text(L, src, w->when->span) : NULL;
    ir->awards[i].is_range = w->amount.kind == AM_RANGE;
    if (w->when)
      ir->awards[i].nwhen_inputs = lower_inputs_of(L, w->when, &ir->awards[i].when_inputs);
    if (w->amount.kind == AM_LADDER)
      describe_ladder(L, &ir->awards[i], &w->amount, src);
  }
}

static void describe_rule(Lower *L, IrRule *ir, const Decl *d) {
  IrProgram *prog = L->prog;
  const Rule *r = &d->as.rule;
  const IrPolicy *p = &prog->policies[L->policy];
  ir->policy = L->policy;
  ir->id = copy(prog, r->id.name);
  ir->qualified = arena_printf(&prog->arena, "%s.%s", p->id, r->id.name);
  ir->citation = copy(prog, r->citation.text);
  ir->kind = copy(prog, r->kind.name);
  ir->group = copy(prog, r->group.name);
  ir->per_year = r->is_per_year;
  ir->years = r->for_years ? (int)r->for_years->lit.i : 1;
  ir->npaid = r->paid.len;
  ir->paid = arena_alloc(&prog->arena, sizeof(int64_t) * (size_t)(r->paid.len + 1));
  for (int i = 0; i < r->paid.len; i++)
    ir->paid[i] = ((Expr *)r->paid.items[i])->lit.i;
  ir->paid_over = r->paid_over ? (int)r->paid_over->lit.i : 0;
  ir->discretionary = r->discretionary;
  ir->external = r->external;
  ir->nobligations = r->obligations.len;
  ir->obligations = copy_texts(prog, &r->obligations);
  ir->nnotes = r->notes.len;
  ir->notes = copy_texts(prog, &r->notes);
  ir->narticles = r->articles.len;
  ir->articles = copy_texts(prog, &r->articles);
  ir->span = d->span;
  ir->src = lower_source(L, d->src);
  ir->file = copy(prog, d->src->path);
  int col;
  source_position(&prog->arena, d->src, d->span.begin, &ir->line, &col);
  describe_awards(L, ir, r, d->src);
}

static void describe_policy(Lower *L, IrPolicy *p, Unit *unit) {
  IrProgram *prog = L->prog;
  Policy *pol = &unit->policy->as.policy;
  p->id = copy(prog, pol->id.name);
  p->title = copy(prog, pol->title.text);
  p->document = copy(prog, pol->document);
  p->issuer = copy(prog, pol->issuer);
  p->family = copy(prog, pol->family);
  p->file = copy(prog, unit->main->src->path);
  p->has_effective = pol->has_effective;
  p->has_end = pol->has_end;
  p->effective_from = pol->effective_from;
  p->effective_to = pol->effective_to;
  p->neligibles = unit->eligibles.len;
  p->eligibles = arena_alloc(&prog->arena, sizeof(IrEligible) * (size_t)(p->neligibles + 1));
  for (int i = 0; i < unit->eligibles.len; i++) {
    Decl *d = unit->eligibles.items[i];
    p->eligibles[i].article = copy(prog, d->as.eligible.article.text);
    p->eligibles[i].text = lower_text(L, d->src, d->as.eligible.cond->span);
    p->eligibles[i].ninputs = lower_inputs_of(L, d->as.eligible.cond, &p->eligibles[i].inputs);
  }
  p->narticles = unit->article_decls.len;
  p->articles = arena_alloc(&prog->arena, sizeof(IrArticle) * (size_t)(p->narticles + 1));
  for (int i = 0; i < p->narticles; i++) {
    const ArticleDecl *a = &((Decl *)unit->article_decls.items[i])->as.article;
    p->articles[i] = (IrArticle){copy(prog, a->citation.text), copy(prog, a->text.text),
                                 copy(prog, a->reason.text)};
  }
}

/* --- code ---------------------------------------------------------------- */

static void emit_result(Lower *L, IrOp op, int rule, int a, int b) {
  IrInst *inst = lower_emit(L, op);
  inst->rule = rule;
  inst->a = a;
  inst->b = b;
}

/* Every rule of the policy pays 0, for `status` (detail: `detail`). */
static void zero_policy(Lower *L, const IrPolicy *p, IrStatus status, int detail) {
  int zero = lower_const(L, IRT_I64, 0), none = lower_const(L, IRT_I64, -1);
  int st = lower_const(L, IRT_I64, status), det = lower_const(L, IRT_I64, detail);
  for (int r = p->first_rule; r < p->first_rule + p->nrules; r++) {
    emit_result(L, IR_SETAMT, r, zero, -1);
    emit_result(L, IR_SETLOW, r, none, -1);
    emit_result(L, IR_SETST, r, st, det);
  }
}

/* as_of within the effective window, else all rules "not in force". */
static void lower_window(Lower *L, const IrPolicy *p, int next) {
  if (!p->has_effective)
    return;
  IrProgram *prog = L->prog;
  int in_force = ir_new_block(prog), out = ir_new_block(prog);
  int as_of = lower_op(L, IR_ASOF, IRT_I64, -1, -1, 0);
  int started = lower_op(L, IR_GE, IRT_I64, as_of,
                         lower_const(L, IRT_I64, p->effective_from), 0);
  if (p->has_end) {
    int check_end = ir_new_block(prog);
    lower_br(L, started, check_end, out);
    ir_start_block(prog, check_end);
    int open = lower_op(L, IR_LE, IRT_I64, as_of,
                        lower_const(L, IRT_I64, p->effective_to), 0);
    lower_br(L, open, in_force, out);
  } else {
    lower_br(L, started, in_force, out);
  }
  ir_start_block(prog, out);
  zero_policy(L, p, ST_NOT_IN_FORCE, 0);
  lower_jmp(L, next);
  ir_start_block(prog, in_force);
}

/* Each `eligible` condition in turn; the first that fails zeroes every rule
 * with its index as the detail.  Its clauses are traced under the policy's
 * first rule (L->rule), where explain looks for them. */
static void lower_eligibility(Lower *L, IrPolicy *p, int next) {
  for (int i = 0; i < L->unit->eligibles.len; i++) {
    Decl *d = L->unit->eligibles.items[i];
    IrEligible *e = &p->eligibles[i];
    lower_at(L, d->src, d->span);
    int ok = ir_new_block(L->prog), fail = ir_new_block(L->prog);
    ClauseSink sink = {&e->clauses, &e->nclauses, TR_ELIGIBLE_CLAUSE, i};
    lower_br(L, lower_condition(L, d->as.eligible.cond, &sink, -1), ok, fail);
    ir_start_block(L->prog, fail);
    zero_policy(L, p, ST_NOT_ELIGIBLE, i);
    lower_jmp(L, next);
    ir_start_block(L->prog, ok);
  }
}

/* The `effective` clause, where the window comes from. */
static Span window_span(const Decl *policy) {
  const PtrVec *metas = &policy->as.policy.metas;
  for (int i = 0; i < metas->len; i++)
    if (((const Meta *)metas->items[i])->kind == META_EFFECTIVE)
      return ((const Meta *)metas->items[i])->span;
  return policy->span;
}

static void lower_policy(Lower *L) {
  IrPolicy *p = &L->prog->policies[L->policy];
  int next = ir_new_block(L->prog);
  lower_at(L, L->unit->policy->src, window_span(L->unit->policy));
  L->rule = p->nrules ? p->first_rule : -1;   /* errors in eligibility */
  lower_window(L, p, next);
  lower_eligibility(L, p, next);
  for (int i = 0; i < L->unit->rule_decls.len; i++)
    lower_rule(L, L->unit->rule_decls.items[i], p->first_rule + i);
  lower_jmp(L, next);
  ir_start_block(L->prog, next);
}

/* --- groups and stacking ------------------------------------------------------ */

/* Rule r is being computed: its instructions are at the rule's line. */
static void at_rule(Lower *L, int r) {
  const IrRule *rule = &L->prog->rules[r];
  L->rule = r;
  L->source = rule->src;
  L->span = rule->span;
  L->line = rule->line;
}

/* Zeroes rule r, reporting `status` with the winner in register `winner`,
 * when r is not the winner and was paid something. */
static void zero_loser(Lower *L, int r, int winner, IrStatus status) {
  IrProgram *prog = L->prog;
  int check = ir_new_block(prog), lose = ir_new_block(prog), done = ir_new_block(prog);
  at_rule(L, r);
  int other = lower_op(L, IR_NE, IRT_I64, winner, lower_const(L, IRT_I64, r), 0);
  lower_br(L, other, check, done);
  ir_start_block(prog, check);
  int amount = lower_op(L, IR_GETAMT, IRT_I64, -1, -1, 0);
  prog->code[prog->ncode - 1].rule = r;
  lower_br(L, lower_op(L, IR_GT, IRT_I64, amount, lower_const(L, IRT_I64, 0), 0),
           lose, done);
  ir_start_block(prog, lose);
  emit_result(L, IR_SETAMT, r, lower_const(L, IRT_I64, 0), -1);
  emit_result(L, IR_SETLOW, r, lower_const(L, IRT_I64, -1), -1);
  emit_result(L, IR_SETST, r, lower_const(L, IRT_I64, status), winner);
  lower_jmp(L, done);
  ir_start_block(prog, done);
}

static int get_amount(Lower *L, int r) {
  at_rule(L, r);
  int d = lower_op(L, IR_GETAMT, IRT_I64, -1, -1, 0);
  L->prog->code[L->prog->ncode - 1].rule = r;
  return d;
}

/* The largest of rules[0..n) (ties: the first): its rule index in a
 * register, and its amount in *best. */
static int largest(Lower *L, const int *rules, int n, int *best) {
  *best = get_amount(L, rules[0]);
  int winner = lower_const(L, IRT_I64, rules[0]);
  for (int i = 1; i < n; i++) {
    int amount = get_amount(L, rules[i]);
    int larger = lower_op(L, IR_GT, IRT_I64, amount, *best, 0);
    *best = lower_select(L, larger, amount, *best);
    winner = lower_select(L, larger, lower_const(L, IRT_I64, rules[i]), winner);
  }
  return winner;
}

static bool same(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* `group g`: inside one policy, only the largest award of the group. */
static void lower_groups(Lower *L) {
  IrProgram *prog = L->prog;
  int *members = arena_alloc(&prog->arena, sizeof(int) * (size_t)(prog->nrules + 1));
  for (int r = 0; r < prog->nrules; r++) {
    const IrRule *rule = &prog->rules[r];
    bool first = rule->group != NULL;
    for (int q = 0; q < r && first; q++)
      first = !(prog->rules[q].policy == rule->policy && same(prog->rules[q].group, rule->group));
    if (!first)
      continue;
    int n = 0;
    for (int q = r; q < prog->nrules; q++)
      if (prog->rules[q].policy == rule->policy && same(prog->rules[q].group, rule->group))
        members[n++] = q;
    if (n < 2)
      continue;
    int best;
    int winner = largest(L, members, n, &best);
    for (int i = 0; i < n; i++)
      zero_loser(L, members[i], winner, ST_GROUP_LOST);
  }
}

/* One kind within one family: the policy paying most for it keeps its
 * rules of that kind; the others' are superseded (ties: the policy given
 * first).  Returns false when fewer than two policies have the kind. */
static void stack_kind(Lower *L, const char *family, const char *kind) {
  IrProgram *prog = L->prog;
  int npol = 0;
  int *pol = arena_alloc(&prog->arena, sizeof(int) * (size_t)(prog->npolicies + 1));
  int *sums = arena_alloc(&prog->arena, sizeof(int) * (size_t)(prog->npolicies + 1));
  int *tops = arena_alloc(&prog->arena, sizeof(int) * (size_t)(prog->npolicies + 1));
  int *members = arena_alloc(&prog->arena, sizeof(int) * (size_t)(prog->nrules + 1));
  for (int p = 0; p < prog->npolicies; p++) {
    if (!same(prog->policies[p].family, family))
      continue;
    int n = 0;
    for (int r = 0; r < prog->nrules; r++)
      if (prog->rules[r].policy == p && same(prog->rules[r].kind, kind))
        members[n++] = r;
    if (n == 0)
      continue;
    int best;
    tops[npol] = largest(L, members, n, &best);
    int sum = get_amount(L, members[0]);
    for (int i = 1; i < n; i++)
      sum = lower_op(L, IR_ADD, IRT_I64, sum, get_amount(L, members[i]), 0);
    sums[npol] = sum;
    pol[npol++] = p;
  }
  if (npol < 2)
    return;
  int best = sums[0], winner = lower_const(L, IRT_I64, pol[0]), top = tops[0];
  for (int i = 1; i < npol; i++) {
    int larger = lower_op(L, IR_GT, IRT_I64, sums[i], best, 0);
    best = lower_select(L, larger, sums[i], best);
    winner = lower_select(L, larger, lower_const(L, IRT_I64, pol[i]), winner);
    top = lower_select(L, larger, tops[i], top);
  }
  for (int r = 0; r < prog->nrules; r++) {
    if (!same(prog->rules[r].kind, kind) || !same(prog->policies[prog->rules[r].policy].family, family))
      continue;
    /* a rule of the winning policy is the winner's, not superseded */
    int mine = lower_op(L, IR_EQ, IRT_I64, winner,
                        lower_const(L, IRT_I64, prog->rules[r].policy), 0);
    int self = lower_select(L, mine, lower_const(L, IRT_I64, r), top);
    zero_loser(L, r, self, ST_STACK_LOST);
  }
}

static void lower_stacking(Lower *L) {
  IrProgram *prog = L->prog;
  for (int r = 0; r < prog->nrules; r++) {
    const IrRule *rule = &prog->rules[r];
    const char *family = prog->policies[rule->policy].family;
    if (!rule->kind || !family)
      continue;
    bool first = true;   /* each (family, kind) once */
    for (int q = 0; q < r && first; q++)
      first = !(same(prog->rules[q].kind, rule->kind) &&
                same(prog->policies[prog->rules[q].policy].family, family));
    if (first)
      stack_kind(L, family, rule->kind);
  }
}

static void lower_total(Lower *L) {
  L->rule = -1;
  L->source = -1;   /* the total comes from no line of any file */
  L->span = (Span){0, 0};
  L->line = 0;
  int total = lower_const(L, IRT_I64, 0);
  for (int r = 0; r < L->prog->nrules; r++) {
    int amount = lower_op(L, IR_GETAMT, IRT_I64, -1, -1, 0);
    L->prog->code[L->prog->ncode - 1].rule = r;   /* reads rule r; cannot fail */
    /* an overflow of the sum is the total's, not rule r's (L->rule is -1) */
    total = lower_op(L, IR_ADD, IRT_I64, total, amount, 0);
  }
  emit_result(L, IR_SETTOTAL, -1, total, -1);
  lower_emit(L, IR_RET);
}

/* --- the program -------------------------------------------------------------- */

static bool distinct_policies(Unit **units, int count, Diags *diags) {
  for (int i = 0; i < count; i++)
    for (int j = 0; j < i; j++) {
      const Policy *later = &units[i]->policy->as.policy;
      const Policy *first = &units[j]->policy->as.policy;
      if (strcmp(later->id.name, first->id.name) != 0)
        continue;
      Diag *e = diag_error(diags, units[i]->policy->src, later->id.span,
                           "policy-given-twice", "the policy `%s` is given twice",
                           later->id.name);
      diag_hint(diags, e, "give each policy once; two different policies need "
                          "different ids");
      diag_note(diags, e, units[j]->policy->src, first->id.span, "first given here");
      return false;
    }
  return true;
}

static void describe_all(Lower *L, Unit **units, int count) {
  IrProgram *prog = L->prog;
  prog->npolicies = count;
  prog->policies = arena_alloc(&prog->arena, sizeof(IrPolicy) * (size_t)count);
  for (int p = 0; p < count; p++)
    prog->nrules += units[p]->rule_decls.len;
  prog->rules = arena_alloc(&prog->arena, sizeof(IrRule) * (size_t)(prog->nrules + 1));
  int next_rule = 0;
  for (int p = 0; p < count; p++) {
    IrPolicy *pol = &prog->policies[p];
    L->unit = units[p];
    L->policy = p;
    describe_policy(L, pol, units[p]);
    pol->first_rule = next_rule;
    pol->nrules = units[p]->rule_decls.len;
    for (int i = 0; i < pol->nrules; i++)
      describe_rule(L, &prog->rules[next_rule++], units[p]->rule_decls.items[i]);
  }
}

IrProgram *lower_program(Unit **units, int count, bool trace, Diags *diags) {
  if (!distinct_policies(units, count, diags))
    return NULL;
  IrProgram *prog = ir_new();
  prog->traced = trace;
  for (int p = 0; p < count; p++)
    if (!merge_inputs(prog, units, p, diags)) {
      ir_free(prog);
      return NULL;
    }
  special_inputs(prog);
  for (int p = 0; p < count; p++)   /* a test may give it undeclared */
    if (units[p]->application_date)
      units[p]->application_date->slot = prog->as_of_input;
  Lower L = {.prog = prog, .rule = -1, .source = -1};
  describe_all(&L, units, count);
  lower_describe_indicators(&L, units, count);
  ir_start_block(prog, ir_new_block(prog));
  for (int p = 0; p < count; p++) {
    L.unit = units[p];
    L.policy = p;
    lower_policy(&L);
  }
  lower_indicators(&L, units, count);
  lower_groups(&L);
  lower_stacking(&L);
  lower_total(&L);
  return prog;
}
