//! The demo province, embedded in the binary so that `tvetplan run` and `tvetplan validate`
//! work from any folder. The files are the committed `datasets/demo/` (made by
//! `tvetplan generate --preset demo --seed 7`; a test checks they match the generator).

/// The seed the committed demo was generated with.
pub const SEED: u64 = 7;

pub(crate) const FILES: &[(&str, &[u8])] = &[
    ("areas.csv", include_bytes!("../datasets/demo/areas.csv")),
    ("facilities.csv", include_bytes!("../datasets/demo/facilities.csv")),
    ("programs.csv", include_bytes!("../datasets/demo/programs.csv")),
    ("enrolment.csv", include_bytes!("../datasets/demo/enrolment.csv")),
    ("demand.csv", include_bytes!("../datasets/demo/demand.csv")),
    ("occupations.csv", include_bytes!("../datasets/demo/occupations.csv")),
    ("targets.csv", include_bytes!("../datasets/demo/targets.csv")),
    ("history.csv", include_bytes!("../datasets/demo/history.csv")),
    ("travel.csv", include_bytes!("../datasets/demo/travel.csv")),
    ("succession.csv", include_bytes!("../datasets/demo/succession.csv")),
    ("areas.geojson", include_bytes!("../datasets/demo/areas.geojson")),
];

/// The example scenarios of `datasets/demo/scenarios/`, run by `tvetplan run` with no
/// arguments.
pub(crate) const SCENARIOS: &[(&str, &str)] = &[
    ("baseline.toml", include_str!("../datasets/demo/scenarios/baseline.toml")),
    ("max-3-public-schools.toml", include_str!("../datasets/demo/scenarios/max-3-public-schools.toml")),
    ("merge-small-centres.toml", include_str!("../datasets/demo/scenarios/merge-small-centres.toml")),
    ("rural-push.toml", include_str!("../datasets/demo/scenarios/rural-push.toml")),
];
