//! Checks against what a province really has and the habits of real workbooks (issue 29):
//! total rows at the bottom of a sheet, communes whose populations do not add up to the
//! province's published population, columns derived from another by a constant ratio, and
//! GDNN-GDTX centres marked private.

use rustc_hash::FxHashMap as HashMap;

use super::show;
use crate::error::Issues;
use crate::load::{RawDataset, RawTable};
use crate::model::{Area, AreaKind, Facility, Ownership};

/// Labels of a total row (compared lower case, after trimming and a trailing ':'); a cell
/// equal to one of them, or one followed by a parenthesis or "toàn ..." ("Tổng cộng (45
/// xã)", "Cộng toàn tỉnh"), marks the row. "Cộng Hòa" (a commune) does not.
const TOTAL_LABELS: &[&str] =
    &["tổng cộng", "tổng số", "tổng", "cộng", "tong cong", "tong so", "tong", "total", "grand total", "sum"];

/// The label of a total row, when `cells` is one.
fn total_label(cells: &[Option<String>]) -> Option<&str> {
    cells.iter().flatten().map(|c| c.trim()).find(|cell| {
        let cell = cell.trim_end_matches(':').trim();
        // Every label starts with one of these letters: codes and numbers, most cells, are
        // passed over without being lower-cased.
        if !cell.starts_with(['t', 'c', 'g', 's', 'T', 'C', 'G', 'S']) {
            return false;
        }
        let lower = cell.to_lowercase();
        TOTAL_LABELS.iter().any(|label| {
            lower == *label
                || lower
                    .strip_prefix(label)
                    .map(str::trim_start)
                    .is_some_and(|rest| rest.starts_with('(') || rest.starts_with("toàn "))
        })
    })
}

/// Removes the total rows ("Tổng cộng", "Cộng", "Total", ...) of every table, with one
/// warning per row that names it and says to delete it. They are skipped rather than
/// rejected: a total is not data, and the program adds the rows up itself. Returns the
/// dataset without them, or `None` when there was none.
pub(crate) fn drop_total_rows(raw: &RawDataset, issues: &mut Issues) -> Option<RawDataset> {
    let found: Vec<&str> = raw
        .tables
        .iter()
        .filter(|(_, t)| {
            t.readable && (t.rows.iter().any(|r| total_label(&r.cells).is_some()) || !sum_rows(t).is_empty())
        })
        .map(|(name, _)| name.as_str())
        .collect();
    if found.is_empty() {
        return None;
    }
    let mut out = raw.clone();
    for name in found {
        let Some(t) = out.tables.get_mut(name) else { continue };
        drop_totals(t, issues);
    }
    Some(out)
}

/// Rows without a label that hold the sums of the other rows: the first or last row whose
/// every number (at least two; columns with one value in every row, a year, aside) is the
/// sum of its column over the other rows, in a table of at least three other rows. Returns (row index, the
/// columns summed).
fn sum_rows(t: &RawTable) -> Vec<(usize, Vec<String>)> {
    if t.rows.len() < 4 {
        return Vec::new();
    }
    let value = |row: usize, c: usize| -> Option<f64> {
        let cell = t.rows[row].cells.get(c)?.as_deref()?;
        cell.trim().parse::<f64>().ok().filter(|v| v.is_finite())
    };
    let columns = t.columns.len().max(t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0));
    // Column totals, each computed once and only when a candidate row needs it: the demand
    // table of a national dataset has hundreds of thousands of rows.
    let mut totals: Vec<Option<f64>> = vec![None; columns];
    let mut out = Vec::new();
    let last = t.rows.len() - 1;
    for row in [0, last] {
        if total_label(&t.rows[row].cells).is_some() {
            continue;
        }
        // A column with the same value in every row (a year) is not summed.
        let constant = |c: usize, v: f64| (0..t.rows.len()).all(|r| value(r, c) == Some(v));
        let mut summed: Vec<usize> = Vec::new();
        let mut every = true;
        for (c, v) in (0..columns).filter_map(|c| Some((c, value(row, c)?))) {
            if constant(c, v) {
                continue;
            }
            let total = *totals[c].get_or_insert_with(|| (0..t.rows.len()).filter_map(|r| value(r, c)).sum());
            let others = total - v;
            if !(others != 0.0 && (others - v).abs() <= 0.5_f64.max(1e-9 * v.abs())) {
                every = false;
                break;
            }
            summed.push(c);
        }
        if every && summed.len() >= 2 {
            let names = summed.iter().map(|&c| t.columns.get(c).cloned().unwrap_or_default()).collect();
            out.push((row, names));
        }
    }
    out
}

fn drop_totals(t: &mut RawTable, issues: &mut Issues) {
    let sums = sum_rows(t);
    let mut kept = Vec::with_capacity(t.rows.len());
    // Old row index -> new one, for the cells Excel stored as numbers.
    let mut moved: HashMap<usize, usize> = HashMap::default();
    for (i, row) in std::mem::take(&mut t.rows).into_iter().enumerate() {
        if let Some((_, columns)) = sums.iter().find(|(r, _)| *r == i) {
            let shown: Vec<&str> = columns.iter().take(4).map(String::as_str).collect();
            let more = if columns.len() > 4 { ", ..." } else { "" };
            issues.warning(
                &t.file,
                Some(row.line),
                None,
                format!(
                    "row {} holds the sums of the other rows ({}{more}): a total row, not data: it is skipped; \
                     delete it from the sheet (tvetplan adds the rows up itself)",
                    row.line,
                    shown.join(", ")
                ),
            );
        } else if let Some(label) = total_label(&row.cells) {
            let column = row
                .cells
                .iter()
                .position(|c| c.as_deref().map(str::trim) == Some(label))
                .and_then(|c| t.columns.get(c))
                .map(String::as_str);
            issues.warning(
                &t.file,
                Some(row.line),
                column,
                format!(
                    "row {} is a total row ('{label}'), not data: it is skipped; delete it from the sheet \
                     (tvetplan adds the rows up itself)",
                    row.line
                ),
            );
        } else {
            moved.insert(i, kept.len());
            kept.push(row);
        }
    }
    t.rows = kept;
    t.numeric = t.numeric.iter().filter_map(|&(r, c)| Some((*moved.get(&r)?, c))).collect();
}

/// A province's communes must add up to within this share of its published population.
pub(crate) const POPULATION_TOLERANCE: f64 = 0.15;

/// Share of a province's official communes a table must hold before its total is compared
/// with the published figure (a table of a few communes is not the province).
const PROVINCE_COVERAGE: f64 = 0.9;

/// Warns when the communes of a province (2025 code, with at least 90% of its official
/// communes in the table) add up to more than 15% off its published 2025 population.
pub(crate) fn warn_population_against_published(file: &str, rows: &[(usize, Area)], issues: &mut Issues) {
    let units = crate::units::official();
    let mut provinces: Vec<&str> = rows.iter().map(|(_, a)| a.province_id.as_str()).collect();
    provinces.sort_unstable();
    provinces.dedup();
    for code in provinces {
        let Some(province) = units.province(code) else { continue };
        let published = province.population_millions * 1e6;
        if published.is_nan() || published <= 0.0 {
            continue;
        }
        let official = units.communes_of(code).count();
        let mine: Vec<&Area> = rows.iter().map(|(_, a)| a).filter(|a| a.province_id == code).collect();
        let covered = mine.iter().filter(|a| units.commune(&a.area_id).is_some_and(|c| c.province == code)).count();
        if official == 0 || (covered as f64) < PROVINCE_COVERAGE * official as f64 {
            continue;
        }
        let total: f64 = mine.iter().map(|a| a.population).sum();
        let off = total / published - 1.0;
        if off.abs() > POPULATION_TOLERANCE {
            let (how, direction) = if off > 0.0 { (off, "more") } else { (-off, "less") };
            issues.warning(
                file,
                None,
                Some("population"),
                format!(
                    "the {} communes of province {code} ({}) add up to {} people, {:.0}% {direction} than its \
                     published 2025 population of about {} ({}); check the populations (a unit, duplicated rows, \
                     figures from before the 2025 mergers)",
                    mine.len(),
                    province.short_name,
                    show(total),
                    how * 100.0,
                    show(published),
                    crate::units::POPULATION_SOURCE
                ),
            );
        }
    }
}

/// People per km² (on the official area) far outside what each kind of commune has:
/// (kind, lowest, highest, label). The bands are loose on purpose, a few times beyond the
/// extremes of 2025 Vietnam, so that only a slip of unit (a population in thousands, or
/// typed with three extra zeros) or a row on the wrong code trips them: the most crowded
/// inner-city wards of Hồ Chí Minh City and Hà Nội have about 40,000-60,000 people per km²,
/// suburban xã rarely above 10,000, remote mountain xã about 5-10, the large merged wards of
/// the Central Highlands about 50 (General Statistics Office, 2019 census and 2024 figures,
/// with the 2025 areas of `datasets/units`). Đặc khu have no lower bound (Hoàng Sa and
/// Trường Sa have almost no residents). The synthetic national preset (populations not
/// spread by area) stays inside: phường 36-138,000, xã 10-18,000 over seeds 1, 2, 3 and 7.
const DENSITY_BANDS: &[(AreaKind, f64, f64, &str)] = &[
    (AreaKind::Xa, 1.0, 50_000.0, "xã"),
    (AreaKind::Phuong, 10.0, 200_000.0, "phường"),
    (AreaKind::DacKhu, 0.0, 30_000.0, "đặc khu"),
];

/// Warns about a commune whose people per km², on its official 2025 area, are far outside
/// what its kind has ([`DENSITY_BANDS`]). Only rows on an official 2025 code of the same
/// province (a dataset on its own codes is not compared).
pub(crate) fn warn_density(file: &str, rows: &[(usize, Area)], issues: &mut Issues) {
    let units = crate::units::official();
    for (line, a) in rows {
        let Some(c) = units.commune(&a.area_id).filter(|c| c.province == a.province_id) else { continue };
        let Some(km2) = c.area_km2.filter(|k| *k > 0.0) else { continue };
        let Some(&(_, low, high, kind)) = DENSITY_BANDS.iter().find(|b| b.0 == c.kind) else { continue };
        if a.population.is_nan() || (a.population == 0.0 && c.kind == AreaKind::DacKhu) {
            continue;
        }
        let density = a.population / km2;
        if density < low || density > high {
            let (how, hint) = if density < low {
                ("below", "a population in thousands, or a row on the wrong code?")
            } else {
                ("above", "a population typed with extra zeros, or a row on the wrong code?")
            };
            issues.warning(
                file,
                Some(*line),
                Some("population"),
                format!(
                    "{} people on the {} km² of {} is {} people per km², far {how} what a {kind} has ({}-{} per km²); \
                     check the population ({hint})",
                    show(a.population),
                    show(km2),
                    c.name,
                    if density < 10.0 { format!("{density:.1}") } else { show(density.round()) },
                    show(low),
                    show(high)
                ),
            );
        }
    }
}

/// Pairs (column, base) of the areas table where one is expected to be measured, not
/// computed from the other.
const RATIO_PAIRS: &[(&str, &str)] = &[
    ("working_age", "population"),
    ("labour_force", "population"),
    ("labour_force", "working_age"),
    ("households", "population"),
    ("unemployed", "labour_force"),
    ("trained", "labour_force"),
    ("certified", "labour_force"),
];

/// Rows a ratio must hold on before it is called derived.
const RATIO_MIN_ROWS: usize = 5;

fn area_count(a: &Area, column: &str) -> Option<f64> {
    match column {
        "population" => Some(a.population),
        "working_age" => a.working_age,
        "labour_force" => Some(a.labour_force),
        "households" => a.households,
        "unemployed" => a.unemployed,
        "trained" => a.trained,
        "certified" => a.certified,
        _ => None,
    }
}

/// Warns about a column that is the same ratio of another in every row, to the unit
/// (working_age = 68% of population everywhere): derived, not measured.
pub(crate) fn warn_derived_columns(file: &str, rows: &[(usize, Area)], issues: &mut Issues) {
    for &(column, base) in RATIO_PAIRS {
        let pairs: Vec<(f64, f64)> =
            rows.iter().filter_map(|(_, a)| Some((area_count(a, column)?, area_count(a, base)?))).collect();
        if pairs.len() < RATIO_MIN_ROWS
            || pairs.len() < rows.len()
            || pairs.iter().any(|&(v, b)| v.is_nan() || b.is_nan() || v <= 0.0 || b <= 0.0)
        {
            continue;
        }
        let ratio = pairs.iter().map(|p| p.0).sum::<f64>() / pairs.iter().map(|p| p.1).sum::<f64>();
        // Rounded to whole people (or not rounded at all): within one unit of the ratio.
        if pairs.iter().all(|&(v, b)| (v - ratio * b).abs() <= 1.0) && pairs.iter().any(|&(v, b)| v != b) {
            let percent = format!("{:.1}", ratio * 100.0);
            let percent = percent.strip_suffix(".0").unwrap_or(&percent);
            issues.warning(
                file,
                None,
                Some(column),
                format!(
                    "{column} is {percent}% of {base} in every one of the {} rows (to the unit): derived, not \
                     measured? the indicators built on it only echo that ratio; enter the counted figures \
                     (statistics office, labour survey) where you have them",
                    pairs.len()
                ),
            );
        }
    }
}

/// Whether a facility's name says it is a GDNN-GDTX centre (Trung tâm giáo dục nghề nghiệp -
/// giáo dục thường xuyên), written out or abbreviated, with or without diacritics.
pub(crate) fn is_gdnn_gdtx(name: &str) -> bool {
    let letters: String = name.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
    ["gdnngdtx", "giáodụcnghềnghiệpgiáodụcthườngxuyên", "giaoducnghenghiepgiaoducthuongxuyen"]
        .iter()
        .any(|p| letters.contains(p))
}

/// The warning for a GDNN-GDTX centre not marked public, or `None`.
pub(crate) fn gdnn_gdtx_warning(f: &Facility) -> Option<String> {
    if f.ownership == Ownership::Public || !is_gdnn_gdtx(&f.name) {
        return None;
    }
    let status = if f.ownership == Ownership::Private { "private" } else { "foreign" };
    Some(format!(
        "'{}' is a GDNN-GDTX centre (Trung tâm giáo dục nghề nghiệp - giáo dục thường xuyên), a public unit \
         by law, but is marked {status}: that leaves it out of the savings and of the receivers of a merger; \
         check ownership (public)",
        f.name
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_rows_are_recognised_by_their_label() {
        let cells = |v: &[&str]| v.iter().map(|s| Some(s.to_string())).collect::<Vec<_>>();
        assert_eq!(total_label(&cells(&["Tổng cộng", "", "1200"])), Some("Tổng cộng"));
        assert_eq!(total_label(&cells(&["", "TOTAL:"])), Some("TOTAL:"));
        assert_eq!(total_label(&cells(&["Cộng (45 xã)", "9"])), Some("Cộng (45 xã)"));
        assert_eq!(total_label(&cells(&["x", "Cộng toàn tỉnh"])), Some("Cộng toàn tỉnh"));
        assert_eq!(total_label(&cells(&["Tổng Cọt", "Cộng Hòa", "2025"])), None);
        assert_eq!(total_label(&cells(&["Totality"])), None);
        // Every first letter a label can have, in either case.
        assert_eq!(total_label(&cells(&["12", "Grand Total"])), Some("Grand Total"));
        assert_eq!(total_label(&cells(&[" SUM: "])), Some("SUM:"));
        assert_eq!(total_label(&cells(&["tong so"])), Some("tong so"));
    }

    fn table(columns: &[&str], rows: &[&[&str]]) -> RawTable {
        RawTable {
            file: "areas.csv".into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| crate::load::RawRow {
                    line: i + 2,
                    cells: r.iter().map(|c| (!c.is_empty()).then(|| c.to_string())).collect(),
                })
                .collect(),
            readable: true,
            numeric: Vec::new(),
        }
    }

    #[test]
    fn a_row_of_column_sums_without_a_label_is_one_warning_naming_it_and_is_skipped() {
        let columns = ["area_id", "name", "year", "population", "labour_force"];
        let mut t = table(
            &columns,
            &[
                &["01001", "A", "2025", "1200", "700"],
                &["01002", "B", "2025", "800", "500"],
                &["01003", "C", "2025", "1000", "600"],
                &["", "", "2025", "3000", "1800"],
            ],
        );
        assert_eq!(sum_rows(&t), [(3, vec!["population".to_string(), "labour_force".to_string()])]);
        let mut issues = Issues::default();
        drop_totals(&mut t, &mut issues);
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["areas.csv:5: warning: row 5 holds the sums of the other rows (population, labour_force): a total row, \
              not data: it is skipped; delete it from the sheet (tvetplan adds the rows up itself)"]
        );
        assert_eq!(t.rows.len(), 3);
        // A data row whose numbers are not all sums is data; so is a table of three rows.
        let t = table(
            &columns,
            &[
                &["01001", "A", "2025", "1200", "700"],
                &["01002", "B", "2025", "800", "500"],
                &["01003", "C", "2025", "1000", "600"],
                &["01004", "D", "2025", "3000", "1800"],
            ],
        );
        assert!(sum_rows(&t).is_empty());
        let t = table(
            &columns,
            &[&["", "A", "2025", "1200", "700"], &["", "B", "2025", "1200", "700"], &["", "", "2025", "2400", "1400"]],
        );
        assert!(sum_rows(&t).is_empty());
    }

    #[test]
    fn a_density_far_outside_the_kind_of_commune_is_warned() {
        // Phường Ba Đình (Hà Nội, 2.97 km²) and Xã Sóc Sơn (68.24 km²), official 2025 units.
        let commune = |id: &str, population: f64| {
            let mut a = crate::testkit::area(id, 21.0, 105.8, false);
            a.province_id = "01".into();
            a.population = population;
            a
        };
        let rows = vec![
            (2, commune("00004", 65_000.0)),
            (3, commune("00004", 650_000_000.0 / 1000.0 * 3.0)),
            (4, commune("00376", 60.0)),
            (5, commune("00376", 45_000.0)),
        ];
        let mut issues = Issues::default();
        warn_density("areas.csv", &rows, &mut issues);
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "areas.csv:3:population: warning: 1950000 people on the 2.97 km² of Phường Ba Đình is 656566 people per \
                 km², far above what a phường has (10-200000 per km²); check the population (a population typed with \
                 extra zeros, or a row on the wrong code?)",
                "areas.csv:4:population: warning: 60 people on the 68.24 km² of Xã Sóc Sơn is 0.9 people per km², far \
                 below what a xã has (1-50000 per km²); check the population (a population in thousands, or a row on \
                 the wrong code?)",
            ]
        );
    }

    #[test]
    fn gdnn_gdtx_centres_are_recognised_written_out_or_abbreviated() {
        assert!(is_gdnn_gdtx("Trung tâm GDNN-GDTX huyện Năm Căn"));
        assert!(is_gdnn_gdtx("TT GDNN - GDTX Cái Nước"));
        assert!(is_gdnn_gdtx("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên Thới Bình"));
        assert!(is_gdnn_gdtx("Trung tam giao duc nghe nghiep giao duc thuong xuyen U Minh"));
        assert!(!is_gdnn_gdtx("Trung tâm dịch vụ việc làm"));
        assert!(!is_gdnn_gdtx("Trường Cao đẳng Cộng đồng Cà Mau"));
    }
}
