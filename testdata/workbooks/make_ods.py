#!/usr/bin/env python3
"""Writes monthly.ods: the same data as monthly.xlsx, built by hand with zipfile.

Sheet "Sales": header Month, Units; 24 rows, 2023-01-01 .. 2024-12-01 as real
OpenDocument dates (office:date-value) and integer units. Sheet "Notes": one text cell.
Deterministic (fixed timestamps), so re-running gives the same bytes.
Run from anywhere: python3 testdata/workbooks/make_ods.py
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2024, 1, 1, 0, 0, 0)


def units(i):
    """Units for month i (0-based): a seasonal-looking integer series."""
    return 100 + 10 * (i % 12) + 5 * (i // 12)


def sales_rows():
    yield ('<table:table-row>'
           '<table:table-cell office:value-type="string"><text:p>Month</text:p></table:table-cell>'
           '<table:table-cell office:value-type="string"><text:p>Units</text:p></table:table-cell>'
           '</table:table-row>')
    for i in range(24):
        y, m = 2023 + i // 12, i % 12 + 1
        iso = f"{y:04d}-{m:02d}-01"
        u = units(i)
        yield ('<table:table-row>'
               f'<table:table-cell table:style-name="date" office:value-type="date" office:date-value="{iso}"><text:p>{iso}</text:p></table:table-cell>'
               f'<table:table-cell office:value-type="float" office:value="{u}"><text:p>{u}</text:p></table:table-cell>'
               '</table:table-row>')


# calamine reads rows strictly: no whitespace between <table:table-cell> elements.
CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content'
    ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"'
    ' office:version="1.2">'
    '<office:automatic-styles>'
    '<number:date-style style:name="iso"><number:year number:style="long"/><number:text>-</number:text>'
    '<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>'
    '<style:style style:name="date" style:family="table-cell" style:data-style-name="iso"/>'
    '</office:automatic-styles>'
    '<office:body><office:spreadsheet>'
    '<table:table table:name="Sales">'
    '<table:table-column table:number-columns-repeated="2"/>'
    + "".join(sales_rows()) +
    '</table:table>'
    '<table:table table:name="Notes">'
    '<table:table-column/>'
    '<table:table-row><table:table-cell office:value-type="string"><text:p>Units are pumps shipped</text:p></table:table-cell></table:table-row>'
    '</table:table>'
    '</office:spreadsheet></office:body></office:document-content>'
)

MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '</manifest:manifest>'
)


def entry(name, method):
    info = zipfile.ZipInfo(name, date_time=STAMP)
    info.compress_type = method
    return info


def main():
    path = os.path.join(HERE, "monthly.ods")
    with zipfile.ZipFile(path, "w") as z:
        # The mimetype entry must come first and be stored, uncompressed.
        z.writestr(entry("mimetype", zipfile.ZIP_STORED),
                   "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(entry("content.xml", zipfile.ZIP_DEFLATED), CONTENT)
        z.writestr(entry("META-INF/manifest.xml", zipfile.ZIP_DEFLATED), MANIFEST)
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
