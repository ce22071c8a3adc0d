/*
 * diag.c - recording and ordering diagnostics.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>

#include "../runtime/base/i18n.h"

void diags_init(Diags *diags, Arena *arena) {
  diags->arena = arena;
  diags->items = (PtrVec){0};
  diags->errors = 0;
  diags->warnings = 0;
  diags->max_errors = 200;
}

/* `fmt` is an msgid: the message is written in the reader's language. */
static Diag *record(Diags *diags, Severity severity, Source *src, Span span,
                    const char *code, const char *msgid, va_list ap) {
  const char *fmt = gettext(msgid);
  if (diags->max_errors && diags->items.len >= diags->max_errors * 4)
    return NULL;   /* a runaway cascade: the first few hundred tell enough */
  Diag *d = arena_alloc(diags->arena, sizeof *d);
  va_list copy;
  va_copy(copy, ap);
  int len = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  char *msg = arena_alloc(diags->arena, (size_t)(len > 0 ? len : 0) + 1);
  vsnprintf(msg, (size_t)(len > 0 ? len : 0) + 1, fmt, ap);
  d->severity = severity;
  d->code = code;
  d->src = src;
  d->span = span;
  d->message = msg;
  d->seq = diags->items.len;
  ptrvec_push(diags->arena, &diags->items, d);
  if (severity == SEV_ERROR)
    diags->errors++;
  else if (severity == SEV_WARNING)
    diags->warnings++;
  return d;
}

Diag *diag_error(Diags *diags, Source *src, Span span, const char *code,
                 const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  Diag *d = record(diags, SEV_ERROR, src, span, code, fmt, ap);
  va_end(ap);
  return d;
}

Diag *diag_warning(Diags *diags, Source *src, Span span, const char *code,
                   const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  Diag *d = record(diags, SEV_WARNING, src, span, code, fmt, ap);
  va_end(ap);
  return d;
}

void diag_note(Diags *diags, Diag *parent, Source *src, Span span,
               const char *fmt, ...) {
  if (!parent)
    return;
  va_list ap;
  va_start(ap, fmt);
  Diag *d = record(diags, SEV_NOTE, src, span, parent->code, fmt, ap);
  va_end(ap);
  if (d)
    d->parent = parent;
}

void diag_remark(Diags *diags, const char *code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  record(diags, SEV_NOTE, NULL, SPAN_NONE, code, fmt, ap);
  va_end(ap);
}

void diag_hint(Diags *diags, Diag *diag, const char *msgid, ...) {
  if (!diag)
    return;
  const char *fmt = gettext(msgid);
  va_list ap;
  va_start(ap, msgid);
  int len = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *hint = arena_alloc(diags->arena, (size_t)(len > 0 ? len : 0) + 1);
  va_start(ap, msgid);
  vsnprintf(hint, (size_t)(len > 0 ? len : 0) + 1, fmt, ap);
  va_end(ap);
  diag->hint = hint;
}

void diag_fix(Diags *diags, Diag *diag, Span span, const char *text) {
  if (!diag)
    return;
  diag->fix_span = span;
  diag->fix_text = arena_strdup(diags->arena, text);
}

const Diag *diags_first_error(const Diags *diags) {
  const Diag *first = NULL;
  for (int i = 0; i < diags->items.len; i++) {
    const Diag *d = diags->items.items[i];
    if (d->severity == SEV_ERROR && (!first || d->seq < first->seq))
      first = d;
  }
  return first;
}

/* The diagnostic a note belongs to decides where the note sorts. */
static const Diag *anchor(const Diag *d) { return d->parent ? d->parent : d; }

static int compare_diags(const void *pa, const void *pb) {
  const Diag *a = *(const Diag *const *)pa, *b = *(const Diag *const *)pb;
  const Diag *ra = anchor(a), *rb = anchor(b);
  if (ra != rb) {
    if (ra->src_rank != rb->src_rank)
      return ra->src_rank - rb->src_rank;
    if (ra->span.begin != rb->span.begin)
      return ra->span.begin < rb->span.begin ? -1 : 1;
    return ra->seq - rb->seq;
  }
  if (a == ra)
    return -1;
  if (b == rb)
    return 1;
  return a->seq - b->seq;
}

/* Files are ordered by their first diagnostic, so the main file's come first
 * when it was reported on first, and a module's stay together. */
static void rank_sources(Diags *diags) {
  Source *seen[64];
  int nseen = 0;
  for (int i = 0; i < diags->items.len; i++) {
    Diag *d = diags->items.items[i];
    int rank = 0;
    while (rank < nseen && seen[rank] != d->src)
      rank++;
    if (rank == nseen && nseen < 64)
      seen[nseen++] = d->src;
    d->src_rank = rank;
  }
}

void diags_sort(Diags *diags) {
  if (diags->items.len < 2)
    return;   /* (and qsort must not be given a null array) */
  rank_sources(diags);
  qsort(diags->items.items, (size_t)diags->items.len, sizeof(void *),
        compare_diags);
}
