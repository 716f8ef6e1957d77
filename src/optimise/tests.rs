use super::*;
use crate::rng::Rng;

/// Points on a line; every point is a demand (weight 1) and a candidate site; cost = |a - b|.
fn line(points: &[f64]) -> Problem {
    let n = points.len();
    Problem {
        demand_ids: (0..n).map(|i| format!("d{i}")).collect(),
        weights: vec![1.0; n],
        site_ids: (0..n).map(|i| format!("s{i}")).collect(),
        cost: points.iter().flat_map(|a| points.iter().map(move |b| (a - b).abs())).collect(),
        capacity: None,
        fixed_cost: None,
        required: vec![false; n],
        groups: Vec::new(),
    }
}

fn random_problem(seed: u64, n: usize, m: usize) -> Problem {
    let mut rng = Rng::new(seed);
    let demand: Vec<(f64, f64)> = (0..n).map(|_| (rng.uniform(0.0, 100.0), rng.uniform(0.0, 100.0))).collect();
    let sites: Vec<(f64, f64)> = (0..m).map(|_| (rng.uniform(0.0, 100.0), rng.uniform(0.0, 100.0))).collect();
    Problem {
        demand_ids: (0..n).map(|i| format!("d{i}")).collect(),
        weights: (0..n).map(|_| (rng.uniform(1.0, 10.0)).round()).collect(),
        site_ids: (0..m).map(|j| format!("s{j}")).collect(),
        cost: demand
            .iter()
            .flat_map(|d| sites.iter().map(move |s| (((d.0 - s.0).powi(2) + (d.1 - s.1).powi(2)).sqrt()).round()))
            .collect(),
        capacity: Some((0..m).map(|_| rng.uniform(15.0, 60.0).round()).collect()),
        fixed_cost: Some((0..m).map(|_| rng.uniform(50.0, 400.0).round()).collect()),
        required: vec![false; m],
        groups: Vec::new(),
    }
}

/// Every subset of sites of size k (bit masks), for brute force.
fn subsets(m: usize, k: Option<usize>) -> impl Iterator<Item = Vec<usize>> {
    (0u32..(1 << m))
        .filter(move |mask| k.is_none_or(|k| mask.count_ones() as usize == k))
        .map(move |mask| (0..m).filter(|j| mask & (1 << j) != 0).collect())
}

fn brute_force(problem: &Problem, model: &Model) -> f64 {
    brute_force_or_infeasible(problem, model).expect("some feasible subset")
}

/// The best objective over every subset of sites (of size p where the model has one), or
/// `None` when no subset is feasible (an LSCP radius too small for some point).
fn brute_force_or_infeasible(problem: &Problem, model: &Model) -> Option<f64> {
    let m = problem.n_sites();
    let k = match *model {
        Model::PMedian { p } | Model::PCenter { p } | Model::Mclp { p, .. } => Some(p),
        _ => None,
    };
    let mut best: Option<f64> = None;
    for open in subsets(m, k) {
        let mut flags = vec![false; m];
        for &j in &open {
            flags[j] = true;
        }
        if !problem.respects_constraints(&flags) || open.is_empty() {
            continue;
        }
        let value = match *model {
            Model::Lscp { radius } => {
                let covers_all = (0..problem.n_demand())
                    .all(|i| problem.weights[i] <= 0.0 || open.iter().any(|&j| problem.cost(i, j) <= radius));
                if !covers_all {
                    continue;
                }
                open.len() as f64
            }
            _ => evaluate(problem, model, &open).0,
        };
        best = Some(match best {
            None => value,
            Some(b) if model.maximises() => b.max(value),
            Some(b) => b.min(value),
        });
    }
    best
}

fn solve_with(problem: &Problem, model: Model, method: Method) -> Solution {
    solve(problem, &model, &SolveOptions { method, time_limit_s: 30.0, seed: 7 }).unwrap()
}

#[test]
fn pmedian_on_a_line_by_hand() {
    // Points 0, 1, 2, 10; p = 2: open 1 and 10; cost 1 + 0 + 1 + 0 = 2.
    let problem = line(&[0.0, 1.0, 2.0, 10.0]);
    for method in [Method::Exact, Method::Heuristic] {
        let s = solve_with(&problem, Model::PMedian { p: 2 }, method);
        assert_eq!((s.objective, s.open.clone()), (2.0, vec![1, 3]), "{method:?}");
        assert_eq!(s.assignment[0], vec![(1, 1.0)]);
    }
}

#[test]
fn pcenter_mclp_and_lscp_on_a_line_by_hand() {
    let problem = line(&[0.0, 1.0, 2.0, 10.0]);
    for method in [Method::Exact, Method::Heuristic] {
        // p-center, p = 2: open 1 and 10, worst distance 1.
        assert_eq!(solve_with(&problem, Model::PCenter { p: 2 }, method).objective, 1.0, "{method:?}");
        // MCLP, p = 1, radius 1: site 1 covers points 0, 1, 2.
        let mclp = solve_with(&problem, Model::Mclp { p: 1, radius: 1.0 }, method);
        assert_eq!((mclp.objective, mclp.open.clone()), (3.0, vec![1]), "{method:?}");
        // LSCP, radius 1: sites 1 and 10.
        let lscp = solve_with(&problem, Model::Lscp { radius: 1.0 }, method);
        assert_eq!((lscp.objective, lscp.open.clone()), (2.0, vec![1, 3]), "{method:?}");
    }
}

#[test]
fn cflp_by_hand() {
    // Two demands of 10 at 0 and 10; sites at 0 (capacity 15, fixed 100) and 10 (capacity
    // 15, fixed 30). Both open: 130 + 0 = 130. Only site 10 cannot hold 20. So 130.
    // With site 0 costing 1000 instead: both open still needed (capacity): 1030.
    let mut problem = line(&[0.0, 10.0]);
    problem.weights = vec![10.0, 10.0];
    problem.capacity = Some(vec![15.0, 15.0]);
    problem.fixed_cost = Some(vec![100.0, 30.0]);
    for method in [Method::Exact, Method::Heuristic] {
        let s = solve_with(&problem, Model::Cflp { single_source: true }, method);
        assert_eq!((s.objective, s.open.clone()), (130.0, vec![0, 1]), "{method:?}");
    }
    // Capacity 25 at site 1: close site 0, serve both from 10: 30 + 10 x 10 = 130 vs 130;
    // with a fixed cost of 101 at site 0, closing it wins.
    problem.capacity = Some(vec![15.0, 25.0]);
    problem.fixed_cost = Some(vec![101.0, 30.0]);
    for method in [Method::Exact, Method::Heuristic] {
        let s = solve_with(&problem, Model::Cflp { single_source: true }, method);
        assert_eq!((s.objective, s.open.clone()), (130.0, vec![1]), "{method:?}");
    }
}

#[test]
fn exact_and_heuristic_match_brute_force_on_random_instances() {
    for seed in 0..6 {
        let problem = random_problem(seed, 12, 8);
        for model in [
            Model::PMedian { p: 3 },
            Model::PCenter { p: 3 },
            Model::Mclp { p: 2, radius: 35.0 },
            Model::Lscp { radius: 60.0 },
        ] {
            let best = brute_force(&problem, &model);
            let exact = solve_with(&problem, model, Method::Exact);
            assert!(
                (exact.objective - best).abs() < 1e-6,
                "seed {seed} {model:?}: exact {} vs {best}",
                exact.objective
            );
            assert_eq!(exact.status, Status::Optimal);
            let heuristic = solve_with(&problem, model, Method::Heuristic);
            if matches!(model, Model::PMedian { .. }) {
                // Tiny p-median instances: the local search finds the optimum.
                assert!(
                    (heuristic.objective - best).abs() < 1e-6,
                    "seed {seed}: heuristic {} vs {best}",
                    heuristic.objective
                );
                let lb = heuristic.bound.unwrap();
                assert!(lb <= best + 1e-6, "the Lagrangian bound {lb} is below the optimum {best}");
            }
            let worse =
                if model.maximises() { heuristic.objective <= best + 1e-9 } else { heuristic.objective >= best - 1e-9 };
            assert!(worse, "a heuristic never beats the optimum");
        }
    }
}

/// Single-source CFLP by enumerating every assignment of demands to sites: the open sites
/// are the used ones (opening an unused site only adds its fixed cost).
fn brute_force_cflp(problem: &Problem) -> f64 {
    let (n, m) = (problem.n_demand(), problem.n_sites());
    let capacity = problem.capacity.as_ref().unwrap();
    let fixed = problem.fixed_cost.as_ref().unwrap();
    let mut best = f64::INFINITY;
    for code in 0..m.pow(n as u32) {
        let mut load = vec![0.0; m];
        let mut cost = 0.0;
        let mut c = code;
        for i in 0..n {
            let j = c % m;
            c /= m;
            load[j] += problem.weights[i];
            cost += problem.weights[i] * problem.cost(i, j);
        }
        if (0..m).any(|j| load[j] > capacity[j]) {
            continue;
        }
        cost += (0..m).filter(|&j| load[j] > 0.0).map(|j| fixed[j]).sum::<f64>();
        best = best.min(cost);
    }
    best
}

#[test]
fn single_source_cflp_matches_brute_force() {
    for seed in 0..4 {
        let problem = random_problem(100 + seed, 6, 4);
        let best = brute_force_cflp(&problem);
        let exact = solve_with(&problem, Model::Cflp { single_source: true }, Method::Exact);
        assert!((exact.objective - best).abs() < 1e-6, "seed {seed}: exact {} vs {best}", exact.objective);
        let heuristic = solve_with(&problem, Model::Cflp { single_source: true }, Method::Heuristic);
        assert!(heuristic.objective >= best - 1e-6);
        assert!(heuristic.objective <= best * 1.25, "seed {seed}: heuristic {} vs {best}", heuristic.objective);
    }
}

#[test]
fn required_sites_and_group_caps_are_respected() {
    let mut problem = random_problem(42, 15, 8);
    problem.required[5] = true;
    problem.groups.push(SiteGroup {
        name: "public".into(),
        sites: vec![0, 1, 2, 3],
        max_open: Some(1),
        min_open: None,
    });
    problem.groups.push(SiteGroup { name: "north".into(), sites: vec![6, 7], max_open: None, min_open: Some(1) });
    for model in [Model::PMedian { p: 4 }, Model::Mclp { p: 3, radius: 30.0 }] {
        let best = brute_force(&problem, &model);
        for method in [Method::Exact, Method::Heuristic] {
            let s = solve_with(&problem, model, method);
            let mut flags = vec![false; 8];
            for &j in &s.open {
                flags[j] = true;
            }
            assert!(problem.respects_constraints(&flags), "{model:?} {method:?}: {:?}", s.open);
            if method == Method::Exact {
                assert!((s.objective - best).abs() < 1e-6, "{model:?}: {} vs {best}", s.objective);
            }
        }
    }
}

#[test]
fn inconsistent_problems_are_refused_with_a_reason() {
    let problem = line(&[0.0, 1.0]);
    let err = solve(&problem, &Model::PMedian { p: 3 }, &SolveOptions::default()).unwrap_err();
    assert!(err.to_string().contains("p = 3 is larger than the number of sites (2)"), "{err}");
    let err = solve(&problem, &Model::Lscp { radius: 0.5 }, &SolveOptions::default());
    assert!(err.is_ok(), "each point covers itself");
    let mut far = line(&[0.0, 1.0]);
    far.cost[1] = f64::INFINITY;
    far.cost[0] = f64::INFINITY;
    let err = solve(&far, &Model::PMedian { p: 1 }, &SolveOptions::default()).unwrap_err();
    assert!(err.to_string().contains("demand 'd0' has no cost to any site"), "{err}");
    let err = solve(&problem, &Model::Cflp { single_source: false }, &SolveOptions::default()).unwrap_err();
    assert!(err.to_string().contains("needs site capacities"), "{err}");
}

#[test]
fn heuristic_is_deterministic_for_a_seed() {
    let problem = random_problem(9, 60, 30);
    let a = solve_with(&problem, Model::PMedian { p: 6 }, Method::Heuristic);
    let b = solve_with(&problem, Model::PMedian { p: 6 }, Method::Heuristic);
    assert_eq!((a.objective, a.open.clone()), (b.objective, b.open.clone()));
}

#[test]
fn auto_goes_on_to_highs_when_the_heuristic_cannot_prove_its_answer() {
    // LSCP's heuristic has no bound, so nothing is proven before HiGHS.
    let problem = random_problem(1, 10, 5);
    let s = solve(&problem, &Model::Lscp { radius: 60.0 }, &SolveOptions::default()).unwrap();
    assert_eq!(s.method, Method::Exact);
    assert!(s.note.unwrap().starts_with("auto: exact"));
}

#[test]
fn auto_returns_the_heuristic_when_its_bound_proves_it_optimal() {
    // Points 0, 1, 2, 10, p = 2: the heuristic finds {1, 10} at cost 2 and its Lagrangian
    // bound reaches 2, so HiGHS is not started.
    let problem = line(&[0.0, 1.0, 2.0, 10.0]);
    let heuristic = solve_with(&problem, Model::PMedian { p: 2 }, Method::Heuristic);
    assert_eq!(heuristic.status, Status::Optimal, "the heuristic proves this one: {heuristic:?}");
    let s = solve(&problem, &Model::PMedian { p: 2 }, &SolveOptions::default()).unwrap();
    assert_eq!((s.method, s.status, s.objective), (Method::Heuristic, Status::Optimal, 2.0));
    assert!(!s.solver.contains("HiGHS"), "{}", s.solver);
    let note = s.note.unwrap();
    assert!(note.starts_with("auto: heuristic (its bound 2 proves the answer optimal"), "{note}");
}

#[test]
fn an_optimal_claim_above_the_bound_is_not_optimal() {
    use exact::checked_status;
    let lscp = Model::Lscp { radius: 60.0 };
    // The pmed1 defect: 29 sites reported optimal with a bound of 28.
    assert_eq!(checked_status(&lscp, Status::Optimal, 29.0, Some(28.0)), Status::Unproven);
    assert_eq!(checked_status(&lscp, Status::Optimal, 28.0, Some(28.0)), Status::Optimal);
    assert_eq!(checked_status(&lscp, Status::Optimal, 28.0, Some(27.99999)), Status::Optimal, "within 1e-6");
    assert_eq!(checked_status(&lscp, Status::Optimal, 28.0, None), Status::Optimal, "no bound to check");
    assert_eq!(checked_status(&lscp, Status::TimeLimit, 29.0, Some(28.0)), Status::TimeLimit);
    // Near zero the absolute tolerance applies (a p-median with every site open costs 0).
    let pmedian = Model::PMedian { p: 2 };
    assert_eq!(checked_status(&pmedian, Status::Optimal, 0.0, Some(-1e-9)), Status::Optimal);
    // MCLP maximises: below its upper bound is what fails.
    let mclp = Model::Mclp { p: 1, radius: 1.0 };
    assert_eq!(checked_status(&mclp, Status::Optimal, 20.0, Some(21.0)), Status::Unproven);
    assert_eq!(checked_status(&mclp, Status::Optimal, 21.0, Some(21.0)), Status::Optimal);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::testkit::proptest_config(24))]

        /// The heuristic's answer is never better than the exact optimum, and its
        /// Lagrangian bound is never above it.
        #[test]
        fn heuristic_objective_is_never_below_the_exact_bound(seed in 0u64..10_000, p in 1usize..5) {
            let problem = random_problem(seed, 14, 9);
            let model = Model::PMedian { p };
            let exact = solve_with(&problem, model, Method::Exact);
            let heuristic = solve_with(&problem, model, Method::Heuristic);
            let lower = exact.bound.unwrap_or(exact.objective);
            prop_assert!(heuristic.objective >= lower - 1e-6, "{} < {lower}", heuristic.objective);
            prop_assert!(heuristic.bound.unwrap() <= exact.objective + 1e-6);
        }
    }
}

/// What every answer must satisfy against the brute-force optimum `best`.
#[track_caller]
fn assert_agrees_with(best: f64, model: &Model, what: &str, exact: &Solution, heuristic: &Solution) {
    assert!((exact.objective - best).abs() < 1e-6, "{what}: exact {} vs brute force {best}", exact.objective);
    assert_eq!(exact.status, Status::Optimal, "{what}: {exact:?}");
    let bound = exact.bound.expect("an optimal exact answer has a bound");
    let bound_ok = if model.maximises() { bound >= best - 1e-6 } else { bound <= best + 1e-6 };
    assert!(bound_ok, "{what}: exact bound {bound} on the wrong side of the optimum {best}");
    let never_better =
        if model.maximises() { heuristic.objective <= best + 1e-9 } else { heuristic.objective >= best - 1e-9 };
    assert!(never_better, "{what}: heuristic {} beats the optimum {best}", heuristic.objective);
    if heuristic.status == Status::Optimal {
        assert!(
            (heuristic.objective - best).abs() < 1e-6,
            "{what}: heuristic claims optimal with {}",
            heuristic.objective
        );
    }
    if let Some(b) = heuristic.bound {
        let valid = if model.maximises() { b >= best - 1e-6 } else { b <= best + 1e-6 };
        assert!(valid, "{what}: heuristic bound {b} is not a bound of the optimum {best}");
    }
}

#[test]
fn every_uncapacitated_model_matches_brute_force_for_every_p() {
    // 12 demand points x 8 sites: 256 subsets, every one evaluated.
    for seed in 0..3 {
        let problem = random_problem(200 + seed, 12, 8);
        let mut models = Vec::new();
        for p in 1..=8 {
            models.extend([
                Model::PMedian { p },
                Model::PCenter { p },
                Model::Mclp { p, radius: 25.0 },
                Model::Mclp { p, radius: 40.0 },
            ]);
        }
        models.extend([20.0, 30.0, 45.0, 70.0].map(|radius| Model::Lscp { radius }));
        for model in models {
            let what = format!("seed {seed} {model:?}");
            let Some(best) = brute_force_or_infeasible(&problem, &model) else {
                let err = solve(&problem, &model, &SolveOptions::default()).unwrap_err();
                assert!(err.to_string().contains("coverage is infeasible"), "{what}: {err}");
                continue;
            };
            let exact = solve_with(&problem, model, Method::Exact);
            let heuristic = solve_with(&problem, model, Method::Heuristic);
            assert_agrees_with(best, &model, &what, &exact, &heuristic);
            let auto = solve_with(&problem, model, Method::Auto);
            assert!((auto.objective - best).abs() < 1e-6, "{what}: auto {} vs {best}", auto.objective);
            assert_eq!(auto.status, Status::Optimal, "{what}");
        }
    }
}

/// Least-cost transportation of every demand to `open` sites within their capacities: the
/// multi-source CFLP for a fixed open set, by successive shortest paths (Bellman-Ford), an
/// algorithm that shares nothing with the MILP. `None` when the capacity is short.
fn transport_cost(problem: &Problem, open: &[usize]) -> Option<f64> {
    struct Arc {
        to: usize,
        cap: f64,
        cost: f64,
    }
    fn add(arcs: &mut Vec<Arc>, out: &mut [Vec<usize>], from: usize, to: usize, cap: f64, cost: f64) {
        out[from].push(arcs.len());
        arcs.push(Arc { to, cap, cost });
        out[to].push(arcs.len());
        arcs.push(Arc { to: from, cap: 0.0, cost: -cost });
    }
    let n = problem.n_demand();
    let capacity = problem.capacity.as_ref().unwrap();
    // Nodes: source 0, demands 1..=n, open sites n+1..=n+k, sink n+k+1.
    let (source, sink) = (0, n + open.len() + 1);
    let mut arcs = Vec::new();
    let mut out = vec![Vec::new(); sink + 1];
    for i in 0..n {
        add(&mut arcs, &mut out, source, 1 + i, problem.weights[i], 0.0);
        for (k, &j) in open.iter().enumerate() {
            if problem.cost(i, j).is_finite() {
                add(&mut arcs, &mut out, 1 + i, n + 1 + k, f64::INFINITY, problem.cost(i, j));
            }
        }
    }
    for (k, &j) in open.iter().enumerate() {
        add(&mut arcs, &mut out, n + 1 + k, sink, capacity[j], 0.0);
    }
    let total: f64 = problem.weights.iter().sum();
    let (mut flow, mut cost) = (0.0, 0.0);
    while flow < total - 1e-9 {
        let mut dist = vec![f64::INFINITY; sink + 1];
        let mut via = vec![usize::MAX; sink + 1];
        dist[source] = 0.0;
        for _ in 0..=sink {
            let mut changed = false;
            for (u, arcs_out) in out.iter().enumerate() {
                let from = dist[u];
                if !from.is_finite() {
                    continue;
                }
                for &a in arcs_out {
                    let arc = &arcs[a];
                    if arc.cap > 1e-9 && from + arc.cost < dist[arc.to] - 1e-12 {
                        dist[arc.to] = from + arc.cost;
                        via[arc.to] = a;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        if !dist[sink].is_finite() {
            return None;
        }
        let mut push = total - flow;
        let mut v = sink;
        while v != source {
            let a = via[v];
            push = push.min(arcs[a].cap);
            v = arcs[a ^ 1].to;
        }
        let mut v = sink;
        while v != source {
            let a = via[v];
            arcs[a].cap -= push;
            arcs[a ^ 1].cap += push;
            v = arcs[a ^ 1].to;
        }
        flow += push;
        cost += push * dist[sink];
    }
    Some(cost)
}

/// Open sites as flags, for the constraint check.
fn flags_of(m: usize, open: &[usize]) -> Vec<bool> {
    let mut flags = vec![false; m];
    for &j in open {
        flags[j] = true;
    }
    flags
}

/// Multi-source CFLP: every open set allowed by the required sites and groups, each with its
/// least-cost transportation.
fn brute_force_cflp_multi(problem: &Problem) -> Option<f64> {
    let fixed = problem.fixed_cost.as_ref().unwrap();
    subsets(problem.n_sites(), None)
        .filter(|open| !open.is_empty() && problem.respects_constraints(&flags_of(problem.n_sites(), open)))
        .filter_map(|open| transport_cost(problem, &open).map(|c| c + open.iter().map(|&j| fixed[j]).sum::<f64>()))
        .min_by(f64::total_cmp)
}

/// Single-source CFLP: every allowed open set, each with a depth-first search over the
/// assignments of whole demands to its sites within capacity.
fn brute_force_cflp_single(problem: &Problem) -> Option<f64> {
    fn assign(problem: &Problem, i: usize, open: &[usize], left: &mut [f64], cost: f64, best: &mut f64) {
        if cost >= *best {
            return;
        }
        if i == problem.n_demand() {
            *best = cost;
            return;
        }
        for &j in open {
            let w = problem.weights[i];
            if left[j] + 1e-9 >= w && problem.cost(i, j).is_finite() {
                left[j] -= w;
                assign(problem, i + 1, open, left, cost + w * problem.cost(i, j), best);
                left[j] += w;
            }
        }
    }
    let fixed = problem.fixed_cost.as_ref().unwrap();
    let mut best = f64::INFINITY;
    for open in subsets(problem.n_sites(), None) {
        if open.is_empty() || !problem.respects_constraints(&flags_of(problem.n_sites(), &open)) {
            continue;
        }
        let mut left = problem.capacity.clone().unwrap();
        let opening: f64 = open.iter().map(|&j| fixed[j]).sum();
        let mut found = best - opening;
        assign(problem, 0, &open, &mut left, 0.0, &mut found);
        best = best.min(opening + found);
    }
    best.is_finite().then_some(best)
}

#[track_caller]
fn assert_capacities_respected(problem: &Problem, s: &Solution, single_source: bool) {
    let capacity = problem.capacity.as_ref().unwrap();
    let mut load = vec![0.0; problem.n_sites()];
    for (i, parts) in s.assignment.iter().enumerate() {
        let share: f64 = parts.iter().map(|(_, share)| share).sum();
        assert!((share - 1.0).abs() < 1e-6, "demand {i} served {share} times");
        if single_source {
            assert_eq!(parts.len(), 1, "demand {i} split: {parts:?}");
        }
        for &(j, share) in parts {
            assert!(s.open.contains(&j), "demand {i} assigned to closed site {j}");
            load[j] += share * problem.weights[i];
        }
    }
    for (j, (load, capacity)) in load.iter().zip(capacity).enumerate() {
        assert!(*load <= capacity + 1e-6, "site {j}: load {load} over capacity {capacity}");
    }
}

/// Tighter capacities than `random_problem`'s, so that they decide the answer; groups on
/// odd seeds.
fn capacitated_problem(seed: u64, n: usize, m: usize) -> Problem {
    let mut problem = random_problem(seed, n, m);
    let total: f64 = problem.weights.iter().sum();
    let mut rng = Rng::new(seed ^ 0x5eed);
    problem.capacity = Some((0..m).map(|_| (total * rng.uniform(0.2, 0.45)).round()).collect());
    if seed % 2 == 1 {
        problem.groups.push(SiteGroup {
            name: "public".into(),
            sites: vec![0, 1, 2],
            max_open: Some(1),
            min_open: None,
        });
        problem.required[m - 1] = true;
    }
    problem
}

#[test]
fn multi_source_cflp_matches_brute_force_with_capacities_and_groups() {
    let mut compared = 0;
    for seed in 0..6 {
        let problem = capacitated_problem(300 + seed, 12, 8);
        let model = Model::Cflp { single_source: false };
        let Some(best) = brute_force_cflp_multi(&problem) else {
            assert!(solve(&problem, &model, &SolveOptions::default()).is_err(), "seed {seed}: infeasible");
            continue;
        };
        compared += 1;
        let exact = solve_with(&problem, model, Method::Exact);
        assert!((exact.objective - best).abs() < 1e-6, "seed {seed}: exact {} vs brute force {best}", exact.objective);
        assert_eq!(exact.status, Status::Optimal, "seed {seed}");
        assert!(problem.respects_constraints(&flags_of(8, &exact.open)), "seed {seed}: {:?}", exact.open);
        assert_capacities_respected(&problem, &exact, false);
        let heuristic = solve_with(&problem, model, Method::Heuristic);
        assert!(heuristic.objective >= best - 1e-6, "seed {seed}: heuristic {} below {best}", heuristic.objective);
        assert_capacities_respected(&problem, &heuristic, false);
    }
    assert!(compared >= 5, "only {compared} of 6 instances were feasible");
}

#[test]
fn single_source_cflp_matches_brute_force_with_capacities_and_groups() {
    let mut compared = 0;
    for seed in 0..6 {
        let problem = capacitated_problem(400 + seed, 8, 6);
        let model = Model::Cflp { single_source: true };
        let Some(best) = brute_force_cflp_single(&problem) else {
            continue;
        };
        compared += 1;
        let exact = solve_with(&problem, model, Method::Exact);
        assert!((exact.objective - best).abs() < 1e-6, "seed {seed}: exact {} vs brute force {best}", exact.objective);
        assert_eq!(exact.status, Status::Optimal, "seed {seed}");
        assert!(problem.respects_constraints(&flags_of(6, &exact.open)), "seed {seed}: {:?}", exact.open);
        assert_capacities_respected(&problem, &exact, true);
        // Splitting demand can only help: the multi-source optimum is at most this one.
        let multi = brute_force_cflp_multi(&problem).unwrap();
        assert!(multi <= best + 1e-6, "seed {seed}: multi {multi} > single {best}");
    }
    assert!(compared >= 4, "only {compared} of 6 instances were feasible with whole demands");
}

#[test]
fn the_transport_brute_force_is_right_by_hand() {
    // Demands of 10 at 0 and at 10; sites there with 15 and 5 places: the site at 10 takes
    // 5 of its own point (cost 0), the site at 0 its own 10 and the other 5 (5 x 10 = 50).
    let mut problem = line(&[0.0, 10.0]);
    problem.weights = vec![10.0, 10.0];
    problem.capacity = Some(vec![15.0, 5.0]);
    assert_eq!(transport_cost(&problem, &[0, 1]), Some(50.0));
    assert_eq!(transport_cost(&problem, &[1]), None, "5 places for 20 learners");
}
