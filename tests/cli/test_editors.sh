#!/bin/sh
# test_editors.sh POLC SOURCE_DIR - editors/: every keyword token of the
# grammar is in the lexer's table, and every reserved word of the lexer is
# coloured by each editor's grammar; the VS Code files are JSON and its
# problem matcher reads `polc check`, its extension script parses and
# starts `polc lsp`; with Vim installed, the plugin loads and its
# errorformat puts the diagnostic at polc's line and column.
set -u
polc=$1
src=$2
ed="$src/editors"
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# The reserved words, from the lexer's table: {"word", KW_WORD}.
sed -n '/keywords\[\] = {/,/};/p' "$src/lang/lexer.l" |
  grep -o '{"[a-z_]*", KW_' | sed 's/{"\([a-z_]*\)".*/\1/' > "$tmp/keywords"
[ "$(wc -l < "$tmp/keywords")" -ge 40 ] || fail "cannot read the lexer's keywords"
# ... which are the keyword tokens of the grammar: %token KW_WORD "word".
grep -o 'KW_[A-Z_]* "[a-z_]*"' "$src/lang/parser.y" | sed 's/.*"\(.*\)"/\1/' |
  sort > "$tmp/tokens"
sort "$tmp/keywords" > "$tmp/lexed"
for word in $(comm -13 "$tmp/lexed" "$tmp/tokens"); do
  fail "parser.y declares the keyword token \"$word\" but lexer.l's keywords[] has no {\"$word\", KW_...}"
done
grep '^syn keyword' "$ed/vim/syntax/pol.vim" | tr ' ' '\n' > "$tmp/vim-words"
grep -o '\\\\b([a-z_|]*)\\\\b' "$ed/vscode/syntaxes/pol.tmLanguage.json" |
  tr '()|' '\n' > "$tmp/vscode-words"
grep -o '"[a-z_]*"' "$ed/emacs/pol-mode.el" | tr -d '"' > "$tmp/emacs-words"
while read -r word; do
  for e in vim vscode emacs; do
    grep -qx "$word" "$tmp/$e-words" || fail "$e does not colour the keyword '$word'"
  done
done < "$tmp/keywords"

# A diagnostic to read back, after Chinese text on its line: display column
# 67 (Vim's %v), character 65 (VS Code, with --column-unit char).
printf 'policy p "p"\nimport enterprise\nrule r "规则" award 5%% of paid_in_capital when paid_in_capital >= 2000\n' \
  > "$tmp/e.pol"
(cd "$tmp" && "$polc" check --color never e.pol) 2> "$tmp/e.err"
expect_grep "$tmp/e.err" "^e.pol:3:67: error: cannot compare money with number" "the diagnostic"
(cd "$tmp" && "$polc" check --color never --column-unit char e.pol) 2> "$tmp/e-char.err"

# python3 and vim are set-up dependencies (make deps): a missing one is a
# failure, not a silent pass (issue 11: tests that pass without running).
command -v python3 > /dev/null || fail "python3 is not installed: run make deps"
command -v vim > /dev/null || fail "vim is not installed: run make deps"

if command -v python3 > /dev/null; then
  for f in package.json language-configuration.json syntaxes/pol.tmLanguage.json; do
    python3 -m json.tool "$ed/vscode/$f" > /dev/null 2>&1 || fail "vscode/$f is not JSON"
  done
  python3 - "$ed/vscode/package.json" "$tmp/e-char.err" > "$tmp/matched" <<'PY' || fail "the VS Code problem matcher"
import json, re, sys
matcher = json.load(open(sys.argv[1]))["contributes"]["problemMatchers"][0]["pattern"]
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
found = [m for m in (re.match(matcher["regexp"], l) for l in lines) if m]
assert len(found) == 1, found   # the caret and hint lines are not problems
m = found[0]
print(m.group(matcher["file"]), m.group(matcher["line"]), m.group(matcher["column"]),
      m.group(matcher["severity"]), m.group(matcher["message"]))
PY
  expect_grep "$tmp/matched" "^e.pol 3 65 error cannot compare money with number$" "the VS Code matcher's fields"
fi

# The VS Code extension's script parses (node is not a set-up dependency:
# checked where it is installed), and package.json starts it for .pol files
# with the language client it requires.
if command -v node > /dev/null; then
  node --check "$ed/vscode/extension.js" > "$tmp/node.err" 2>&1 ||
    { fail "vscode/extension.js does not parse"; sed 's/^/  | /' "$tmp/node.err"; }
fi
python3 - "$ed/vscode/package.json" "$ed/vscode/extension.js" <<'PY' || fail "vscode/package.json does not start extension.js with its language client"
import json, re, sys
pkg = json.load(open(sys.argv[1]))
script = open(sys.argv[2]).read()
assert pkg["main"] == "./extension.js", pkg["main"]
assert "onLanguage:pol" in pkg["activationEvents"]
required = set(re.findall(r'require\("([^"/]+)', script)) - {"vscode"}
assert required <= set(pkg["dependencies"]), (required, pkg["dependencies"])
assert '"lsp"' in script and "polc.command" in pkg["contributes"]["configuration"]["properties"]
PY

if command -v vim > /dev/null; then
  (cd "$tmp" && vim -Nu NONE -i NONE -es -c "set rtp^=$ed/vim" -c 'filetype plugin on' \
    -c 'syntax on' -c 'e e.pol' -c 'cgetfile e.err' \
    -c 'let q = filter(getqflist(), "v:val.valid")' \
    -c 'silent cfirst' \
    -c 'call writefile([&ft, b:current_syntax, b:current_compiler, len(q), q[0].lnum, q[0].col, q[0].vcol, q[0].type, synIDattr(synID(3, 23, 1), "name"), col(".")], "vim.out")' \
    -c 'qa!') > /dev/null 2>&1 || fail "vim: the plugin does not load cleanly"
  touch "$tmp/vim.out"
  got=$(tr '\n' ' ' < "$tmp/vim.out")
  # the cursor lands on byte 69, the 2 of 2000
  [ "$got" = "pol pol polc 1 3 67 1 E polPercent 69 " ] ||
    fail "vim: filetype, syntax, compiler or errorformat give: $got"
fi

# issue 21: :PolFmt gave E34 then shell status 127 (`!polc fmt %:S | edit!`
# handed `| edit!` to the shell, whose `!` Vim expands first).  It now pipes
# the buffer through g:polc_command (here the built polc, not on $PATH),
# and `:make` keeps each diagnostic's `= hint:` in the quickfix list.
if command -v vim > /dev/null; then
  printf 'policy p "p"\n     document "d"\ninput  a :  money "甲"\n' > "$tmp/fmt%.pol"
  "$polc" fmt - < "$tmp/fmt%.pol" > "$tmp/fmt.want"
  (cd "$tmp" && PATH=/usr/bin:/bin timeout 30 vim -Nu NONE -i NONE -es -c "set rtp^=$ed/vim" \
    -c "let g:polc_command = '$polc'" -c 'filetype plugin on' -c 'e fmt\%.pol' \
    -c 'PolFmt' -c 'w! fmt.got' -c 'make' \
    -c 'call writefile(map(filter(getqflist(), "v:val.valid"), "v:val.lnum . \" \" . v:val.text"), "make.got")' \
    -c 'qa!' < /dev/null) > "$tmp/vim-fmt.log" 2>&1
  cmp -s "$tmp/fmt.want" "$tmp/fmt.got" || fail "vim: :PolFmt does not lay out the buffer as polc fmt - ($(cat "$tmp/vim-fmt.log"))"
  grep -q "E34\|127" "$tmp/vim-fmt.log" && fail "vim: :PolFmt still fails (E34/127)"
  printf 'policy p "p"\nimport enterprise\nrule r "一" award 5%% of paid_in_capital when paid_in_capital >= 2000\n' > "$tmp/m.pol"
  (cd "$tmp" && timeout 30 vim -Nu NONE -i NONE -es -c "set rtp^=$ed/vim" \
    -c "let g:polc_command = '$polc'" -c 'filetype plugin on' -c 'e m.pol' -c 'silent make' \
    -c 'call writefile(map(filter(getqflist(), "v:val.valid"), "v:val.lnum . \" \" . v:val.col . \" \" . v:val.text"), "make.got")' \
    -c 'qa!' < /dev/null) > /dev/null 2>&1
  touch "$tmp/make.got"
  expect_grep "$tmp/make.got" "^3 65 cannot compare money with number" ":make puts the error in the quickfix list"
  expect_grep "$tmp/make.got" "hint: write 2000万 or 2000元" ":make keeps the hint"
fi

echo "$failures failure(s)"
[ "$failures" = 0 ]
