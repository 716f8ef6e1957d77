//! Stage 2, `validate`: turns the raw text tables from `load` into a typed [`Dataset`], or
//! into the complete list of problems found.
//!
//! Every problem is reported at once, located as `file:row:column` (row = line in the file,
//! header = line 1). The tables, their columns and the columns' types are those of
//! [`crate::schema`]. Checks: required files and columns, types, empty required values,
//! negative counts, coordinates (range, and a warning outside Vietnam), duplicate ids,
//! references to unknown communes/facilities/occupations, impossible flows (graduates above
//! intake, certified or employed above graduates) and, as warnings, intake above places.
//!
//! Normalisations (documented in `docs/data.md`): cells are trimmed; enumerations are
//! case-insensitive; booleans accept true/false, yes/no, 1/0, x/blank-free Vietnamese có/không;
//! old commune codes listed in `succession.csv` are mapped to their new communes; total rows
//! (labelled, or a row of column sums) are skipped with one warning. Against what a province
//! really has (`reference`): the published population, commune density on the official area,
//! derived columns, GDNN-GDTX status. Last, the warnings listed in `accepted_warnings.toml`
//! are acknowledged (`accepted`).

mod accepted;
mod codes;
mod reference;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::error::{Issues, Severity};
use crate::load::geojson::read_shapes;
use crate::load::{RawDataset, RawRow, RawTable};
use crate::model::*;
use crate::schema::{self, Column as SchemaColumn, Kind, Need, Table};
use crate::units::fill::UnitsMode;

/// Validated data plus the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Validated {
    pub(crate) dataset: Dataset,
    pub(crate) warnings: Vec<crate::error::Issue>,
}

/// Vietnam's bounding box (mainland and islands), for the "are lat and lon swapped?" warning.
const VIETNAM_LAT: (f64, f64) = (8.0, 24.0);
const VIETNAM_LON: (f64, f64) = (102.0, 118.0);
/// Counts above this are certainly typing errors (the country has ~100 million people).
const MAX_COUNT: f64 = 1e9;

/// Validates the raw tables. `issues` may already hold problems found while loading; the
/// dataset is returned only when, after validation, there is no error at all.
pub fn validate(raw: &RawDataset, issues: Issues) -> Result<Validated, Issues> {
    validate_with(raw, UnitsMode::Auto, issues)
}

/// [`validate`] with the official administrative units used as `units` says: pre-reform
/// codes converted, missing commune names, provinces, kinds and centres filled in, codes
/// checked (see [`crate::units::fill`]). Code cells Excel stored as numbers are padded first.
pub(crate) fn validate_with(raw: &RawDataset, units: UnitsMode, issues: Issues) -> Result<Validated, Issues> {
    validate_owned(raw.clone(), units, issues)
}

/// [`validate_with`] on a dataset it may change in place (the official units convert old
/// codes in it): a national dataset's tables are not copied.
pub(crate) fn validate_owned(raw: RawDataset, units: UnitsMode, mut issues: Issues) -> Result<Validated, Issues> {
    let raw = reference::drop_total_rows(&raw, &mut issues).unwrap_or(raw);
    let repair = codes::repair_numeric_codes(&raw, &mut issues);
    let skip = repair.skip;
    let mut raw = repair.padded.unwrap_or(raw);
    let official = crate::units::fill::apply(&mut raw, units, &mut issues);
    let first_new = issues.items.len();
    let dataset = build(&raw, &skip, &mut issues);
    if official {
        crate::units::fill::add_hints(&mut issues.items[first_new..]);
    }
    finish(dataset, raw.accepted.as_ref(), issues)
}

fn finish(dataset: Dataset, accepted: Option<&(String, String)>, mut issues: Issues) -> Result<Validated, Issues> {
    // Last, so that every warning above can be acknowledged.
    let acknowledged = accepted::apply(accepted, &mut issues);
    if issues.has_errors() {
        return Err(issues);
    }
    let warnings = issues.items.into_iter().filter(|i| i.severity == Severity::Warning).collect();
    Ok(Validated { dataset: Dataset { acknowledged, ..dataset }, warnings })
}

fn build(raw: &RawDataset, skip_families: &[&str], issues: &mut Issues) -> Dataset {
    let mut ds = Dataset::default();
    let table = |name: &str| raw.tables.get(name).filter(|t| t.readable);
    // A required table with a header and no rows: say so once, rather than calling every
    // reference to it unknown.
    for schema in schema::TABLES {
        if schema.required
            && let Some(t) = table(schema.name)
            && t.rows.is_empty()
            && !t.columns.is_empty()
        {
            issues.error(&t.file, None, None, "the table has a header but no rows");
        }
    }

    if let Some(t) = table("occupations") {
        ds.occupations = read_occupations(t, issues);
    }
    if let Some(t) = table("areas") {
        ds.areas = read_areas(t, issues);
    }
    // References are checked against every id written in the table, even on rows rejected
    // for another reason, so one bad cell does not cascade into "unknown id" elsewhere.
    let ids: Vec<HashSet<&str>> = FAMILIES.iter().map(|f| raw_ids(table(f.table), f.column)).collect();
    let used: Vec<HashSet<&str>> =
        FAMILIES.iter().map(|f| f.refs.iter().flat_map(|(t, c)| raw_ids(table(t), c)).collect()).collect();
    let have = |name: &str| table(name).is_some_and(|t| !t.rows.is_empty());
    let known = |k: usize| -> Option<Known> {
        let family = &FAMILIES[k];
        let t = table(family.table).filter(|_| have(family.table) && !skip_families.contains(&family.what))?;
        Some(Known { ids: &ids[k], file: &t.file, used: &used[k] })
    };
    let refs =
        References { areas: known(AREA), provinces: known(PROVINCE), occupations: known(OCCUPATION), facilities: None };

    let succession = table("succession").map(|t| read_succession(t, &refs, issues)).unwrap_or_default();
    if let Some(t) = table("facilities") {
        ds.facilities = read_facilities(t, &refs, issues);
    }
    let refs = References { facilities: known(FACILITY), ..refs };

    let mut program_lines = HashMap::default();
    let programs_file = table("programs").map_or("programs.csv", |t| t.file.as_str());
    if let Some(t) = table("programs") {
        (ds.programs, program_lines) = read_programs(t, &refs, issues);
    }
    // A cross-table plausibility check: only on tables without errors (a duplicate
    // facility would make its sum meaningless).
    if let Some(t) = table("facilities")
        && !issues.has_errors()
    {
        warn_places_against_capacity(t, &ds, programs_file, issues);
    }
    if let Some(t) = table("enrolment") {
        ds.enrolment = read_enrolment(t, &refs, &ds.programs, &program_lines, programs_file, issues);
    }
    let succession_file = table("succession").map_or("succession.csv", |t| t.file.as_str());
    if let Some(t) = table("demand") {
        ds.demand = read_demand(t, &refs, &succession, succession_file, issues);
    }
    if let Some(t) = table("targets") {
        ds.targets = read_targets(t, issues);
    }
    if let Some(t) = table("history") {
        ds.history = read_history(t, issues);
    }
    if let Some(t) = table("travel") {
        ds.travel = read_travel(t, &refs, issues);
    }
    if let Some(t) = table("origins") {
        let provinces: HashSet<&str> = ds.areas.iter().map(|a| a.province_id.as_str()).collect();
        ds.origins = read_origins(t, &refs, &provinces, issues);
    }
    if let Some((file, bytes)) = &raw.shapes {
        ds.shapes = read_area_shapes(file, bytes, refs.areas, issues);
    }
    ds.succession = succession;
    ds
}

fn raw_ids<'a>(table: Option<&'a RawTable>, column: &str) -> HashSet<&'a str> {
    let Some(t) = table else { return HashSet::default() };
    let Some(i) = t.column_index(column) else { return HashSet::default() };
    t.rows.iter().filter_map(|r| r.cells.get(i)?.as_deref()).collect()
}

/// A kind of code and where it lives: the table and column that define it, and the
/// columns of other tables that refer to it.
pub(crate) struct Family {
    /// What one code names, in messages ("area").
    pub(crate) what: &'static str,
    pub(crate) table: &'static str,
    pub(crate) column: &'static str,
    pub(crate) refs: &'static [(&'static str, &'static str)],
}

const AREA: usize = 0;
const PROVINCE: usize = 1;
const FACILITY: usize = 2;
const OCCUPATION: usize = 3;

pub(crate) const FAMILIES: [Family; 4] = [
    Family {
        what: "area",
        table: "areas",
        column: "area_id",
        refs: &[
            ("facilities", "area_id"),
            ("demand", "area_id"),
            ("travel", "area_id"),
            ("origins", "area_id"),
            ("succession", "new_id"),
        ],
    },
    Family { what: "province", table: "areas", column: "province_id", refs: &[("demand", "province_id")] },
    Family {
        what: "facility",
        table: "facilities",
        column: "facility_id",
        refs: &[
            ("programs", "facility_id"),
            ("enrolment", "facility_id"),
            ("travel", "facility_id"),
            ("origins", "facility_id"),
        ],
    },
    Family {
        what: "occupation",
        table: "occupations",
        column: "code",
        refs: &[("programs", "occupation"), ("enrolment", "occupation"), ("demand", "occupation")],
    },
];

/// The codes of one family that references are checked against.
#[derive(Clone, Copy)]
struct Known<'a> {
    ids: &'a HashSet<&'a str>,
    /// The defining table as named in messages: `areas.csv`, or `dataset.xlsx[areas]`.
    file: &'a str,
    /// Every code some other table refers to: a "did you mean" prefers codes nothing uses.
    used: &'a HashSet<&'a str>,
}

/// The codes that references are checked against; `None` when that table itself is
/// missing or unreadable (its absence is already reported), or when its codes were stored
/// as numbers in a way padding could not repair (reported once on that table).
#[derive(Clone, Copy)]
struct References<'a> {
    areas: Option<Known<'a>>,
    provinces: Option<Known<'a>>,
    occupations: Option<Known<'a>>,
    facilities: Option<Known<'a>>,
}

/// Reads the cells of one row by column name, pushing a located issue for every bad cell.
struct RowReader<'t, 'i> {
    table: &'t RawTable,
    /// Every column of the table's schema: where it is in the header (if given) and its
    /// definition.
    index: &'t HashMap<&'static str, (Option<usize>, &'static SchemaColumn)>,
    row: &'t RawRow,
    issues: &'i mut Issues,
    /// Set when any cell of the row was rejected; the row is then left out.
    bad: bool,
}

impl RowReader<'_, '_> {
    /// Where `column` is and its definition. A reader asking for a column its table's
    /// schema does not have is a bug (its cells would silently read as empty).
    fn schema_column(&self, column: &str) -> (Option<usize>, &'static SchemaColumn) {
        *self.index.get(column).unwrap_or_else(|| panic!("{}: column '{column}' is not in the schema", self.table.file))
    }

    /// The value of `column` as read by a method for `expected`; the schema's type must be
    /// one of them (a reader and the schema disagreeing is a bug).
    fn typed(&self, column: &str, expected: &str, fits: fn(Kind) -> bool) -> Option<&str> {
        let (at, definition) = self.schema_column(column);
        assert!(
            fits(definition.kind),
            "{}: column '{column}' is read as {expected}, but the schema says {:?}",
            self.table.file,
            definition.kind
        );
        self.row.cells.get(at?)?.as_deref()
    }

    /// The value of a column the schema requires (or of which it requires one of a pair).
    fn must(&self, column: &str) -> Option<&str> {
        let (at, definition) = self.schema_column(column);
        assert!(
            definition.need != Need::Optional,
            "{}: column '{column}' is read as required, but the schema says optional",
            self.table.file
        );
        self.row.cells.get(at?)?.as_deref()
    }

    fn error(&mut self, column: &str, message: impl Into<String>) {
        self.bad = true;
        self.issues.error(&self.table.file, Some(self.row.line), Some(column), message);
    }

    fn warning(&mut self, column: &str, message: impl Into<String>) {
        self.issues.warning(&self.table.file, Some(self.row.line), Some(column), message);
    }

    fn text(&mut self, column: &str) -> Option<String> {
        self.typed(column, "text", |k| matches!(k, Kind::Code | Kind::Text)).map(str::to_string)
    }

    fn required_text(&mut self, column: &str) -> String {
        self.must(column);
        match self.text(column) {
            Some(text) => text,
            None => {
                self.error(column, "required value is empty");
                String::new()
            }
        }
    }

    /// A number: an amount, a share or degrees (counts and years have their own readers).
    fn number(&mut self, column: &str) -> Option<f64> {
        self.number_as(column, "a number", |k| matches!(k, Kind::Amount | Kind::Share | Kind::Degrees))
    }

    fn number_as(&mut self, column: &str, expected: &str, fits: fn(Kind) -> bool) -> Option<f64> {
        let text = self.typed(column, expected, fits)?.to_string();
        match parse_number(&text) {
            Ok(value) => Some(value),
            Err(why) => {
                self.error(column, why);
                None
            }
        }
    }

    /// Required values that are missing or invalid come back as NaN, which fails every
    /// comparison, so one bad cell does not also trigger "exceeds" checks on the same row.
    fn required_number(&mut self, column: &str) -> f64 {
        if self.must(column).is_none() {
            self.error(column, "required value is empty");
            return f64::NAN;
        }
        self.number(column).unwrap_or(f64::NAN)
    }

    /// A count of people, places or openings: finite, non-negative and whole.
    fn count(&mut self, column: &str) -> Option<f64> {
        let value = self.number_as(column, "a count", |k| matches!(k, Kind::Count))?;
        let problem = if value < 0.0 {
            format!("must not be negative, found {}", show(value))
        } else if value.fract() != 0.0 {
            format!("expected a whole number, found {}", show(value))
        } else if value > MAX_COUNT {
            format!("{} is implausibly large (more than {})", show(value), show(MAX_COUNT))
        } else {
            return Some(value);
        };
        self.error(column, problem);
        None
    }

    fn required_count(&mut self, column: &str) -> f64 {
        if self.must(column).is_none() {
            self.error(column, "required value is empty");
            return f64::NAN;
        }
        self.count(column).unwrap_or(f64::NAN)
    }

    /// A non-negative amount that may have decimals (money, minutes).
    fn required_amount(&mut self, column: &str) -> f64 {
        let value = self.required_number(column);
        if value < 0.0 {
            self.error(column, format!("must not be negative, found {}", show(value)));
            return f64::NAN;
        }
        value
    }

    fn optional_amount(&mut self, column: &str) -> Option<f64> {
        let value = self.number(column)?;
        if value < 0.0 {
            self.error(column, format!("must not be negative, found {}", show(value)));
        }
        Some(value)
    }

    fn required_year(&mut self, column: &str) -> i32 {
        self.must(column);
        let Some(text) = self.typed(column, "a year", |k| matches!(k, Kind::Year)).map(str::to_string) else {
            self.error(column, "required value is empty");
            return 0;
        };
        match parse_number(&text) {
            Ok(v) if v.fract() == 0.0 && (1990.0..=2100.0).contains(&v) => v as i32,
            _ => {
                self.error(column, format!("expected a year such as 2025, found '{text}'"));
                0
            }
        }
    }

    fn boolean(&mut self, column: &str) -> Option<bool> {
        let text = self.typed(column, "true/false", |k| matches!(k, Kind::Bool))?.to_string();
        match parse_bool(&text) {
            Some(b) => Some(b),
            None => {
                self.error(column, format!("expected true or false, found '{text}'"));
                None
            }
        }
    }

    fn required_bool(&mut self, column: &str) -> bool {
        if self.must(column).is_none() {
            self.error(column, "required value is empty (write true or false)");
            return false;
        }
        self.boolean(column).unwrap_or(false)
    }

    fn code<T: Code + std::str::FromStr<Err = String>>(&mut self, column: &str) -> Option<T> {
        let text = self.typed(column, "a choice", |k| matches!(k, Kind::Choice(_)))?.to_string();
        match text.parse::<T>() {
            Ok(v) => Some(v),
            Err(why) => {
                self.error(column, why);
                None
            }
        }
    }

    fn required_code<T: Code + std::str::FromStr<Err = String>>(&mut self, column: &str) -> Option<T> {
        if self.must(column).is_none() {
            self.error(column, format!("required value is empty (one of: {})", T::accepted()));
            return None;
        }
        self.code(column)
    }

    /// Checks that `id` is in `known` (when that table was readable).
    fn reference(&mut self, column: &str, id: &str, known: Option<Known>, what: &str) {
        let Some(known) = known else { return };
        if id.is_empty() || known.ids.contains(id) {
            return;
        }
        let hint = near_code_hint(id, &known);
        self.error(column, format!("unknown {what} '{id}' (not in {}){hint}", known.file));
    }

    fn latitude_longitude(&mut self) -> (f64, f64) {
        let lat = self.required_number("lat");
        let lon = self.required_number("lon");
        if lat.is_nan() || lon.is_nan() {
            return (lat, lon);
        }
        if !(-90.0..=90.0).contains(&lat) {
            let swapped = if in_vietnam(lon, lat) { "; lat and lon look swapped" } else { "" };
            self.error("lat", format!("latitude {} is outside -90..90{swapped}", show(lat)));
        } else if !(-180.0..=180.0).contains(&lon) {
            self.error("lon", format!("longitude {} is outside -180..180", show(lon)));
        } else if !self.bad && !in_vietnam(lat, lon) {
            let swapped = if in_vietnam(lon, lat) { "; lat and lon look swapped" } else { "" };
            self.warning(
                "lat",
                format!("({}, {}) is outside Vietnam (lat 8..24, lon 102..118){swapped}", show(lat), show(lon)),
            );
        }
        (lat, lon)
    }

    /// `value` of `column` must not exceed `limit` of `limit_column`.
    fn at_most(&mut self, column: &str, value: Option<f64>, limit_column: &str, limit: Option<f64>) {
        if let (Some(v), Some(l)) = (value, limit)
            && v > l
        {
            self.error(column, format!("{column} ({}) exceed {limit_column} ({})", show(v), show(l)));
        }
    }
}

fn in_vietnam(lat: f64, lon: f64) -> bool {
    (VIETNAM_LAT.0..=VIETNAM_LAT.1).contains(&lat) && (VIETNAM_LON.0..=VIETNAM_LON.1).contains(&lon)
}

use codes::near_code_hint;

/// Numbers as written by people and spreadsheets: a decimal point, optional exponent.
/// Thousands separators and decimal commas are refused with a hint, because "1.234" is
/// ambiguous (one thousand or one point two).
pub(crate) fn parse_number(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    if let Ok(value) = trimmed.parse::<f64>() {
        if value.is_finite() {
            return Ok(value);
        }
        return Err(format!("expected a number, found '{trimmed}'"));
    }
    let digits_and = |seps: &[char]| trimmed.chars().all(|c| c.is_ascii_digit() || seps.contains(&c) || c == '-');
    if digits_and(&[',']) && trimmed.matches(',').count() == 1 && !trimmed.ends_with(',') {
        let (int, frac) = trimmed.split_once(',').expect("one comma");
        if frac.len() == 3 {
            return Err(format!(
                "expected a number, found '{trimmed}'; write {int}{frac} without a thousands separator (or {int}.{frac} if a decimal was meant)"
            ));
        }
        return Err(format!("expected a number, found '{trimmed}'; use a decimal point: {int}.{frac}"));
    }
    if digits_and(&['.', ',', ' '])
        && (trimmed.matches('.').count() > 1 || trimmed.contains(' ') || trimmed.contains(','))
    {
        let plain: String = trimmed.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect();
        return Err(format!("expected a number, found '{trimmed}'; write {plain} without thousands separators"));
    }
    Err(format!("expected a number, found '{trimmed}'"))
}

pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "t" | "yes" | "y" | "1" | "x" | "có" | "co" => Some(true),
        "false" | "f" | "no" | "n" | "0" | "không" | "khong" => Some(false),
        _ => None,
    }
}

/// Numbers in messages: whole numbers without decimals.
fn show(value: f64) -> String {
    crate::load::table::format_number(value)
}

/// Checks the header, then calls `read_row` for each row; rows with a rejected cell are
/// dropped (the run stops anyway, but every row is still checked).
fn read_rows<T>(
    table: &RawTable,
    schema: &'static Table,
    issues: &mut Issues,
    mut read_row: impl FnMut(&mut RowReader) -> Option<T>,
) -> Vec<(usize, T)> {
    // A pair of columns of which one is required (a demand row is on a commune or a
    // province): neither is one error, and nothing else is checked.
    for column in schema.columns {
        if let Need::Either(other) = column.need
            && table.column_index(column.name).is_none()
            && table.column_index(other).is_none()
            && !table.columns.is_empty()
        {
            issues.error(
                &table.file,
                Some(1),
                Some(column.name),
                format!("missing required column '{}' (or '{other}')", column.name),
            );
            return Vec::new();
        }
    }
    let mut index: HashMap<&'static str, (Option<usize>, &'static SchemaColumn)> = HashMap::default();
    let mut missing = false;
    for column in schema.columns {
        let at = table.column_index(column.name);
        if at.is_none() && column.is_required() {
            missing = true;
            issues.error(&table.file, Some(1), Some(column.name), format!("missing required column '{}'", column.name));
        }
        index.insert(column.name, (at, column));
    }
    for name in &table.columns {
        if schema.column(name).is_none() {
            let label = if name.is_empty() { "(empty)" } else { name.as_str() };
            issues.warning(&table.file, Some(1), Some(label), format!("unknown column '{label}' is ignored"));
        }
    }
    if missing {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut reader = RowReader { table, index: &index, row, issues, bad: false };
        let value = read_row(&mut reader);
        if !reader.bad
            && let Some(value) = value
        {
            out.push((row.line, value));
        }
    }
    out
}

/// Reports ids that appear twice, naming the line of the first.
fn check_unique<'a>(file: &str, column: &str, ids: impl Iterator<Item = (usize, &'a str)>, issues: &mut Issues) {
    let mut first: HashMap<&str, usize> = HashMap::default();
    for (line, id) in ids {
        if let Some(&first_line) = first.get(id) {
            issues.error(file, Some(line), Some(column), format!("duplicate id '{id}' (first on line {first_line})"));
        } else {
            first.insert(id, line);
        }
    }
}

fn read_occupations(t: &RawTable, issues: &mut Issues) -> Vec<Occupation> {
    let rows = read_rows(t, &schema::OCCUPATIONS, issues, |r| {
        let code = r.required_text("code");
        let name_vi = r.required_text("name_vi");
        let name_en = r.required_text("name_en");
        let sector = r.required_code::<Sector>("sector");
        let isco = r.text("isco");
        if let Some(Err(message)) = isco.as_deref().map(crate::model::isco_groups) {
            r.error("isco", message);
        }
        Some(Occupation { code, name_vi, name_en, sector: sector?, isco })
    });
    check_unique(&t.file, "code", rows.iter().map(|(l, o)| (*l, o.code.as_str())), issues);
    rows.into_iter().map(|(_, o)| o).collect()
}

fn read_areas(t: &RawTable, issues: &mut Issues) -> Vec<Area> {
    let rows = read_rows(t, &schema::AREAS, issues, |r| {
        let area_id = r.required_text("area_id");
        let name = r.required_text("name");
        let province_id = r.required_text("province_id");
        let province_name = r.text("province_name");
        let kind = r.code::<AreaKind>("kind");
        let urban = r.required_bool("urban");
        let difficult = r.boolean("difficult").unwrap_or(false);
        let (lat, lon) = r.latitude_longitude();
        let population = r.required_count("population");
        let working_age = r.count("working_age");
        let labour_force = r.required_count("labour_force");
        let unemployed = r.count("unemployed");
        let trained = r.count("trained");
        let certified = r.count("certified");
        let households = r.count("households");
        let poor_households = r.count("poor_households");
        let poor_households_prev = r.count("poor_households_prev");
        r.at_most("working_age", working_age, "population", Some(population));
        r.at_most("labour_force", Some(labour_force), "population", Some(population));
        if let Some(w) = working_age
            && labour_force > w
            && labour_force <= population
        {
            // Possible (people work past working age) but rarely by much: worth a look.
            r.warning(
                "labour_force",
                format!(
                    "labour_force ({}) is above working_age ({}): the labour force counts people aged 15 and over, \
                     working age stops at retirement; check that the columns are not swapped",
                    show(labour_force),
                    show(w)
                ),
            );
        }
        r.at_most("unemployed", unemployed, "labour_force", Some(labour_force));
        r.at_most("trained", trained, "labour_force", Some(labour_force));
        r.at_most("certified", certified, "trained", trained.or(Some(labour_force)));
        r.at_most("poor_households", poor_households, "households", households);
        r.at_most("poor_households_prev", poor_households_prev, "households", households);
        if let Some(h) = households
            && h > 0.0
            && population > 0.0
            && !r.bad
        {
            let size = population / h;
            if !(HOUSEHOLD_SIZE.0..=HOUSEHOLD_SIZE.1).contains(&size) {
                r.warning(
                    "households",
                    format!(
                        "{} people in {} households is {size:.1} people per household, outside the plausible \
                         {}..{} (Vietnam's average is 3.5, census 2019); check population and households",
                        show(population),
                        show(h),
                        HOUSEHOLD_SIZE.0,
                        HOUSEHOLD_SIZE.1
                    ),
                );
            }
        }
        Some(Area {
            area_id,
            name,
            province_id,
            province_name,
            kind,
            urban,
            difficult,
            lat,
            lon,
            population,
            working_age,
            labour_force,
            unemployed,
            trained,
            certified,
            households,
            poor_households,
            poor_households_prev,
        })
    });
    check_unique(&t.file, "area_id", rows.iter().map(|(l, a)| (*l, a.area_id.as_str())), issues);
    warn_repeated(&t.file, "population", rows.iter().map(|(l, a)| (*l, a.population)), issues);
    warn_repeated(&t.file, "households", rows.iter().filter_map(|(l, a)| Some((*l, a.households?))), issues);
    warn_population_outliers(&t.file, &rows, issues);
    reference::warn_population_against_published(&t.file, &rows, issues);
    reference::warn_derived_columns(&t.file, &rows, issues);
    reference::warn_density(&t.file, &rows, issues);
    rows.into_iter().map(|(_, a)| a).collect()
}

/// People per household outside this range is a typing or unit error (the census 2019
/// average is 3.5; provinces range from about 3 to 4.5).
const HOUSEHOLD_SIZE: (f64, f64) = (1.5, 8.0);

/// Communes a province needs before its populations are compared with each other.
const OUTLIER_MIN_COMMUNES: usize = 10;

/// A population far above the other communes of its province: above the upper quartile plus
/// three interquartile ranges, on a log scale (populations are skewed: a town ward of
/// 30,000 among villages of 5,000 is ordinary, a ward of 160,000 is not). Urban wards are
/// compared with the wards and rural communes with the rural communes of the province: a
/// mountain province's wards are several times its villages (the national preset warned on
/// 75 ordinary wards before).
fn population_fence(populations: &[f64]) -> Option<f64> {
    let mut logs: Vec<f64> = populations.iter().filter(|p| **p > 0.0).map(|p| p.ln()).collect();
    if logs.len() < OUTLIER_MIN_COMMUNES {
        return None;
    }
    logs.sort_by(f64::total_cmp);
    let quantile = |q: f64| {
        let k = (logs.len() - 1) as f64 * q;
        let (lo, hi) = (k.floor() as usize, k.ceil() as usize);
        logs[lo] + (logs[hi] - logs[lo]) * (k - lo as f64)
    };
    let (q1, q3) = (quantile(0.25), quantile(0.75));
    Some((q3 + 3.0 * (q3 - q1)).exp())
}

fn warn_population_outliers(file: &str, rows: &[(usize, Area)], issues: &mut Issues) {
    let mut groups: Vec<(&str, bool)> = rows.iter().map(|(_, a)| (a.province_id.as_str(), a.urban)).collect();
    groups.sort_unstable();
    groups.dedup();
    for (province, urban) in groups {
        let mine: Vec<&(usize, Area)> =
            rows.iter().filter(|(_, a)| a.province_id == province && a.urban == urban).collect();
        let others = if urban { "urban wards" } else { "rural communes" };
        let populations: Vec<f64> = mine.iter().map(|(_, a)| a.population).collect();
        let Some(fence) = population_fence(&populations) else { continue };
        for (line, a) in mine {
            if a.population > fence {
                issues.warning(
                    file,
                    Some(*line),
                    Some("population"),
                    format!(
                        "population {} is far above the other {others} of province {province} (more than {}: the upper \
                         quartile plus 3 interquartile ranges, on a log scale); check the value",
                        show(a.population),
                        show(fence.round())
                    ),
                );
            }
        }
    }
}

/// The places of a facility's programmes should add up to its capacity (both are training
/// places a year); more than 10% apart, one of them is probably wrong.
const PLACES_TOLERANCE: f64 = 0.10;

fn warn_places_against_capacity(facilities: &RawTable, ds: &Dataset, programs_file: &str, issues: &mut Issues) {
    let mut places: HashMap<&str, f64> = HashMap::default();
    for p in &ds.programs {
        *places.entry(p.facility_id.as_str()).or_default() += p.places;
    }
    let id_column = facilities.column_index("facility_id");
    let line_of = |id: &str| {
        let c = id_column?;
        facilities.rows.iter().find(|r| r.cells.get(c).and_then(Option::as_deref) == Some(id)).map(|r| r.line)
    };
    for f in &ds.facilities {
        let Some(&total) = places.get(f.facility_id.as_str()) else { continue };
        if f.capacity > 0.0 && (total - f.capacity).abs() > PLACES_TOLERANCE * f.capacity {
            issues.warning(
                &facilities.file,
                line_of(&f.facility_id),
                Some("capacity"),
                format!(
                    "the places of {}'s programmes in {programs_file} add up to {}, not its capacity {} \
                     (more than 10% apart); check the capacity or the places",
                    f.facility_id,
                    show(total),
                    show(f.capacity)
                ),
            );
        }
    }
}

/// The same count in many communes is rarely real: copied rows or placeholder values (seven
/// wards of exactly 160,000 people). A warning on the first row, with how many share it and
/// every row that has it.
fn warn_repeated(file: &str, column: &str, values: impl Iterator<Item = (usize, f64)>, issues: &mut Issues) {
    let mut seen: HashMap<u64, (Vec<usize>, f64)> = HashMap::default();
    let mut total = 0;
    for (line, v) in values {
        total += 1;
        if v > 0.0 {
            seen.entry(v.to_bits()).or_insert((Vec::new(), v)).0.push(line);
        }
    }
    let mut repeated: Vec<_> =
        seen.into_values().filter(|(lines, _)| lines.len() >= 5 && lines.len() * 20 >= total).collect();
    repeated.sort_by_key(|r| r.0[0]);
    for (lines, v) in repeated {
        let rows: Vec<String> = lines.iter().map(usize::to_string).collect();
        issues.warning(
            file,
            Some(lines[0]),
            Some(column),
            format!(
                "{column} {} appears in {} rows (copied rows or a placeholder value?); check rows {}",
                show(v),
                lines.len(),
                rows.join(", ")
            ),
        );
    }
}

/// Shares typed with a few decimals or stored as Excel numbers (0.3333333 three times) may
/// add up to a hair above 1; only more than this is an error.
const SHARE_TOLERANCE: f64 = 1e-6;

fn read_succession(t: &RawTable, refs: &References, issues: &mut Issues) -> Vec<Succession> {
    let rows = read_rows(t, &schema::SUCCESSION, issues, |r| {
        let old_id = r.required_text("old_id");
        let new_id = r.required_text("new_id");
        r.reference("new_id", &new_id, refs.areas, "area");
        let share = r.number("share").unwrap_or(1.0);
        if !(share.is_nan() || (share > 0.0 && share <= 1.0)) {
            r.error("share", format!("share must be above 0 and at most 1, found {}", show(share)));
        }
        let effective = r.text("effective");
        Some(Succession { old_id, new_id, share, effective })
    });
    let mut totals: HashMap<&str, (usize, f64)> = HashMap::default();
    for (line, s) in &rows {
        let entry = totals.entry(s.old_id.as_str()).or_insert((*line, 0.0));
        entry.1 += s.share;
    }
    let mut over: Vec<_> = totals.into_iter().filter(|(_, (_, total))| *total > 1.0 + SHARE_TOLERANCE).collect();
    over.sort_by_key(|(_, (line, _))| *line);
    for (old, (line, total)) in over {
        issues.error(
            &t.file,
            Some(line),
            Some("share"),
            format!(
                "the shares of old code '{old}' add up to {}, more than 1; an old commune's parts add up to at most 1",
                show((total * 1e6).round() / 1e6)
            ),
        );
    }
    rows.into_iter().map(|(_, s)| s).collect()
}

fn read_facilities(t: &RawTable, refs: &References, issues: &mut Issues) -> Vec<Facility> {
    let rows = read_rows(t, &schema::FACILITIES, issues, |r| {
        let facility_id = r.required_text("facility_id");
        let name = r.required_text("name");
        let kind = r.required_code::<FacilityKind>("kind");
        let ownership = r.required_code::<Ownership>("ownership");
        let self_financing = r.boolean("self_financing").unwrap_or(false);
        if self_financing && matches!(ownership, Some(Ownership::Private | Ownership::Foreign)) {
            r.warning(
                "self_financing",
                "self-financing is a status of public schools; this facility is not public, so it changes nothing",
            );
        }
        let area_id = r.required_text("area_id");
        r.reference("area_id", &area_id, refs.areas, "area");
        let (lat, lon) = r.latitude_longitude();
        let capacity = r.required_count("capacity");
        let teachers = r.count("teachers");
        let annual_cost_mvnd = r.required_amount("annual_cost");
        let fixed_cost_mvnd = r.optional_amount("fixed_cost");
        if let Some(fixed) = fixed_cost_mvnd
            && fixed > annual_cost_mvnd
        {
            r.error(
                "fixed_cost",
                format!("fixed_cost ({}) exceed annual_cost ({})", show(fixed), show(annual_cost_mvnd)),
            );
        }
        let facility = Facility {
            facility_id,
            name,
            kind: kind?,
            ownership: ownership?,
            self_financing,
            area_id,
            lat,
            lon,
            capacity,
            teachers,
            annual_cost_mvnd,
            fixed_cost_mvnd,
        };
        if let Some(message) = reference::gdnn_gdtx_warning(&facility) {
            r.warning("ownership", message);
        }
        Some(facility)
    });
    check_unique(&t.file, "facility_id", rows.iter().map(|(l, f)| (*l, f.facility_id.as_str())), issues);
    rows.into_iter().map(|(_, f)| f).collect()
}

type ProgramKey = (String, String, Level);

fn read_programs(t: &RawTable, refs: &References, issues: &mut Issues) -> (Vec<Program>, HashMap<ProgramKey, usize>) {
    let rows = read_rows(t, &schema::PROGRAMS, issues, |r| {
        let facility_id = r.required_text("facility_id");
        r.reference("facility_id", &facility_id, refs.facilities, "facility");
        let occupation = r.required_text("occupation");
        r.reference("occupation", &occupation, refs.occupations, "occupation");
        let level = r.required_code::<Level>("level");
        let places = r.required_count("places");
        Some(Program { facility_id, occupation, level: level?, places })
    });
    let mut lines: HashMap<ProgramKey, usize> = HashMap::default();
    for (line, p) in &rows {
        let key = (p.facility_id.clone(), p.occupation.clone(), p.level);
        if let Some(first) = lines.get(&key) {
            issues.error(
                &t.file,
                Some(*line),
                Some("occupation"),
                format!(
                    "duplicate programme {} / {} / {} (first on line {first})",
                    p.facility_id, p.occupation, p.level
                ),
            );
        } else {
            lines.insert(key, *line);
        }
    }
    (rows.into_iter().map(|(_, p)| p).collect(), lines)
}

fn read_enrolment(
    t: &RawTable,
    refs: &References,
    programs: &[Program],
    program_lines: &HashMap<ProgramKey, usize>,
    programs_file: &str,
    issues: &mut Issues,
) -> Vec<Enrolment> {
    let mut places: HashMap<(&str, &str, Level), f64> = HashMap::default();
    for p in programs {
        places.entry((p.facility_id.as_str(), p.occupation.as_str(), p.level)).or_insert(p.places);
    }
    let check_programs = !programs.is_empty();
    let rows = read_rows(t, &schema::ENROLMENT, issues, |r| {
        let year = r.required_year("year");
        let facility_id = r.required_text("facility_id");
        r.reference("facility_id", &facility_id, refs.facilities, "facility");
        let occupation = r.required_text("occupation");
        r.reference("occupation", &occupation, refs.occupations, "occupation");
        let level = r.required_code::<Level>("level");
        let intake = r.required_count("intake");
        let graduates = r.count("graduates");
        let certified = r.count("certified");
        let employed_6m = r.count("employed_6m");
        let rural = r.count("rural");
        let female = r.count("female");
        let ethnic_minority = r.count("ethnic_minority");
        let poor = r.count("poor");
        r.at_most("graduates", graduates, "intake", Some(intake));
        r.at_most("certified", certified, "graduates", graduates);
        r.at_most("employed_6m", employed_6m, "graduates", graduates);
        for (column, value) in
            [("rural", rural), ("female", female), ("ethnic_minority", ethnic_minority), ("poor", poor)]
        {
            r.at_most(column, value, "intake", Some(intake));
        }
        let level = level?;
        if check_programs && !r.bad {
            let key = (facility_id.as_str(), occupation.as_str(), level);
            match places.get(&key) {
                Some(&p) if intake > p => {
                    let line = program_lines
                        .get(&(facility_id.clone(), occupation.clone(), level))
                        .copied()
                        .unwrap_or_default();
                    r.warning(
                        "intake",
                        format!(
                            "intake ({}) exceeds the places of this programme ({}, {programs_file} line {line})",
                            show(intake),
                            show(p)
                        ),
                    );
                }
                Some(_) => {}
                None => r.warning(
                    "occupation",
                    format!("no programme {facility_id} / {occupation} / {level} in {programs_file}"),
                ),
            }
        }
        Some(Enrolment {
            year,
            facility_id,
            occupation,
            level,
            intake,
            graduates,
            certified,
            employed_6m,
            rural,
            female,
            ethnic_minority,
            poor,
        })
    });
    let mut first: HashMap<(i32, &str, &str, Level), usize> = HashMap::default();
    for (line, e) in &rows {
        let key = (e.year, e.facility_id.as_str(), e.occupation.as_str(), e.level);
        if let Some(f) = first.get(&key) {
            issues.error(
                &t.file,
                Some(*line),
                Some("year"),
                format!(
                    "duplicate row for {} / {} / {} / {} (first on line {f})",
                    e.year, e.facility_id, e.occupation, e.level
                ),
            );
        } else {
            first.insert(key, *line);
        }
    }
    rows.into_iter().map(|(_, e)| e).collect()
}

fn read_demand(
    t: &RawTable,
    refs: &References,
    succession: &[Succession],
    succession_file: &str,
    issues: &mut Issues,
) -> Vec<Demand> {
    let mut successors: HashMap<&str, Vec<&Succession>> = HashMap::default();
    for s in succession {
        successors.entry(s.old_id.as_str()).or_default().push(s);
    }
    let mut mapped_rows = 0usize;
    let rows = read_rows(t, &schema::DEMAND, issues, |r| {
        let year = r.required_year("year");
        let area_id = r.text("area_id");
        let province_id = r.text("province_id");
        let scope = match (area_id, province_id) {
            (Some(area), _) => {
                let known = refs.areas.is_none_or(|k| k.ids.contains(area.as_str()));
                if !known && successors.contains_key(area.as_str()) {
                    mapped_rows += 1;
                } else {
                    r.reference("area_id", &area, refs.areas, "area");
                }
                DemandScope::Area(area)
            }
            (None, Some(province)) => {
                r.reference("province_id", &province, refs.provinces, "province");
                DemandScope::Province(province)
            }
            (None, None) => {
                r.error("area_id", "give an area_id (or a province_id for province-wide demand)");
                return None;
            }
        };
        let occupation = r.required_text("occupation");
        r.reference("occupation", &occupation, refs.occupations, "occupation");
        let openings = r.required_count("openings");
        let level = r.code::<Level>("level");
        let source = r.text("source");
        Some(Demand { year, scope, occupation, openings, level, source })
    });
    if mapped_rows > 0 {
        issues.warning(
            &t.file,
            None,
            None,
            if mapped_rows == 1 {
                format!("1 row uses old commune codes and was mapped to new communes with {succession_file}")
            } else {
                format!(
                    "{mapped_rows} rows use old commune codes and were mapped to new communes with {succession_file}"
                )
            },
        );
    }
    let mut out = Vec::with_capacity(rows.len());
    for (_, d) in rows {
        match &d.scope {
            DemandScope::Area(old)
                if successors.contains_key(old.as_str())
                    && refs.areas.is_some_and(|k| !k.ids.contains(old.as_str())) =>
            {
                for s in &successors[old.as_str()] {
                    out.push(Demand {
                        scope: DemandScope::Area(s.new_id.clone()),
                        openings: d.openings * s.share,
                        ..d.clone()
                    });
                }
            }
            _ => out.push(d),
        }
    }
    out
}

fn read_targets(t: &RawTable, issues: &mut Issues) -> Vec<Target> {
    let rows = read_rows(t, &schema::TARGETS, issues, |r| {
        let indicator = r.required_code::<Indicator>("indicator");
        let year = r.required_year("year");
        let value = r.required_number("value");
        // Every indicator is a share or a rate (poverty reduction: share points a year).
        share_value(r, value);
        let scope = r.text("scope");
        let source = r.text("source");
        Some(Target { indicator: indicator?, year, value, scope, source })
    });
    rows.into_iter().map(|(_, t)| t).collect()
}

/// The row's `value` must be a share (0-1) when given.
fn share_value(r: &mut RowReader, value: f64) {
    let mut checks = crate::check::Checks::default();
    if !value.is_nan() {
        checks.share("value", value);
    }
    for problem in checks.problems {
        r.error("value", problem.message);
    }
}

/// Published past values: each a share, one row per indicator, year and scope.
fn read_history(t: &RawTable, issues: &mut Issues) -> Vec<HistoryPoint> {
    let rows = read_rows(t, &schema::HISTORY, issues, |r| {
        let indicator = r.required_code::<HistoryIndicator>("indicator");
        let year = r.required_year("year");
        let value = r.required_number("value");
        share_value(r, value);
        let scope = r.text("scope");
        let source = r.text("source");
        Some(HistoryPoint { indicator: indicator?, year, value, scope, source })
    });
    let mut first: HashMap<(HistoryIndicator, i32, Option<&str>), usize> = HashMap::default();
    for (line, h) in &rows {
        let key = (h.indicator, h.year, h.scope.as_deref());
        if let Some(f) = first.get(&key) {
            issues.error(
                &t.file,
                Some(*line),
                Some("year"),
                format!("duplicate row for {} / {} (first on line {f})", h.indicator, h.year),
            );
        } else {
            first.insert(key, *line);
        }
    }
    rows.into_iter().map(|(_, h)| h).collect()
}

fn read_travel(t: &RawTable, refs: &References, issues: &mut Issues) -> Vec<TravelOverride> {
    let rows = read_rows(t, &schema::TRAVEL, issues, |r| {
        let area_id = r.required_text("area_id");
        r.reference("area_id", &area_id, refs.areas, "area");
        let facility_id = r.required_text("facility_id");
        r.reference("facility_id", &facility_id, refs.facilities, "facility");
        let minutes = r.required_amount("minutes");
        Some(TravelOverride { area_id, facility_id, minutes, method: TravelMethod::Measured, distance_km: None })
    });
    rows.into_iter().map(|(_, t)| t).collect()
}

/// Learners by facility and home commune. A home commune missing from `areas.csv` is an
/// error (a typo), except an official 2025 commune of a province the dataset does not
/// cover: a learner from outside the province, counted in the facility's outside share.
fn read_origins(t: &RawTable, refs: &References, provinces: &HashSet<&str>, issues: &mut Issues) -> Vec<Origin> {
    let rows = read_rows(t, &schema::ORIGINS, issues, |r| {
        let year = r.required_year("year");
        let facility_id = r.required_text("facility_id");
        r.reference("facility_id", &facility_id, refs.facilities, "facility");
        let area_id = r.required_text("area_id");
        let elsewhere = || {
            refs.areas.is_some_and(|known| !known.ids.contains(area_id.as_str()))
                && crate::units::official().commune(&area_id).is_some_and(|c| !provinces.contains(c.province.as_str()))
        };
        if !elsewhere() {
            r.reference("area_id", &area_id, refs.areas, "area");
        }
        let learners = r.required_count("learners");
        Some(Origin { year, facility_id, area_id, learners })
    });
    rows.into_iter().map(|(_, o)| o).collect()
}

fn read_area_shapes(file: &str, bytes: &[u8], areas: Option<Known>, issues: &mut Issues) -> Vec<AreaShape> {
    use geo::Validation;
    let mut seen: HashMap<String, usize> = HashMap::default();
    let mut shapes = Vec::new();
    for raw in read_shapes(file, bytes, issues) {
        let label = format!("feature {} (area_id '{}')", raw.feature, raw.area_id);
        if let Some(first) = seen.get(&raw.area_id) {
            issues.error(file, None, None, format!("{label}: duplicate area_id (first in feature {first})"));
            continue;
        }
        seen.insert(raw.area_id.clone(), raw.feature);
        if let Some(known) = areas
            && !known.ids.contains(raw.area_id.as_str())
        {
            let hint = near_code_hint(&raw.area_id, &known);
            issues.error(file, None, None, format!("{label}: unknown area (not in {}){hint}", known.file));
            continue;
        }
        if let Some(problem) = raw.polygons.validation_errors().first() {
            issues.error(file, None, None, format!("{label}: invalid polygon: {problem}"));
            continue;
        }
        shapes.push(AreaShape { area_id: raw.area_id, polygons: raw.polygons });
    }
    shapes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_separators_get_a_hint() {
        assert_eq!(parse_number(" 12.5 "), Ok(12.5));
        assert_eq!(
            parse_number("1,234").unwrap_err(),
            "expected a number, found '1,234'; write 1234 without a thousands separator (or 1.234 if a decimal was meant)"
        );
        assert_eq!(parse_number("0,75").unwrap_err(), "expected a number, found '0,75'; use a decimal point: 0.75");
        assert_eq!(
            parse_number("1.234.567").unwrap_err(),
            "expected a number, found '1.234.567'; write 1234567 without thousands separators"
        );
        assert_eq!(parse_number("NaN").unwrap_err(), "expected a number, found 'NaN'");
        assert_eq!(parse_number("inf").unwrap_err(), "expected a number, found 'inf'");
    }

    #[test]
    fn the_population_fence_is_three_interquartile_ranges_above_the_upper_quartile_on_a_log_scale() {
        // Logs 0..=10 (populations e^0..e^10): Q1 = 2.5, Q3 = 7.5, fence = 7.5 + 15 = 22.5.
        let populations: Vec<f64> = (0..=10).map(|i| f64::from(i).exp()).collect();
        let fence = population_fence(&populations).unwrap();
        assert!((fence.ln() - 22.5).abs() < 1e-9, "{}", fence.ln());
        // Too few communes to compare.
        assert_eq!(population_fence(&populations[..9]), None);
    }

    fn areas_table(rows: &[(&str, f64, f64)]) -> RawTable {
        let header = "area_id,name,province_id,urban,lat,lon,population,labour_force,households";
        let mut text = format!("{header}\n");
        for (i, (id, population, households)) in rows.iter().enumerate() {
            // Labour force about half the population, not exactly (an exact ratio is warned).
            let labour_force = population / 2.0 + 7.0 * i as f64;
            text.push_str(&format!("{id},X{i},01,false,19.1,105.7,{population},{labour_force},{households}\n"));
        }
        crate::load::table::read_csv("areas.csv", text.as_bytes(), &mut Issues::default()).unwrap()
    }

    #[test]
    fn a_commune_far_above_the_others_is_warned_with_its_value_and_the_bound() {
        // Nine villages of 4,000..8,000 and one ward of 160,000.
        let mut rows: Vec<(String, f64, f64)> = (0..9)
            .map(|i| (format!("0100{i}"), 4000.0 + 500.0 * f64::from(i), 1000.0 + 120.0 * f64::from(i)))
            .collect();
        rows.push(("01009".into(), 160_000.0, 40_000.0));
        let rows: Vec<(&str, f64, f64)> = rows.iter().map(|(a, p, h)| (a.as_str(), *p, *h)).collect();
        let mut issues = Issues::default();
        read_areas(&areas_table(&rows), &mut issues);
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        // Sorted logs of 4000, 4500, ..., 8000 and 160000: Q1 = 2.25th = e^(ln 5000 + 0.25 (ln 5500 -
        // ln 5000)) = 5121, Q3 = 6.75th = 7372; fence = Q3 (Q3/Q1)^3 = 21995 (computed by hand).
        assert_eq!(
            shown,
            [
                "areas.csv:11:population: warning: population 160000 is far above the other rural communes of province 01 \
              (more than 21995: the upper quartile plus 3 interquartile ranges, on a log scale); check the value"
            ]
        );
    }

    #[test]
    fn implausible_household_sizes_are_warned() {
        let mut issues = Issues::default();
        read_areas(
            &areas_table(&[("01001", 5000.0, 1400.0), ("01002", 5000.0, 5000.0), ("01003", 9000.0, 900.0)]),
            &mut issues,
        );
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "areas.csv:3:households: warning: 5000 people in 5000 households is 1.0 people per household, outside the \
                 plausible 1.5..8 (Vietnam's average is 3.5, census 2019); check population and households",
                "areas.csv:4:households: warning: 9000 people in 900 households is 10.0 people per household, outside the \
                 plausible 1.5..8 (Vietnam's average is 3.5, census 2019); check population and households",
            ]
        );
    }

    #[test]
    fn programme_places_far_from_capacity_are_warned() {
        let facilities = crate::load::table::read_csv(
            "dataset.xlsx[facilities]",
            b"facility_id,capacity\nF1,600\nF2,200\nF3,100\n",
            &mut Issues::default(),
        )
        .unwrap();
        let facility = |id: &str, capacity: f64| Facility {
            facility_id: id.into(),
            name: id.into(),
            kind: FacilityKind::Centre,
            ownership: Ownership::Public,
            self_financing: false,
            area_id: "01001".into(),
            lat: 19.0,
            lon: 105.0,
            capacity,
            teachers: None,
            annual_cost_mvnd: 1.0,
            fixed_cost_mvnd: None,
        };
        let program = |id: &str, occupation: &str, places: f64| Program {
            facility_id: id.into(),
            occupation: occupation.into(),
            level: Level::Short,
            places,
        };
        let ds = Dataset {
            facilities: vec![facility("F1", 600.0), facility("F2", 200.0), facility("F3", 100.0)],
            // F1 adds up exactly, F2 within 10% (215), F3 at 300: three times its capacity.
            programs: vec![
                program("F1", "a", 300.0),
                program("F1", "b", 300.0),
                program("F2", "a", 215.0),
                program("F3", "a", 150.0),
                program("F3", "b", 150.0),
            ],
            ..Dataset::default()
        };
        let mut issues = Issues::default();
        warn_places_against_capacity(&facilities, &ds, "dataset.xlsx[programs]", &mut issues);
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "dataset.xlsx[facilities]:4:capacity: warning: the places of F3's programmes in dataset.xlsx[programs] add \
              up to 300, not its capacity 100 (more than 10% apart); check the capacity or the places"
            ]
        );
    }

    #[test]
    fn every_code_family_is_a_code_column_of_the_schema() {
        let code = |table: &str, column: &str| {
            let kind = schema::table(table).and_then(|t| t.column(column)).map(|c| c.kind);
            assert!(matches!(kind, Some(Kind::Code)), "{table}.{column}: {kind:?}");
        };
        for family in &FAMILIES {
            code(family.table, family.column);
            for (table, column) in family.refs {
                code(table, column);
            }
        }
    }

    fn travel_table() -> RawTable {
        crate::load::table::read_csv("travel.csv", b"area_id,facility_id,minutes\nA,F,30\n", &mut Issues::default())
            .unwrap()
    }

    #[test]
    #[should_panic(expected = "travel.csv: column 'minute' is not in the schema")]
    fn a_reader_asking_for_a_column_the_schema_lacks_is_a_bug() {
        read_rows(&travel_table(), &schema::TRAVEL, &mut Issues::default(), |r| r.number("minute"));
    }

    #[test]
    #[should_panic(expected = "travel.csv: column 'minutes' is read as a count, but the schema says Amount")]
    fn a_reader_reading_a_column_as_another_type_is_a_bug() {
        read_rows(&travel_table(), &schema::TRAVEL, &mut Issues::default(), |r| r.count("minutes"));
    }

    #[test]
    fn a_header_is_checked_against_the_schema() {
        let table =
            crate::load::table::read_csv("travel.csv", b"facility_id,minutes,note\nF,30,x\n", &mut Issues::default())
                .unwrap();
        let mut issues = Issues::default();
        let rows = read_rows(&table, &schema::TRAVEL, &mut issues, |r| r.number("minutes"));
        assert!(rows.is_empty());
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "travel.csv:1:area_id: missing required column 'area_id'",
                "travel.csv:1:note: warning: unknown column 'note' is ignored"
            ]
        );
    }

    #[test]
    fn booleans_accept_common_spellings() {
        for yes in ["TRUE", "yes", "1", "x", "Có"] {
            assert_eq!(parse_bool(yes), Some(true), "{yes}");
        }
        for no in ["false", "No", "0", "không"] {
            assert_eq!(parse_bool(no), Some(false), "{no}");
        }
        assert_eq!(parse_bool("maybe"), None);
    }

    #[test]
    fn a_fixed_cost_may_equal_the_annual_cost_but_not_exceed_it() {
        // F1: all of its 1000 M VND a year is fixed (allowed); F2: 1000.5 fixed of 1000 is not.
        let text = "facility_id,name,kind,ownership,area_id,lat,lon,capacity,annual_cost,fixed_cost\n\
                    F1,A,centre,public,01001,19.0,105.0,100,1000,1000\n\
                    F2,B,centre,public,01001,19.0,105.0,100,1000,1000.5\n";
        let t = crate::load::table::read_csv("facilities.csv", text.as_bytes(), &mut Issues::default()).unwrap();
        let refs = References { areas: None, provinces: None, occupations: None, facilities: None };
        let mut issues = Issues::default();
        let facilities = read_facilities(&t, &refs, &mut issues);
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["facilities.csv:3:fixed_cost: fixed_cost (1000.5) exceed annual_cost (1000)"]);
        let f1 = facilities.iter().find(|f| f.facility_id == "F1").unwrap();
        assert_eq!((f1.annual_cost_mvnd, f1.fixed_cost_mvnd), (1000.0, Some(1000.0)));
    }

    #[test]
    fn a_home_commune_of_a_province_not_covered_is_outside_but_a_typo_is_an_error() {
        // The dataset covers province 07 (communes 07001, 07002). 00004 is Phường Ba Đình of
        // Hà Nội (01) in the official list: a learner from outside the province, accepted.
        // 0700l is a typo and 00005 no official commune: errors, as before.
        let text = "year,facility_id,area_id,learners\n2025,F,07001,10\n2025,F,00004,3\n\
                    2025,F,0700l,1\n2025,F,00005,1\n";
        let t = crate::load::table::read_csv("origins.csv", text.as_bytes(), &mut Issues::default()).unwrap();
        let ids: HashSet<&str> = ["07001", "07002"].into_iter().collect();
        let used = HashSet::default();
        let areas = Known { ids: &ids, file: "areas.csv", used: &used };
        let refs = References { areas: Some(areas), provinces: None, occupations: None, facilities: None };
        let provinces: HashSet<&str> = ["07"].into_iter().collect();
        let mut issues = Issues::default();
        let origins = read_origins(&t, &refs, &provinces, &mut issues);
        let lines: Vec<Option<usize>> = issues.items.iter().map(|i| i.line).collect();
        assert_eq!(lines, [Some(4), Some(5)], "{:?}", issues.items);
        let kept: Vec<&str> = origins.iter().map(|o| o.area_id.as_str()).collect();
        assert_eq!(kept, ["07001", "00004"]);
        // A commune of a province the dataset covers but missing from areas.csv stays an
        // error: 00004 when the dataset covers Hà Nội.
        let provinces: HashSet<&str> = ["01", "07"].into_iter().collect();
        let mut issues = Issues::default();
        read_origins(&t, &refs, &provinces, &mut issues);
        assert_eq!(issues.items.len(), 3);
    }

    /// A required table with a header and no rows is one error on the file, not a cascade of
    /// unknown references; a required table with rows, or an optional one without, is not.
    #[test]
    fn a_required_table_with_only_a_header_is_named() {
        let csv = |file: &str, text: &str| {
            crate::load::table::read_csv(file, text.as_bytes(), &mut Issues::default()).unwrap()
        };
        let mut tables = std::collections::BTreeMap::new();
        tables.insert(
            "occupations".to_string(),
            csv(
                "occupations.csv",
                "code,name_vi,name_en,sector
",
            ),
        );
        tables.insert(
            "targets".to_string(),
            csv(
                "targets.csv",
                "indicator,year,value
",
            ),
        );
        let raw = RawDataset { tables, ..Default::default() };
        let mut issues = Issues::default();
        build(&raw, &[], &mut issues);
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["occupations.csv: the table has a header but no rows"]);
    }

    /// A history row is a share in a year, once per indicator and year: a percentage, an
    /// unknown indicator and a repeated year are errors at their row and column.
    #[test]
    fn history_rows_are_shares_once_per_indicator_and_year() {
        let text = "indicator,year,value,scope,source\ntrained,2023,0.652,,LFS\ncertified,2023,27.1,,LFS\n\
                    trained,2023,0.66,,report\npoverty,2024,0.05,,\ncertified,2024,0.281,,LFS\n";
        let t = crate::load::table::read_csv("history.csv", text.as_bytes(), &mut Issues::default()).unwrap();
        let mut issues = Issues::default();
        let history = read_history(&t, &mut issues);
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(shown[0].starts_with("history.csv:3:value: 27.1 is not a share"), "{shown:?}");
        assert!(
            shown[1].starts_with("history.csv:5:indicator: 'poverty' is not one of: trained, certified"),
            "{shown:?}"
        );
        assert_eq!(shown[2], "history.csv:4:year: duplicate row for trained / 2023 (first on line 2)");
        assert_eq!(history.len(), 3, "the row with a bad value is left out");
    }

    /// A year is a whole number from 1990 to 2100: 2030 is read, 2030.5, 1989 and 2101 are
    /// errors at their row.
    #[test]
    fn a_year_must_be_whole_and_between_1990_and_2100() {
        let text = "indicator,year,value\ntrained,2030,0.8\ntrained,2030.5,0.8\ntrained,1989,0.8\ntrained,2101,0.8\n\
                    trained,1990,0.8\n";
        let t = crate::load::table::read_csv("targets.csv", text.as_bytes(), &mut Issues::default()).unwrap();
        let mut issues = Issues::default();
        let targets = read_targets(&t, &mut issues);
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "targets.csv:3:year: expected a year such as 2025, found '2030.5'",
                "targets.csv:4:year: expected a year such as 2025, found '1989'",
                "targets.csv:5:year: expected a year such as 2025, found '2101'",
            ]
        );
        let years: Vec<i32> = targets.iter().map(|t| t.year).collect();
        assert!(years.contains(&2030) && years.contains(&1990), "{years:?}");
    }

    /// A labour force above the working age is possible (people work past retirement) but
    /// worth a look: a warning. Equal, below, or above the population (an error of its
    /// own), no warning.
    #[test]
    fn a_labour_force_above_the_working_age_is_warned() {
        let text = "area_id,name,province_id,urban,lat,lon,population,working_age,labour_force\n\
                    01001,A,01,false,19.1,105.7,10000,6000,6100\n\
                    01002,B,01,false,19.1,105.7,10000,6000,6000\n\
                    01003,C,01,false,19.1,105.7,10000,6000,5000\n";
        let t = crate::load::table::read_csv("areas.csv", text.as_bytes(), &mut Issues::default()).unwrap();
        let mut issues = Issues::default();
        read_areas(&t, &mut issues);
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["areas.csv:2:labour_force: warning: labour_force (6100) is above working_age (6000): the labour force \
                 counts people aged 15 and over, working age stops at retirement; check that the columns are not swapped"]
        );
    }

    /// Coordinates are read as written; outside Vietnam is a warning (naming a swap when
    /// the swapped pair is inside), outside the globe an error.
    #[test]
    fn coordinates_are_read_and_checked_against_vietnam() {
        let text = "facility_id,name,kind,ownership,area_id,lat,lon,capacity,annual_cost\n\
                    F1,A,centre,public,01001,19.25,105.75,100,1000\n\
                    F2,B,centre,public,01001,105.75,19.25,100,1000\n\
                    F3,C,centre,public,01001,1.5,105.75,100,1000\n";
        let t = crate::load::table::read_csv("facilities.csv", text.as_bytes(), &mut Issues::default()).unwrap();
        let refs = References { areas: None, provinces: None, occupations: None, facilities: None };
        let mut issues = Issues::default();
        let facilities = read_facilities(&t, &refs, &mut issues);
        let shown: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "facilities.csv:3:lat: latitude 105.75 is outside -90..90; lat and lon look swapped",
                "facilities.csv:4:lat: warning: (1.5, 105.75) is outside Vietnam (lat 8..24, lon 102..118)",
            ]
        );
        let at: Vec<(&str, f64, f64)> = facilities.iter().map(|f| (f.facility_id.as_str(), f.lat, f.lon)).collect();
        assert_eq!(at, [("F1", 19.25, 105.75), ("F3", 1.5, 105.75)]);
    }
}
