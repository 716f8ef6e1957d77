//! Fast heuristics for every model, deterministic for a seed.
//!
//! p-median: lazy greedy construction, then fast vertex substitution (Whitaker 1983, as
//! described by Resende & Werneck 2003): for each closed candidate `f`, one pass over the
//! demand points gives the gain of opening `f` and, for every open site `r`, the loss of
//! closing it, so the best swap costs O(n) per candidate. Candidates are evaluated in
//! parallel (rayon) and the best swap is chosen with a fixed tie-break, so results do not
//! depend on the thread count. Local optima are then perturbed by a few random swaps
//! (iterated local search, seeded) and the best solution kept. A Lagrangian lower bound
//! ([`super::bound`]) says how far from optimal the answer can be.
//!
//! p-center, MCLP, LSCP and CFLP use greedy construction with swap or drop improvement.

use rayon::prelude::*;

use super::{Assignment, Method, Model, OPTIMAL_GAP, Problem, Solution, Status, bound, evaluate, relative_gap};
use crate::rng::Rng;

pub(crate) fn solve(problem: &Problem, model: &Model, seed: u64) -> Solution {
    let start = std::time::Instant::now();
    let (open, bound_value, solver) = match *model {
        Model::PMedian { p } => {
            let (open, lb) = pmedian(problem, p, seed);
            (open, Some(lb), "greedy + Lagrangian start + fast interchange + iterated local search; Lagrangian bound")
        }
        Model::PCenter { p } => {
            let open = pcenter(problem, p);
            (open, Some(bound::pcenter_trivial(problem)), "radius bisection with greedy cover + swaps")
        }
        Model::Mclp { p, radius } => {
            let open = mclp(problem, p, radius);
            (open, Some(bound::mclp_upper(problem, p, radius)), "greedy + swap local search")
        }
        Model::Lscp { radius } => (lscp(problem, radius), None, "greedy set cover + redundancy removal"),
        Model::Cflp { single_source } => {
            let (open, objective, assignment) = cflp(problem, single_source);
            return Solution {
                model: model.name(),
                objective,
                open,
                assignment,
                bound: None,
                gap: None,
                method: Method::Heuristic,
                solver: "drop + swap with regret assignment".into(),
                status: Status::Heuristic,
                seconds: start.elapsed().as_secs_f64(),
                note: None,
            };
        }
    };
    let (objective, assignment) = evaluate(problem, model, &open);
    let bound_value = bound_value.map(|b| if model.maximises() { b.max(objective) } else { b.min(objective) });
    let gap = bound_value.map(|b| relative_gap(objective, b));
    // The bounds are valid for every feasible answer, so meeting one proves optimality.
    let proven = gap.is_some_and(|g| g <= OPTIMAL_GAP);
    Solution {
        model: model.name(),
        objective,
        open,
        assignment,
        bound: bound_value,
        gap,
        method: Method::Heuristic,
        solver: solver.into(),
        status: if proven { Status::Optimal } else { Status::Heuristic },
        seconds: start.elapsed().as_secs_f64(),
        note: None,
    }
}

/// Group membership and counts, for checking swaps against the side constraints.
struct Groups {
    of_site: Vec<Vec<usize>>,
    max: Vec<usize>,
    min: Vec<usize>,
}

impl Groups {
    fn new(problem: &Problem) -> Self {
        let mut of_site = vec![Vec::new(); problem.n_sites()];
        for (g, group) in problem.groups.iter().enumerate() {
            for &j in &group.sites {
                of_site[j].push(g);
            }
        }
        Groups {
            of_site,
            max: problem.groups.iter().map(|g| g.max_open.unwrap_or(usize::MAX)).collect(),
            min: problem.groups.iter().map(|g| g.min_open.unwrap_or(0)).collect(),
        }
    }

    fn counts(&self, open: &[bool]) -> Vec<usize> {
        let mut counts = vec![0; self.max.len()];
        for (j, groups) in self.of_site.iter().enumerate() {
            if open[j] {
                for &g in groups {
                    counts[g] += 1;
                }
            }
        }
        counts
    }

    fn can_add(&self, counts: &[usize], f: usize) -> bool {
        self.of_site[f].iter().all(|&g| counts[g] < self.max[g])
    }

    /// Opening `f` and closing `r` keeps every group within its limits.
    fn can_swap(&self, counts: &[usize], f: usize, r: usize) -> bool {
        self.of_site[f].iter().all(|&g| counts[g] + 1 - usize::from(self.of_site[r].contains(&g)) <= self.max[g])
            && self.of_site[r].iter().all(|&g| counts[g] + usize::from(self.of_site[f].contains(&g)) > self.min[g])
    }
}

/// A large finite stand-in for "cannot be served", so sums stay comparable.
fn big_cost(problem: &Problem) -> f64 {
    let max = problem.cost.iter().filter(|c| c.is_finite()).fold(0.0f64, |a, &b| a.max(b));
    (max.max(1.0)) * 1e6
}

fn capped(c: f64, big: f64) -> f64 {
    if c.is_finite() { c } else { big }
}

/// Nearest and second-nearest open site of every demand point.
struct Nearest {
    n1: Vec<usize>,
    d1: Vec<f64>,
    d2: Vec<f64>,
}

fn nearest(problem: &Problem, open_list: &[usize], big: f64) -> Nearest {
    let n = problem.n_demand();
    let mut out = Nearest { n1: vec![usize::MAX; n], d1: vec![big; n], d2: vec![big; n] };
    for i in 0..n {
        let row = problem.row(i);
        for &j in open_list {
            let c = capped(row[j], big);
            if c < out.d1[i] || (c == out.d1[i] && j < out.n1[i]) {
                out.d2[i] = out.d1[i];
                out.d1[i] = c;
                out.n1[i] = j;
            } else if c < out.d2[i] {
                out.d2[i] = c;
            }
        }
    }
    out
}

fn weighted_cost(problem: &Problem, near: &Nearest) -> f64 {
    problem.weights.iter().zip(&near.d1).map(|(w, d)| w * d).sum()
}

/// p-median: greedy start, fast interchange, iterated local search.
/// p-median: two starts (lazy greedy, and the best open set met by the Lagrangian
/// relaxation), each improved by fast interchange, then iterated local search from the
/// better one until the rounds run out or the Lagrangian bound proves it optimal.
/// Returns the open sites and the lower bound.
pub(crate) fn pmedian(problem: &Problem, p: usize, seed: u64) -> (Vec<usize>, f64) {
    let big = big_cost(problem);
    let groups = Groups::new(problem);
    let m = problem.n_sites();
    let by_site = problem.costs_by_site();
    let greedy = greedy_pmedian(problem, p, big, &groups, &by_site);
    let greedy_list: Vec<usize> = (0..m).filter(|&j| greedy[j]).collect();
    let greedy_cost = weighted_cost(problem, &nearest(problem, &greedy_list, big));
    let relaxation = bound::pmedian_lagrangian(problem, p, greedy_cost, &by_site);
    // Local search from both starts; keep the better.
    let mut best = greedy;
    let mut best_cost = fast_interchange(problem, &mut best, big, &groups, &by_site);
    if relaxation.best_open.len() == p {
        let mut flags = vec![false; m];
        for &j in &relaxation.best_open {
            flags[j] = true;
        }
        if problem.respects_constraints(&flags) {
            let cost = fast_interchange(problem, &mut flags, big, &groups, &by_site);
            if cost < best_cost {
                best_cost = cost;
                best = flags;
            }
        }
    }
    let proven = |cost: f64| cost <= relaxation.bound + 1e-9 * cost.abs().max(1.0);
    let rounds = ils_rounds(problem.n_demand(), m, p);
    let mut rng = Rng::new(seed);
    for _ in 0..rounds {
        if proven(best_cost) {
            break;
        }
        let mut trial = best.clone();
        let swaps = 2 + rng.below(2);
        perturb(problem, &mut trial, &groups, &mut rng, swaps);
        let cost = fast_interchange(problem, &mut trial, big, &groups, &by_site);
        if cost < best_cost - 1e-9 * best_cost.abs().max(1.0) {
            best_cost = cost;
            best = trial;
        }
    }
    ((0..m).filter(|&j| best[j]).collect(), relaxation.bound.min(best_cost))
}

/// More perturbation rounds for small instances, fewer for large ones (each round costs a
/// local search of about n x m work).
fn ils_rounds(n: usize, m: usize, p: usize) -> usize {
    if p <= 1 || p >= m {
        return 0;
    }
    let work = (n * m) as f64;
    (3.0e8 / work).clamp(4.0, 200.0) as usize
}

fn perturb(problem: &Problem, open: &mut [bool], groups: &Groups, rng: &mut Rng, swaps: usize) {
    let m = problem.n_sites();
    for _ in 0..swaps {
        let closed: Vec<usize> = (0..m).filter(|&j| !open[j]).collect();
        let removable: Vec<usize> = (0..m).filter(|&j| open[j] && !problem.required[j]).collect();
        if closed.is_empty() || removable.is_empty() {
            return;
        }
        let counts = groups.counts(open);
        for _ in 0..20 {
            let f = closed[rng.below(closed.len())];
            let r = removable[rng.below(removable.len())];
            if groups.can_swap(&counts, f, r) {
                open[f] = true;
                open[r] = false;
                break;
            }
        }
    }
}

/// Lazy greedy: the gain of adding a site only shrinks as others open (submodularity), so
/// stale gains are upper bounds and most candidates need no re-evaluation.
fn greedy_pmedian(problem: &Problem, p: usize, big: f64, groups: &Groups, by_site: &[f64]) -> Vec<bool> {
    let (n, m) = (problem.n_demand(), problem.n_sites());
    let mut open = problem.required.clone();
    let mut d1 = vec![big; n];
    let update = |d1: &mut [f64], j: usize| {
        for (i, d) in d1.iter_mut().enumerate() {
            *d = d.min(capped(by_site[j * n + i], big));
        }
    };
    for j in (0..m).filter(|&j| open[j]) {
        update(&mut d1, j);
    }
    let gain = |d1: &[f64], j: usize| -> f64 {
        let column = &by_site[j * n..(j + 1) * n];
        (0..n).map(|i| problem.weights[i] * (d1[i] - capped(column[i], big)).max(0.0)).sum()
    };
    // Group floors first: the best site of each group short of its minimum.
    for (g, group) in problem.groups.iter().enumerate() {
        while group.sites.iter().filter(|&&j| open[j]).count() < groups.min[g] {
            let counts = groups.counts(&open);
            let best = group
                .sites
                .iter()
                .copied()
                .filter(|&j| !open[j] && groups.can_add(&counts, j))
                .max_by(|&a, &b| gain(&d1, a).total_cmp(&gain(&d1, b)).then(b.cmp(&a)));
            let Some(j) = best else { break };
            open[j] = true;
            update(&mut d1, j);
        }
    }
    let mut stale: Vec<(f64, usize)> =
        (0..m).into_par_iter().filter(|&j| !open[j]).map(|j| (gain(&d1, j), j)).collect();
    while open.iter().filter(|o| **o).count() < p && !stale.is_empty() {
        // Highest stale gain first; re-evaluate until the top is fresh.
        stale.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let counts = groups.counts(&open);
        let mut chosen = None;
        let mut k = 0;
        while k < stale.len() {
            let j = stale[k].1;
            if !groups.can_add(&counts, j) {
                stale.remove(k);
                continue;
            }
            let fresh = gain(&d1, j);
            stale[k].0 = fresh;
            let next_best = stale.get(k + 1).map_or(f64::NEG_INFINITY, |x| x.0);
            if fresh >= next_best {
                chosen = Some(k);
                break;
            }
            // Re-sort the evaluated entry into place and retry from the top.
            stale.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            k = 0;
        }
        let Some(k) = chosen else { break };
        let (_, j) = stale.remove(k);
        open[j] = true;
        update(&mut d1, j);
    }
    open
}

/// Best-improvement swaps until none improves; returns the weighted cost.
fn fast_interchange(problem: &Problem, open: &mut [bool], big: f64, groups: &Groups, by_site: &[f64]) -> f64 {
    let (n, m) = (problem.n_demand(), problem.n_sites());
    loop {
        let open_list: Vec<usize> = (0..m).filter(|&j| open[j]).collect();
        let near = nearest(problem, &open_list, big);
        let current = weighted_cost(problem, &near);
        let mut position = vec![usize::MAX; m];
        for (k, &j) in open_list.iter().enumerate() {
            position[j] = k;
        }
        // Position (in open_list) of each point's nearest site, looked up once per pass.
        let nearest_position: Vec<usize> = near.n1.iter().map(|&j| position[j]).collect();
        let counts = groups.counts(open);
        let best = (0..m)
            .into_par_iter()
            .filter(|&f| !open[f])
            .filter_map(|f| {
                let mut gain = 0.0;
                let mut loss = vec![0.0; open_list.len()];
                let column = &by_site[f * n..(f + 1) * n];
                for i in 0..n {
                    let w = problem.weights[i];
                    if w == 0.0 {
                        continue;
                    }
                    let c = capped(column[i], big);
                    if c < near.d1[i] {
                        gain += w * (near.d1[i] - c);
                    } else {
                        loss[nearest_position[i]] += w * (c.min(near.d2[i]) - near.d1[i]);
                    }
                }
                open_list
                    .iter()
                    .enumerate()
                    .filter(|&(_, &r)| !problem.required[r] && groups.can_swap(&counts, f, r))
                    .map(|(k, &r)| (loss[k] - gain, f, r))
                    .min_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        match best {
            Some((delta, f, r)) if delta < -1e-9 * current.abs().max(1.0) => {
                open[f] = true;
                open[r] = false;
            }
            _ => return current,
        }
    }
}

/// Greedy cover of every positive-weight demand within `radius` (required sites first),
/// then removal of redundant sites. Returns the open flags.
fn greedy_cover(problem: &Problem, radius: f64, open: &mut [bool]) {
    let (n, m) = (problem.n_demand(), problem.n_sites());
    let mut covered: Vec<bool> = (0..n).map(|i| problem.weights[i] <= 0.0).collect();
    let mark = |covered: &mut Vec<bool>, j: usize| {
        for (i, c) in covered.iter_mut().enumerate() {
            if problem.cost(i, j) <= radius {
                *c = true;
            }
        }
    };
    for j in (0..m).filter(|&j| open[j]) {
        mark(&mut covered, j);
    }
    let mut order = Vec::new();
    while covered.iter().any(|c| !c) {
        let best = (0..m)
            .filter(|&j| !open[j])
            .map(|j| ((0..n).filter(|&i| !covered[i] && problem.cost(i, j) <= radius).count(), j))
            .filter(|(count, _)| *count > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some((_, j)) = best else { break };
        open[j] = true;
        order.push(j);
        mark(&mut covered, j);
    }
    // Drop sites whose every demand is covered by another open site, last added first.
    for &j in order.iter().rev() {
        open[j] = false;
        let still = (0..n).all(|i| {
            problem.weights[i] <= 0.0
                || problem.cost(i, j) > radius
                || (0..m).any(|k| open[k] && problem.cost(i, k) <= radius)
        });
        if !still {
            open[j] = true;
        }
    }
}

pub(crate) fn lscp(problem: &Problem, radius: f64) -> Vec<usize> {
    let mut open = problem.required.clone();
    greedy_cover(problem, radius, &mut open);
    (0..problem.n_sites()).filter(|&j| open[j]).collect()
}

/// p-center: the smallest radius (bisection over the distinct costs) that a greedy cover
/// meets with at most p sites, then filled up to p sites by p-median gains.
pub(crate) fn pcenter(problem: &Problem, p: usize) -> Vec<usize> {
    let mut radii: Vec<f64> = problem.cost.iter().copied().filter(|c| c.is_finite()).collect();
    radii.sort_by(f64::total_cmp);
    radii.dedup();
    let lower = bound::pcenter_trivial(problem);
    let start = radii.partition_point(|r| *r < lower);
    let (mut lo, mut hi) = (start, radii.len().saturating_sub(1));
    let cover_at = |k: usize| {
        let mut open = problem.required.clone();
        greedy_cover(problem, radii[k], &mut open);
        open
    };
    let mut best = cover_at(hi);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let open = cover_at(mid);
        if open.iter().filter(|o| **o).count() <= p {
            best = open;
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    if lo == hi && best.iter().filter(|o| **o).count() > p {
        // Even the largest radius needs more than p sites (should not happen); keep p.
        best = problem.required.clone();
    }
    // Fill up to p sites, each time the one that most lowers the worst cost, then the sum.
    let big = big_cost(problem);
    let groups = Groups::new(problem);
    while best.iter().filter(|o| **o).count() < p {
        let counts = groups.counts(&best);
        let open_list: Vec<usize> = (0..problem.n_sites()).filter(|&j| best[j]).collect();
        let score = |j: usize| -> (f64, f64) {
            let mut worst: f64 = 0.0;
            let mut total = 0.0;
            for i in 0..problem.n_demand() {
                let d = open_list
                    .iter()
                    .chain(std::iter::once(&j))
                    .map(|&k| capped(problem.cost(i, k), big))
                    .fold(big, f64::min);
                if problem.weights[i] > 0.0 {
                    worst = worst.max(d);
                }
                total += problem.weights[i] * d;
            }
            (worst, total)
        };
        let candidate = (0..problem.n_sites())
            .filter(|&j| !best[j] && groups.can_add(&counts, j))
            .map(|j| (score(j), j))
            .min_by(|a, b| a.0.0.total_cmp(&b.0.0).then(a.0.1.total_cmp(&b.0.1)).then(a.1.cmp(&b.1)));
        let Some((_, j)) = candidate else { break };
        best[j] = true;
    }
    (0..problem.n_sites()).filter(|&j| best[j]).collect()
}

/// MCLP: greedy by newly covered weight, then best-improvement swaps.
pub(crate) fn mclp(problem: &Problem, p: usize, radius: f64) -> Vec<usize> {
    let (n, m) = (problem.n_demand(), problem.n_sites());
    let covers: Vec<Vec<usize>> = (0..m).map(|j| (0..n).filter(|&i| problem.cost(i, j) <= radius).collect()).collect();
    let groups = Groups::new(problem);
    let mut open = problem.required.clone();
    let mut count = vec![0usize; n];
    for j in (0..m).filter(|&j| open[j]) {
        for &i in &covers[j] {
            count[i] += 1;
        }
    }
    while open.iter().filter(|o| **o).count() < p {
        let counts = groups.counts(&open);
        let best = (0..m)
            .filter(|&j| !open[j] && groups.can_add(&counts, j))
            .map(|j| (covers[j].iter().filter(|&&i| count[i] == 0).map(|&i| problem.weights[i]).sum::<f64>(), j))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some((_, j)) = best else { break };
        open[j] = true;
        for &i in &covers[j] {
            count[i] += 1;
        }
    }
    loop {
        // sole[i]: the only open site covering i, when there is exactly one.
        let mut sole = vec![usize::MAX; n];
        for j in (0..m).filter(|&j| open[j]) {
            for &i in &covers[j] {
                if count[i] == 1 {
                    sole[i] = j;
                }
            }
        }
        let mut loss = vec![0.0; m];
        for i in 0..n {
            if count[i] == 1 {
                loss[sole[i]] += problem.weights[i];
            }
        }
        let counts = groups.counts(&open);
        let open_list: Vec<usize> = (0..m).filter(|&j| open[j] && !problem.required[j]).collect();
        let best = (0..m)
            .into_par_iter()
            .filter(|&f| !open[f])
            .filter_map(|f| {
                let mut gain = 0.0;
                let mut saved = std::collections::HashMap::new();
                for &i in &covers[f] {
                    match count[i] {
                        0 => gain += problem.weights[i],
                        1 => *saved.entry(sole[i]).or_insert(0.0) += problem.weights[i],
                        _ => {}
                    }
                }
                open_list
                    .iter()
                    .filter(|&&r| groups.can_swap(&counts, f, r))
                    .map(|&r| (gain - loss[r] + saved.get(&r).copied().unwrap_or(0.0), f, r))
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.2.cmp(&a.2)))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
        match best {
            Some((delta, f, r)) if delta > 1e-9 => {
                open[f] = true;
                open[r] = false;
                for &i in &covers[f] {
                    count[i] += 1;
                }
                for &i in &covers[r] {
                    count[i] -= 1;
                }
            }
            _ => break,
        }
    }
    (0..m).filter(|&j| open[j]).collect()
}

/// Assigns demand to open sites within capacity, hardest-to-place first (largest regret
/// between the best and second-best site). Returns the assignment cost and the assignment,
/// or `None` when capacity runs out.
fn regret_assignment(problem: &Problem, open: &[bool], single_source: bool) -> Option<(f64, Assignment)> {
    let capacity = problem.capacity.as_ref()?;
    let (n, m) = (problem.n_demand(), problem.n_sites());
    let mut left: Vec<f64> = (0..m).map(|j| if open[j] { capacity[j] } else { 0.0 }).collect();
    let mut sites_by_cost: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            let mut sites: Vec<usize> = (0..m).filter(|&j| open[j] && problem.cost(i, j).is_finite()).collect();
            sites.sort_by(|&a, &b| problem.cost(i, a).total_cmp(&problem.cost(i, b)).then(a.cmp(&b)));
            sites
        })
        .collect();
    let regret = |i: usize, sites: &[usize]| match sites {
        [a, b, ..] => problem.cost(i, *b) - problem.cost(i, *a),
        _ => f64::INFINITY,
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| regret(b, &sites_by_cost[b]).total_cmp(&regret(a, &sites_by_cost[a])).then(a.cmp(&b)));
    let mut total = 0.0;
    let mut assignment = vec![Vec::new(); n];
    for i in order {
        let mut remaining = problem.weights[i];
        if remaining <= 0.0 {
            continue;
        }
        for &j in &std::mem::take(&mut sites_by_cost[i]) {
            if left[j] <= 1e-9 {
                continue;
            }
            let take = if single_source {
                if left[j] + 1e-9 < remaining {
                    continue;
                }
                remaining
            } else {
                remaining.min(left[j])
            };
            left[j] -= take;
            total += take * problem.cost(i, j);
            assignment[i].push((j, take / problem.weights[i]));
            remaining -= take;
            if remaining <= 1e-9 {
                break;
            }
        }
        if remaining > 1e-9 {
            return None;
        }
    }
    Some((total, assignment))
}

fn cflp_cost(problem: &Problem, open: &[bool], single_source: bool) -> Option<(f64, Assignment)> {
    let fixed: f64 =
        problem.fixed_cost.as_ref().map_or(0.0, |f| (0..open.len()).filter(|&j| open[j]).map(|j| f[j]).sum());
    regret_assignment(problem, open, single_source).map(|(c, a)| (c + fixed, a))
}

/// CFLP: start with every site open, close the site that saves most while a closure saves
/// anything (and to bring capped groups within their limits), then try single swaps.
pub(crate) fn cflp(problem: &Problem, single_source: bool) -> (Vec<usize>, f64, Assignment) {
    let m = problem.n_sites();
    let groups = Groups::new(problem);
    let mut open = vec![true; m];
    let mut current = cflp_cost(problem, &open, single_source);
    loop {
        let counts = groups.counts(&open);
        let over: Vec<usize> = (0..groups.max.len()).filter(|&g| counts[g] > groups.max[g]).collect();
        let candidates: Vec<usize> = (0..m)
            .filter(|&j| open[j] && !problem.required[j])
            .filter(|&j| over.is_empty() || groups.of_site[j].iter().any(|g| over.contains(g)))
            .filter(|&j| groups.of_site[j].iter().all(|&g| counts[g] > groups.min[g]))
            .collect();
        let best = candidates
            .par_iter()
            .filter_map(|&j| {
                let mut trial = open.clone();
                trial[j] = false;
                cflp_cost(problem, &trial, single_source).map(|(c, a)| (c, j, a))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let improves = |c: f64| current.as_ref().is_none_or(|(cur, _)| c < cur - 1e-9 * cur.abs().max(1.0));
        match best {
            Some((c, j, a)) if !over.is_empty() || improves(c) => {
                open[j] = false;
                current = Some((c, a));
            }
            _ => break,
        }
    }
    // Swap improvement: open one closed site, close one open site.
    for _ in 0..50 {
        let counts = groups.counts(&open);
        let pairs: Vec<(usize, usize)> = (0..m)
            .filter(|&f| !open[f])
            .flat_map(|f| (0..m).filter(|&r| open[r] && !problem.required[r]).map(move |r| (f, r)))
            .filter(|&(f, r)| groups.can_swap(&counts, f, r))
            .collect();
        let best = pairs
            .par_iter()
            .filter_map(|&(f, r)| {
                let mut trial = open.clone();
                trial[f] = true;
                trial[r] = false;
                cflp_cost(problem, &trial, single_source).map(|(c, a)| (c, f, r, a))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        match (best, &current) {
            (Some((c, f, r, a)), Some((cur, _))) if c < cur - 1e-9 * cur.abs().max(1.0) => {
                open[f] = true;
                open[r] = false;
                current = Some((c, a));
            }
            _ => break,
        }
    }
    let (objective, assignment) = current.unwrap_or((f64::INFINITY, vec![Vec::new(); problem.n_demand()]));
    ((0..m).filter(|&j| open[j]).collect(), objective, assignment)
}
