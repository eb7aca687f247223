//! Fits `ets::auto` to every series of the tourism dev set and writes the forecasts for
//! `shared/data/score.py`, printing the time per series by frequency:
//!
//! ```text
//! cargo run --release -p attune-engine --example ets_tourism -- DATA_DIR OUT.csv [BOUNDS] [MAX_ITER] [REFERENCE.models.csv]
//! ```
//!
//! `DATA_DIR` holds `train.csv` (`series_id,period,value`) and `meta.csv` (with
//! `season_length` and `horizon`). `BOUNDS` is `both` (default), `both-nocap` (`cap_beta` off), `usual`,
//! `joint` (`both` with the joint optimiser), `sf` (statsforecast's bounds with the joint
//! optimiser; see `ets::Bounds` and `ets::Optimizer`) or `sf-alt` (statsforecast's bounds
//! with the default, alternating optimiser). Next to `OUT.csv` it writes `OUT.models.csv`:
//! the model chosen per series and its parameters. With `REFERENCE.models.csv` (a models
//! file of an earlier run, e.g. with `sf`, which chooses as statsforecast does, or the one
//! `scripts/ets_agreement.py sf` writes from statsforecast itself) it prints how often the
//! chosen models agree with it, by group, and writes `OUT.refit.csv`: for every series
//! where the choices differ, the reference's model fitted alone by our optimiser
//! (`ets::fit_with`, same options) and our chosen model likewise, with their AICc (for
//! `scripts/ets_agreement.py`). (A figures script, not a test: speed is measured, never
//! asserted.)
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use attune_engine::forecast::ets::{
    self, Bounds, ErrorType, EtsOptions, EtsSpec, Optimizer, SeasonType, TrendType,
};

struct Meta {
    group: String,
    m: usize,
    h: usize,
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(out)) = (args.get(1), args.get(2)) else {
        return Err(
            "usage: ets_tourism DATA_DIR OUT.csv [both|both-nocap|usual|joint|sf|sf-alt] [MAX_ITER] [REFERENCE.models.csv]"
                .into(),
        );
    };
    let bounds = match args.get(3).map(String::as_str) {
        None | Some("both") => Bounds::Both,
        Some("usual") => Bounds::Usual,
        Some("sf" | "sf-alt") => Bounds::StatsforecastCompat,
        Some("both-nocap" | "joint") => Bounds::Both,
        Some(other) => return Err(format!("unknown bounds {other:?}")),
    };
    let mut options = EtsOptions {
        bounds,
        ..EtsOptions::default()
    };
    match args.get(3).map(String::as_str) {
        Some("both-nocap") => options.cap_beta = false,
        Some("sf" | "joint") => options.optimizer = Optimizer::Joint,
        _ => {}
    }
    if let Some(it) = args.get(4) {
        options.max_iter = it.parse().map_err(|_| format!("bad MAX_ITER {it:?}"))?;
    }

    let meta_text = read(&format!("{dir}/meta.csv"))?;
    let mut lines = meta_text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or(format!("meta.csv has no {name} column"))
    };
    let (c_id, c_group, c_m, c_h) = (
        col("series_id")?,
        col("group")?,
        col("season_length")?,
        col("horizon")?,
    );
    let mut meta = BTreeMap::new();
    for (i, line) in lines.enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        let get = |c: usize| {
            f.get(c)
                .copied()
                .ok_or(format!("meta.csv line {}: too few fields", i + 2))
        };
        let num = |c: usize| -> Result<usize, String> {
            get(c)?
                .parse()
                .map_err(|_| format!("meta.csv line {}: not a number", i + 2))
        };
        meta.insert(
            get(c_id)?.to_string(),
            Meta {
                group: get(c_group)?.to_string(),
                m: num(c_m)?,
                h: num(c_h)?,
            },
        );
    }

    let train = read(&format!("{dir}/train.csv"))?;
    let mut series: BTreeMap<String, Vec<(usize, f64)>> = BTreeMap::new();
    for (i, line) in train.lines().enumerate().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (Some(id), Some(p), Some(v)) = (f.first(), f.get(1), f.get(2)) else {
            return Err(format!("train.csv line {}: too few fields", i + 1));
        };
        let p: usize = p
            .parse()
            .map_err(|_| format!("train.csv line {}: bad period", i + 1))?;
        let v: f64 = v
            .parse()
            .map_err(|_| format!("train.csv line {}: bad value", i + 1))?;
        series.entry((*id).to_string()).or_default().push((p, v));
    }

    let mut csv = String::from("series_id,step,forecast\n");
    let mut models = String::from("series_id,group,model,alpha,beta,gamma,phi,aicc\n");
    let mut time: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    let mut chosen: BTreeMap<String, usize> = BTreeMap::new();
    let mut picked: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut histories: BTreeMap<String, (Vec<f64>, usize, f64)> = BTreeMap::new();
    let total = Instant::now();
    for (id, mut points) in series {
        let Some(info) = meta.get(&id) else {
            return Err(format!("series {id} is not in meta.csv"));
        };
        points.sort_by_key(|(p, _)| *p);
        let y: Vec<f64> = points.iter().map(|(_, v)| *v).collect();
        let t = Instant::now();
        let fit = ets::auto_with(&y, info.m, &options);
        let point = match &fit {
            Ok(model) => model.predict(info.h, &[]).point,
            Err(e) => {
                eprintln!("{id}: {e}; last value used");
                vec![y.last().copied().unwrap_or(0.0); info.h]
            }
        };
        let secs = t.elapsed().as_secs_f64();
        let entry = time.entry(info.group.clone()).or_insert((0.0, 0));
        entry.0 += secs;
        entry.1 += 1;
        for (k, p) in point.iter().enumerate() {
            let _ = writeln!(csv, "{id},{},{p}", k + 1);
        }
        if let Ok(model) = &fit {
            histories.insert(
                id.clone(),
                (y.clone(), info.m, model.aicc().unwrap_or(f64::NAN)),
            );
            picked.insert(id.clone(), (info.group.clone(), model.spec().to_string()));
            *chosen.entry(model.spec().to_string()).or_default() += 1;
            let _ = writeln!(
                models,
                "{id},{},\"{}\",{},{},{},{},{}",
                info.group,
                model.spec(),
                model.alpha(),
                model.beta(),
                model.gamma(),
                model.phi(),
                model.aicc().unwrap_or(f64::NAN)
            );
        }
    }
    let all = total.elapsed().as_secs_f64();
    std::fs::write(out, csv).map_err(|e| format!("{out}: {e}"))?;
    let models_path = format!("{}.models.csv", out.trim_end_matches(".csv"));
    std::fs::write(&models_path, models).map_err(|e| format!("{models_path}: {e}"))?;
    println!(
        "bounds {bounds:?}, optimizer {:?}, max_iter {}",
        options.optimizer, options.max_iter
    );
    for (group, (secs, n)) in &time {
        println!(
            "{group:>10}: {n:>4} series, {:>8.2} ms per series",
            secs * 1e3 / *n as f64
        );
    }
    let n: usize = time.values().map(|(_, n)| n).sum();
    println!(
        "       all: {n:>4} series, {all:.3} s total, {:.2} ms per series",
        all * 1e3 / n as f64
    );
    let mut counts: Vec<_> = chosen.into_iter().collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let summary: Vec<String> = counts.iter().map(|(s, c)| format!("{s} {c}")).collect();
    println!("models: {}", summary.join(", "));
    if let Some(reference) = args.get(5) {
        agreement(reference, &picked)?;
        let refit_path = format!("{}.refit.csv", out.trim_end_matches(".csv"));
        refit(reference, &refit_path, &picked, &histories, &options)?;
    }
    Ok(())
}

/// `ETS(M,Ad,M)` back to its spec.
fn parse_spec(s: &str) -> Option<EtsSpec> {
    let inner = s.strip_prefix("ETS(")?.strip_suffix(')')?;
    let mut parts = inner.split(',');
    let error = match parts.next()? {
        "A" => ErrorType::Additive,
        "M" => ErrorType::Multiplicative,
        _ => return None,
    };
    let trend = match parts.next()? {
        "N" => TrendType::None,
        "A" => TrendType::Additive,
        "Ad" => TrendType::AdditiveDamped,
        _ => return None,
    };
    let season = match parts.next()? {
        "N" => SeasonType::None,
        "A" => SeasonType::Additive,
        "M" => SeasonType::Multiplicative,
        _ => return None,
    };
    Some(EtsSpec::new(error, trend, season))
}

/// Writes, for every series whose chosen model differs from the reference's, the AICc of
/// both models fitted alone by our optimiser, beside the AICc `auto` found for ours.
fn refit(
    reference: &str,
    out: &str,
    picked: &BTreeMap<String, (String, String)>,
    histories: &BTreeMap<String, (Vec<f64>, usize, f64)>,
    options: &EtsOptions,
) -> Result<(), String> {
    let mut r = csv::Reader::from_path(reference).map_err(|e| format!("{reference}: {e}"))?;
    let mut text = String::from(
        "series_id,group,ours_model,ours_aicc_auto,ours_aicc_refit,ref_model,ref_aicc_ours\n",
    );
    let aicc = |y: &[f64], m: usize, spec: EtsSpec| {
        ets::fit_with(y, m, spec, options)
            .ok()
            .and_then(|f| f.aicc())
            .map_or(String::new(), |a| a.to_string())
    };
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{reference}: {e}"))?;
        let (Some(id), Some(theirs)) = (rec.get(0), rec.get(2)) else {
            continue;
        };
        let (Some((group, mine)), Some((y, m, auto_aicc))) = (picked.get(id), histories.get(id))
        else {
            continue;
        };
        if mine == theirs {
            continue;
        }
        let (Some(their_spec), Some(my_spec)) = (parse_spec(theirs), parse_spec(mine)) else {
            continue;
        };
        let _ = writeln!(
            text,
            "{id},{group},\"{mine}\",{auto_aicc},{},\"{theirs}\",{}",
            aicc(y, *m, my_spec),
            aicc(y, *m, their_spec)
        );
    }
    std::fs::write(out, text).map_err(|e| format!("{out}: {e}"))
}

/// Prints, by group, how many series got the same model as in `path` (a models file).
fn agreement(path: &str, picked: &BTreeMap<String, (String, String)>) -> Result<(), String> {
    let mut r = csv::Reader::from_path(path).map_err(|e| format!("{path}: {e}"))?;
    // group -> (same, compared)
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{path}: {e}"))?;
        let (Some(id), Some(model)) = (rec.get(0), rec.get(2)) else {
            continue;
        };
        if let Some((group, mine)) = picked.get(id) {
            for g in [group.as_str(), "all"] {
                let t = tally.entry(g.to_string()).or_default();
                t.0 += usize::from(mine == model);
                t.1 += 1;
            }
        }
    }
    let parts: Vec<String> = tally
        .iter()
        .map(|(g, (same, n))| {
            format!(
                "{g} {same}/{n} ({:.1} %)",
                100.0 * *same as f64 / (*n).max(1) as f64
            )
        })
        .collect();
    println!("same model as {path}: {}", parts.join(", "));
    Ok(())
}
