//! Benchmark of the location-allocation engine (run by `scripts/bench.sh`; not a test).
//!
//! For each OR-Library p-median instance in `benches/orlib/`: the exact solver (HiGHS, with a
//! time limit) and the heuristic, with objective, gap and seconds; then a
//! communes-by-facilities sized instance (3,321 x 2,000) for the heuristic alone. Prints one
//! JSON object per line so the script can put it beside PySAL spopt's figures.
//!
//!     cargo run --release --example bench_optimise -- [--time-limit S] [--only pmed1,pmed5] [--skip-exact]

use std::time::Instant;

use tvetplan::optimise::{Method, Model, Problem, SolveOptions, orlib, solve};
use tvetplan::rng::Rng;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let time_limit: f64 = value("--time-limit").and_then(|v| v.parse().ok()).unwrap_or(300.0);
    let only: Option<Vec<String>> = value("--only").map(|v| v.split(',').map(str::to_string).collect());
    let skip_exact = args.iter().any(|a| a == "--skip-exact");
    let root = env!("CARGO_MANIFEST_DIR");
    let optima = std::fs::read_to_string(format!("{root}/benches/orlib/optima.csv")).expect("optima.csv");
    for line in optima.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let (name, optimum) = (fields[0], fields[3].parse::<f64>().expect("optimum"));
        if only.as_ref().is_some_and(|o| !o.iter().any(|x| x == name)) {
            continue;
        }
        let text = std::fs::read_to_string(format!("{root}/benches/orlib/{name}.txt")).expect("instance");
        let instance = orlib::parse_instance(&text).expect("valid instance");
        let (problem, p) = (instance.problem, instance.p);
        let model = Model::PMedian { p };
        let heuristic =
            solve(&problem, &model, &SolveOptions { method: Method::Heuristic, time_limit_s: time_limit, seed: 1 })
                .expect("heuristic");
        let exact = (!skip_exact).then(|| {
            solve(&problem, &model, &SolveOptions { method: Method::Exact, time_limit_s: time_limit, seed: 1 })
                .expect("exact")
        });
        println!(
            "{}",
            serde_json::json!({
                "instance": name,
                "n": problem.n_demand(),
                "p": p,
                "optimum": optimum,
                "edges_declared": instance.edges_declared,
                "edges_read": instance.edges_read,
                "exact_objective": exact.as_ref().map(|e| e.objective),
                "exact_gap": exact.as_ref().and_then(|e| e.gap),
                "exact_status": exact.as_ref().map(|e| format!("{:?}", e.status)),
                "exact_seconds": exact.as_ref().map(|e| e.seconds),
                "heuristic_objective": heuristic.objective,
                "heuristic_bound": heuristic.bound,
                "heuristic_seconds": heuristic.seconds,
            })
        );
    }
    if only.is_none() {
        large_instance();
    }
}

/// Communes x facilities at national size: 3,321 demand points, 2,000 candidate sites,
/// great-circle distances over Vietnam's extent, p = 300.
fn large_instance() {
    let mut rng = Rng::new(42);
    let (n, m, p) = (3321, 2000, 300);
    let point = |rng: &mut Rng| (rng.uniform(8.6, 23.3), rng.uniform(102.2, 109.4));
    let demand: Vec<(f64, f64)> = (0..n).map(|_| point(&mut rng)).collect();
    let sites: Vec<(f64, f64)> = (0..m).map(|_| point(&mut rng)).collect();
    let start = Instant::now();
    let cost: Vec<f64> = demand
        .iter()
        .flat_map(|d| sites.iter().map(move |s| tvetplan::geometry::haversine_km(d.0, d.1, s.0, s.1)))
        .collect();
    let matrix_seconds = start.elapsed().as_secs_f64();
    let problem = Problem {
        demand_ids: (0..n).map(|i| i.to_string()).collect(),
        weights: (0..n).map(|_| rng.uniform(500.0, 5000.0).round()).collect(),
        site_ids: (0..m).map(|j| j.to_string()).collect(),
        cost,
        capacity: None,
        fixed_cost: None,
        required: vec![false; m],
        groups: Vec::new(),
    };
    let s = solve(
        &problem,
        &Model::PMedian { p },
        &SolveOptions { method: Method::Heuristic, time_limit_s: 60.0, seed: 1 },
    )
    .expect("heuristic");
    println!(
        "{}",
        serde_json::json!({
            "instance": "national-3321x2000",
            "n": n,
            "m": m,
            "p": p,
            "matrix_seconds": matrix_seconds,
            "heuristic_objective": s.objective,
            "heuristic_bound": s.bound,
            "heuristic_gap": s.gap,
            "heuristic_seconds": s.seconds,
        })
    );
}
