//! Writes the forecasts of each component method (AutoETS, the four Theta models,
//! AutoTheta, naive, seasonal naive) for every series of a data set laid out like
//! `/work/shared/data/tourism`, twice: from the whole history (`test`, scored against the
//! held-out values) and from the history less its last `horizon` values (`holdout`,
//! scored against those), so that combinations and selection rules can be compared
//! offline without fitting again:
//!
//! `cargo run --release -p attune-engine --example combine_tourism -- DATA_DIR OUT.csv`
//!
//! OUT.csv: `series_id,kind,method,step,forecast`. (A figures script, not a test.)
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;
use std::time::Instant;

use attune_engine::forecast::{ets, naive, seasonal_naive, theta};

/// (group, season length, horizon) per series.
type Meta = BTreeMap<String, (String, usize, usize)>;

fn read_meta(path: &Path) -> Result<Meta, Box<dyn Error>> {
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
    let mut out = Meta::new();
    for rec in r.records() {
        let rec = rec?;
        out.insert(
            rec[id].to_string(),
            (rec[group].to_string(), rec[m].parse()?, rec[h].parse()?),
        );
    }
    Ok(out)
}

fn read_train(path: &Path) -> Result<BTreeMap<String, Vec<f64>>, Box<dyn Error>> {
    let mut r = csv::Reader::from_path(path)?;
    let mut rows: BTreeMap<String, Vec<(usize, f64)>> = BTreeMap::new();
    for rec in r.records() {
        let rec = rec?;
        rows.entry(rec[0].to_string())
            .or_default()
            .push((rec[1].parse()?, rec[2].parse()?));
    }
    Ok(rows
        .into_iter()
        .map(|(k, mut v)| {
            v.sort_by_key(|(p, _)| *p);
            (k, v.into_iter().map(|(_, x)| x).collect())
        })
        .collect())
}

/// Each method's point forecasts (`None` when it cannot fit), and the seconds it took.
fn components(y: &[f64], m: usize, h: usize) -> Vec<(&'static str, Option<Vec<f64>>, f64)> {
    let mut out = Vec::new();
    let mut run = |name: &'static str, f: &dyn Fn() -> Option<Vec<f64>>| {
        let t = Instant::now();
        let v = f();
        out.push((name, v, t.elapsed().as_secs_f64()));
    };
    run("ets", &|| {
        ets::auto(y, m).ok().map(|e| e.predict(h, &[]).point)
    });
    // AutoETS without the undamped linear trend: the lowest AICc among the models with no
    // trend or a damped one.
    run("ets_damped", &|| {
        ets::EtsSpec::CANDIDATES
            .iter()
            .filter(|s| s.trend != ets::TrendType::Additive)
            .filter(|s| m > 1 || s.season == ets::SeasonType::None)
            .filter_map(|s| ets::fit(y, m, *s).ok())
            .filter_map(|e| e.aicc().map(|a| (a, e)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, e)| e.predict(h, &[]).point)
    });
    for v in theta::ThetaVariant::ALL {
        let name = match v {
            theta::ThetaVariant::Standard => "stm",
            theta::ThetaVariant::Optimised => "otm",
            theta::ThetaVariant::DynamicStandard => "dstm",
            theta::ThetaVariant::DynamicOptimised => "dotm",
        };
        run(name, &|| {
            theta::fit(y, m, v)
                .ok()
                .and_then(|t| t.predict(h, &[]).ok())
                .map(|f| f.point)
        });
    }
    run("auto_theta", &|| {
        theta::auto(y, m)
            .ok()
            .and_then(|t| t.predict(h, &[]).ok())
            .map(|f| f.point)
    });
    run("naive", &|| {
        let f = naive(y);
        Some((1..=h).map(|k| f.point(k)).collect())
    });
    run("snaive", &|| {
        let f = seasonal_naive(y, m);
        Some((1..=h).map(|k| f.point(k)).collect())
    });
    out
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(out_path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: combine_tourism DATA_DIR OUT.csv");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let meta = read_meta(&dir.join("meta.csv"))?;
    let train = read_train(&dir.join("train.csv"))?;
    let mut w = csv::Writer::from_path(out_path)?;
    w.write_record(["series_id", "kind", "method", "step", "forecast"])?;
    let mut seconds: BTreeMap<(String, &'static str), f64> = BTreeMap::new();
    for (id, y) in &train {
        let Some((group, m, h)) = meta.get(id) else {
            return Err(format!("series {id} is not in meta.csv").into());
        };
        let mut runs = vec![("test", &y[..])];
        if y.len() > h + 2 * m.max(&2) {
            runs.push(("holdout", &y[..y.len() - h]));
        }
        for (kind, history) in runs {
            for (method, point, secs) in components(history, *m, *h) {
                if kind == "test" {
                    *seconds.entry((group.clone(), method)).or_default() += secs;
                }
                let point =
                    point.unwrap_or_else(|| vec![history.last().copied().unwrap_or(0.0); *h]);
                for (k, v) in point.iter().enumerate() {
                    w.write_record([id, kind, method, &(k + 1).to_string(), &v.to_string()])?;
                }
            }
        }
    }
    w.flush()?;
    for ((group, method), secs) in &seconds {
        println!("{group:>10} {method:>10}: {:.3} s", secs);
    }
    Ok(())
}
