/*
 * reg_input.c - block input and the record finder (reg_input.h).
 */
#include "reg_input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/arena.h"
#include "encoding.h"

enum {
  DEFAULT_BLOCK = 256 * 1024,
  DEFAULT_MAX_RECORD = 64 * 1024 * 1024,
};

/* Skips a UTF-8 byte order mark at the start of the input. */
static void skip_bom(RegInput *in) {
  while (in->len - in->pos < 3 && !in->eof) {
    size_t n = reg_input_more(in, in->pos);
    in->pos = 0;
    if (n == 0 || n == REG_INPUT_FULL)
      break;
  }
  if (in->len - in->pos >= 3 && memcmp(in->buf + in->pos, "\xEF\xBB\xBF", 3) == 0)
    in->pos += 3;
}

/* UTF-16 that encoding.c did not convert (standard input, a pipe): said
 * once, rather than a message for every row. */
static bool refuse_utf16(RegInput *in) {
  if (in->len - in->pos < 2 || !(memcmp(in->buf + in->pos, "\xFF\xFE", 2) == 0 ||
                                 memcmp(in->buf + in->pos, "\xFE\xFF", 2) == 0))
    return false;
  rb_report(in->report, 0, "the registry is UTF-16 text, read only from a file: save it "
            "as UTF-8, or give its file name");
  return true;
}

/* A pipe whose first block (read by skip_bom) is mostly not UTF-8 (a
 * regular file was scanned and converted by encoding.c): said once, rather
 * than for every row. */
static bool refuse_not_utf8(RegInput *in) {
  if (!encoding_mostly_not_utf8(in->buf + in->pos, in->len - in->pos, in->eof))
    return false;
  rb_report(in->report, 0, "the registry is not UTF-8 text (GB18030, as Excel saves CSV on "
            "Chinese Windows?): say --encoding gb18030, or save it as UTF-8");
  return true;
}

static void input_init(RegInput *in, RegistryLimits limits, RowBuilder *report) {
  *in = (RegInput){.report = report, .line = 1};
  in->block = limits.block ? limits.block : DEFAULT_BLOCK;
  in->max_record = limits.max_record ? limits.max_record : DEFAULT_MAX_RECORD;
  in->cap = 2 * in->block;
  in->buf = xmalloc(in->cap);
}

bool reg_input_open(RegInput *in, const char *path, RegistryLimits limits,
                    const RegistryOptions *options, RowBuilder *report) {
  input_init(in, limits, report);
  if (strcmp(path, "-") == 0) {
    in->file = stdin;
  } else {
    in->file = fopen(path, "rb");
    in->own_file = true;
    if (!in->file) {
      rb_report(report, 0, "cannot open the registry: %s", strerror(errno));
      return false;
    }
  }
  struct stat st;
  bool scanned = fstat(fileno(in->file), &st) == 0 && S_ISREG(st.st_mode);
  FILE *text = encoding_to_utf8(in->file, options->encoding, options->threads, report);
  if (text != in->file) {   /* converted (or not convertible) */
    if (in->own_file)
      fclose(in->file);
    in->file = text;
    in->own_file = true;
  }
  if (!text)
    return false;
  skip_bom(in);
  return !refuse_utf16(in) &&
         !(options->encoding == REGISTRY_ENCODING_AUTO && !scanned && refuse_not_utf8(in));
}

void reg_input_attach(RegInput *in, FILE *file, RegistryLimits limits, RowBuilder *report) {
  input_init(in, limits, report);
  in->file = file;
  in->own_file = true;
  skip_bom(in);
}

void reg_input_close(RegInput *in) {
  if (in->own_file && in->file)
    fclose(in->file);
  free(in->buf);
  *in = (RegInput){0};
}

long long reg_input_bytes_read(const RegInput *in) {
  return in->file ? (long long)ftello(in->file) : 0;
}

const char *reg_limit_text(const RegInput *in, char buf[32]) {
  size_t mb = 1024 * 1024;
  if (in->max_record % mb == 0)
    snprintf(buf, 32, "%zu MB", in->max_record / mb);
  else
    snprintf(buf, 32, "%zu bytes", in->max_record);
  return buf;
}

/* Makes room for one more block after the `kept` bytes at the front. */
static void ensure_room(RegInput *in, size_t kept) {
  if (in->cap - kept >= in->block)
    return;
  size_t cap = in->cap * 2;
  if (cap < kept + in->block)
    cap = kept + in->block;
  in->buf = xrealloc(in->buf, cap);
  in->cap = cap;
}

size_t reg_input_more(RegInput *in, size_t keep) {
  size_t kept = in->len - keep;
  memmove(in->buf, in->buf + keep, kept);
  in->len = kept;
  if (in->eof)
    return 0;   /* never read past an end already seen (a terminal may go on) */
  if (kept > in->max_record + 1)
    return REG_INPUT_FULL;   /* + 1: the CR of a CRLF is not the record's */
  ensure_room(in, kept);
  size_t n = fread(in->buf + kept, 1, in->block, in->file);
  in->len += n;
  if (n == 0) {
    in->eof = true;
    if (ferror(in->file)) {
      /* Rows after this point are lost: count it so the run fails. */
      rb_report(in->report, 0, "cannot read the registry: %s", strerror(errno));
      in->report->rejected++;
    }
  }
  return n;
}

bool reg_skip_endless(RegInput *in, size_t *skipped, size_t dropped) {
  *skipped += dropped;   /* the record's bytes so far, the first limit's included */
  if (*skipped <= 2 * in->max_record)
    return false;
  in->eof = true;
  in->len = 0;
  return true;
}

RecordEnd reg_find_record(RegInput *in, RecordScanner *sc, Record *rec) {
  sc->state = 0;
  sc->newlines = 0;
  sc->open = false;
  bool too_long = false, endless = false;
  size_t i = in->pos, skipped = 0;
  for (;;) {
    if (sc->find_end(sc, in->buf, &i, in->len, in->eof))
      break;
    if (too_long && (endless = reg_skip_endless(in, &skipped, i - in->pos))) {
      i = in->pos = 0;
      break;
    }
    size_t keep = too_long ? i : in->pos;   /* skipping: keep nothing */
    size_t n = reg_input_more(in, keep);
    i -= keep;
    in->pos = 0;
    if (n == REG_INPUT_FULL)
      too_long = true;
    else if (n == 0 && i == in->len)
      break;   /* (else a CR is left to scan, now that the end is known) */
  }
  bool at_end = i == in->len;
  rec->ptr = in->buf + in->pos;
  rec->len = i - in->pos;
  rec->line = in->line;
  rec->unclosed = at_end && sc->open;
  rec->endless = endless;
  in->line += sc->newlines + 1;
  in->pos = at_end ? i : i + 1;
  if (at_end && rec->len == 0 && !too_long)
    return REC_NONE;   /* (a skipped record keeps no bytes, yet it was there) */
  if (!rec->unclosed && rec->len > 0 && rec->ptr[rec->len - 1] == '\r')
    rec->len--;   /* CRLF (outside quotes, a CR before the LF is the end's) */
  if (too_long || rec->len > in->max_record)
    return REC_TOO_LONG;   /* found whole, but over the limit all the same */
  return rec->unclosed ? REC_UNCLOSED : REC_OK;
}

bool registry_path_ends(const char *path, const char *suffix) {
  size_t n = strlen(path), m = strlen(suffix);
  if (n < m)
    return false;
  for (size_t i = 0; i < m; i++) {
    char c = path[n - m + i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != suffix[i])
      return false;
  }
  return true;
}
