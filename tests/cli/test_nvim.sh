#!/bin/sh
# test_nvim.sh POLC SOURCE_DIR - Neovim's built-in LSP client on polc lsp
# (editors/nvim): a policy with mistakes gets its diagnostics at the
# positions of `polc check`, hover names an input's label, definition jumps
# into the stdlib, formatting gives `polc fmt`'s layout.
set -u
polc=$1
src=$2
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
command -v nvim > /dev/null || fail "neovim is not installed: run make deps"
printf 'policy p "p"\nimport enterprise\nrule r "一" kind setlement\n    award 5%% of paid_in_capital when paid_in_capital >= 2000\n' > "$tmp/m.pol"
(cd "$tmp" && NVIM_OUT="$tmp/nvim.out" NVIM_FMT="$tmp/fmt.got" timeout 60 nvim --headless -u NONE -i NONE \
  --cmd "set rtp^=$src/editors/vim" --cmd "set rtp^=$src/editors/nvim" \
  --cmd "let g:polc_command = '$polc'" --cmd 'filetype plugin on' \
  -c "luafile $src/tests/editors/nvim_lsp.lua" m.pol) > "$tmp/nvim.log" 2>&1
touch "$tmp/nvim.out"
cat "$tmp/nvim.out"
expect_grep "$tmp/nvim.out" "^diagnostics true 2" "nvim receives the diagnostics"
expect_grep "$tmp/nvim.out" "^diag 3:19 unknown-kind" "unknown-kind (byte column) at polc's position"
expect_grep "$tmp/nvim.out" "^diag 4:57 type-mismatch" "type-mismatch (byte column) at polc's position"
expect_grep "$tmp/nvim.out" "^hover .*实缴资本" "hover gives the input's label"
expect_grep "$tmp/nvim.out" "^definition file://.*/stdlib/enterprise.pol:" "definition in the stdlib"
"$polc" fmt - < "$tmp/m.pol" > "$tmp/fmt.want"
cmp -s "$tmp/fmt.want" "$tmp/fmt.got" || fail "nvim: formatting differs from polc fmt -"
echo "$failures failure(s)"
[ "$failures" = 0 ]
