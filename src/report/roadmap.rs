//! The roadmap as the planner gets it: `roadmap.csv` and `roadmap_years.csv`, the
//! year-by-year chart, the sentences of the brief's "Lộ trình" / "Roadmap" page and
//! `roadmap.toml`, the roadmap as a scenario that runs again.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

use super::charts::{Chart, ChartBody};
use super::i18n::{Key, Lang, fill, number, percent, tr};
use super::style::{BLUE, DrawResult, GREY, INK, LIGHT_GREY, ORANGE, Style, VERMILLION, axes, fail, legend_label};
use super::table::{Kind, Table};
use crate::model::Code;
use crate::scenario::ScenarioResult;
use crate::scenario::actions::ActionKind;
use crate::scenario::roadmap::{Binding, DECISION_73, Network, Roadmap, RoadmapOf, RoadmapPriority, RoadmapStep};

/// A facility's name before the actions (its id when unknown).
fn name_of(result: &ScenarioResult, id: &str) -> String {
    result.facility_names.iter().find(|(i, _)| i == id).map_or_else(|| id.to_string(), |(_, n)| n.clone())
}

/// The action in words ("Sáp nhập A vào B").
pub(crate) fn step_words(lang: Lang, result: &ScenarioResult, step: &RoadmapStep) -> String {
    let from = name_of(result, &step.facility_id);
    let into = step.target_id.as_deref().map(|t| name_of(result, t)).unwrap_or_default();
    let key = match step.action.kind {
        ActionKind::Merge { .. } => Key::OptionMerge,
        ActionKind::Close { .. } => Key::OptionClose,
        ActionKind::Convert { .. } => Key::OptionConvert,
        _ => return step.action.describe(),
    };
    fill(tr(lang, key), &[("from", from), ("into", into)])
}

/// Short label for the timeline: "F012 vào F003", "đóng F007".
fn short_label(lang: Lang, step: &RoadmapStep) -> String {
    let key = match step.action.kind {
        ActionKind::Merge { .. } => Key::RoadmapShortMerge,
        ActionKind::Convert { .. } => Key::RoadmapShortConvert,
        ActionKind::Close { .. } => Key::RoadmapShortClose,
        _ => return format!("{} {}", step.verb, step.facility_id),
    };
    fill(tr(lang, key), &[("from", step.facility_id.clone()), ("into", step.target_id.clone().unwrap_or_default())])
}

pub(crate) fn tables(result: &ScenarioResult, lang: Lang) -> Vec<Table> {
    let Some(r) = &result.roadmap else { return Vec::new() };
    let mut steps = Table::new(
        "roadmap",
        &[
            ("year", Kind::Int),
            ("action", Kind::Text),
            ("facility_id", Kind::Text),
            ("target_id", Kind::Text),
            ("one_off_cost_mvnd", Kind::Num(1)),
            ("learners_lost", Kind::Num(1)),
            ("learners_lost_low", Kind::Num(1)),
            ("learners_lost_high", Kind::Num(1)),
            ("budget_savings_mvnd", Kind::Num(1)),
            ("description", Kind::Text),
            ("moved_to_receiver", Kind::Num(1)),
            ("receiver_limit", Kind::Num(1)),
            ("needs", Kind::Text),
        ],
    );
    let mut order: Vec<&RoadmapStep> = r.steps.iter().collect();
    order.sort_by_key(|s| s.year.unwrap_or(i32::MAX));
    for s in order {
        steps.push(vec![
            s.year.map(f64::from).into(),
            s.verb.to_string().into(),
            s.facility_id.clone().into(),
            s.target_id.clone().into(),
            s.one_off_cost_mvnd.into(),
            s.learners_lost.into(),
            s.learners_lost_low.into(),
            s.learners_lost_high.into(),
            s.budget_savings_mvnd.into(),
            step_words(lang, result, s).into(),
            s.receiver_limit.map(|_| s.moved_to_receiver).into(),
            s.receiver_limit.into(),
            s.after.iter().map(|&j| r.steps[j].facility_id.clone()).collect::<Vec<_>>().join("; ").into(),
        ]);
    }
    let mut years = Table::new(
        "roadmap_years",
        &[
            ("year", Kind::Int),
            ("actions", Kind::Int),
            ("public_schools_counted", Kind::Int),
            ("cap", Kind::Int),
            ("public_facilities", Kind::Int),
            ("public_intermediate", Kind::Int),
            ("one_off_cost_mvnd", Kind::Num(1)),
            ("cumulative_net_savings_mvnd", Kind::Num(1)),
            ("cumulative_net_savings_low_mvnd", Kind::Num(1)),
            ("cumulative_net_savings_high_mvnd", Kind::Num(1)),
            ("public_facilities_reduction_from_2020", Kind::Share),
            ("public_intermediate_reduction_from_2020", Kind::Share),
        ],
    );
    for (i, &y) in r.years.iter().enumerate() {
        years.push(vec![
            f64::from(y).into(),
            (r.steps.iter().filter(|s| s.year == Some(y)).count() as f64).into(),
            (r.counted_by_year[i] as f64).into(),
            (r.cap as f64).into(),
            (r.public_by_year[i] as f64).into(),
            (r.intermediate_by_year[i] as f64).into(),
            r.one_off_by_year[i].into(),
            r.savings_by_year[i][0].into(),
            r.savings_by_year[i][1].into(),
            r.savings_by_year[i][2].into(),
            r.reduction(Network::PublicFacilities, y).into(),
            r.reduction(Network::PublicIntermediate, y).into(),
        ]);
    }
    vec![steps, years]
}

/// The roadmap chart's data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct RoadmapChart {
    pub(crate) lang: Lang,
    pub(crate) years: Vec<i32>,
    /// Labels of the actions of each year.
    pub(crate) actions: Vec<Vec<String>>,
    pub(crate) counted: Vec<usize>,
    pub(crate) cap: usize,
    pub(crate) cap_by_year: i32,
    /// Cumulative savings: central, low, high.
    pub(crate) savings: Vec<[f64; 3]>,
    pub(crate) timeline: String,
    pub(crate) schools_legend: String,
    pub(crate) cap_label: String,
    pub(crate) cap_by_label: String,
    pub(crate) savings_axis: String,
    pub(crate) savings_legend: String,
    pub(crate) range_legend: String,
    pub(crate) none: String,
}

pub(crate) fn chart(result: &ScenarioResult, lang: Lang) -> Option<Chart> {
    let r = result.roadmap.as_ref()?;
    let body = RoadmapChart {
        lang,
        years: r.years.clone(),
        actions: r
            .years
            .iter()
            .map(|&y| r.steps.iter().filter(|s| s.year == Some(y)).map(|s| short_label(lang, s)).collect())
            .collect(),
        counted: r.counted_by_year.clone(),
        cap: r.cap,
        cap_by_year: r.cap_by_year,
        savings: r.savings_by_year.clone(),
        timeline: tr(lang, Key::RoadmapTimeline).to_string(),
        schools_legend: tr(lang, Key::RoadmapSchoolsLegend).to_string(),
        cap_label: fill(tr(lang, Key::RoadmapCapLine), &[("cap", r.cap.to_string())]),
        cap_by_label: fill(tr(lang, Key::RoadmapCapBy), &[("year", r.cap_by_year.to_string())]),
        savings_axis: tr(lang, Key::RoadmapSavingsAxis).to_string(),
        savings_legend: tr(lang, Key::RoadmapSavingsLegend).to_string(),
        range_legend: tr(lang, Key::RoadmapRangeLegend).to_string(),
        none: tr(lang, Key::RoadmapNoAction).to_string(),
    };
    Some(Chart {
        name: "roadmap".into(),
        title: tr(lang, Key::RoadmapChartTitle).to_string(),
        source: super::i18n::source_line(lang, "facilities.csv, programs.csv, enrolment.csv", r.base_year),
        body: ChartBody::Roadmap(body),
    })
}

/// Three panels sharing the years: the actions of each year, the counted public schools at
/// the end of each year against the cap, the cumulative savings with their range.
pub(crate) fn draw<DB: DrawingBackend>(c: &RoadmapChart, area: &DrawingArea<DB, Shift>, s: Style) -> DrawResult {
    let (_, h) = area.dim_in_pixel();
    let h = h as i32;
    let rows = c.actions.iter().map(Vec::len).max().unwrap_or(0).max(1) as i32;
    let top_h = (s.px(36.0) + rows * s.px(20.0)).min(h * 2 / 5);
    let (top, rest) = area.split_vertically(top_h);
    let (middle, bottom) = rest.split_vertically((h - top_h) * 2 / 5);
    let (x0, x1) = (c.years.first().copied().unwrap_or(2025), c.years.last().copied().unwrap_or(2030));
    let x_range = f64::from(x0) - 0.5..f64::from(x1) + 0.5;
    let (left, right) = (s.px(90.0), s.px(30.0));
    let x_fmt = |v: &f64| if (v - v.round()).abs() < 1e-9 { format!("{}", v.round() as i64) } else { String::new() };
    // Timeline: one column per year, its actions listed.
    {
        let mut chart = ChartBuilder::on(&top)
            .margin_left(s.px(16.0))
            .margin_right(right)
            .y_label_area_size(left)
            .build_cartesian_2d(x_range.clone(), 0.0..1.0)
            .map_err(fail)?;
        chart.configure_mesh().disable_mesh().disable_axes().draw().map_err(fail)?;
        let (bx, by) = top.get_base_pixel();
        top.draw(&Text::new(c.timeline.clone(), (s.px(16.0), s.px(8.0)), s.bold(14.0))).map_err(fail)?;
        for (i, &y) in c.years.iter().enumerate() {
            let (px, _) = chart.backend_coord(&(f64::from(y), 0.0));
            let x = px - bx;
            let bold = y == c.cap_by_year;
            top.draw(&Text::new(
                y.to_string(),
                (x, s.px(8.0)),
                if bold { s.bold(14.0) } else { s.font(14.0) }.pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(fail)?;
            let labels = &c.actions[i];
            if labels.is_empty() {
                top.draw(&Text::new(
                    "·".to_string(),
                    (x, s.px(32.0)),
                    s.grey(13.0).pos(Pos::new(HPos::Center, VPos::Top)),
                ))
                .map_err(fail)?;
            }
            for (k, label) in labels.iter().enumerate() {
                top.draw(&Text::new(
                    label.clone(),
                    (x, s.px(32.0) + k as i32 * s.px(20.0)),
                    s.bold(13.0).color(&BLUE).pos(Pos::new(HPos::Center, VPos::Top)),
                ))
                .map_err(fail)?;
            }
        }
        let _ = by;
    }
    // Counted public schools against the cap.
    {
        let max = c.counted.iter().copied().max().unwrap_or(0).max(c.cap) as f64 + 1.0;
        let mut chart = ChartBuilder::on(&middle)
            .margin_left(s.px(16.0))
            .margin_right(right)
            .margin_top(s.px(24.0))
            .x_label_area_size(s.px(8.0))
            .y_label_area_size(left)
            .build_cartesian_2d(x_range.clone(), 0.0..max)
            .map_err(fail)?;
        axes(&mut chart.configure_mesh(), s, 12.0)
            .disable_x_mesh()
            .x_labels(0)
            .y_labels((max as usize).min(8))
            .y_label_formatter(&|v: &f64| format!("{}", v.round() as i64))
            .draw()
            .map_err(fail)?;
        for (&y, &n) in c.years.iter().zip(&c.counted) {
            let over = n > c.cap;
            let colour = if over { ORANGE } else { BLUE };
            let xf = f64::from(y);
            chart
                .draw_series(std::iter::once(Rectangle::new([(xf - 0.3, 0.0), (xf + 0.3, n as f64)], colour.filled())))
                .map_err(fail)?;
            let (px, py) = chart.backend_coord(&(xf, n as f64));
            let (bx, by) = middle.get_base_pixel();
            middle
                .draw(&Text::new(
                    n.to_string(),
                    (px - bx, py - by - s.px(3.0)),
                    s.bold(12.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
                ))
                .map_err(fail)?;
        }
        let cap = c.cap as f64;
        chart
            .draw_series(std::iter::once(DashedPathElement::new(
                vec![(x_range.start, cap), (x_range.end, cap)],
                s.upx(8.0),
                s.upx(5.0),
                VERMILLION.stroke_width(s.upx(2.0)),
            )))
            .map_err(fail)?;
        let by = f64::from(c.cap_by_year) + 0.5;
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(by, 0.0), (by, max)], GREY.stroke_width(s.upx(1.5)))))
            .map_err(fail)?;
        let (bx, byy) = middle.get_base_pixel();
        let (px, py) = chart.backend_coord(&(by, max));
        middle
            .draw(&Text::new(
                c.cap_by_label.clone(),
                (px - bx - s.px(4.0), py - byy),
                s.grey(11.5).pos(Pos::new(HPos::Right, VPos::Top)),
            ))
            .map_err(fail)?;
        middle.draw(&Text::new(c.schools_legend.clone(), (s.px(16.0), s.px(2.0)), s.bold(14.0))).map_err(fail)?;
        let (lx, ly) = chart.backend_coord(&(x_range.start, cap));
        middle
            .draw(&Text::new(
                c.cap_label.clone(),
                (lx - bx - s.px(6.0), ly - byy),
                s.font(12.0).color(&VERMILLION).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(fail)?;
    }
    // Cumulative savings with the range.
    {
        let values: Vec<f64> = c.savings.iter().flat_map(|v| v.iter().copied()).collect();
        let lo = values.iter().copied().fold(0.0f64, f64::min);
        let hi = values.iter().copied().fold(0.0f64, f64::max);
        let pad = ((hi - lo) * 0.08).max(1.0);
        let (legend, plot) = bottom.split_vertically(s.px(30.0));
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(s.px(16.0))
            .margin_right(right)
            .x_label_area_size(s.px(30.0))
            .y_label_area_size(left)
            .build_cartesian_2d(x_range.clone(), lo - pad..hi + pad)
            .map_err(fail)?;
        let lang = c.lang;
        axes(&mut chart.configure_mesh(), s, 12.0)
            .disable_x_mesh()
            .x_labels(c.years.len().max(2))
            .x_label_formatter(&x_fmt)
            .y_labels(5)
            .y_label_formatter(&|v: &f64| number(lang, *v, 0))
            .y_desc(c.savings_axis.clone())
            .draw()
            .map_err(fail)?;
        let mut ring: Vec<(f64, f64)> = c.years.iter().zip(&c.savings).map(|(&y, v)| (f64::from(y), v[1])).collect();
        ring.extend(c.years.iter().zip(&c.savings).rev().map(|(&y, v)| (f64::from(y), v[2])));
        chart.draw_series(std::iter::once(Polygon::new(ring, GREEN_BAND.filled()))).map_err(fail)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x_range.start, 0.0), (x_range.end, 0.0)],
                LIGHT_GREY.stroke_width(s.upx(1.5)),
            )))
            .map_err(fail)?;
        let pts: Vec<(f64, f64)> = c.years.iter().zip(&c.savings).map(|(&y, v)| (f64::from(y), v[0])).collect();
        chart
            .draw_series(std::iter::once(PathElement::new(pts.clone(), super::style::GREEN.stroke_width(s.upx(3.0)))))
            .map_err(fail)?;
        chart
            .draw_series(pts.iter().map(|&p| Circle::new(p, s.upx(4.0), super::style::GREEN.filled())))
            .map_err(fail)?;
        legend
            .draw(&Rectangle::new([(s.px(16.0), s.px(10.0)), (s.px(40.0), s.px(14.0))], super::style::GREEN.filled()))
            .map_err(fail)?;
        legend_label(&legend, &c.savings_legend, (s.px(48.0), s.px(12.0)), s, 12.5)?;
        let x2 = s.px(60.0) + s.px(7.0 * c.savings_legend.chars().count() as f64);
        legend
            .draw(&Rectangle::new([(x2, s.px(4.0)), (x2 + s.px(24.0), s.px(20.0))], GREEN_BAND.filled()))
            .map_err(fail)?;
        legend_label(&legend, &c.range_legend, (x2 + s.px(32.0), s.px(12.0)), s, 12.5)?;
    }
    let _ = INK;
    Ok(())
}

/// The savings band: the green of the line, light.
const GREEN_BAND: super::style::Colour = super::style::Colour(191, 230, 219);

/// What the roadmap schedules, in words.
fn what(lang: Lang, r: &Roadmap) -> String {
    match r.source {
        RoadmapOf::Cap => fill(tr(lang, Key::RoadmapOfCap), &[("cap", r.cap.to_string())]),
        RoadmapOf::Actions => tr(lang, Key::RoadmapOfActions).to_string(),
    }
}

/// The page's paragraphs before the table: the model, then whether it meets everything.
pub(crate) fn intro(lang: Lang, r: &Roadmap) -> Vec<String> {
    let budget = r.spec.one_off_budget_mvnd_per_year.map_or_else(
        || tr(lang, Key::RoadmapNoLimit).to_string(),
        |b| format!("{} {}", number(lang, b.get(), 0), if lang == Lang::Vi { "triệu đồng" } else { "million VND" }),
    );
    let max = r.spec.max_actions_per_year.map_or_else(
        || tr(lang, Key::RoadmapAnyActions).to_string(),
        |k| fill(tr(lang, Key::RoadmapMaxActions), &[("k", k.to_string())]),
    );
    let mut out = vec![fill(
        tr(lang, Key::RoadmapIntro),
        &[
            ("what", what(lang, r)),
            ("first", (r.base_year + 1).to_string()),
            ("horizon", r.horizon.to_string()),
            ("budget", budget),
            ("growth", percent(lang, r.spec.receiver_growth_max.get(), 0)),
            ("max", max),
        ],
    )];
    let priority = match r.spec.priority {
        RoadmapPriority::Learners => Key::RoadmapLearnersFirst,
        RoadmapPriority::Budget => Key::RoadmapBudgetFirst,
    };
    out.push(fill(tr(lang, priority), &[("horizon", r.horizon.to_string())]));
    out
}

/// Whether the roadmap meets every constraint, and the year the cap is reached.
pub(crate) fn verdict(lang: Lang, r: &Roadmap) -> String {
    if !r.feasible() {
        return tr(lang, Key::RoadmapInfeasible).to_string();
    }
    match r.years.iter().zip(&r.counted_by_year).find(|(_, n)| **n <= r.cap) {
        Some((year, _)) if !r.over_cap.is_empty() => fill(
            tr(lang, Key::RoadmapMeets),
            &[("cap", r.cap.to_string()), ("year", year.to_string()), ("by", r.cap_by_year.to_string())],
        ),
        _ => tr(lang, Key::RoadmapMeetsNoCap).to_string(),
    }
}

/// The binding constraints in words, each with its amount.
pub(crate) fn binding(lang: Lang, result: &ScenarioResult, r: &Roadmap) -> Vec<String> {
    let mut lines: Vec<String> = r
        .binding
        .iter()
        .map(|b| match b {
            Binding::Budget { year, excess } => fill(
                tr(lang, Key::RoadmapBindBudget),
                &[("year", year.to_string()), ("amount", number(lang, *excess, 0))],
            ),
            Binding::ActionsPerYear { year, excess } => {
                fill(tr(lang, Key::RoadmapBindActions), &[("year", year.to_string()), ("n", number(lang, *excess, 0))])
            }
            Binding::Receiver { receiver, year, excess } => fill(
                tr(lang, Key::RoadmapBindReceiver),
                &[
                    ("receiver", name_of(result, receiver)),
                    ("year", year.to_string()),
                    ("n", number(lang, *excess, 0)),
                    ("growth", percent(lang, r.spec.receiver_growth_max.get(), 0)),
                ],
            ),
            Binding::Unscheduled { step } => {
                fill(tr(lang, Key::RoadmapBindUnscheduled), &[("action", step_words(lang, result, &r.steps[*step]))])
            }
            Binding::Cap { province, year, missing } => fill(
                tr(lang, Key::RoadmapBindCap),
                &[("province", province.clone()), ("year", year.to_string()), ("n", number(lang, *missing, 0))],
            ),
            Binding::WomenShare { .. } => String::new(),
        })
        .filter(|line| !line.is_empty())
        .collect();
    // The women's ceiling in one line, year by year.
    let women: Vec<String> = r
        .binding
        .iter()
        .filter_map(|b| match b {
            Binding::WomenShare { year, excess } => Some(format!("{year}: {}", number(lang, *excess, 1))),
            _ => None,
        })
        .collect();
    if !women.is_empty() {
        let ceiling = percent(lang, r.spec.women_lost_share_max.map_or(0.0, |c| c.get()), 0);
        lines.push(fill(tr(lang, Key::RoadmapBindWomen), &[("ceiling", ceiling), ("list", women.join("; "))]));
    }
    lines
}

/// The roadmap in one sentence: how many actions over how many years, costs and savings.
pub(crate) fn spread(lang: Lang, r: &Roadmap) -> String {
    let mut years: Vec<i32> = r.steps.iter().filter_map(|s| s.year).collect();
    years.sort_unstable();
    let list: Vec<String> = {
        let mut distinct = years.clone();
        distinct.dedup();
        distinct.iter().map(|y| format!("{y}: {}", years.iter().filter(|x| *x == y).count())).collect()
    };
    let distinct = list.len();
    let last = r.savings_by_year.last().copied().unwrap_or([0.0; 3]);
    fill(
        tr(lang, Key::RoadmapSpread),
        &[
            ("n", years.len().to_string()),
            ("years", distinct.to_string()),
            ("list", list.join("; ")),
            ("one_off", number(lang, r.one_off_by_year.iter().sum(), 0)),
            ("horizon", r.horizon.to_string()),
            ("savings", super::i18n::with_range(lang, last[0], last[1], last[2])),
        ],
    )
}

/// Decision 73's network targets along the roadmap, one line each, and the note on the 2020
/// counts.
pub(crate) fn decision_73(lang: Lang, r: &Roadmap) -> Vec<String> {
    let mut out = vec![tr(lang, Key::D73Intro).to_string()];
    let mut given = true;
    for (network, year, target) in DECISION_73 {
        let name = match network {
            Network::PublicFacilities => tr(lang, Key::D73Public),
            Network::PublicIntermediate => tr(lang, Key::D73Intermediate),
        };
        let (reference, set) = r.reference_2020(network);
        given &= set;
        if reference == 0 {
            if year == DECISION_73.iter().find(|d| d.0 == network).map_or(year, |d| d.1) {
                out.push(fill(tr(lang, Key::D73NoReference), &[("network", name.to_string())]));
            }
            continue;
        }
        let reduction = r.reduction(network, year).unwrap_or(0.0);
        // Measured from the base year, a shortfall may be made up by the reductions of 2020
        // to the base year: not a verdict.
        let status = match (reduction + 1e-9 >= target, set) {
            (true, _) => Key::D73Met,
            (false, true) => Key::D73NotMet,
            (false, false) => Key::D73Undecided,
        };
        out.push(fill(
            tr(lang, Key::D73Line),
            &[
                ("network", name.to_string()),
                ("year", year.to_string()),
                ("count", r.count_in(network, year).to_string()),
                ("reference", reference.to_string()),
                ("ref_year", if set { "2020".to_string() } else { r.base_year.to_string() }),
                ("reduction", percent(lang, reduction, 0)),
                ("target", percent(lang, target, 0)),
                ("status", tr(lang, status).to_string()),
            ],
        ));
    }
    out.push(if given {
        tr(lang, Key::D73Given).to_string()
    } else {
        fill(tr(lang, Key::D73Assumed), &[("base", r.base_year.to_string())])
    });
    out
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.replace(['\n', '\r', '\t'], " ")).to_string()
}

/// The action as `[[actions]]` keys (docs/scenarios.md).
fn action_toml(kind: &ActionKind) -> String {
    let program = |facility: &str, occupation: &str, level: crate::model::Level, places: Option<f64>| {
        let places = places.map(|p| format!(", places = {p}")).unwrap_or_default();
        format!(
            "{{ facility = {}, occupation = {}, level = {}{places} }}",
            quoted(facility),
            quoted(occupation),
            quoted(level.name())
        )
    };
    match kind {
        ActionKind::Merge { facility, into } => format!("merge = {}\ninto = {}\n", quoted(facility), quoted(into)),
        ActionKind::Convert { facility, into } => format!("convert = {}\ninto = {}\n", quoted(facility), quoted(into)),
        ActionKind::Close { facility } => format!("close = {}\n", quoted(facility)),
        ActionKind::AddProgram { program: p } => {
            format!("add_program = {}\n", program(&p.facility_id, &p.occupation, p.level, Some(p.places)))
        }
        ActionKind::RemoveProgram { facility, occupation, level } => {
            format!("remove_program = {}\n", program(facility, occupation, *level, None))
        }
        ActionKind::SetPlaces { facility, programme: Some((occupation, level)), places } => {
            format!("set_places = {}\n", program(facility, occupation, *level, Some(*places)))
        }
        ActionKind::SetPlaces { facility, programme: None, places } => {
            format!("set_places = {{ facility = {}, places = {places} }}\n", quoted(facility))
        }
        ActionKind::Open { facility: f, programs } => {
            let mut t = format!(
                "open = {}\nname = {}\nkind = {}\nownership = {}\narea_id = {}\nlat = {}\nlon = {}\nannual_cost = {}\n",
                quoted(&f.facility_id),
                quoted(&f.name),
                quoted(f.kind.name()),
                quoted(f.ownership.name()),
                quoted(&f.area_id),
                f.lat,
                f.lon,
                f.annual_cost_mvnd
            );
            if let Some(c) = f.fixed_cost_mvnd {
                t.push_str(&format!("fixed_cost = {c}\n"));
            }
            if let Some(c) = f.teachers {
                t.push_str(&format!("teachers = {c}\n"));
            }
            let list: Vec<String> = programs
                .iter()
                .map(|p| {
                    format!(
                        "{{ occupation = {}, level = {}, places = {} }}",
                        quoted(&p.occupation),
                        quoted(p.level.name()),
                        p.places
                    )
                })
                .collect();
            t.push_str(&format!("programs = [{}]\n", list.join(", ")));
            t
        }
    }
}

/// `roadmap.toml`: the scenario with the roadmap's years written into its actions and its
/// `[roadmap]` left out, so that it runs again as any scenario and gives the same network
/// year by year.
pub(crate) fn scenario_toml(result: &ScenarioResult, lang: Lang) -> String {
    let Some(r) = &result.roadmap else { return String::new() };
    let s = &result.scenario;
    let vi = lang == Lang::Vi;
    let mut t = String::new();
    t.push_str(&format!(
        "# {} (tvetplan {})\n",
        fill(tr(lang, Key::RoadmapTitle), &[("horizon", r.horizon.to_string())]),
        env!("CARGO_PKG_VERSION")
    ));
    t.push_str(&format!("# {}\n", tr(lang, Key::RoadmapRerun)));
    for line in intro(lang, r).iter().chain(std::iter::once(&verdict(lang, r))).chain(&binding(lang, result, r)) {
        t.push_str(&format!("# {}\n", line.replace(['\n', '\r'], " ")));
    }
    t.push('\n');
    let name = format!("{} – {}", s.name, if vi { "lộ trình" } else { "roadmap" });
    t.push_str(&format!("name = {}\n", quoted(&name)));
    if let Some(d) = &s.description_vi {
        t.push_str(&format!("description_vi = {}\n", quoted(d)));
    }
    if let Some(d) = &s.description_en {
        t.push_str(&format!("description_en = {}\n", quoted(d)));
    }
    if let Some(d) = &s.description {
        t.push_str(&format!("description = {}\n", quoted(d)));
    }
    t.push_str(&format!("year = {}\nhorizon = {}\n", s.base_year, s.horizon));
    // The scenario's other settings, as written.
    let mut settings = r.spec.other_settings.clone().unwrap_or_default();
    let options = settings.entry("options").or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if let toml::Value::Table(o) = options {
        o.entry("public_school_cap").or_insert(toml::Value::Integer(r.cap as i64));
    }
    if let Ok(text) = toml::to_string(&settings) {
        t.push('\n');
        t.push_str(&text);
    }
    let mut order: Vec<&RoadmapStep> = r.steps.iter().filter(|s| s.year.is_some()).collect();
    order.sort_by_key(|s| s.year);
    for step in order {
        t.push('\n');
        t.push_str(&format!("# {}\n", step_words(lang, result, step).replace(['\n', '\r'], " ")));
        t.push_str("[[actions]]\n");
        t.push_str(&action_toml(&step.action.kind));
        t.push_str(&format!("year = {}\n", step.year.unwrap_or(r.base_year + 1)));
    }
    t
}

/// The rows of Decision 73's table: each cell with, for a mark, whether it is met.
pub(crate) type D73Rows = Vec<Vec<(String, Option<bool>)>>;

/// Decision 73/QĐ-TTg on the targets page: for each network with a 2020 count (the
/// scenario's `[roadmap]`, else its `[targets]`), the 2020 count, the baseline's (base year)
/// and the scenario's end state's counts with their reductions, and each mark with the
/// count it applies to; the status (met or not) colours the mark. None without 2020 counts.
pub(crate) fn decision_73_targets(lang: Lang, result: &ScenarioResult) -> Option<(D73Rows, String)> {
    let s = &result.scenario;
    let roadmap = s.roadmap.as_ref();
    let [(base_public, base_mid), (end_public, end_mid)] = result.network_counts;
    let action_years: Vec<i32> = s.actions.iter().map(|a| a.year).collect();
    let mut rows = Vec::new();
    let mut sources = Vec::new();
    for network in [Network::PublicFacilities, Network::PublicIntermediate] {
        let (set_roadmap, set_targets, name, base, end) = match network {
            Network::PublicFacilities => (
                roadmap.and_then(|r| r.public_facilities_2020),
                s.targets.public_facilities_2020,
                tr(lang, Key::D73Public),
                base_public,
                end_public,
            ),
            Network::PublicIntermediate => (
                roadmap.and_then(|r| r.public_intermediate_2020),
                s.targets.public_intermediate_2020,
                tr(lang, Key::D73Intermediate),
                base_mid,
                end_mid,
            ),
        };
        let (reference, source) = match (set_roadmap, set_targets) {
            (Some(v), _) => (v.get(), "[roadmap]"),
            (None, Some(v)) => (v.get(), "[targets]"),
            (None, None) => continue,
        };
        if !sources.contains(&source) {
            sources.push(source);
        }
        if reference == 0 {
            continue;
        }
        // "23 (-23%)"; a network larger than in 2020 "31 (+3%)".
        let with_reduction = |count: usize| {
            let change = count as f64 / reference as f64 - 1.0;
            let sign = if change > 0.0 { "+" } else { "-" };
            format!("{count} ({sign}{})", percent(lang, change.abs(), 0))
        };
        // The count in a mark's year: the base year's network, or the end state once every
        // action is in force, or the base year's while none is; else not known here.
        let count_in = |year: i32| {
            if year == s.base_year || (year > s.base_year && action_years.iter().all(|&y| y > year)) {
                Some(base)
            } else if year > s.base_year && action_years.iter().all(|&y| y <= year) {
                Some(end)
            } else {
                None
            }
        };
        let mut row = vec![
            (name.to_string(), None),
            (reference.to_string(), None),
            (with_reduction(base), None),
            (with_reduction(end), None),
        ];
        for (_, year, target) in DECISION_73.iter().filter(|d| d.0 == network) {
            let allowed = (reference as f64 * (1.0 - target) + 1e-9).floor() as usize;
            let met = count_in(*year).map(|c| c <= allowed);
            let status = match met {
                Some(true) => tr(lang, Key::D73Met),
                Some(false) => tr(lang, Key::D73NotMet),
                None => tr(lang, Key::D73NotAssessed),
            };
            let values = [
                ("target", percent(lang, *target, 0)),
                ("allowed", allowed.to_string()),
                ("status", status.to_string()),
            ];
            row.push((fill(tr(lang, Key::D73MarkCell), &values), met));
        }
        rows.push(row);
    }
    if sources.is_empty() {
        return None;
    }
    let note = fill(tr(lang, Key::D73Source), &[("source", sources.join(", ")), ("base", s.base_year.to_string())]);
    Some((rows, note))
}

/// Why the first year has no action, from the solution: the learner-years or the budget
/// savings that taking the earliest action in the first year would cost; None when the first
/// year has an action (or nothing tells the years apart).
pub(crate) fn first_year_empty(lang: Lang, result: &ScenarioResult, r: &Roadmap) -> Option<String> {
    let f = r.first_year_empty.as_ref()?;
    let values = |amount: String| {
        [
            ("first", (r.base_year + 1).to_string()),
            ("action", step_words(lang, result, &r.steps[f.step])),
            ("year", f.year.to_string()),
            ("by", r.cap_by_year.to_string()),
            ("horizon", r.horizon.to_string()),
            ("n", amount),
        ]
    };
    if r.spec.priority == RoadmapPriority::Learners && f.learner_years_more > 0.05 {
        Some(fill(tr(lang, Key::RoadmapFirstEmptyLearners), &values(number(lang, f.learner_years_more, 0))))
    } else if f.budget_less_mvnd > 0.5 {
        Some(fill(tr(lang, Key::RoadmapFirstEmptyBudget), &values(number(lang, f.budget_less_mvnd, 0))))
    } else {
        None
    }
}
