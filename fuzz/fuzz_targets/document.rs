//! Fuzz target: any bytes, read as a `.attune.json` document. Nothing may panic, and a
//! document that reads must write JSON that reads back as the same document.
#![no_main]

use attune_engine::document::read_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(doc) = read_document(&text) {
        let json = doc.to_json().expect("a document that reads can be written");
        let again = read_document(&json).expect("a written document reads back");
        assert_eq!(again, doc, "the document changed on its way through JSON:\n{json}");
    }
});
