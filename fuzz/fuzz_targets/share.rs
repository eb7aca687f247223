//! Fuzz target: any bytes, decoded as a share link, and read as a document that is then
//! put in a link. Nothing may panic (no unbounded inflate, no bad slicing), and a
//! workspace that fits in a link must come back from it unchanged.
#![no_main]

use attune_engine::document::{read_document, Document};
use attune_engine::share::{decode, encode};
use libfuzzer_sys::fuzz_target;

fn round_trip(doc: &Document) {
    // Too large for a link is an answer, not a failure.
    if let Ok(link) = encode(doc) {
        let again = decode(&link).expect("a link encode wrote decodes");
        assert_eq!(&again, doc, "the workspace changed on its way through a link");
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(doc) = decode(&text) {
        round_trip(&doc);
    }
    if let Ok(doc) = read_document(&text) {
        round_trip(&doc);
    }
});
