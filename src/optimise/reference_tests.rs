//! Every model's exact answer on OR-Library pmed1 and pmed5 against answers from tools that
//! share no code with tvetplan: `tests/fixtures/locate/orlib_reference.json`, written by
//! `scripts/reference_locate.py` (PySAL spopt + HiGHS for p-median, p-center, MCLP and LSCP;
//! a separate PuLP formulation + HiGHS for CFLP; versions in the file).

use serde_json::Value;

use super::{Method, Model, OPTIMAL_GAP, Problem, SolveOptions, Status, orlib, solve};

fn fixture() -> Value {
    let path = format!("{}/tests/fixtures/locate/orlib_reference.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The instance, with the CFLP capacities and fixed costs of scripts/reference_locate.py:
/// capacity 7.5 + 2 (j mod 5) and fixed cost 200 + 25 (j mod 7) for vertex j (0-based).
fn instance(name: &str) -> Problem {
    let path = format!("{}/benches/orlib/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    let (mut problem, _) = orlib::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    let m = problem.n_sites();
    problem.capacity = Some((0..m).map(|j| 7.5 + 2.0 * (j % 5) as f64).collect());
    problem.fixed_cost = Some((0..m).map(|j| 200.0 + 25.0 * (j % 7) as f64).collect());
    problem
}

fn model_of(case: &Value) -> Model {
    let p = || case["p"].as_u64().expect("p") as usize;
    let radius = || case["radius"].as_f64().expect("radius");
    match case["model"].as_str().expect("model") {
        "pmedian" => Model::PMedian { p: p() },
        "pcenter" => Model::PCenter { p: p() },
        "mclp" => Model::Mclp { p: p(), radius: radius() },
        "lscp" => Model::Lscp { radius: radius() },
        "cflp" => Model::Cflp { single_source: case["single_source"].as_bool().expect("single_source") },
        other => panic!("unknown model '{other}' in the fixture"),
    }
}

#[test]
fn the_fixture_names_its_source_and_covers_every_model_on_both_instances() {
    let fixture = fixture();
    assert!(fixture["versions"]["spopt"].is_string(), "tool versions recorded");
    let cases = fixture["cases"].as_array().unwrap();
    for instance in ["pmed1", "pmed5"] {
        for model in ["pmedian", "pcenter", "mclp", "lscp", "cflp"] {
            let n = cases.iter().filter(|c| c["instance"] == instance && c["model"] == model).count();
            assert!(n >= 2, "{instance}/{model}: {n} reference answers, want several");
        }
    }
}

/// Runs every reference case of the chosen models; returns the disagreements.
fn disagreements(models: &[&str]) -> Vec<String> {
    let fixture = fixture();
    let mut failures = Vec::new();
    let mut problems: Vec<(String, Problem)> = Vec::new();
    let cases = fixture["cases"].as_array().unwrap();
    for case in cases.iter().filter(|c| models.iter().any(|m| c["model"] == *m)) {
        let name = case["instance"].as_str().unwrap();
        if !problems.iter().any(|(n, _)| n == name) {
            problems.push((name.to_string(), instance(name)));
        }
        let problem = &problems.iter().find(|(n, _)| n == name).unwrap().1;
        let model = model_of(case);
        let reference = case["objective"].as_f64().unwrap();
        let exact =
            solve(problem, &model, &SolveOptions { method: Method::Exact, time_limit_s: 120.0, seed: 1 }).unwrap();
        let what = format!("{name} {model:?} (reference {reference} from {})", case["tool"]);
        if (exact.objective - reference).abs() > 1e-6 * reference.abs().max(1.0) {
            failures.push(format!("{what}: exact {} ({:?})", exact.objective, exact.status));
        } else if exact.status != Status::Optimal || exact.gap.is_none_or(|g| g > OPTIMAL_GAP) {
            failures.push(format!("{what}: right value but {:?}, gap {:?}", exact.status, exact.gap));
        }
        if let Model::Lscp { .. } = model {
            assert_eq!(exact.open.len() as f64, exact.objective, "{what}: LSCP objective is the site count");
        }
        if let Model::Cflp { .. } = model {
            // The CFLP heuristic has no bound to claim anything with; it is checked against
            // brute force on small instances instead (tests.rs), where it is fast.
            continue;
        }
        // A heuristic never beats the optimum, and never claims optimality wrongly.
        let heuristic =
            solve(problem, &model, &SolveOptions { method: Method::Heuristic, time_limit_s: 120.0, seed: 1 }).unwrap();
        let beats = if model.maximises() {
            heuristic.objective > reference + 1e-6
        } else {
            heuristic.objective < reference - 1e-6
        };
        let false_claim = heuristic.status == Status::Optimal && (heuristic.objective - reference).abs() > 1e-6;
        if beats || false_claim {
            failures.push(format!("{what}: heuristic {} ({:?})", heuristic.objective, heuristic.status));
        }
    }
    failures
}

#[test]
fn uncapacitated_exact_answers_match_spopt() {
    let failures = disagreements(&["pmedian", "pcenter", "mclp", "lscp"]);
    assert!(failures.is_empty(), "{} disagreement(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn cflp_exact_answers_match_an_independent_formulation() {
    let failures = disagreements(&["cflp"]);
    assert!(failures.is_empty(), "{} disagreement(s):\n{}", failures.len(), failures.join("\n"));
}
