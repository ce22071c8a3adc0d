/*
 * xlsx_book.c - an .xlsx workbook's parts other than the sheet's rows
 * (xlsx_book.h): the archive (libzip), the sheets and their parts, the date
 * system, the shared strings and the date styles, each part streamed
 * through expat.
 */
#include "xlsx_book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"

enum { STREAM_BLOCK = 64 * 1024 };

/* ---- streaming a part ---- */

bool xlsx_stream_open(XlsxStream *s, zip_t *zip, const char *name, XML_Parser parser) {
  memset(s, 0, sizeof *s);
  s->parser = parser;
  s->file = zip_fopen(zip, name, 0);
  if (!s->file)
    return false;
  s->block_size = STREAM_BLOCK;
  s->block = xmalloc(s->block_size);
  return true;
}

enum XML_Status xlsx_stream_step(XlsxStream *s, bool *read_error) {
  *read_error = false;
  XML_ParsingStatus st;
  XML_GetParsingStatus(s->parser, &st);
  if (st.parsing == XML_SUSPENDED)
    return XML_ResumeParser(s->parser);
  zip_int64_t n = zip_fread(s->file, s->block, s->block_size);
  if (n < 0) {
    *read_error = true;
    return XML_STATUS_ERROR;
  }
  s->done = n == 0;
  return XML_Parse(s->parser, s->block, (int)n, s->done);
}

void xlsx_stream_close(XlsxStream *s) {
  if (s->file)
    zip_fclose(s->file);
  free(s->block);
  s->file = NULL;
  s->block = NULL;
}

const char *xlsx_local(const char *name) {
  const char *colon = strrchr(name, ':');
  return colon ? colon + 1 : name;
}

const char *xlsx_attr(const char **attrs, const char *name) {
  size_t n = strlen(name);
  for (int i = 0; attrs[i]; i += 2) {
    size_t a = strlen(attrs[i]);
    if (name[0] == ':' ? a > n && strcmp(attrs[i] + a - n, name) == 0
                       : strcmp(attrs[i], name) == 0)
      return attrs[i + 1];
  }
  return NULL;
}

/* Reads a whole part through `parser` (whose handlers fill user data);
 * false when the part is absent (`*missing`) or is not well-formed XML. */
static bool parse_part(zip_t *zip, const char *name, XML_Parser parser, bool *missing) {
  XlsxStream s;
  *missing = !xlsx_stream_open(&s, zip, name, parser);
  if (*missing)
    return false;
  bool ok = true, read_error;
  while (ok && !s.done)
    ok = xlsx_stream_step(&s, &read_error) == XML_STATUS_OK;
  xlsx_stream_close(&s);
  return ok;
}

/* ---- workbook.xml and its rels ---- */

typedef struct Rel {
  char *id, *target, *type;
} Rel;

typedef struct BookParse {
  XlsxBook *book;
  char **sheet_ids;     /* [nsheets]: r:id of each sheet */
  Rel *rels;
  int nrels;
  /* shared strings and styles */
  bool in_si, in_t, in_phonetic;
  bool in_cell_xfs, in_num_fmts;
  int *date_fmts;       /* custom numFmtIds that show dates */
  int ndate_fmts;
  XML_Parser parser;    /* the part's, for a handler to stop it */
  bool strings_too_big;
} BookParse;

static char *copy(const char *s) {
  return s ? strcpy(xmalloc(strlen(s) + 1), s) : NULL;
}

static void XMLCALL workbook_start(void *data, const char *el, const char **attrs) {
  BookParse *bp = data;
  XlsxBook *book = bp->book;
  el = xlsx_local(el);
  if (strcmp(el, "workbookPr") == 0) {
    const char *d = xlsx_attr(attrs, "date1904");
    book->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
  } else if (strcmp(el, "sheet") == 0) {
    const char *name = xlsx_attr(attrs, "name"), *id = xlsx_attr(attrs, ":id");
    if (!name || !id || book->nsheets >= 4096)
      return;
    book->sheets = xrealloc(book->sheets, sizeof *book->sheets * (size_t)(book->nsheets + 1));
    bp->sheet_ids = xrealloc(bp->sheet_ids, sizeof *bp->sheet_ids * (size_t)(book->nsheets + 1));
    book->sheets[book->nsheets] = (XlsxSheet){copy(name), NULL};
    bp->sheet_ids[book->nsheets++] = copy(id);
  }
}

static void XMLCALL rels_start(void *data, const char *el, const char **attrs) {
  BookParse *bp = data;
  if (strcmp(xlsx_local(el), "Relationship") != 0 || bp->nrels >= 65536)
    return;
  const char *id = xlsx_attr(attrs, "Id"), *target = xlsx_attr(attrs, "Target");
  const char *type = xlsx_attr(attrs, "Type");
  if (!id || !target)
    return;
  bp->rels = xrealloc(bp->rels, sizeof *bp->rels * (size_t)(bp->nrels + 1));
  bp->rels[bp->nrels++] = (Rel){copy(id), copy(target), copy(type ? type : "")};
}

/* A rel's target as a path in the archive: relative to xl/, or absolute. */
static char *part_path(const char *target) {
  if (target[0] == '/')
    return copy(target + 1);
  char *p = xmalloc(strlen(target) + 4);
  strcpy(p, "xl/");
  strcat(p, target);
  return p;
}

static const Rel *rel_of_type(const BookParse *bp, const char *suffix) {
  size_t n = strlen(suffix);
  for (int i = 0; i < bp->nrels; i++) {
    size_t t = strlen(bp->rels[i].type);
    if (t >= n && strcmp(bp->rels[i].type + t - n, suffix) == 0)
      return &bp->rels[i];
  }
  return NULL;
}

static XML_Parser new_parser(BookParse *bp, XML_StartElementHandler start,
                             XML_EndElementHandler end) {
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, bp);
  XML_SetElementHandler(p, start, end);
  return p;
}

static bool read_workbook(BookParse *bp, RowBuilder *rb) {
  XlsxBook *book = bp->book;
  bool missing;
  XML_Parser p = new_parser(bp, workbook_start, NULL);
  bool ok = parse_part(book->zip, "xl/workbook.xml", p, &missing);
  XML_ParserFree(p);
  if (!ok) {
    rb_report(rb, 0, missing ? "not an Excel workbook (.xlsx): the archive has no "
                               "xl/workbook.xml; save the file as .xlsx or as CSV"
                             : "the workbook is damaged (xl/workbook.xml is not "
                               "well-formed XML); open and save it again in Excel");
    return false;
  }
  p = new_parser(bp, rels_start, NULL);
  ok = parse_part(book->zip, "xl/_rels/workbook.xml.rels", p, &missing);
  XML_ParserFree(p);
  if (!ok) {
    rb_report(rb, 0, "the workbook is damaged (xl/_rels/workbook.xml.rels is missing "
                     "or not well-formed); open and save it again in Excel");
    return false;
  }
  for (int s = 0; s < book->nsheets; s++)
    for (int r = 0; r < bp->nrels && !book->sheets[s].part; r++)
      if (strcmp(bp->rels[r].id, bp->sheet_ids[s]) == 0)
        book->sheets[s].part = part_path(bp->rels[r].target);
  return true;
}

/* ---- shared strings ---- */

static void push_bytes(XlsxBook *book, const char *s, size_t n) {
  if (book->strings_cap - book->strings_len < n) {
    book->strings_cap = 2 * book->strings_cap + n + 4096;
    book->strings = xrealloc(book->strings, book->strings_cap);
  }
  memcpy(book->strings + book->strings_len, s, n);
  book->strings_len += n;
}

static void push_offset(XlsxBook *book) {
  if (book->nstrings + 1 >= book->offsets_cap) {
    book->offsets_cap = 2 * book->offsets_cap + 1024;
    book->offsets = xrealloc(book->offsets, sizeof *book->offsets * book->offsets_cap);
  }
  book->offsets[++book->nstrings] = book->strings_len;
}

static void XMLCALL strings_start(void *data, const char *el, const char **attrs) {
  (void)attrs;
  BookParse *bp = data;
  el = xlsx_local(el);
  if (strcmp(el, "si") == 0)
    bp->in_si = true;
  else if (strcmp(el, "rPh") == 0)
    bp->in_phonetic = true;   /* a reading aid, not the text */
  else if (strcmp(el, "t") == 0)
    bp->in_t = bp->in_si && !bp->in_phonetic;
}

static void XMLCALL strings_end(void *data, const char *el) {
  BookParse *bp = data;
  el = xlsx_local(el);
  if (strcmp(el, "si") == 0) {
    bp->in_si = false;
    push_offset(bp->book);
  } else if (strcmp(el, "rPh") == 0) {
    bp->in_phonetic = false;
  } else if (strcmp(el, "t") == 0) {
    bp->in_t = false;
  }
}

enum { MAX_STRINGS_BYTES = 1 << 30 };   /* a workbook's text, all of it */

static void XMLCALL strings_text(void *data, const char *s, int len) {
  BookParse *bp = data;
  if (!bp->in_t)
    return;
  if (bp->book->strings_len + (size_t)len > MAX_STRINGS_BYTES) {
    bp->strings_too_big = true;
    XML_StopParser(bp->parser, XML_FALSE);
    return;
  }
  push_bytes(bp->book, s, (size_t)len);
}

bool xlsx_shared_string(const XlsxBook *book, size_t i, const char **text, size_t *len) {
  if (i >= book->nstrings)
    return false;
  *text = book->strings + book->offsets[i];
  *len = book->offsets[i + 1] - book->offsets[i];
  return true;
}

static bool read_strings(BookParse *bp, RowBuilder *rb) {
  XlsxBook *book = bp->book;
  book->offsets_cap = 1024;
  book->offsets = xmalloc(sizeof *book->offsets * book->offsets_cap);
  book->offsets[0] = 0;
  const Rel *rel = rel_of_type(bp, "/sharedStrings");
  char *part = part_path(rel ? rel->target : "sharedStrings.xml");
  XML_Parser p = bp->parser = new_parser(bp, strings_start, strings_end);
  XML_SetCharacterDataHandler(p, strings_text);
  bool missing;
  bool ok = parse_part(book->zip, part, p, &missing) || missing;   /* none: no strings */
  XML_ParserFree(p);
  if (bp->strings_too_big)
    rb_report(rb, 0, "the workbook's text (%s) is larger than %d MB; polc reads "
                     "workbooks of at most that", part, MAX_STRINGS_BYTES >> 20);
  else if (!ok)
    rb_report(rb, 0, "the workbook is damaged (%s is not well-formed XML); open and "
                     "save it again in Excel", part);
  free(part);
  return ok;
}

/* ---- styles: which cell styles show dates ---- */

/* Excel's built-in number formats that show a date (14-22, 27-36, 45-47
 * and 50-58, the last ones the East Asian locales' date formats). */
static bool builtin_date_format(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

/* A custom format code shows a date when, outside quoted text, escaped
 * characters and [..] (colours, conditions, locales), it has a date or
 * time letter: y, m, d, h, s ("yyyy"年"m"月"d"日", "m/d/yy h:mm"). */
static bool date_format_code(const char *code) {
  for (const char *p = code; *p; p++) {
    if (*p == '"') {
      const char *q = strchr(p + 1, '"');
      if (!q)
        return false;
      p = q;
    } else if (*p == '\\' || *p == '_' || *p == '*') {
      if (!p[1])
        return false;
      p++;
    } else if (*p == '[') {
      const char *q = strchr(p + 1, ']');
      if (!q)
        return false;
      p = q;
    } else if (strchr("ymdhsYMDHS", *p)) {
      return true;
    }
  }
  return false;
}

static bool is_date_format(const BookParse *bp, int id) {
  if (builtin_date_format(id))
    return true;
  for (int i = 0; i < bp->ndate_fmts; i++)
    if (bp->date_fmts[i] == id)
      return true;
  return false;
}

static void XMLCALL styles_start(void *data, const char *el, const char **attrs) {
  BookParse *bp = data;
  XlsxBook *book = bp->book;
  el = xlsx_local(el);
  if (strcmp(el, "numFmts") == 0) {
    bp->in_num_fmts = true;
  } else if (strcmp(el, "cellXfs") == 0) {
    bp->in_cell_xfs = true;
  } else if (strcmp(el, "numFmt") == 0 && bp->in_num_fmts) {
    const char *id = xlsx_attr(attrs, "numFmtId"), *code = xlsx_attr(attrs, "formatCode");
    if (id && code && date_format_code(code) && bp->ndate_fmts < 4096) {
      bp->date_fmts = xrealloc(bp->date_fmts, sizeof *bp->date_fmts *
                                                  (size_t)(bp->ndate_fmts + 1));
      bp->date_fmts[bp->ndate_fmts++] = atoi(id);
    }
  } else if (strcmp(el, "xf") == 0 && bp->in_cell_xfs && book->nstyles < 65536) {
    const char *id = xlsx_attr(attrs, "numFmtId");
    book->date_style = xrealloc(book->date_style, book->nstyles + 1);
    book->date_style[book->nstyles++] = id && is_date_format(bp, atoi(id));
  }
}

static void XMLCALL styles_end(void *data, const char *el) {
  BookParse *bp = data;
  el = xlsx_local(el);
  if (strcmp(el, "numFmts") == 0)
    bp->in_num_fmts = false;
  else if (strcmp(el, "cellXfs") == 0)
    bp->in_cell_xfs = false;
}

static bool read_styles(BookParse *bp, RowBuilder *rb) {
  const Rel *rel = rel_of_type(bp, "/styles");
  char *part = part_path(rel ? rel->target : "styles.xml");
  XML_Parser p = new_parser(bp, styles_start, styles_end);
  bool missing;
  bool ok = parse_part(bp->book->zip, part, p, &missing) || missing;   /* none: no dates */
  XML_ParserFree(p);
  if (!ok)
    rb_report(rb, 0, "the workbook is damaged (%s is not well-formed XML); open and "
                     "save it again in Excel", part);
  free(part);
  return ok;
}

/* ---- the book ---- */

/* What the file's first bytes say it is, when it is no zip archive. */
typedef enum Magic { MAGIC_OTHER, MAGIC_ZIP, MAGIC_XLS } Magic;

static Magic file_magic(const char *path) {
  unsigned char head[4] = {0};
  FILE *f = fopen(path, "rb");
  if (!f)
    return MAGIC_OTHER;
  size_t n = fread(head, 1, sizeof head, f);
  fclose(f);
  if (n == 4 && memcmp(head, "PK\x03\x04", 4) == 0)
    return MAGIC_ZIP;
  if (n == 4 && memcmp(head, "\xD0\xCF\x11\xE0", 4) == 0)
    return MAGIC_XLS;
  return MAGIC_OTHER;
}

static bool open_zip(XlsxBook *book, const char *path, RowBuilder *rb) {
  const char *unbound = zip_bind();   /* loaded now, not at start-up */
  if (unbound) {
    rb_report(rb, 0, "libzip, which reads Excel workbooks, could not be loaded: %s "
                     "(install libzip4, or save the workbook as CSV)", unbound);
    return false;
  }
  int err = 0;
  book->zip = zip_open(path, ZIP_RDONLY, &err);
  if (book->zip)
    return true;
  Magic magic = err == ZIP_ER_NOZIP ? file_magic(path) : MAGIC_OTHER;
  if (err == ZIP_ER_NOZIP && magic == MAGIC_XLS)
    rb_report(rb, 0, "not an .xlsx workbook but an old .xls one (Excel 97-2003); "
                     "open it in Excel and save it as .xlsx, or as CSV");
  else if (err == ZIP_ER_NOZIP && magic == MAGIC_OTHER)
    rb_report(rb, 0, "not an Excel workbook (.xlsx): the file is not a zip archive "
                     "(another file renamed?); save it as .xlsx or as CSV");
  else if (err == ZIP_ER_NOZIP || err == ZIP_ER_INCONS || err == ZIP_ER_CRC ||
           err == ZIP_ER_EOF)
    rb_report(rb, 0, "the workbook is damaged (its zip archive is cut short or "
                     "inconsistent); open and save it again in Excel, or send it again");
  else {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    rb_report(rb, 0, "cannot open the workbook: %s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
  }
  return false;
}

static void free_parse(BookParse *bp) {
  for (int i = 0; i < bp->book->nsheets; i++)
    free(bp->sheet_ids ? bp->sheet_ids[i] : NULL);
  free(bp->sheet_ids);
  for (int i = 0; i < bp->nrels; i++) {
    free(bp->rels[i].id);
    free(bp->rels[i].target);
    free(bp->rels[i].type);
  }
  free(bp->rels);
  free(bp->date_fmts);
}

bool xlsx_book_open(XlsxBook *book, const char *path, RowBuilder *rb) {
  memset(book, 0, sizeof *book);
  if (!open_zip(book, path, rb))
    return false;
  BookParse bp = {.book = book};
  bool ok = read_workbook(&bp, rb) && read_strings(&bp, rb) && read_styles(&bp, rb);
  if (ok && book->nsheets == 0) {
    rb_report(rb, 0, "the workbook has no sheet");
    ok = false;
  }
  free_parse(&bp);
  return ok;
}

const XlsxSheet *xlsx_book_sheet(const XlsxBook *book, const char *name, RowBuilder *rb) {
  for (int i = 0; i < book->nsheets; i++)
    if (!name || strcmp(book->sheets[i].name, name) == 0) {
      if (book->sheets[i].part)
        return &book->sheets[i];
      rb_report(rb, 0, "the workbook is damaged: sheet \"%s\" has no part; open and "
                       "save it again in Excel", book->sheets[i].name);
      return NULL;
    }
  size_t len = 0;
  for (int i = 0; i < book->nsheets; i++)
    len += strlen(book->sheets[i].name) + 4;
  char *list = xmalloc(len + 1);
  list[0] = '\0';
  for (int i = 0; i < book->nsheets; i++) {
    strcat(list, i ? ", \"" : "\"");
    strcat(list, book->sheets[i].name);
    strcat(list, "\"");
  }
  rb_report(rb, 0, "the workbook has no sheet \"%s\"; its sheets are %s (choose one "
                   "with --sheet NAME)", name, list);
  free(list);
  return NULL;
}

void xlsx_book_close(XlsxBook *book) {
  if (book->zip)
    zip_discard(book->zip);
  for (int i = 0; i < book->nsheets; i++) {
    free(book->sheets[i].name);
    free(book->sheets[i].part);
  }
  free(book->sheets);
  free(book->strings);
  free(book->offsets);
  free(book->date_style);
  memset(book, 0, sizeof *book);
}
