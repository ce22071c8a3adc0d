/*
 * ast.h - the abstract syntax tree of a .pol file, and its types.
 *
 * The parser builds it; the checker (compiler/) resolves names, fills in
 * every expression's Type and the policy summary, and may insert EX_CAST
 * nodes where a count widens to a number.  Every node keeps the Span it came
 * from so that any later phase can point at the source.  All nodes live in
 * the compilation unit's arena.
 */
#ifndef POLC_AST_H
#define POLC_AST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../runtime/base/arena.h"
#include "source.h"

/* Every type once, with its name (type_name()): the enum and the names come
 * from here. */
#define AST_TYPES(X)                                                         \
  X(ERROR, "error")       /* an expression already reported as wrong */     \
  X(MONEY, "money")       /* integer fen */                                 \
  X(PERCENT, "percent")   /* millionths of the fraction */                  \
  X(NUMBER, "number")     /* millionths */                                  \
  X(COUNT, "count")       /* integer */                                     \
  X(BOOL, "bool")                                                           \
  X(DATE, "date")         /* days since 1970-01-01 */                       \
  X(TEXT, "text")                                                           \
  X(ZERO, "number")       /* the literal 0: zero of any numeric type */

typedef enum Type {
#define AST_TYPE_ENUM(name, word) TY_##name,
  AST_TYPES(AST_TYPE_ENUM)
#undef AST_TYPE_ENUM
} Type;

const char *type_name(Type type);
/* Maps "money", "percent", ... to a Type; returns 0 for an unknown name. */
int type_from_name(const char *name, Type *type);
bool type_is_numeric(Type type);

/* A literal value; `i` holds fen, millionths, the count, days or 0/1. */
typedef struct Value {
  Type type;
  int64_t i;
  const char *text;   /* TY_TEXT only */
} Value;

typedef struct Ident {
  const char *name;   /* NULL when absent */
  Span span;
} Ident;

typedef struct StrLit {
  const char *text;   /* unescaped UTF-8; NULL when absent */
  Span span;
} StrLit;

typedef struct Symbol Symbol;   /* compiler/symtab.h */

/* --- expressions ----------------------------------------------------- */

typedef enum ExprKind {
  EX_LITERAL,
  EX_NAME,     /* an input, a let, or the built-in as_of */
  EX_CALL,     /* min, max, years_between, year */
  EX_NEG,
  EX_NOT,
  EX_BINARY,
  EX_IF,       /* if cond then lhs else rhs */
  EX_CAST,     /* inserted by the checker: lhs converted to `type` */
} ExprKind;

/* Every binary operator once, with its text (binop_text()). */
#define AST_BINOPS(X)                                                        \
  X(ADD, "+") X(SUB, "-") X(MUL, "*") X(DIV, "/")                           \
  X(EQ, "==") X(NE, "!=") X(LT, "<") X(LE, "<=") X(GT, ">") X(GE, ">=")     \
  X(AND, "and") X(OR, "or")

typedef enum BinOp {
#define AST_BINOP_ENUM(name, text) OP_##name,
  AST_BINOPS(AST_BINOP_ENUM)
#undef AST_BINOP_ENUM
} BinOp;

const char *binop_text(BinOp op);

typedef struct Expr Expr;
struct Expr {
  ExprKind kind;
  Span span;
  Type type;          /* set by the checker */
  Value lit;          /* EX_LITERAL */
  Ident name;         /* EX_NAME, EX_CALL (the function) */
  Symbol *sym;        /* EX_NAME: what the name resolved to */
  BinOp op;           /* EX_BINARY */
  Expr *cond;         /* EX_IF */
  Expr *lhs, *rhs;    /* operands; EX_NEG/EX_NOT/EX_CAST use lhs */
  PtrVec args;        /* EX_CALL: Expr* */
};

/* --- awards ---------------------------------------------------------- */

/* Every form of award once, with its word in the AST dump (ast_dump). */
#define AST_AMOUNT_KINDS(X)                                                  \
  X(EXPR, "amount")       /* award 300万 */                                 \
  X(SHARE, "share")       /* award 5% of base */                            \
  X(RANGE, "range")       /* award 10% to 30% of base */                    \
  X(LADDER, "ladder")     /* award ladder subject (topup e)? { > t -> a ... } */ \
  X(BRACKETS, "brackets") /* award brackets base { from -> rate ... } */

typedef enum AmountKind {
#define AST_AMOUNT_ENUM(name, word) AM_##name,
  AST_AMOUNT_KINDS(AST_AMOUNT_ENUM)
#undef AST_AMOUNT_ENUM
} AmountKind;

/* One line of a ladder (cmp threshold -> value) or of brackets
 * (threshold -> value, the value being a rate). */
typedef struct Tier {
  Span span;
  BinOp cmp;          /* ladder: OP_GT or OP_GE */
  Expr *threshold;
  Expr *value;
} Tier;

typedef struct Amount {
  AmountKind kind;
  Span span;
  Expr *expr;         /* AM_EXPR: the amount; AM_SHARE/RANGE/BRACKETS: base;
                         AM_LADDER: the subject */
  Expr *rate;         /* AM_SHARE: the share; AM_RANGE: the upper bound */
  Expr *rate_low;     /* AM_RANGE: the lower bound */
  Expr *topup;        /* AM_LADDER: already received, or NULL */
  PtrVec tiers;       /* Tier* */
} Amount;

typedef struct Award {
  Span span;
  Amount amount;
  Expr *cap;          /* NULL: no cap */
  Expr *when;         /* NULL: always */
} Award;

typedef struct Rule {
  Ident id;
  StrLit citation;
  Ident kind;
  Ident group;
  Span per_year;      /* empty span (begin == end == 0) when absent */
  bool is_per_year;
  Expr *for_years;    /* `for N years`: a count literal, or NULL */
  Span for_span;
  PtrVec paid;        /* `paid P% ...`: percent literal Expr* */
  Span paid_span;
  Expr *paid_over;    /* `paid over N years`: a count literal, or NULL */
  bool discretionary;
  bool external;      /* the amount is set outside the text (从其要求) */
  PtrVec obligations; /* StrLit* */
  PtrVec notes;       /* StrLit* */
  PtrVec articles;    /* StrLit*: `article "..."`, the published words */
  PtrVec awards;      /* Award* */
} Rule;

/* --- declarations ---------------------------------------------------- */

/* Every line of a policy's header once, with its keyword (meta_word()). */
#define AST_META_KINDS(X)                                                    \
  X(DOCUMENT, "document") X(ISSUER, "issuer") X(NOTE, "note")               \
  X(EFFECTIVE, "effective") X(FAMILY, "family")

typedef enum MetaKind {
#define AST_META_ENUM(name, word) META_##name,
  AST_META_KINDS(AST_META_ENUM)
#undef AST_META_ENUM
} MetaKind;

#define AST_META_ONE(name, word) +1
enum { META_KINDS = 0 AST_META_KINDS(AST_META_ONE) };
#undef AST_META_ONE

const char *meta_word(MetaKind kind);

typedef struct Meta {
  MetaKind kind;
  Span span;
  StrLit text;        /* document, issuer, note */
  Expr *from, *to;    /* effective: date literals; `to` NULL = open-ended */
  Ident family;
} Meta;

typedef struct Policy {
  Ident id;
  StrLit title;
  PtrVec metas;       /* Meta* */
  /* Filled in by the checker from the metas: */
  const char *document, *issuer, *family;
  bool has_effective, has_end;
  int32_t effective_from, effective_to;
} Policy;

typedef struct Import {
  bool is_path;       /* import "x.pol" rather than import x */
  Ident name;         /* the module name or the path text */
  Source *resolved;   /* set by the loader */
} Import;

typedef struct KindDecl {
  Ident id;
  StrLit label;
} KindDecl;

typedef struct Input {
  Ident id;
  Ident type_name;
  Type type;          /* set by the checker */
  Span signed_span;   /* the word `signed` (may be negative); empty when absent */
  StrLit label;
  Expr *default_value;   /* a literal, or NULL when the column is required */
} Input;

typedef struct Let {
  Ident id;
  Expr *value;
  int visit;          /* checker's cycle detection: 0 new, 1 open, 2 done */
} Let;

typedef struct Eligible {
  StrLit article;
  Expr *cond;
} Eligible;

typedef struct Assign {
  Ident policy;       /* expect POLICY.RULE: the policy (NULL: this one) */
  Ident id;
  Expr *value;        /* a literal */
  Span span;
  Symbol *sym;        /* the input (given) or rule (expect) named */
} Assign;

typedef struct Test {
  StrLit name;
  PtrVec with;        /* Ident*: other policies evaluated with this one */
  PtrVec givens;      /* Assign* */
  PtrVec expects;     /* Assign* */
} Test;

typedef struct Indicator {
  Ident id;
  StrLit label;
  Ident aggregate;    /* count, sum, avg, share, or unmeasured */
  StrLit unmeasured;  /* `unmeasured "why"`: no registry column measures it */
  Expr *expr;         /* NULL when unmeasured */
  Expr *where;        /* NULL: every row */
  Expr *baseline;     /* literals, or NULL */
  Expr *target;
} Indicator;

/* article "第三条（六）" "the published words" reason "why no rule" */
typedef struct ArticleDecl {
  StrLit citation;
  StrLit text;
  StrLit reason;
} ArticleDecl;

/* Every declaration once, with its keyword (decl_word()). */
#define AST_DECL_KINDS(X)                                                    \
  X(POLICY, "policy") X(IMPORT, "import") X(KIND, "kind") X(INPUT, "input") \
  X(LET, "let") X(ELIGIBLE, "eligible") X(RULE, "rule") X(TEST, "test")     \
  X(INDICATOR, "indicator") X(ARTICLE, "article")

typedef enum DeclKind {
#define AST_DECL_ENUM(name, word) DECL_##name,
  AST_DECL_KINDS(AST_DECL_ENUM)
#undef AST_DECL_ENUM
} DeclKind;

const char *decl_word(DeclKind kind);

typedef struct Decl {
  DeclKind kind;
  Span span;
  Source *src;
  union {
    Policy policy;
    Import import;
    KindDecl kind_decl;
    Input input;
    Let let;
    Eligible eligible;
    Rule rule;
    Test test;
    Indicator indicator;
    ArticleDecl article;
  } as;
} Decl;

/* One parsed file. */
typedef struct SourceFile {
  Source *src;
  PtrVec decls;       /* Decl* in source order */
  int syntax_errors;  /* the checker then keeps quiet about unknown names */
  bool not_text;      /* not UTF-8, or lines too long: not checked at all
                         (a file saved as GBK has every unit wrong) */
} SourceFile;

/* --- constructors (used by the parser) -------------------------------- */

Expr *ast_literal(Arena *arena, Span span, Value value);
Expr *ast_name(Arena *arena, Span span, const char *name);
Expr *ast_call(Arena *arena, Span span, Ident fn, PtrVec args);
Expr *ast_unary(Arena *arena, Span span, ExprKind kind, Expr *operand);
Expr *ast_binary(Arena *arena, Span span, BinOp op, Expr *lhs, Expr *rhs);
Expr *ast_if(Arena *arena, Span span, Expr *cond, Expr *then, Expr *els);
Decl *ast_decl(Arena *arena, DeclKind kind, Span span, Source *src);

static inline Span span_join(Span a, Span b) {
  return (Span){a.begin, b.end > a.end ? b.end : a.end};
}

/* Writes the tree as indented S-expressions (for tests and --dump-ast). */
void ast_dump(FILE *out, const SourceFile *file);
void ast_dump_expr(FILE *out, const Expr *expr);
void ast_print_value(FILE *out, Value value);

#endif
