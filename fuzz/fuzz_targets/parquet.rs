//! Any bytes given as a Parquet table: an error or a table, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tvetplan::error::Issues;
use tvetplan::load::table;

fuzz_target!(|data: &[u8]| {
    let mut issues = Issues::default();
    let _ = table::read_parquet("facilities.parquet", data, &mut issues);
});
