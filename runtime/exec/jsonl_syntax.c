/*
 * jsonl_syntax.c - the JSON of one line (jsonl_syntax.h): checking that a
 * value is valid without changing it, and decoding a string's escapes.
 */
#include "jsonl_syntax.h"

#include <stdlib.h>
#include <string.h>

#include "../base/i18n.h"

enum {
  MAX_DEPTH = 512,    /* nesting the validator follows before giving up */
};

/* ---- pass 1: validation ---- */

/* `why` is marked N_() at each call and translated when reported. */
bool json_fail(Json *js, const char *why) {
  if (!js->error) {
    js->error = why;
    js->error_at = js->i;
  }
  return false;
}



static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The code unit of "\uXXXX" at p[i], or -1 when it is not one. */
static long unicode_escape(const Json *js, size_t i) {
  if (i + 6 > js->len || js->p[i] != '\\' || js->p[i + 1] != 'u')
    return -1;
  long unit = 0;
  for (size_t k = 2; k < 6; k++) {
    int h = hex_value(js->p[i + k]);
    if (h < 0)
      return -1;
    unit = unit * 16 + h;
  }
  return unit;
}

/* A \u escape at js->i: alone, or a high surrogate followed by a low one. */
static bool skip_unicode(Json *js) {
  long unit = unicode_escape(js, js->i);
  if (unit < 0)
    return json_fail(js, N_("\\u must be followed by four hex digits"));
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return json_fail(js, N_("a low surrogate without a high one"));
  js->i += 6;
  if (unit < 0xD800 || unit > 0xDBFF)
    return true;
  long low = unicode_escape(js, js->i);
  if (low < 0xDC00 || low > 0xDFFF)
    return json_fail(js, N_("a high surrogate without a low one"));
  js->i += 6;
  return true;
}

static bool skip_escape(Json *js) {
  js->escaped = true;
  if (js->i + 1 >= js->len)
    return json_fail(js, N_("unterminated string"));
  if (js->p[js->i + 1] == 'u')
    return skip_unicode(js);
  if (!strchr("\"\\/bfnrt", js->p[js->i + 1]) || js->p[js->i + 1] == '\0')
    return json_fail(js, N_("unknown escape"));
  js->i += 2;
  return true;
}

/* string = '"' (char | escape)* '"' */
bool json_skip_string(Json *js) {
  js->i++;
  for (;;) {
    js->i = json_plain_run_end(js->p, js->i, js->len);
    if (js->i >= js->len)
      return json_fail(js, N_("unterminated string"));
    unsigned char c = (unsigned char)js->p[js->i];
    if (c == '"') {
      js->i++;
      return true;
    }
    if (c < 0x20)
      return json_fail(js, N_("control character in a string"));
    if (!skip_escape(js))
      return false;
  }
}

static bool skip_digits(Json *js) {
  size_t start = js->i;
  while (js->i < js->len && js->p[js->i] >= '0' && js->p[js->i] <= '9')
    js->i++;
  return js->i > start || json_fail(js, N_("a digit is expected"));
}

/* number = '-'? ('0' | [1-9][0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)? */
bool json_skip_number(Json *js) {
  if (json_at(js, '-'))
    js->i++;
  if (json_at(js, '0'))
    js->i++;
  else if (!skip_digits(js))
    return false;
  if (json_at(js, '.')) {
    js->i++;
    if (!skip_digits(js))
      return false;
  }
  if (json_at(js, 'e') || json_at(js, 'E')) {
    js->i++;
    if (json_at(js, '+') || json_at(js, '-'))
      js->i++;
    if (!skip_digits(js))
      return false;
  }
  return true;
}

static bool skip_word(Json *js, const char *word) {
  size_t n = strlen(word);
  if (js->len - js->i < n || memcmp(js->p + js->i, word, n) != 0)
    return json_fail(js, N_("a value is expected"));
  js->i += n;
  return true;
}

/* array = '[' (value (',' value)*)? ']';  object = '{' (string ':' value
 * (',' string ':' value)*)? '}' */
static bool skip_container(Json *js, int depth) {
  char close = js->p[js->i] == '[' ? ']' : '}';
  if (depth >= MAX_DEPTH)
    return json_fail(js, N_("nested too deeply"));
  js->i++;
  json_skip_ws(js);
  if (json_at(js, close)) {
    js->i++;
    return true;
  }
  for (;;) {
    if (close == '}') {
      if (!json_at(js, '"'))
        return json_fail(js, N_("a key (a string) is expected"));
      if (!json_skip_string(js))
        return false;
      json_skip_ws(js);
      if (!json_at(js, ':'))
        return json_fail(js, N_("':' is expected"));
      js->i++;
    }
    if (!json_skip_value(js, depth + 1))
      return false;
    if (json_at(js, close)) {
      js->i++;
      return true;
    }
    if (!json_at(js, ','))
      return json_fail(js, close == '}' ? N_("',' or '}' is expected")
                                   : N_("',' or ']' is expected"));
    js->i++;
    json_skip_ws(js);
  }
}

/* value = ws (string | number | object | array | true | false | null) ws */
bool json_skip_value(Json *js, int depth) {
  json_skip_ws(js);
  if (js->i >= js->len)
    return json_fail(js, N_("a value is expected"));
  char c = js->p[js->i];
  bool ok;
  if (c == '"')
    ok = json_skip_string(js);
  else if (c == '-' || (c >= '0' && c <= '9'))
    ok = json_skip_number(js);
  else if (c == '[' || c == '{')
    ok = skip_container(js, depth);
  else if (c == 't')
    ok = skip_word(js, "true");
  else if (c == 'f')
    ok = skip_word(js, "false");
  else
    ok = skip_word(js, "null");
  json_skip_ws(js);
  return ok;
}

/* ---- decoding ---- */
static size_t put_utf8(char *out, uint32_t cp) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Decodes the escape at js->i (valid: pass 1 checked it) into out. */
static size_t decode_escape(Json *js, char *out) {
  char e = js->p[js->i + 1];
  if (e != 'u') {
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    js->i += 2;
    *out = to[strchr(from, e) - from];
    return 1;
  }
  uint32_t cp = (uint32_t)unicode_escape(js, js->i);
  js->i += 6;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    uint32_t low = (uint32_t)unicode_escape(js, js->i);
    js->i += 6;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  return put_utf8(out, cp);
}

/* Decodes the (valid) string at js->i (its opening quote) into out,
 * which is the string's own text (in place: decoded, a string is never
 * longer) or a buffer of its size; returns the decoded length. */
size_t json_decode_string(Json *js, char *out) {
  char *w = out;
  js->i++;
  while (js->p[js->i] != '"') {
    if (js->p[js->i] == '\\') {
      w += decode_escape(js, w);
      continue;
    }
    size_t end = json_plain_run_end(js->p, js->i, js->len);
    memmove(w, js->p + js->i, end - js->i);   /* in place, w <= js->p + js->i */
    w += end - js->i;
    js->i = end;
  }
  js->i++;
  return (size_t)(w - out);
}
