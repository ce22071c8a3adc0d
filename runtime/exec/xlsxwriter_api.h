/*
 * xlsxwriter_api.h - the libxlsxwriter functions polc calls, bound at
 * first use (../base/dynlib.h): only writing an .xlsx workbook needs it
 * (polc eval -o FILE.xlsx, polc template -o FILE.xlsx: each binds it
 * first), and with its dependencies (minizip, OpenSSL's libcrypto, zlib)
 * it was a good part of start-up.  A function called anywhere must be
 * listed here: polc does not link libxlsxwriter, so a missing one is an
 * undefined reference.
 */
#ifndef POLC_XLSXWRITER_API_H
#define POLC_XLSXWRITER_API_H

#include <xlsxwriter.h>

#define XLSXWRITER_FUNCTIONS(X) \
  X(format_set_bold) \
  X(format_set_font_color) \
  X(format_set_italic) \
  X(format_set_num_format) \
  X(lxw_strerror) \
  X(workbook_add_format) \
  X(workbook_add_worksheet) \
  X(workbook_close) \
  X(workbook_new) \
  X(workbook_new_opt) \
  X(workbook_validate_sheet_name) \
  X(worksheet_autofilter) \
  X(worksheet_data_validation_range) \
  X(worksheet_freeze_panes) \
  X(worksheet_set_column) \
  X(worksheet_write_boolean) \
  X(worksheet_write_comment_opt) \
  X(worksheet_write_datetime) \
  X(worksheet_write_number) \
  X(worksheet_write_string)

typedef struct XlsxWriterApi {
#define POLC_SLOT(f) __typeof__(f) *f;
  XLSXWRITER_FUNCTIONS(POLC_SLOT)
#undef POLC_SLOT
} XlsxWriterApi;

extern XlsxWriterApi polc_lxw;

/* Loads the library and fills polc_lxw, the first time: NULL when done,
 * else why not (dynlib.h). */
const char *xlsxwriter_bind(void);

/* Every call below goes through the table: bind first.  The file filling
 * the table defines POLC_XLSXWRITER_API_TABLE, where the names stay the library's. */
#ifndef POLC_XLSXWRITER_API_TABLE
#define format_set_bold (polc_lxw.format_set_bold)
#define format_set_font_color (polc_lxw.format_set_font_color)
#define format_set_italic (polc_lxw.format_set_italic)
#define format_set_num_format (polc_lxw.format_set_num_format)
#define lxw_strerror (polc_lxw.lxw_strerror)
#define workbook_add_format (polc_lxw.workbook_add_format)
#define workbook_add_worksheet (polc_lxw.workbook_add_worksheet)
#define workbook_close (polc_lxw.workbook_close)
#define workbook_new (polc_lxw.workbook_new)
#define workbook_new_opt (polc_lxw.workbook_new_opt)
#define workbook_validate_sheet_name (polc_lxw.workbook_validate_sheet_name)
#define worksheet_autofilter (polc_lxw.worksheet_autofilter)
#define worksheet_data_validation_range (polc_lxw.worksheet_data_validation_range)
#define worksheet_freeze_panes (polc_lxw.worksheet_freeze_panes)
#define worksheet_set_column (polc_lxw.worksheet_set_column)
#define worksheet_write_boolean (polc_lxw.worksheet_write_boolean)
#define worksheet_write_comment_opt (polc_lxw.worksheet_write_comment_opt)
#define worksheet_write_datetime (polc_lxw.worksheet_write_datetime)
#define worksheet_write_number (polc_lxw.worksheet_write_number)
#define worksheet_write_string (polc_lxw.worksheet_write_string)
#endif

#endif
