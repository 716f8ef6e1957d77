//! Exact solutions with the HiGHS MILP solver.
//!
//! Formulations (y_j = 1 when site j is open, x_ij = share of demand i served by j):
//! - p-median: min Σ w_i c_ij x_ij, Σ_j x_ij = 1, x_ij <= y_j, Σ y_j = p (ReVelle & Swain
//!   1970). Reduced: demand i only gets variables for its m - p + 1 nearest sites, because
//!   with only m - p sites closed one of them is always open (exact, and much smaller when
//!   p is large).
//! - MCLP: max Σ w_i z_i, z_i <= Σ_{j covers i} y_j, Σ y_j = p, z continuous (Church &
//!   ReVelle 1974).
//! - LSCP: min Σ y_j, Σ_{j covers i} y_j >= 1 (Toregas et al. 1971).
//! - p-center: bisection over the distinct costs; each step asks an LSCP-style MILP whether
//!   p sites can cover everyone within that radius.
//! - CFLP: min Σ f_j y_j + Σ w_i c_ij x_ij, Σ_j x_ij = 1, Σ_i w_i x_ij <= Q_j y_j,
//!   x_ij <= y_j (the strong linking constraints), x binary for single sourcing.
//!
//! Required sites get y_j fixed to 1; groups add Σ_{j in G} y_j <= max (>= min).
//!
//! The heuristic's answer is not handed to HiGHS as a starting solution: with presolve on,
//! HiGHS 1.16 then sometimes returns the starting columns unchanged with a wrong objective
//! and bound (pmed1, LSCP radius 60: "optimal 28" with the heuristic's 29 sites; pmed5,
//! radius 80: "optimal 10" for a 15-site cover). It stays the fallback when HiGHS finds
//! nothing better in time. HiGHS's answer is checked, not trusted: the objective is
//! recomputed from the returned columns, and an answer is only called optimal when that
//! objective meets the bound ([`checked_status`]).

use std::ffi::CString;
use std::time::Instant;

use highs::{Col, HighsModelStatus, RowProblem, Sense};

use super::{Method, Model, OPTIMAL_GAP, Problem, Solution, Status, evaluate, relative_gap};
use crate::error::Error;

/// Nonzeros of the MILP `model` would build (for `auto`).
pub(crate) fn estimated_nonzeros(problem: &Problem, model: &Model) -> usize {
    let (n, m) = (problem.n_demand(), problem.n_sites());
    match *model {
        Model::PMedian { p } => n * (m - p.min(m) + 1) * 3,
        Model::Cflp { .. } => n * m * 4,
        Model::Mclp { radius, .. } | Model::Lscp { radius } => {
            problem.cost.iter().filter(|c| **c <= radius).count() + m
        }
        // Bisection solves about log2(n m) covering problems.
        Model::PCenter { .. } => n * m * 2,
    }
}

struct Built {
    pb: RowProblem,
    y: Vec<Col>,
    /// (demand, site, column) of assignment variables.
    x: Vec<(usize, usize, Col)>,
}

fn add_site_columns(pb: &mut RowProblem, problem: &Problem, costs: Option<&[f64]>) -> Vec<Col> {
    (0..problem.n_sites())
        .map(|j| {
            let cost = costs.map_or(0.0, |c| c[j]);
            let low = if problem.required[j] { 1.0 } else { 0.0 };
            pb.add_integer_column(cost, low..=1.0)
        })
        .collect()
}

fn add_group_rows(pb: &mut RowProblem, problem: &Problem, y: &[Col]) {
    for g in &problem.groups {
        let row: Vec<(Col, f64)> = g.sites.iter().map(|&j| (y[j], 1.0)).collect();
        let low = g.min_open.map_or(0.0, |v| v as f64);
        let high = g.max_open.map_or(f64::INFINITY, |v| v as f64);
        pb.add_row(low..=high, &row);
    }
}

/// The m - p + 1 nearest sites of each demand point (ties by index).
fn candidate_sites(problem: &Problem, p: usize) -> Vec<Vec<usize>> {
    let keep = problem.n_sites() - p + 1;
    (0..problem.n_demand())
        .map(|i| {
            let mut sites: Vec<usize> = (0..problem.n_sites()).filter(|&j| problem.cost(i, j).is_finite()).collect();
            sites.sort_by(|&a, &b| problem.cost(i, a).total_cmp(&problem.cost(i, b)).then(a.cmp(&b)));
            sites.truncate(keep);
            sites
        })
        .collect()
}

fn build_pmedian(problem: &Problem, p: usize) -> Built {
    let mut pb = RowProblem::default();
    let y = add_site_columns(&mut pb, problem, None);
    let mut x = Vec::new();
    for (i, sites) in candidate_sites(problem, p).into_iter().enumerate() {
        let w = problem.weights[i];
        let cols: Vec<(usize, Col)> =
            sites.iter().map(|&j| (j, pb.add_column(w * problem.cost(i, j), 0.0..=1.0))).collect();
        let row: Vec<(Col, f64)> = cols.iter().map(|&(_, c)| (c, 1.0)).collect();
        pb.add_row(1.0..=1.0, &row);
        for &(j, c) in &cols {
            pb.add_row(..=0.0, [(c, 1.0), (y[j], -1.0)]);
            x.push((i, j, c));
        }
    }
    let all: Vec<(Col, f64)> = y.iter().map(|&c| (c, 1.0)).collect();
    pb.add_row(p as f64..=p as f64, &all);
    add_group_rows(&mut pb, problem, &y);
    Built { pb, y, x }
}

fn build_cover(problem: &Problem, radius: f64, p: Option<usize>, maximise_weight: bool) -> Built {
    let mut pb = RowProblem::default();
    let site_cost = vec![1.0; problem.n_sites()];
    let y = add_site_columns(&mut pb, problem, if maximise_weight || p.is_some() { None } else { Some(&site_cost) });
    let mut x = Vec::new();
    for i in 0..problem.n_demand() {
        let w = problem.weights[i];
        let covering: Vec<(Col, f64)> = problem.covering(i, radius).map(|j| (y[j], 1.0)).collect();
        if maximise_weight {
            let z = pb.add_column(w, 0.0..=1.0);
            let mut row = covering;
            row.push((z, -1.0));
            pb.add_row(0.0.., &row);
            x.push((i, usize::MAX, z));
        } else if w > 0.0 {
            pb.add_row(1.0.., &covering);
        }
    }
    if let Some(p) = p {
        let all: Vec<(Col, f64)> = y.iter().map(|&c| (c, 1.0)).collect();
        if maximise_weight {
            pb.add_row(p as f64..=p as f64, &all);
        } else {
            pb.add_row(..=p as f64, &all);
        }
    }
    add_group_rows(&mut pb, problem, &y);
    Built { pb, y, x }
}

fn build_cflp(problem: &Problem, single_source: bool) -> Built {
    let mut pb = RowProblem::default();
    let fixed = problem.fixed_cost.clone().unwrap_or_else(|| vec![0.0; problem.n_sites()]);
    let y = add_site_columns(&mut pb, problem, Some(&fixed));
    let capacity = problem.capacity.as_ref().expect("checked: cflp has capacities");
    let mut x = Vec::new();
    let mut by_site: Vec<Vec<(Col, f64)>> = vec![Vec::new(); problem.n_sites()];
    for i in 0..problem.n_demand() {
        let w = problem.weights[i];
        if w <= 0.0 {
            continue;
        }
        let mut row = Vec::new();
        for j in (0..problem.n_sites()).filter(|&j| problem.cost(i, j).is_finite()) {
            let c = pb.add_column_with_integrality(w * problem.cost(i, j), 0.0..=1.0, single_source);
            row.push((c, 1.0));
            pb.add_row(..=0.0, [(c, 1.0), (y[j], -1.0)]);
            by_site[j].push((c, w));
            x.push((i, j, c));
        }
        pb.add_row(1.0..=1.0, &row);
    }
    for (j, mut row) in by_site.into_iter().enumerate() {
        row.push((y[j], -capacity[j]));
        pb.add_row(..=0.0, &row);
    }
    add_group_rows(&mut pb, problem, &y);
    Built { pb, y, x }
}

struct Outcome {
    status: HighsModelStatus,
    objective: f64,
    bound: Option<f64>,
    columns: Vec<f64>,
}

/// Assignment columns: (demand, site, column).
type XCols = Vec<(usize, usize, Col)>;

fn run(built: Built, sense: Sense, time_limit_s: f64) -> Result<(Outcome, Vec<Col>, XCols), Error> {
    let Built { pb, y, x } = built;
    let mut model = pb.optimise(sense);
    model.make_quiet();
    model.set_option("time_limit", time_limit_s.max(0.1));
    model.set_option("mip_rel_gap", OPTIMAL_GAP);
    let solved = model.try_solve().map_err(|_| {
        Error::Solver("the HiGHS solver reported an error before solving; use the heuristic solver instead".into())
    })?;
    let status = solved.status();
    let has_solution = matches!(solved.primal_solution_status(), highs::HighsSolutionStatus::Feasible);
    let bound = CString::new("mip_dual_bound")
        .ok()
        .and_then(|name| solved.double_info_value(&name).ok())
        .filter(|b| b.is_finite());
    let columns = if has_solution { solved.get_solution().columns().to_vec() } else { Vec::new() };
    let objective = solved.objective_value();
    Ok((Outcome { status, objective, bound, columns }, y, x))
}

fn solver_name() -> String {
    "HiGHS MILP".to_string()
}

/// Solves exactly (within the time limit); `warm`, a heuristic answer, is kept when HiGHS
/// finds nothing better in time (and bounds p-center's bisection).
pub(crate) fn solve(
    problem: &Problem,
    model: &Model,
    time_limit_s: f64,
    warm: Option<&Solution>,
) -> Result<Solution, Error> {
    let start = Instant::now();
    let (built, sense) = match *model {
        Model::PMedian { p } => (build_pmedian(problem, p), Sense::Minimise),
        Model::Mclp { p, radius } => (build_cover(problem, radius, Some(p), true), Sense::Maximise),
        Model::Lscp { radius } => (build_cover(problem, radius, None, false), Sense::Minimise),
        Model::Cflp { single_source } => (build_cflp(problem, single_source), Sense::Minimise),
        Model::PCenter { p } => return pcenter(problem, p, time_limit_s, warm, start),
    };
    let (outcome, y, x) = run(built, sense, time_limit_s)?;
    finish(problem, model, outcome, &y, &x, warm, start)
}

/// Whether `objective` is worse than `reference` by more than the optimality tolerance
/// (relative, and absolute for objectives near zero, as HiGHS's own gap test).
fn worse_beyond_tolerance(model: &Model, objective: f64, reference: f64) -> bool {
    let beyond = if model.maximises() { objective < reference } else { objective > reference };
    beyond && relative_gap(objective, reference) > OPTIMAL_GAP && (objective - reference).abs() > OPTIMAL_GAP
}

/// The status an answer deserves: `Optimal` only when its objective meets the bound within
/// [`OPTIMAL_GAP`], whatever the solver claimed; otherwise `Unproven`.
pub(crate) fn checked_status(model: &Model, claimed: Status, objective: f64, bound: Option<f64>) -> Status {
    match bound {
        Some(bound) if claimed == Status::Optimal && worse_beyond_tolerance(model, objective, bound) => {
            Status::Unproven
        }
        _ => claimed,
    }
}

/// Objective of a multi-source or single-source CFLP answer, from its open sites and shares.
fn cflp_objective(problem: &Problem, open: &[usize], assignment: &super::Assignment) -> f64 {
    let fixed: f64 = problem.fixed_cost.as_ref().map_or(0.0, |f| open.iter().map(|&j| f[j]).sum());
    let travel: f64 = assignment
        .iter()
        .enumerate()
        .flat_map(|(i, parts)| parts.iter().map(move |&(j, share)| (i, j, share)))
        .map(|(i, j, share)| problem.weights[i] * share * problem.cost(i, j))
        .sum();
    fixed + travel
}

/// Why HiGHS stopped, in words (its model statuses other than optimal, infeasible and the
/// limits, which are handled where they occur).
fn stopped_because(status: HighsModelStatus) -> &'static str {
    match status {
        HighsModelStatus::Unbounded | HighsModelStatus::UnboundedOrInfeasible => "the model is unbounded",
        HighsModelStatus::ModelEmpty => "the model is empty",
        HighsModelStatus::LoadError | HighsModelStatus::ModelError => "it could not load the model",
        HighsModelStatus::PresolveError | HighsModelStatus::SolveError | HighsModelStatus::PostsolveError => {
            "it failed while solving"
        }
        _ => "an unexpected status",
    }
}

fn finish(
    problem: &Problem,
    model: &Model,
    outcome: Outcome,
    y: &[Col],
    x: &[(usize, usize, Col)],
    warm: Option<&Solution>,
    start: Instant,
) -> Result<Solution, Error> {
    let status = match outcome.status {
        HighsModelStatus::Optimal => Status::Optimal,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedInterrupt => Status::TimeLimit,
        HighsModelStatus::Infeasible => {
            return Err(Error::Solver(format!("{} is infeasible with these constraints", model.name())));
        }
        other => {
            return Err(Error::Solver(format!(
                "the HiGHS solver stopped without a solution ({}); use the heuristic solver instead",
                stopped_because(other)
            )));
        }
    };
    let solved = if outcome.columns.is_empty() {
        None
    } else {
        let open: Vec<usize> = (0..y.len()).filter(|&j| outcome.columns[j] > 0.5).collect();
        let (objective, assignment) = match model {
            Model::Cflp { .. } => {
                let mut assignment = vec![Vec::new(); problem.n_demand()];
                for (k, &(i, j, _)) in x.iter().enumerate() {
                    let share = outcome.columns[y.len() + k];
                    if share > 1e-7 {
                        assignment[i].push((j, share));
                    }
                }
                (cflp_objective(problem, &open, &assignment), assignment)
            }
            _ => evaluate(problem, model, &open),
        };
        Some((objective, open, assignment))
    };
    // The columns' own objective is at least as good as the reported one when they are the
    // solver's incumbent (the nearest-site assignment can only improve on the MILP's).
    let reported = outcome.objective;
    let columns_objective = solved.as_ref().map(|s| s.0);
    let inconsistent =
        columns_objective.is_some_and(|c| reported.is_finite() && worse_beyond_tolerance(model, c, reported));
    // Keep the warm answer when HiGHS ran out of time without beating it.
    let better = |a: f64, b: f64| if model.maximises() { a > b + 1e-9 } else { a < b - 1e-9 };
    let (objective, open, assignment) = match (solved, warm) {
        (Some(s), Some(w)) if !better(s.0, w.objective) && status != Status::Optimal => {
            (w.objective, w.open.clone(), w.assignment.clone())
        }
        (Some(s), _) => s,
        (None, Some(w)) => (w.objective, w.open.clone(), w.assignment.clone()),
        (None, None) => return Err(Error::Solver("HiGHS found no solution within the time limit".into())),
    };
    let bound = match status {
        Status::Optimal => Some(outcome.bound.unwrap_or(objective)),
        _ => outcome.bound,
    };
    let mut status = checked_status(model, status, objective, bound);
    let note = if inconsistent {
        status = if status == Status::Optimal { Status::Unproven } else { status };
        Some(format!(
            "HiGHS reported the objective {reported}, but its answer's objective is {}",
            columns_objective.unwrap_or(f64::NAN)
        ))
    } else {
        (status == Status::Unproven).then(|| {
            format!(
                "HiGHS reported optimal, but the answer's objective {objective} does not meet its bound {}",
                bound.unwrap_or(f64::NAN)
            )
        })
    };
    Ok(Solution {
        model: model.name(),
        objective,
        open,
        assignment,
        bound,
        gap: bound.map(|b| relative_gap(objective, b)),
        method: Method::Exact,
        solver: solver_name(),
        status,
        seconds: start.elapsed().as_secs_f64(),
        note,
    })
}

/// p-center by bisection over the sorted distinct costs: the smallest radius at which at
/// most p sites cover every demand point (each step an exact covering MILP).
fn pcenter(
    problem: &Problem,
    p: usize,
    time_limit_s: f64,
    warm: Option<&Solution>,
    start: Instant,
) -> Result<Solution, Error> {
    let mut radii: Vec<f64> = problem.cost.iter().copied().filter(|c| c.is_finite()).collect();
    radii.sort_by(f64::total_cmp);
    radii.dedup();
    let lower = super::bound::pcenter_trivial(problem);
    let mut lo = radii.partition_point(|r| *r < lower);
    let mut hi = match warm {
        Some(w) => radii.partition_point(|r| *r < w.objective).min(radii.len() - 1),
        None => radii.len() - 1,
    };
    let mut best_open: Option<Vec<usize>> = warm.map(|w| w.open.clone());
    let mut timed_out = false;
    while lo < hi {
        let remaining = time_limit_s - start.elapsed().as_secs_f64();
        if remaining <= 0.0 {
            timed_out = true;
            break;
        }
        let mid = (lo + hi) / 2;
        let built = build_cover(problem, radii[mid], Some(p), false);
        let (outcome, y, _) = run(built, Sense::Minimise, remaining)?;
        match outcome.status {
            HighsModelStatus::Optimal if !outcome.columns.is_empty() => {
                best_open = Some((0..y.len()).filter(|&j| outcome.columns[j] > 0.5).collect());
                hi = mid;
            }
            HighsModelStatus::Infeasible => lo = mid + 1,
            _ => {
                timed_out = true;
                break;
            }
        }
    }
    let mut open = best_open.ok_or_else(|| Error::Solver("p-center: no feasible cover found".into()))?;
    // A cover may use fewer than p sites: fill up to p with the heuristic's choices.
    if let Some(w) = warm {
        for &j in &w.open {
            if open.len() >= p {
                break;
            }
            if !open.contains(&j) {
                open.push(j);
            }
        }
    }
    for j in 0..problem.n_sites() {
        if open.len() >= p {
            break;
        }
        if !open.contains(&j) {
            open.push(j);
        }
    }
    open.sort_unstable();
    let model = Model::PCenter { p };
    let (objective, assignment) = evaluate(problem, &model, &open);
    let bound = if timed_out { radii.get(lo).copied().map(|r| r.min(objective)) } else { Some(objective) };
    Ok(Solution {
        model: model.name(),
        objective,
        open,
        assignment,
        bound,
        gap: bound.map(|b| relative_gap(objective, b)),
        method: Method::Exact,
        solver: format!("{} (bisection over radii)", solver_name()),
        status: if timed_out { Status::TimeLimit } else { Status::Optimal },
        seconds: start.elapsed().as_secs_f64(),
        note: None,
    })
}
