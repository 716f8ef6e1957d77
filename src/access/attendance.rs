//! The competitive attendance model: where each programme's learners come from, and what
//! happens to them when a programme closes or moves.
//!
//! A programme's substitutes are the facilities offering the same occupation at the same
//! level (college, intermediate) or at either short level (elementary, short). Decay
//! `w(t) = 0.5^(t / h)` with a half-life `h` by level group.
//!
//! - Origins (production-constrained, Huff 1963, Wilson 1971): commune `a` sends learners to
//!   the programme's providers in proportion to `LF_a x w(d_a)`, `d_a` the travel time to
//!   the nearest provider (how many take the course at all falls with distance), and splits
//!   them among the providers by `U_ag / S_a`, `U_ag = places_g x w(t_ag)`, `S_a` the sum
//!   over providers (competition). Each programme's origins are scaled to its observed
//!   intake.
//! - Change (close, merge, convert): a displaced learner goes to the nearest remaining
//!   provider of the same programme (the programme itself when it is re-sited) and follows
//!   with probability `min(1, w(t_new) / w(t_old))`, the gravity model's own ratio, within
//!   that programme's free places; the rest are lost to training in the province.
//! - Calibration: the half-lives are fitted by maximum likelihood to the learners' home
//!   communes (`learners.parquet`) when given (see [`fit`]).

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::{Decay, TravelMatrix};
use crate::model::{Dataset, Level, Origin};
use crate::settings::Share;

/// College and intermediate courses (recruiting province-wide), or elementary and short
/// courses (recruiting locally).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum LevelGroup {
    Formal,
    Short,
}

impl LevelGroup {
    pub(crate) const ALL: [LevelGroup; 2] = [LevelGroup::Formal, LevelGroup::Short];

    pub(crate) fn name(self) -> &'static str {
        match self {
            LevelGroup::Formal => "formal",
            LevelGroup::Short => "short",
        }
    }
}

/// What a learner can switch to without changing course: the same occupation, at the same
/// level for a formal course and at either short level otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct ProgrammeKey {
    pub(crate) occupation: usize,
    /// `None` for the short group (elementary or short).
    pub(crate) level: Option<Level>,
}

impl ProgrammeKey {
    pub(crate) fn of(occupation: usize, level: Level) -> Self {
        ProgrammeKey { occupation, level: level.is_formal().then_some(level) }
    }

    pub(crate) fn group(self) -> LevelGroup {
        if self.level.is_some() { LevelGroup::Formal } else { LevelGroup::Short }
    }
}

/// Settings of the model (scenario section `[attendance]`); the defaults are assumptions
/// stated in `docs/METHODOLOGY.md`, replaced by fitted values when learner records exist.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct AttendanceSettings {
    /// Exponential half-life of attendance for college and intermediate courses (minutes).
    pub(crate) half_life_formal_min: f64,
    /// ... and for elementary and short courses.
    pub(crate) half_life_short_min: f64,
    /// Low and high half-lives used for the ranges when nothing was fitted.
    pub(crate) half_life_formal_range_min: [f64; 2],
    pub(crate) half_life_short_range_min: [f64; 2],
    /// Fit the half-lives to learner records when they are given.
    pub(crate) fit: bool,
    /// Share of the learners of college and intermediate courses living outside the
    /// facility's province, when no learner records say it (records replace it per
    /// facility).
    pub(crate) outside_share_formal: Share,
    /// ... and of elementary and short courses.
    pub(crate) outside_share_short: Share,
}

impl Default for AttendanceSettings {
    fn default() -> Self {
        AttendanceSettings {
            half_life_formal_min: 60.0,
            half_life_short_min: 30.0,
            half_life_formal_range_min: [40.0, 90.0],
            half_life_short_range_min: [20.0, 45.0],
            fit: true,
            outside_share_formal: Share::constant(0.0),
            outside_share_short: Share::constant(0.0),
        }
    }
}

/// The model in force for a run: one decay per level group, with the low-loss and high-loss
/// variants used for ranges.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct AttendanceModel {
    pub(crate) formal: Decay,
    pub(crate) short: Decay,
    /// Variants giving the fewest and the most learners lost (long half-lives, short ones).
    #[serde(skip)]
    pub(crate) low_loss: Box<Option<AttendanceModel>>,
    #[serde(skip)]
    pub(crate) high_loss: Box<Option<AttendanceModel>>,
    /// Where the values come from: "default", "scenario", "fitted" (learner records) or
    /// "fitted_rural_share" (enrolment's rural counts) when the fit determined at least one
    /// half-life ([`AttendanceModel::identified`] says which); "default" when it determined
    /// neither.
    pub(crate) source: &'static str,
    /// Learner records the half-lives were fitted from (0 when nothing was fitted; set
    /// when a fit ran, even one that determined neither half-life).
    pub(crate) fitted_from: u64,
    /// Half-life intervals by level group (minutes): the fit's 95% interval, or the
    /// settings' range.
    pub(crate) half_life_ci_min: [[f64; 2]; 2],
    #[serde(skip)]
    pub(crate) fit: Option<FitReport>,
    /// By level group (formal, short): whether the fit determined the half-life and it is
    /// used (see [`identified`]); false when nothing was fitted.
    pub(crate) identified: [bool; 2],
    /// By level group: whether the fitted model reproduces the statistics it is checked on
    /// within their sampling error (see [`adequacy`]); `None` when nothing was checked.
    pub(crate) adequate: [Option<bool>; 2],
    /// The checked statistics the model misses, beyond their sampling error.
    #[serde(skip)]
    pub(crate) misfits: Vec<Misfit>,
    /// Learners from outside the province, by facility and level group.
    pub(crate) outside: OutsideShares,
}

impl AttendanceModel {
    fn plain(formal: Decay, short: Decay) -> Self {
        AttendanceModel {
            formal,
            short,
            low_loss: Box::new(None),
            high_loss: Box::new(None),
            source: "default",
            fitted_from: 0,
            half_life_ci_min: [[0.0; 2]; 2],
            fit: None,
            identified: [false; 2],
            adequate: [None; 2],
            misfits: Vec::new(),
            outside: OutsideShares::default(),
        }
    }

    /// The model with these outside shares, in its variants too.
    pub(crate) fn with_outside(mut self, outside: OutsideShares) -> Self {
        for variant in [&mut self.low_loss, &mut self.high_loss] {
            if let Some(v) = variant.as_mut() {
                v.outside = outside.clone();
            }
        }
        self.outside = outside;
        self
    }

    /// The model from settings alone (no fit).
    pub(crate) fn from_settings(s: &AttendanceSettings) -> Self {
        let central = |f: f64, sh: f64| {
            AttendanceModel::plain(Decay::Exponential { half_life_min: f }, Decay::Exponential { half_life_min: sh })
        };
        let mut model = central(s.half_life_formal_min, s.half_life_short_min);
        model.low_loss = Box::new(Some(central(s.half_life_formal_range_min[1], s.half_life_short_range_min[1])));
        model.high_loss = Box::new(Some(central(s.half_life_formal_range_min[0], s.half_life_short_range_min[0])));
        model.half_life_ci_min = [s.half_life_formal_range_min, s.half_life_short_range_min];
        model.with_outside(OutsideShares::from_settings(s))
    }

    /// A planner's explicit `[decay]`: the same decay for every level, its time scale x2/3
    /// and x3/2 for the range.
    pub(crate) fn from_decay(decay: Decay) -> Self {
        let variant = |factor: f64| AttendanceModel::plain(decay.scaled(factor), decay.scaled(factor));
        let mut model = variant(1.0);
        model.low_loss = Box::new(Some(variant(1.5)));
        model.high_loss = Box::new(Some(variant(2.0 / 3.0)));
        model.source = "scenario";
        let scale = decay.time_scale_min();
        model.half_life_ci_min = [[scale * 2.0 / 3.0, scale * 1.5]; 2];
        model
    }

    /// The model for a run: a planner's `[decay]` wins; otherwise the half-lives are fitted
    /// to the learner records of the base year when given, else to the rural shares of the
    /// base-year enrolment when recorded, else the defaults.
    pub(crate) fn resolve(
        ds: &Dataset,
        matrix: &TravelMatrix,
        year: i32,
        settings: &AttendanceSettings,
        decay: Option<Decay>,
    ) -> Self {
        let outside = OutsideShares::new(ds, year, settings);
        if let Some(decay) = decay {
            return AttendanceModel::from_decay(decay).with_outside(outside);
        }
        let mut model = AttendanceModel::from_settings(settings);
        if !settings.fit {
            return model.with_outside(outside);
        }
        let programmes = Programmes::new(ds, year);
        let report = match OriginRecords::new(ds, year) {
            Some(records) => fit(ds, matrix, &programmes, &records, settings),
            None => fit_rural_shares(ds, matrix, &programmes, settings),
        };
        if let Some(report) = report {
            // A fitted half-life replaces the default only when the data determine it; the
            // other group keeps its default and range.
            let identified = identified(&report);
            let defaults = [
                (settings.half_life_formal_min, settings.half_life_formal_range_min),
                (settings.half_life_short_min, settings.half_life_short_range_min),
            ];
            let [(f, [fl, fh]), (s, [sl, sh])] = std::array::from_fn(|g| {
                if identified[g] { (report.half_life_min[g], report.half_life_ci_min[g]) } else { defaults[g] }
            });
            let exp = |h: f64| Decay::Exponential { half_life_min: h };
            model = AttendanceModel::plain(exp(f), exp(s));
            model.low_loss = Box::new(Some(AttendanceModel::plain(exp(fh), exp(sh))));
            model.high_loss = Box::new(Some(AttendanceModel::plain(exp(fl), exp(sl))));
            model.source = match (identified.contains(&true), report.basis) {
                (false, _) => "default",
                (true, FitBasis::RuralShare) => "fitted_rural_share",
                (true, FitBasis::HomeCommunes) => "fitted",
            };
            model.fitted_from = report.records;
            model.half_life_ci_min = [[fl, fh], [sl, sh]];
            model.identified = identified;
            (model.adequate, model.misfits) = adequacy(ds, &programmes, &report);
            model.fit = Some(report);
        }
        model.with_outside(outside)
    }

    pub(crate) fn decay(&self, group: LevelGroup) -> Decay {
        match group {
            LevelGroup::Formal => self.formal,
            LevelGroup::Short => self.short,
        }
    }

    /// The low-loss and high-loss variants (the model itself when it has none).
    pub(crate) fn bounds(&self) -> [&AttendanceModel; 2] {
        [self.low_loss.as_ref().as_ref().unwrap_or(self), self.high_loss.as_ref().as_ref().unwrap_or(self)]
    }
}

/// One programme of a facility in the base year: places and observed intake.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Programme {
    pub(crate) facility: usize,
    pub(crate) occupation: usize,
    pub(crate) level: Level,
    pub(crate) key: ProgrammeKey,
    /// Places offered (the intake when the programme table does not list it).
    pub(crate) places: f64,
    pub(crate) intake: f64,
    pub(crate) graduates: f64,
    /// Learners of priority groups (poor, ethnic minority) when recorded.
    pub(crate) priority: Option<f64>,
    /// Rural learners, when every enrolment row of the programme records them.
    pub(crate) rural: Option<f64>,
}

impl Programme {
    /// Free places (none when the programme table does not list it).
    pub(crate) fn spare(&self) -> f64 {
        (self.places - self.intake).max(0.0)
    }

    /// Pull of the programme at zero travel time: its places, or its intake when over-full.
    pub(crate) fn attractiveness(&self) -> f64 {
        self.places.max(self.intake)
    }
}

/// Every programme of a dataset, by facility and by key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Programmes {
    pub(crate) list: Vec<Programme>,
    pub(crate) by_facility: Vec<Vec<usize>>,
    pub(crate) providers: HashMap<ProgrammeKey, Vec<usize>>,
}

impl Programmes {
    /// The programmes with places or base-year intake; unknown facility or occupation codes
    /// are skipped (validation has reported them).
    pub(crate) fn new(ds: &Dataset, year: i32) -> Self {
        let fac_index = ds.facility_index();
        let occ_index = ds.occupation_index();
        let mut index: HashMap<(usize, usize, Level), usize> = HashMap::default();
        let mut list: Vec<Programme> = Vec::new();
        let mut listed_places: Vec<Option<f64>> = Vec::new();
        let mut slot = |f: usize, k: usize, level: Level, list: &mut Vec<Programme>, places: &mut Vec<Option<f64>>| {
            *index.entry((f, k, level)).or_insert_with(|| {
                list.push(Programme {
                    facility: f,
                    occupation: k,
                    level,
                    key: ProgrammeKey::of(k, level),
                    places: 0.0,
                    intake: 0.0,
                    graduates: 0.0,
                    priority: None,
                    rural: Some(0.0),
                });
                places.push(None);
                list.len() - 1
            })
        };
        for p in &ds.programs {
            if let (Some(&f), Some(&k)) = (fac_index.get(p.facility_id.as_str()), occ_index.get(p.occupation.as_str()))
            {
                let i = slot(f, k, p.level, &mut list, &mut listed_places);
                *listed_places[i].get_or_insert(0.0) += p.places;
            }
        }
        for e in ds.enrolment.iter().filter(|e| e.year == year) {
            if let (Some(&f), Some(&k)) = (fac_index.get(e.facility_id.as_str()), occ_index.get(e.occupation.as_str()))
            {
                let i = slot(f, k, e.level, &mut list, &mut listed_places);
                let p = &mut list[i];
                p.intake += e.intake;
                p.graduates += e.graduates.unwrap_or(0.0);
                p.rural = p.rural.zip(e.rural).map(|(a, b)| a + b);
                if e.poor.is_some() || e.ethnic_minority.is_some() {
                    // The groups overlap and the overlap is unknown: their sum, capped at the
                    // intake, is an upper bound.
                    let n = (e.poor.unwrap_or(0.0) + e.ethnic_minority.unwrap_or(0.0)).min(e.intake);
                    *p.priority.get_or_insert(0.0) += n;
                }
            }
        }
        for (p, listed) in list.iter_mut().zip(&listed_places) {
            p.places = listed.unwrap_or(p.intake);
            if p.intake <= 0.0 {
                p.rural = None;
            }
        }
        list.retain(|p| p.places > 0.0 || p.intake > 0.0);
        let mut by_facility = vec![Vec::new(); ds.facilities.len()];
        let mut providers: HashMap<ProgrammeKey, Vec<usize>> = HashMap::default();
        for (i, p) in list.iter().enumerate() {
            by_facility[p.facility].push(i);
            providers.entry(p.key).or_default().push(i);
        }
        Programmes { list, by_facility, providers }
    }
}

/// The model evaluated on a dataset: every programme's origins, and the pulls they come
/// from.
pub(crate) struct Attendance {
    pub(crate) model: AttendanceModel,
    pulls: Pulls,
    /// Learners of each programme by commune (dense, communes of the dataset).
    pub(crate) origins: Vec<Vec<f64>>,
}

impl Attendance {
    /// `eligible(p, a)` says whether commune `a` recruits for programme `p` (e.g. the same
    /// province). Each programme's origins add up to its intake x (1 - its outside share):
    /// the learners living in the province.
    pub(crate) fn new(
        ds: &Dataset,
        matrix: &TravelMatrix,
        programmes: &Programmes,
        model: AttendanceModel,
        eligible: &dyn Fn(usize, usize) -> bool,
    ) -> Self {
        Attendance::of_programmes(ds, matrix, programmes, model, eligible, &|_| true)
    }

    /// [`Attendance::new`] for the programmes `wanted` picks only: their origins are the
    /// same numbers, the others' are left empty. Evaluating one facility's move needs only
    /// its own programmes' origins, and the competitors of their keys.
    pub(crate) fn of_programmes(
        ds: &Dataset,
        matrix: &TravelMatrix,
        programmes: &Programmes,
        model: AttendanceModel,
        eligible: &dyn Fn(usize, usize) -> bool,
        wanted: &dyn Fn(usize) -> bool,
    ) -> Self {
        let mut keys: Vec<ProgrammeKey> =
            (0..programmes.list.len()).filter(|&i| wanted(i)).map(|i| programmes.list[i].key).collect();
        keys.sort_unstable();
        keys.dedup();
        let pulls = Pulls::new(ds, matrix, programmes, &keys, &|group, minutes| model.decay(group).weight(minutes));
        let origins = (0..programmes.list.len())
            .map(|i| {
                if !wanted(i) {
                    return Vec::new();
                }
                let raw: Vec<f64> = (0..ds.areas.len())
                    .map(|a| if eligible(i, a) { pulls.raw(ds, programmes, i, a) } else { 0.0 })
                    .collect();
                let z: f64 = raw.iter().sum();
                // The province's share of the intake: the rest live in other provinces.
                let p = &programmes.list[i];
                let resident = 1.0 - model.outside.of(&ds.facilities[p.facility].facility_id, p.key.group());
                let scale = if z > 0.0 { p.intake * resident / z } else { 0.0 };
                raw.iter().map(|r| r * scale).collect()
            })
            .collect();
        Attendance { model, pulls, origins }
    }

    /// Unscaled learners of programme `i` from commune `a` (see [`Pulls::raw`]).
    pub(crate) fn origin_weight(&self, ds: &Dataset, programmes: &Programmes, i: usize, a: usize) -> f64 {
        self.pulls.raw(ds, programmes, i, a)
    }

    /// Learners of each facility by commune (all programmes).
    pub(crate) fn facility_origins(
        &self,
        programmes: &Programmes,
        n_facilities: usize,
        n_areas: usize,
    ) -> Vec<Vec<f64>> {
        let mut out = vec![vec![0.0; n_areas]; n_facilities];
        for (p, o) in programmes.list.iter().zip(&self.origins) {
            for (cell, v) in out[p.facility].iter_mut().zip(o) {
                *cell += v;
            }
        }
        out
    }
}

/// Learner records of the base year by facility and home commune (indices).
pub(crate) struct OriginRecords {
    /// (facility, commune, learners), home communes in the facility's province.
    pub(crate) cells: Vec<(usize, usize, f64)>,
    /// Learners in `cells`.
    pub(crate) total: f64,
    /// Learners of each facility living outside its province: in a commune of another
    /// province, or in an official commune the dataset does not cover (validation accepted
    /// it as such; any other unknown code was an error).
    pub(crate) outside: Vec<f64>,
}

impl OriginRecords {
    /// `None` when the base year has no records.
    pub(crate) fn new(ds: &Dataset, year: i32) -> Option<Self> {
        OriginRecords::of(ds, year, None)
    }

    /// [`OriginRecords::new`], or only the records of facility `only` (the same cells).
    pub(crate) fn of(ds: &Dataset, year: i32, only: Option<usize>) -> Option<Self> {
        let only = only.map(|f| ds.facilities[f].facility_id.as_str());
        let fac_index = ds.facility_index();
        let area_index = ds.area_index();
        let facility_province: Vec<Option<&str>> = ds
            .facilities
            .iter()
            .map(|f| area_index.get(f.area_id.as_str()).map(|&a| ds.areas[a].province_id.as_str()))
            .collect();
        let mut cells: Vec<(usize, usize, f64)> = Vec::new();
        let mut outside = vec![0.0; ds.facilities.len()];
        let wanted = |o: &&Origin| o.year == year && o.learners > 0.0 && only.is_none_or(|id| o.facility_id == id);
        for o in ds.origins.iter().filter(wanted) {
            let Some(&f) = fac_index.get(o.facility_id.as_str()) else { continue };
            match area_index.get(o.area_id.as_str()) {
                // (A facility in a commune the dataset lacks has no province to be outside.)
                Some(&a) if facility_province[f].is_none_or(|p| p == ds.areas[a].province_id) => {
                    cells.push((f, a, o.learners))
                }
                _ => outside[f] += o.learners,
            }
        }
        let total: f64 = cells.iter().map(|c| c.2).sum();
        (total + outside.iter().sum::<f64>() > 0.0).then_some(OriginRecords { cells, total, outside })
    }

    /// Each facility's share of recorded learners from outside its province; `None` for a
    /// facility without records.
    pub(crate) fn outside_shares(&self) -> Vec<Option<f64>> {
        let mut all = self.outside.clone();
        for &(f, _, n) in &self.cells {
            all[f] += n;
        }
        all.iter().zip(&self.outside).map(|(&all, &out)| (all > 0.0).then(|| out / all)).collect()
    }
}

/// The share of each programme's learners living outside its province: observed per
/// facility in the learner records, else the setting by level group.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub(crate) struct OutsideShares {
    /// The intake-weighted share in force by level group (formal, short).
    pub(crate) by_group: [f64; 2],
    /// "records" (every facility with intake has records), "records_and_setting" (some
    /// do) or "setting".
    pub(crate) source: &'static str,
    /// Base-year learner records living outside their facility's province.
    pub(crate) records_outside: u64,
    /// The settings `[attendance] outside_share_formal` / `outside_share_short`.
    #[serde(skip)]
    pub(crate) setting: [f64; 2],
    /// Observed share of each facility with records, by facility id (scenarios change
    /// the facility list, not the ids).
    #[serde(skip)]
    pub(crate) by_facility: HashMap<String, f64>,
}

impl OutsideShares {
    /// The settings alone.
    pub(crate) fn from_settings(s: &AttendanceSettings) -> Self {
        let setting = [s.outside_share_formal.get(), s.outside_share_short.get()];
        OutsideShares {
            by_group: setting,
            source: "setting",
            records_outside: 0,
            setting,
            by_facility: HashMap::default(),
        }
    }

    /// The records' shares where a facility has records, the settings elsewhere.
    pub(crate) fn new(ds: &Dataset, year: i32, settings: &AttendanceSettings) -> Self {
        let mut out = OutsideShares::from_settings(settings);
        let Some(records) = OriginRecords::new(ds, year) else { return out };
        out.by_facility = records
            .outside_shares()
            .into_iter()
            .enumerate()
            .filter_map(|(f, share)| Some((ds.facilities[f].facility_id.clone(), share?)))
            .collect();
        out.records_outside = records.outside.iter().sum::<f64>().round() as u64;
        let programmes = Programmes::new(ds, year);
        let (mut weighted, mut intake) = ([0.0; 2], [0.0; 2]);
        let (mut with, mut without) = (0.0, 0.0);
        for p in programmes.list.iter().filter(|p| p.intake > 0.0) {
            let g = p.key.group() as usize;
            let id = ds.facilities[p.facility].facility_id.as_str();
            weighted[g] += p.intake * out.of(id, p.key.group());
            intake[g] += p.intake;
            if out.by_facility.contains_key(id) {
                with += p.intake;
            } else {
                without += p.intake;
            }
        }
        for g in 0..2 {
            if intake[g] > 0.0 {
                out.by_group[g] = weighted[g] / intake[g];
            }
        }
        out.source = match (with > 0.0, without > 0.0) {
            (true, false) => "records",
            (true, true) => "records_and_setting",
            _ => "setting",
        };
        out
    }

    /// The share of a facility's learners of a level group living outside its province.
    pub(crate) fn of(&self, facility_id: &str, group: LevelGroup) -> f64 {
        self.by_facility.get(facility_id).copied().unwrap_or(self.setting[group as usize])
    }
}

/// What the half-lives were fitted to (named as in summary.json).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FitBasis {
    /// The learners' home communes (learner records).
    HomeCommunes,
    /// The rural share of each facility's learners (the enrolment table).
    RuralShare,
}

impl FitBasis {
    /// The name in summary.json: "home_communes" or "rural_share".
    pub(crate) fn code(self) -> &'static str {
        match self {
            FitBasis::HomeCommunes => "home_communes",
            FitBasis::RuralShare => "rural_share",
        }
    }
}

/// The result of fitting the half-lives to learner records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct FitReport {
    /// Fitted half-lives, formal then short (minutes).
    pub(crate) half_life_min: [f64; 2],
    pub(crate) half_life_ci_min: [[f64; 2]; 2],
    pub(crate) records: u64,
    /// Observed against predicted statistics, in-sample and on held-out facilities.
    pub(crate) checks: Vec<FitCheck>,
    /// What was fitted.
    pub(crate) basis: FitBasis,
    /// Level groups the data can inform (some learners of the group at a facility with
    /// data); the other keeps its default and range.
    pub(crate) informed: [bool; 2],
}

/// One row of `attendance_fit.csv`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct FitCheck {
    /// "schools" (college, intermediate, vocational secondary) or "centres" (the rest).
    pub(crate) facility_group: &'static str,
    /// "all" (the records the fit used) or "held_out" (facilities left out of a refit).
    pub(crate) sample: &'static str,
    pub(crate) records: f64,
    pub(crate) observed_within_15km: Option<f64>,
    pub(crate) predicted_within_15km: Option<f64>,
    pub(crate) observed_mean_min: Option<f64>,
    pub(crate) predicted_mean_min: Option<f64>,
    pub(crate) observed_rural_share: Option<f64>,
    pub(crate) predicted_rural_share: Option<f64>,
    /// Share of the group's records living outside their facility's province (`records`
    /// counts the others, those the fit uses).
    pub(crate) observed_outside_share: Option<f64>,
    /// Facilities of the group with data (the clusters of the sampling errors).
    pub(crate) facilities: usize,
    /// Standard errors of observed minus predicted (see [`difference_se`]).
    pub(crate) within_15km_se: Option<f64>,
    pub(crate) mean_min_se: Option<f64>,
    pub(crate) rural_share_se: Option<f64>,
}

/// Bounds of the half-life search (minutes).
pub(crate) const HALF_LIFE_SEARCH_MIN: [f64; 2] = [3.0, 600.0];

/// The widest 95% interval (upper / lower end) of a half-life the data determine: wider, the
/// default and its range are used.
pub(crate) const IDENTIFIED_MAX_RATIO: f64 = 3.0;

/// Which fitted half-lives (formal, short) the data determine: the group is informed, its
/// point estimate lies inside its 95% interval, the interval lies strictly inside the search
/// bounds (an interval reaching a bound means the likelihood is flat or still rising there)
/// and its upper end is at most [`IDENTIFIED_MAX_RATIO`] times its lower end.
pub(crate) fn identified(report: &FitReport) -> [bool; 2] {
    let [lowest, highest] = HALF_LIFE_SEARCH_MIN;
    std::array::from_fn(|g| {
        let h = report.half_life_min[g];
        let [lo, hi] = report.half_life_ci_min[g];
        report.informed[g]
            && lo <= h
            && h <= hi
            && lo > lowest * (1.0 + 1e-6)
            && hi < highest * (1.0 - 1e-6)
            && hi <= IDENTIFIED_MAX_RATIO * lo
    })
}

/// One statistic of `attendance_fit.csv` the model misses beyond its sampling error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Misfit {
    /// "within_15km", "mean_min" or "rural_share".
    pub(crate) statistic: &'static str,
    /// "schools" or "centres".
    pub(crate) facility_group: &'static str,
    pub(crate) observed: f64,
    pub(crate) predicted: f64,
    /// The largest difference the sampling error allows (critical value x standard error).
    pub(crate) tolerance: f64,
    /// The level groups it concerns (formal, short).
    pub(crate) groups: [bool; 2],
}

/// A facility group's share of a level group's intake above which the group's checks judge
/// that level group.
const ADEQUACY_MIN_SHARE: f64 = 0.25;

/// Whether the fitted model reproduces what it was fitted to: for each in-sample check of
/// `attendance_fit.csv` (schools, centres) and each statistic it has (within 15 km, mean
/// minutes, rural share), |observed - predicted| against the critical value (Student's t,
/// facilities - 1 degrees of freedom) times the standard error. The records say nothing of a
/// facility's level groups, so a facility group's check judges every level group of which
/// it teaches at least a quarter of the base-year intake. `None` for a level group no check
/// judges.
pub(crate) fn adequacy(ds: &Dataset, programmes: &Programmes, report: &FitReport) -> ([Option<bool>; 2], Vec<Misfit>) {
    // Intake by facility group (schools, centres) x level group.
    let mut intake = [[0.0; 2]; 2];
    for p in programmes.list.iter().filter(|p| p.intake > 0.0) {
        let school = usize::from(!ds.facilities[p.facility].kind.is_school());
        intake[school][p.key.group() as usize] += p.intake;
    }
    let concerns = |facility_group: &str| -> [bool; 2] {
        let i = usize::from(facility_group != "schools");
        std::array::from_fn(|g| {
            let total = intake[0][g] + intake[1][g];
            report.informed[g] && total > 0.0 && intake[i][g] / total >= ADEQUACY_MIN_SHARE
        })
    };
    let mut adequate = [None; 2];
    let mut misfits = Vec::new();
    for c in report.checks.iter().filter(|c| c.sample == "all") {
        let groups = concerns(c.facility_group);
        let stats = [
            ("within_15km", c.observed_within_15km, c.predicted_within_15km, c.within_15km_se),
            ("mean_min", c.observed_mean_min, c.predicted_mean_min, c.mean_min_se),
            ("rural_share", c.observed_rural_share, c.predicted_rural_share, c.rural_share_se),
        ];
        for (statistic, observed, predicted, se) in stats {
            let (Some(observed), Some(predicted), Some(se)) = (observed, predicted, se) else { continue };
            let tolerance = t975(c.facilities.saturating_sub(1)) * se;
            let fits = (observed - predicted).abs() <= tolerance;
            for g in (0..2).filter(|&g| groups[g]) {
                adequate[g] = Some(adequate[g].unwrap_or(true) && fits);
            }
            if !fits && groups.contains(&true) {
                misfits.push(Misfit {
                    statistic,
                    facility_group: c.facility_group,
                    observed,
                    predicted,
                    tolerance,
                    groups,
                });
            }
        }
    }
    (adequate, misfits)
}

/// The 97.5% quantile of Student's t with `df` degrees of freedom (1.96 for 0, i.e. when
/// the sampling error is not clustered).
fn t975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => 1.96,
        1..=30 => TABLE[df - 1],
        // Within 0.002 of the exact quantile beyond 30.
        _ => 1.96 + 2.4 / df as f64,
    }
}

/// Standard error of a facility group's observed minus predicted statistic, from each
/// facility's (learners, observed, predicted): learners of one facility are not independent,
/// so the error is the spread of the facilities' differences around the group's difference
/// (cluster-robust, x G/(G-1) for G facilities), never below `iid_variance`, the error of
/// independent learners.
fn difference_se(per_facility: &[(f64, f64, f64)], iid_variance: f64) -> f64 {
    let n: f64 = per_facility.iter().map(|x| x.0).sum();
    let g = per_facility.len() as f64;
    if n <= 0.0 {
        return iid_variance.max(0.0).sqrt();
    }
    let mean: f64 = per_facility.iter().map(|&(k, o, p)| k * (o - p)).sum::<f64>() / n;
    let clustered = if g >= 2.0 {
        g / (g - 1.0) * per_facility.iter().map(|&(k, o, p)| (k * (o - p - mean)).powi(2)).sum::<f64>() / (n * n)
    } else {
        0.0
    };
    clustered.max(iid_variance).max(0.0).sqrt()
}

/// Maximum-likelihood half-lives (formal, short) from the learners' home communes: each
/// recorded learner of facility `f` came from commune `a` with the probability the model
/// gives its origins (the mixture of `f`'s programmes by intake). Coordinate search on the
/// log half-lives (golden section), then 95% intervals clustered by facility (see
/// [`maximise`]): learners of one facility are not independent draws (they share a
/// village, a bus, a recruiter). `None` when no facility has records from two or more
/// communes.
pub(crate) fn fit(
    ds: &Dataset,
    matrix: &TravelMatrix,
    programmes: &Programmes,
    records: &OriginRecords,
    settings: &AttendanceSettings,
) -> Option<FitReport> {
    let informative = {
        let mut communes: HashMap<usize, usize> = HashMap::default();
        for &(f, _, _) in &records.cells {
            *communes.entry(f).or_default() += 1;
        }
        communes.values().any(|&n| n >= 2)
    };
    if !informative {
        return None;
    }
    let all = |_: usize| true;
    let (best, ci, informed) = fit_on(ds, matrix, programmes, records, settings, &all)?;
    // Held out: refit on even-numbered facilities, predict the odd ones.
    let even = |f: usize| f % 2 == 0;
    let odd = |f: usize| f % 2 == 1;
    let held_out = fit_on(ds, matrix, programmes, records, settings, &even).map(|(h, _, _)| h);
    let mut checks = checks_for(ds, matrix, programmes, records, best, &all, "all");
    if let Some(h) = held_out {
        checks.extend(checks_for(ds, matrix, programmes, records, h, &odd, "held_out"));
    }
    Some(FitReport {
        half_life_min: best,
        half_life_ci_min: ci,
        records: records.total.round() as u64,
        checks,
        basis: FitBasis::HomeCommunes,
        informed,
    })
}

type Weighting<'a> = &'a dyn Fn(usize) -> bool;

type Fitted = ([f64; 2], [[f64; 2]; 2], [bool; 2]);

fn fit_on(
    ds: &Dataset,
    matrix: &TravelMatrix,
    programmes: &Programmes,
    records: &OriginRecords,
    settings: &AttendanceSettings,
    use_facility: Weighting,
) -> Option<Fitted> {
    let cells: Vec<(usize, usize, f64)> = records.cells.iter().copied().filter(|c| use_facility(c.0)).collect();
    if cells.is_empty() {
        return None;
    }
    // Which groups the records can inform: a group with no intake at recorded facilities
    // keeps its default.
    let mut informed = [false; 2];
    let recorded: rustc_hash::FxHashSet<usize> = cells.iter().map(|c| c.0).collect();
    for p in programmes.list.iter().filter(|p| p.intake > 0.0 && recorded.contains(&p.facility)) {
        informed[p.key.group() as usize] = true;
    }
    // The search moves one half-life at a time: each programme's share of learners by
    // commune depends on its own group's half-life only, so the other group's are kept.
    let cache = std::cell::RefCell::new(SharesCache::default());
    let loglik = |h: [f64; 2]| {
        let shares = cache.borrow_mut().shares(ds, matrix, programmes, h, cells.iter().map(|c| c.0));
        log_likelihood_terms(ds, &cells, &shares)
    };
    let (h, ci) = maximise(settings, informed, &loglik)?;
    Some((h, ci, informed))
}

/// The half-lives (formal, short) maximising the log-likelihood over the groups
/// `informed`, and their 95% intervals; `loglik` gives the log-likelihood's terms by
/// cluster (facility). Coordinate search on log h: the whole range, then around the first
/// estimate within the search bounds (the two groups are nearly independent, so two rounds
/// converge). Intervals clustered by facility (sandwich): with x = log h (the other
/// half-life held fixed), H the curvature of the log-likelihood at the estimate and s_c the
/// slope of cluster c's terms (centred on their mean), var x = G/(G-1) sum s_c^2 / H^2 over
/// the G clusters whose terms depend on x, and x ± t(G-1) sqrt(var), cut at the search
/// bounds. Two evaluations per group; a flat or convex likelihood, or fewer than 2
/// clusters, gives the whole search range.
fn maximise(
    settings: &AttendanceSettings,
    informed: [bool; 2],
    loglik: &dyn Fn([f64; 2]) -> Vec<f64>,
) -> Option<([f64; 2], [[f64; 2]; 2])> {
    let total = |h: [f64; 2]| loglik(h).iter().sum::<f64>();
    let mut h = [settings.half_life_formal_min, settings.half_life_short_min];
    let bounds = HALF_LIFE_SEARCH_MIN.map(f64::ln);
    for round in 0..2 {
        for g in (0..2).filter(|&g| informed[g]) {
            let at = |x: f64| {
                let mut trial = h;
                trial[g] = x.exp();
                total(trial)
            };
            h[g] = if round == 0 {
                golden_max(&at, bounds[0], bounds[1], 14)
            } else {
                // Never beyond the search bounds: an estimate there would lie outside its own
                // interval, which is cut at the bounds.
                golden_max(&at, (h[g].ln() - 0.3).max(bounds[0]), (h[g].ln() + 0.3).min(bounds[1]), 10)
            }
            .exp();
        }
    }
    let best = total(h);
    if !best.is_finite() {
        return None;
    }
    let mut ci = [settings.half_life_formal_range_min, settings.half_life_short_range_min];
    const STEP: f64 = 0.05;
    for g in (0..2).filter(|&g| informed[g]) {
        let at = |dx: f64| {
            let mut trial = h;
            trial[g] = (h[g].ln() + dx).exp();
            loglik(trial)
        };
        let (plus, minus) = (at(STEP), at(-STEP));
        let curvature = (plus.iter().sum::<f64>() - 2.0 * best + minus.iter().sum::<f64>()) / (STEP * STEP);
        // Clusters whose terms do not move with this half-life (no course of the group) do
        // not count.
        let slopes: Vec<f64> =
            plus.iter().zip(&minus).filter(|(p, m)| p != m).map(|(p, m)| (p - m) / (2.0 * STEP)).collect();
        let clusters = slopes.len();
        let half_width = if curvature < 0.0 && clusters >= 2 {
            let g = clusters as f64;
            let mean = slopes.iter().sum::<f64>() / g;
            let meat = g / (g - 1.0) * slopes.iter().map(|s| (s - mean).powi(2)).sum::<f64>();
            t975(clusters - 1) * meat.sqrt() / -curvature
        } else {
            f64::INFINITY
        };
        let (lo, hi) = (h[g].ln() - half_width, h[g].ln() + half_width);
        let [lowest, highest] = HALF_LIFE_SEARCH_MIN;
        ci[g] = [if lo > bounds[0] { lo.exp() } else { lowest }, if hi < bounds[1] { hi.exp() } else { highest }];
    }
    Some((h, ci))
}

/// Without learner records: the half-lives that best reproduce the recorded share of rural
/// learners of each programme (enrolment's `rural` column). The model predicts where a
/// programme's learners live, so how rural they are; a shorter half-life makes a rural
/// school's learners more rural and a town school's less. Binomial likelihood of the rural
/// counts, its intervals clustered by facility as for the records ([`maximise`]). `None`
/// when fewer than 3 programmes record `rural`, or every commune has the same kind.
pub(crate) fn fit_rural_shares(
    ds: &Dataset,
    matrix: &TravelMatrix,
    programmes: &Programmes,
    settings: &AttendanceSettings,
) -> Option<FitReport> {
    let rural: Vec<bool> = ds.areas.iter().map(|a| !a.urban).collect();
    if rural.iter().all(|&r| r) || rural.iter().all(|&r| !r) {
        return None;
    }
    let observed: Vec<(usize, f64, f64)> = programmes
        .list
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i, p.rural?, p.intake)).filter(|&(_, _, n)| n > 0.0))
        .collect();
    if observed.len() < 3 {
        return None;
    }
    let fit_with = |use_facility: Weighting| {
        let cases: Vec<(usize, f64, f64)> =
            observed.iter().copied().filter(|&(i, _, _)| use_facility(programmes.list[i].facility)).collect();
        let mut informed = [false; 2];
        for &(i, _, _) in &cases {
            informed[programmes.list[i].key.group() as usize] = true;
        }
        let learners: f64 = cases.iter().map(|c| c.2).sum();
        let loglik = |h: [f64; 2]| {
            let shares = rural_shares(ds, matrix, programmes, h, &rural, cases.iter().map(|c| c.0));
            let mut by_facility = vec![0.0; ds.facilities.len()];
            // Each programme counted as one observation (the same maximum).
            let scale = cases.len() as f64 / learners.max(1.0);
            for &(i, r, n) in &cases {
                let p = shares[&i].clamp(1e-6, 1.0 - 1e-6);
                by_facility[programmes.list[i].facility] += scale * (r * p.ln() + (n - r) * (1.0 - p).ln());
            }
            by_facility
        };
        maximise(settings, informed, &loglik).map(|(h, ci)| (h, ci, informed))
    };
    let all = |_: usize| true;
    let (best, ci, informed) = fit_with(&all)?;
    let even = |f: usize| f % 2 == 0;
    let odd = |f: usize| f % 2 == 1;
    let mut checks = rural_checks(ds, matrix, programmes, &rural, &observed, best, &all, "all");
    if let Some((h, _, _)) = fit_with(&even) {
        checks.extend(rural_checks(ds, matrix, programmes, &rural, &observed, h, &odd, "held_out"));
    }
    let learners: f64 = observed.iter().map(|c| c.2).sum();
    Some(FitReport {
        half_life_min: best,
        half_life_ci_min: ci,
        records: learners.round() as u64,
        checks,
        basis: FitBasis::RuralShare,
        informed,
    })
}

/// Decay weights by commune of every provider of some programme keys, and by key the summed
/// pull `S_a` and the nearest provider's weight `w(d_a)`: the one computation behind the
/// origins ([`Attendance::new`]) and the fit's likelihoods, which evaluate it a few hundred
/// times.
struct Pulls {
    /// By programme: its decay weight by commune (empty for a programme of a key not asked
    /// for), and the index of its key's pull in `pulls`.
    weights: Vec<Vec<f64>>,
    key_of: Vec<Option<usize>>,
    pulls: Vec<KeyPull>,
}

struct KeyPull {
    total: Vec<f64>,
    nearest: Vec<f64>,
}

impl Pulls {
    fn new(
        ds: &Dataset,
        matrix: &TravelMatrix,
        programmes: &Programmes,
        keys: &[ProgrammeKey],
        weight: &dyn Fn(LevelGroup, f64) -> f64,
    ) -> Self {
        let n_a = ds.areas.len();
        let mut weights: Vec<Vec<f64>> = vec![Vec::new(); programmes.list.len()];
        let mut key_of: Vec<Option<usize>> = vec![None; programmes.list.len()];
        let mut pulls: Vec<KeyPull> = Vec::with_capacity(keys.len());
        for key in keys {
            let mut pull = KeyPull { total: vec![0.0; n_a], nearest: vec![0.0; n_a] };
            for &j in &programmes.providers[key] {
                let p = &programmes.list[j];
                let w: Vec<f64> = (0..n_a).map(|a| weight(key.group(), matrix.minutes(a, p.facility))).collect();
                for ((total, nearest), &w) in pull.total.iter_mut().zip(pull.nearest.iter_mut()).zip(&w) {
                    *total += p.attractiveness() * w;
                    *nearest = nearest.max(w);
                }
                weights[j] = w;
                key_of[j] = Some(pulls.len());
            }
            pulls.push(pull);
        }
        Pulls { weights, key_of, pulls }
    }

    /// Exponential decay with the given half-lives (formal, short): exp(-ln2 t / h) is
    /// 0.5^(t/h) without a powf per cell.
    fn exponential(
        ds: &Dataset,
        matrix: &TravelMatrix,
        programmes: &Programmes,
        keys: &[ProgrammeKey],
        half_life: [f64; 2],
    ) -> Self {
        let rate = half_life.map(|h| std::f64::consts::LN_2 / h);
        Pulls::new(ds, matrix, programmes, keys, &|group, minutes| (-rate[group as usize] * minutes).exp())
    }

    /// The pull of programme `i`'s key.
    fn pull_of(&self, i: usize) -> &KeyPull {
        &self.pulls[self.key_of[i].expect("the pulls of the programme's key were computed")]
    }

    /// Unscaled learners of programme `i` from commune `a`: LF x w(d_a) x U_ai / S_a, with
    /// U_ai = places x w(t_ai). How many take the course falls with the distance to the
    /// nearest provider; which provider, with places and distance (Huff).
    fn raw(&self, ds: &Dataset, programmes: &Programmes, i: usize, a: usize) -> f64 {
        let p = &programmes.list[i];
        let pull = self.pull_of(i);
        if pull.total[a] <= 0.0 {
            return 0.0;
        }
        let u = p.attractiveness() * self.weights[i][a];
        ds.areas[a].labour_force * pull.nearest[a] * u / pull.total[a]
    }
}

/// The model's rural share of each listed programme's learners (the origins of
/// [`Attendance::new`], computed only for the keys listed, each provider's decay weights
/// once per call: the fit calls this a few hundred times).
fn rural_shares(
    ds: &Dataset,
    matrix: &TravelMatrix,
    programmes: &Programmes,
    half_life: [f64; 2],
    rural: &[bool],
    listed: impl Iterator<Item = usize>,
) -> HashMap<usize, f64> {
    let listed: Vec<usize> = listed.collect();
    let mut keys: Vec<ProgrammeKey> = listed.iter().map(|&i| programmes.list[i].key).collect();
    keys.sort_unstable();
    keys.dedup();
    let pulls = Pulls::exponential(ds, matrix, programmes, &keys, half_life);
    listed
        .into_iter()
        .map(|i| {
            let (mut total, mut from_rural) = (0.0, 0.0);
            for (a, &is_rural) in rural.iter().enumerate() {
                let o = pulls.raw(ds, programmes, i, a);
                total += o;
                if is_rural {
                    from_rural += o;
                }
            }
            (i, if total > 0.0 { from_rural / total } else { 0.5 })
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn rural_checks(
    ds: &Dataset,
    matrix: &TravelMatrix,
    programmes: &Programmes,
    rural: &[bool],
    observed: &[(usize, f64, f64)],
    half_life: [f64; 2],
    use_facility: Weighting,
    sample: &'static str,
) -> Vec<FitCheck> {
    let cases: Vec<&(usize, f64, f64)> =
        observed.iter().filter(|c| use_facility(programmes.list[c.0].facility)).collect();
    let shares = rural_shares(ds, matrix, programmes, half_life, rural, cases.iter().map(|c| c.0));
    let mut out = Vec::new();
    for (name, schools) in [("schools", true), ("centres", false)] {
        let in_group: Vec<&&(usize, f64, f64)> =
            cases.iter().filter(|c| ds.facilities[programmes.list[c.0].facility].kind.is_school() == schools).collect();
        let n: f64 = in_group.iter().map(|c| c.2).sum();
        if n <= 0.0 {
            continue;
        }
        // By facility: learners, rural learners observed and predicted.
        let mut by_facility: std::collections::BTreeMap<usize, [f64; 3]> = std::collections::BTreeMap::new();
        for c in &in_group {
            let x = by_facility.entry(programmes.list[c.0].facility).or_default();
            x[0] += c.2;
            x[1] += c.1;
            x[2] += shares[&c.0] * c.2;
        }
        let per_facility: Vec<(f64, f64, f64)> =
            by_facility.values().map(|x| (x[0], x[1] / x[0], x[2] / x[0])).collect();
        let observed = in_group.iter().map(|c| c.1).sum::<f64>() / n;
        out.push(FitCheck {
            facility_group: name,
            sample,
            records: n,
            observed_rural_share: Some(observed),
            predicted_rural_share: Some(in_group.iter().map(|c| shares[&c.0] * c.2).sum::<f64>() / n),
            facilities: per_facility.len(),
            rural_share_se: Some(difference_se(&per_facility, observed * (1.0 - observed) / n)),
            ..FitCheck::default()
        });
    }
    out
}

/// Log-likelihood of the recorded origin cells (each cell counted once, see [`fit`]).
#[cfg(test)]
fn log_likelihood(
    ds: &Dataset,
    matrix: &TravelMatrix,
    programmes: &Programmes,
    cells: &[(usize, usize, f64)],
    half_life: [f64; 2],
) -> f64 {
    log_likelihood_by_facility(ds, matrix, programmes, cells, half_life).iter().sum()
}

/// The log-likelihood's terms by facility (the clusters of the intervals). Learners of one
/// facility and commune are not independent draws, so it counts each cell with records as
/// one observation: scaled by cells / records (the same maximum; the clustered interval
/// does not depend on the scale). (The fit itself keeps its shares in a [`SharesCache`].)
#[cfg(test)]
fn log_likelihood_by_facility(
    ds: &Dataset,
    matrix: &TravelMatrix,
    programmes: &Programmes,
    cells: &[(usize, usize, f64)],
    half_life: [f64; 2],
) -> Vec<f64> {
    let shares = predicted_shares(ds, matrix, programmes, half_life, cells.iter().map(|c| c.0));
    log_likelihood_terms(ds, cells, &shares)
}

/// The log-likelihood's terms by facility (as `log_likelihood_by_facility`, a test helper) from the predicted shares.
fn log_likelihood_terms(ds: &Dataset, cells: &[(usize, usize, f64)], shares: &HashMap<usize, Vec<f64>>) -> Vec<f64> {
    let records: f64 = cells.iter().map(|c| c.2).sum();
    let scale = cells.len() as f64 / records.max(1.0);
    let mut by_facility = vec![0.0; ds.facilities.len()];
    for &(f, a, n) in cells {
        by_facility[f] += scale
            * n
            * match shares.get(&f) {
                Some(s) if s[a] > 0.0 => s[a].ln(),
                _ => -1e3,
            };
    }
    by_facility
}

/// The model's share of each listed facility's learners by commune: the same formula as
/// [`Attendance::new`], computed only for the keys those facilities offer, each programme's
/// decay weights once per call (the fit keeps a [`SharesCache`] between its calls).
fn predicted_shares(
    ds: &Dataset,
    matrix: &TravelMatrix,
    programmes: &Programmes,
    half_life: [f64; 2],
    facilities: impl Iterator<Item = usize>,
) -> HashMap<usize, Vec<f64>> {
    SharesCache::default().shares(ds, matrix, programmes, half_life, facilities)
}

/// [`predicted_shares`] for a search that changes one half-life at a time: each
/// programme's learners by commune (intake x raw / its sum) kept for its group's last
/// half-life, so that only the changed group's are computed again. The same numbers,
/// added up in the same order.
#[derive(Default)]
struct SharesCache {
    half_life: [Option<f64>; 2],
    /// By programme: its learners by commune, None when it has none (no intake, or no
    /// pull), or when it is of no wanted facility.
    learners: Vec<Option<Vec<f64>>>,
}

impl SharesCache {
    fn shares(
        &mut self,
        ds: &Dataset,
        matrix: &TravelMatrix,
        programmes: &Programmes,
        half_life: [f64; 2],
        facilities: impl Iterator<Item = usize>,
    ) -> HashMap<usize, Vec<f64>> {
        let n_a = ds.areas.len();
        let mut wanted: Vec<usize> = facilities.collect();
        wanted.sort_unstable();
        wanted.dedup();
        if self.learners.len() != programmes.list.len() {
            *self = SharesCache { half_life: [None; 2], learners: vec![None; programmes.list.len()] };
        }
        let stale = |group: usize, cache: &SharesCache| cache.half_life[group] != Some(half_life[group]);
        let changed: Vec<usize> = wanted
            .iter()
            .flat_map(|&f| programmes.by_facility.get(f).into_iter().flatten().copied())
            .filter(|&i| stale(programmes.list[i].key.group() as usize, self))
            .collect();
        let mut keys: Vec<ProgrammeKey> = changed.iter().map(|&i| programmes.list[i].key).collect();
        keys.sort_unstable();
        keys.dedup();
        let pulls = Pulls::exponential(ds, matrix, programmes, &keys, half_life);
        for &i in &changed {
            let p = &programmes.list[i];
            self.learners[i] = (p.intake > 0.0)
                .then(|| {
                    let raw: Vec<f64> = (0..n_a).map(|a| pulls.raw(ds, programmes, i, a)).collect();
                    let z: f64 = raw.iter().sum();
                    (z > 0.0).then(|| raw.iter().map(|r| p.intake * r / z).collect())
                })
                .flatten();
        }
        self.half_life = half_life.map(Some);
        let mut shares: HashMap<usize, Vec<f64>> = HashMap::default();
        for &f in &wanted {
            let mut mixture = vec![0.0; n_a];
            for &i in programmes.by_facility.get(f).map_or(&[][..], |v| &v[..]) {
                if let Some(learners) = &self.learners[i] {
                    for (m, l) in mixture.iter_mut().zip(learners) {
                        *m += l;
                    }
                }
            }
            let total: f64 = mixture.iter().sum();
            if total > 0.0 {
                mixture.iter_mut().for_each(|v| *v /= total);
                shares.insert(f, mixture);
            }
        }
        shares
    }
}

fn checks_for(
    ds: &Dataset,
    matrix: &TravelMatrix,
    programmes: &Programmes,
    records: &OriginRecords,
    half_life: [f64; 2],
    use_facility: Weighting,
    sample: &'static str,
) -> Vec<FitCheck> {
    let cells: Vec<(usize, usize, f64)> = records.cells.iter().copied().filter(|c| use_facility(c.0)).collect();
    let shares = predicted_shares(ds, matrix, programmes, half_life, cells.iter().map(|c| c.0));
    let mut out = Vec::new();
    let near = |a: usize, f: usize| f64::from(u8::from(matrix.distance_km(a, f) <= 15.0));
    for (name, schools) in [("schools", true), ("centres", false)] {
        let in_group = |f: usize| ds.facilities[f].kind.is_school() == schools;
        // By facility: records, within 15 km, minutes and squared minutes, observed.
        let mut by_facility: std::collections::BTreeMap<usize, [f64; 4]> = std::collections::BTreeMap::new();
        for &(f, a, count) in cells.iter().filter(|c| in_group(c.0)) {
            let minutes = matrix.minutes(a, f);
            let x = by_facility.entry(f).or_default();
            x[0] += count;
            x[1] += count * near(a, f);
            x[2] += count * minutes;
            x[3] += count * minutes * minutes;
        }
        let n: f64 = by_facility.values().map(|x| x[0]).sum();
        let outside: f64 = (0..ds.facilities.len())
            .filter(|&f| use_facility(f) && in_group(f))
            .map(|f| records.outside.get(f).copied().unwrap_or(0.0))
            .sum();
        if n <= 0.0 {
            continue;
        }
        // The model's within-15-km share and mean minutes of each facility's learners.
        let predicted: Vec<(usize, [f64; 4], f64, f64)> = by_facility
            .iter()
            .map(|(&f, &x)| {
                let (mut p_near, mut p_min) = (0.0, 0.0);
                if let Some(s) = shares.get(&f) {
                    for (a, share) in s.iter().enumerate() {
                        p_near += share * near(a, f);
                        p_min += share * matrix.minutes(a, f);
                    }
                }
                (f, x, p_near, p_min)
            })
            .collect();
        let sum = |i: usize| by_facility.values().map(|x| x[i]).sum::<f64>();
        let (obs_near, obs_min) = (sum(1) / n, sum(2) / n);
        let pred_near = predicted.iter().map(|p| p.1[0] * p.2).sum::<f64>() / n;
        let pred_min = predicted.iter().map(|p| p.1[0] * p.3).sum::<f64>() / n;
        let near_by: Vec<(f64, f64, f64)> = predicted.iter().map(|p| (p.1[0], p.1[1] / p.1[0], p.2)).collect();
        let min_by: Vec<(f64, f64, f64)> = predicted.iter().map(|p| (p.1[0], p.1[2] / p.1[0], p.3)).collect();
        let min_variance = (sum(3) / n - obs_min * obs_min).max(0.0);
        out.push(FitCheck {
            facility_group: name,
            sample,
            records: n,
            observed_within_15km: Some(obs_near),
            predicted_within_15km: Some(pred_near),
            observed_mean_min: Some(obs_min),
            predicted_mean_min: Some(pred_min),
            observed_outside_share: Some(outside / (outside + n)),
            facilities: by_facility.len(),
            within_15km_se: Some(difference_se(&near_by, obs_near * (1.0 - obs_near) / n)),
            mean_min_se: Some(difference_se(&min_by, min_variance / n)),
            ..FitCheck::default()
        });
    }
    out
}

/// Maximum of a unimodal function on [lo, hi] by golden-section search.
fn golden_max(f: &dyn Fn(f64) -> f64, mut lo: f64, mut hi: f64, steps: usize) -> f64 {
    let r = (5f64.sqrt() - 1.0) / 2.0;
    let (mut x1, mut x2) = (hi - r * (hi - lo), lo + r * (hi - lo));
    let (mut f1, mut f2) = (f(x1), f(x2));
    for _ in 0..steps {
        if f1 < f2 {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + r * (hi - lo);
            f2 = f(x2);
        } else {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - r * (hi - lo);
            f1 = f(x1);
        }
    }
    (lo + hi) / 2.0
}

#[cfg(test)]
mod tests;
