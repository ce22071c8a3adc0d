#!/usr/bin/python3
"""make_registry.py - writes registry.xlsx, this golden's workbook, by hand
(raw SpreadsheetML, so that every cell form is exactly as Excel writes it):
the header on row 2 under an empty row 1; shared and inline strings,
booleans, numbers (one in Excel's exponent form), date cells (style 1,
yyyy-mm-dd), an empty row of styled cells, a cell that skips columns, and
the cells polc refuses: a money formula whose result is not whole fen
(1666.6666666666667), an error cell, a formula with no stored result, a
date with a time of day, 0.1+0.2 stored as 0.30000000000000004.
Run it again only to change the workbook; the test reads the committed file.
"""
import zipfile

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
HEADER = ['id', 'name', 'district', 'credit_good', 'headcount', 'compute_spend',
          'annual_revenue', 'newly_settled', 'paid_in_capital', 'application_date']
strings = []


def s(text):
    if text not in strings:
        strings.append(text)
    return '<c r="{ref}" t="s"><v>%d</v></c>' % strings.index(text)


def col(i):
    return chr(ord('A') + i)


def row(r, cells):
    out = ''
    for i, c in cells:
        out += c.replace('{ref}', '%s%d' % (col(i), r))
    return '<row r="%d">%s</row>' % (r, out)


def n(v, style=0):
    return '<c r="{ref}"%s><v>%s</v></c>' % (' s="%d"' % style if style else '', v)


def b(v):
    return '<c r="{ref}" t="b"><v>%d</v></c>' % v


def inline(text):
    return '<c r="{ref}" t="inlineStr"><is><t>%s</t></is></c>' % text


rows = [
    row(2, [(i, s(h)) for i, h in enumerate(HEADER)]),
    row(3, [(0, s('X01')), (1, s('共享字符串企业')), (2, s('徐汇')), (3, b(1)), (4, n(150)),
            (5, n(30000000)), (6, n('1.2E+9')), (7, b(1)), (8, n(33333300)),
            (9, n(45444, 1))]),
    row(4, [(0, '<c r="{ref}" s="1"/>'), (1, '<c r="{ref}" s="1"/>')]),
    row(5, [(0, inline('X02')), (1, inline('公式企业')), (2, inline('徐汇')), (3, b(1)),
            (8, '<c r="{ref}"><f>5000/3</f><v>1666.6666666666667</v></c>')]),
    row(6, [(0, s('X03')), (3, b(0)), (5, n('1000.5')), (9, n(45292, 1))]),
    row(7, [(0, s('X04')), (2, s('徐汇')), (6, '<c r="{ref}" t="e"><v>#DIV/0!</v></c>')]),
    row(8, [(0, s('X05')), (2, s('徐汇')), (5, '<c r="{ref}"><f>B2*2</f><v></v></c>')]),
    row(9, [(0, s('X06')), (9, n('45444.5', 1))]),
    row(10, [(0, s('X07')), (1, '<c r="{ref}" t="str"><f>"文本"&amp;"公式"</f><v>文本公式</v></c>'),
             (2, s('徐汇')), (3, b(1)), (4, n(99)), (5, s('3000万')), (7, b(0))]),
    row(11, [(0, s('X08')), (5, n('0.30000000000000004'))]),
]
sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s>'
         '<sheetData>%s</sheetData></worksheet>' % (NS, ''.join(rows)))
sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst %s count="%d" '
       'uniqueCount="%d">%s</sst>' % (NS, len(strings), len(strings),
                                      ''.join('<si><t>%s</t></si>' % t for t in strings)))
styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet %s>'
          '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
          '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
          '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
          '</cellXfs></styleSheet>' % NS)
workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook %s '
            'xmlns:r="%s"><workbookPr/><sheets><sheet name="申报" sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>' % (NS, R))
rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId3" Type="%s/styles" Target="styles.xml"/>'
        '</Relationships>' % (R, R, R))
with zipfile.ZipFile('registry.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in [('xl/workbook.xml', workbook), ('xl/_rels/workbook.xml.rels', rels),
                       ('xl/worksheets/sheet1.xml', sheet), ('xl/sharedStrings.xml', sst),
                       ('xl/styles.xml', styles)]:
        info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
