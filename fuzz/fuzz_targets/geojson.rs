//! Any bytes given as areas.geojson: located errors, and polygon checks that never panic.
#![no_main]

use geo::Validation;
use libfuzzer_sys::fuzz_target;
use tvetplan::error::Issues;
use tvetplan::load::geojson;

fuzz_target!(|data: &[u8]| {
    let mut issues = Issues::default();
    for shape in geojson::read_shapes("areas.geojson", data, &mut issues) {
        let _ = shape.polygons.validation_errors();
    }
});
