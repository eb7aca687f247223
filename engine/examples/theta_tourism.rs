//! Runs Theta (statsforecast's `Theta`, i.e. the standard model) or AutoTheta on every
//! series of a competition data set laid out like `/work/shared/data/tourism`
//! (`train.csv`: series_id,period,value; `meta.csv`: series_id,group,season_length,
//! horizon,…), writes `series_id,step,forecast`, and prints the fitting time per series:
//!
//! `cargo run --release -p attune-engine --example theta_tourism -- DATA_DIR OUT.csv [standard|auto]`
//!
//! Score with `python3 /work/shared/data/score.py --dataset tourism --data-dir
//! /work/shared/data OUT.csv`. (A figures script, not a test: speed is measured, never
//! asserted.)
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;
use std::time::Instant;

use attune_engine::forecast::theta::{auto, fit, ThetaVariant};

struct Meta {
    group: String,
    season_length: usize,
    horizon: usize,
}

fn read_meta(path: &Path) -> Result<BTreeMap<String, Meta>, Box<dyn Error>> {
    let mut r = csv::Reader::from_path(path)?;
    let headers = r.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("{}: no column \"{name}\"", path.display()))
    };
    let (id, group, m, h) = (
        col("series_id")?,
        col("group")?,
        col("season_length")?,
        col("horizon")?,
    );
    let mut out = BTreeMap::new();
    for rec in r.records() {
        let rec = rec?;
        out.insert(
            rec[id].to_string(),
            Meta {
                group: rec[group].to_string(),
                season_length: rec[m].parse()?,
                horizon: rec[h].parse()?,
            },
        );
    }
    Ok(out)
}

/// (period, value) pairs per series.
type Histories = BTreeMap<String, Vec<(usize, f64)>>;

/// Values per series, ordered by period.
fn read_train(path: &Path) -> Result<Histories, Box<dyn Error>> {
    let mut r = csv::Reader::from_path(path)?;
    let mut out = Histories::new();
    for rec in r.records() {
        let rec = rec?;
        out.entry(rec[0].to_string())
            .or_default()
            .push((rec[1].parse()?, rec[2].parse()?));
    }
    for v in out.values_mut() {
        v.sort_by_key(|(p, _)| *p);
    }
    Ok(out)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(out_path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: theta_tourism DATA_DIR OUT.csv [standard|auto]");
        std::process::exit(2);
    };
    let automatic = match args.get(3).map(String::as_str) {
        None | Some("standard") => false,
        Some("auto") => true,
        Some(other) => return Err(format!("unknown mode \"{other}\"").into()),
    };
    let dir = Path::new(dir);
    let meta = read_meta(&dir.join("meta.csv"))?;
    let train = read_train(&dir.join("train.csv"))?;

    let mut w = csv::Writer::from_path(out_path)?;
    w.write_record(["series_id", "step", "forecast"])?;
    // Per group: fit+predict times in µs, variants chosen, seasonal adjustments.
    let mut times: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut chosen: BTreeMap<(String, &'static str), usize> = BTreeMap::new();
    let mut adjusted: BTreeMap<String, usize> = BTreeMap::new();
    for (id, rows) in &train {
        let Some(info) = meta.get(id) else {
            return Err(format!("series {id} is not in meta.csv").into());
        };
        let y: Vec<f64> = rows.iter().map(|(_, v)| *v).collect();
        let start = Instant::now();
        let model = if automatic {
            auto(&y, info.season_length)
        } else {
            fit(&y, info.season_length, ThetaVariant::Standard)
        }
        .map_err(|e| format!("series {id}: {e}"))?;
        let f = model.predict(info.horizon, &[])?;
        let micros = start.elapsed().as_secs_f64() * 1e6;
        times.entry(info.group.clone()).or_default().push(micros);
        *chosen
            .entry((info.group.clone(), model.variant().name()))
            .or_default() += 1;
        if model.seasonally_adjusted() {
            *adjusted.entry(info.group.clone()).or_default() += 1;
        }
        for (step, v) in f.point.iter().enumerate() {
            w.write_record([id.clone(), (step + 1).to_string(), v.to_string()])?;
        }
    }
    w.flush()?;

    println!(
        "{} ({}), time per series (fit + predict, one core):",
        if automatic { "AutoTheta" } else { "Theta" },
        out_path
    );
    let mut all: Vec<f64> = Vec::new();
    for (group, t) in &mut times {
        t.sort_by(f64::total_cmp);
        let mean = t.iter().sum::<f64>() / t.len() as f64;
        println!(
            "  {group:<10} {:>4} series  mean {mean:>7.1} µs  median {:>7.1} µs  max {:>7.1} µs  seasonally adjusted {}",
            t.len(),
            t[t.len() / 2],
            t[t.len() - 1],
            adjusted.get(group).copied().unwrap_or(0)
        );
        all.extend(t.iter());
    }
    let mean = all.iter().sum::<f64>() / all.len().max(1) as f64;
    println!(
        "  {:<10} {:>4} series  mean {mean:>7.1} µs",
        "ALL",
        all.len()
    );
    if automatic {
        println!("  variants chosen:");
        for ((group, name), count) in &chosen {
            println!("    {group:<10} {name:<5} {count}");
        }
    }
    Ok(())
}
