/*
 * ast.c - AST constructors, names of types and operators, and the dump used
 * by tests and `polc check --dump-ast`.
 */
#include "ast.h"

#include <string.h>

#include "../runtime/base/date.h"
#include "../runtime/base/exact.h"

const char *type_name(Type type) {
  static const char *const names[] = {
#define AST_TYPE_NAME(name, word) word,
      AST_TYPES(AST_TYPE_NAME)
#undef AST_TYPE_NAME
  };
  return names[type];
}

int type_from_name(const char *name, Type *type) {
  static const Type declarable[] = {TY_MONEY, TY_PERCENT, TY_NUMBER, TY_COUNT,
                                    TY_BOOL,  TY_DATE,    TY_TEXT};
  for (size_t i = 0; i < sizeof declarable / sizeof declarable[0]; i++)
    if (strcmp(name, type_name(declarable[i])) == 0) {
      *type = declarable[i];
      return 1;
    }
  return 0;
}

bool type_is_numeric(Type type) {
  return type == TY_MONEY || type == TY_PERCENT || type == TY_NUMBER ||
         type == TY_COUNT || type == TY_ZERO;
}

const char *meta_word(MetaKind kind) {
  static const char *const words[] = {
#define AST_META_WORD(name, word) word,
      AST_META_KINDS(AST_META_WORD)
#undef AST_META_WORD
  };
  return words[kind];
}

const char *decl_word(DeclKind kind) {
  static const char *const words[] = {
#define AST_DECL_WORD(name, word) word,
      AST_DECL_KINDS(AST_DECL_WORD)
#undef AST_DECL_WORD
  };
  return words[kind];
}

const char *binop_text(BinOp op) {
  static const char *const text[] = {
#define AST_BINOP_TEXT(name, text) text,
      AST_BINOPS(AST_BINOP_TEXT)
#undef AST_BINOP_TEXT
  };
  return text[op];
}

static Expr *new_expr(Arena *arena, ExprKind kind, Span span) {
  Expr *e = arena_alloc(arena, sizeof *e);
  e->kind = kind;
  e->span = span;
  e->type = TY_ERROR;
  return e;
}

Expr *ast_literal(Arena *arena, Span span, Value value) {
  Expr *e = new_expr(arena, EX_LITERAL, span);
  e->lit = value;
  return e;
}

Expr *ast_name(Arena *arena, Span span, const char *name) {
  Expr *e = new_expr(arena, EX_NAME, span);
  e->name = (Ident){name, span};
  return e;
}

Expr *ast_call(Arena *arena, Span span, Ident fn, PtrVec args) {
  Expr *e = new_expr(arena, EX_CALL, span);
  e->name = fn;
  e->args = args;
  return e;
}

Expr *ast_unary(Arena *arena, Span span, ExprKind kind, Expr *operand) {
  Expr *e = new_expr(arena, kind, span);
  e->lhs = operand;
  return e;
}

Expr *ast_binary(Arena *arena, Span span, BinOp op, Expr *lhs, Expr *rhs) {
  Expr *e = new_expr(arena, EX_BINARY, span);
  e->op = op;
  e->lhs = lhs;
  e->rhs = rhs;
  return e;
}

Expr *ast_if(Arena *arena, Span span, Expr *cond, Expr *then, Expr *els) {
  Expr *e = new_expr(arena, EX_IF, span);
  e->cond = cond;
  e->lhs = then;
  e->rhs = els;
  return e;
}

Decl *ast_decl(Arena *arena, DeclKind kind, Span span, Source *src) {
  Decl *d = arena_alloc(arena, sizeof *d);
  d->kind = kind;
  d->span = span;
  d->src = src;
  return d;
}

/* --- dump ------------------------------------------------------------------ */

void ast_print_value(FILE *out, Value v) {
  char buf[64];
  switch (v.type) {
  case TY_MONEY:
    exact_format_fen(buf, sizeof buf, v.i);
    fprintf(out, "%s元", buf);
    break;
  case TY_PERCENT:
    exact_format_micro(buf, sizeof buf, v.i * 100);
    fprintf(out, "%s%%", buf);
    break;
  case TY_NUMBER:
    exact_format_micro(buf, sizeof buf, v.i);
    fputs(buf, out);
    break;
  case TY_COUNT:
  case TY_ZERO:
    fprintf(out, "%lld", (long long)v.i);
    break;
  case TY_BOOL:
    fputs(v.i ? "true" : "false", out);
    break;
  case TY_DATE:
    date_format((int32_t)v.i, buf);
    fputs(buf, out);
    break;
  case TY_TEXT:
    fprintf(out, "\"%s\"", v.text);
    break;
  case TY_ERROR:
    fputs("<error>", out);
    break;
  }
}

void ast_dump_expr(FILE *out, const Expr *e) {
  if (!e) {
    fputs("_", out);
    return;
  }
  switch (e->kind) {
  case EX_LITERAL:
    ast_print_value(out, e->lit);
    return;
  case EX_NAME:
    fputs(e->name.name, out);
    return;
  case EX_CALL:
    fprintf(out, "(%s", e->name.name);
    for (int i = 0; i < e->args.len; i++) {
      putc(' ', out);
      ast_dump_expr(out, e->args.items[i]);
    }
    putc(')', out);
    return;
  case EX_NEG:
  case EX_NOT:
  case EX_CAST:
    fprintf(out, "(%s ", e->kind == EX_NEG ? "neg" : e->kind == EX_NOT ? "not"
                                                   : type_name(e->type));
    ast_dump_expr(out, e->lhs);
    putc(')', out);
    return;
  case EX_BINARY:
    fprintf(out, "(%s ", binop_text(e->op));
    ast_dump_expr(out, e->lhs);
    putc(' ', out);
    ast_dump_expr(out, e->rhs);
    putc(')', out);
    return;
  case EX_IF:
    fputs("(if ", out);
    ast_dump_expr(out, e->cond);
    putc(' ', out);
    ast_dump_expr(out, e->lhs);
    putc(' ', out);
    ast_dump_expr(out, e->rhs);
    putc(')', out);
    return;
  }
}

static void dump_amount(FILE *out, const Amount *a) {
  static const char *const kinds[] = {
#define AST_AMOUNT_WORD(name, word) word,
      AST_AMOUNT_KINDS(AST_AMOUNT_WORD)
#undef AST_AMOUNT_WORD
  };
  fprintf(out, "(%s ", kinds[a->kind]);
  if (a->rate_low) {
    ast_dump_expr(out, a->rate_low);
    putc(' ', out);
  }
  if (a->rate) {
    ast_dump_expr(out, a->rate);
    putc(' ', out);
  }
  ast_dump_expr(out, a->expr);
  if (a->topup) {
    fputs(" (topup ", out);
    ast_dump_expr(out, a->topup);
    putc(')', out);
  }
  for (int i = 0; i < a->tiers.len; i++) {
    const Tier *t = a->tiers.items[i];
    fputs(a->kind == AM_LADDER ? (t->cmp == OP_GT ? " (> " : " (>= ") : " (from ",
          out);
    ast_dump_expr(out, t->threshold);
    putc(' ', out);
    ast_dump_expr(out, t->value);
    putc(')', out);
  }
  putc(')', out);
}

static void dump_rule(FILE *out, const Rule *r) {
  fprintf(out, "(rule %s", r->id.name ? r->id.name : "_");
  if (r->citation.text)
    fprintf(out, " \"%s\"", r->citation.text);
  if (r->kind.name)
    fprintf(out, " (kind %s)", r->kind.name);
  if (r->group.name)
    fprintf(out, " (group %s)", r->group.name);
  if (r->is_per_year)
    fputs(" per-year", out);
  if (r->for_years) {
    fputs(" (for ", out);
    ast_dump_expr(out, r->for_years);
    putc(')', out);
  }
  if (r->paid.len) {
    fputs(" (paid", out);
    for (int i = 0; i < r->paid.len; i++) {
      putc(' ', out);
      ast_dump_expr(out, r->paid.items[i]);
    }
    putc(')', out);
  }
  if (r->paid_over) {
    fputs(" (paid-over ", out);
    ast_dump_expr(out, r->paid_over);
    putc(')', out);
  }
  if (r->discretionary)
    fputs(" discretionary", out);
  if (r->external)
    fputs(" external", out);
  for (int i = 0; i < r->obligations.len; i++)
    fprintf(out, " (obligation \"%s\")", ((StrLit *)r->obligations.items[i])->text);
  for (int i = 0; i < r->notes.len; i++)
    fprintf(out, " (note \"%s\")", ((StrLit *)r->notes.items[i])->text);
  for (int i = 0; i < r->articles.len; i++)
    fprintf(out, " (article \"%s\")", ((StrLit *)r->articles.items[i])->text);
  for (int i = 0; i < r->awards.len; i++) {
    const Award *w = r->awards.items[i];
    fputs("\n  (award ", out);
    dump_amount(out, &w->amount);
    if (w->cap) {
      fputs(" (cap ", out);
      ast_dump_expr(out, w->cap);
      putc(')', out);
    }
    if (w->when) {
      fputs(" (when ", out);
      ast_dump_expr(out, w->when);
      putc(')', out);
    }
    putc(')', out);
  }
  fputs(")\n", out);
}

static void dump_policy(FILE *out, const Policy *p) {
  fprintf(out, "(policy %s", p->id.name);
  if (p->title.text)
    fprintf(out, " \"%s\"", p->title.text);
  for (int i = 0; i < p->metas.len; i++) {
    const Meta *m = p->metas.items[i];
    switch (m->kind) {
    case META_DOCUMENT: fprintf(out, "\n  (document \"%s\")", m->text.text); break;
    case META_ISSUER: fprintf(out, "\n  (issuer \"%s\")", m->text.text); break;
    case META_NOTE: fprintf(out, "\n  (note \"%s\")", m->text.text); break;
    case META_FAMILY: fprintf(out, "\n  (family %s)", m->family.name); break;
    case META_EFFECTIVE:
      fputs("\n  (effective ", out);
      ast_dump_expr(out, m->from);
      putc(' ', out);
      ast_dump_expr(out, m->to);
      putc(')', out);
      break;
    }
  }
  fputs(")\n", out);
}

static void dump_assigns(FILE *out, const char *what, const PtrVec *list) {
  for (int i = 0; i < list->len; i++) {
    const Assign *a = list->items[i];
    if (a->policy.name)
      fprintf(out, "\n  (%s %s.%s ", what, a->policy.name, a->id.name);
    else
      fprintf(out, "\n  (%s %s ", what, a->id.name);
    ast_dump_expr(out, a->value);
    putc(')', out);
  }
}

static void dump_label(FILE *out, StrLit label) {
  if (label.text)
    fprintf(out, " \"%s\"", label.text);
}

static void dump_decl(FILE *out, const Decl *d) {
  switch (d->kind) {
  case DECL_POLICY:
    dump_policy(out, &d->as.policy);
    return;
  case DECL_IMPORT:
    fprintf(out, d->as.import.is_path ? "(import \"%s\")\n" : "(import %s)\n",
            d->as.import.name.name);
    return;
  case DECL_KIND:
    fprintf(out, "(kind %s", d->as.kind_decl.id.name);
    dump_label(out, d->as.kind_decl.label);
    fputs(")\n", out);
    return;
  case DECL_INPUT:
    fprintf(out, "(input %s %s", d->as.input.id.name,
            d->as.input.type_name.name);
    if (d->as.input.signed_span.end > d->as.input.signed_span.begin)
      fputs(" signed", out);
    dump_label(out, d->as.input.label);
    if (d->as.input.default_value) {
      fputs(" (default ", out);
      ast_dump_expr(out, d->as.input.default_value);
      putc(')', out);
    }
    fputs(")\n", out);
    return;
  case DECL_LET:
    fprintf(out, "(let %s ", d->as.let.id.name);
    ast_dump_expr(out, d->as.let.value);
    fputs(")\n", out);
    return;
  case DECL_ELIGIBLE:
    fputs("(eligible", out);
    dump_label(out, d->as.eligible.article);
    putc(' ', out);
    ast_dump_expr(out, d->as.eligible.cond);
    fputs(")\n", out);
    return;
  case DECL_RULE:
    dump_rule(out, &d->as.rule);
    return;
  case DECL_TEST:
    fprintf(out, "(test \"%s\"", d->as.test.name.text);
    for (int i = 0; i < d->as.test.with.len; i++)
      fprintf(out, " (with %s)", ((Ident *)d->as.test.with.items[i])->name);
    dump_assigns(out, "given", &d->as.test.givens);
    dump_assigns(out, "expect", &d->as.test.expects);
    fputs(")\n", out);
    return;
  case DECL_ARTICLE:
    fprintf(out, "(article \"%s\" \"%s\" (reason \"%s\"))\n", d->as.article.citation.text,
            d->as.article.text.text, d->as.article.reason.text);
    return;
  case DECL_INDICATOR:
    fprintf(out, "(indicator %s", d->as.indicator.id.name);
    dump_label(out, d->as.indicator.label);
    if (d->as.indicator.unmeasured.text) {
      fprintf(out, " (unmeasured \"%s\")", d->as.indicator.unmeasured.text);
    } else {
      fprintf(out, " (%s ", d->as.indicator.aggregate.name);
      ast_dump_expr(out, d->as.indicator.expr);
      putc(')', out);
    }
    if (d->as.indicator.where) {
      fputs(" (where ", out);
      ast_dump_expr(out, d->as.indicator.where);
      putc(')', out);
    }
    if (d->as.indicator.baseline) {
      fputs(" (baseline ", out);
      ast_dump_expr(out, d->as.indicator.baseline);
      putc(')', out);
    }
    if (d->as.indicator.target) {
      fputs(" (target ", out);
      ast_dump_expr(out, d->as.indicator.target);
      putc(')', out);
    }
    fputs(")\n", out);
    return;
  }
}

void ast_dump(FILE *out, const SourceFile *file) {
  for (int i = 0; i < file->decls.len; i++)
    dump_decl(out, file->decls.items[i]);
}
