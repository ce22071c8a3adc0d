/*
 * test_parser.c - the grammar (lang/parser.y): forms become the right nodes,
 * and errors are recovered from at the next top-level keyword.
 */
#include <string.h>

#include "lang/parse.h"
#include "support.h"

typedef struct Parsed {
  Arena arena;
  Diags diags;
  SourceFile *file;
} Parsed;

static Parsed *parse(const char *text) {
  Parsed *p = xcalloc(1, sizeof *p);
  arena_init(&p->arena);
  diags_init(&p->diags, &p->arena);
  p->file = parse_text(&p->arena, &p->diags, text);
  return p;
}

static void release(Parsed *p) {
  arena_free(&p->arena);
  free(p);
}

static Decl *decl(Parsed *p, int i) { return p->file->decls.items[i]; }

static void test_rule_attributes(void **state) {
  (void)state;
  Parsed *p = parse(
      "rule rent \"三（二）\" kind office group g per year for 3 years\n"
      "  discretionary external obligation \"5年内不迁离\" note \"n\"\n"
      "  award rent_cost cap 100万 when newly_settled\n"
      "rule buy \"x\" paid over 3 years award 2% of price\n"
      "rule s \"y\" paid 40% 30% 30% award 1万\n");
  assert_int_equal(p->diags.errors, 0);
  Rule *r = &decl(p, 0)->as.rule;
  assert_string_equal(r->id.name, "rent");
  assert_string_equal(r->citation.text, "三（二）");
  assert_string_equal(r->kind.name, "office");
  assert_string_equal(r->group.name, "g");
  assert_true(r->is_per_year);
  assert_int_equal(r->for_years->lit.i, 3);
  assert_true(r->discretionary);
  assert_true(r->external);
  assert_int_equal(r->obligations.len, 1);
  assert_int_equal(r->notes.len, 1);
  assert_int_equal(r->awards.len, 1);
  Award *w = r->awards.items[0];
  assert_non_null(w->cap);
  assert_non_null(w->when);
  assert_int_equal(decl(p, 1)->as.rule.paid_over->lit.i, 3);
  assert_false(decl(p, 1)->as.rule.external);
  assert_int_equal(decl(p, 2)->as.rule.paid.len, 3);
  release(p);
}

static void test_amount_forms(void **state) {
  (void)state;
  Parsed *p = parse(
      "rule a award 300万\n"
      "  award 5% of x cap 500万\n"
      "  award 10% to 30% of x\n"
      "  award ladder rev topup got { > 2亿 -> 100万  >= 10亿 -> 300万, > 30亿 -> 500万 }\n"
      "  award brackets fees { 0 -> 10% 30万 -> 50% }\n");
  assert_int_equal(p->diags.errors, 0);
  Rule *r = &decl(p, 0)->as.rule;
  assert_int_equal(r->awards.len, 5);
  AmountKind kinds[] = {AM_EXPR, AM_SHARE, AM_RANGE, AM_LADDER, AM_BRACKETS};
  for (int i = 0; i < 5; i++)
    assert_int_equal(((Award *)r->awards.items[i])->amount.kind, kinds[i]);
  Amount *ladder = &((Award *)r->awards.items[3])->amount;
  assert_int_equal(ladder->tiers.len, 3);
  assert_non_null(ladder->topup);
  assert_int_equal(((Tier *)ladder->tiers.items[0])->cmp, OP_GT);
  assert_int_equal(((Tier *)ladder->tiers.items[1])->cmp, OP_GE);
  Amount *range = &((Award *)r->awards.items[2])->amount;
  assert_int_equal(range->rate_low->lit.i, 100000);
  assert_int_equal(range->rate->lit.i, 300000);
  release(p);
}

static void test_precedence(void **state) {
  (void)state;
  Parsed *p = parse("let x = not a and b or c\nlet y = 1 + 2 * 3 - 4\n"
                    "let z = if a then 1 else 2 + 3\n");
  assert_int_equal(p->diags.errors, 0);
  char *buf;
  size_t len;
  FILE *out = open_memstream(&buf, &len);
  for (int i = 0; i < 3; i++) {
    ast_dump_expr(out, decl(p, i)->as.let.value);
    fputc('\n', out);
  }
  fclose(out);
  assert_string_equal(buf, "(or (and (not a) b) c)\n(- (+ 1 (* 2 3)) 4)\n"
                           "(if a 1 (+ 2 3))\n");
  free(buf);
  release(p);
}

static void test_header_and_tests(void **state) {
  (void)state;
  Parsed *p = parse(
      "policy p \"t\" document \"d\" issuer \"i\" note \"n\" effective 2023-12-16 family f\n"
      "import enterprise\nimport \"m.pol\"\nkind k \"label\"\n"
      "input a: money \"A\" default 0\ninput b: text\n"
      "eligible \"第一条\" when a > 0\neligible when true\n"
      "test \"t\" { given a = 1万, b = \"x\" given c = true expect r = 1万 expect total = -1万 }\n"
      "indicator n \"企业数\" = count(a > 0) where b == \"x\" baseline 10 target 20\n");
  assert_int_equal(p->diags.errors, 0);
  assert_int_equal(p->file->decls.len, 10);
  Policy *pol = &decl(p, 0)->as.policy;
  assert_int_equal(pol->metas.len, 5);
  assert_null(((Meta *)pol->metas.items[3])->to);   /* open-ended */
  assert_true(decl(p, 2)->as.import.is_path);
  assert_null(decl(p, 5)->as.input.default_value);
  assert_null(decl(p, 7)->as.eligible.article.text);
  Test *t = &decl(p, 8)->as.test;
  assert_int_equal(t->givens.len, 3);
  assert_int_equal(t->expects.len, 2);
  assert_int_equal(((Assign *)t->expects.items[1])->value->lit.i, -1000000);
  Indicator *ind = &decl(p, 9)->as.indicator;
  assert_string_equal(ind->aggregate.name, "count");
  assert_non_null(ind->where);
  assert_non_null(ind->target);
  release(p);
}

static void test_recovers_and_reports_each_error(void **state) {
  (void)state;
  Parsed *p = parse(
      "rule a award 5% of\n"
      "rule b \"ok\" award 1万\n"
      "rule c award > 3\n"
      "let d = = 2\n"
      "rule e award 2万\n");
  assert_int_equal(count_code(&p->diags, "syntax"), 3);
  /* the good rules between the bad ones are still there */
  int rules = 0;
  for (int i = 0; i < p->file->decls.len; i++)
    rules += decl(p, i)->kind == DECL_RULE;
  assert_int_equal(rules, 2);
  release(p);
}

static void test_syntax_message_speaks_plainly(void **state) {
  (void)state;
  Parsed *p = parse("rule r \"x\" kind k\n");
  const Diag *d = find_code(&p->diags, "syntax");
  assert_non_null(d);
  assert_non_null(strstr(d->message, "`award`"));
  assert_non_null(strstr(d->message, "found the end of the file"));
  release(p);
  p = parse("eligible when a = 1\n");
  d = find_code(&p->diags, "syntax");
  assert_non_null(d);
  assert_string_equal(d->hint, "to compare two values write ==");
  release(p);
}

static void test_comparisons_do_not_chain(void **state) {
  (void)state;
  Parsed *p = parse("let x = 1 < 2 < 3\n");
  assert_int_equal(count_code(&p->diags, "syntax"), 1);
  release(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rule_attributes),
      cmocka_unit_test(test_amount_forms),
      cmocka_unit_test(test_precedence),
      cmocka_unit_test(test_header_and_tests),
      cmocka_unit_test(test_recovers_and_reports_each_error),
      cmocka_unit_test(test_syntax_message_speaks_plainly),
      cmocka_unit_test(test_comparisons_do_not_chain),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
