/*
 * encoding.h - a registry file in another encoding than UTF-8, read as
 * UTF-8: UTF-16 with a byte order mark, and GB18030 (what Excel writes on
 * Chinese Windows), said with --encoding or, for a regular file, found by
 * one pass over it (registry.md, "Encodings").
 */
#ifndef POLC_ENCODING_H
#define POLC_ENCODING_H

#include <stdio.h>

#include "registry.h"
#include "row_builder.h"

/*
 * The stream to read `file` (opened by the caller) through: `file` itself,
 * at its start, when its text is UTF-8; else an unnamed temporary file
 * holding its text converted to UTF-8; `file` is left to the caller to
 * close.  `file` is scanned for the encoding only when `encoding` is
 * REGISTRY_ENCODING_AUTO and it is a regular file (a large one by two of
 * `threads` at once, when it is 2 or more).  Returns NULL after
 * reporting, once, through `report` when it cannot be converted.
 */
FILE *encoding_to_utf8(FILE *file, RegistryEncoding encoding, int threads, RowBuilder *report);

/* Whether most non-ASCII characters of buf[0..len) are not UTF-8 (a
 * sequence cut at the end is not counted unless `at_end`): the first block
 * of a pipe, which cannot be scanned whole beforehand. */
bool encoding_mostly_not_utf8(const char *buf, size_t len, bool at_end);

/* Counts the UTF-8 sequences of the regular file `fd`, well-formed and
 * not, in `parts` (1 to 8) ranges scanned at once, a thread each: any
 * number of parts counts what one pass does.  False when it cannot be
 * read. */
bool encoding_count_utf8_file(int fd, int parts, long long *valid, long long *invalid);

#endif
