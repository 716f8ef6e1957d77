//! The maps and the remaining charts of a scenario report: alignment by commune, travel
//! time to the nearest provider, cost per graduate, KPI trajectories against the targets.

use super::ScenarioReport;
use super::charts::{Chart, ChartBody, HBarRow, HBars, LineSeries, Lines, Tone, ValueFormat, shorten};
use super::i18n::{Key, Lang, fill, number, tr};
use super::maps::{MapArea, MapChart, MapFacility, SEQUENTIAL, classify};
use crate::model::{Dataset, Indicator, Ownership};

fn source(lang: Lang, files: &str, year: i32) -> String {
    fill(
        tr(lang, Key::SourceLine),
        &[("files", files.to_string()), ("year", year.to_string()), ("version", env!("CARGO_PKG_VERSION").to_string())],
    )
}

pub fn figure_charts(report: &ScenarioReport) -> Vec<Chart> {
    let r = report.result;
    let lang = report.lang;
    let mut charts = vec![alignment_map(report), access_map(report), cost_per_graduate_chart(r, lang)];
    if let Some(k) = kpi_chart(r, lang) {
        charts.push(k);
    }
    charts
}

/// Commune rings (lon, lat) and centre, by area id.
/// A commune's rings and centre, (lon, lat).
type Shape = (Vec<Vec<(f64, f64)>>, (f64, f64));

fn shapes(ds: &Dataset, area: &crate::model::Area) -> Shape {
    let rings = ds
        .shapes
        .iter()
        .find(|s| s.area_id == area.area_id)
        .map(|s| s.polygons.iter().map(|p| p.exterior().coords().map(|c| (c.x, c.y)).collect()).collect())
        .unwrap_or_default();
    (rings, (area.lon, area.lat))
}

fn facility_points(ds: &Dataset, scores: &crate::score::Scores) -> Vec<MapFacility> {
    ds.facilities
        .iter()
        .map(|f| {
            let utilisation =
                scores.facilities.iter().find(|s| s.facility_id == f.facility_id).and_then(|s| s.utilisation);
            let tone = match utilisation {
                Some(u) if u < 0.5 => Tone::Vermillion,
                Some(u) if u > 1.0 => Tone::Orange,
                _ => Tone::Sky,
            };
            MapFacility { facility_id: f.facility_id.clone(), lat: f.lat, lon: f.lon, places: f.capacity, tone }
        })
        .collect()
}

pub(crate) fn class_labels(lang: Lang, bounds: &[f64], unit: &str) -> Vec<String> {
    let n = |v: f64| number(lang, v, 0);
    let mut labels = vec![format!("< {}{unit}", n(bounds[0]))];
    for w in bounds.windows(2) {
        labels.push(format!("{}-{}{unit}", n(w[0]), n(w[1])));
    }
    labels.push(format!("{}+{unit}", n(bounds[bounds.len() - 1])));
    labels
}

fn utilisation_legend(lang: Lang) -> Vec<(Tone, String)> {
    vec![
        (Tone::Vermillion, tr(lang, Key::UnderUsed).into()),
        (Tone::Sky, tr(lang, Key::NormalUse).into()),
        (Tone::Orange, tr(lang, Key::OverCapacity).into()),
    ]
}

/// Alignment score by commune (accessible supply against the commune's openings).
pub fn alignment_map(report: &ScenarioReport) -> Chart {
    let r = report.result;
    let lang = report.lang;
    // Quintiles of the communes' scores (whole numbers), so that the map shows contrast
    // whatever the level; low alignment reads dark.
    let scores: Vec<f64> = r.scores.by_area.iter().filter_map(|a| a.alignment.score).collect();
    let bounds = quantile_bounds(&scores, 5);
    let palette: Vec<_> = SEQUENTIAL.iter().rev().copied().collect();
    let labels = class_labels(lang, &bounds, "");
    let palette: Vec<_> =
        palette.into_iter().rev().take(bounds.len() + 1).collect::<Vec<_>>().into_iter().rev().collect();
    let areas = r
        .dataset
        .areas
        .iter()
        .zip(&r.scores.by_area)
        .map(|(area, a)| {
            let (rings, centre) = shapes(&r.dataset, area);
            let value = a.alignment.score;
            MapArea {
                area_id: area.area_id.clone(),
                value,
                class: value.map(|v| classify(v, &bounds)),
                flagged: false,
                rings,
                centre,
            }
        })
        .collect();
    Chart {
        name: "alignment_map".into(),
        // The scores compare base-year supply with base-year demand (horizon demand has its
        // own columns): the title says so.
        title: fill(tr(lang, Key::AlignmentMapTitle), &[("year", r.scores.base_year.to_string())]),
        source: source(lang, "enrolment.csv, demand.csv, areas.geojson", r.scores.base_year),
        body: ChartBody::Map(MapChart {
            areas,
            facilities: facility_points(&r.dataset, &r.scores),
            classes: palette.into_iter().zip(labels).collect(),
            facility_legend: utilisation_legend(lang),
            flag_label: None,
            size_label: tr(lang, Key::CircleSize).into(),
        }),
    }
}

/// Upper bounds of `classes` classes of equal counts, rounded to whole numbers, strictly
/// increasing (fewer classes when values repeat).
pub fn quantile_bounds(values: &[f64], classes: usize) -> Vec<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return vec![50.0];
    }
    let mut bounds: Vec<f64> = Vec::new();
    for k in 1..classes {
        let v = sorted[(sorted.len() * k / classes).min(sorted.len() - 1)].round();
        if bounds.last().is_none_or(|b| v > *b) && v > sorted[0] {
            bounds.push(v);
        }
    }
    if bounds.is_empty() {
        bounds.push(sorted[0].round() + 1.0);
    }
    bounds
}

/// Travel time to the nearest facility; communes with none within reach outlined.
pub fn access_map(report: &ScenarioReport) -> Chart {
    let r = report.result;
    let lang = report.lang;
    let bounds = [15.0, 30.0, 45.0, 60.0];
    let labels = class_labels(lang, &bounds, " min");
    let areas = r
        .dataset
        .areas
        .iter()
        .zip(&r.access)
        .map(|(area, a)| {
            let (rings, centre) = shapes(&r.dataset, area);
            MapArea {
                area_id: area.area_id.clone(),
                value: a.travel_min,
                class: a.travel_min.map(|v| classify(v, &bounds)),
                flagged: !a.within_reach,
                rings,
                centre,
            }
        })
        .collect();
    Chart {
        name: "access_map".into(),
        title: tr(lang, Key::AccessMapTitle).into(),
        source: source(lang, "areas.csv, facilities.csv, travel.csv", r.scores.base_year),
        body: ChartBody::Map(MapChart {
            areas,
            facilities: facility_points(&r.dataset, &r.scores),
            classes: SEQUENTIAL.iter().copied().zip(labels).collect(),
            facility_legend: utilisation_legend(lang),
            flag_label: Some(tr(lang, Key::OutOfReach).into()),
            size_label: tr(lang, Key::CircleSize).into(),
        }),
    }
}

/// Cost per graduate by facility, sorted, with the median drawn.
pub fn cost_per_graduate_chart(r: &crate::scenario::ScenarioResult, lang: Lang) -> Chart {
    let mut rows: Vec<(f64, String, Ownership)> = r
        .scores
        .facilities
        .iter()
        .filter_map(|f| {
            f.cost_per_graduate_mvnd.map(|c| (c, format!("{} {}", f.facility_id, shorten(&f.name, 44)), f.ownership))
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut values: Vec<f64> = rows.iter().map(|r| r.0).collect();
    values.sort_by(f64::total_cmp);
    let median = values.get(values.len() / 2).copied().unwrap_or(0.0);
    Chart {
        name: "cost_per_graduate".into(),
        title: fill(tr(lang, Key::CostTitle), &[("year", r.scores.base_year.to_string())]),
        source: source(lang, "facilities.csv, enrolment.csv", r.scores.base_year),
        body: ChartBody::HBars(HBars {
            axis: tr(lang, Key::CostAxis).into(),
            format: ValueFormat::Ratio,
            lang,
            rows: rows
                .into_iter()
                .map(|(c, label, ownership)| HBarRow {
                    label,
                    values: vec![(c, if ownership == Ownership::Public { Tone::Blue } else { Tone::Grey })],
                })
                .collect(),
            thresholds: vec![(median, fill(tr(lang, Key::Median), &[("value", number(lang, median, 1))]))],
            band: None,
            legend: vec![
                (Tone::Blue, tr(lang, Key::Public).into()),
                (Tone::Grey, tr(lang, Key::PrivateOrForeign).into()),
            ],
        }),
    }
}

/// Trained and certified shares, base year to horizon, against their targets.
pub fn kpi_chart(r: &crate::scenario::ScenarioResult, lang: Lang) -> Option<Chart> {
    let mut series = Vec::new();
    for (indicator, key, tone) in
        [(Indicator::Trained, Key::Trained, Tone::Blue), (Indicator::Certified, Key::Certified, Tone::Orange)]
    {
        let trajectory = r.scores.trajectories.iter().find(|t| t.indicator == indicator)?;
        series.push(LineSeries { label: tr(lang, key).into(), tone, dashed: false, points: trajectory.points.clone() });
        if let Some(target) = r.scores.kpi(indicator).and_then(|k| k.target) {
            let (first, last) = (trajectory.points.first()?.0, trajectory.points.last()?.0);
            series.push(LineSeries {
                label: fill(
                    tr(lang, Key::TargetOf),
                    &[("what", tr(lang, key).to_string()), ("value", number(lang, target * 100.0, 0))],
                ),
                tone,
                dashed: true,
                points: vec![(first, target), (last, target)],
            });
        }
    }
    Some(Chart {
        name: "kpi_trajectories".into(),
        title: fill(tr(lang, Key::KpiTitle), &[("year", r.scenario.horizon.to_string())]),
        source: source(lang, "areas.csv, enrolment.csv, targets.csv", r.scores.base_year),
        body: ChartBody::Lines(Lines { y_axis: tr(lang, Key::ShareOfLabourForce).into(), lang, series }),
    })
}
