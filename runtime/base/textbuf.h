/*
 * textbuf.h - a growable byte buffer for output, and fast writers of the
 * figures polc prints most (fen amounts as yuan).  Rows are formatted into
 * a TextBuf and written with one fwrite per batch, instead of one stdio
 * call per field.
 */
#ifndef POLC_TEXTBUF_H
#define POLC_TEXTBUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct TextBuf {
  char *data;
  size_t len;
  size_t cap;
} TextBuf;

void tb_grow(TextBuf *tb, size_t more);
void tb_free(TextBuf *tb);
/* Writes the buffer to fp and empties it. */
void tb_flush(TextBuf *tb, FILE *fp);

static inline void tb_put(TextBuf *tb, const char *s, size_t n) {
  if (n == 0)
    return;   /* (an empty buffer has no data to point into) */
  if (tb->cap - tb->len < n)
    tb_grow(tb, n);
  memcpy(tb->data + tb->len, s, n);
  tb->len += n;
}

static inline void tb_putc(TextBuf *tb, char c) {
  if (tb->len == tb->cap)
    tb_grow(tb, 1);
  tb->data[tb->len++] = c;
}

/* Writes a fen amount as yuan with two decimals, no separators ("-12.05"),
 * at w, which has room for TB_FEN_MAX bytes; returns the end.  Digits come
 * two at a time from a table: this runs for every figure of every row. */
enum { TB_FEN_MAX = 24 };

static inline char *tb_write_fen(char *w, int64_t fen) {
  static const char pairs[201] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  if (fen == 0) {   /* most rules pay most applicants nothing */
    memcpy(w, "0.00", 4);
    return w + 4;
  }
  char digits[TB_FEN_MAX];
  int n = TB_FEN_MAX;
  uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
  unsigned cents = (unsigned)(mag % 100);
  mag /= 100;
  digits[--n] = pairs[2 * cents + 1];
  digits[--n] = pairs[2 * cents];
  digits[--n] = '.';
  while (mag >= 100) {
    unsigned two = (unsigned)(mag % 100);
    mag /= 100;
    digits[--n] = pairs[2 * two + 1];
    digits[--n] = pairs[2 * two];
  }
  if (mag >= 10) {
    digits[--n] = pairs[2 * mag + 1];
    digits[--n] = pairs[2 * mag];
  } else {
    digits[--n] = (char)('0' + mag);
  }
  if (fen < 0)
    digits[--n] = '-';
  memcpy(w, digits + n, (size_t)(TB_FEN_MAX - n));
  return w + (TB_FEN_MAX - n);
}

#endif
