/*
 * i18n.h - messages in the reader's language (GNU gettext).
 *
 * Every user-facing string is an msgid of the text domain "polc"; its
 * Chinese is in po/zh_CN.po.  The reporting functions (diag_error,
 * diag_hint, usage_error, rb_report ...) translate their format
 * themselves, so a call site writes plain English; a string that is built
 * elsewhere is marked with _() where it is used, or N_() where it sits in
 * a table.  Only LC_MESSAGES follows the locale: figures, dates and the
 * order of things never change with it.  Diagnostic codes, JSON keys,
 * SARIF ids and CSV headers are not messages and are never translated.
 */
#ifndef POLC_I18N_H
#define POLC_I18N_H

#include <libintl.h>

#define POLC_TEXT_DOMAIN "polc"

#define _(msgid) gettext(msgid)
/* Marks a string for the catalogue where it is not translated yet (a table
 * entry); it is translated with _() where it is printed. */
#define N_(msgid) (msgid)

#endif
