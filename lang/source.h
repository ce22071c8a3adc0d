/*
 * source.h - a source file in memory and the map from byte offsets to
 * line:column.
 *
 * Tokens and AST nodes carry byte offsets only (a Span); lines and columns are
 * computed when a diagnostic is printed.  Columns are display columns, as GCC
 * prints them: a CJK character is two columns wide, a tab advances to the
 * next multiple of 8.
 */
#ifndef POLC_SOURCE_H
#define POLC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../runtime/base/arena.h"

/* A half-open byte range [begin, end) in one source file. */
typedef struct Span {
  uint32_t begin;
  uint32_t end;
} Span;

/* No place in any source: for a diagnostic about a whole run or file.  A
 * name, not a compound literal, so that xgettext counts a reporting call's
 * arguments right (po/extract.sh). */
#define SPAN_NONE ((Span){0, 0})

typedef struct Source {
  const char *path;   /* as the user named it, for messages */
  const char *text;   /* the bytes, followed by two NULs; never changed */
  size_t len;
  uint32_t *line_starts;   /* computed on first use */
  int line_count;
} Source;

enum { SOURCE_MAX_BYTES = 16 * 1024 * 1024 };

/* Whether text[i] ends a line: LF, or a CR that no LF follows (a file saved
 * with classic Mac line ends; the CR of a CRLF is part of the line's end). */
static inline int source_is_line_end(const char *text, size_t i, size_t len) {
  return text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'));
}

/* Reads a file into the arena; returns NULL and sets *why on failure.  Only
 * a regular file is read: a directory, a FIFO or a device is refused
 * without blocking on it. */
Source *source_read(Arena *arena, const char *path, const char **why);
/* As source_read, naming the source `name` in messages; with no_follow, a
 * symbolic link at `path` itself is refused too. */
Source *source_read_as(Arena *arena, const char *path, const char *name,
                       bool no_follow, const char **why);
/* Opens `path` for reading only if it is a regular file: the descriptor, or
 * -1 with *why set. */
int source_open_regular(const char *path, bool no_follow, const char **why);
/* The same from an open stream (standard input), named `path`. */
Source *source_read_stream(Arena *arena, FILE *f, const char *path, const char **why);
Source *source_from_text(Arena *arena, const char *path, const char *text,
                         size_t len);

/* 1-based line and display column of a byte offset. */
void source_position(Arena *arena, Source *src, uint32_t offset, int *line,
                     int *column);
/* 1-based line of a byte offset alone (a binary search, without the
 * column's scan of the line). */
int source_line_number(Arena *arena, Source *src, uint32_t offset);
/* 1-based column of a byte offset counted in characters (code points), as
 * SARIF's unicodeCodePoints and most editors count. */
int source_char_column(Arena *arena, Source *src, uint32_t offset);
/* Bytes of line `line` (1-based) without its newline. */
const char *source_line(Arena *arena, Source *src, int line, size_t *len);

#endif
