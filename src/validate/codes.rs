//! Codes that Excel stored as numbers, and "did you mean" hints for unknown codes.
//!
//! A commune code typed into Excel as a number loses its leading zeros (02647 becomes
//! 2647), and then every row that refers to it looks like an unknown code. Before any
//! reference is checked, [`repair_numeric_codes`] looks, family by family (areas,
//! provinces, facilities, occupations), at the cells stored as numbers: when left-padding
//! them with zeros to the width the family's codes have where they are written as text makes
//! the references match, the cells are padded and each padded column gets one warning;
//! when it cannot, the column that holds the numbers gets one error with the fix, and the
//! family's references are not checked (they would all fail for the same reason).

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{FAMILIES, Family, Known};
use crate::error::Issues;
use crate::load::{RawDataset, RawTable};
use crate::text::one_slip;

/// The outcome of the repair: the dataset with padded codes (when anything was padded) and
/// the families whose references must not be checked.
pub(crate) struct Repair {
    pub(crate) padded: Option<RawDataset>,
    pub(crate) skip: Vec<&'static str>,
}

/// One column of a family as found in the dataset.
struct Column<'a> {
    table: &'static str,
    column: &'static str,
    t: &'a RawTable,
    index: usize,
    /// Rows (index into `t.rows`) whose cell in this column is stored as a number.
    numeric: HashSet<usize>,
}

impl Column<'_> {
    fn values(&self) -> impl Iterator<Item = (usize, &str)> {
        self.t.rows.iter().enumerate().filter_map(|(r, row)| Some((r, row.cells.get(self.index)?.as_deref()?)))
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn strip_zeros(s: &str) -> &str {
    let t = s.trim_start_matches('0');
    if t.is_empty() { "0" } else { t }
}

fn pad(value: &str, width: usize) -> String {
    format!("{value:0>width$}")
}

pub(crate) fn repair_numeric_codes(raw: &RawDataset, issues: &mut Issues) -> Repair {
    let mut skip = Vec::new();
    // (table, column index) -> (width, rows to pad)
    let mut plan: BTreeMap<(&'static str, usize), (usize, Vec<usize>)> = BTreeMap::new();
    for family in &FAMILIES {
        match repair_family(raw, family, issues) {
            FamilyOutcome::Nothing => {}
            FamilyOutcome::Skip => skip.push(family.what),
            FamilyOutcome::Pad(columns) => {
                for (table, index, width, rows) in columns {
                    plan.insert((table, index), (width, rows));
                }
            }
        }
    }
    if plan.is_empty() {
        return Repair { padded: None, skip };
    }
    let mut padded = raw.clone();
    for ((table, index), (width, rows)) in plan {
        let Some(t) = padded.tables.get_mut(table) else { continue };
        for r in rows {
            if let Some(Some(cell)) = t.rows[r].cells.get_mut(index) {
                *cell = pad(cell, width);
            }
        }
    }
    Repair { padded: Some(padded), skip }
}

enum FamilyOutcome {
    Nothing,
    Skip,
    /// (table, column index, width, rows to pad) per column.
    Pad(Vec<(&'static str, usize, usize, Vec<usize>)>),
}

fn repair_family(raw: &RawDataset, family: &Family, issues: &mut Issues) -> FamilyOutcome {
    let mut columns = Vec::new();
    for &(table, column) in std::iter::once(&(family.table, family.column)).chain(family.refs) {
        let Some(t) = raw.tables.get(table).filter(|t| t.readable) else { continue };
        let Some(index) = t.column_index(column) else { continue };
        let numeric = t.numeric.iter().filter(|(_, c)| *c == index).map(|(r, _)| *r).collect();
        columns.push(Column { table, column, t, index, numeric });
    }
    if columns.iter().all(|c| c.numeric.is_empty()) {
        return FamilyOutcome::Nothing;
    }
    // The defining column must be the first one found, else there is nothing to match.
    if columns.first().is_none_or(|c| c.table != family.table || c.column != family.column) {
        return FamilyOutcome::Nothing;
    }
    // The width of the codes written as text (the most common one; ties to the longer).
    let mut widths: HashMap<usize, usize> = HashMap::default();
    for c in &columns {
        for (r, v) in c.values() {
            if !c.numeric.contains(&r) && digits(v) {
                *widths.entry(v.len()).or_default() += 1;
            }
        }
    }
    let width = widths.into_iter().max_by_key(|&(w, n)| (n, w)).map(|(w, _)| w);
    let padded_value = |c: &Column, r: usize, v: &str| -> String {
        match width {
            Some(w) if c.numeric.contains(&r) && digits(v) && v.len() < w => pad(v, w),
            _ => v.to_string(),
        }
    };
    // References that do not match but would, were the zeros not lost: the symptom.
    let unmatched_by_zeros = |values: &dyn Fn(&Column, usize, &str) -> String| -> Vec<(String, String)> {
        let defined: HashSet<String> = columns[0].values().map(|(r, v)| values(&columns[0], r, v)).collect();
        let stripped: HashSet<String> = defined.iter().map(|d| strip_zeros(d).to_string()).collect();
        let mut out = Vec::new();
        for c in &columns[1..] {
            for (r, v) in c.values() {
                let v = values(c, r, v);
                if !defined.contains(&v) && digits(&v) && stripped.contains(strip_zeros(&v)) {
                    out.push((c.t.file.clone(), v));
                }
            }
        }
        out
    };
    let before = unmatched_by_zeros(&|_, _, v| v.to_string());
    let after = unmatched_by_zeros(&padded_value);
    let defined_after: Vec<String> = columns[0].values().map(|(r, v)| padded_value(&columns[0], r, v)).collect();
    let mut seen = HashSet::default();
    let new_duplicate = defined_after.iter().find(|d| !seen.insert(d.as_str())).cloned();
    let defined_before: HashSet<&str> = columns[0].values().map(|(_, v)| v).collect();
    let duplicate_was_there = new_duplicate.as_deref().is_some_and(|d| defined_before.contains(d));
    let to_pad: Vec<(&Column, Vec<usize>)> = columns
        .iter()
        .map(|c| {
            let rows: Vec<usize> = c.values().filter(|&(r, v)| padded_value(c, r, v) != v).map(|(r, _)| r).collect();
            (c, rows)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    if after.is_empty() && (new_duplicate.is_none() || duplicate_was_there) {
        let Some(width) = width else { return FamilyOutcome::Nothing };
        let mut plan = Vec::new();
        for (c, rows) in to_pad {
            let example = c.t.rows[rows[0]].cells[c.index].clone().unwrap_or_default();
            let n = rows.len();
            issues.warning(
                &c.t.file,
                None,
                Some(c.column),
                format!(
                    "{n} code{} stored as numbers in Excel (e.g. {example}) {} padded with leading zeros to {width} digits \
                     ({}) to match the codes written as text; format the column as Text in Excel to keep the zeros",
                    crate::error::plural(n),
                    if n == 1 { "was" } else { "were" },
                    pad(&example, width),
                ),
            );
            plan.push((c.table, c.index, width, rows));
        }
        return FamilyOutcome::Pad(plan);
    }
    if before.is_empty() && after.is_empty() {
        // Padding would only create duplicates, and nothing is broken without it.
        return FamilyOutcome::Nothing;
    }
    // Padding cannot repair it: one error on each column that holds the numbers.
    let (example_file, example_ref) = after.first().or(before.first()).cloned().unwrap_or_default();
    for c in columns.iter().filter(|c| !c.numeric.is_empty()) {
        let mut numbers: Vec<&str> =
            c.numeric.iter().filter_map(|&r| c.t.rows[r].cells.get(c.index)?.as_deref()).collect();
        numbers.sort_unstable();
        let n = numbers.len();
        let shown = numbers.iter().take(3).copied().collect::<Vec<_>>().join(", ");
        let why = match (&new_duplicate, width) {
            (Some(d), Some(w)) if !duplicate_was_there => {
                format!("padding them to {w} digits would make '{d}' appear twice")
            }
            (_, Some(w)) => format!(
                "padding them with zeros to {w} digits does not match every code the other tables use \
                 ({example_file} has '{example_ref}')"
            ),
            (_, None) => "no table writes these codes as text, so the width they had is unknown".to_string(),
        };
        issues.error(
            &c.t.file,
            None,
            Some(c.column),
            format!(
                "{n} code{} stored as numbers ({shown}{}) lost their leading zeros, and {why}; format the {} column as \
                 Text in Excel and type the codes with their zeros, the same in every sheet ({family_what} codes are \
                 then checked again)",
                crate::error::plural(n),
                if n > 3 { ", …" } else { "" },
                c.column,
                family_what = family.what,
            ),
        );
    }
    FamilyOutcome::Skip
}

/// "Did you mean": a code of the defining table that the unknown one is probably meant to
/// be. Leading zeros lost on either side first; then a code one typing slip away (one
/// character changed, or two neighbours swapped), preferring codes nothing refers to yet.
pub(super) fn near_code_hint(id: &str, known: &Known) -> String {
    if digits(id) {
        let stripped = strip_zeros(id);
        let mut same: Vec<&str> =
            known.ids.iter().copied().filter(|k| digits(k) && *k != id && strip_zeros(k) == stripped).collect();
        same.sort_unstable();
        if let Some(k) = same.first() {
            return if k.len() > id.len() {
                format!("; did you mean '{k}'? (format the column as Text in Excel to keep leading zeros)")
            } else {
                format!(
                    "; did you mean '{k}'? ({} writes it without leading zeros: format that column as Text in Excel \
                     and type the codes with their zeros)",
                    known.file
                )
            };
        }
    }
    if id.chars().count() < 3 {
        return String::new();
    }
    let mut near: Vec<&str> = known.ids.iter().copied().filter(|k| one_slip(id, k)).collect();
    near.sort_unstable();
    let unused: Vec<&str> = near.iter().copied().filter(|k| !known.used.contains(k)).collect();
    match (near.as_slice(), unused.as_slice()) {
        (_, [k]) => format!("; did you mean '{k}'? (no row refers to it yet)"),
        ([k], []) => format!("; did you mean '{k}'?"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::RawRow;

    fn table(file: &str, columns: &[&str], rows: &[&[&str]], numeric_column: Option<usize>) -> RawTable {
        let rows: Vec<RawRow> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| RawRow {
                line: i + 2,
                cells: r.iter().map(|c| (!c.is_empty()).then(|| c.to_string())).collect(),
            })
            .collect();
        let numeric = numeric_column.map(|c| (0..rows.len()).map(|r| (r, c)).collect()).unwrap_or_default();
        RawTable {
            file: file.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
            readable: true,
            numeric,
        }
    }

    fn dataset(areas_numeric: bool, facility_areas: &[&str]) -> RawDataset {
        let mut raw = RawDataset::default();
        raw.tables.insert(
            "areas".into(),
            table(
                "dataset.xlsx[areas]",
                &["area_id", "province_id"],
                &[&["1001", "01"], &["1002", "01"], &["1003", "01"]],
                areas_numeric.then_some(0),
            ),
        );
        let rows: Vec<Vec<&str>> =
            facility_areas.iter().enumerate().map(|(i, a)| vec![["F1", "F2", "F3"][i], *a]).collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        raw.tables
            .insert("facilities".into(), table("dataset.xlsx[facilities]", &["facility_id", "area_id"], &rows, None));
        raw
    }

    fn texts(issues: &Issues) -> Vec<String> {
        issues.items.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn numeric_codes_are_padded_to_the_width_of_the_text_codes_with_one_warning() {
        let mut issues = Issues::default();
        let repair = repair_numeric_codes(&dataset(true, &["01001", "01003"]), &mut issues);
        assert!(repair.skip.is_empty());
        let areas = &repair.padded.expect("padded").tables["areas"];
        let ids: Vec<&str> = areas.rows.iter().map(|r| r.cells[0].as_deref().unwrap()).collect();
        assert_eq!(ids, ["01001", "01002", "01003"]);
        assert_eq!(
            texts(&issues),
            ["dataset.xlsx[areas]: area_id: warning: 3 codes stored as numbers in Excel (e.g. 1001) were padded with \
              leading zeros to 5 digits (01001) to match the codes written as text; format the column as Text in \
              Excel to keep the zeros"]
        );
    }

    #[test]
    fn codes_that_padding_cannot_repair_give_one_error_on_the_defining_sheet() {
        // One sheet writes 5 digits, another 6: no single width matches both.
        let mut issues = Issues::default();
        let repair = repair_numeric_codes(&dataset(true, &["01001", "01002", "001003"]), &mut issues);
        assert_eq!(repair.skip, ["area"]);
        assert!(repair.padded.is_none());
        let shown = texts(&issues);
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(
            shown[0].starts_with(
                "dataset.xlsx[areas]: area_id: 3 codes stored as numbers (1001, 1002, 1003) lost their leading zeros, \
                 and padding them with zeros to 5 digits does not match every code the other tables use \
                 (dataset.xlsx[facilities] has '001003')"
            ),
            "{shown:?}"
        );
    }

    #[test]
    fn consistent_numeric_codes_are_left_alone() {
        let mut issues = Issues::default();
        let repair = repair_numeric_codes(&dataset(true, &["1001", "1002"]), &mut issues);
        assert!(repair.padded.is_none() && repair.skip.is_empty() && issues.items.is_empty(), "{:?}", texts(&issues));
        // Text codes: nothing to look at.
        let repair = repair_numeric_codes(&dataset(false, &["01001"]), &mut issues);
        assert!(repair.padded.is_none() && repair.skip.is_empty() && issues.items.is_empty());
    }

    #[test]
    fn hints_work_in_both_directions_and_prefer_unused_codes() {
        let ids: HashSet<&str> = ["08001", "08002", "2647", "F010", "F011"].into_iter().collect();
        let used: HashSet<&str> = ["08001", "F010"].into_iter().collect();
        let known = Known { ids: &ids, file: "dataset.xlsx[areas]", used: &used };
        assert!(near_code_hint("8001", &known).contains("did you mean '08001'? (format the column as Text"));
        assert!(
            near_code_hint("02647", &known)
                .contains("did you mean '2647'? (dataset.xlsx[areas] writes it without leading zeros")
        );
        // 08003 is one slip from 08001 and 08002; 08002 is the one nothing uses yet.
        assert_eq!(near_code_hint("08003", &known), "; did you mean '08002'? (no row refers to it yet)");
        // A swap of neighbours.
        assert_eq!(near_code_hint("F101", &known), "; did you mean 'F011'? (no row refers to it yet)");
        assert_eq!(near_code_hint("99999", &known), "");
    }
}
