#!/bin/sh
# test_issue16_rejects_xlsx.sh POLC SOURCE_DIR - issue 16, point 7: an .xlsx
# registry's --rejects is a workbook: the sheet's header, and each rejected
# row's cells as they were (strings, numbers, dates shown as dates, a date
# with a time, booleans) with a `reason` column, the header frozen; exactly
# the rejected rows when an id repeats.  Read back outside polc (openpyxl);
# the data owner deletes `reason`, fixes the cells, and polc reads the file
# as a registry.  `--rejects FILE.csv` gives the cells' text as polc read
# them, `.sqlite` a table; FILE may not be the registry (even by another
# name), and no temporary file is left.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"
need_openpyxl
cd "$src/tests/golden/eval/forms" || exit 1
run() { "$polc" eval forms.pol --as-of 2024-06-01 --format csv "$@"; }

"$py" - "$tmp/reg.xlsx" <<'PY' || fail "openpyxl could not write the registry"
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "申报"
ws.append(["id", "name", "district", "credit_good", "headcount", "compute_spend",
           "application_date", "paid_in_capital"])
rows = [
    ["A01", "企业甲", "徐汇", True, 150, 30000000, datetime.date(2024, 3, 1), 20000000],
    ["B02", "企业乙", "徐汇", "maybe", 10, 1234567.5, datetime.date(2024, 3, 2), 5000000],
    ["D04", "企业丁", "徐汇", True, 20, 100, datetime.date(2024, 3, 4), 100],
    ["D04", "企业丁二", "徐汇", False, "many", 200, datetime.date(2024, 3, 5), 200],
    ["E05", "企业戊", "徐汇", True, 5, 300, datetime.datetime(2024, 3, 6, 12, 0), 300],
]
for r in rows:
    ws.append(r)
for r in range(2, 7):
    ws.cell(row=r, column=7).number_format = "yyyy-mm-dd" if r != 6 else "yyyy-mm-dd hh:mm"
wb.save(sys.argv[1])
PY

expect_status 1 "an .xlsx registry with bad rows" run --registry "$tmp/reg.xlsx" --rejects "$tmp/bad.xlsx"
[ "$(grep -c . "$tmp/out")" -eq 3 ] || fail "not the header and two good rows"
ls "$tmp" | grep -q 'bad.xlsx.' && fail "a temporary file was left beside the rejects"

"$py" - "$tmp/bad.xlsx" > "$tmp/back.txt" <<'PY' || fail "openpyxl could not read the rejects"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
print("sheet", ws.title, "frozen", ws.freeze_panes, "rows", ws.max_row)
for row in ws.iter_rows():
    print(" | ".join("%s:%r%s" % (type(c.value).__name__, c.value,
                                  " fmt=" + c.number_format if c.is_date else "") for c in row))
PY
cat > "$tmp/want.txt" <<'EOF2'
sheet 申报 frozen A2 rows 4
str:'id' | str:'name' | str:'district' | str:'credit_good' | str:'headcount' | str:'compute_spend' | str:'application_date' | str:'paid_in_capital' | str:'reason'
str:'B02' | str:'企业乙' | str:'徐汇' | str:'maybe' | int:10 | float:1234567.5 | datetime:datetime.datetime(2024, 3, 2, 0, 0) fmt=yyyy-mm-dd | int:5000000 | str:'column credit_good: cannot read "maybe" as bool'
str:'D04' | str:'企业丁二' | str:'徐汇' | bool:False | str:'many' | int:200 | datetime:datetime.datetime(2024, 3, 5, 0, 0) fmt=yyyy-mm-dd | int:200 | str:'column headcount: cannot read "many" as count'
str:'E05' | str:'企业戊' | str:'徐汇' | bool:True | int:5 | int:300 | datetime:datetime.datetime(2024, 3, 6, 12, 0) fmt=yyyy-mm-dd hh:mm:ss | int:300 | str:'column application_date: the date cell also holds a time of day; polc reads dates only (format the cell as a date, or use =INT(...))'
EOF2
diff "$tmp/want.txt" "$tmp/back.txt" > "$tmp/diff" || { fail "the rejects workbook is not the rejected rows as they were"; cat "$tmp/diff"; }

# the data owner deletes `reason`, fixes the cells and sends the file again
"$py" - "$tmp/bad.xlsx" "$tmp/fixed.xlsx" <<'PY' || fail "openpyxl could not fix the rejects"
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
ws.delete_cols(9)
ws["D2"] = True
ws["E3"] = 12
ws["G4"] = datetime.date(2024, 3, 6)
ws["G4"].number_format = "yyyy-mm-dd"
wb.save(sys.argv[2])
PY
expect_status 0 "the fixed rejects, read as a registry" run --registry "$tmp/fixed.xlsx"
[ "$(grep -c . "$tmp/out")" -eq 4 ] || fail "the fixed rejects: not three rows of results"
expect_grep "$tmp/out" "^D04," "the fixed rejects: the repeated id's rejected row"
[ -s "$tmp/err" ] && fail "the fixed rejects gave messages"

# FILE's extension chooses the form: a CSV of the cells' text as polc read them
expect_status 1 "--rejects FILE.csv of a workbook" run --registry "$tmp/reg.xlsx" --rejects "$tmp/bad.csv"
cat > "$tmp/want.csv" <<'EOF2'
id,name,district,credit_good,headcount,compute_spend,application_date,paid_in_capital,reason
B02,企业乙,徐汇,maybe,10,1234567.5,2024-03-02,5000000,"column credit_good: cannot read ""maybe"" as bool"
D04,企业丁二,徐汇,false,many,200,2024-03-05,200,"column headcount: cannot read ""many"" as count"
E05,企业戊,徐汇,true,5,300,45357.5,300,"column application_date: the date cell also holds a time of day; polc reads dates only (format the cell as a date, or use =INT(...))"
EOF2
cmp -s "$tmp/want.csv" "$tmp/bad.csv" || { fail "the CSV of a workbook's rejects"; diff "$tmp/want.csv" "$tmp/bad.csv"; }
# ... and a SQLite table of the cells' values
expect_status 1 "--rejects FILE.sqlite of a workbook" run --registry "$tmp/reg.xlsx" --rejects "$tmp/bad.sqlite"
[ "$(sqlite3 "$tmp/bad.sqlite" "SELECT id, typeof(headcount), compute_spend, application_date FROM 申报 ORDER BY rowid" | tr '\n' ' ')" = \
  "B02|integer|1234567.5|2024-03-02 D04|text|200|2024-03-05 E05|integer|300|45357.5 " ] ||
  fail "the SQLite table of a workbook's rejects"

# not the registry, even by another name; not JSON Lines for a workbook's rows
ln "$tmp/reg.xlsx" "$tmp/same.xlsx"
cp "$tmp/reg.xlsx" "$tmp/reg.before"
expect_status 2 "--rejects onto the registry by a hard link" run --registry "$tmp/reg.xlsx" --rejects "$tmp/same.xlsx"
expect_grep "$tmp/err" "is the registry this run reads" "the registry by another name is refused"
cmp -s "$tmp/reg.xlsx" "$tmp/reg.before" || fail "the registry was changed"
expect_status 2 "--rejects FILE.jsonl of a workbook" run --registry "$tmp/reg.xlsx" --rejects "$tmp/bad.jsonl"
expect_grep "$tmp/err" "not as JSON Lines" "JSON Lines for a workbook's rows is refused"

[ "$failures" -eq 0 ] || exit 1
echo "issue16_rejects_xlsx: ok"
