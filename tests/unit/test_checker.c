/*
 * test_checker.c - names, types and the spec's semantic rules
 * (compiler/resolve.c, types.c, types_decls.c, checks.c).
 *
 * Each case is the body of a policy that imports enterprise; it must produce
 * exactly `count` diagnostics with `code`, and no other error.
 */
#include <string.h>

#include "support.h"

#define HEADER "policy p \"t\"\nimport enterprise\n"

typedef struct Case {
  const char *name;
  const char *body;
  const char *code;
  int count;
} Case;

static const Case cases[] = {
    {"money vs number", "rule r \"1\" award 1万 when paid_in_capital >= 2000", "type-mismatch", 1},
    {"percent vs fraction", "rule r \"1\" award 1万 when rd_ratio >= 0.05", "type-mismatch", 1},
    {"award must be money", "rule r \"1\" award 5%", "type-mismatch", 1},
    {"condition must be bool", "rule r \"1\" award 1万 when paid_in_capital", "type-mismatch", 1},
    {"eligible must be bool", "eligible \"一\" when district", "type-mismatch", 1},
    {"cap must be money", "rule r \"1\" award 5% of paid_in_capital cap 5", "type-mismatch", 1},
    {"topup takes money", "rule r \"1\" award ladder annual_revenue topup rd_ratio { > 1亿 -> 1万 }", "type-mismatch", 1},
    {"money times money", "let x = paid_in_capital * annual_revenue", "type-mismatch", 1},
    {"text ordering", "let x = district < \"b\"", "type-mismatch", 1},
    {"and takes bool", "let x = newly_settled and 1", "type-mismatch", 1},
    {"unknown name", "rule r \"1\" award 1万 when paid_in_capitl > 0", "unknown-name", 1},
    {"unknown function", "let x = sqrt(paid_in_capital)", "unknown-function", 1},
    {"min arity", "let x = min(paid_in_capital)", "bad-call", 1},
    {"unknown kind", "rule r \"1\" kind setlement award 1万", "unknown-kind", 1},
    {"unknown type", "input x: dollars \"x\"", "unknown-type", 1},
    {"default of wrong type", "input x: money \"x\" default 5%", "type-mismatch", 1},
    {"duplicate rule", "rule r \"1\" award 1万\nrule r \"2\" award 2万", "duplicate-name", 1},
    {"duplicate input", "input paid_in_capital: money \"x\"", "duplicate-name", 1},
    {"let cycle", "let a = b + 1万\nlet b = a", "let-cycle", 1},
    {"self cycle", "let a = a", "let-cycle", 1},
    {"ladder not ascending", "rule r \"1\" award ladder annual_revenue { > 2亿 -> 1万 > 1亿 -> 2万 }", "ladder-order", 1},
    {"ladder equal thresholds", "rule r \"1\" award ladder annual_revenue { > 2亿 -> 1万 >= 2亿 -> 2万 }", "ladder-order", 1},
    {"ladder threshold not fixed", "rule r \"1\" award ladder annual_revenue { > paid_in_capital -> 1万 }", "ladder-threshold", 1},
    {"brackets from 0", "rule r \"1\" award brackets telecom_fees { 10万 -> 10% }", "bracket-start", 1},
    {"brackets ascending", "rule r \"1\" award brackets telecom_fees { 0 -> 10% 30万 -> 20% 20万 -> 5% }", "bracket-order", 1},
    {"paid shares sum", "rule r \"1\" paid 40% 30% award 1万", "bad-schedule", 1},
    {"for needs per year", "rule r \"1\" for 3 years award 1万", "for-without-per-year", 1},
    {"for zero years", "rule r \"1\" per year for 0 years award 1万", "bad-years", 1},
    {"per year and paid", "rule r \"1\" per year paid 50% 50% award 1万", "schedule-conflict", 1},
    {"range reversed", "rule r \"1\" award 30% to 10% of paid_in_capital", "bad-range", 1},
    {"expect unknown rule", "rule r \"1\" award 1万\ntest \"t\" { expect q = 1万 }", "unknown-rule", 1},
    {"expect not money", "rule r \"1\" award 1万\ntest \"t\" { expect r = 5% }", "type-mismatch", 1},
    {"given unknown", "test \"t\" { given paid_in_captal = 1万 }", "unknown-name", 1},
    {"given wrong type", "test \"t\" { given paid_in_capital = 3000 }", "type-mismatch", 1},
    {"given a let", "let x = 1万\ntest \"t\" { given x = 1万 }", "unknown-name", 1},
    {"given twice", "test \"t\" { given district = \"a\", district = \"b\" }", "duplicate-name", 1},
    {"total as rule id", "rule total \"1\" award 1万", "reserved-name", 1},
    {"rule in expression", "rule r \"1\" award 1万\nlet x = r", "unknown-name", 1},
    {"effective reversed", "", NULL, 0},
    {"second policy", "policy q \"x\"", "duplicate-policy", 1},
    {"division by zero", "let x = paid_in_capital / 0", "division-by-zero", 1},
    {"indicator aggregate", "indicator n = median(paid_in_capital)", "unknown-function", 1},
    {"indicator count bool", "indicator n = count(paid_in_capital)", "type-mismatch", 1},
    {"missing citation warns", "rule r award 1万", "no-citation", 1},
    {"unknown import", "import nothing_here", "import-not-found", 1},
};

static int errors_other_than(const Diags *diags, const char *code) {
  int n = 0;
  for (int i = 0; i < diags->items.len; i++) {
    const Diag *d = diags->items.items[i];
    if (d->severity == SEV_ERROR && (!code || strcmp(d->code, code) != 0))
      n++;
  }
  return n;
}

static void test_cases(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const Case *c = &cases[i];
    char text[1024];
    snprintf(text, sizeof text, HEADER "%s\n", c->body);
    Unit *u = compile_text(text);
    int got = c->code ? count_code(&u->diags, c->code) : 0;
    int others = errors_other_than(&u->diags, c->code);
    if (got != c->count || others != 0)
      fail_msg("case '%s': %d × %s (want %d), %d other errors; first: %s", c->name,
               got, c->code ? c->code : "-", c->count, others, first_error(&u->diags));
    unit_free(u);
  }
}

static void test_effective_window(void **state) {
  (void)state;
  Unit *u = compile_text("policy p \"t\" effective 2023-01-01 to 2022-12-31\n");
  assert_int_equal(count_code(&u->diags, "bad-effective"), 1);
  unit_free(u);
  u = compile_text("policy p \"t\" effective 2023-01-01 to 2023-01-01 family f\n");
  assert_int_equal(u->diags.errors, 0);
  Policy *p = &u->policy->as.policy;
  assert_true(p->has_end);
  assert_int_equal(p->effective_from, p->effective_to);
  assert_string_equal(p->family, "f");
  unit_free(u);
}

static void test_structure(void **state) {
  (void)state;
  Unit *u = compile_text("import enterprise\npolicy p \"t\"\n");
  assert_int_equal(count_code(&u->diags, "policy-not-first"), 1);
  unit_free(u);
  u = compile_text("input x: money \"x\"\nrule r \"1\" award 1万\n");
  assert_int_equal(count_code(&u->diags, "module-decl"), 1);
  unit_free(u);
  u = compile_text("input x: money \"x\"\nlet y = x * 2\nkind k \"k\"\n");
  assert_int_equal(u->diags.errors, 0);
  unit_free(u);
}

static void test_lets_in_any_order_and_count_widening(void **state) {
  (void)state;
  Unit *u = compile_text(HEADER
                         "let b = a * 1.5\n"
                         "let a = 3\n"
                         "rule r \"1\" award 5% of paid_in_capital * b cap 0\n"
                         "  when max(b, 2) > 1 and years_between(as_of, 2020-01-01) >= 0\n");
  assert_int_equal(u->diags.errors, 0);
  Decl *b = u->lets.items[0];
  Expr *mul = b->as.let.value;
  assert_int_equal(mul->type, TY_NUMBER);
  assert_int_equal(mul->lhs->kind, EX_CAST);   /* the count `a` widened */
  assert_int_equal(mul->lhs->type, TY_NUMBER);
  unit_free(u);
}

static void test_import_twice_is_harmless(void **state) {
  (void)state;
  Unit *u = compile_text(HEADER "import enterprise\nrule r \"1\" kind compute award 1万\n");
  assert_int_equal(u->diags.errors, 0);
  assert_int_equal(u->files.len, 2);
  unit_free(u);
}

static void test_hint_for_money_literal(void **state) {
  (void)state;
  Unit *u = compile_text(HEADER "rule r \"1\" award 1万 when paid_in_capital >= 2000\n");
  const Diag *d = find_code(&u->diags, "type-mismatch");
  assert_non_null(d);
  assert_string_equal(d->message, "cannot compare money with number");
  assert_string_equal(d->hint, "write 2000万 or 2000元");
  unit_free(u);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cases),
      cmocka_unit_test(test_effective_window),
      cmocka_unit_test(test_structure),
      cmocka_unit_test(test_lets_in_any_order_and_count_widening),
      cmocka_unit_test(test_import_twice_is_harmless),
      cmocka_unit_test(test_hint_for_money_literal),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
