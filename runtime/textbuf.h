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

/* A fen amount as yuan with two decimals, no separators: "-12.05". */
static inline void tb_fen(TextBuf *tb, int64_t fen) {
  char digits[24];
  int n = 0;
  uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
  do {
    digits[n++] = (char)('0' + mag % 10);
    mag /= 10;
    if (n == 2)
      digits[n++] = '.';
  } while (mag || n < 4);   /* at least "0.00" */
  if (tb->cap - tb->len < 26)
    tb_grow(tb, 26);
  char *p = tb->data + tb->len;
  if (fen < 0)
    *p++ = '-';
  while (n)
    *p++ = digits[--n];
  tb->len = (size_t)(p - tb->data);
}

#endif
