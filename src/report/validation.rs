//! `validation.xlsx` and `validation.csv`: every problem `validate` (or a run that failed
//! validation) found, one row each, for planners who fix their data in a spreadsheet:
//! file or sheet, row, column, severity, message and hint (the text after the first "; "
//! of the message, when it has one). Warnings acknowledged in `accepted_warnings.toml` follow
//! with the severity "acknowledged" and the entry's line and reason as their hint.

use std::path::{Path, PathBuf};

use super::OutputFile;
use super::table::{Kind, Table, Value};
use crate::error::{Error, Issue, Result, Severity};
use crate::model::Acknowledged;

pub(crate) const XLSX: &str = "validation.xlsx";
pub(crate) const CSV: &str = "validation.csv";

/// One row per issue, in the order given (errors first), then one per acknowledged warning.
pub(crate) fn table(issues: &[Issue], acknowledged: &[Acknowledged]) -> Table {
    let mut t = Table::new(
        "validation",
        &[
            ("file", Kind::Text),
            ("row", Kind::Int),
            ("column", Kind::Text),
            ("severity", Kind::Text),
            ("message", Kind::Text),
            ("hint", Kind::Text),
        ],
    );
    for issue in issues {
        t.push(vec![
            issue.file.as_str().into(),
            issue.line.map_or(Value::Empty, |l| Value::Num(l as f64)),
            issue.column.clone().into(),
            match issue.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }
            .into(),
            issue.problem().into(),
            issue.hint().map(str::to_string).into(),
        ]);
    }
    for entry in acknowledged {
        for issue in &entry.warnings {
            t.push(vec![
                issue.file.as_str().into(),
                issue.line.map_or(Value::Empty, |l| Value::Num(l as f64)),
                issue.column.clone().into(),
                "acknowledged".into(),
                issue.problem().into(),
                format!("{} line {}: {}", crate::load::ACCEPTED, entry.line, entry.reason).into(),
            ]);
        }
    }
    t
}

/// Both files, in memory.
pub(crate) fn files(issues: &[Issue], acknowledged: &[Acknowledged]) -> Result<Vec<OutputFile>> {
    let t = table(issues, acknowledged);
    let (created, _) = super::creation_time();
    Ok(vec![
        OutputFile::new(XLSX, super::xlsx::workbook(std::slice::from_ref(&t), created).map_err(Error::Report)?),
        OutputFile::new(CSV, t.to_csv()),
    ])
}

/// Writes both files into `out_root`, each atomically. An existing file is only replaced
/// with `force`: without it nothing is written and [`Error::OutputExists`] names the file.
pub fn write(out_root: &Path, issues: &[Issue], acknowledged: &[Acknowledged], force: bool) -> Result<Vec<PathBuf>> {
    let files = files(issues, acknowledged)?;
    if !force && let Some(existing) = files.iter().map(|f| out_root.join(&f.path)).find(|p| p.exists()) {
        return Err(Error::OutputExists(existing));
    }
    let mut written = Vec::new();
    for file in files {
        let path = out_root.join(&file.path);
        super::write_file(&path, &file.bytes, force)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Issues;

    #[test]
    fn one_row_per_issue_with_the_hint_apart() {
        let mut issues = Issues::default();
        issues.error(
            "dataset.xlsx[facilities]",
            Some(2),
            Some("area_id"),
            "unknown area '1001' (not in dataset.xlsx[areas]); did you mean '01001'?",
        );
        issues.warning("dataset.xlsx[areas]", None, Some("area_id"), "3 codes were padded");
        let csv = table(&issues.items, &[]).to_csv();
        assert_eq!(
            csv,
            "file,row,column,severity,message,hint\n\
             dataset.xlsx[facilities],2,area_id,error,unknown area '1001' (not in dataset.xlsx[areas]),did you mean '01001'?\n\
             dataset.xlsx[areas],,area_id,warning,3 codes were padded,\n"
        );
    }

    #[test]
    fn existing_files_are_kept_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let mut issues = Issues::default();
        issues.warning("a.csv", Some(2), Some("x"), "w");
        let written = write(dir.path(), &issues.items, &[], false).unwrap();
        assert_eq!(written.len(), 2);
        std::fs::write(dir.path().join(CSV), "mine").unwrap();
        assert!(matches!(write(dir.path(), &issues.items, &[], false), Err(Error::OutputExists(_))));
        assert_eq!(std::fs::read_to_string(dir.path().join(CSV)).unwrap(), "mine");
        write(dir.path(), &issues.items, &[], true).unwrap();
        assert!(std::fs::read_to_string(dir.path().join(CSV)).unwrap().starts_with("file,row"));
    }
}
