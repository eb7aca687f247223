#!/usr/bin/env python3
"""How far Attune's `ets::auto` agrees with statsforecast's AutoETS on the Tourism set.

Three steps (a figures script, not a test):

  # 1. statsforecast AutoETS on every training series (needs statsforecast, e.g. in a venv:
  #    python3 -m venv /work/venv-sf && /work/venv-sf/bin/pip install statsforecast==2.1.1)
  /work/venv-sf/bin/python scripts/ets_agreement.py sf --data ../shared/data/tourism --out /tmp/sf.csv
  #    writes /tmp/sf.csv (series_id,step,forecast) and /tmp/sf.models.csv
  #    (series_id,group,model,alpha,beta,gamma,phi,aicc), the format of our example's.
  # 2. ours, with statsforecast's choices as the reference, so that the example also refits
  #    statsforecast's model where the choices differ (OUT.refit.csv):
  cargo run --release -p attune-engine --example ets_tourism -- ../shared/data/tourism /tmp/ours.csv both 1000 /tmp/sf.models.csv
  # 3. the tables:
  python3 scripts/ets_agreement.py compare --data ../shared/data/tourism --sf /tmp/sf.csv --ours /tmp/ours.csv

Optionally, between 2 and 3, fit our chosen model with statsforecast where the choices
differ (column `aicc_sf_of_ours` of /tmp/sf.cross.csv, which `compare` reads when present):
  /work/venv-sf/bin/python scripts/ets_agreement.py cross --data ../shared/data/tourism --sf /tmp/sf.csv --ours /tmp/ours.csv

Definitions, per series:
  * same label: the model strings are equal, e.g. both ETS(M,Ad,M);
  * forecast gap d = mean_k |ours_k - sf_k| / mean_k |sf_k| over the horizon k = 1..h;
    the forecasts agree at 5 % (10 %) when d <= 0.05 (0.10);
  * where the labels differ: "ours lower" when our chosen model's AICc (from auto) is below
    the AICc of statsforecast's model refitted by our optimiser (`ets::fit_with`, the
    run's options); "sf stopped early" when that refit's AICc is below statsforecast's own
    AICc of the same model. AICc values are comparable: both are n ln(SSE) (+ 2 sum ln|yhat|
    for multiplicative errors) + 2k + 2k(k+1)/(n-k-1) on the original units;
  * with test.csv in --data, the mean sMAPE (M4) of both on the series whose labels agree
    and on those where they differ.

Standard library only, except step 1 (statsforecast, numpy).
"""
import argparse
import csv
import math
import os
import statistics
import sys
import time
from collections import defaultdict

GROUPS = ("monthly", "quarterly", "yearly")


def read_meta(data):
    return {r["series_id"]: r for r in csv.DictReader(open(os.path.join(data, "meta.csv")))}


def read_train(data):
    series = defaultdict(list)
    for r in csv.DictReader(open(os.path.join(data, "train.csv"))):
        series[r["series_id"]].append((int(r["period"]), float(r["value"])))
    return {s: [v for _, v in sorted(p)] for s, p in series.items()}


def read_forecasts(path):
    out = defaultdict(dict)
    for r in csv.DictReader(open(path)):
        out[r["series_id"]][int(r["step"])] = float(r["forecast"])
    return {s: [f[k] for k in sorted(f)] for s, f in out.items()}


def read_models(path):
    return {r["series_id"]: r for r in csv.DictReader(open(path))}


def models_path(out):
    return (out[:-4] if out.endswith(".csv") else out) + ".models.csv"


def sf_spec(label):
    """ETS(M,Ad,M) -> ("MAM", True) for statsforecast's AutoETS(model=..., damped=...)."""
    e, t, s = label[4:-1].split(",")
    return e + t[0] + s, t == "Ad"


def run_sf(args):
    import numpy as np
    from statsforecast.models import AutoETS

    meta = read_meta(args.data)
    train = read_train(args.data)
    fc_rows, model_rows = [], []
    took = defaultdict(float)
    count = defaultdict(int)
    for sid in sorted(train):
        info = meta[sid]
        m, h = int(info["season_length"]), int(info["horizon"])
        y = np.asarray(train[sid], dtype=float)
        start = time.process_time()
        model = AutoETS(season_length=m).fit(y)
        mean = model.predict(h)["mean"]
        took[info["group"]] += time.process_time() - start
        count[info["group"]] += 1
        fit = model.model_
        par = [float(p) for p in fit["par"][:4]]
        par = [p if math.isfinite(p) else "" for p in par]
        model_rows.append([sid, info["group"], fit["method"], *par, float(fit["aicc"])])
        fc_rows.extend([sid, k + 1, float(v)] for k, v in enumerate(mean))
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series_id", "step", "forecast"])
        w.writerows(fc_rows)
    with open(models_path(args.out), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series_id", "group", "model", "alpha", "beta", "gamma", "phi", "aicc"])
        w.writerows(model_rows)
    for g in GROUPS:
        if count[g]:
            print(f"statsforecast AutoETS {g:10s} {count[g]:4d} series  "
                  f"{1000 * took[g] / count[g]:.1f} ms CPU per series")


def run_cross(args):
    """Fits, with statsforecast, our chosen model wherever statsforecast chose another."""
    import numpy as np
    from statsforecast.models import AutoETS

    meta = read_meta(args.data)
    train = read_train(args.data)
    sf = read_models(models_path(args.sf))
    ours = read_models(models_path(args.ours))
    rows = []
    for sid in sorted(train):
        mine, theirs = ours.get(sid, {}).get("model"), sf.get(sid, {}).get("model")
        if not mine or mine == theirs:
            continue
        code, damped = sf_spec(mine)
        m = int(meta[sid]["season_length"])
        try:
            other = AutoETS(season_length=m, model=code, damped=damped).fit(np.asarray(train[sid]))
            rows.append([sid, mine, float(other.model_["aicc"])])
        except Exception as e:  # a model statsforecast refuses: say so, keep going
            print(f"{sid}: statsforecast could not fit {mine}: {e}", file=sys.stderr)
    with open(cross_path(args.sf), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series_id", "ours_model", "aicc_sf_of_ours"])
        w.writerows(rows)
    print(f"{len(rows)} of our choices fitted by statsforecast -> {cross_path(args.sf)}")


def cross_path(sf):
    return (sf[:-4] if sf.endswith(".csv") else sf) + ".cross.csv"


def pct(a, b):
    return f"{100 * a / b:5.1f} %" if b else "    –"


def compare(args):
    meta = read_meta(args.data)
    sf_fc, our_fc = read_forecasts(args.sf), read_forecasts(args.ours)
    sf_m, our_m = read_models(models_path(args.sf)), read_models(models_path(args.ours))
    refit_path = (args.ours[:-4] if args.ours.endswith(".csv") else args.ours) + ".refit.csv"
    refit = read_models(refit_path) if os.path.exists(refit_path) else {}
    cross = read_models(cross_path(args.sf)) if os.path.exists(cross_path(args.sf)) else {}

    rows = []
    for sid, info in meta.items():
        if sid not in sf_fc or sid not in our_fc:
            continue
        a, b = our_fc[sid], sf_fc[sid]
        scale = sum(abs(v) for v in b) / len(b)
        gap = sum(abs(x - y) for x, y in zip(a, b)) / len(b)
        d = gap / scale if scale > 0 else (0.0 if gap == 0 else math.inf)
        ours, sf = our_m.get(sid, {}), sf_m.get(sid, {})
        rows.append({
            "id": sid, "group": info["group"], "d": d,
            "same": ours.get("model") == sf.get("model"),
            "ours": ours.get("model"), "sf": sf.get("model"),
            "ours_aicc": float(ours.get("aicc", "nan") or "nan"),
            "sf_aicc": float(sf.get("aicc", "nan") or "nan"),
            "refit": refit.get(sid), "cross": cross.get(sid),
        })

    def table(title, keep):
        print(f"\n{title}")
        print("| group | series | same model | forecasts within 5 % | within 10 % | median gap "
              "| within 5 %, same model | within 5 %, different model | within 10 %, different model |")
        print("|---|---|---|---|---|---|---|---|---|")
        for g in (*GROUPS, "all"):
            rs = [r for r in rows if keep(r) and (g == "all" or r["group"] == g)]
            if not rs:
                continue
            n = len(rs)
            same = [r for r in rs if r["same"]]
            diff = [r for r in rs if not r["same"]]
            w5 = sum(r["d"] <= 0.05 for r in rs)
            w10 = sum(r["d"] <= 0.10 for r in rs)
            s5 = sum(r["d"] <= 0.05 for r in same)
            d5 = sum(r["d"] <= 0.05 for r in diff)
            d10 = sum(r["d"] <= 0.10 for r in diff)
            med = statistics.median(r["d"] for r in rs)
            print(f"| {g} | {n} | {len(same)} ({pct(len(same), n)}) | {w5} ({pct(w5, n)}) "
                  f"| {w10} ({pct(w10, n)}) | {100 * med:.1f} % | {s5}/{len(same)} ({pct(s5, len(same))}) "
                  f"| {d5}/{len(diff)} ({pct(d5, len(diff))}) | {d10}/{len(diff)} ({pct(d10, len(diff))}) |")

    table("Agreement with statsforecast AutoETS (gap d = mean|ours - sf| / mean|sf| over the horizon)",
          lambda r: True)

    if refit:
        print("\nWhere the labels differ: AICc (lower is better). A = our chosen model's AICc from "
              "auto; A' = the lower of A and our model refitted alone (fit_with); B = statsforecast's "
              "model refitted alone by us; S = statsforecast's own AICc of its choice; X = "
              "statsforecast's AICc of our model")
        print("| group | differ | \\|A − B\\| ≤ 2 (near tie) | A < B (we pick the better by our fits) "
              "| A' < B | A < S | B < S (sf's fit of its own model stopped early) | X < S |")
        print("|---|---|---|---|---|---|---|---|")
        for g in (*GROUPS, "all"):
            rs = [r for r in rows if not r["same"] and (g == "all" or r["group"] == g)]
            done = [r for r in rs if r["refit"] and r["refit"].get("ref_aicc_ours")]
            n = len(done)
            tie = lower = lower2 = beat_sf = early = xs = xn = 0
            for r in done:
                a = r["ours_aicc"]
                b = float(r["refit"]["ref_aicc_ours"])
                a2 = min(a, float(r["refit"].get("ours_aicc_refit") or "inf"))
                tie += abs(a - b) <= 2.0
                lower += a < b
                lower2 += a2 < b
                beat_sf += a < r["sf_aicc"]
                early += b < r["sf_aicc"]
                if r["cross"] and r["cross"].get("aicc_sf_of_ours"):
                    xn += 1
                    xs += float(r["cross"]["aicc_sf_of_ours"]) < r["sf_aicc"]
            print(f"| {g} | {len(rs)} | {tie} ({pct(tie, n)}) | {lower} ({pct(lower, n)}) "
                  f"| {lower2} ({pct(lower2, n)}) | {beat_sf} ({pct(beat_sf, n)}) "
                  f"| {early} ({pct(early, n)}) | {xs}/{xn} ({pct(xs, xn)}) |")

    test_path = os.path.join(args.data, "test.csv")
    if os.path.exists(test_path):
        actual = defaultdict(list)
        for r in csv.DictReader(open(test_path)):
            actual[r["series_id"]].append((int(r["period"]), float(r["value"])))
        actual = {k: [v for _, v in sorted(p)] for k, p in actual.items()}

        def smape(y, f):
            return 200 / len(y) * sum(abs(a - b) / (abs(a) + abs(b)) if abs(a) + abs(b) > 0 else 0.0
                                      for a, b in zip(y, f))

        print("\nAccuracy where the labels agree and where they differ (mean sMAPE %, M4 definition)")
        print("| group | same model: ours | same model: sf | different model: ours | different model: sf |")
        print("|---|---|---|---|---|")
        for g in (*GROUPS, "all"):
            cells = []
            for same in (True, False):
                rs = [r for r in rows if r["same"] == same and (g == "all" or r["group"] == g)
                      and r["id"] in actual]
                if not rs:
                    cells += ["–", "–"]
                    continue
                ours = sum(smape(actual[r["id"]], our_fc[r["id"]]) for r in rs) / len(rs)
                theirs = sum(smape(actual[r["id"]], sf_fc[r["id"]]) for r in rs) / len(rs)
                cells += [f"{ours:.2f}", f"{theirs:.2f}"]
            print(f"| {g} | " + " | ".join(cells) + " |")

    if args.list:
        with open(args.list, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["series_id", "group", "ours", "sf", "gap", "ours_aicc", "sf_aicc",
                        "sf_model_refit_by_us_aicc", "sf_aicc_of_ours"])
            for r in rows:
                w.writerow([r["id"], r["group"], r["ours"], r["sf"], f"{r['d']:.4f}", r["ours_aicc"],
                            r["sf_aicc"], (r["refit"] or {}).get("ref_aicc_ours", ""),
                            (r["cross"] or {}).get("aicc_sf_of_ours", "")])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sf", help="fit statsforecast AutoETS to every training series")
    s.add_argument("--data", required=True, help="directory with train.csv and meta.csv")
    s.add_argument("--out", required=True, help="forecasts CSV; models go to OUT.models.csv")
    x = sub.add_parser("cross", help="fit our choice with statsforecast where the choices differ")
    x.add_argument("--data", required=True)
    x.add_argument("--sf", required=True, help="statsforecast forecasts CSV from step 1")
    x.add_argument("--ours", required=True, help="ets_tourism's OUT.csv")
    c = sub.add_parser("compare", help="compare our forecasts and models with statsforecast's")
    c.add_argument("--data", required=True)
    c.add_argument("--sf", required=True, help="statsforecast forecasts CSV from step 1")
    c.add_argument("--ours", required=True, help="ets_tourism's OUT.csv")
    c.add_argument("--list", help="write the per-series comparison here")
    args = ap.parse_args()
    {"sf": run_sf, "cross": run_cross, "compare": compare}[args.cmd](args)


if __name__ == "__main__":
    main()
