/*
 * fuzz_xlsx.c - any bytes as the parts of an .xlsx workbook, read as a
 * registry against a schema of every kind of column: rows are read or
 * reported, never a crash, a hang or a read out of bounds.  The input is
 * split at the bytes "\n--\n" into the sheet's XML, the shared strings and
 * the styles, put in a well-formed archive (so that the fuzzer reaches the
 * XML, not only libzip's checks); an input that begins "PK" is the whole
 * file as it is.
 */
#define _GNU_SOURCE   /* memmem */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "runtime/exec/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const RegistryColumn COLUMNS[] = {
    {"id", "编号", VK_TEXT, true, 0, NULL, false},
    {"m", "金额", VK_MONEY, false, 0, NULL, false},
    {"p", NULL, VK_PERCENT, false, 0, NULL, false},
    {"n", NULL, VK_NUMBER, false, 0, NULL, false},
    {"c", NULL, VK_COUNT, false, 0, NULL, true},
    {"b", NULL, VK_BOOL, false, 0, NULL, false},
    {"d", NULL, VK_DATE, false, DATE_ABSENT, NULL, false},
    {"t", NULL, VK_TEXT, false, 0, "x", false},
};

static const char WORKBOOK[] =
    "<workbook xmlns:r=\"r\"><workbookPr date1904=\"0\"/><sheets>"
    "<sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
    "Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" "
    "Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";

static void add(zip_t *z, const char *name, const void *bytes, size_t len) {
  zip_source_t *src = zip_source_buffer(z, bytes, len, 0);
  if (src && zip_file_add(z, name, src, ZIP_FL_OVERWRITE) < 0)
    zip_source_free(src);
}

/* The next part of data[*at..size), up to the separator. */
static size_t part(const uint8_t *data, size_t size, size_t *at, const uint8_t **p) {
  *p = data + *at;
  const uint8_t *sep = memmem(*p, size - *at, "\n--\n", 4);
  size_t len = sep ? (size_t)(sep - *p) : size - *at;
  *at += len + (sep ? 4 : 0);
  return len;
}

static bool write_workbook(const char *path, const uint8_t *data, size_t size) {
  int err;
  zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z)
    return false;
  size_t at = 0;
  const uint8_t *sheet, *strings, *styles;
  size_t nsheet = part(data, size, &at, &sheet);
  size_t nstrings = part(data, size, &at, &strings);
  size_t nstyles = part(data, size, &at, &styles);
  add(z, "xl/workbook.xml", WORKBOOK, sizeof WORKBOOK - 1);
  add(z, "xl/_rels/workbook.xml.rels", RELS, sizeof RELS - 1);
  add(z, "xl/worksheets/sheet1.xml", sheet, nsheet);
  if (nstrings)
    add(z, "xl/sharedStrings.xml", strings, nstrings);
  if (nstyles)
    add(z, "xl/styles.xml", styles, nstyles);
  return zip_close(z) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[] = "/tmp/polc-fuzz-xlsx-XXXXXX.xlsx";
  int fd = mkstemps(path, 5);
  if (fd < 0)
    return 0;
  bool ok;
  if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
    ok = write(fd, data, size) == (ssize_t)size;
    close(fd);
  } else {
    close(fd);
    ok = write_workbook(path, data, size);
  }
  if (ok) {
    RegistrySchema schema = {COLUMNS, sizeof COLUMNS / sizeof COLUMNS[0]};
    FILE *errors = fopen("/dev/null", "w");
    Registry *reg = registry_open(path, &schema, errors);
    if (reg) {
      RegistryRow row;
      while (registry_next(reg, &row) != REG_END)
        continue;
      registry_close(reg);
    }
    fclose(errors);
  }
  unlink(path);
  return 0;
}
