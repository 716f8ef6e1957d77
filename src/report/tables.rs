//! The output tables and charts of the scoring stage.

use super::ScenarioReport;
use super::charts::{Chart, ChartBody, HBarRow, HBars, Tone, ValueFormat, shorten};
use super::i18n::{Key, Lang, fill, source_line, tr};
use super::table::{Kind, Table, Value};
use crate::model::{Code, Dataset, Sector};
use crate::score::{CoverageStatus, Scores};

pub(crate) fn score_tables(ds: &Dataset, scores: &Scores) -> Vec<Table> {
    vec![
        alignment_by_occupation(scores),
        alignment_by_area(scores),
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

fn alignment_by_area(scores: &Scores) -> Table {
    let mut t = Table::new(
        "alignment_by_area",
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
            ("alignment_score", Kind::Num(1)),
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

fn alignment_summary(scores: &Scores) -> Table {
    let mut t = Table::new(
        "alignment_summary",
        &[
            ("scope", Kind::Text),
            ("base_year", Kind::Int),
            ("graduates_base", Kind::Int),
            ("openings_base", Kind::Int),
            ("coverage_ratio_base", Kind::Num(3)),
            ("dissimilarity", Kind::Num(3)),
            ("matched_share", Kind::Share),
            ("alignment_score", Kind::Num(1)),
            ("horizon_year", Kind::Int),
            ("openings_horizon", Kind::Int),
        ],
    );
    let (base, horizon) = (f64::from(scores.base_year), f64::from(scores.horizon));
    for s in &scores.by_scope {
        t.push(vec![
            s.scope.clone().into(),
            base.into(),
            s.supply.into(),
            s.demand.into(),
            crate::score::coverage_ratio(s.supply, s.demand).into(),
            s.alignment.dissimilarity.into(),
            s.alignment.matched_share.into(),
            s.alignment.score.into(),
            horizon.into(),
            s.demand_horizon.into(),
        ]);
    }
    t
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
            ("alignment_score", Kind::Num(1)),
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
            f.alignment_score.into(),
            Value::Text(f.flags.join(";")),
        ]);
    }
    t
}

pub fn score_charts(report: &ScenarioReport) -> Vec<Chart> {
    vec![
        utilisation_chart(&report.result.scores, report.lang),
        supply_demand_chart(&report.result.scores, report.lang),
        coverage_by_sector_chart(&report.result.scores, report.lang),
    ]
}

pub(crate) fn utilisation_chart(scores: &Scores, lang: Lang) -> Chart {
    let mut rows: Vec<(f64, String)> = scores
        .facilities
        .iter()
        .filter_map(|f| f.utilisation.map(|u| (u, format!("{} {}", f.facility_id, shorten(&f.name, 44)))))
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let rows = rows
        .into_iter()
        .map(|(u, label)| {
            let tone = if u < 0.5 {
                Tone::Vermillion
            } else if u > 1.0 {
                Tone::Orange
            } else {
                Tone::Blue
            };
            HBarRow { label, values: vec![(u, tone)] }
        })
        .collect();
    let year = scores.base_year;
    Chart {
        name: "facility_utilisation".into(),
        title: fill(tr(lang, Key::UtilisationTitle), &[("year", year.to_string())]),
        source: source_line(lang, "enrolment.csv, facilities.csv", year),
        body: ChartBody::HBars(HBars {
            axis: tr(lang, Key::UtilisationAxis).into(),
            format: ValueFormat::Percent,
            lang,
            rows,
            thresholds: vec![(0.5, "50%".into()), (1.0, "100%".into())],
            band: None,
            legend: vec![
                (Tone::Vermillion, tr(lang, Key::UnderUsed).into()),
                (Tone::Blue, tr(lang, Key::NormalUse).into()),
                (Tone::Orange, tr(lang, Key::OverCapacity).into()),
            ],
        }),
    }
}

/// The largest shortages (demand above supply) and surpluses (supply above demand).
pub(crate) fn supply_demand_chart(scores: &Scores, lang: Lang) -> Chart {
    let name = |o: &crate::score::OccupationAlignment| match lang {
        Lang::Vi => o.name_vi.clone(),
        Lang::En => o.name_en.clone(),
    };
    let mut gaps: Vec<&crate::score::OccupationAlignment> = scores.by_occupation.iter().collect();
    gaps.sort_by(|a, b| (b.demand - b.supply).total_cmp(&(a.demand - a.supply)).then_with(|| a.code.cmp(&b.code)));
    let shortages: Vec<_> = gaps.iter().filter(|o| o.demand > o.supply).take(8).collect();
    let surpluses: Vec<_> = gaps.iter().rev().filter(|o| o.supply > o.demand).take(6).collect();
    let rows = shortages
        .into_iter()
        .chain(surpluses.into_iter().rev())
        .map(|o| HBarRow {
            label: shorten(&name(o), 42),
            values: vec![(o.supply, Tone::Blue), (o.demand, Tone::Orange)],
        })
        .collect();
    let year = scores.base_year;
    Chart {
        name: "supply_demand_by_occupation".into(),
        title: fill(tr(lang, Key::SupplyDemandTitle), &[("year", year.to_string())]),
        source: source_line(lang, "enrolment.csv, demand.csv", year),
        body: ChartBody::HBars(HBars {
            axis: tr(lang, Key::SupplyDemandAxis).into(),
            format: ValueFormat::Count,
            lang,
            rows,
            thresholds: vec![],
            band: None,
            legend: vec![(Tone::Blue, tr(lang, Key::Supply).into()), (Tone::Orange, tr(lang, Key::Demand).into())],
        }),
    }
}

pub(crate) fn coverage_by_sector_chart(scores: &Scores, lang: Lang) -> Chart {
    let rows = Sector::ALL
        .iter()
        .filter_map(|sector| {
            let s = scores.scope(sector.name())?;
            let ratio = crate::score::coverage_ratio(s.supply, s.demand)?;
            let label = match sector {
                Sector::Agriculture => tr(lang, Key::Agriculture),
                Sector::Industry => tr(lang, Key::Industry),
                Sector::Services => tr(lang, Key::Services),
            };
            let tone = match crate::score::coverage_status(s.supply, s.demand, &Default::default()) {
                CoverageStatus::Shortage | CoverageStatus::NoSupply => Tone::Vermillion,
                CoverageStatus::Surplus => Tone::Orange,
                _ => Tone::Green,
            };
            Some(HBarRow { label: label.into(), values: vec![(ratio, tone)] })
        })
        .collect();
    let year = scores.base_year;
    Chart {
        name: "coverage_by_sector".into(),
        title: fill(tr(lang, Key::CoverageSectorTitle), &[("year", year.to_string())]),
        source: source_line(lang, "enrolment.csv, demand.csv", year),
        body: ChartBody::HBars(HBars {
            axis: tr(lang, Key::CoverageAxis).into(),
            format: ValueFormat::Ratio,
            lang,
            rows,
            thresholds: vec![(1.0, super::i18n::number(lang, 1.0, 1))],
            band: Some((0.8, 1.2, tr(lang, Key::Balanced).into())),
            legend: vec![
                (Tone::Vermillion, tr(lang, Key::Shortage).into()),
                (Tone::Green, tr(lang, Key::Balanced).into()),
                (Tone::Orange, tr(lang, Key::Surplus).into()),
            ],
        }),
    }
}

pub(crate) fn options_tables(report: &ScenarioReport) -> Vec<Table> {
    let mut options = Table::new(
        "consolidation_options",
        &[
            ("option_id", Kind::Text),
            ("action", Kind::Text),
            ("facility_id", Kind::Text),
            ("target_id", Kind::Text),
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
            ("alignment_change", Kind::Num(2)),
            ("matched_demand_change", Kind::Num(1)),
            ("public_schools_after", Kind::Int),
            ("meets_cap", Kind::Bool),
            ("pareto", Kind::Bool),
            ("score", Kind::Num(1)),
            ("rank", Kind::Int),
        ],
    );
    for o in &report.result.options {
        options.push(vec![
            o.option_id.clone().into(),
            o.action.name().into(),
            o.facility_id.clone().into(),
            o.target_id.clone().into(),
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
            o.alignment_change.into(),
            o.matched_demand_change.into(),
            (o.public_schools_after as f64).into(),
            o.meets_cap.into(),
            o.pareto.into(),
            o.score.into(),
            (o.rank as f64).into(),
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
/// facilities held out of a refit.
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
        ]);
    }
    t
}

pub fn options_charts(report: &ScenarioReport) -> Vec<Chart> {
    if report.result.options.is_empty() {
        return Vec::new();
    }
    let names: std::collections::HashMap<String, String> =
        report.result.dataset.facilities.iter().map(|f| (f.facility_id.clone(), f.name.clone())).collect();
    vec![pareto_chart(&report.result.options, &names, report.lang, report.result.scores.base_year)]
}

/// A facility's name made short for a chart label: the kind in its usual abbreviation
/// ("Trường Cao đẳng" CĐ, "Trường Trung cấp" TC, "Trung tâm GDNN-GDTX" TT), then cut to 26
/// characters.
pub(crate) fn short_facility_name(name: &str) -> String {
    let mut short = name.trim().to_string();
    for (long, abbreviation) in [
        ("Trường Cao đẳng ", "CĐ "),
        ("Trường Trung cấp ", "TC "),
        ("Trung tâm GDNN-GDTX ", "TT "),
        ("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên ", "TT "),
        ("Trung tâm ", "TT "),
        ("Trường ", ""),
    ] {
        if let Some(rest) = short.strip_prefix(long) {
            short = format!("{abbreviation}{rest}");
            break;
        }
    }
    super::charts::shorten(&short, 26)
}

/// An option as a chart label: "#3 Sáp nhập TT Tân Phong vào CĐ Nông nghiệp Phú Sơn".
fn option_label(
    o: &crate::options::ConsolidationOption,
    names: &std::collections::HashMap<String, String>,
    lang: Lang,
) -> String {
    let name = |id: &str| short_facility_name(names.get(id).map_or(id, String::as_str));
    let key = match o.action {
        crate::options::Action::Close => Key::ParetoClose,
        crate::options::Action::Merge => Key::ParetoMerge,
        crate::options::Action::Convert => Key::ParetoConvert,
    };
    let into = o.target_id.as_deref().map(name).unwrap_or_default();
    format!("#{} {}", o.rank, fill(tr(lang, key), &[("from", name(&o.facility_id)), ("into", into)]))
}

/// Net savings against learners lost; the Pareto front joined, the top five ranked options
/// labelled.
pub(crate) fn pareto_chart(
    options: &[crate::options::ConsolidationOption],
    names: &std::collections::HashMap<String, String>,
    lang: Lang,
    year: i32,
) -> Chart {
    use super::charts::{Scatter, ScatterPoint};
    // The five best-ranked facilities are labelled, each by its best option (several
    // variants of one facility would pile their labels on one spot).
    let mut seen = std::collections::HashSet::new();
    let labelled: std::collections::HashSet<&str> =
        options.iter().filter(|o| seen.insert(o.facility_id.as_str())).take(5).map(|o| o.option_id.as_str()).collect();
    let points = options
        .iter()
        .map(|o| ScatterPoint {
            x: o.learners_lost,
            y: o.budget_savings_horizon_mvnd,
            tone: if o.pareto { Tone::Blue } else { Tone::Grey },
            highlighted: o.pareto,
            label: labelled.contains(o.option_id.as_str()).then(|| option_label(o, names, lang)),
        })
        .collect();
    // Keep the plot readable: leave off options losing far more learners than most.
    let mut losses: Vec<f64> = options.iter().map(|o| o.learners_lost).collect();
    losses.sort_by(f64::total_cmp);
    let p90 = losses[(losses.len() * 9 / 10).min(losses.len() - 1)];
    let x_max = (p90 * 2.0).max(10.0);
    let off = options.iter().filter(|o| o.learners_lost > x_max).count();
    let note = (off > 0)
        .then(|| fill(tr(lang, Key::OffChart), &[("n", off.to_string()), ("x", super::i18n::number(lang, x_max, 0))]));
    Chart {
        name: "consolidation_pareto".into(),
        title: tr(lang, Key::ParetoTitle).into(),
        source: source_line(lang, "facilities.csv, enrolment.csv, programs.csv", year),
        body: ChartBody::Scatter(Scatter {
            x_axis: tr(lang, Key::ParetoX).into(),
            y_axis: tr(lang, Key::ParetoY).into(),
            lang,
            points,
            legend: vec![
                (Tone::Blue, tr(lang, Key::ParetoFront).into()),
                (Tone::Grey, tr(lang, Key::OtherOptions).into()),
            ],
            x_max: Some(x_max),
            note,
        }),
    }
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
        ],
    );
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
            ("learners_lost", Kind::Num(0)),
            ("alignment_score", Kind::Num(1)),
            ("rural_alignment_score", Kind::Num(1)),
            ("people_within_reach", Kind::Int),
            ("people_travel_rise", Kind::Int),
            ("trained_share_horizon", Kind::Share),
            ("certified_share_horizon", Kind::Share),
            ("targets_met", Kind::Int),
            ("targets_total", Kind::Int),
            ("alignment_low", Kind::Num(1)),
            ("alignment_high", Kind::Num(1)),
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
            c.learners_lost.into(),
            c.alignment_score.into(),
            c.rural_alignment_score.into(),
            c.people_within_reach.into(),
            c.people_travel_rise.into(),
            c.trained_share_horizon.into(),
            c.certified_share_horizon.into(),
            (c.targets_met as f64).into(),
            (c.targets_total as f64).into(),
            c.alignment_low.into(),
            c.alignment_high.into(),
        ]);
    }
    t
}

/// A long name on several lines of at most `width` characters (words kept whole).
pub(crate) fn wrap_label(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

/// Four panels side by side: net savings, learners lost, alignment score, people newly out
/// of reach; each scenario's full name, wrapped.
pub(crate) fn comparison_chart(results: &[crate::scenario::ScenarioResult], lang: Lang) -> Chart {
    let horizon = results.first().map_or(2030, |r| r.scenario.horizon);
    // The baseline is named in the chart's language.
    let label = |r: &crate::scenario::ScenarioResult| {
        if r.scenario.name == "baseline" {
            tr(lang, Key::BaselineLabel).to_string()
        } else {
            wrap_label(&r.comparison.scenario, 26)
        }
    };
    let rows = |value: &dyn Fn(&crate::scenario::ComparisonRow) -> f64, tone: Tone| -> Vec<HBarRow> {
        results.iter().map(|r| HBarRow { label: label(r), values: vec![(value(&r.comparison), tone)] }).collect()
    };
    // Access: people within reach of a facility in the baseline and no longer in the scenario.
    let reach_before = results
        .iter()
        .find(|r| r.scenario.name == "baseline")
        .or(results.first())
        .map_or(0.0, |r| r.comparison.people_within_reach);
    let panel = |axis: Key, format: ValueFormat, rows: Vec<HBarRow>| HBars {
        axis: tr(lang, axis).into(),
        format,
        lang,
        rows,
        thresholds: vec![],
        band: None,
        legend: vec![],
    };
    Chart {
        name: "scenario_comparison".into(),
        title: fill(tr(lang, Key::ComparisonTitle), &[("year", horizon.to_string())]),
        source: source_line(lang, tr(lang, Key::ScenarioFiles), horizon),
        body: ChartBody::Panels(vec![
            panel(Key::NetSavingsAxis, ValueFormat::Count, rows(&|c| c.net_savings_mvnd, Tone::Green)),
            panel(Key::LearnersLostAxis, ValueFormat::Count, rows(&|c| c.learners_lost, Tone::Vermillion)),
            panel(Key::AlignmentAxis, ValueFormat::Score, rows(&|c| c.alignment_score.unwrap_or(0.0), Tone::Blue)),
            panel(
                Key::PeopleOutOfReachAxis,
                ValueFormat::Count,
                rows(&|c| (reach_before - c.people_within_reach).max(0.0), Tone::Orange),
            ),
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pareto_labels_use_short_names_and_words_in_the_report_language() {
        assert_eq!(short_facility_name("Trường Cao đẳng Nông nghiệp Phú Sơn"), "CĐ Nông nghiệp Phú Sơn");
        assert_eq!(short_facility_name("Trung tâm GDNN-GDTX Tân Phong"), "TT Tân Phong");
        assert_eq!(short_facility_name("Trường Trung cấp Dân tộc Nội trú Con Luông"), "TC Dân tộc Nội trú Con Lu…");
        let names: std::collections::HashMap<String, String> = [
            ("F020".to_string(), "Trung tâm GDNN-GDTX Tân Phong".to_string()),
            ("F011".to_string(), "Trung tâm GDNN-GDTX Phú Sơn".to_string()),
        ]
        .into();
        let mut o = crate::options::ConsolidationOption {
            option_id: "merge-F020-F011".into(),
            action: crate::options::Action::Merge,
            facility_id: "F020".into(),
            target_id: Some("F011".into()),
            gross_savings_mvnd: 0.0,
            added_travel_support_mvnd: 0.0,
            receiver_added_cost_mvnd: 0.0,
            net_savings_mvnd: 0.0,
            budget_savings_mvnd: 0.0,
            one_off_cost_mvnd: 0.0,
            net_savings_horizon_mvnd: 0.0,
            net_savings_horizon_low_mvnd: 0.0,
            net_savings_horizon_high_mvnd: 0.0,
            budget_savings_horizon_mvnd: 0.0,
            learners_displaced: 0.0,
            learners_lost: 0.0,
            learners_lost_low: 0.0,
            learners_lost_high: 0.0,
            added_travel_learner_min: 0.0,
            rural_people_losing_access: 0.0,
            people_newly_out_of_reach: 0.0,
            people_travel_rise: 0.0,
            mean_added_min: 0.0,
            utilisation_before: None,
            utilisation_after: None,
            alignment_change: 0.0,
            matched_demand_change: 0.0,
            public_schools_after: 0,
            meets_cap: true,
            pareto: true,
            score: 0.0,
            rank: 2,
        };
        assert_eq!(option_label(&o, &names, Lang::Vi), "#2 Sáp nhập TT Tân Phong vào TT Phú Sơn");
        assert_eq!(option_label(&o, &names, Lang::En), "#2 Merge TT Tân Phong into TT Phú Sơn");
        o.action = crate::options::Action::Close;
        o.target_id = None;
        assert_eq!(option_label(&o, &names, Lang::En), "#2 Close TT Tân Phong");
        let chart = pareto_chart(std::slice::from_ref(&o), &names, Lang::Vi, 2025);
        let ChartBody::Scatter(s) = chart.body else { panic!("a scatter") };
        assert_eq!(s.points[0].label.as_deref(), Some("#2 Đóng TT Tân Phong"));
    }
}
