/*
 * parser.y - the grammar of .pol files (language.md §4-§9).
 *
 * A pure (reentrant) LALR(1) parser with byte-offset locations.  Every
 * construct starts with a keyword, so on a syntax error the parser skips to
 * the next top-level keyword (policy, import, kind, input, let, eligible,
 * rule, test, indicator) and goes on: one run reports several errors.
 */
%require "3.8"
%define api.pure full
%define api.prefix {pol_}
%define api.location.type {Span}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {yyscan_t scanner}
%parse-param {ParseCtx *ctx}

%code requires {
#include "ast.h"
#include "parse.h"
typedef void *yyscan_t;

/* Rule attributes are collected, then applied to the rule in one place. */
typedef enum AttrKind {
  ATTR_KIND, ATTR_GROUP, ATTR_PER_YEAR, ATTR_FOR, ATTR_PAID, ATTR_PAID_OVER,
  ATTR_DISCRETIONARY, ATTR_EXTERNAL, ATTR_OBLIGATION, ATTR_NOTE, ATTR_ARTICLE,
} AttrKind;

typedef struct Attr {
  AttrKind kind;
  Span span;
  Ident ident;
  StrLit text;
  Expr *expr;
  PtrVec list;
} Attr;
}

%code provides {
int pol_lex(POL_STYPE *yylval, Span *yylloc, yyscan_t scanner);
}

%code {
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/base/i18n.h"

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                        \
  do {                                                                     \
    if (N) {                                                               \
      (Cur).begin = YYRHSLOC(Rhs, 1).begin;                                \
      (Cur).end = YYRHSLOC(Rhs, N).end;                                    \
    } else {                                                               \
      (Cur).begin = (Cur).end = YYRHSLOC(Rhs, 0).end;                      \
    }                                                                      \
  } while (0)

static void pol_error(Span *loc, yyscan_t scanner, ParseCtx *ctx,
                      const char *msg);
static Decl *new_decl(ParseCtx *ctx, DeclKind kind, Span span);
static Attr *new_attr(ParseCtx *ctx, AttrKind kind, Span span);
static void apply_attr(ParseCtx *ctx, Rule *rule, const Attr *attr);
static Tier *new_tier(ParseCtx *ctx, Span span, BinOp cmp, Expr *threshold,
                      Expr *value);
static Assign *new_assign(ParseCtx *ctx, Span span, Ident id, Expr *value);
static Expr *negate_literal(ParseCtx *ctx, Span span, Value v);
static Ident *new_ident(ParseCtx *ctx, Ident id);

#define A (ctx->arena)
}

%union {
  Value lit;
  const char *str;
  Ident ident;
  StrLit strlit;
  Expr *expr;
  PtrVec vec;
  Amount amount;
  Award *award;
  Tier *tier;
  Decl *decl;
  Meta *meta;
  Attr *attr;
  Assign *assign;
  BinOp op;
  Span span;
}

%token <str> IDENT "name"
%token <str> STRING "string"
%token <lit> MONEY "amount of money"
%token <lit> PERCENT "percentage"
%token <lit> NUMBER "number"
%token <lit> DATE "date"

%token KW_POLICY "policy" KW_DOCUMENT "document" KW_ISSUER "issuer"
%token KW_NOTE "note" KW_EFFECTIVE "effective" KW_TO "to" KW_FAMILY "family"
%token KW_IMPORT "import" KW_KIND "kind" KW_INPUT "input" KW_DEFAULT "default"
%token KW_SIGNED "signed"
%token KW_LET "let" KW_ELIGIBLE "eligible" KW_WHEN "when" KW_RULE "rule"
%token KW_GROUP "group" KW_PER "per" KW_YEAR "year" KW_YEARS "years"
%token KW_FOR "for" KW_PAID "paid" KW_OVER "over"
%token KW_DISCRETIONARY "discretionary" KW_EXTERNAL "external"
%token KW_OBLIGATION "obligation" KW_ARTICLE "article" KW_REASON "reason"
%token KW_AWARD "award" KW_CAP "cap" KW_OF "of" KW_LADDER "ladder"
%token KW_TOPUP "topup" KW_BRACKETS "brackets" KW_TEST "test"
%token KW_GIVEN "given" KW_EXPECT "expect" KW_INDICATOR "indicator"
%token KW_BASELINE "baseline" KW_TARGET "target" KW_WHERE "where"
%token KW_AND "and" KW_OR "or" KW_NOT "not" KW_TRUE "true" KW_FALSE "false"
%token KW_WITH "with" KW_IF "if" KW_THEN "then" KW_ELSE "else"
%token EQ "==" NE "!=" LE "<=" GE ">=" LT "<" GT ">" ARROW "->"

%type <ident> ident
%type <span> opt_signed
%type <strlit> string opt_string
%type <expr> expr or_expr and_expr not_expr cmp_expr arith term unary primary
%type <expr> literal plain_literal opt_cap opt_when opt_topup opt_where
%type <expr> opt_baseline opt_target opt_default count_literal
%type <vec> args arg_list attrs awards percents ladder_lines bracket_lines
%type <vec> metas assigns opt_with ident_list
%type <decl> test_items
%type <amount> amount
%type <award> award
%type <tier> ladder_line bracket_line
%type <decl> decl policy_decl import_decl kind_decl input_decl let_decl
%type <decl> eligible_decl rule_decl test_decl indicator_decl article_decl
%type <meta> meta
%type <attr> attr
%type <assign> assign
%type <op> cmp_op ladder_cmp

%%

file:
    decls
  ;

decls:
    %empty
  | decls decl          { if ($2) ptrvec_push(A, &ctx->file->decls, $2); }
  | decls error
  ;

decl:
    policy_decl | import_decl | kind_decl | input_decl | let_decl
  | eligible_decl | rule_decl | test_decl | indicator_decl | article_decl
  ;

/* policy ID STRING? META* */
policy_decl:
    KW_POLICY ident opt_string metas {
      $$ = new_decl(ctx, DECL_POLICY, @$);
      $$->as.policy.id = $2;
      $$->as.policy.title = $3;
      $$->as.policy.metas = $4;
    }
  ;

metas:
    %empty              { $$ = (PtrVec){0}; }
  | metas meta          { $$ = $1; ptrvec_push(A, &$$, $2); }
  ;

meta:
    KW_DOCUMENT string  { $$ = arena_alloc(A, sizeof *$$); $$->kind = META_DOCUMENT; $$->span = @$; $$->text = $2; }
  | KW_ISSUER string    { $$ = arena_alloc(A, sizeof *$$); $$->kind = META_ISSUER; $$->span = @$; $$->text = $2; }
  | KW_NOTE string      { $$ = arena_alloc(A, sizeof *$$); $$->kind = META_NOTE; $$->span = @$; $$->text = $2; }
  | KW_FAMILY ident     { $$ = arena_alloc(A, sizeof *$$); $$->kind = META_FAMILY; $$->span = @$; $$->family = $2; }
  | KW_EFFECTIVE DATE {
      $$ = arena_alloc(A, sizeof *$$); $$->kind = META_EFFECTIVE; $$->span = @$;
      $$->from = ast_literal(A, @2, $2);
    }
  | KW_EFFECTIVE DATE KW_TO DATE {
      $$ = arena_alloc(A, sizeof *$$); $$->kind = META_EFFECTIVE; $$->span = @$;
      $$->from = ast_literal(A, @2, $2);
      $$->to = ast_literal(A, @4, $4);
    }
  ;

/* import ID | import "path.pol" */
import_decl:
    KW_IMPORT ident {
      $$ = new_decl(ctx, DECL_IMPORT, @$);
      $$->as.import.name = $2;
    }
  | KW_IMPORT string {
      $$ = new_decl(ctx, DECL_IMPORT, @$);
      $$->as.import.is_path = true;
      $$->as.import.name = (Ident){$2.text, $2.span};
    }
  ;

/* kind ID STRING? */
kind_decl:
    KW_KIND ident opt_string {
      $$ = new_decl(ctx, DECL_KIND, @$);
      $$->as.kind_decl.id = $2;
      $$->as.kind_decl.label = $3;
    }
  ;

/* input ID ":" TYPE signed? STRING? (default LITERAL)? */
input_decl:
    KW_INPUT ident ':' ident opt_signed opt_string opt_default {
      $$ = new_decl(ctx, DECL_INPUT, @$);
      $$->as.input.id = $2;
      $$->as.input.type_name = $4;
      $$->as.input.signed_span = $5;
      $$->as.input.label = $6;
      $$->as.input.default_value = $7;
    }
  ;

/* `signed`: a money or count input that may be negative (checked later,
 * where the type is known). */
opt_signed:
    %empty              { $$ = (Span){0, 0}; }
  | KW_SIGNED           { $$ = @1; }
  ;

/* `default as_of` (a date column that, when empty, means the evaluation
 * date) is the one default that is not a literal. */
opt_default:
    %empty              { $$ = NULL; }
  | KW_DEFAULT literal  { $$ = $2; }
  | KW_DEFAULT ident    { $$ = ast_name(A, @2, $2.name); }
  ;

/* let ID "=" EXPR */
let_decl:
    KW_LET ident '=' expr {
      $$ = new_decl(ctx, DECL_LET, @$);
      $$->as.let.id = $2;
      $$->as.let.value = $4;
    }
  ;

/* eligible STRING? when EXPR */
eligible_decl:
    KW_ELIGIBLE opt_string KW_WHEN expr {
      $$ = new_decl(ctx, DECL_ELIGIBLE, @$);
      $$->as.eligible.article = $2;
      $$->as.eligible.cond = $4;
    }
  ;

/* article STRING STRING reason STRING: an article of the document that no
 * rule encodes, its published words, and why (or where it went instead). */
article_decl:
    KW_ARTICLE string string KW_REASON string {
      $$ = new_decl(ctx, DECL_ARTICLE, @$);
      $$->as.article.citation = $2;
      $$->as.article.text = $3;
      $$->as.article.reason = $5;
    }
  ;

/* rule ID STRING? ATTR* AWARD+ */
rule_decl:
    KW_RULE ident opt_string attrs awards {
      $$ = new_decl(ctx, DECL_RULE, @$);
      Rule *rule = &$$->as.rule;
      rule->id = $2;
      rule->citation = $3;
      for (int i = 0; i < $4.len; i++)
        apply_attr(ctx, rule, $4.items[i]);
      rule->awards = $5;
    }
  ;

attrs:
    %empty              { $$ = (PtrVec){0}; }
  | attrs attr          { $$ = $1; ptrvec_push(A, &$$, $2); }
  ;

attr:
    KW_KIND ident       { $$ = new_attr(ctx, ATTR_KIND, @$); $$->ident = $2; }
  | KW_GROUP ident      { $$ = new_attr(ctx, ATTR_GROUP, @$); $$->ident = $2; }
  | KW_PER KW_YEAR      { $$ = new_attr(ctx, ATTR_PER_YEAR, @$); }
  | KW_FOR count_literal years {
      $$ = new_attr(ctx, ATTR_FOR, @$); $$->expr = $2;
    }
  | KW_PAID percents    { $$ = new_attr(ctx, ATTR_PAID, @$); $$->list = $2; }
  | KW_PAID KW_OVER count_literal years {
      $$ = new_attr(ctx, ATTR_PAID_OVER, @$); $$->expr = $3;
    }
  | KW_DISCRETIONARY    { $$ = new_attr(ctx, ATTR_DISCRETIONARY, @$); }
  | KW_EXTERNAL         { $$ = new_attr(ctx, ATTR_EXTERNAL, @$); }
  | KW_OBLIGATION string { $$ = new_attr(ctx, ATTR_OBLIGATION, @$); $$->text = $2; }
  | KW_NOTE string      { $$ = new_attr(ctx, ATTR_NOTE, @$); $$->text = $2; }
  | KW_ARTICLE string   { $$ = new_attr(ctx, ATTR_ARTICLE, @$); $$->text = $2; }
  ;

count_literal:
    NUMBER              { $$ = ast_literal(A, @1, $1); }
  ;

years:
    KW_YEARS | KW_YEAR
  ;

percents:
    PERCENT             { $$ = (PtrVec){0}; ptrvec_push(A, &$$, ast_literal(A, @1, $1)); }
  | percents PERCENT    { $$ = $1; ptrvec_push(A, &$$, ast_literal(A, @2, $2)); }
  ;

awards:
    award               { $$ = (PtrVec){0}; ptrvec_push(A, &$$, $1); }
  | awards award        { $$ = $1; ptrvec_push(A, &$$, $2); }
  ;

/* award AMOUNT (cap EXPR)? (when EXPR)? */
award:
    KW_AWARD amount opt_cap opt_when {
      $$ = arena_alloc(A, sizeof *$$);
      $$->span = @$;
      $$->amount = $2;
      $$->cap = $3;
      $$->when = $4;
    }
  ;

opt_cap:
    %empty              { $$ = NULL; }
  | KW_CAP expr         { $$ = $2; }
  ;

opt_when:
    %empty              { $$ = NULL; }
  | KW_WHEN expr        { $$ = $2; }
  ;

amount:
    expr {
      $$ = (Amount){.kind = AM_EXPR, .span = @$, .expr = $1};
    }
  | PERCENT KW_OF expr {
      $$ = (Amount){.kind = AM_SHARE, .span = @$, .expr = $3,
                    .rate = ast_literal(A, @1, $1)};
    }
  | PERCENT KW_TO PERCENT KW_OF expr {
      $$ = (Amount){.kind = AM_RANGE, .span = @$, .expr = $5,
                    .rate_low = ast_literal(A, @1, $1),
                    .rate = ast_literal(A, @3, $3)};
    }
  | KW_LADDER expr opt_topup '{' ladder_lines opt_comma '}' {
      $$ = (Amount){.kind = AM_LADDER, .span = @$, .expr = $2, .topup = $3,
                    .tiers = $5};
    }
  | KW_BRACKETS expr '{' bracket_lines opt_comma '}' {
      $$ = (Amount){.kind = AM_BRACKETS, .span = @$, .expr = $2, .tiers = $4};
    }
  ;

opt_topup:
    %empty              { $$ = NULL; }
  | KW_TOPUP expr       { $$ = $2; }
  ;

opt_comma:
    %empty | ','
  ;

ladder_lines:
    ladder_line         { $$ = (PtrVec){0}; ptrvec_push(A, &$$, $1); }
  | ladder_lines opt_comma ladder_line { $$ = $1; ptrvec_push(A, &$$, $3); }
  ;

/* CMP threshold -> amount; amounts are arithmetic, so the next line's `>`
 * cannot be read as a comparison. */
ladder_line:
    ladder_cmp arith ARROW arith { $$ = new_tier(ctx, @$, $1, $2, $4); }
  ;

ladder_cmp:
    GT                  { $$ = OP_GT; }
  | GE                  { $$ = OP_GE; }
  ;

bracket_lines:
    bracket_line        { $$ = (PtrVec){0}; ptrvec_push(A, &$$, $1); }
  | bracket_lines opt_comma bracket_line { $$ = $1; ptrvec_push(A, &$$, $3); }
  ;

/* from -> P%: the rate is a literal, so lines need no separator.  A plain
 * number is parsed too, so that `0 -> 0` works and `-> 0.5` gets a hint. */
bracket_line:
    arith ARROW PERCENT { $$ = new_tier(ctx, @$, OP_GE, $1, ast_literal(A, @3, $3)); }
  | arith ARROW NUMBER  { $$ = new_tier(ctx, @$, OP_GE, $1, ast_literal(A, @3, $3)); }
  ;

/* test STRING "{" (given ASSIGN ("," ASSIGN)*)* (expect ID "=" LITERAL)* "}" */
/* test "name" with other_policy, ... { ... }: the test evaluates its policy
 * together with the others named (an extension, for stacking across a
 * family). */
test_decl:
    KW_TEST string opt_with '{' test_items '}' {
      $$ = $5;
      $$->span = @$;
      $$->as.test.name = $2;
      $$->as.test.with = $3;
    }
  ;

opt_with:
    %empty              { $$ = (PtrVec){0}; }
  | KW_WITH ident_list  { $$ = $2; }
  ;

ident_list:
    ident               { $$ = (PtrVec){0}; ptrvec_push(A, &$$, new_ident(ctx, $1)); }
  | ident_list ',' ident { $$ = $1; ptrvec_push(A, &$$, new_ident(ctx, $3)); }
  ;

/* The test's declaration is created empty and filled line by line. */
test_items:
    %empty              { $$ = new_decl(ctx, DECL_TEST, @$); }
  | test_items KW_GIVEN assigns {
      $$ = $1;
      for (int i = 0; i < $3.len; i++)
        ptrvec_push(A, &$$->as.test.givens, $3.items[i]);
    }
  | test_items KW_EXPECT assign {
      $$ = $1;
      ptrvec_push(A, &$$->as.test.expects, $3);
    }
  | test_items KW_EXPECT ident '.' assign {
      $$ = $1;
      $5->policy = $3;
      ptrvec_push(A, &$$->as.test.expects, $5);
    }
  ;

assigns:
    assign              { $$ = (PtrVec){0}; ptrvec_push(A, &$$, $1); }
  | assigns ',' assign  { $$ = $1; ptrvec_push(A, &$$, $3); }
  ;

assign:
    ident '=' literal   { $$ = new_assign(ctx, @$, $1, $3); }
  ;

/* indicator ID STRING? "=" AGG (baseline LITERAL)? (target LITERAL)? */
indicator_decl:
    KW_INDICATOR ident opt_string '=' ident '(' expr ')' opt_where opt_baseline
    opt_target {
      $$ = new_decl(ctx, DECL_INDICATOR, @$);
      Indicator *ind = &$$->as.indicator;
      ind->id = $2;
      ind->label = $3;
      ind->aggregate = $5;
      ind->expr = $7;
      ind->where = $9;
      ind->baseline = $10;
      ind->target = $11;
    }
  /* indicator ID "label" = unmeasured "why" baseline X target Y: a plan's
   * indicator that no registry column measures (an extension) */
  | KW_INDICATOR ident opt_string '=' ident string opt_baseline opt_target {
      $$ = new_decl(ctx, DECL_INDICATOR, @$);
      Indicator *ind = &$$->as.indicator;
      ind->id = $2;
      ind->label = $3;
      ind->aggregate = $5;
      ind->unmeasured = $6;
      ind->baseline = $7;
      ind->target = $8;
    }
  ;

opt_where:
    %empty              { $$ = NULL; }
  | KW_WHERE expr       { $$ = $2; }
  ;

opt_baseline:
    %empty              { $$ = NULL; }
  | KW_BASELINE literal { $$ = $2; }
  ;

opt_target:
    %empty              { $$ = NULL; }
  | KW_TARGET literal   { $$ = $2; }
  ;

/* --- expressions, loosest binding first ---------------------------------- */

expr:
    or_expr
  | KW_IF expr KW_THEN expr KW_ELSE expr { $$ = ast_if(A, @$, $2, $4, $6); }
  ;

or_expr:
    and_expr
  | or_expr KW_OR and_expr { $$ = ast_binary(A, @$, OP_OR, $1, $3); }
  ;

and_expr:
    not_expr
  | and_expr KW_AND not_expr { $$ = ast_binary(A, @$, OP_AND, $1, $3); }
  ;

not_expr:
    cmp_expr
  | KW_NOT not_expr     { $$ = ast_unary(A, @$, EX_NOT, $2); }
  ;

/* Comparisons do not chain: a < b < c is a syntax error. */
cmp_expr:
    arith
  | arith cmp_op arith  { $$ = ast_binary(A, @$, $2, $1, $3); }
  ;

cmp_op:
    EQ { $$ = OP_EQ; } | NE { $$ = OP_NE; } | LT { $$ = OP_LT; }
  | LE { $$ = OP_LE; } | GT { $$ = OP_GT; } | GE { $$ = OP_GE; }
  ;

arith:
    term
  | arith '+' term      { $$ = ast_binary(A, @$, OP_ADD, $1, $3); }
  | arith '-' term      { $$ = ast_binary(A, @$, OP_SUB, $1, $3); }
  ;

term:
    unary
  | term '*' unary      { $$ = ast_binary(A, @$, OP_MUL, $1, $3); }
  | term '/' unary      { $$ = ast_binary(A, @$, OP_DIV, $1, $3); }
  ;

unary:
    primary
  | '-' unary           { $$ = ast_unary(A, @$, EX_NEG, $2); }
  ;

primary:
    plain_literal
  | ident               { $$ = ast_name(A, @$, $1.name); }
  | ident '(' args ')'  { $$ = ast_call(A, @$, $1, $3); }
  | KW_YEAR '(' args ')' { $$ = ast_call(A, @$, (Ident){"year", @1}, $3); }
  | '(' expr ')'        { $$ = $2; }
  ;

args:
    %empty              { $$ = (PtrVec){0}; }
  | arg_list
  ;

arg_list:
    expr                { $$ = (PtrVec){0}; ptrvec_push(A, &$$, $1); }
  | arg_list ',' expr   { $$ = $1; ptrvec_push(A, &$$, $3); }
  ;

plain_literal:
    MONEY               { $$ = ast_literal(A, @$, $1); }
  | PERCENT             { $$ = ast_literal(A, @$, $1); }
  | NUMBER              { $$ = ast_literal(A, @$, $1); }
  | DATE                { $$ = ast_literal(A, @$, $1); }
  | KW_TRUE             { $$ = ast_literal(A, @$, (Value){TY_BOOL, 1, NULL}); }
  | KW_FALSE            { $$ = ast_literal(A, @$, (Value){TY_BOOL, 0, NULL}); }
  | STRING              { $$ = ast_literal(A, @$, (Value){TY_TEXT, 0, $1}); }
  ;

/* A literal where only a literal may stand (defaults, tests, baselines). */
literal:
    plain_literal
  | '-' MONEY           { $$ = negate_literal(ctx, @$, $2); }
  | '-' PERCENT         { $$ = negate_literal(ctx, @$, $2); }
  | '-' NUMBER          { $$ = negate_literal(ctx, @$, $2); }
  ;

ident:
    IDENT               { $$ = (Ident){$1, @1}; }
  ;

string:
    STRING              { $$ = (StrLit){$1, @1}; }
  ;

opt_string:
    %empty              { $$ = (StrLit){NULL, @$}; }
  | string
  ;

%%


/* --- building helpers ------------------------------------------------------ */

static Decl *new_decl(ParseCtx *ctx, DeclKind kind, Span span) {
  return ast_decl(ctx->arena, kind, span, ctx->src);
}

static Attr *new_attr(ParseCtx *ctx, AttrKind kind, Span span) {
  Attr *attr = arena_alloc(ctx->arena, sizeof *attr);
  attr->kind = kind;
  attr->span = span;
  return attr;
}

static Tier *new_tier(ParseCtx *ctx, Span span, BinOp cmp, Expr *threshold,
                      Expr *value) {
  Tier *tier = arena_alloc(ctx->arena, sizeof *tier);
  tier->span = span;
  tier->cmp = cmp;
  tier->threshold = threshold;
  tier->value = value;
  return tier;
}

static Assign *new_assign(ParseCtx *ctx, Span span, Ident id, Expr *value) {
  Assign *a = arena_alloc(ctx->arena, sizeof *a);
  a->span = span;
  a->id = id;
  a->value = value;
  return a;
}

static Ident *new_ident(ParseCtx *ctx, Ident id) {
  Ident *p = arena_alloc(ctx->arena, sizeof *p);
  *p = id;
  return p;
}

static Expr *negate_literal(ParseCtx *ctx, Span span, Value v) {
  v.i = -v.i;
  return ast_literal(ctx->arena, span, v);
}

static void duplicate_attr(ParseCtx *ctx, const Attr *attr, const char *what) {
  Diag *d = diag_error(ctx->diags, ctx->src, attr->span, "duplicate-attribute",
                       "this rule already has %s", what);
  diag_hint(ctx->diags, d, "keep one; a rule with different terms is a "
            "separate rule");
}

/* Moves one parsed attribute into the rule, reporting repetitions. */
static void apply_attr(ParseCtx *ctx, Rule *rule, const Attr *attr) {
  switch (attr->kind) {
  case ATTR_KIND:
    if (rule->kind.name) duplicate_attr(ctx, attr, "a kind");
    rule->kind = attr->ident;
    break;
  case ATTR_GROUP:
    if (rule->group.name) duplicate_attr(ctx, attr, "a group");
    rule->group = attr->ident;
    break;
  case ATTR_PER_YEAR:
    if (rule->is_per_year) duplicate_attr(ctx, attr, "`per year`");
    rule->is_per_year = true;
    rule->per_year = attr->span;
    break;
  case ATTR_FOR:
    if (rule->for_years) duplicate_attr(ctx, attr, "a `for N years`");
    rule->for_years = attr->expr;
    rule->for_span = attr->span;
    break;
  case ATTR_PAID:
    if (rule->paid.len || rule->paid_over) duplicate_attr(ctx, attr, "a payment schedule");
    rule->paid = attr->list;
    rule->paid_span = attr->span;
    break;
  case ATTR_PAID_OVER:
    if (rule->paid.len || rule->paid_over) duplicate_attr(ctx, attr, "a payment schedule");
    rule->paid_over = attr->expr;
    rule->paid_span = attr->span;
    break;
  case ATTR_DISCRETIONARY:
    rule->discretionary = true;
    break;
  case ATTR_EXTERNAL:
    rule->external = true;
    break;
  case ATTR_OBLIGATION: {
    StrLit *text = arena_alloc(ctx->arena, sizeof *text);
    *text = attr->text;
    ptrvec_push(ctx->arena, &rule->obligations, text);
    break;
  }
  case ATTR_ARTICLE: {
    StrLit *text = arena_alloc(ctx->arena, sizeof *text);
    *text = attr->text;
    ptrvec_push(ctx->arena, &rule->articles, text);
    break;
  }
  case ATTR_NOTE: {
    StrLit *text = arena_alloc(ctx->arena, sizeof *text);
    *text = attr->text;
    ptrvec_push(ctx->arena, &rule->notes, text);
    break;
  }
  }
}

/* --- syntax errors --------------------------------------------------------- */

static void pol_error(Span *loc, yyscan_t scanner, ParseCtx *ctx,
                      const char *msg) {
  (void)scanner;
  ctx->syntax_errors++;
  /* bison's own words when its stack is full: `not not not ...` thousands
   * deep, or a chain of thousands of prefixes */
  if (strcmp(msg, "memory exhausted") == 0) {
    Diag *d = diag_error(ctx->diags, ctx->src, *loc, "too-deep",
                         "the expression is nested too deeply for polc to read");
    diag_hint(ctx->diags, d, "write it with fewer levels: name a part with `let`");
    return;
  }
  diag_error(ctx->diags, ctx->src, *loc, "syntax", "%s", msg);
}

/* True when k is the one-character token c ('(', '}' ...): bison numbers
 * them by order of appearance, so they are matched by name. */
static bool is_char(yysymbol_kind_t k, char c) {
  const char *name = yysymbol_name(k);
  return name[0] == '\'' && name[1] == c && name[2] == '\'';
}

/* Tokens that can start an expression: listed as "an expression". */
static bool starts_expression(yysymbol_kind_t k) {
  switch (k) {
  case YYSYMBOL_IDENT: case YYSYMBOL_MONEY: case YYSYMBOL_PERCENT:
  case YYSYMBOL_NUMBER: case YYSYMBOL_DATE: case YYSYMBOL_STRING:
  case YYSYMBOL_KW_TRUE: case YYSYMBOL_KW_FALSE: case YYSYMBOL_KW_NOT:
  case YYSYMBOL_KW_IF: case YYSYMBOL_KW_YEAR:
    return true;
  default:
    return is_char(k, '(') || is_char(k, '-');
  }
}

/* Tokens that start a declaration, and the end of the file: a syntax
 * error lists them as "a new declaration" when all of them could come next
 * (the construct being read could also end here); polc fmt starts a line
 * at them. */
static const int declaration_starts[] = {
    POL_EOF,     KW_POLICY, KW_IMPORT, KW_KIND, KW_INPUT, KW_LET,
    KW_ELIGIBLE, KW_RULE,   KW_TEST,   KW_INDICATOR, KW_ARTICLE,
};
enum { DECLARATION_STARTS = sizeof declaration_starts / sizeof declaration_starts[0] };

bool parse_starts_declaration(int token) {
  for (int i = 0; i < DECLARATION_STARTS; i++)
    if (declaration_starts[i] == token)
      return true;
  return false;
}

static bool starts_declaration(yysymbol_kind_t k) {
  for (int i = 0; i < DECLARATION_STARTS; i++)
    if (YYTRANSLATE(declaration_starts[i]) == k)
      return true;
  return false;
}

/* Tokens named first in "expected ...": a rule's missing `award`, an
 * unclosed bracket. */
static bool is_priority(yysymbol_kind_t k) {
  return k == YYSYMBOL_KW_AWARD || is_char(k, ')') || is_char(k, '}');
}

/* How an expected token is named to a drafter. */
static const char *describe(ParseCtx *ctx, yysymbol_kind_t k) {
  switch (k) {
  case YYSYMBOL_YYEOF: return _("the end of the file");
  case YYSYMBOL_IDENT: return _("a name");
  case YYSYMBOL_STRING: return _("a string");
  case YYSYMBOL_MONEY: return _("an amount such as 500万");
  case YYSYMBOL_PERCENT: return _("a percentage such as 5%");
  case YYSYMBOL_NUMBER: return _("a number");
  case YYSYMBOL_DATE: return _("a date such as 2023-01-01");
  default: break;
  }
  const char *name = yysymbol_name(k);   /* "rule", "==" or "'='" */
  size_t len = strlen(name);
  if (len >= 2 && name[0] == '\'')
    return arena_printf(ctx->arena, "`%.*s`", (int)(len - 2), name + 1);
  return arena_printf(ctx->arena, "`%s`", name);
}

/* How the token actually found is named: by its text where it has one. */
static const char *describe_found(ParseCtx *ctx, yysymbol_kind_t k, Span at) {
  const char *text = ctx->src->text + at.begin;
  int len = (int)(at.end - at.begin);
  if (k == YYSYMBOL_YYEOF || len <= 0)
    return _("the end of the file");
  if (len > 40)
    len = 40;
  if (k == YYSYMBOL_IDENT)
    return arena_printf(ctx->arena, _("the name `%.*s`"), len, text);
  if (k == YYSYMBOL_STRING)
    return _("a string");
  return arena_printf(ctx->arena, "`%.*s`", len, text);
}

/* A reserved word: one the lexer's table turns into this very token. */
static bool is_keyword(yysymbol_kind_t k) {
  const char *name = yysymbol_name(k);
  int token = lex_keyword(name, strlen(name));
  return token != 0 && YYTRANSLATE(token) == k;
}

/* The word (or symbol) just before `at`, skipping spaces: "cap". */
static const char *word_before(ParseCtx *ctx, Span at) {
  const char *text = ctx->src->text;
  uint32_t end = at.begin;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t' ||
                     text[end - 1] == '\n' || text[end - 1] == '\r'))
    end--;
  uint32_t begin = end;
  while (begin > 0 && (isalnum((unsigned char)text[begin - 1]) ||
                       text[begin - 1] == '_' || text[begin - 1] == '%'))
    begin--;
  if (begin == end && end > 0)
    begin = end - 1;
  return arena_printf(ctx->arena, "%.*s", (int)(end - begin), text + begin);
}

static bool is_comparison(yysymbol_kind_t k) {
  return k == YYSYMBOL_EQ || k == YYSYMBOL_NE || k == YYSYMBOL_LT ||
         k == YYSYMBOL_LE || k == YYSYMBOL_GT || k == YYSYMBOL_GE;
}

static bool expects(const yysymbol_kind_t *expected, int n, yysymbol_kind_t k) {
  for (int i = 0; i < n; i++)
    if (expected[i] == k)
      return true;
  return false;
}

/* What a keyword left without its operand needs. */
static const char *missing_after(const char *word) {
  static const char *const needs[][2] = {
      {"cap", "`cap` needs an amount: cap 500万"},
      {"when", "`when` needs a condition: when paid_in_capital >= 2000万"},
      {"of", "a share needs its base: 5% of paid_in_capital"},
      {"award", "`award` needs an amount: award 100万, award 5% of X, ..."},
      {"topup", "`topup` needs the amount already received: topup milestone_awarded"},
      {"default", "`default` needs a value: default 0"},
  };
  for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++)
    if (strcmp(word, needs[i][0]) == 0)
      return needs[i][1];
  return NULL;
}

static bool expects_char(const yysymbol_kind_t *expected, int n, char c) {
  for (int i = 0; i < n; i++)
    if (is_char(expected[i], c))
      return true;
  return false;
}

static const char *syntax_hint(ParseCtx *ctx, Span at, yysymbol_kind_t found,
                               const yysymbol_kind_t *expected, int n) {
  bool want_ident = expects(expected, n, YYSYMBOL_IDENT);
  bool want_expr = expects(expected, n, YYSYMBOL_MONEY);
  bool want_close = expects_char(expected, n, '}') || expects_char(expected, n, ')');
  const char *before = word_before(ctx, at);
  if (is_char(found, '=') && expects(expected, n, YYSYMBOL_EQ))
    return _("to compare two values write ==");
  if (is_comparison(found) && !expects(expected, n, YYSYMBOL_EQ) &&
      !expects(expected, n, YYSYMBOL_GT))
    return _("comparisons do not chain: write `a <= x and x < b`");
  if (found == YYSYMBOL_IDENT && before[0] && before[strlen(before) - 1] == '%')
    return _("a share of an amount is written with `of`: 30% of compute_spend");
  if (found == YYSYMBOL_NUMBER && expects(expected, n, YYSYMBOL_PERCENT))
    return _("a rate is written as a percentage: 50%");
  if (want_expr && (is_keyword(found) || found == YYSYMBOL_YYEOF) &&
      missing_after(before))
    return missing_after(before);
  if (expects(expected, n, YYSYMBOL_KW_WHEN) && n <= 3)
    return _("an eligibility clause reads: eligible \"第一条\" when CONDITION");
  if (expects_char(expected, n, ':') && n == 1)
    return _("an input has a type: input headcount: count \"从业人数\"");
  if (expects(expected, n, YYSYMBOL_STRING) && strcmp(before, "test") == 0)
    return _("a test has a name: test \"新落户企业\" { ... }");
  if (want_ident && !want_expr && is_keyword(found))
    return _("this word is reserved by the language and cannot be used as a name");
  if (want_ident && found == YYSYMBOL_STRING)
    return _("the id comes first, then the article: rule settlement \"第二条（一）\"");
  if (expects(expected, n, YYSYMBOL_KW_AWARD) && n <= 12)
    return _("every rule needs at least one line `award AMOUNT`");
  if (want_close && (found == YYSYMBOL_YYEOF || starts_declaration(found)))
    return _("a bracket or brace opened above is never closed");
  if (want_expr && is_keyword(found))
    return _("something is missing before this word");
  return NULL;
}

/* The decimal written just before `at` (`0.02` in `award 0.02 of X`), or
 * an empty span. */
static Span decimal_before(ParseCtx *ctx, Span at) {
  const char *text = ctx->src->text;
  uint32_t end = at.begin;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t'))
    end--;
  uint32_t begin = end;
  while (begin > 0 && (isdigit((unsigned char)text[begin - 1]) || text[begin - 1] == '.'))
    begin--;
  bool decimal = memchr(text + begin, '.', end - begin) != NULL;
  Span span = {begin, decimal && begin < end ? end : begin};
  return span;
}

/* The slips drafters make most, each told with its exact fix: a share
 * written as a fraction, a ladder line without its arrow, the condition
 * before the award.  Returns false when `found` is none of them. */
static bool explain_slip(ParseCtx *ctx, Diag *d, Span at, yysymbol_kind_t found,
                         const yysymbol_kind_t *expected, int n) {
  Span number = decimal_before(ctx, at);
  if (found == YYSYMBOL_KW_OF && number.end > number.begin) {
    const char *text = ctx->src->text + number.begin;
    double fraction = strtod(text, NULL);
    const char *percent = arena_printf(ctx->arena, "%.10g%%", fraction * 100);
    if (strchr(percent, 'e'))
      return false;   /* 0.0000000001: no percentage worth writing */
    diag_hint(ctx->diags, d, "a share is written as a percentage: write %s, not %.*s",
              percent, (int)(number.end - number.begin), text);
    diag_fix(ctx->diags, d, number, percent);
    return true;
  }
  if (expects(expected, n, YYSYMBOL_ARROW) &&
      (found == YYSYMBOL_MONEY || found == YYSYMBOL_PERCENT || found == YYSYMBOL_NUMBER)) {
    diag_hint(ctx->diags, d, "a ladder or bracket line puts `->` between the "
              "threshold and the amount: > 2亿 -> 100万");
    Span before = {at.begin, at.begin};
    diag_fix(ctx->diags, d, before, "-> ");
    return true;
  }
  if (found == YYSYMBOL_KW_WHEN && expects(expected, n, YYSYMBOL_KW_AWARD)) {
    diag_hint(ctx->diags, d, "a rule's condition follows its amount, on the "
              "`award` line: award 10万 when CONDITION");
    return true;
  }
  return false;
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, yyscan_t scanner,
                                 ParseCtx *ctx) {
  (void)scanner;
  enum { MAX_EXPECTED = 64 };
  yysymbol_kind_t expected[MAX_EXPECTED];
  int n = yypcontext_expected_tokens(yyctx, expected, MAX_EXPECTED);
  if (n < 0)
    n = 0;
  yysymbol_kind_t found = yypcontext_token(yyctx);
  Span at = *yypcontext_location(yyctx);

  /* "an expression" stands for all the tokens that can start one. */
  const char *names[MAX_EXPECTED];
  int count = 0, expression_starts = 0;
  for (int i = 0; i < n; i++)
    expression_starts += starts_expression(expected[i]);
  int declaration_count = 0;
  for (int i = 0; i < n; i++)
    declaration_count += starts_declaration(expected[i]);
  bool collapse = expression_starts >= 5;
  bool may_end = declaration_count == DECLARATION_STARTS && n > DECLARATION_STARTS;
  if (collapse)
    names[count++] = _("an expression");
  for (int i = 0; i < n; i++)   /* what is missing most often comes first */
    if (is_priority(expected[i]))
      names[count++] = describe(ctx, expected[i]);
  for (int i = 0; i < n; i++)
    if (!(collapse && starts_expression(expected[i])) &&
        !(may_end && starts_declaration(expected[i])) &&
        !is_priority(expected[i]))
      names[count++] = describe(ctx, expected[i]);
  if (may_end)
    names[count++] = _("a new declaration");

  char list[512] = "";
  size_t used = 0;
  int shown = count > 8 ? 8 : count;
  for (int i = 0; i < shown && used < sizeof list; i++) {
    const char *sep = i == 0 ? "" : i == shown - 1 && shown == count ? _(" or ") : _(", ");
    used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", sep, names[i]);
  }
  const char *found_text = describe_found(ctx, found, at);
  ctx->syntax_errors++;
  Diag *d;
  if (count == 0)
    d = diag_error(ctx->diags, ctx->src, at, "syntax", "unexpected %s", found_text);
  else
    d = diag_error(ctx->diags, ctx->src, at, "syntax", "expected %s%s, found %s",
                   list, shown < count ? ", ..." : "", found_text);
  const char *hint = explain_slip(ctx, d, at, found, expected, n)
                         ? NULL : syntax_hint(ctx, at, found, expected, n);
  if (hint)
    diag_hint(ctx->diags, d, "%s", hint);
  bool at_end = found == YYSYMBOL_YYEOF || starts_declaration(found);
  if (at_end && ctx->depth > 0 && ctx->depth <= (int)(sizeof ctx->open_at / sizeof ctx->open_at[0])) {
    uint32_t open = ctx->open_at[ctx->depth - 1];
    Span bracket = {open, open + 1};   /* (not inline: see po/extract.sh) */
    diag_note(ctx->diags, d, ctx->src, bracket, "the bracket opened here is not closed");
  }
  return 0;
}
