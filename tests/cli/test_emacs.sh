#!/bin/sh
# test_emacs.sh POLC SOURCE_DIR - pol-mode (editors/emacs) in a batch Emacs:
# its Flymake backend and eglot on `polc lsp` both put a policy's mistakes
# at polc's lines and columns (characters), and indent-region lays a file
# out as `polc fmt` does (tests/editors/emacs_test.el drives the editor).
set -u
polc=$1
src=$2
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
command -v emacs > /dev/null || fail "emacs is not installed: run make deps"
printf 'policy p "p"\nimport enterprise\nrule r "一" kind setlement\n    award 5%% of paid_in_capital when paid_in_capital >= 2000\n' > "$tmp/m.pol"
# The layout polc fmt gives, every line's indentation taken away.
"$polc" fmt - < "$src/tests/golden/fmt/messy.pol" > "$tmp/fmt.want"
sed 's/^ *//' "$tmp/fmt.want" > "$tmp/flat.pol"
cmp -s "$tmp/fmt.want" "$tmp/flat.pol" && fail "the sample has no indentation to restore"
(cd "$tmp" && POLC="$polc" POL_FILE="$tmp/m.pol" POL_FLAT="$tmp/flat.pol" \
  POL_INDENTED="$tmp/indented.pol" EMACS_OUT="$tmp/emacs.out" \
  timeout 60 emacs --batch -Q -L "$src/editors/emacs" \
  -l "$src/tests/editors/emacs_test.el" < /dev/null) > "$tmp/emacs.log" 2>&1 ||
  { fail "emacs exited with an error"; sed 's/^/  | /' "$tmp/emacs.log" | tail -20; }
touch "$tmp/emacs.out" "$tmp/indented.pol"
cat "$tmp/emacs.out"
expect_grep "$tmp/emacs.out" "^mode pol-mode$" "a .pol file opens in pol-mode"
# polc check's positions, in characters: the `一` before `kind` is one.
expect_grep "$tmp/emacs.out" "^flymake 2$" "the Flymake backend reports both mistakes"
expect_grep "$tmp/emacs.out" "^flymake 3:17 :error unknown kind .setlement. (hint: did you mean .settlement.?" "flymake: unknown-kind at polc's position, with its hint"
expect_grep "$tmp/emacs.out" "^flymake 4:57 :error cannot compare money with number" "flymake: type-mismatch at polc's position"
expect_grep "$tmp/emacs.out" "^eglot started$" "eglot starts polc lsp"
expect_grep "$tmp/emacs.out" "^eglot 2$" "eglot receives both diagnostics"
expect_grep "$tmp/emacs.out" "^eglot 3:17 eglot-error polc \[unknown-kind\]" "eglot: unknown-kind at polc's position"
expect_grep "$tmp/emacs.out" "^eglot 4:57 eglot-error polc \[type-mismatch\]" "eglot: type-mismatch at polc's position"
cmp -s "$tmp/fmt.want" "$tmp/indented.pol" ||
  { fail "indent-region does not lay out as polc fmt"; diff "$tmp/fmt.want" "$tmp/indented.pol" | head -20; }
echo "$failures failure(s)"
[ "$failures" = 0 ]
