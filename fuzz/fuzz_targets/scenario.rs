//! Any text given as a scenario file, checked against the demo province: located errors,
//! never a panic; what is accepted also runs (actions applied, no optimisation).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tvetplan::load::DataSource;
use tvetplan::model::Dataset;
use tvetplan::scenario::Scenario;

fn demo() -> &'static Dataset {
    static DEMO: OnceLock<Dataset> = OnceLock::new();
    DEMO.get_or_init(|| tvetplan::pipeline::validate_only(&DataSource::Embedded).expect("the demo validates").dataset)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(mut scenario) = Scenario::from_toml("fuzz.toml", text, demo()) {
        // The optimiser and large uncertainty runs are slow, not unsafe: keep runs short.
        scenario.optimise = None;
        scenario.uncertainty = None;
        let _ = tvetplan::scenario::run(demo(), &scenario);
    }
});
