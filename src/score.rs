//! Stage 4, `score`: does the training on offer match the jobs, are we on track for the
//! targets, and how does each centre perform.
//!
//! In: a validated [`Dataset`], its [`TravelMatrix`] and [`ScoreSettings`]. Out: [`Scores`]
//! (alignment by occupation, commune and scope; KPIs with status and projection; centre
//! scores). Every formula is explained in `docs/METHODOLOGY.md`.
//!
//! Supply of an occupation = graduates of the base year; demand = openings of the base year,
//! so coverage ratios compare like with like. Demand at the horizon (base-year openings grown
//! once by the scenario's growth rates) sits beside it in its own fields (`demand_horizon`).
//! A commune's *accessible* supply counts only facilities within its reach, shared between
//! all communes that reach the facility in proportion to their labour force (a two-step
//! floating catchment, Luo & Wang 2003), so a commune 60 km from any welding course has no
//! welding supply whatever the province total says.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use crate::access::TravelMatrix;
use crate::check::Checks;
use crate::model::*;
use crate::settings::{FacilityCount, Growth, Share, Threshold};

mod cells;
mod projection;
mod zones;
pub(crate) use cells::{
    CellStatus, CellTotals, EntrantSettings, GroupAlignment, GroupCell, LevelGroup, Ranged, cells_where,
    entrant_factor, group_label, group_names, judged_by_outcome, occupation_groups,
};
pub(crate) use projection::{Calibration, ProjectionSettings, Term, Terms};
pub(crate) use zones::{Zone, ZoneSettings, Zones, top_cells};

/// Thresholds and parameters of the scoring stage; every default is documented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScoreSettings {
    /// Entrants below this times the openings make a shortage, over the whole range (0.8: a
    /// band of ±20%, a convention of this tool, not an ILO rule).
    pub(crate) shortage_below: Threshold,
    /// Entrants above this times the openings make a surplus, over the whole range (1.2).
    pub(crate) surplus_above: Threshold,
    /// Weight of the mix similarity (1 - D) in a commune's access to matching training
    /// (`training_access_by_area.csv`, no longer an alignment score); the rest goes to the
    /// matched share.
    pub(crate) mix_weight: Share,
    /// Utilisation below this flags a centre as under-used (0.5).
    pub(crate) under_used_below: Share,
    /// Utilisation above this flags a centre as over capacity (1.0).
    pub(crate) over_capacity_above: Threshold,
    /// Target of `employed_6m_formal` when neither the scenario nor `targets.csv` sets one:
    /// 80% for college and intermediate graduates (shared/DOMAIN.md norm).
    pub(crate) employed_6m_formal_norm: Share,
    /// ... of `employed_6m_short`: 70% for elementary and short courses (rural training
    /// programme of Decision 1956/QĐ-TTg).
    pub(crate) employed_6m_short_norm: Share,
    pub(crate) projection: ProjectionSettings,
    /// Graduates to labour-market entrants, openings to level groups (`cells`).
    pub(crate) entrants: EntrantSettings,
    /// Labour-market zones (`zones`).
    pub(crate) zones: ZoneSettings,
}

impl Default for ScoreSettings {
    fn default() -> Self {
        ScoreSettings {
            shortage_below: Threshold::constant(0.8),
            surplus_above: Threshold::constant(1.2),
            mix_weight: Share::constant(0.5),
            under_used_below: Share::constant(0.5),
            over_capacity_above: Threshold::constant(1.0),
            employed_6m_formal_norm: Share::constant(0.8),
            employed_6m_short_norm: Share::constant(0.7),
            projection: ProjectionSettings::default(),
            entrants: EntrantSettings::default(),
            zones: ZoneSettings::default(),
        }
    }
}

/// Targets from a scenario, overriding `targets.csv` (shares: 0.75 = 75%).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TargetOverrides {
    pub(crate) trained: Option<Share>,
    pub(crate) certified: Option<Share>,
    pub(crate) urban_unemployment_max: Option<Share>,
    pub(crate) poverty_reduction: Option<Share>,
    pub(crate) employed_6m: Option<Share>,
    pub(crate) employed_6m_formal: Option<Share>,
    pub(crate) employed_6m_short: Option<Share>,
    /// Year the overridden targets apply to (default: the horizon).
    pub(crate) year: Option<i32>,
    /// The network of 2020, the reference of Decision 73/QĐ-TTg's targets (public vocational
    /// facilities, public intermediate schools): the targets page compares the network with
    /// them; `[roadmap]` uses them when it sets none of its own.
    pub(crate) public_facilities_2020: Option<FacilityCount>,
    pub(crate) public_intermediate_2020: Option<FacilityCount>,
}

/// Demand growth by year, overall and by sector (0.03 = 3% a year).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DemandGrowth {
    pub(crate) growth: Growth,
    pub(crate) growth_by_sector: BTreeMap<SectorKey, Growth>,
}

impl ScoreSettings {
    /// The checks across settings (each value was checked into its type when read; see
    /// `docs/scenarios.md`).
    pub(crate) fn check(&self, c: &mut Checks) {
        let (shortage, surplus) = (self.shortage_below.get(), self.surplus_above.get());
        if shortage > surplus {
            c.problem(
                "shortage_below",
                format!("the shortage threshold {shortage} is above the surplus threshold {surplus}"),
            );
        }
        c.section("projection", |c| self.projection.check(c));
        c.section("entrants", |c| self.entrants.check(c));
    }
}

/// Sector names as TOML keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SectorKey {
    Agriculture,
    Industry,
    Services,
}

impl From<Sector> for SectorKey {
    fn from(s: Sector) -> SectorKey {
        match s {
            Sector::Agriculture => SectorKey::Agriculture,
            Sector::Industry => SectorKey::Industry,
            Sector::Services => SectorKey::Services,
        }
    }
}

impl From<SectorKey> for Sector {
    fn from(k: SectorKey) -> Sector {
        match k {
            SectorKey::Agriculture => Sector::Agriculture,
            SectorKey::Industry => Sector::Industry,
            SectorKey::Services => Sector::Services,
        }
    }
}

impl DemandGrowth {
    /// The growth the demand table's own years show, when no growth is set: by sector, the
    /// log-linear least-squares trend of total openings over the last five years up to the
    /// base year (at least three years with openings). Returns the growth and the years
    /// used, or `None` when the table has too few years (then demand stays flat).
    pub(crate) fn trend(ds: &Dataset, base_year: i32) -> Option<(DemandGrowth, [i32; 2])> {
        let sector_of: HashMap<&str, Sector> = ds.occupations.iter().map(|o| (o.code.as_str(), o.sector)).collect();
        let mut totals: BTreeMap<(SectorKey, i32), f64> = BTreeMap::new();
        for d in ds.demand.iter().filter(|d| (base_year - 4..=base_year).contains(&d.year)) {
            if let Some(&sector) = sector_of.get(d.occupation.as_str()) {
                *totals.entry((SectorKey::from(sector), d.year)).or_default() += d.openings;
            }
        }
        let mut growth = DemandGrowth::default();
        let mut span = [i32::MAX, i32::MIN];
        for key in [SectorKey::Agriculture, SectorKey::Industry, SectorKey::Services] {
            let points: Vec<(f64, f64)> = totals
                .range((key, i32::MIN)..=(key, i32::MAX))
                .filter(|(_, v)| **v > 0.0)
                .map(|((_, y), v)| (f64::from(*y), v.ln()))
                .collect();
            if points.len() < 3 {
                continue;
            }
            let n = points.len() as f64;
            let (mx, my) = (points.iter().map(|p| p.0).sum::<f64>() / n, points.iter().map(|p| p.1).sum::<f64>() / n);
            let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
            let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
            let rate = (sxy / sxx).exp() - 1.0;
            // A trend beyond +-50% a year is a data problem, not a forecast.
            if let Ok(rate) = Growth::new(rate) {
                growth.growth_by_sector.insert(key, rate);
                span = [span[0].min(points[0].0 as i32), span[1].max(points[points.len() - 1].0 as i32)];
            }
        }
        (!growth.growth_by_sector.is_empty()).then_some((growth, span))
    }

    pub(crate) fn rate(&self, sector: Sector) -> f64 {
        self.growth_by_sector
            .iter()
            .find(|(k, _)| Sector::from(**k) == sector)
            .map_or(self.growth.get(), |(_, r)| r.get())
    }

    /// Multiplier from the base year to `year`.
    pub(crate) fn factor(&self, sector: Sector, years: i32) -> f64 {
        (1.0 + self.rate(sector)).powi(years)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CoverageStatus {
    Shortage,
    Balanced,
    Surplus,
    NoDemand,
    NoSupply,
}

impl CoverageStatus {
    pub(crate) fn name(self) -> &'static str {
        match self {
            CoverageStatus::Shortage => "shortage",
            CoverageStatus::Balanced => "balanced",
            CoverageStatus::Surplus => "surplus",
            CoverageStatus::NoDemand => "no_demand",
            CoverageStatus::NoSupply => "no_supply",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct OccupationAlignment {
    pub(crate) code: String,
    pub(crate) name_vi: String,
    pub(crate) name_en: String,
    pub(crate) sector: Sector,
    pub(crate) supply: f64,
    pub(crate) demand: f64,
    /// Openings at the horizon: `demand` grown once by the scenario's growth.
    pub(crate) demand_horizon: f64,
    /// Base-year supply over base-year demand.
    pub(crate) coverage_ratio: Option<f64>,
    pub(crate) status: CoverageStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct AreaAlignment {
    pub(crate) area_id: String,
    pub(crate) name: String,
    pub(crate) urban: bool,
    pub(crate) accessible_supply: f64,
    /// Base-year openings.
    pub(crate) demand: f64,
    /// Openings at the horizon.
    pub(crate) demand_horizon: f64,
    pub(crate) coverage_ratio: Option<f64>,
    pub(crate) alignment: Alignment,
}

/// The three alignment measures of one supply/demand pair of vectors.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Alignment {
    /// D = 1/2 sum |s_k/S - d_k/D|: 0 = same mix, 1 = disjoint.
    pub(crate) dissimilarity: Option<f64>,
    /// sum min(s_k, d_k) / sum d_k.
    pub(crate) matched_share: Option<f64>,
    /// 100 x (w (1 - D) + (1 - w) matched share).
    pub(crate) score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScopeAlignment {
    /// `province`, `rural`, `urban`, or a sector name.
    pub(crate) scope: String,
    pub(crate) supply: f64,
    /// Base-year openings.
    pub(crate) demand: f64,
    /// Openings at the horizon.
    pub(crate) demand_horizon: f64,
    pub(crate) alignment: Alignment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum KpiStatus {
    Met,
    OnTrack,
    OffTrack,
    /// Not met, and nothing to project from (no previous value, no series): neither on nor
    /// off track.
    NoTrendData,
    NoData,
}

impl KpiStatus {
    pub(crate) fn name(self) -> &'static str {
        match self {
            KpiStatus::Met => "met",
            KpiStatus::OnTrack => "on_track",
            KpiStatus::OffTrack => "off_track",
            KpiStatus::NoTrendData => "no_trend_data",
            KpiStatus::NoData => "no_data",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpi {
    pub(crate) indicator: Indicator,
    pub(crate) value: Option<f64>,
    pub(crate) target: Option<f64>,
    pub(crate) target_year: Option<i32>,
    /// Target minus value for "at least" indicators; value minus target for "at most" ones:
    /// positive = still to go.
    pub(crate) gap: Option<f64>,
    pub(crate) status: KpiStatus,
    /// First year the target is reached at the current pace (the base year when met).
    pub(crate) projected_year: Option<i32>,
    /// The same under the early and late assumptions (the highest and lowest
    /// paths over the ranges of [`ProjectionSettings`]); `None` where the indicator has no such range.
    pub(crate) projected_year_early: Option<i32>,
    pub(crate) projected_year_late: Option<i32>,
    pub(crate) source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct FacilityScore {
    pub(crate) facility_id: String,
    pub(crate) name: String,
    pub(crate) kind: FacilityKind,
    pub(crate) ownership: Ownership,
    pub(crate) places: f64,
    pub(crate) intake: f64,
    pub(crate) graduates: f64,
    pub(crate) utilisation: Option<f64>,
    pub(crate) employment_rate: Option<f64>,
    pub(crate) cost_per_graduate_mvnd: Option<f64>,
    pub(crate) rural_share: Option<f64>,
    pub(crate) poor_share: Option<f64>,
    /// Shares of the facility's base-year graduates trained in a cell (occupation group x
    /// level group) of the province with a sure shortage, and with a sure surplus
    /// (`alignment_by_group.csv`).
    pub(crate) shortage_graduates_share: Option<f64>,
    pub(crate) surplus_graduates_share: Option<f64>,
    pub(crate) flags: Vec<&'static str>,
}

/// Share trajectories from the base year to the horizon (for charts and scenarios), with
/// what the projection rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Trajectory {
    pub(crate) indicator: Indicator,
    /// The central path, base year to horizon.
    pub(crate) points: Vec<(i32, f64)>,
    /// The lowest and highest paths over the corners of the ranges (and, with history, the
    /// calibrated inflow's 95% interval), base year to horizon.
    pub(crate) low: Vec<(i32, f64)>,
    pub(crate) high: Vec<(i32, f64)>,
    /// The `history` values up to the base year.
    pub(crate) observed: Vec<(i32, f64)>,
    /// The fit to the history (three observed years or more).
    pub(crate) calibration: Option<Calibration>,
    /// What moves the central path from the base year to the horizon (share points).
    pub(crate) terms: Terms,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    pub(crate) base_year: i32,
    pub(crate) horizon: i32,
    pub(crate) by_occupation: Vec<OccupationAlignment>,
    pub(crate) by_area: Vec<AreaAlignment>,
    /// Entrants against openings by occupation group and level group, in people.
    pub(crate) by_group: GroupAlignment,
    /// The same by labour-market zone.
    pub(crate) zones: Zones,
    pub by_scope: Vec<ScopeAlignment>,
    pub kpis: Vec<Kpi>,
    pub(crate) facilities: Vec<FacilityScore>,
    pub(crate) trajectories: Vec<Trajectory>,
    /// Base-year enrolment rows without `rural`: counted neither rural nor urban.
    pub(crate) residence_unknown: ResidenceUnknown,
    /// Facilities with graduates that reach no commune with a labour force: their
    /// graduates are missing from every commune's accessible supply.
    pub(crate) unreached_facilities: Vec<String>,
}

/// Learners whose residence (rural or urban) the enrolment table does not give.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) struct ResidenceUnknown {
    pub(crate) rows: usize,
    pub(crate) intake: f64,
    pub(crate) graduates: f64,
}

impl Scores {
    pub(crate) fn kpi(&self, indicator: Indicator) -> Option<&Kpi> {
        self.kpis.iter().find(|k| k.indicator == indicator)
    }

    pub(crate) fn scope(&self, scope: &str) -> Option<&ScopeAlignment> {
        self.by_scope.iter().find(|s| s.scope == scope)
    }
}

/// What a scoring run needs besides the data.
#[derive(Debug, Clone)]
pub struct ScoreInput<'a> {
    pub base_year: i32,
    pub horizon: i32,
    pub settings: &'a ScoreSettings,
    pub growth: &'a DemandGrowth,
    pub targets: &'a TargetOverrides,
    /// Graduates entering the labour force each year from the base year (a scenario's
    /// network changing over time); the last year's flows continue after. `None`: the base
    /// year's flows every year.
    pub flows: Option<&'a [YearFlows]>,
    /// The travel estimates behind the labour-market zones.
    pub access: &'a crate::access::AccessSettings,
}

/// Yearly flows of graduates into the labour force.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearFlows {
    pub(crate) graduates: f64,
    pub(crate) certified: f64,
}

/// Scores a dataset. Pure: same inputs, same outputs.
pub fn score(ds: &Dataset, matrix: &TravelMatrix, input: &ScoreInput) -> Scores {
    let ctx = Context::new(ds, input);
    let by_occupation = occupation_alignment(ds, &ctx, input);
    let by_area = area_alignment(ds, &ctx, matrix, input.settings);
    let by_scope = scope_alignment(ds, &ctx, input.settings);
    let by_group = cells::group_alignment(ds, input.base_year, &ctx.growth_factor, input.settings);
    let zones = zones::zones(ds, input.base_year, &ctx.growth_factor, &by_group, input.settings, input.access);
    let (kpis, trajectories) = kpis(ds, input);
    let facilities = facility_scores(ds, input, &kpis, &by_group);
    let unreached_facilities = unreached_facilities(ds, &ctx.graduates, matrix)
        .into_iter()
        .map(|f| ds.facilities[f].facility_id.clone())
        .collect();
    Scores {
        base_year: input.base_year,
        horizon: input.horizon,
        by_occupation,
        by_area,
        by_group,
        zones,
        by_scope,
        kpis,
        facilities,
        trajectories,
        residence_unknown: ctx.residence_unknown,
        unreached_facilities,
    }
}

/// Base-year aggregates shared by the measures, indexed by occupation position.
struct Context {
    n_occ: usize,
    /// Graduates by facility x occupation (dense); rural graduates, and graduates of rows
    /// that do not say how many learners are rural.
    graduates: Vec<Vec<f64>>,
    rural_graduates: Vec<Vec<f64>>,
    unknown_residence_graduates: Vec<Vec<f64>>,
    residence_unknown: ResidenceUnknown,
    /// Base-year openings by commune x occupation (province-wide rows spread by labour force).
    demand: Vec<Vec<f64>>,
    /// Multiplier of each occupation's openings from the base year to the horizon.
    growth_factor: Vec<f64>,
}

impl Context {
    fn new(ds: &Dataset, input: &ScoreInput) -> Self {
        let year = input.base_year;
        let n_occ = ds.occupations.len();
        let occ_index: HashMap<String, usize> =
            ds.occupations.iter().enumerate().map(|(i, o)| (o.code.clone(), i)).collect();
        let fac_index = ds.facility_index();
        let area_index = ds.area_index();
        let mut graduates = vec![vec![0.0; n_occ]; ds.facilities.len()];
        let mut rural_graduates = vec![vec![0.0; n_occ]; ds.facilities.len()];
        let mut unknown_residence_graduates = vec![vec![0.0; n_occ]; ds.facilities.len()];
        let mut residence_unknown = ResidenceUnknown::default();
        for e in ds.enrolment.iter().filter(|e| e.year == year) {
            let (Some(&f), Some(&k)) = (fac_index.get(e.facility_id.as_str()), occ_index.get(&e.occupation)) else {
                continue;
            };
            let g = e.graduates.unwrap_or(0.0);
            graduates[f][k] += g;
            // A missing `rural` is unknown, not urban: such graduates count in neither scope.
            match e.rural {
                Some(r) => {
                    let rural_share = if e.intake > 0.0 { r / e.intake } else { 0.0 };
                    rural_graduates[f][k] += g * rural_share;
                }
                None => {
                    unknown_residence_graduates[f][k] += g;
                    residence_unknown.rows += 1;
                    residence_unknown.intake += e.intake;
                    residence_unknown.graduates += g;
                }
            }
        }
        let mut demand = vec![vec![0.0; n_occ]; ds.areas.len()];
        let mut province_lf: HashMap<&str, f64> = HashMap::default();
        for a in &ds.areas {
            *province_lf.entry(a.province_id.as_str()).or_default() += a.labour_force;
        }
        for d in ds.demand.iter().filter(|d| d.year == year) {
            let Some(&k) = occ_index.get(&d.occupation) else { continue };
            match &d.scope {
                DemandScope::Area(id) => {
                    if let Some(&a) = area_index.get(id.as_str()) {
                        demand[a][k] += d.openings;
                    }
                }
                DemandScope::Province(p) => {
                    let total = province_lf.get(p.as_str()).copied().unwrap_or(0.0);
                    if total > 0.0 {
                        for (a, area) in ds.areas.iter().enumerate().filter(|(_, a)| &a.province_id == p) {
                            demand[a][k] += d.openings * area.labour_force / total;
                        }
                    }
                }
            }
        }
        let years = input.horizon - input.base_year;
        let growth_factor = ds.occupations.iter().map(|o| input.growth.factor(o.sector, years)).collect();
        Context {
            n_occ,
            graduates,
            rural_graduates,
            unknown_residence_graduates,
            residence_unknown,
            demand,
            growth_factor,
        }
    }

    /// Openings at the horizon of a base-year demand vector.
    fn grown(&self, demand: &[f64]) -> Vec<f64> {
        demand.iter().zip(&self.growth_factor).map(|(d, g)| d * g).collect()
    }

    fn supply_by_occupation(&self, facilities: impl Iterator<Item = usize>) -> Vec<f64> {
        let mut s = vec![0.0; self.n_occ];
        for f in facilities {
            add(&mut s, &self.graduates[f]);
        }
        s
    }

    fn demand_by_occupation(&self, areas: impl Iterator<Item = usize>) -> Vec<f64> {
        let mut d = vec![0.0; self.n_occ];
        for a in areas {
            add(&mut d, &self.demand[a]);
        }
        d
    }
}

fn add(total: &mut [f64], part: &[f64]) {
    for (t, p) in total.iter_mut().zip(part) {
        *t += p;
    }
}

/// Supply/demand of one occupation: `None` when there is no demand.
pub(crate) fn coverage_ratio(supply: f64, demand: f64) -> Option<f64> {
    (demand > 0.0).then(|| supply / demand)
}

pub(crate) fn coverage_status(supply: f64, demand: f64, settings: &ScoreSettings) -> CoverageStatus {
    match (supply > 0.0, demand > 0.0) {
        (_, false) => CoverageStatus::NoDemand,
        (false, true) => CoverageStatus::NoSupply,
        _ => {
            let ratio = supply / demand;
            if ratio < settings.shortage_below.get() {
                CoverageStatus::Shortage
            } else if ratio > settings.surplus_above.get() {
                CoverageStatus::Surplus
            } else {
                CoverageStatus::Balanced
            }
        }
    }
}

/// Dissimilarity, matched share and score of a supply vector against a demand vector.
/// With no demand every measure is undefined; with demand but no supply, D = 1 and the
/// matched share is 0.
pub(crate) fn alignment(supply: &[f64], demand: &[f64], mix_weight: f64) -> Alignment {
    let s_total: f64 = supply.iter().sum();
    let d_total: f64 = demand.iter().sum();
    if d_total <= 0.0 {
        return Alignment { dissimilarity: None, matched_share: None, score: None };
    }
    let dissimilarity = if s_total <= 0.0 {
        1.0
    } else {
        0.5 * supply.iter().zip(demand).map(|(s, d)| (s / s_total - d / d_total).abs()).sum::<f64>()
    };
    let matched: f64 = supply.iter().zip(demand).map(|(s, d)| s.min(*d)).sum();
    let matched_share = matched / d_total;
    let score = 100.0 * (mix_weight * (1.0 - dissimilarity) + (1.0 - mix_weight) * matched_share);
    Alignment { dissimilarity: Some(dissimilarity), matched_share: Some(matched_share), score: Some(score) }
}

fn occupation_alignment(ds: &Dataset, ctx: &Context, input: &ScoreInput) -> Vec<OccupationAlignment> {
    let supply = ctx.supply_by_occupation(0..ds.facilities.len());
    let demand = ctx.demand_by_occupation(0..ds.areas.len());
    let demand_horizon = ctx.grown(&demand);
    ds.occupations
        .iter()
        .enumerate()
        .map(|(k, o)| OccupationAlignment {
            code: o.code.clone(),
            name_vi: o.name_vi.clone(),
            name_en: o.name_en.clone(),
            sector: o.sector,
            supply: supply[k],
            demand: demand[k],
            demand_horizon: demand_horizon[k],
            coverage_ratio: coverage_ratio(supply[k], demand[k]),
            status: coverage_status(supply[k], demand[k], input.settings),
        })
        .collect()
}

/// Accessible supply of every commune (two-step floating catchment weighted by labour force).
pub(crate) fn accessible_supply(ds: &Dataset, graduates: &[Vec<f64>], matrix: &TravelMatrix) -> Vec<Vec<f64>> {
    let n_occ = graduates.first().map_or(ds.occupations.len(), Vec::len);
    let mut out = vec![vec![0.0; n_occ]; ds.areas.len()];
    for (f, grads) in graduates.iter().enumerate() {
        // A facility teaches a few occupations: adding its zeros changes no sum.
        let taught: Vec<(usize, f64)> = grads.iter().copied().enumerate().filter(|&(_, g)| g != 0.0).collect();
        if taught.is_empty() {
            continue;
        }
        let reach: Vec<usize> = (0..ds.areas.len()).filter(|&a| matrix.within_reach(a, f)).collect();
        let lf: f64 = reach.iter().map(|&a| ds.areas[a].labour_force).sum();
        if lf <= 0.0 {
            continue;
        }
        for &a in &reach {
            let share = ds.areas[a].labour_force / lf;
            for &(o, g) in &taught {
                out[a][o] += g * share;
            }
        }
    }
    out
}

/// Facilities with graduates whose catchment holds no labour force: [`accessible_supply`]
/// cannot share their graduates with anyone, so the caller must say so.
pub(crate) fn unreached_facilities(ds: &Dataset, graduates: &[Vec<f64>], matrix: &TravelMatrix) -> Vec<usize> {
    (0..ds.facilities.len())
        .filter(|&f| graduates.get(f).is_some_and(|g| g.iter().sum::<f64>() > 0.0))
        .filter(|&f| {
            let lf: f64 =
                (0..ds.areas.len()).filter(|&a| matrix.within_reach(a, f)).map(|a| ds.areas[a].labour_force).sum();
            lf <= 0.0
        })
        .collect()
}

fn area_alignment(ds: &Dataset, ctx: &Context, matrix: &TravelMatrix, settings: &ScoreSettings) -> Vec<AreaAlignment> {
    let accessible = accessible_supply(ds, &ctx.graduates, matrix);
    ds.areas
        .iter()
        .enumerate()
        .map(|(a, area)| {
            let s: f64 = accessible[a].iter().sum();
            let d: f64 = ctx.demand[a].iter().sum();
            AreaAlignment {
                area_id: area.area_id.clone(),
                name: area.name.clone(),
                urban: area.urban,
                accessible_supply: s,
                demand: d,
                demand_horizon: ctx.grown(&ctx.demand[a]).iter().sum(),
                coverage_ratio: coverage_ratio(s, d),
                alignment: alignment(&accessible[a], &ctx.demand[a], settings.mix_weight.get()),
            }
        })
        .collect()
}

fn scope_alignment(ds: &Dataset, ctx: &Context, settings: &ScoreSettings) -> Vec<ScopeAlignment> {
    let w = settings.mix_weight.get();
    let supply = ctx.supply_by_occupation(0..ds.facilities.len());
    let demand = ctx.demand_by_occupation(0..ds.areas.len());
    let mut rural_supply = vec![0.0; ctx.n_occ];
    for r in &ctx.rural_graduates {
        add(&mut rural_supply, r);
    }
    let mut unknown_supply = vec![0.0; ctx.n_occ];
    for u in &ctx.unknown_residence_graduates {
        add(&mut unknown_supply, u);
    }
    let urban_supply: Vec<f64> =
        supply.iter().zip(&rural_supply).zip(&unknown_supply).map(|((s, r), u)| (s - r - u).max(0.0)).collect();
    let rural_demand = ctx.demand_by_occupation((0..ds.areas.len()).filter(|&a| !ds.areas[a].urban));
    let urban_demand = ctx.demand_by_occupation((0..ds.areas.len()).filter(|&a| ds.areas[a].urban));
    let row = |scope: &str, s: &[f64], d: &[f64]| ScopeAlignment {
        scope: scope.to_string(),
        supply: s.iter().sum(),
        demand: d.iter().sum(),
        demand_horizon: ctx.grown(d).iter().sum(),
        alignment: alignment(s, d, w),
    };
    let mut rows = vec![
        row("province", &supply, &demand),
        row("rural", &rural_supply, &rural_demand),
        row("urban", &urban_supply, &urban_demand),
    ];
    for sector in Sector::ALL {
        let mask = |v: &[f64]| -> Vec<f64> {
            ds.occupations.iter().zip(v).map(|(o, x)| if o.sector == sector { *x } else { 0.0 }).collect()
        };
        let (s, d) = (mask(&supply), mask(&demand));
        rows.push(row(sector.name(), &s, &d));
    }
    rows
}

/// How far the projection looks for "the year we reach the target".
const PROJECTION_LIMIT_YEARS: i32 = 40;

fn kpis(ds: &Dataset, input: &ScoreInput) -> (Vec<Kpi>, Vec<Trajectory>) {
    let base = input.base_year;
    let sum = |f: &dyn Fn(&Area) -> Option<f64>, filter: &dyn Fn(&Area) -> bool| -> (f64, f64, bool) {
        let mut num = 0.0;
        let mut den = 0.0;
        let mut any = false;
        for a in ds.areas.iter().filter(|a| filter(a)) {
            if let Some(v) = f(a) {
                num += v;
                den += a.labour_force;
                any = true;
            }
        }
        (num, den, any)
    };
    let all = |_: &Area| true;
    let (trained, lf_trained, has_trained) = sum(&|a| a.trained, &all);
    let (certified, lf_certified, has_certified) = sum(&|a| a.certified, &all);
    let (unemployed, lf_urban, has_unemployed) = sum(&|a| a.unemployed, &|a| a.urban);
    let households: f64 = ds.areas.iter().filter_map(|a| a.households).sum();
    let poor: Option<f64> = ds.areas.iter().map(|a| a.poor_households).sum();
    let poor_prev: Option<f64> = ds.areas.iter().map(|a| a.poor_households_prev).sum();
    let [trained_stock, certified_stock] = [
        (Indicator::Trained, trained, lf_trained, has_trained),
        (Indicator::Certified, certified, lf_certified, has_certified),
    ]
    .map(|(indicator, stock, lf, has)| stock_projection(ds, input, indicator, has.then(|| stock / lf), lf));
    let (trained_paths, certified_paths) = (&trained_stock.0, &certified_stock.0);

    let mut kpis = Vec::new();
    for indicator in Indicator::ALL {
        let group = EmploymentGroup::of(indicator);
        let (value, projection): (Option<f64>, Projection) = match indicator {
            Indicator::Trained => (has_trained.then(|| trained / lf_trained), Projection::Paths(trained_paths)),
            Indicator::Certified => {
                (has_certified.then(|| certified / lf_certified), Projection::Paths(certified_paths))
            }
            // One year of unemployment: a trend only from the history table.
            Indicator::UrbanUnemployment => (
                (has_unemployed && lf_urban > 0.0).then(|| unemployed / lf_urban),
                history_trend(ds, HistoryIndicator::UrbanUnemployment, base)
                    .map_or(Projection::Unavailable, Projection::Trend),
            ),
            Indicator::PovertyReduction => match (poor, poor_prev) {
                (Some(now), Some(prev)) if households > 0.0 => {
                    (Some((prev - now) / households), Projection::Unavailable)
                }
                _ => (None, Projection::Unavailable),
            },
            Indicator::Employed6m | Indicator::Employed6mFormal | Indicator::Employed6mShort => {
                let group = group.expect("an employment indicator has a group");
                let (employed, graduates) = employment(ds, base, group);
                let value = (graduates > 0.0).then(|| employed / graduates);
                // The enrolment table's years, else the history table's.
                let from_history = match group {
                    EmploymentGroup::All => HistoryIndicator::Employed6m,
                    EmploymentGroup::Formal => HistoryIndicator::Employed6mFormal,
                    EmploymentGroup::Short => HistoryIndicator::Employed6mShort,
                };
                let trend = employment_trend(ds, base, group).or_else(|| history_trend(ds, from_history, base));
                (value, trend.map_or(Projection::Unavailable, Projection::Trend))
            }
        };
        let (target, target_year, source) = target_for(ds, indicator, input);
        kpis.push(assess(indicator, value, target, target_year, source, base, projection));
    }
    pooled_follows_its_groups(&mut kpis);
    (kpis, vec![trained_stock.1, certified_stock.1])
}

/// The pooled employment rate mixes the two groups: when both meet their targets or are on
/// track, it cannot read behind (its own trend may lag while the mix shifts towards the
/// group with the lower norm). Its status is then the groups' (met only when both are).
fn pooled_follows_its_groups(kpis: &mut [Kpi]) {
    let status = |i: Indicator| kpis.iter().find(|k| k.indicator == i).map(|k| k.status);
    let groups = [status(Indicator::Employed6mFormal), status(Indicator::Employed6mShort)];
    let good = |s: Option<KpiStatus>| matches!(s, Some(KpiStatus::Met | KpiStatus::OnTrack));
    if !groups.iter().all(|s| good(*s)) {
        return;
    }
    let derived = if groups.iter().all(|s| *s == Some(KpiStatus::Met)) { KpiStatus::Met } else { KpiStatus::OnTrack };
    if let Some(pooled) = kpis.iter_mut().find(|k| k.indicator == Indicator::Employed6m)
        && matches!(pooled.status, KpiStatus::OffTrack | KpiStatus::NoTrendData)
    {
        pooled.status = derived;
    }
}

/// The projection of one stock share (trained or certified): its central, early and late
/// paths (index = years after the base year, [`PROJECTION_LIMIT_YEARS`] of them) and the
/// trajectory to the horizon with what it rests on. With three years of `history` or more,
/// the other inflow is calibrated to them and the paths continue from the last observed
/// value; else they start from the base year's `value` with the settings' inflow.
fn stock_projection(
    ds: &Dataset,
    input: &ScoreInput,
    indicator: Indicator,
    value: Option<f64>,
    labour_force: f64,
) -> ([Vec<f64>; 3], Trajectory) {
    let base = input.base_year;
    let p = &input.settings.projection;
    let certified = indicator == Indicator::Certified;
    let g = p.labour_force_growth.get();
    // Graduates of a year: the scenario's flows from the base year (the last continues), the
    // enrolment table's before it (the nearest year it has).
    let mut by_year: BTreeMap<i32, f64> = BTreeMap::new();
    for e in ds.enrolment.iter().filter(|e| e.year <= base) {
        let v = if certified { e.certified } else { e.graduates };
        *by_year.entry(e.year).or_default() += v.unwrap_or(0.0);
    }
    let base_flow = by_year.get(&base).copied().unwrap_or(0.0);
    let scenario_flows: Vec<f64> = match input.flows {
        Some(flows) => flows.iter().map(|f| if certified { f.certified } else { f.graduates }).collect(),
        None => vec![base_flow],
    };
    let graduates = |year: i32| -> f64 {
        if year >= base {
            let i = (year - base) as usize;
            scenario_flows.get(i).or(scenario_flows.last()).copied().unwrap_or(0.0)
        } else {
            by_year.iter().min_by_key(|(y, _)| ((**y - year).abs(), **y)).map_or(base_flow, |(_, v)| *v)
        }
    };
    let per_worker = |year: i32| -> f64 {
        let lf = labour_force * (1.0 + g).powi(year - base);
        if lf > 0.0 { graduates(year) / lf } else { 0.0 }
    };

    // The history of this share up to the base year: a province's own rows when it has any.
    let rows: Vec<&HistoryPoint> =
        ds.history.iter().filter(|h| h.indicator.stock() == Some(indicator) && h.year <= base).collect();
    let scoped = rows.iter().any(|h| h.scope.is_some());
    let mut observed: Vec<(i32, f64)> =
        rows.iter().filter(|h| h.scope.is_some() == scoped).map(|h| (h.year, h.value)).collect();
    observed.sort_by_key(|o| o.0);
    observed.dedup_by_key(|o| o.0);

    // The entrants' reference share: the value the projection starts from.
    let calibrates = observed.len() >= 3;
    let reference = observed.last().filter(|_| calibrates).map(|o| o.1).or(value).unwrap_or(0.0);
    let calibration = projection::calibrate(&p.cohort(indicator, reference), &observed, &per_worker);
    let years = PROJECTION_LIMIT_YEARS as usize;
    let horizon_years = (input.horizon - base).max(0) as usize;
    // A path from the anchor (the last observed value, else the base year's value) with the
    // other inflow `other`: index 0 = the base year.
    let run = |cohort: projection::Cohort| -> (Vec<f64>, Terms) {
        let (mut year, mut s) = match calibration {
            Some(c) => c.anchor,
            None => (base, value.unwrap_or(0.0)),
        };
        while year < base {
            s = cohort.step(s, per_worker(year)).0.clamp(0.0, 1.0);
            year += 1;
        }
        cohort.path(s, years, |i| per_worker(base + i as i32), horizon_years)
    };
    let calibrated = |settings: &ProjectionSettings, shift: f64| -> projection::Cohort {
        let cohort = settings.cohort(indicator, reference);
        match calibration {
            Some(_) => {
                let fit = projection::calibrate(&cohort, &observed, &per_worker);
                let (other, half) = fit.map_or((cohort.other, 0.0), |f| (f.other, f.other_half_width));
                projection::Cohort { other: other + shift * half, ..cohort }
            }
            None => cohort,
        }
    };
    let (central, terms) = run(calibrated(p, 0.0));
    let mut high = central.clone();
    let mut low = central.clone();
    for corner in p.corners() {
        for shift in [-1.0, 1.0] {
            let (path, _) = run(calibrated(&corner, shift));
            for (i, v) in path.iter().enumerate() {
                high[i] = high[i].max(*v);
                low[i] = low[i].min(*v);
            }
        }
    }
    let to_horizon =
        |path: &[f64]| path.iter().take(horizon_years + 1).enumerate().map(|(i, v)| (base + i as i32, *v)).collect();
    let trajectory = Trajectory {
        indicator,
        points: to_horizon(&central),
        low: to_horizon(&low),
        high: to_horizon(&high),
        observed,
        calibration,
        terms,
    };
    ([central, high, low], trajectory)
}

/// Which graduates an employment indicator counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EmploymentGroup {
    All,
    /// College and intermediate.
    Formal,
    /// Elementary and short courses.
    Short,
}

impl EmploymentGroup {
    fn of(indicator: Indicator) -> Option<EmploymentGroup> {
        match indicator {
            Indicator::Employed6m => Some(EmploymentGroup::All),
            Indicator::Employed6mFormal => Some(EmploymentGroup::Formal),
            Indicator::Employed6mShort => Some(EmploymentGroup::Short),
            _ => None,
        }
    }

    fn counts(self, level: Level) -> bool {
        match self {
            EmploymentGroup::All => true,
            EmploymentGroup::Formal => level.is_formal(),
            EmploymentGroup::Short => !level.is_formal(),
        }
    }
}

/// Employed after 6 months and graduates of one year, over the rows that give both: a row
/// without `employed_6m` says nothing about its graduates' jobs, so it stays out of the
/// denominator too.
fn employment(ds: &Dataset, year: i32, group: EmploymentGroup) -> (f64, f64) {
    ds.enrolment
        .iter()
        .filter(|e| e.year == year && group.counts(e.level))
        .filter_map(|e| Some((e.employed_6m?, e.graduates?)))
        .fold((0.0, 0.0), |(emp, grad), (e, g)| (emp + e, grad + g))
}

/// What a KPI's projected year comes from.
#[derive(Clone, Copy)]
enum Projection<'a> {
    /// Yearly shares under the central, early and late assumptions (index = years after the
    /// base year).
    Paths(&'a [Vec<f64>; 3]),
    /// A linear trend of the value per year.
    Trend(Trend),
    /// Nothing to project from.
    Unavailable,
}

/// A least-squares yearly slope with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Trend {
    slope: f64,
    /// Half-width of the 95% interval of the slope: t(0.975, n - 2) x its standard error.
    half_width: f64,
}

/// Student's t quantile 0.975 for 1-10 degrees of freedom (tables), 1.96 beyond 30; so that
/// a trend through three points gets the wide interval it deserves.
fn t_975(df: usize) -> f64 {
    const TABLE: [f64; 10] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
    match df {
        0 => f64::INFINITY,
        1..=10 => TABLE[df - 1],
        11..=30 => 2.228 - (df as f64 - 10.0) * (2.228 - 2.042) / 20.0,
        _ => 1.96,
    }
}

/// Yearly change of the graduates' employment rate over the enrolment years (least squares),
/// from the years with at least three points, with the 95% interval of the slope.
fn employment_trend(ds: &Dataset, base: i32, group: EmploymentGroup) -> Option<Trend> {
    let mut by_year: BTreeMap<i32, (f64, f64)> = BTreeMap::new();
    for e in ds.enrolment.iter().filter(|e| e.year <= base && group.counts(e.level)) {
        if let (Some(g), Some(emp)) = (e.graduates, e.employed_6m) {
            let entry = by_year.entry(e.year).or_default();
            entry.0 += emp;
            entry.1 += g;
        }
    }
    let points: Vec<(f64, f64)> =
        by_year.iter().filter(|(_, (_, g))| *g > 0.0).map(|(y, (emp, g))| (f64::from(*y), emp / g)).collect();
    trend_of(&points)
}

/// The least-squares slope of (year, value) points with the 95% interval of the slope; none
/// with fewer than three points.
fn trend_of(points: &[(f64, f64)]) -> Option<Trend> {
    if points.len() < 3 {
        return None;
    }
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let residuals: f64 = points.iter().map(|p| (p.1 - my - slope * (p.0 - mx)).powi(2)).sum();
    let df = points.len() - 2;
    let se = (residuals / df as f64 / sxx).sqrt();
    Some(Trend { slope, half_width: t_975(df) * se })
}

/// The trend of an indicator's `history` up to the base year (a province's own rows when it
/// has any), from three years or more.
fn history_trend(ds: &Dataset, indicator: HistoryIndicator, base: i32) -> Option<Trend> {
    let rows: Vec<&HistoryPoint> = ds.history.iter().filter(|h| h.indicator == indicator && h.year <= base).collect();
    let scoped = rows.iter().any(|h| h.scope.is_some());
    let mut points: Vec<(f64, f64)> =
        rows.iter().filter(|h| h.scope.is_some() == scoped).map(|h| (f64::from(h.year), h.value)).collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    points.dedup_by(|a, b| a.0 == b.0);
    trend_of(&points)
}

/// The first year a linear path from `gap` to go at `per_year` closes it; none when the pace
/// does not move towards the target.
fn year_at_pace(base: i32, gap: f64, per_year: f64) -> Option<i32> {
    // A year's worth of rounding error (a gap of 0.02 at 0.005 a year is 4.000000000000001
    // years) is no extra year.
    (per_year > 1e-9).then(|| base + (gap / per_year - 1e-9).ceil() as i32)
}

/// The target of an indicator: a scenario override, else the row of `targets.csv` with the
/// earliest year not before the base year (else the latest row), else for the split
/// employment indicators the norm of the settings.
fn target_for(ds: &Dataset, indicator: Indicator, input: &ScoreInput) -> (Option<f64>, Option<i32>, Option<String>) {
    let o = input.targets;
    let overridden = match indicator {
        Indicator::Trained => o.trained,
        Indicator::Certified => o.certified,
        Indicator::UrbanUnemployment => o.urban_unemployment_max,
        Indicator::PovertyReduction => o.poverty_reduction,
        Indicator::Employed6m => o.employed_6m,
        Indicator::Employed6mFormal => o.employed_6m_formal,
        Indicator::Employed6mShort => o.employed_6m_short,
    };
    if let Some(value) = overridden {
        return (Some(value.get()), Some(o.year.unwrap_or(input.horizon)), Some("scenario".to_string()));
    }
    let mut rows: Vec<&Target> = ds.targets.iter().filter(|t| t.indicator == indicator).collect();
    rows.sort_by_key(|t| t.year);
    let chosen = rows.iter().find(|t| t.year >= input.base_year).or(rows.last());
    let settings = input.settings;
    match (chosen, indicator) {
        (Some(t), _) => (Some(t.value), Some(t.year), t.source.clone()),
        (None, Indicator::Employed6mFormal) => {
            (Some(settings.employed_6m_formal_norm.get()), Some(input.horizon), Some(FORMAL_NORM_SOURCE.to_string()))
        }
        (None, Indicator::Employed6mShort) => {
            (Some(settings.employed_6m_short_norm.get()), Some(input.horizon), Some(SHORT_NORM_SOURCE.to_string()))
        }
        // The pooled rate mixes both groups: held to one group's norm it reads "behind" while
        // both groups meet theirs. Its target is theirs weighted by the base year's graduates.
        (None, Indicator::Employed6m) => {
            let base = input.base_year;
            let parts = [
                (Indicator::Employed6mFormal, EmploymentGroup::Formal),
                (Indicator::Employed6mShort, EmploymentGroup::Short),
            ]
            .map(|(indicator, group)| (target_for(ds, indicator, input), employment(ds, base, group).1));
            let graduates: f64 = parts.iter().map(|p| p.1).sum();
            let weighted: Option<f64> = parts.iter().map(|((target, _, _), g)| target.map(|t| t * g / graduates)).sum();
            let year = parts.iter().filter_map(|((_, year, _), _)| *year).max();
            match weighted {
                Some(w) if graduates > 0.0 => (Some(w), year, Some(POOLED_SOURCE.to_string())),
                _ => (None, None, None),
            }
        }
        (None, _) => (None, None, None),
    }
}

/// Sources shown for the employment norms when `targets.csv` has no row for them.
pub(crate) const FORMAL_NORM_SOURCE: &str = "mặc định 80% cho cao đẳng, trung cấp (Chiến lược phát triển GDNN 2021-2030, QĐ 2239/QĐ-TTg) / \
     default 80% for college and intermediate (TVET strategy 2021-2030, Decision 2239/QĐ-TTg)";
pub(crate) const SHORT_NORM_SOURCE: &str = "mặc định 70% cho sơ cấp, ngắn hạn (đào tạo nghề cho lao động nông thôn, QĐ 1956/QĐ-TTg) / \
     default 70% for elementary and short courses (rural vocational training, Decision 1956/QĐ-TTg)";
pub(crate) const POOLED_SOURCE: &str = "bình quân mục tiêu hai nhóm theo số tốt nghiệp năm cơ sở / \
     the two groups' targets weighted by the base year's graduates";

fn assess(
    indicator: Indicator,
    value: Option<f64>,
    target: Option<f64>,
    target_year: Option<i32>,
    source: Option<String>,
    base: i32,
    projection: Projection,
) -> Kpi {
    let (Some(v), Some(t)) = (value, target) else {
        return Kpi {
            indicator,
            value,
            target,
            target_year,
            gap: None,
            status: KpiStatus::NoData,
            projected_year: None,
            projected_year_early: None,
            projected_year_late: None,
            source,
        };
    };
    let lower_is_better = indicator.lower_is_better();
    let gap = if lower_is_better { v - t } else { t - v };
    let meets = |x: f64| if lower_is_better { x <= t + 1e-12 } else { x >= t - 1e-12 };
    // Index i of a path is year base + i.
    let first_year = |path: &[f64]| path.iter().position(|&x| meets(x)).map(|i| base + i as i32);
    let (projected_year, projected_year_early, projected_year_late) = if meets(v) {
        (Some(base), Some(base), Some(base))
    } else {
        match projection {
            Projection::Paths([central, early, late]) => (first_year(central), first_year(early), first_year(late)),
            // Early with the top of the slope's 95% interval, late with its bottom.
            // Progress is a fall for an "at most" indicator.
            Projection::Trend(trend) => {
                let (gap, pace) = if lower_is_better { (v - t, -trend.slope) } else { (t - v, trend.slope) };
                (
                    year_at_pace(base, gap, pace),
                    year_at_pace(base, gap, pace + trend.half_width),
                    year_at_pace(base, gap, pace - trend.half_width),
                )
            }
            Projection::Unavailable => (None, None, None),
        }
    };
    let status = if meets(v) {
        KpiStatus::Met
    } else if projected_year.zip(target_year).is_some_and(|(p, ty)| p <= ty) {
        KpiStatus::OnTrack
    } else if matches!(projection, Projection::Unavailable) {
        KpiStatus::NoTrendData
    } else {
        KpiStatus::OffTrack
    };
    Kpi {
        indicator,
        value,
        target,
        target_year,
        gap: Some(gap),
        status,
        projected_year,
        projected_year_early,
        projected_year_late,
        source,
    }
}

/// Graduates of each facility in the province's sure-shortage and sure-surplus cells.
fn graduates_by_status(ds: &Dataset, base_year: i32, by_group: &GroupAlignment) -> Vec<[f64; 2]> {
    let status: HashMap<(&str, LevelGroup), CellStatus> =
        by_group.cells.iter().map(|c| ((c.group.as_str(), c.level_group), c.status)).collect();
    let groups = cells::occupation_groups(ds);
    let (fac_index, occ_index) = (ds.facility_index(), ds.occupation_index());
    let mut out = vec![[0.0; 2]; ds.facilities.len()];
    for e in ds.enrolment.iter().filter(|e| e.year == base_year) {
        let (Some(&f), Some(&k)) = (fac_index.get(e.facility_id.as_str()), occ_index.get(e.occupation.as_str())) else {
            continue;
        };
        for (group, share) in &groups[k] {
            let graduates = e.graduates.unwrap_or(0.0) * share;
            match status.get(&(group.as_str(), LevelGroup::of(e.level))) {
                Some(CellStatus::Shortage) => out[f][0] += graduates,
                Some(CellStatus::Surplus) => out[f][1] += graduates,
                _ => {}
            }
        }
    }
    out
}

fn facility_scores(ds: &Dataset, input: &ScoreInput, kpis: &[Kpi], by_group: &GroupAlignment) -> Vec<FacilityScore> {
    let by_status = graduates_by_status(ds, input.base_year, by_group);
    let settings = input.settings;
    let employment_target = kpis.iter().find(|k| k.indicator == Indicator::Employed6m).and_then(|k| k.target);
    let fac_index = ds.facility_index();
    // Each share is taken over the rows that give its numerator: intake, graduates,
    // employed, graduates of rows giving employed, rural, intake of rows giving rural, poor,
    // intake of rows giving poor.
    let mut totals: Vec<[f64; 8]> = vec![[0.0; 8]; ds.facilities.len()];
    for e in ds.enrolment.iter().filter(|e| e.year == input.base_year) {
        let Some(&f) = fac_index.get(e.facility_id.as_str()) else { continue };
        let t = &mut totals[f];
        t[0] += e.intake;
        t[1] += e.graduates.unwrap_or(0.0);
        if let (Some(employed), Some(graduates)) = (e.employed_6m, e.graduates) {
            t[2] += employed;
            t[3] += graduates;
        }
        if let Some(rural) = e.rural {
            t[4] += rural;
            t[5] += e.intake;
        }
        if let Some(poor) = e.poor {
            t[6] += poor;
            t[7] += e.intake;
        }
    }
    ds.facilities
        .iter()
        .enumerate()
        .map(|(f, facility)| {
            let [intake, graduates, employed, graduates_tracked, rural, intake_rural, poor, intake_poor] = totals[f];
            let utilisation = (facility.capacity > 0.0).then(|| intake / facility.capacity);
            let employment_rate = (graduates_tracked > 0.0).then(|| employed / graduates_tracked);
            let [shortage, surplus] = by_status[f];
            let mut flags = Vec::new();
            if utilisation.is_some_and(|u| u < settings.under_used_below.get()) {
                flags.push("under_used");
            }
            if utilisation.is_some_and(|u| u > settings.over_capacity_above.get()) {
                flags.push("over_capacity");
            }
            if let (Some(rate), Some(target)) = (employment_rate, employment_target)
                && rate < target
            {
                flags.push("low_employment");
            }
            FacilityScore {
                facility_id: facility.facility_id.clone(),
                name: facility.name.clone(),
                kind: facility.kind,
                ownership: facility.ownership,
                places: facility.capacity,
                intake,
                graduates,
                utilisation,
                employment_rate,
                cost_per_graduate_mvnd: (graduates > 0.0).then(|| facility.annual_cost_mvnd / graduates),
                rural_share: (intake_rural > 0.0).then(|| rural / intake_rural),
                poor_share: (intake_poor > 0.0).then(|| poor / intake_poor),
                shortage_graduates_share: (graduates > 0.0).then(|| shortage / graduates),
                surplus_graduates_share: (graduates > 0.0).then(|| surplus / graduates),
                flags,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
