#!/usr/bin/env python3
"""Generate the Attune workshop sample datasets (synthetic data, fixed seeds).

All data written by this script is SYNTHETIC: it is drawn from simple models with
fixed random seeds and describes no real company, product or customer. The output
is byte-identical on every run (Python 3.11+, standard library only).

Run from the repository root:

    python3 scripts/gen_samples.py

It writes into ``samples/``:

``family_monthly.csv``
    Long layout, comma-delimited, UTF-8 (no BOM), LF line ends. Header
    ``family,sku,month,units,price,unit_cost``. Three product families (Controls,
    Pumps, Valves) with four SKUs each, monthly 2021-01..2025-12. Shows trend and
    seasonality by family (Pumps grow with a summer peak, Valves decline slightly with a
    winter peak, Controls grow fastest with a year-end peak), ~8 % multiplicative noise,
    one promotion spike (PMP-200 in 2023-05, followed by a post-promotion dip), and a SKU
    launched mid-history (CTL-400 has no rows before 2022-07, then ramps up). Prices and
    unit costs make revenue and margin KPIs possible; every price rises once by 4 %.

``spares_weekly.tsv``
    Long layout, TAB-delimited, UTF-8, LF line ends. Header ``Item<TAB>Week<TAB>Qty``.
    30 spare-part SKUs over 104 weeks starting Monday 2024-01-01 (weeks written as the
    Monday's date). 10 fast movers with smooth Poisson demand and a mild yearly pattern,
    20 intermittent parts (demand in ~5-25 % of weeks, lumpy sizes 1-30) for
    Croston / SBA / TSB. Zero weeks are written explicitly. Quirks: a few negative
    quantities (returns) and one duplicated row, as real ERP exports have.

``wide_european.csv``
    Wide layout as a European subsidiary keeps it in Excel: ``;`` delimiter, decimal
    comma, ``.`` thousands separator, UTF-8 WITH a BOM, CRLF line ends. Header
    ``Artikel;Bezeichnung;Jan 2023;...;Dec 2024`` (English month abbreviations),
    German item descriptions, 15 articles x 24 months. Quirks: quantities in kg with a
    decimal (``1.234,5``) next to piece counts (``1.234``), a few empty cells (no sale
    recorded), one ``n/a`` text cell the importer must report, and a ``Summe`` total row
    at the bottom.

``README.md``
    One paragraph per dataset for workshop facilitators (generated from the same data,
    so the counts in it are always right).
"""

from __future__ import annotations

import math
import random
import textwrap
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "samples"

MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def seasonal(month_index: int, peak_month: int, amplitude: float) -> float:
    """Multiplicative seasonal factor; month_index 0 = January, peak_month 1..12."""
    return 1.0 + amplitude * math.cos(2.0 * math.pi * (month_index - (peak_month - 1)) / 12.0)


def poisson(rng: random.Random, lam: float) -> int:
    """Knuth's Poisson sampler (fine for lam <= ~100)."""
    limit = math.exp(-lam)
    k = 0
    p = rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def write_text(path: Path, text: str, *, bom: bool = False) -> None:
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)


# --------------------------------------------------------------------------------------
# 1. family_monthly.csv
# --------------------------------------------------------------------------------------

FAMILIES = {
    # family: (annual trend, seasonal peak month, seasonal amplitude, price-rise month)
    "Controls": (0.10, 11, 0.22, "2024-01"),
    "Pumps": (0.06, 7, 0.35, "2023-01"),
    "Valves": (-0.025, 1, 0.28, "2023-04"),
}

SKUS = {
    # sku: (family, base units/month in 2021, price, unit cost)
    "CTL-100": ("Controls", 320, 185.00, 104.50),
    "CTL-200": ("Controls", 210, 249.00, 139.80),
    "CTL-300": ("Controls", 140, 412.00, 236.20),
    "CTL-400": ("Controls", 170, 329.00, 171.40),  # launched 2022-07
    "PMP-100": ("Pumps", 260, 465.00, 289.00),
    "PMP-200": ("Pumps", 150, 780.00, 472.50),
    "PMP-300": ("Pumps", 85, 1240.00, 781.20),
    "PMP-400": ("Pumps", 40, 1890.00, 1153.00),
    "VLV-100": ("Valves", 1650, 38.50, 21.90),
    "VLV-200": ("Valves", 980, 64.00, 37.10),
    "VLV-300": ("Valves", 540, 119.00, 70.20),
    "VLV-400": ("Valves", 310, 214.00, 128.40),
}

NEW_SKU = "CTL-400"
NEW_SKU_MISSING_MONTHS = 18          # no rows at all for 2021-01 .. 2022-06
PROMO_SKU = "PMP-200"
PROMO_MONTH = "2023-05"
PROMO_LIFT = 2.3
POST_PROMO_DIP = 0.8                 # the month after the promotion (pulled-forward demand)
MONTHS = [f"{y}-{m:02d}" for y in range(2021, 2026) for m in range(1, 13)]


def gen_family_monthly() -> tuple[str, dict]:
    rng = random.Random(20240501)
    rows = []
    for sku in sorted(SKUS):
        family, base, price, cost = SKUS[sku]
        trend, peak, amp, rise_month = FAMILIES[family]
        # small SKU-level deviations around the family profile
        sku_trend = trend + rng.uniform(-0.015, 0.015)
        sku_amp = min(0.40, max(0.20, amp + rng.uniform(-0.04, 0.04)))
        new_price = round(price * 1.04, 2)
        first = NEW_SKU_MISSING_MONTHS if sku == NEW_SKU else 0
        for t, month in enumerate(MONTHS):
            noise = math.exp(rng.gauss(0.0, 0.08))  # draw for every month: stable stream
            if t < first:
                continue
            level = base * (1.0 + sku_trend) ** (t / 12.0)
            x = level * seasonal(t % 12, peak, sku_amp) * noise
            if sku == NEW_SKU:
                age = t - first
                x *= min(1.0, 0.35 + 0.13 * age)  # launch ramp-up over ~5 months
            if sku == PROMO_SKU and month == PROMO_MONTH:
                x *= PROMO_LIFT
            if sku == PROMO_SKU and t > 0 and MONTHS[t - 1] == PROMO_MONTH:
                x *= POST_PROMO_DIP
            units = max(1, int(round(x)))
            p = new_price if month >= rise_month else price
            rows.append((family, sku, month, units, p, cost))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    lines = ["family,sku,month,units,price,unit_cost"]
    lines += [f"{f},{s},{m},{u},{p:.2f},{c:.2f}" for f, s, m, u, p, c in rows]
    info = {"rows": len(rows), "columns": 6, "header": lines[0]}
    return "\n".join(lines) + "\n", info


# --------------------------------------------------------------------------------------
# 2. spares_weekly.tsv
# --------------------------------------------------------------------------------------

N_WEEKS = 104
START_MONDAY = date(2024, 1, 1)


def gen_spares_weekly() -> tuple[str, dict]:
    rng = random.Random(20240102)
    numbers = sorted(rng.sample(range(1, 1000), 30))
    items = [f"SP-{n:04d}" for n in numbers]
    fast = sorted(rng.sample(items, 10))
    weeks = [(START_MONDAY + timedelta(weeks=w)).isoformat() for w in range(N_WEEKS)]

    qty: dict[str, list[int]] = {}
    for item in items:
        if item in fast:
            mean = rng.uniform(20.0, 80.0)
            amp = rng.uniform(0.08, 0.18)
            phase = rng.uniform(0.0, 2.0 * math.pi)
            qty[item] = [
                poisson(rng, mean * (1.0 + amp * math.sin(2.0 * math.pi * w / 52.0 + phase)))
                for w in range(N_WEEKS)
            ]
        else:
            # demand in a fixed number of weeks (5-25 % of 104), at random positions
            n_demand = rng.randint(6, 26)
            typical = rng.uniform(1.5, 12.0)
            demand_weeks = set(rng.sample(range(N_WEEKS), n_demand))
            series = []
            for w in range(N_WEEKS):
                if w in demand_weeks:
                    size = int(round(rng.lognormvariate(math.log(typical), 0.7)))
                    series.append(min(30, max(1, size)))
                else:
                    series.append(0)
            qty[item] = series

    # Returns: negative quantities in otherwise empty weeks of three intermittent parts.
    intermittent = [i for i in items if i not in fast]
    returns = []
    for item, amount in zip(rng.sample(intermittent, 3), (-2, -1, -3)):
        zero_weeks = [w for w, q in enumerate(qty[item]) if q == 0 and w > 4]
        w = rng.choice(zero_weeks)
        qty[item][w] = amount
        returns.append((item, weeks[w], amount))
    returns.sort()

    # One duplicated row (identical, right after the original), as ERP exports do.
    dup_item = rng.choice(intermittent)
    dup_week = rng.choice([w for w, q in enumerate(qty[dup_item]) if q > 0])

    lines = ["Item\tWeek\tQty"]
    for item in items:
        for w, week in enumerate(weeks):
            line = f"{item}\t{week}\t{qty[item][w]}"
            lines.append(line)
            if item == dup_item and w == dup_week:
                lines.append(line)
    occurrence = {
        i: sum(1 for q in qty[i] if q > 0) / N_WEEKS for i in intermittent
    }
    info = {
        "rows": len(lines) - 1,
        "columns": 3,
        "header": lines[0],
        "items": items,
        "fast": fast,
        "returns": returns,
        "duplicate": (dup_item, weeks[dup_week], qty[dup_item][dup_week]),
        "occ_min": min(occurrence.values()),
        "occ_max": max(occurrence.values()),
        "last_week": weeks[-1],
    }
    return "\n".join(lines) + "\n", info


# --------------------------------------------------------------------------------------
# 3. wide_european.csv
# --------------------------------------------------------------------------------------

ARTICLES = [
    # (Artikel, Bezeichnung, unit is kg?, base quantity per month, seasonal peak, amp)
    ("100120", "Sechskantschraube M8x40 verzinkt", False, 18500, 4, 0.15),
    ("100135", "Unterlegscheibe DIN 125 M10", False, 24200, 4, 0.12),
    ("100410", "Dichtungsring NBR 40 mm", False, 3150, 3, 0.18),
    ("100415", "O-Ring FKM 25x3", False, 2480, 3, 0.10),
    ("200210", "Hydrauliköl HLP 46 (kg)", True, 1875.0, 10, 0.20),
    ("200230", "Schmierfett Lithium EP2 (kg)", True, 412.0, 11, 0.25),
    ("200305", "Kunststoffgranulat PE schwarz (kg)", True, 6340.0, 5, 0.15),
    ("200310", "Kupferdraht 1,5 mm² blank (kg)", True, 938.5, 6, 0.12),
    ("300101", "Kugelhahn DN25 Messing", False, 640, 5, 0.30),
    ("300115", "Rückschlagventil DN50", False, 185, 6, 0.25),
    ("300220", "Flanschdichtung PN16 DN100", False, 920, 4, 0.20),
    ("400011", "Kabelbinder 200 mm schwarz (VE 100)", False, 1460, 9, 0.10),
    ("400025", "Schrumpfschlauch Ø 6 mm (m)", False, 3800, 9, 0.15),
    ("500300", "Edelstahlblech 1.4301 2 mm (kg)", True, 2715.0, 3, 0.18),
    ("500310", "Aluminiumprofil 40x40 (kg)", True, 1190.0, 4, 0.22),
]

WIDE_MONTHS = [(y, m) for y in (2023, 2024) for m in range(1, 13)]


def de_number(x: float, decimals: int) -> str:
    """German number format: '.' thousands separator, ',' decimal mark."""
    s = f"{abs(x):,.{decimals}f}"            # e.g. 1,234.5
    s = s.replace(",", "_").replace(".", ",").replace("_", ".")
    return ("-" if x < 0 else "") + s


def gen_wide_european() -> tuple[str, dict]:
    rng = random.Random(20230131)
    header = ["Artikel", "Bezeichnung"] + [f"{MONTH_ABBR[m - 1]} {y}" for y, m in WIDE_MONTHS]
    values: list[list[float | None]] = []
    for _, _, is_kg, base, peak, amp in ARTICLES:
        trend = rng.uniform(-0.05, 0.08)
        row: list[float | None] = []
        for t, (_, m) in enumerate(WIDE_MONTHS):
            x = base * (1.0 + trend) ** (t / 12.0) * seasonal(m - 1, peak, amp)
            x *= math.exp(rng.gauss(0.0, 0.10))
            row.append(round(x, 1) if is_kg else float(round(x)))
        values.append(row)

    # A few empty cells (no sale recorded) and one text note.
    cells = [(r, c) for r in range(len(ARTICLES)) for c in range(len(WIDE_MONTHS))]
    picked = rng.sample(cells, 6)
    empties = sorted(picked[:5])
    na_cell = picked[5]
    for r, c in empties:
        values[r][c] = None

    lines = [";".join(header)]
    for r, (art, desc, is_kg, *_rest) in enumerate(ARTICLES):
        out = [art, desc]
        for c, v in enumerate(values[r]):
            if (r, c) == na_cell:
                out.append("n/a")
            elif v is None:
                out.append("")
            else:
                out.append(de_number(v, 1 if is_kg else 0))
        lines.append(";".join(out))
    totals = []
    for c in range(len(WIDE_MONTHS)):
        s = sum(values[r][c] or 0.0 for r in range(len(ARTICLES)) if (r, c) != na_cell)
        totals.append(de_number(round(s, 1), 1))
    lines.append(";".join(["Summe", ""] + totals))

    def where(rc: tuple[int, int]) -> str:
        r, c = rc
        y, m = WIDE_MONTHS[c]
        return f"{ARTICLES[r][0]} / {MONTH_ABBR[m - 1]} {y}"

    info = {
        "rows": len(lines) - 1,          # data rows incl. the Summe row, excl. header
        "columns": len(header),
        "header": lines[0],
        "empties": [where(rc) for rc in empties],
        "na": where(na_cell),
    }
    return "\r\n".join(lines) + "\r\n", info


# --------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------

def readme(fm: dict, sp: dict, we: dict) -> str:
    ret = ", ".join(f"{i} in week {w} ({q})" for i, w, q in sp["returns"])
    dup_item, dup_week, dup_qty = sp["duplicate"]
    text = f"""# Attune workshop sample data

All files in this folder are **synthetic**: they are generated by
`scripts/gen_samples.py` from simple demand models with fixed random seeds, and describe
no real company, product or customer. Re-running `python3 scripts/gen_samples.py` from the
repository root reproduces them byte for byte. Do not edit them by hand; change the
script instead.

## family_monthly.csv — trend, seasonality and revenue by product family

Shows a workshop how demand differs by product family and how forecasts turn into
revenue and margin KPIs. Three families with four SKUs each: Pumps grow about 6% a year
with a summer peak, Valves decline slightly (about -2.5% a year) with a winter peak, and
Controls grow about 10% a year with a peak in November; seasonal amplitude is 20-40%,
with about 8% multiplicative noise. Layout: long, comma-delimited, UTF-8 without BOM,
LF line ends, `.` as the decimal mark, header `{fm["header"]}`, months written as
`2021-01` … `2025-12`, rows sorted by family, sku, month. Size: {fm["rows"]} data rows x
{fm["columns"]} columns (12 SKUs x 60 months, less 18 missing months). Deliberate quirks:
{NEW_SKU} is launched mid-history and has **no rows at all** (not zeros) for its first
{NEW_SKU_MISSING_MONTHS} months (2021-01 … 2022-06), then ramps up over about five months;
{PROMO_SKU} has one promotion spike in {PROMO_MONTH} (about x{PROMO_LIFT}) followed by a
post-promotion dip; every SKU's price rises once by 4% (Pumps in 2023-01, Valves in
2023-04, Controls in 2024-01) while unit costs stay constant.

## spares_weekly.tsv — intermittent spare-parts demand

Shows the difference between smooth and intermittent demand, and why Croston, SBA and
TSB exist. {len(sp["items"])} items over 104 weeks (Monday 2024-01-01 … Monday
{sp["last_week"]}): 10 fast movers ({", ".join(sp["fast"])}) with smooth Poisson demand
averaging 20-80 a week and a mild yearly pattern, and 20 intermittent spare parts with
demand in {sp["occ_min"]:.0%}-{sp["occ_max"]:.0%} of weeks and lumpy sizes of 1-30. Layout:
long, TAB-delimited, UTF-8, LF line ends, header `Item<TAB>Week<TAB>Qty` (a literal tab
between the names), each week written as its Monday's date (`2024-01-01`), every item x
week row present, zero weeks included. Size: {sp["rows"]} data rows x {sp["columns"]}
columns (30 x 104 = 3120, plus one duplicate). Deliberate quirks: negative quantities
(returns): {ret}; and one row duplicated exactly, as real exports do: {dup_item} in
week {dup_week} (qty {dup_qty}) appears twice.

## wide_european.csv — a European subsidiary's Excel sheet

Shows import robustness: the file as a European subsidiary saves it from Excel. Layout:
wide (one row per article, one column per month), `;` delimiter, decimal comma, `.` as
thousands separator, UTF-8 **with a BOM** (EF BB BF) and **CRLF** line ends. Header
`Artikel;Bezeichnung;Jan 2023;Feb 2023;…;Dec 2024` (English month abbreviations, German
item descriptions with umlauts, `²` and `Ø`; one description itself contains a
decimal comma). Size: {we["rows"]} rows below the header (15 articles plus a total row) x {we["columns"]}
columns (article, description, 24 months). Deliberate quirks: quantities in kg have one
decimal (`1.234,5`) while piece counts are whole numbers with a thousands dot (`1.234`
means 1234 pieces, not 1.234); {len(we["empties"])} empty cells where no sale was
recorded ({"; ".join(we["empties"])}); one cell containing the text `n/a`
({we["na"]}) which the importer must report rather than silently treat as zero; and a
total row at the bottom labelled `Summe` in the first column (it mixes kg and pieces and
must not be imported as an article).
"""
    # Re-flow every paragraph to 88 columns so the interpolated values read cleanly.
    blocks = []
    for block in text.strip().split("\n\n"):
        if block.startswith("#"):
            blocks.append(block)
        else:
            blocks.append(textwrap.fill(" ".join(block.split()), width=88,
                                        break_on_hyphens=False, break_long_words=False))
    return "\n\n".join(blocks) + "\n"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    fm_text, fm = gen_family_monthly()
    sp_text, sp = gen_spares_weekly()
    we_text, we = gen_wide_european()
    write_text(OUT / "family_monthly.csv", fm_text)
    write_text(OUT / "spares_weekly.tsv", sp_text)
    write_text(OUT / "wide_european.csv", we_text, bom=True)
    write_text(OUT / "README.md", readme(fm, sp, we))
    for name in ("family_monthly.csv", "spares_weekly.tsv", "wide_european.csv", "README.md"):
        print(f"wrote samples/{name} ({(OUT / name).stat().st_size} bytes)")


if __name__ == "__main__":
    main()
