//! The roadmap to the horizon (lộ trình): in which year each action of a scenario (or of the
//! cap package) is taken, under a yearly one-off budget, at most so many actions a year, the
//! receivers' yearly intake growth, and the order the actions need; the cap on public
//! schools met by a year the planner sets. Each action is evaluated on the network as it is
//! (after the actions it needs), its figures go to the schedule's MILP
//! ([`crate::optimise::schedule`]), and the chosen years become the scenario's.

use serde::{Deserialize, Serialize};

use super::actions::{self, Action, ActionKind, ApplyContext, Effects, ends};
use super::cap;
use crate::check::Checks;
use crate::model::{Dataset, FacilityKind, Ownership};
use crate::optimise::schedule::{self, Priority, Requirement, ScheduleItem, ScheduleProblem, Shortfall};
use crate::settings::{Count, FacilityCount, OneOffBudgetMvnd, ReceiverGrowth, Share};

/// Default yearly intake growth of a receiver: a quarter of its places (a guess: about one
/// class in four added in a year with the staff and rooms that move; docs/METHODOLOGY.md).
pub(crate) const DEFAULT_RECEIVER_GROWTH: f64 = 0.25;

/// Decision 73/QĐ-TTg (2023): public vocational facilities at least 20% fewer than in 2020
/// by 2025 and 30% by 2030; public intermediate schools 40% and 50%.
pub(crate) const DECISION_73: [(Network, i32, f64); 4] = [
    (Network::PublicFacilities, 2025, 0.20),
    (Network::PublicFacilities, 2030, 0.30),
    (Network::PublicIntermediate, 2025, 0.40),
    (Network::PublicIntermediate, 2030, 0.50),
];

/// `[roadmap]` as written (docs/scenarios.md).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapSpec {
    /// What to schedule: `cap` (the cap package) or `actions` (the scenario's); default: the
    /// scenario's actions when it has any, else the cap package.
    pub(crate) schedule: Option<RoadmapOf>,
    /// The one-off costs (severance, moving) the budget can pay in one year; no limit when
    /// left out.
    pub(crate) one_off_budget_mvnd_per_year: Option<OneOffBudgetMvnd>,
    pub(crate) max_actions_per_year: Option<Count>,
    #[serde(default = "default_receiver_growth")]
    pub(crate) receiver_growth_max: ReceiverGrowth,
    /// The year by which the cap on public schools is met (default: the horizon).
    pub(crate) cap_by_year: Option<i32>,
    #[serde(default)]
    pub(crate) priority: RoadmapPriority,
    /// The network of 2020 (Decision 73's reference); default: the base year's network.
    pub(crate) public_facilities_2020: Option<FacilityCount>,
    pub(crate) public_intermediate_2020: Option<FacilityCount>,
    /// The most women may be of the learners lost, by every year of the roadmap (a share;
    /// needs `enrolment.csv`'s `female`).
    pub(crate) women_lost_share_max: Option<Share>,
    /// The scenario file's other settings (its sections but the name, years, actions,
    /// `[optimise]` and `[roadmap]`), for `roadmap.toml`.
    #[serde(skip)]
    pub(crate) other_settings: Option<toml::Table>,
}

fn default_receiver_growth() -> ReceiverGrowth {
    ReceiverGrowth::constant(DEFAULT_RECEIVER_GROWTH)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RoadmapOf {
    Cap,
    Actions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RoadmapPriority {
    #[default]
    Learners,
    Budget,
}

impl RoadmapSpec {
    /// The checks across values (each value was checked into its type when read).
    pub(crate) fn check(&self, c: &mut Checks, base_year: i32, horizon: i32) {
        if let Some(year) = self.cap_by_year
            && !(base_year + 1..=horizon).contains(&year)
        {
            c.problem(
                "cap_by_year",
                format!(
                    "must be between the year after the base year, {}, and the horizon {horizon}, found {year}",
                    base_year + 1
                ),
            );
        }
    }
}

/// The networks Decision 73 counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Network {
    PublicFacilities,
    PublicIntermediate,
}

/// One action of the roadmap with its figures, evaluated on the network after the actions
/// it needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct RoadmapStep {
    /// None: not in this period (only when no schedule meets the constraints).
    pub(crate) year: Option<i32>,
    #[serde(skip)]
    pub(crate) action: Action,
    pub(crate) verb: &'static str,
    pub(crate) facility_id: String,
    pub(crate) target_id: Option<String>,
    /// The one-off cost the state budget pays (staff payments), million VND.
    pub(crate) one_off_cost_mvnd: f64,
    /// The whole one-off cost (the budget's and a self-financing school's own).
    pub(crate) one_off_total_mvnd: f64,
    pub(crate) learners_lost: f64,
    pub(crate) learners_lost_low: f64,
    pub(crate) learners_lost_high: f64,
    /// Learners who leave the facility (moved or lost).
    pub(crate) displaced: f64,
    /// What the state budget saves a year once the action is in force.
    pub(crate) budget_savings_mvnd: f64,
    pub(crate) net_savings_mvnd: f64,
    /// Learners the receiver takes in, and the most it may take in a year.
    pub(crate) moved_to_receiver: f64,
    pub(crate) receiver_limit: Option<f64>,
    /// Indices of the steps that must come in an earlier year.
    pub(crate) after: Vec<usize>,
    /// Counted public schools, public facilities and public intermediate schools the action
    /// removes.
    pub(crate) removes_counted: usize,
    pub(crate) removes_public: usize,
    pub(crate) removes_intermediate: usize,
    #[serde(skip)]
    pub(crate) savings_grid: Vec<(f64, f64)>,
}

/// A constraint no schedule meets, and by how much the closest schedule overruns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) enum Binding {
    /// The budget of `year` would need `excess` million VND more.
    Budget {
        year: i32,
        excess: f64,
    },
    ActionsPerYear {
        year: i32,
        excess: f64,
    },
    /// `receiver` would take in `excess` learners more than allowed in `year`.
    Receiver {
        receiver: String,
        year: i32,
        excess: f64,
    },
    Unscheduled {
        step: usize,
    },
    /// The cap of `province` missed by `missing` schools in `year`.
    Cap {
        province: String,
        year: i32,
        missing: f64,
    },
    /// Women would be `excess` learners lost more than the ceiling allows by `year`.
    WomenShare {
        year: i32,
        excess: f64,
    },
}

/// The roadmap of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Roadmap {
    pub(crate) source: RoadmapOf,
    pub(crate) spec: RoadmapSpec,
    pub(crate) base_year: i32,
    pub(crate) horizon: i32,
    pub(crate) cap: usize,
    pub(crate) cap_by_year: i32,
    pub(crate) steps: Vec<RoadmapStep>,
    pub(crate) binding: Vec<Binding>,
    /// From the base year to the horizon: counted public schools, public facilities, public
    /// intermediate schools at the end of each year; one-off costs paid that year;
    /// cumulative net savings (central, low, high; one-off costs taken off, not discounted).
    pub(crate) years: Vec<i32>,
    pub(crate) counted_by_year: Vec<usize>,
    pub(crate) public_by_year: Vec<usize>,
    pub(crate) intermediate_by_year: Vec<usize>,
    pub(crate) one_off_by_year: Vec<f64>,
    pub(crate) savings_by_year: Vec<[f64; 3]>,
    /// Counted schools of each province over the cap before the roadmap: (id, name, count).
    pub(crate) over_cap: Vec<(String, String, usize)>,
    /// Learner-years lost to the horizon and the budget's savings to the horizon
    /// (discounted, less one-off costs) of the schedule.
    pub(crate) learner_years_lost: f64,
    pub(crate) budget_value_mvnd: f64,
    /// When a schedule meets every constraint and takes no action in the first year: why,
    /// from the solution (see [`FirstYearEmpty`]).
    pub(crate) first_year_empty: Option<FirstYearEmpty>,
}

/// The first year of a roadmap left empty: the earliest action, its year, and what taking
/// it in the first year instead would change in the objectives: learner-years lost more,
/// and budget savings to the horizon (discounted, less the one-off cost) less. Moving the
/// earliest action to an empty first year breaks no constraint (the year's budget, count
/// and receivers are free, the actions it needs come before it, the cap is met sooner), so
/// only the objectives keep it later.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct FirstYearEmpty {
    pub(crate) step: usize,
    pub(crate) year: i32,
    pub(crate) learner_years_more: f64,
    pub(crate) budget_less_mvnd: f64,
}

impl Roadmap {
    pub(crate) fn feasible(&self) -> bool {
        self.binding.is_empty()
    }

    /// The 2020 count of a network: the setting, else the base year's (which leaves out the
    /// reductions made between 2020 and the base year).
    pub(crate) fn reference_2020(&self, network: Network) -> (usize, bool) {
        let (set, base) = match network {
            Network::PublicFacilities => (self.spec.public_facilities_2020, self.public_by_year[0]),
            Network::PublicIntermediate => (self.spec.public_intermediate_2020, self.intermediate_by_year[0]),
        };
        set.map_or((base, false), |v| (v.get(), true))
    }

    /// The count of a network at the end of `year` (the last year of the roadmap beyond it).
    pub(crate) fn count_in(&self, network: Network, year: i32) -> usize {
        let series = match network {
            Network::PublicFacilities => &self.public_by_year,
            Network::PublicIntermediate => &self.intermediate_by_year,
        };
        let i = self.years.iter().position(|&y| y >= year).unwrap_or(self.years.len() - 1);
        if year < self.years[0] { series[0] } else { series[i] }
    }

    /// The reduction from 2020 by `year` (1 - count / 2020 count), None without 2020 count.
    pub(crate) fn reduction(&self, network: Network, year: i32) -> Option<f64> {
        let (reference, _) = self.reference_2020(network);
        (reference > 0).then(|| 1.0 - self.count_in(network, year) as f64 / reference as f64)
    }
}

/// The settings of a scenario file a rerun of its roadmap keeps: all but the name, the
/// descriptions, the years, the actions, `[optimise]` and `[roadmap]`.
pub(crate) fn other_settings(source: &str) -> Option<toml::Table> {
    let mut table: toml::Table = toml::from_str(source).ok()?;
    for key in
        ["name", "description", "description_vi", "description_en", "year", "horizon", "actions", "optimise", "roadmap"]
    {
        table.remove(key);
    }
    Some(table)
}

/// Whether the roadmap schedules the cap package or the scenario's actions.
pub(crate) fn source_of(spec: &RoadmapSpec, has_actions: bool) -> RoadmapOf {
    spec.schedule.unwrap_or(if has_actions { RoadmapOf::Actions } else { RoadmapOf::Cap })
}

fn verb(kind: &ActionKind) -> &'static str {
    match kind {
        ActionKind::Merge { .. } => "merge",
        ActionKind::Close { .. } => "close",
        ActionKind::Convert { .. } => "convert",
        ActionKind::Open { .. } => "open",
        ActionKind::AddProgram { .. } => "add_program",
        ActionKind::RemoveProgram { .. } => "remove_program",
        ActionKind::SetPlaces { .. } => "set_places",
    }
}

/// The actions each action needs in an earlier year: a school that takes in another's
/// learners is merged, closed or converted after it; an action on (or into) an opened
/// facility after its opening.
pub(crate) fn prerequisites(list: &[Action]) -> Vec<Vec<usize>> {
    list.iter()
        .enumerate()
        .map(|(i, a)| {
            let (facility, into) = ends(&a.kind);
            let removes =
                matches!(a.kind, ActionKind::Merge { .. } | ActionKind::Close { .. } | ActionKind::Convert { .. });
            list.iter()
                .enumerate()
                .filter(|&(j, b)| {
                    j != i && {
                        let (other, other_into) = ends(&b.kind);
                        let receives_here = removes && other_into.as_deref() == Some(facility.as_str());
                        let opens = matches!(b.kind, ActionKind::Open { .. })
                            && (other == facility || into.as_deref() == Some(other.as_str()));
                        receives_here || opens
                    }
                })
                .map(|(j, _)| j)
                .collect()
        })
        .collect()
}

/// Every prerequisite of `i`, transitively, in an order that applies (prerequisites first).
fn closure(after: &[Vec<usize>], i: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut stack = after[i].clone();
    while let Some(j) = stack.pop() {
        if !out.contains(&j) && j != i {
            out.push(j);
            stack.extend(after[j].iter().copied());
        }
    }
    out.sort_by_key(|&j| depth(after, j, 0));
    out
}

/// Length of the longest chain of prerequisites below `i` (cycles cut at the list's length).
fn depth(after: &[Vec<usize>], i: usize, level: usize) -> usize {
    if level > after.len() {
        return level;
    }
    after[i].iter().map(|&j| 1 + depth(after, j, level + 1)).max().unwrap_or(0)
}

/// Counts of a network: counted public schools by province, public facilities, public
/// intermediate schools.
pub(crate) fn counts(ds: &Dataset) -> (std::collections::BTreeMap<String, usize>, usize, usize) {
    let area = ds.area_index();
    let mut by_province = std::collections::BTreeMap::new();
    for f in ds.facilities.iter().filter(|f| f.counts_toward_public_cap()) {
        if let Some(&a) = area.get(f.area_id.as_str()) {
            *by_province.entry(ds.areas[a].province_id.clone()).or_insert(0) += 1;
        }
    }
    // A merged school's site that stays as the receiver's campus is no institution of its
    // own (`actions` names it "... (phân hiệu của F001)"): Decision 73 counts institutions.
    let institution =
        |f: &&crate::model::Facility| f.ownership == Ownership::Public && !f.name.contains("(phân hiệu của ");
    let public = ds.facilities.iter().filter(institution).count();
    let intermediate =
        ds.facilities.iter().filter(institution).filter(|f| f.kind == FacilityKind::Intermediate).count();
    (by_province, public, intermediate)
}

fn intake_at(ds: &Dataset, id: &str, year: i32) -> f64 {
    ds.enrolment.iter().filter(|e| e.year == year && e.facility_id == id).map(|e| e.intake).sum()
}

/// The actions to schedule: the cap package's (taken on `ds`) or the scenario's.
pub(crate) fn actions_to_schedule(
    ds: &Dataset,
    written: &[Action],
    source: RoadmapOf,
    ctx: &ApplyContext,
) -> Vec<Action> {
    match source {
        RoadmapOf::Actions => written.to_vec(),
        RoadmapOf::Cap => cap::packages(ds, ctx)
            .iter()
            .flat_map(|p| {
                p.steps.iter().map(|s| {
                    let facility = s.facility_id.clone();
                    let kind = match (s.action, &s.target_id) {
                        (crate::options::Action::Merge, Some(into)) => {
                            ActionKind::Merge { facility, into: into.clone() }
                        }
                        (crate::options::Action::Convert, Some(into)) => {
                            ActionKind::Convert { facility, into: into.clone() }
                        }
                        _ => ActionKind::Close { facility },
                    };
                    Action { kind, year: ctx.base_year + 1, line: 0 }
                })
            })
            .enumerate()
            .map(|(i, mut a)| {
                a.line = i;
                a
            })
            .collect(),
    }
}

/// The effects of `a` alone on the network after its prerequisites, and those networks.
fn evaluate(
    ds: &Dataset,
    list: &[Action],
    before: &[usize],
    i: usize,
    ctx: &ApplyContext,
) -> (Dataset, Dataset, Effects) {
    // Prerequisites first, in their order; the same year for all (apply orders by line).
    let pinned = |k: usize, line: usize| Action { kind: list[k].kind.clone(), year: ctx.base_year + 1, line };
    let prior: Vec<Action> = before.iter().enumerate().map(|(line, &k)| pinned(k, line)).collect();
    let with: Vec<Action> = prior.iter().cloned().chain(std::iter::once(pinned(i, before.len()))).collect();
    let (net_before, e_before) = actions::apply(ds, &prior.iter().collect::<Vec<_>>(), ctx);
    let (net_after, e_after) = actions::apply(ds, &with.iter().collect::<Vec<_>>(), ctx);
    let mut e = e_after.clone();
    e.learners_lost -= e_before.learners_lost;
    e.learners_displaced -= e_before.learners_displaced;
    e.learners_lost_low -= e_before.learners_lost_low;
    e.learners_lost_high -= e_before.learners_lost_high;
    e.one_off_cost_mvnd -= e_before.one_off_cost_mvnd;
    e.budget_one_off_cost_mvnd -= e_before.budget_one_off_cost_mvnd;
    e.budget_savings_mvnd -= e_before.budget_savings_mvnd;
    e.gross_savings_mvnd -= e_before.gross_savings_mvnd;
    e.added_travel_support_mvnd -= e_before.added_travel_support_mvnd;
    e.added_cost_mvnd -= e_before.added_cost_mvnd;
    // The action's own grid: the consolidations' sums with it less without it (the other
    // actions' savings do not depend on the guesses: none).
    let consolidation =
        matches!(list[i].kind, ActionKind::Merge { .. } | ActionKind::Close { .. } | ActionKind::Convert { .. });
    e.savings_grid = if !consolidation {
        Vec::new()
    } else if e_before.savings_grid.is_empty() {
        e_after.savings_grid
    } else if e_after.savings_grid.len() == e_before.savings_grid.len() {
        e_after.savings_grid.iter().zip(&e_before.savings_grid).map(|(a, b)| (a.0 - b.0, a.1 - b.1)).collect()
    } else {
        Vec::new()
    };
    (net_before, net_after, e)
}

/// A consolidation's yearly net savings and one-off cost per guess (as `apply` sums them).
fn grid_of(e: &Effects) -> Vec<(f64, f64)> {
    e.savings_grid.clone()
}

/// `women_lost_share_max` as the schedule's ceiling: the women among each step's learners
/// lost ([`super::equity`]); an error when the enrolment does not record women.
fn women_ceiling(
    ds: &Dataset,
    steps: &[RoadmapStep],
    spec: &RoadmapSpec,
    base: i32,
) -> Result<Option<schedule::ShareCeiling>, crate::error::Error> {
    let Some(ceiling) = spec.women_lost_share_max else { return Ok(None) };
    let losses: Vec<(String, f64, f64)> =
        steps.iter().map(|s| (s.facility_id.clone(), s.displaced, s.learners_lost.max(0.0))).collect();
    let Some((_, parts)) = super::equity::group_losses(ds, super::equity::Group::Women, base, &losses) else {
        return Err(crate::error::Error::Usage(format!(
            "[roadmap] women_lost_share_max needs the number of women in enrolment.csv (column female) for {base}"
        )));
    };
    Ok(Some(schedule::ShareCeiling {
        group: parts.iter().map(|p| p.1).collect(),
        lost: losses.iter().map(|l| l.2).collect(),
        ceiling: ceiling.get(),
    }))
}

/// Why the first year has no action, when it has none and the schedule meets everything.
fn first_year_empty(
    problem: &ScheduleProblem,
    year_of: &[Option<usize>],
    feasible: bool,
    base: i32,
) -> Option<FirstYearEmpty> {
    if !feasible || year_of.contains(&Some(0)) {
        return None;
    }
    let (step, t) = year_of.iter().enumerate().filter_map(|(i, t)| t.map(|t| (i, t))).min_by_key(|&(i, t)| (t, i))?;
    let item = &problem.items[step];
    Some(FirstYearEmpty {
        step,
        year: base + 1 + t as i32,
        learner_years_more: item.harm[0] - item.harm[t],
        budget_less_mvnd: item.value[t] - item.value[0],
    })
}

/// The roadmap of `list` (actions in force from the year after the base year) on `ds`.
pub(crate) fn plan(
    ds: &Dataset,
    list: &[Action],
    spec: &RoadmapSpec,
    source: RoadmapOf,
    ctx: &ApplyContext,
) -> Result<Roadmap, crate::error::Error> {
    let (base, horizon) = (ctx.base_year, ctx.horizon);
    let years = (horizon - base).max(0) as usize;
    let after = prerequisites(list);
    let (counted_before, public_before, intermediate_before) = counts(ds);
    let cap_value = ctx.options.public_school_cap.get();
    let cap_by_year = spec.cap_by_year.unwrap_or(horizon).clamp(base + 1, horizon.max(base + 1));
    let mut receivers: Vec<(String, f64)> = Vec::new();
    let mut steps = Vec::with_capacity(list.len());
    let mut removed_by_province: Vec<std::collections::BTreeMap<String, usize>> = Vec::new();
    for (i, a) in list.iter().enumerate() {
        let before = closure(&after, i);
        let (net_before, net_after, e) = evaluate(ds, list, &before, i, ctx);
        let (c0, p0, m0) = counts(&net_before);
        let (c1, p1, m1) = counts(&net_after);
        let removed: std::collections::BTreeMap<String, usize> =
            c0.iter().map(|(p, &n)| (p.clone(), n.saturating_sub(c1.get(p).copied().unwrap_or(0)))).collect();
        let (facility_id, target_id) = ends(&a.kind);
        let (moved, limit) = match &target_id {
            Some(into) if matches!(a.kind, ActionKind::Merge { .. } | ActionKind::Convert { .. }) => {
                let moved = (intake_at(&net_after, into, base) - intake_at(&net_before, into, base)).max(0.0);
                let places = net_before.facilities.iter().find(|f| &f.facility_id == into).map_or(0.0, |f| f.capacity);
                let limit = spec.receiver_growth_max.get() * places;
                if !receivers.iter().any(|r| &r.0 == into) {
                    receivers.push((into.clone(), limit));
                }
                (moved, Some(limit))
            }
            _ => (0.0, None),
        };
        removed_by_province.push(removed.clone());
        steps.push(RoadmapStep {
            year: None,
            action: a.clone(),
            verb: verb(&a.kind),
            facility_id,
            target_id,
            one_off_cost_mvnd: e.budget_one_off_cost_mvnd,
            one_off_total_mvnd: e.one_off_cost_mvnd,
            learners_lost: e.learners_lost,
            learners_lost_low: e.learners_lost_low,
            learners_lost_high: e.learners_lost_high,
            displaced: e.learners_displaced,
            budget_savings_mvnd: e.budget_savings_mvnd,
            net_savings_mvnd: e.net_savings_mvnd(),
            moved_to_receiver: moved,
            receiver_limit: limit,
            after: after[i].clone(),
            removes_counted: removed.values().sum(),
            removes_public: p0.saturating_sub(p1),
            removes_intermediate: m0.saturating_sub(m1),
            savings_grid: grid_of(&e),
        });
    }
    // The cap: each province above it loses n - cap counted schools by the year set.
    let over_cap: Vec<(String, String, usize)> = counted_before
        .iter()
        .filter(|(_, n)| **n > cap_value)
        .map(|(p, &n)| (p.clone(), ds.province_name(p), n))
        .collect();
    let requirements: Vec<Requirement> = over_cap
        .iter()
        .map(|(p, _, n)| Requirement {
            items: (0..list.len()).filter(|&i| removed_by_province[i].get(p).copied().unwrap_or(0) > 0).collect(),
            by: (cap_by_year - base - 1) as usize,
            at_least: n - cap_value,
        })
        .collect();
    let pv =
        |yearly: f64, one_off: f64, year: i32| ctx.options.present_value(yearly, one_off, year - base, horizon - base);
    let problem = ScheduleProblem {
        years,
        items: steps
            .iter()
            .map(|s| ScheduleItem {
                one_off: s.one_off_cost_mvnd.max(0.0),
                receiver: s
                    .target_id
                    .as_ref()
                    .and_then(|t| receivers.iter().position(|r| &r.0 == t))
                    .filter(|_| s.receiver_limit.is_some()),
                moved: s.moved_to_receiver,
                required: true,
                after: s.after.clone(),
                harm: (1..=years as i32)
                    .map(|t| s.learners_lost.max(0.0) * f64::from(horizon - (base + t) + 1))
                    .collect(),
                value: (1..=years as i32).map(|t| pv(s.budget_savings_mvnd, s.one_off_cost_mvnd, base + t)).collect(),
            })
            .collect(),
        budget: spec.one_off_budget_mvnd_per_year.map(|b| b.get()),
        max_per_year: spec.max_actions_per_year.map(|k| k.get()),
        receiver_limit: receivers.iter().map(|r| r.1).collect(),
        requirements,
        ceilings: women_ceiling(ds, &steps, spec, base)?.into_iter().collect(),
        priority: match spec.priority {
            RoadmapPriority::Learners => Priority::Learners,
            RoadmapPriority::Budget => Priority::Budget,
        },
    };
    let solved = schedule::solve(&problem)?;
    let first_year_empty = first_year_empty(&problem, &solved.year_of, solved.shortfalls.is_empty(), base);
    for (s, t) in steps.iter_mut().zip(&solved.year_of) {
        s.year = t.map(|t| base + 1 + t as i32);
        if let Some(year) = s.year {
            s.action.year = year;
        }
    }
    let binding = solved
        .shortfalls
        .iter()
        .map(|f| match *f {
            Shortfall::Budget { year, excess } => Binding::Budget { year: base + 1 + year as i32, excess },
            Shortfall::ActionsPerYear { year, excess } => {
                Binding::ActionsPerYear { year: base + 1 + year as i32, excess }
            }
            Shortfall::Receiver { receiver, year, excess } => {
                Binding::Receiver { receiver: receivers[receiver].0.clone(), year: base + 1 + year as i32, excess }
            }
            Shortfall::Unscheduled { item } => Binding::Unscheduled { step: item },
            Shortfall::Requirement { index, missing } => {
                Binding::Cap { province: over_cap[index].1.clone(), year: cap_by_year, missing }
            }
            Shortfall::Ceiling { year, excess, .. } => Binding::WomenShare { year: base + 1 + year as i32, excess },
        })
        .collect();
    // Year by year: the counts (each action's own change), one-off costs and cumulative
    // savings, each guess of the grid applied to every action at once.
    let all_years: Vec<i32> = (base..=horizon).collect();
    let in_force = |s: &RoadmapStep, y: i32| s.year.is_some_and(|t| t <= y);
    let total_counted: usize = counted_before.values().sum();
    let grid_len = steps.iter().map(|s| s.savings_grid.len()).max().unwrap_or(0);
    let mut savings_by_year = Vec::new();
    for &y in &all_years {
        let mut central = 0.0;
        let mut grid = vec![0.0; grid_len];
        for s in steps.iter().filter(|s| in_force(s, y)) {
            let t = s.year.expect("in force");
            let n = f64::from(y - t + 1);
            central += n * s.net_savings_mvnd - s.one_off_total_mvnd;
            for (g, v) in grid.iter_mut().enumerate() {
                *v += match s.savings_grid.get(g) {
                    Some(&(yearly, one_off)) => n * yearly - one_off,
                    None => n * s.net_savings_mvnd - s.one_off_total_mvnd,
                };
            }
        }
        let low = grid.iter().copied().fold(central, f64::min);
        let high = grid.iter().copied().fold(central, f64::max);
        savings_by_year.push([central, low, high]);
    }
    let series = |f: &dyn Fn(&RoadmapStep) -> usize, start: usize| -> Vec<usize> {
        all_years
            .iter()
            .map(|&y| start.saturating_sub(steps.iter().filter(|s| in_force(s, y)).map(f).sum::<usize>()))
            .collect()
    };
    let counted_by_year = series(&|s| s.removes_counted, total_counted);
    let public_by_year = series(&|s| s.removes_public, public_before);
    let intermediate_by_year = series(&|s| s.removes_intermediate, intermediate_before);
    let one_off_by_year = all_years
        .iter()
        .map(|&y| steps.iter().filter(|s| s.year == Some(y)).map(|s| s.one_off_cost_mvnd).sum())
        .collect();
    Ok(Roadmap {
        source,
        spec: spec.clone(),
        base_year: base,
        horizon,
        cap: cap_value,
        cap_by_year,
        steps,
        binding,
        years: all_years,
        counted_by_year,
        public_by_year,
        intermediate_by_year,
        one_off_by_year,
        savings_by_year,
        over_cap,
        learner_years_lost: solved.harm,
        budget_value_mvnd: solved.value,
        first_year_empty,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(kind: ActionKind) -> Action {
        Action { kind, year: 2026, line: 0 }
    }

    #[test]
    fn a_school_that_receives_is_merged_after_the_school_it_receives() {
        let list = vec![
            action(ActionKind::Merge { facility: "B".into(), into: "C".into() }),
            action(ActionKind::Merge { facility: "A".into(), into: "B".into() }),
            action(ActionKind::Close { facility: "D".into() }),
        ];
        assert_eq!(prerequisites(&list), vec![vec![1], vec![], vec![]]);
        assert_eq!(closure(&prerequisites(&list), 0), vec![1]);
    }

    /// The scenario tests' three centres (F0, F1, F2), 2025 to 2030.
    fn network() -> Dataset {
        let ds = crate::scenario::tests::network();
        assert_eq!(crate::scenario::base_year(&ds).unwrap(), 2025);
        ds
    }

    #[test]
    fn a_scenario_s_actions_take_the_roadmap_s_years_in_the_order_they_need() {
        // F1 merges into F2 only after F0 has merged into F1, in a later year.
        let text = "name = \"r\"\n[[actions]]\nmerge = \"F0\"\ninto = \"F1\"\n[[actions]]\nmerge = \"F1\"\ninto = \"F2\"\n[roadmap]\nreceiver_growth_max = 1\n";
        let ds = network();
        let s = crate::scenario::Scenario::from_toml("s.toml", text, &ds).unwrap();
        let r = crate::scenario::run(&ds, &s).unwrap();
        let roadmap = r.roadmap.as_ref().unwrap();
        assert_eq!(roadmap.source, RoadmapOf::Actions);
        assert!(roadmap.feasible(), "{:?}", roadmap.binding);
        let year = |id: &str| roadmap.steps.iter().find(|s| s.facility_id == id).unwrap().year;
        let (first, second) = (year("F0").unwrap(), year("F1").unwrap());
        assert!(2026 <= first && first < second && second <= 2030, "{first} {second}");
        // The scenario runs with the roadmap's years.
        let mut years: Vec<i32> = r.scenario.actions.iter().map(|a| a.year).collect();
        years.sort_unstable();
        assert_eq!(years, vec![first, second]);
    }

    #[test]
    fn a_roadmap_of_the_cap_package_with_written_actions_is_refused() {
        let text = "name = \"r\"\n[[actions]]\nclose = \"F1\"\n[roadmap]\nschedule = \"cap\"\n";
        let err = crate::scenario::Scenario::from_toml("s.toml", text, &network()).unwrap_err();
        assert!(err.items[0].to_string().starts_with("s.toml:5:schedule: a roadmap of the cap package"), "{err:?}");
    }

    #[test]
    fn the_cap_year_must_lie_in_the_period() {
        let text = "name = \"r\"\n[roadmap]\ncap_by_year = 2025\n";
        let err = crate::scenario::Scenario::from_toml("s.toml", text, &network()).unwrap_err();
        assert_eq!(
            err.items[0].to_string(),
            "s.toml:3:cap_by_year: must be between the year after the base year, 2026, and the horizon 2030, found 2025"
        );
    }

    #[test]
    fn a_women_ceiling_needs_the_women_of_the_enrolment_and_a_share() {
        let text = "name = \"r\"\n[[actions]]\nclose = \"F0\"\n[roadmap]\nwomen_lost_share_max = 0.5\n";
        let ds = network();
        let s = crate::scenario::Scenario::from_toml("s.toml", text, &ds).unwrap();
        let err = crate::scenario::run(&ds, &s).unwrap_err().to_string();
        assert!(err.contains("women_lost_share_max needs the number of women in enrolment.csv"), "{err}");
        let text = "name = \"r\"\n[roadmap]\nwomen_lost_share_max = 1.5\n";
        let err = crate::scenario::Scenario::from_toml("s.toml", text, &ds).unwrap_err();
        assert!(err.items[0].to_string().starts_with("s.toml:3:women_lost_share_max:"), "{err:?}");
    }

    #[test]
    fn a_women_ceiling_puts_the_action_losing_mostly_men_first() {
        // Closing F0 (women 20% of its intake) and F1 (80%), one a year. F1 loses fewer
        // learners than F0 (F0's learners have fewer centres near them), so without a
        // ceiling F1 goes first (each year earlier costs an action's yearly loss once more:
        // the smaller loss first). With women at most 60% of the learners lost by every year,
        // F1 alone (80%) may not come first: F0 first, then both (about 50%).
        let mut ds = network();
        for e in &mut ds.enrolment {
            e.female = Some(e.intake * if e.facility_id == "F1" { 0.8 } else { 0.2 });
        }
        let text = |ceiling: &str| {
            format!(
                "name = \"r\"\n[[actions]]\nclose = \"F0\"\n[[actions]]\nclose = \"F1\"\n[roadmap]\nmax_actions_per_year = 1\n{ceiling}"
            )
        };
        let order = |text: &str| {
            let s = crate::scenario::Scenario::from_toml("s.toml", text, &ds).unwrap();
            let r = crate::scenario::run(&ds, &s).unwrap();
            let m = r.roadmap.unwrap();
            assert!(m.feasible(), "{:?}", m.binding);
            let step = |id: &str| m.steps.iter().find(|s| s.facility_id == id).unwrap().clone();
            (step("F0"), step("F1"))
        };
        let (f0, f1) = order(&text(""));
        assert!(f1.learners_lost < f0.learners_lost, "{} {}", f1.learners_lost, f0.learners_lost);
        assert!(f1.year < f0.year, "F1 first without the ceiling: {:?} {:?}", f1.year, f0.year);
        let (f0, f1) = order(&text("women_lost_share_max = 0.6\n"));
        assert!(f0.year < f1.year, "F0 first under the ceiling: {:?} {:?}", f0.year, f1.year);
        // Below the whole list's share: no order meets it, and the binding names the ceiling.
        let s = crate::scenario::Scenario::from_toml("s.toml", &text("women_lost_share_max = 0.1\n"), &ds).unwrap();
        let m = crate::scenario::run(&ds, &s).unwrap().roadmap.unwrap();
        assert!(m.binding.iter().any(|b| matches!(b, Binding::WomenShare { .. })), "{:?}", m.binding);
    }
}
