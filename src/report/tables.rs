//! The output tables of a scenario report (scores, options, the scenario's effects) and of
//! the comparison of scenarios. Their charts are in `figures`.

use super::ScenarioReport;
use super::table::{Kind, Table, Value};
use crate::model::{Code, Dataset};
use crate::score::Scores;

pub(crate) fn score_tables(ds: &Dataset, scores: &Scores) -> Vec<Table> {
    vec![
        alignment_by_occupation(scores),
        alignment_by_group(ds, scores),
        alignment_by_zone(ds, scores),
        training_access_by_area(scores),
        alignment_summary(scores),
        kpis(scores),
        facility_scores(ds, scores),
    ]
}

fn alignment_by_occupation(scores: &Scores) -> Table {
    let mut t = Table::new(
        "alignment_by_occupation",
        &[
            ("occupation", Kind::Text),
            ("name", Kind::Text),
            ("name_en", Kind::Text),
            ("sector", Kind::Text),
            ("base_year", Kind::Int),
            ("graduates_base", Kind::Int),
            ("openings_base", Kind::Int),
            ("coverage_ratio_base", Kind::Num(3)),
            ("status_base", Kind::Text),
            ("horizon_year", Kind::Int),
            ("openings_horizon", Kind::Int),
        ],
    );
    let (base, horizon) = (f64::from(scores.base_year), f64::from(scores.horizon));
    for o in &scores.by_occupation {
        t.push(vec![
            o.code.clone().into(),
            o.name_vi.clone().into(),
            o.name_en.clone().into(),
            o.sector.name().into(),
            base.into(),
            o.supply.into(),
            o.demand.into(),
            o.coverage_ratio.into(),
            o.status.name().into(),
            horizon.into(),
            o.demand_horizon.into(),
        ]);
    }
    t
}

/// The earlier commune measures, named for what they show: how well the training within
/// reach matches the commune's openings (docs/METHODOLOGY.md, section 2c), not alignment.
fn training_access_by_area(scores: &Scores) -> Table {
    let mut t = Table::new(
        "training_access_by_area",
        &[
            ("area_id", Kind::Text),
            ("name", Kind::Text),
            ("urban", Kind::Bool),
            ("base_year", Kind::Int),
            ("accessible_supply_base", Kind::Num(1)),
            ("openings_base", Kind::Num(1)),
            ("coverage_ratio_base", Kind::Num(3)),
            ("dissimilarity", Kind::Num(3)),
            ("matched_share", Kind::Share),
            ("matching_training_access", Kind::Num(1)),
            ("horizon_year", Kind::Int),
            ("openings_horizon", Kind::Num(1)),
        ],
    );
    let (base, horizon) = (f64::from(scores.base_year), f64::from(scores.horizon));
    for a in &scores.by_area {
        t.push(vec![
            a.area_id.clone().into(),
            a.name.clone().into(),
            a.urban.into(),
            base.into(),
            a.accessible_supply.into(),
            a.demand.into(),
            a.coverage_ratio.into(),
            a.alignment.dissimilarity.into(),
            a.alignment.matched_share.into(),
            a.alignment.score.into(),
            horizon.into(),
            a.demand_horizon.into(),
        ]);
    }
    t
}

/// Entrants against openings by occupation group and level group (`score::cells`).
fn alignment_by_group(ds: &Dataset, scores: &Scores) -> Table {
    let mut t = Table::new(
        "alignment_by_group",
        &[
            ("group", Kind::Text),
            ("level_group", Kind::Text),
            ("occupations", Kind::Text),
            ("name", Kind::Text),
            ("name_en", Kind::Text),
            ("base_year", Kind::Int),
            ("graduates", Kind::Num(1)),
            ("entrants", Kind::Num(1)),
            ("entrants_low", Kind::Num(1)),
            ("entrants_high", Kind::Num(1)),
            ("openings", Kind::Num(1)),
            ("openings_low", Kind::Num(1)),
            ("openings_high", Kind::Num(1)),
            ("openings_source", Kind::Text),
            ("unmet_openings", Kind::Num(1)),
            ("unmet_openings_low", Kind::Num(1)),
            ("unmet_openings_high", Kind::Num(1)),
            ("unplaced_entrants", Kind::Num(1)),
            ("unplaced_entrants_low", Kind::Num(1)),
            ("unplaced_entrants_high", Kind::Num(1)),
            ("status", Kind::Text),
            ("employed_6m_rate", Kind::Share),
            ("check", Kind::Text),
            ("horizon_year", Kind::Int),
            ("openings_horizon", Kind::Num(1)),
        ],
    );
    let (base, horizon) = (f64::from(scores.base_year), f64::from(scores.horizon));
    for c in &scores.by_group.cells {
        let unmet = c.unmet_openings;
        let unplaced = c.unplaced_entrants;
        let sources: Vec<&str> =
            c.sources.iter().map(|s| if s.is_empty() { "not given" } else { s.as_str() }).collect();
        t.push(vec![
            c.group.clone().into(),
            c.level_group.name().into(),
            c.occupations.join(";").into(),
            crate::score::group_label(ds, c, false).into(),
            crate::score::group_label(ds, c, true).into(),
            base.into(),
            c.graduates.into(),
            c.entrants.central.into(),
            c.entrants.low.into(),
            c.entrants.high.into(),
            c.openings.central.into(),
            c.openings.low.into(),
            c.openings.high.into(),
            sources.join("; ").into(),
            unmet.map(|u| u.central).into(),
            unmet.map(|u| u.low).into(),
            unmet.map(|u| u.high).into(),
            unplaced.map(|x| x.central).into(),
            unplaced.map(|x| x.low).into(),
            unplaced.map(|x| x.high).into(),
            c.status.name().into(),
            c.employed_6m_rate.into(),
            (if c.low_employment { "low_employment" } else { "" }).into(),
            horizon.into(),
            c.openings_horizon.into(),
        ]);
    }
    t
}

/// Entrants against openings by labour-market zone (`score::zones`).
fn alignment_by_zone(ds: &Dataset, scores: &Scores) -> Table {
    let mut t = Table::new(
        "alignment_by_zone",
        &[
            ("zone", Kind::Text),
            ("province_id", Kind::Text),
            ("centre_area_id", Kind::Text),
            ("centre_name", Kind::Text),
            ("communes", Kind::Int),
            ("area_ids", Kind::Text),
            ("labour_force", Kind::Int),
            ("base_year", Kind::Int),
        ]
        .into_iter()
        .chain(CELL_TOTALS)
        .chain([("few_openings", Kind::Bool), ("top_shortage", Kind::Text), ("top_surplus", Kind::Text)])
        .collect::<Vec<_>>(),
    );
    let base = f64::from(scores.base_year);
    for z in &scores.zones.zones {
        let s = z.totals();
        let centre = &ds.areas[z.centre];
        let top = |status: crate::score::CellStatus, amount: fn(&crate::score::GroupCell) -> f64| -> String {
            z.alignment
                .cells
                .iter()
                .filter(|c| c.status == status)
                .max_by(|a, b| amount(a).total_cmp(&amount(b)).then(b.group.cmp(&a.group)))
                .map_or(String::new(), |c| format!("{}/{}", c.group, c.level_group.name()))
        };
        let ids: Vec<&str> = z.areas.iter().map(|&a| ds.areas[a].area_id.as_str()).collect();
        let mut row: Vec<Value> = vec![
            z.zone.clone().into(),
            z.province_id.clone().into(),
            centre.area_id.clone().into(),
            centre.name.clone().into(),
            (z.areas.len() as f64).into(),
            ids.join(";").into(),
            z.labour_force.into(),
            base.into(),
        ];
        row.extend(cell_totals(s, true));
        row.extend([
            z.few_openings.into(),
            top(crate::score::CellStatus::Shortage, |c| c.unmet_openings.map_or(0.0, |u| u.central)).into(),
            top(crate::score::CellStatus::Surplus, |c| c.unplaced_entrants.map_or(0.0, |x| x.central)).into(),
        ]);
        t.push(row);
    }
    t
}

/// The sums of the cells: the province, each level group, and the farming short courses
/// (judged by their outcome, no openings compared).
fn alignment_summary(scores: &Scores) -> Table {
    let mut t = Table::new(
        "alignment_summary",
        &[("scope", Kind::Text), ("base_year", Kind::Int)].into_iter().chain(CELL_TOTALS).collect::<Vec<_>>(),
    );
    let g = &scores.by_group;
    let mut rows: Vec<(&str, &crate::score::CellTotals, bool)> = vec![("province", &g.province, true)];
    rows.extend(g.by_level.iter().map(|(level, totals)| (level.name(), totals, true)));
    rows.push(("farm_short_courses", &g.farm_short_courses, false));
    let base = f64::from(scores.base_year);
    for (scope, s, compared) in rows {
        let mut row: Vec<Value> = vec![scope.into(), base.into()];
        row.extend(cell_totals(s, compared));
        t.push(row);
    }
    t
}

/// The columns of a sum of cells ([`crate::score::CellTotals`]), in the zone and summary tables.
const CELL_TOTALS: [(&str, Kind); 19] = [
    ("graduates", Kind::Num(1)),
    ("entrants", Kind::Num(1)),
    ("entrants_low", Kind::Num(1)),
    ("entrants_high", Kind::Num(1)),
    ("openings", Kind::Num(1)),
    ("openings_low", Kind::Num(1)),
    ("openings_high", Kind::Num(1)),
    ("unmet_openings", Kind::Num(1)),
    ("unmet_openings_low", Kind::Num(1)),
    ("unmet_openings_high", Kind::Num(1)),
    ("unplaced_entrants", Kind::Num(1)),
    ("unplaced_entrants_low", Kind::Num(1)),
    ("unplaced_entrants_high", Kind::Num(1)),
    ("dissimilarity", Kind::Num(3)),
    ("dissimilarity_noise", Kind::Num(3)),
    ("shortage_cells", Kind::Int),
    ("surplus_cells", Kind::Int),
    ("uncertain_cells", Kind::Int),
    ("employed_6m_rate", Kind::Share),
];

/// The values of [`CELL_TOTALS`]; without `compared` (outcome-judged courses) the comparison
/// with openings is left empty.
fn cell_totals(s: &crate::score::CellTotals, compared: bool) -> Vec<Value> {
    let both = |v: f64| if compared { Value::from(v) } else { Value::Empty };
    vec![
        s.graduates.into(),
        s.entrants.central.into(),
        s.entrants.low.into(),
        s.entrants.high.into(),
        both(s.openings.central),
        both(s.openings.low),
        both(s.openings.high),
        both(s.unmet_openings.central),
        both(s.unmet_openings.low),
        both(s.unmet_openings.high),
        both(s.unplaced_entrants.central),
        both(s.unplaced_entrants.low),
        both(s.unplaced_entrants.high),
        s.dissimilarity.filter(|_| compared).into(),
        s.dissimilarity_noise.filter(|_| compared).into(),
        both(s.shortage_cells as f64),
        both(s.surplus_cells as f64),
        both(s.uncertain_cells as f64),
        s.employed_6m_rate.into(),
    ]
}

fn kpis(scores: &Scores) -> Table {
    let mut t = Table::new(
        "kpis",
        &[
            ("indicator", Kind::Text),
            ("value", Kind::Share),
            ("target", Kind::Share),
            ("target_year", Kind::Int),
            ("gap", Kind::Share),
            ("status", Kind::Text),
            ("projected_year", Kind::Int),
            ("projected_year_early", Kind::Int),
            ("projected_year_late", Kind::Int),
            ("source", Kind::Text),
        ],
    );
    for k in &scores.kpis {
        t.push(vec![
            k.indicator.name().into(),
            k.value.into(),
            k.target.into(),
            k.target_year.into(),
            k.gap.into(),
            k.status.name().into(),
            k.projected_year.into(),
            k.projected_year_early.into(),
            k.projected_year_late.into(),
            k.source.clone().into(),
        ]);
    }
    t
}

fn facility_scores(_ds: &Dataset, scores: &Scores) -> Table {
    let mut t = Table::new(
        "facility_scores",
        &[
            ("facility_id", Kind::Text),
            ("name", Kind::Text),
            ("kind", Kind::Text),
            ("ownership", Kind::Text),
            ("places", Kind::Int),
            ("intake", Kind::Int),
            ("graduates", Kind::Int),
            ("utilisation", Kind::Share),
            ("employment_rate", Kind::Share),
            ("cost_per_graduate_mvnd", Kind::Num(2)),
            ("rural_share", Kind::Share),
            ("poor_share", Kind::Share),
            ("shortage_graduates_share", Kind::Share),
            ("surplus_graduates_share", Kind::Share),
            ("flags", Kind::Text),
        ],
    );
    for f in &scores.facilities {
        t.push(vec![
            f.facility_id.clone().into(),
            f.name.clone().into(),
            f.kind.name().into(),
            f.ownership.name().into(),
            f.places.into(),
            f.intake.into(),
            f.graduates.into(),
            f.utilisation.into(),
            f.employment_rate.into(),
            f.cost_per_graduate_mvnd.into(),
            f.rural_share.into(),
            f.poor_share.into(),
            f.shortage_graduates_share.into(),
            f.surplus_graduates_share.into(),
            Value::Text(f.flags.join(";")),
        ]);
    }
    t
}

pub(crate) fn options_tables(report: &ScenarioReport) -> Vec<Table> {
    let mut options = Table::new(
        "consolidation_options",
        &[
            ("option_id", Kind::Text),
            ("action", Kind::Text),
            ("facility_id", Kind::Text),
            ("target_id", Kind::Text),
            ("site_minutes", Kind::Num(0)),
            ("field_overlap", Kind::Share),
            ("net_savings_mvnd", Kind::Num(1)),
            ("budget_savings_mvnd", Kind::Num(1)),
            ("gross_savings_mvnd", Kind::Num(1)),
            ("added_travel_support_mvnd", Kind::Num(1)),
            ("receiver_added_cost_mvnd", Kind::Num(1)),
            ("one_off_cost_mvnd", Kind::Num(1)),
            ("net_savings_horizon_mvnd", Kind::Num(1)),
            ("net_savings_horizon_low_mvnd", Kind::Num(1)),
            ("net_savings_horizon_high_mvnd", Kind::Num(1)),
            ("budget_savings_horizon_mvnd", Kind::Num(1)),
            ("learners_displaced", Kind::Num(1)),
            ("learners_lost", Kind::Num(1)),
            ("learners_lost_low", Kind::Num(1)),
            ("learners_lost_high", Kind::Num(1)),
            ("added_travel_learner_min", Kind::Num(0)),
            ("rural_people_losing_access", Kind::Int),
            ("people_newly_out_of_reach", Kind::Int),
            ("people_travel_rise", Kind::Int),
            ("mean_added_min", Kind::Num(1)),
            ("utilisation_before", Kind::Share),
            ("utilisation_after", Kind::Share),
            ("unmet_openings_change", Kind::Num(1)),
            ("unplaced_entrants_change", Kind::Num(1)),
            ("public_schools_after", Kind::Int),
            ("meets_cap", Kind::Bool),
            ("pareto", Kind::Bool),
            ("score", Kind::Num(1)),
            ("rank", Kind::Int),
            ("rank_low", Kind::Int),
            ("rank_high", Kind::Int),
            ("top5_share", Kind::Share),
            ("rank_equal_staff", Kind::Int),
        ],
    );
    for o in &report.result.options {
        options.push(vec![
            o.option_id.clone().into(),
            o.action.name().into(),
            o.facility_id.clone().into(),
            o.target_id.clone().into(),
            o.site_minutes.into(),
            o.field_overlap.into(),
            o.net_savings_mvnd.into(),
            o.budget_savings_mvnd.into(),
            o.gross_savings_mvnd.into(),
            o.added_travel_support_mvnd.into(),
            o.receiver_added_cost_mvnd.into(),
            o.one_off_cost_mvnd.into(),
            o.net_savings_horizon_mvnd.into(),
            o.net_savings_horizon_low_mvnd.into(),
            o.net_savings_horizon_high_mvnd.into(),
            o.budget_savings_horizon_mvnd.into(),
            o.learners_displaced.into(),
            o.learners_lost.into(),
            o.learners_lost_low.into(),
            o.learners_lost_high.into(),
            o.added_travel_learner_min.into(),
            o.rural_people_losing_access.into(),
            o.people_newly_out_of_reach.into(),
            o.people_travel_rise.into(),
            o.mean_added_min.into(),
            o.utilisation_before.into(),
            o.utilisation_after.into(),
            o.unmet_openings_change.into(),
            o.unplaced_entrants_change.into(),
            (o.public_schools_after as f64).into(),
            o.meets_cap.into(),
            o.pareto.into(),
            o.score.into(),
            (o.rank as f64).into(),
            (o.rank_range.low as f64).into(),
            (o.rank_range.high as f64).into(),
            o.top5_share.into(),
            (o.rank_equal_staff as f64).into(),
        ]);
    }
    let mut access = Table::new(
        "access_by_area",
        &[
            ("area_id", Kind::Text),
            ("nearest_facility_id", Kind::Text),
            ("travel_min", Kind::Num(1)),
            ("distance_km", Kind::Num(2)),
            ("travel_method", Kind::Text),
            ("within_reach", Kind::Bool),
            ("reachable_programmes", Kind::Int),
        ],
    );
    for a in &report.result.access {
        access.push(vec![
            a.area_id.clone().into(),
            a.nearest_facility_id.clone().into(),
            a.travel_min.into(),
            a.distance_km.into(),
            a.travel_method.map(|m| m.label().to_string()).into(),
            a.within_reach.into(),
            (a.reachable_programmes as f64).into(),
        ]);
    }
    let mut tables = vec![options, access];
    if let Some(fit) = &report.result.attendance.fit {
        tables.push(attendance_fit(fit));
    }
    tables
}

/// `attendance_fit.csv`: the fitted model against the learner records, in-sample and on
/// facilities held out of a refit, with the standard error of each difference (clustered by
/// facility).
fn attendance_fit(fit: &crate::access::attendance::FitReport) -> Table {
    let mut t = Table::new(
        "attendance_fit",
        &[
            ("facility_group", Kind::Text),
            ("sample", Kind::Text),
            ("records", Kind::Int),
            ("observed_within_15km", Kind::Share),
            ("predicted_within_15km", Kind::Share),
            ("observed_mean_min", Kind::Num(1)),
            ("predicted_mean_min", Kind::Num(1)),
            ("observed_rural_share", Kind::Share),
            ("predicted_rural_share", Kind::Share),
            ("observed_outside_share", Kind::Share),
            ("facilities", Kind::Int),
            ("within_15km_se", Kind::Share),
            ("mean_min_se", Kind::Num(2)),
            ("rural_share_se", Kind::Share),
        ],
    );
    for c in &fit.checks {
        t.push(vec![
            c.facility_group.into(),
            c.sample.into(),
            c.records.into(),
            c.observed_within_15km.into(),
            c.predicted_within_15km.into(),
            c.observed_mean_min.into(),
            c.predicted_mean_min.into(),
            c.observed_rural_share.into(),
            c.predicted_rural_share.into(),
            c.observed_outside_share.into(),
            (c.facilities as f64).into(),
            c.within_15km_se.into(),
            c.mean_min_se.into(),
            c.rural_share_se.into(),
        ]);
    }
    t
}

/// Tables only a scenario has: its actions, the projection to the horizon, and the
/// optimiser's answer when the scenario asked for one.
pub(crate) fn scenario_tables(report: &ScenarioReport) -> Vec<Table> {
    let result = report.result;
    let mut actions = Table::new("actions", &[("year", Kind::Int), ("action", Kind::Text), ("source", Kind::Text)]);
    for a in &result.scenario.actions {
        let source = if a.line == usize::MAX { "optimise".to_string() } else { format!("line {}", a.line) };
        actions.push(vec![Value::Num(f64::from(a.year)), a.describe().into(), source.into()]);
    }
    let p = &result.projection;
    let mut projection = Table::new(
        "projection",
        &[
            ("year", Kind::Int),
            ("public_facilities", Kind::Int),
            ("places", Kind::Int),
            ("intake", Kind::Int),
            ("graduates", Kind::Int),
            ("certified_graduates", Kind::Int),
            ("openings", Kind::Int),
            ("trained_share", Kind::Share),
            ("certified_share", Kind::Share),
            ("source", Kind::Text),
        ],
    );
    // The observed values of `history` first (source = history), then the projection.
    let observed = |indicator: crate::model::Indicator| -> std::collections::BTreeMap<i32, f64> {
        result
            .scores
            .trajectories
            .iter()
            .filter(|t| t.indicator == indicator)
            .flat_map(|t| t.observed.iter().copied())
            .collect()
    };
    let (trained, certified) =
        (observed(crate::model::Indicator::Trained), observed(crate::model::Indicator::Certified));
    let years: std::collections::BTreeSet<i32> = trained.keys().chain(certified.keys()).copied().collect();
    for year in years {
        let share = |m: &std::collections::BTreeMap<i32, f64>| m.get(&year).map_or(Value::Empty, |v| (*v).into());
        let mut row = vec![Value::Num(f64::from(year))];
        row.extend(std::iter::repeat_with(|| Value::Empty).take(6));
        row.extend([share(&trained), share(&certified), "history".into()]);
        projection.push(row);
    }
    for i in 0..p.years.len() {
        projection.push(vec![
            Value::Num(f64::from(p.years[i])),
            (p.public_facilities[i] as f64).into(),
            p.places[i].into(),
            p.intake[i].into(),
            p.graduates[i].into(),
            p.certified_graduates[i].into(),
            p.openings[i].into(),
            p.trained_share[i].into(),
            p.certified_share[i].into(),
            "projection".into(),
        ]);
    }
    let mut tables = vec![actions, projection];
    if let Some(plan) = &result.optimised {
        let mut t = Table::new(
            "optimised_network",
            &[("facility_id", Kind::Text), ("decision", Kind::Text), ("merged_into", Kind::Text)],
        );
        for id in &plan.open {
            t.push(vec![id.clone().into(), "keep".into(), Value::Empty]);
        }
        for (from, into) in &plan.merges {
            t.push(vec![from.clone().into(), "merge".into(), into.clone().into()]);
        }
        for id in &plan.closures {
            t.push(vec![id.clone().into(), "close".into(), Value::Empty]);
        }
        tables.push(t);
    }
    tables
}

pub(crate) fn comparison_table(results: &[crate::scenario::ScenarioResult]) -> Table {
    let mut t = Table::new(
        "scenario_comparison",
        &[
            ("scenario", Kind::Text),
            ("actions", Kind::Int),
            ("public_facilities", Kind::Int),
            ("public_schools", Kind::Int),
            ("places", Kind::Int),
            ("annual_cost_mvnd", Kind::Num(0)),
            ("net_savings_mvnd", Kind::Num(0)),
            ("net_savings_horizon_mvnd", Kind::Num(0)),
            ("net_savings_horizon_low_mvnd", Kind::Num(0)),
            ("net_savings_horizon_high_mvnd", Kind::Num(0)),
            ("learners_lost", Kind::Num(0)),
            ("unmet_openings", Kind::Num(1)),
            ("unmet_openings_low", Kind::Num(1)),
            ("unmet_openings_high", Kind::Num(1)),
            ("unplaced_entrants", Kind::Num(1)),
            ("unplaced_entrants_low", Kind::Num(1)),
            ("unplaced_entrants_high", Kind::Num(1)),
            ("people_within_reach", Kind::Int),
            ("people_travel_rise", Kind::Int),
            ("trained_share_horizon", Kind::Share),
            ("certified_share_horizon", Kind::Share),
            ("targets_met", Kind::Int),
            ("targets_total", Kind::Int),
        ],
    );
    for r in results {
        let c = &r.comparison;
        t.push(vec![
            c.scenario.clone().into(),
            (c.actions as f64).into(),
            (c.public_facilities as f64).into(),
            (c.public_schools as f64).into(),
            c.places.into(),
            c.annual_cost_mvnd.into(),
            c.net_savings_mvnd.into(),
            c.net_savings_horizon_mvnd.into(),
            c.net_savings_horizon_low_mvnd.into(),
            c.net_savings_horizon_high_mvnd.into(),
            c.learners_lost.into(),
            c.unmet_openings.central.into(),
            c.unmet_openings.low.into(),
            c.unmet_openings.high.into(),
            c.unplaced_entrants.central.into(),
            c.unplaced_entrants.low.into(),
            c.unplaced_entrants.high.into(),
            c.people_within_reach.into(),
            c.people_travel_rise.into(),
            c.trained_share_horizon.into(),
            c.certified_share_horizon.into(),
            (c.targets_met as f64).into(),
            (c.targets_total as f64).into(),
        ]);
    }
    t
}
