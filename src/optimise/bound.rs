//! Cheap bounds that tell how far a heuristic answer can be from the optimum.
//!
//! p-median: Lagrangian relaxation of the assignment constraints (Cornuejols, Fisher &
//! Nemhauser 1977; Beasley 1985), maximised by subgradient steps. For multipliers λ:
//! L(λ) = Σ_i λ_i + Σ_{j open} ρ_j with ρ_j = Σ_i min(0, w_i c_ij - λ_i), the open set being
//! the required sites plus the p - |required| smallest ρ_j. Every L(λ) is a valid lower
//! bound (group limits are relaxed, which only lowers it).

use rayon::prelude::*;

use super::Problem;

/// The outcome of the subgradient search.
pub(crate) struct Relaxation {
    /// Best lower bound found.
    pub(crate) bound: f64,
    /// The open set of the relaxation (required sites + p - |required| smallest ρ) with the
    /// lowest real p-median cost met during the search: a good starting point.
    pub(crate) best_open: Vec<usize>,
}

/// Best Lagrangian lower bound found; `upper` is a known objective (it sets step sizes).
pub(crate) fn pmedian_lagrangian(problem: &Problem, p: usize, upper: f64, by_site: &[f64]) -> Relaxation {
    let (n, m) = (problem.n_demand(), problem.n_sites());
    if n == 0 || m == 0 || !upper.is_finite() {
        return Relaxation { bound: 0.0, best_open: Vec::new() };
    }
    let mut best_open: Vec<usize> = Vec::new();
    let mut best_primal = f64::INFINITY;
    // Start from each point's weighted second-nearest cost: a standard, tight-ish start.
    let mut lambda: Vec<f64> = (0..n)
        .map(|i| {
            let mut best = [f64::INFINITY; 2];
            for &c in problem.row(i) {
                if c < best[0] {
                    best = [c, best[0]];
                } else if c < best[1] {
                    best[1] = c;
                }
            }
            let c = if best[1].is_finite() { best[1] } else { best[0] };
            problem.weights[i] * if c.is_finite() { c } else { 0.0 }
        })
        .collect();
    let work = (n * m) as f64;
    let iterations = (2.0e9 / work).clamp(60.0, 1500.0) as usize;
    let mut theta = 2.0;
    let mut best = f64::NEG_INFINITY;
    let mut since_improvement = 0;
    let required = problem.required_count();
    for iteration in 0..iterations {
        let rho: Vec<f64> = (0..m)
            .into_par_iter()
            .map(|j| {
                let column = &by_site[j * n..(j + 1) * n];
                column
                    .iter()
                    .zip(&problem.weights)
                    .zip(&lambda)
                    // An infinite cost gives +inf (or NaN when w = 0), and min(0) gives 0.
                    .map(|((&c, &w), &l)| (w * c - l).min(0.0))
                    .sum()
            })
            .collect();
        let mut order: Vec<usize> = (0..m).filter(|&j| !problem.required[j]).collect();
        order.sort_by(|&a, &b| rho[a].total_cmp(&rho[b]).then(a.cmp(&b)));
        let mut open: Vec<usize> = (0..m).filter(|&j| problem.required[j]).collect();
        open.extend(order.into_iter().take(p.saturating_sub(required)));
        let value: f64 = lambda.iter().sum::<f64>() + open.iter().map(|&j| rho[j]).sum::<f64>();
        if iteration % 5 == 0 {
            let primal = primal_cost(problem, &open);
            if primal < best_primal {
                best_primal = primal;
                best_open = open.clone();
            }
        }
        if best == f64::NEG_INFINITY || value > best + 1e-9 * best.abs().max(1.0) {
            best = value;
            since_improvement = 0;
        } else {
            since_improvement += 1;
            if since_improvement >= 30 {
                theta /= 2.0;
                since_improvement = 0;
            }
        }
        if theta < 1e-5 || upper - best <= 1e-7 * upper.abs().max(1.0) {
            break;
        }
        // Subgradient: 1 - (number of open sites that would take i).
        let subgradient: Vec<f64> = (0..n)
            .map(|i| {
                let taken = open
                    .iter()
                    .filter(|&&j| {
                        let c = problem.cost(i, j);
                        c.is_finite() && problem.weights[i] * c - lambda[i] < 0.0
                    })
                    .count();
                1.0 - taken as f64
            })
            .collect();
        let norm: f64 = subgradient.iter().map(|g| g * g).sum();
        if norm == 0.0 {
            break;
        }
        let step = theta * (upper - value).max(1e-9 * upper.abs().max(1.0)) / norm;
        for (l, g) in lambda.iter_mut().zip(&subgradient) {
            *l = (*l + step * g).max(0.0);
        }
    }
    Relaxation { bound: best.max(0.0).min(upper), best_open }
}

/// Weighted cost of serving every point from its nearest site of `open`.
fn primal_cost(problem: &Problem, open: &[usize]) -> f64 {
    (0..problem.n_demand())
        .into_par_iter()
        .map(|i| {
            let row = problem.row(i);
            let c = open.iter().map(|&j| row[j]).fold(f64::INFINITY, f64::min);
            if c.is_finite() { problem.weights[i] * c } else { f64::INFINITY }
        })
        .sum()
}

/// p-center: nobody can be served closer than their nearest site.
pub(crate) fn pcenter_trivial(problem: &Problem) -> f64 {
    (0..problem.n_demand())
        .filter(|&i| problem.weights[i] > 0.0)
        .map(|i| problem.row(i).iter().copied().fold(f64::INFINITY, f64::min))
        .filter(|c| c.is_finite())
        .fold(0.0, f64::max)
}

/// MCLP: no more than the weight any site can cover, nor than the p best sites' coverage.
pub(crate) fn mclp_upper(problem: &Problem, p: usize, radius: f64) -> f64 {
    let (n, m) = (problem.n_demand(), problem.n_sites());
    let coverable: f64 =
        (0..n).filter(|&i| problem.covering(i, radius).next().is_some()).map(|i| problem.weights[i]).sum();
    let mut per_site: Vec<f64> =
        (0..m).map(|j| (0..n).filter(|&i| problem.cost(i, j) <= radius).map(|i| problem.weights[i]).sum()).collect();
    per_site.sort_by(|a, b| b.total_cmp(a));
    coverable.min(per_site.iter().take(p).sum())
}
