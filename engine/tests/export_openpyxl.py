#!/usr/bin/env python3
"""A second reader of Attune's XLSX exports: openpyxl (what many Python users open
workbooks with) must see the same cells as the CSV of the same export, numbers as
numbers, text as text, and no formula anywhere.

openpyxl leaves the format's `_xHHHH_` character escapes in inline strings as written
(Excel and calamine decode them), so text is compared after decoding them as Excel does.

    mkdir -p /tmp/x && ATTUNE_EXPORT_SAMPLE_DIR=/tmp/x \\
        cargo test -p attune-engine --test export_xlsx forecasts_workbook
    python3 engine/tests/export_openpyxl.py /tmp/x     # needs `pip install openpyxl`
"""
import csv
import re
import sys

import openpyxl


def as_excel_reads(text):
    """`_xHHHH_` escapes decoded, as Excel shows the cell."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def main(folder):
    book = openpyxl.load_workbook(f"{folder}/forecasts.xlsx")
    assert book.sheetnames == ["Forecasts"], book.sheetnames
    sheet = book["Forecasts"]
    assert sheet.freeze_panes == "A2", sheet.freeze_panes
    assert all(c.font.b for c in sheet[1]), "the header is bold"
    with open(f"{folder}/forecasts.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert sheet.max_row == len(rows), (sheet.max_row, len(rows))
    checked = 0
    for r, fields in enumerate(rows, start=1):
        for c, field in enumerate(fields, start=1):
            cell = sheet.cell(row=r, column=c)
            assert cell.data_type != "f", f"{cell.coordinate} is a formula"
            if field == "":
                assert cell.value in (None, ""), (cell.coordinate, cell.value)
            elif cell.data_type == "n":
                assert float(field) == cell.value, (cell.coordinate, field, cell.value)
            else:
                assert cell.data_type == "s" and as_excel_reads(cell.value) == field, (
                    cell.coordinate, cell.data_type, field, cell.value)
            checked += 1
    risky = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert not any(str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for v in risky)
    print(f"openpyxl: {checked} cells equal the CSV's, no formula, header bold and frozen")


if __name__ == "__main__":
    main(sys.argv[1])
