#!/usr/bin/env python3
"""Forecast accuracy and speed of `attune forecast` on the public Tourism dev set.

Usage: python3 scripts/bench_tourism.py [--method auto] [--data ../shared/data]

For each frequency (monthly, quarterly, yearly) the training series are written as one
long CSV (series_id, period, value) and forecast by the release `attune` binary with that
frequency's season length and horizon; the forecasts are scored by the data set's own
score.py (sMAPE and MASE per series, averaged), and the CLI's wall time is printed.

Period numbers are shifted so that every series ends on the same period: the CLI lays all
items of a file on one calendar, and series of different lengths must not gain trailing
periods. (A figures script, not a test.)
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
    args = ap.parse_args()
    tourism = os.path.join(args.data, "tourism")
    meta = {r["series_id"]: r for r in csv.DictReader(open(os.path.join(tourism, "meta.csv")))}
    series = defaultdict(list)
    for r in csv.DictReader(open(os.path.join(tourism, "train.csv"))):
        series[r["series_id"]].append((int(r["period"]), r["value"]))

    subprocess.run(["cargo", "build", "--release", "-q", "-p", "attune-cli"], cwd=ROOT, check=True)
    attune = os.path.join(ROOT, "target", "release", "attune")
    out_rows = []
    total_time = 0.0
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
                 "--method", args.method, "--output", out],
                capture_output=True, text=True)
            took = time.perf_counter() - start
            total_time += took
            if run.returncode != 0:
                sys.exit(f"attune failed on {group}: {run.stderr}")
            n = 0
            for r in csv.DictReader(open(out)):
                out_rows.append((r["series_id"], r["step"], r["forecast"]))
                n += 1
            print(f"{group:10s} {len(ids):5d} series  m={m:2d} h={h:2d}  {took:6.2f} s  ({1000 * took / len(ids):.2f} ms/series)")
        forecasts = os.path.join(tmp, "forecasts.csv")
        with open(forecasts, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["series_id", "step", "forecast"])
            w.writerows(out_rows)
        print(f"total      {len(meta):5d} series  {total_time:.2f} s (wall, including process start and file reading)")
        subprocess.run([sys.executable, os.path.join(args.data, "score.py"), "--dataset", "tourism",
                        "--data-dir", args.data, forecasts], check=True)


if __name__ == "__main__":
    main()
