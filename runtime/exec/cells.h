/*
 * cells.h - reading one registry cell as a typed value (registry.md, "Cell
 * syntax").
 *
 *   money    plain yuan "30000000", "30000000.5", "-12.30", or with a unit
 *            "3000万", "3000万元", "1.5亿", "1.5亿元", "3000元"; finer than
 *            the fen ("3000.001") is an error, "3000.010" is fine; also
 *            "1,200,000" (groups of three), "¥2000", "2000 万元"
 *   percent  "15%" or a fraction "0.15" (= 15%), at most 0.0001%
 *   number   a decimal, at most 6 places; count: an integer
 *   bool     true/false, 1/0, 是/否, Y/N (ASCII letters in any case)
 *   date     YYYY-MM-DD, YYYY/M/D or YYYY年M月D日, a real calendar date,
 *            perhaps followed by a midnight time ("2025-03-01 00:00:00")
 * Full-width digits, ％, ．, － and spaces read as their ASCII forms in
 * every kind but bool and text.
 * Spaces around a typed cell are ignored.  Text cells are not parsed.
 * An empty cell is not handled here: the caller applies the default.
 */
#ifndef POLC_CELLS_H
#define POLC_CELLS_H

#include <stdbool.h>

#include "../base/value.h"

/* Parses text[0..len) as `kind` (not VK_TEXT) into *out.  Returns true on
 * success; false when the cell cannot be read as that kind. */
bool cell_parse(ValueKind kind, const char *text, size_t len, int64_t *out);

/* cell_parse, then the sign: a negative money or count is refused unless
 * the column may be negative (an input declared `signed`).  Percent and
 * number cells may always be negative. */
typedef enum CellResult { CELL_OK, CELL_UNREADABLE, CELL_NEGATIVE } CellResult;
CellResult cell_read(ValueKind kind, bool may_be_negative, const char *text, size_t len,
                     int64_t *out);
/* The end of "cannot read X as money: ..." for CELL_NEGATIVE. */
const char *cell_negative_text(ValueKind kind);

/* For a cell cell_parse refused that looks like an office form gone wrong
 * ("1,20,000", "3/1/2025", "2025-03-01 14:30:00"): a translated hint to
 * follow "cannot read ...", or NULL. */
const char *cell_hint(ValueKind kind, const char *text, size_t len);

/* The shortest decimal that reads back as the same double, written
 * without an exponent ("1200000", "1666.6666666666667", "0.00000015"):
 * what a binary number (a SQLite REAL) is as a decimal, so that the cell
 * parser judges its exactness.  A value no kind can hold (beyond 1e18,
 * below 1e-20) is written "%.17g", which the parser refuses.  Returns the
 * length. */
enum { CELL_DOUBLE_TEXT = 48 };
int cell_double_text(double v, char out[CELL_DOUBLE_TEXT]);

/* True when text[0..len) is empty or only spaces/tabs. */
bool cell_is_blank(const char *text, size_t len);

#endif
