//! Network optimisation for planners: the location-allocation engine on a province's
//! training network.
//!
//! Demand points are communes, weighted by the learners expected from them (each facility's
//! base-year intake spread over communes by the gravity model of the options stage). Sites
//! are the facilities: private, foreign-invested and self-financing ones, and those the
//! planner keeps, stay open; public schools per province can be capped. For CFLP the
//! assignment cost is the yearly cost of learners' travel (minutes x a money value per
//! minute) and a facility's fixed cost is what closing it saves, so the model trades
//! savings against travel exactly as the options stage does.

use std::collections::HashMap;

use serde::Serialize;

use super::{Method, Model, Problem, SiteGroup, Solution, SolveOptions, solve};
use crate::access::TravelMatrix;
use crate::access::attendance::AttendanceModel;
use crate::error::Error;
use crate::model::{Dataset, Ownership};
use crate::options::{Baseline, OptionSettings};

/// What the planner asks for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NetworkRequest {
    pub(crate) model: NetworkModel,
    /// At most this many public schools (not self-financing) per province.
    pub(crate) max_public_schools: Option<usize>,
    /// Facility ids that must stay open.
    pub(crate) keep: Vec<String>,
    /// Whether a counted public school may be merged into a school that does not count
    /// toward the cap (self-financing): off by default, since moving a public school's
    /// learners and staff into a fee-funded school is a change of status the province has to
    /// decide, not a way of meeting the cap.
    pub(crate) merge_into_uncounted: bool,
    /// The cap package's rules for a receiver, so that the optimised network and the cap
    /// package do not contradict each other: no merge into an ethnic boarding school (it
    /// serves its own learners) and none further than this many minutes from the closed
    /// facility (a merge two hours away is a closure on paper).
    pub(crate) protect_ethnic_boarding: bool,
    pub(crate) max_merge_min: f64,
    pub(crate) method: Method,
    pub(crate) time_limit_s: f64,
    /// Yearly travel cost of a learner per minute of one-way travel (million VND).
    pub(crate) travel_cost_mvnd_per_minute: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NetworkModel {
    Cflp,
    PMedian { p: usize },
    Mclp { p: usize, radius_km: f64 },
    Lscp { radius_km: f64 },
}

/// 100 round trips a year x 2 ways x 1/60 hour per minute x 20,000 VND an hour.
pub(crate) const DEFAULT_TRAVEL_COST_MVND_PER_MINUTE: f64 = 100.0 * 2.0 / 60.0 * 0.02;

/// The optimiser's answer in the planner's terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct NetworkPlan {
    pub(crate) model: &'static str,
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
}

/// Builds the location-allocation problem of a network and solves it.
pub(crate) fn optimise_network(
    ds: &Dataset,
    matrix: &TravelMatrix,
    attendance: &AttendanceModel,
    base_year: i32,
    request: &NetworkRequest,
) -> Result<NetworkPlan, Error> {
    let settings = OptionSettings::default();
    let baseline = Baseline::new(ds, matrix, attendance, &settings, base_year, base_year + 1, 0.5);
    let origins = baseline.learners_by_origin();
    let (n, m) = (ds.areas.len(), ds.facilities.len());
    let weights: Vec<f64> = (0..n).map(|a| origins.iter().map(|o| o[a]).sum()).collect();
    let cost: Vec<f64> = match request.model {
        NetworkModel::Cflp => (0..n)
            .flat_map(|a| (0..m).map(move |f| matrix.minutes(a, f) * request.travel_cost_mvnd_per_minute))
            .collect(),
        NetworkModel::PMedian { .. } => (0..n).flat_map(|a| (0..m).map(move |f| matrix.minutes(a, f))).collect(),
        NetworkModel::Mclp { .. } | NetworkModel::Lscp { .. } => {
            (0..n).flat_map(|a| (0..m).map(move |f| matrix.distance_km(a, f))).collect()
        }
    };
    let keep: Vec<bool> = ds
        .facilities
        .iter()
        .map(|f| f.ownership != Ownership::Public || f.self_financing || request.keep.contains(&f.facility_id))
        .collect();
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
        NetworkModel::Cflp => Model::Cflp { single_source: false },
        NetworkModel::PMedian { p } => Model::PMedian { p },
        NetworkModel::Mclp { p, radius_km } => Model::Mclp { p, radius: radius_km },
        NetworkModel::Lscp { radius_km } => Model::Lscp { radius: radius_km },
    };
    let solution =
        solve(&problem, &model, &SolveOptions { method: request.method, time_limit_s: request.time_limit_s, seed: 1 })?;
    Ok(plan(ds, matrix, &solution, request))
}

/// Turns the open set into merges: each closed facility goes to the nearest open public
/// facility of its province (travel time from the closed facility's commune) of a kind that
/// may take it over (the consolidation options' rule: a college only into a college, a
/// school into a school, a centre into a centre or a school), a school preferring a school
/// at equal time; with none, it is closed. The cap package's receiver rules apply too: no
/// receiver beyond `max_merge_min`, no ethnic boarding school when they are protected, and
/// no self-financing school (unless `merge_into_uncounted`): merging into one would meet
/// the cap on paper by changing the status of the learners and staff.
fn plan(ds: &Dataset, matrix: &TravelMatrix, solution: &Solution, request: &NetworkRequest) -> NetworkPlan {
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
            .filter(|&g| {
                let into = &ds.facilities[g];
                open_set[g]
                    && into.ownership == Ownership::Public
                    && province_of(g) == province_of(f)
                    && crate::options::can_merge_into(from.kind, into.kind)
                    && (request.merge_into_uncounted || !into.self_financing)
                    && !(request.protect_ethnic_boarding && into.is_ethnic_boarding())
                    && minutes(g) <= request.max_merge_min
            })
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
        model: solution.model,
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
    }
}
