/*
 * test_registry.c - reading registries (runtime/registry.c, csv_reader.c,
 * jsonl_reader.c): CSV quoting, line ends, BOM, headers, defaults, block
 * boundaries; JSON Lines escapes, null, missing keys, bad lines; and the
 * exact text of every message.
 *
 * Each test writes its registry to a file in a fresh temporary directory
 * (the working directory during the tests, so messages name "t.csv") and
 * collects the rows and the error stream.
 */
#include <string.h>
#include <unistd.h>

#include "runtime/base/arena.h"
#include "runtime/base/date.h"
#include "runtime/exec/encoding.h"
#include "runtime/exec/registry.h"
#include "runtime/exec/registry_impl.h"
#include "support.h"

enum { C_ID, C_NAME, C_REVENUE, C_RATE, C_OK, C_SINCE, C_STAFF, C_FACTOR, NCOLS };

static const RegistryColumn COLUMNS[NCOLS] = {
    {"id", "编号", VK_TEXT, true, 0, NULL, false, false, false},
    {"name", "企业名称", VK_TEXT, false, 0, "无名", false, false, false},
    {"revenue", "收入", VK_MONEY, false, 0, NULL, true, false, false},
    {"rate", "比例", VK_PERCENT, false, 50000, NULL, false, false, false},
    {"ok", NULL, VK_BOOL, false, 1, NULL, false, false, false},
    {"since", "日期", VK_DATE, false, DATE_ABSENT, NULL, false, false, false},
    {"staff", NULL, VK_COUNT, false, 0, NULL, true, false, false},
    {"factor", NULL, VK_NUMBER, false, 1000000, NULL, false, false, false},
};
static const RegistrySchema SCHEMA = {COLUMNS, NCOLS};

enum { MAX_ROWS = 64, TEXT_KEEP = 80 };

/* What reading one registry gave. */
typedef struct Run {
  bool opened;
  char *errors;                 /* everything reported, in order */
  int rows;                     /* REG_ROW results */
  int rejected;                 /* REG_REJECTED results */
  long counted;                 /* registry_rejected() at the end */
  long line[MAX_ROWS];
  int64_t ints[MAX_ROWS][NCOLS];
  char text[MAX_ROWS][NCOLS][TEXT_KEEP];   /* the text's start, NUL-ended */
  int64_t text_len[MAX_ROWS][NCOLS];
} Run;

static Run run;

/* The block and record sizes the next registry is opened with (0: the
 * defaults); each test starts with the defaults. */
static RegistryLimits limits;

static void set_limits(size_t block, size_t max_record) {
  limits = (RegistryLimits){block, max_record};
}

static char tmpdir[] = "/tmp/polc_registry_XXXXXX";

static int make_tmpdir(void **state) {
  (void)state;
  if (!mkdtemp(tmpdir) || chdir(tmpdir) != 0)
    return -1;
  return 0;
}

static int remove_tmpdir(void **state) {
  (void)state;
  if (chdir("/") != 0)
    return -1;
  return rmdir(tmpdir);
}

/* Each test starts with the default block sizes. */
static int reset_limits(void **state) {
  (void)state;
  set_limits(0, 0);
  return 0;
}

static void write_file(const char *file, const char *content, size_t len) {
  FILE *f = fopen(file, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(content, 1, len, f), len);
  fclose(f);
}

static void keep_row(const RegistryRow *row, int columns) {
  int r = run.rows++;
  assert_true(r < MAX_ROWS);
  run.line[r] = row->line;
  for (int c = 0; c < columns; c++) {
    run.ints[r][c] = row->ints[c];
    run.text_len[r][c] = row->texts[c].len;
    size_t n = (size_t)row->texts[c].len < TEXT_KEEP - 1
                   ? (size_t)row->texts[c].len : TEXT_KEEP - 1;
    memcpy(run.text[r][c], row->texts[c].ptr, n);
    run.text[r][c][n] = '\0';
  }
}

/* Reads every row of an already written file; `general_only`: without the
 * one-pass reader of records that hold no quote. */
static void read_file_by(const char *file, const RegistrySchema *schema,
                         bool general_only) {
  free(run.errors);
  memset(&run, 0, sizeof run);
  size_t size;
  FILE *errors = open_memstream(&run.errors, &size);
  Registry *reg = registry_open_limited(file, schema, errors, limits);
  run.opened = reg != NULL;
  if (reg)
    registry_set_general_only(reg, general_only);
  RegistryRow row;
  RegistryStatus st;
  while (reg && (st = registry_next(reg, &row)) != REG_END) {
    if (st == REG_ROW)
      keep_row(&row, schema->count);
    else
      run.rejected++;
  }
  if (reg)
    run.counted = registry_rejected(reg);
  registry_close(reg);
  fclose(errors);
}

static void read_file(const char *file, const RegistrySchema *schema) {
  read_file_by(file, schema, false);
}

static void read_schema(const char *file, const char *content, size_t len,
                        const RegistrySchema *schema) {
  write_file(file, content, len);
  read_file(file, schema);
  unlink(file);
}

static void read_text(const char *file, const char *content) {
  read_schema(file, content, strlen(content), &SCHEMA);
}

static int64_t ymd(int y, int m, int d) {
  int32_t days;
  assert_true(date_from_ymd(y, m, d, &days));
  return days;
}

/* ---------------------------------------------------------------- CSV */

static void test_csv_basic(void **state) {
  (void)state;
  read_text("t.csv",
            "id,name,revenue,rate,ok,since,staff,factor\n"
            "A1,甲公司,3000万,15%,是,2024-01-05,12,1.5\n"
            "A2,乙,30000000.5,0.15,N,2023-12-31,0,-2\n");
  assert_true(run.opened);
  assert_string_equal(run.errors, "");
  assert_int_equal(run.rows, 2);
  assert_int_equal(run.rejected, 0);
  assert_int_equal(run.counted, 0);
  assert_int_equal(run.line[0], 2);
  assert_string_equal(run.text[0][C_ID], "A1");
  assert_string_equal(run.text[0][C_NAME], "甲公司");
  assert_int_equal(run.ints[0][C_REVENUE], INT64_C(3000000000));
  assert_int_equal(run.ints[0][C_RATE], 150000);
  assert_int_equal(run.ints[0][C_OK], 1);
  assert_int_equal(run.ints[0][C_SINCE], ymd(2024, 1, 5));
  assert_int_equal(run.ints[0][C_STAFF], 12);
  assert_int_equal(run.ints[0][C_FACTOR], 1500000);
  assert_int_equal(run.text_len[0][C_REVENUE], 0);   /* scalars: empty text */
  assert_int_equal(run.ints[0][C_ID], 0);            /* text: 0 */
  assert_int_equal(run.line[1], 3);
  assert_int_equal(run.ints[1][C_REVENUE], INT64_C(3000000050));
  assert_int_equal(run.ints[1][C_RATE], 150000);
  assert_int_equal(run.ints[1][C_OK], 0);
  assert_int_equal(run.ints[1][C_FACTOR], -2000000);
}

static void test_csv_quotes(void **state) {
  (void)state;
  read_text("t.csv",
            "id,name,revenue\n"
            "\"a,b\",\"say \"\"hi\"\"\",\" 5 \"\n"
            "q2,\"\"\"\",\"\"\n"
            "q3,\"ab\"c,1\n"
            "q4,a\"b\"c,1\n");
  assert_string_equal(run.errors, "");
  assert_int_equal(run.rows, 4);
  assert_string_equal(run.text[0][C_ID], "a,b");
  assert_string_equal(run.text[0][C_NAME], "say \"hi\"");
  assert_int_equal(run.ints[0][C_REVENUE], 500);      /* spaces trimmed */
  assert_string_equal(run.text[1][C_NAME], "\"");
  assert_int_equal(run.ints[1][C_REVENUE], 0);        /* "" is empty */
  assert_string_equal(run.text[2][C_NAME], "abc");    /* lenient, as Python */
  assert_string_equal(run.text[3][C_NAME], "a\"b\"c");
}

static void test_csv_multiline(void **state) {
  (void)state;
  read_text("t.csv",
            "id,name\n"
            "m1,\"line one\nline two\n\nline four\"\n"
            "m2,after\n"
            "\"m\n3\",x\n"
            "m4,y\n");
  assert_string_equal(run.errors, "");
  assert_int_equal(run.rows, 4);
  assert_int_equal(run.line[0], 2);
  assert_string_equal(run.text[0][C_NAME], "line one\nline two\n\nline four");
  assert_int_equal(run.line[1], 6);     /* the record above took lines 2-5 */
  assert_string_equal(run.text[1][C_NAME], "after");
  assert_int_equal(run.line[2], 7);
  assert_string_equal(run.text[2][C_ID], "m\n3");
  assert_int_equal(run.line[3], 9);
}

static void test_csv_crlf(void **state) {
  (void)state;
  read_text("t.csv",
            "id,name,revenue\r\n"
            "c1,\"two\r\nlines\",3000万\r\n"
            "c2,x,5\r\n"
            "c3,\"q\"\r\n");
  assert_string_equal(run.errors, "t.csv:5: expected 3 fields, found 2\n");
  assert_int_equal(run.rows, 2);
  assert_int_equal(run.rejected, 1);
  assert_string_equal(run.text[0][C_NAME], "two\r\nlines");  /* kept inside quotes */
  assert_int_equal(run.ints[0][C_REVENUE], INT64_C(3000000000));
  assert_int_equal(run.line[1], 4);
  assert_int_equal(run.ints[1][C_REVENUE], 500);   /* no \r left on the cell */
}

static void test_csv_bom_and_last_line(void **state) {
  (void)state;
  read_text("t.csv", "\xEF\xBB\xBFid,revenue\nb1,5");   /* no final newline */
  assert_string_equal(run.errors, "");
  assert_int_equal(run.rows, 1);
  assert_string_equal(run.text[0][C_ID], "b1");
  assert_int_equal(run.ints[0][C_REVENUE], 500);
}

static void test_csv_blank_lines(void **state) {
  (void)state;
  read_text("t.csv", "\nid\n\nb1\n\r\n\n b2\n\n");
  assert_string_equal(run.errors, "");
  assert_int_equal(run.rows, 2);
  assert_int_equal(run.line[0], 4);
  assert_int_equal(run.line[1], 7);
  assert_string_equal(run.text[1][C_ID], " b2");   /* text kept as it is */
}

static void test_csv_ragged(void **state) {
  (void)state;
  read_text("t.csv", "id,revenue\nr1\nr2,3,4\nr3,5\nr4,1,\n");
  assert_string_equal(run.errors,
                      "t.csv:2: expected 2 fields, found 1\n"
                      "t.csv:3: expected 2 fields, found 3\n"
                      "t.csv:5: expected 2 fields, found 3\n");
  assert_int_equal(run.rows, 1);
  assert_int_equal(run.line[0], 4);
  assert_int_equal(run.rejected, 3);
  assert_int_equal(run.counted, 3);
}

static void test_csv_header_problems(void **state) {
  (void)state;
  read_text("t.csv", "id,revenue,name,revenue\nx,1,2,3\n");
  assert_false(run.opened);
  assert_string_equal(run.errors, "t.csv:1: column revenue appears twice\n");

  read_text("t.csv", "foo,bar,foo,foo\nx,1,2,3\n");   /* even unknown ones */
  assert_false(run.opened);
  assert_string_equal(run.errors,
                      "t.csv:1: column foo appears twice\n"
                      "t.csv: the registry has no column `id` (编号), which the "
                      "policy requires\n");

  read_text("t.csv", "name,revenue\nx,1\n");
  assert_false(run.opened);
  assert_string_equal(run.errors,
                      "t.csv: the registry has no column `id` (编号), which the "
                      "policy requires\n");
}

/* issue 15: a row resets only what the previous row changed (the columns
 * its cells set, and those the caller rewrites), so every row still starts
 * from the defaults: a column set in one row and absent from the next
 * reads as its default, in CSV (one pass and general) and JSON Lines. */
static void test_issue15_rows_reset_what_changed(void **state) {
  (void)state;
  RegistryColumn columns[NCOLS];
  memcpy(columns, COLUMNS, sizeof COLUMNS);
  columns[C_SINCE].rewritten = true;
  RegistrySchema schema = {columns, NCOLS};
  static const char *const files[][2] = {
      {"t.csv", "id,rate,since,name\na,0.25,2024-01-02,x\nb,,,\n\"c\",,,\n"},
      {"t.jsonl", "{\"id\":\"a\",\"rate\":\"25%\",\"since\":\"2024-01-02\",\"name\":\"x\"}\n"
                  "{\"id\":\"b\"}\n{\"id\":\"c\"}\n"},
  };
  for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
    write_file(files[f][0], files[f][1], strlen(files[f][1]));
    size_t size;
    char *said = NULL;
    FILE *errors = open_memstream(&said, &size);
    Registry *reg = registry_open(files[f][0], &schema, errors);
    assert_non_null(reg);
    RegistryRow row;
    for (int r = 0; r < 3; r++) {
      assert_int_equal(registry_next(reg, &row), REG_ROW);
      bool first = r == 0;
      assert_int_equal(row.ints[C_RATE], first ? 250000 : 50000);
      assert_int_equal(row.ints[C_SINCE], first ? 19724 : DATE_ABSENT);
      assert_int_equal(row.texts[C_NAME].len, first ? 1 : 6);   /* "无名" */
      row.ints[C_SINCE] = 12345;   /* as evaluate_prepare_row does */
    }
    assert_int_equal(registry_next(reg, &row), REG_END);
    registry_close(reg);
    fclose(errors);
    assert_string_equal(said, "");
    free(said);
    unlink(files[f][0]);
  }
}

static void test_csv_required_without_label(void **state) {
  (void)state;
  static const RegistryColumn two[] = {
      {"id", "编号", VK_TEXT, true, 0, NULL, false, false, false},
      {"size", NULL, VK_COUNT, true, 0, NULL, false, false, false},
  };
  static const RegistrySchema schema = {two, 2};
  const char *csv = "other\n1\n";
  read_schema("t.csv", csv, strlen(csv), &schema);
  assert_false(run.opened);
  assert_string_equal(run.errors,
                      "t.csv: the registry has no column `id` (编号), which the policy requires\n"
                      "t.csv: the registry has no column `size`, which the policy requires\n");
}

static void test_csv_header_only_and_empty(void **state) {
  (void)state;
  read_text("t.csv", "id,revenue\n");
  assert_true(run.opened);
  assert_string_equal(run.errors, "");
  assert_int_equal(run.rows + run.rejected, 0);

  read_text("t.csv", "id");
  assert_true(run.opened);
  assert_int_equal(run.rows + run.rejected, 0);

  read_text("t.csv", "");
  assert_false(run.opened);
  assert_string_equal(run.errors, "t.csv: the registry is empty (no header row)\n");

  read_text("t.csv", "\xEF\xBB\xBF\n\r\n");
  assert_false(run.opened);
  assert_string_equal(run.errors, "t.csv: the registry is empty (no header row)\n");
}

static void test_csv_unknown_and_defaults(void **state) {
  (void)state;
  read_text("t.csv", " id , extra,staff\nd1,whatever,3\nd2,,\n");
  assert_string_equal(run.errors, "");
  assert_int_equal(run.rows, 2);
  assert_string_equal(run.text[0][C_ID], "d1");
  assert_int_equal(run.ints[0][C_STAFF], 3);
  for (int r = 0; r < 2; r++) {   /* absent columns take their defaults */
    assert_string_equal(run.text[r][C_NAME], "无名");
    assert_int_equal(run.ints[r][C_REVENUE], 0);
    assert_int_equal(run.ints[r][C_RATE], 50000);
    assert_int_equal(run.ints[r][C_OK], 1);
    assert_true(run.ints[r][C_SINCE] == DATE_ABSENT);
    assert_int_equal(run.ints[r][C_FACTOR], 1000000);
  }
  assert_int_equal(run.ints[1][C_STAFF], 0);   /* an empty cell, too */

  read_text("t.csv", "id,name,rate,since\nd3,  ,\t,\n");
  assert_string_equal(run.errors, "");
  assert_string_equal(run.text[0][C_NAME], "无名");   /* blank = empty */
  assert_int_equal(run.ints[0][C_RATE], 50000);
  assert_true(run.ints[0][C_SINCE] == DATE_ABSENT);
}

static void test_csv_required_value(void **state) {
  (void)state;
  read_text("t.csv", "id,revenue\n,5\n  ,6\n\"\",7\nok,8\n");
  assert_string_equal(run.errors,
                      "t.csv:2: column id: a value is required\n"
                      "t.csv:3: column id: a value is required\n"
                      "t.csv:4: column id: a value is required\n");
  assert_int_equal(run.rows, 1);
  assert_int_equal(run.rejected, 3);
  assert_int_equal(run.ints[0][C_REVENUE], 800);
}

static void test_csv_bad_cells(void **state) {
  (void)state;
  read_text("t.csv",
            "id,revenue,rate,ok,since,staff,factor\n"
            "x1,3000.001,abc,maybe,2023-02-29,1.5,1e3\n"
            "x2, 12元x ,15 %,yes,2024/02/30,3人,0.0000001\n"
            "x3,\"12\n34\",1,1,2024-01-01,1,1\n"
            "x4,99999999999999999999,1,1,2024-01-01,1,1\n");
  assert_string_equal(run.errors,
      "t.csv:2: column revenue: cannot read \"3000.001\" as money\n"
      "t.csv:2: column rate: cannot read \"abc\" as percent\n"
      "t.csv:2: column ok: cannot read \"maybe\" as bool\n"
      "t.csv:2: column since: cannot read \"2023-02-29\" as date\n"
      "t.csv:2: column staff: cannot read \"1.5\" as count\n"
      "t.csv:2: column factor: cannot read \"1e3\" as number\n"
      "t.csv:3: column revenue: cannot read \"12元x\" as money\n"
      "t.csv:3: column rate: cannot read \"15 %\" as percent\n"
      "t.csv:3: column ok: cannot read \"yes\" as bool\n"
      "t.csv:3: column since: cannot read \"2024/02/30\" as date: write a real calendar "
      "day, year first: YYYY-MM-DD, YYYY/M/D or YYYY年M月D日\n"
      "t.csv:3: column staff: cannot read \"3人\" as count\n"
      "t.csv:3: column factor: cannot read \"0.0000001\" as number\n"
      "t.csv:4: column revenue: cannot read \"12\\n34\" as money\n"
      "t.csv:6: column revenue: cannot read \"99999999999999999999\" as money\n");
  assert_int_equal(run.rows, 0);
  assert_int_equal(run.rejected, 4);   /* one per row, not per cell */
  assert_int_equal(run.counted, 4);
}

static void test_csv_long_bad_value(void **state) {
  (void)state;
  char csv[512] = "id,revenue\nx,";
  memset(csv + strlen(csv), 'x', 100);
  strcat(csv, "\ny,a");
  for (int i = 0; i < 30; i++)
    strcat(csv, "是");
  strcat(csv, "\n");
  read_text("t.csv", csv);
  char expected[512] = "t.csv:2: column revenue: cannot read \"";
  memset(expected + strlen(expected), 'x', 60);
  strcat(expected, "...\" as money\nt.csv:3: column revenue: cannot read \"a");
  for (int i = 0; i < 20; i++)   /* cut on a character boundary */
    strcat(expected, "是");
  strcat(expected, "...\" as money\n");
  assert_string_equal(run.errors, expected);
}

static void test_csv_unclosed_quote(void **state) {
  (void)state;
  read_text("t.csv", "id,name\nu1,ok\nu2,\"abc\nu3,x\n");
  assert_string_equal(run.errors,
                      "t.csv:3: a quoted field is not closed before the end of the file\n");
  assert_int_equal(run.rows, 1);
  assert_int_equal(run.rejected, 1);
  assert_int_equal(run.counted, 1);

  read_text("t.csv", "id,\"name\n");
  assert_false(run.opened);
  assert_string_equal(run.errors,
                      "t.csv:1: a quoted field is not closed before the end of the file\n");
}

/* A record several read blocks long, at the default block size. */
static void test_csv_record_larger_than_block(void **state) {
  (void)state;
  size_t big = 600 * 1024;
  const char *head = "id,name,revenue\nbig,\"";
  const char *tail = "\",5\nnext,x,6\n";
  char *csv = xmalloc(strlen(head) + big + strlen(tail) + 1);
  strcpy(csv, head);
  char *p = csv + strlen(head);
  for (size_t i = 0; i < big; i++)
    p[i] = i % 1000 == 999 ? '\n' : (char)('a' + i % 26);
  strcpy(p + big, tail);
  read_text("t.csv", csv);
  free(csv);
  assert_string_equal(run.errors, "");
  assert_int_equal(run.rows, 2);
  assert_int_equal(run.text_len[0][C_NAME], (int64_t)big);
  assert_int_equal(run.ints[0][C_REVENUE], 500);
  assert_int_equal(run.line[1], 2 + (long)(big / 1000) + 1);
  assert_string_equal(run.text[1][C_ID], "next");
}

static void test_csv_record_too_long(void **state) {
  (void)state;
  set_limits(8, 64);
  char csv[512] = "id,name\nr1,short\nr2,\"";
  memset(csv + strlen(csv), 'z', 100);
  strcat(csv, "\n\",x\nr3,\"again\"\n");
  read_text("t.csv", csv);
  assert_string_equal(run.errors, "t.csv:3: the record is longer than 64 bytes\n");
  assert_int_equal(run.rows, 2);
  assert_int_equal(run.rejected, 1);
  assert_int_equal(run.line[1], 5);
  assert_string_equal(run.text[1][C_NAME], "again");

  /* An unclosed quote running to the end of a long file says so. */
  memset(csv, 0, sizeof csv);
  strcpy(csv, "id,name\nr1,\"");
  memset(csv + strlen(csv), 'z', 100);
  read_text("t.csv", csv);
  assert_string_equal(run.errors,
                      "t.csv:2: a quoted field is not closed before the end of "
                      "the file (the record is longer than 64 bytes)\n");
  assert_int_equal(run.rejected, 1);
}

/* The limit counts the record's bytes, whatever the block size. */
static void test_csv_limit_is_exact(void **state) {
  (void)state;
  for (size_t block = 1; block <= 70; block += 23) {
    set_limits(block, 64);
    char csv[256] = "id\n";
    memset(csv + 3, 'a', 64);            /* line 2: exactly 64 bytes */
    strcat(csv, "\r\n");                 /* (CRLF counts only past the limit) */
    memset(csv + strlen(csv), 'b', 65);  /* line 3: one too many */
    strcat(csv, "\nc\n");
    read_text("t.csv", csv);
    assert_string_equal(run.errors, "t.csv:3: the record is longer than 64 bytes\n");
    assert_int_equal(run.rows, 2);
    assert_int_equal(run.text_len[0][C_ID], 64);
    assert_string_equal(run.text[1][C_ID], "c");
  }
}

static void test_csv_limit_in_megabytes(void **state) {
  (void)state;
  set_limits(64 * 1024, 1024 * 1024);
  size_t big = 1024 * 1024 + 10;
  char *csv = xmalloc(big + 64);
  memset(csv, 'w', big + 3);
  memcpy(csv, "id\n", 3);
  strcpy(csv + 3 + big, "\nlast\n");
  read_text("t.csv", csv);
  free(csv);
  assert_string_equal(run.errors, "t.csv:2: the record is longer than 1 MB\n");
  assert_int_equal(run.rows, 1);
  assert_int_equal(run.line[0], 3);
}

/* issue 12: --registry /dev/zero.  A record that goes on past twice the
 * limit is cut there and reading stops: skipping it to its end would read
 * an endless input forever. */
static void test_issue12_endless_record_cut(void **state) {
  (void)state;
  set_limits(8, 64);
  char csv[512] = "id,name\nr1,a\n";
  memset(csv + strlen(csv), 'z', 200);
  strcat(csv, "\nr3,b\n");
  read_text("t.csv", csv);
  assert_string_equal(run.errors, "t.csv:3: the record is longer than 64 bytes and "
                      "does not end within twice that; the rest of the registry "
                      "is not read\n");
  assert_int_equal(run.rows, 1);
  assert_int_equal(run.rejected, 1);

  char jsonl[512] = "{\"id\":\"a\"}\n";
  memset(jsonl + strlen(jsonl), 'q', 200);
  strcat(jsonl, "\n{\"id\":\"c\"}\n");
  read_text("t.jsonl", jsonl);
  assert_string_equal(run.errors, "t.jsonl:2: the line is longer than 64 bytes and "
                      "does not end within twice that; the rest of the registry "
                      "is not read\n");
  assert_int_equal(run.rows, 1);
  assert_int_equal(run.rejected, 1);
}

/* Every row of `csv` as one string: line, then each column's value. */
static void summarize(char *out, size_t size) {
  size_t n = 0;
  for (int r = 0; r < run.rows; r++) {
    n += (size_t)snprintf(out + n, size - n, "%ld", run.line[r]);
    for (int c = 0; c < NCOLS; c++)
      n += (size_t)snprintf(out + n, size - n, "|%s:%lld", run.text[r][c],
                            (long long)run.ints[r][c]);
    n += (size_t)snprintf(out + n, size - n, "\n");
  }
  snprintf(out + n, size - n, "rejected %d\n%s", run.rejected, run.errors);
}

/* The result does not depend on where the read blocks happen to end. */
static void test_csv_any_block_size(void **state) {
  (void)state;
  const char *csv =
      "\xEF\xBB\xBFid,name,revenue,rate\r\n"
      "a,\"x,\"\"y\"\"\r\nz\",3000万,15%\r\n"
      "\r\n"
      "b,plain,1.5亿,0.15\n"
      "c,\"\",,\n"
      "d,bad,3000.001,1\n"
      "e,\"multi\n\nline\",1,1\n"
      "f,short\n"
      "g,last,2,2%";
  static char expected[8192], got[8192];
  read_text("t.csv", csv);
  summarize(expected, sizeof expected);
  assert_int_equal(run.rows, 5);
  assert_int_equal(run.rejected, 2);
  for (size_t block = 1; block <= 40; block++) {
    set_limits(block, 0);
    read_text("t.csv", csv);
    summarize(got, sizeof got);
    assert_string_equal(got, expected);
  }
}

/* Cells for the random registries below: per field of their header, the
 * forms a column of its kind reads (canonical ones first, then the rarer
 * syntaxes and blanks), and cells of every sort, most of them bad. */
#define CELLS(...) (const char *const[]){__VA_ARGS__, NULL}
static const char *const *const FIELD_CELLS[] = {
    CELLS("91310104MA1FL00001", "id", "企业", " x"),                 /* id */
    CELLS("企业名称有限公司", "plain", "", " ", " 企业 ", "a,b"),     /* name */
    CELLS("anything", "", "徐汇"),                                   /* extra */
    CELLS("1234.5", "1234.50", "1234.500", "0", "7", "12345678.12", "", "3000万",
          "1.5亿元", " 12 ", "123456789012345678", "00000000001", "35976100000.20",
          "1.0000000000"),                                           /* revenue */
    CELLS("0.15", "0.1234560", "0", "1", "15%", "", "0.00012345", "112.18%",
          "0.0001%", "0.00001%", "100.00%", "922337203685477%", "922337203685478%",
          "1.5%%", "15%x", "0.123456"),                              /* rate */
    CELLS("true", "false", "", "TRUE", "是", "否", "1", " n "),      /* ok */
    CELLS("2024-06-01", "1970-01-01", "", " 2024-06-01"),            /* since */
    CELLS("12", "0", "", "12345678"),                                /* staff */
    CELLS("1.5", "0", "", "2"),                                      /* factor */
};
static const char *const ANY_CELL[] = {
    "", " ", "\t", "a", "x\xFFy", "\xE5\xBE", "1234.501", "-3", "1.", ".5", "1e3",
    "1234567890123456789", "99999999999999999.99", "0.1234567", "truex", "2024-02-30",
    "2024-6-1", "2024-06-01x", "1.00000000000000000000", "12345678", "TRUE",
};

static const char *random_cell(unsigned *seed, int field) {
  if (field >= 9 || rand_r(seed) % 16 == 0)
    return ANY_CELL[(unsigned)rand_r(seed) % (sizeof ANY_CELL / sizeof ANY_CELL[0])];
  const char *const *cells = FIELD_CELLS[field];
  int n = 0;
  while (cells[n])
    n++;
  return cells[rand_r(seed) % n];
}

/* `file` read by the one-pass reader and by the general path: the same
 * rows, values, text lengths and messages; its rows and rejected rows are
 * added to the counts. */
static void paths_agree_on(const char *file, const RegistrySchema *schema, int *rows,
                           int *rejected) {
  static char one_pass[64 * 1024], general[64 * 1024];
  static int64_t lengths[MAX_ROWS][NCOLS];
  read_file_by(file, schema, false);
  summarize(one_pass, sizeof one_pass);
  memcpy(lengths, run.text_len, sizeof lengths);
  read_file_by(file, schema, true);
  summarize(general, sizeof general);
  assert_string_equal(one_pass, general);
  assert_memory_equal(lengths, run.text_len, sizeof lengths);
  *rows += run.rows;
  *rejected += run.rejected;
  unlink(file);
}

/* The one-pass reader of plain records and the general path (split, then
 * rb_cell) give the same rows and the same messages, on `files` random
 * registries of `schema`: records of every cell form, with a field too many
 * or too few now and then, and an unknown column; each record ends in one
 * of `line_ends`, chosen at random. */
static void check_paths_agree(const RegistrySchema *schema, const char *const *line_ends,
                              int nline_ends, int files, unsigned seed) {
  static char csv[64 * 1024];
  int rows = 0, rejected = 0;
  for (int file = 0; file < files; file++) {
    size_t n = (size_t)sprintf(csv, "id,name,extra,revenue,rate,ok,since,staff,factor\n");
    for (int r = 0; r < 60; r++) {
      int fields = 9 + (rand_r(&seed) % 12 == 0 ? (rand_r(&seed) % 2 ? 1 : -1) : 0);
      for (int f = 0; f < fields; f++) {
        const char *cell = random_cell(&seed, f);
        n += (size_t)sprintf(csv + n, "%s%s", f ? "," : "", cell);
        if (strcmp(cell, "a") == 0)
          csv[n++] = '\0', csv[n++] = 'b';   /* "a" stands for a NUL inside */
      }
      n += (size_t)sprintf(csv + n, "%s", line_ends[rand_r(&seed) % nline_ends]);
    }
    write_file("t.csv", csv, n);
    paths_agree_on("t.csv", schema, &rows, &rejected);
  }
  assert_true(rows > files * 12 && rejected > files * 12);   /* plenty of each */
}

static void test_csv_one_pass_agrees_with_general(void **state) {
  (void)state;
  static const char *const lf[] = {"\n"};
  check_paths_agree(&SCHEMA, lf, 1, 300, 20261122);
}

/* The SCHEMA with no column that may be negative. */
static RegistryColumn unsigned_columns[NCOLS];
static const RegistrySchema UNSIGNED = {unsigned_columns, NCOLS};

static void make_unsigned(void) {
  memcpy(unsigned_columns, COLUMNS, sizeof COLUMNS);
  for (int c = 0; c < NCOLS; c++)
    unsigned_columns[c].may_be_negative = false;
}

/* issue 11: the same with records ending in a lone CR, CRLF or LF, mixed,
 * and negative money and counts refused. */
static void test_issue11_paths_agree_on_cr(void **state) {
  (void)state;
  static const char *const ends[] = {"\r", "\r\n", "\n", "\r"};
  make_unsigned();
  check_paths_agree(&UNSIGNED, ends, 4, 100, 11);
}

/* issue 11: a lone CR ends a record (Excel's "CSV (Macintosh)") and counts
 * as a line; inside quotes it is kept; wherever the read blocks end, even
 * between a CR and what follows it. */
static void test_issue11_cr_only_csv(void **state) {
  (void)state;
  const char *csv = "id,name,revenue\r"
                    "c1,\"two\rlines\",5\r"
                    "c2,x,-5\r"
                    "\r"
                    "c3,y,7\r\n"
                    "c4,z,8\r";
  make_unsigned();
  static char expected[8192], got[8192];
  read_schema("t.csv", csv, strlen(csv), &UNSIGNED);
  assert_string_equal(run.errors,
                      "t.csv:4: column revenue: cannot read \"-5\" as money: "
                      "a negative amount is not allowed here\n");
  assert_int_equal(run.rows, 3);
  assert_int_equal(run.rejected, 1);
  assert_int_equal(run.line[0], 2);
  assert_string_equal(run.text[0][C_NAME], "two\rlines");
  assert_int_equal(run.ints[0][C_REVENUE], 500);
  assert_int_equal(run.line[1], 6);   /* line 5 is blank */
  assert_int_equal(run.ints[1][C_REVENUE], 700);
  assert_int_equal(run.line[2], 7);
  assert_string_equal(run.text[2][C_ID], "c4");
  summarize(expected, sizeof expected);
  for (size_t block = 1; block <= 40; block++) {
    set_limits(block, 0);
    read_schema("t.csv", csv, strlen(csv), &UNSIGNED);
    summarize(got, sizeof got);
    assert_string_equal(got, expected);
  }
}

/* issue 11: a header that differs from an input's name only in case or
 * width is read as that input, with a warning; when the input also has a
 * column of its exact name, that one wins and the other is ignored. */
static void test_issue11_header_case(void **state) {
  (void)state;
  read_text("t.csv", "ID,Revenue,ｎａｍｅ,name,ＳＴＡＦＦ\nA,5,full,exact,3\n");
  assert_true(run.opened);
  assert_string_equal(run.errors,
                      "t.csv: warning: column \"ID\" read as input id\n"
                      "t.csv: warning: column \"Revenue\" read as input revenue\n"
                      "t.csv: warning: column \"ｎａｍｅ\" ignored: input name is read "
                      "from another column\n"
                      "t.csv: warning: column \"ＳＴＡＦＦ\" read as input staff\n");
  assert_int_equal(run.rows, 1);
  assert_string_equal(run.text[0][C_ID], "A");
  assert_int_equal(run.ints[0][C_REVENUE], 500);
  assert_string_equal(run.text[0][C_NAME], "exact");
  assert_int_equal(run.ints[0][C_STAFF], 3);
}

/* A number cell past the cell limit is refused like a text one, even when
 * it is canonical ("1.000…0" is exact, only long). */
static void test_csv_long_canonical_number(void **state) {
  (void)state;
  size_t zeros = REGISTRY_MAX_CELL;
  char *csv = xmalloc(zeros + 64);
  size_t n = (size_t)sprintf(csv, "id,revenue\na,1.");
  memset(csv + n, '0', zeros);
  n += zeros;
  n += (size_t)sprintf(csv + n, "\nb,2\n");
  read_schema("t.csv", csv, n, &SCHEMA);
  free(csv);
  assert_int_equal(run.rows, 1);
  assert_string_equal(run.text[0][C_ID], "b");
  assert_string_equal(run.errors, "t.csv:2: column revenue: a cell of 1048578 bytes; "
                                  "polc reads cells of at most 1048576\n");
}

/* Memory follows the longest record, not the number of rows. */
static void test_csv_memory_bounded(void **state) {
  (void)state;
  set_limits(64, 0);
  const char *file = "t.csv";
  FILE *f = fopen(file, "wb");
  assert_non_null(f);
  fputs("id,name,revenue\n", f);
  for (int i = 0; i < 20000; i++)
    fprintf(f, "row%d,\"name, %d\",%d.5\n", i, i, i);
  fclose(f);
  size_t size;
  char *errors = NULL;
  FILE *err = open_memstream(&errors, &size);
  Registry *reg = registry_open_limited(file, &SCHEMA, err, limits);
  assert_non_null(reg);
  RegistryRow row;
  long rows = 0;
  while (registry_next(reg, &row) == REG_ROW) {
    assert_int_equal(row.ints[C_REVENUE], rows * 100 + 50);
    rows++;
  }
  assert_int_equal(rows, 20000);
  assert_true(reg->in.cap <= 2 * 64);
  registry_close(reg);
  fclose(err);
  assert_string_equal(errors, "");
  free(errors);
  unlink(file);
}

static void test_open_errors(void **state) {
  (void)state;
  read_file("missing.csv", &SCHEMA);
  assert_false(run.opened);
  assert_string_equal(run.errors,
                      "missing.csv: cannot open the registry: No such file or directory\n");
}

static void test_stdin(void **state) {
  (void)state;
  /* "-" is standard input, read as CSV whatever it holds. */
  write_file("in.jsonl", "id\nfrom stdin\n", 14);
  assert_non_null(freopen("in.jsonl", "rb", stdin));
  read_file("-", &SCHEMA);
  assert_string_equal(run.errors, "");
  assert_int_equal(run.rows, 1);
  assert_string_equal(run.text[0][C_ID], "from stdin");

  write_file("in.jsonl", "", 0);
  assert_non_null(freopen("in.jsonl", "rb", stdin));
  read_file("-", &SCHEMA);
  assert_false(run.opened);
  assert_string_equal(run.errors, "<stdin>: the registry is empty (no header row)\n");
  unlink("in.jsonl");
}

/* ---------------------------------------------------------- JSON Lines */

/* issue 11: a JSON key that differs from an input's name only in case or
 * width is read as that input, unless the object also has the exact name;
 * one warning per input, at the end, naming the least such key. */
static void test_issue11_jsonl_key_case(void **state) {
  (void)state;
  read_text("t.jsonl",
            "{\"ID\":\"K1\",\"Revenue\":\"5\",\"ｓｔａｆｆ\":2}\n"
            "{\"id\":\"K2\",\"REVENUE\":\"6\",\"revenue\":\"7\"}\n"
            "{\"id\":\"K3\",\"Revenue\":\"8\"}\n");
  assert_string_equal(run.errors,
                      "t.jsonl: warning: key \"ID\" read as input id\n"
                      "t.jsonl: warning: key \"Revenue\" read as input revenue\n"
                      "t.jsonl: warning: key \"ｓｔａｆｆ\" read as input staff\n");
  assert_int_equal(run.rows, 3);
  assert_string_equal(run.text[0][C_ID], "K1");
  assert_int_equal(run.ints[0][C_REVENUE], 500);
  assert_int_equal(run.ints[0][C_STAFF], 2);
  assert_int_equal(run.ints[1][C_REVENUE], 700);   /* the exact name wins */
  assert_int_equal(run.ints[2][C_REVENUE], 800);
}

static void test_jsonl_basic(void **state) {
  (void)state;
  read_text("t.jsonl",
            "{\"id\":\"J1\",\"name\":\"甲\",\"revenue\":\"3000万\",\"rate\":0.15,"
            "\"ok\":true,\"since\":\"2024-01-05\",\"staff\":3,\"factor\":1.5}\n"
            "  { \"id\" : \"J2\" , \"revenue\" : 30000000.5 , \"rate\" : \"15%\" ,"
            " \"ok\" : false , \"staff\" : -2 }  \r\n");
  assert_true(run.opened);
  assert_string_equal(run.errors, "");
  assert_int_equal(run.rows, 2);
  assert_int_equal(run.line[0], 1);
  assert_string_equal(run.text[0][C_ID], "J1");
  assert_string_equal(run.text[0][C_NAME], "甲");
  assert_int_equal(run.ints[0][C_REVENUE], INT64_C(3000000000));
  assert_int_equal(run.ints[0][C_RATE], 150000);
  assert_int_equal(run.ints[0][C_OK], 1);
  assert_int_equal(run.ints[0][C_SINCE], ymd(2024, 1, 5));
  assert_int_equal(run.ints[0][C_STAFF], 3);
  assert_int_equal(run.ints[0][C_FACTOR], 1500000);
  assert_int_equal(run.line[1], 2);
  assert_int_equal(run.ints[1][C_REVENUE], INT64_C(3000000050));
  assert_int_equal(run.ints[1][C_RATE], 150000);
  assert_int_equal(run.ints[1][C_OK], 0);
  assert_int_equal(run.ints[1][C_STAFF], -2);
  assert_string_equal(run.text[1][C_NAME], "无名");
}

static void test_jsonl_escapes(void **state) {
  (void)state;
  read_text("t.jsonl",
            "{\"id\":\"\\u4e2d\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u0041\","
            "\"n\\u0061me\":\"\\ud83d\\ude00!\"}\n");
  assert_string_equal(run.errors, "");
  assert_int_equal(run.rows, 1);
  assert_string_equal(run.text[0][C_ID], "中\"\\/\b\f\n\r\té" "A");
  assert_string_equal(run.text[0][C_NAME], "\xF0\x9F\x98\x80!");  /* U+1F600 */
}

static void test_jsonl_null_and_missing(void **state) {
  (void)state;
  read_text("t.jsonl",
            "{\"id\":\"n1\",\"name\":null,\"revenue\":null,\"rate\":\"\",\"since\":null}\n"
            "{\"id\":\"n2\"}\n"
            "{\"name\":\"no id\"}\n"
            "{\"id\":null}\n"
            "{\"id\":\"  \"}\n"
            "{}\n");
  assert_string_equal(run.errors,
                      "t.jsonl:3: column id: a value is required\n"
                      "t.jsonl:4: column id: a value is required\n"
                      "t.jsonl:5: column id: a value is required\n"
                      "t.jsonl:6: column id: a value is required\n");
  assert_int_equal(run.rows, 2);
  assert_int_equal(run.rejected, 4);
  for (int r = 0; r < 2; r++) {
    assert_string_equal(run.text[r][C_NAME], "无名");
    assert_int_equal(run.ints[r][C_REVENUE], 0);
    assert_int_equal(run.ints[r][C_RATE], 50000);
    assert_int_equal(run.ints[r][C_OK], 1);
    assert_true(run.ints[r][C_SINCE] == DATE_ABSENT);
  }
}

static void test_jsonl_not_objects(void **state) {
  (void)state;
  read_text("t.jsonl",
            "[1,2]\n"
            "\"x\"\n"
            "42\n"
            "null\n"
            "{\"id\":\"ok\"}\n"
            "id,name\n");
  assert_string_equal(run.errors,
                      "t.jsonl:1: not a JSON object\n"
                      "t.jsonl:2: not a JSON object\n"
                      "t.jsonl:3: not a JSON object\n"
                      "t.jsonl:4: not a JSON object\n"
                      "t.jsonl:6: not a JSON object\n");
  assert_int_equal(run.rows, 1);
  assert_int_equal(run.line[0], 5);
  assert_int_equal(run.rejected, 5);
  assert_int_equal(run.counted, 5);
}

static void test_jsonl_invalid(void **state) {
  (void)state;
  read_text("t.jsonl",
            "{\"id\":\"a\"\n"
            "{\"id\":01}\n"
            "{\"id\":\"a\"} x\n"
            "{\"id\":\"\\ud800\"}\n"
            "{\"id\":\"\\udc00\"}\n"
            "{\"id\":\"\\x\"}\n"
            "{\"id\":\"a\tb\"}\n"
            "{id:\"a\"}\n"
            "{\"id\":tru}\n"
            "{\"id\":\"a\",}\n"
            "{\"id\":-}\n"
            "{\"id\":\"unterminated}\n");
  assert_string_equal(run.errors,
                      "t.jsonl:1: invalid JSON at column 10: ',' or '}' is expected\n"
                      "t.jsonl:2: invalid JSON at column 8: ',' or '}' is expected\n"
                      "t.jsonl:3: invalid JSON at column 12: text after the object\n"
                      "t.jsonl:4: invalid JSON at column 14: a high surrogate without a low one\n"
                      "t.jsonl:5: invalid JSON at column 8: a low surrogate without a high one\n"
                      "t.jsonl:6: invalid JSON at column 8: unknown escape\n"
                      "t.jsonl:7: invalid JSON at column 9: control character in a string\n"
                      "t.jsonl:8: invalid JSON at column 2: a key (a string) is expected\n"
                      "t.jsonl:9: invalid JSON at column 7: a value is expected\n"
                      "t.jsonl:10: invalid JSON at column 11: a key (a string) is expected\n"
                      "t.jsonl:11: invalid JSON at column 8: a digit is expected\n"
                      "t.jsonl:12: invalid JSON at column 21: unterminated string\n");
  assert_int_equal(run.rows, 0);
  assert_int_equal(run.rejected, 12);
}

static void test_jsonl_nested_and_bools(void **state) {
  (void)state;
  read_text("t.jsonl",
            "{\"id\":\"a\",\"revenue\":[1, 2] ,\"ok\":{\"x\":1}}\n"
            "{\"id\":{\"k\":\"v\"}}\n"
            "{\"id\":\"b\",\"revenue\":true,\"rate\":false,\"name\":true}\n"
            "{\"id\":\"c\",\"ok\":\"是\",\"staff\":1e2}\n"
            "{\"id\":\"d\",\"ok\":0,\"extra\":{\"deep\":[[{}]]},\"more\":[true]}\n"
            "{\"id\":\"e\",\"id\":\"again\"}\n");
  assert_string_equal(run.errors,
      "t.jsonl:1: column revenue: cannot read \"[1, 2]\" as money\n"
      "t.jsonl:1: column ok: cannot read \"{\"x\":1}\" as bool\n"
      "t.jsonl:2: column id: cannot read \"{\"k\":\"v\"}\" as text\n"
      "t.jsonl:3: column revenue: cannot read \"true\" as money\n"
      "t.jsonl:3: column rate: cannot read \"false\" as percent\n"
      "t.jsonl:3: column name: cannot read \"true\" as text\n"
      "t.jsonl:4: column staff: cannot read \"1e2\" as count\n"
      "t.jsonl:6: column id appears twice\n");
  assert_int_equal(run.rows, 1);
  assert_int_equal(run.rejected, 5);
  assert_string_equal(run.text[0][C_ID], "d");   /* unknown keys ignored */
  assert_int_equal(run.ints[0][C_OK], 0);
}

static void test_jsonl_numbers(void **state) {
  (void)state;
  read_text("t.jsonl",
            "{\"id\":12345,\"revenue\":-12.3,\"rate\":15,\"factor\":0.000001}\n"
            "{\"id\":\"x\",\"revenue\":0.001}\n"
            "{\"id\":\"y\",\"rate\":0.0000001}\n");
  assert_string_equal(run.errors,
                      "t.jsonl:2: column revenue: cannot read \"0.001\" as money\n"
                      "t.jsonl:3: column rate: cannot read \"0.0000001\" as percent\n");
  assert_int_equal(run.rows, 1);
  assert_string_equal(run.text[0][C_ID], "12345");   /* a number's text */
  assert_int_equal(run.ints[0][C_REVENUE], -1230);
  assert_int_equal(run.ints[0][C_RATE], 15000000);   /* 15 = 1500% */
  assert_int_equal(run.ints[0][C_FACTOR], 1);
}

static void test_jsonl_blank_lines_and_bom(void **state) {
  (void)state;
  read_text("t.ndjson",
            "\xEF\xBB\xBF\n"
            "{\"id\":\"a\"}\r\n"
            "   \r\n"
            "\t\n"
            "{\"id\":\"b\"}");
  assert_string_equal(run.errors, "");
  assert_int_equal(run.rows, 2);
  assert_int_equal(run.line[0], 2);
  assert_int_equal(run.line[1], 5);

  read_text("T.JSONL", "{\"id\":\"upper\"}\n");   /* the extension in any case */
  assert_string_equal(run.errors, "");
  assert_string_equal(run.text[0][C_ID], "upper");

  read_text("t.jsonl", "");
  assert_true(run.opened);                        /* no header to lack */
  assert_int_equal(run.rows + run.rejected, 0);
}

static void test_jsonl_long_line(void **state) {
  (void)state;
  set_limits(4, 64);
  char jsonl[512] = "{\"id\":\"a\"}\n{\"id\":\"";
  memset(jsonl + strlen(jsonl), 'q', 100);
  strcat(jsonl, "\"}\n{\"id\":\"c\",\"name\":\"\\u4e2d\\u6587\"}\n");
  read_text("t.jsonl", jsonl);
  assert_string_equal(run.errors, "t.jsonl:2: the line is longer than 64 bytes\n");
  assert_int_equal(run.rows, 2);
  assert_int_equal(run.line[1], 3);
  assert_string_equal(run.text[1][C_NAME], "中文");

  /* The last line, too long and without a newline, is not lost either. */
  memset(jsonl, 0, sizeof jsonl);
  strcpy(jsonl, "{\"id\":\"a\"}\n{\"id\":\"");
  memset(jsonl + strlen(jsonl), 'q', 100);
  read_text("t.jsonl", jsonl);
  assert_string_equal(run.errors, "t.jsonl:2: the line is longer than 64 bytes\n");
  assert_int_equal(run.rows, 1);
  assert_int_equal(run.rejected, 1);
}

/* As for CSV, the block boundaries change nothing. */
static void test_jsonl_any_block_size(void **state) {
  (void)state;
  const char *jsonl =
      "\xEF\xBB\xBF{\"id\":\"a\\u4e2d\",\"revenue\":\"3000万\"}\r\n"
      "\n"
      "{\"id\":\"b\",\"rate\":0.15,\"x\":[1,{\"y\":\"\\ud83d\\ude00\"}]}\n"
      "[]\n"
      "{\"id\":\"c\",\"revenue\":1e3}\n"
      "{\"id\":\"d\",\"name\":\"\\n\\\"q\\\"\"}";
  static char expected[8192], got[8192];
  read_text("t.jsonl", jsonl);
  summarize(expected, sizeof expected);
  assert_int_equal(run.rows, 3);
  assert_int_equal(run.rejected, 2);
  for (size_t block = 1; block <= 40; block++) {
    set_limits(block, 0);
    read_text("t.jsonl", jsonl);
    summarize(got, sizeof got);
    assert_string_equal(got, expected);
  }
}

/* issue 15: the JSON Lines one pass (jsonl_plain.c) against the general
 * path.  Random lines of the keys of check_paths_agree's header, mostly in
 * one order, with the values a column of its kind reads, and now and then a
 * key loose, by its label, escaped or twice, members swapped or left out,
 * a value of any JSON form (escapes, surrogates, exponents, nested, null,
 * true/false), blanks, or a byte of damage. */
static const char *const JSON_KEYS[][3] = {   /* name, label or "", loose */
    {"id", "编号", "ID"},           {"name", "企业名称", "Name"}, {"extra", "", "EXTRA"},
    {"revenue", "收入", "Revenue"}, {"rate", "比例", "RATE"},     {"ok", "", "Ok"},
    {"since", "日期", "ｓｉｎｃｅ"}, {"staff", "", "Staff"},      {"factor", "", "FACTOR"},
};
static const char *const JSON_VALUES[] = {
    "null", "true", "false", "0", "-0", "12", "1234.5", "1234.505", "1e3", "-1.5E-2", "01",
    "1.", "-", "[]", "{}", "[1,{\"a\":[true,null]}]", "{\"x\":\"\\u00e9\"}", "\"\"", "\" \"",
    "tru", "nul", "\"\\u4e2d\\u6587\"", "\"a\\\"b\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"",
    "\"\\udc00x\"", "\"\\u0000\"", "\"\\x\"", "\"12\\u002e5\"", "\"2024\\u002d06-01\"",
    "\"tab\there\"", "\"\\t 12 \"", "\"15%\\\"\"", "\"\\u0031\\u0035%\"", "\"tr\\u0075e\"",
    "\"x\\\\y\"", "\"\\/\\b\\f\\n\\r\"", "123456789012345678901", "0.0000001", "-12.30",
    "\"unterminated", "\"\\u12\"", "\"\\ud83d\\u0041\"", "\"\\uD83D\\uDE00\\u00E9\"",
};

/* Appends to out at *n the key of `field`, as chance has it. */
static void put_json_key(char *out, size_t *n, unsigned *seed, int field) {
  const char *const *names = JSON_KEYS[field];
  int pick = rand_r(seed) % 100;
  if (pick == 0 && names[1][0])
    *n += (size_t)sprintf(out + *n, "\"%s\"", names[1]);   /* by its label */
  else if (pick == 1)
    *n += (size_t)sprintf(out + *n, "\"%s\"", names[2]);   /* loosely */
  else if (pick == 2)
    *n += (size_t)sprintf(out + *n, "\"\\u%04x%s\"", (unsigned char)names[0][0],
                          names[0] + 1);   /* escaped */
  else if (pick == 3)
    *n += (size_t)sprintf(out + *n, "\"%s \"", names[0]);   /* unknown */
  else
    *n += (size_t)sprintf(out + *n, "\"%s\"", names[0]);
}

static void put_json_value(char *out, size_t *n, unsigned *seed, int field) {
  int pick = rand_r(seed) % 60;
  if (pick == 0) {
    *n += (size_t)sprintf(out + *n, "%s",
                          JSON_VALUES[(unsigned)rand_r(seed) %
                                      (sizeof JSON_VALUES / sizeof JSON_VALUES[0])]);
  } else if (pick == 1 && rand_r(seed) % 2) {
    *n += (size_t)sprintf(out + *n, "%s", random_cell(seed, field));   /* bare */
  } else {
    const char *cell = random_cell(seed, field);
    if (strcmp(cell, "a") == 0)
      cell = "a\\u0000b";   /* a NUL, escaped */
    *n += (size_t)sprintf(out + *n, "\"%s\"", cell);
  }
}

/* One random line of an object (then its line end) at out + *n. */
static void put_json_line(char *out, size_t *n, unsigned *seed) {
  static const char *const commas[] = {",", ", ", " ,\t", ","};
  static const char *const colons[] = {":", ": ", " : ", ":"};
  int order[9];
  for (int f = 0; f < 9; f++)
    order[f] = f;
  if (rand_r(seed) % 8 == 0) {   /* two members swapped */
    int a = rand_r(seed) % 9, b = rand_r(seed) % 9, t = order[a];
    order[a] = order[b], order[b] = t;
  }
  int members = rand_r(seed) % 10 == 0 ? rand_r(seed) % 10 : 9;
  size_t start = *n;
  *n += (size_t)sprintf(out + *n, "%s{", rand_r(seed) % 16 ? "" : " ");
  for (int m = 0; m < members; m++) {
    int field = order[m];
    if (m > 0 && rand_r(seed) % 150 == 0)
      field = order[rand_r(seed) % m];   /* a key twice */
    *n += (size_t)sprintf(out + *n, "%s", m ? commas[rand_r(seed) % 4] : "");
    put_json_key(out, n, seed, field);
    *n += (size_t)sprintf(out + *n, "%s", colons[rand_r(seed) % 4]);
    put_json_value(out, n, seed, field);
  }
  *n += (size_t)sprintf(out + *n, "}%s", rand_r(seed) % 16 ? "" : " \t");
  if (rand_r(seed) % 20 == 0 && *n > start) {   /* damage: a byte changed */
    static const char damage[] = ",:{}[]\"\\ x0\t";
    out[start + (size_t)rand_r(seed) % (*n - start)] =
        damage[(unsigned)rand_r(seed) % (sizeof damage - 1)];
  }
  *n += (size_t)sprintf(out + *n, "%s", rand_r(seed) % 10 ? "\n" : "\r\n");
}

static void test_issue15_jsonl_one_pass_agrees_with_general(void **state) {
  (void)state;
  static char jsonl[64 * 1024];
  unsigned seed = 20261130;
  int rows = 0, rejected = 0;
  for (int file = 0; file < 400; file++) {
    size_t n = 0;
    for (int r = 0; r < 60; r++)
      put_json_line(jsonl, &n, &seed);
    write_file("t.jsonl", jsonl, n);
    paths_agree_on("t.jsonl", &SCHEMA, &rows, &rejected);
  }
  assert_true(rows > 400 * 12 && rejected > 400 * 12);   /* plenty of each */
}

/* issue 15: lines that take the one pass off its usual road, each read
 * the same by both paths: the same key written another way or at another
 * place, a column named twice (by name and label, or with null), a key
 * bound loosely, escapes in keys and in typed cells, exponents, true/false
 * in a column of another kind, blanks around everything. */
static void test_issue15_jsonl_unusual_lines(void **state) {
  (void)state;
  const char *jsonl =
      "{\"id\": \"a\", \"revenue\": \"12.50\", \"rate\": \"112.18%\", \"ok\": \"true\"}\n"
      "{\"id\":\"b\",\"revenue\":\"12\\u002e5\",\"rate\":0.15,\"ok\":false}\n"
      "{ \"rate\" : \"15%\" , \"id\" : \"c\" , \"revenue\" : 1e3 }\n"
      "{\"id\": \"d\", \"收入\": \"7\", \"revenue\": \"8\"}\n"
      "{\"id\": \"e\", \"revenue\": null, \"revenue\": \"9\"}\n"
      "{\"id\": \"f\", \"Revenue\": \"10\", \"rate\": \"1%\"}\n"
      "{\"\\u0069d\": \"g\", \"name\": \"\\u4e2d\\ud83d\\ude00\", \"since\": \"2024\\u002d06-01\"}\n"
      "{\"id\": \"h\", \"ok\": true, \"name\": true}\n"
      "{\"id\": \"i\", \"revenue\": \"12.50\" , \"rate\": \"0.15\"}\t\n"
      "{\"id\": \"j\", \"revenue\": \"12.5\\\"\"}\n"
      "{\"id\": \"k\", \"staff\": 3, \"factor\": -1.5, \"x\": {\"revenue\": 1e3}}\n";
  static char one_pass[8192], general[8192];
  read_text("t.jsonl", jsonl);
  summarize(one_pass, sizeof one_pass);
  assert_string_equal(run.errors,
      "t.jsonl:3: column revenue: cannot read \"1e3\" as money\n"
      "t.jsonl:4: columns `revenue` and `收入` both give input revenue (by its name and "
      "by its label): keep one of them\n"
      "t.jsonl:5: column revenue appears twice\n"
      "t.jsonl:8: column name: cannot read \"true\" as text\n"
      "t.jsonl:10: column revenue: cannot read \"12.5\"\" as money\n"
      "t.jsonl: warning: key \"Revenue\" read as input revenue\n");
  assert_int_equal(run.rows, 6);
  assert_int_equal(run.ints[0][C_RATE], 1121800);
  assert_int_equal(run.ints[1][C_REVENUE], 1250);   /* "12\u002e5" */
  assert_int_equal(run.ints[1][C_OK], 0);
  assert_int_equal(run.ints[2][C_REVENUE], 1000);   /* loosely, "Revenue" */
  assert_string_equal(run.text[3][C_ID], "g");
  assert_string_equal(run.text[3][C_NAME], "中\xF0\x9F\x98\x80");
  assert_int_equal(run.ints[3][C_SINCE], ymd(2024, 6, 1));
  assert_int_equal(run.ints[5][C_STAFF], 3);
  assert_int_equal(run.ints[5][C_FACTOR], -1500000);
  write_file("t.jsonl", jsonl, strlen(jsonl));
  read_file_by("t.jsonl", &SCHEMA, true);
  unlink("t.jsonl");
  summarize(general, sizeof general);
  assert_string_equal(one_pass, general);
}

/* Issue 13: every format of the table is complete (a byte-record format
 * has the four functions the threads call, any other has none of them),
 * and the last one claims every path, so that registry_open always finds
 * a reader. */
static void test_issue13_format_table(void **state) {
  (void)state;
  int n = 0;
  for (; registry_formats[n]; n++) {
    const RegistryFormat *f = registry_formats[n];
    assert_non_null(f->name);
    assert_true(f->claims && f->open && f->next_row && f->close);
    bool threads = f->next_record && f->worker_new && f->worker_free && f->parse_record;
    bool none = !f->next_record && !f->worker_new && !f->worker_free && !f->parse_record;
    assert_true(f->byte_records ? threads : none);
  }
  assert_true(n >= 2);
  const RegistryFormat *last = registry_formats[n - 1];
  assert_true(last->claims("-") && last->claims("registry.csv") && last->claims("x"));
  assert_string_equal(last->name, "CSV");
  for (int i = 0; i < n - 1; i++)
    assert_false(registry_formats[i]->claims("registry.csv"));
  int jsonl = 0;
  for (int i = 0; i < n - 1; i++)
    jsonl += registry_formats[i]->claims("A.JSONL") && registry_formats[i]->claims("b.ndjson");
  assert_int_equal(jsonl, 1);
}

/* The scan that tells UTF-8 from GB18030 runs in parts on two cores for a
 * large file (make bench found it a serial tenth of a two-thread run):
 * any split must count what one pass counts, whatever bytes lie at it. */
static void test_issue15_encoding_scan_in_parts(void **state) {
  (void)state;
  static const unsigned char pieces[][4] = {
      {'a'}, {0xE4, 0xB8, 0xAD}, {0xC2, 0xA9}, {0xF0, 0x9F, 0x98, 0x80}, {0x80}, {0xBF},
      {0xE4, 0xB8}, {0xF0, 0x9F}, {0xC0}, {0xFF}, {0xD6, 0xD0}, {0xED, 0xA0, 0x80}};
  static const int lens[] = {1, 3, 2, 4, 1, 1, 2, 2, 1, 1, 2, 3};
  unsigned seed = 15;
  for (int file = 0; file < 300; file++) {
    FILE *fp = tmpfile();
    assert_non_null(fp);
    int n = (int)(rand_r(&seed) % 200);
    for (int k = 0; k < n; k++) {
      int piece = (int)(rand_r(&seed) % 12);
      fwrite(pieces[piece], 1, (size_t)lens[piece], fp);
    }
    fflush(fp);
    long long valid1, invalid1;
    assert_true(encoding_count_utf8_file(fileno(fp), 1, &valid1, &invalid1));
    for (int parts = 2; parts <= 8; parts++) {
      long long valid, invalid;
      assert_true(encoding_count_utf8_file(fileno(fp), parts, &valid, &invalid));
      assert_int_equal(valid, valid1);
      assert_int_equal(invalid, invalid1);
    }
    fclose(fp);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, reset_limits)
      T(test_csv_basic),
      T(test_csv_quotes),
      T(test_csv_multiline),
      T(test_csv_crlf),
      T(test_csv_bom_and_last_line),
      T(test_csv_blank_lines),
      T(test_csv_ragged),
      T(test_csv_header_problems),
      T(test_csv_required_without_label),
      T(test_csv_header_only_and_empty),
      T(test_csv_unknown_and_defaults),
      T(test_csv_required_value),
      T(test_csv_bad_cells),
      T(test_csv_long_bad_value),
      T(test_csv_unclosed_quote),
      T(test_csv_record_larger_than_block),
      T(test_csv_record_too_long),
      T(test_csv_limit_is_exact),
      T(test_csv_limit_in_megabytes),
      T(test_issue12_endless_record_cut),
      T(test_csv_any_block_size),
      T(test_csv_one_pass_agrees_with_general),
      T(test_issue15_rows_reset_what_changed),
      T(test_issue11_paths_agree_on_cr),
      T(test_issue11_cr_only_csv),
      T(test_issue11_header_case),
      T(test_csv_long_canonical_number),
      T(test_csv_memory_bounded),
      T(test_open_errors),
      T(test_stdin),
      T(test_jsonl_basic),
      T(test_issue11_jsonl_key_case),
      T(test_jsonl_escapes),
      T(test_jsonl_null_and_missing),
      T(test_jsonl_not_objects),
      T(test_jsonl_invalid),
      T(test_jsonl_nested_and_bools),
      T(test_jsonl_numbers),
      T(test_jsonl_blank_lines_and_bom),
      T(test_jsonl_long_line),
      T(test_jsonl_any_block_size),
      T(test_issue15_jsonl_one_pass_agrees_with_general),
      T(test_issue15_jsonl_unusual_lines),
      T(test_issue15_encoding_scan_in_parts),
      T(test_issue13_format_table),
#undef T
  };
  int failed = cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
  free(run.errors);
  set_limits(0, 0);
  return failed;
}
