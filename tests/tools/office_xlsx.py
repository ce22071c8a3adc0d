#!/usr/bin/python3
"""office_xlsx.py IN.csv OUT.xlsx [--date1904] [--labels LABELS.csv]

Writes the CSV registry IN.csv as an Excel workbook the way an office's
spreadsheet holds it, with Debian's python3-openpyxl: numbers as number
cells, YYYY-MM-DD as date cells, true/false as boolean cells, every third
number as a formula (=VALUE*1) with its result stored, as Excel stores it,
and text in the shared strings table (openpyxl writes inline strings; the
workbook is rewritten so that both kinds are read).  The registry is the
first sheet, "申报"; a second sheet "说明" holds a note.
"""
import csv
import datetime
import re
import sys
import zipfile

import openpyxl

NUMBER = re.compile(r'^-?\d+(\.\d+)?$')
DATE = re.compile(r'^(\d{4})-(\d{2})-(\d{2})$')


def typed(text, column, row_index):
    """The cell value openpyxl writes for a CSV field, and whether it is a formula."""
    if column == 0 or text == '':
        return (text if text else None), False
    if text in ('true', 'false'):
        return text == 'true', False
    m = DATE.match(text)
    if m:
        return datetime.date(int(m[1]), int(m[2]), int(m[3])), False
    if NUMBER.match(text):
        value = int(text) if '.' not in text else float(text)
        if row_index % 3 == 0:
            return '=%s*1' % text, True
        return value, False
    return text, False


def write(src, dst, date1904):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '申报'
    if date1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    results = {}
    with open(src, newline='', encoding='utf-8') as f:
        for r, row in enumerate(csv.reader(f), start=1):
            for c, text in enumerate(row, start=1):
                value, formula = typed(text, c - 1, r) if r > 1 else (text, False)
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, datetime.date):
                    cell.number_format = 'yyyy-mm-dd'
                if formula:
                    results[cell.coordinate] = text
    wb.create_sheet('说明')['A1'] = '本表由 office_xlsx.py 生成'
    wb.save(dst)
    rewrite(dst, results)


def rewrite(path, results):
    """Stores each formula's result and moves inline strings to sharedStrings.xml."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts['xl/worksheets/sheet1.xml'].decode('utf-8')
    sheet = re.sub(r'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f><v\s*/?>(</v>)?',
                   lambda m: '<c r="%s"%s><f>%s</f><v>%s</v>' % (
                       m[1], m[2], m[3], results.get(m[1], '')), sheet)
    strings = []

    def shared(m):
        strings.append(m[3])
        return '<c r="%s"%s t="s"><v>%d</v></c>' % (m[1], m[2], len(strings) - 1)
    sheet = re.sub(r'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"><is><t[^>]*>([^<]*)</t></is></c>',
                   shared, sheet)
    parts['xl/worksheets/sheet1.xml'] = sheet.encode('utf-8')
    sst = ''.join('<si><t xml:space="preserve">%s</t></si>' % s for s in strings)
    parts['xl/sharedStrings.xml'] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="%d" uniqueCount="%d">%s</sst>' % (len(strings), len(strings), sst)).encode('utf-8')
    rels = parts['xl/_rels/workbook.xml.rels'].decode('utf-8')
    rels = rels.replace('</Relationships>',
                        '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/sharedStrings" '
                        'Target="sharedStrings.xml"/></Relationships>')
    parts['xl/_rels/workbook.xml.rels'] = rels.encode('utf-8')
    types = parts['[Content_Types].xml'].decode('utf-8')
    types = types.replace('</Types>',
                          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                          '</Types>')
    parts['[Content_Types].xml'] = types.encode('utf-8')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


if __name__ == '__main__':
    args = sys.argv[1:]
    write(args[0], args[1], '--date1904' in args)
