//! The package of actions that brings a province to the cap on public schools
//! ("at most 3 public vocational schools per province", DOMAIN.md).
//!
//! For every province whose counted public schools ([`Facility::counts_toward_public_cap`])
//! exceed `options.public_school_cap`, k = n - cap of them have to go: each is merged into a
//! public school that stays (of its level or higher; the learners it has no room for keep
//! studying at the old site, now its campus) or closed.
//!
//! Schools on the protected list (`options.protected`) and, unless un-protected, the
//! ethnic-minority boarding schools are never removed; a counted school is merged only into
//! a counted school (not a self-financing one) within `options.cap_max_merge_min` minutes of
//! its commune, or closed (closing is always possible, so the limit never blocks the cap).
//!
//! Objective (docs/METHODOLOGY.md): minimise the learners lost per year (central attendance
//! model) plus `options.cap_access_weight` times the people whose trip to the nearest
//! facility teaching their level grows by more than `options.travel_rise_threshold_min`
//! minutes, plus `options.cap_fit_weight` per learner moved into a receiver of another
//! sector (1 - sector overlap); ties go to the larger budget savings to the horizon. The
//! people newly beyond the reach radius are reported, not optimised: a hard edge counts a
//! commune that moves from 14.9 to 15.1 km.
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
pub(crate) const EXACT_LIMIT: usize = 2000;
/// Screened packages evaluated jointly.
pub(crate) const JOINT_CANDIDATES: usize = 8;

/// One action of the package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PackageStep {
    pub(crate) action: Move,
    pub(crate) facility_id: String,
    pub(crate) facility_name: String,
    pub(crate) target_id: Option<String>,
    pub(crate) target_name: Option<String>,
    /// For a merge: overlap of the two schools' places by sector (0-1), the share of the
    /// school's places in occupations the receiver also teaches, and the travel from the
    /// school's commune to the receiver.
    pub(crate) sector_fit: Option<f64>,
    pub(crate) occupation_fit: Option<f64>,
    pub(crate) travel_min: Option<f64>,
    pub(crate) distance_km: Option<f64>,
    /// The nearest school it could have joined (id, name, minutes from the school's commune),
    /// within the limit or not; None when there is none in the province.
    pub(crate) nearest_receiver: Option<(String, String, f64)>,
    /// Why this action for this school (what the search decided).
    pub reason: StepReason,
    /// Share of the school's learners that move (1 for a closure; below 1 the rest stay at
    /// the old site, now a campus of the receiver).
    pub moving_share: f64,
    /// The school's cost in the objective (learners lost a year + access weight x people
    /// with a longer trip + fit penalty), the action screened alone; and what closing it
    /// would cost.
    pub cost: f64,
    pub cost_if_closed: f64,
    /// The cheapest merge's cost, when there was a receiver within the limit.
    pub best_merge_cost: Option<f64>,
    /// Where the school's cheapest action, screened alone, ranks among the schools that may
    /// go (1 = the cheapest to remove), and how many there are.
    pub cost_rank: usize,
    pub candidates: usize,
}

/// Why the package closes or merges a school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepReason {
    /// Merged, the receiver having room for all its learners: cheaper than closing.
    Merge,
    /// Merged into a receiver with room for only part of them: the rest keep studying at
    /// the old site, now its campus; cheaper than closing.
    MergeCampus,
    /// Closed: no counted public school it may join within `cap_max_merge_min`.
    NoReceiverWithinLimit,
    /// Closed: its receivers within the limit are removed by the package too.
    ReceiversRemoved,
    /// Closed: closing costs less in the objective than the best merge.
    CloseCheaper,
}

impl StepReason {
    pub fn code(self) -> &'static str {
        match self {
            StepReason::Merge => "merge",
            StepReason::MergeCampus => "merge_campus",
            StepReason::NoReceiverWithinLimit => "no_receiver_within_limit",
            StepReason::ReceiversRemoved => "receivers_removed",
            StepReason::CloseCheaper => "close_cheaper",
        }
    }
}

/// The chosen package of one province and its joint figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct CapPackage {
    pub(crate) province_id: String,
    pub(crate) province_name: String,
    pub(crate) cap: usize,
    pub(crate) schools_before: usize,
    pub(crate) schools_after: usize,
    pub(crate) meets_cap: bool,
    pub(crate) steps: Vec<PackageStep>,
    /// Counted schools the package may not touch (id, name): the `protected` list and,
    /// unless un-protected, the ethnic-minority boarding schools.
    pub(crate) protected: Vec<(String, String)>,
    /// Year the actions take effect, and the horizon savings accrue to.
    pub(crate) year: i32,
    pub(crate) horizon: i32,
    /// The joint effects (per year, except the one-off costs).
    pub(crate) effects: Effects,
    pub(crate) budget_savings_horizon_mvnd: f64,
    pub(crate) net_savings_horizon_mvnd: f64,
    /// The lowest and highest net savings to the horizon over the grid of the cost guesses
    /// (as the options' and the scenarios'), every action under the same guesses.
    pub net_savings_horizon_low_mvnd: f64,
    pub net_savings_horizon_high_mvnd: f64,
    /// Population of the communes with a facility within reach before and none after.
    pub(crate) people_newly_out_of_reach: f64,
    /// Those communes (name, population, road km to the nearest facility left), the most
    /// populous first: a commune just beyond the radius reads differently from one left with
    /// nothing near.
    pub(crate) communes_newly_out_of_reach: Vec<(String, f64, Option<f64>)>,
    /// People whose trip to the nearest facility teaching a level of the removed schools
    /// grows by more than `travel_rise_threshold_min` (or who have none left).
    pub(crate) people_travel_rise: f64,
    /// Who bears the package, by group ([`super::equity`]).
    pub(crate) equity: Vec<super::equity::GroupBurden>,
    /// Mean added one-way minutes of the removed schools' learners to the nearest facility
    /// teaching their level after the package (learner-weighted).
    pub(crate) mean_added_min: f64,
    pub(crate) travel_rise_threshold_min: f64,
    /// Learners lost + weight x people whose trip grows beyond the threshold + the fit
    /// penalty of the merges.
    pub(crate) objective: f64,
    pub(crate) access_weight: f64,
    pub(crate) fit_weight: f64,
    pub(crate) max_merge_min: crate::settings::MergeMinutes,
    /// Merges only into receivers with room for this share of the learners.
    pub(crate) min_merge_fit: f64,
    /// Combinations of schools screened, whether all of them, and how many were evaluated
    /// jointly.
    pub(crate) combinations: usize,
    pub(crate) exact: bool,
    pub(crate) jointly_evaluated: usize,
}

/// A screened candidate: (school, action, target) per school to remove, its additive cost
/// and budget savings to the horizon.
#[derive(Debug, Clone)]
struct Screened {
    steps: Vec<(usize, Move, Option<usize>)>,
    cost: f64,
    budget: f64,
}

/// One possible action of a school, evaluated alone on the network as it is.
#[derive(Debug, Clone, Copy)]
struct Choice {
    action: Move,
    /// The receiver of a merge.
    target: Option<usize>,
    /// Learners lost + access weight x people whose trip grows + the fit penalty.
    cost: f64,
    /// Budget savings to the horizon, discounted.
    budget: f64,
    /// The fit penalty alone (learners moved into a receiver of another sector, weighted).
    penalty: f64,
    /// Share of the school's learners that move (1 for a closure).
    moving_share: f64,
}

impl Choice {
    fn is(&self, action: Move, target: Option<usize>) -> bool {
        self.action == action && self.target == target
    }
}

/// One school's possible actions.
type Choices = Vec<Choice>;

/// The settings the search needs: those that apply the actions (the scenario's, for the
/// baseline), since each candidate package is applied as a scenario would be.
pub(crate) type CapContext<'a> = ApplyContext<'a>;

/// Places of a facility by sector and by occupation, from the programme table.
fn places_by(ds: &Dataset, f: usize) -> ([f64; 3], std::collections::HashMap<&str, f64>) {
    let sectors: std::collections::HashMap<&str, Sector> =
        ds.occupations.iter().map(|o| (o.code.as_str(), o.sector)).collect();
    let mut by_sector = [0.0; 3];
    let mut by_occupation = std::collections::HashMap::new();
    for p in ds.programs.iter().filter(|p| p.facility_id == ds.facilities[f].facility_id) {
        if let Some(&sector) = sectors.get(p.occupation.as_str()) {
            by_sector[Sector::ALL.iter().position(|&x| x == sector).unwrap_or(0)] += p.places;
        }
        *by_occupation.entry(p.occupation.as_str()).or_insert(0.0) += p.places;
    }
    (by_sector, by_occupation)
}

/// How well receiver `g` fits school `s`: the overlap of their places by sector (the sum of
/// the smaller shares, 1 = the same mix) and the share of the school's places in
/// occupations the receiver also teaches.
pub(crate) fn fit(ds: &Dataset, s: usize, g: usize) -> (f64, f64) {
    let (sector_s, occupation_s) = places_by(ds, s);
    let (sector_g, occupation_g) = places_by(ds, g);
    let (total_s, total_g) = (sector_s.iter().sum::<f64>(), sector_g.iter().sum::<f64>());
    if total_s <= 0.0 || total_g <= 0.0 {
        return (0.0, 0.0);
    }
    let sector = (0..3).map(|i| (sector_s[i] / total_s).min(sector_g[i] / total_g)).sum();
    let same: f64 = occupation_s.iter().filter(|(k, _)| occupation_g.contains_key(*k)).map(|(_, v)| v).sum();
    (sector, same / occupation_s.values().sum::<f64>().max(1e-12))
}

/// Counted facilities the optimiser and the cap package leave alone: the `protected` list,
/// and the ethnic-minority boarding schools unless `protect_ethnic_boarding` is off.
pub(crate) fn protected(ds: &Dataset, rules: &options::CapRules) -> Vec<bool> {
    ds.facilities.iter().map(|f| rules.protects(f)).collect()
}

/// The package of every province above the cap (none when all meet it).
pub(crate) fn packages(ds: &Dataset, ctx: &CapContext) -> Vec<CapPackage> {
    let rules = ctx.options.cap_rules();
    let cap = rules.cap.get();
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
    let keep = protected(ds, &rules);
    let matrix = travel_matrix(&ds.areas, &ds.facilities, &ds.travel, ctx.access);
    // The screening weighs learners, trips and fit, not alignment.
    let baseline = options::Baseline::unscored(ds, &matrix, ctx.attendance, ctx.options, ctx.base_year, ctx.horizon);
    // Savings from the year after the base year to the horizon, discounted to the base year.
    let years = (ctx.horizon - ctx.base_year).max(1);
    let pv = |yearly: f64, one_off: f64| ctx.options.present_value(yearly, one_off, 1, years);
    let weight = rules.access_weight.get();
    let fit_weight = rules.fit_weight.get();
    let threshold = ctx.options.travel_rise_threshold_min.get();
    let home = |f: usize| area_index.get(ds.facilities[f].area_id.as_str()).copied();
    let nearest_before = options::nearest_by_level(ds, &matrix);
    let mut out = Vec::new();
    for (province, all_counted) in over {
        let k = all_counted.len() - cap;
        let protected_here: Vec<(String, String)> = all_counted
            .iter()
            .filter(|&&f| keep[f])
            .map(|&f| (ds.facilities[f].facility_id.clone(), ds.facilities[f].name.clone()))
            .collect();
        let counted: Vec<usize> = all_counted.iter().copied().filter(|&f| !keep[f]).collect();
        let k = k.min(counted.len());
        // Every school's possible actions, evaluated one at a time on the network as it is.
        // The nearest school each one could join, at any distance: named when it lies beyond
        // the limit, so the room sees by how much ("F001, 64 min").
        let mut nearest_receiver: Vec<Option<(usize, f64)>> = Vec::with_capacity(counted.len());
        let choices: Vec<Choices> = counted
            .iter()
            .map(|&s| {
                let receivers: Vec<(usize, f64)> = (0..ds.facilities.len())
                    .filter(|&g| {
                        let (from, into) = (&ds.facilities[s], &ds.facilities[g]);
                        // A counted school goes only into a counted school: a self-financing
                        // receiver would meet the cap by changing its learners' status. A
                        // receiver without room for all is still a receiver: the learners it
                        // cannot take keep studying at the old site, now its campus (the cap
                        // counts schools, not sites), as in the options' partial merges.
                        // An ethnic boarding school serves its own learners: it is not made
                        // a receiver either, unless the planner un-protects it.
                        g != s
                            && !(rules.protect_ethnic_boarding && into.is_ethnic_boarding())
                            && into.counts_toward_public_cap()
                            && province_of(g) == Some(province)
                            && can_merge_into(from.kind, into.kind)
                    })
                    .map(|g| (g, home(s).map_or(f64::INFINITY, |a| matrix.minutes(a, g))))
                    .collect();
                nearest_receiver.push(receivers.iter().copied().min_by(|x, y| x.1.total_cmp(&y.1)));
                // No receiver beyond the travel limit: a "merge" into a school two hours away
                // is a closure on paper. Closing stays possible, so the cap is always met.
                let near = receivers.iter().filter(|r| r.1 <= rules.max_merge_min.get()).map(|r| r.0);
                std::iter::once((Move::Close, None))
                    .chain(near.map(|g| (Move::Merge, Some(g))))
                    .map(|(action, target)| {
                        let e = options::evaluate_move(&baseline, s, action, target);
                        let budget = pv(e.budget(ds), e.budget_one_off(ds));
                        let penalty = target.map_or(0.0, |g| fit_weight * e.displaced * (1.0 - fit(ds, s, g).0));
                        let cost = e.lost + weight * e.travel_rise_people + penalty;
                        Choice { action, target, cost, budget, penalty, moving_share: e.moving_share }
                    })
                    .collect()
            })
            .collect();
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
                // The network's matrix, its removed columns dropped action by action.
                let (end, effects, end_matrix) = actions::apply_with_matrix(ds, matrix.clone(), &refs, ctx);
                let after = options::access_by_area(&end, &end_matrix);
                let mut communes: Vec<(String, f64, Option<f64>)> = before
                    .iter()
                    .zip(&after)
                    .zip(&ds.areas)
                    .filter(|((b, a), _)| b.within_reach && !a.within_reach)
                    .map(|((_, a), area)| (area.name.clone(), area.population, a.distance_km))
                    .collect();
                communes.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                let people: f64 = communes.iter().map(|c| c.1).sum::<f64>() + 0.0;
                // The travel-time change: levels of the removed schools, and the trips of their
                // learners who move (a satellite keeps the others) to the nearest other site
                // teaching their level after the package.
                let nearest_after = options::nearest_by_level(&end, &end_matrix);
                let mut teaches_end = vec![[false; 4]; end.facilities.len()];
                let end_index = end.facility_index();
                for p in end.programs.iter().filter(|p| p.places > 0.0) {
                    if let Some(&g) = end_index.get(p.facility_id.as_str()) {
                        teaches_end[g][options::level_slot(p.level)] = true;
                    }
                }
                let nearest_end = options::nearest_two_teaching(&end_matrix, end.areas.len(), &teaches_end);
                let mut levels = Vec::new();
                let (mut added, mut moved) = (0.0, 0.0);
                for &(s, action, target) in &candidate.steps {
                    let share = share_of(&counted, &choices, s, action, target);
                    // The school's own site, when it stays as a campus, is no destination.
                    let own = end_index.get(ds.facilities[s].facility_id.as_str()).copied();
                    for q in baseline.programmes_of(s, false) {
                        let l = options::level_slot(baseline.programme(q).level);
                        levels.push(l);
                        for (a, &n) in baseline.programme_origins(q).iter().enumerate() {
                            if let Some(to) = options::nearest_other(&nearest_end[a][l], own) {
                                added += n * share * (to - matrix.minutes(a, s)).max(0.0);
                                moved += n * share;
                            }
                        }
                    }
                }
                levels.sort_unstable();
                levels.dedup();
                let rise_areas = options::travel_rise_areas(&nearest_before, &nearest_after, &levels, threshold);
                let rise = options::people_travel_rise(ds, &nearest_before, &nearest_after, &levels, threshold);
                let mean_added = if moved > 0.0 { added / moved } else { 0.0 };
                let schools_after = end
                    .facilities
                    .iter()
                    .filter(|f| {
                        f.counts_toward_public_cap()
                            && ds.areas.iter().any(|a| a.area_id == f.area_id && &a.province_id == province)
                    })
                    .count();
                let budget_horizon = pv(effects.budget_savings_mvnd, effects.budget_one_off_cost_mvnd);
                let penalty: f64 = candidate
                    .steps
                    .iter()
                    .map(|&(s, action, target)| {
                        let i = counted.iter().position(|&c| c == s).expect("a counted school");
                        choices[i].iter().find(|c| c.is(action, target)).map_or(0.0, |c| c.penalty)
                    })
                    .sum();
                let objective = effects.learners_lost + weight * rise + penalty;
                Joint {
                    candidate,
                    effects,
                    people,
                    communes,
                    rise,
                    rise_areas,
                    mean_added,
                    schools_after,
                    budget_horizon,
                    objective,
                }
            })
            .min_by(|x, y| x.objective.total_cmp(&y.objective).then(y.budget_horizon.total_cmp(&x.budget_horizon)));
        let Some(j) = best else { continue };
        // Each school's cheapest action screened alone, ranked: why these schools go.
        let cheapest: Vec<f64> =
            choices.iter().map(|c| c.iter().map(|x| x.cost).fold(f64::INFINITY, f64::min)).collect();
        let gone: Vec<usize> = j.candidate.steps.iter().map(|x| x.0).collect();
        let steps = j
            .candidate
            .steps
            .iter()
            .map(|&(s, action, target)| {
                let fits = target.map(|g| fit(ds, s, g));
                let minutes = target.and_then(|g| home(s).map(|a| matrix.minutes(a, g)));
                let i = counted.iter().position(|&c| c == s).expect("a counted school");
                let chosen = choices[i].iter().find(|c| c.is(action, target)).expect("a screened action");
                let cost_if_closed =
                    choices[i].iter().find(|c| c.action == Move::Close).map_or(f64::INFINITY, |c| c.cost);
                let merges: Vec<_> = choices[i].iter().filter(|c| c.action == Move::Merge).collect();
                let best_merge_cost = merges.iter().map(|c| c.cost).min_by(f64::total_cmp);
                let reason = match action {
                    Move::Merge if chosen.moving_share < 1.0 - 1e-9 => StepReason::MergeCampus,
                    Move::Merge | Move::Convert => StepReason::Merge,
                    Move::Close if merges.is_empty() => StepReason::NoReceiverWithinLimit,
                    Move::Close if merges.iter().all(|c| c.target.is_some_and(|g| gone.contains(&g))) => {
                        StepReason::ReceiversRemoved
                    }
                    Move::Close => StepReason::CloseCheaper,
                };
                let cost_rank = 1 + cheapest.iter().filter(|&&c| c < cheapest[i]).count();
                PackageStep {
                    reason,
                    moving_share: chosen.moving_share,
                    cost: chosen.cost,
                    cost_if_closed,
                    best_merge_cost,
                    cost_rank,
                    candidates: counted.len(),
                    action,
                    facility_id: ds.facilities[s].facility_id.clone(),
                    facility_name: ds.facility_display_name(&ds.facilities[s].facility_id),
                    target_id: target.map(|t| ds.facilities[t].facility_id.clone()),
                    target_name: target.map(|t| ds.facility_display_name(&ds.facilities[t].facility_id)),
                    sector_fit: fits.map(|f| f.0),
                    occupation_fit: fits.map(|f| f.1),
                    travel_min: minutes,
                    nearest_receiver: nearest_receiver[i].map(|(g, min)| {
                        let id = &ds.facilities[g].facility_id;
                        (id.clone(), ds.facility_display_name(id), min)
                    }),
                    distance_km: target.and_then(|g| home(s).map(|a| matrix.distance_km(a, g))),
                }
            })
            .collect();
        let effects = j.effects;
        let equity = super::equity::burden(ds, &effects.by_facility, &j.rise_areas, ctx.base_year);
        out.push(CapPackage {
            province_id: province.clone(),
            province_name: ds.province_name(province),
            cap,
            schools_before: all_counted.len(),
            schools_after: j.schools_after,
            meets_cap: j.schools_after <= cap,
            steps,
            protected: protected_here,
            year,
            horizon: ctx.horizon,
            net_savings_horizon_mvnd: pv(effects.net_savings_mvnd(), effects.one_off_cost_mvnd),
            net_savings_horizon_low_mvnd: effects.net_savings_horizon_low_mvnd,
            net_savings_horizon_high_mvnd: effects.net_savings_horizon_high_mvnd,
            budget_savings_horizon_mvnd: j.budget_horizon,
            objective: j.objective,
            effects,
            people_newly_out_of_reach: j.people,
            communes_newly_out_of_reach: j.communes,
            people_travel_rise: j.rise,
            equity,
            mean_added_min: j.mean_added,
            travel_rise_threshold_min: threshold,
            access_weight: weight,
            fit_weight,
            max_merge_min: rules.max_merge_min,
            min_merge_fit: ctx.options.min_merge_fit.get(),
            combinations,
            exact,
            jointly_evaluated,
        });
    }
    out
}

/// The packages as a scenario to compare with the others: the base scenario's settings
/// (demand, access, ...), the packages' actions in their year; None without packages.
pub(crate) fn package_scenario(
    base: &super::Scenario,
    packages: &[CapPackage],
    words: super::plan::PackageWords,
) -> Option<super::Scenario> {
    if packages.is_empty() {
        return None;
    }
    let mut s = base.clone();
    s.role = super::Role::CapPackage;
    s.folder = super::folder_name(&words.name);
    s.name = words.name;
    s.description = None;
    s.description_vi = Some(words.description_vi);
    s.description_en = Some(words.description_en);
    s.file = None;
    s.sha256 = None;
    s.optimise = None;
    s.uncertainty = None;
    // The package's years are its own: a roadmap of the baseline would move them (and
    // cap_package.toml has none).
    s.roadmap = None;
    s.actions = packages
        .iter()
        .flat_map(|p| {
            p.steps.iter().map(move |step| {
                let facility = step.facility_id.clone();
                let kind = match (step.action, &step.target_id) {
                    (Move::Merge, Some(into)) => ActionKind::Merge { facility, into: into.clone() },
                    (Move::Convert, Some(into)) => ActionKind::Convert { facility, into: into.clone() },
                    _ => ActionKind::Close { facility },
                };
                Action { kind, year: p.year, line: usize::MAX }
            })
        })
        .collect();
    Some(s)
}

/// The share of school `s`'s learners that move under its chosen action (1 for a closure).
fn share_of(counted: &[usize], choices: &[Choices], s: usize, action: Move, target: Option<usize>) -> f64 {
    counted
        .iter()
        .position(|&c| c == s)
        .and_then(|i| choices[i].iter().find(|c| c.is(action, target)))
        .map_or(1.0, |c| c.moving_share)
}

/// One candidate package evaluated jointly.
struct Joint {
    candidate: Screened,
    effects: Effects,
    people: f64,
    communes: Vec<(String, f64, Option<f64>)>,
    rise: f64,
    rise_areas: Vec<bool>,
    mean_added: f64,
    schools_after: usize,
    budget_horizon: f64,
    objective: f64,
}

/// The best action of each removed school (positions in `counted`) whose receiver stays.
fn screen(counted: &[usize], choices: &[Choices], removed: &[usize]) -> Screened {
    let gone: Vec<usize> = removed.iter().map(|&i| counted[i]).collect();
    let mut out = Screened { steps: Vec::new(), cost: 0.0, budget: 0.0 };
    for &i in removed {
        let best = choices[i]
            .iter()
            .filter(|c| c.target.is_none_or(|t| !gone.contains(&t)))
            .min_by(|a, b| a.cost.total_cmp(&b.cost).then(b.budget.total_cmp(&a.budget)))
            .expect("closing is always possible");
        out.steps.push((counted[i], best.action, best.target));
        out.cost += best.cost;
        out.budget += best.budget;
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
    use crate::settings::{AccessWeight, Count, DiscountRate, FitWeight, SalaryMvnd, SeveranceMvnd, Share};
    use crate::testkit::*;

    #[test]
    fn subsets_and_binomials_agree() {
        assert_eq!(subsets(5, 2).len(), 10);
        assert_eq!(binomial(5, 2), 10);
        assert_eq!(binomial(12, 6), 924);
        assert_eq!(subsets(4, 4), vec![vec![0, 1, 2, 3]]);
        assert_eq!(subsets(3, 1), vec![vec![0], vec![1], vec![2]]);
    }

    /// The packages for `ds` under `options`, with the default access and attendance.
    fn packages_with(ds: &Dataset, options: &OptionSettings) -> Vec<CapPackage> {
        let model = AttendanceModel::from_settings(&AttendanceSettings::default());
        let access = AccessSettings::default();
        let ctx = CapContext { base_year: 2025, horizon: 2030, access: &access, attendance: &model, options };
        packages(ds, &ctx)
    }

    /// The best package for `ds` under `options`.
    fn best_package(ds: &Dataset, options: OptionSettings) -> CapPackage {
        packages_with(ds, &options).remove(0)
    }

    /// Five intermediate schools at three sites 80 km apart (0.72 degrees): A (S1 300 places,
    /// S4 100), B (S2 300, S5 100), C (S3 100); 10 staff, fixed cost 600 and 100 learners each.
    fn five_schools(annual_cost_mvnd: Option<f64>) -> Dataset {
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
            if let Some(annual) = annual_cost_mvnd {
                f.annual_cost_mvnd = annual;
            }
            f.fixed_cost_mvnd = Some(600.0);
            ds.facilities.push(f);
            ds.programs.push(program(id, "weld", Level::Intermediate, capacity));
            ds.enrolment.push(Enrolment { level: Level::Intermediate, ..enrolment(2025, id, "weld", 100.0, 90.0) });
        }
        ds
    }

    /// Five public intermediate schools teaching the same welding course, cap 3. Sites 80 km
    /// apart: A (S1 and S4 side by side), B (S2 and S5 side by side) and C (S3 alone), each
    /// with its commune. S1 and S2 have 200 free places, the others none. The only
    /// packages that lose nobody and leave no commune out of reach merge S4 into S1 and S5
    /// into S2 (every learner keeps the same trip); a merge costs less staff (20% leave)
    /// than a closure (50%), so with the same yearly savings the merges win.
    #[test]
    fn five_schools_cap_three_merges_the_two_twins() {
        let ds = five_schools(Some(1000.0));
        // Staff who move with the learners stay paid: 25 M VND a year here; no discounting.
        let mut options = OptionSettings::default();
        options.costs.salary_mvnd_per_staff_year = SalaryMvnd::constant(25.0);
        options.discount_rate = DiscountRate::constant(0.0);
        // The guesses' ranges, for the savings range (20% of staff leave on a merge, 10-30%).
        options.costs.salary_mvnd_per_staff_year_range = [SalaryMvnd::constant(20.0), SalaryMvnd::constant(30.0)];
        options.costs.severance_mvnd_per_staff = SeveranceMvnd::constant(300.0);
        options.costs.severance_mvnd_per_staff_range = [SeveranceMvnd::constant(200.0), SeveranceMvnd::constant(400.0)];
        options.costs.staff_leaving_merge = Share::constant(0.2);
        options.costs.staff_leaving_merge_range = [Share::constant(0.1), Share::constant(0.3)];
        let found = packages_with(&ds, &options);
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
        // The range, each merge 5 x (600 - 10 x (1 - leaving) x salary) - 10 x leaving x
        // severance under the same guesses: lowest at salary 30, severance 400 and 30%
        // leaving, 3000 - 1050 - 1200 = 750 (10%: 1250, 20%: 1000); highest at salary 20,
        // severance 200 and 10% leaving, 3000 - 900 - 200 = 1900. Two merges: 1,500-3,800.
        assert!(near(p.net_savings_horizon_mvnd, 2800.0), "{}", p.net_savings_horizon_mvnd);
        assert!(near(p.net_savings_horizon_low_mvnd, 1500.0), "{}", p.net_savings_horizon_low_mvnd);
        assert!(near(p.net_savings_horizon_high_mvnd, 3800.0), "{}", p.net_savings_horizon_high_mvnd);
        // Why: each school merges into its twin, which has room for all (moving share 1) and
        // loses nobody; closing would lose a few (5.8 a year: by the attendance model not
        // every learner of a closed school enrols at the next one). Every school has a
        // merge that costs 0 (S1 and S2 into their full twins, as campuses), so all five
        // share the first rank.
        for s in &p.steps {
            assert_eq!((s.reason, s.moving_share, s.candidates, s.cost_rank), (StepReason::Merge, 1.0, 5, 1), "{s:?}");
            assert!(near(s.cost, 0.0) && s.cost_if_closed > 1.0 && s.best_merge_cost == Some(s.cost), "{s:?}");
        }
    }

    /// The five schools again, cap 3, S1 and S2 protected and full (300 learners each): S3,
    /// S4 and S5 may go, two of them. A merge into a full twin keeps the learners at the old
    /// site as a campus (moving share 0) and loses nobody; a closure would lose the learners
    /// S1 and S2 have no room for. So every merge is a campus, and a closure only where no
    /// receiver is within 60 minutes (S3, 80 km from the others).
    #[test]
    fn each_step_says_why_the_school_is_merged_or_closed() {
        let run = best_package;
        let mut ds = five_schools(None);
        // S1 and S2 full too: a merge into them moves nobody.
        for e in ds.enrolment.iter_mut().filter(|e| e.facility_id == "S1" || e.facility_id == "S2") {
            e.intake = 300.0;
        }
        let protect = OptionSettings { protected: vec!["S1".into(), "S2".into()], ..OptionSettings::default() };
        let p = run(&ds, protect);
        assert_eq!(p.steps.len(), 2, "{p:?}");
        for s in &p.steps {
            assert_eq!(s.candidates, 3);
            match s.action {
                Move::Merge => {
                    assert_eq!(s.reason, StepReason::MergeCampus, "{s:?}");
                    assert!(s.moving_share < 1e-9 && s.cost <= s.cost_if_closed, "{s:?}");
                }
                _ => assert_eq!(s.reason, StepReason::NoReceiverWithinLimit, "{s:?}"),
            }
        }
        // Only S3 may go (the others protected): 80 km from every receiver, far beyond the
        // 60-minute limit, it is closed for lack of one.
        let all_but_s3 = ["S1", "S2", "S4", "S5"].map(String::from).to_vec();
        let p = run(&ds, OptionSettings { protected: all_but_s3, ..OptionSettings::default() });
        let s = &p.steps[0];
        assert_eq!((p.steps.len(), s.facility_id.as_str(), s.action), (1, "S3", Move::Close), "{p:?}");
        assert_eq!(
            (s.reason, s.best_merge_cost, s.candidates, s.cost_rank),
            (StepReason::NoReceiverWithinLimit, None, 1, 1)
        );
    }

    /// School S (intermediate, welding) at A must go: the cap is 3 and the three colleges
    /// are protected. Receivers: R_crop and R_weld side by side at B, 15 km away, alike in
    /// everything but their sector (crop growing, welding), R_crop listed first; R_far, a
    /// welding college 150 km away. The learners lost and the travel are the same for both
    /// receivers at B, so the sector decides: S goes into R_weld (fit 1); with the fit weight
    /// at 0 the tie goes to the first listed, R_crop. R_far, beyond the 60-minute limit, is
    /// never a receiver: alone with it, S is closed.
    /// The cap is one less than the schools, all but S protected.
    #[test]
    fn the_package_prefers_the_receiver_of_the_same_sector_within_the_travel_limit() {
        let build = |with_near: bool| {
            let mut ds = Dataset {
                occupations: vec![occupation("weld", Sector::Industry), occupation("crop", Sector::Agriculture)],
                ..Default::default()
            };
            let sites = [("A", 19.0), ("B", 19.135), ("C", 20.35)]; // 15 km and 150 km north of A
            for (id, lat) in sites {
                ds.areas.push(area(id, lat, 105.0, false));
            }
            let mut list = vec![("S", 0, "weld", FacilityKind::Intermediate)];
            if with_near {
                list.push(("R_crop", 1, "crop", FacilityKind::College));
                list.push(("R_weld", 1, "weld", FacilityKind::College));
            }
            list.push(("R_far", 2, "weld", FacilityKind::College));
            for (id, site, occ, kind) in list {
                let (area_id, lat) = sites[site];
                let mut f = facility(id, lat, 105.0);
                f.kind = kind;
                f.area_id = area_id.into();
                f.capacity = 300.0;
                f.teachers = Some(10.0);
                f.fixed_cost_mvnd = Some(600.0);
                ds.facilities.push(f);
                let level = if kind == FacilityKind::College { Level::College } else { Level::Intermediate };
                ds.programs.push(program(id, occ, level, 300.0));
                ds.enrolment.push(Enrolment { level, ..enrolment(2025, id, occ, 100.0, 90.0) });
            }
            ds
        };
        let run = |ds: &Dataset, fit_weight: f64| {
            let options = OptionSettings {
                // One school too many: S has to go.
                public_school_cap: Count::constant(ds.facilities.len() - 1),
                protected: vec!["R_crop".into(), "R_weld".into(), "R_far".into()],
                cap_fit_weight: FitWeight::constant(fit_weight),
                ..OptionSettings::default()
            };
            best_package(ds, options)
        };
        let ds = build(true);
        let p = run(&ds, 0.1);
        assert_eq!(p.protected.len(), 3);
        assert!(p.meets_cap);
        let step = &p.steps[0];
        assert_eq!((step.facility_id.as_str(), step.target_id.as_deref()), ("S", Some("R_weld")), "{p:?}");
        assert_eq!((step.sector_fit, step.occupation_fit), (Some(1.0), Some(1.0)));
        assert!(step.travel_min.unwrap() < 60.0, "{step:?}");
        // 15 km as the crow flies, times the road detour factor (1.3).
        assert!((step.distance_km.unwrap() - 19.5).abs() < 0.1, "{step:?}");
        let p = run(&ds, 0.0);
        assert_eq!(p.steps[0].target_id.as_deref(), Some("R_crop"), "{p:?}");
        assert_eq!(p.steps[0].sector_fit, Some(0.0));
        // Only the far college (over 60 minutes away): S is closed, not "merged" into it.
        assert_eq!(p.steps[0].reason, StepReason::Merge, "{p:?}");
        let p = run(&build(false), 0.1);
        assert_eq!((p.steps[0].action, p.steps[0].target_id.as_deref()), (Move::Close, None), "{p:?}");
        // Why: the only receiver is beyond the limit.
        assert_eq!(p.steps[0].reason, StepReason::NoReceiverWithinLimit, "{p:?}");
        assert_eq!((p.steps[0].best_merge_cost, p.steps[0].cost_rank, p.steps[0].candidates), (None, 1, 1));
        assert!(p.meets_cap);
    }

    /// The five schools of the test above with S4 protected: S4 stays and the package
    /// takes another school; S4 renamed as an ethnic boarding school is protected without
    /// being listed, unless `protect_ethnic_boarding` is off.
    #[test]
    fn protected_and_ethnic_boarding_schools_are_left_alone() {
        let mut ds = five_schools(None);
        let run = best_package;
        let removed = |p: &CapPackage, id: &str| p.steps.iter().any(|s| s.facility_id == id);
        let touched =
            |p: &CapPackage, id: &str| removed(p, id) || p.steps.iter().any(|s| s.target_id.as_deref() == Some(id));
        // A school on the planner's list never goes (it may still receive).
        let p = run(&ds, OptionSettings { protected: vec!["S4".into()], ..OptionSettings::default() });
        assert!(!removed(&p, "S4") && p.steps.len() == 2 && p.meets_cap, "{p:?}");
        // Merging into a school next door loses nobody even when the receiver is full: its
        // learners stay at the old site, now a campus (closing would lose them all).
        assert!(p.steps.iter().all(|s| s.action == Move::Merge) && p.effects.learners_lost.abs() < 1e-9, "{p:?}");
        assert_eq!(p.protected, vec![("S4".to_string(), "S4".to_string())]);
        ds.facilities[3].name = "Trường Trung cấp Dân tộc Nội trú Con Luông".into();
        let p = run(&ds, OptionSettings::default());
        assert!(!touched(&p, "S4") && p.meets_cap, "{p:?}");
        let p = run(&ds, OptionSettings { protect_ethnic_boarding: false, ..OptionSettings::default() });
        assert!(touched(&p, "S4") && p.protected.is_empty(), "{p:?}");
        // Everything protected: nothing can go, and the package says it does not meet the cap.
        let all = ["S1", "S2", "S3", "S4", "S5"].map(String::from).to_vec();
        let p = run(&ds, OptionSettings { protected: all, ..OptionSettings::default() });
        assert!(p.steps.is_empty() && !p.meets_cap && p.schools_after == 5, "{p:?}");
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
        assert!(packages_with(&ds, &options).is_empty());
    }

    /// Cap 1, S3 (site C, 80 km away) protected: S1 and S2, side by side at A, both have to
    /// go. Each is the other's only receiver within 60 minutes, and the other goes too, so
    /// both are closed for that reason, though each had a merge to offer.
    #[test]
    fn a_school_whose_receivers_all_go_is_closed_for_that_reason() {
        let mut ds = five_schools(None);
        ds.facilities.retain(|f| ["S1", "S3", "S4"].contains(&f.facility_id.as_str()));
        ds.programs.retain(|p| ["S1", "S3", "S4"].contains(&p.facility_id.as_str()));
        ds.enrolment.retain(|e| ["S1", "S3", "S4"].contains(&e.facility_id.as_str()));
        let options = OptionSettings {
            public_school_cap: Count::constant(1),
            protected: vec!["S3".into()],
            ..OptionSettings::default()
        };
        let p = best_package(&ds, options);
        let steps: Vec<(&str, Move, StepReason)> =
            p.steps.iter().map(|s| (s.facility_id.as_str(), s.action, s.reason)).collect();
        assert_eq!(
            steps,
            [("S1", Move::Close, StepReason::ReceiversRemoved), ("S4", Move::Close, StepReason::ReceiversRemoved)],
            "{p:?}"
        );
        assert!(p.steps.iter().all(|s| s.best_merge_cost.is_some() && s.target_id.is_none()), "{p:?}");
        assert!(p.meets_cap && p.schools_after == 1, "{p:?}");
    }

    /// School S (intermediate welding, 100 learners) has to go (cap 1, the college R
    /// protected). R, 15 km away, teaches only crop growing: a merge moves S's 100 learners
    /// into a receiver of another sector (overlap 0), which costs the fit weight, here its
    /// maximum 1, per learner: 100, plus the learners the longer trip loses (more than 0).
    /// Closing loses at most S's 100 learners (nobody else teaches welding at its level).
    /// The access weight is 0, so travel does not count: the closure is cheaper, and that is
    /// the reason given.
    #[test]
    fn a_school_is_closed_when_closing_costs_less_than_its_best_merge() {
        let mut ds = Dataset {
            occupations: vec![occupation("weld", Sector::Industry), occupation("crop", Sector::Agriculture)],
            ..Default::default()
        };
        let sites = [("A", 19.0), ("B", 19.135)]; // 15 km apart
        for (id, lat) in sites {
            ds.areas.push(area(id, lat, 105.0, false));
        }
        for (id, site, occ, kind, level) in [
            ("S", 0, "weld", FacilityKind::Intermediate, Level::Intermediate),
            ("R", 1, "crop", FacilityKind::College, Level::College),
        ] {
            let (area_id, lat) = sites[site];
            let mut f = facility(id, lat, 105.0);
            f.kind = kind;
            f.area_id = area_id.into();
            f.capacity = 300.0;
            f.teachers = Some(10.0);
            f.fixed_cost_mvnd = Some(600.0);
            ds.facilities.push(f);
            ds.programs.push(program(id, occ, level, 300.0));
            ds.enrolment.push(Enrolment { level, ..enrolment(2025, id, occ, 100.0, 90.0) });
        }
        let options = OptionSettings {
            public_school_cap: Count::constant(1),
            protected: vec!["R".into()],
            cap_fit_weight: FitWeight::constant(1.0),
            cap_access_weight: AccessWeight::constant(0.0),
            ..OptionSettings::default()
        };
        let p = best_package(&ds, options);
        let s = &p.steps[0];
        assert_eq!((p.steps.len(), s.facility_id.as_str(), s.action), (1, "S", Move::Close), "{p:?}");
        assert_eq!(s.reason, StepReason::CloseCheaper, "{s:?}");
        let merge = s.best_merge_cost.expect("R is within the limit");
        assert!(merge > 100.0 && s.cost <= 100.0 + 1e-9 && s.cost < merge && s.cost == s.cost_if_closed, "{s:?}");
    }
}
