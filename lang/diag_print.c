/*
 * diag_print.c - writing diagnostics as GCC-style text, JSON or SARIF.
 */
#include <string.h>

#include "../runtime/base/i18n.h"
#include "../runtime/base/jsonw.h"
#include "../runtime/base/utf8.h"
#include "diag.h"

#ifndef POLC_VERSION
#define POLC_VERSION "0.0.0"
#endif

static const char *severity_name(Severity s) {
  return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

static const char *severity_color(Severity s) {
  return s == SEV_ERROR ? "\033[1;31m" : s == SEV_WARNING ? "\033[1;35m"
                                                          : "\033[1;36m";
}

typedef struct Where {
  int line, column;           /* of the first byte, in display columns */
  int end_line, end_column;   /* just past the last byte */
  int shown, shown_end;       /* the columns printed: display or characters */
} Where;

/* `chars`: the printed columns count characters, not display columns (the
 * caret is drawn in display columns either way). */
static Where locate_span(Arena *arena, Source *src, Span span, bool chars) {
  Where w;
  source_position(arena, src, span.begin, &w.line, &w.column);
  uint32_t end = span.end > span.begin ? span.end : span.begin;
  source_position(arena, src, end, &w.end_line, &w.end_column);
  w.shown = chars ? source_char_column(arena, src, span.begin) : w.column;
  w.shown_end = chars ? source_char_column(arena, src, end) : w.end_column;
  return w;
}

static Where locate(Arena *arena, const Diag *d, bool chars) {
  return locate_span(arena, d->src, d->span, chars);
}

/* --- the table of codes ------------------------------------------------ */

typedef struct DiagCode {
  const char *id;
  const char *description;
} DiagCode;

static const DiagCode diag_codes[] = {
#define DIAG_CODE(id, description) {id, description},
#include "diag_codes.h"
#undef DIAG_CODE
};
enum { DIAG_CODES = sizeof diag_codes / sizeof diag_codes[0] };

/* The code's place in the table (SARIF's ruleIndex), or -1: the codes of
 * problems without a place (cannot-read, native-code) are not rules. */
static int rule_index(const char *code) {
  for (int i = 0; i < DIAG_CODES; i++)
    if (strcmp(diag_codes[i].id, code) == 0)
      return i;
  return -1;
}

/* Writes a source line so that every character takes the columns
 * utf8_columns() counts: tabs as spaces, invalid bytes and controls as '?'. */
static void print_source_line(FILE *out, const char *s, size_t len) {
  int col = 0;
  size_t i = 0;
  while (i < len) {
    if (s[i] == '\t') {
      int next = (col / 8 + 1) * 8;
      for (; col < next; col++)
        putc(' ', out);
      i++;
      continue;
    }
    int bytes;
    int width = utf8_display_width(s + i, len - i, &bytes);
    unsigned char c = (unsigned char)s[i];
    uint32_t cp;
    if (utf8_decode((const unsigned char *)s + i, len - i, &cp) == 0 ||
        c < 0x20 || c == 0x7F)
      putc('?', out);
    else
      fwrite(s + i, 1, (size_t)bytes, out);
    col += width;
    i += (size_t)bytes;
  }
}

static void print_caret(FILE *out, Arena *arena, const Diag *d, Where w,
                        int color) {
  size_t len;
  const char *line = source_line(arena, d->src, w.line, &len);
  fprintf(out, "%5d | ", w.line);
  print_source_line(out, line, len);
  fputs("\n      | ", out);
  int start = w.column - 1;
  int stop = w.end_line == w.line ? w.end_column - 1 : utf8_columns(line, len, 0);
  int width = stop > start ? stop - start : 1;
  fprintf(out, "%*s%s^", start, "", color ? "\033[1;32m" : "");
  for (int i = 1; i < width; i++)
    putc('~', out);
  fputs(color ? "\033[0m\n" : "\n", out);
}

/* A diagnostic without a place (a file that cannot be read at all) reads as
 * polc's own line, the form the command line has always used. */
static void emit_unlocated_text(DiagPrinter *p, const Diag *d) {
  fprintf(p->out, "polc: %s\n", d->message);
  if (d->hint)
    fprintf(p->out, "      = hint: %s\n", d->hint);
}

static void emit_text(DiagPrinter *p, Arena *arena, const Diag *d) {
  FILE *out = p->out;
  if (!d->src) {
    emit_unlocated_text(p, d);
    return;
  }
  Where w = locate(arena, d, p->char_columns);
  if (p->color)
    fprintf(out, "\033[1m%s:%d:%d:\033[0m %s%s:\033[0m \033[1m%s\033[0m\n",
            d->src->path, w.line, w.shown, severity_color(d->severity),
            severity_name(d->severity), d->message);
  else
    fprintf(out, "%s:%d:%d: %s: %s\n", d->src->path, w.line, w.shown,
            severity_name(d->severity), d->message);
  print_caret(out, arena, d, w, p->color);
  if (d->hint)
    fprintf(out, _("      = hint: %s\n"), d->hint);
}

static void json_location(FILE *out, Arena *arena, const Diag *d, bool chars) {
  if (!d->src) {
    fputs("\"file\": null, \"line\": null, \"column\": null, \"end_line\": null, "
          "\"end\": null", out);
    return;
  }
  Where w = locate(arena, d, chars);
  fputs("\"file\": ", out);
  jsonw_string(out, d->src->path);
  fprintf(out, ", \"line\": %d, \"column\": %d, \"end_line\": %d, \"end\": %d",
          w.line, w.shown, w.end_line, w.shown_end);
}

/* The exact fix, when the diagnostic has one: `replacement` replaces the
 * text from line:column to end_line:end (in the diagnostic's file), which
 * is what an editor applies for the hint's "did you mean". */
static void json_fix(FILE *out, Arena *arena, const Diag *d, bool chars) {
  Where w = locate_span(arena, d->src, d->fix_span, chars);
  fprintf(out, ", \"fix\": {\"line\": %d, \"column\": %d, \"end_line\": %d, "
          "\"end\": %d, \"replacement\": ", w.line, w.shown, w.end_line, w.shown_end);
  jsonw_string(out, d->fix_text);
  fputs("}", out);
}

/* One object per error or warning; its notes ("first declared here") go
 * into its "notes" array, so a reader need not pair them up. */
static void emit_json(DiagPrinter *p, Arena *arena, const Diag *d,
                      const Diags *diags, int index) {
  FILE *out = p->out;
  if (d->severity == SEV_NOTE)
    return;
  fputs(p->printed ? ",\n  {" : "\n  {", out);
  json_location(out, arena, d, p->char_columns);
  fprintf(out, ", \"severity\": \"%s\", \"code\": ", severity_name(d->severity));
  jsonw_string(out, d->code);
  fputs(", \"message\": ", out);
  jsonw_string(out, d->message);
  fputs(", \"hint\": ", out);
  if (d->hint)
    jsonw_string(out, d->hint);
  else
    fputs("null", out);
  if (d->fix_text)
    json_fix(out, arena, d, p->char_columns);
  int notes = 0;
  for (int i = index + 1; i < diags->items.len; i++) {
    const Diag *note = diags->items.items[i];
    if (note->parent != d)
      break;
    fputs(notes++ ? ", {" : ", \"notes\": [{", out);
    json_location(out, arena, note, p->char_columns);
    fputs(", \"message\": ", out);
    jsonw_string(out, note->message);
    fputs("}", out);
  }
  fputs(notes ? "]}" : "}", out);
  p->printed++;
}

static void sarif_region(FILE *out, Where w) {
  fprintf(out, "{\"startLine\": %d, \"startColumn\": %d, \"endLine\": %d, "
               "\"endColumn\": %d}", w.line, w.shown, w.end_line, w.shown_end);
}

static void sarif_location(FILE *out, Arena *arena, const Diag *d) {
  fputs("{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
  jsonw_string(out, d->src->path);
  fputs("}, \"region\": ", out);
  sarif_region(out, locate(arena, d, true));   /* SARIF counts characters */
  fputs("}}", out);
}

/* The notes of `d` ("first declared here"), which follow it once sorted. */
static void sarif_related(FILE *out, Arena *arena, const Diags *diags, int index) {
  const Diag *d = diags->items.items[index];
  int n = 0;
  for (int i = index + 1; i < diags->items.len; i++) {
    const Diag *note = diags->items.items[i];
    if (note->parent != d)
      break;
    if (!note->src)
      continue;
    fprintf(out, n ? ", {\"id\": %d, " : ", \"relatedLocations\": [{\"id\": %d, ", n);
    n++;
    fputs("\"message\": {\"text\": ", out);
    jsonw_string(out, note->message);
    fputs("}, \"physicalLocation\": ", out);
    fputs("{\"artifactLocation\": {\"uri\": ", out);
    jsonw_string(out, note->src->path);
    fputs("}, \"region\": ", out);
    sarif_region(out, locate(arena, note, true));
    fputs("}}", out);
  }
  if (n)
    fputs("]", out);
}

/* The exact fix: one replacement in the diagnostic's file. */
static void sarif_fix(FILE *out, Arena *arena, const Diag *d) {
  fputs(", \"fixes\": [{\"description\": {\"text\": ", out);
  jsonw_string(out, d->hint ? d->hint : d->fix_text);
  fputs("}, \"artifactChanges\": [{\"artifactLocation\": {\"uri\": ", out);
  jsonw_string(out, d->src->path);
  fputs("}, \"replacements\": [{\"deletedRegion\": ", out);
  sarif_region(out, locate_span(arena, d->src, d->fix_span, true));
  fputs(", \"insertedContent\": {\"text\": ", out);
  jsonw_string(out, d->fix_text);
  fputs("}}]}]}]", out);
}

/* One result per error or warning; its notes are its relatedLocations. */
static void emit_sarif(DiagPrinter *p, Arena *arena, const Diags *diags, int index) {
  FILE *out = p->out;
  const Diag *d = diags->items.items[index];
  if (d->severity == SEV_NOTE && d->parent)
    return;
  fputs(p->printed ? ",\n        {" : "\n        {", out);
  p->printed++;
  fputs("\"ruleId\": ", out);
  jsonw_string(out, d->code);
  int rule = rule_index(d->code);
  if (rule >= 0)
    fprintf(out, ", \"ruleIndex\": %d", rule);
  fprintf(out, ", \"level\": \"%s\", \"message\": {\"text\": ",
          severity_name(d->severity));
  if (d->hint) {
    size_t n = strlen(d->message) + strlen(d->hint) + 32;
    char *text = arena_alloc(arena, n);
    snprintf(text, n, _("%s (hint: %s)"), d->message, d->hint);
    jsonw_string(out, text);
  } else {
    jsonw_string(out, d->message);
  }
  if (!d->src) {
    fputs("}, \"locations\": []}", out);
    return;
  }
  fputs("}, \"locations\": [", out);
  sarif_location(out, arena, d);
  fputs("]", out);
  sarif_related(out, arena, diags, index);
  if (d->fix_text)
    sarif_fix(out, arena, d);
  fputs("}", out);
}

/* tool.driver.rules: every code, its description and where it is explained. */
static void sarif_rules(FILE *out) {
  fputs("\"rules\": [", out);
  for (int i = 0; i < DIAG_CODES; i++) {
    fputs(i ? ",\n        {\"id\": " : "\n        {\"id\": ", out);
    jsonw_string(out, diag_codes[i].id);
    fputs(", \"name\": ", out);
    jsonw_string(out, diag_codes[i].id);
    fputs(", \"shortDescription\": {\"text\": ", out);
    jsonw_string(out, diag_codes[i].description);
    fputs("}, \"help\": {\"text\": ", out);
    char help[512];
    snprintf(help, sizeof help, "%s. An example and the fix: the entry `%s` "
             "of docs/en/diagnostics.md (docs/zh/diagnostics.md in Chinese).",
             diag_codes[i].description, diag_codes[i].id);
    jsonw_string(out, help);
    fputs("}}", out);
  }
  fputs("\n      ]", out);
}

void diag_printer_begin(DiagPrinter *p) {
  p->printed = 0;
  p->errors = 0;
  p->warnings = 0;
  if (p->format == DIAG_JSON)
    fputs("[", p->out);
  else if (p->format == DIAG_SARIF) {
    fputs("{\n  \"version\": \"2.1.0\",\n"
          "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
          "  \"runs\": [\n    {\n      \"tool\": {\"driver\": {\"name\": "
          "\"polc\", \"version\": \"" POLC_VERSION "\",\n      ", p->out);
    sarif_rules(p->out);
    fputs("}},\n      \"columnKind\": \"unicodeCodePoints\",\n"
          "      \"results\": [", p->out);
  }
}

void diag_printer_emit(DiagPrinter *p, Diags *diags) {
  diags_sort(diags);
  for (int i = 0; i < diags->items.len; i++) {
    Diag *d = diags->items.items[i];
    if (p->werror && d->severity == SEV_WARNING)
      d->severity = SEV_ERROR;
    if (d->severity == SEV_ERROR)
      p->errors++;
    else if (d->severity == SEV_WARNING)
      p->warnings++;
    if (p->format == DIAG_TEXT) {
      emit_text(p, diags->arena, d);
    } else if (p->format == DIAG_JSON) {
      emit_json(p, diags->arena, d, diags, i);
    } else {
      emit_sarif(p, diags->arena, diags, i);
    }
  }
}

void diag_printer_end(DiagPrinter *p) {
  if (p->format == DIAG_JSON)
    fputs(p->printed ? "\n]\n" : "]\n", p->out);
  else if (p->format == DIAG_SARIF)
    fputs(p->printed ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n",
          p->out);
  /* no fflush: whoever owns the stream checks it as it closes (polc's main
   * for standard output); a failed flush here would lose the error's cause */
}
