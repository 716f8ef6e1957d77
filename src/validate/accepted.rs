//! `accepted_warnings.toml` beside the data: warnings the planner knows about and accepts,
//! each with the reason, so that known small gaps stop repeating on every run. An entry
//! lists a warning by the text of its message, or rows of a table, or both:
//!
//! ```toml
//! [[accept]]
//! warning = "exceeds the places of this programme"
//! reason = "The 2025 intake was approved 1-4% above the registered places"
//!
//! [[accept]]
//! table = "facilities"
//! rows = [14, 15]
//! reason = "Two private centres, checked with the Department on 3 March"
//! ```
//!
//! An entry silences exactly the warnings it matches (never an error); what it silenced is
//! kept with its reason for `validation.xlsx` and the brief. An entry that matches no
//! warning is itself a warning (it may be misspelt), and a malformed file is an error with
//! its line.

use serde::Deserialize;

use crate::error::{Issue, Issues, Severity};
use crate::model::Acknowledged;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptedFile {
    #[serde(default)]
    accept: Vec<toml::Spanned<Entry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// Text the warning's message contains (case is ignored).
    warning: Option<String>,
    /// The table of the warning: `areas`, `enrolment`, ... (also `areas.csv`).
    table: Option<String>,
    /// The column of the warning.
    column: Option<String>,
    /// Rows (lines of the file, rows of the sheet) of the table.
    rows: Option<Vec<usize>>,
    reason: Option<String>,
}

/// One checked entry.
struct Rule {
    line: usize,
    warning: Option<String>,
    table: Option<String>,
    column: Option<String>,
    rows: Vec<usize>,
    reason: String,
}

impl Rule {
    fn matches(&self, issue: &Issue) -> bool {
        issue.severity == Severity::Warning
            && self.warning.as_ref().is_none_or(|w| issue.message.to_lowercase().contains(&w.to_lowercase()))
            && self.table.as_ref().is_none_or(|t| table_of(&issue.file).eq_ignore_ascii_case(t))
            && self.column.as_ref().is_none_or(|c| issue.column.as_deref().is_some_and(|ic| ic.eq_ignore_ascii_case(c)))
            && (self.rows.is_empty() || issue.line.is_some_and(|l| self.rows.contains(&l)))
    }

    /// What the entry lists, as written: `'exceeds the places' in enrolment, rows 4, 9`.
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(w) = &self.warning {
            parts.push(format!("'{w}'"));
        }
        if let Some(t) = &self.table {
            parts.push(format!("in {t}"));
        }
        if let Some(c) = &self.column {
            parts.push(format!("column {c}"));
        }
        if !self.rows.is_empty() {
            let rows: Vec<String> = self.rows.iter().map(usize::to_string).collect();
            parts.push(format!("row{} {}", if rows.len() == 1 { "" } else { "s" }, rows.join(", ")));
        }
        parts.join(", ")
    }
}

/// The table a message is located in: `dataset.xlsx[areas]` and `areas.csv` are `areas`.
fn table_of(file: &str) -> &str {
    if let Some((_, rest)) = file.split_once('[') {
        return rest.trim_end_matches(']');
    }
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// Line (1-based) of a byte offset.
fn line_of(source: &str, offset: usize) -> usize {
    1 + source[..offset.min(source.len())].bytes().filter(|&b| b == b'\n').count()
}

/// Parses and checks the file; every problem is an error with its line.
fn parse(file: &str, text: &str, issues: &mut Issues) -> Vec<Rule> {
    let parsed: AcceptedFile = match toml::from_str(text) {
        Ok(parsed) => parsed,
        Err(err) => {
            let line = err.span().map(|s| line_of(text, s.start));
            let message = err.message().trim().replace('`', "'").replace('\n', " ");
            issues.error(
                file,
                line,
                None,
                format!(
                    "{message}; each entry is [[accept]] with warning = \"text of the message\" and/or table = \
                     \"areas\" with rows = [12, 40], and reason = \"why it is accepted\""
                ),
            );
            return Vec::new();
        }
    };
    let mut rules = Vec::new();
    for spanned in parsed.accept {
        let line = line_of(text, spanned.span().start);
        let entry = spanned.into_inner();
        let clean = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let warning = clean(entry.warning);
        let column = clean(entry.column);
        let reason = clean(entry.reason);
        let table = clean(entry.table).map(|t| table_of(&t).to_string());
        let rows = entry.rows.unwrap_or_default();
        let before = issues.items.len();
        if let Some(t) = &table
            && !crate::schema::TABLES.iter().any(|s| s.name.eq_ignore_ascii_case(t))
        {
            let names: Vec<&str> = crate::schema::TABLES.iter().map(|s| s.name).collect();
            issues.error(file, Some(line), Some("table"), format!("unknown table '{t}'; one of: {}", names.join(", ")));
        }
        if warning.is_none() && rows.is_empty() {
            issues.error(
                file,
                Some(line),
                None,
                "the entry lists nothing; give warning = \"text of the message\" or table = \"...\" with rows = [..]",
            );
        }
        if !rows.is_empty() && table.is_none() {
            issues.error(
                file,
                Some(line),
                Some("rows"),
                "rows need the table they are in; add table = \"areas\" (or another)",
            );
        }
        if rows.contains(&0) {
            issues.error(
                file,
                Some(line),
                Some("rows"),
                "row 0 does not exist; rows are numbered as in the file or sheet (header = 1)",
            );
        }
        if reason.is_none() {
            issues.error(
                file,
                Some(line),
                Some("reason"),
                "the reason is missing; add reason = \"why this warning is accepted\" (it is printed in the report)",
            );
        }
        if issues.items.len() == before {
            rules.push(Rule { line, warning, table, column, rows, reason: reason.unwrap_or_default() });
        }
    }
    rules
}

/// Removes from `issues` every warning an entry of `accepted` (file name, text) lists, and
/// returns them grouped by entry with the reason. An entry that matches no warning gives a
/// warning of its own; a malformed file gives errors.
pub(crate) fn apply(accepted: Option<&(String, String)>, issues: &mut Issues) -> Vec<Acknowledged> {
    let Some((file, text)) = accepted else { return Vec::new() };
    let mut problems = Issues::default();
    let rules = parse(file, text, &mut problems);
    let mut silenced: Vec<Vec<Issue>> = vec![Vec::new(); rules.len()];
    issues.items.retain(|issue| match rules.iter().position(|r| r.matches(issue)) {
        Some(k) => {
            silenced[k].push(issue.clone());
            false
        }
        None => true,
    });
    let mut out = Vec::new();
    for (rule, warnings) in rules.into_iter().zip(silenced) {
        if warnings.is_empty() {
            problems.warning(
                file,
                Some(rule.line),
                None,
                format!(
                    "the entry ({}) matches no warning; correct it (the text of the message as printed) or remove it",
                    rule.describe()
                ),
            );
        } else {
            out.push(Acknowledged { line: rule.line, what: rule.describe(), reason: rule.reason, warnings });
        }
    }
    issues.extend(problems);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings() -> Issues {
        let mut issues = Issues::default();
        issues.warning(
            "dataset.xlsx[enrolment]",
            Some(4),
            Some("intake"),
            "intake (103) exceeds the places of this programme (100, programs.csv line 3)",
        );
        issues.warning(
            "dataset.xlsx[enrolment]",
            Some(9),
            Some("intake"),
            "intake (52) exceeds the places of this programme (50, programs.csv line 7)",
        );
        issues.warning(
            "facilities.csv",
            Some(14),
            Some("ownership"),
            "'TT GDNN-GDTX A' is a GDNN-GDTX centre; check ownership (public)",
        );
        issues.warning(
            "facilities.csv",
            Some(15),
            Some("ownership"),
            "'TT GDNN-GDTX B' is a GDNN-GDTX centre; check ownership (public)",
        );
        issues.error(
            "enrolment.csv",
            Some(5),
            Some("graduates"),
            "graduates (120) exceed intake (100); exceeds the places",
        );
        issues
    }

    fn file(text: &str) -> Option<(String, String)> {
        Some((crate::load::ACCEPTED.to_string(), text.to_string()))
    }

    #[test]
    fn an_entry_silences_exactly_the_warnings_it_lists_and_keeps_the_reason() {
        let mut issues = warnings();
        let text = "# known gaps\n[[accept]]\nwarning = \"EXCEEDS the places\"\nreason = \"approved 1-4% above places\"\n\n\
                    [[accept]]\ntable = \"facilities.csv\"\nrows = [15]\nreason = \"checked: private since 2024\"\n";
        let acknowledged = apply(file(text).as_ref(), &mut issues);
        // Left: the GDNN-GDTX warning on row 14 and the error (errors are never silenced).
        let left: Vec<(Severity, Option<usize>)> = issues.items.iter().map(|i| (i.severity, i.line)).collect();
        assert_eq!(left, [(Severity::Warning, Some(14)), (Severity::Error, Some(5))]);
        assert_eq!(acknowledged.len(), 2);
        assert_eq!((acknowledged[0].line, acknowledged[0].warnings.len()), (2, 2));
        assert_eq!(acknowledged[0].what, "'EXCEEDS the places'");
        assert_eq!(acknowledged[0].reason, "approved 1-4% above places");
        assert_eq!((acknowledged[1].line, acknowledged[1].warnings.len()), (6, 1));
        assert_eq!(acknowledged[1].warnings[0].line, Some(15));
        assert_eq!(acknowledged[1].what, "in facilities, row 15");
    }

    #[test]
    fn an_entry_that_matches_nothing_is_a_warning() {
        let mut issues = warnings();
        let text = "[[accept]]\nwarning = \"exceeds the place of\"\nreason = \"typo\"\n";
        assert!(apply(file(text).as_ref(), &mut issues).is_empty());
        assert_eq!(issues.items.len(), 6);
        let last = issues.items.last().unwrap();
        assert_eq!(
            last.to_string(),
            "accepted_warnings.toml:1: warning: the entry ('exceeds the place of') matches no warning; correct it (the text of the message as printed) or remove it"
        );
    }

    #[test]
    fn a_malformed_file_is_an_error_with_its_line() {
        let check = |text: &str| {
            let mut issues = Issues::default();
            apply(file(text).as_ref(), &mut issues);
            issues.items.iter().map(ToString::to_string).collect::<Vec<_>>()
        };
        let syntax = check("[[accept]]\nwarning = \"x\nreason = \"y\"\n");
        assert_eq!(syntax.len(), 1, "{syntax:?}");
        assert!(syntax[0].starts_with("accepted_warnings.toml:2: "), "{syntax:?}");
        let unknown = check("[[accept]]\nwarning = \"x\"\nreasn = \"y\"\n");
        assert!(unknown[0].starts_with("accepted_warnings.toml:3: unknown field 'reasn'"), "{unknown:?}");
        assert_eq!(
            check("[[accept]]\nwarning = \"x\"\n\n[[accept]]\nrows = [3]\nreason = \"r\"\n"),
            [
                "accepted_warnings.toml:1:reason: the reason is missing; add reason = \"why this warning is accepted\" (it is printed in the report)",
                "accepted_warnings.toml:4:rows: rows need the table they are in; add table = \"areas\" (or another)",
            ]
        );
        let table = check("[[accept]]\ntable = \"area\"\nrows = [3]\nreason = \"r\"\n");
        assert!(table[0].starts_with("accepted_warnings.toml:1:table: unknown table 'area'; one of: "), "{table:?}");
    }
}
