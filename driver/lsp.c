/*
 * lsp.c - `polc lsp`: reads JSON-RPC messages framed by Content-Length
 * headers from standard input, answers on standard output.  Diagnostics are
 * debounced: they are published once no message has come for DEBOUNCE_MS
 * after a change, so a burst of keystrokes compiles once.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "driver.h"
#include "lsp.h"

enum {
  DEBOUNCE_MS = 30,
  MAX_HEADER = 8192,
  MAX_BODY = 64 * 1024 * 1024,   /* a 16 MiB file, escaped, with room to spare */
};

/* Bytes read from standard input and not yet handled. */
typedef struct Reader {
  int fd;
  char *buf;
  size_t len, cap;
  size_t skip;      /* bytes of a refused body still to discard */
  bool eof;
} Reader;

/* Reads what is available (blocking once); false at end of input. */
static bool fill(Reader *r) {
  if (r->cap - r->len < 65536) {
    r->cap = r->cap ? r->cap * 2 : 131072;
    r->buf = xrealloc(r->buf, r->cap);
  }
  ssize_t n;
  do
    n = read(r->fd, r->buf + r->len, r->cap - r->len);
  while (n < 0 && errno == EINTR);
  if (n <= 0) {
    r->eof = true;
    return false;
  }
  r->len += (size_t)n;
  return true;
}

static void consume(Reader *r, size_t n) {
  memmove(r->buf, r->buf + n, r->len - n);
  r->len -= n;
}

/* The value of Content-Length in a header block, or -1. */
static long content_length(const char *headers, size_t len) {
  const char *name = "content-length:";
  for (size_t i = 0; i + 15 <= len; i++) {
    if ((i == 0 || headers[i - 1] == '\n') && strncasecmp(headers + i, name, 15) == 0) {
      char *end;
      long v = strtol(headers + i + 15, &end, 10);
      return end == headers + i + 15 || v < 0 ? -1 : v;
    }
  }
  return -1;
}

static const char *find_blank_line(const char *buf, size_t len) {
  for (size_t i = 0; i + 4 <= len; i++)
    if (memcmp(buf + i, "\r\n\r\n", 4) == 0)
      return buf + i;
  return NULL;
}

/* Handles one message if a whole one is buffered; false when more input
 * is needed. */
static bool handle_buffered(LspServer *s, Reader *r) {
  if (r->skip) {
    size_t n = r->skip < r->len ? r->skip : r->len;
    consume(r, n);
    r->skip -= n;
    return r->skip == 0 && r->len > 0;
  }
  const char *blank = find_blank_line(r->buf, r->len);
  if (!blank) {
    if (r->len > MAX_HEADER) {
      lsp_reply_error(s, NULL, RPC_PARSE_ERROR, "no end to the message's headers");
      r->len = 0;
    }
    return false;
  }
  size_t header_len = (size_t)(blank - r->buf);
  long body = content_length(r->buf, header_len);
  if (body < 0 || body > MAX_BODY) {
    lsp_reply_error(s, NULL, RPC_PARSE_ERROR, body < 0 ? "a message without Content-Length"
                                                       : "a message larger than 64 MiB");
    consume(r, header_len + 4);
    r->skip = body > 0 ? (size_t)body : 0;
    return true;
  }
  if (r->len < header_len + 4 + (size_t)body)
    return false;
  lsp_handle(s, r->buf + header_len + 4, (size_t)body);
  consume(r, header_len + 4 + (size_t)body);
  return true;
}

/* Waits for input, publishing pending diagnostics once it is quiet. */
static void wait_for_input(LspServer *s, int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  while (lsp_has_dirty(s) && !s->write_failed) {
    int n = poll(&p, 1, DEBOUNCE_MS);
    if (n != 0)
      return;
    lsp_flush(s);
  }
}

int cmd_lsp(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (is_help_flag(argv[i]))
      return help_print("lsp");
    if (strcmp(argv[i], "--stdio") != 0)   /* what VS Code's client passes */
      return usage_error("lsp", "unknown argument '%s'", argv[i]);
  }
  signal(SIGPIPE, SIG_IGN);   /* a client gone is a write error, not a death */
  LspServer s;
  lsp_server_init(&s, stdout);
  Reader r = {.fd = STDIN_FILENO};
  while (!s.exit && !s.write_failed) {
    if (handle_buffered(&s, &r))
      continue;
    wait_for_input(&s, r.fd);
    if (!fill(&r))
      break;
  }
  if (!s.exit)
    lsp_flush(&s);
  int status = s.exit && !s.shutdown ? EXIT_INPUT : EXIT_OK;
  lsp_server_free(&s);
  free(r.buf);
  return status;
}
