/*
 * cmd_fmt.c - `polc fmt [--check] FILE...`: rewrite files in the canonical
 * layout (lang/format.h), in place; --check only lists the files that are
 * not in it.  A file with a syntax error is reported and left alone.
 * `polc fmt -` reads standard input and writes the layout to standard
 * output (for editors that format a buffer through a filter).  A symbolic
 * link is written through: its target is rewritten, the link kept.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lang/format.h"
#include "../runtime/base/outfile.h"
#include "../runtime/base/i18n.h"
#include "driver.h"

typedef enum FileResult { FMT_SAME, FMT_CHANGED, FMT_BAD, FMT_UNREADABLE } FileResult;

/* Rewrites `path` atomically.  A symbolic link is written through: the
 * temporary is made beside the file the link resolves to and renamed over
 * it, so the link stays a link (renaming over the link itself would put a
 * plain copy in its place). */
static bool write_whole(const char *path, const char *text, size_t len) {
  char target[PATH_MAX];
  if (!realpath(path, target))
    return false;
  OutFile out;
  if (!outfile_open(&out, target))
    return false;
  if (fwrite(text, 1, len, out.fp) != len) {
    outfile_abort(&out);
    return false;
  }
  return outfile_commit(&out);
}

static FileResult format_file(const char *path, bool check, DiagPrinter *printer) {
  Arena arena;
  arena_init(&arena);
  const char *why = NULL;
  bool piped = strcmp(path, "-") == 0;
  Source *src = piped ? source_read_stream(&arena, stdin, "<stdin>", &why)
                      : source_read(&arena, path, &why);
  if (!src) {
    fprintf(stderr, _("polc: cannot read '%s': %s\n"), path, why);
    arena_free(&arena);
    return FMT_UNREADABLE;
  }
  Diags diags;
  diags_init(&diags, &arena);
  size_t len;
  char *text = format_source(&arena, src, &diags, &len);
  FileResult result = !text ? FMT_BAD
                      : len == src->len && memcmp(text, src->text, len) == 0 ? FMT_SAME
                                                                            : FMT_CHANGED;
  diag_printer_emit(printer, &diags);
  if (result == FMT_CHANGED && check) {
    printf("%s\n", src->path);
  } else if (piped && !check && text) {
    fwrite(text, 1, len, stdout);
  } else if (result == FMT_CHANGED && !write_whole(path, text, len)) {
    fprintf(stderr, _("polc: cannot write '%s': %s\n"), path, strerror(errno));
    result = FMT_UNREADABLE;
  }
  free(text);
  arena_free(&arena);
  return result;
}

int cmd_fmt(int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  bool check = false;
  PtrVec paths = {0};
  for (int i = 1; i < argc; i++) {
    if (is_help_flag(argv[i]))
      return arena_free(&arena), help_print("fmt");
    if (strcmp(argv[i], "--check") == 0)
      check = true;
    else if (argv[i][0] == '-' && argv[i][1] != '\0')
      return arena_free(&arena), usage_error("fmt", "unknown option '%s'", argv[i]);
    else
      ptrvec_push(&arena, &paths, argv[i]);
  }
  PtrVec files = {0};
  bool piped = paths.len == 1 && strcmp(paths.items[0], "-") == 0;
  if (piped) {
    ptrvec_push(&arena, &files, paths.items[0]);
  } else if (paths.len == 0 ||
             files_expand(&arena, (char **)paths.items, paths.len, &files) < 0) {
    arena_free(&arena);
    return paths.len == 0 ? usage_error("fmt", "no files to format") : EXIT_USAGE;
  }
  DiagPrinter printer = {.format = DIAG_TEXT, .out = stderr,
                         .color = isatty(fileno(stderr)) && !getenv("NO_COLOR")};
  int counts[4] = {0};
  for (int i = 0; i < files.len; i++)
    counts[format_file(files.items[i], check, &printer)]++;
  arena_free(&arena);
  if (counts[FMT_UNREADABLE])
    return EXIT_USAGE;
  return counts[FMT_BAD] || (check && counts[FMT_CHANGED]) ? EXIT_INPUT : EXIT_OK;
}
