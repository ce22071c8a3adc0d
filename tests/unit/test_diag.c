/*
 * test_diag.c - how diagnostics are printed (compiler/diag_print.c): GCC's
 * text form with display-column carets, JSON, and their order.
 */
#include <string.h>

#include "support.h"

static char *render(Unit *u, DiagFormat format) {
  char *buf;
  size_t len;
  FILE *out = open_memstream(&buf, &len);
  DiagPrinter p = {.format = format, .out = out};
  diag_printer_begin(&p);
  diag_printer_emit(&p, &u->diags);
  diag_printer_end(&p);
  fclose(out);
  return buf;
}

static void test_text_form_with_cjk_caret(void **state) {
  (void)state;
  Unit *u = compile_text("policy p \"t\"\nimport enterprise\n"
                         "rule r \"第二条（一）\" award 5% of paid_in_capital cap 500万 "
                         "when paid_in_capital >= 2000\n");
  char *text = render(u, DIAG_TEXT);
  assert_string_equal(text,
      "t.pol:3:85: error: cannot compare money with number\n"
      "    3 | rule r \"第二条（一）\" award 5% of paid_in_capital cap 500万 when paid_in_capital >= 2000\n"
      "      |                                                                                     ^~~~\n"
      "      = hint: write 2000万 or 2000元\n");
  free(text);
  unit_free(u);
}

static void test_json_form(void **state) {
  (void)state;
  Unit *u = compile_text("policy p \"t\"\nlet x = \"a\\\"b\" + 1\n");
  char *text = render(u, DIAG_JSON);
  assert_string_equal(text,
      "[\n  {\"file\": \"t.pol\", \"line\": 2, \"column\": 18, \"end_line\": 2, "
      "\"end\": 19, \"severity\": \"error\", \"code\": \"type-mismatch\", "
      "\"message\": \"cannot add text and number\", "
      "\"hint\": \"text is written in quotes: \\\"1\\\"\"}\n]\n");
  free(text);
  unit_free(u);
}

static void test_sorted_by_position_with_notes_after(void **state) {
  (void)state;
  Unit *u = compile_text("policy p \"t\"\nimport enterprise\n"
                         "rule r \"1\" award 1万\nrule b \"2\" award 1万 when x\n"
                         "rule r \"3\" award 1万\n");
  diags_sort(&u->diags);
  const Diag *first = u->diags.items.items[0];
  const Diag *second = u->diags.items.items[1];
  const Diag *third = u->diags.items.items[2];
  assert_string_equal(first->code, "unknown-name");   /* line 4 before line 5 */
  assert_string_equal(second->code, "duplicate-name");
  assert_int_equal(third->severity, SEV_NOTE);
  assert_ptr_equal(third->parent, second);
  unit_free(u);
}

static void test_empty_json_is_an_empty_array(void **state) {
  (void)state;
  Unit *u = compile_text("policy p \"t\"\n");
  char *text = render(u, DIAG_JSON);
  assert_string_equal(text, "[]\n");
  free(text);
  unit_free(u);
}

/* Found by UndefinedBehaviorSanitizer: sorting no diagnostics passed NULL
 * to qsort.  It fails only in the sanitizer build (make test-sanitize). */
static void test_ubsan_sort_of_no_diagnostics(void **state) {
  (void)state;
  Unit *u = compile_text("policy p \"t\"\n");
  assert_int_equal(u->diags.items.len, 0);
  diags_sort(&u->diags);
  assert_int_equal(u->diags.items.len, 0);
  unit_free(u);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_text_form_with_cjk_caret),
      cmocka_unit_test(test_json_form),
      cmocka_unit_test(test_sorted_by_position_with_notes_after),
      cmocka_unit_test(test_empty_json_is_an_empty_array),
      cmocka_unit_test(test_ubsan_sort_of_no_diagnostics),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
