#!/usr/bin/env python3
"""Forecast accuracy and speed of `attune forecast` on the public Tourism dev set.

Usage: python3 scripts/bench_tourism.py [--method auto] [--data ../shared/data] [--coverage]

For each frequency (monthly, quarterly, yearly) the training series are written as one
long CSV (series_id, period, value) and forecast by the release `attune` binary with that
frequency's season length and horizon; the forecasts are scored by the data set's own
score.py (sMAPE and MASE per series, averaged), and the CLI's wall time is printed.

Period numbers are shifted so that every series ends on the same period: the CLI lays all
items of a file on one calendar, and series of different lengths must not gain trailing
periods. With --coverage the CLI also writes 80 % and 95 % prediction intervals and the
script prints how many test values fall inside them, per frequency (an honest interval
covers about its level; series whose method has no interval are counted apart). (A figures
script, not a test.)
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--method", default="auto")
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--coverage", action="store_true")
    args = ap.parse_args()
    levels = ["80", "95"] if args.coverage else []
    tourism = os.path.join(args.data, "tourism")
    meta = {r["series_id"]: r for r in csv.DictReader(open(os.path.join(tourism, "meta.csv")))}
    series = defaultdict(list)
    for r in csv.DictReader(open(os.path.join(tourism, "train.csv"))):
        series[r["series_id"]].append((int(r["period"]), r["value"]))

    subprocess.run(["cargo", "build", "--release", "-q", "-p", "attune-cli"], cwd=ROOT, check=True)
    attune = os.path.join(ROOT, "target", "release", "attune")
    out_rows = []
    total_time = 0.0
    actual = defaultdict(list)
    if args.coverage:
        for r in csv.DictReader(open(os.path.join(tourism, "test.csv"))):
            actual[r["series_id"]].append((int(r["period"]), float(r["value"])))
        for values in actual.values():
            values.sort()
    coverage = []
    with tempfile.TemporaryDirectory() as tmp:
        for group in ("monthly", "quarterly", "yearly"):
            ids = [s for s, m in meta.items() if m["group"] == group]
            m = int(meta[ids[0]]["season_length"])
            h = int(meta[ids[0]]["horizon"])
            longest = max(len(series[s]) for s in ids)
            path = os.path.join(tmp, f"{group}.csv")
            with open(path, "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(["series_id", "period", "value"])
                for s in ids:
                    shift = longest - len(series[s])
                    for p, v in sorted(series[s]):
                        w.writerow([s, p + shift, v])
            out = os.path.join(tmp, f"{group}.out.csv")
            start = time.perf_counter()
            run = subprocess.run(
                [attune, "forecast", path, "--horizon", str(h), "--season-length", str(m),
                 "--method", args.method, "--output", out]
                + [a for level in levels for a in ("--level", level)],
                capture_output=True, text=True)
            took = time.perf_counter() - start
            total_time += took
            if run.returncode != 0:
                sys.exit(f"attune failed on {group}: {run.stderr}")
            inside = {level: 0 for level in levels}
            points = without = 0
            for r in csv.DictReader(open(out)):
                out_rows.append((r["series_id"], r["step"], r["forecast"]))
                if levels:
                    y = actual[r["series_id"]][int(r["step"]) - 1][1]
                    if r["lo_80"] == "":
                        without += 1
                        continue
                    points += 1
                    for level in levels:
                        if float(r[f"lo_{level}"]) <= y <= float(r[f"hi_{level}"]):
                            inside[level] += 1
            if levels:
                coverage.append((group, points, without, inside))
            print(f"{group:10s} {len(ids):5d} series  m={m:2d} h={h:2d}  {took:6.2f} s  ({1000 * took / len(ids):.2f} ms/series)")
        forecasts = os.path.join(tmp, "forecasts.csv")
        with open(forecasts, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["series_id", "step", "forecast"])
            w.writerows(out_rows)
        print(f"total      {len(meta):5d} series  {total_time:.2f} s (wall, including process start and file reading)")
        subprocess.run([sys.executable, os.path.join(args.data, "score.py"), "--dataset", "tourism",
                        "--data-dir", args.data, forecasts], check=True)
        for group, points, without, inside in coverage:
            shares = "  ".join(f"{level} %: {100 * inside[level] / max(points, 1):5.1f} % inside" for level in levels)
            print(f"coverage {group:10s} {shares}  ({points} test values; {without} without an interval)")


if __name__ == "__main__":
    main()
