/*
 * encoding.c - a registry's text made UTF-8 (encoding.h).
 *
 * A registry in UTF-16 or GB18030 is converted with iconv (glibc's) into an
 * unnamed temporary file before anything else reads it: the block reader,
 * CSV's one-pass reader and the threads then see UTF-8 only, memory stays
 * bounded by a block, and a row number is the same line of the file.  The
 * price is one more pass and the file's size on the temporary disk.
 *
 * GB18030 is found, when not said, by one pass over a regular file counting
 * its non-ASCII characters that are and are not UTF-8: a UTF-8 file damaged
 * in a few places stays UTF-8 (its bad cells are reported by row), a file
 * mostly not UTF-8 is GB18030 if iconv reads all of it, else refused once.
 */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/swar.h"
#include "../base/utf8.h"

enum {
  SCAN_BLOCK = 1 << 16,
  UTF8_LONGEST = 4,     /* a sequence cut by a block is carried this far */
  SCAN_PARTS_MOST = 8,
  SCAN_SPLIT_BYTES = 8 << 20,   /* from this size a second core scans half */
};

/* Non-ASCII characters of a text, as UTF-8 sees them. */
typedef struct Utf8Count {
  long long valid, invalid;
} Utf8Count;

/* Counts buf[0..len); returns the bytes at the end that may be the start
 * of a sequence the next block completes (0 at the end of the input).
 * This pass over the whole file comes before any row is read, on one
 * thread: ASCII is skipped 32 or 8 bytes at a time, sequences checked inline. */
static size_t count_utf8(const char *text, size_t len, bool at_end, Utf8Count *count) {
  const unsigned char *buf = (const unsigned char *)text;
  size_t i = 0;
  while (i < len) {
    if (len - i >= 32 && !((swar_load(text + i) | swar_load(text + i + 8) |
                            swar_load(text + i + 16) | swar_load(text + i + 24)) &
                           SWAR_BYTES(0x80))) {
      i += 32;   /* ASCII: most of a registry, all of its syntax */
      continue;
    }
    if (len - i >= 8 && !(swar_load(text + i) & SWAR_BYTES(0x80))) {
      i += 8;
      continue;
    }
    if (buf[i] < 0x80) {
      i++;
      continue;
    }
    size_t n = utf8_sequence_length(buf + i, len - i);
    if (n == 0 && !at_end && len - i < UTF8_LONGEST)
      return len - i;   /* perhaps cut by the block */
    if (n > 0) {
      count->valid++;
      i += n;
    } else {
      count->invalid++;
      i++;
    }
  }
  return 0;
}

bool encoding_mostly_not_utf8(const char *buf, size_t len, bool at_end) {
  Utf8Count count = {0, 0};
  count_utf8(buf, len, at_end, &count);
  return count.invalid > count.valid;
}

/* Counts bytes [from, to) of `fd`, read in blocks; false on a read error. */
static bool count_range(int fd, off_t from, off_t to, Utf8Count *count) {
  char *buf = malloc(SCAN_BLOCK + UTF8_LONGEST);
  if (!buf)
    return false;
  size_t carry = 0;
  while (from < to) {
    size_t want = to - from < SCAN_BLOCK ? (size_t)(to - from) : SCAN_BLOCK;
    ssize_t n = pread(fd, buf + carry, want, from);
    if (n <= 0) {
      free(buf);
      return false;
    }
    from += n;
    size_t len = carry + (size_t)n;
    carry = count_utf8(buf, len, false, count);
    memmove(buf, buf + len - carry, carry);
  }
  count_utf8(buf, carry, true, count);
  free(buf);
  return true;
}

/* A place at or after `at` that the one pass stops at whatever comes
 * before: a byte that is no continuation byte (no sequence has one
 * inside), or one after three continuation bytes (a sequence is four
 * bytes at most).  Counting the parts on either side of it therefore adds
 * up to what one pass counts. */
static off_t split_point(int fd, off_t at, off_t size) {
  unsigned char b[64];
  int continuations = 0;
  while (at < size) {
    ssize_t n = pread(fd, b, sizeof b, at);
    if (n <= 0)
      return size;
    for (ssize_t i = 0; i < n; i++, at++) {
      if ((b[i] & 0xC0) != 0x80 || continuations >= 3)
        return at;
      continuations++;
    }
  }
  return size;
}

typedef struct ScanPart {
  int fd;
  off_t from, to;
  Utf8Count count;
  bool ok;
} ScanPart;

static void *scan_part(void *arg) {
  ScanPart *part = arg;
  part->ok = count_range(part->fd, part->from, part->to, &part->count);
  return NULL;
}

bool encoding_count_utf8_file(int fd, int parts, long long *valid, long long *invalid) {
  struct stat st;
  if (fstat(fd, &st) != 0 || parts < 1 || parts > SCAN_PARTS_MOST)
    return false;
  ScanPart part[SCAN_PARTS_MOST];
  pthread_t thread[SCAN_PARTS_MOST];
  bool started[SCAN_PARTS_MOST] = {false};
  off_t from = 0;
  for (int k = 0; k < parts; k++) {
    off_t to = k + 1 == parts ? st.st_size : split_point(fd, st.st_size / parts * (k + 1), st.st_size);
    part[k] = (ScanPart){.fd = fd, .from = from, .to = to < from ? from : to};
    from = part[k].to;
  }
  for (int k = 1; k < parts; k++)   /* the first part on this thread */
    started[k] = pthread_create(&thread[k], NULL, scan_part, &part[k]) == 0;
  scan_part(&part[0]);
  bool ok = true;
  *valid = *invalid = 0;
  for (int k = 0; k < parts; k++) {
    if (k > 0 && started[k])
      pthread_join(thread[k], NULL);
    else if (k > 0)
      scan_part(&part[k]);
    ok &= part[k].ok;
    *valid += part[k].count.valid;
    *invalid += part[k].count.invalid;
  }
  return ok;
}

/* One pass over `file` (then rewound): is its text mostly not UTF-8?  The
 * pass comes before any row is read, so a large file is scanned in two
 * halves at once when the run has two threads or more. */
static bool mostly_not_utf8(FILE *file, int threads) {
  int fd = fileno(file);
  struct stat st;
  int parts = threads >= 2 && fstat(fd, &st) == 0 && st.st_size >= SCAN_SPLIT_BYTES ? 2 : 1;
  long long valid = 0, invalid = 0;
  encoding_count_utf8_file(fd, parts, &valid, &invalid);
  rewind(file);
  return invalid > valid;
}

/* A temporary file that is gone when closed. */
static FILE *unnamed_temp_file(void) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir)
    dir = "/tmp";
  size_t size = strlen(dir) + sizeof "/polc-registry-XXXXXX";
  char *path = malloc(size);
  if (!path)
    return NULL;
  snprintf(path, size, "%s/polc-registry-XXXXXX", dir);
  int fd = mkstemp(path);
  if (fd >= 0)
    unlink(path);
  free(path);
  FILE *file = fd >= 0 ? fdopen(fd, "w+b") : NULL;
  if (!file && fd >= 0)
    close(fd);
  return file;
}

/* Where a conversion stopped: 0 when it did not. */
typedef struct Conversion {
  long long bad_at;       /* 1-based offset of a byte not in the encoding */
  bool cut;               /* the input ends inside a character */
  int error;              /* errno of a failed write or read */
} Conversion;

/* Converts every byte of `from` (from `charset`) into `to`, in UTF-8. */
static Conversion convert(iconv_t cd, FILE *from, FILE *to) {
  Conversion result = {0, false, 0};
  static const size_t block = SCAN_BLOCK;
  char *in = malloc(block + 8), *out = malloc(4 * block + 16);
  long long consumed = 0;   /* bytes of `from` before in[0] */
  size_t carry = 0;
  for (bool eof = false; !eof && in && out;) {
    size_t n = fread(in + carry, 1, block, from);
    eof = n == 0;
    char *p = in;
    size_t left = carry + n;
    while (left > 0) {
      char *q = out;
      size_t room = 4 * block + 16;
      size_t r = iconv(cd, &p, &left, &q, &room);
      if (fwrite(out, 1, (size_t)(q - out), to) != (size_t)(q - out)) {
        result.error = errno;
        goto done;
      }
      if (r != (size_t)-1 || errno == E2BIG)
        continue;
      if (errno == EILSEQ) {
        result.bad_at = consumed + (p - in) + 1;
        goto done;
      }
      break;   /* EINVAL: a character cut by the block */
    }
    if (eof && left > 0) {
      result.cut = true;
      break;
    }
    consumed += (long long)(p - in);
    memmove(in, p, left);
    carry = left;
  }
  if (ferror(from))
    result.error = EIO;
  if (!in || !out)
    result.error = ENOMEM;
done:
  free(in);
  free(out);
  return result;
}

/* `file` converted from `charset` into a temporary file, rewound; NULL
 * after reporting. */
static FILE *converted(FILE *file, const char *charset, const char *shown,
                       RowBuilder *report) {
  iconv_t cd = iconv_open("UTF-8", charset);
  FILE *to = cd == (iconv_t)-1 ? NULL : unnamed_temp_file();
  if (!to) {
    rb_report(report, 0, "cannot convert the registry from %s: %s", shown, strerror(errno));
    if (cd != (iconv_t)-1)
      iconv_close(cd);
    return NULL;
  }
  Conversion c = convert(cd, file, to);
  iconv_close(cd);
  if (c.error == 0 && c.bad_at == 0 && !c.cut && fflush(to) == 0) {
    rewind(to);
    return to;
  }
  if (c.bad_at)
    rb_report(report, 0, "byte %lld is not %s text: save the registry as UTF-8, or say "
              "its encoding with --encoding", c.bad_at, shown);
  else if (c.cut)
    rb_report(report, 0, "the registry ends inside a %s character", shown);
  else
    rb_report(report, 0, "cannot convert the registry from %s: %s", shown,
              strerror(c.error ? c.error : errno));
  fclose(to);
  return NULL;
}

static bool is_regular(FILE *file) {
  struct stat st;
  return fstat(fileno(file), &st) == 0 && S_ISREG(st.st_mode);
}

/* The UTF-16 byte order mark at the start of a regular file (rewound). */
static bool starts_utf16(FILE *file) {
  unsigned char bom[2];
  bool utf16 = fread(bom, 1, 2, file) == 2 &&
               ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF));
  rewind(file);
  return utf16;
}

FILE *encoding_to_utf8(FILE *file, RegistryEncoding encoding, int threads, RowBuilder *report) {
  if (encoding == REGISTRY_ENCODING_GB18030)
    return converted(file, "GB18030", "GB18030", report);
  if (encoding == REGISTRY_ENCODING_UTF8 || !is_regular(file))
    return file;
  if (starts_utf16(file))
    return converted(file, "UTF-16", "UTF-16", report);   /* iconv reads the BOM */
  if (!mostly_not_utf8(file, threads))
    return file;
  FILE *text = converted(file, "GB18030", "GB18030", report);
  if (text)
    rb_report(report, 0, "warning: not UTF-8 text; read as GB18030 (as Excel saves CSV "
              "on Chinese Windows): say --encoding gb18030 to confirm it, or save the "
              "registry as UTF-8");
  return text;
}
