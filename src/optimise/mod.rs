//! Stage 6, `optimise`: location-allocation over a demand x site cost matrix.
//!
//! Models: `pmedian` (p sites, least weighted cost), `pcenter` (p sites, least worst cost),
//! `mclp` (p sites, most weight within a radius), `lscp` (fewest sites covering everyone
//! within a radius) and `cflp` (capacitated, fixed opening costs decide how many sites).
//! Sites can be `required` (must stay open); groups of sites can be capped ("at most 3
//! public schools per province") or given a floor ("at least one site per province").
//!
//! Two solvers: [`exact`] builds a MILP for HiGHS (with a time limit, reporting the best
//! bound and the gap) and [`heuristic`] runs greedy construction plus fast vertex
//! substitution (Whitaker's fast interchange) with seeded perturbation, in parallel with
//! rayon, deterministic for a seed, with a Lagrangian lower bound for p-median.
//! [`Method::Auto`] runs the heuristic first and returns it when the heuristic's own bound
//! proves it optimal (gap within [`OPTIMAL_GAP`]); otherwise it picks exact when the
//! instance is small enough to finish in the time limit. Its note says which and why.

pub(crate) mod bound;
pub(crate) mod exact;
pub(crate) mod heuristic;
pub(crate) mod network;
pub mod orlib;
pub(crate) mod schedule;

use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Issue, Severity};

/// Demand points, candidate sites and the cost between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub demand_ids: Vec<String>,
    pub weights: Vec<f64>,
    pub site_ids: Vec<String>,
    /// Row-major `cost[i * n_sites + j]`; `f64::INFINITY` where demand `i` cannot use site `j`.
    pub cost: Vec<f64>,
    /// Capacity of each site in units of demand weight (CFLP).
    pub capacity: Option<Vec<f64>>,
    /// Cost of keeping each site open (CFLP).
    pub fixed_cost: Option<Vec<f64>>,
    pub required: Vec<bool>,
    pub groups: Vec<SiteGroup>,
}

/// A side constraint on how many sites of a group may (or must) be open.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteGroup {
    pub(crate) name: String,
    pub(crate) sites: Vec<usize>,
    pub(crate) max_open: Option<usize>,
    pub(crate) min_open: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum Model {
    #[serde(rename = "pmedian")]
    PMedian {
        p: usize,
    },
    #[serde(rename = "pcenter")]
    PCenter {
        p: usize,
    },
    Mclp {
        p: usize,
        radius: f64,
    },
    Lscp {
        radius: f64,
    },
    Cflp {
        single_source: bool,
    },
}

impl Model {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Model::PMedian { .. } => "pmedian",
            Model::PCenter { .. } => "pcenter",
            Model::Mclp { .. } => "mclp",
            Model::Lscp { .. } => "lscp",
            Model::Cflp { .. } => "cflp",
        }
    }

    /// MCLP maximises covered weight; every other model minimises.
    pub(crate) fn maximises(&self) -> bool {
        matches!(self, Model::Mclp { .. })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Exact,
    Heuristic,
    #[default]
    Auto,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolveOptions {
    pub method: Method,
    pub time_limit_s: f64,
    pub seed: u64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions { method: Method::Auto, time_limit_s: 60.0, seed: 1 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal: the objective meets a valid bound within [`OPTIMAL_GAP`] (HiGHS's,
    /// or the heuristic's own bound).
    Optimal,
    /// The time limit stopped the exact solver; the best solution found is returned.
    TimeLimit,
    /// A heuristic solution; the gap to the bound says how good it is at worst.
    Heuristic,
    /// The solver said optimal but its answer does not meet its bound, or is not the answer
    /// whose objective it reported: feasible, optimality not established (the note says why).
    Unproven,
}

/// Relative gap within which an answer counts as optimal (HiGHS's `mip_rel_gap` too).
pub(crate) const OPTIMAL_GAP: f64 = 1e-6;

/// For each demand point: (site, share of its weight) pairs.
pub(crate) type Assignment = Vec<Vec<(usize, f64)>>;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Solution {
    pub model: &'static str,
    pub objective: f64,
    /// Open sites, ascending.
    pub open: Vec<usize>,
    /// For each demand point: (site, share of its weight). One entry except for
    /// multi-source CFLP; empty when the point cannot be served.
    pub(crate) assignment: Assignment,
    /// Lower bound for minimisation, upper bound for MCLP, when known.
    pub bound: Option<f64>,
    /// |objective - bound| / max(|objective|, 1e-9).
    pub gap: Option<f64>,
    pub(crate) method: Method,
    pub solver: String,
    pub status: Status,
    pub seconds: f64,
    /// Why `auto` chose this method.
    pub(crate) note: Option<String>,
}

impl Problem {
    pub fn n_demand(&self) -> usize {
        self.weights.len()
    }

    pub(crate) fn n_sites(&self) -> usize {
        self.site_ids.len()
    }

    pub fn cost(&self, i: usize, j: usize) -> f64 {
        self.cost[i * self.n_sites() + j]
    }

    pub(crate) fn row(&self, i: usize) -> &[f64] {
        let m = self.n_sites();
        &self.cost[i * m..(i + 1) * m]
    }

    /// The cost matrix site-major (`[j * n_demand + i]`): the heuristics scan a site's
    /// column for every demand point, which is cache-friendly only in this layout.
    pub(crate) fn costs_by_site(&self) -> Vec<f64> {
        use rayon::prelude::*;
        let (n, m) = (self.n_demand(), self.n_sites());
        (0..m).into_par_iter().flat_map_iter(|j| (0..n).map(move |i| self.cost[i * m + j])).collect()
    }

    /// Sites within `radius` of demand `i`.
    pub(crate) fn covering(&self, i: usize, radius: f64) -> impl Iterator<Item = usize> + '_ {
        self.row(i).iter().enumerate().filter(move |(_, c)| **c <= radius).map(|(j, _)| j)
    }

    pub(crate) fn required_count(&self) -> usize {
        self.required.iter().filter(|r| **r).count()
    }

    /// Checks the problem against the model: the mistakes a user can make, as messages.
    pub(crate) fn check(&self, model: &Model) -> Result<(), String> {
        let (n, m) = (self.n_demand(), self.n_sites());
        if n == 0 {
            return Err("there are no demand points".into());
        }
        if m == 0 {
            return Err("there are no candidate sites".into());
        }
        if self.cost.len() != n * m || self.required.len() != m {
            return Err("internal: cost matrix or site flags have the wrong size".into());
        }
        if let Some(i) = self.weights.iter().position(|w| !w.is_finite() || *w < 0.0) {
            return Err(format!("demand '{}' has a negative or non-finite weight", self.demand_ids[i]));
        }
        if let Some(i) = (0..n).find(|&i| self.row(i).iter().all(|c| !c.is_finite())) {
            return Err(format!(
                "demand '{}' has no cost to any site (missing rows in costs.csv?)",
                self.demand_ids[i]
            ));
        }
        let required = self.required_count();
        match *model {
            Model::PMedian { p } | Model::PCenter { p } | Model::Mclp { p, .. } => {
                if p == 0 {
                    return Err("p must be at least 1".into());
                }
                if p > m {
                    return Err(format!("p = {p} is larger than the number of sites ({m})"));
                }
                if required > p {
                    return Err(format!("{required} sites are required but p = {p}"));
                }
            }
            Model::Lscp { radius } => {
                if let Some(i) = (0..n).find(|&i| self.weights[i] > 0.0 && self.covering(i, radius).next().is_none()) {
                    return Err(format!(
                        "coverage is infeasible: demand '{}' has no site within the radius {radius}",
                        self.demand_ids[i]
                    ));
                }
            }
            Model::Cflp { .. } => {
                let Some(capacity) = &self.capacity else {
                    return Err("cflp needs site capacities (a capacity column in sites.csv)".into());
                };
                let total: f64 = self.weights.iter().sum();
                let available: f64 = capacity.iter().sum();
                if available + 1e-9 < total {
                    return Err(format!(
                        "total capacity {available} is below total demand {total}: cflp is infeasible"
                    ));
                }
            }
        }
        for group in &self.groups {
            let required_in = group.sites.iter().filter(|&&j| self.required[j]).count();
            if let Some(max) = group.max_open
                && required_in > max
            {
                return Err(format!("group '{}' allows {max} open sites but {required_in} are required", group.name));
            }
            if let Some(min) = group.min_open
                && min > group.sites.len()
            {
                return Err(format!("group '{}' needs {min} open sites but has {}", group.name, group.sites.len()));
            }
        }
        Ok(())
    }

    /// Whether an open set respects the required sites and the group limits.
    pub(crate) fn respects_constraints(&self, open: &[bool]) -> bool {
        self.required.iter().zip(open).all(|(r, o)| !r || *o)
            && self.groups.iter().all(|g| {
                let count = g.sites.iter().filter(|&&j| open[j]).count();
                g.max_open.is_none_or(|max| count <= max) && g.min_open.is_none_or(|min| count >= min)
            })
    }
}

/// Objective of an open set for the uncapacitated models (nearest-open assignment).
pub(crate) fn evaluate(problem: &Problem, model: &Model, open: &[usize]) -> (f64, Assignment) {
    let nearest: Vec<Option<(usize, f64)>> = (0..problem.n_demand())
        .map(|i| {
            open.iter()
                .map(|&j| (j, problem.cost(i, j)))
                .filter(|(_, c)| c.is_finite())
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
        })
        .collect();
    let assignment = nearest.iter().map(|n| n.map(|(j, _)| vec![(j, 1.0)]).unwrap_or_default()).collect();
    let w = &problem.weights;
    let objective = match *model {
        Model::PMedian { .. } => nearest.iter().zip(w).map(|(n, w)| n.map_or(f64::INFINITY, |(_, c)| w * c)).sum(),
        Model::PCenter { .. } => nearest
            .iter()
            .zip(w)
            .filter(|(_, w)| **w > 0.0)
            .map(|(n, _)| n.map_or(f64::INFINITY, |(_, c)| c))
            .fold(0.0, f64::max),
        Model::Mclp { radius, .. } => {
            nearest.iter().zip(w).filter(|(n, _)| n.is_some_and(|(_, c)| c <= radius)).map(|(_, w)| w).sum()
        }
        Model::Lscp { .. } => open.len() as f64,
        Model::Cflp { .. } => unreachable!("cflp is evaluated with capacities"),
    };
    (objective, assignment)
}

/// Relative gap between an objective and a bound.
pub(crate) fn relative_gap(objective: f64, bound: f64) -> f64 {
    ((objective - bound).abs() / objective.abs().max(1e-9)).max(0.0)
}

/// Size above which `auto` prefers the heuristic: nonzeros of the MILP.
const AUTO_EXACT_MAX_NONZEROS: usize = 400_000;

/// Solves `model` on `problem` with the chosen method.
pub fn solve(problem: &Problem, model: &Model, options: &SolveOptions) -> Result<Solution, Error> {
    problem.check(model).map_err(|message| {
        Error::invalid_one(Issue {
            severity: Severity::Error,
            file: model.name().into(),
            line: None,
            column: None,
            message,
        })
    })?;
    let start = Instant::now();
    let size = exact::estimated_nonzeros(problem, model);
    let (method, note) = match options.method {
        Method::Exact => (Method::Exact, None),
        Method::Heuristic => (Method::Heuristic, None),
        Method::Auto if size <= AUTO_EXACT_MAX_NONZEROS => (
            Method::Exact,
            Some(format!("auto: exact (MILP with about {size} nonzeros, at most {AUTO_EXACT_MAX_NONZEROS})")),
        ),
        Method::Auto => (
            Method::Heuristic,
            Some(format!(
                "auto: heuristic (MILP would have about {size} nonzeros, more than {AUTO_EXACT_MAX_NONZEROS})"
            )),
        ),
    };
    let warm = heuristic::solve(problem, model, options.seed);
    // `auto` tries the heuristic first: when its own bound proves it optimal, HiGHS has
    // nothing left to prove (pmed10: about 0.26 s instead of 2 s).
    if options.method == Method::Auto && warm.status == Status::Optimal {
        let mut solution = warm;
        solution.seconds = start.elapsed().as_secs_f64();
        solution.note = Some(format!(
            "auto: heuristic (its bound {} proves the answer optimal, gap {:.1e} <= {OPTIMAL_GAP:.0e}; HiGHS not started)",
            solution.bound.unwrap_or(f64::NAN),
            solution.gap.unwrap_or(0.0),
        ));
        return Ok(solution);
    }
    let mut solution = match method {
        Method::Exact => exact::solve(problem, model, options.time_limit_s, Some(&warm))?,
        _ => warm,
    };
    solution.seconds = start.elapsed().as_secs_f64();
    // The auto note first, then what the solver had to say.
    solution.note = match (note, solution.note.take()) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
        (a, b) => a.or(b),
    };
    Ok(solution)
}

#[cfg(test)]
mod reference_tests;
#[cfg(test)]
mod tests;
