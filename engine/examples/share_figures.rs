//! How long writing a large workspace takes, and how big it is, as the app's autosave
//! writes it: ITEMS monthly SKUs × 5 years in the data section, as JSON and as a
//! compressed link code. (A figures script, not a test.)
//!
//! ```text
//! cargo run --release -p attune-engine --example share_figures -- [ITEMS]
//! ```
#![allow(clippy::print_stdout)]

use std::fmt::Write as _;
use std::time::Instant;

use attune_engine::document::{DataSection, Document};
use attune_engine::import::import_text;
use attune_engine::share;

fn main() -> Result<(), String> {
    let items: usize = std::env::args().nth(1).map_or(Ok(10_000), |a| {
        a.parse().map_err(|_| format!("bad ITEMS {a:?}"))
    })?;
    let mut csv = String::from("sku,family,month,qty\n");
    for i in 0..items {
        for t in 0..60 {
            let q = 20 + (i % 97) * 3 + (i * 31 + t * 17) % 11;
            let _ = writeln!(
                csv,
                "SKU-{i:05},F{},{}-{:02},{q}",
                i % 25,
                2021 + t / 12,
                t % 12 + 1
            );
        }
    }
    let import = import_text(&csv, "bench", None).map_err(|e| e.to_string())?;
    let start = Instant::now();
    let doc = Document {
        data: Some(DataSection::from_dataset(&import.dataset)),
        ..Document::default()
    };
    let built = start.elapsed();
    let start = Instant::now();
    let json = serde_json::to_string(&doc).map_err(|e| e.to_string())?;
    let written = start.elapsed();
    levels(&json);
    let start = Instant::now();
    let link = share::encode(&doc);
    let packed = start.elapsed();
    println!(
        "{items} items: data section built in {:.2} s; JSON {:.1} MB in {:.2} s; compressed {} in {:.2} s",
        built.as_secs_f64(),
        json.len() as f64 / 1e6,
        written.as_secs_f64(),
        match &link {
            Ok(code) => format!("{:.1} MB", code.len() as f64 / 1e6),
            Err(e) => e.to_string(),
        },
        packed.as_secs_f64()
    );
    Ok(())
}
#[allow(dead_code)]
fn levels(json: &str) {
    for level in [1u8, 3, 6, 9] {
        let start = Instant::now();
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), level);
        println!(
            "level {level}: {:.1} MB in {:.2} s",
            packed.len() as f64 * 4.0 / 3.0 / 1e6,
            start.elapsed().as_secs_f64()
        );
    }
}
