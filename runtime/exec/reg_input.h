/*
 * reg_input.h - a registry's bytes, read in large blocks into one reused
 * buffer, and the records found in them: for every format whose records
 * are runs of bytes ending in a line end (CSV, JSON Lines).  The format
 * gives a scanner that says where its record ends (CSV: a line end outside
 * quotes; JSON Lines: any newline); reg_find_record does the rest (reading
 * blocks, the limits, a record too long or endless, CRLF, line numbers).
 * Memory is bounded by the longest record, not by the file.
 */
#ifndef POLC_REG_INPUT_H
#define POLC_REG_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "row_builder.h"

/* Sizes of the read block and of the largest record (its bytes without the
 * line end; a longer one is rejected): 0 for the defaults, 256 KB and
 * 64 MB.  Tests shrink them to reach the block boundaries with small files
 * (registry_open_limited). */
typedef struct RegistryLimits {
  size_t block;
  size_t max_record;
} RegistryLimits;

typedef struct RegInput {
  FILE *file;
  bool own_file;  /* false for standard input */
  char *buf;
  size_t len;     /* bytes in buf */
  size_t cap;
  bool eof;       /* fread has returned 0: no more bytes will come */
  size_t block;   /* the read block, fixed at open */
  size_t max_record;
  size_t pos;     /* start of the next record in buf */
  long line;      /* the physical line on which it starts */
  RowBuilder *report;   /* where a read error is said and counted */
} RegInput;

/* Whether `path` ends in `suffix` (lower case), ASCII letters of the path
 * in any case: for claims. */
bool registry_path_ends(const char *path, const char *suffix);

/* Opens `path` ("-": standard input) for reading in blocks, as UTF-8 text
 * (encoding.h converts another encoding), with the BOM of UTF-8 skipped;
 * false after reporting when it cannot be opened. */
bool reg_input_open(RegInput *in, const char *path, RegistryLimits limits,
                    const RegistryOptions *options, RowBuilder *report);
/* The same over a stream already open, in UTF-8 (a database's COPY, read
 * through a stream of its own: pg_registry.c), closed by reg_input_close. */
void reg_input_attach(RegInput *in, FILE *file, RegistryLimits limits, RowBuilder *report);
void reg_input_close(RegInput *in);
/* Bytes read so far (for a progress line). */
long long reg_input_bytes_read(const RegInput *in);
/* "64 MB" (or "N bytes" for a limit that is not whole megabytes). */
const char *reg_limit_text(const RegInput *in, char buf[32]);

/* Result of reg_input_more when the kept bytes are already more than the
 * largest record: the record is too long to hold. */
#define REG_INPUT_FULL ((size_t)-1)

/*
 * Keeps buf[keep..len) (moved to the front of buf, so a reader subtracts
 * `keep` from its offsets), grows the buffer when that leaves less than one
 * block free, and reads one more block.  Returns the bytes read: 0 at the
 * end of the input (or after a read error, already reported), or
 * REG_INPUT_FULL.
 */
size_t reg_input_more(RegInput *in, size_t keep);

/* A reader skipping a record over the limit lets `dropped` more bytes go;
 * *skipped counts them.  Past twice the limit the record is taken as
 * endless (/dev/zero, a binary file): the input is given up, so that the
 * reader stops instead of reading forever, and true is returned. */
bool reg_skip_endless(RegInput *in, size_t *skipped, size_t dropped);

/* ---- records ---- */

/* Where a format's record ends.  find_end scans buf[*at..to) for the line
 * end that ends the record begun at the input's pos: true with *at on it;
 * false with *at where to go on once more bytes are read (`eof`: none
 * will).  It counts the line ends it passes inside the record in
 * `newlines`, keeps what it needs between calls in `state`, and sets
 * `open` when the bytes so far end inside a construct that the end of the
 * input would leave unclosed (a CSV quoted field).  All three are 0 when a
 * record starts. */
typedef struct RecordScanner RecordScanner;
struct RecordScanner {
  bool (*find_end)(RecordScanner *sc, const char *buf, size_t *at, size_t to, bool eof);
  int state;
  long newlines;
  bool open;
};

/* One record found in the input. */
typedef enum RecordEnd {
  REC_NONE,           /* the input is over */
  REC_OK,             /* ptr[0..len) is the record, without its line end */
  REC_UNCLOSED,       /* the input ends inside it (scanner's `open`) */
  REC_TOO_LONG,       /* longer than the largest record: skipped */
} RecordEnd;

typedef struct Record {
  char *ptr;
  size_t len;
  long line;          /* physical line on which it starts */
  bool unclosed;      /* REC_TOO_LONG: it also ran into an unclosed quote */
  bool endless;       /* REC_TOO_LONG: cut, with no end in sight */
} Record;

/* Finds the next record whole, reading blocks as needed; a CR before its
 * line end is not the record's.  A record that outgrows the largest buffer
 * is skipped to its end (REC_TOO_LONG). */
RecordEnd reg_find_record(RegInput *in, RecordScanner *sc, Record *rec);

#endif
