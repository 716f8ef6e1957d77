//! Stage 8, `report`: turns the results of a run into the files a planner takes to a
//! meeting, and writes them safely.
//!
//! [`build`] is pure: it renders every file of one scenario folder into memory (charts as
//! PNG and SVG, CSV tables, JSON). [`write_folders`] is the only function that writes: each
//! folder is written into a temporary folder beside its destination and renamed into place
//! once complete, so a failed or interrupted run never leaves half a report, and an existing
//! report is only replaced with `--force`.

pub(crate) mod assumptions;
pub(crate) mod cap;
pub(crate) mod charts;
pub mod figures;
pub(crate) mod fonts;
pub(crate) mod geojson;
pub mod i18n;
pub(crate) mod maps;
pub(crate) mod national;
pub(crate) mod pdf;
pub(crate) mod style;
pub(crate) mod summary;
pub(crate) mod table;
pub mod tables;
pub mod validation;
pub(crate) mod xlsx;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::load::InputFile;
pub use i18n::Lang;

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
    let (created, _) = creation_time();
    let mut files = Vec::new();
    for table in &all_tables {
        files.push(OutputFile::new(format!("{}.csv", table.name), table.to_csv()));
    }
    files.push(OutputFile::new("tables.xlsx", xlsx::workbook(&all_tables, created).map_err(Error::Report)?));
    if !result.cap_packages.is_empty() {
        files.push(OutputFile::new("cap_package.toml", cap::scenario_toml(result, report.lang)));
    }
    files.push(OutputFile::new("areas.geojson", geojson::areas_layer(result)));
    files.push(OutputFile::new("facilities.geojson", geojson::facilities_layer(result)));
    let mut all_charts = tables::score_charts(report);
    all_charts.extend(figures::figure_charts(report));
    all_charts.extend(tables::options_charts(report));
    // The order of the PDF: jobs first, then places, then the network.
    const ORDER: [&str; 8] = [
        "supply_demand_by_occupation",
        "coverage_by_sector",
        "alignment_map",
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
    let chart = tables::comparison_chart(results, lang);
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

/// Checks before any work that the destinations can be written: fails early with
/// [`Error::OutputExists`] rather than after minutes of computing.
pub(crate) fn check_destinations(out_root: &Path, folders: &[String], force: bool) -> Result<()> {
    if !force {
        for folder in folders {
            let path = out_root.join(folder);
            if path.exists() {
                return Err(Error::OutputExists(path));
            }
        }
    }
    Ok(())
}

/// Writes every folder atomically (temporary folder + rename). Nothing is renamed into
/// place until every folder is complete.
pub fn write_folders(out_root: &Path, folders: Vec<(String, Vec<OutputFile>)>, force: bool) -> Result<Vec<PathBuf>> {
    let names: Vec<String> = folders.iter().map(|(n, _)| n.clone()).collect();
    check_destinations(out_root, &names, force)?;
    std::fs::create_dir_all(out_root).map_err(|e| Error::io(format!("cannot create {}", out_root.display()), e))?;
    let mut staged = Vec::new();
    for (name, files) in folders {
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".tvetplan-{name}-"))
            .tempdir_in(out_root)
            .map_err(|e| Error::io(format!("cannot create a temporary folder in {}", out_root.display()), e))?;
        for file in &files {
            let path = tmp.path().join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::io(format!("cannot create {}", parent.display()), e))?;
            }
            std::fs::write(&path, &file.bytes).map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
        }
        staged.push((out_root.join(&name), tmp));
    }
    fault_point("after-temp-write");
    let mut written = Vec::new();
    for (dest, tmp) in staged {
        replace_dir(tmp, &dest)?;
        written.push(dest);
    }
    Ok(written)
}

/// The environment variable of the test hook [`fault_point`].
pub(crate) const FAULT_VAR: &str = "TVETPLAN_FAULT";

/// Test hook, not a feature: when `TVETPLAN_FAULT` names this point, the process aborts
/// here (no destructors run, as with a kill), so tests can interrupt a run at an exact
/// place instead of guessing with a timer. Unset in normal use; any other value is ignored.
fn fault_point(name: &str) {
    if std::env::var_os(FAULT_VAR).is_some_and(|v| v == name) {
        eprintln!("tvetplan: {FAULT_VAR}={name}: aborting on purpose (test hook)");
        std::process::abort();
    }
}

/// Writes one file atomically (temporary file + rename); refuses to replace an existing
/// file unless `force`.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if path.exists() && !force {
        return Err(Error::OutputExists(path.to_path_buf()));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(format!("cannot write in {}", dir.display()), e))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    tmp.persist(path).map_err(|e| Error::io(format!("cannot write {}", path.display()), e.error))?;
    Ok(())
}

/// Moves a finished temporary folder to `dest`, replacing an existing folder only after
/// the new one is in place.
fn replace_dir(tmp: tempfile::TempDir, dest: &Path) -> Result<()> {
    let tmp_path = tmp.keep();
    if dest.exists() {
        let old = dest.with_file_name(format!(
            ".tvetplan-old-{}-{}",
            dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            std::process::id()
        ));
        std::fs::rename(dest, &old)
            .map_err(|e| Error::io(format!("cannot move the old {} aside", dest.display()), e))?;
        if let Err(e) = std::fs::rename(&tmp_path, dest) {
            let _ = std::fs::rename(&old, dest);
            let _ = std::fs::remove_dir_all(&tmp_path);
            return Err(Error::io(format!("cannot move the new report to {}", dest.display()), e));
        }
        std::fs::remove_dir_all(&old)
            .map_err(|e| Error::io(format!("cannot remove the old report {}", old.display()), e))?;
    } else if let Err(e) = std::fs::rename(&tmp_path, dest) {
        let _ = std::fs::remove_dir_all(&tmp_path);
        return Err(Error::io(format!("cannot move the report to {}", dest.display()), e));
    }
    Ok(())
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

    #[test]
    fn write_is_atomic_and_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![OutputFile::new("a/b.txt", "one")];
        write_folders(dir.path(), vec![("s".into(), files.clone())], false).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("s/a/b.txt")).unwrap(), "one");
        let err = write_folders(dir.path(), vec![("s".into(), files)], false).unwrap_err();
        assert!(matches!(err, Error::OutputExists(_)));
        write_folders(dir.path(), vec![("s".into(), vec![OutputFile::new("c.txt", "two")])], true).unwrap();
        assert!(!dir.path().join("s/a/b.txt").exists());
        assert_eq!(std::fs::read_to_string(dir.path().join("s/c.txt")).unwrap(), "two");
        // No temporary or old folders are left behind.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["s"]);
    }
}
