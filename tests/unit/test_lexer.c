/*
 * test_lexer.c - tokens and literals (lang/lexer.l), seen through the parser.
 */
#include <string.h>

#include "lang/parse.h"
#include "support.h"

/* The value of `let x = LITERAL`. */
static Value literal_of(const char *literal) {
  Arena arena;
  arena_init(&arena);
  Diags diags;
  diags_init(&diags, &arena);
  char text[256];
  snprintf(text, sizeof text, "let x = %s\n", literal);
  SourceFile *file = parse_text(&arena, &diags, text);
  assert_int_equal(diags.errors, 0);
  assert_int_equal(file->decls.len, 1);
  Value v = ((Decl *)file->decls.items[0])->as.let.value->lit;
  static char kept[256];   /* the arena goes; the text must outlive it */
  if (v.text) {
    snprintf(kept, sizeof kept, "%s", v.text);
    v.text = kept;
  }
  arena_free(&arena);
  return v;
}

static void test_money_literals(void **state) {
  (void)state;
  Value v = literal_of("500万");
  assert_int_equal(v.type, TY_MONEY);
  assert_int_equal(v.i, INT64_C(500000000));
  assert_int_equal(literal_of("1.5亿").i, INT64_C(15000000000));
  assert_int_equal(literal_of("1.5亿元").i, INT64_C(15000000000));
  assert_int_equal(literal_of("2000万元").i, INT64_C(2000000000));
  assert_int_equal(literal_of("3000元").i, 300000);
  assert_int_equal(literal_of("0.01元").i, 1);
  assert_int_equal(literal_of("0.5万").i, 500000);
}

static void test_other_literals(void **state) {
  (void)state;
  Value v = literal_of("12.5%");
  assert_int_equal(v.type, TY_PERCENT);
  assert_int_equal(v.i, 125000);
  v = literal_of("3");
  assert_int_equal(v.type, TY_COUNT);
  assert_int_equal(v.i, 3);
  v = literal_of("1.5");
  assert_int_equal(v.type, TY_NUMBER);
  assert_int_equal(v.i, 1500000);
  assert_int_equal(literal_of("0").type, TY_ZERO);
  v = literal_of("2022-10-16");
  assert_int_equal(v.type, TY_DATE);
  assert_int_equal(v.i, 19281);
  v = literal_of("\"a\\\"b\\\\c\\n徐汇\"");
  assert_int_equal(v.type, TY_TEXT);
  assert_string_equal(v.text, "a\"b\\c\n徐汇");
  assert_int_equal(literal_of("true").i, 1);
}

/* Parses `text` and returns how many diagnostics carry `code`. */
static int errors_for(const char *text, const char *code) {
  Arena arena;
  arena_init(&arena);
  Diags diags;
  diags_init(&diags, &arena);
  parse_text(&arena, &diags, text);
  int n = count_code(&diags, code);
  arena_free(&arena);
  return n;
}

static void test_bad_literals_are_located_errors(void **state) {
  (void)state;
  assert_int_equal(errors_for("let x = 0.001元", "too-precise"), 1);
  assert_int_equal(errors_for("let x = 0.00001%", "too-precise"), 1);
  assert_int_equal(errors_for("let x = 1.0000001", "too-precise"), 1);
  assert_int_equal(errors_for("let x = 99999999999999999万", "too-large"), 1);
  assert_int_equal(errors_for("let x = 2023-02-30", "bad-date"), 1);
  assert_int_equal(errors_for("let x = 2023-2-3", "bad-date"), 1);
  assert_int_equal(errors_for("let x = 1e999", "bad-number"), 1);
  assert_int_equal(errors_for("let x = 2000 万", "bad-unit"), 1);
  assert_int_equal(errors_for("let x = 2000w", "bad-unit"), 1);
}

static void test_bad_text_is_located(void **state) {
  (void)state;
  assert_int_equal(errors_for("let x = \"abc\nlet y = 1", "unterminated-string"), 1);
  assert_int_equal(errors_for("let x = \"a\\qb\"", "bad-escape"), 1);
  assert_int_equal(errors_for("let x = \"\xff\"", "bad-utf8"), 1);
  assert_int_equal(errors_for("# comment \xc3\x28\nlet x = 1", "bad-utf8"), 1);
  /* a file not in UTF-8 is said once, not once per byte */
  assert_int_equal(errors_for("let x = \xe5\xbe \xff", "bad-utf8"), 1);
  assert_int_equal(errors_for("let x = （1）", "bad-character"), 2);
  assert_int_equal(errors_for("let x = 1 @ 2", "bad-character"), 1);

  Arena arena;
  arena_init(&arena);
  Diags diags;
  diags_init(&diags, &arena);
  const char text[] = "let x = 1\0";   /* a NUL byte inside the source */
  Source *src = source_from_text(&arena, "t.pol", text, sizeof text - 1);
  parse_source(&arena, src, &diags);
  const Diag *d = find_code(&diags, "nul-byte");
  assert_non_null(d);
  assert_int_equal(d->span.begin, 9);
  arena_free(&arena);
}

static void test_unicode_operators(void **state) {
  (void)state;
  Arena arena;
  arena_init(&arena);
  Diags diags;
  diags_init(&diags, &arena);
  SourceFile *f = parse_text(&arena, &diags, "let a = x ≥ 1\nlet b = x ≤ 1\nlet c = x ≠ 1\n");
  assert_int_equal(diags.errors, 0);
  assert_int_equal(((Decl *)f->decls.items[0])->as.let.value->op, OP_GE);
  assert_int_equal(((Decl *)f->decls.items[1])->as.let.value->op, OP_LE);
  assert_int_equal(((Decl *)f->decls.items[2])->as.let.value->op, OP_NE);
  arena_free(&arena);
}

static void test_spans_are_byte_offsets(void **state) {
  (void)state;
  Arena arena;
  arena_init(&arena);
  Diags diags;
  diags_init(&diags, &arena);
  const char *text = "let 徐 = 1";
  parse_text(&arena, &diags, text);
  const Diag *d = find_code(&diags, "bad-character");
  assert_non_null(d);
  assert_int_equal(d->span.begin, 4);
  assert_int_equal(d->span.end, 7);   /* one three-byte character */
  arena_free(&arena);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_money_literals),
      cmocka_unit_test(test_other_literals),
      cmocka_unit_test(test_bad_literals_are_located_errors),
      cmocka_unit_test(test_bad_text_is_located),
      cmocka_unit_test(test_unicode_operators),
      cmocka_unit_test(test_spans_are_byte_offsets),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
