//! Any bytes given as a CSV table: the loader reports problems, it never panics; what it
//! accepts, validation checks as the areas table without panicking either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tvetplan::error::Issues;
use tvetplan::load::{RawDataset, table};

fuzz_target!(|data: &[u8]| {
    let mut issues = Issues::default();
    if let Some(t) = table::read_csv("areas.csv", data, &mut issues) {
        let mut raw = RawDataset::default();
        raw.tables.insert("areas".into(), t);
        let _ = tvetplan::validate::validate(&raw, issues);
    }
});
