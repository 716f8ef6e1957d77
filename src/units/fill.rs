//! Applying the official units to a dataset's raw tables, before typing (`validate` calls
//! [`apply`]):
//!
//! 1. **Old codes converted.** Rows of `areas`, `demand` and `origins` keyed by pre-reform
//!    commune codes get the code of the 2025 commune they went into (and province-wide
//!    `demand` rows on a pre-reform province code, the 2025 province). A commune divided
//!    between several new ones is split: its counts are divided in proportion to the areas
//!    of the new communes (the only areas the official source gives), in whole numbers by
//!    largest remainder, so totals are preserved exactly. Codes listed in the user's
//!    `succession` table are left to it. Most 2025 communes kept the code of one of the
//!    communes they were formed from, so a code can be in both lists: a table (or, with a
//!    `year` column, the rows of one year) is read as pre-reform when at least half of its
//!    known codes exist only in the pre-reform list; codes found only there are always
//!    converted.
//! 2. **Areas filled and checked.** In `areas`, a missing `name`, `province_id`,
//!    `province_name`, `kind`, `urban` (phường = urban) or `lat`/`lon` is filled from the
//!    official list; a given value that disagrees (name, province, kind, a centre more than
//!    [`MAX_CENTRE_KM`] km from the official one) is a warning that says both; a code in
//!    neither list is an error with a hint (leading zeros lost, a typo, the name's code).
//!
//! [`UnitsMode::Auto`] turns all this on only for datasets that use the official codes (see
//! [`looks_official`]), so synthetic and foreign datasets are read as before.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{Units, official};
use crate::error::Issues;
use crate::geometry::haversine_km;
use crate::load::{RawDataset, RawRow, RawTable};
use crate::model::Code;
use crate::schema::{self, Kind, Table};

/// Distance between a given commune centre and the official one above which a warning says so.
pub(crate) const MAX_CENTRE_KM: f64 = 5.0;

/// Whether the official units are used (`--units`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnitsMode {
    /// On when the areas table uses the official codes ([`looks_official`]).
    #[default]
    Auto,
    /// Always on: every area_id must be an official code.
    Official,
    /// Off: the dataset is read as written (synthetic or non-Vietnamese data).
    Off,
}

/// The count columns of a table (in `areas`, population first): divided when a divided
/// commune's row is divided, added up when communes merge.
fn count_columns(table: &Table) -> Vec<&'static str> {
    table.names_where(|c| matches!(c.kind, Kind::Count))
}

/// Columns that describe the commune itself ([`crate::schema::Column::filled`]); on
/// converted rows they are cleared and filled from the official list.
fn area_filled() -> Vec<&'static str> {
    schema::AREAS.names_where(|c| c.filled)
}

/// Applies the official units to `raw` (see the module documentation). Returns whether they
/// were used.
pub(crate) fn apply(raw: &mut RawDataset, mode: UnitsMode, issues: &mut Issues) -> bool {
    let units = official();
    let active = match mode {
        UnitsMode::Off => false,
        UnitsMode::Official => true,
        UnitsMode::Auto => raw.tables.get("areas").is_some_and(|t| t.readable && looks_official(t, units)),
    };
    if !active {
        return false;
    }
    let succession: HashSet<String> = raw
        .tables
        .get("succession")
        .and_then(|t| Some((t, t.column_index("old_id")?)))
        .map(|(t, i)| t.rows.iter().filter_map(|r| r.cells.get(i).cloned().flatten()).collect())
        .unwrap_or_default();
    for table in [&schema::AREAS, &schema::DEMAND, &schema::ORIGINS] {
        if let Some(t) = raw.tables.get_mut(table.name).filter(|t| t.readable) {
            convert_table(t, &count_columns(table), table.name == "areas", &succession, units, issues);
        }
    }
    if let Some(t) = raw.tables.get_mut("demand").filter(|t| t.readable) {
        convert_provinces(t, units, issues);
    }
    if let Some(t) = raw.tables.get_mut("facilities").filter(|t| t.readable) {
        convert_facilities(t, &succession, units, issues);
    }
    if let Some(t) = raw.tables.get_mut("areas").filter(|t| t.readable) {
        fill_areas(t, units, issues);
    }
    true
}

/// A facility on a pre-reform commune code (one that is not also a 2025 code, nor in the
/// user's `succession` table) whose commune went whole into one new commune is moved to that
/// commune, with a warning that gives both codes. A facility on a divided commune is left
/// alone: its code stays unknown, an error with the hint (the program cannot tell on which
/// side of the new boundary the facility stands).
fn convert_facilities(t: &mut RawTable, succession: &HashSet<String>, units: &Units, issues: &mut Issues) {
    let Some(column) = t.column_index("area_id") else { return };
    for row in &mut t.rows {
        let Some(Some(code)) = row.cells.get(column) else { continue };
        let code = code.trim().to_string();
        if units.commune(&code).is_some() || succession.contains(&code) {
            continue;
        }
        let Some(old) = units.legacy_commune(&code) else { continue };
        let [successor] = units.successors(&code) else { continue };
        let Some(new) = units.commune(&successor.code) else { continue };
        issues.warning(
            &t.file,
            Some(row.line),
            Some("area_id"),
            format!(
                "pre-reform commune code '{code}' ({}) converted to '{}' ({}), the 2025 commune it went into whole; \
                 write the new code to silence this warning",
                old.name, new.code, new.name
            ),
        );
        row.cells[column] = Some(new.code.clone());
    }
}

/// Province-wide rows (`province_id`) on a pre-reform province code get the 2025 province it
/// went into: the mergers joined whole provinces, so nothing is divided. A code that is both
/// (the new province kept it) is already right.
fn convert_provinces(t: &mut RawTable, units: &Units, issues: &mut Issues) {
    let Some(column) = t.column_index("province_id") else { return };
    let mut converted: Vec<(String, String)> = Vec::new();
    let mut rows = 0usize;
    for r in &mut t.rows {
        let Some(Some(code)) = r.cells.get(column).cloned() else { continue };
        if units.province(&code).is_some() {
            continue;
        }
        let Some(new) = units.province_successor(&code) else { continue };
        if !converted.iter().any(|(old, _)| *old == code) {
            converted.push((code.clone(), new.to_string()));
        }
        r.cells[column] = Some(new.to_string());
        rows += 1;
    }
    if rows > 0 {
        let pairs: Vec<String> = converted
            .iter()
            .map(|(old, new)| {
                let old_name = units.legacy_provinces.iter().find(|(c, _)| c == old).map_or("", |(_, n)| n.as_str());
                format!("{old} {old_name} -> {new} {}", units.province(new).map_or("", |p| p.name.as_str()))
            })
            .collect();
        issues.warning(
            &t.file,
            None,
            Some("province_id"),
            format!(
                "{rows} province-wide row{} with pre-reform province codes converted to the 2025 provinces ({})",
                crate::error::plural(rows),
                pairs.join(", ")
            ),
        );
    }
}

/// Auto mode: the areas table uses official codes when at least 90% of its rows have an
/// official code (2025 or pre-reform) and, where the row gives a name or a province, the
/// official name or province agrees with one of them. The demo uses official-looking codes
/// with synthetic names and provinces, so it is read as written.
pub(crate) fn looks_official(t: &RawTable, units: &Units) -> bool {
    let Some(id) = t.column_index("area_id") else { return false };
    if t.rows.is_empty() {
        return false;
    }
    let province = t.column_index("province_id");
    let name = t.column_index("name");
    fn cell(r: &RawRow, i: Option<usize>) -> Option<&str> {
        i.and_then(|i| r.cells.get(i)?.as_deref())
    }
    let agreeing = t
        .rows
        .iter()
        .filter(|r| {
            let Some(code) = cell(r, Some(id)) else { return false };
            let given_name = cell(r, name).map(super::fold);
            let given_province = cell(r, province);
            let agrees = |official_name: &str, official_province: &str| {
                (given_name.is_none() && given_province.is_none())
                    || given_name.as_deref() == Some(super::fold(official_name).as_str())
                    || given_province == Some(official_province)
            };
            units.commune(code).is_some_and(|c| agrees(&c.name, &c.province))
                || units.legacy_commune(code).is_some_and(|c| agrees(&c.name, &c.province))
        })
        .count();
    agreeing * 10 >= t.rows.len() * 9
}

/// Converts the rows of one table keyed by pre-reform codes (see the module documentation).
fn convert_table(
    t: &mut RawTable,
    counts: &[&str],
    areas: bool,
    succession: &HashSet<String>,
    units: &Units,
    issues: &mut Issues,
) {
    let Some(id) = t.column_index("area_id") else { return };
    let year = t.column_index("year");
    // Borrowed, not cloned: the demand table of a national dataset has 776,694 rows.
    fn cell(r: &RawRow, column: usize) -> Option<&str> {
        r.cells.get(column)?.as_deref()
    }
    let group_of = |r: &RawRow| year.and_then(|y| r.cells.get(y).cloned().flatten());
    // Which groups (years) are pre-reform.
    let mut tally: HashMap<Option<&str>, (HashSet<&str>, HashSet<&str>)> = HashMap::default();
    for r in &t.rows {
        let Some(code) = cell(r, id) else { continue };
        let group = year.and_then(|y| cell(r, y));
        let (known, old_only) = tally.entry(group).or_default();
        if units.is_known(code) {
            known.insert(code);
        }
        if units.commune(code).is_none() && units.legacy_commune(code).is_some() {
            old_only.insert(code);
        }
    }
    let pre_reform: HashSet<Option<String>> = tally
        .into_iter()
        .filter(|(_, (known, old_only))| !old_only.is_empty() && old_only.len() * 2 >= known.len())
        .map(|(g, _)| g.map(str::to_string))
        .collect();
    let count_columns: Vec<usize> = counts.iter().filter_map(|c| t.column_index(c)).collect();
    let cleared: Vec<usize> =
        if areas { area_filled().iter().filter_map(|c| t.column_index(c)).collect() } else { vec![] };
    let mut converted = 0usize;
    let mut divided = 0usize;
    let mut rows = Vec::with_capacity(t.rows.len());
    let mut converted_ids: HashSet<String> = HashSet::default();
    for row in std::mem::take(&mut t.rows) {
        let Some(code) = cell(&row, id) else {
            rows.push(row);
            continue;
        };
        let old = units.legacy_commune(code).is_some()
            && !succession.contains(code)
            && (units.commune(code).is_none() || pre_reform.contains(&group_of(&row)));
        let successors = units.successors(code);
        if !old || successors.is_empty() {
            rows.push(row);
            continue;
        }
        converted += 1;
        divided += usize::from(successors.len() > 1);
        let shares: Vec<f64> = successors.iter().map(|s| s.share).collect();
        let mut pieces: Vec<RawRow> = successors
            .iter()
            .map(|s| {
                let mut piece = row.clone();
                piece.cells[id] = Some(s.code.clone());
                for &c in &cleared {
                    piece.cells[c] = None;
                }
                converted_ids.insert(s.code.clone());
                piece
            })
            .collect();
        for &c in &count_columns {
            let Some(text) = row.cells.get(c).cloned().flatten() else { continue };
            match text.parse::<f64>() {
                Ok(value) if value.is_finite() => {
                    for (piece, part) in pieces.iter_mut().zip(split(value, &shares)) {
                        piece.cells[c] = Some(format_number(part));
                    }
                }
                // Left for validation to report, on the main successor only.
                _ => {
                    for (piece, s) in pieces.iter_mut().zip(successors) {
                        piece.cells[c] = s.default.then(|| text.clone());
                    }
                }
            }
        }
        rows.extend(pieces);
    }
    if areas {
        rows = merge_converted_areas(rows, id, &count_columns, t.column_index("difficult"), &converted_ids);
    }
    t.rows = rows;
    if converted > 0 {
        let divided_text = match divided {
            0 => String::new(),
            1 => "; 1 of them was of a commune divided between several new ones, split by area share".into(),
            n => format!("; {n} of them were of communes divided between several new ones, split by area share"),
        };
        issues.warning(
            &t.file,
            None,
            Some("area_id"),
            format!(
                "{converted} row{} with pre-reform commune codes converted to the 2025 communes (official conversion{}){divided_text}",
                crate::error::plural(converted),
                if areas { "; rows of communes merged into one new commune were added up" } else { "" },
            ),
        );
    }
}

/// Rows of `areas` converted into the same new commune are added up into one row (counts
/// summed; `difficult` when most of the population lived in difficult communes). Rows
/// that were written with a 2025 code are left alone (a duplicate is reported later).
fn merge_converted_areas(
    rows: Vec<RawRow>,
    id: usize,
    counts: &[usize],
    difficult: Option<usize>,
    converted: &HashSet<String>,
) -> Vec<RawRow> {
    let population = counts.first().copied();
    let mut out: Vec<RawRow> = Vec::with_capacity(rows.len());
    let mut at: HashMap<String, usize> = HashMap::default();
    // Population in difficult communes and in all, per merged row.
    let mut weights: HashMap<usize, (f64, f64)> = HashMap::default();
    for row in rows {
        let code = row.cells[id].clone().unwrap_or_default();
        let is_difficult = difficult
            .and_then(|d| row.cells[d].as_deref())
            .is_some_and(|v| matches!(v.to_lowercase().as_str(), "true" | "1" | "yes" | "x" | "có"));
        let pop = population.and_then(|p| row.cells[p].as_deref()?.parse::<f64>().ok()).unwrap_or(0.0);
        if !converted.contains(&code) {
            out.push(row);
            continue;
        }
        match at.get(&code) {
            Some(&i) => {
                for &c in counts {
                    let sum = match (out[i].cells[c].as_deref(), row.cells[c].as_deref()) {
                        (Some(a), Some(b)) => match (a.parse::<f64>(), b.parse::<f64>()) {
                            (Ok(a), Ok(b)) => Some(format_number(a + b)),
                            _ => Some(a.to_string()),
                        },
                        (a, b) => a.or(b).map(str::to_string),
                    };
                    out[i].cells[c] = sum;
                }
                let w = weights.entry(i).or_default();
                w.0 += if is_difficult { pop } else { 0.0 };
                w.1 += pop;
            }
            None => {
                at.insert(code, out.len());
                weights.insert(out.len(), (if is_difficult { pop } else { 0.0 }, pop));
                out.push(row);
            }
        }
    }
    if let Some(d) = difficult {
        for (i, (hard, all)) in weights {
            out[i].cells[d] = Some(if all > 0.0 && hard * 2.0 > all { "true" } else { "false" }.to_string());
        }
    }
    out
}

/// Divides `value` by `shares` (adding up to 1). Whole numbers are divided into whole
/// numbers by largest remainder; the parts always add up to `value` exactly.
pub(crate) fn split(value: f64, shares: &[f64]) -> Vec<f64> {
    if shares.len() <= 1 {
        return vec![value];
    }
    let total: f64 = shares.iter().sum();
    if value.fract() == 0.0 && value.abs() < 1e15 {
        let exact: Vec<f64> = shares.iter().map(|s| value * s / total).collect();
        let mut parts: Vec<f64> = exact.iter().map(|x| x.floor()).collect();
        let mut left = (value - parts.iter().sum::<f64>()).round() as i64;
        let mut order: Vec<usize> = (0..shares.len()).collect();
        order.sort_by(|&a, &b| (exact[b] - parts[b]).total_cmp(&(exact[a] - parts[a])).then(a.cmp(&b)));
        for &i in order.iter().cycle() {
            if left <= 0 {
                break;
            }
            parts[i] += 1.0;
            left -= 1;
        }
        parts
    } else {
        let mut parts: Vec<f64> = shares.iter().map(|s| value * s / total).collect();
        let last = parts.len() - 1;
        parts[last] = value - parts[..last].iter().sum::<f64>();
        parts
    }
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v}") }
}

/// Fills and checks the commune columns of `areas` (see the module documentation).
fn fill_areas(t: &mut RawTable, units: &Units, issues: &mut Issues) {
    let Some(id) = t.column_index("area_id") else { return };
    for column in area_filled() {
        if t.column_index(column).is_none() {
            t.columns.push(column.to_string());
            for r in &mut t.rows {
                r.cells.push(None);
            }
        }
    }
    let col = |name: &str| t.column_index(name).expect("added above");
    let (name, province, province_name, kind, urban, lat, lon) =
        (col("name"), col("province_id"), col("province_name"), col("kind"), col("urban"), col("lat"), col("lon"));
    let mut filled = 0usize;
    let file = t.file.clone();
    for r in &mut t.rows {
        let Some(code) = r.cells[id].clone() else { continue };
        let Some(c) = units.commune(&code) else {
            let hint = units
                .hint(&code, r.cells[name].as_deref(), r.cells[province].as_deref())
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            issues.error(
                &file,
                Some(r.line),
                Some("area_id"),
                format!("'{code}' is not an official 2025 commune code{hint}; with --units none the codes are read as written"),
            );
            continue;
        };
        let p = units.province(&c.province);
        let mut any = false;
        let mut fill = |cell: &mut Option<String>, value: String| {
            if cell.is_none() {
                *cell = Some(value);
                any = true;
            }
        };
        if let Some(given) = r.cells[name].as_deref()
            && super::fold(given) != super::fold(&c.name)
        {
            issues.warning(
                &file,
                Some(r.line),
                Some("name"),
                format!("'{given}' differs from the official name of {code}, '{}'", c.name),
            );
        }
        if let Some(given) = r.cells[province].as_deref()
            && given != c.province
        {
            let official_name = p.map_or("", |p| p.name.as_str());
            issues.warning(
                &file,
                Some(r.line),
                Some("province_id"),
                format!("'{given}' differs from the official province of {code}, {} ({official_name})", c.province),
            );
        }
        if let Some(given) = r.cells[kind].as_deref()
            && given.trim().to_lowercase() != c.kind.name()
        {
            issues.warning(
                &file,
                Some(r.line),
                Some("kind"),
                format!("'{given}' differs from the official kind of {code}, {}", c.kind.name()),
            );
        }
        if let (Some(a), Some(b)) = (r.cells[lat].as_deref(), r.cells[lon].as_deref())
            && let (Ok(a), Ok(b)) = (a.parse::<f64>(), b.parse::<f64>())
        {
            let km = haversine_km(a, b, c.lat, c.lon);
            if km > MAX_CENTRE_KM {
                issues.warning(
                    &file,
                    Some(r.line),
                    Some("lat"),
                    format!(
                        "({a}, {b}) is {km:.1} km from the official centre of {code} {} ({}, {}); check the coordinates",
                        c.name, c.lat, c.lon
                    ),
                );
            }
        }
        fill(&mut r.cells[name], c.name.clone());
        fill(&mut r.cells[province], c.province.clone());
        if let Some(p) = p {
            fill(&mut r.cells[province_name], p.name.clone());
        }
        fill(&mut r.cells[kind], c.kind.name().to_string());
        fill(&mut r.cells[urban], c.urban().to_string());
        fill(&mut r.cells[lat], c.lat.to_string());
        fill(&mut r.cells[lon], c.lon.to_string());
        filled += usize::from(any);
    }
    if filled > 0 {
        issues.warning(
            &file,
            None,
            None,
            format!(
                "{filled} commune{} completed from the official 2025 list (name, province, kind, urban = phường, centre) where the table left them empty",
                crate::error::plural(filled)
            ),
        );
    }
}

/// Adds the official hint to "unknown area" errors (a commune code used in another table but
/// not in `areas`) that have none yet.
pub(crate) fn add_hints(issues: &mut [crate::error::Issue]) {
    for issue in issues {
        let Some(rest) = issue.message.strip_prefix("unknown area '") else { continue };
        let Some((code, tail)) = rest.split_once('\'') else { continue };
        if tail.contains("did you mean") {
            continue;
        }
        if let Some(hint) = official().hint(code, None, None) {
            issue.message.push_str(&format!("; {hint}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(file: &str, columns: &[&str], rows: &[&[&str]]) -> RawTable {
        RawTable {
            file: file.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| RawRow {
                    line: i + 2,
                    cells: r.iter().map(|c| (!c.is_empty()).then(|| c.to_string())).collect(),
                })
                .collect(),
            readable: true,
            numeric: Vec::new(),
        }
    }

    fn cells(t: &RawTable, column: &str) -> Vec<String> {
        let i = t.column_index(column).unwrap();
        t.rows.iter().map(|r| r.cells[i].clone().unwrap_or_default()).collect()
    }

    #[test]
    fn the_divided_and_the_filled_columns_come_from_the_schema() {
        assert_eq!(
            count_columns(&schema::AREAS),
            [
                "population",
                "working_age",
                "labour_force",
                "unemployed",
                "trained",
                "certified",
                "households",
                "poor_households",
                "poor_households_prev"
            ]
        );
        assert_eq!(count_columns(&schema::DEMAND), ["openings"]);
        assert_eq!(count_columns(&schema::ORIGINS), ["learners"]);
        assert_eq!(area_filled(), ["name", "province_id", "province_name", "kind", "urban", "lat", "lon"]);
    }

    #[test]
    fn split_keeps_whole_numbers_and_totals() {
        assert_eq!(split(10.0, &[0.5, 0.5]), vec![5.0, 5.0]);
        assert_eq!(split(10.0, &[0.34, 0.33, 0.33]), vec![4.0, 3.0, 3.0]);
        assert_eq!(split(7.0, &[1.0]), vec![7.0]);
        let parts = split(2.5, &[0.3, 0.7]);
        assert_eq!(parts.iter().sum::<f64>(), 2.5);
        for v in [0.0, 1.0, 13.0, 99_991.0] {
            assert_eq!(split(v, &[0.2, 0.45, 0.35]).iter().sum::<f64>(), v);
        }
    }

    #[test]
    fn areas_with_codes_only_are_filled_from_the_official_list() {
        let mut raw = RawDataset::default();
        raw.tables.insert("areas".into(), table("areas.csv", &["area_id", "population"], &[&["00004", "100"]]));
        let mut issues = Issues::default();
        assert!(apply(&mut raw, UnitsMode::Auto, &mut issues));
        let t = &raw.tables["areas"];
        assert_eq!(cells(t, "name"), ["Phường Ba Đình"]);
        assert_eq!(cells(t, "province_id"), ["01"]);
        assert_eq!(cells(t, "province_name"), ["Thành phố Hà Nội"]);
        assert_eq!(cells(t, "kind"), ["phuong"]);
        assert_eq!(cells(t, "urban"), ["true"]);
        assert_eq!(cells(t, "lat"), ["21.0386"]);
        assert!(!issues.has_errors());
    }

    #[test]
    fn disagreeing_values_are_warnings_with_both_and_unknown_codes_errors_with_a_hint() {
        let mut raw = RawDataset::default();
        raw.tables.insert(
            "areas".into(),
            table(
                "areas.csv",
                &["area_id", "name", "province_id", "lat", "lon", "population"],
                &[
                    &["00004", "Phường Ba Đình", "01", "21.0386", "105.838", "1"],
                    &["00008", "Phường Kim Mã", "02", "21.2", "105.816", "1"],
                    &["97", "", "", "", "", "1"],
                ],
            ),
        );
        let mut issues = Issues::default();
        apply(&mut raw, UnitsMode::Official, &mut issues);
        let text: Vec<String> = issues.items.iter().map(|i| i.to_string()).collect();
        let has = |s: &str| text.iter().any(|t| t.contains(s));
        assert!(
            has("areas.csv:3:name: warning: 'Phường Kim Mã' differs from the official name of 00008, 'Phường Ngọc Hà'"),
            "{text:?}"
        );
        assert!(
            has("areas.csv:3:province_id: warning: '02' differs from the official province of 00008, 01"),
            "{text:?}"
        );
        assert!(has("areas.csv:3:lat: warning: (21.2, 105.816) is 18.0 km from the official centre"), "{text:?}");
        assert!(
            has("areas.csv:4:area_id: '97' is not an official 2025 commune code; did you mean 00097 (Phường Hồng Hà"),
            "{text:?}"
        );
        assert_eq!(issues.errors().count(), 1);
        // Auto mode leaves synthetic data alone: the demo's codes exist, its names and provinces do not.
        let mut raw = RawDataset::default();
        raw.tables.insert(
            "areas".into(),
            table(
                "areas.csv",
                &["area_id", "name", "province_id", "lat", "lon"],
                &[&["07001", "Phường Yên Tùng", "07", "19.08", "105.8"]],
            ),
        );
        assert!(!apply(&mut raw, UnitsMode::Auto, &mut Issues::default()));
    }

    #[test]
    fn a_facility_on_an_undivided_old_code_is_moved_and_on_a_divided_one_left_to_the_hint() {
        let mut raw = RawDataset::default();
        raw.tables.insert(
            "areas".into(),
            table("areas.csv", &["area_id", "population"], &[&["00097", "1"], &["00008", "1"]]),
        );
        // Phúc Xá (00001) went whole into Hồng Hà (00097); Cống Vị (00007) was divided.
        raw.tables.insert(
            "facilities".into(),
            table(
                "facilities.csv",
                &["facility_id", "area_id"],
                &[&["F1", "00001"], &["F2", "00007"], &["F3", "00008"]],
            ),
        );
        let mut issues = Issues::default();
        apply(&mut raw, UnitsMode::Official, &mut issues);
        assert_eq!(cells(&raw.tables["facilities"], "area_id"), ["00097", "00007", "00008"]);
        let text: Vec<String> = issues.items.iter().map(|i| i.to_string()).collect();
        assert_eq!(
            text.iter().filter(|t| t.starts_with("facilities.csv")).collect::<Vec<_>>(),
            [
                "facilities.csv:2:area_id: warning: pre-reform commune code '00001' (Phường Phúc Xá) converted to '00097' \
              (Phường Hồng Hà), the 2025 commune it went into whole; write the new code to silence this warning"
            ]
        );
        // The divided one stays unknown; validation's error gets the official hint.
        let mut unknown = vec![crate::error::Issue {
            severity: crate::error::Severity::Error,
            file: "facilities.csv".into(),
            line: Some(3),
            column: Some("area_id".into()),
            message: "unknown area '00007' (not in areas.csv)".into(),
        }];
        add_hints(&mut unknown);
        assert!(unknown[0].message.contains("; "), "{}", unknown[0].message);
    }

    /// Hà Nội, pre-reform: Phúc Xá (00001) went whole into Hồng Hà (00097); Trúc Bạch
    /// (00004) shares its code with the new Ba Đình. 00091 is a divided commune.
    #[test]
    fn demand_on_old_codes_is_converted_with_totals_preserved() {
        let units = official();
        let divided = units.legacy.iter().find(|c| units.successors(&c.code).len() == 3).unwrap();
        let mut raw = RawDataset::default();
        raw.tables.insert("areas".into(), table("areas.csv", &["area_id", "population"], &[&["00004", "1"]]));
        raw.tables.insert(
            "demand".into(),
            table(
                "demand.csv",
                &["year", "area_id", "occupation", "openings"],
                &[
                    &["2024", "00001", "A", "10"],
                    &["2024", &divided.code, "A", "101"],
                    &["2024", "00006", "A", "7"],
                    &["2025", "00004", "A", "3"],
                ],
            ),
        );
        let mut issues = Issues::default();
        apply(&mut raw, UnitsMode::Auto, &mut issues);
        let t = &raw.tables["demand"];
        let ids = cells(t, "area_id");
        let openings: Vec<f64> = cells(t, "openings").iter().map(|v| v.parse().unwrap()).collect();
        assert_eq!(openings.iter().sum::<f64>(), 121.0);
        assert_eq!(ids[0], "00097");
        assert_eq!(ids.len(), 6, "{ids:?}");
        assert!(openings.iter().all(|v| v.fract() == 0.0));
        let shares: Vec<f64> = units.successors(&divided.code).iter().map(|s| s.share).collect();
        assert_eq!(&openings[1..4], split(101.0, &shares).as_slice());
        // 2025 rows keep their code.
        assert_eq!(ids[5], "00004");
        assert!(issues.items.iter().any(|i| i.message.starts_with("3 rows with pre-reform commune codes converted")));
    }

    #[test]
    fn province_wide_demand_on_old_province_codes_is_converted() {
        let mut raw = RawDataset::default();
        raw.tables.insert("areas".into(), table("areas.csv", &["area_id", "population"], &[&["00004", "1"]]));
        raw.tables.insert(
            "demand".into(),
            table(
                "demand.csv",
                &["year", "area_id", "province_id", "occupation", "openings"],
                &[&["2024", "", "10", "A", "10"], &["2024", "", "15", "A", "5"], &["2024", "", "77", "A", "4"]],
            ),
        );
        let mut issues = Issues::default();
        apply(&mut raw, UnitsMode::Auto, &mut issues);
        // Lào Cai (10) and Bà Rịa - Vũng Tàu (77) were merged into Lào Cai (15) and Hồ Chí
        // Minh City (79); 15 is a 2025 code and stays. Openings are untouched.
        assert_eq!(cells(&raw.tables["demand"], "province_id"), ["15", "15", "79"]);
        assert_eq!(cells(&raw.tables["demand"], "openings"), ["10", "5", "4"]);
        let message = &issues.items.iter().find(|i| i.column.as_deref() == Some("province_id")).unwrap().message;
        assert!(message.starts_with("2 province-wide rows with pre-reform province codes converted"), "{message}");
        assert!(message.contains("10 Tỉnh Lào Cai -> 15 Tỉnh Lào Cai"), "{message}");
    }

    /// Phúc Xá (00001) and the other old wards that went whole into Hồng Hà (00097) become
    /// one row: counts added, difficult by population majority, commune columns official.
    #[test]
    fn areas_on_old_codes_are_merged_into_their_new_commune() {
        let units = official();
        let into: Vec<&str> = units
            .legacy
            .iter()
            .filter(|c| units.successors(&c.code).iter().map(|s| s.code.as_str()).eq(["00097"]))
            .map(|c| c.code.as_str())
            .collect();
        assert!(into.len() >= 2 && into.contains(&"00001"), "{into:?}");
        let rows: Vec<Vec<String>> = into
            .iter()
            .enumerate()
            .map(|(i, c)| vec![c.to_string(), "Old name".into(), format!("{}", 1000 * (i + 1)), (i == 0).to_string()])
            .collect();
        let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let mut raw = RawDataset::default();
        raw.tables.insert("areas".into(), table("areas.csv", &["area_id", "name", "population", "difficult"], &rows));
        let mut issues = Issues::default();
        assert!(apply(&mut raw, UnitsMode::Official, &mut issues));
        let t = &raw.tables["areas"];
        assert_eq!(cells(t, "area_id"), ["00097"]);
        assert_eq!(cells(t, "name"), ["Phường Hồng Hà"]);
        let n = into.len();
        assert_eq!(cells(t, "population"), [format!("{}", 1000 * n * (n + 1) / 2)]);
        // The first (difficult) ward has the smallest population.
        assert_eq!(cells(t, "difficult"), ["false"]);
        assert!(!issues.has_errors(), "{:?}", issues.items);
    }
}
