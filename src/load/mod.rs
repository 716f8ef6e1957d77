//! Stage 1, `load`: finds and reads the input tables of a dataset (a folder of CSV/Parquet
//! files, a `dataset.xlsx` workbook with one sheet per table, or the demo embedded in the
//! binary) and returns them as [`RawTable`]s of text with line numbers, plus the SHA-256 of
//! every input for the manifest. Which tables there are is [`crate::schema::TABLES`]; typing
//! and checking happen in `validate`.
//!
//! This module and `report` are the only ones that touch the file system.

pub mod geojson;
pub mod learners;
pub mod osm;
pub(crate) mod parquet_check;
pub mod table;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx};
use sha2::{Digest, Sha256};

use crate::error::{Error, Issues};
use crate::schema::TABLES;
pub(crate) use table::{RawRow, RawTable};

pub(crate) const WORKBOOK: &str = "dataset.xlsx";
pub(crate) const SHAPES: &str = "areas.geojson";
/// Warnings the planner acknowledged, with the reasons (read by `validate`).
pub(crate) const ACCEPTED: &str = "accepted_warnings.toml";

/// Where a dataset comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The demo province compiled into the binary.
    Embedded,
    Dir(PathBuf),
}

impl DataSource {
    pub fn describe(&self) -> String {
        match self {
            DataSource::Embedded => "embedded demo dataset".to_string(),
            DataSource::Dir(dir) => dir.display().to_string(),
        }
    }
}

/// An input file as read, for the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub(crate) name: String,
    pub(crate) bytes: u64,
    pub(crate) sha256: String,
}

/// The tables of a dataset as text, before validation.
#[derive(Debug, Clone, Default)]
pub struct RawDataset {
    pub tables: BTreeMap<String, RawTable>,
    /// `areas.geojson` as (file name, bytes), when present.
    pub(crate) shapes: Option<(String, Vec<u8>)>,
    pub(crate) inputs: Vec<InputFile>,
    /// `accepted_warnings.toml` as (file name, text), when present.
    pub(crate) accepted: Option<(String, String)>,
}

/// Reads every table it can find. Problems with files (missing, unreadable, malformed) are
/// pushed to `issues`; the tables that could be read are returned so that validation can
/// report their problems too.
pub(crate) fn read_dataset(source: &DataSource, issues: &mut Issues) -> Result<RawDataset, Error> {
    let mut raw = RawDataset::default();
    match source {
        DataSource::Embedded => {
            for (name, bytes) in crate::demo::FILES {
                read_named_file(&mut raw, name, bytes, issues);
            }
            report_missing(&raw, "the embedded demo", issues);
        }
        DataSource::Dir(dir) => read_dir(dir, &mut raw, issues)?,
    }
    Ok(raw)
}

fn read_dir(dir: &Path, raw: &mut RawDataset, issues: &mut Issues) -> Result<(), Error> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!("data folder {} does not exist or is not a folder", dir.display())));
    }
    let workbook_path = dir.join(WORKBOOK);
    let workbook = if workbook_path.is_file() { Some(read_bytes(&workbook_path)?) } else { None };
    let learners_path = dir.join(learners::FILE);
    let has_learners = learners_path.is_file();
    let has_enrolment = ["csv", "parquet"].iter().any(|ext| dir.join(format!("enrolment.{ext}")).is_file());
    std::thread::scope(|scope| -> Result<(), Error> {
        // The learner records (millions of rows) are aggregated while the tables are read;
        // their messages still follow the tables'.
        let aggregation = (has_learners && !has_enrolment).then(|| {
            scope.spawn(|| {
                let mut own = Issues::default();
                let aggregated = learners::aggregate(&learners_path, &mut own);
                (aggregated, own)
            })
        });
        for table in TABLES {
            let name = table.name;
            for ext in ["csv", "parquet"] {
                let file = format!("{name}.{ext}");
                let path = dir.join(&file);
                if path.is_file() {
                    let bytes = read_bytes(&path)?;
                    if raw.tables.contains_key(name) {
                        issues.error(&file, None, None, format!("both {name}.csv and {name}.parquet exist; keep one"));
                        continue;
                    }
                    read_named_file(raw, &file, &bytes, issues);
                }
            }
        }
        if !has_learners {
            return Ok(());
        }
        raw.inputs.push(hash_file(learners::FILE, &learners_path)?);
        let Some(aggregation) = aggregation else {
            issues.error(
                learners::FILE,
                None,
                None,
                "both enrolment and learners.parquet exist; give one (learner records are aggregated into enrolment)",
            );
            return Ok(());
        };
        let (aggregated, own) = aggregation.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        issues.items.extend(own.items);
        match aggregated {
            Some(aggregated) => {
                raw.tables.insert("enrolment".into(), aggregated.enrolment);
                raw.tables.entry("origins".into()).or_insert(aggregated.origins);
            }
            None => {
                raw.tables.insert("enrolment".into(), RawTable::unreadable(learners::FILE));
            }
        }
        Ok(())
    })?;
    let shapes_path = dir.join(SHAPES);
    if shapes_path.is_file() {
        let bytes = read_bytes(&shapes_path)?;
        read_named_file(raw, SHAPES, &bytes, issues);
    }
    let accepted_path = dir.join(ACCEPTED);
    if accepted_path.is_file() {
        let bytes = read_limited(&accepted_path, MAX_TEXT_BYTES)?;
        raw.inputs.push(input_file(ACCEPTED, &bytes));
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(&bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => raw.accepted = Some((ACCEPTED.to_string(), text.to_string())),
            Err(_) => issues.error(ACCEPTED, None, None, "the file is not UTF-8 text; save it as UTF-8"),
        }
    }
    let has_workbook = workbook.is_some();
    if let Some(bytes) = workbook {
        raw.inputs.push(input_file(WORKBOOK, &bytes));
        read_workbook(raw, &bytes, issues);
    }
    if has_workbook {
        report_missing_sheets(raw, issues);
    } else {
        report_missing(raw, &dir.display().to_string(), issues);
    }
    Ok(())
}

/// Tables (CSV, Parquet, a workbook) are read whole into memory: above this size the tool
/// says so instead of exhausting memory. Learner records are streamed and have no limit.
pub(crate) const MAX_TABLE_BYTES: u64 = 512 * 1024 * 1024;
/// Scenario files are a few kilobytes; anything this large is not one.
pub(crate) const MAX_TEXT_BYTES: u64 = 1024 * 1024;

fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    read_limited(path, MAX_TABLE_BYTES)
}

fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let size = std::fs::metadata(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?.len();
    if size > limit {
        return Err(Error::invalid_one(crate::error::Issue {
            severity: crate::error::Severity::Error,
            file: path.display().to_string(),
            line: None,
            column: None,
            message: format!(
                "the file has {} MB, more than the limit of {} MB; split it (or give learner-level data as learners.parquet, which is streamed)",
                size / (1024 * 1024),
                limit / (1024 * 1024)
            ),
        }));
    }
    std::fs::read(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))
}

/// SHA-256 of a file read in blocks (for large inputs that are never held in memory).
fn hash_file(name: &str, path: &Path) -> Result<InputFile, Error> {
    use std::io::Read;
    let fail = |e| Error::io(format!("cannot read {}", path.display()), e);
    let mut file = std::fs::File::open(path).map_err(fail)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buffer).map_err(fail)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        bytes += n as u64;
    }
    let sha256 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(InputFile { name: name.to_string(), bytes, sha256 })
}

/// Dispatches on the extension; records the file for the manifest.
fn read_named_file(raw: &mut RawDataset, file: &str, bytes: &[u8], issues: &mut Issues) {
    raw.inputs.push(input_file(file, bytes));
    if file == SHAPES {
        raw.shapes = Some((file.to_string(), bytes.to_vec()));
        return;
    }
    let Some((name, ext)) = file.rsplit_once('.') else { return };
    let table = match ext {
        "csv" => table::read_csv(file, bytes, issues),
        "parquet" => table::read_parquet(file, bytes, issues),
        _ => None,
    };
    let table = table.unwrap_or_else(|| RawTable::unreadable(file));
    raw.tables.insert(name.to_string(), table);
}

fn read_workbook(raw: &mut RawDataset, bytes: &[u8], issues: &mut Issues) {
    let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
        Ok(wb) => wb,
        Err(err) => {
            issues.error(WORKBOOK, None, None, format!("cannot be read as an Excel workbook (.xlsx): {err}"));
            return;
        }
    };
    let sheets = workbook.sheet_names();
    for table in TABLES {
        let name = table.name;
        let Some(sheet) = sheets.iter().find(|s| s.trim().eq_ignore_ascii_case(name)) else { continue };
        if let Some(existing) = raw.tables.get(name) {
            issues.error(
                WORKBOOK,
                None,
                None,
                format!("table '{name}' is both in {} and in sheet '{sheet}'; keep one", existing.file),
            );
            continue;
        }
        let known: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        match table::read_xlsx_sheet(WORKBOOK, &mut workbook, sheet, &known, issues) {
            Some(table) => {
                raw.tables.insert(name.to_string(), table);
            }
            None => {
                raw.tables.insert(name.to_string(), RawTable::unreadable(&format!("{WORKBOOK}[{sheet}]")));
            }
        }
    }
}

fn report_missing(raw: &RawDataset, place: &str, issues: &mut Issues) {
    for table in TABLES {
        let name = table.name;
        if table.required && !raw.tables.contains_key(name) {
            issues.error(
                table.file,
                None,
                None,
                format!("required table is missing from {place} (give {name}.csv, {name}.parquet or a sheet '{name}' in {WORKBOOK})"),
            );
        }
    }
}

/// With a workbook, a missing table is a missing sheet of that workbook.
fn report_missing_sheets(raw: &RawDataset, issues: &mut Issues) {
    for table in TABLES {
        let name = table.name;
        if table.required && !raw.tables.contains_key(name) {
            issues.error(
                WORKBOOK,
                None,
                None,
                format!("required sheet '{name}' is missing (add a sheet named '{name}', or give {name}.csv beside the workbook)"),
            );
        }
    }
}

pub(crate) fn input_file(name: &str, bytes: &[u8]) -> InputFile {
    InputFile { name: name.to_string(), bytes: bytes.len() as u64, sha256: sha256_hex(bytes) }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads one CSV or Parquet table the user named on the command line (`locate` inputs).
pub fn read_table_file(path: &Path, issues: &mut Issues) -> Result<Option<RawTable>, Error> {
    let bytes = read_bytes(path)?;
    let file = path.display().to_string();
    let is_parquet = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    Ok(if is_parquet { table::read_parquet(&file, &bytes, issues) } else { table::read_csv(&file, &bytes, issues) })
}

/// Scenario texts to run: (name shown in messages, text). No scenario given: the dataset's
/// own `scenarios/` folder (for the embedded demo, its example scenarios).
pub(crate) fn scenario_sources(data: &DataSource, scenarios: &[PathBuf]) -> Result<Vec<(String, String)>, Error> {
    if scenarios.is_empty() {
        return match data {
            DataSource::Embedded => Ok(crate::demo::SCENARIOS
                .iter()
                .map(|(name, text)| (format!("scenarios/{name}"), text.to_string()))
                .collect()),
            DataSource::Dir(dir) => {
                let folder = dir.join("scenarios");
                if folder.is_dir() { read_scenario_paths(&[folder]) } else { Ok(Vec::new()) }
            }
        };
    }
    read_scenario_paths(scenarios)
}

/// Files as given; folders expanded to their `*.toml` files in name order.
fn read_scenario_paths(paths: &[PathBuf]) -> Result<Vec<(String, String)>, Error> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| Error::io(format!("cannot read the folder {}", path.display()), e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("toml")))
                .collect();
            inside.sort();
            files.extend(inside);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(Error::Usage(format!("scenario file {} does not exist", path.display())));
        }
    }
    files.iter().map(|p| Ok((p.display().to_string(), read_text(p)?))).collect()
}

/// Reads a text file the user named on the command line (a scenario, a `locate` table).
pub(crate) fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = read_limited(path, MAX_TEXT_BYTES)?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(&bytes).to_vec();
    String::from_utf8(bytes).map_err(|_| {
        Error::invalid_one(crate::error::Issue {
            severity: crate::error::Severity::Error,
            file: path.display().to_string(),
            line: None,
            column: None,
            message: "the file is not UTF-8 text; save it as UTF-8".into(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_empty_input_is_the_known_digest() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
