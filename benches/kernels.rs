//! Criterion benchmarks of the kernels (`cargo bench --bench kernels`; not tests).

use criterion::{Criterion, criterion_group, criterion_main};
use tvetplan::access::{AccessSettings, travel_matrix};
use tvetplan::load::DataSource;
use tvetplan::model::{Area, Facility, FacilityKind, Ownership};
use tvetplan::optimise::{Method, Model, SolveOptions, orlib, solve};
use tvetplan::rng::Rng;
use tvetplan::score::{DemandGrowth, ScoreInput, ScoreSettings, TargetOverrides, score};

fn national_points(n_areas: usize, n_facilities: usize) -> (Vec<Area>, Vec<Facility>) {
    let mut rng = Rng::new(42);
    let mut point = || (rng.uniform(8.6, 23.3), rng.uniform(102.2, 109.4));
    let areas = (0..n_areas)
        .map(|i| {
            let (lat, lon) = point();
            Area {
                area_id: format!("{i:05}"),
                name: String::new(),
                province_id: "00".into(),
                province_name: None,
                kind: None,
                urban: false,
                difficult: i % 7 == 0,
                lat,
                lon,
                population: 10_000.0,
                working_age: None,
                labour_force: 6_000.0,
                unemployed: None,
                trained: None,
                certified: None,
                households: None,
                poor_households: None,
                poor_households_prev: None,
            }
        })
        .collect();
    let facilities = (0..n_facilities)
        .map(|j| {
            let (lat, lon) = point();
            Facility {
                facility_id: format!("F{j}"),
                name: String::new(),
                kind: FacilityKind::Centre,
                ownership: Ownership::Public,
                self_financing: false,
                area_id: "00000".into(),
                lat,
                lon,
                capacity: 500.0,
                teachers: None,
                annual_cost_mvnd: 3000.0,
                fixed_cost_mvnd: None,
            }
        })
        .collect();
    (areas, facilities)
}

fn access_matrix(c: &mut Criterion) {
    let (areas, facilities) = national_points(3321, 2000);
    let settings = AccessSettings::default();
    let mut group = c.benchmark_group("access");
    group.sample_size(20);
    group.bench_function("travel_matrix_3321x2000", |b| b.iter(|| travel_matrix(&areas, &facilities, &[], &settings)));
    group.finish();
}

fn scoring(c: &mut Criterion) {
    let data = tvetplan::pipeline::validate_only(&DataSource::Embedded).expect("the demo validates");
    let ds = data.dataset;
    let matrix = travel_matrix(&ds.areas, &ds.facilities, &ds.travel, &AccessSettings::default());
    let (settings, growth, targets) = (ScoreSettings::default(), DemandGrowth::default(), TargetOverrides::default());
    let input = ScoreInput {
        base_year: 2025,
        horizon: 2030,
        settings: &settings,
        growth: &growth,
        targets: &targets,
        flows: None,
        access: &AccessSettings::default(),
    };
    let mut group = c.benchmark_group("score");
    group.sample_size(20);
    group.bench_function("demo_province", |b| b.iter(|| score(&ds, &matrix, &input)));
    group.bench_function("load_and_validate_demo", |b| {
        b.iter(|| tvetplan::pipeline::validate_only(&DataSource::Embedded))
    });
    group.finish();
}

fn optimisation(c: &mut Criterion) {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/orlib/pmed10.txt")).expect("pmed10");
    let (problem, p) = orlib::parse(&text).expect("valid instance");
    let mut group = c.benchmark_group("optimise");
    group.sample_size(10);
    group.bench_function("pmed10_heuristic", |b| {
        b.iter(|| {
            solve(
                &problem,
                &Model::PMedian { p },
                &SolveOptions { method: Method::Heuristic, time_limit_s: 60.0, seed: 1 },
            )
        })
    });
    group.bench_function("pmed10_exact", |b| {
        b.iter(|| {
            solve(&problem, &Model::PMedian { p }, &SolveOptions { method: Method::Exact, time_limit_s: 60.0, seed: 1 })
        })
    });
    group.finish();
}

criterion_group!(benches, access_matrix, scoring, optimisation);
criterion_main!(benches);
