//! `summary.json`: the headline figures of a scenario, for people and for other tools.
//! Numbers are rounded (shares to 4 decimals, counts to whole numbers) so that the file reads
//! well and is byte-identical run after run.

use serde::Serialize;

use super::ScenarioReport;
use crate::model::{Code, Ownership};

#[derive(Debug, Serialize)]
pub(crate) struct Summary {
    pub(crate) scenario: String,
    pub(crate) province: String,
    pub(crate) base_year: i32,
    pub(crate) horizon: i32,
    pub(crate) communes: usize,
    pub(crate) provinces: usize,
    pub(crate) population: f64,
    pub(crate) labour_force: f64,
    pub(crate) facilities: usize,
    pub(crate) public_facilities: usize,
    pub(crate) public_schools_counted_for_cap: usize,
    pub(crate) places: f64,
    pub(crate) intake: f64,
    pub(crate) graduates: f64,
    pub(crate) utilisation: Option<f64>,
    pub(crate) annual_cost_mvnd: f64,
    pub(crate) alignment: AlignmentHeadline,
    pub(crate) kpis: Vec<KpiHeadline>,
    pub(crate) shortages: Vec<String>,
    pub(crate) surpluses: Vec<String>,
    pub(crate) under_used_facilities: Vec<String>,
    pub(crate) top_options: Vec<String>,
    pub(crate) actions: Vec<String>,
    pub(crate) net_savings_mvnd: f64,
    /// Net savings to the horizon (discounted, less one-off costs) and their range over
    /// the cost guesses.
    pub net_savings_horizon_mvnd: f64,
    pub net_savings_horizon_low_mvnd: f64,
    pub net_savings_horizon_high_mvnd: f64,
    pub(crate) learners_lost: f64,
    pub(crate) people_within_reach: f64,
    pub(crate) certified_share_horizon: Option<f64>,
    pub(crate) trained_share_horizon: Option<f64>,
    pub(crate) optimised: Option<OptimisedHeadline>,
    pub(crate) uncertainty: Option<crate::scenario::UncertaintyBand>,
    pub(crate) attendance_model: AttendanceHeadline,
    /// Base-year enrolment rows that do not say how many learners are rural: counted
    /// neither rural nor urban.
    pub(crate) residence_unknown: crate::score::ResidenceUnknown,
    /// Facilities whose graduates reach no commune (left out of accessible supply).
    pub(crate) unreached_facilities: Vec<String>,
    /// Every assumption behind the numbers, with the value this run used.
    pub(crate) assumptions: Vec<super::assumptions::Assumption>,
}

/// The attendance model behind the options: its decay, half-lives and where they come from.
#[derive(Debug, Serialize)]
pub(crate) struct AttendanceHeadline {
    pub(crate) decay: &'static str,
    /// By level group: `formal` (college, intermediate) and `short` (elementary, short).
    pub(crate) half_life_min: std::collections::BTreeMap<&'static str, Option<f64>>,
    pub(crate) half_life_ci_min: std::collections::BTreeMap<&'static str, [f64; 2]>,
    /// "fitted" (learner records), "fitted_rural_share" (enrolment's rural counts),
    /// "scenario" or "default".
    pub(crate) source: &'static str,
    /// Learner records the half-lives were fitted from (0 when not fitted).
    pub(crate) fitted_from: u64,
    /// Share of the learners living outside the province, by level group (intake-weighted
    /// over the facilities), and where it comes from: "records", "records_and_setting"
    /// or "setting".
    pub(crate) outside_share: std::collections::BTreeMap<&'static str, f64>,
    pub(crate) outside_share_source: &'static str,
    /// Base-year learner records living outside their facility's province.
    pub(crate) outside_records: u64,
    /// By level group: whether the fit determined the half-life (then used); false when
    /// nothing was fitted or the data did not determine it (the default and its range used).
    pub(crate) identified: std::collections::BTreeMap<&'static str, bool>,
    /// By level group: whether the fitted model reproduces the checked statistics within
    /// their sampling error (`null`: nothing checked).
    pub(crate) adequate: std::collections::BTreeMap<&'static str, Option<bool>>,
    /// The statistics it misses: observed, predicted and the difference allowed.
    pub(crate) misfits: Vec<crate::access::attendance::Misfit>,
    /// What the fit used ("home_communes", "rural_share"; `null` when nothing was fitted)
    /// and what it found for each level group it could inform, used or rejected.
    pub(crate) fit_basis: Option<&'static str>,
    pub(crate) fitted_half_life_min: std::collections::BTreeMap<&'static str, f64>,
    pub(crate) fitted_half_life_ci_min: std::collections::BTreeMap<&'static str, [f64; 2]>,
}

fn attendance_headline(m: &crate::access::attendance::AttendanceModel) -> AttendanceHeadline {
    use crate::access::Decay;
    use crate::access::attendance::LevelGroup;
    let kind = |d: Decay| match d {
        Decay::Exponential { .. } => "exponential",
        Decay::Linear { .. } => "linear",
        Decay::Power { .. } => "power",
    };
    let half_life = |d: Decay| match d {
        Decay::Exponential { half_life_min } => Some(round(half_life_min, 1)),
        _ => None,
    };
    let fitted: Vec<(&'static str, f64, [f64; 2])> = m
        .fit
        .iter()
        .flat_map(|f| {
            LevelGroup::ALL.iter().filter(|&&g| f.informed[g as usize]).map(|&g| {
                let g_ = g as usize;
                (g.name(), round(f.half_life_min[g_], 1), f.half_life_ci_min[g_].map(|v| round(v, 1)))
            })
        })
        .collect();
    AttendanceHeadline {
        decay: kind(m.formal),
        half_life_min: LevelGroup::ALL.iter().map(|&g| (g.name(), half_life(m.decay(g)))).collect(),
        half_life_ci_min: LevelGroup::ALL
            .iter()
            .map(|&g| (g.name(), m.half_life_ci_min[g as usize].map(|v| round(v, 1))))
            .collect(),
        source: m.source,
        fitted_from: m.fitted_from,
        outside_share: LevelGroup::ALL.iter().map(|&g| (g.name(), round(m.outside.by_group[g as usize], 4))).collect(),
        outside_share_source: m.outside.source,
        outside_records: m.outside.records_outside,
        identified: LevelGroup::ALL.iter().map(|&g| (g.name(), m.identified[g as usize])).collect(),
        adequate: LevelGroup::ALL.iter().map(|&g| (g.name(), m.adequate[g as usize])).collect(),
        misfits: m.misfits.clone(),
        fit_basis: m.fit.as_ref().map(|f| f.basis.code()),
        fitted_half_life_min: fitted.iter().map(|&(g, h, _)| (g, h)).collect(),
        fitted_half_life_ci_min: fitted.iter().map(|&(g, _, ci)| (g, ci)).collect(),
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct OptimisedHeadline {
    pub(crate) model: String,
    pub(crate) objective: f64,
    pub(crate) gap: Option<f64>,
    pub(crate) solver: String,
    pub(crate) status: String,
    pub(crate) kept: Vec<String>,
    pub(crate) merged: Vec<String>,
    /// Closed without a receiver of a compatible kind.
    pub(crate) closed: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct AlignmentHeadline {
    /// Openings nobody trained is there to fill, and entrants without a matching opening
    /// (people, central with low and high: `score::cells`).
    pub(crate) unmet_openings: crate::score::Ranged,
    pub(crate) unplaced_entrants: crate::score::Ranged,
    pub(crate) dissimilarity: Option<f64>,
    pub(crate) dissimilarity_noise: Option<f64>,
    pub(crate) shortage_cells: usize,
    pub(crate) surplus_cells: usize,
    pub(crate) uncertain_cells: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct KpiHeadline {
    pub(crate) indicator: String,
    pub(crate) value: Option<f64>,
    pub(crate) target: Option<f64>,
    pub(crate) target_year: Option<i32>,
    pub(crate) status: String,
    pub(crate) projected_year: Option<i32>,
    pub(crate) projected_year_early: Option<i32>,
    pub(crate) projected_year_late: Option<i32>,
}

pub(crate) fn round(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    let r = (v * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

fn round_opt(v: Option<f64>, decimals: i32) -> Option<f64> {
    v.filter(|x| x.is_finite()).map(|x| round(x, decimals))
}

pub(crate) fn summary(report: &ScenarioReport) -> Summary {
    let ds = &report.result.dataset;
    let scores = &report.result.scores;
    let places: f64 = ds.facilities.iter().map(|f| f.capacity).sum();
    let intake: f64 = scores.facilities.iter().map(|f| f.intake).sum();
    let graduates: f64 = scores.facilities.iter().map(|f| f.graduates).sum();
    let province_ids = ds.province_ids();
    let province = match province_ids.as_slice() {
        [one] => ds.province_name(one),
        _ => format!("{} provinces", province_ids.len()),
    };
    // The sure shortages and surpluses, largest first, as "group/level_group".
    let cells = |status: crate::score::CellStatus, amount: fn(&crate::score::GroupCell) -> f64| -> Vec<String> {
        let mut cells: Vec<_> = scores.by_group.cells.iter().filter(|c| c.status == status).collect();
        cells.sort_by(|a, b| amount(b).total_cmp(&amount(a)).then(a.group.cmp(&b.group)));
        cells.iter().take(5).map(|c| format!("{}/{}", c.group, c.level_group.name())).collect()
    };
    let shortages = cells(crate::score::CellStatus::Shortage, |c| c.unmet_openings.map_or(0.0, |u| u.central));
    let surpluses = cells(crate::score::CellStatus::Surplus, |c| c.unplaced_entrants.map_or(0.0, |x| x.central));
    Summary {
        scenario: report.result.scenario.name.clone(),
        province,
        base_year: scores.base_year,
        horizon: scores.horizon,
        communes: ds.areas.len(),
        provinces: province_ids.len(),
        population: ds.areas.iter().map(|a| a.population).sum(),
        labour_force: ds.areas.iter().map(|a| a.labour_force).sum(),
        facilities: ds.facilities.len(),
        public_facilities: ds.facilities.iter().filter(|f| f.ownership == Ownership::Public).count(),
        public_schools_counted_for_cap: ds.facilities.iter().filter(|f| f.counts_toward_public_cap()).count(),
        places,
        intake,
        graduates,
        utilisation: round_opt((places > 0.0).then(|| intake / places), 4),
        annual_cost_mvnd: ds.facilities.iter().map(|f| f.annual_cost_mvnd).sum(),
        alignment: {
            let p = &scores.by_group.province;
            let people = |v: crate::score::Ranged| crate::score::Ranged {
                central: round(v.central, 1),
                low: round(v.low, 1),
                high: round(v.high, 1),
            };
            AlignmentHeadline {
                unmet_openings: people(p.unmet_openings),
                unplaced_entrants: people(p.unplaced_entrants),
                dissimilarity: round_opt(p.dissimilarity, 4),
                dissimilarity_noise: round_opt(p.dissimilarity_noise, 4),
                shortage_cells: p.shortage_cells,
                surplus_cells: p.surplus_cells,
                uncertain_cells: p.uncertain_cells,
            }
        },
        kpis: scores
            .kpis
            .iter()
            .map(|k| KpiHeadline {
                indicator: k.indicator.name().to_string(),
                value: round_opt(k.value, 4),
                target: round_opt(k.target, 4),
                target_year: k.target_year,
                status: k.status.name().to_string(),
                projected_year: k.projected_year,
                projected_year_early: k.projected_year_early,
                projected_year_late: k.projected_year_late,
            })
            .collect(),
        shortages,
        surpluses,
        top_options: report.result.options.iter().take(5).map(|o| o.option_id.clone()).collect(),
        actions: report.result.scenario.actions.iter().map(|a| format!("{} ({})", a.describe(), a.year)).collect(),
        net_savings_mvnd: round(report.result.comparison.net_savings_mvnd, 1),
        net_savings_horizon_mvnd: round(report.result.comparison.net_savings_horizon_mvnd, 1),
        net_savings_horizon_low_mvnd: round(report.result.comparison.net_savings_horizon_low_mvnd, 1),
        net_savings_horizon_high_mvnd: round(report.result.comparison.net_savings_horizon_high_mvnd, 1),
        learners_lost: round(report.result.comparison.learners_lost, 1),
        people_within_reach: report.result.comparison.people_within_reach,
        certified_share_horizon: round_opt(report.result.comparison.certified_share_horizon, 4),
        trained_share_horizon: round_opt(report.result.comparison.trained_share_horizon, 4),
        optimised: report.result.optimised.as_ref().map(|p| OptimisedHeadline {
            model: p.model.code().to_string(),
            objective: round(p.objective, 1),
            gap: round_opt(p.gap, 6),
            solver: p.solver.clone(),
            status: format!("{:?}", p.status).to_lowercase(),
            kept: p.open.clone(),
            merged: p.merges.iter().map(|(a, b)| format!("{a} -> {b}")).collect(),
            closed: p.closures.clone(),
        }),
        uncertainty: report.result.uncertainty.clone(),
        attendance_model: attendance_headline(&report.result.attendance),
        residence_unknown: crate::score::ResidenceUnknown {
            rows: scores.residence_unknown.rows,
            intake: round(scores.residence_unknown.intake, 1),
            graduates: round(scores.residence_unknown.graduates, 1),
        },
        unreached_facilities: scores.unreached_facilities.clone(),
        assumptions: super::assumptions::method_assumptions(&report.result.scenario, &report.result.attendance),
        under_used_facilities: scores
            .facilities
            .iter()
            .filter(|f| f.flags.contains(&"under_used"))
            .map(|f| f.facility_id.clone())
            .collect(),
    }
}
