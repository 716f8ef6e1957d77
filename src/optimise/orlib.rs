//! OR-Library p-median instances (Beasley 1985): `n m p`, then `m` undirected edges
//! `i j cost` (1-based; a repeated edge keeps its last cost). Every vertex is a demand point
//! of weight 1 and a candidate site; the cost between two vertices is the shortest-path
//! length (Floyd-Warshall).

use super::Problem;

/// An instance as read.
pub struct Instance {
    pub problem: Problem,
    pub p: usize,
    pub edges_declared: usize,
    /// Fewer than declared when the file is truncated (the shortest paths then differ from
    /// the published instance).
    pub edges_read: usize,
}

/// Parses an instance; returns the problem and its p.
pub fn parse(text: &str) -> Result<(Problem, usize), String> {
    parse_instance(text).map(|i| (i.problem, i.p))
}

/// Parses an instance, tolerating a file that ends early (it says how many edges it read).
pub fn parse_instance(text: &str) -> Result<Instance, String> {
    let mut numbers =
        text.split_whitespace().map(|t| t.parse::<usize>().map_err(|_| format!("not a whole number: '{t}'")));
    let mut next = |what: &str| numbers.next().ok_or_else(|| format!("the file ends before {what}"))?;
    let (n, m, p) = (next("n")?, next("the edge count")?, next("p")?);
    if n == 0 || p == 0 || p > n {
        return Err(format!("bad header: n = {n}, p = {p}"));
    }
    let mut dist = vec![f64::INFINITY; n * n];
    for v in 0..n {
        dist[v * n + v] = 0.0;
    }
    let mut edges_read = 0;
    for e in 0..m {
        let Ok(i) = next("an edge") else { break };
        let (j, c) = (next("an edge")?, next("an edge")?);
        edges_read += 1;
        if i == 0 || j == 0 || i > n || j > n {
            return Err(format!("edge {} joins vertex {i} and {j}, outside 1..={n}", e + 1));
        }
        let (i, j) = (i - 1, j - 1);
        if i != j {
            dist[i * n + j] = c as f64;
            dist[j * n + i] = c as f64;
        }
    }
    for k in 0..n {
        for i in 0..n {
            let dik = dist[i * n + k];
            if !dik.is_finite() {
                continue;
            }
            for j in 0..n {
                let through = dik + dist[k * n + j];
                if through < dist[i * n + j] {
                    dist[i * n + j] = through;
                }
            }
        }
    }
    let ids: Vec<String> = (1..=n).map(|v| v.to_string()).collect();
    Ok(Instance {
        problem: Problem {
            demand_ids: ids.clone(),
            weights: vec![1.0; n],
            site_ids: ids,
            cost: dist,
            capacity: None,
            fixed_cost: None,
            required: vec![false; n],
            groups: Vec::new(),
        },
        p,
        edges_declared: m,
        edges_read,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimise::{Method, Model, SolveOptions, solve};

    fn instance(name: &str) -> (Problem, usize) {
        let path = format!("{}/benches/orlib/{name}.txt", env!("CARGO_MANIFEST_DIR"));
        parse(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn shortest_paths_and_last_edge_wins() {
        // Path 1-2 (5), 2-3 (1), then 1-2 again with cost 2: d(1,3) = 3.
        let (problem, p) = parse("3 3 1\n1 2 5\n2 3 1\n1 2 2\n").unwrap();
        assert_eq!(p, 1);
        assert_eq!(problem.cost(0, 2), 3.0);
        assert_eq!(problem.cost(2, 0), 3.0);
    }

    #[test]
    fn pmed1_reaches_the_published_optimum_5819() {
        let (problem, p) = instance("pmed1");
        for method in [Method::Exact, Method::Heuristic] {
            let s =
                solve(&problem, &Model::PMedian { p }, &SolveOptions { method, time_limit_s: 120.0, seed: 1 }).unwrap();
            assert_eq!(s.objective, 5819.0, "{method:?}");
        }
    }

    #[test]
    fn pmed5_reaches_the_published_optimum_1355() {
        let (problem, p) = instance("pmed5");
        let s = solve(
            &problem,
            &Model::PMedian { p },
            &SolveOptions { method: Method::Exact, time_limit_s: 120.0, seed: 1 },
        )
        .unwrap();
        assert_eq!(s.objective, 1355.0);
        let h = solve(
            &problem,
            &Model::PMedian { p },
            &SolveOptions { method: Method::Heuristic, time_limit_s: 120.0, seed: 1 },
        )
        .unwrap();
        assert!(h.objective <= 1355.0 * 1.005, "heuristic within 0.5%: {}", h.objective);
        let bound = h.bound.unwrap();
        assert!(bound <= 1355.0 + 1e-6, "the Lagrangian bound {bound} is a lower bound");
        assert!(bound >= 1355.0 * 0.99, "and a tight one: {bound}");
    }
}
