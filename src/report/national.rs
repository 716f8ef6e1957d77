//! `reports/national/`: the provinces side by side (the baseline of each): alignment in
//! people (unmet openings, unplaced entrants), access, targets and consolidation potential,
//! as a table, a choropleth by province and a ranking chart.

use rustc_hash::FxHashMap as HashMap;

use super::charts::{self, Chart, ChartBody, HBarRow, HBars, Tone, ValueFormat, shorten};
use super::i18n::{Key, Lang, fill, source_line, tr};
use super::maps::{MapArea, MapChart, SEQUENTIAL, classify};
use super::table::{Kind, Table, Value};
use super::{OutputFile, json_bytes};
use crate::error::{Error, Result};
use crate::model::{Dataset, Indicator};
use crate::scenario::ScenarioResult;

/// One province's headline figures.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct ProvinceRow {
    pub(crate) province_id: String,
    pub(crate) province: String,
    pub(crate) communes: usize,
    pub(crate) population: f64,
    pub(crate) facilities: usize,
    pub(crate) public_schools: usize,
    pub(crate) places: f64,
    pub(crate) utilisation: Option<f64>,
    /// The province's unmet openings U and unplaced entrants X (central, people a year;
    /// `alignment_summary.csv`), and U over the openings compared.
    pub(crate) unmet_openings: f64,
    pub(crate) unplaced_entrants: f64,
    pub(crate) unmet_openings_share: Option<f64>,
    pub(crate) people_within_reach_share: f64,
    pub(crate) trained_share: Option<f64>,
    pub(crate) certified_share: Option<f64>,
    pub(crate) certified_projected_year: Option<i32>,
    /// Savings (million VND a year) of consolidating the under-used public facilities: for
    /// each, its best option losing under 10% of the learners it displaces.
    pub(crate) consolidation_potential_mvnd: f64,
}

pub(crate) fn province_row(province_id: &str, r: &ScenarioResult) -> ProvinceRow {
    let ds = &r.dataset;
    let population: f64 = ds.areas.iter().map(|a| a.population).sum();
    let in_reach: f64 = ds.areas.iter().zip(&r.access).filter(|(_, a)| a.within_reach).map(|(x, _)| x.population).sum();
    let places: f64 = ds.facilities.iter().map(|f| f.capacity).sum();
    let intake: f64 = r.scores.facilities.iter().map(|f| f.intake).sum();
    let under_used: Vec<&str> = r
        .scores
        .facilities
        .iter()
        .filter(|f| f.flags.contains(&"under_used"))
        .map(|f| f.facility_id.as_str())
        .collect();
    let mut best: HashMap<&str, f64> = HashMap::default();
    for o in &r.options {
        let keeps = o.learners_displaced <= 0.0 || o.learners_lost / o.learners_displaced < 0.10;
        if keeps && under_used.contains(&o.facility_id.as_str()) {
            let entry = best.entry(o.facility_id.as_str()).or_insert(0.0);
            *entry = entry.max(o.net_savings_mvnd);
        }
    }
    let kpi = |i: Indicator| r.scores.kpi(i);
    let cells = &r.scores.by_group.province;
    ProvinceRow {
        province_id: province_id.to_string(),
        province: ds.province_name(province_id),
        communes: ds.areas.len(),
        population,
        facilities: ds.facilities.len(),
        public_schools: ds.facilities.iter().filter(|f| f.counts_toward_public_cap()).count(),
        places,
        utilisation: (places > 0.0).then(|| intake / places),
        unmet_openings: cells.unmet_openings.central,
        unplaced_entrants: cells.unplaced_entrants.central,
        unmet_openings_share: (cells.openings.central > 0.0)
            .then(|| cells.unmet_openings.central / cells.openings.central),
        people_within_reach_share: if population > 0.0 { in_reach / population } else { 0.0 },
        trained_share: kpi(Indicator::Trained).and_then(|k| k.value),
        certified_share: kpi(Indicator::Certified).and_then(|k| k.value),
        certified_projected_year: kpi(Indicator::Certified).and_then(|k| k.projected_year),
        consolidation_potential_mvnd: best.values().sum(),
    }
}

pub(crate) fn build(ds: &Dataset, baselines: &[(&str, &ScenarioResult)], lang: Lang) -> Result<Vec<OutputFile>> {
    let rows: Vec<ProvinceRow> = baselines.iter().map(|(p, r)| province_row(p, r)).collect();
    let mut table = Table::new(
        "province_comparison",
        &[
            ("province_id", Kind::Text),
            ("province", Kind::Text),
            ("communes", Kind::Int),
            ("population", Kind::Int),
            ("facilities", Kind::Int),
            ("public_schools", Kind::Int),
            ("places", Kind::Int),
            ("utilisation", Kind::Share),
            ("unmet_openings", Kind::Num(0)),
            ("unplaced_entrants", Kind::Num(0)),
            ("unmet_openings_share", Kind::Share),
            ("people_within_reach_share", Kind::Share),
            ("trained_share", Kind::Share),
            ("certified_share", Kind::Share),
            ("certified_projected_year", Kind::Int),
            ("consolidation_potential_mvnd", Kind::Num(0)),
        ],
    );
    for r in &rows {
        table.push(vec![
            r.province_id.clone().into(),
            r.province.clone().into(),
            (r.communes as f64).into(),
            r.population.into(),
            (r.facilities as f64).into(),
            (r.public_schools as f64).into(),
            r.places.into(),
            r.utilisation.into(),
            r.unmet_openings.into(),
            r.unplaced_entrants.into(),
            r.unmet_openings_share.into(),
            r.people_within_reach_share.into(),
            r.trained_share.into(),
            r.certified_share.into(),
            Value::from(r.certified_projected_year),
            r.consolidation_potential_mvnd.into(),
        ]);
    }
    let year = baselines.first().map_or(2025, |(_, r)| r.scores.base_year);
    let charts = vec![province_map(ds, &rows, lang, year), ranking(&rows, lang, year)];
    let mut files = vec![
        OutputFile::new("province_comparison.csv", table.to_csv()),
        OutputFile::new("summary.json", json_bytes(&rows)),
    ];
    let (created, _) = super::creation_time();
    files.push(OutputFile::new("tables.xlsx", super::xlsx::workbook(&[table], created).map_err(Error::Report)?));
    for chart in charts {
        files.push(OutputFile::new(
            format!("charts/{}.svg", chart.name),
            charts::render_svg(&chart).map_err(Error::Report)?,
        ));
        files.push(OutputFile::new(
            format!("charts/{}.png", chart.name),
            charts::render_png(&chart).map_err(Error::Report)?,
        ));
    }
    Ok(files)
}

/// Every commune coloured by its province's unmet openings, in % of the openings compared
/// (darker: more openings without a matching entrant): a choropleth by province without
/// having to merge polygons.
fn province_map(ds: &Dataset, rows: &[ProvinceRow], lang: Lang, year: i32) -> Chart {
    let percent = |r: &ProvinceRow| r.unmet_openings_share.map(|s| 100.0 * s);
    let score: HashMap<&str, Option<f64>> = rows.iter().map(|r| (r.province_id.as_str(), percent(r))).collect();
    let values: Vec<f64> = rows.iter().filter_map(percent).collect();
    let bounds = super::figures::quantile_bounds(&values, 5);
    let palette: Vec<_> = SEQUENTIAL.iter().copied().take(bounds.len() + 1).collect();
    let labels = super::figures::class_labels(lang, &bounds, "%");
    let shapes: HashMap<&str, &crate::model::AreaShape> = ds.shapes.iter().map(|s| (s.area_id.as_str(), s)).collect();
    let areas = ds
        .areas
        .iter()
        .map(|a| {
            let value = score.get(a.province_id.as_str()).copied().flatten();
            let rings = shapes
                .get(a.area_id.as_str())
                .map(|s| s.polygons.iter().map(|p| p.exterior().coords().map(|c| (c.x, c.y)).collect()).collect())
                .unwrap_or_default();
            MapArea {
                area_id: a.area_id.clone(),
                value,
                class: value.map(|v| classify(v, &bounds)),
                flagged: false,
                rings,
                centre: (a.lon, a.lat),
            }
        })
        .collect();
    Chart {
        name: "alignment_by_province".into(),
        title: fill(tr(lang, Key::NationalMapTitle), &[("year", year.to_string())]),
        source: source_line(lang, "areas.csv, enrolment, demand.csv", year),
        body: ChartBody::Map(MapChart {
            areas,
            facilities: Vec::new(),
            classes: palette.into_iter().zip(labels).collect(),
            facility_legend: Vec::new(),
            flag_label: None,
            size_label: String::new(),
            lang,
            labels: Default::default(),
            groups: Vec::new(),
            border_label: None,
        }),
    }
}

/// Provinces ranked by the share of workers with a diploma or certificate.
fn ranking(rows: &[ProvinceRow], lang: Lang, year: i32) -> Chart {
    let mut sorted: Vec<&ProvinceRow> = rows.iter().collect();
    sorted.sort_by(|a, b| {
        b.certified_share
            .unwrap_or(0.0)
            .total_cmp(&a.certified_share.unwrap_or(0.0))
            .then(a.province_id.cmp(&b.province_id))
    });
    HBars::new(
        tr(lang, Key::ShareOfLabourForce),
        ValueFormat::Percent,
        lang,
        sorted
            .iter()
            .map(|r| HBarRow {
                label: shorten(&r.province, 30),
                values: vec![(r.certified_share.unwrap_or(0.0), Tone::Blue)],
            })
            .collect(),
    )
    .thresholds(vec![(0.32, tr(lang, Key::TargetShort).into())])
    .chart(
        "certified_by_province",
        fill(tr(lang, Key::NationalRankingTitle), &[("year", year.to_string())]),
        source_line(lang, "areas.csv", year),
    )
}
