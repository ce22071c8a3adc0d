/*
 * textbuf.c - growing and flushing output buffers.
 */
#include "textbuf.h"

#include <stdlib.h>

#include "arena.h"

void tb_grow(TextBuf *tb, size_t more) {
  size_t cap = tb->cap ? tb->cap : 4096;
  while (cap - tb->len < more)
    cap *= 2;
  tb->data = xrealloc(tb->data, cap);
  tb->cap = cap;
}

void tb_free(TextBuf *tb) {
  free(tb->data);
  *tb = (TextBuf){0};
}

void tb_flush(TextBuf *tb, FILE *fp) {
  if (tb->len)
    fwrite(tb->data, 1, tb->len, fp);
  tb->len = 0;
}
