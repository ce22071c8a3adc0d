#!/bin/sh
# test_zh_libc_words.sh POLC SOURCE_DIR - noticed while closing issue 16
# (and left then): a Chinese message that quotes the C library's words
# (strerror, dlerror) printed them as "?????????".  glibc converts its own
# catalogue to LC_CTYPE's character set, ASCII under the C locale polc
# runs in; polc's catalogue was bound to UTF-8, the C library's was not.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"

for env in LANGUAGE=zh_CN LANG=zh_CN.UTF-8; do
  expect_status 2 "$env, a registry that is not there" env -u LC_ALL "$env" \
    "$polc" eval "$src/policies/xuhui-ai-2022.pol" --registry "$tmp/none.csv"
  expect_grep "$tmp/err" "无法打开" "$env: the message in Chinese"
  if grep -q '??' "$tmp/err"; then
    fail "$env: characters lost:"
    sed 's/^/  | /' "$tmp/err"
  fi
  # with glibc's Chinese catalogue installed (libc-l10n), its words too
  if [ -f /usr/share/locale/zh_CN/LC_MESSAGES/libc.mo ]; then
    expect_grep "$tmp/err" "没有那个文件或目录" "$env: the C library's words in Chinese"
  fi
done

[ "$failures" = 0 ] || exit 1
