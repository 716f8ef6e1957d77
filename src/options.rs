//! Stage 5, `options`: every sensible way to re-organise the public network, evaluated
//! honestly and ranked.
//!
//! In: the dataset, its travel matrix, the base-year scores and [`OptionSettings`].
//! Out: one [`ConsolidationOption`] per candidate (close a public facility, merge it into
//! one of its k nearest public facilities in the province, convert a centre into a satellite
//! of the nearest public school), with savings net of the learner travel support it
//! triggers, learners displaced and lost, rural people left without a short course in
//! reach, the change in the province's unmet openings and unplaced entrants (people), the
//! policy check, a composite rank and Pareto membership.
//!
//! Where learners come from and go: the competitive attendance model of
//! [`crate::access::attendance`], programme by programme. A displaced learner can only move to
//! a programme of the same occupation (and level, for college and intermediate courses),
//! limited by its free places; the rest are lost to training in the province. The low and
//! high figures come from the model's low-loss and high-loss variants.

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

mod mismatch;

use crate::access::TravelMatrix;
use crate::access::attendance::{Attendance, AttendanceModel, LevelGroup, OriginRecords, ProgrammeKey, Programmes};
use crate::model::*;
use crate::rng::Rng;
use crate::score::ScoreSettings;
use crate::settings::{
    AccessWeight, Count, CourseLength, DiscountRate, Draws, FitWeight, MergeMinutes, PlacesPerStaff, RiseMinutes,
    SalaryMvnd, SeveranceMvnd, Share, TravelSupportMvnd, Weight,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct OptionSettings {
    /// Merge candidates: the k nearest public facilities of the same province.
    pub(crate) k_nearest: Count,
    /// Travel allowance per learner beyond the reach radius (Decision 46/2015: 200,000 VND),
    /// in million VND.
    pub(crate) travel_support_mvnd: TravelSupportMvnd,
    /// ... and for residents of extremely difficult communes beyond 5 km (300,000 VND).
    pub(crate) travel_support_difficult_mvnd: TravelSupportMvnd,
    /// Share of a centre's fixed cost saved when it becomes a satellite of a school
    /// (management and overheads merge; teaching stays).
    pub(crate) satellite_saving_share: Share,
    /// Low and high values of that guess, for the savings range.
    pub(crate) satellite_saving_share_range: [Share; 2],
    /// Real discount rate per year of the savings to the horizon: 6%, the rate of the Asian
    /// Development Bank's Guidelines for the Economic Analysis of Projects (2017) for social
    /// sector projects (9% otherwise).
    pub(crate) discount_rate: DiscountRate,
    /// At most this many public schools (not self-financing) per province.
    pub(crate) public_school_cap: Count,
    /// Merge candidates: only receivers with free places for at least this share of the
    /// learners (below it most would stay at the old site: a federation, not a merge).
    pub(crate) min_merge_fit: Share,
    /// The package that meets the cap minimises learners lost per year plus this weight
    /// times the people newly out of reach of every facility (0.01: a hundred people newly
    /// out of reach weigh as much as one learner lost a year).
    pub(crate) cap_access_weight: AccessWeight,
    /// A trip to the nearest facility teaching a learner's level that grows by more than
    /// this many minutes counts the commune's people as affected (the travel-time measure
    /// next to the hard reach edge, used by the cap package).
    pub(crate) travel_rise_threshold_min: RiseMinutes,
    /// Facilities the optimiser and the cap package never close, merge away or convert.
    pub(crate) protected: Vec<String>,
    /// Ethnic-minority boarding schools (named "Dân tộc Nội trú") are protected too, unless
    /// set to false.
    pub(crate) protect_ethnic_boarding: bool,
    /// The cap package merges a school only into a receiver at most this many minutes from
    /// the school's commune (unless the school has no receiver within it).
    pub(crate) cap_max_merge_min: MergeMinutes,
    /// In the cap package, each learner moved into a receiver that teaches none of their
    /// sector weighs this share of a learner lost (prefers receivers of the same sector).
    pub(crate) cap_fit_weight: FitWeight,
    pub(crate) weights: RankWeights,
    pub(crate) costs: CostSettings,
    /// Seeded draws of the uncertain inputs over their ranges (half-lives, staff leaving
    /// shares, severance, salary, satellite saving share) for each option's rank range
    /// (`rank_low`, `rank_high`, `top5_share`).
    pub(crate) rank_draws: Draws,
}

/// The rules every removal of a counted public school follows, in the optimiser and in the
/// package that meets the cap alike: which schools stay, how far a receiver may be and what
/// the package weighs (the `[options]` keys `public_school_cap`, `protected`,
/// `protect_ethnic_boarding` and `cap_*`, kept flat in the file).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CapRules {
    /// At most this many public schools (not self-financing) per province.
    pub(crate) cap: Count,
    /// Facilities never closed, merged away or converted.
    pub(crate) protected: Vec<String>,
    /// Ethnic-minority boarding schools are protected and receive no merger.
    pub(crate) protect_ethnic_boarding: bool,
    /// No merge into a receiver further than this from the school's commune.
    pub(crate) max_merge_min: MergeMinutes,
    /// Weight of a learner moved into a receiver teaching none of their sector.
    pub(crate) fit_weight: FitWeight,
    /// Weight of a person whose trip grows beyond the threshold, in learners lost.
    pub(crate) access_weight: AccessWeight,
}

impl CapRules {
    /// Whether the rules keep `f` whatever the answer (the `protected` list, the ethnic
    /// boarding schools unless un-protected).
    pub(crate) fn protects(&self, f: &crate::model::Facility) -> bool {
        self.protected.contains(&f.facility_id) || (self.protect_ethnic_boarding && f.is_ethnic_boarding())
    }

    /// Whether `into` may receive a merger under the rules, `minutes` from the school.
    pub(crate) fn may_receive(&self, into: &crate::model::Facility, minutes: f64) -> bool {
        !(self.protect_ethnic_boarding && into.is_ethnic_boarding()) && minutes <= self.max_merge_min.get()
    }
}

impl OptionSettings {
    /// The cap rules of these settings.
    pub(crate) fn cap_rules(&self) -> CapRules {
        CapRules {
            cap: self.public_school_cap,
            protected: self.protected.clone(),
            protect_ethnic_boarding: self.protect_ethnic_boarding,
            max_merge_min: self.cap_max_merge_min,
            fit_weight: self.cap_fit_weight,
            access_weight: self.cap_access_weight,
        }
    }
}

/// One-off and running costs of re-organising (assumptions; sources in METHODOLOGY.md).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct CostSettings {
    /// One-off payment per staff member who leaves (million VND): about 30 monthly salaries
    /// of 10 M VND under the streamlining policy of Decree 178/2024/ND-CP.
    pub(crate) severance_mvnd_per_staff: SeveranceMvnd,
    /// Yearly cost of one staff member kept on the public payroll (million VND): salary and
    /// the employer's contributions. Staff who do not leave keep being paid (moved to the
    /// receiver or transferred), so their pay is not saved.
    pub(crate) salary_mvnd_per_staff_year: SalaryMvnd,
    /// Share of the facility's staff who leave on closure, merger and conversion.
    pub(crate) staff_leaving_close: Share,
    pub(crate) staff_leaving_merge: Share,
    pub(crate) staff_leaving_convert: Share,
    /// Staff per place when `teachers` is not given (one per 20 places).
    pub(crate) places_per_staff_when_unknown: PlacesPerStaff,
    /// Share of short-course learners in the priority groups of Decision 46/2015 when the
    /// enrolment does not record poor / ethnic-minority learners.
    pub(crate) priority_share_when_unknown: Share,
    /// Typical length of a course by level (years): spreads a facility's running cost over
    /// its learner-years, so that a short-course learner moved to a college costs what a
    /// short course costs there, not the college's average per learner.
    pub(crate) course_years: CourseYears,
    /// Low and high values of the uncertain guesses above, for the savings range.
    pub(crate) severance_mvnd_per_staff_range: [SeveranceMvnd; 2],
    pub(crate) salary_mvnd_per_staff_year_range: [SalaryMvnd; 2],
    pub(crate) staff_leaving_close_range: [Share; 2],
    pub(crate) staff_leaving_merge_range: [Share; 2],
    pub(crate) staff_leaving_convert_range: [Share; 2],
}

/// Typical course length by level (years): the midpoint of each level's legal duration
/// (Law 74/2014/QH13 on vocational education: college 2-3 years, intermediate 1-2 years,
/// elementary 3 months to under a year, short courses under 3 months). Only the ratios
/// matter: the running cost per learner-year is the facility's own.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct CourseYears {
    pub(crate) college: CourseLength,
    pub(crate) intermediate: CourseLength,
    pub(crate) elementary: CourseLength,
    pub(crate) short: CourseLength,
}

impl Default for CourseYears {
    fn default() -> Self {
        let years = CourseLength::constant;
        CourseYears { college: years(2.5), intermediate: years(1.5), elementary: years(0.625), short: years(0.125) }
    }
}

impl CourseYears {
    pub(crate) fn of(&self, level: Level) -> f64 {
        let years = match level {
            Level::College => self.college,
            Level::Intermediate => self.intermediate,
            Level::Elementary => self.elementary,
            Level::Short => self.short,
        };
        years.get()
    }
}

impl Default for CostSettings {
    fn default() -> Self {
        CostSettings {
            severance_mvnd_per_staff: SeveranceMvnd::constant(300.0),
            salary_mvnd_per_staff_year: SalaryMvnd::constant(150.0),
            staff_leaving_close: Share::constant(0.5),
            staff_leaving_merge: Share::constant(0.2),
            staff_leaving_convert: Share::constant(0.1),
            places_per_staff_when_unknown: PlacesPerStaff::constant(20.0),
            priority_share_when_unknown: Share::constant(0.5),
            course_years: CourseYears::default(),
            severance_mvnd_per_staff_range: [SeveranceMvnd::constant(150.0), SeveranceMvnd::constant(450.0)],
            salary_mvnd_per_staff_year_range: [SalaryMvnd::constant(120.0), SalaryMvnd::constant(180.0)],
            staff_leaving_close_range: [Share::constant(0.3), Share::constant(0.7)],
            staff_leaving_merge_range: [Share::constant(0.1), Share::constant(0.3)],
            staff_leaving_convert_range: [Share::constant(0.05), Share::constant(0.2)],
        }
    }
}

impl Default for OptionSettings {
    fn default() -> Self {
        OptionSettings {
            k_nearest: Count::constant(3),
            travel_support_mvnd: TravelSupportMvnd::constant(0.2),
            travel_support_difficult_mvnd: TravelSupportMvnd::constant(0.3),
            satellite_saving_share: Share::constant(0.3),
            satellite_saving_share_range: [Share::constant(0.15), Share::constant(0.45)],
            discount_rate: DiscountRate::constant(0.06),
            public_school_cap: Count::constant(3),
            min_merge_fit: Share::constant(0.5),
            cap_access_weight: AccessWeight::constant(0.01),
            travel_rise_threshold_min: RiseMinutes::constant(15.0),
            protected: Vec::new(),
            protect_ethnic_boarding: true,
            cap_max_merge_min: MergeMinutes::constant(60.0),
            cap_fit_weight: FitWeight::constant(0.1),
            weights: RankWeights::default(),
            costs: CostSettings::default(),
            rank_draws: Draws::constant(200),
        }
    }
}

/// Weights of the composite score: net savings (percentile among the options), share of the
/// displaced learners kept, idle places removed (1 - utilisation of the facility), rural
/// access kept (percentile) and alignment change (percentile).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RankWeights {
    pub(crate) savings: Weight,
    pub(crate) learners_lost: Weight,
    /// Removing idle places: 1 - utilisation of the facility closed, merged or converted.
    pub(crate) under_use: Weight,
    pub(crate) rural_access: Weight,
    pub(crate) alignment: Weight,
}

impl Default for RankWeights {
    fn default() -> Self {
        let w = Weight::constant;
        RankWeights {
            savings: w(0.25),
            learners_lost: w(0.25),
            under_use: w(0.25),
            rural_access: w(0.15),
            alignment: w(0.1),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Action {
    Close,
    Merge,
    Convert,
}

impl Action {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Action::Close => "close",
            Action::Merge => "merge",
            Action::Convert => "convert",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsolidationOption {
    pub(crate) option_id: String,
    pub(crate) action: Action,
    pub(crate) facility_id: String,
    pub(crate) target_id: Option<String>,
    /// Travel time from the facility's commune to the receiver (minutes; merge, convert).
    pub(crate) site_minutes: Option<f64>,
    /// Share of the learners who move whose occupation the receiver already teaches (at
    /// any level); `None` without a receiver or nobody moving.
    pub(crate) field_overlap: Option<f64>,
    /// Fixed cost saved per year.
    pub(crate) gross_savings_mvnd: f64,
    pub(crate) added_travel_support_mvnd: f64,
    /// Running cost of teaching the moved learners at the receivers instead (negative when
    /// the receivers teach more cheaply).
    pub(crate) receiver_added_cost_mvnd: f64,
    /// Gross savings less travel support and receivers' added cost, per year.
    pub(crate) net_savings_mvnd: f64,
    /// What the state budget saves per year: the net savings, or for a self-financing school
    /// (fee-funded) minus the running cost of its learners moved to budget-funded schools.
    pub(crate) budget_savings_mvnd: f64,
    /// Staff payments on re-organising, once.
    pub(crate) one_off_cost_mvnd: f64,
    /// Net savings over the years to the horizon, discounted to the base year, less the
    /// one-off cost.
    pub(crate) net_savings_horizon_mvnd: f64,
    /// The lowest and highest of it over the low, central and high values of the uncertain
    /// guesses (satellite saving share, staff leaving share, severance, salary).
    pub(crate) net_savings_horizon_low_mvnd: f64,
    pub(crate) net_savings_horizon_high_mvnd: f64,
    /// Budget savings over the years to the horizon, discounted, less the one-off cost the
    /// budget pays: what the ranking and the Pareto front use.
    pub(crate) budget_savings_horizon_mvnd: f64,
    pub(crate) learners_displaced: f64,
    pub(crate) learners_lost: f64,
    /// Learners lost under the low-loss and high-loss variants of the attendance model.
    pub(crate) learners_lost_low: f64,
    pub(crate) learners_lost_high: f64,
    /// Extra one-way travel of the learners whose trip gets longer, summed (learner-minutes
    /// per trip).
    pub(crate) added_travel_learner_min: f64,
    pub(crate) rural_people_losing_access: f64,
    /// People of the communes that had a facility (of any kind) within reach and have none
    /// after: the site closes, or is merged away entirely (a satellite keeps it open).
    pub(crate) people_newly_out_of_reach: f64,
    /// People of the communes whose trip to the nearest facility teaching a level the
    /// option moves grows by more than `travel_rise_threshold_min` (or who have none left).
    pub(crate) people_travel_rise: f64,
    /// Mean added one-way minutes of the displaced learners to the nearest facility teaching
    /// their level (learner-weighted, from their home commune; 0 for a shorter trip).
    pub(crate) mean_added_min: f64,
    /// Utilisation of the facility closed, merged or converted, before the option.
    pub(crate) utilisation_before: Option<f64>,
    /// Utilisation of the receiving site after the move (the main receiver for `close`).
    pub(crate) utilisation_after: Option<f64>,
    /// Change of the province's unmet openings U (people a year, central): the openings of
    /// the cells whose entrants fall short ([`mismatch`]).
    pub(crate) unmet_openings_change: f64,
    /// Change of the province's unplaced entrants X (people a year, central): the entrants
    /// beyond the openings of their cells. The alignment criterion is the change of U + X.
    pub(crate) unplaced_entrants_change: f64,
    pub(crate) public_schools_after: usize,
    pub(crate) meets_cap: bool,
    pub(crate) pareto: bool,
    pub(crate) score: f64,
    pub(crate) rank: usize,
    /// The rank (central) and the 5th and 95th percentile of the option's rank over
    /// `rank_draws` seeded draws of the uncertain inputs ([`rank_ranges`]).
    pub(crate) rank_range: Ranged<usize>,
    /// Share of those draws in which the option ranks among the first five.
    pub(crate) top5_share: f64,
    /// The rank when as many staff leave on a merge as on a closure (both at the mean of
    /// `staff_leaving_close` and `staff_leaving_merge`): the sensitivity of the ranking to
    /// that guess (closures gain from the higher leaving share, merges lose).
    pub rank_equal_staff: usize,
}

/// Per-commune access: the nearest facility and how many programmes are within reach.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct AreaAccess {
    pub(crate) area_id: String,
    pub(crate) nearest_facility_id: Option<String>,
    pub(crate) travel_min: Option<f64>,
    pub(crate) distance_km: Option<f64>,
    /// How the time to the nearest facility was obtained.
    pub(crate) travel_method: Option<crate::model::TravelMethod>,
    pub(crate) within_reach: bool,
    pub(crate) reachable_programmes: usize,
}

pub(crate) fn access_by_area(ds: &Dataset, matrix: &TravelMatrix) -> Vec<AreaAccess> {
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
                travel_method: nearest.map(|(f, _)| matrix.method(a, f)),
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
pub(crate) struct Baseline<'a> {
    ds: &'a Dataset,
    matrix: &'a TravelMatrix,
    settings: &'a OptionSettings,
    /// Years from the base year to the horizon (at least 1): how long savings accrue.
    years: i32,
    programmes: Programmes,
    /// The attendance model as fitted or set, and its low-loss and high-loss variants.
    attendance: [Attendance; 3],
    /// Base-year intake by facility, and by facility x level.
    intake: Vec<f64>,
    formal_intake: Vec<f64>,
    /// Base-year learner-years by facility: intake x course length, summed over programmes.
    learner_years: Vec<f64>,
    /// Facilities with a short or elementary programme.
    short_provider: Vec<bool>,
    public: Vec<bool>,
    /// Province of each facility, as an index.
    facility_province: Vec<usize>,
    /// Commune of each facility (index), when in the dataset.
    facility_area: Vec<Option<usize>>,
    /// Entrants against openings by cell, for the alignment criterion; `None` when moves
    /// are not scored on alignment ([`Baseline::for_facility`], [`Baseline::unscored`]).
    mismatch: Option<mismatch::Mismatch>,
    /// By commune and level slot, the two nearest facilities teaching the level (minutes),
    /// computed when first needed: the trips after a move read them.
    nearest_teaching: std::sync::OnceLock<Vec<[NearestTwo; 4]>>,
}

/// The nearest and the second-nearest facility (index, minutes).
pub(crate) type NearestTwo = [Option<(usize, f64)>; 2];

impl<'a> Baseline<'a> {
    pub(crate) fn new(
        ds: &'a Dataset,
        matrix: &'a TravelMatrix,
        model: &AttendanceModel,
        settings: &'a OptionSettings,
        year: i32,
        horizon: i32,
        scoring: &ScoreSettings,
    ) -> Self {
        Baseline::build(ds, matrix, model, settings, year, horizon, Some(scoring), None)
    }

    /// The baseline whose moves are not scored on alignment (for searches that weigh only
    /// learners, trips and costs).
    pub(crate) fn unscored(
        ds: &'a Dataset,
        matrix: &'a TravelMatrix,
        model: &AttendanceModel,
        settings: &'a OptionSettings,
        year: i32,
        horizon: i32,
    ) -> Self {
        Baseline::build(ds, matrix, model, settings, year, horizon, None, None)
    }

    /// The baseline that evaluates moves of facility `f` only ([`evaluate_move`] with this
    /// `f`): the attendance model is computed for its programmes alone (the same numbers),
    /// which is what a scenario's merge or closure needs, a network at a time; the change
    /// in alignment is not computed (NaN): the scenario scores the network it ends with.
    pub(crate) fn for_facility(
        ds: &'a Dataset,
        matrix: &'a TravelMatrix,
        model: &AttendanceModel,
        settings: &'a OptionSettings,
        year: i32,
        horizon: i32,
        f: usize,
    ) -> Self {
        Baseline::build(ds, matrix, model, settings, year, horizon, None, Some(f))
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        ds: &'a Dataset,
        matrix: &'a TravelMatrix,
        model: &AttendanceModel,
        settings: &'a OptionSettings,
        year: i32,
        horizon: i32,
        scoring: Option<&ScoreSettings>,
        only: Option<usize>,
    ) -> Self {
        let n_f = ds.facilities.len();
        let area_index = ds.area_index();
        let programmes = Programmes::new(ds, year);
        let mut intake = vec![0.0; n_f];
        let mut formal_intake = vec![0.0; n_f];
        let mut learner_years = vec![0.0; n_f];
        for p in &programmes.list {
            intake[p.facility] += p.intake;
            learner_years[p.facility] += p.intake * settings.costs.course_years.of(p.level);
            if p.level.is_formal() {
                formal_intake[p.facility] += p.intake;
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
        // A programme recruits in its own province (learners from elsewhere count as lost to
        // it).
        let eligible = |p: usize, a: usize| area_province[a] == facility_province[programmes.list[p].facility];
        let recorded = recorded_origins(ds, year, &programmes, model, only);
        let facility_area = ds.facilities.iter().map(|f| area_index.get(f.area_id.as_str()).copied()).collect();
        let wanted = |p: usize| only.is_none_or(|f| programmes.list[p].facility == f);
        let build = |m: &AttendanceModel| {
            let mut attendance = Attendance::of_programmes(ds, matrix, &programmes, m.clone(), &eligible, &wanted);
            for (p, (origins, recorded)) in attendance.origins.iter_mut().zip(&recorded).enumerate() {
                if let Some(r) = recorded.as_ref().filter(|_| wanted(p)) {
                    origins.clone_from(r);
                }
            }
            attendance
        };
        let [low, high] = model.bounds();
        let attendance = [build(model), build(low), build(high)];
        let mut short_provider = vec![false; n_f];
        for p in &programmes.list {
            if !p.level.is_formal() {
                short_provider[p.facility] = true;
            }
        }
        let public = ds.facilities.iter().map(|f| f.ownership == Ownership::Public).collect();
        let mut baseline = Baseline {
            ds,
            matrix,
            settings,
            years: (horizon - year).max(1),
            programmes,
            attendance,
            intake,
            formal_intake,
            learner_years,
            short_provider,
            public,
            facility_province,
            facility_area,
            mismatch: None,
            nearest_teaching: std::sync::OnceLock::new(),
        };
        // Only the options of the whole network are scored on alignment.
        if let Some(scoring) = scoring.filter(|_| only.is_none()) {
            baseline.mismatch =
                Some(mismatch::Mismatch::new(ds, year, &baseline.programmes, &baseline.facility_province, scoring));
        }
        baseline
    }

    /// Base-year learners of each facility by commune of origin (the attendance model, or
    /// the learner records when given).
    pub(crate) fn learners_by_origin(&self) -> Vec<Vec<f64>> {
        self.attendance[0].facility_origins(&self.programmes, self.ds.facilities.len(), self.ds.areas.len())
    }

    /// Province index of each facility.
    pub(crate) fn facility_province(&self) -> &[usize] {
        &self.facility_province
    }

    /// Travel support newly due per learner of a short or elementary course from `a` now
    /// studying at `to` instead of `from` (Decision 46/2015: once per course, only for
    /// priority groups, only when the new site is beyond the reach radius).
    fn support_per_learner(&self, a: usize, from: usize, to: usize) -> f64 {
        let radius = self.matrix.radius_km(a);
        let was_beyond = self.matrix.distance_km(a, from) > radius;
        let now_beyond = self.matrix.distance_km(a, to) > radius;
        if now_beyond && !was_beyond {
            if self.ds.areas[a].difficult {
                self.settings.travel_support_difficult_mvnd.get()
            } else {
                self.settings.travel_support_mvnd.get()
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
            .sum::<f64>()
            + 0.0 // an empty sum is -0.0
    }

    /// Population of the communes whose only facility within reach is `f`.
    fn out_of_reach_without(&self, f: usize) -> f64 {
        let n_f = self.ds.facilities.len();
        (0..self.ds.areas.len())
            .filter(|&a| self.matrix.within_reach(a, f) && !(0..n_f).any(|g| g != f && self.matrix.within_reach(a, g)))
            .map(|a| self.ds.areas[a].population)
            .sum::<f64>()
            + 0.0 // an empty sum is -0.0
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

    /// Running cost beyond the fixed cost per learner-year (0 when the fixed cost is not
    /// given: then the whole annual cost is taken as fixed).
    fn variable_cost_per_learner_year(&self, f: usize) -> f64 {
        let x = &self.ds.facilities[f];
        match x.fixed_cost_mvnd {
            Some(fixed) if self.learner_years[f] > 0.0 => {
                ((x.annual_cost_mvnd - fixed) / self.learner_years[f]).max(0.0)
            }
            _ => 0.0,
        }
    }

    /// Running cost beyond the fixed cost of one yearly intake learner of a course of
    /// `years` at facility `f`: in a steady state each intake learner is on the rolls for
    /// the length of the course, so a short course costs a short course's share at a
    /// college, not the college's average over its long formal courses.
    pub(crate) fn variable_cost_per_learner(&self, f: usize, years: f64) -> f64 {
        self.variable_cost_per_learner_year(f) * years
    }

    /// Staff of a facility: its teachers, or one per 20 places when not given.
    fn staff(&self, f: usize) -> f64 {
        let x = &self.ds.facilities[f];
        x.teachers.unwrap_or(x.capacity / self.settings.costs.places_per_staff_when_unknown.get())
    }
}

/// Each programme's origins from the learner records (its facility's recorded home communes
/// in the province, scaled to its intake x (1 - the facility's recorded outside share)),
/// `None` where the facility has no records: they replace the modelled origins.
fn recorded_origins(
    ds: &Dataset,
    year: i32,
    programmes: &Programmes,
    model: &AttendanceModel,
    only: Option<usize>,
) -> Vec<Option<Vec<f64>>> {
    let Some(records) = OriginRecords::of(ds, year, only) else { return vec![None; programmes.list.len()] };
    let mut by_facility: HashMap<usize, Vec<f64>> = HashMap::default();
    for &(f, a, n) in &records.cells {
        by_facility.entry(f).or_insert_with(|| vec![0.0; ds.areas.len()])[a] += n;
    }
    programmes
        .list
        .iter()
        .map(|p| {
            let counts = by_facility.get(&p.facility)?;
            let total: f64 = counts.iter().sum();
            let resident = p.intake * (1.0 - model.outside.of(&ds.facilities[p.facility].facility_id, p.key.group()));
            (total > 0.0).then(|| counts.iter().map(|c| resident * c / total).collect())
        })
        .collect()
}

/// Where a group of displaced learners goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Destination {
    /// An existing programme of the same occupation (and level) elsewhere.
    Programme(usize),
    /// The learners' own programme, re-sited at the receiving facility (merge, convert).
    Relocated(usize),
}

/// Learners of one programme that move to one destination.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Move {
    pub(crate) from: usize,
    pub(crate) to: Destination,
    pub(crate) learners: f64,
}

/// What one model variant says happens to the learners of the programmes that change.
#[derive(Debug, Clone, Default)]
struct Flows {
    lost: f64,
    moves: Vec<Move>,
    support: f64,
    added_minutes: f64,
    receiver_added_cost: f64,
    /// Running cost the state budget newly bears: learners of a self-financing school moved
    /// to a budget-funded one.
    budget_added_cost: f64,
}

/// The flows when the programmes `changed` of facility `f` close (`site` None) or move to
/// facility `site`, a share `m` of each (the rest stays where it is), under model variant
/// `v`: each displaced learner goes to the nearest remaining provider of the same programme
/// (the programme itself at `site` when it is re-sited) and follows with probability
/// min(1, w(t_new) / w(t_old)), within the receiving programme's free places.
///
/// Learners living outside the province (the programme's outside share of its intake):
/// under the central model (`v` 0) they follow like its in-province learners, in the same
/// proportion and to the same destinations (none follow when it has no in-province
/// learners to copy); under the low-loss variant (`v` 1) all of them follow, to the
/// re-sited programme or else the remaining provider nearest the old site, within its free
/// places; under the high-loss variant (`v` 2) none do (they study in or near their own
/// province).
///
/// With `only` (a level group and a decay), the flows of that group's programmes alone under
/// that decay, the origins staying the variant's: the cheap re-evaluation of the rank draws.
fn flows(
    b: &Baseline,
    v: usize,
    f: usize,
    routes: &[Routes],
    site: Option<usize>,
    m: f64,
    only: Option<(LevelGroup, crate::access::Decay)>,
) -> Flows {
    let att = &b.attendance[v];
    let programmes = &b.programmes;
    let mut out = Flows::default();
    let course_years = &b.settings.costs.course_years;
    let wanted = |r: &&Routes| only.is_none_or(|(g, _)| r.key.group() == g);
    for Routes { key, group, receivers, nearest } in routes.iter().filter(wanted) {
        let key = *key;
        let intake: f64 = group.iter().map(|&q| programmes.list[q].intake * m).sum();
        if intake <= 0.0 {
            continue;
        }
        // The group's course length: its programmes' lengths weighted by intake (an
        // elementary and a short course of one occupation form one group).
        let own_years: f64 = group
            .iter()
            .map(|&q| programmes.list[q].intake * m * course_years.of(programmes.list[q].level))
            .sum::<f64>()
            / intake;
        let own_cost = b.variable_cost_per_learner(f, own_years);
        let decay = only.map_or_else(|| att.model.decay(key.group()), |(_, d)| d);
        let mut wanted = vec![0.0; receivers.len()];
        // (commune, or None for learners from outside the province; receiver slot or None
        // for the re-sited programme; learners)
        let mut cells: Vec<(Option<usize>, Option<usize>, f64)> = Vec::new();
        let mut lost = 0.0;
        let outside = intake * att.model.outside.of(&b.ds.facilities[f].facility_id, key.group());
        let resident: f64 =
            (0..b.ds.areas.len()).map(|a| group.iter().map(|&q| att.origins[q][a] * m).sum::<f64>()).sum();
        // Central: the outside learners go where the in-province ones go, as if each commune
        // sent (1 + outside / resident) times its learners.
        let copied = if v == 0 && resident > 0.0 { 1.0 + outside / resident } else { 1.0 };
        for (a, nearest) in nearest.iter().enumerate() {
            let t_a: f64 = group.iter().map(|&q| att.origins[q][a] * m).sum::<f64>() * copied;
            if t_a <= 0.0 {
                continue;
            }
            let before = decay.weight(b.matrix.minutes(a, f));
            let Some((slot, minutes)) = *nearest else {
                lost += t_a;
                continue;
            };
            let follow = if before > 0.0 { (decay.weight(minutes) / before).min(1.0) } else { 0.0 };
            lost += t_a * (1.0 - follow);
            if let Some(slot) = slot {
                wanted[slot] += t_a * follow;
            }
            cells.push((Some(a), slot, t_a * follow));
        }
        match v {
            0 if resident > 0.0 => {}
            1 => {
                // All follow: to the re-sited programme, else the provider nearest the old site.
                let from = b.facility_area[f];
                let nearest = receivers
                    .iter()
                    .enumerate()
                    .map(|(slot, &j)| {
                        let minutes = from.map_or(0.0, |a| b.matrix.minutes(a, programmes.list[j].facility));
                        (slot, minutes)
                    })
                    .min_by(|x, y| x.1.total_cmp(&y.1))
                    .map(|(slot, _)| slot);
                match (site, nearest) {
                    (Some(_), _) => cells.push((None, None, outside)),
                    (None, Some(slot)) => {
                        wanted[slot] += outside;
                        cells.push((None, Some(slot), outside));
                    }
                    (None, None) => lost += outside,
                }
            }
            _ => lost += outside,
        }
        // A receiving programme takes no more than its free places; the rest are lost.
        let fill: Vec<f64> = receivers
            .iter()
            .zip(&wanted)
            .map(|(&j, &w)| if w > 0.0 { (programmes.list[j].spare() / w).min(1.0) } else { 0.0 })
            .collect();
        for (slot, w) in wanted.iter().enumerate() {
            lost += w * (1.0 - fill[slot]);
        }
        let priority: Option<f64> = group.iter().map(|&q| programmes.list[q].priority).sum();
        let eligible = match key.group() {
            LevelGroup::Formal => 0.0,
            LevelGroup::Short => priority.map_or(b.settings.costs.priority_share_when_unknown.get(), |n| {
                n / group.iter().map(|&q| programmes.list[q].intake).sum::<f64>().max(1e-12)
            }),
        };
        let mut to_receiver = vec![0.0; receivers.len()];
        let mut relocated = 0.0;
        for &(area, slot, n) in &cells {
            // The course the learner takes at the receiver: its programme there, or their own
            // re-sited.
            let (dest, n, years) = match slot {
                Some(slot) => {
                    let j = &programmes.list[receivers[slot]];
                    (j.facility, n * fill[slot], course_years.of(j.level))
                }
                None => (site.unwrap_or(f), n, own_years),
            };
            match slot {
                Some(slot) => to_receiver[slot] += n,
                None => relocated += n,
            }
            // Trips and travel support of learners from outside the province are unknown (their
            // commune is not in the dataset): only the central model moves them, with the
            // in-province learners' communes.
            if let Some(a) = area {
                out.support += n * eligible * b.support_per_learner(a, f, dest);
                // Only longer trips count: learners who turn to a nearer course travel less,
                // but that is no gain a planner can bank on.
                out.added_minutes += n * (b.matrix.minutes(a, dest) - b.matrix.minutes(a, f)).max(0.0);
            }
            // Only what costs more counts: a receiver that is cheaper per learner-year does
            // not teach the moved learners for less (their teachers move or stay paid).
            let dest_cost = b.variable_cost_per_learner(dest, years);
            out.receiver_added_cost += n * (dest_cost - own_cost).max(0.0);
            if b.ds.facilities[f].self_financing && !b.ds.facilities[dest].self_financing {
                out.budget_added_cost += n * dest_cost;
            }
        }
        out.lost += lost.clamp(0.0, intake);
        // Each source programme's share of the group's destinations: its share of the intake.
        for &q in group {
            let share = programmes.list[q].intake * m / intake;
            for (slot, &n) in to_receiver.iter().enumerate() {
                if n > 0.0 {
                    out.moves.push(Move { from: q, to: Destination::Programme(receivers[slot]), learners: n * share });
                }
            }
            if let (Some(t), true) = (site, relocated > 0.0) {
                out.moves.push(Move { from: q, to: Destination::Relocated(t), learners: relocated * share });
            }
        }
    }
    out
}

/// Where the displaced learners of one programme key can go, the same under every model
/// variant: the key's programmes that change (`group`), the other providers of the key
/// (`receivers`), and for each commune the nearest destination (a receiver slot, or None
/// for the re-sited programme) with its minutes.
struct Routes {
    key: ProgrammeKey,
    group: Vec<usize>,
    receivers: Vec<usize>,
    nearest: Vec<Option<(Option<usize>, f64)>>,
}

fn routes(b: &Baseline, f: usize, changed: &[usize], site: Option<usize>) -> Vec<Routes> {
    let programmes = &b.programmes;
    let mut keys: Vec<ProgrammeKey> = changed.iter().map(|&q| programmes.list[q].key).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .map(|key| {
            let group: Vec<usize> = changed.iter().copied().filter(|&q| programmes.list[q].key == key).collect();
            let receivers: Vec<usize> =
                programmes.providers[&key].iter().copied().filter(|&j| programmes.list[j].facility != f).collect();
            let nearest = (0..b.ds.areas.len())
                .map(|a| {
                    // Learners keep their own programme when it is re-sited no further away;
                    // otherwise they turn to the nearest alternative (the re-sited programme
                    // wins a tie).
                    let relocated = site.map(|t| (None, b.matrix.minutes(a, t)));
                    let stays = relocated.filter(|&(_, minutes)| minutes <= b.matrix.minutes(a, f));
                    stays.or_else(|| {
                        receivers
                            .iter()
                            .enumerate()
                            .map(|(slot, &j)| (Some(slot), b.matrix.minutes(a, programmes.list[j].facility)))
                            .chain(relocated)
                            .min_by(|x, y| x.1.total_cmp(&y.1).then(y.0.is_none().cmp(&x.0.is_none())))
                    })
                })
                .collect();
            Routes { key, group, receivers, nearest }
        })
        .collect()
}

/// The evaluation of one action (also used by the scenario stage to apply it).
pub(crate) struct Evaluated {
    pub(crate) action: Action,
    pub(crate) facility: usize,
    pub(crate) target: Option<usize>,
    pub(crate) gross: f64,
    /// (gross, one-off) over the grid of the uncertain guesses.
    savings_grid: Vec<(f64, f64)>,
    pub(crate) support: f64,
    pub(crate) receiver_added_cost: f64,
    budget_added_cost: f64,
    pub(crate) one_off: f64,
    pub(crate) displaced: f64,
    pub(crate) lost: f64,
    pub(crate) lost_range: [f64; 2],
    added_minutes: f64,
    pub(crate) rural_lost: f64,
    pub(crate) out_of_reach: f64,
    pub(crate) travel_rise_people: f64,
    pub(crate) mean_added_min: f64,
    utilisation_after: Option<f64>,
    /// The change of the province's unmet openings and unplaced entrants.
    mismatch_change: mismatch::Gaps,
    public_schools_after: usize,
    /// Share of each changed programme's learners (and places) that move.
    pub(crate) moving_share: f64,
    /// The programmes that close or move.
    pub(crate) changed: Vec<usize>,
    pub(crate) moves: Vec<Move>,
}

impl Evaluated {
    pub(crate) fn net(&self) -> f64 {
        self.gross - self.support - self.receiver_added_cost
    }

    /// What the state budget saves per year: nothing of a self-financing school's own
    /// (fee-funded) costs, less what its learners cost where the budget pays.
    pub(crate) fn budget(&self, ds: &Dataset) -> f64 {
        if ds.facilities[self.facility].self_financing { -self.budget_added_cost - self.support } else { self.net() }
    }

    /// Budget savings to the horizon, discounted, less the one-off staff cost the budget
    /// pays.
    fn budget_to_horizon(&self, b: &Baseline) -> f64 {
        b.settings.present_value(self.budget(b.ds), self.budget_one_off(b.ds), 1, b.years)
    }

    /// Net savings to the horizon, discounted, less the one-off cost: central, lowest and
    /// highest over the grid of guesses.
    fn net_to_horizon(&self, b: &Baseline) -> [f64; 3] {
        let pv = |gross: f64, one_off: f64| {
            b.settings.present_value(gross - self.support - self.receiver_added_cost, one_off, 1, b.years)
        };
        let central = pv(self.gross, self.one_off);
        let (low, high) = self.savings_grid.iter().fold((central, central), |(low, high), &(gross, one_off)| {
            let v = pv(gross, one_off);
            (low.min(v), high.max(v))
        });
        [central, low, high]
    }

    /// Yearly net savings and one-off cost for each combination of the guesses
    /// ([`OptionSettings::guess_grid`], in its order): a scenario or package sums them
    /// combination by combination, so its range uses the same guesses for every action.
    pub(crate) fn net_grid(&self) -> Vec<(f64, f64)> {
        self.savings_grid
            .iter()
            .map(|&(gross, one_off)| (gross - self.support - self.receiver_added_cost, one_off))
            .collect()
    }

    /// Budget savings to the horizon with other guesses (for the ranking's sensitivity).
    fn budget_to_horizon_with(&self, b: &Baseline, g: &Guesses) -> f64 {
        let ds = b.ds;
        if ds.facilities[self.facility].self_financing {
            return self.budget_to_horizon(b);
        }
        let (gross, one_off) = savings_terms(b, self.facility, self.action, self.target, self.moving_share, g);
        b.settings.present_value(gross - self.support - self.receiver_added_cost, one_off, 1, b.years)
    }

    /// The one-off staff cost the state budget pays (none for a self-financing school).
    pub(crate) fn budget_one_off(&self, ds: &Dataset) -> f64 {
        if ds.facilities[self.facility].self_financing { 0.0 } else { self.one_off }
    }
}

/// Merging is only into a facility that can teach the same learners: a school into a school
/// of its level or higher, a centre into a centre or a school, any other kind (boarding
/// schools, ...) into its kind.
pub(crate) fn can_merge_into(from: FacilityKind, into: FacilityKind) -> bool {
    match from {
        // A school joins a school of its level or higher.
        FacilityKind::College => into == FacilityKind::College,
        FacilityKind::Intermediate => matches!(into, FacilityKind::College | FacilityKind::Intermediate),
        FacilityKind::VocationalSecondary => into.is_school(),
        FacilityKind::Centre => into == FacilityKind::Centre || into.is_school(),
        FacilityKind::Other => into == FacilityKind::Other,
    }
}

impl Baseline<'_> {
    /// Travel time from facility `f`'s commune to facility `g` (infinite when `f`'s
    /// commune is not in the dataset), as the cap package measures it.
    pub(crate) fn site_minutes(&self, f: usize, g: usize) -> f64 {
        self.facility_area[f].map_or(f64::INFINITY, |a| self.matrix.minutes(a, g))
    }

    /// Share of an option's moving learners whose occupation receiver `t` already teaches.
    fn field_overlap(&self, e: &Evaluated, t: usize) -> Option<f64> {
        let taught = |k: usize| self.programmes.by_facility[t].iter().any(|&q| self.programmes.list[q].occupation == k);
        let (mut moving, mut known) = (0.0, 0.0);
        for &q in &e.changed {
            let p = &self.programmes.list[q];
            moving += p.intake * e.moving_share;
            if taught(p.occupation) {
                known += p.intake * e.moving_share;
            }
        }
        (moving > 0.0).then(|| known / moving)
    }

    /// Programme indices of a facility (only the formal ones for `formal_only`).
    pub(crate) fn programmes_of(&self, f: usize, formal_only: bool) -> Vec<usize> {
        self.programmes.by_facility[f]
            .iter()
            .copied()
            .filter(|&q| !formal_only || self.programmes.list[q].level.is_formal())
            .collect()
    }

    pub(crate) fn programme(&self, q: usize) -> &crate::access::attendance::Programme {
        &self.programmes.list[q]
    }
}

/// The uncertain guesses behind the savings, one value each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Guesses {
    satellite: f64,
    severance: f64,
    salary: f64,
    /// Staff leaving on close, merge and convert.
    leaving: [f64; 3],
}

impl OptionSettings {
    /// The central values of the guesses.
    pub(crate) fn guesses(&self) -> Guesses {
        let c = &self.costs;
        Guesses {
            satellite: self.satellite_saving_share.get(),
            severance: c.severance_mvnd_per_staff.get(),
            salary: c.salary_mvnd_per_staff_year.get(),
            leaving: [c.staff_leaving_close.get(), c.staff_leaving_merge.get(), c.staff_leaving_convert.get()],
        }
    }

    /// Every combination of the low, central and high value of each guess (3^4 = 81: the
    /// satellite share, severance, salary, and the three leaving shares together).
    pub(crate) fn guess_grid(&self) -> Vec<Guesses> {
        let c = &self.costs;
        let three = |[low, high]: [f64; 2], central: f64| [low, central, high];
        let share = |[low, high]: [Share; 2], central: Share| three([low.get(), high.get()], central.get());
        let satellite = share(self.satellite_saving_share_range, self.satellite_saving_share);
        let severance =
            three(c.severance_mvnd_per_staff_range.map(SeveranceMvnd::get), c.severance_mvnd_per_staff.get());
        let salary = three(c.salary_mvnd_per_staff_year_range.map(SalaryMvnd::get), c.salary_mvnd_per_staff_year.get());
        // The three leaving shares move together: all low, all central, all high.
        let [close, merge, convert] = [
            share(c.staff_leaving_close_range, c.staff_leaving_close),
            share(c.staff_leaving_merge_range, c.staff_leaving_merge),
            share(c.staff_leaving_convert_range, c.staff_leaving_convert),
        ];
        let leaving: [[f64; 3]; 3] = std::array::from_fn(|i| [close[i], merge[i], convert[i]]);
        let mut grid = Vec::with_capacity(81);
        for &satellite in &satellite {
            for &severance in &severance {
                for &salary in &salary {
                    for &leaving in &leaving {
                        grid.push(Guesses { satellite, severance, salary, leaving });
                    }
                }
            }
        }
        grid
    }

    /// Present value at the base year, at the real discount rate, of `yearly` saved in each
    /// of the years `first..=last` after the base year, less `one_off` paid in year `first`.
    /// At a rate of 0: yearly x (last - first + 1) - one_off.
    pub(crate) fn present_value(&self, yearly: f64, one_off: f64, first: i32, last: i32) -> f64 {
        let factor = |t: i32| (1.0 + self.discount_rate.get()).powi(-t);
        let annuity: f64 = (first..=last).map(factor).sum();
        yearly * annuity - one_off * factor(first)
    }
}

/// The fixed cost saved a year and the one-off staff cost of an action, for one value of
/// each guess (`moving` is the share of the learners that moves, for a merge):
/// - close: the whole fixed cost, less the pay of the staff who do not leave (transferred,
///   still on the public payroll);
/// - merge: the fixed cost pro rata, less the pay of that share's staff who move with it,
///   and the satellite share of the fixed cost for the part that stays;
/// - convert: the satellite share of the fixed cost (management; the teachers keep teaching).
fn savings_terms(
    b: &Baseline,
    f: usize,
    action: Action,
    target: Option<usize>,
    moving: f64,
    g: &Guesses,
) -> (f64, f64) {
    let fixed = b.ds.facilities[f].fixed_cost_or_default();
    let staff = b.staff(f);
    let kept_pay = |share: f64, leaving: f64| staff * share * (1.0 - leaving) * g.salary;
    let (gross, leaving) = match (action, target) {
        (Action::Merge, Some(_)) => {
            let leaving = g.leaving[1];
            ((fixed * moving - kept_pay(moving, leaving)).max(0.0) + fixed * (1.0 - moving) * g.satellite, leaving)
        }
        (Action::Convert, _) => (fixed * g.satellite, g.leaving[2]),
        _ => ((fixed - kept_pay(1.0, g.leaving[0])).max(0.0), g.leaving[0]),
    };
    (gross, staff * leaving * g.severance)
}

pub(crate) fn evaluate_move(b: &Baseline, f: usize, action: Action, target: Option<usize>) -> Evaluated {
    evaluate(b, f, action, target).0
}

/// [`evaluate_move`], with the routes of the displaced learners (the rank draws reuse them).
fn evaluate(b: &Baseline, f: usize, action: Action, target: Option<usize>) -> (Evaluated, Vec<Routes>) {
    let ds = b.ds;
    // Who has to move: every programme (close, merge) or the college and intermediate ones
    // (convert); for a merge, the share the receiving site has free places for (the rest
    // keep studying at the old site, run as a satellite campus).
    let (changed, moving_share) = match (action, target) {
        (Action::Merge, Some(t)) => {
            let spare_t = (ds.facilities[t].capacity - b.intake[t]).max(0.0);
            let fit = if b.intake[f] > 0.0 { (spare_t / b.intake[f]).min(1.0) } else { 1.0 };
            (b.programmes_of(f, false), fit)
        }
        (Action::Convert, _) => (b.programmes_of(f, true), 1.0),
        _ => (b.programmes_of(f, false), 1.0),
    };
    let (gross, one_off) = savings_terms(b, f, action, target, moving_share, &b.settings.guesses());
    let savings_grid =
        b.settings.guess_grid().iter().map(|g| savings_terms(b, f, action, target, moving_share, g)).collect();
    let site = if action == Action::Close { None } else { target };
    let routes = routes(b, f, &changed, site);
    let central = flows(b, 0, f, &routes, site, moving_share, None);
    let lost_range = [
        flows(b, 1, f, &routes, site, moving_share, None).lost,
        flows(b, 2, f, &routes, site, moving_share, None).lost,
    ];
    let displaced: f64 = changed.iter().map(|&q| b.programmes.list[q].intake * moving_share).sum();
    // Supply after, for the change in alignment: the moving graduates leave their cells and
    // follow the retained learners into the receiving programmes' (not wanted by a
    // scenario's own evaluation of an action: it scores the network it ends with).
    let province = |g: usize| b.facility_province[g];
    let mut shifts: Vec<mismatch::Shift> = changed
        .iter()
        .map(|&q| {
            let p = &b.programmes.list[q];
            mismatch::Shift {
                province: province(f),
                occupation: p.occupation,
                level: p.level,
                graduates: -p.graduates * moving_share,
            }
        })
        .collect();
    let mut retained_at_target = 0.0;
    let mut received: HashMap<usize, f64> = HashMap::default();
    for mv in &central.moves {
        let p = &b.programmes.list[mv.from];
        let per_learner = if p.intake > 0.0 { p.graduates / p.intake } else { 0.0 };
        let (g, level) = match mv.to {
            Destination::Programme(j) => (b.programmes.list[j].facility, b.programmes.list[j].level),
            Destination::Relocated(t) => (t, p.level),
        };
        shifts.push(mismatch::Shift {
            province: province(g),
            occupation: p.occupation,
            level,
            graduates: per_learner * mv.learners,
        });
        *received.entry(g).or_default() += mv.learners;
        if Some(g) == target {
            retained_at_target += mv.learners;
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
    let mismatch_change = b.mismatch.as_ref().map_or(mismatch::Gaps::NONE, |m| m.change(&shifts));
    let (travel_rise_people, mean_added_min) = travel_change(b, f, &changed, site, moving_share);
    let utilisation_after = match (action, target) {
        (Action::Merge | Action::Convert, Some(t)) => {
            let moved_places: f64 = changed.iter().map(|&q| b.programmes.list[q].places * moving_share).sum();
            let places = ds.facilities[t].capacity + moved_places;
            (places > 0.0).then(|| (b.intake[t] + retained_at_target) / places)
        }
        _ => {
            let mut main: Vec<(usize, f64)> = received.into_iter().collect();
            main.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            main.first().and_then(|&(g, r)| {
                (ds.facilities[g].capacity > 0.0).then(|| (b.intake[g] + r) / ds.facilities[g].capacity)
            })
        }
    };
    // A merge that leaves a satellite still closes the school as an institution.
    let closed_school = matches!(action, Action::Close | Action::Merge).then_some(f);
    let evaluated = Evaluated {
        action,
        facility: f,
        target,
        gross,
        savings_grid,
        support: central.support,
        receiver_added_cost: central.receiver_added_cost,
        budget_added_cost: central.budget_added_cost,
        one_off,
        displaced,
        lost: central.lost,
        lost_range,
        added_minutes: central.added_minutes,
        rural_lost: b.rural_losing_access(&offers_short),
        out_of_reach: if action == Action::Close || (action == Action::Merge && moving_share >= 1.0 - 1e-9) {
            b.out_of_reach_without(f)
        } else {
            0.0
        },
        travel_rise_people,
        mean_added_min,
        utilisation_after,
        mismatch_change,
        public_schools_after: b.public_schools(b.facility_province[f], closed_school),
        moving_share,
        changed,
        moves: central.moves,
    };
    (evaluated, routes)
}

/// Generates and evaluates every candidate option, then scores, ranks and marks the
/// Pareto front. Options are listed by rank.
pub(crate) fn consolidation_options(b: &Baseline) -> Vec<ConsolidationOption> {
    use rayon::prelude::*;
    let ds = b.ds;
    let n_f = ds.facilities.len();
    let mut jobs: Vec<(usize, Action, Option<usize>)> = Vec::new();
    for f in (0..n_f).filter(|&f| b.public[f]) {
        jobs.push((f, Action::Close, None));
        let province = b.facility_province[f];
        let mut partners: Vec<(f64, usize)> = (0..n_f)
            .filter(|&g| g != f && b.public[g] && b.facility_province[g] == province)
            .filter(|&g| can_merge_into(ds.facilities[f].kind, ds.facilities[g].kind))
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
        // A "merge" where most learners stay at the old site is a federation, not a merge.
        let fits = |g: usize| {
            let spare = (ds.facilities[g].capacity - b.intake[g]).max(0.0);
            b.intake[f] <= 0.0 || spare / b.intake[f] >= b.settings.min_merge_fit.get()
        };
        // The receiver rule of the cap package and the optimiser: no merge into a facility
        // beyond `cap_max_merge_min` of the closed site (a "merge" two hours away is a
        // closure on paper).
        let limit = b.settings.cap_max_merge_min.get();
        let near = |g: usize| b.site_minutes(f, g) <= limit;
        for &(_, g) in partners.iter().filter(|(_, g)| fits(*g) && near(*g)).take(b.settings.k_nearest.get()) {
            jobs.push((f, Action::Merge, Some(g)));
        }
        // Converting moves the college and intermediate courses: only where there are some,
        // and under the same receiver rule (a satellite of a school beyond the limit is a
        // closure of its formal courses on paper).
        if ds.facilities[f].kind == FacilityKind::Centre
            && b.formal_intake[f] > 0.0
            && let Some(&(_, school)) = partners.iter().find(|(_, g)| ds.facilities[*g].kind.is_school() && near(*g))
        {
            jobs.push((f, Action::Convert, Some(school)));
        }
    }
    // Each option's flows at a grid of half-lives too, for the rank draws: the routes and
    // origins are the baseline's, computed once.
    let grid = b.half_life_grid();
    let (evaluated, curves): (Vec<Evaluated>, Vec<LossCurve>) = jobs
        .par_iter()
        .map(|&(f, action, target)| {
            let (e, routes) = evaluate(b, f, action, target);
            let curve = LossCurve::new(b, &e, &routes, &grid);
            (e, curve)
        })
        .unzip();
    rank(b, evaluated, &curves, &grid)
}

fn rank(
    b: &Baseline,
    evaluated: Vec<Evaluated>,
    curves: &[LossCurve],
    grid: &HalfLifeGrid,
) -> Vec<ConsolidationOption> {
    let ds = b.ds;
    let w = b.settings.weights;
    // Savings are judged as the budget sees them, over the years to the horizon, one-off
    // costs included.
    let net: Vec<f64> = evaluated.iter().map(|e| e.budget_to_horizon(b)).collect();
    let lost: Vec<f64> = evaluated.iter().map(|e| e.lost).collect();
    let lost_share: Vec<f64> =
        evaluated.iter().map(|e| if e.displaced > 0.0 { e.lost / e.displaced } else { 0.0 }).collect();
    // Access harmed: rural people left without a short course plus people whose trip grows
    // beyond the threshold. Without the second, closing a centre next to another ties with
    // merging into it on access, although the closure sends tens of thousands further.
    let rural: Vec<f64> = evaluated.iter().map(|e| e.rural_lost + e.travel_rise_people).collect();
    // Alignment: the change of the people mismatched, U + X (fewer is better).
    let mismatched: Vec<f64> = evaluated.iter().map(|e| e.mismatch_change.total()).collect();
    let front = pareto_front(&net.iter().copied().zip(lost.iter().copied()).collect::<Vec<_>>());
    let (s1, s3) = (percentile(&net, true), percentile(&rural, false));
    // Alignment on its actual size, not its percentile: changes of a few people are nearly a
    // tie, not a reason to rank one option far above another. No change scores 0.5; the
    // largest fall of U + X (at least one person) scores 1, the largest rise 0.
    let align_scale = mismatched.iter().filter(|a| a.is_finite()).fold(1.0f64, |m, a| m.max(a.abs()));
    let s4: Vec<f64> =
        mismatched.iter().map(|a| if a.is_finite() { 0.5 - 0.5 * a / align_scale } else { 0.5 }).collect();
    let s2: Vec<f64> = lost_share.iter().map(|l| 1.0 - l).collect();
    let utilisation_before: Vec<Option<f64>> = evaluated
        .iter()
        .map(|e| {
            let cap = ds.facilities[e.facility].capacity;
            (cap > 0.0).then(|| b.intake[e.facility] / cap)
        })
        .collect();
    // Idle places are removed only in proportion to the learners (and places) that move.
    let idle: Vec<f64> = utilisation_before
        .iter()
        .zip(&evaluated)
        .map(|(u, e)| {
            let intake = b.intake[e.facility];
            let moved = if intake > 0.0 { (e.displaced / intake).min(1.0) } else { 1.0 };
            u.map_or(0.0, |u| (1.0 - u).clamp(0.0, 1.0)) * moved
        })
        .collect();
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
            let [horizon, horizon_low, horizon_high] = e.net_to_horizon(b);
            ConsolidationOption {
                option_id,
                action: e.action,
                facility_id,
                target_id,
                site_minutes: e.target.map(|t| b.site_minutes(e.facility, t)),
                field_overlap: e.target.and_then(|t| b.field_overlap(e, t)),
                gross_savings_mvnd: e.gross,
                added_travel_support_mvnd: e.support,
                receiver_added_cost_mvnd: e.receiver_added_cost,
                net_savings_mvnd: e.net(),
                budget_savings_mvnd: e.budget(ds),
                one_off_cost_mvnd: e.one_off,
                net_savings_horizon_mvnd: horizon,
                net_savings_horizon_low_mvnd: horizon_low,
                net_savings_horizon_high_mvnd: horizon_high,
                budget_savings_horizon_mvnd: net[i],
                learners_displaced: e.displaced,
                learners_lost: e.lost,
                // The range over the three model variants (central, low-loss, high-loss).
                learners_lost_low: e.lost_range[0].min(e.lost).min(e.lost_range[1]),
                learners_lost_high: e.lost_range[1].max(e.lost).max(e.lost_range[0]),
                added_travel_learner_min: e.added_minutes,
                rural_people_losing_access: e.rural_lost,
                people_newly_out_of_reach: e.out_of_reach,
                people_travel_rise: e.travel_rise_people,
                mean_added_min: e.mean_added_min,
                utilisation_before: utilisation_before[i],
                utilisation_after: e.utilisation_after,
                unmet_openings_change: e.mismatch_change.unmet,
                unplaced_entrants_change: e.mismatch_change.unplaced,
                public_schools_after: e.public_schools_after,
                meets_cap: e.public_schools_after <= b.settings.public_school_cap.get(),
                pareto: front[i],
                score: score(&w, [s1[i], s2[i], idle[i], s3[i], s4[i]]),
                rank: 0,
                rank_range: Ranged::new(0, 0, 0),
                top5_share: 0.0,
                rank_equal_staff: 0,
            }
        })
        .collect();
    // Sensitivity: the same ranking with as many staff leaving on a merge as on a closure,
    // both at their mean (the 50% / 20% split is a guess; METHODOLOGY.md).
    let mut equal = b.settings.guesses();
    let mean = 0.5 * (equal.leaving[0] + equal.leaving[1]);
    equal.leaving[0] = mean;
    equal.leaving[1] = mean;
    let net_equal: Vec<f64> = evaluated.iter().map(|e| e.budget_to_horizon_with(b, &equal)).collect();
    let s1_equal = percentile(&net_equal, true);
    let score_equal: Vec<f64> =
        (0..evaluated.len()).map(|i| score(&w, [s1_equal[i], s2[i], idle[i], s3[i], s4[i]])).collect();
    let ids: Vec<&str> = options.iter().map(|o| o.option_id.as_str()).collect();
    let central = ranks(&options.iter().map(|o| o.score).collect::<Vec<_>>(), &ids);
    let equal_staff = ranks(&score_equal, &ids);
    // The criteria the draws leave at their central value: idle places, access, alignment.
    let fixed: Vec<[f64; 3]> = (0..evaluated.len()).map(|i| [idle[i], s3[i], s4[i]]).collect();
    let drawn = rank_ranges(b, &evaluated, curves, grid, &fixed, &ids);
    for (i, o) in options.iter_mut().enumerate() {
        (o.rank, o.rank_equal_staff) = (central[i], equal_staff[i]);
        let (low, high, top5) = drawn[i];
        (o.rank_range, o.top5_share) = (Ranged::new(central[i], low, high), top5);
    }
    options.sort_by_key(|o| o.rank);
    options
}

/// Each option's rank (1 = best) by score, highest first; ties go to the option id.
fn ranks(scores: &[f64], ids: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&x, &y| scores[y].total_cmp(&scores[x]).then_with(|| ids[x].cmp(ids[y])));
    let mut rank = vec![0; scores.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r + 1;
    }
    rank
}

/// Points of the half-life grid on which each option's flows are computed for the rank
/// draws: the shortest half-life of the range, halfway to the central one, the central one,
/// halfway to the longest, the longest. A draw in between is interpolated linearly.
const HALF_LIFE_POINTS: usize = 5;

/// The seed of the rank draws: fixed, so that the same inputs give the same rank ranges.
const RANK_SEED: u64 = 26;

/// By level group (formal, short), the half-lives of the grid (minutes, ascending).
pub(crate) type HalfLifeGrid = [[f64; HALF_LIFE_POINTS]; 2];

impl Baseline<'_> {
    /// The half-life grid of the rank draws, by level group: from the high-loss variant's
    /// (shortest) through the central one to the low-loss variant's (longest), i.e. the
    /// fitted interval or the default range the model carries (a planner's `[decay]`: its
    /// time scale x2/3 to x3/2).
    fn half_life_grid(&self) -> HalfLifeGrid {
        LevelGroup::ALL.map(|g| {
            let scale = |v: usize| self.attendance[v].model.decay(g).time_scale_min();
            let central = scale(0);
            let (low, high) = (scale(2).min(central), scale(1).max(central));
            [low, 0.5 * (low + central), central, 0.5 * (central + high), high]
        })
    }
}

/// The flow totals of an option that a half-life changes.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct FlowTotals {
    lost: f64,
    support: f64,
    receiver_added_cost: f64,
    budget_added_cost: f64,
}

impl FlowTotals {
    fn of(flows: &Flows) -> Self {
        FlowTotals {
            lost: flows.lost,
            support: flows.support,
            receiver_added_cost: flows.receiver_added_cost,
            budget_added_cost: flows.budget_added_cost,
        }
    }

    /// `self` x (1 - t) + `other` x t.
    fn lerp(self, other: FlowTotals, t: f64) -> FlowTotals {
        let mix = |a: f64, b: f64| a + (b - a) * t;
        FlowTotals {
            lost: mix(self.lost, other.lost),
            support: mix(self.support, other.support),
            receiver_added_cost: mix(self.receiver_added_cost, other.receiver_added_cost),
            budget_added_cost: mix(self.budget_added_cost, other.budget_added_cost),
        }
    }

    fn plus(self, other: FlowTotals) -> FlowTotals {
        FlowTotals {
            lost: self.lost + other.lost,
            support: self.support + other.support,
            receiver_added_cost: self.receiver_added_cost + other.receiver_added_cost,
            budget_added_cost: self.budget_added_cost + other.budget_added_cost,
        }
    }
}

/// An option's flow totals at each point of the half-life grid, by level group. The groups
/// add up (a programme's learners follow or are lost under its own group's decay), so a
/// draw of the two half-lives is read off the two curves and summed.
pub(crate) struct LossCurve {
    points: [[FlowTotals; HALF_LIFE_POINTS]; 2],
}

impl LossCurve {
    /// The option's flows under each half-life of the grid, the origins and routes staying
    /// the central model's (the baseline's): what a learner's follow-on probability
    /// `w(t_new) / w(t_old)` makes of a shorter or longer half-life.
    fn new(b: &Baseline, e: &Evaluated, routes: &[Routes], grid: &HalfLifeGrid) -> Self {
        let site = if e.action == Action::Close { None } else { e.target };
        let points = std::array::from_fn(|slot| {
            let group = LevelGroup::ALL[slot];
            if !routes.iter().any(|r| r.key.group() == group) {
                return [FlowTotals::default(); HALF_LIFE_POINTS];
            }
            let decay = b.attendance[0].model.decay(group);
            grid[slot].map(|h| {
                let only = Some((group, decay.scaled(h / decay.time_scale_min())));
                FlowTotals::of(&flows(b, 0, e.facility, routes, site, e.moving_share, only))
            })
        });
        LossCurve { points }
    }

    /// The flow totals at half-lives `half_life` (formal, short; minutes), interpolated
    /// linearly between the grid's points (held at its ends beyond them).
    fn at(&self, grid: &HalfLifeGrid, half_life: [f64; 2]) -> FlowTotals {
        (0..2).fold(FlowTotals::default(), |sum, slot| {
            let (xs, ys) = (&grid[slot], &self.points[slot]);
            let x = half_life[slot];
            let k = (1..HALF_LIFE_POINTS).find(|&k| x <= xs[k]).unwrap_or(HALF_LIFE_POINTS - 1);
            let t = if xs[k] > xs[k - 1] { ((x - xs[k - 1]) / (xs[k] - xs[k - 1])).clamp(0.0, 1.0) } else { 1.0 };
            sum.plus(ys[k - 1].lerp(ys[k], t))
        })
    }
}

/// A draw from the triangular distribution with these low, most likely and high values
/// (the most likely value moved into the range if it lies outside).
fn triangular(rng: &mut Rng, low: f64, mode: f64, high: f64) -> f64 {
    let (low, high) = (low.min(high), high.max(low));
    let mode = mode.clamp(low, high);
    let u = rng.unit();
    if high <= low {
        return low;
    }
    let split = (mode - low) / (high - low);
    if u < split {
        low + (u * (high - low) * (mode - low)).sqrt()
    } else {
        high - ((1.0 - u) * (high - low) * (high - mode)).sqrt()
    }
}

/// One draw of the uncertain inputs of the ranking.
#[derive(Debug, Clone, Copy)]
struct RankDraw {
    /// Half-lives (formal, short; minutes).
    half_life: [f64; 2],
    guesses: Guesses,
}

impl OptionSettings {
    /// One draw of the guesses behind the savings, each from a triangular distribution
    /// over its range with its central value the most likely (the leaving shares drawn
    /// independently, so a merge may lose as many staff as a closure).
    fn draw_guesses(&self, rng: &mut Rng) -> Guesses {
        let c = &self.costs;
        let central = self.guesses();
        let mut draw = |[low, high]: [f64; 2], mode: f64| triangular(rng, low, mode, high);
        let share = |r: [Share; 2]| r.map(Share::get);
        Guesses {
            satellite: draw(share(self.satellite_saving_share_range), central.satellite),
            severance: draw(c.severance_mvnd_per_staff_range.map(SeveranceMvnd::get), central.severance),
            salary: draw(c.salary_mvnd_per_staff_year_range.map(SalaryMvnd::get), central.salary),
            leaving: [
                draw(share(c.staff_leaving_close_range), central.leaving[0]),
                draw(share(c.staff_leaving_merge_range), central.leaving[1]),
                draw(share(c.staff_leaving_convert_range), central.leaving[2]),
            ],
        }
    }
}

/// Each option's rank over `rank_draws` seeded draws of the uncertain inputs: the 5th and
/// 95th percentile of its rank (nearest rank) and the share of the draws in which it ranks
/// among the first five. A draw takes the half-lives (triangular over the grid's range,
/// the central one the most likely) and the savings guesses
/// ([`OptionSettings::draw_guesses`]), re-reads each option's learners lost, travel support
/// and receivers' cost off its [`LossCurve`], recomputes its budget savings to the horizon,
/// and scores and ranks every option again; idle places, access and alignment (`fixed`)
/// keep their central criteria.
fn rank_ranges(
    b: &Baseline,
    evaluated: &[Evaluated],
    curves: &[LossCurve],
    grid: &HalfLifeGrid,
    fixed: &[[f64; 3]],
    ids: &[&str],
) -> Vec<(usize, usize, f64)> {
    use rayon::prelude::*;
    let n = b.settings.rank_draws.get();
    let mut rng = Rng::new(RANK_SEED);
    let draws: Vec<RankDraw> = (0..n)
        .map(|_| {
            let half_life = std::array::from_fn(|g| triangular(&mut rng, grid[g][0], grid[g][2], grid[g][4]));
            RankDraw { half_life, guesses: b.settings.draw_guesses(&mut rng) }
        })
        .collect();
    let w = b.settings.weights;
    let by_draw: Vec<Vec<usize>> = draws
        .par_iter()
        .map(|d| {
            let (net, kept): (Vec<f64>, Vec<f64>) = evaluated
                .iter()
                .zip(curves)
                .map(|(e, curve)| {
                    let t = curve.at(grid, d.half_life);
                    let kept = if e.displaced > 0.0 { 1.0 - t.lost / e.displaced } else { 1.0 };
                    let net = if b.ds.facilities[e.facility].self_financing {
                        b.settings.present_value(-t.budget_added_cost - t.support, 0.0, 1, b.years)
                    } else {
                        let (gross, one_off) =
                            savings_terms(b, e.facility, e.action, e.target, e.moving_share, &d.guesses);
                        b.settings.present_value(gross - t.support - t.receiver_added_cost, one_off, 1, b.years)
                    };
                    (net, kept)
                })
                .unzip();
            let s1 = percentile_by_sorting(&net, true);
            let scores: Vec<f64> = (0..evaluated.len())
                .map(|i| score(&w, [s1[i], kept[i], fixed[i][0], fixed[i][1], fixed[i][2]]))
                .collect();
            ranks(&scores, ids)
        })
        .collect();
    let nearest_rank = |p: f64| ((p * n as f64).ceil() as usize).clamp(1, n) - 1;
    (0..evaluated.len())
        .map(|i| {
            let mut r: Vec<usize> = by_draw.iter().map(|ranks| ranks[i]).collect();
            r.sort_unstable();
            let top5 = r.iter().filter(|&&x| x <= 5).count() as f64 / n as f64;
            (r[nearest_rank(0.05)], r[nearest_rank(0.95)], top5)
        })
        .collect()
}

/// [`percentile`] by sorting once (n log n rather than n^2): the rank draws score thousands
/// of options hundreds of times.
fn percentile_by_sorting(values: &[f64], higher_is_better: bool) -> Vec<f64> {
    let n = values.len();
    if n <= 1 {
        return vec![1.0; n];
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    values
        .iter()
        .map(|&v| {
            let below = sorted.partition_point(|&x| x < v);
            let up_to = sorted.partition_point(|&x| x <= v);
            let worse = if higher_is_better { below } else { n - up_to } as f64;
            let ties = (up_to - below) as f64 - 1.0;
            (worse + ties / 2.0) / (n - 1) as f64
        })
        .collect()
}

/// Slot of a level in [`nearest_by_level`].
pub(crate) fn level_slot(level: Level) -> usize {
    match level {
        Level::College => 0,
        Level::Intermediate => 1,
        Level::Elementary => 2,
        Level::Short => 3,
    }
}

/// Minutes from each commune to the nearest facility teaching each level (slots of
/// [`level_slot`]); None where no facility of the network teaches it.
pub(crate) fn nearest_by_level(ds: &Dataset, matrix: &TravelMatrix) -> Vec<[Option<f64>; 4]> {
    let index = ds.facility_index();
    let mut teaches = vec![[false; 4]; ds.facilities.len()];
    for p in ds.programs.iter().filter(|p| p.places > 0.0) {
        if let Some(&f) = index.get(p.facility_id.as_str()) {
            teaches[f][level_slot(p.level)] = true;
        }
    }
    (0..ds.areas.len())
        .map(|a| {
            let mut out = [None; 4];
            for (slot, best) in out.iter_mut().enumerate() {
                *best = (0..ds.facilities.len())
                    .filter(|&f| teaches[f][slot])
                    .map(|f| matrix.minutes(a, f))
                    .min_by(f64::total_cmp);
            }
            out
        })
        .collect()
}

/// People whose trip to the nearest facility teaching a level changes by more than
/// `threshold` minutes between two networks (or who have none left), for the levels of
/// `levels` only; the communes taught any of them before.
pub(crate) fn people_travel_rise(
    ds: &Dataset,
    before: &[[Option<f64>; 4]],
    after: &[[Option<f64>; 4]],
    levels: &[usize],
    threshold: f64,
) -> f64 {
    let rise = travel_rise_areas(before, after, levels, threshold);
    ds.areas.iter().zip(&rise).filter(|(_, r)| **r).map(|(area, _)| area.population).sum::<f64>() + 0.0 // an empty sum is -0.0
}

/// Which communes [`people_travel_rise`] counts: their trip to the nearest facility
/// teaching one of `levels` grows by more than `threshold` minutes (or none is left).
pub(crate) fn travel_rise_areas(
    before: &[[Option<f64>; 4]],
    after: &[[Option<f64>; 4]],
    levels: &[usize],
    threshold: f64,
) -> Vec<bool> {
    before
        .iter()
        .zip(after)
        .map(|(b, a)| {
            levels.iter().any(|&l| match (b[l], a[l]) {
                (Some(b), Some(x)) => x - b > threshold,
                (Some(_), None) => true,
                _ => false,
            })
        })
        .collect()
}

/// The travel-time change of one option: the people whose trip to the nearest facility
/// teaching a level the option moves grows by more than the threshold, and the displaced
/// learners' mean added minutes to the nearest facility teaching their level (the receiving
/// site `site` teaches what moves; the old site keeps teaching the rest when only a share `m`
/// moves).
fn travel_change(b: &Baseline, f: usize, changed: &[usize], site: Option<usize>, m: f64) -> (f64, f64) {
    let n_a = b.ds.areas.len();
    let list = &b.programmes.list;
    let mut levels: Vec<usize> = changed.iter().map(|&q| level_slot(list[q].level)).collect();
    levels.sort_unstable();
    levels.dedup();
    let mut f_teaches = [false; 4];
    for &q in b.programmes.by_facility.get(f).map_or(&[][..], |v| &v[..]) {
        f_teaches[level_slot(list[q].level)] = true;
    }
    let nearest_teaching = b.nearest_teaching();
    let min = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => Some(if y.total_cmp(&x).is_lt() { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    };
    let (mut before, mut after) = (vec![[None; 4]; n_a], vec![[None; 4]; n_a]);
    let (mut added, mut moved) = (0.0, 0.0);
    for &l in &levels {
        for a in 0..n_a {
            let first = nearest_teaching[a][l][0];
            // The nearest facility teaching the level other than f, and the new site.
            let other = nearest_other(&nearest_teaching[a][l], Some(f));
            let at_site = site.map(|t| b.matrix.minutes(a, t));
            // f still teaches when some of its learners stay (a satellite).
            let at_f = (f_teaches[l] && m < 1.0 - 1e-9).then(|| b.matrix.minutes(a, f));
            before[a][l] = first.map(|x| x.1);
            after[a][l] = min(min(other, at_f), at_site);
            let Some(to) = min(other, at_site) else { continue };
            for &q in changed.iter().filter(|&&q| level_slot(list[q].level) == l) {
                let n = b.attendance[0].origins[q][a] * m;
                added += n * (to - b.matrix.minutes(a, f)).max(0.0);
                moved += n;
            }
        }
    }
    let people = people_travel_rise(b.ds, &before, &after, &levels, b.settings.travel_rise_threshold_min.get());
    (people, if moved > 0.0 { added / moved } else { 0.0 })
}

impl Baseline<'_> {
    /// By commune and level slot, the two nearest facilities teaching the level.
    fn nearest_teaching(&self) -> &[[NearestTwo; 4]] {
        self.nearest_teaching.get_or_init(|| {
            let mut teaches = vec![[false; 4]; self.ds.facilities.len()];
            for p in self.programmes.list.iter().filter(|p| p.places > 0.0 || p.intake > 0.0) {
                teaches[p.facility][level_slot(p.level)] = true;
            }
            nearest_two_teaching(self.matrix, self.ds.areas.len(), &teaches)
        })
    }
}

/// By commune and level slot, the two nearest facilities that teach the level (`teaches`
/// by facility and level slot): the nearest other than a given facility is one of them.
pub(crate) fn nearest_two_teaching(
    matrix: &TravelMatrix,
    n_areas: usize,
    teaches: &[[bool; 4]],
) -> Vec<[NearestTwo; 4]> {
    (0..n_areas)
        .map(|a| {
            let mut two: [NearestTwo; 4] = [[None; 2]; 4];
            for (g, levels) in teaches.iter().enumerate() {
                let minutes = matrix.minutes(a, g);
                for (l, _) in levels.iter().enumerate().filter(|(_, t)| **t) {
                    let [first, second] = &mut two[l];
                    match *first {
                        Some((_, m)) if minutes.total_cmp(&m).is_ge() => {
                            if second.is_none_or(|(_, s)| minutes.total_cmp(&s).is_lt()) {
                                *second = Some((g, minutes));
                            }
                        }
                        _ => {
                            *second = *first;
                            *first = Some((g, minutes));
                        }
                    }
                }
            }
            two
        })
        .collect()
}

/// The minutes to the nearest of `two` other than facility `other_than`.
pub(crate) fn nearest_other(two: &NearestTwo, other_than: Option<usize>) -> Option<f64> {
    match *two {
        [Some((g, _)), second] if Some(g) == other_than => second,
        [first, _] => first,
    }
    .map(|x| x.1)
}

impl Baseline<'_> {
    /// Base-year learners of programme `q` by commune (central model).
    pub(crate) fn programme_origins(&self, q: usize) -> &[f64] {
        &self.attendance[0].origins[q]
    }
}

/// The option's score: 100 x the weighted mean of its five criteria, each 0-1, in the order
/// savings, learners kept, idle places removed, access kept, alignment.
pub(crate) fn score(w: &RankWeights, criteria: [f64; 5]) -> f64 {
    let weights = [w.savings, w.learners_lost, w.under_use, w.rural_access, w.alignment].map(Weight::get);
    let total: f64 = weights.iter().sum::<f64>().max(1e-12);
    100.0 * weights.iter().zip(criteria).map(|(w, c)| w * c).sum::<f64>() / total
}

/// Percentile rank of each value among all (0 = worst, 1 = best; ties share the average),
/// so that one very large option does not flatten the differences between the others.
pub(crate) fn percentile(values: &[f64], higher_is_better: bool) -> Vec<f64> {
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
pub(crate) fn pareto_front(points: &[(f64, f64)]) -> Vec<bool> {
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
