//! Builders for tiny in-memory datasets used by the unit tests of every stage.

use crate::model::*;

pub(crate) fn area(id: &str, lat: f64, lon: f64, difficult: bool) -> Area {
    Area {
        area_id: id.into(),
        name: id.into(),
        province_id: "P".into(),
        province_name: None,
        kind: None,
        urban: false,
        difficult,
        lat,
        lon,
        population: 1000.0,
        working_age: None,
        labour_force: 600.0,
        unemployed: None,
        trained: None,
        certified: None,
        households: None,
        poor_households: None,
        poor_households_prev: None,
    }
}

pub(crate) fn facility(id: &str, lat: f64, lon: f64) -> Facility {
    Facility {
        facility_id: id.into(),
        name: id.into(),
        kind: FacilityKind::Centre,
        ownership: Ownership::Public,
        self_financing: false,
        area_id: "A".into(),
        lat,
        lon,
        capacity: 100.0,
        teachers: None,
        annual_cost_mvnd: 1000.0,
        fixed_cost_mvnd: None,
    }
}

pub(crate) fn occupation(code: &str, sector: Sector) -> Occupation {
    Occupation { code: code.into(), name_vi: code.into(), name_en: code.into(), sector, isco: None }
}

pub(crate) fn enrolment(year: i32, facility: &str, occupation: &str, intake: f64, graduates: f64) -> Enrolment {
    let short_course = program(facility, occupation, Level::Short, 0.0);
    Enrolment { graduates: Some(graduates), ..Enrolment::of_program(&short_course, year, intake) }
}

pub(crate) fn demand(year: i32, area: &str, occupation: &str, openings: f64) -> Demand {
    Demand {
        year,
        scope: DemandScope::Area(area.into()),
        occupation: occupation.into(),
        openings,
        level: None,
        source: None,
    }
}

pub(crate) fn program(facility: &str, occupation: &str, level: Level, places: f64) -> Program {
    Program { facility_id: facility.into(), occupation: occupation.into(), level, places }
}

/// The property tests' configuration: a fixed seed, so that a failure shows up again on the
/// next run and on every machine (`PROPTEST_RNG_SEED=n` still picks another one), and
/// failing cases persisted under `proptest-regressions/` beside the source, to be committed.
pub(crate) fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};
    const SEED: u64 = 20_251_127;
    let default = Config::default();
    let rng_seed = match default.rng_seed {
        RngSeed::Random => RngSeed::Fixed(SEED),
        chosen => chosen,
    };
    Config {
        cases,
        rng_seed,
        failure_persistence: Some(Box::new(FileFailurePersistence::SourceParallel("proptest-regressions"))),
        ..default
    }
}
