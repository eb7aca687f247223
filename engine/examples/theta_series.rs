//! Fits Theta to one series read from stdin (one value per line) and prints, per step,
//! the point forecast and the 80 % and 95 % intervals — for comparing with another
//! implementation by hand:
//!
//! `cargo run --release -p attune-engine --example theta_series -- M H [standard|optimised|dstm|dotm|auto] < values.txt`
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::error::Error;
use std::io::Read as _;

use attune_engine::forecast::theta::{auto, fit, ThetaVariant};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(m), Some(h)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: theta_series M H [standard|optimised|dstm|dotm|auto] < values");
        std::process::exit(2);
    };
    let (m, h): (usize, usize) = (m.parse()?, h.parse()?);
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let y = text
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<Vec<f64>, _>>()?;
    let variant = match args.get(3).map(String::as_str) {
        None | Some("standard") => Some(ThetaVariant::Standard),
        Some("optimised") => Some(ThetaVariant::Optimised),
        Some("dstm") => Some(ThetaVariant::DynamicStandard),
        Some("dotm") => Some(ThetaVariant::DynamicOptimised),
        Some("auto") => None,
        Some(other) => return Err(format!("unknown variant \"{other}\"").into()),
    };
    let model = match variant {
        Some(v) => fit(&y, m, v)?,
        None => auto(&y, m)?,
    };
    println!(
        "variant {} alpha {} theta {} level0 {} criterion {} sigma {} seasonal {}",
        model.variant().name(),
        model.alpha(),
        model.theta(),
        model.initial_level(),
        model.criterion(),
        model.sigma(),
        model.seasonally_adjusted()
    );
    let f = model.predict(h, &[80.0, 95.0])?;
    for j in 0..h {
        println!(
            "{} {} {} {} {} {}",
            j + 1,
            f.point[j],
            f.intervals[0].lo[j],
            f.intervals[0].hi[j],
            f.intervals[1].lo[j],
            f.intervals[1].hi[j]
        );
    }
    Ok(())
}
