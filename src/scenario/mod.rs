//! Stage 7, `scenario`: planner-written what-ifs, run against the baseline.
//!
//! In: a dataset and [`Scenario`]s (from TOML files, see `docs/scenarios.md`). Out: for each,
//! the network after its actions (optionally optimised), its scores at the horizon, its
//! consolidation options, a year-by-year projection to the horizon, an uncertainty band
//! and a row of the comparison table. Pure: the same dataset and scenario give the same
//! result, whatever else runs beside it.

pub(crate) mod actions;
pub(crate) mod cap;
pub(crate) mod equity;
pub(crate) mod file;
pub(crate) mod folder;
pub(crate) mod plan;
pub(crate) mod resolve;
pub(crate) mod roadmap;

use serde::Serialize;

use crate::access::attendance::{AttendanceModel, AttendanceSettings};
use crate::access::{AccessSettings, Decay, travel_matrix};
use crate::error::{Error, Issues};
use crate::model::{Dataset, DemandScope, Indicator, Ownership};
use crate::optimise::network::{self, NetworkModel, NetworkPlan, NetworkRequest};
use crate::options::{self, AreaAccess, ConsolidationOption, OptionSettings};
use crate::rng::Rng;
use crate::score::{self, DemandGrowth, KpiStatus, ScoreInput, ScoreSettings, Scores, TargetOverrides, YearFlows};
use crate::settings::{Count, Growth, LostLearnerMvnd, TravelCostMvnd};
pub(crate) use actions::{Action, ActionKind, Effects};
use file::{OptimiseModel, OptimiseSpec, UncertaintySpec};
pub(crate) use folder::folder_name;
pub(crate) use plan::Role;

/// Default planning horizon (the 2021-2030 strategy period).
pub(crate) const DEFAULT_HORIZON: i32 = 2030;

/// The base year of a dataset: its latest enrolment year.
pub(crate) fn base_year(ds: &Dataset) -> Result<i32, Error> {
    ds.latest_enrolment_year().ok_or_else(|| Error::Usage("the enrolment table has no rows: nothing to score".into()))
}

pub(crate) fn horizon_for(base_year: i32) -> i32 {
    if base_year < DEFAULT_HORIZON { DEFAULT_HORIZON } else { base_year + 5 }
}

/// A checked scenario, with every default filled in.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// What the run is for (see [`plan`]).
    pub(crate) role: Role,
    pub(crate) name: String,
    /// Safe folder name under the output folder.
    pub(crate) folder: String,
    pub(crate) description: Option<String>,
    pub(crate) description_vi: Option<String>,
    pub(crate) description_en: Option<String>,
    pub(crate) file: Option<String>,
    pub(crate) sha256: Option<String>,
    pub(crate) base_year: i32,
    pub(crate) horizon: i32,
    pub(crate) access: AccessSettings,
    /// A planner's `[decay]`: the same for every level, replacing the attendance model's.
    pub(crate) decay: Option<Decay>,
    pub(crate) attendance: AttendanceSettings,
    pub(crate) targets: TargetOverrides,
    pub(crate) growth: DemandGrowth,
    /// Years of the demand table the growth was taken from, when the scenario set none.
    pub(crate) growth_trend: Option<[i32; 2]>,
    pub(crate) scoring: ScoreSettings,
    pub(crate) options: OptionSettings,
    pub(crate) actions: Vec<Action>,
    pub optimise: Option<OptimiseSpec>,
    pub uncertainty: Option<UncertaintySpec>,
    /// The file's `[roads]` section (one network per run: see `pipeline::roads`).
    pub(crate) roads: Option<crate::access::roads::RoadsSpec>,
    /// The road network the run's times came from (`--roads`), for the report.
    pub(crate) roads_used: Option<crate::access::roads::RoadsUsed>,
    /// `[roadmap]`: the actions' years chosen under a yearly budget.
    pub(crate) roadmap: Option<roadmap::RoadmapSpec>,
}

impl Scenario {
    /// The description in Vietnamese (`vietnamese`) or English, else the one written as
    /// `description`.
    pub(crate) fn description_in(&self, vietnamese: bool) -> Option<&str> {
        let own = if vietnamese { &self.description_vi } else { &self.description_en };
        own.as_deref().or(self.description.as_deref())
    }

    /// The network as it is: no actions, default settings.
    pub(crate) fn baseline(ds: &Dataset) -> Result<Scenario, Error> {
        let base_year = base_year(ds)?;
        let trend = DemandGrowth::trend(ds, base_year);
        Ok(Scenario {
            role: Role::Baseline,
            name: "baseline".into(),
            folder: "baseline".into(),
            description: None,
            description_vi: None,
            description_en: None,
            file: None,
            sha256: None,
            base_year,
            horizon: horizon_for(base_year),
            access: AccessSettings::default(),
            decay: None,
            attendance: AttendanceSettings::default(),
            targets: TargetOverrides::default(),
            growth: trend.clone().map(|t| t.0).unwrap_or_default(),
            growth_trend: trend.map(|t| t.1),
            scoring: ScoreSettings::default(),
            options: OptionSettings::default(),
            actions: Vec::new(),
            optimise: None,
            uncertainty: None,
            roads: None,
            roads_used: None,
            roadmap: None,
        })
    }

    /// Reads a scenario from its TOML text and checks it against the dataset.
    pub fn from_toml(file: &str, source: &str, ds: &Dataset) -> Result<Scenario, Issues> {
        let spec = file::parse(file, source).map_err(|issue| Issues { items: vec![issue] })?;
        let data_year = base_year(ds).map_err(|e| {
            let mut issues = Issues::default();
            issues.error(file, None, None, e.to_string());
            issues
        })?;
        let base_year = spec.year.unwrap_or(data_year);
        let horizon = spec.horizon.unwrap_or_else(|| horizon_for(base_year));
        let mut issues = Issues::default();
        let line_of_key = |key: &str| source.lines().position(|l| l.trim_start().starts_with(key)).map(|i| i + 1);
        if !ds.enrolment.iter().any(|e| e.year == base_year) {
            issues.error(
                file,
                line_of_key("year"),
                Some("year"),
                format!("the data has no enrolment for the base year {base_year}"),
            );
        }
        if horizon <= base_year || horizon > base_year + 30 {
            issues.error(
                file,
                line_of_key("horizon"),
                Some("horizon"),
                format!("horizon {horizon} must be 1 to 30 years after the base year {base_year}"),
            );
        }
        file::check_settings(file, source, &spec, base_year, &mut issues);
        let trend = DemandGrowth::trend(ds, base_year);
        if let Some(optimise) = &spec.optimise {
            let line = file::line_of(source, optimise.span().start);
            let o = optimise.get_ref();
            for id in &o.keep {
                if !ds.facilities.iter().any(|f| &f.facility_id == id) {
                    issues.error(
                        file,
                        Some(line),
                        Some("keep"),
                        format!("unknown facility '{id}' (not in facilities.csv)"),
                    );
                }
            }
        }
        for id in spec.options.iter().flat_map(|o| &o.protected) {
            if !ds.facilities.iter().any(|f| &f.facility_id == id) {
                issues.error(
                    file,
                    line_of_key("protected"),
                    Some("protected"),
                    format!("unknown facility '{id}' (not in facilities.csv)"),
                );
            }
        }
        if let Some(r) = &spec.roadmap
            && r.schedule == Some(roadmap::RoadmapOf::Cap)
            && (!spec.actions.is_empty() || spec.optimise.is_some())
        {
            issues.error(
                file,
                line_of_key("schedule"),
                Some("schedule"),
                "a roadmap of the cap package schedules the package alone: remove the [[actions]] and [optimise], \
                 or write schedule = \"actions\""
                    .to_string(),
            );
        }
        let actions = match resolve::resolve(file, source, &spec, ds, base_year, horizon) {
            Ok(actions) => actions,
            Err(more) => {
                issues.extend(more);
                Vec::new()
            }
        };
        if issues.has_errors() {
            return Err(issues);
        }
        Ok(Scenario {
            role: Role::Scenario,
            folder: folder_name(&spec.name),
            name: spec.name,
            description: spec.description,
            description_vi: spec.description_vi,
            description_en: spec.description_en,
            file: Some(file.to_string()),
            sha256: Some(crate::load::sha256_hex(source.as_bytes())),
            base_year,
            horizon,
            access: spec.access.unwrap_or_default(),
            decay: spec.decay,
            attendance: spec.attendance.unwrap_or_default(),
            targets: spec.targets.unwrap_or_default(),
            // Without [demand], demand follows the trend of the demand table's own years.
            growth_trend: if spec.demand.is_none() { trend.as_ref().map(|t| t.1) } else { None },
            growth: spec.demand.or_else(|| trend.map(|t| t.0)).unwrap_or_default(),
            scoring: spec.scoring.unwrap_or_default(),
            options: spec.options.unwrap_or_default(),
            actions,
            optimise: spec.optimise.map(|o| o.into_inner()),
            uncertainty: spec.uncertainty,
            roads: spec.roads,
            roads_used: None,
            roadmap: spec.roadmap.map(|mut r| {
                r.other_settings = roadmap::other_settings(source);
                r
            }),
        })
    }

    /// The scenario restricted to one province's part of the data: actions on facilities
    /// (or communes) elsewhere are left out.
    pub(crate) fn for_province(&self, part: &Dataset) -> Scenario {
        let has_facility = |id: &str| part.facilities.iter().any(|f| f.facility_id == id);
        let mut s = self.clone();
        s.actions.retain(|a| match &a.kind {
            // A merge needs both ends in the part (a receiver in another province is out of
            // this province's run).
            ActionKind::Merge { facility, into } | ActionKind::Convert { facility, into } => {
                has_facility(facility) && has_facility(into)
            }
            ActionKind::Close { facility } => has_facility(facility),
            ActionKind::Open { facility, .. } => part.areas.iter().any(|x| x.area_id == facility.area_id),
            ActionKind::AddProgram { program } => has_facility(&program.facility_id),
            ActionKind::RemoveProgram { facility, .. } | ActionKind::SetPlaces { facility, .. } => {
                has_facility(facility)
            }
        });
        if let Some(o) = &mut s.optimise {
            o.keep.retain(|id| has_facility(id));
        }
        s.options.protected.retain(|id| has_facility(id));
        s
    }

    /// The settings as JSON, for the manifest.
    pub(crate) fn settings_json(&self) -> serde_json::Value {
        serde_json::json!({
            "base_year": self.base_year,
            "horizon": self.horizon,
            "access": self.access,
            "decay": self.decay,
            "attendance": self.attendance,
            "targets": self.targets,
            "demand": self.growth,
            "scoring": self.scoring,
            "options": self.options,
            "actions": self.actions.iter().map(|a| format!("{} (from {})", a.describe(), a.year)).collect::<Vec<_>>(),
            "roadmap": self.roadmap,
        })
    }
}

/// The year-by-year view from the base year to the horizon.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Projection {
    pub(crate) years: Vec<i32>,
    pub(crate) places: Vec<f64>,
    pub(crate) intake: Vec<f64>,
    pub(crate) graduates: Vec<f64>,
    pub(crate) certified_graduates: Vec<f64>,
    pub(crate) openings: Vec<f64>,
    pub(crate) public_facilities: Vec<usize>,
    pub(crate) trained_share: Vec<f64>,
    pub(crate) certified_share: Vec<f64>,
}

/// Low / median / high (10th, 50th, 90th percentile) of a result over the draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Band {
    pub(crate) low: f64,
    pub(crate) median: f64,
    pub(crate) high: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct UncertaintyBand {
    pub(crate) draws: usize,
    /// The province's unmet openings and unplaced entrants at the horizon (people, central
    /// entrants of the base year against each draw's openings).
    pub(crate) unmet_openings: Band,
    pub(crate) unplaced_entrants: Band,
    pub(crate) openings_horizon: Band,
    pub(crate) coverage_ratio: Band,
}

/// One row of `scenario_comparison.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonRow {
    pub(crate) scenario: String,
    pub(crate) actions: usize,
    pub(crate) public_facilities: usize,
    pub(crate) public_schools: usize,
    pub(crate) places: f64,
    pub(crate) annual_cost_mvnd: f64,
    pub(crate) net_savings_mvnd: f64,
    /// Net savings to the horizon, discounted, less one-off costs, with the lowest and
    /// highest over the grid of the cost guesses (as the options').
    pub net_savings_horizon_mvnd: f64,
    pub net_savings_horizon_low_mvnd: f64,
    pub net_savings_horizon_high_mvnd: f64,
    pub(crate) learners_lost: f64,
    /// Openings nobody trained is there to fill, and entrants without a matching opening, in
    /// the province (people, `score::cells`), with their low and high ends.
    pub(crate) unmet_openings: crate::score::Ranged,
    pub(crate) unplaced_entrants: crate::score::Ranged,
    pub(crate) people_within_reach: f64,
    /// People whose trip to the nearest facility teaching some level grows by more than
    /// `options.travel_rise_threshold_min` from the network before the actions (or who have
    /// none left): the travel-time measure beside the reach edge.
    pub(crate) people_travel_rise: f64,
    pub(crate) travel_rise_threshold_min: f64,
    pub(crate) trained_share_horizon: Option<f64>,
    pub(crate) certified_share_horizon: Option<f64>,
    pub(crate) targets_met: usize,
    pub(crate) targets_total: usize,
}

/// Everything a scenario's report is made from.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    pub(crate) scenario: Scenario,
    /// The network after the scenario's actions; demand rows at the base year.
    pub(crate) dataset: Dataset,
    pub scores: Scores,
    pub options: Vec<ConsolidationOption>,
    pub(crate) access: Vec<AreaAccess>,
    pub(crate) effects: Effects,
    pub(crate) projection: Projection,
    pub(crate) optimised: Option<NetworkPlan>,
    pub(crate) uncertainty: Option<UncertaintyBand>,
    pub comparison: ComparisonRow,
    /// The attendance model used (fitted, set or default).
    pub(crate) attendance: AttendanceModel,
    /// The package of actions that brings each province above the cap on public schools to
    /// it (the baseline's only: see [`ScenarioResult::with_cap_packages`]).
    pub(crate) cap_packages: Vec<cap::CapPackage>,
    /// (id, name) of the facilities before the actions: the report names the facilities
    /// that a merge or closure removed.
    pub(crate) facility_names: Vec<(String, String)>,
    /// The roadmap (`[roadmap]`): the scenario's actions are in the years it chose.
    pub(crate) roadmap: Option<roadmap::Roadmap>,
    /// Public facilities and public intermediate schools (institutions, as Decision 73/QĐ-TTg
    /// counts them) before and after the actions.
    pub(crate) network_counts: [(usize, usize); 2],
    /// Who bears the scenario's actions, by group ([`equity`]).
    pub(crate) equity: Vec<equity::GroupBurden>,
}

impl ScenarioResult {
    /// Adds the packages that meet the cap, searched on this result's network with its
    /// settings and attendance model.
    pub(crate) fn with_cap_packages(mut self) -> Self {
        let s = &self.scenario;
        let ctx = cap::CapContext {
            base_year: s.base_year,
            horizon: s.horizon,
            access: &s.access,
            attendance: &self.attendance,
            options: &s.options,
        };
        self.cap_packages = cap::packages(&self.dataset, &ctx);
        self
    }
}

/// Runs one scenario on the dataset.
pub fn run(ds: &Dataset, scenario: &Scenario) -> Result<ScenarioResult, Error> {
    let mut scenario = scenario.clone();
    let base_year = scenario.base_year;
    // The attendance model is fitted once, to the network as it is.
    let attendance = {
        let matrix = travel_matrix(&ds.areas, &ds.facilities, &ds.travel, &scenario.access);
        AttendanceModel::resolve(ds, &matrix, base_year, &scenario.attendance, scenario.decay)
    };
    let ctx = actions::ApplyContext {
        base_year,
        horizon: scenario.horizon,
        access: &scenario.access,
        attendance: &attendance,
        options: &scenario.options,
    };
    // [optimise]: the engine's answer on the network after the written actions becomes more
    // merges, effective in the optimise year.
    let optimised = match &scenario.optimise {
        Some(spec) => {
            let written: Vec<&Action> = scenario.actions.iter().collect();
            let (before, _) = actions::apply(ds, &written, &ctx);
            let plan = optimise(&before, &attendance, base_year, spec, &scenario)?;
            let year = spec.year.unwrap_or(base_year + 1).clamp(base_year + 1, scenario.horizon);
            for (from, into) in &plan.merges {
                scenario.actions.push(Action {
                    kind: ActionKind::Merge { facility: from.clone(), into: into.clone() },
                    year,
                    line: usize::MAX,
                });
            }
            for facility in &plan.closures {
                scenario.actions.push(Action {
                    kind: ActionKind::Close { facility: facility.clone() },
                    year,
                    line: usize::MAX,
                });
            }
            Some(plan)
        }
        None => None,
    };
    // [roadmap]: the years of the actions (or of the cap package's) chosen under the budget.
    let roadmap = match scenario.roadmap.clone() {
        Some(mut spec) => {
            spec.public_facilities_2020 = spec.public_facilities_2020.or(scenario.targets.public_facilities_2020);
            spec.public_intermediate_2020 = spec.public_intermediate_2020.or(scenario.targets.public_intermediate_2020);
            let source = roadmap::source_of(&spec, !scenario.actions.is_empty());
            let list = roadmap::actions_to_schedule(ds, &scenario.actions, source, &ctx);
            let plan = roadmap::plan(ds, &list, &spec, source, &ctx)?;
            scenario.actions = plan.steps.iter().filter(|s| s.year.is_some()).map(|s| s.action.clone()).collect();
            scenario.actions.sort_by_key(|a| a.year);
            Some(plan)
        }
        None => None,
    };
    let all: Vec<&Action> = scenario.actions.iter().collect();
    let (end, effects) = actions::apply(ds, &all, &ctx);
    let projection_flows = yearly(ds, &scenario, &ctx);
    // Demand stays at the base year here: scoring compares base-year supply with base-year
    // demand and grows openings to the horizon itself, once.
    let matrix = travel_matrix(&end.areas, &end.facilities, &end.travel, &scenario.access);
    let flows: Vec<YearFlows> = projection_flows.iter().map(|(flow, _)| *flow).collect();
    let input = ScoreInput {
        base_year,
        horizon: scenario.horizon,
        settings: &scenario.scoring,
        growth: &scenario.growth,
        targets: &scenario.targets,
        flows: Some(&flows),
        access: &scenario.access,
    };
    let scores = score::score(&end, &matrix, &input);
    let baseline = options::Baseline::new(
        &end,
        &matrix,
        &attendance,
        &scenario.options,
        base_year,
        scenario.horizon,
        &scenario.scoring,
    );
    let options = options::consolidation_options(&baseline);
    let access = options::access_by_area(&end, &matrix);
    let projection = projection(ds, &scenario, &projection_flows, &scores);
    let uncertainty = scenario.uncertainty.as_ref().map(|u| uncertainty(&end, &scenario, u));
    // The communes whose trip to training grows beyond the threshold (any level).
    let longer_trip = {
        let before = travel_matrix(&ds.areas, &ds.facilities, &ds.travel, &scenario.access);
        let threshold = scenario.options.travel_rise_threshold_min.get();
        let (from, to) = (options::nearest_by_level(ds, &before), options::nearest_by_level(&end, &matrix));
        options::travel_rise_areas(&from, &to, &[0, 1, 2, 3], threshold)
    };
    let equity = equity::burden(ds, &effects.by_facility, &longer_trip, base_year);
    let comparison = comparison_row(ds, &end, &scenario, &scores, &effects, &access, &longer_trip);
    let network_counts = {
        let (_, p0, m0) = roadmap::counts(ds);
        let (_, p1, m1) = roadmap::counts(&end);
        [(p0, m0), (p1, m1)]
    };
    Ok(ScenarioResult {
        dataset: end,
        scenario,
        scores,
        options,
        access,
        effects,
        projection,
        optimised,
        uncertainty,
        comparison,
        attendance,
        cap_packages: Vec::new(),
        facility_names: ds.facilities.iter().map(|f| (f.facility_id.clone(), f.name.clone())).collect(),
        roadmap,
        equity,
        network_counts,
    })
}

/// The optimiser's answer, its demand weights from the scenario's attendance model.
fn optimise(
    ds: &Dataset,
    attendance: &AttendanceModel,
    base_year: i32,
    spec: &OptimiseSpec,
    scenario: &Scenario,
) -> Result<NetworkPlan, Error> {
    let matrix = travel_matrix(&ds.areas, &ds.facilities, &ds.travel, &scenario.access);
    let radius = spec.radius_km.unwrap_or(scenario.access.radius_km).get();
    let model = match spec.model {
        OptimiseModel::PMedian => {
            NetworkModel::PMedian { p: spec.p.map_or(ds.facilities.len().saturating_sub(1).max(1), Count::get) }
        }
        OptimiseModel::Mclp => NetworkModel::Mclp {
            p: spec.p.map_or(ds.facilities.len().saturating_sub(1).max(1), Count::get),
            radius_km: radius,
        },
        OptimiseModel::Lscp => NetworkModel::Lscp { radius_km: radius },
        OptimiseModel::Cflp => NetworkModel::Cflp,
    };
    // The optimiser weighs learners, trips and costs, not alignment.
    let baseline = options::Baseline::unscored(ds, &matrix, attendance, &scenario.options, base_year, scenario.horizon);
    network::optimise_network(
        ds,
        &matrix,
        attendance,
        base_year,
        &baseline,
        &NetworkRequest {
            model,
            max_public_schools: spec.max_public_schools.map(Count::get),
            keep: spec.keep.clone(),
            merge_into_uncounted: spec.merge_into_self_financing,
            rules: scenario.options.cap_rules(),
            method: spec.solver,
            time_limit_s: spec.time_limit_s.get(),
            travel_cost_mvnd_per_minute: spec
                .travel_cost_mvnd_per_minute
                .map_or(network::DEFAULT_TRAVEL_COST_MVND_PER_MINUTE, TravelCostMvnd::get),
            lost_learner_cost_mvnd: spec.lost_learner_cost_mvnd.map(LostLearnerMvnd::get),
        },
    )
}

/// Each year's flows and network in force: a network is built once for the years that share
/// the same actions, and is the dataset itself while none is in force.
type YearNetworks<'a> = Vec<(YearFlows, std::rc::Rc<std::borrow::Cow<'a, Dataset>>)>;

/// The network of each year from the base year to the horizon (actions in force that year)
/// and its flows of graduates.
fn yearly<'a>(ds: &'a Dataset, scenario: &Scenario, ctx: &actions::ApplyContext) -> YearNetworks<'a> {
    let mut out: YearNetworks<'a> = Vec::new();
    let mut previous: Option<usize> = None;
    for year in scenario.base_year..=scenario.horizon {
        let in_force: Vec<&Action> = scenario.actions.iter().filter(|a| a.year <= year).collect();
        // The actions in force only grow with the years: the same count, the same network.
        if let (Some(n), Some(last)) = (previous, out.last())
            && n == in_force.len()
        {
            out.push(last.clone());
            continue;
        }
        previous = Some(in_force.len());
        let network = if in_force.is_empty() {
            std::borrow::Cow::Borrowed(ds)
        } else {
            std::borrow::Cow::Owned(actions::apply(ds, &in_force, ctx).0)
        };
        let rows = network.enrolment.iter().filter(|e| e.year == scenario.base_year);
        let (graduates, certified) =
            rows.fold((0.0, 0.0), |acc, e| (acc.0 + e.graduates.unwrap_or(0.0), acc.1 + e.certified.unwrap_or(0.0)));
        out.push((YearFlows { graduates, certified }, std::rc::Rc::new(network)));
    }
    out
}

fn projection(ds: &Dataset, scenario: &Scenario, yearly: &YearNetworks, scores: &Scores) -> Projection {
    let mut p = Projection::default();
    let sectors: std::collections::HashMap<&str, crate::model::Sector> =
        ds.occupations.iter().map(|o| (o.code.as_str(), o.sector)).collect();
    let path = |indicator: Indicator| -> Vec<f64> {
        scores
            .trajectories
            .iter()
            .find(|t| t.indicator == indicator)
            .map(|t| t.points.iter().map(|x| x.1).collect())
            .unwrap_or_default()
    };
    let (trained, certified) = (path(Indicator::Trained), path(Indicator::Certified));
    for (i, (flows, network)) in yearly.iter().enumerate() {
        let year = scenario.base_year + i as i32;
        p.years.push(year);
        p.places.push(network.facilities.iter().map(|f| f.capacity).sum());
        p.intake.push(network.enrolment.iter().filter(|e| e.year == scenario.base_year).map(|e| e.intake).sum());
        p.graduates.push(flows.graduates);
        p.certified_graduates.push(flows.certified);
        p.public_facilities.push(network.facilities.iter().filter(|f| f.ownership == Ownership::Public).count());
        p.openings.push(
            ds.demand
                .iter()
                .filter(|d| d.year == scenario.base_year)
                .map(|d| {
                    d.openings
                        * sectors.get(d.occupation.as_str()).map_or(1.0, |s| scenario.growth.factor(*s, i as i32))
                })
                .sum(),
        );
        p.trained_share.push(trained.get(i).copied().unwrap_or(f64::NAN));
        p.certified_share.push(certified.get(i).copied().unwrap_or(f64::NAN));
    }
    p
}

/// Seeded draws of demand growth (uniform in the given ranges): the province's unmet
/// openings and unplaced entrants (the cells of `alignment_by_group.csv`, the base year's
/// entrants against each draw's openings at the horizon), openings and coverage at the
/// horizon for each draw, summarised as a band.
fn uncertainty(end: &Dataset, scenario: &Scenario, spec: &UncertaintySpec) -> UncertaintyBand {
    let mut rng = Rng::new(spec.seed);
    let years = scenario.horizon - scenario.base_year;
    let base = scenario.base_year;
    let occ: std::collections::HashMap<&str, usize> =
        end.occupations.iter().enumerate().map(|(i, o)| (o.code.as_str(), i)).collect();
    let mut supply = vec![0.0; end.occupations.len()];
    for e in end.enrolment.iter().filter(|e| e.year == base) {
        if let Some(&k) = occ.get(e.occupation.as_str()) {
            supply[k] += e.graduates.unwrap_or(0.0);
        }
    }
    let mut demand = vec![0.0; end.occupations.len()];
    for d in end.demand.iter().filter(|d| d.year == base) {
        if let (Some(&k), DemandScope::Area(_) | DemandScope::Province(_)) = (occ.get(d.occupation.as_str()), &d.scope)
        {
            demand[k] += d.openings;
        }
    }
    let mut unmet = Vec::with_capacity(spec.draws.get());
    let mut unplaced = Vec::with_capacity(spec.draws.get());
    let mut openings = Vec::with_capacity(spec.draws.get());
    let mut coverage = Vec::with_capacity(spec.draws.get());
    for _ in 0..spec.draws.get() {
        // A draw between two rates is a rate (kept inside them against rounding).
        let mut draw = |[lo, hi]: [Growth; 2]| {
            let v = rng.uniform(lo.get(), hi.get()).max(lo.get()).min(hi.get());
            Growth::new(v).expect("a rate between two yearly growth rates is one")
        };
        let overall = spec.growth.map_or(scenario.growth.growth, &mut draw);
        let mut growth = DemandGrowth { growth: overall, growth_by_sector: scenario.growth.growth_by_sector.clone() };
        for (sector, range) in &spec.growth_by_sector {
            growth.growth_by_sector.insert(*sector, draw(*range));
        }
        let grown: Vec<f64> =
            end.occupations.iter().zip(&demand).map(|(o, d)| d * growth.factor(o.sector, years)).collect();
        let total: f64 = grown.iter().sum();
        let factors: Vec<f64> = end.occupations.iter().map(|o| growth.factor(o.sector, years)).collect();
        let gaps = horizon_gaps(end, scenario, &factors);
        unmet.push(gaps.0);
        unplaced.push(gaps.1);
        openings.push(total);
        coverage.push(if total > 0.0 { supply.iter().sum::<f64>() / total } else { 0.0 });
    }
    UncertaintyBand {
        draws: spec.draws.get(),
        unmet_openings: band(unmet),
        unplaced_entrants: band(unplaced),
        openings_horizon: band(openings),
        coverage_ratio: band(coverage),
    }
}

/// Unmet openings and unplaced entrants at the horizon, each occupation's openings grown by
/// its factor: Σ max(0, O_h - E) and Σ max(0, E - O_h) over the compared cells (central
/// values; the farming short courses left out, as in `alignment_summary.csv`).
fn horizon_gaps(end: &Dataset, scenario: &Scenario, factors: &[f64]) -> (f64, f64) {
    let demand = end.demand.iter().map(|d| (d, 1.0));
    let cells = score::cells_where(end, scenario.base_year, factors, &scenario.scoring, end.enrolment.iter(), demand);
    let compared = cells.iter().filter(|c| c.status != score::CellStatus::JudgedByOutcome);
    compared.fold((0.0, 0.0), |(u, x), c| {
        let gap = c.openings_horizon - c.entrants.central;
        (u + gap.max(0.0), x + (-gap).max(0.0))
    })
}

fn band(mut values: Vec<f64>) -> Band {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| {
        if values.is_empty() {
            return f64::NAN;
        }
        let pos = q * (values.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        values[lo] + (values[hi] - values[lo]) * (pos - lo as f64)
    };
    Band { low: at(0.1), median: at(0.5), high: at(0.9) }
}

fn comparison_row(
    before: &Dataset,
    end: &Dataset,
    scenario: &Scenario,
    scores: &Scores,
    effects: &Effects,
    access: &[AreaAccess],
    longer_trip: &[bool],
) -> ComparisonRow {
    let baseline_cost: f64 = before.facilities.iter().map(|f| f.annual_cost_mvnd).sum();
    let population_in_reach: f64 =
        end.areas.iter().zip(access).filter(|(_, a)| a.within_reach).map(|(area, _)| area.population).sum();
    let kpi_at_horizon = |indicator: Indicator| {
        scores.trajectories.iter().find(|t| t.indicator == indicator).and_then(|t| t.points.last().map(|p| p.1))
    };
    let assessed: Vec<_> = scores.kpis.iter().filter(|k| k.status != KpiStatus::NoData).collect();
    ComparisonRow {
        scenario: scenario.name.clone(),
        actions: scenario.actions.len(),
        public_facilities: end.facilities.iter().filter(|f| f.ownership == Ownership::Public).count(),
        public_schools: end.facilities.iter().filter(|f| f.counts_toward_public_cap()).count(),
        places: end.facilities.iter().map(|f| f.capacity).sum(),
        annual_cost_mvnd: baseline_cost - effects.gross_savings_mvnd + effects.added_cost_mvnd,
        net_savings_mvnd: effects.net_savings_mvnd(),
        net_savings_horizon_mvnd: effects.net_savings_horizon_mvnd,
        net_savings_horizon_low_mvnd: effects.net_savings_horizon_low_mvnd,
        net_savings_horizon_high_mvnd: effects.net_savings_horizon_high_mvnd,
        learners_lost: effects.learners_lost,
        unmet_openings: scores.by_group.province.unmet_openings,
        unplaced_entrants: scores.by_group.province.unplaced_entrants,
        people_within_reach: population_in_reach,
        people_travel_rise: before
            .areas
            .iter()
            .zip(longer_trip)
            .filter(|(_, r)| **r)
            .map(|(a, _)| a.population)
            .sum::<f64>()
            + 0.0,
        travel_rise_threshold_min: scenario.options.travel_rise_threshold_min.get(),
        trained_share_horizon: kpi_at_horizon(Indicator::Trained),
        certified_share_horizon: kpi_at_horizon(Indicator::Certified),
        targets_met: assessed.iter().filter(|k| matches!(k.status, KpiStatus::Met | KpiStatus::OnTrack)).count(),
        targets_total: assessed.len(),
    }
}

#[cfg(test)]
mod tests;
