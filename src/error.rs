//! Errors a user can act on.
//!
//! Input problems are collected as [`Issue`]s (`file:row:column: message`, row = line in the
//! file with the header on line 1) so that one run reports every problem at once. Anything
//! else (a folder that cannot be written, a solver failure) is an [`Error`] variant with the
//! path or the reason. The binary maps [`Error::exit_code`] to the process exit code.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the input, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub(crate) severity: Severity,
    pub(crate) file: String,
    /// Line in the file (header = 1); `None` for problems with the whole file.
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<String>,
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        match (self.line, &self.column) {
            (Some(line), Some(column)) => write!(f, ":{line}:{column}")?,
            (Some(line), None) => write!(f, ":{line}")?,
            // A problem with a whole column: `dataset.xlsx[areas]: area_id: ...`.
            (None, Some(column)) => write!(f, ": {column}")?,
            (None, None) => {}
        }
        let prefix = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        write!(f, ": {prefix}{}", self.message)
    }
}

/// Rows a message lists in the terminal ("check rows 5, 9, ..."); validation.xlsx has all.
const TERMINAL_ROWS: usize = 8;

impl Issue {
    /// The issue as printed in the terminal: a list of rows ("check rows 5, 9, 12, ...")
    /// cut after the first few, with how many more are in validation.xlsx.
    pub fn for_terminal(&self) -> String {
        let text = self.to_string();
        let Some(at) = text.find("check rows ") else { return text };
        let (head, list) = text.split_at(at + "check rows ".len());
        let rows: Vec<&str> = list.split(", ").collect();
        if rows.len() <= TERMINAL_ROWS {
            return text;
        }
        format!(
            "{head}{}, ... ({} more in validation.xlsx, or with --all)",
            rows[..TERMINAL_ROWS].join(", "),
            rows.len() - TERMINAL_ROWS
        )
    }

    /// The message without its hint: the text before the first "; ".
    pub(crate) fn problem(&self) -> &str {
        self.message.split_once("; ").map_or(self.message.as_str(), |(p, _)| p)
    }

    /// What to do about it, when the message says: the text after the first "; ".
    pub(crate) fn hint(&self) -> Option<&str> {
        self.message.split_once("; ").map(|(_, h)| h)
    }

    /// The kind of problem, for counting: the problem with its values blanked (quoted codes
    /// become '…', numbers N), so 1,518 "unknown area '02647'" on different rows, or 30
    /// unknown columns, are one kind each.
    #[cfg(test)]
    pub(crate) fn kind(&self) -> String {
        self.kind_and_values().0
    }

    /// The kind of problem (`Issue::kind`, used by the tests), with each blanked value: (byte offset of its placeholder in the
    /// kind, placeholder length, the value).
    fn kind_and_values(&self) -> (String, Vec<(usize, usize, String)>) {
        let mut out = String::new();
        let mut values: Vec<(usize, usize, String)> = Vec::new();
        let chars: Vec<char> = self.problem().chars().collect();
        let mut quoted = false;
        let mut in_number = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == '\'' {
                if quoted {
                    out.push('\'');
                } else {
                    out.push('\'');
                    values.push((out.len(), '…'.len_utf8(), String::new()));
                    out.push('…');
                }
                quoted = !quoted;
                in_number = false;
                continue;
            }
            if quoted {
                if let Some(v) = values.last_mut() {
                    v.2.push(c);
                }
                continue;
            }
            // A decimal point or separator inside a number belongs to it.
            let next_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            let digit = c.is_ascii_digit() || (in_number && matches!(c, '.' | ',') && next_digit);
            if digit && !in_number {
                values.push((out.len(), 1, c.to_string()));
                out.push('N');
            } else if digit {
                if let Some(v) = values.last_mut() {
                    v.2.push(c);
                }
            } else {
                out.push(c);
            }
            in_number = digit;
        }
        (out, values)
    }
}

/// Counts per kind of problem, most frequent first: `(severity, kind, count, files)`. The
/// kind is shown with the values every problem of the kind shares ("converted to the 2025
/// communes", a single problem in full); only values that differ stay blanked.
pub fn count_by_kind(issues: &[Issue]) -> Vec<(Severity, String, usize, Vec<String>)> {
    // (severity, kind, count, files, values shared so far).
    type Entry = (Severity, String, usize, Vec<String>, Vec<(usize, usize, Option<String>)>);
    let mut kinds: Vec<Entry> = Vec::new();
    let mut index: std::collections::HashMap<(Severity, String), usize> = std::collections::HashMap::new();
    for issue in issues {
        let (kind, values) = issue.kind_and_values();
        let key = (issue.severity, kind);
        let i = *index.entry(key.clone()).or_insert_with(|| {
            let shared = values.iter().map(|(at, len, v)| (*at, *len, Some(v.clone()))).collect();
            kinds.push((key.0, key.1, 0, Vec::new(), shared));
            kinds.len() - 1
        });
        for (shared, (_, _, v)) in kinds[i].4.iter_mut().zip(&values) {
            if shared.2.as_deref() != Some(v.as_str()) {
                shared.2 = None;
            }
        }
        kinds[i].2 += 1;
        if !kinds[i].3.contains(&issue.file) {
            kinds[i].3.push(issue.file.clone());
        }
    }
    kinds.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)));
    kinds
        .into_iter()
        .map(|(severity, mut kind, count, files, shared)| {
            for (at, len, value) in shared.into_iter().rev() {
                if let Some(value) = value {
                    kind.replace_range(at..at + len, &value);
                }
            }
            (severity, kind, count, files)
        })
        .collect()
}

/// A growing list of issues; stages push to it and keep going.
#[derive(Debug, Default, Clone)]
pub struct Issues {
    pub(crate) items: Vec<Issue>,
}

impl Issues {
    pub(crate) fn error(&mut self, file: &str, line: Option<usize>, column: Option<&str>, message: impl Into<String>) {
        self.push(Severity::Error, file, line, column, message.into());
    }

    pub(crate) fn warning(
        &mut self,
        file: &str,
        line: Option<usize>,
        column: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, file, line, column, message.into());
    }

    fn push(&mut self, severity: Severity, file: &str, line: Option<usize>, column: Option<&str>, message: String) {
        self.items.push(Issue { severity, file: file.to_string(), line, column: column.map(str::to_string), message });
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|i| i.severity == Severity::Error)
    }

    #[cfg(test)]
    pub(crate) fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.items.iter().filter(|i| i.severity == Severity::Error)
    }

    pub(crate) fn extend(&mut self, other: Issues) {
        self.items.extend(other.items);
    }
}

/// The input was rejected: every issue found, errors first in file order.
#[derive(Debug, Clone)]
pub struct InvalidInput {
    pub issues: Vec<Issue>,
    /// The problems are in the dataset (found by `validate`), not in a scenario file.
    pub in_data: bool,
}

impl InvalidInput {
    /// The closing line: how many errors and warnings.
    pub fn counts(&self) -> String {
        let errors = self.issues.iter().filter(|i| i.severity == Severity::Error).count();
        let warnings = self.issues.len() - errors;
        format!(
            "{errors} error{} and {warnings} warning{}: fix the errors above and run again",
            plural(errors),
            plural(warnings)
        )
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for issue in &self.issues {
            writeln!(f, "{issue}")?;
        }
        write!(f, "{}", self.counts())
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input data or scenario: exit code 1.
    #[error("{0}")]
    Invalid(InvalidInput),
    /// The cause prints on its own line ("caused by: ...").
    #[error("{context}")]
    Io {
        context: String,
        #[source]
        cause: std::io::Error,
    },
    #[error("{} already exists; pass --force to replace it, or choose another with --out", .0.display())]
    OutputExists(PathBuf),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Solver(String),
    #[error("{0}")]
    Report(String),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) => 1,
            _ => 2,
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io { context: context.into(), cause: source }
    }

    /// A single input problem that stops the run (a bad `locate` file, a bad scenario).
    pub(crate) fn invalid_one(issue: Issue) -> Self {
        Error::Invalid(InvalidInput { issues: vec![issue], in_data: false })
    }

    pub fn from_issues(issues: Issues) -> Self {
        let mut items = issues.items;
        items.sort_by_key(|i| i.severity);
        Error::Invalid(InvalidInput { issues: items, in_data: false })
    }

    /// The problems of a dataset that failed validation.
    pub(crate) fn from_data_issues(issues: Issues) -> Self {
        match Self::from_issues(issues) {
            Error::Invalid(invalid) => Error::Invalid(InvalidInput { in_data: true, ..invalid }),
            other => other,
        }
    }
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_displays_as_file_row_column_message() {
        let mut issues = Issues::default();
        issues.error("areas.csv", Some(3), Some("lat"), "latitude 95 is out of range");
        issues.warning("enrolment.csv", Some(7), Some("intake"), "intake exceeds places");
        issues.error("programs.csv", None, None, "required file is missing");
        issues.error("dataset.xlsx[areas]", None, Some("area_id"), "codes stored as numbers");
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "areas.csv:3:lat: latitude 95 is out of range",
                "enrolment.csv:7:intake: warning: intake exceeds places",
                "programs.csv: required file is missing",
                "dataset.xlsx[areas]: area_id: codes stored as numbers",
            ]
        );
    }

    #[test]
    fn kinds_blank_the_values_and_keep_the_wording() {
        let mut issues = Issues::default();
        issues.error(
            "d[facilities]",
            Some(2),
            Some("area_id"),
            "unknown area '02647' (not in d[areas]); did you mean '2647'?",
        );
        issues.error("d[demand]", Some(9), Some("area_id"), "unknown area '02650' (not in d[areas])");
        issues.warning(
            "d[enrolment]",
            Some(5),
            Some("intake"),
            "intake (120) exceeds the places of this programme (100.5, d line 4)",
        );
        issues.error("d[facilities]", Some(3), Some("capacity"), "must not be negative, found -3");
        assert_eq!(issues.items[0].kind(), "unknown area '…' (not in d[areas])");
        assert_eq!(issues.items[0].problem(), "unknown area '02647' (not in d[areas])");
        assert_eq!(issues.items[0].hint(), Some("did you mean '2647'?"));
        assert_eq!(issues.items[1].hint(), None);
        assert_eq!(issues.items[2].kind(), "intake (N) exceeds the places of this programme (N, d line N)");
        let counts = count_by_kind(&issues.items);
        assert_eq!(counts[0].1, "unknown area '…' (not in d[areas])");
        assert_eq!((counts[0].2, counts[0].3.clone()), (2, vec!["d[facilities]".to_string(), "d[demand]".to_string()]));
        // A single problem (or values every problem of the kind shares) is shown as written.
        assert_eq!(counts[1].1, "must not be negative, found -3");
        assert_eq!((counts[2].0, counts[2].2), (Severity::Warning, 1));
    }

    #[test]
    fn kinds_show_the_values_all_their_problems_share() {
        let mut issues = Issues::default();
        for (file, n) in [("a", 12), ("b", 7)] {
            issues.warning(file, None, None, format!("{n} rows with pre-reform codes converted to the 2025 communes"));
        }
        let counts = count_by_kind(&issues.items);
        assert_eq!(counts[0].1, "N rows with pre-reform codes converted to the 2025 communes");
    }

    #[test]
    fn invalid_input_counts_errors_and_warnings() {
        let mut issues = Issues::default();
        issues.warning("a.csv", Some(2), Some("x"), "w");
        issues.error("a.csv", Some(3), Some("y"), "e");
        let err = Error::from_issues(issues);
        assert_eq!(err.exit_code(), 1);
        let text = err.to_string();
        assert!(text.starts_with("a.csv:3:y: e\na.csv:2:x: warning: w\n"), "{text}");
        assert!(text.ends_with("1 error and 1 warning: fix the errors above and run again"));
    }
}
