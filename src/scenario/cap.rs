//! The package of actions that brings a province to the cap on public schools
//! ("at most 3 public vocational schools per province", DOMAIN.md).
//!
//! For every province whose counted public schools ([`Facility::counts_toward_public_cap`])
//! exceed `options.public_school_cap`, k = n - cap of them have to go: each is merged into a
//! public school that stays (of its level or higher, with free places for at least
//! `options.min_merge_fit` of its learners) or closed.
//!
//! Objective (docs/METHODOLOGY.md): minimise the learners lost per year (central attendance
//! model) plus `options.cap_access_weight` times the people newly out of reach of every
//! facility; ties go to the larger budget savings to the horizon.
//!
//! Search: every combination of k schools out of n is screened exactly when there are at
//! most [`EXACT_LIMIT`] of them (each school taking its best action given the schools that
//! stay, single-option figures added up); otherwise the schools are taken greedily, the
//! cheapest first. The [`JOINT_CANDIDATES`] best screened packages are then evaluated
//! jointly, all their actions applied to one network one after the other (as a scenario
//! does: receivers share their free places), and the best joint figure wins.

use serde::Serialize;

use super::actions::{self, Action, ActionKind, ApplyContext, Effects};
use crate::access::travel_matrix;
use crate::model::*;
use crate::options::{self, Action as Move, can_merge_into};

/// Combinations of schools screened exactly up to this many (C(12, 6) = 924).
pub const EXACT_LIMIT: usize = 2000;
/// Screened packages evaluated jointly.
pub const JOINT_CANDIDATES: usize = 8;

/// One action of the package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackageStep {
    pub action: Move,
    pub facility_id: String,
    pub facility_name: String,
    pub target_id: Option<String>,
    pub target_name: Option<String>,
}

/// The chosen package of one province and its joint figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapPackage {
    pub province_id: String,
    pub province_name: String,
    pub cap: usize,
    pub schools_before: usize,
    pub schools_after: usize,
    pub meets_cap: bool,
    pub steps: Vec<PackageStep>,
    /// Year the actions take effect, and the horizon savings accrue to.
    pub year: i32,
    pub horizon: i32,
    /// The joint effects (per year, except the one-off costs).
    pub effects: Effects,
    pub budget_savings_horizon_mvnd: f64,
    pub net_savings_horizon_mvnd: f64,
    /// Population of the communes with a facility within reach before and none after.
    pub people_newly_out_of_reach: f64,
    /// Those communes (name, population), the most populous first.
    pub communes_newly_out_of_reach: Vec<(String, f64)>,
    /// Learners lost + weight x people newly out of reach.
    pub objective: f64,
    pub access_weight: f64,
    /// Merges only into receivers with room for this share of the learners.
    pub min_merge_fit: f64,
    /// Combinations of schools screened, whether all of them, and how many were evaluated
    /// jointly.
    pub combinations: usize,
    pub exact: bool,
    pub jointly_evaluated: usize,
}

/// A screened candidate: (school, action, target) per school to remove, its additive cost
/// and budget savings to the horizon.
#[derive(Debug, Clone)]
struct Screened {
    steps: Vec<(usize, Move, Option<usize>)>,
    cost: f64,
    budget: f64,
}

/// One school's possible actions with their single-option cost and budget savings to the
/// horizon: (action, target, cost, budget).
type Choices = Vec<(Move, Option<usize>, f64, f64)>;

/// The settings the search needs: those that apply the actions (the scenario's, for the
/// baseline), since each candidate package is applied as a scenario would be.
pub type CapContext<'a> = ApplyContext<'a>;

/// The package of every province above the cap (none when all meet it).
pub fn packages(ds: &Dataset, ctx: &CapContext) -> Vec<CapPackage> {
    let cap = ctx.options.public_school_cap;
    let area_index = ds.area_index();
    let province_of = |f: usize| area_index.get(ds.facilities[f].area_id.as_str()).map(|&a| &ds.areas[a].province_id);
    let provinces = ds.province_ids();
    let over: Vec<(&String, Vec<usize>)> = provinces
        .iter()
        .map(|p| {
            let counted: Vec<usize> = (0..ds.facilities.len())
                .filter(|&f| ds.facilities[f].counts_toward_public_cap() && province_of(f) == Some(p))
                .collect();
            (p, counted)
        })
        .filter(|(_, counted)| counted.len() > cap)
        .collect();
    if over.is_empty() {
        return Vec::new();
    }
    let matrix = travel_matrix(&ds.areas, &ds.facilities, &ds.travel, ctx.access);
    let baseline =
        options::Baseline::new(ds, &matrix, ctx.attendance, ctx.options, ctx.base_year, ctx.horizon, ctx.mix_weight);
    // Savings from the year after the base year to the horizon, discounted to the base year.
    let years = (ctx.horizon - ctx.base_year).max(1);
    let pv = |yearly: f64, one_off: f64| ctx.options.present_value(yearly, one_off, 1, years);
    let mut intake = vec![0.0; ds.facilities.len()];
    let index = ds.facility_index();
    for e in ds.enrolment.iter().filter(|e| e.year == ctx.base_year) {
        if let Some(&f) = index.get(e.facility_id.as_str()) {
            intake[f] += e.intake;
        }
    }
    let weight = ctx.options.cap_access_weight;
    let mut out = Vec::new();
    for (province, counted) in over {
        // Every school's possible actions, evaluated one at a time on the network as it is.
        let choices: Vec<Choices> = counted
            .iter()
            .map(|&s| {
                let mut list: Vec<(Move, Option<usize>)> = vec![(Move::Close, None)];
                for g in 0..ds.facilities.len() {
                    let (from, into) = (&ds.facilities[s], &ds.facilities[g]);
                    let spare = (into.capacity - intake[g]).max(0.0);
                    let fits = intake[s] <= 0.0 || spare / intake[s] >= ctx.options.min_merge_fit;
                    if g != s
                        && into.ownership == Ownership::Public
                        && province_of(g) == Some(province)
                        && can_merge_into(from.kind, into.kind)
                        && fits
                    {
                        list.push((Move::Merge, Some(g)));
                    }
                }
                list.into_iter()
                    .map(|(action, target)| {
                        // Single-option figures: people newly out of reach when the site goes.
                        let e = options::evaluate_move(&baseline, s, action, target);
                        let budget = pv(e.budget(ds), e.budget_one_off(ds));
                        (action, target, e.lost + weight * e.out_of_reach, budget)
                    })
                    .collect()
            })
            .collect();
        let k = counted.len() - cap;
        let combinations = binomial(counted.len(), k);
        let exact = combinations <= EXACT_LIMIT;
        let mut screened: Vec<Screened> = if exact {
            subsets(counted.len(), k).iter().map(|removed| screen(&counted, &choices, removed)).collect()
        } else {
            vec![greedy(&counted, &choices, k)]
        };
        screened.sort_by(|a, b| a.cost.total_cmp(&b.cost).then(b.budget.total_cmp(&a.budget)));
        screened.truncate(JOINT_CANDIDATES);
        let before = options::access_by_area(ds, &matrix);
        let year = (ctx.base_year + 1).min(ctx.horizon);
        let jointly_evaluated = screened.len();
        let best = screened
            .into_iter()
            .map(|candidate| {
                let list: Vec<Action> = candidate
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(line, &(s, action, target))| {
                        let facility = ds.facilities[s].facility_id.clone();
                        let into = target.map(|t| ds.facilities[t].facility_id.clone());
                        let kind = match (action, into) {
                            (Move::Merge, Some(into)) => ActionKind::Merge { facility, into },
                            _ => ActionKind::Close { facility },
                        };
                        Action { kind, year, line }
                    })
                    .collect();
                let refs: Vec<&Action> = list.iter().collect();
                let (end, effects) = actions::apply(ds, &refs, ctx);
                let end_matrix = travel_matrix(&end.areas, &end.facilities, &end.travel, ctx.access);
                let after = options::access_by_area(&end, &end_matrix);
                let mut communes: Vec<(String, f64)> = before
                    .iter()
                    .zip(&after)
                    .zip(&ds.areas)
                    .filter(|((b, a), _)| b.within_reach && !a.within_reach)
                    .map(|(_, area)| (area.name.clone(), area.population))
                    .collect();
                communes.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                let people: f64 = communes.iter().map(|c| c.1).sum::<f64>() + 0.0;
                let schools_after = end
                    .facilities
                    .iter()
                    .filter(|f| {
                        f.counts_toward_public_cap()
                            && ds.areas.iter().any(|a| a.area_id == f.area_id && &a.province_id == province)
                    })
                    .count();
                let budget_horizon = pv(effects.budget_savings_mvnd, effects.budget_one_off_cost_mvnd);
                (candidate, effects, people, communes, schools_after, budget_horizon)
            })
            .min_by(|x, y| {
                let obj =
                    |c: &(Screened, Effects, f64, Vec<(String, f64)>, usize, f64)| c.1.learners_lost + weight * c.2;
                obj(x).total_cmp(&obj(y)).then(y.5.total_cmp(&x.5))
            });
        let Some((candidate, effects, people, communes, schools_after, budget_horizon)) = best else { continue };
        let steps = candidate
            .steps
            .iter()
            .map(|&(s, action, target)| PackageStep {
                action,
                facility_id: ds.facilities[s].facility_id.clone(),
                facility_name: ds.facilities[s].name.clone(),
                target_id: target.map(|t| ds.facilities[t].facility_id.clone()),
                target_name: target.map(|t| ds.facilities[t].name.clone()),
            })
            .collect();
        out.push(CapPackage {
            province_id: province.clone(),
            province_name: ds.province_name(province),
            cap,
            schools_before: counted.len(),
            schools_after,
            meets_cap: schools_after <= cap,
            steps,
            year,
            horizon: ctx.horizon,
            net_savings_horizon_mvnd: pv(effects.net_savings_mvnd(), effects.one_off_cost_mvnd),
            budget_savings_horizon_mvnd: budget_horizon,
            objective: effects.learners_lost + weight * people,
            effects,
            people_newly_out_of_reach: people,
            communes_newly_out_of_reach: communes,
            access_weight: weight,
            min_merge_fit: ctx.options.min_merge_fit,
            combinations,
            exact,
            jointly_evaluated,
        });
    }
    out
}

/// The best action of each removed school (positions in `counted`) whose receiver stays.
fn screen(counted: &[usize], choices: &[Choices], removed: &[usize]) -> Screened {
    let gone: Vec<usize> = removed.iter().map(|&i| counted[i]).collect();
    let mut out = Screened { steps: Vec::new(), cost: 0.0, budget: 0.0 };
    for &i in removed {
        let best = choices[i]
            .iter()
            .filter(|(_, target, ..)| target.is_none_or(|t| !gone.contains(&t)))
            .min_by(|a, b| a.2.total_cmp(&b.2).then(b.3.total_cmp(&a.3)))
            .expect("closing is always possible");
        out.steps.push((counted[i], best.0, best.1));
        out.cost += best.2;
        out.budget += best.3;
    }
    out
}

/// Too many combinations: the school whose best action costs least goes first, then the
/// next among those left, k times.
fn greedy(counted: &[usize], choices: &[Choices], k: usize) -> Screened {
    let mut removed: Vec<usize> = Vec::new();
    for _ in 0..k {
        let next = (0..counted.len())
            .filter(|i| !removed.contains(i))
            .map(|i| {
                let mut trial = removed.clone();
                trial.push(i);
                (i, screen(counted, choices, &trial))
            })
            .min_by(|a, b| a.1.cost.total_cmp(&b.1.cost).then(b.1.budget.total_cmp(&a.1.budget)))
            .map(|(i, _)| i);
        removed.extend(next);
    }
    screen(counted, choices, &removed)
}

fn binomial(n: usize, k: usize) -> usize {
    let k = k.min(n - k);
    (0..k).fold(1usize, |acc, i| acc.saturating_mul(n - i) / (i + 1))
}

/// Every k-subset of 0..n, in lexicographic order.
fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut current: Vec<usize> = (0..k).collect();
    loop {
        out.push(current.clone());
        let Some(i) = (0..k).rev().find(|&i| current[i] < n - k + i) else { break };
        current[i] += 1;
        for j in i + 1..k {
            current[j] = current[j - 1] + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::AccessSettings;
    use crate::access::attendance::{AttendanceModel, AttendanceSettings};
    use crate::options::OptionSettings;
    use crate::testkit::*;

    #[test]
    fn subsets_and_binomials_agree() {
        assert_eq!(subsets(5, 2).len(), 10);
        assert_eq!(binomial(5, 2), 10);
        assert_eq!(binomial(12, 6), 924);
        assert_eq!(subsets(4, 4), vec![vec![0, 1, 2, 3]]);
        assert_eq!(subsets(3, 1), vec![vec![0], vec![1], vec![2]]);
    }

    /// Five public intermediate schools teaching the same welding course, cap 3. Sites 80 km
    /// apart: A (S1 and S4 side by side), B (S2 and S5 side by side) and C (S3 alone), each
    /// with its commune. S1 and S2 have 200 free places, the others none. The only
    /// packages that lose nobody and leave no commune out of reach merge S4 into S1 and S5
    /// into S2 (every learner keeps the same trip); a merge costs less staff (20% leave)
    /// than a closure (50%), so with the same yearly savings the merges win.
    #[test]
    fn five_schools_cap_three_merges_the_two_twins() {
        let mut ds = Dataset { occupations: vec![occupation("weld", Sector::Industry)], ..Default::default() };
        let sites = [("A", 19.0), ("B", 19.72), ("C", 20.44)]; // 0.72 degrees: 80 km apart
        for (id, lat) in sites {
            ds.areas.push(area(id, lat, 105.0, false));
        }
        for (id, site, capacity) in
            [("S1", 0, 300.0), ("S2", 1, 300.0), ("S3", 2, 100.0), ("S4", 0, 100.0), ("S5", 1, 100.0)]
        {
            let (area_id, lat) = sites[site];
            let mut f = facility(id, lat, 105.0);
            f.kind = FacilityKind::Intermediate;
            f.area_id = area_id.into();
            f.capacity = capacity;
            f.teachers = Some(10.0);
            f.annual_cost_mvnd = 1000.0;
            f.fixed_cost_mvnd = Some(600.0);
            ds.facilities.push(f);
            ds.programs.push(program(id, "weld", Level::Intermediate, capacity));
            ds.enrolment.push(Enrolment { level: Level::Intermediate, ..enrolment(2025, id, "weld", 100.0, 90.0) });
        }
        // Staff who move with the learners stay paid: 25 M VND a year here; no discounting.
        let mut options = OptionSettings::default();
        options.costs.salary_mvnd_per_staff_year = 25.0;
        options.discount_rate = 0.0;
        let model = AttendanceModel::from_settings(&AttendanceSettings::default());
        let access = AccessSettings::default();
        let ctx = CapContext {
            base_year: 2025,
            horizon: 2030,
            access: &access,
            attendance: &model,
            options: &options,
            mix_weight: 0.5,
        };
        let found = packages(&ds, &ctx);
        assert_eq!(found.len(), 1);
        let p = &found[0];
        let steps: Vec<(Move, &str, Option<&str>)> =
            p.steps.iter().map(|s| (s.action, s.facility_id.as_str(), s.target_id.as_deref())).collect();
        assert_eq!(steps, vec![(Move::Merge, "S4", Some("S1")), (Move::Merge, "S5", Some("S2"))]);
        assert_eq!((p.schools_before, p.schools_after, p.meets_cap), (5, 3, true));
        assert!(p.exact && p.combinations == 10);
        // Hand-computed: nobody lost or out of reach; 2 x (600 fixed cost - 10 staff x 80%
        // staying x 25 M VND) = 2 x 400 = 800 saved a year (the receivers teach at the same
        // running cost); one-off 2 x 10 staff x 20% x 300 M VND = 1,200; to 2030: 800 x 5 -
        // 1,200 = 2,800.
        let near = |a: f64, b: f64| (a - b).abs() < 1e-6;
        assert!(near(p.effects.learners_lost, 0.0) && near(p.people_newly_out_of_reach, 0.0), "{p:?}");
        assert!(near(p.effects.gross_savings_mvnd, 800.0), "{}", p.effects.gross_savings_mvnd);
        assert!(near(p.effects.one_off_cost_mvnd, 1200.0), "{}", p.effects.one_off_cost_mvnd);
        assert!(near(p.budget_savings_horizon_mvnd, 2800.0), "{}", p.budget_savings_horizon_mvnd);
    }

    #[test]
    fn a_province_at_the_cap_gets_no_package() {
        let mut ds = Dataset { occupations: vec![occupation("weld", Sector::Industry)], ..Default::default() };
        ds.areas.push(area("A", 19.0, 105.0, false));
        for id in ["S1", "S2", "S3"] {
            let mut f = facility(id, 19.0, 105.0);
            f.kind = FacilityKind::College;
            ds.facilities.push(f);
        }
        let options = OptionSettings::default();
        let model = AttendanceModel::from_settings(&AttendanceSettings::default());
        let access = AccessSettings::default();
        let ctx = CapContext {
            base_year: 2025,
            horizon: 2030,
            access: &access,
            attendance: &model,
            options: &options,
            mix_weight: 0.5,
        };
        assert!(packages(&ds, &ctx).is_empty());
    }
}
