//! Network optimisation for planners: the location-allocation engine on a province's
//! training network.
//!
//! Demand points are communes, weighted by the learners expected from them (each facility's
//! base-year intake spread over communes by the gravity model of the options stage). Sites
//! are the facilities: private, foreign-invested and self-financing ones, and those the
//! planner keeps, stay open; public schools per province can be capped. For CFLP the
//! demand points are the learners of each facility (by commune), and the assignment cost
//! is the yearly cost of their travel (minutes x a money value per minute) plus the
//! learners expected lost (the attendance model's follow-on ratio between the old and the
//! new site) at a cost per learner lost; a facility's fixed cost is what closing it saves.
//! The model trades savings against travel and learners, as the options stage does.

use std::collections::HashMap;

use serde::Serialize;

use super::{Method, Model, Problem, SiteGroup, Solution, SolveOptions, solve};
use crate::access::TravelMatrix;
use crate::access::attendance::AttendanceModel;
use crate::error::Error;
use crate::model::{Dataset, Ownership};
use crate::options::{Baseline, CapRules};

/// What the planner asks for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NetworkRequest {
    pub(crate) model: NetworkModel,
    /// At most this many public schools (not self-financing) per province.
    pub(crate) max_public_schools: Option<usize>,
    /// Facility ids the planner keeps open (the protected ones stay open too: `rules`).
    pub(crate) keep: Vec<String>,
    /// Whether a counted public school may be merged into a school that does not count
    /// toward the cap (self-financing): off by default, since moving a public school's
    /// learners and staff into a fee-funded school is a change of status the province has to
    /// decide, not a way of meeting the cap.
    pub(crate) merge_into_uncounted: bool,
    /// The cap package's rules, so that the optimised network and the cap package do not
    /// contradict each other: the protected facilities stay open, no merge into an ethnic
    /// boarding school (it serves its own learners) and none further than the travel limit
    /// from the closed facility (a merge two hours away is a closure on paper).
    pub(crate) rules: CapRules,
    pub(crate) method: Method,
    pub(crate) time_limit_s: f64,
    /// Yearly travel cost of a learner per minute of one-way travel (million VND).
    pub(crate) travel_cost_mvnd_per_minute: f64,
    /// CFLP: what one learner lost a year weighs (million VND); `None`: the public running
    /// cost per learner admitted of the dataset's own public facilities
    /// ([`public_cost_per_learner`]).
    pub(crate) lost_learner_cost_mvnd: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) enum NetworkModel {
    Cflp,
    PMedian { p: usize },
    Mclp { p: usize, radius_km: f64 },
    Lscp { radius_km: f64 },
}

impl NetworkModel {
    /// The model's name in files and reports (`optimise.model`): "cflp", "pmedian", ...
    pub(crate) fn code(&self) -> &'static str {
        match self {
            NetworkModel::Cflp => "cflp",
            NetworkModel::PMedian { .. } => "pmedian",
            NetworkModel::Mclp { .. } => "mclp",
            NetworkModel::Lscp { .. } => "lscp",
        }
    }
}

/// 100 round trips a year x 2 ways x 1/60 hour per minute x 20,000 VND an hour.
pub(crate) const DEFAULT_TRAVEL_COST_MVND_PER_MINUTE: f64 = 100.0 * 2.0 / 60.0 * 0.02;

/// The optimiser's answer in the planner's terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct NetworkPlan {
    /// The model solved (the request's).
    pub(crate) model: NetworkModel,
    pub(crate) objective: f64,
    pub(crate) bound: Option<f64>,
    pub(crate) gap: Option<f64>,
    pub(crate) solver: String,
    pub(crate) method: Method,
    pub(crate) status: super::Status,
    pub(crate) seconds: f64,
    pub(crate) note: Option<String>,
    pub(crate) open: Vec<String>,
    pub(crate) closed: Vec<String>,
    /// Each closed facility and the open one its programmes go to.
    pub(crate) merges: Vec<(String, String)>,
    /// Closed facilities with no open facility of the province that may take them over
    /// (a college is not merged into a centre): closed, their learners go where the
    /// attendance model sends them.
    pub(crate) closures: Vec<String>,
    /// CFLP: the terms of the objective.
    pub(crate) terms: Option<CflpTerms>,
}

/// The terms of the CFLP objective (a year): the fixed costs of the facilities kept that
/// could have closed, the learners' travel, and the learners lost at their cost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct CflpTerms {
    pub(crate) fixed_mvnd: f64,
    pub(crate) travel_mvnd: f64,
    /// Learners a year expected not to follow their facility to where the answer sends them
    /// (the attendance model's follow-on ratio by travel time).
    pub(crate) learners_lost: f64,
    pub(crate) cost_per_learner_lost_mvnd: f64,
    pub(crate) learners_lost_mvnd: f64,
}

/// The public running cost per learner admitted in the base year: the annual cost of the
/// public facilities that are not self-financing over their base-year intake (million VND;
/// 0 without intake). What the province spends to train one learner a year: the default
/// weight of a learner lost in CFLP.
pub(crate) fn public_cost_per_learner(ds: &Dataset, base_year: i32) -> f64 {
    let budget_funded = |f: &crate::model::Facility| f.ownership == Ownership::Public && !f.self_financing;
    let index = ds.facility_index();
    let intake: f64 = ds
        .enrolment
        .iter()
        .filter(|e| e.year == base_year)
        .filter(|e| index.get(e.facility_id.as_str()).is_some_and(|&f| budget_funded(&ds.facilities[f])))
        .map(|e| e.intake)
        .sum();
    let cost: f64 = ds.facilities.iter().filter(|f| budget_funded(f)).map(|f| f.annual_cost_mvnd).sum();
    if intake > 0.0 { cost / intake } else { 0.0 }
}

/// Builds the location-allocation problem of a network and solves it; the learners of each
/// commune come from `baseline`, the options stage's view of the same network.
pub(crate) fn optimise_network(
    ds: &Dataset,
    matrix: &TravelMatrix,
    attendance: &AttendanceModel,
    base_year: i32,
    baseline: &Baseline,
    request: &NetworkRequest,
) -> Result<NetworkPlan, Error> {
    if request.model == NetworkModel::Cflp {
        let per_learner = request.lost_learner_cost_mvnd.unwrap_or_else(|| public_cost_per_learner(ds, base_year));
        let demand = LearnerDemand::new(ds, matrix, attendance, baseline, request);
        return solve_cflp(ds, matrix, baseline, &demand, request, per_learner);
    }
    let origins = baseline.learners_by_origin();
    let (n, m) = (ds.areas.len(), ds.facilities.len());
    let weights: Vec<f64> = (0..n).map(|a| origins.iter().map(|o| o[a]).sum()).collect();
    let cost: Vec<f64> = match request.model {
        NetworkModel::Cflp => unreachable!("cflp is solved above"),
        NetworkModel::PMedian { .. } => (0..n).flat_map(|a| (0..m).map(move |f| matrix.minutes(a, f))).collect(),
        NetworkModel::Mclp { .. } | NetworkModel::Lscp { .. } => {
            (0..n).flat_map(|a| (0..m).map(move |f| matrix.distance_km(a, f))).collect()
        }
    };
    let keep = kept(ds, request);
    let groups = cap_groups(ds, baseline, request);
    let problem = Problem {
        demand_ids: ds.areas.iter().map(|a| a.area_id.clone()).collect(),
        weights,
        site_ids: ds.facilities.iter().map(|f| f.facility_id.clone()).collect(),
        cost,
        capacity: Some(ds.facilities.iter().map(|f| f.capacity).collect()),
        fixed_cost: Some(
            ds.facilities.iter().zip(&keep).map(|(f, k)| if *k { 0.0 } else { f.fixed_cost_or_default() }).collect(),
        ),
        required: keep,
        groups,
    };
    let model = match request.model {
        NetworkModel::Cflp => unreachable!("cflp is solved above"),
        NetworkModel::PMedian { p } => Model::PMedian { p },
        NetworkModel::Mclp { p, radius_km } => Model::Mclp { p, radius: radius_km },
        NetworkModel::Lscp { radius_km } => Model::Lscp { radius: radius_km },
    };
    let solution =
        solve(&problem, &model, &SolveOptions { method: request.method, time_limit_s: request.time_limit_s, seed: 1 })?;
    Ok(plan(ds, matrix, &solution, request, None))
}

/// Facilities that stay open whatever the answer: private, foreign-invested and
/// self-financing ones, those the planner keeps and those the cap rules protect.
fn kept(ds: &Dataset, request: &NetworkRequest) -> Vec<bool> {
    ds.facilities
        .iter()
        .map(|f| {
            f.ownership != Ownership::Public
                || f.self_financing
                || request.keep.contains(&f.facility_id)
                || request.rules.protects(f)
        })
        .collect()
}

/// The learners of the base year as CFLP demand points: one per facility, its learners by
/// commune and level group (what moves together when the facility closes: its programmes go
/// to one receiver, or its learners to other providers).
struct LearnerDemand {
    /// Facilities with learners, and theirs by commune.
    points: Vec<(usize, CommuneLearners)>,
    /// The decay of each level group.
    decay: [crate::access::Decay; 2],
    /// By facility, the share of its learners lost when it closes without a receiver (the
    /// options stage's closure: each learner to the nearest other provider of the same
    /// programme, within its free places); 0 for facilities that stay open anyway.
    closure_lost: Vec<f64>,
    /// `receives[f][g]`: whether `g` may take over `f` ([`may_receive`], same province).
    receives: Vec<Vec<bool>>,
}

/// A facility's learners by commune: (commune, [formal, short]).
type CommuneLearners = Vec<(usize, [f64; 2])>;

impl LearnerDemand {
    fn new(
        ds: &Dataset,
        matrix: &TravelMatrix,
        attendance: &AttendanceModel,
        baseline: &Baseline,
        request: &NetworkRequest,
    ) -> Self {
        let (n, m) = (ds.areas.len(), ds.facilities.len());
        let mut points = Vec::new();
        for f in 0..m {
            let mut rows = vec![[0.0f64; 2]; n];
            for q in baseline.programmes_of(f, false) {
                let group = baseline.programme(q).key.group() as usize;
                for (a, learners) in baseline.programme_origins(q).iter().enumerate() {
                    rows[a][group] += learners;
                }
            }
            let by_commune: CommuneLearners = rows.into_iter().enumerate().filter(|(_, r)| r[0] + r[1] > 0.0).collect();
            if !by_commune.is_empty() {
                points.push((f, by_commune));
            }
        }
        let decay = crate::access::attendance::LevelGroup::ALL.map(|g| attendance.decay(g));
        let keep = kept(ds, request);
        let closure_lost = (0..m)
            .map(|f| {
                if keep[f] {
                    return 0.0;
                }
                let e = crate::options::evaluate_move(baseline, f, crate::options::Action::Close, None);
                if e.displaced > 0.0 { (e.lost / e.displaced).clamp(0.0, 1.0) } else { 0.0 }
            })
            .collect();
        let province = baseline.facility_province();
        let area_index = ds.area_index();
        let receives = (0..m)
            .map(|f| {
                let home = area_index.get(ds.facilities[f].area_id.as_str()).copied();
                (0..m)
                    .map(|g| {
                        let minutes = home.map_or(f64::INFINITY, |a| matrix.minutes(a, g));
                        g != f && province[g] == province[f] && may_receive(ds, request, f, g, minutes)
                    })
                    .collect()
            })
            .collect();
        LearnerDemand { points, decay, closure_lost, receives }
    }

    fn learners(&self, point: usize) -> f64 {
        self.points[point].1.iter().map(|(_, r)| r[0] + r[1]).sum()
    }

    /// Per learner of a demand point sent to `g`: the mean one-way minutes to `g`, and the
    /// share lost. Where `g` may take over the point's facility `f` (its programmes re-sited
    /// there), by commune and level group 1 - min(1, w(t_ag) / w(t_af)), the attendance
    /// model's follow-on ratio; where it may not (`f` would close without a receiver), at
    /// least `f`'s closure share; 0 at `f` itself.
    fn per_learner(&self, matrix: &TravelMatrix, point: usize, g: usize) -> (f64, f64) {
        let (f, rows) = &self.points[point];
        let learners = self.learners(point);
        let minutes: f64 = rows.iter().map(|&(a, r)| (r[0] + r[1]) * matrix.minutes(a, g)).sum::<f64>() / learners;
        if g == *f {
            return (minutes, 0.0);
        }
        let lost: f64 = rows
            .iter()
            .map(|&(a, r)| {
                (0..2)
                    .map(|k| {
                        let before = self.decay[k].weight(matrix.minutes(a, *f));
                        let after = self.decay[k].weight(matrix.minutes(a, g));
                        let follow = if before > 0.0 { (after / before).min(1.0) } else { 0.0 };
                        r[k] * (1.0 - follow)
                    })
                    .sum::<f64>()
            })
            .sum();
        let floor = if self.receives[*f][g] { 0.0 } else { self.closure_lost[*f] };
        (minutes, (lost / learners).max(floor))
    }
}

/// CFLP on the learners: each facility's learners go to open sites at the cost of their
/// travel plus their expected learners lost at `per_learner` each; closing a facility saves
/// its fixed cost.
fn solve_cflp(
    ds: &Dataset,
    matrix: &TravelMatrix,
    baseline: &Baseline,
    demand: &LearnerDemand,
    request: &NetworkRequest,
    per_learner: f64,
) -> Result<NetworkPlan, Error> {
    let m = ds.facilities.len();
    let terms: Vec<(f64, f64)> = (0..demand.points.len())
        .flat_map(|i| (0..m).map(move |g| (i, g)))
        .map(|(i, g)| demand.per_learner(matrix, i, g))
        .collect();
    let cost = terms.iter().map(|&(minutes, lost)| minutes * request.travel_cost_mvnd_per_minute + per_learner * lost);
    let keep = kept(ds, request);
    let fixed: Vec<f64> =
        ds.facilities.iter().zip(&keep).map(|(f, k)| if *k { 0.0 } else { f.fixed_cost_or_default() }).collect();
    let problem = Problem {
        demand_ids: demand.points.iter().map(|(f, _)| ds.facilities[*f].facility_id.clone()).collect(),
        weights: (0..demand.points.len()).map(|i| demand.learners(i)).collect(),
        site_ids: ds.facilities.iter().map(|f| f.facility_id.clone()).collect(),
        cost: cost.collect(),
        capacity: Some(ds.facilities.iter().map(|f| f.capacity).collect()),
        fixed_cost: Some(fixed.clone()),
        required: keep,
        groups: cap_groups(ds, baseline, request),
    };
    let model = Model::Cflp { single_source: false };
    let solution =
        solve(&problem, &model, &SolveOptions { method: request.method, time_limit_s: request.time_limit_s, seed: 1 })?;
    let (mut travel_mvnd, mut learners_lost) = (0.0, 0.0);
    for (i, shares) in solution.assignment.iter().enumerate() {
        for &(g, share) in shares {
            let learners = problem.weights[i] * share;
            let (minutes, lost) = terms[i * m + g];
            travel_mvnd += learners * minutes * request.travel_cost_mvnd_per_minute;
            learners_lost += learners * lost;
        }
    }
    let terms = CflpTerms {
        fixed_mvnd: solution.open.iter().map(|&j| fixed[j]).sum(),
        travel_mvnd,
        learners_lost,
        cost_per_learner_lost_mvnd: per_learner,
        learners_lost_mvnd: learners_lost * per_learner,
    };
    Ok(plan(ds, matrix, &solution, request, Some(terms)))
}

/// The receiver rules of [`plan`] but the province and whether `g` is open: whether `g`,
/// `minutes` from `f`'s commune, may take over `f`.
fn may_receive(ds: &Dataset, request: &NetworkRequest, f: usize, g: usize, minutes: f64) -> bool {
    let (from, into) = (&ds.facilities[f], &ds.facilities[g]);
    into.ownership == Ownership::Public
        && crate::options::can_merge_into(from.kind, into.kind)
        && (request.merge_into_uncounted || !into.self_financing)
        && request.rules.may_receive(into, minutes)
}

/// "At most `max_public_schools` public schools" as one site group per province.
fn cap_groups(ds: &Dataset, baseline: &Baseline, request: &NetworkRequest) -> Vec<SiteGroup> {
    let mut groups = Vec::new();
    if let Some(cap) = request.max_public_schools {
        let province = baseline.facility_province();
        let mut by_province: HashMap<usize, Vec<usize>> = HashMap::new();
        for (f, facility) in ds.facilities.iter().enumerate() {
            if facility.counts_toward_public_cap() {
                by_province.entry(province[f]).or_default().push(f);
            }
        }
        let mut provinces: Vec<usize> = by_province.keys().copied().collect();
        provinces.sort_unstable();
        for p in provinces {
            groups.push(SiteGroup {
                name: format!("public schools of {}", ds.province_ids().get(p).cloned().unwrap_or_default()),
                sites: by_province[&p].clone(),
                max_open: Some(cap),
                min_open: None,
            });
        }
    }
    groups
}

/// Turns the open set into merges: each closed facility goes to the nearest open public
/// facility of its province (travel time from the closed facility's commune) of a kind that
/// may take it over (the consolidation options' rule: a college only into a college, a
/// school into a school, a centre into a centre or a school), a school preferring a school
/// at equal time; with none, it is closed. The cap package's receiver rules apply too: no
/// receiver beyond `max_merge_min`, no ethnic boarding school when they are protected, and
/// no self-financing school (unless `merge_into_uncounted`): merging into one would meet
/// the cap on paper by changing the status of the learners and staff.
fn plan(
    ds: &Dataset,
    matrix: &TravelMatrix,
    solution: &Solution,
    request: &NetworkRequest,
    terms: Option<CflpTerms>,
) -> NetworkPlan {
    let open_set: Vec<bool> = (0..ds.facilities.len()).map(|j| solution.open.contains(&j)).collect();
    let area_index = ds.area_index();
    let home = |f: usize| area_index.get(ds.facilities[f].area_id.as_str()).copied();
    let province_of = |f: usize| home(f).map(|a| ds.areas[a].province_id.clone());
    let mut merges = Vec::new();
    let mut closures = Vec::new();
    for f in (0..ds.facilities.len()).filter(|&f| !open_set[f]) {
        let from = &ds.facilities[f];
        let minutes = |g: usize| home(f).map_or(f64::INFINITY, |a| matrix.minutes(a, g));
        let candidates: Vec<usize> = (0..ds.facilities.len())
            .filter(|&g| open_set[g] && province_of(g) == province_of(f) && may_receive(ds, request, f, g, minutes(g)))
            .collect();
        let best = candidates.iter().copied().min_by(|&a, &b| {
            let prefer = |g: usize| ds.facilities[g].kind.is_school() != from.kind.is_school();
            minutes(a).total_cmp(&minutes(b)).then(prefer(a).cmp(&prefer(b))).then(a.cmp(&b))
        });
        match best {
            Some(g) => merges.push((from.facility_id.clone(), ds.facilities[g].facility_id.clone())),
            None => closures.push(from.facility_id.clone()),
        }
    }
    NetworkPlan {
        model: request.model,
        objective: solution.objective,
        bound: solution.bound,
        gap: solution.gap,
        solver: solution.solver.clone(),
        method: solution.method,
        status: solution.status,
        seconds: solution.seconds,
        note: solution.note.clone(),
        open: solution.open.iter().map(|&j| ds.facilities[j].facility_id.clone()).collect(),
        closed: (0..ds.facilities.len())
            .filter(|&f| !open_set[f])
            .map(|f| ds.facilities[f].facility_id.clone())
            .collect(),
        merges,
        closures,
        terms,
    }
}
