//! The roadmap's schedule: in which year of the period each action is taken (or none), as a
//! MILP solved exactly with HiGHS (docs/METHODOLOGY.md, "Roadmap").
//!
//! Variables: x_it = 1 when action i is taken in year t (t = 1..T, the years after the base
//! year to the horizon); Σ_t x_it <= 1 ("not in this period" is the empty row).
//! Constraints, each with a slack s >= 0 that is penalised (so that a schedule always
//! exists and the slacks say which constraint binds and by how much):
//! - budget: Σ_i one_off_i x_it <= B + s_t for every year t;
//! - actions a year: Σ_i x_it <= K + a_t;
//! - receivers: Σ_{i into r} moved_i x_it <= limit_r + g_rt (a receiver takes in at most a
//!   set share of its places a year);
//! - required actions: Σ_t x_it + u_i = 1;
//! - targets (the cap): Σ_{i in G} Σ_{t <= Y_G} x_it + m_G >= k_G;
//! - order (hard): an action needing another is taken in a strictly later year:
//!   Σ_{s <= t} x_is <= Σ_{s < t} x_js for every t;
//! - share ceilings (a group's share of the learners lost, e.g. women's, at most c by every
//!   year): Σ_i Σ_{s <= t} (group_i - c × lost_i) x_is <= w_t for every t.
//!
//! Three solves, lexicographic: (0) the least penalty Σ s_t / B + Σ a_t / K + Σ g_rt /
//! limit_r + M (Σ u_i + Σ m_G), M above the overruns of any schedule taking every action (a
//! target missed weighs more than any constraint overrun, so the report says what to relax to
//! meet it); (1) with the penalty held at its
//! least, the least harm (learner-years lost to the horizon, or the money when the planner
//! puts the budget first); (2) with both held, the other term. A schedule whose penalty is 0
//! meets every constraint.

use highs::{Col, HighsModelStatus, RowProblem, Sense};

use crate::error::Error;

/// Weight of a missed target or an action left out, against 1 for a constraint overrun by
/// its whole limit: at least this, and more than the overruns of any schedule that takes
/// every action ([`miss_weight`]), so that a limit is overrun rather than a target missed.
pub(crate) const MISS_WEIGHT: f64 = 1000.0;

/// More than the penalty of any schedule taking every action: each action's one-off cost
/// over the budget, one action over the yearly count, its learners over its receiver's limit.
fn miss_weight(p: &ScheduleProblem) -> f64 {
    let most: f64 = p
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            p.budget.map_or(0.0, |b| item.one_off * per_unit(b))
                + p.max_per_year.map_or(0.0, |k| per_unit(k as f64))
                + item.receiver.map_or(0.0, |r| item.moved * per_unit(p.receiver_limit[r]))
                // By every year, the group's learners lost over the ceiling.
                + p.ceilings.iter().map(|c| c.group[i] * c.per_unit() * p.years as f64).sum::<f64>()
        })
        .sum();
    MISS_WEIGHT.max(1.0 + most)
}

/// One action to schedule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScheduleItem {
    /// One-off cost paid from the budget of the action's year (million VND).
    pub(crate) one_off: f64,
    /// The receiver (index into [`ScheduleProblem::receiver_limit`]) and the learners it
    /// takes in.
    pub(crate) receiver: Option<usize>,
    pub(crate) moved: f64,
    /// Must be taken in some year of the period.
    pub(crate) required: bool,
    /// Actions that must be taken in an earlier year.
    pub(crate) after: Vec<usize>,
    /// Harm (learner-years lost to the horizon) and value (money to the horizon, million
    /// VND) of taking the action in each year (index 0 = the first year after the base year).
    pub(crate) harm: Vec<f64>,
    pub(crate) value: Vec<f64>,
}

/// At least `at_least` of `items` taken by year index `by` (0-based, inclusive).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Requirement {
    pub(crate) items: Vec<usize>,
    pub(crate) by: usize,
    pub(crate) at_least: usize,
}

/// What the schedule minimises first (after the constraints).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Priority {
    /// Learner-years lost to the horizon; ties to the larger savings.
    #[default]
    Learners,
    /// The money (savings less one-off costs, to the horizon); ties to fewer learners lost.
    Budget,
}

/// A group's share of the learners lost at most `ceiling` by every year: `group[i]` of the
/// `lost[i]` learners action i loses are of the group.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShareCeiling {
    pub(crate) group: Vec<f64>,
    pub(crate) lost: Vec<f64>,
    pub(crate) ceiling: f64,
}

impl ShareCeiling {
    /// An overrun by the whole ceiling's number of the group's learners weighs 1.
    fn per_unit(&self) -> f64 {
        per_unit(self.ceiling * self.lost.iter().sum::<f64>())
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ScheduleProblem {
    /// Years of the period (T).
    pub(crate) years: usize,
    pub(crate) items: Vec<ScheduleItem>,
    /// Yearly one-off budget (million VND), None = no limit.
    pub(crate) budget: Option<f64>,
    pub(crate) max_per_year: Option<usize>,
    /// Learners each receiver may take in a year.
    pub(crate) receiver_limit: Vec<f64>,
    pub(crate) requirements: Vec<Requirement>,
    pub(crate) ceilings: Vec<ShareCeiling>,
    pub(crate) priority: Priority,
}

/// A constraint that binds: no schedule meets it, and by how much it is overrun in the
/// schedule closest to meeting them all.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shortfall {
    /// The budget of year index `year` would need `excess` million VND more.
    Budget { year: usize, excess: f64 },
    /// Year index `year` would need `excess` more actions than allowed.
    ActionsPerYear { year: usize, excess: f64 },
    /// Receiver `receiver` would take in `excess` more learners in year `year`.
    Receiver { receiver: usize, year: usize, excess: f64 },
    /// A required action not taken in the period.
    Unscheduled { item: usize },
    /// Requirement `index` is missed by `missing` actions.
    Requirement { index: usize, missing: f64 },
    /// Ceiling `index` is overrun by `excess` of the group's learners lost by year `year`.
    Ceiling { index: usize, year: usize, excess: f64 },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Schedule {
    /// Year index of each action (None: not in this period).
    pub(crate) year_of: Vec<Option<usize>>,
    /// Empty when every constraint is met.
    pub(crate) shortfalls: Vec<Shortfall>,
    pub(crate) harm: f64,
    pub(crate) value: f64,
}

impl Schedule {
    #[cfg(test)]
    pub(crate) fn feasible(&self) -> bool {
        self.shortfalls.is_empty()
    }
}

/// Columns of the model, in the order added.
struct Built {
    pb: RowProblem,
    /// `x[i][t]`
    x: Vec<Vec<usize>>,
    budget: Vec<Option<usize>>,
    per_year: Vec<Option<usize>>,
    /// (receiver, year, column)
    receiver: Vec<(usize, usize, usize)>,
    unscheduled: Vec<(usize, usize)>,
    missing: Vec<(usize, usize)>,
    /// (ceiling, year, column)
    ceiling: Vec<(usize, usize, usize)>,
}

/// The objective of a stage.
#[derive(Clone, Copy, PartialEq)]
enum Stage {
    Penalty,
    Harm,
    Value,
}

/// Slack weights: an overrun of a whole limit weighs 1 (a limit of 0 counts as 1).
fn per_unit(limit: f64) -> f64 {
    1.0 / limit.max(1.0)
}

fn build(p: &ScheduleProblem, stage: Stage, caps: &[(Stage, f64)]) -> Built {
    let mut pb = RowProblem::default();
    let mut n = 0usize;
    let mut col = |pb: &mut RowProblem, cost: f64, integer: bool, high: f64| -> (Col, usize) {
        let c = if integer { pb.add_integer_column(cost, 0.0..=high) } else { pb.add_column(cost, 0.0..=high) };
        n += 1;
        (c, n - 1)
    };
    let t_max = p.years;
    let coefficient = |s: Stage, i: usize, t: usize| match s {
        Stage::Penalty => 0.0,
        Stage::Harm => p.items[i].harm[t],
        Stage::Value => -p.items[i].value[t],
    };
    // The objective of stages 1 and 2 by the priority: harm first, or money first.
    let (first, second) = match p.priority {
        Priority::Learners => (Stage::Harm, Stage::Value),
        Priority::Budget => (Stage::Value, Stage::Harm),
    };
    let objective = match stage {
        Stage::Penalty => Stage::Penalty,
        Stage::Harm => first,
        Stage::Value => second,
    };
    let miss = miss_weight(p);
    let mut x_cols: Vec<Vec<(Col, usize)>> = Vec::with_capacity(p.items.len());
    for i in 0..p.items.len() {
        x_cols.push((0..t_max).map(|t| col(&mut pb, coefficient(objective, i, t), true, 1.0)).collect());
    }
    let penalty_cost = |w: f64| if stage == Stage::Penalty { w } else { 0.0 };
    // Rows of the objectives held at their optimum (stages 1 and 2).
    let mut penalty_terms: Vec<(Col, f64)> = Vec::new();
    let mut budget = vec![None; t_max];
    let mut per_year = vec![None; t_max];
    let mut receiver = Vec::new();
    let mut unscheduled = Vec::new();
    let mut missing = Vec::new();
    for (i, item) in p.items.iter().enumerate() {
        let mut row: Vec<(Col, f64)> = x_cols[i].iter().map(|&(c, _)| (c, 1.0)).collect();
        if item.required {
            let (u, idx) = col(&mut pb, penalty_cost(miss), false, 1.0);
            penalty_terms.push((u, miss));
            unscheduled.push((i, idx));
            row.push((u, 1.0));
            pb.add_row(1.0..=1.0, &row);
        } else {
            pb.add_row(..=1.0, &row);
        }
        // Order: by every year t, i taken only if each prerequisite was taken before t.
        for &j in &item.after {
            for t in 0..t_max {
                let mut row: Vec<(Col, f64)> = (0..=t).map(|s| (x_cols[i][s].0, 1.0)).collect();
                row.extend((0..t).map(|s| (x_cols[j][s].0, -1.0)));
                pb.add_row(..=0.0, &row);
            }
        }
    }
    for t in 0..t_max {
        if let Some(b) = p.budget {
            let w = per_unit(b);
            let (s, idx) = col(&mut pb, penalty_cost(w), false, f64::INFINITY);
            penalty_terms.push((s, w));
            budget[t] = Some(idx);
            let mut row: Vec<(Col, f64)> =
                p.items.iter().enumerate().map(|(i, item)| (x_cols[i][t].0, item.one_off)).collect();
            row.push((s, -1.0));
            pb.add_row(..=b, &row);
        }
        if let Some(k) = p.max_per_year {
            let w = per_unit(k as f64);
            let (s, idx) = col(&mut pb, penalty_cost(w), false, f64::INFINITY);
            penalty_terms.push((s, w));
            per_year[t] = Some(idx);
            let mut row: Vec<(Col, f64)> = (0..p.items.len()).map(|i| (x_cols[i][t].0, 1.0)).collect();
            row.push((s, -1.0));
            pb.add_row(..=k as f64, &row);
        }
        for (r, &limit) in p.receiver_limit.iter().enumerate() {
            let into: Vec<usize> = (0..p.items.len()).filter(|&i| p.items[i].receiver == Some(r)).collect();
            if into.is_empty() {
                continue;
            }
            let w = per_unit(limit);
            let (s, idx) = col(&mut pb, penalty_cost(w), false, f64::INFINITY);
            penalty_terms.push((s, w));
            receiver.push((r, t, idx));
            let mut row: Vec<(Col, f64)> = into.iter().map(|&i| (x_cols[i][t].0, p.items[i].moved)).collect();
            row.push((s, -1.0));
            pb.add_row(..=limit, &row);
        }
    }
    for (g, req) in p.requirements.iter().enumerate() {
        let (m, idx) = col(&mut pb, penalty_cost(miss), false, req.at_least as f64);
        penalty_terms.push((m, miss));
        missing.push((g, idx));
        let mut row: Vec<(Col, f64)> = req
            .items
            .iter()
            .flat_map(|&i| (0..=req.by.min(t_max.saturating_sub(1))).map(move |t| (i, t)))
            .filter(|&(_, t)| t < t_max)
            .map(|(i, t)| (x_cols[i][t].0, 1.0))
            .collect();
        row.push((m, 1.0));
        pb.add_row(req.at_least as f64.., &row);
    }
    let mut ceiling = Vec::new();
    for (c, share) in p.ceilings.iter().enumerate() {
        let w = share.per_unit();
        for t in 0..t_max {
            let (s, idx) = col(&mut pb, penalty_cost(w), false, f64::INFINITY);
            penalty_terms.push((s, w));
            ceiling.push((c, t, idx));
            let mut row: Vec<(Col, f64)> = (0..p.items.len())
                .flat_map(|i| (0..=t).map(move |s| (i, s)))
                .map(|(i, s)| (x_cols[i][s].0, share.group[i] - share.ceiling * share.lost[i]))
                .collect();
            row.push((s, -1.0));
            pb.add_row(..=0.0, &row);
        }
    }
    // The objectives already optimised, held at their optimum (with a small tolerance).
    for &(held, bound) in caps {
        let row: Vec<(Col, f64)> = match held {
            Stage::Penalty => penalty_terms.clone(),
            s => (0..p.items.len())
                .flat_map(|i| (0..t_max).map(move |t| (i, t)))
                .map(|(i, t)| (x_cols[i][t].0, coefficient(s, i, t)))
                .collect(),
        };
        if !row.is_empty() {
            pb.add_row(..=bound + 1e-6 * bound.abs().max(1.0), &row);
        }
    }
    Built {
        pb,
        x: x_cols.into_iter().map(|v| v.into_iter().map(|c| c.1).collect()).collect(),
        budget,
        per_year,
        receiver,
        unscheduled,
        missing,
        ceiling,
    }
}

fn run(pb: RowProblem) -> Result<(f64, Vec<f64>), Error> {
    let mut model = pb.optimise(Sense::Minimise);
    model.make_quiet();
    model.set_option("time_limit", 60.0);
    model.set_option("mip_rel_gap", 0.0);
    model.set_option("mip_abs_gap", 1e-9);
    let solved = model
        .try_solve()
        .map_err(|_| Error::Solver("the HiGHS solver reported an error before solving the roadmap".into()))?;
    if solved.status() != HighsModelStatus::Optimal {
        return Err(Error::Solver(format!("the HiGHS solver found no roadmap ({:?})", solved.status())));
    }
    let columns = solved.get_solution().columns().to_vec();
    Ok((solved.objective_value(), columns))
}

/// The objective's value over the chosen columns (recomputed, not the solver's).
fn term(p: &ScheduleProblem, year_of: &[Option<usize>], harm: bool) -> f64 {
    year_of
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.map(|t| if harm { p.items[i].harm[t] } else { p.items[i].value[t] }))
        .sum()
}

/// The schedule closest to meeting every constraint, the least harmful (or costly) of those.
pub(crate) fn solve(p: &ScheduleProblem) -> Result<Schedule, Error> {
    if p.years == 0 {
        return Err(Error::Usage("the roadmap needs at least one year after the base year".into()));
    }
    let (penalty, _) = run(build(p, Stage::Penalty, &[]).pb)?;
    let penalty = penalty.max(0.0);
    let mut caps = vec![(Stage::Penalty, penalty)];
    // Stage `Harm` minimises the priority's term, `Value` the other (see `build`).
    let (best_first, _) = run(build(p, Stage::Harm, &caps).pb)?;
    let held = match p.priority {
        Priority::Learners => Stage::Harm,
        Priority::Budget => Stage::Value,
    };
    caps.push((held, best_first));
    let built = build(p, Stage::Value, &caps);
    let Built { pb, x, budget, per_year, receiver, unscheduled, missing, ceiling } = built;
    let (_, columns) = run(pb)?;
    let year_of: Vec<Option<usize>> = x.iter().map(|cols| cols.iter().position(|&c| columns[c] > 0.5)).collect();
    // Overruns below a thousandth of a unit are rounding.
    let over = |idx: usize| Some(columns[idx]).filter(|v| *v > 1e-3);
    let mut shortfalls = Vec::new();
    for (t, b) in budget.iter().enumerate() {
        if let Some(excess) = b.and_then(over) {
            shortfalls.push(Shortfall::Budget { year: t, excess });
        }
    }
    for (t, a) in per_year.iter().enumerate() {
        if let Some(excess) = a.and_then(over) {
            shortfalls.push(Shortfall::ActionsPerYear { year: t, excess });
        }
    }
    for &(r, t, idx) in &receiver {
        if let Some(excess) = over(idx) {
            shortfalls.push(Shortfall::Receiver { receiver: r, year: t, excess });
        }
    }
    for &(i, idx) in &unscheduled {
        if over(idx).is_some() && year_of[i].is_none() {
            shortfalls.push(Shortfall::Unscheduled { item: i });
        }
    }
    for &(g, idx) in &missing {
        if let Some(missing) = over(idx) {
            shortfalls.push(Shortfall::Requirement { index: g, missing });
        }
    }
    for &(c, t, idx) in &ceiling {
        if let Some(excess) = over(idx) {
            shortfalls.push(Shortfall::Ceiling { index: c, year: t, excess });
        }
    }
    Ok(Schedule { harm: term(p, &year_of, true), value: term(p, &year_of, false), year_of, shortfalls })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three actions, three years: A loses 3 learners a year, B 2, C 1; each costs 100
    /// once and saves 10 a year. Harm of a year t (1-3): lost x (4 - t) learner-years to
    /// the horizon.
    fn three() -> ScheduleProblem {
        let item = |lost: f64| ScheduleItem {
            one_off: 100.0,
            receiver: None,
            moved: 0.0,
            required: true,
            after: Vec::new(),
            harm: (1..=3).map(|t| lost * f64::from(4 - t)).collect(),
            value: (1..=3).map(|t| 10.0 * f64::from(4 - t) - 100.0).collect(),
        };
        ScheduleProblem {
            years: 3,
            items: vec![item(3.0), item(2.0), item(1.0)],
            budget: None,
            max_per_year: None,
            receiver_limit: Vec::new(),
            requirements: Vec::new(),
            ceilings: Vec::new(),
            priority: Priority::Learners,
        }
    }

    #[test]
    fn without_limits_every_action_waits_for_the_last_year() {
        let s = solve(&three()).unwrap();
        assert_eq!(s.year_of, vec![Some(2), Some(2), Some(2)]);
        assert!(s.feasible());
        // 3 + 2 + 1 learner-years.
        assert!((s.harm - 6.0).abs() < 1e-9);
    }

    #[test]
    fn a_budget_of_one_action_a_year_spreads_them_the_most_harmful_last() {
        // 150 a year pays for one action of 100: A (3 a year) in year 3, B in 2, C in 1:
        // 3x1 + 2x2 + 1x3 = 10 learner-years, the least of the six orders.
        let mut p = three();
        p.budget = Some(150.0);
        let s = solve(&p).unwrap();
        assert_eq!(s.year_of, vec![Some(2), Some(1), Some(0)]);
        assert!((s.harm - 10.0).abs() < 1e-9);
        assert!(s.feasible());
    }

    #[test]
    fn a_receiver_taking_in_100_a_year_cannot_take_two_merges_of_60_at_once() {
        // A and B merge into the same school (60 learners each, 100 a year allowed): one
        // waits a year. A, which loses more, goes last: A in 3, B in 2, C in 3: 3 + 4 + 1.
        let mut p = three();
        p.receiver_limit = vec![100.0];
        for i in [0, 1] {
            p.items[i].receiver = Some(0);
            p.items[i].moved = 60.0;
        }
        let s = solve(&p).unwrap();
        assert_eq!(s.year_of, vec![Some(2), Some(1), Some(2)]);
        assert!((s.harm - 8.0).abs() < 1e-9);
    }

    #[test]
    fn an_action_needing_another_comes_a_year_later() {
        // C needs A in an earlier year (A merges a school into the one C then merges): A
        // cannot wait for year 3 with C, so A goes in 2 (harm 6), B and C in 3 (2 + 1).
        let mut p = three();
        p.items[2].after = vec![0];
        let s = solve(&p).unwrap();
        assert_eq!(s.year_of, vec![Some(1), Some(2), Some(2)]);
        assert!((s.harm - 9.0).abs() < 1e-9);
    }

    #[test]
    fn ties_in_learners_go_to_the_larger_savings() {
        // No learners lost: the money decides, so every action as early as possible.
        let mut p = three();
        for item in &mut p.items {
            item.harm = vec![0.0; 3];
        }
        let s = solve(&p).unwrap();
        assert_eq!(s.year_of, vec![Some(0), Some(0), Some(0)]);
        // Budget first: the same answer when the money is the priority.
        p.priority = Priority::Budget;
        assert_eq!(solve(&p).unwrap().year_of, vec![Some(0), Some(0), Some(0)]);
    }

    #[test]
    fn a_target_the_budget_cannot_pay_for_names_the_year_and_the_amount() {
        // All three by year 2 with 150 a year: two years pay for two actions; the third
        // needs 50 more in one year. The learners put the two most harmful in year 2 (the
        // later one): A and B in 2, C in 1; the budget of year 2 is overrun by 50.
        let mut p = three();
        p.budget = Some(150.0);
        p.requirements = vec![Requirement { items: vec![0, 1, 2], by: 1, at_least: 3 }];
        let s = solve(&p).unwrap();
        assert!(!s.feasible());
        assert_eq!(s.year_of, vec![Some(1), Some(1), Some(0)]);
        assert_eq!(s.shortfalls.len(), 1, "{:?}", s.shortfalls);
        match s.shortfalls[0] {
            Shortfall::Budget { year, excess } => {
                assert_eq!(year, 1);
                assert!((excess - 50.0).abs() < 1e-6, "{excess}");
            }
            ref other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_action_dearer_than_a_year_s_budget_is_reported_by_its_excess() {
        let mut p = three();
        p.items.truncate(1);
        p.items[0].one_off = 400.0;
        p.budget = Some(150.0);
        let s = solve(&p).unwrap();
        assert_eq!(s.year_of, vec![Some(2)]);
        assert_eq!(s.shortfalls, vec![Shortfall::Budget { year: 2, excess: 250.0 }]);
    }

    #[test]
    fn a_tiny_budget_is_overrun_rather_than_the_target_missed() {
        // A budget of 1 for actions of 100: leaving them out would cost 1000 each, taking
        // them overruns the budget by 99 budgets each; the missing weight is above 300.
        let mut p = three();
        p.budget = Some(1.0);
        p.requirements = vec![Requirement { items: vec![0, 1, 2], by: 2, at_least: 3 }];
        let s = solve(&p).unwrap();
        assert!(s.year_of.iter().all(Option::is_some), "{:?}", s.year_of);
        let excess: f64 = s
            .shortfalls
            .iter()
            .map(|f| match f {
                Shortfall::Budget { excess, .. } => *excess,
                other => panic!("{other:?}"),
            })
            .sum();
        // Three years pay 1 each: 300 - 3 more in all.
        assert!((excess - 297.0).abs() < 1e-6, "{excess}");
    }

    #[test]
    fn at_most_one_action_a_year_and_a_cap_by_year_2_miss_by_one() {
        // One action a year, three needed by year 2: an overrun of the limit (weight 1 per
        // action over a limit of 1) weighs less than a missed target (1000), so year 2
        // takes two actions (the two most harmful), one more than allowed.
        let mut p = three();
        p.max_per_year = Some(1);
        p.requirements = vec![Requirement { items: vec![0, 1, 2], by: 1, at_least: 3 }];
        let s = solve(&p).unwrap();
        assert_eq!(s.shortfalls, vec![Shortfall::ActionsPerYear { year: 1, excess: 1.0 }]);
        assert_eq!(s.year_of, vec![Some(1), Some(1), Some(0)]);
    }

    /// A loses 10 learners a year (8 women), B 20 (4 women); one action a year, two years.
    /// Harm of year t (1-2): lost x (3 - t).
    fn two_with_women() -> ScheduleProblem {
        let item = |lost: f64| ScheduleItem {
            one_off: 0.0,
            receiver: None,
            moved: 0.0,
            required: true,
            after: Vec::new(),
            harm: (1..=2).map(|t| lost * f64::from(3 - t)).collect(),
            value: vec![0.0, 0.0],
        };
        ScheduleProblem {
            years: 2,
            items: vec![item(10.0), item(20.0)],
            max_per_year: Some(1),
            priority: Priority::Learners,
            ..Default::default()
        }
    }

    #[test]
    fn a_ceiling_on_women_s_share_of_the_learners_lost_changes_the_order() {
        // Without it, A (the fewer learners lost) goes first: 10 x 2 + 20 x 1 = 40
        // learner-years, against 20 x 2 + 10 x 1 = 50 the other way.
        let s = solve(&two_with_women()).unwrap();
        assert_eq!(s.year_of, vec![Some(0), Some(1)]);
        assert!((s.harm - 40.0).abs() < 1e-9);
        // At most half women by every year: A alone in year 1 is 8 / 10 = 80%; B first is
        // 4 / 20 = 20%, then both 12 / 30 = 40%. B goes first, 50 learner-years.
        let mut p = two_with_women();
        p.ceilings = vec![ShareCeiling { group: vec![8.0, 4.0], lost: vec![10.0, 20.0], ceiling: 0.5 }];
        let s = solve(&p).unwrap();
        assert!(s.feasible(), "{:?}", s.shortfalls);
        assert_eq!(s.year_of, vec![Some(1), Some(0)]);
        assert!((s.harm - 50.0).abs() < 1e-9);
    }

    #[test]
    fn a_ceiling_below_the_whole_share_is_reported_by_its_excess() {
        // 30%: the two actions lose 12 women of 30 learners, 3 more than 30% x 30 = 9 by
        // year 2 whatever the order; B first meets it in year 1 (4 <= 6).
        let mut p = two_with_women();
        p.ceilings = vec![ShareCeiling { group: vec![8.0, 4.0], lost: vec![10.0, 20.0], ceiling: 0.3 }];
        let s = solve(&p).unwrap();
        assert_eq!(s.year_of, vec![Some(1), Some(0)]);
        assert_eq!(s.shortfalls.len(), 1, "{:?}", s.shortfalls);
        match s.shortfalls[0] {
            Shortfall::Ceiling { index: 0, year: 1, excess } => assert!((excess - 3.0).abs() < 1e-6, "{excess}"),
            ref other => panic!("{other:?}"),
        }
    }
}
