//! Stage 8, `report`: turns the results of a run into the files a planner takes to a
//! meeting, and writes them safely.
//!
//! [`build`] is pure: it renders every file of one scenario folder into memory (charts as
//! PNG and SVG, CSV tables, JSON). Only `write` ([`write_folders`], [`write_file`]) writes:
//! each folder is written into a temporary folder beside its destination and renamed into
//! place once complete, so a failed or interrupted run never leaves half a report, and an
//! existing report is only replaced with `--force`.

pub(crate) mod assumptions;
pub(crate) mod cap;
pub(crate) mod charts;
pub(crate) mod equity;
pub mod figures;
pub(crate) mod findings;
pub(crate) mod fonts;
pub(crate) mod geojson;
pub mod i18n;
pub(crate) mod maps;
pub(crate) mod national;
pub(crate) mod orient;
pub(crate) mod pdf;
pub(crate) mod roadmap;
pub(crate) mod style;
pub(crate) mod summary;
pub(crate) mod table;
pub mod tables;
pub mod validation;
pub(crate) mod write;
pub(crate) mod xlsx;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::load::InputFile;
pub use i18n::Lang;
pub use write::{FAULT_VAR, Staging, check_destinations, write_file, write_folders};

/// A file of a report folder, relative path and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile { path: path.into(), bytes: bytes.into() }
    }
}

/// Provenance of a report: what produced it from what.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Manifest {
    pub(crate) tool: String,
    pub(crate) version: String,
    pub(crate) created: String,
    pub(crate) scenario: ScenarioProvenance,
    pub(crate) data_source: String,
    pub(crate) inputs: Vec<InputFile>,
    pub(crate) timings_ms: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScenarioProvenance {
    pub(crate) name: String,
    /// The scenario file, when the scenario came from one.
    pub(crate) file: Option<String>,
    pub(crate) sha256: Option<String>,
    /// The settings the run used, after defaults (as JSON).
    pub(crate) settings: serde_json::Value,
}

impl Serialize for InputFile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("InputFile", 3)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("bytes", &self.bytes)?;
        st.serialize_field("sha256", &self.sha256)?;
        st.end()
    }
}

/// Everything one scenario folder is made from.
pub struct ScenarioReport<'a> {
    pub result: &'a crate::scenario::ScenarioResult,
    pub lang: Lang,
    /// The input files, listed in the PDF's manifest page.
    pub inputs: &'a [InputFile],
    /// Where the data came from, for the PDF's title page.
    pub data_source: &'a str,
}

/// Renders every file of a scenario folder into memory, except `manifest.json` (it records
/// the timings of the whole run, this rendering included; the caller adds it).
pub(crate) fn build(report: &ScenarioReport) -> Result<Vec<OutputFile>> {
    let result = report.result;
    let mut all_tables = tables::score_tables(&result.dataset, &result.scores);
    all_tables.extend(tables::options_tables(report));
    all_tables.extend(tables::scenario_tables(report));
    if !result.cap_packages.is_empty() {
        all_tables.extend(cap::tables(result, report.lang));
    }
    all_tables.extend(roadmap::tables(result, report.lang));
    all_tables.extend(equity::table(result));
    let (created, _) = creation_time();
    let mut files = Vec::new();
    for table in &all_tables {
        files.push(OutputFile::new(format!("{}.csv", table.name), table.to_csv()));
    }
    files.push(OutputFile::new("tables.xlsx", xlsx::workbook(&all_tables, created).map_err(Error::Report)?));
    if !result.cap_packages.is_empty() {
        files.push(OutputFile::new("cap_package.toml", cap::scenario_toml(result, report.lang)));
    }
    if result.roadmap.is_some() {
        files.push(OutputFile::new("roadmap.toml", roadmap::scenario_toml(result, report.lang)));
    }
    files.push(OutputFile::new("areas.geojson", geojson::areas_layer(result)));
    files.push(OutputFile::new("facilities.geojson", geojson::facilities_layer(result)));
    let mut all_charts = figures::score_charts(report);
    all_charts.extend(figures::figure_charts(report));
    all_charts.extend(figures::options_charts(report));
    all_charts.extend(roadmap::chart(result, report.lang));
    figures::name_sources(report, &mut all_charts);
    // The order of the PDF: jobs first, then places, then the network.
    const ORDER: [&str; 9] = [
        "supply_demand_by_occupation",
        "coverage_by_sector",
        "alignment_map",
        "alignment_surplus_map",
        "kpi_trajectories",
        "access_map",
        "facility_utilisation",
        "cost_per_graduate",
        "consolidation_pareto",
    ];
    all_charts.sort_by_key(|c| ORDER.iter().position(|n| *n == c.name).unwrap_or(usize::MAX));
    let mut rendered = Vec::with_capacity(all_charts.len());
    for chart in all_charts {
        let svg = charts::render_svg(&chart).map_err(Error::Report)?;
        files.push(OutputFile::new(format!("charts/{}.svg", chart.name), svg));
        files.push(OutputFile::new(
            format!("charts/{}.png", chart.name),
            charts::render_png(&chart).map_err(Error::Report)?,
        ));
        let for_pdf = charts::render_svg_sized(&chart, charts::PDF_SIZE).map_err(Error::Report)?;
        rendered.push((chart, for_pdf));
    }
    let brief = pdf::BriefInput {
        result,
        lang: report.lang,
        inputs: report.inputs,
        charts: &rendered,
        created_unix: created,
        data_source: report.data_source,
    };
    files.push(OutputFile::new("report.pdf", pdf::brief(&brief).map_err(Error::Report)?));
    let summary = summary::summary(report);
    files.push(OutputFile::new("summary.json", json_bytes(&summary)));
    Ok(files)
}

/// The folder comparing every scenario of a run.
pub(crate) fn build_comparison(results: &[crate::scenario::ScenarioResult], lang: Lang) -> Result<Vec<OutputFile>> {
    let table = tables::comparison_table(results);
    let chart = figures::comparison_chart(results, lang);
    let for_pdf = charts::render_svg_sized(&chart, charts::PDF_SIZE).map_err(Error::Report)?;
    let (created, _) = creation_time();
    let pdf = pdf::comparison_brief(results, lang, &[(chart.clone(), for_pdf)], created).map_err(Error::Report)?;
    Ok(vec![
        OutputFile::new("report.pdf", pdf),
        OutputFile::new(format!("{}.csv", table.name), table.to_csv()),
        OutputFile::new(format!("charts/{}.svg", chart.name), charts::render_svg(&chart).map_err(Error::Report)?),
        OutputFile::new(format!("charts/{}.png", chart.name), charts::render_png(&chart).map_err(Error::Report)?),
        OutputFile::new("comparison.json", json_bytes(&results.iter().map(|r| &r.comparison).collect::<Vec<_>>())),
    ])
}

pub fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("report values serialise to JSON");
    bytes.push(b'\n');
    bytes
}

/// The creation time: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now; as an
/// ISO 8601 UTC timestamp.
pub(crate) fn creation_time() -> (i64, String) {
    let seconds =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
        });
    (seconds, iso8601(seconds))
}

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn iso8601(seconds: i64) -> String {
    let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
    let rem = seconds.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_iso8601_utc() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_764_201_600), "2025-11-27T00:00:00Z");
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
