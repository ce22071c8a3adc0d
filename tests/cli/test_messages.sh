#!/bin/sh
# test_messages.sh SOURCE_DIR - every message of the sources is in
# po/zh_CN.po, translated, and not fuzzy.  xgettext reads the sources with
# the keywords of po/extract.sh (the reporting functions translate their
# own formats); msgmerge without fuzzy matching then shows what is new.
# To fix a failure: sh po/extract.sh . po/polc.pot &&
#   msgmerge --no-fuzzy-matching -U po/zh_CN.po po/polc.pot, translate the
#   entries listed below, delete po/polc.pot.
set -u
src=$1
. "$src/tests/cli/lib.sh"

# xgettext counts arguments by commas outside parentheses: a compound
# literal in a reporting call would hide its message.
grep -rnE '(diag_(error|warning|note)|reg_report|error_at)\(.*\(Span\)\{' \
    "$src/lang" "$src/compiler" "$src/runtime" "$src/driver" >"$tmp/inline" &&
  { fail "a reporting call has an inline (Span){...}: pass the span in a variable"; cat "$tmp/inline"; }

sh "$src/po/extract.sh" "$src" "$tmp/polc.pot" 2>"$tmp/xgettext.err" ||
  { fail "xgettext failed"; cat "$tmp/xgettext.err"; }
msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$src/po/zh_CN.po" "$tmp/polc.pot" ||
  fail "msgmerge failed"
msgattrib --untranslated --no-obsolete "$tmp/merged.po" >"$tmp/untranslated.po"
msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po" >"$tmp/fuzzy.po"
if grep -q '^msgid ' "$tmp/untranslated.po" "$tmp/fuzzy.po"; then
  fail "messages missing from po/zh_CN.po or untranslated (new in the sources):"
  grep -A3 '^#:' "$tmp/untranslated.po" | grep -v '^#,' | sed 's/^/  | /'
  grep -q '^msgid ' "$tmp/fuzzy.po" && { echo "fuzzy entries:"; grep -A3 '^#:' "$tmp/fuzzy.po" | sed 's/^/  | /'; }
fi
# entries the sources no longer have are dropped, not kept as obsolete
msgattrib --only-obsolete "$src/po/zh_CN.po" | grep -q '^#~ msgid' &&
  fail "po/zh_CN.po keeps obsolete (#~) entries: remove them (msgattrib --no-obsolete)"
msgfmt --check --statistics -o /dev/null "$src/po/zh_CN.po" 2>"$tmp/stats" ||
  { fail "msgfmt --check refuses po/zh_CN.po"; cat "$tmp/stats"; }
grep -q 'untranslated\|fuzzy' "$tmp/stats" && { fail "po/zh_CN.po: $(cat "$tmp/stats")"; }
echo "$failures failure(s)"
[ "$failures" = 0 ]
