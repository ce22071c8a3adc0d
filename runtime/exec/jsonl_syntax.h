/*
 * jsonl_syntax.h - the JSON of one line of a JSON Lines registry, for its
 * two readers (jsonl_reader.c, the general one, and jsonl_plain.c, the one
 * pass): a cursor, the checks that a value is valid JSON (they change
 * nothing, and note the first error with where it is), and the decoding
 * of a string's escapes (\uXXXX pairs joined into UTF-8).
 */
#ifndef POLC_JSONL_SYNTAX_H
#define POLC_JSONL_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/swar.h"
#include "registry.h"

#define JSON_INLINE static inline __attribute__((always_inline))

/* A cursor over one line, with its first syntax error. */
typedef struct Json {
  char *p;
  size_t len;
  size_t i;
  const char *error;
  size_t error_at;
  bool escaped;       /* a string skipped since this was cleared had an escape */
} Json;

/* Notes the first error, `why` (marked N_() by the caller, translated when
 * reported), at js->i; returns false. */
bool json_fail(Json *js, const char *why);

JSON_INLINE bool json_is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Every blank is at most ' ': one comparison passes any other byte, most
 * often the next token. */
JSON_INLINE void json_skip_ws(Json *js) {
  while (js->i < js->len && (unsigned char)js->p[js->i] <= ' ' && json_is_blank(js->p[js->i]))
    js->i++;
}

JSON_INLINE bool json_at(const Json *js, char c) {
  return js->i < js->len && js->p[js->i] == c;
}

/* Where the run of plain characters of a string starting at p[i] ends: at
 * the first '"', '\\' or control character, or at len.  Eight bytes at a
 * time: most cells are plain. */
JSON_INLINE size_t json_plain_run_end(const char *p, size_t i, size_t len) {
  for (; i + 8 <= len; i += 8) {
    uint64_t x = swar_load(p + i);
    uint64_t marks = swar_equal(x, '"') | swar_equal(x, '\\') | swar_below(x, 0x20);
    if (marks)
      return i + (size_t)swar_first(marks);
  }
  for (; i < len; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c == '"' || c == '\\' || c < 0x20)
      break;
  }
  return i;
}

/* Each checks the value at js->i and moves past it, or notes an error.
 * A string sets js->escaped when it holds an escape; a value is followed
 * by the blanks after it; `depth`: the containers around it. */
bool json_skip_string(Json *js);
bool json_skip_number(Json *js);
bool json_skip_value(Json *js, int depth);

/* Decodes the (valid) string at js->i (its opening quote) into out, which
 * is the string's own text (in place: decoded, a string is never longer)
 * or a buffer of that size; moves past it; returns the decoded length. */
size_t json_decode_string(Json *js, char *out);

#endif
