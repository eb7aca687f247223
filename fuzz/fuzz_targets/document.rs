//! Fuzz target: any bytes, read as a `.attune.json` document. Nothing may panic, a
//! document that reads must write JSON that reads back as the same document, and its
//! S&OP review (small plans only, to keep each run short) is a result or a reason —
//! with every KPI finite.
#![no_main]

use attune_engine::document::read_document;
use attune_engine::plan::aggregate::PlanOptions;
use attune_engine::review::{review, ReviewOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(doc) = read_document(&text) {
        let json = doc.to_json().expect("a document that reads can be written");
        let again = read_document(&json).expect("a written document reads back");
        assert_eq!(again, doc, "the document changed on its way through JSON:\n{json}");
        let small = doc.aggregate_plan.as_ref().is_none_or(|p| p.periods.len() <= 24);
        if small {
            let options = ReviewOptions {
                plan: PlanOptions {
                    time_limit_seconds: 0.5,
                },
                ..ReviewOptions::default()
            };
            if let Ok(r) = review(&doc, &options) {
                for k in &r.report.kpis {
                    assert!(k.value.is_none_or(f64::is_finite), "{k:?}");
                    assert!(k.amount.is_none_or(f64::is_finite), "{k:?}");
                }
            }
        }
    }
});
