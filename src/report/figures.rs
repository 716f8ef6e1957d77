//! The charts and maps of a scenario report (utilisation, supply and demand, coverage by
//! sector, the options' Pareto chart, alignment by commune, travel time to the nearest
//! provider, cost per graduate, KPI trajectories against the targets) and the comparison
//! chart of several scenarios: the numbers behind each, drawn by `charts` and `maps`.

use super::ScenarioReport;
use super::charts::{Chart, ChartBody, HBarRow, HBars, LineSeries, LineStyle, Lines, Tone, ValueFormat, shorten};
use super::i18n::{Key, Lang, fill, number, source_line, tr};
use super::maps::{MapArea, MapChart, MapFacility, SEQUENTIAL, classify};
use crate::load::InputFile;
use crate::model::{Code, Dataset, Indicator, Ownership, Sector};
use crate::score::{CoverageStatus, Scores};

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
    let mut charts = vec![
        alignment_map(report),
        alignment_surplus_map(report),
        access_map(report),
        cost_per_graduate_chart(r, lang),
    ];
    if let Some(k) = kpi_chart(r, lang) {
        charts.push(k);
    }
    name_sources(report, &mut charts);
    charts
}

/// Each chart names the files it was drawn from, as given: a table read from the workbook
/// is named by its sheet (`dataset.xlsx[enrolment, demand]`), not as a CSV file.
pub(crate) fn name_sources(report: &ScenarioReport, charts: &mut [Chart]) {
    let r = report.result;
    let lang = report.lang;
    for chart in charts {
        let tables: &[&str] = match chart.name.as_str() {
            "alignment_map" | "alignment_surplus_map" => {
                &["enrolment", "demand", "occupations", "areas", "facilities", "areas.geojson"]
            }
            "access_map" => &["areas", "facilities", "travel", "areas.geojson"],
            "cost_per_graduate" | "facility_utilisation" => &["facilities", "enrolment"],
            "kpi_trajectories" => &["areas", "enrolment", "history", "targets"],
            "supply_demand_by_occupation" | "coverage_by_sector" => &["enrolment", "demand"],
            "consolidation_pareto" => &["facilities", "enrolment", "programs"],
            "roadmap" => &["facilities", "programs", "enrolment", "areas"],
            _ => &["areas", "enrolment", "targets"],
        };
        // Optional tables the dataset does not have are not sources.
        let given = |t: &&str| match *t {
            "travel" => !r.dataset.travel.is_empty(),
            "targets" => !r.dataset.targets.is_empty(),
            "history" => !r.dataset.history.is_empty(),
            _ => true,
        };
        let tables: Vec<&str> = tables.iter().copied().filter(|t| given(t)).collect();
        chart.source = source_line(lang, &source_files(report.inputs, &tables), r.scores.base_year);
        if chart.name == "kpi_trajectories" {
            chart.source = format!("{} {}", chart.source, tr(lang, Key::ShadedRange));
        }
    }
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

/// What a scenario's maps name: the facilities the key findings name, then the five
/// largest, by their short names; the communes the brief names (those the cap package
/// leaves out of reach, as many as its page lists).
fn map_labels(r: &crate::scenario::ScenarioResult) -> super::orient::MapLabels {
    let ds = &r.dataset;
    let mut ids = super::findings::named_facilities(r);
    let mut largest: Vec<&crate::model::Facility> = ds.facilities.iter().collect();
    largest.sort_by(|a, b| b.capacity.total_cmp(&a.capacity).then(a.facility_id.cmp(&b.facility_id)));
    for f in largest.into_iter().take(5) {
        if !ids.contains(&f.facility_id) {
            ids.push(f.facility_id.clone());
        }
    }
    let facilities = ids
        .into_iter()
        .filter_map(|id| ds.facilities.iter().find(|f| f.facility_id == id))
        .map(|f| (f.facility_id.clone(), map_facility_name(ds, f)))
        .collect();
    let mut areas: Vec<(String, String)> = Vec::new();
    for pkg in &r.cap_packages {
        for (name, _, _) in pkg.communes_newly_out_of_reach.iter().take(super::pdf::COMMUNES_LISTED) {
            let area = ds.areas.iter().find(|a| &a.name == name);
            if let Some(a) = area.filter(|a| !areas.iter().any(|(id, _)| *id == a.area_id)) {
                areas.push((a.area_id.clone(), a.name.clone()));
            }
        }
    }
    super::orient::MapLabels { facilities, areas, zones: Vec::new() }
}

/// The map's labels with each zone's employment centre named first ("Z1: Phường 5"): the
/// name links the map to `alignment_by_zone.csv`.
fn zone_labels(r: &crate::scenario::ScenarioResult) -> super::orient::MapLabels {
    let mut labels = map_labels(r);
    labels.zones = r
        .scores
        .zones
        .zones
        .iter()
        .map(|z| {
            let a = &r.dataset.areas[z.centre];
            (a.area_id.clone(), format!("{}: {}", z.zone, a.name))
        })
        .collect();
    labels
}

/// A facility's name on a map: its kind abbreviated, and the usual abbreviations of
/// official correspondence for the long fields ("TC KT-KT Cửa Lam", "TC DTNT Con Luông"),
/// never cut; with its id when another facility has the same name.
fn map_facility_name(ds: &Dataset, f: &crate::model::Facility) -> String {
    let mut short = abbreviated_facility_name(&f.name);
    for (long, abbreviation) in [
        ("Kinh tế - Kỹ thuật", "KT-KT"),
        ("Kinh tế Kỹ thuật", "KT-KT"),
        ("Dân tộc Nội trú", "DTNT"),
        ("Giao thông Vận tải", "GTVT"),
        ("Kỹ thuật Công nghiệp", "KTCN"),
        ("Giáo dục nghề nghiệp - Giáo dục thường xuyên", "GDNN-GDTX"),
    ] {
        short = short.replace(long, abbreviation);
    }
    if ds.facilities.iter().filter(|g| g.name.trim() == f.name.trim()).count() > 1 {
        format!("{short} ({})", f.facility_id)
    } else {
        short
    }
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
fn spread_dark_first(n: usize) -> Vec<super::style::Colour> {
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

/// Unfilled openings of the province's largest sure shortage, by labour-market zone (every
/// commune in its zone's colour; hatched where few openings stand behind the zone; the
/// zones' borders drawn and each named after its employment centre).
pub(crate) fn alignment_map(report: &ScenarioReport) -> Chart {
    zone_map(report, 0)
}

/// Entrants without a matching opening in the province's largest sure surplus, by zone.
pub(crate) fn alignment_surplus_map(report: &ScenarioReport) -> Chart {
    zone_map(report, 1)
}

/// Panel 0: unmet openings of the top shortage cell; 1: unplaced entrants of the top
/// surplus cell.
fn zone_map(report: &ScenarioReport, panel: usize) -> Chart {
    let r = report.result;
    let lang = report.lang;
    let zones = &r.scores.zones;
    let top = crate::score::top_cells(&r.scores.by_group)[panel];
    let value_of = |zone: &crate::score::Zone| -> f64 {
        let Some(top) = top else { return 0.0 };
        let cell = zone.alignment.cells.iter().find(|c| c.group == top.group && c.level_group == top.level_group);
        let amount = cell.and_then(|c| if panel == 0 { c.unmet_openings } else { c.unplaced_entrants });
        amount.map_or(0.0, |a| a.central)
    };
    let values: Vec<f64> = zones.zones.iter().map(value_of).collect();
    // Breaks on the distinct whole values, each zone classed by its whole value: with five
    // zones or fewer, every zone its own class.
    let (bounds, zero_class) = breaks_with_zero(&values, 5);
    // The classes count people: openings left unfilled, or entrants without an opening.
    let unit = tr(lang, if panel == 0 { Key::UnitOpenings } else { Key::UnitEntrants });
    let mut labels = class_labels_in(lang, &bounds, unit, zero_class);
    if zero_class {
        labels[0] = "0".to_string();
    }
    let palette: Vec<_> = spread_dark_first(labels.len()).into_iter().rev().collect();
    let areas = r
        .dataset
        .areas
        .iter()
        .enumerate()
        .map(|(a, area)| {
            let (rings, centre) = shapes(&r.dataset, area);
            let z = zones.area_zone.get(a).copied();
            let value = z.map(|z| values[z]);
            MapArea {
                area_id: area.area_id.clone(),
                value,
                class: value.map(|v| classify(v.round(), &bounds)),
                flagged: z.is_some_and(|z| zones.zones[z].few_openings),
                rings,
                centre,
            }
        })
        .collect();
    // The first occupation of the group, how many more, the level, and "uncertain" when the
    // range does not call it: a title that fits on one line.
    let group = top.map_or_else(
        || tr(lang, if panel == 0 { Key::NoSureShortageShort } else { Key::NoSureSurplusShort }).to_string(),
        |c| {
            let names = crate::score::group_names(&r.dataset, c, lang == Lang::En);
            let more = if names.len() > 1 { format!(" +{}", names.len() - 1) } else { String::new() };
            let level = tr(
                lang,
                match c.level_group {
                    crate::score::LevelGroup::CollegeIntermediate => Key::LevelCollegeIntermediate,
                    crate::score::LevelGroup::ElementaryShort => Key::LevelElementaryShort,
                },
            );
            let uncertain = if c.status == crate::score::CellStatus::Uncertain {
                format!(", {}", tr(lang, Key::Uncertain).to_lowercase())
            } else {
                String::new()
            };
            format!("{}{more} ({level}{uncertain})", shorten(names.first().copied().unwrap_or(""), 24))
        },
    );
    let (name, title) = if panel == 0 {
        ("alignment_map", Key::AlignmentMapTitle)
    } else {
        ("alignment_surplus_map", Key::AlignmentSurplusMapTitle)
    };
    let few = r.scenario.scoring.zones.few_openings_below.get();
    Chart {
        name: name.into(),
        title: fill(tr(lang, title), &[("year", r.scores.base_year.to_string()), ("group", group)]),
        source: source_line(lang, "enrolment.csv, demand.csv, occupations.csv, areas.geojson", r.scores.base_year),
        body: ChartBody::Map(MapChart {
            areas,
            facilities: facility_points(&r.dataset, &r.scores),
            classes: palette.into_iter().zip(labels).collect(),
            facility_legend: utilisation_legend(lang),
            flag_label: Some(fill(tr(lang, Key::FewOpeningsZone), &[("n", number(lang, few, 0))])),
            size_label: tr(lang, Key::CircleSize).into(),
            lang,
            labels: zone_labels(r),
            groups: (0..r.dataset.areas.len()).map(|a| zones.area_zone.get(a).copied()).collect(),
            border_label: Some(tr(lang, Key::ZoneBorder).into()),
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
            lang,
            labels: map_labels(r),
            groups: Vec::new(),
            border_label: None,
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
            f.cost_per_graduate_mvnd.map(|c| {
                (c, format!("{} {}", f.facility_id, shorten(&abbreviated_facility_name(&f.name), 44)), f.ownership)
            })
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut values: Vec<f64> = rows.iter().map(|r| r.0).collect();
    values.sort_by(f64::total_cmp);
    let median = values.get(values.len() / 2).copied().unwrap_or(0.0);
    HBars::new(
        tr(lang, Key::CostAxis),
        ValueFormat::Ratio,
        lang,
        rows.into_iter()
            .map(|(c, label, ownership)| HBarRow {
                label,
                values: vec![(c, if ownership == Ownership::Public { Tone::Blue } else { Tone::Grey })],
            })
            .collect(),
    )
    .thresholds(vec![(median, fill(tr(lang, Key::Median), &[("value", number(lang, median, 1))]))])
    .legend(vec![(Tone::Blue, tr(lang, Key::Public).into()), (Tone::Grey, tr(lang, Key::PrivateOrForeign).into())])
    .chart(
        "cost_per_graduate",
        fill(tr(lang, Key::CostTitle), &[("year", r.scores.base_year.to_string())]),
        source_line(lang, "facilities.csv, enrolment.csv", r.scores.base_year),
    )
}

/// Trained and certified shares, base year to horizon, against their targets, with the
/// early-late range shaded and the observed history as rings.
pub(crate) fn kpi_chart(r: &crate::scenario::ScenarioResult, lang: Lang) -> Option<Chart> {
    let mut series = Vec::new();
    for (indicator, key, tone) in
        [(Indicator::Trained, Key::Trained, Tone::Blue), (Indicator::Certified, Key::Certified, Tone::Orange)]
    {
        let trajectory = r.scores.trajectories.iter().find(|t| t.indicator == indicator)?;
        series.push(LineSeries {
            label: tr(lang, key).into(),
            tone,
            style: LineStyle::Solid,
            points: trajectory.points.clone(),
            band: Some((trajectory.low.clone(), trajectory.high.clone())),
        });
        if !trajectory.observed.is_empty() {
            series.push(LineSeries {
                label: fill(tr(lang, Key::ObservedOf), &[("what", lower_first(tr(lang, key)))]),
                tone,
                style: LineStyle::Observed,
                points: trajectory.observed.clone(),
                band: None,
            });
        }
        if let Some(target) = r.scores.kpi(indicator).and_then(|k| k.target) {
            let (first, last) = (trajectory.points.first()?.0, trajectory.points.last()?.0);
            let first = trajectory.observed.first().map_or(first, |o| o.0.min(first));
            series.push(LineSeries {
                label: fill(
                    tr(lang, Key::TargetOf),
                    &[("what", lower_first(tr(lang, key))), ("value", number(lang, target * 100.0, 0))],
                ),
                tone,
                style: LineStyle::Dashed,
                points: vec![(first, target), (last, target)],
                band: None,
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

pub fn score_charts(report: &ScenarioReport) -> Vec<Chart> {
    vec![
        utilisation_chart(&report.result.scores, report.lang),
        supply_demand_chart(&report.result.scores, report.lang),
        coverage_by_sector_chart(&report.result.scores, &report.result.scenario.scoring, report.lang),
    ]
}

pub fn utilisation_chart(scores: &Scores, lang: Lang) -> Chart {
    let mut rows: Vec<(f64, String)> = scores
        .facilities
        .iter()
        .filter_map(|f| {
            f.utilisation
                .map(|u| (u, format!("{} {}", f.facility_id, shorten(&abbreviated_facility_name(&f.name), 44))))
        })
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
    HBars::new(tr(lang, Key::UtilisationAxis), ValueFormat::Percent, lang, rows)
        .thresholds(vec![(0.5, "50%".into()), (1.0, "100%".into())])
        .legend(vec![
            (Tone::Vermillion, tr(lang, Key::UnderUsed).into()),
            (Tone::Blue, tr(lang, Key::NormalUse).into()),
            (Tone::Orange, tr(lang, Key::OverCapacity).into()),
        ])
        .chart(
            "facility_utilisation",
            fill(tr(lang, Key::UtilisationTitle), &[("year", year.to_string())]),
            source_line(lang, "enrolment.csv, facilities.csv", year),
        )
}

/// The largest shortages (demand above supply) and surpluses (supply above demand).
pub fn supply_demand_chart(scores: &Scores, lang: Lang) -> Chart {
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
    HBars::new(tr(lang, Key::SupplyDemandAxis), ValueFormat::Count, lang, rows)
        .legend(vec![(Tone::Blue, tr(lang, Key::Supply).into()), (Tone::Orange, tr(lang, Key::Demand).into())])
        .chart(
            "supply_demand_by_occupation",
            fill(tr(lang, Key::SupplyDemandTitle), &[("year", year.to_string())]),
            source_line(lang, "enrolment.csv, demand.csv", year),
        )
}

/// Coverage by sector, each bar toned by the scenario's shortage and surplus thresholds.
pub fn coverage_by_sector_chart(scores: &Scores, settings: &crate::score::ScoreSettings, lang: Lang) -> Chart {
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
            let tone = match crate::score::coverage_status(s.supply, s.demand, settings) {
                CoverageStatus::Shortage | CoverageStatus::NoSupply => Tone::Vermillion,
                CoverageStatus::Surplus => Tone::Orange,
                _ => Tone::Green,
            };
            Some(HBarRow { label: label.into(), values: vec![(ratio, tone)] })
        })
        .collect();
    let year = scores.base_year;
    HBars::new(tr(lang, Key::CoverageAxis), ValueFormat::Ratio, lang, rows)
        .thresholds(vec![(1.0, super::i18n::number(lang, 1.0, 1))])
        .band(0.8, 1.2, tr(lang, Key::Balanced))
        .legend(vec![
            (Tone::Vermillion, tr(lang, Key::Shortage).into()),
            (Tone::Green, tr(lang, Key::Balanced).into()),
            (Tone::Orange, tr(lang, Key::Surplus).into()),
        ])
        .chart(
            "coverage_by_sector",
            fill(tr(lang, Key::CoverageSectorTitle), &[("year", year.to_string())]),
            source_line(lang, "enrolment.csv, demand.csv", year),
        )
}

pub fn options_charts(report: &ScenarioReport) -> Vec<Chart> {
    if report.result.options.is_empty() {
        return Vec::new();
    }
    let names: std::collections::HashMap<String, String> = report
        .result
        .dataset
        .facilities
        .iter()
        .map(|f| (f.facility_id.clone(), report.result.dataset.facility_display_name(&f.facility_id)))
        .collect();
    vec![pareto_chart(&report.result.options, &names, report.lang, report.result.scores.base_year)]
}

/// A facility's name made short for a chart label: the kind in its usual abbreviation
/// ("Trường Cao đẳng" CĐ, "Trường Trung cấp" TC, "Trung tâm GDNN-GDTX" TT), then cut to 26
/// characters.
pub fn short_facility_name(name: &str) -> String {
    super::charts::shorten(&abbreviated_facility_name(name), 26)
}

/// A facility's name with its kind abbreviated as in official correspondence ("CĐ", "TC",
/// "TT"): "Trường Cao đẳng Kỹ thuật Công nghiệp Lam Hồng" -> "CĐ Kỹ thuật Công nghiệp Lam
/// Hồng", so that bar labels end with the place, not "Lam Hồ…".
fn abbreviated_facility_name(name: &str) -> String {
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
    short
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
pub fn pareto_chart(
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
            tone: if labelled.contains(o.option_id.as_str()) {
                Tone::Orange
            } else if o.pareto {
                Tone::Blue
            } else {
                Tone::Grey
            },
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
                (Tone::Orange, tr(lang, Key::BestRanked).into()),
            ],
            x_max: Some(x_max),
            note,
        }),
    }
}

/// A long name on several lines of at most `width` characters (words kept whole).
pub fn wrap_label(text: &str, width: usize) -> String {
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

/// Four panels side by side: net savings, learners lost, unplaced entrants, people newly out
/// of reach; each scenario's full name, wrapped.
pub fn comparison_chart(results: &[crate::scenario::ScenarioResult], lang: Lang) -> Chart {
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
    let panel = |axis: Key, format: ValueFormat, rows: Vec<HBarRow>| HBars::new(tr(lang, axis), format, lang, rows);
    Chart {
        name: "scenario_comparison".into(),
        title: fill(tr(lang, Key::ComparisonTitle), &[("year", horizon.to_string())]),
        source: source_line(lang, tr(lang, Key::ScenarioFiles), horizon),
        body: ChartBody::Panels(vec![
            panel(Key::NetSavingsAxis, ValueFormat::Count, rows(&|c| c.net_savings_mvnd, Tone::Green)),
            panel(Key::LearnersLostAxis, ValueFormat::Count, rows(&|c| c.learners_lost, Tone::Vermillion)),
            panel(Key::AlignmentAxis, ValueFormat::Count, rows(&|c| c.unplaced_entrants.central, Tone::Blue)),
            panel(
                Key::PeopleOutOfReachAxis,
                ValueFormat::Count,
                rows(&|c| (reach_before - c.people_within_reach).max(0.0), Tone::Orange),
            ),
        ]),
    }
}

/// "Qua đào tạo" as it reads inside a phrase: "Mục tiêu qua đào tạo".
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
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
            site_minutes: None,
            field_overlap: None,
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
            unmet_openings_change: 0.0,
            unplaced_entrants_change: 0.0,
            public_schools_after: 0,
            meets_cap: true,
            pareto: true,
            score: 0.0,
            rank: 2,
            rank_range: crate::model::Ranged::new(2, 1, 4),
            top5_share: 0.9,
            rank_equal_staff: 2,
        };
        assert_eq!(option_label(&o, &names, Lang::Vi), "#2 Sáp nhập TT Tân Phong vào TT Phú Sơn");
        assert_eq!(option_label(&o, &names, Lang::En), "#2 Merge TT Tân Phong into TT Phú Sơn");
        o.action = crate::options::Action::Close;
        o.target_id = None;
        assert_eq!(option_label(&o, &names, Lang::En), "#2 Close TT Tân Phong");
        let chart = pareto_chart(std::slice::from_ref(&o), &names, Lang::Vi, 2025);
        let ChartBody::Scatter(s) = chart.body else { panic!("a scatter") };
        assert_eq!(s.points[0].label.as_deref(), Some("#2 Đóng TT Tân Phong"));
        // A labelled (best-ranked) point stands out in orange, named in the legend.
        assert_eq!(s.points[0].tone, Tone::Orange);
        assert!(s.legend.iter().any(|(t, text)| *t == Tone::Orange && text.starts_with("Xếp hạng cao nhất")));
    }
}
