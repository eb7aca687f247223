#!/usr/bin/env python3
"""Writes monthly.xls (Excel 97-2003, BIFF8) with xlwt: the same data as monthly.xlsx.

Sheet "Sales": header Month, Units; 24 rows, 2023-01-01 .. 2024-12-01 as real Excel
dates (date-formatted serials) and integer units. Sheet "Notes": one text cell.
Needs `pip install xlwt==1.3.0`. Run: python3 testdata/workbooks/make_xls.py
"""
import datetime
import os

import xlwt

HERE = os.path.dirname(os.path.abspath(__file__))


def units(i):
    return 100 + 10 * (i % 12) + 5 * (i // 12)


def main():
    book = xlwt.Workbook()
    sales = book.add_sheet("Sales")
    date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    sales.write(0, 0, "Month")
    sales.write(0, 1, "Units")
    for i in range(24):
        sales.write(i + 1, 0, datetime.date(2023 + i // 12, i % 12 + 1, 1), date)
        sales.write(i + 1, 1, units(i))
    notes = book.add_sheet("Notes")
    notes.write(0, 0, "Units are pumps shipped")
    path = os.path.join(HERE, "monthly.xls")
    book.save(path)
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
