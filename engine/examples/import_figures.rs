//! Prints how fast the importer reads a large long-layout CSV, and how much memory it
//! takes: `cargo run --release -p attune-engine --example import_figures [ROWS]`.
//! (A figures script, not a test: speed is measured, never asserted.)
#![allow(clippy::print_stdout)]

use std::fmt::Write as _;
use std::time::Instant;

use attune_engine::import::import_bytes;

/// Peak resident memory of this process so far, in MB (Linux).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    // 2,000 SKUs in 20 families, daily transactions over 500 days, a customer and a price.
    let mut csv = String::with_capacity(rows * 56);
    csv.push_str("sku,family,customer,date,qty,price\n");
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for i in 0..rows {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let sku = i % 2000;
        let day = (i / 2000) % 500;
        let (y, doy) = (2023 + day / 365, day % 365);
        let (m, d) = (doy / 31 + 1, doy % 28 + 1);
        let _ = writeln!(
            csv,
            "SKU-{sku:05},Family {:02},CUST-{:04},{y}-{m:02}-{d:02},{}.{:02},{}.99",
            sku % 20,
            state % 5000,
            state % 200,
            state % 100,
            10 + sku % 90
        );
    }
    let bytes = csv.into_bytes();
    let mb = bytes.len() as f64 / 1e6;
    let before = peak_mb();
    let start = Instant::now();
    let import = import_bytes(&bytes, "bench", None);
    let seconds = start.elapsed().as_secs_f64();
    let peak = peak_mb();
    match import {
        Ok(d) => println!(
            "import: {rows} rows, {mb:.1} MB in {seconds:.2} s ({:.0} rows/s); {} items × {} {} periods; peak memory {peak:.0} MB ({:.1}× the file; {before:.0} MB before)",
            rows as f64 / seconds,
            d.summary.items,
            d.summary.periods,
            d.dataset.granularity.adjective(),
            peak / mb
        ),
        Err(e) => println!("import failed: {e}"),
    }
}
