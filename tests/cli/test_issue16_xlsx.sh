#!/bin/sh
# test_issue16_xlsx.sh POLC SOURCE_DIR - Excel workbooks (issue 16): a
# registry written by python3-openpyxl (number, date, boolean and formula
# cells, shared strings) gives the same figures as its CSV twin, in both
# date systems and under both engines; -o FILE.xlsx read back by openpyxl
# equals the CSV output; damaged and mislabelled workbooks, a sheet cut
# short and a missing sheet are each said once (exit 2) and leave the old
# output; polc template's files are read back as they are.
set -u
polc=$1
src=$2
. "$(dirname "$0")/lib.sh"
need_openpyxl
forms="$src/tests/golden/eval/forms"
cd "$tmp" || exit 1
policies="$src/policies/xuhui-ai-2022.pol $src/policies/xuhui-llm-2023.pol $src/policies/lingang-ai-2020.pol $src/policies/putuo-software-2024.pol"

# --- the CSV twin: the same figures, both engines, both date systems
for registry in "$src/examples/registry.csv" "$forms/registry.csv"; do
  case $registry in */forms/*) set -- "$forms/forms.pol" "$forms/rival.pol" ;;
                    *) set -- $policies ;; esac
  for system in 1900 1904; do
    flag=; [ $system = 1904 ] && flag=--date1904
    "$py" "$src/tests/tools/office_xlsx.py" "$registry" office.xlsx $flag ||
      fail "office_xlsx.py could not write the workbook"
    for engine in interp jit; do
      "$polc" eval "$@" --registry "$registry" --as-of 2024-06-01 --engine $engine \
        --format csv > twin.csv 2> twin.err
      status_csv=$?
      "$polc" eval "$@" --registry office.xlsx --as-of 2024-06-01 --engine $engine \
        --format csv > office.csv 2> office.err
      status_xlsx=$?
      [ -s office.csv ] || fail "$registry ($system, $engine): no output from the workbook"
      cmp -s twin.csv office.csv ||
        fail "$registry ($system, $engine): the workbook's figures differ from the CSV's:
$(diff twin.csv office.csv | head -10)"
      [ "$status_csv" = "$status_xlsx" ] ||
        fail "$registry ($system): exit $status_xlsx, the CSV's $status_csv"
      sed 's/^[^:]*:/R:/' twin.err > a; sed 's/^[^:]*:/R:/' office.err > b
      cmp -s a b || fail "$registry ($system, $engine): messages differ:
$(diff a b | head -10)"
    done
  done
done
unzip -p office.xlsx xl/worksheets/sheet1.xml | grep -q '<f>' ||
  fail "the office workbook holds no formula: the test proves less than it says"
unzip -p office.xlsx xl/worksheets/sheet1.xml | grep -q 't="s"' ||
  fail "the office workbook holds no shared string"

# --- --sheet: the default is the first; another is chosen by name
expect_status 1 "--sheet 说明 (no id column)" "$polc" eval "$forms/forms.pol" \
  --registry office.xlsx --sheet 说明 --as-of 2024-06-01
expect_grep "$tmp/err" "no column \`id\`" "--sheet 说明 reads the second sheet"
expect_status 2 "--sheet of no sheet" "$polc" eval "$forms/forms.pol" \
  --registry office.xlsx --sheet 附表 --as-of 2024-06-01
expect_grep "$tmp/err" 'has no sheet "附表"; its sheets are "申报", "说明"' "the sheets listed"

expect_status 2 "--sheet with a CSV registry" "$polc" eval "$forms/forms.pol" \
  --registry "$forms/registry.csv" --sheet 申报 --as-of 2024-06-01
expect_grep "$tmp/err" "sheet of an .xlsx registry" "--sheet with a CSV registry refused"

# --- -o FILE.xlsx read back outside polc equals the CSV output
bad="$src/tests/golden/eval/bad_rows/registry.csv"   # rows rejected too
"$polc" eval "$forms/forms.pol" "$forms/rival.pol" --registry "$bad" \
  --as-of 2024-06-01 --format csv > want.csv 2>/dev/null
"$polc" eval "$forms/forms.pol" "$forms/rival.pol" --registry "$bad" \
  --as-of 2024-06-01 -o out.xlsx 2> out.err
[ -f out.xlsx ] || fail "-o out.xlsx wrote nothing"
"$py" - > got.txt <<'PY'
import openpyxl, csv, sys
wb = openpyxl.load_workbook('out.xlsx')
print(','.join(wb.sheetnames))
ws = wb['结果']
rows = list(ws.iter_rows(values_only=True))
w = csv.writer(sys.stdout, lineterminator='\n')
w.writerow(rows[0])
for r in rows[2:]:
    w.writerow([r[0]] + ['%.2f' % v for v in r[1:]])
print('labels', rows[1][0], rows[1][1], 'frozen', ws.freeze_panes, 'filter', ws.auto_filter.ref)
print('format', ws.cell(3, 2).number_format)
print('rejected', [list(r) for r in wb['退回'].iter_rows(min_row=2, values_only=True)])
PY
head -1 got.txt | grep -q '^结果,汇总,退回$' || fail "the workbook's sheets: $(head -1 got.txt)"
sed -n '2,$p' got.txt | grep -v '^labels\|^format\|^rejected' > got.csv
cmp -s want.csv got.csv || fail "-o x.xlsx read back differs from the CSV output:
$(diff want.csv got.csv | head -10)"
grep -q '^labels 统一社会信用代码或申请编号 合计 frozen B3 filter A2:' got.txt ||
  fail "the label row, frozen header or filter: $(grep '^labels' got.txt)"
grep -q '^format 0.00$' got.txt || fail "amounts not shown 0.00: $(grep '^format' got.txt)"
grep -q "^rejected \[\[3, 'column credit_good: cannot read \"maybe\" as bool'\]" got.txt ||
  fail "the rejected rows' sheet: $(grep '^rejected' got.txt)"

# --- an amount Excel cannot hold to the fen: refused, no workbook, the old one kept
cat > big.pol <<'POL'
policy big "大额"
  document "测试"
  effective 2020-01-01 to 2030-12-31

import enterprise

rule all "第一条"
  award 100% of compute_spend
POL
printf 'id,compute_spend\nB1,1000\nB2,99999999999999.99\n' > big.csv
echo old > big.xlsx
expect_status 1 "an amount past 2^53 fen" "$polc" eval big.pol --registry big.csv \
  --as-of 2024-01-01 -o big.xlsx
expect_grep "$tmp/err" "applicant B2: 99999999999999.99 yuan is too large for an Excel number" \
  "the amount refused"
[ "$(cat big.xlsx)" = old ] || fail "a refused workbook replaced the old file"

# --- whole-file problems: said once, exit 2, the old output kept
echo "old" > keep.csv
printf 'id,name\nA,b\n' > csv-named.xlsx
head -c 2000 office.xlsx > cut.xlsx
printf '\320\317\021\340old excel' > old.xlsx
"$py" - <<'PY'
import zipfile
z = zipfile.ZipFile('office.xlsx'); parts = {n: z.read(n) for n in z.namelist()}
s = parts['xl/worksheets/sheet1.xml']; parts['xl/worksheets/sheet1.xml'] = s[:len(s) // 2]
with zipfile.ZipFile('short.xlsx', 'w') as o:
    for n, d in parts.items(): o.writestr(n, d)
del parts['xl/workbook.xml']
with zipfile.ZipFile('noworkbook.xlsx', 'w') as o:
    for n, d in parts.items(): o.writestr(n, d)
PY
for case in "csv-named:not a zip archive" "cut:damaged (its zip archive is cut short" \
            "old:old .xls" "short:its sheet's XML is cut short" \
            "noworkbook:has no xl/workbook.xml"; do
  name=${case%%:*}; said=${case#*:}
  expect_status 2 "$name.xlsx" "$polc" eval "$forms/forms.pol" --registry "$name.xlsx" \
    --as-of 2024-06-01 -o keep.csv
  expect_grep "$tmp/err" "$said" "$name.xlsx's message"
  [ "$(grep -c . "$tmp/err")" = 1 ] || fail "$name.xlsx: said more than once:
$(cat "$tmp/err")"
  [ "$(cat keep.csv)" = old ] || fail "$name.xlsx: the old output was replaced"
done

# --- polc template: read back as it is, in both forms
for form in csv xlsx; do
  expect_status 0 "template -o t.$form" "$polc" template "$forms/forms.pol" -o "t.$form"
  expect_status 0 "the empty template t.$form read back" "$polc" eval "$forms/forms.pol" \
    --registry "t.$form" --as-of 2024-06-01 --format csv
  [ "$(cat "$tmp/out")" = "$(head -1 "$forms/expected.csv" | cut -d, -f1-13)" ] ||
    fail "t.$form: not an empty result: $(cat "$tmp/out")"
done
sed -n 2p t.csv | grep -q '统一社会信用代码或申请编号' || fail "t.csv has no label row"
# a filled template: its label row is skipped, its rows are read
"$py" - <<'PY'
import openpyxl, datetime
wb = openpyxl.load_workbook('t.xlsx'); ws = wb.active
names = [c.value for c in ws[1]]
row = {'id': 'T01', 'district': '徐汇', 'paid_in_capital': 20000000, 'newly_settled': True,
       'application_date': datetime.date(2024, 5, 6)}
for i, n in enumerate(names, start=1):
    if n in row:
        ws.cell(row=3, column=i, value=row[n])
wb.save('filled.xlsx')
PY
"$py" -c "
import openpyxl
c = openpyxl.load_workbook('t.xlsx').active['A1'].comment
print(c.text if c else '')" > comment.txt
grep -q 'type: text' comment.txt || fail "t.xlsx: no comment on the id column: $(cat comment.txt)"
expect_status 0 "a filled template" "$polc" eval "$forms/forms.pol" --registry filled.xlsx \
  --as-of 2024-06-01 --format csv
expect_grep "$tmp/out" '^T01,' "the filled template's row"
[ "$(grep -c . "$tmp/out")" = 2 ] || fail "the label row was read as a row: $(cat "$tmp/out")"
expect_status 0 "polc inputs --format json" "$polc" inputs "$forms/forms.pol" --format json
expect_grep "$tmp/out" '"name": "paid_in_capital", "label": "实缴资本", "type": "money"' \
  "polc inputs lists paid_in_capital"

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "ok"
