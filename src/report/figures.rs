//! The maps and the remaining charts of a scenario report: alignment by commune, travel
//! time to the nearest provider, cost per graduate, KPI trajectories against the targets.

use super::ScenarioReport;
use super::charts::{Chart, ChartBody, HBarRow, HBars, LineSeries, Lines, Tone, ValueFormat, shorten};
use super::i18n::{Key, Lang, fill, number, source_line, tr};
use super::maps::{MapArea, MapChart, MapFacility, SEQUENTIAL, classify};
use crate::load::InputFile;
use crate::model::{Dataset, Indicator, Ownership};

/// The input files a chart was drawn from, as the user gave them: only those that exist
/// among the run's inputs (`areas.geojson` only when it was given); tables read from the
/// workbook are named as its sheets, `dataset.xlsx[enrolment, demand]`.
pub(crate) fn source_files(inputs: &[InputFile], tables: &[&str]) -> String {
    let mut files: Vec<String> = Vec::new();
    let mut sheets: Vec<&str> = Vec::new();
    let has_workbook = inputs.iter().any(|i| i.name == crate::load::WORKBOOK);
    for &table in tables {
        let own = inputs.iter().find(|i| {
            i.name == table || i.name.rsplit_once('.').is_some_and(|(stem, ext)| stem == table && ext != "geojson")
        });
        match own {
            Some(input) => files.push(input.name.clone()),
            None if table == "enrolment" && inputs.iter().any(|i| i.name == crate::load::learners::FILE) => {
                files.push(crate::load::learners::FILE.to_string())
            }
            None if has_workbook && !table.contains('.') => sheets.push(table),
            None => {}
        }
    }
    if !sheets.is_empty() {
        files.push(format!("{}[{}]", crate::load::WORKBOOK, sheets.join(", ")));
    }
    files.join(", ")
}

pub fn figure_charts(report: &ScenarioReport) -> Vec<Chart> {
    let r = report.result;
    let lang = report.lang;
    let mut charts = vec![alignment_map(report), access_map(report), cost_per_graduate_chart(r, lang)];
    if let Some(k) = kpi_chart(r, lang) {
        charts.push(k);
    }
    // Each chart names the files it was drawn from, as given.
    for chart in &mut charts {
        let tables: &[&str] = match chart.name.as_str() {
            "alignment_map" => &["enrolment", "demand", "areas", "areas.geojson"],
            "access_map" => &["areas", "facilities", "travel", "areas.geojson"],
            "cost_per_graduate" => &["facilities", "enrolment"],
            _ => &["areas", "enrolment", "targets"],
        };
        // Optional tables the dataset does not have are not sources.
        let given = |t: &&str| match *t {
            "travel" => !r.dataset.travel.is_empty(),
            "targets" => !r.dataset.targets.is_empty(),
            _ => true,
        };
        let tables: Vec<&str> = tables.iter().copied().filter(|t| given(t)).collect();
        chart.source = source_line(lang, &source_files(report.inputs, &tables), r.scores.base_year);
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

/// Classes of a choropleth that always read: a class of its own for zero when at least a
/// tenth of the values are zero (82 of 99 communes scoring 0 must not swallow the map), and
/// breaks on the distinct values of the rest, so ties cannot merge classes. Returns the
/// ascending upper bounds (for [`classify`]) and whether the first class is the zero class.
pub(crate) fn breaks_with_zero(values: &[f64], classes: usize) -> (Vec<f64>, bool) {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let zeros = finite.iter().filter(|v| v.round() == 0.0).count();
    let zero_class = zeros > 0 && zeros * 10 >= finite.len();
    let rest: Vec<f64> =
        if zero_class { finite.iter().copied().filter(|v| v.round() != 0.0).collect() } else { finite };
    let mut distinct: Vec<f64> = rest.iter().map(|v| v.round()).collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let wanted = if zero_class { classes - 1 } else { classes };
    let mut bounds: Vec<f64> = if zero_class { vec![0.5] } else { Vec::new() };
    if !distinct.is_empty() {
        for k in 1..wanted {
            let v = distinct[(distinct.len() * k / wanted).min(distinct.len() - 1)];
            if bounds.last().is_none_or(|b| v > *b) && v > distinct[0] {
                bounds.push(v);
            }
        }
    }
    if bounds.is_empty() {
        // One value everywhere: one class, bounded just above it.
        bounds.push(distinct.first().copied().unwrap_or(0.0) + 1.0);
    }
    (bounds, zero_class)
}

/// Legend labels in the report's language, one per class of `bounds` (upper bounds).
pub(crate) fn class_labels_in(lang: Lang, bounds: &[f64], unit: &str, zero_class: bool) -> Vec<String> {
    let n = |v: f64| format!("{}{unit}", number(lang, v, 0));
    let mut labels = Vec::new();
    let positive = if zero_class {
        labels.push(tr(lang, Key::ClassZeroAlignment).to_string());
        &bounds[1..]
    } else {
        bounds
    };
    if positive.is_empty() {
        if zero_class {
            labels.push(tr(lang, Key::ClassAll).to_string());
        } else {
            labels.push(fill(tr(lang, Key::ClassUnder), &[("value", n(bounds[0]))]));
            labels.push(fill(tr(lang, Key::ClassAndOver), &[("value", n(bounds[0]))]));
        }
        return labels;
    }
    labels.push(fill(tr(lang, Key::ClassUnder), &[("value", n(positive[0]))]));
    for w in positive.windows(2) {
        labels.push(fill(tr(lang, Key::ClassRange), &[("from", number(lang, w[0], 0)), ("to", n(w[1]))]));
    }
    labels.push(fill(tr(lang, Key::ClassAndOver), &[("value", n(positive[positive.len() - 1]))]));
    labels
}

/// `n` colours spread over the sequential palette, darkest first.
fn spread_dark_first(n: usize) -> Vec<super::maps::MapColour> {
    let dark_first: Vec<_> = SEQUENTIAL.iter().rev().copied().collect();
    if n <= 1 {
        return dark_first.into_iter().take(n).collect();
    }
    (0..n).map(|i| dark_first[(i * (dark_first.len() - 1) + (n - 1) / 2) / (n - 1)]).collect()
}

fn utilisation_legend(lang: Lang) -> Vec<(Tone, String)> {
    vec![
        (Tone::Vermillion, tr(lang, Key::UnderUsed).into()),
        (Tone::Sky, tr(lang, Key::NormalUse).into()),
        (Tone::Orange, tr(lang, Key::OverCapacity).into()),
    ]
}

/// Alignment score by commune (accessible supply against the commune's openings).
pub(crate) fn alignment_map(report: &ScenarioReport) -> Chart {
    let r = report.result;
    let lang = report.lang;
    // Five classes on the distinct scores (whole numbers), so that the map shows contrast
    // whatever the level, with a class of its own for 0 when many communes score 0; low
    // alignment reads dark.
    let scores: Vec<f64> = r.scores.by_area.iter().filter_map(|a| a.alignment.score).collect();
    let (bounds, zero_class) = breaks_with_zero(&scores, 5);
    let labels = class_labels_in(lang, &bounds, "", zero_class);
    let palette = spread_dark_first(labels.len());
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
        source: source_line(lang, "enrolment.csv, demand.csv, areas.geojson", r.scores.base_year),
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
pub(crate) fn quantile_bounds(values: &[f64], classes: usize) -> Vec<f64> {
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
pub(crate) fn access_map(report: &ScenarioReport) -> Chart {
    let r = report.result;
    let lang = report.lang;
    let bounds = [15.0, 30.0, 45.0, 60.0];
    let labels = class_labels_in(lang, &bounds, &format!(" {}", tr(lang, Key::Minutes)), false);
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
        source: source_line(lang, "areas.csv, facilities.csv, travel.csv", r.scores.base_year),
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
pub(crate) fn cost_per_graduate_chart(r: &crate::scenario::ScenarioResult, lang: Lang) -> Chart {
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
        source: source_line(lang, "facilities.csv, enrolment.csv", r.scores.base_year),
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
pub(crate) fn kpi_chart(r: &crate::scenario::ScenarioResult, lang: Lang) -> Option<Chart> {
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
        source: source_line(lang, "areas.csv, enrolment.csv, targets.csv", r.scores.base_year),
        body: ChartBody::Lines(Lines { y_axis: tr(lang, Key::ShareOfLabourForce).into(), lang, series }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_zeros_get_a_class_of_their_own_and_ties_do_not_merge_classes() {
        // 82 of 99 communes score 0, the others 10, 10, 10, 20, ..., 70 (ties at 10).
        let mut values = vec![0.0; 82];
        values.extend([
            10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 20.0, 30.0, 30.0, 40.0, 50.0, 60.0, 60.0, 70.0, 70.0,
        ]);
        let (bounds, zero) = breaks_with_zero(&values, 5);
        assert!(zero);
        // Distinct positive values 10..70 (7 of them), four classes: starts at 7k/4 = 1, 3, 5.
        assert_eq!(bounds, [0.5, 20.0, 40.0, 60.0]);
        assert_eq!(classify(0.0, &bounds), 0);
        assert_eq!(classify(10.0, &bounds), 1);
        assert_eq!(classify(70.0, &bounds), 4);
        assert_eq!(
            class_labels_in(Lang::En, &bounds, "", zero),
            ["0 (no matching training within reach)", "under 20", "20 to under 40", "40 to under 60", "60 and over"]
        );
        assert_eq!(class_labels_in(Lang::Vi, &bounds, "", zero)[4], "từ 60 trở lên");
        // The old quantile breaks collapsed to one bound: "< 1" and "1+".
        assert_eq!(quantile_bounds(&values, 5), [1.0]);
    }

    #[test]
    fn few_zeros_stay_in_the_lowest_class_and_one_value_gives_one_class() {
        let values: Vec<f64> = (0..20).map(f64::from).collect();
        let (bounds, zero) = breaks_with_zero(&values, 5);
        assert!(!zero);
        assert_eq!(bounds, [4.0, 8.0, 12.0, 16.0]);
        let (bounds, zero) = breaks_with_zero(&[0.0; 5], 5);
        assert!(zero);
        assert_eq!(
            class_labels_in(Lang::En, &bounds, "", zero),
            ["0 (no matching training within reach)", "every value above 0"]
        );
        assert_eq!(
            class_labels_in(Lang::Vi, &[15.0, 30.0], " phút", false),
            ["dưới 15 phút", "15 - dưới 30 phút", "từ 30 phút trở lên"]
        );
    }

    #[test]
    fn the_source_names_only_the_files_given() {
        let input = |name: &str| InputFile { name: name.into(), bytes: 1, sha256: String::new() };
        let csv = [input("areas.csv"), input("enrolment.csv"), input("demand.csv")];
        assert_eq!(
            source_files(&csv, &["enrolment", "demand", "areas", "areas.geojson"]),
            "enrolment.csv, demand.csv, areas.csv"
        );
        let with_shapes = [input("areas.csv"), input("areas.geojson"), input("travel.csv")];
        assert_eq!(
            source_files(&with_shapes, &["areas", "travel", "areas.geojson"]),
            "areas.csv, travel.csv, areas.geojson"
        );
        let workbook = [input("dataset.xlsx")];
        assert_eq!(
            source_files(&workbook, &["enrolment", "demand", "areas.geojson"]),
            "dataset.xlsx[enrolment, demand]"
        );
    }
}
