/*
 * diag_codes.h - every diagnostic code with its one-line description: the
 * rules of SARIF's `tool.driver.rules` (lang/diag_print.c).  The same codes,
 * in the same order, as the table of compiler/README.md ("Diagnostic
 * codes"); cli.diag_codes (tests/cli/test_diag_codes.sh) compares them.
 *
 * A list of DIAG_CODE(ID, DESCRIPTION): define DIAG_CODE, include, undef.
 */
  DIAG_CODE("syntax",
            "The parser met a token it cannot use here (it lists what it expected)")
  DIAG_CODE("bad-character",
            "A character outside the language, often a full-width （ ） ， ： typed with a Chinese input method")
  DIAG_CODE("bad-utf8",
            "Bytes that are not UTF-8 text (a file saved as GBK)")
  DIAG_CODE("nul-byte",
            "A NUL byte in the source")
  DIAG_CODE("unterminated-string",
            "A string without its closing `\"` on the same line")
  DIAG_CODE("bad-escape",
            "An escape other than `\\\"` `\\\\` `\\n`")
  DIAG_CODE("bad-unit",
            "A unit that is not 元/万/万元/亿/亿元, or a unit separated from its number")
  DIAG_CODE("bad-number",
            "Exponent notation (`1e5`)")
  DIAG_CODE("too-precise",
            "A literal finer than its type holds (`0.001元`, `0.00001%`)")
  DIAG_CODE("too-large",
            "A literal beyond 64 bits (`99999999999999999万`)")
  DIAG_CODE("bad-date",
            "Not a calendar date (`2023-02-30`) or not `YYYY-MM-DD`")
  DIAG_CODE("too-deep",
            "Brackets nested past 200, expressions past 400, or too deep for the parser's stack")
  DIAG_CODE("too-long",
            "A name over 128 characters, a string over 4096 bytes, a line over 64 KiB")
  DIAG_CODE("too-many",
            "A policy past the sizes polc reads: files, inputs, declarations, rules, indicators, awards in a rule (limits.h)")
  DIAG_CODE("duplicate-policy",
            "The `policy` header twice in a file")
  DIAG_CODE("policy-not-first",
            "The `policy` header not first in the file")
  DIAG_CODE("module-decl",
            "A module declaring rules, tests...")
  DIAG_CODE("import-policy",
            "A policy imported as a module")
  DIAG_CODE("import-not-found",
            "A module that cannot be found")
  DIAG_CODE("import-depth",
            "Imports nested too deep")
  DIAG_CODE("import-outside",
            "`import \"path\"` leading outside the policy's project (an absolute path, `..`, a symbolic link) and the stdlib folders")
  DIAG_CODE("import-not-file",
            "An import that is not a regular `.pol` file: another extension, a directory, a FIFO, a device")
  DIAG_CODE("duplicate-name",
            "A name declared twice")
  DIAG_CODE("reserved-name",
            "`total` as a rule id")
  DIAG_CODE("duplicate-attribute",
            "A rule or header attribute given twice")
  DIAG_CODE("unknown-name",
            "A name that is not declared (with the closest declared name as a hint)")
  DIAG_CODE("unknown-rule",
            "A test expecting the award of a rule that is not declared")
  DIAG_CODE("unknown-kind",
            "A rule's kind that is not declared")
  DIAG_CODE("unknown-type",
            "An input's type that is not a type of the language")
  DIAG_CODE("unknown-function",
            "A call of a function that is not built in, or an unknown aggregate")
  DIAG_CODE("unknown-policy",
            "A test expecting `OTHER.RULE` of a policy its `with` does not name")
  DIAG_CODE("type-mismatch",
            "Operands or values of the wrong type (money vs number, a non-bool condition, an input `application_date` that is not a date...)")
  DIAG_CODE("division-by-zero",
            "Dividing by the literal 0")
  DIAG_CODE("bad-call",
            "A built-in called with the wrong number of values")
  DIAG_CODE("let-cycle",
            "Lets defined in terms of each other")
  DIAG_CODE("ladder-order",
            "Ladder thresholds not strictly rising")
  DIAG_CODE("ladder-threshold",
            "Ladder thresholds that are not fixed figures")
  DIAG_CODE("bracket-start",
            "Brackets not starting at 0")
  DIAG_CODE("bracket-order",
            "Brackets not rising")
  DIAG_CODE("bracket-threshold",
            "Bracket thresholds that are not fixed figures")
  DIAG_CODE("bad-schedule",
            "`paid` shares not summing to 100%")
  DIAG_CODE("schedule-conflict",
            "`per year` with a `paid` schedule")
  DIAG_CODE("for-without-per-year",
            "`for N years` without `per year`")
  DIAG_CODE("bad-years",
            "N not a whole number from 1 to 100")
  DIAG_CODE("bad-range",
            "`P% to Q%` with P not below Q")
  DIAG_CODE("bad-default",
            "A default that is a name other than `as_of`")
  DIAG_CODE("negative-input",
            "A negative default or `given` of a money/count input not declared `signed`")
  DIAG_CODE("bad-signed",
            "`signed` on another type")
  DIAG_CODE("bad-effective",
            "A policy ending before it starts")
  DIAG_CODE("bad-cap",
            "A negative cap")
  DIAG_CODE("input-type-conflict",
            "Policies given together declaring one input with different types")
  DIAG_CODE("policy-given-twice",
            "One policy id given twice")
  DIAG_CODE("no-citation",
            "A rule without its article")
  DIAG_CODE("empty-file",
            "A file that declares nothing (the wrong file, or not saved yet)")
  DIAG_CODE("never-holds",
            "An `eligible`, `when`, ladder line or bracket no applicant satisfies, proved by Z3")
  DIAG_CODE("never-pays",
            "An award line never the largest that applies (with an applicant as witness), a ladder tier never paid, a rule that always pays 0")
  DIAG_CODE("cap-never-binds",
            "A cap above everything its award can pay")
  DIAG_CODE("unused-input",
            "An input of the policy file nothing reads (a module's are not reported)")
  DIAG_CODE("unused-let",
            "A let of the policy file nothing reads (a module's are not reported)")
  DIAG_CODE("no-kind",
            "A rule without `kind` in a policy of a `family`: it escapes 从高不重复")
  DIAG_CODE("untested-rule",
            "In a file with tests, a rule no `expect` names")
  DIAG_CODE("fmt-internal",
            "`polc fmt` only: its layout would have changed a token or a comment, so the file is left alone")
