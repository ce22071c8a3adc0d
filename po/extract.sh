#!/bin/sh
# po/extract.sh SOURCE_DIR OUT.pot - every message of polc's sources, for
# the catalogue.  The reporting functions translate their own format, so
# they are keywords here: a call site writes plain English and is found.
# xgettext counts arguments by commas outside parentheses only: a compound
# literal such as (Span){0, 0} in a call would shift them, so spans are
# passed in variables (tests/cli/test_messages.sh refuses the inline form).
#   the steps to update po/zh_CN.po: CONTRIBUTING.md, "Messages".
set -eu
src=$1
out=$2
cd "$src"
files=$(find lang compiler runtime driver -name '*.[chly]' | LC_ALL=C sort)
# shellcheck disable=SC2086
xgettext --language=C --from-code=UTF-8 --sort-by-file --add-location=file \
  --package-name=polc --msgid-bugs-address=none -o "$out" \
  --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
  --keyword=diag_error:5 --flag=diag_error:5:c-format \
  --keyword=diag_warning:5 --flag=diag_warning:5:c-format \
  --keyword=diag_note:5 --flag=diag_note:5:c-format \
  --keyword=diag_hint:3 --flag=diag_hint:3:c-format \
  --keyword=diag_remark:3 --flag=diag_remark:3:c-format \
  --keyword=HINT:3 --flag=HINT:3:c-format \
  --keyword=error_at:3 --flag=error_at:3:c-format \
  --keyword=usage_error:2 --flag=usage_error:2:c-format \
  --keyword=rb_report:3 --flag=rb_report:3:c-format \
  --keyword=mismatch:3 --flag=mismatch:3:c-format \
  --keyword=types_expect:4 --keyword=types_literal_fits:4 --keyword=check_sign:6 \
  --keyword=declare:6 --keyword=report_duplicate:5 --keyword=past_limit:4 --keyword=past_limit:5 \
  $files
