//! Fuzz target: any bytes, read as a dropped file, then detected and checked with every
//! mapping option the page offers. Nothing may panic, and whatever is imported must be
//! finite.
#![no_main]

use attune_engine::calendar::DateOrder;
use attune_engine::import::dataset::check;
use attune_engine::import::mapping::{detect, GapFill};
use attune_engine::import::read_file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(sheets) = read_file("fuzz.csv", data) else { return };
    for (_, table) in sheets {
        let mut mapping = detect(&table);
        for (order, gaps) in [(DateOrder::Auto, GapFill::Zero), (DateOrder::MonthFirst, GapFill::Missing)] {
            mapping.date_order = order;
            mapping.gaps = gaps;
            if let Ok(import) = check(&table, &mapping, "fuzz", None) {
                for item in &import.dataset.items {
                    assert!(item.values.iter().flatten().all(|v| v.is_finite()));
                    assert!(item.to_series().values.iter().all(|v| v.is_finite()));
                }
            }
        }
    }
});
