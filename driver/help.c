/*
 * help.c - `polc help`, `polc help CMD`, `polc CMD --help`.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../runtime/base/i18n.h"
#include "driver.h"

static const char overview[] = N_(
    "polc - compile, check and evaluate subsidy policies written in .pol\n"
    "\n"
    "usage: polc COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  check    parse and type-check policies; print every diagnostic\n"
    "  eval     evaluate policies over an applicant registry (CSV, JSON Lines,\n"
    "           .xlsx, SQLite, PostgreSQL)\n"
    "  compare  who gains and who loses if policies change, and what it costs\n"
    "  report   a fiscal report of policies over a registry, as one HTML file\n"
    "  explain  one applicant, rule by rule, with every step's numbers\n"
    "  test     run the `test` blocks of policies\n"
    "  fmt      rewrite policies in the canonical layout\n"
    "  ir       print a policy's intermediate representation\n"
    "  build    compile policies into a shared library with a C header, or a\n"
    "           PostgreSQL extension\n"
    "  template an empty registry (.xlsx or .csv) for the inputs policies read\n"
    "  inputs   list the inputs policies read: name, type, default, label\n"
    "  lsp      a language server for editors, over stdin and stdout\n"
    "  doc      the policy beside its published text, as one HTML page\n"
    "  help     show this overview, or `polc help COMMAND` for one command\n"
    "\n"
    "polc --version prints the version and commit.  Exit status: 0 success, 1 the input\n"
    "was wrong (a diagnostic, a failed test, a rejected row), 2 the command\n"
    "was misused (unknown flag, missing file).\n"
    "\n"
    "global option (before or after COMMAND):\n"
    "  --lang zh|en  the language of messages, help and reports (default: from\n"
    "                LANGUAGE, LC_ALL, LC_MESSAGES, LANG; English without a\n"
    "                catalogue); codes, JSON keys and CSV headers stay as they are\n"
    "\n"
    "environment:\n"
    "  POLC_STDLIB  folders (colon-separated) searched first by `import NAME`\n"
    "  NO_COLOR     set to turn off coloured diagnostics\n");

typedef struct Usage {
  const char *command;
  const char *text;
} Usage;

static const Usage usages[] = {
    {"check",
     N_("usage: polc check [OPTIONS] FILE|DIR...\n"
     "\n"
     "Parses and type-checks each .pol file (every .pol below a DIR) with the\n"
     "modules it imports, and prints every diagnostic as\n"
     "FILE:LINE:COL: error: MESSAGE, the source line, a caret and a hint.\n"
     "Nothing is evaluated.  A file without errors also gets the review\n"
     "lints (warnings): never-holds and never-pays (proved with Z3),\n"
     "cap-never-binds, unused-input, unused-let, no-kind, untested-rule.\n"
     "A comment '# polc: allow CODE' on the line before a declaration\n"
     "silences CODE for that declaration.\n"
     "\n"
     "options:\n"
     "  --format text|json|sarif  diagnostics as text (stderr, the default),\n"
     "                            a JSON array or SARIF 2.1.0 (stdout)\n"
     "  --werror                  treat warnings as errors\n"
     "  --column-unit display|char\n"
     "                            count COL in display columns, a Chinese\n"
     "                            character two (the default, as GCC), or in\n"
     "                            characters (as VS Code); SARIF always counts\n"
     "                            characters\n"
     "  --color auto|always|never colour the text form (default: auto, on a\n"
     "                            terminal unless NO_COLOR is set)\n"
     "  --dump-ast                print each file's syntax tree (for debugging)\n"
     "  --root DIR                the project: `import \"path\"` may read .pol\n"
     "                            files in DIR and below (default: the folder\n"
     "                            of each policy), and stdlib modules\n"
     "  -h, --help                show this help\n"
     "\n"
     "exit status: 0 no errors, 1 errors found, 2 misuse or unreadable file.\n")},
    {"eval",
     N_("usage: polc eval POLICY... --registry FILE [OPTIONS]\n"
     "\n"
     "Evaluates every row of an applicant registry (CSV, JSON Lines, an Excel\n"
     ".xlsx workbook, or SQLite for .db/.sqlite/.sqlite3, by extension; - is\n"
     "standard input; or a PostgreSQL table) against the policies.\n"
     "\n"
     "options:\n"
     "  --registry FILE           the applicants; postgresql://... (or a libpq\n"
     "                            conninfo) reads a table of that database\n"
     "  --sheet NAME              the sheet of an .xlsx registry (default: the first)\n"
     "  --encoding utf-8|gb18030  the registry's text encoding (default: found)\n"
     "  --table NAME              a database's table (SQLite: default the only\n"
     "                            one; PostgreSQL: NAME or SCHEMA.NAME)\n"
     "  --query SQL               a database's SELECT read instead of a table\n"
     "  --format csv|jsonl|table  output (default: table on a terminal, else csv)\n"
     "  -o FILE                   write the output to FILE, atomically (FILE.xlsx:\n"
     "                            a workbook of results, summary, rejected rows;\n"
     "                            FILE.sqlite: a SQLite table, amounts in INTEGER\n"
     "                            fen, and with --summary the table NAME_summary)\n"
     "  --out-table NAME          the table of -o FILE.sqlite or -o postgresql://...\n"
     "                            (default: results), replaced only on success\n"
     "  --rejects FILE            the rejected rows, with a reason column, to FILE,\n"
     "                            atomically: a CSV's records, a JSON Lines\n"
     "                            registry's objects; a workbook's or database's\n"
     "                            rows as .xlsx, .sqlite/.db or .csv (FILE's\n"
     "                            extension; default the registry's form, CSV\n"
     "                            for PostgreSQL)\n"
     "  --keep COL,...            registry columns carried into the rows beside\n"
     "                            the id (CSV, JSON Lines, table)\n"
     "  --as-of DATE              evaluation date for rows without application_date\n"
     "  --engine interp|jit|auto  how to run the policies\n"
     "  --threads N               worker threads\n"
     "  --summary                 per rule and per policy totals, the budget by\n"
     "                            calendar year, committed and at most\n"
     "  --committed               add the columns committed and at_most after total\n"
     "                            (what formulas commit, what is at most granted)\n"
     "  --by COLUMN               with --summary: the same per value of a column\n"
     "                            the policies read (district, a kind, a bool)\n"
     "  --jit-opt N               optimisation level of native code (0-3, default 2)\n"
     "  --no-cache                compile native code afresh, do not cache it\n"
     "  -v, --verbose             say which engine runs and what the JIT does\n"
     "  --root DIR                the project imports may read (as for check)\n"
     "\n"
     "--engine auto (the default) takes native code when a cached build of the\n"
     "same sources exists or the registry is 256 MB or more, else the interpreter.\n"
     "Both give the same figures to the fen.  Native code is cached in\n"
     "$XDG_CACHE_HOME/polc (or ~/.cache/polc), used only when it is your own\n"
     "directory of mode 0700; an entry is loaded only after its SHA-256 is checked.\n"
     "\n"
     "-o FILE is written to a temporary file beside it and renamed when the run\n"
     "succeeds; a failed or interrupted run leaves FILE as it was.  A symbolic\n"
     "link is followed (the link stays, its target is replaced); a device or a\n"
     "FIFO is written directly.  FILE may not be the registry or a policy file\n"
     "of the run (exit 2).\n"
     "\n"
     "A bad cell rejects its row (FILE:ROW: column NAME: ...), the others go on,\n"
     "exit status 1.  Negative money and count cells are bad unless the input is\n"
     "declared signed.  Headers and JSON keys are matched to inputs regardless of\n"
     "ASCII case and full-width letters, with a warning; ids seen twice are\n"
     "warned about at the end.  CSV lines may end in LF, CRLF or a lone CR.\n"
     "A header may also be an input's Chinese label (实缴资本).  A file that is\n"
     "not UTF-8 but GB18030 is read as such after a warning; UTF-16 with a BOM\n"
     "is read.  Cells may be written as offices do: 1,200,000, ¥2000, 2000 万元,\n"
     "full-width digits, 2025/3/1, 2025年3月1日, 2025-03-01 00:00:00.\n"
     "\n"
     "The summary places each award's schedule in calendar years: year 1 in\n"
     "the year of the row's evaluation date, year 2 in the next.  It says what\n"
     "formulas commit and what is at most granted on assessment (discretionary\n"
     "ceilings, amounts set outside the text).\n"
     "\n"
     "An .xlsx number cell is read by the digits Excel stored: a money cell\n"
     "finer than the fen (a formula's 1666.6666666666667) is rejected, never\n"
     "rounded.  A damaged workbook or a missing sheet is exit status 2.\n")},
    {"compare",
     N_("usage: polc compare --base POLICY... --new POLICY... --registry FILE [OPTIONS]\n"
     "\n"
     "Evaluates both sets of policies over the registry in one pass (one\n"
     "reader, both sets per row) and writes per applicant: id, base, new,\n"
     "delta, then the delta of each rule in either set (POLICY.RULE; a rule in\n"
     "one set only counts 0 in the other).  Rejected rows as with eval.\n"
     "\n"
     "options: as eval's (--registry, --format csv|jsonl|table, -o FILE,\n"
     "--as-of DATE, --engine, --threads N, --jit-opt, --no-cache, -v, --root).\n"
     "--threads N runs the rows on N threads, as eval: the same output for\n"
     "every N.  -o names a .csv or .jsonl file: a\n"
     "workbook (.xlsx) or a database (.sqlite, .db, postgresql://) is refused.\n"
     "  --summary   applicants who gain, lose, are unchanged; rules added and\n"
     "              removed; the budget change per rule, per policy and per\n"
     "              calendar year, committed and at most; the largest gains\n"
     "              and losses with their ids (--format json: as JSON)\n"
     "  --committed add base_committed,base_at_most,new_committed,new_at_most\n"
     "              after delta: each side's total split as eval --committed\n")},
    {"report",
     N_("usage: polc report POLICY... --registry FILE [--base POLICY...] [--as-of DATE]\n"
     "                  [--threads N] -o FILE.html\n"
     "\n"
     "Writes one self-contained HTML file, in Chinese (inline CSS and SVG, no\n"
     "script, nothing from the network): the policies with their titles and\n"
     "citations, the budget by policy and by rule, by calendar year stacked by\n"
     "policy, committed versus at most, applicants by award size, applicants\n"
     "paid per rule, the rejected rows; with --base (the policies in force),\n"
     "winners and losers and the change by rule and by year.  Each chart has\n"
     "its numbers in a table beside it; it prints on A4.  -o is written\n"
     "atomically.  --threads N: the rows on N threads, as eval (the same\n"
     "default, the same report).  Also --engine, --jit-opt, --no-cache, -v,\n"
     "--root.\n")},
    {"explain",
     N_("usage: polc explain POLICY... (--registry FILE --id ID | --given k=v,...)\n"
     "                   [--as-of DATE] [--format text|json]\n"
     "\n"
     "Shows one applicant rule by rule: the article, the inputs used (with\n"
     "their labels), each condition and the part of it that failed, each\n"
     "step with its numbers, the ladder tier with its threshold, the cap,\n"
     "why a rule paid 0, what stacking superseded.  --format json: the same\n"
     "as one JSON object.\n"
     "--root DIR: the project imports may read (as for check).\n"
     "--sheet NAME: the sheet of an .xlsx registry (default: the first).\n")},
    {"template",
     N_("usage: polc template POLICY... -o FILE.xlsx|FILE.csv\n"
     "\n"
     "Writes an empty registry with a column for every input the policies read:\n"
     "row 1 the names, row 2 the Chinese labels.  The .xlsx form also has, on\n"
     "each name, a comment with the type, the default and the rules that read\n"
     "it, and lists for bool columns and date checks for date columns.  polc\n"
     "reads the file back as it is: a row of labels right under the header is\n"
     "skipped, in every registry format.\n"
     "--root DIR: the project imports may read (as for check).\n")},
    {"inputs",
     N_("usage: polc inputs POLICY... [--format table|json]\n"
     "\n"
     "Lists the inputs the policies read (those polc template makes columns\n"
     "for): name, type, default and label; --format json adds the rules that\n"
     "read each.\n"
     "--root DIR: the project imports may read (as for check).\n")},
    {"test",
     N_("usage: polc test FILE|DIR... [--format text|json|junit] [-v] [--run PATTERN]\n"
     "                 [--coverage] [--coverage-min PCT] [--cases FILE]\n"
     "                 [--as-of DATE] [--engine interp|jit|auto]\n"
     "\n"
     "Runs every `test` block; prints one line per failed expectation in the\n"
     "form FILE:LINE:COL: error: ... (at the `expect`), and a last line\n"
     "`N passed, N failed` (in English in every language: scripts read it).\n"
     "--format json: one JSON object; --format junit: JUnit XML for CI.\n"
     "-v: each test and its result (PASS/FAIL FILE:LINE: NAME).\n"
     "--run PATTERN: only the tests whose name matches: a glob when PATTERN\n"
     "has *, ? or [, else any name containing it.\n"
     "--coverage: per rule, the award lines taken, ladder tiers and bracket\n"
     "bands reached, each condition seen true and false, eligible clauses\n"
     "failed, each threshold with a test just missing and just meeting it;\n"
     "then `coverage: P% (N of M)`.  --coverage-min PCT: exit 1 below PCT.\n"
     "--cases FILE: each row of a registry (CSV, JSON Lines, ...) is an\n"
     "applicant of the policies given together, checked against its columns\n"
     "expect.RULE, expect.POLICY.RULE, expect.RULE.yearN and expect.total;\n"
     "a failure reads FILE:ROW:1: error: ....\n"
     "--root DIR: the project imports may read (as for check).\n")},
    {"doc",
     N_("usage: polc doc POLICY... -o FILE.html\n"
     "       polc doc --format markdown POLICY... [-o FILE.md]\n"
     "\n"
     "Writes one self-contained HTML review document, in Chinese: each\n"
     "policy's header (文号, issuer, in force), a table of its articles (with\n"
     "figures, encoded, not encoded), then article by article the published\n"
     "words (`article \"...\"`) beside the rules' .pol source, coloured, with\n"
     "the tests that name each rule and its coverage, and for an article no\n"
     "rule encodes, why.  No script; every text HTML-escaped.\n"
     "An article has figures when its words hold an amount, a rate or a\n"
     "ratio (500万元, 30%, 1：1, 五百万元); not 2023年, 第3条 or 一定补贴.\n"
     "--format markdown: only the counts, one table row per policy and a\n"
     "total, to standard output unless -o is given (`make policies-readme`\n"
     "puts it in policies/README.md).\n"
     "--root DIR: the project imports may read (as for check).\n")},
    {"fmt",
     N_("usage: polc fmt [--check] FILE|DIR... | -\n"
     "\n"
     "Rewrites .pol files in the canonical layout, in place: only the space\n"
     "between tokens changes; line breaks and comments stay.  A file with a\n"
     "syntax error is reported and left alone.  --check lists the files it\n"
     "would change and exits 1 if there are any.  `polc fmt -` reads\n"
     "standard input and writes the layout to standard output (nothing, and\n"
     "exit 1, when it does not parse).\n"
     "\n"
     "A symbolic link is written through: fmt resolves it and rewrites the\n"
     "file it points to, atomically in that file's folder; the link stays a\n"
     "link.  A FIFO or a device is refused, not read.\n")},
    {"lsp",
     N_("usage: polc lsp [--stdio]\n"
     "\n"
     "A Language Server (LSP, JSON-RPC 2.0 framed by Content-Length) on\n"
     "standard input and output, for editors: diagnostics as `polc check`\n"
     "gives them while typing (unsaved text, imports relative to the file),\n"
     "with quick fixes for exact hints; hover (an input's label, type,\n"
     "default and module; a rule's citation and awards; money in yuan); go\n"
     "to definition and references across imports; rename; completion;\n"
     "document symbols; formatting as `polc fmt`.  It ends on `exit` or when\n"
     "standard input closes.  editors/README.md shows how each editor starts\n"
     "it.\n")},
    {"ir",
     N_("usage: polc ir [--root DIR] [--no-lines] POLICY\n"
     "\n"
     "Prints the intermediate representation the engines run.  A comment\n"
     "`; FILE:LINE` names the policy line the code below it comes from (the\n"
     "line the native code's debug info gives it); --no-lines leaves these\n"
     "out, so that two layouts of one policy print the same program.\n")},
    {"build",
     N_("usage: polc build POLICY... -o libNAME.so [--jit-opt N]\n"
     "       polc build POLICY... --postgres NAME -o DIR [--jit-opt N]\n"
     "\n"
     "Compiles the policies (evaluated together, stacking included) into a\n"
     "shared library and writes NAME.h beside it, declaring NAME_row,\n"
     "NAME_result and void NAME_eval(const NAME_row *, NAME_result *).\n"
     "--root DIR: the project imports may read (as for check).\n"
     "\n"
     "--postgres NAME writes a PostgreSQL extension into DIR: NAME.so,\n"
     "NAME.control and NAME--VERSION.sql, with the SQL function\n"
     "NAME_eval(record) returning NAME_result (total, one numeric(20,2) column\n"
     "per rule named like the CSV header, error).  Needs a C compiler and the\n"
     "server's headers (pg_config; PG_CONFIG and CC name others).  Install:\n"
     "copy NAME.control and NAME--*.sql into the extension folder of pg_config's\n"
     "sharedir, NAME.so into its pkglibdir, then CREATE EXTENSION NAME.\n")},
    {"help",
     N_("usage: polc help [COMMAND]\n")},
};

int help_print(const char *command) {
  if (!command) {
    fputs(_(overview), stdout);
    return EXIT_OK;
  }
  for (size_t i = 0; i < sizeof usages / sizeof usages[0]; i++)
    if (strcmp(command, usages[i].command) == 0) {
      fputs(_(usages[i].text), stdout);
      return EXIT_OK;
    }
  return usage_error(NULL, "unknown command '%s'", command);
}

int usage_error(const char *command, const char *msgid, ...) {
  const char *fmt = _(msgid);
  va_list ap;
  fprintf(stderr, command ? "polc %s: " : "polc: ", command);
  va_start(ap, msgid);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  if (command)
    fprintf(stderr, _("\ntry 'polc help %s'\n"), command);
  else
    fputs(_("\ntry 'polc help'\n"), stderr);
  return EXIT_USAGE;
}

int is_help_flag(const char *arg) {
  return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}
