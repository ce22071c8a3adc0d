/*
 * cmd_doc.c - `polc doc POLICY... -o FILE.html`: the review document, in
 * Chinese.  Per policy: the document's header (文号, issuer, in force), a
 * table of its articles (with figures, encoded, not encodable), then
 * article by article the published words (`article "..."` of the rules and
 * the `article ... reason ...` declarations) beside the rules' .pol source,
 * coloured, with the tests that name each rule and its coverage, and for an
 * article no rule encodes, why.  One self-contained file: inline CSS, no
 * script, every text HTML-escaped.  `--format markdown` writes only the
 * counts, one table row a policy (policies/README.md is made of it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/ir/ir.h"
#include "../compiler/unit.h"
#include "../lang/figure.h"
#include "../lang/parse.h"
#include "../runtime/base/date.h"
#include "../runtime/base/i18n.h"
#include "driver.h"
#include "test_coverage.h"
#include "test_run.h"

static const char style[] =
    "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;"
    "margin:2em auto;max-width:72em;color:#222;line-height:1.6}"
    "h1{font-size:1.6em;border-bottom:2px solid #345}h2{font-size:1.2em;margin:0 0 .4em}"
    "dl.head{display:grid;grid-template-columns:6em auto;gap:.2em 1em}dt{font-weight:bold}"
    "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:.2em .6em}"
    "section.article{display:grid;grid-template-columns:1fr 1fr;gap:1em;border:1px solid #ccc;"
    "border-radius:4px;padding:.8em;margin:1em 0;break-inside:avoid}"
    "section.article>h2{grid-column:1/3}.text{background:#fbf8ef;padding:.5em}"
    "pre{background:#f4f6f8;padding:.5em;white-space:pre-wrap;margin:0 0 .5em;font-size:.9em}"
    ".kw{color:#0550ae;font-weight:bold}.str{color:#0a7d32}.com{color:#777;font-style:italic}"
    ".num{color:#a4411d}.reason{color:#8a5300}.ok{color:#0a7d32}.bad{color:#b00020}"
    "ul.tests{margin:.2em 0;padding-left:1.2em;font-size:.9em}"
    "@media print{section.article{grid-template-columns:1fr 1fr}}";

/* --- HTML text -------------------------------------------------------------- */

static void esc_n(FILE *out, const char *s, size_t n) {
  for (size_t i = 0; i < n && s[i]; i++) {
    switch (s[i]) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&#39;", out); break;
    default: putc(s[i], out); break;
    }
  }
}

static void esc(FILE *out, const char *s) {
  if (s)
    esc_n(out, s, strlen(s));
}

static bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (c >= '0' && c <= '9');
}

/* Escapes s[0..n) wrapped in <span class=cls>. */
static void span(FILE *out, const char *cls, const char *s, size_t n) {
  fprintf(out, "<span class=\"%s\">", cls);
  esc_n(out, s, n);
  fputs("</span>", out);
}

/* .pol source, coloured: reserved words, strings, comments, figures. */
static void colour(FILE *out, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    if (s[i] == '#') {
      while (j < n && s[j] != '\n')
        j++;
      span(out, "com", s + i, j - i);
    } else if (s[i] == '"') {
      j++;
      while (j < n && s[j] != '"' && s[j] != '\n')
        j += s[j] == '\\' && j + 1 < n ? 2 : 1;
      j += j < n && s[j] == '"';
      span(out, "str", s + i, j - i);
    } else if (s[i] >= '0' && s[i] <= '9') {
      while (j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.' || s[j] == '%' ||
                       s[j] == '-'))
        j++;
      /* 万, 亿, 元 (three bytes each in UTF-8) */
      while (j + 3 <= n && (memcmp(s + j, "万", 3) == 0 || memcmp(s + j, "亿", 3) == 0 ||
                            memcmp(s + j, "元", 3) == 0))
        j += 3;
      span(out, "num", s + i, j - i);
    } else if (is_word(s[i])) {
      while (j < n && is_word(s[j]))
        j++;
      if (lex_keyword(s + i, j - i))
        span(out, "kw", s + i, j - i);
      else
        esc_n(out, s + i, j - i);
    } else {
      j++;
      esc_n(out, s + i, 1);
    }
    i = j;
  }
}

/* --- sections ------------------------------------------------------------------ */

static const char *citation_of(const Decl *d) {
  if (d->kind == DECL_RULE)
    return d->as.rule.citation.text ? d->as.rule.citation.text : d->as.rule.id.name;
  return d->as.article.citation.text;
}

typedef struct Counts {
  int articles, with_figures, encoded, not_encoded;
} Counts;

/* The declarations of one article: decls[first..end) share its citation. */
static int section_end(const PtrVec *decls, int first) {
  const char *cit = citation_of(decls->items[first]);
  int end = first + 1;
  while (end < decls->len && strcmp(citation_of(decls->items[end]), cit) == 0)
    end++;
  return end;
}

/* Adds the article of decls[first..end) to counts: encoded when a rule
 * cites it; with figures when its published words (of the rules or of the
 * `article` declaration) hold an amount or a rate (lang/figure.h). */
static void count_section(const PtrVec *decls, int first, int end, Counts *counts) {
  bool encoded = false, figures = false;
  for (int i = first; i < end; i++) {
    const Decl *d = decls->items[i];
    if (d->kind == DECL_ARTICLE) {
      figures |= text_has_figure(d->as.article.text.text);
      continue;
    }
    encoded = true;
    for (int a = 0; a < d->as.rule.articles.len; a++)
      figures |= text_has_figure(((const StrLit *)d->as.rule.articles.items[a])->text);
  }
  counts->articles++;
  counts->with_figures += figures;
  counts->encoded += encoded;
  counts->not_encoded += !encoded;
}

static void rule_tests(FILE *out, const Unit *unit, const Decl *rule, const TestResults *res,
                       const char *file) {
  fputs("<ul class=\"tests\">", out);
  int n = 0;
  for (int t = 0; t < unit->tests.len; t++) {
    const Test *test = &((const Decl *)unit->tests.items[t])->as.test;
    bool names = false;
    for (int e = 0; e < test->expects.len && !names; e++) {
      const Assign *a = test->expects.items[e];
      names = !a->policy.name && strcmp(a->id.name, rule->as.rule.id.name) == 0;
    }
    if (!names)
      continue;
    bool passed = false;
    for (int r = 0; r < res->results.len; r++) {
      const TestResult *tr = res->results.items[r];
      if (strcmp(tr->file, file) == 0 && strcmp(tr->name, test->name.text) == 0)
        passed = tr->nfailures == 0;
    }
    fprintf(out, "<li class=\"%s\">%s ", passed ? "ok" : "bad", passed ? "通过" : "未通过");
    esc(out, test->name.text);
    fputs("</li>", out);
    n++;
  }
  if (!n)
    fputs("<li class=\"bad\">没有测试</li>", out);
  fputs("</ul>", out);
}

static void print_section(FILE *out, const Unit *unit, const PtrVec *decls, int first, int end,
                          const IrPolicy *pol, const Coverage *cov, const TestResults *res,
                          int index) {
  const char *cit = citation_of(decls->items[first]);
  fprintf(out, "<section class=\"article\" id=\"a%d\">\n<h2>", index);
  esc(out, cit);
  fputs("</h2>\n<div class=\"text\">", out);
  for (int i = first; i < end; i++) {
    const Decl *d = decls->items[i];
    if (d->kind == DECL_ARTICLE) {
      fputs("<p>", out);
      esc(out, d->as.article.text.text);
      fputs("</p>", out);
    } else {
      for (int a = 0; a < d->as.rule.articles.len; a++) {
        const char *t = ((const StrLit *)d->as.rule.articles.items[a])->text;
        fputs("<p>", out);
        esc(out, t);
        fputs("</p>", out);
      }
      if (!d->as.rule.articles.len)
        fputs("<p class=\"bad\">（规则未附原文）</p>", out);
    }
  }
  fputs("</div>\n<div class=\"code\">", out);
  for (int i = first; i < end; i++) {
    const Decl *d = decls->items[i];
    if (d->kind == DECL_ARTICLE) {
      fputs("<p class=\"reason\">未编码：", out);
      esc(out, d->as.article.reason.text);
      fputs("</p>", out);
      continue;
    }
    fputs("<pre>", out);
    colour(out, d->src->text + d->span.begin, d->span.end - d->span.begin);
    fputs("</pre>", out);
    char qualified[512];
    snprintf(qualified, sizeof qualified, "%s.%s", pol->id, d->as.rule.id.name);
    int covered = 0, total = 0;
    coverage_of_rule(cov, qualified, &covered, &total);
    fprintf(out, "<p>覆盖：%d / %d 项</p>", covered, total);
    rule_tests(out, unit, d, res, unit->main->src->path);
  }
  fputs("</div>\n</section>\n", out);
}

/* The rules and articles of the main file, grouped by article: the
 * articles in the order they are first cited, each with every declaration
 * that cites it, in the order written. */
static PtrVec sections_of(Arena *arena, const Unit *unit) {
  PtrVec written = {0}, grouped = {0};
  for (int i = 0; i < unit->main->decls.len; i++) {
    Decl *d = unit->main->decls.items[i];
    if (d->kind == DECL_RULE || d->kind == DECL_ARTICLE)
      ptrvec_push(arena, &written, d);
  }
  for (int i = 0; i < written.len; i++) {
    const char *cit = citation_of(written.items[i]);
    bool seen = false;
    for (int j = 0; j < i && !seen; j++)
      seen = strcmp(citation_of(written.items[j]), cit) == 0;
    for (int j = i; j < written.len && !seen; j++)
      if (strcmp(citation_of(written.items[j]), cit) == 0)
        ptrvec_push(arena, &grouped, written.items[j]);
  }
  return grouped;
}

static Counts counts_of(Arena *arena, const Unit *unit) {
  PtrVec decls = sections_of(arena, unit);
  Counts counts = {0};
  for (int i = 0; i < decls.len;) {
    int end = section_end(&decls, i);
    count_section(&decls, i, end, &counts);
    i = end;
  }
  return counts;
}

static void print_policy(FILE *out, Arena *arena, const Unit *unit, const IrPolicy *pol,
                         const Coverage *cov, const TestResults *res) {
  fputs("<article class=\"policy\">\n<h1>", out);
  esc(out, pol->title ? pol->title : pol->id);
  fputs("</h1>\n<dl class=\"head\"><dt>文号</dt><dd>", out);
  esc(out, pol->document ? pol->document : "（未写明）");
  fputs("</dd><dt>发布机关</dt><dd>", out);
  esc(out, pol->issuer ? pol->issuer : "（未写明）");
  fputs("</dd><dt>施行</dt><dd>", out);
  if (pol->has_effective) {
    char from[11], to[11];
    date_format(pol->effective_from, from);
    if (pol->has_end) {
      date_format(pol->effective_to, to);
      fprintf(out, "%s 至 %s", from, to);
    } else {
      fprintf(out, "%s 起", from);
    }
  } else {
    fputs("（未写明）", out);
  }
  fputs("</dd><dt>文件</dt><dd>", out);
  esc(out, pol->file);
  fputs("</dd></dl>\n", out);
  PtrVec decls = sections_of(arena, unit);
  Counts counts = counts_of(arena, unit);
  fprintf(out,
          "<table class=\"counts\"><tr><th>条文</th><th>含金额或比例</th><th>已编码为规则</th>"
          "<th>未编码</th></tr><tr><td>%d</td><td>%d</td><td>%d</td><td>%d</td></tr></table>\n",
          counts.articles, counts.with_figures, counts.encoded, counts.not_encoded);
  for (int i = 0, n = 0; i < decls.len; n++) {
    int end = section_end(&decls, i);
    print_section(out, unit, &decls, i, end, pol, cov, res, n);
    i = end;
  }
  fputs("</article>\n", out);
}

static int write_doc(FILE *out, Loaded *loaded, char **paths, int count, const char *root) {
  Coverage *cov = coverage_new();
  Arena arena;
  arena_init(&arena);
  TestResults res = {.arena = &arena};
  test_collect(paths, count, root, cov, &res);
  fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>政策条文对照</title>\n<style>", out);
  fputs(style, out);
  fputs("</style>\n</head>\n<body>\n", out);
  for (int u = 0; u < loaded->count; u++)
    print_policy(out, &arena, loaded->units[u], &loaded->prog->policies[u], cov, &res);
  int covered, total;
  coverage_totals(cov, &covered, &total);
  fprintf(out, "<footer><p>测试：%d 个通过，%d 个未通过；覆盖 %.1f%%（%d / %d 项）。</p></footer>\n",
          res.passed, res.failed, coverage_percent(cov), covered, total);
  fputs("</body>\n</html>\n", out);
  coverage_free(cov);
  arena_free(&arena);
  return EXIT_OK;
}

/* The same counts as the HTML tables, one row a policy and a total, as a
 * Markdown table: what policies/README.md holds between its `polc doc`
 * markers (tests/tools/policies_readme.sh). */
static int write_markdown(FILE *out, Loaded *loaded) {
  Arena arena;
  arena_init(&arena);
  Counts all = {0};
  fputs("| file | policy | articles | with figures | encoded | not encoded |\n"
        "|---|---|---:|---:|---:|---:|\n",
        out);
  for (int u = 0; u < loaded->count; u++) {
    const IrPolicy *pol = &loaded->prog->policies[u];
    Counts c = counts_of(&arena, loaded->units[u]);
    const char *slash = strrchr(pol->file, '/');
    fprintf(out, "| `%s` | `%s` | %d | %d | %d | %d |\n", slash ? slash + 1 : pol->file, pol->id,
            c.articles, c.with_figures, c.encoded, c.not_encoded);
    all.articles += c.articles;
    all.with_figures += c.with_figures;
    all.encoded += c.encoded;
    all.not_encoded += c.not_encoded;
  }
  fprintf(out, "| all | | %d | %d | %d | %d |\n", all.articles, all.with_figures, all.encoded,
          all.not_encoded);
  arena_free(&arena);
  return EXIT_OK;
}

typedef enum DocFormat { DOC_HTML, DOC_MARKDOWN } DocFormat;

static int format_option(const char *v, DocFormat *format) {
  static const struct { const char *word; DocFormat format; } formats[] = {
      {"html", DOC_HTML}, {"markdown", DOC_MARKDOWN}};
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (strcmp(v, formats[i].word) == 0) {
      *format = formats[i].format;
      return EXIT_OK;
    }
  return usage_error("doc", "--format takes html or markdown, not '%s'", v);
}

static int write_output(const char *output, DocFormat format, Loaded *loaded, char **paths,
                        int count, const char *root) {
  if (format == DOC_MARKDOWN && !output)
    return write_markdown(stdout, loaded);
  FILE *out = fopen(output, "w");
  if (!out) {
    fprintf(stderr, _("polc doc: cannot write %s\n"), output);
    return EXIT_USAGE;
  }
  int status = format == DOC_MARKDOWN ? write_markdown(out, loaded)
                                      : write_doc(out, loaded, paths, count, root);
  if (fclose(out) != 0)
    status = EXIT_USAGE;
  return status;
}

int cmd_doc(int argc, char **argv) {
  Arena arena;
  arena_init(&arena);
  PtrVec policies = {0};
  const char *output = NULL, *root = NULL;
  DocFormat format = DOC_HTML;
  int status = EXIT_OK;
  for (int i = 1; i < argc && status == EXIT_OK; i++) {
    const char *v;
    int r;
    if (is_help_flag(argv[i]))
      status = -1, help_print("doc");
    else if ((r = root_option("doc", argc, argv, &i, &root)) != 0)
      status = r < 0 ? EXIT_USAGE : EXIT_OK;
    else if ((v = option_value(argc, argv, &i, "-o")) || (v = option_value(argc, argv, &i, "--output")))
      output = v;
    else if ((v = option_value(argc, argv, &i, "--format")))
      status = format_option(v, &format);
    else if (argv[i][0] == '-' && argv[i][1])
      status = usage_error("doc", "unknown option '%s'", argv[i]);
    else
      ptrvec_push(&arena, &policies, argv[i]);
  }
  if (status == EXIT_OK && !policies.len)
    status = usage_error("doc", "no policy given");
  if (status == EXIT_OK && format == DOC_HTML && (!output || !*output))
    status = usage_error("doc", "give the HTML file to write: -o FILE.html");
  if (status != EXIT_OK) {
    arena_free(&arena);
    return status < 0 ? EXIT_OK : status;
  }
  Loaded loaded = {.root = root};
  status = policies_load(&loaded, (char **)policies.items, policies.len, false);
  if (status == EXIT_OK && output)
    status = policies_refuse_as_output(&loaded, "doc", NULL, output);
  if (status == EXIT_OK)
    status = write_output(output, format, &loaded, (char **)policies.items, policies.len, root);
  policies_free(&loaded);
  arena_free(&arena);
  return status;
}
