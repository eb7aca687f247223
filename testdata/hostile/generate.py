#!/usr/bin/env python3
"""Writes the hostile-input corpus of issue #8 into this directory.

Every file is awkward on purpose: empty, binary, badly encoded, ragged, full of text
where numbers belong, or numbers at the edge of what a float holds. The expectations
for each file live in engine/tests/hostile.rs (and the CLI's in cli/tests/hostile.rs);
a file added here without an expectation there makes that test fail.

Only the standard library is used and the output is deterministic (a fixed seed, no
clock), so running the script again gives the same bytes:

    python3 testdata/hostile/generate.py

The very large cases (100,000 items, a 1 MB cell, a zip bomb) are not written here:
the Rust tests build them at run time, so the repository stays small.
"""

import datetime
import io
import os
import random
import struct
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
WORKBOOKS = os.path.join(HERE, "..", "workbooks")
RNG = random.Random(8)


def write_bytes(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def write(name, text, encoding="utf-8"):
    write_bytes(name, text.encode(encoding))


def months(year, month, n):
    """`n` (year, month) pairs from year-month on."""
    out = []
    for i in range(n):
        m = month - 1 + i
        out.append((year + m // 12, m % 12 + 1))
    return out


def monthly(values, header="Month,Qty", sep=","):
    lines = [header]
    for (y, m), v in zip(months(2022, 1, len(values)), values):
        lines.append(f"{y}-{m:02d}{sep}{v}")
    return "\n".join(lines) + "\n"


def seasonal(n, base=100, amp=20):
    return [base + amp * ((i % 12) in (5, 6, 7)) + RNG.randint(-5, 5) for i in range(n)]


def put(z, name, text, compress=zipfile.ZIP_DEFLATED):
    """A zip entry with a fixed date, so the archive's bytes do not depend on the clock."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = compress
    z.writestr(info, text)


def xlsx(sheet_xml):
    """A minimal workbook: one sheet called Sales holding `sheet_xml`'s rows."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        put(
        z,
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        put(
        z,
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        put(
        z,
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sales" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        put(
        z,
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        put(
        z,
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{sheet_xml}</sheetData></worksheet>",
        )
    return buf.getvalue()


def zip_claiming(entries):
    """A zip written by hand: `entries` are (name, data, declared unpacked size); data is
    deflated, and the headers state the declared size, true or not."""
    out = bytearray()
    directory = bytearray()
    for name, data, declared in entries:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = packer.compress(data) + packer.flush()
        crc = zlib.crc32(data)
        name = name.encode()
        offset = len(out)
        # Version 20, no flags, deflate, 1980-01-01 00:00.
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(packed), declared, len(name), 0)
        out += name + packed
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(packed), declared, len(name), 0, 0, 0, 0, 0, offset
        )
        directory += name
    start = len(out)
    out += directory
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0)
    return bytes(out)


def main():
    # --- Nothing, or almost nothing -------------------------------------------------
    write("empty.csv", "")
    write("whitespace_only.csv", "   \n\t\n  \r\n\n")
    write("delimiters_only.csv", ",,,\n;;;\n,,,\n")
    write("bom_only.csv", "\ufeff")
    write("header_only.csv", "Month,Qty\n")
    write("header_only_wide.csv", "Item;Jan 2024;Feb 2024;Mar 2024\n")
    write("totals_only.csv", "Item,Month,Qty\nTotal,2024-01,5\nGrand total,2024-02,6\nSumme,2024-03,7\n")
    write("one_row.csv", "Month,Qty\n2024-01,10\n")
    write("one_column.csv", "Qty\n" + "".join(f"{v}\n" for v in seasonal(24)))

    # --- Values at the edges -----------------------------------------------------------
    write("all_zeros.csv", monthly([0] * 24))
    write("constant.csv", monthly([100] * 24))
    write("negative_quantities.csv", monthly([v if i % 5 else -v for i, v in enumerate(seasonal(24))]))
    write("all_negative.csv", monthly([-v for v in seasonal(24)]))
    write("nan_values.csv", monthly(["NaN" if i % 6 == 3 else v for i, v in enumerate(seasonal(24))]))
    write("inf_values.csv", monthly(["inf", "-inf", "Infinity"] + seasonal(21)))
    write("values_1e308.csv", monthly(["1e308"] * 12 + ["1.7976931348623157e308"] * 12))
    write("negative_zero.csv", monthly(["-0", "-0.0", "0", "-0"] * 6))
    write("values_1e309.csv", monthly(["1e309"] + seasonal(23)))
    write("twenty_digit_numbers.csv", monthly(["12345678901234567890", "98765432109876543210"] * 12))
    write("large_values_1e15.csv", monthly([f"{999_999_999_999_000 + i * 7}" for i in range(24)]))
    write("tiny_values_1e-300.csv", monthly([f"{1 + (i % 3)}e-300" for i in range(24)]))
    write("subnormal_values.csv", monthly(["5e-324", "0", "5e-324", "1e-320"] * 6))
    # Two rows of 1e308 for the same month: their sum does not fit in a float.
    write(
        "duplicates_overflow.csv",
        "Month,Qty\n" + "".join(f"2024-{m:02d},1e308\n2024-{m:02d},1e308\n" for m in range(1, 13)),
    )

    write(
        "wide_duplicates_overflow.csv",
        "Item,2024-01,2024-01,2024-02,2024-03\nA,1e308,1e308,5,6\nB,1,2,3,4\n",
    )
    # Sparse days two years apart are summed into months: January 2020 overflows.
    write(
        "bucket_overflow.csv",
        "Date,Qty\n2020-01-01,1.5e308\n2020-01-20,1.5e308\n2021-03-03,7\n2022-06-01,8\n",
    )
    write(
        "family_overflow.csv",
        "Family,SKU,Month,Qty\n" + "".join(f"Pumps,{s},2024-{m:02d},1e308\n" for s in ("P1", "P2") for m in range(1, 7)),
    )
    write("values_plus_minus_1e308.csv", monthly(["1.7e308", "-1.7e308"] * 12))
    # Blank periods between values of opposite sign at the float limit.
    write("gaps_between_extremes.csv", "Month,Qty\n2024-01,1.7e308\n2024-04,-1.7e308\n2024-05,5\n2024-08,-1.7e308\n")

    # --- Text where numbers belong, numbers where text belongs ---------------------------
    text_values = seasonal(24)
    for i, bad in [(2, "abc"), (5, "n/a"), (9, "twelve"), (14, "#DIV/0!"), (20, "1O0")]:
        text_values[i] = bad
    write("text_in_number_column.csv", monthly(text_values))
    write("all_text_quantities.csv", monthly(["lots", "few", "none", "some"] * 3))
    write("empty_quantities.csv", "Month,Qty\n" + "".join(f"2024-{m:02d},\n" for m in range(1, 13)))
    lines = ["SKU,Month,Qty"]
    for sku in ["40012345678901234567", "40098765432109876543"]:
        for (y, m), v in zip(months(2023, 1, 12), seasonal(12)):
            lines.append(f"{sku},{y}-{m:02d},{v}")
    write("sku_twenty_digits.csv", "\n".join(lines) + "\n")
    write("exponent_forms.csv", monthly(["1e3", "1E2", "2.5e1", "1e", "e5", "1e+2", "3E-1", "1e2e3"] * 3))
    write(
        "thousands_separators.csv",
        'Month,Qty\n2024-01,"1,234"\n2024-02,"12,345.50"\n2024-03,1 234\n2024-04,"1,234,567"\n'
        "2024-05,1'234\n2024-06,\"12,34\"\n2024-07,999\n2024-08,\"2,000\"\n",
    )
    write(
        "semicolon_decimal_comma.csv",
        "Artikel;Monat;Menge\r\n"
        + "".join(
            f"A-{k};{m:02d}.2024;{v // 1000}.{v % 1000:03d},{v % 10}\r\n"
            for k in (1, 2)
            for m, v in zip(range(1, 13), [RNG.randint(1000, 9000) for _ in range(12)])
        ),
    )
    write(
        "percent_and_currency.csv",
        "Month,Qty\n2024-01,$1200\n2024-02,1.300 €\n2024-03,(150)\n2024-04,12%\n"
        "2024-05,USD 900\n2024-06,900-\n2024-07,¥800\n2024-08,1 000 CHF\n",
    )

    # --- Periods -------------------------------------------------------------------------
    write(
        "mixed_date_formats.csv",
        "Date,Qty\n2024-01-15,10\n15/02/2024,11\nMar 15 2024,12\n2024-04,13\n15.05.2024,14\n"
        "45458,15\n2024-W27,16\n2024-Q3,17\n15-Aug-2024,18\n",
    )
    shuffled = [f"{y}-{m:02d},{v}" for (y, m), v in zip(months(2022, 1, 24), seasonal(24))]
    RNG.shuffle(shuffled)
    write("dates_out_of_order.csv", "Month,Qty\n" + "\n".join(shuffled) + "\n")
    write(
        "duplicate_periods.csv",
        "Month,Qty\n"
        + "".join(f"2024-{m:02d},{10 + m}\n" for m in range(1, 13))
        + "2024-03,5\n2024-03,5\n2024-07,1\n",
    )
    write("invalid_dates.csv", "Date,Qty\n2024-01-01,5\n1900-02-29,5\n31/02/2024,5\n2024-13-01,5\n2024-02-30,5\n2024-03-01,7\n")
    write("excel_serial_dates.csv", "Date,Qty\n" + "".join(f"{45292 + 7 * i},{v}\n" for i, v in enumerate(seasonal(30))))
    write("iso_weeks_w53.csv", "Week,Qty\n" + "".join(f"2024-W{w:02d},{20 + w % 4}\n" for w in range(40, 54)) + "".join(f"2025-W{w:02d},{21 + w % 3}\n" for w in range(1, 11)) + "2020-W53,4\n")
    write("quarters_q5.csv", "Quarter,Qty\n" + "".join(f"Q{q} {y},{100 + q}\n" for y in (2022, 2023, 2024) for q in (1, 2, 3, 4)) + "Q5 2024,9\nQ0 2024,9\n")
    write("sparse_dates_300_years.csv", "Date,Qty\n1900-01-01,1\n1900-01-02,2\n2199-12-30,3\n2199-12-31,4\n")
    write("period_numbers_span_too_long.csv", "Period,Qty\n1,5\n2,6\n3,4\n250000,7\n")
    write("mixed_granularity.csv", "Period,Qty\n2024-01,5\n2024-02,6\n2024-03-15,7\n2024-Q2,8\n2024-05,9\n")
    # Ten years of daily sales with a weekly pattern.
    start = datetime.date(2015, 1, 1)
    lines = ["Date,Units"]
    for i in range(3653):
        d = start + datetime.timedelta(days=i)
        weekly = (0, 5, 5, 5, 8, 12, 2)[d.weekday()]
        lines.append(f"{d.isoformat()},{20 + weekly + RNG.randint(0, 6)}")
    write("daily_ten_years.csv", "\n".join(lines) + "\n")

    # --- Layouts -------------------------------------------------------------------------
    heads = [f"{datetime.date(y, m, 1):%b} {y}" for y, m in months(2020, 1, 50)]
    lines = ["Item,Description," + ",".join(heads)]
    for k in range(20):
        lines.append(f"W-{k:03d},Widget {k}," + ",".join(str(v) for v in seasonal(50, base=50 + k)))
    write("wide_50_periods.csv", "\n".join(lines) + "\n")
    write("one_row_10000_columns.csv", ",".join(str(RNG.randint(0, 99)) for _ in range(10_000)) + "\n")
    days = [datetime.date(2000, 1, 1) + datetime.timedelta(days=i) for i in range(10_000)]
    write(
        "wide_10000_day_columns.csv",
        "Item," + ",".join(d.isoformat() for d in days) + "\n"
        "A," + ",".join(str(RNG.randint(0, 30)) for _ in days) + "\n",
    )
    write(
        "ragged_rows.csv",
        "Item,Month,Qty\nA,2024-01,5\nA,2024-02\nA,2024-03,7,extra,cells\nA\n,2024-04,8\nA,2024-05,9,,,,\nA,2024-06,10\n",
    )
    write("trailing_delimiters.csv", "Month,Qty,,,\n" + "".join(f"2024-{m:02d},{m * 3},,,\n" for m in range(1, 13)))
    write(
        "quoted_newlines_delimiters.csv",
        'Item,Description,Month,Qty\n'
        + "".join(
            f'"P,{k}","Pump ""{k}""\nline two, with a comma",2024-{m:02d},"{10 * k + m}"\n'
            for k in (1, 2)
            for m in range(1, 7)
        ),
    )
    write("unbalanced_quote.csv", 'Item,Month,Qty\nA,2024-01,5\n"B,2024-02,6\nC,2024-03,7\nD,2024-04,8\n')
    mixed = ["SKU,Month,Qty"]
    for (y, m), v in zip(months(2023, 1, 24), seasonal(24)):
        mixed.append(f"LONG,{y}-{m:02d},{v}")
    mixed.append("SINGLE,2024-06,42")
    write("mixed_skus_single_point.csv", "\n".join(mixed) + "\n")
    write("formulas_only.csv", "=SUM(A1:A3),=B1*2\n,\n=NOW(),\n,=A2\n")

    # --- Encodings and line ends -------------------------------------------------------
    write_bytes("bom_crlf.csv", b"\xef\xbb\xbf" + monthly(seasonal(24)).replace("\n", "\r\n").encode())
    write_bytes("cr_only.csv", monthly(seasonal(24)).replace("\n", "\r").encode())
    unicode_text = "Artikel\tMonat\tMenge\r\n" + "".join(
        f"Größe-{k}\t{m:02d}/2024\t{v},5\r\n" for k in (1, 2) for m, v in zip(range(1, 13), seasonal(12))
    )
    write_bytes("utf16le_bom.txt", b"\xff\xfe" + unicode_text.encode("utf-16-le"))
    write_bytes("utf16be_bom.txt", b"\xfe\xff" + unicode_text.encode("utf-16-be"))
    write_bytes("utf16le_no_bom.txt", unicode_text.encode("utf-16-le"))
    write("windows1252.csv", "Artikel;Monat;Menge\n" + "".join(f"Müller-€{k};2024-{m:02d};{v}\n" for k in (1, 2) for m, v in zip(range(1, 13), seasonal(12))), "cp1252")

    # --- Cells meant to run somewhere else (must stay inert text) ------------------------
    names = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '=HYPERLINK("http://evil","x")',
        "@SUM(A1)",
        "+1",
        "-1+2",
    ]
    lines = ["Item,Month,Qty"]
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        for (y, m), v in zip(months(2024, 1, 12), seasonal(12)):
            lines.append(f"{quoted},{y}-{m:02d},{v}")
    write("injection_item_names.csv", "\n".join(lines) + "\n")
    write(
        "control_characters.csv",
        "Item,Month,Qty\n"
        + "".join(f"\x1b[31mRED\x1b[0m,2024-{m:02d},{m}\nBEL\x07\x08,2024-{m:02d},{m + 1}\n" for m in range(1, 13)),
    )
    heads = "\t".join(f"2024-{m:02d}" for m in range(1, 13))
    write(
        "injection_wide.tsv",
        f"Item\t{heads}\n" + "".join(f"{n}\t" + "\t".join(str(v) for v in seasonal(12)) + "\n" for n in names),
    )

    # --- Not text at all ---------------------------------------------------------------
    write_bytes("binary_garbage.csv", bytes(RNG.randrange(256) for _ in range(4096)))
    write_bytes("nul_in_text.csv", monthly(seasonal(12)).encode().replace(b"2022-06", b"2022\x0006"))
    write_bytes("pdf_renamed.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(RNG.randrange(256) for _ in range(512)))
    with open(os.path.join(WORKBOOKS, "monthly.xlsx"), "rb") as f:
        book = f.read()
    write_bytes("truncated_half.xlsx", book[: len(book) // 2])
    write_bytes("truncated_header.xlsx", book[:40])
    write_bytes("workbook_renamed.csv", book)
    for other in ("monthly.xls", "monthly.ods"):
        with open(os.path.join(WORKBOOKS, other), "rb") as f:
            data = f.read()
        stem, ext = other.split(".")
        write_bytes(f"truncated_half.{ext}", data[: len(data) // 2])
    # The header of an Excel 97 file, then noise: an OLE container that leads nowhere.
    write_bytes("ole_garbage.xls", bytes.fromhex("D0CF11E0A1B11AE1") + bytes((i * 73 + 41) % 256 for i in range(2048)))
    write("text_renamed.xlsx", monthly(seasonal(24)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        put(z, "hello.txt", "not a workbook\n", zipfile.ZIP_STORED)
    write_bytes("zip_not_workbook.xlsx", buf.getvalue())
    formulas = "".join(
        f'<row r="{r}"><c r="A{r}"><f>SUM(B1:B{r})</f></c><c r="B{r}"/><c r="C{r}"><f>NOW()</f></c></row>'
        for r in range(1, 13)
    )
    write_bytes("formulas_only.xlsx", xlsx(formulas))
    # A zip bomb in miniature: its sheet says it unpacks to 4,000,000,000 bytes. (The
    # bombs that really inflate to a gigabyte are built by the Rust tests at run time.)
    sheet = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
    write_bytes(
        "zip_bomb_claims_4gb.xlsx",
        zip_claiming(
            [
                ("[Content_Types].xml", b"<Types/>", 8),
                ("xl/workbook.xml", b"<workbook/>", 11),
                ("xl/worksheets/sheet1.xml", sheet, 4_000_000_000),
            ]
        ),
    )
    cached = '<row r="1"><c r="A1" t="inlineStr"><is><t>Month</t></is></c><c r="B1" t="inlineStr"><is><t>Qty</t></is></c></row>' + "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>2024-{r - 1:02d}</t></is></c>'
        f'<c r="B{r}"><f>{r}*10</f><v>{r * 10}</v></c></row>'
        for r in range(2, 14)
    )
    write_bytes("formulas_cached.xlsx", xlsx(cached))


if __name__ == "__main__":
    main()
