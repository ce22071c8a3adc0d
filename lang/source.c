/*
 * source.c - source files and their line maps.
 */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../runtime/base/utf8.h"

Source *source_from_text(Arena *arena, const char *path, const char *text,
                         size_t len) {
  Source *src = arena_alloc(arena, sizeof *src);
  char *copy = arena_alloc(arena, len + 2);   /* zeroed: two NULs at the end */
  memcpy(copy, text, len);
  src->path = arena_strdup(arena, path);
  src->text = copy;
  src->len = len;
  return src;
}

int source_open_regular(const char *path, bool no_follow, const char **why) {
  /* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then
   * refuses it before anything is read. */
  int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (no_follow ? O_NOFOLLOW : 0);
  int fd = open(path, flags);
  if (fd < 0) {
    *why = no_follow && errno == ELOOP ? "it is a symbolic link" : strerror(errno);
    return -1;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    *why = strerror(errno);
    close(fd);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    *why = S_ISDIR(st.st_mode) ? "is a directory"
                               : "is not a regular file (a FIFO, a socket or a "
                                 "device); give a .pol file";
    close(fd);
    return -1;
  }
  return fd;
}

Source *source_read_as(Arena *arena, const char *path, const char *name,
                       bool no_follow, const char **why) {
  int fd = source_open_regular(path, no_follow, why);
  if (fd < 0)
    return NULL;
  FILE *f = fdopen(fd, "rb");
  if (!f) {
    *why = strerror(errno);
    close(fd);
    return NULL;
  }
  Source *src = source_read_stream(arena, f, name, why);
  fclose(f);
  return src;
}

Source *source_read(Arena *arena, const char *path, const char **why) {
  return source_read_as(arena, path, path, false, why);
}

Source *source_read_stream(Arena *arena, FILE *f, const char *path, const char **why) {
  size_t cap = 4096, len = 0;
  char *buf = xmalloc(cap);
  size_t n;
  while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
    len += n;
    if (len > SOURCE_MAX_BYTES)
      break;
    if (len == cap)
      buf = xrealloc(buf, cap *= 2);
  }
  int failed = ferror(f);
  if (failed || len > SOURCE_MAX_BYTES) {
    free(buf);
    *why = failed ? "read error" : "file is larger than 16 MB";
    return NULL;
  }
  Source *src = source_from_text(arena, path, buf, len);
  free(buf);
  return src;
}

static void build_line_map(Arena *arena, Source *src) {
  int count = 1;
  for (size_t i = 0; i < src->len; i++)
    count += source_is_line_end(src->text, i, src->len);
  src->line_starts = arena_alloc(arena, sizeof(uint32_t) * (size_t)count);
  int line = 0;
  src->line_starts[line++] = 0;
  for (size_t i = 0; i < src->len; i++)
    if (source_is_line_end(src->text, i, src->len))
      src->line_starts[line++] = (uint32_t)(i + 1);
  src->line_count = count;
}

/* Index of the line holding `offset` (binary search in line_starts). */
static int line_index(Arena *arena, Source *src, uint32_t offset) {
  if (!src->line_starts)
    build_line_map(arena, src);
  int lo = 0, hi = src->line_count - 1;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (src->line_starts[mid] <= offset)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

void source_position(Arena *arena, Source *src, uint32_t offset, int *line,
                     int *column) {
  if (offset > src->len)
    offset = (uint32_t)src->len;
  int index = line_index(arena, src, offset);
  uint32_t start = src->line_starts[index];
  *line = index + 1;
  *column = utf8_columns(src->text + start, offset - start, 0) + 1;
}

int source_line_number(Arena *arena, Source *src, uint32_t offset) {
  if (offset > src->len)
    offset = (uint32_t)src->len;
  return line_index(arena, src, offset) + 1;
}

int source_char_column(Arena *arena, Source *src, uint32_t offset) {
  if (offset > src->len)
    offset = (uint32_t)src->len;
  uint32_t start = src->line_starts[line_index(arena, src, offset)];
  int column = 1;
  for (uint32_t i = start; i < offset; i++)
    column += ((unsigned char)src->text[i] & 0xC0) != 0x80;   /* not a continuation */
  return column;
}

const char *source_line(Arena *arena, Source *src, int line, size_t *len) {
  if (!src->line_starts)
    build_line_map(arena, src);
  if (line < 1 || line > src->line_count) {
    *len = 0;
    return "";
  }
  uint32_t start = src->line_starts[line - 1];
  uint32_t end = start;
  while (end < src->len && !source_is_line_end(src->text, end, src->len))
    end++;
  if (end > start && src->text[end - 1] == '\r')
    end--;
  *len = end - start;
  return src->text + start;
}

