//! Stage 5, `options`: every sensible way to re-organise the public network, evaluated
//! honestly and ranked.
//!
//! In: the dataset, its travel matrix, the base-year scores and [`OptionSettings`].
//! Out: one [`ConsolidationOption`] per candidate (close a public facility, merge it into
//! one of its k nearest public facilities in the province, convert a centre into a satellite
//! of the nearest public school), with savings net of the learner travel support it
//! triggers, learners displaced and lost, rural people left without a short course in
//! reach, the change in alignment, the policy check, a composite rank and Pareto membership.
//!
//! Where learners come from: a facility's base-year intake is spread over the communes by a
//! gravity model (labour force x distance decay of the travel time). A displaced learner is
//! retained with probability decay(new time) / decay(old time) (capped at 1), so a merge
//! into a site 10 minutes further loses few learners and one 90 minutes further loses most.

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use crate::access::{Decay, TravelMatrix};
use crate::model::*;
use crate::score::{accessible_supply, alignment};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OptionSettings {
    /// Merge candidates: the k nearest public facilities of the same province.
    pub k_nearest: usize,
    /// Travel allowance per learner beyond the reach radius (Decision 46/2015: 200,000 VND),
    /// in million VND.
    pub travel_support_mvnd: f64,
    /// ... and for residents of extremely difficult communes beyond 5 km (300,000 VND).
    pub travel_support_difficult_mvnd: f64,
    /// Share of a centre's fixed cost saved when it becomes a satellite of a school
    /// (management and overheads merge; teaching stays).
    pub satellite_saving_share: f64,
    /// At most this many public schools (not self-financing) per province.
    pub public_school_cap: usize,
    pub weights: RankWeights,
}

impl Default for OptionSettings {
    fn default() -> Self {
        OptionSettings {
            k_nearest: 3,
            travel_support_mvnd: 0.2,
            travel_support_difficult_mvnd: 0.3,
            satellite_saving_share: 0.3,
            public_school_cap: 3,
            weights: RankWeights::default(),
        }
    }
}

/// Weights of the composite score: net savings (percentile among the options), share of the
/// displaced learners kept, idle places removed (1 - utilisation of the facility), rural
/// access kept (percentile) and alignment change (percentile).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RankWeights {
    pub savings: f64,
    pub learners_lost: f64,
    /// Removing idle places: 1 - utilisation of the facility closed, merged or converted.
    pub under_use: f64,
    pub rural_access: f64,
    pub alignment: f64,
}

impl Default for RankWeights {
    fn default() -> Self {
        RankWeights { savings: 0.25, learners_lost: 0.25, under_use: 0.25, rural_access: 0.15, alignment: 0.1 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Close,
    Merge,
    Convert,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::Close => "close",
            Action::Merge => "merge",
            Action::Convert => "convert",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsolidationOption {
    pub option_id: String,
    pub action: Action,
    pub facility_id: String,
    pub target_id: Option<String>,
    pub gross_savings_mvnd: f64,
    pub added_travel_support_mvnd: f64,
    pub net_savings_mvnd: f64,
    pub learners_displaced: f64,
    pub learners_lost: f64,
    pub rural_people_losing_access: f64,
    /// Utilisation of the facility closed, merged or converted, before the option.
    pub utilisation_before: Option<f64>,
    /// Utilisation of the receiving site after the move (the main receiver for `close`).
    pub utilisation_after: Option<f64>,
    /// Change of the province's spatial alignment score (points, 0-100 scale).
    pub alignment_change: f64,
    /// Change of the openings matched by accessible supply (people).
    pub matched_demand_change: f64,
    pub public_schools_after: usize,
    pub meets_cap: bool,
    pub pareto: bool,
    pub score: f64,
    pub rank: usize,
}

/// Per-commune access: the nearest facility and how many programmes are within reach.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaAccess {
    pub area_id: String,
    pub nearest_facility_id: Option<String>,
    pub travel_min: Option<f64>,
    pub distance_km: Option<f64>,
    pub within_reach: bool,
    pub reachable_programmes: usize,
}

pub fn access_by_area(ds: &Dataset, matrix: &TravelMatrix) -> Vec<AreaAccess> {
    let fac_index = ds.facility_index();
    let mut programmes = vec![0usize; ds.facilities.len()];
    for p in &ds.programs {
        if let Some(&f) = fac_index.get(p.facility_id.as_str()) {
            programmes[f] += 1;
        }
    }
    ds.areas
        .iter()
        .enumerate()
        .map(|(a, area)| {
            let nearest = matrix.nearest(a, |_| true);
            AreaAccess {
                area_id: area.area_id.clone(),
                nearest_facility_id: nearest.map(|(f, _)| ds.facilities[f].facility_id.clone()),
                travel_min: nearest.map(|(_, m)| m),
                distance_km: nearest.map(|(f, _)| matrix.distance_km(a, f)),
                within_reach: (0..ds.facilities.len()).any(|f| matrix.within_reach(a, f)),
                reachable_programmes: (0..ds.facilities.len())
                    .filter(|&f| matrix.within_reach(a, f))
                    .map(|f| programmes[f])
                    .sum(),
            }
        })
        .collect()
}

/// Everything the evaluation of one option needs, computed once.
pub struct Baseline<'a> {
    ds: &'a Dataset,
    matrix: &'a TravelMatrix,
    decay: Decay,
    settings: &'a OptionSettings,
    /// Base-year intake by facility, and by facility x level.
    intake: Vec<f64>,
    formal_intake: Vec<f64>,
    /// Learners of each facility by commune of origin (gravity model).
    origins: Vec<Vec<f64>>,
    /// Graduates by facility x occupation, and openings by commune x occupation.
    graduates: Vec<Vec<f64>>,
    formal_graduates: Vec<Vec<f64>>,
    demand: Vec<Vec<f64>>,
    /// Facilities with a short or elementary programme.
    short_provider: Vec<bool>,
    public: Vec<bool>,
    /// Province of each facility, as an index.
    facility_province: Vec<usize>,
    mix_weight: f64,
    before: SpatialAlignment,
}

#[derive(Debug, Clone, Copy)]
struct SpatialAlignment {
    score: f64,
    matched: f64,
}

impl<'a> Baseline<'a> {
    pub fn new(
        ds: &'a Dataset,
        matrix: &'a TravelMatrix,
        decay: Decay,
        settings: &'a OptionSettings,
        year: i32,
        mix_weight: f64,
    ) -> Self {
        let (n_f, n_a) = (ds.facilities.len(), ds.areas.len());
        let fac_index = ds.facility_index();
        let occ_index = ds.occupation_index();
        let area_index = ds.area_index();
        let n_k = ds.occupations.len();
        let mut intake = vec![0.0; n_f];
        let mut formal_intake = vec![0.0; n_f];
        let mut graduates = vec![vec![0.0; n_k]; n_f];
        let mut formal_graduates = vec![vec![0.0; n_k]; n_f];
        for e in ds.enrolment.iter().filter(|e| e.year == year) {
            let (Some(&f), Some(&k)) = (fac_index.get(e.facility_id.as_str()), occ_index.get(e.occupation.as_str()))
            else {
                continue;
            };
            intake[f] += e.intake;
            graduates[f][k] += e.graduates.unwrap_or(0.0);
            if e.level.is_formal() {
                formal_intake[f] += e.intake;
                formal_graduates[f][k] += e.graduates.unwrap_or(0.0);
            }
        }
        let mut demand = vec![vec![0.0; n_k]; n_a];
        let mut province_lf: HashMap<&str, f64> = HashMap::default();
        for a in &ds.areas {
            *province_lf.entry(a.province_id.as_str()).or_default() += a.labour_force;
        }
        for d in ds.demand.iter().filter(|d| d.year == year) {
            let Some(&k) = occ_index.get(d.occupation.as_str()) else { continue };
            match &d.scope {
                DemandScope::Area(id) => {
                    if let Some(&a) = area_index.get(id.as_str()) {
                        demand[a][k] += d.openings;
                    }
                }
                DemandScope::Province(p) => {
                    let total = province_lf.get(p.as_str()).copied().unwrap_or(0.0);
                    for (a, area) in ds.areas.iter().enumerate().filter(|(_, a)| &a.province_id == p) {
                        if total > 0.0 {
                            demand[a][k] += d.openings * area.labour_force / total;
                        }
                    }
                }
            }
        }
        let provinces = ds.province_ids();
        let province_index: HashMap<&str, usize> = provinces.iter().enumerate().map(|(i, p)| (p.as_str(), i)).collect();
        let area_province: Vec<usize> = ds.areas.iter().map(|a| province_index[a.province_id.as_str()]).collect();
        let facility_province: Vec<usize> = ds
            .facilities
            .iter()
            .map(|f| area_index.get(f.area_id.as_str()).map_or(usize::MAX, |&a| area_province[a]))
            .collect();
        // Where learners come from: the learner records when given, else the gravity model.
        let mut recorded: Vec<Option<Vec<f64>>> = vec![None; n_f];
        for o in ds.origins.iter().filter(|o| o.year == year) {
            if let (Some(&f), Some(&a)) = (fac_index.get(o.facility_id.as_str()), area_index.get(o.area_id.as_str())) {
                recorded[f].get_or_insert_with(|| vec![0.0; n_a])[a] += o.learners;
            }
        }
        let origins = (0..n_f)
            .map(|f| {
                if let Some(counts) = recorded[f].take() {
                    let total: f64 = counts.iter().sum();
                    return counts.iter().map(|c| if total > 0.0 { intake[f] * c / total } else { 0.0 }).collect();
                }
                let pull: Vec<f64> = (0..n_a)
                    .map(|a| {
                        let same_province = area_province[a] == facility_province[f];
                        if same_province { ds.areas[a].labour_force * decay.weight(matrix.minutes(a, f)) } else { 0.0 }
                    })
                    .collect();
                let total: f64 = pull.iter().sum();
                pull.iter().map(|p| if total > 0.0 { intake[f] * p / total } else { 0.0 }).collect()
            })
            .collect();
        let mut short_provider = vec![false; n_f];
        for p in &ds.programs {
            if matches!(p.level, Level::Short | Level::Elementary)
                && let Some(&f) = fac_index.get(p.facility_id.as_str())
            {
                short_provider[f] = true;
            }
        }
        let public = ds.facilities.iter().map(|f| f.ownership == Ownership::Public).collect();
        let mut baseline = Baseline {
            ds,
            matrix,
            decay,
            settings,
            intake,
            formal_intake,
            origins,
            graduates,
            formal_graduates,
            demand,
            short_provider,
            public,
            facility_province,
            mix_weight,
            before: SpatialAlignment { score: 0.0, matched: 0.0 },
        };
        baseline.before = baseline.spatial_alignment(&baseline.graduates);
        baseline
    }

    /// Base-year learners of each facility by commune of origin (gravity model).
    pub fn learners_by_origin(&self) -> &[Vec<f64>] {
        &self.origins
    }

    /// Province index of each facility.
    pub fn facility_province(&self) -> &[usize] {
        &self.facility_province
    }

    /// Demand-weighted mean of the communes' alignment scores, and the openings matched by
    /// accessible supply, for a graduates matrix.
    fn spatial_alignment(&self, graduates: &[Vec<f64>]) -> SpatialAlignment {
        let accessible = accessible_supply(self.ds, graduates, self.matrix);
        let mut weighted = 0.0;
        let mut weight = 0.0;
        let mut matched = 0.0;
        for (a, acc) in accessible.iter().enumerate() {
            let d: f64 = self.demand[a].iter().sum();
            if let Some(score) = alignment(acc, &self.demand[a], self.mix_weight).score {
                weighted += score * d;
                weight += d;
            }
            matched += acc.iter().zip(&self.demand[a]).map(|(s, d)| s.min(*d)).sum::<f64>();
        }
        SpatialAlignment { score: if weight > 0.0 { weighted / weight } else { 0.0 }, matched }
    }

    fn retained(&self, a: usize, from: usize, to: usize) -> f64 {
        let before = self.decay.weight(self.matrix.minutes(a, from));
        let after = self.decay.weight(self.matrix.minutes(a, to));
        if before <= 0.0 { 0.0 } else { (after / before).min(1.0) }
    }

    /// Support newly due for a learner from `a` now travelling to `to` instead of `from`.
    fn added_support(&self, a: usize, from: usize, to: usize) -> f64 {
        let radius = self.matrix.radius_km(a);
        let was_beyond = self.matrix.distance_km(a, from) > radius;
        let now_beyond = self.matrix.distance_km(a, to) > radius;
        if now_beyond && !was_beyond {
            if self.ds.areas[a].difficult {
                self.settings.travel_support_difficult_mvnd
            } else {
                self.settings.travel_support_mvnd
            }
        } else {
            0.0
        }
    }

    /// Working-age people in rural communes with a short-course provider in reach before
    /// and none after, given which facilities still offer short courses.
    fn rural_losing_access(&self, offers_short_after: &[bool]) -> f64 {
        (0..self.ds.areas.len())
            .filter(|&a| !self.ds.areas[a].urban)
            .filter(|&a| {
                let before =
                    (0..self.short_provider.len()).any(|f| self.short_provider[f] && self.matrix.within_reach(a, f));
                let after =
                    (0..offers_short_after.len()).any(|f| offers_short_after[f] && self.matrix.within_reach(a, f));
                before && !after
            })
            .map(|a| self.ds.areas[a].working_age.unwrap_or(self.ds.areas[a].labour_force))
            .sum()
    }

    fn public_schools(&self, province: usize, closed: Option<usize>) -> usize {
        self.ds
            .facilities
            .iter()
            .enumerate()
            .filter(|(f, x)| {
                Some(*f) != closed && x.counts_toward_public_cap() && self.facility_province[*f] == province
            })
            .count()
    }
}

/// The evaluation of one action before ranking.
/// The evaluation of one action (also used by the scenario stage to apply it).
pub(crate) struct Evaluated {
    pub(crate) action: Action,
    pub(crate) facility: usize,
    pub(crate) target: Option<usize>,
    pub(crate) gross: f64,
    pub(crate) support: f64,
    pub(crate) displaced: f64,
    pub(crate) lost: f64,
    pub(crate) rural_lost: f64,
    utilisation_after: Option<f64>,
    after: SpatialAlignment,
    public_schools_after: usize,
    /// Share of the facility's learners (and places) that move.
    pub(crate) moving_share: f64,
    /// Learners retained, by receiving facility.
    pub(crate) received: Vec<(usize, f64)>,
}

/// Free places at a facility (capacity minus base-year intake).
fn spare(b: &Baseline, g: usize) -> f64 {
    (b.ds.facilities[g].capacity - b.intake[g]).max(0.0)
}

pub(crate) fn evaluate_move(b: &Baseline, f: usize, action: Action, target: Option<usize>) -> Evaluated {
    let ds = b.ds;
    let facility = &ds.facilities[f];
    let fixed = facility.fixed_cost_or_default();
    let satellite = b.settings.satellite_saving_share;
    // Who has to move, and what is saved:
    // - close: every learner; the whole fixed cost;
    // - merge: the learners the receiving site has free places for (the rest keep studying
    //   at the old site, run as a satellite campus); the fixed cost pro rata, the satellite
    //   share of it for the part that stays;
    // - convert: college and intermediate learners; the satellite share of the fixed cost.
    let (moving_share, gross) = match (action, target) {
        (Action::Merge, Some(t)) => {
            let fit = if b.intake[f] > 0.0 { (spare(b, t) / b.intake[f]).min(1.0) } else { 1.0 };
            (fit, fixed * (fit + (1.0 - fit) * satellite))
        }
        (Action::Convert, _) => {
            (if b.intake[f] > 0.0 { b.formal_intake[f] / b.intake[f] } else { 0.0 }, fixed * satellite)
        }
        _ => (1.0, fixed),
    };
    let displaced = b.intake[f] * moving_share;
    // Where each commune's learners would go, and how many would follow (distance decay).
    let mut wanted: HashMap<usize, Vec<(usize, f64)>> = HashMap::default();
    for a in 0..ds.areas.len() {
        let learners = b.origins[f][a] * moving_share;
        if learners <= 0.0 {
            continue;
        }
        let to = target.or_else(|| {
            b.matrix.nearest(a, |g| g != f && b.facility_province[g] == b.facility_province[f]).map(|(g, _)| g)
        });
        if let Some(to) = to {
            wanted.entry(to).or_default().push((a, learners * b.retained(a, f, to)));
        }
    }
    // On closure the places go too: a receiving site takes no more than its free places.
    let mut received: Vec<(usize, f64)> = Vec::new();
    let mut support = 0.0;
    let mut receivers: Vec<usize> = wanted.keys().copied().collect();
    receivers.sort_unstable();
    for g in receivers {
        let flows = &wanted[&g];
        let want: f64 = flows.iter().map(|(_, n)| n).sum();
        let scale = if action == Action::Close && want > 0.0 { (spare(b, g) / want).min(1.0) } else { 1.0 };
        for &(a, n) in flows {
            support += n * scale * b.added_support(a, f, g);
        }
        received.push((g, want * scale));
    }
    let retained_total: f64 = received.iter().map(|(_, n)| n).sum();
    let lost = (displaced - retained_total).clamp(0.0, displaced);
    // Supply after: the moving graduates follow the retained learners.
    let mut graduates = b.graduates.clone();
    let moving: Vec<f64> = match action {
        Action::Convert => b.formal_graduates[f].clone(),
        _ => b.graduates[f].iter().map(|g| g * moving_share).collect(),
    };
    for (k, m) in moving.iter().enumerate() {
        graduates[f][k] -= m;
    }
    for &(g, n) in &received {
        let share = n / displaced.max(1e-12);
        for (k, m) in moving.iter().enumerate() {
            graduates[g][k] += m * share;
        }
    }
    let mut offers_short = b.short_provider.clone();
    match action {
        Action::Close => offers_short[f] = false,
        Action::Merge => {
            // The satellite keeps teaching when some learners stay.
            offers_short[f] = b.short_provider[f] && moving_share < 1.0;
            if let Some(t) = target {
                offers_short[t] |= b.short_provider[f];
            }
        }
        Action::Convert => {}
    }
    let after = b.spatial_alignment(&graduates);
    let utilisation_after = match (action, target) {
        (Action::Merge | Action::Convert, Some(t)) => {
            let places = ds.facilities[t].capacity + facility.capacity * moving_share;
            (places > 0.0).then(|| (b.intake[t] + retained_total) / places)
        }
        _ => received.iter().max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0))).and_then(|&(g, r)| {
            (ds.facilities[g].capacity > 0.0).then(|| (b.intake[g] + r) / ds.facilities[g].capacity)
        }),
    };
    // A merge that leaves a satellite still closes the school as an institution.
    let closed_school = matches!(action, Action::Close | Action::Merge).then_some(f);
    Evaluated {
        action,
        facility: f,
        target,
        gross,
        support,
        displaced,
        lost,
        rural_lost: b.rural_losing_access(&offers_short),
        utilisation_after,
        after,
        public_schools_after: b.public_schools(b.facility_province[f], closed_school),
        moving_share,
        received,
    }
}

/// Generates and evaluates every candidate option, then scores, ranks and marks the
/// Pareto front. Options are listed by rank.
pub fn consolidation_options(b: &Baseline) -> Vec<ConsolidationOption> {
    use rayon::prelude::*;
    let ds = b.ds;
    let n_f = ds.facilities.len();
    let mut jobs: Vec<(usize, Action, Option<usize>)> = Vec::new();
    for f in (0..n_f).filter(|&f| b.public[f]) {
        jobs.push((f, Action::Close, None));
        let province = b.facility_province[f];
        let mut partners: Vec<(f64, usize)> = (0..n_f)
            .filter(|&g| g != f && b.public[g] && b.facility_province[g] == province)
            .map(|g| {
                let d = crate::geometry::haversine_km(
                    ds.facilities[f].lat,
                    ds.facilities[f].lon,
                    ds.facilities[g].lat,
                    ds.facilities[g].lon,
                );
                (d, g)
            })
            .collect();
        partners.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        for &(_, g) in partners.iter().take(b.settings.k_nearest) {
            jobs.push((f, Action::Merge, Some(g)));
        }
        if ds.facilities[f].kind == FacilityKind::Centre
            && let Some(&(_, school)) = partners.iter().find(|(_, g)| ds.facilities[*g].kind.is_school())
        {
            jobs.push((f, Action::Convert, Some(school)));
        }
    }
    let evaluated: Vec<Evaluated> =
        jobs.par_iter().map(|&(f, action, target)| evaluate_move(b, f, action, target)).collect();
    rank(b, evaluated)
}

fn rank(b: &Baseline, evaluated: Vec<Evaluated>) -> Vec<ConsolidationOption> {
    let ds = b.ds;
    let w = b.settings.weights;
    let net: Vec<f64> = evaluated.iter().map(|e| e.gross - e.support).collect();
    let lost: Vec<f64> = evaluated.iter().map(|e| e.lost).collect();
    let lost_share: Vec<f64> =
        evaluated.iter().map(|e| if e.displaced > 0.0 { e.lost / e.displaced } else { 0.0 }).collect();
    let rural: Vec<f64> = evaluated.iter().map(|e| e.rural_lost).collect();
    let align: Vec<f64> = evaluated.iter().map(|e| e.after.score - b.before.score).collect();
    let front = pareto_front(&net.iter().copied().zip(lost.iter().copied()).collect::<Vec<_>>());
    let (s1, s3, s4) = (percentile(&net, true), percentile(&rural, false), percentile(&align, true));
    let s2: Vec<f64> = lost_share.iter().map(|l| 1.0 - l).collect();
    let utilisation_before: Vec<Option<f64>> = evaluated
        .iter()
        .map(|e| {
            let cap = ds.facilities[e.facility].capacity;
            (cap > 0.0).then(|| b.intake[e.facility] / cap)
        })
        .collect();
    let idle: Vec<f64> = utilisation_before.iter().map(|u| u.map_or(0.0, |u| (1.0 - u).clamp(0.0, 1.0))).collect();
    let total_w = (w.savings + w.learners_lost + w.under_use + w.rural_access + w.alignment).max(1e-12);
    let mut options: Vec<ConsolidationOption> = evaluated
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let facility_id = ds.facilities[e.facility].facility_id.clone();
            let target_id = e.target.map(|t| ds.facilities[t].facility_id.clone());
            let option_id = match &target_id {
                Some(t) => format!("{}-{}-{}", e.action.name(), facility_id, t),
                None => format!("{}-{}", e.action.name(), facility_id),
            };
            ConsolidationOption {
                option_id,
                action: e.action,
                facility_id,
                target_id,
                gross_savings_mvnd: e.gross,
                added_travel_support_mvnd: e.support,
                net_savings_mvnd: net[i],
                learners_displaced: e.displaced,
                learners_lost: e.lost,
                rural_people_losing_access: e.rural_lost,
                utilisation_before: utilisation_before[i],
                utilisation_after: e.utilisation_after,
                alignment_change: e.after.score - b.before.score,
                matched_demand_change: e.after.matched - b.before.matched,
                public_schools_after: e.public_schools_after,
                meets_cap: e.public_schools_after <= b.settings.public_school_cap,
                pareto: front[i],
                score: 100.0
                    * (w.savings * s1[i]
                        + w.learners_lost * s2[i]
                        + w.under_use * idle[i]
                        + w.rural_access * s3[i]
                        + w.alignment * s4[i])
                    / total_w,
                rank: 0,
            }
        })
        .collect();
    options.sort_by(|x, y| y.score.total_cmp(&x.score).then_with(|| x.option_id.cmp(&y.option_id)));
    for (i, o) in options.iter_mut().enumerate() {
        o.rank = i + 1;
    }
    options
}

/// Percentile rank of each value among all (0 = worst, 1 = best; ties share the average),
/// so that one very large option does not flatten the differences between the others.
pub fn percentile(values: &[f64], higher_is_better: bool) -> Vec<f64> {
    let n = values.len();
    if n <= 1 {
        return vec![1.0; n];
    }
    values
        .iter()
        .map(|&v| {
            let worse = values.iter().filter(|&&x| if higher_is_better { x < v } else { x > v }).count() as f64;
            let ties = values.iter().filter(|&&x| x == v).count() as f64 - 1.0;
            (worse + ties / 2.0) / (n - 1) as f64
        })
        .collect()
}

/// Pareto membership for (savings to maximise, losses to minimise) pairs.
pub fn pareto_front(points: &[(f64, f64)]) -> Vec<bool> {
    points
        .iter()
        .enumerate()
        .map(|(i, &(s, l))| {
            !points.iter().enumerate().any(|(j, &(s2, l2))| j != i && s2 >= s && l2 <= l && (s2 > s || l2 < l))
        })
        .collect()
}

#[cfg(test)]
mod tests;
