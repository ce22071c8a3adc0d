#!/usr/bin/python3
"""csv_to_xlsx.py IN.csv OUT.xlsx - a large CSV registry as an .xlsx
workbook, streamed (openpyxl would take minutes for a million rows): text
in the shared strings table as Excel writes it, plain numbers as number
cells, YYYY-MM-DD as date cells (serials with a date style), true/false as
boolean cells.  For bench/xlsx.sh."""
import csv
import datetime
import re
import sys
import zipfile
from xml.sax.saxutils import escape

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
NUMBER = re.compile(r'^-?\d+(\.\d+)?$')
DATE = re.compile(r'^(\d{4})-(\d{2})-(\d{2})$')
EPOCH = datetime.date(1899, 12, 30)


def column(i):
    name = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def main(src, dst):
    strings, index = [], {}
    with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as out, \
                open(src, newline='', encoding='utf-8') as f:
            out.write(('<worksheet %s><sheetData>' % NS).encode())
            cols = None
            for r, row in enumerate(csv.reader(f), start=1):
                cols = cols or [column(i) for i in range(len(row))]
                cells = []
                for c, text in enumerate(row):
                    ref = '%s%d' % (cols[c], r)
                    if text == '':
                        continue
                    if r > 1 and c > 0 and NUMBER.match(text):
                        cells.append('<c r="%s"><v>%s</v></c>' % (ref, text))
                    elif r > 1 and text in ('true', 'false'):
                        cells.append('<c r="%s" t="b"><v>%d</v></c>' % (ref, text == 'true'))
                    elif r > 1 and DATE.match(text):
                        d = datetime.date(*map(int, text.split('-')))
                        cells.append('<c r="%s" s="1"><v>%d</v></c>' % (ref, (d - EPOCH).days))
                    else:
                        if text not in index:
                            index[text] = len(strings)
                            strings.append(text)
                        cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, index[text]))
                out.write(('<row r="%d">%s</row>' % (r, ''.join(cells))).encode())
            out.write(b'</sheetData></worksheet>')
        with z.open('xl/sharedStrings.xml', 'w', force_zip64=True) as out:
            out.write(('<sst %s count="%d" uniqueCount="%d">' % (NS, len(strings),
                                                                len(strings))).encode())
            for s in strings:
                out.write(('<si><t>%s</t></si>' % escape(s)).encode())
            out.write(b'</sst>')
        z.writestr('xl/styles.xml', '<styleSheet %s><cellXfs count="2"><xf numFmtId="0"/>'
                   '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>' % NS)
        z.writestr('xl/workbook.xml', '<workbook %s xmlns:r="%s"><sheets><sheet name="申报" '
                   'sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, R))
        z.writestr('xl/_rels/workbook.xml.rels',
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="%s/worksheet" '
                   'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
                   'Type="%s/sharedStrings" Target="sharedStrings.xml"/><Relationship '
                   'Id="rId3" Type="%s/styles" Target="styles.xml"/></Relationships>' % (R, R, R))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
