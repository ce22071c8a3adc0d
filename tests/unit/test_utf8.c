/*
 * test_utf8.c - UTF-8 decoding, display width, and offsets to line:column
 * (runtime/utf8.c, lang/source.c).
 */
#include <string.h>

#include "lang/source.h"
#include "runtime/base/utf8.h"
#include "support.h"

static void test_decode_rejects_malformed(void **state) {
  (void)state;
  uint32_t cp;
  assert_int_equal(utf8_decode((const unsigned char *)"\xe5\xbe\x90", 3, &cp), 3);
  assert_int_equal(cp, 0x5F90);   /* 徐 */
  assert_int_equal(utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp), 0);  /* overlong */
  assert_int_equal(utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);  /* surrogate */
  assert_int_equal(utf8_decode((const unsigned char *)"\xe5\xbe", 2, &cp), 0);  /* truncated */
  assert_int_equal(utf8_decode((const unsigned char *)"\xff", 1, &cp), 0);
  assert_int_equal(utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);  /* > U+10FFFF */
}

static void test_display_columns(void **state) {
  (void)state;
  assert_int_equal(utf8_columns("abc", 3, 0), 3);
  assert_int_equal(utf8_columns("徐汇", strlen("徐汇"), 0), 4);
  assert_int_equal(utf8_columns("500万", strlen("500万"), 0), 5);
  assert_int_equal(utf8_columns("（一）", strlen("（一）"), 0), 6);
  assert_int_equal(utf8_columns("\t", 1, 0), 8);
  assert_int_equal(utf8_columns("\t", 1, 3), 5);   /* to the next stop */
  assert_int_equal(utf8_columns("\xff" "a", 2, 0), 2);   /* a bad byte is one column */
}

static void test_source_position(void **state) {
  (void)state;
  Arena arena;
  arena_init(&arena);
  const char *text = "rule a \"第二条\"\n  award 500万 when x\n";
  Source *src = source_from_text(&arena, "t.pol", text, strlen(text));
  int line, col;
  source_position(&arena, src, 0, &line, &col);
  assert_int_equal(line, 1);
  assert_int_equal(col, 1);
  const char *when = strstr(text, "when");
  source_position(&arena, src, (uint32_t)(when - text), &line, &col);
  assert_int_equal(line, 2);
  assert_int_equal(col, 15);   /* "  award 500万 " is 14 columns: 万 takes two */
  assert_int_equal(source_line_number(&arena, src, (uint32_t)(when - text)), 2);
  assert_int_equal(source_line_number(&arena, src, 0), 1);
  assert_int_equal(source_line_number(&arena, src, (uint32_t)strlen(text)), 3);
  size_t len;
  const char *l2 = source_line(&arena, src, 2, &len);
  assert_int_equal(len, strlen("  award 500万 when x"));
  assert_memory_equal(l2, "  award", 7);
  arena_free(&arena);
}

/* The first byte that is not UTF-8 text, at every alignment of the
 * 8-byte fast path; NUL counts as not text. */
static void test_invalid_at(void **state) {
  (void)state;
  assert_int_equal(utf8_invalid_at("", 0), 0);
  assert_int_equal(utf8_invalid_at("91310104MA1FL00001", 18), 18);
  assert_int_equal(utf8_invalid_at("徐汇智算科技有限公司", strlen("徐汇智算科技有限公司")),
                   strlen("徐汇智算科技有限公司"));
  char buf[40];
  for (size_t at = 0; at < 24; at++) {
    memset(buf, 'a', sizeof buf);
    buf[at] = (char)0xFF;
    assert_int_equal(utf8_invalid_at(buf, 30), at);
    buf[at] = '\0';
    assert_int_equal(utf8_invalid_at(buf, 30), at);
    memcpy(buf + at, "\xE5\xBE", 2);   /* 徐 cut short */
    assert_int_equal(utf8_invalid_at(buf, at + 2), at);
  }
  assert_int_equal(utf8_invalid_at("ab\xC0\x80", 4), 2);   /* overlong NUL */
}

/* utf8_invalid_at's own table of well-formed sequences accepts exactly
 * what utf8_decode decodes: every lead and second byte, with the bytes
 * after them either continuation bytes or not. */
static void test_invalid_at_agrees_with_decode(void **state) {
  (void)state;
  static const unsigned char tails[][2] = {{0x80, 0x80}, {0xBF, 0xBF}, {0x80, 0x41},
                                           {0x41, 0x80}, {0xC0, 0x80}};
  for (unsigned lead = 0x80; lead <= 0xFF; lead++)
    for (unsigned second = 0; second <= 0xFF; second++)
      for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++)
        for (size_t len = 1; len <= 4; len++) {
          unsigned char b[4] = {(unsigned char)lead, (unsigned char)second, tails[t][0],
                                tails[t][1]};
          uint32_t cp;
          size_t decoded = (size_t)utf8_decode(b, len, &cp);
          size_t at = utf8_invalid_at((const char *)b, len);
          if (decoded == 0)
            assert_int_equal(at, 0);
          else if (decoded == len)
            assert_int_equal(at, len);
          else
            assert_true(at >= decoded);   /* the first sequence is accepted */
        }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_decode_rejects_malformed),
      cmocka_unit_test(test_invalid_at),
      cmocka_unit_test(test_invalid_at_agrees_with_decode),
      cmocka_unit_test(test_display_columns),
      cmocka_unit_test(test_source_position),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
