/*
 * test_interp.c - the lowering and the interpreter together: every award
 * form of language.md §5-§7, the rounding rule, checked arithmetic,
 * groups and stacking.  Each case compiles a small policy and evaluates
 * one applicant given as name=value pairs, with the interpreter and with
 * native code, which must agree on every field.
 */
#include <string.h>

#include "runtime/engines/jit.h"
#include "compiler/lower.h"
#include "runtime/exec/cells.h"
#include "runtime/base/date.h"
#include "runtime/exec/evaluate.h"
#include "runtime/engines/interp.h"
#include "runtime/exec/row.h"
#include "support.h"

typedef struct Eval {
  Unit *units[4];
  int nunits;
  IrProgram *prog;
  JitCode *code;
  RowBuffers row;      /* the last run's applicant and outcome */
  RowOutcome out;      /* row.outcome, once run */
  RuleOutcome *rules;  /* out.rules */
} Eval;

/* Inputs every case may use, declared once. */
#define INPUTS                                                              \
  "input id: text \"id\"\n"                                                 \
  "input a: money \"a\" default 0\n"                                        \
  "input b: money \"b\" default 0\n"                                        \
  "input n: number \"n\" default 0\n"                                       \
  "input c: count \"c\" default 0\n"                                        \
  "input p: percent \"p\" default 0%\n"                                     \
  "input f: bool \"f\" default false\n"                                     \
  "input d: date \"d\" default 2024-01-01\n"                                \
  "input t: text \"t\" default \"\"\n"

static void add_policy(Eval *e, const char *body) {
  char text[4096];
  snprintf(text, sizeof text, "%s\n%s", body, INPUTS);
  Unit *u = compile_text(text);
  if (u->diags.errors)
    fail_msg("policy does not compile: %s\n%s", first_error(&u->diags), text);
  e->units[e->nunits++] = u;
}

/* Every case runs through native code too: the outcome must be the same
 * in every field (the engines agree bit for bit). */
static void same_from_native_code(Eval *e, const int64_t *ints, const TextRef *texts,
                                  int32_t as_of) {
  if (!e->code) {
    JitOptions o = {.opt_level = 0, .use_cache = false};
    Diags *diags = &e->units[0]->diags;
    e->code = jit_load(e->prog, &o, diags);
    if (!e->code)
      fail_msg("native code: %s", diags_first_error(diags)->message);
  }
  RowBuffers native;
  row_buffers_init(&native, e->prog);
  RowOutcome *out = &native.outcome, *want = &e->row.outcome;
  /* anything not written shows */
  memset(out->rules, 0x5a, sizeof(RuleOutcome) * (size_t)out->nrules);
  memset(out->indicators, 0x5a, sizeof(IndicatorOutcome) * (size_t)out->nindicators);
  jit_function(e->code)(ints, texts, as_of, out);
  assert_int_equal(out->error, want->error);
  assert_int_equal(out->error_rule, want->error_rule);
  if (want->error == ROW_OK) {
    assert_int_equal(out->total, want->total);
    for (int r = 0; r < e->prog->nrules; r++) {
      assert_int_equal(out->rules[r].amount, want->rules[r].amount);
      assert_int_equal(out->rules[r].lower, want->rules[r].lower);
      assert_int_equal(out->rules[r].status, want->rules[r].status);
      assert_int_equal(out->rules[r].detail, want->rules[r].detail);
    }
    for (int i = 0; i < e->prog->nindicators; i++) {
      assert_int_equal(out->indicators[i].value, want->indicators[i].value);
      assert_int_equal(out->indicators[i].included, want->indicators[i].included);
    }
  }
  row_buffers_free(&native);
}

/* Sets the inputs from "a=3000万,p=5%,..." and runs the program. */
static void run(Eval *e, const char *given, const char *as_of) {
  if (!e->prog)
    e->prog = lower_program(e->units, e->nunits, false, &e->units[0]->diags);
  assert_non_null(e->prog);
  Diags diags;
  diags_init(&diags, &e->prog->arena);
  assert_true(ir_verify(e->prog, &diags));
  IrProgram *prog = e->prog;
  row_buffers_free(&e->row);
  row_buffers_init(&e->row, prog);
  int64_t *ints = e->row.ints;
  TextRef *texts = e->row.texts;
  char buf[512];
  snprintf(buf, sizeof buf, "%s", given);
  for (char *save = NULL, *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
    char *eq = strchr(kv, '=');
    *eq = '\0';
    int slot = -1;
    for (int i = 0; i < prog->ninputs; i++)
      if (strcmp(prog->inputs[i].name, kv) == 0)
        slot = i;
    assert_true(slot >= 0);
    if (prog->inputs[slot].kind == VK_TEXT)
      texts[slot] = (TextRef){eq + 1, (int64_t)strlen(eq + 1)};   /* buf outlives the run */
    else
      assert_true(cell_parse(prog->inputs[slot].kind, eq + 1, strlen(eq + 1), &ints[slot]));
  }
  int32_t day;
  assert_true(date_parse(as_of, strlen(as_of), &day));
  Interp *in = interp_new(prog);
  int32_t when = evaluate_prepare_row(prog, ints, day);
  interp_run(in, ints, texts, when, &e->row.outcome);
  e->out = e->row.outcome;
  e->rules = e->out.rules;
  interp_free(in);
  same_from_native_code(e, ints, texts, when);
}

static void release(Eval *e) {
  row_buffers_free(&e->row);
  jit_unload(e->code);
  ir_free(e->prog);
  for (int i = 0; i < e->nunits; i++)
    unit_free(e->units[i]);
  memset(e, 0, sizeof *e);
}

/* One rule `r` in a policy; returns its amount in fen for `given`. */
static int64_t amount_of(const char *rule, const char *given) {
  Eval e = {0};
  char body[2048];
  snprintf(body, sizeof body, "policy x \"x\"\n%s", rule);
  add_policy(&e, body);
  run(&e, given, "2024-06-01");
  assert_int_equal(e.out.error, ROW_OK);
  int64_t v = e.rules[0].amount;
  release(&e);
  return v;
}

static void test_rounding_half_away_from_zero(void **state) {
  (void)state;
  /* 5% of 3,333.33 = 166.6665 → 166.67 (language.md §3) */
  assert_int_equal(amount_of("rule r \"1\" award 5% of a", "a=3333.33"), 16667);
  /* 0.5% of 1.00 = 0.005 → 0.01, and 0.4% of 1.00 = 0.004 → 0.00 */
  assert_int_equal(amount_of("rule r \"1\" award 0.5% of a", "a=1"), 1);
  assert_int_equal(amount_of("rule r \"1\" award 0.4% of a", "a=1"), 0);
  /* negative: -0.005 → -0.01, paid as 0 with its reason */
  Eval e = {0};
  add_policy(&e, "policy x \"x\"\nrule r \"1\" award 0.5% of a - b\n"
                 "rule s \"2\" award a * 1.5\n");
  run(&e, "a=1,b=2", "2024-06-01");
  assert_int_equal(e.rules[0].amount, 0);
  assert_int_equal(e.rules[0].status, ST_NEGATIVE);
  assert_int_equal(e.rules[1].amount, 150);
  release(&e);
  /* rounded once: (0.01 × 50%) × 3 = 0.015 → 0.02, not 0.01 × 3 = 0.03 */
  assert_int_equal(amount_of("rule r \"1\" award 50% of a * 3", "a=0.01"), 2);
  /* exact intermediate: 1/3 of 100 then × 3 = 100.00 */
  assert_int_equal(amount_of("rule r \"1\" award a / 3 * 3", "a=100"), 10000);
}

static void test_overflow_is_an_error(void **state) {
  (void)state;
  Eval e = {0};
  add_policy(&e, "policy x \"x\"\nrule big \"1\" award a * 2\n");
  run(&e, "a=50000000000000000", "2024-06-01");   /* 5×10^16 元 × 2 > 9.2×10^16 */
  assert_int_equal(e.out.error, ROW_OVERFLOW);
  assert_int_equal(e.out.error_rule, 0);
  release(&e);
  add_policy(&e, "policy x \"x\"\nrule ok \"1\" award a * 1\n");
  run(&e, "a=92233720368547758.07", "2024-06-01");   /* INT64_MAX fen exactly */
  assert_int_equal(e.out.error, ROW_OK);
  assert_int_equal(e.rules[0].amount, INT64_MAX);
  release(&e);
  add_policy(&e, "policy x \"x\"\nrule r \"1\" award a\nrule s \"2\" award b\n");
  run(&e, "a=92233720368547758.07,b=0.01", "2024-06-01");   /* the total overflows */
  assert_int_equal(e.out.error, ROW_OVERFLOW);
  release(&e);
  add_policy(&e, "policy x \"x\"\nrule r \"1\" award a / n\n");
  run(&e, "a=100,n=0", "2024-06-01");
  assert_int_equal(e.out.error, ROW_DIV_ZERO);
  release(&e);
  /* found by tests/diff (seed 7): a quotient too large for a number is an
   * error, never a row cut short without one */
  add_policy(&e, "policy x \"x\"\nrule r \"1\" award 1元 when 0.5 >= a / b\n"
                 "rule s \"2\" award 2元\n");
  run(&e, "a=92233720368547758.07,b=0.01", "2024-06-01");
  assert_int_equal(e.out.error, ROW_OVERFLOW);
  assert_int_equal(e.out.error_rule, 0);
  release(&e);
}

static void test_percent_precision(void **state) {
  (void)state;
  /* 0.0001% of 1亿 = 100.00 exactly */
  assert_int_equal(amount_of("rule r \"1\" award 0.0001% of a", "a=1亿"), 10000);
  /* a rate of rates: 12.5% × 12.5% = 1.5625% */
  assert_int_equal(amount_of("rule r \"1\" award a * (p * p)", "a=1万,p=12.5%"), 15625);
}

static void test_cap_when_and_several_awards(void **state) {
  (void)state;
  const char *rule = "rule r \"1\"\n"
                     "  award 300万 when f\n"
                     "  award 200万 when a >= 1亿\n"
                     "  award 5% of a cap 150万\n";
  assert_int_equal(amount_of(rule, "f=true,a=2亿"), 300000000);
  assert_int_equal(amount_of(rule, "f=false,a=2亿"), 200000000);
  assert_int_equal(amount_of(rule, "f=false,a=2000万"), 100000000);   /* 5% = 100万 */
  assert_int_equal(amount_of(rule, "f=false,a=9000万"), 150000000);   /* cap */
  Eval e = {0};
  add_policy(&e, "policy x \"x\"\nrule r \"1\" award 1万 when f and a > 0\n");
  run(&e, "f=false", "2024-06-01");
  assert_int_equal(e.rules[0].amount, 0);
  assert_int_equal(e.rules[0].status, ST_NO_AWARD);
  release(&e);
}

static void test_range(void **state) {
  (void)state;
  Eval e = {0};
  add_policy(&e, "policy x \"x\"\nrule r \"1\" award 10% to 30% of a cap 50万\n");
  run(&e, "a=100万", "2024-06-01");
  assert_int_equal(e.rules[0].amount, 30000000);   /* the ceiling: 30% */
  assert_int_equal(e.rules[0].lower, 10000000);    /* reported beside it */
  run(&e, "a=1000万", "2024-06-01");
  assert_int_equal(e.rules[0].amount, 50000000);   /* capped */
  assert_int_equal(e.rules[0].lower, 50000000);    /* the cap bounds both */
  release(&e);
}

static void test_ladder_and_topup(void **state) {
  (void)state;
  const char *rule = "rule r \"1\" award ladder a topup b {\n"
                     "  > 2亿 -> 100万\n  >= 10亿 -> 300万\n  > 30亿 -> 500万 }\n";
  assert_int_equal(amount_of(rule, "a=2亿"), 0);                 /* > 2亿 is strict */
  assert_int_equal(amount_of(rule, "a=200000000.01"), 100000000);
  assert_int_equal(amount_of(rule, "a=10亿"), 300000000);        /* >= 10亿 holds */
  assert_int_equal(amount_of(rule, "a=31亿"), 500000000);
  assert_int_equal(amount_of(rule, "a=12亿,b=100万"), 200000000); /* 晋级补差 */
  Eval e = {0};
  add_policy(&e, "policy x \"x\"\n");
  release(&e);
  add_policy(&e, "policy x \"x\"\nrule r \"1\" award ladder a topup b { > 1亿 -> 100万 }\n");
  run(&e, "a=2亿,b=100万", "2024-06-01");
  assert_int_equal(e.rules[0].amount, 0);
  assert_int_equal(e.rules[0].status, ST_TOPUP_COVERED);
  run(&e, "a=1亿", "2024-06-01");
  assert_int_equal(e.rules[0].status, ST_BELOW_LADDER);
  release(&e);
}

static void test_brackets(void **state) {
  (void)state;
  const char *rule = "rule r \"1\" award brackets a { 0 -> 10%  30万 -> 50% } cap 100万\n";
  assert_int_equal(amount_of(rule, "a=20万"), 2000000);          /* 10% of 20万 */
  assert_int_equal(amount_of(rule, "a=30万"), 3000000);
  assert_int_equal(amount_of(rule, "a=50万"), 13000000);         /* 3万 + 50% of 20万 */
  assert_int_equal(amount_of(rule, "a=500万"), 100000000);       /* capped */
  /* parts summed exactly, then rounded once: 0.05 × 10% = 0.005 → 0.01 */
  assert_int_equal(amount_of("rule r \"1\" award brackets a { 0 -> 10% 1元 -> 10% }", "a=0.05"), 1);
}

static void test_years_and_schedules(void **state) {
  (void)state;
  assert_int_equal(amount_of("rule r \"1\" per year for 3 years award a cap 100万", "a=40万"),
                   120000000);
  assert_int_equal(amount_of("rule r \"1\" per year award a", "a=40万"), 40000000);
  assert_int_equal(amount_of("rule r \"1\" paid over 3 years award a", "a=100"), 10000);
}

static void test_window_and_eligibility(void **state) {
  (void)state;
  Eval e = {0};
  add_policy(&e, "policy x \"x\" effective 2023-01-01 to 2023-12-31\n"
                 "eligible \"第一条\" when t == \"徐汇\"\n"
                 "eligible \"第二条\" when f\n"
                 "rule r \"1\" award 1万\n");
  run(&e, "t=徐汇,f=true", "2023-12-31");
  assert_int_equal(e.rules[0].amount, 1000000);
  run(&e, "t=徐汇,f=true", "2024-01-01");
  assert_int_equal(e.rules[0].status, ST_NOT_IN_FORCE);
  run(&e, "t=徐汇,f=false", "2023-06-01");
  assert_int_equal(e.rules[0].status, ST_NOT_ELIGIBLE);
  assert_int_equal(e.rules[0].detail, 1);
  run(&e, "t=普陀,f=true", "2023-06-01");
  assert_int_equal(e.rules[0].detail, 0);
  release(&e);
}

static void test_group(void **state) {
  (void)state;
  Eval e = {0};
  add_policy(&e, "policy x \"x\"\n"
                 "rule national \"5(2)\" group pilot award 300万 when f\n"
                 "rule municipal \"5(2)\" group pilot award 200万\n"
                 "rule other \"6\" award 1万\n");
  run(&e, "f=true", "2024-06-01");
  assert_int_equal(e.rules[0].amount, 300000000);
  assert_int_equal(e.rules[1].amount, 0);
  assert_int_equal(e.rules[1].status, ST_GROUP_LOST);
  assert_int_equal(e.rules[1].detail, 0);
  assert_int_equal(e.out.total, 301000000);
  run(&e, "f=false", "2024-06-01");
  assert_int_equal(e.rules[1].amount, 200000000);
  release(&e);
}

static void test_stacking_across_a_family(void **state) {
  (void)state;
  Eval e = {0};
  add_policy(&e, "policy first \"1\" family fam\nkind compute \"c\"\nkind office \"o\"\n"
                 "rule compute \"1\" kind compute award 30% of a cap 500万\n"
                 "rule rent \"2\" kind office award 10万\n");
  add_policy(&e, "policy second \"2\" family fam\nkind compute \"c\"\nkind office \"o\"\n"
                 "rule compute \"1\" kind compute award 30% of a cap 1000万 when f\n"
                 "rule other \"2\" award 5万\n");
  run(&e, "a=5000万,f=true", "2024-06-01");   /* 500万 vs 1000万: the second wins */
  assert_int_equal(e.rules[0].amount, 0);
  assert_int_equal(e.rules[0].status, ST_STACK_LOST);
  assert_int_equal(e.rules[0].detail, 2);
  assert_int_equal(e.rules[2].amount, 1000000000);
  assert_int_equal(e.rules[1].amount, 10000000);   /* no rival of kind office */
  assert_int_equal(e.out.total, 1000000000 + 10000000 + 5000000);
  run(&e, "a=1000万,f=true", "2024-06-01");   /* a tie: the policy given first */
  assert_int_equal(e.rules[0].amount, 3000000 * 100);
  assert_int_equal(e.rules[2].amount, 0);
  assert_int_equal(e.rules[2].detail, 0);
  release(&e);
}

static void test_text_and_dates(void **state) {
  (void)state;
  assert_int_equal(amount_of("rule r \"1\" award 1万 when t == \"徐汇\"", "t=徐汇"), 1000000);
  assert_int_equal(amount_of("rule r \"1\" award 1万 when t == \"徐汇\"", "t=徐汇区"), 0);
  assert_int_equal(amount_of("rule r \"1\" award 1万 when years_between(d, as_of) >= 3",
                             "d=2021-06-01"), 1000000);
  assert_int_equal(amount_of("rule r \"1\" award 1万 when year(d) == 2021", "d=2021-06-01"),
                   1000000);
  assert_int_equal(amount_of("rule r \"1\" award if c > 2 then 2万 else 1万", "c=3"), 2000000);
  assert_int_equal(amount_of("rule r \"1\" award min(a, b, 5万)", "a=9万,b=7万"), 5000000);
}

/* issue 11: a policy with a rule and an indicator; both engines fill the
 * indicators of the outcome beside the rules. */
static void test_issue11_rule_and_indicator(void **state) {
  (void)state;
  Eval e = {0};
  add_policy(&e, "policy x \"x\"\n"
                 "rule r \"1\" award 10% of a\n"
                 "indicator n \"n\" = count(f) baseline 1 target 2\n"
                 "indicator s \"s\" = sum(a) where f baseline 0 target 1万\n");
  run(&e, "a=100万,f=true", "2024-06-01");
  assert_int_equal(e.rules[0].amount, 10000000);
  assert_int_equal(e.out.indicators[0].included, 1);
  assert_int_equal(e.out.indicators[1].value, 100000000);
  run(&e, "a=100万,f=false", "2024-06-01");
  assert_int_equal(e.out.indicators[1].included, 0);
  release(&e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rounding_half_away_from_zero),
      cmocka_unit_test(test_overflow_is_an_error),
      cmocka_unit_test(test_percent_precision),
      cmocka_unit_test(test_cap_when_and_several_awards),
      cmocka_unit_test(test_range),
      cmocka_unit_test(test_ladder_and_topup),
      cmocka_unit_test(test_brackets),
      cmocka_unit_test(test_years_and_schedules),
      cmocka_unit_test(test_window_and_eligibility),
      cmocka_unit_test(test_group),
      cmocka_unit_test(test_stacking_across_a_family),
      cmocka_unit_test(test_text_and_dates),
      cmocka_unit_test(test_issue11_rule_and_indicator),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
