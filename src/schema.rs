//! The input tables of a dataset, defined once: each table's name, file, what one row is,
//! and its columns (name, type, unit, whether required, one line of meaning).
//!
//! Everything that handles a table by its columns reads them from here, so a column cannot be
//! known to one part and unknown to another:
//! - `load` looks for the tables of [`TABLES`] (and [`LEARNERS`]) and reports the missing
//!   required ones;
//! - `validate` checks each table's header against its columns (missing required, unknown
//!   ignored with a warning), and each cell is read with a method of the column's [`Kind`]
//!   (a reader asking for a column that is not here, or with another type, is a bug that
//!   panics in the tests);
//! - `units::fill` takes the count columns it divides and the columns it fills from here;
//! - `generate` writes every column of the table, in this order;
//! - the column tables of `docs/data.md` are rendered from here ([`markdown`]), and a test
//!   checks that they are up to date.
//!
//! Plain data: no macro, no file access. Comes in: nothing; goes out: [`Table`]s.

use crate::model::{AreaKind, Code, FacilityKind, HistoryIndicator, Indicator, Level, Ownership, Sector};

/// One input table.
#[derive(Debug)]
pub struct Table {
    /// The table's name: the file's stem (`areas.csv`, `areas.parquet`) or the sheet of
    /// `dataset.xlsx`.
    pub name: &'static str,
    /// The file named in messages when the table is missing.
    pub file: &'static str,
    /// Whether every dataset must have it.
    pub required: bool,
    /// What one row is ("commune").
    pub row: &'static str,
    /// One line: what the table holds.
    pub description: &'static str,
    pub columns: &'static [Column],
}

/// One column of a table.
#[derive(Debug)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub need: Need,
    /// Filled from the official administrative units when missing (`areas` only).
    pub filled: bool,
    /// Unit of the values, where they have one ("million VND / year", "minutes").
    pub unit: Option<&'static str>,
    /// One line: what the column means.
    pub description: &'static str,
}

/// The type of a column's values, as `validate` reads them.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// An identifier kept as text (leading zeros matter): commune, facility, occupation.
    Code,
    /// Free text.
    Text,
    /// One of a fixed list of words, case-insensitive; the function lists them.
    Choice(fn() -> Vec<&'static str>),
    /// true/false (also yes/no, 1/0, x, có/không).
    Bool,
    /// A count of people, places or openings: whole and non-negative.
    Count,
    /// A non-negative number that may have decimals (money, minutes).
    Amount,
    /// A share between 0 and 1.
    Share,
    /// A calendar year, 1990..=2100.
    Year,
    /// Degrees of latitude or longitude (WGS84).
    Degrees,
}

impl Kind {
    /// How the type reads in the documentation.
    pub fn label(self) -> String {
        match self {
            Kind::Code => "code".into(),
            Kind::Text => "text".into(),
            Kind::Choice(names) => names().iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" / "),
            Kind::Bool => "true/false".into(),
            Kind::Count => "count".into(),
            Kind::Amount => "number ≥ 0".into(),
            Kind::Share => "share 0..1".into(),
            Kind::Year => "year".into(),
            Kind::Degrees => "degrees".into(),
        }
    }
}

/// Whether a table must have a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The header must have it, and every row a value.
    Required,
    /// May be left out, or left empty on any row.
    Optional,
    /// Required unless the other column named here is given instead (a `demand` row is on
    /// a commune or on a province).
    Either(&'static str),
}

impl Column {
    /// Whether the header must have this column. A column the official units fill in is
    /// required all the same: it is filled before the check.
    pub fn is_required(&self) -> bool {
        self.need == Need::Required
    }
}

const fn column(name: &'static str, kind: Kind, need: Need, description: &'static str) -> Column {
    Column { name, kind, need, filled: false, unit: None, description }
}

const fn required(name: &'static str, kind: Kind, description: &'static str) -> Column {
    column(name, kind, Need::Required, description)
}

const fn optional(name: &'static str, kind: Kind, description: &'static str) -> Column {
    column(name, kind, Need::Optional, description)
}

impl Column {
    const fn unit(self, unit: &'static str) -> Column {
        Column { unit: Some(unit), ..self }
    }

    const fn filled(self) -> Column {
        Column { filled: true, ..self }
    }
}

fn names<T: Code>() -> Vec<&'static str> {
    T::NAMES.iter().map(|(name, _)| *name).collect()
}

/// What became of a learner (`learners.parquet`), as `load::learners` counts them.
pub const OUTCOMES: [&str; 5] = ["dropped", "graduated", "certified", "employed", "certified_employed"];

fn outcomes() -> Vec<&'static str> {
    OUTCOMES.to_vec()
}

use Kind::{Amount, Bool, Choice, Count, Degrees, Share, Text, Year};

pub const AREAS: Table = Table {
    name: "areas",
    file: "areas.csv",
    required: true,
    row: "commune (xã, phường, đặc khu)",
    description: "the communes of the planning area and their population and labour statistics",
    columns: &[
        required("area_id", Kind::Code, "commune code (keep leading zeros)"),
        required("name", Text, "e.g. `Xã Yên Thành`").filled(),
        required("province_id", Kind::Code, "province code").filled(),
        optional("province_name", Text, "e.g. `Tỉnh Lam Hồng`").filled(),
        optional("kind", Choice(names::<AreaKind>), "commune, ward or special zone").filled(),
        required("urban", Bool, "urban ward (used for urban unemployment and the urban/rural split)").filled(),
        optional(
            "difficult",
            Bool,
            "extremely difficult or mountain commune: 5 km reach instead of 15, mountain travel speed",
        ),
        required("lat", Degrees, "latitude of the commune centre, WGS84").filled(),
        required("lon", Degrees, "longitude of the commune centre, WGS84").filled(),
        required("population", Count, "people living in the commune").unit("people"),
        optional("working_age", Count, "people of working age").unit("people"),
        required("labour_force", Count, "people aged 15+ in the labour force").unit("people"),
        optional("unemployed", Count, "unemployed people in the labour force").unit("people"),
        optional("trained", Count, "workers with any training (broad indicator)").unit("people"),
        optional("certified", Count, "workers with a diploma or certificate (must not exceed `trained`)")
            .unit("people"),
        optional("households", Count, "households in the commune").unit("households"),
        optional("poor_households", Count, "poor households now").unit("households"),
        optional("poor_households_prev", Count, "poor households one year earlier (for the yearly poverty reduction)")
            .unit("households"),
    ],
};

pub const FACILITIES: Table = Table {
    name: "facilities",
    file: "facilities.csv",
    required: true,
    row: "training facility",
    description: "the vocational-training facilities, where they stand, their size and cost",
    columns: &[
        required("facility_id", Kind::Code, "facility code"),
        required("name", Text, "name of the facility"),
        required("kind", Choice(names::<FacilityKind>), "type of school"),
        required("ownership", Choice(names::<Ownership>), "who owns it"),
        optional("self_financing", Bool, "self-financing public school (not counted in the \"3 public schools\" cap)"),
        required("area_id", Kind::Code, "commune where it stands"),
        required("lat", Degrees, "latitude, WGS84"),
        required("lon", Degrees, "longitude, WGS84"),
        required("capacity", Count, "training places per year").unit("places / year"),
        optional("teachers", Count, "teaching staff").unit("teachers"),
        required("annual_cost", Amount, "running cost").unit("million VND / year"),
        optional("fixed_cost", Amount, "saved per year if the facility closes (default: the annual cost)")
            .unit("million VND / year"),
    ],
};

pub const PROGRAMS: Table = Table {
    name: "programs",
    file: "programs.csv",
    required: true,
    row: "programme (facility x occupation x level)",
    description: "the programmes each facility offers and their places",
    columns: &[
        required("facility_id", Kind::Code, "facility (code in `facilities`)"),
        required("occupation", Kind::Code, "occupation (code in `occupations`)"),
        required("level", Choice(names::<Level>), "training level"),
        required("places", Count, "training places of the programme").unit("places / year"),
    ],
};

pub const ENROLMENT: Table = Table {
    name: "enrolment",
    file: "enrolment.csv",
    required: true,
    row: "facility x occupation x level x year",
    description: "learners taken in and their outcomes, by programme and year",
    columns: &[
        required("year", Year, "school year the intake started"),
        required("facility_id", Kind::Code, "facility (code in `facilities`)"),
        required("occupation", Kind::Code, "occupation (code in `occupations`)"),
        required("level", Choice(names::<Level>), "training level"),
        required("intake", Count, "learners taken in").unit("learners"),
        optional("graduates", Count, "learners who completed (at most the intake)").unit("learners"),
        optional("certified", Count, "graduates with a diploma or certificate").unit("learners"),
        optional("employed_6m", Count, "graduates employed six months after training").unit("learners"),
        optional("rural", Count, "learners of the intake from rural communes").unit("learners"),
        optional("female", Count, "women among the intake").unit("learners"),
        optional("ethnic_minority", Count, "ethnic-minority learners among the intake").unit("learners"),
        optional("poor", Count, "learners from poor households among the intake").unit("learners"),
    ],
};

pub const DEMAND: Table = Table {
    name: "demand",
    file: "demand.csv",
    required: true,
    row: "commune (or province) x occupation x year",
    description: "labour-market openings for trained workers",
    columns: &[
        required("year", Year, "year of the openings"),
        column(
            "area_id",
            Kind::Code,
            Need::Either("province_id"),
            "commune of the openings (give this or `province_id`)",
        ),
        column(
            "province_id",
            Kind::Code,
            Need::Either("area_id"),
            "province of province-wide openings, spread over its communes by labour force",
        ),
        required("occupation", Kind::Code, "occupation (code in `occupations`)"),
        required("openings", Count, "jobs to fill with trained workers").unit("openings / year"),
        optional("level", Choice(names::<Level>), "training level asked for"),
        optional("source", Text, "where the figure comes from"),
    ],
};

pub const OCCUPATIONS: Table = Table {
    name: "occupations",
    file: "occupations.csv",
    required: true,
    row: "training occupation",
    description: "the crosswalk of training occupations",
    columns: &[
        required("code", Kind::Code, "occupation code (as in the national list of training occupations)"),
        required("name_vi", Text, "Vietnamese name"),
        required("name_en", Text, "English name"),
        required("sector", Choice(names::<Sector>), "economic sector"),
        optional(
            "isco",
            Kind::Code,
            "ISCO-08 code (2 to 4 digits; alignment groups by its first 2), or a crosswalk when the training code spans groups: `7531:0.6; 8153:0.4` (shares adding up to 1) or `7531; 8153` (equal parts)",
        ),
    ],
};

pub const TARGETS: Table = Table {
    name: "targets",
    file: "targets.csv",
    required: false,
    row: "target",
    description: "the province's targets",
    columns: &[
        required("indicator", Choice(names::<Indicator>), "what the target is on"),
        required("year", Year, "year the target is due"),
        required("value", Share, "the target (0.75 = 75%; poverty_reduction: share points per year)"),
        optional("scope", Text, "where the target applies"),
        optional("source", Text, "the decision or plan that sets it"),
    ],
};

pub const HISTORY: Table = Table {
    name: "history",
    file: "history.csv",
    required: false,
    row: "indicator x year",
    description: "published past values of the indicators (labour-force survey, statistical yearbook, the \
                  province's reports): shown beside the projection, which is calibrated to them",
    columns: &[
        required("indicator", Choice(names::<HistoryIndicator>), "what the value is of"),
        required("year", Year, "year the value was observed"),
        required("value", Share, "the observed share (0.652 = 65.2%)"),
        optional("scope", Text, "province code the value is for (empty: the whole dataset)"),
        optional("source", Text, "publication the value comes from (say when it is an estimate)"),
    ],
};

pub const TRAVEL: Table = Table {
    name: "travel",
    file: "travel.csv",
    required: false,
    row: "commune x facility",
    description: "measured travel times, replacing the estimated ones",
    columns: &[
        required("area_id", Kind::Code, "commune (code in `areas`)"),
        required("facility_id", Kind::Code, "facility (code in `facilities`)"),
        required("minutes", Amount, "travel time from the commune centre to the facility").unit("minutes"),
    ],
};

pub const SUCCESSION: Table = Table {
    name: "succession",
    file: "succession.csv",
    required: false,
    row: "old commune code x new commune",
    description: "old to new commune codes (2025 re-organisation)",
    columns: &[
        required("old_id", Kind::Code, "commune code before the re-organisation"),
        required("new_id", Kind::Code, "commune it went into (code in `areas`)"),
        optional("share", Share, "share of the old commune going to the new one (default 1)"),
        optional("effective", Text, "date the change took effect"),
    ],
};

pub const ORIGINS: Table = Table {
    name: "origins",
    file: "origins.csv",
    required: false,
    row: "facility x home commune x year",
    description: "where each facility's learners live (aggregated from `learners.parquet` when given)",
    columns: &[
        required("year", Year, "school year"),
        required("facility_id", Kind::Code, "facility (code in `facilities`)"),
        required("area_id", Kind::Code, "home commune of the learners (code in `areas`)"),
        required("learners", Count, "learners of the facility living there").unit("learners"),
    ],
};

/// Learner records: read by streaming (never as a whole table) and aggregated into
/// `enrolment` and `origins`, so not one of [`TABLES`].
pub const LEARNERS: Table = Table {
    name: "learners",
    file: "learners.parquet",
    required: false,
    row: "learner",
    description: "learner records (large data), instead of `enrolment`",
    columns: &[
        required("year", Year, "school year the learner started"),
        required("facility_id", Kind::Code, "facility (code in `facilities`)"),
        required("occupation", Kind::Code, "occupation (code in `occupations`)"),
        required("level", Choice(names::<Level>), "training level"),
        required("home_area_id", Kind::Code, "home commune (code in `areas`)"),
        required("outcome", Choice(outcomes), "what became of the learner"),
        optional("female", Bool, "a woman"),
        optional("rural", Bool, "from a rural commune"),
        optional("poor", Bool, "from a poor household"),
        optional("ethnic_minority", Bool, "from an ethnic minority"),
    ],
};

/// `tvetplan locate --demand FILE`: plain points rather than communes. The three `LOCATE_`
/// tables are read by `locate` alone, with their own files named on the command line.
pub const LOCATE_DEMAND: Table = Table {
    name: "locate_demand",
    file: "the file of locate --demand",
    required: true,
    row: "demand point",
    description: "for `tvetplan locate`: the points to serve and their weight",
    columns: &[
        required("id", Kind::Code, "point id, unique in the table"),
        required("weight", Amount, "demand to serve (people, learners)"),
        optional("lat", Degrees, "latitude, WGS84 (needed without a costs table)"),
        optional("lon", Degrees, "longitude, WGS84 (needed without a costs table)"),
    ],
};

/// `tvetplan locate --sites FILE`: the candidate sites.
pub const LOCATE_SITES: Table = Table {
    name: "locate_sites",
    file: "the file of locate --sites",
    required: true,
    row: "candidate site",
    description: "for `tvetplan locate`: the sites that may be opened",
    columns: &[
        required("id", Kind::Code, "site id, unique in the table"),
        optional("lat", Degrees, "latitude, WGS84 (needed without a costs table)"),
        optional("lon", Degrees, "longitude, WGS84 (needed without a costs table)"),
        optional("capacity", Amount, "most demand the site can serve (CFLP)"),
        optional("fixed_cost", Amount, "cost of opening the site (CFLP)"),
        optional("required", Bool, "the site must be open"),
    ],
};

/// `tvetplan locate --costs FILE`: the cost of each pair, long format.
pub const LOCATE_COSTS: Table = Table {
    name: "locate_costs",
    file: "the file of locate --costs",
    required: false,
    row: "pair of a demand point and a site",
    description: "for `tvetplan locate`: the cost of serving a point from a site, instead of the great-circle km",
    columns: &[
        required("demand_id", Kind::Code, "id of the demand table"),
        required("site_id", Kind::Code, "id of the sites table"),
        required("cost", Amount, "cost of serving the point from the site (km, minutes, money)"),
    ],
};

/// The tables of `tvetplan locate`.
pub const LOCATE_TABLES: [&Table; 3] = [&LOCATE_DEMAND, &LOCATE_SITES, &LOCATE_COSTS];

/// The tables a dataset gives as a CSV or Parquet file or a sheet of `dataset.xlsx`, in the
/// order they are looked for and checked.
pub const TABLES: [&Table; 11] = [
    &AREAS,
    &FACILITIES,
    &PROGRAMS,
    &ENROLMENT,
    &DEMAND,
    &OCCUPATIONS,
    &TARGETS,
    &HISTORY,
    &TRAVEL,
    &SUCCESSION,
    &ORIGINS,
];

/// The table of this name among [`TABLES`], [`LEARNERS`] and [`LOCATE_TABLES`].
pub fn table(name: &str) -> Option<&'static Table> {
    documented().into_iter().find(|t| t.name == name)
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The names of the columns, in order.
    pub fn column_names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }

    /// The names of the columns for which `keep` holds, in order.
    pub fn names_where(&self, keep: impl Fn(&Column) -> bool) -> Vec<&'static str> {
        self.columns.iter().filter(|c| keep(c)).map(|c| c.name).collect()
    }
}

/// The column table of `docs/data.md` for `table`: column (required in bold; ¹ filled from
/// the official units, ² optional and filled from them; "(or x)" for a pair of which one is
/// required), type, unit, meaning.
pub fn markdown(table: &Table) -> String {
    let mut out = String::from("| column | type | unit | meaning |\n|---|---|---|---|\n");
    for c in table.columns {
        let name = match c.need {
            Need::Required if c.filled => format!("{} ¹", c.name),
            Need::Required => format!("**{}**", c.name),
            Need::Either(other) => format!("**{}** (or {other})", c.name),
            Need::Optional if c.filled => format!("{} ²", c.name),
            Need::Optional => c.name.to_string(),
        };
        out.push_str(&format!("| {name} | {} | {} | {} |\n", c.kind.label(), c.unit.unwrap_or(""), c.description));
    }
    out
}

/// The section of `docs/data.md` for `table`: a heading, the description, the columns.
pub fn section(table: &Table) -> String {
    let need = if table.required { "Required table" } else { "Optional table" };
    let mut description = table.description.to_string();
    if let Some(first) = description.get(..1) {
        description.replace_range(..1, &first.to_uppercase());
    }
    format!("### `{}` — one row per {}\n\n{description}. {need}.\n\n{}", table.name, table.row, markdown(table))
}

/// The tables `docs/data.md` documents, in its order.
pub fn documented() -> Vec<&'static Table> {
    TABLES.into_iter().chain([&LEARNERS]).chain(LOCATE_TABLES).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEGIN: &str = "<!-- schema: ";
    const END: &str = "<!-- /schema -->";

    /// `docs/data.md` with every schema block replaced by its section rendered from the
    /// schema, and the tables it had blocks for, in order.
    fn rendered_docs(docs: &str) -> (String, Vec<String>) {
        let mut out = String::new();
        let mut names = Vec::new();
        let mut rest = docs;
        while let Some(start) = rest.find(BEGIN) {
            let marker_end = start + rest[start..].find("-->").expect("a schema marker ends with -->") + 3;
            let name = rest[start + BEGIN.len()..].split_whitespace().next().expect("a table name").to_string();
            let end = rest[marker_end..].find(END).expect("a schema block ends with <!-- /schema -->") + marker_end;
            out.push_str(&rest[..marker_end]);
            out.push('\n');
            match table(&name) {
                Some(t) => out.push_str(&section(t)),
                None => out.push_str(&format!("(no table '{name}' in src/schema.rs)\n")),
            }
            names.push(name);
            rest = &rest[end..];
        }
        out.push_str(rest);
        (out, names)
    }

    /// The column tables of docs/data.md are the schema's: generated from it, between
    /// `<!-- schema: NAME -->` and `<!-- /schema -->`, one block per table. With
    /// `UPDATE_SNAPSHOTS=1` the test rewrites the blocks.
    #[test]
    fn docs_data_md_lists_exactly_the_schemas_tables_and_columns() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/data.md");
        let docs = std::fs::read_to_string(&path).expect("docs/data.md");
        let (expected, names) = rendered_docs(&docs);
        let wanted: Vec<String> = documented().iter().map(|t| t.name.to_string()).collect();
        assert_eq!(names, wanted, "docs/data.md must have one schema block per table, in the schema's order");
        if expected != docs && std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, &expected).expect("write docs/data.md");
            return;
        }
        let differing: Vec<String> = docs
            .lines()
            .zip(expected.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| format!("line {}:\n  docs:   {a}\n  schema: {b}", i + 1))
            .take(5)
            .collect();
        assert!(
            expected == docs,
            "docs/data.md is out of date with src/schema.rs (UPDATE_SNAPSHOTS=1 cargo test --release --lib schema \
             rewrites it):\n{}",
            differing.join("\n")
        );
    }

    #[test]
    fn a_stale_docs_block_is_replaced_and_an_unknown_one_named() {
        let docs =
            "intro\n<!-- schema: travel -->\nold\n<!-- /schema -->\nafter\n<!-- schema: nope -->\n<!-- /schema -->\n";
        let (out, names) = rendered_docs(docs);
        assert_eq!(names, ["travel", "nope"]);
        assert!(out.starts_with("intro\n<!-- schema: travel -->\n### `travel` — one row per commune x facility\n\n"));
        assert!(out.contains("| **minutes** | number ≥ 0 | minutes | travel time"), "{out}");
        assert!(out.contains("|\n<!-- /schema -->\nafter\n"), "{out}");
        assert!(out.contains("(no table 'nope' in src/schema.rs)\n<!-- /schema -->"), "{out}");
        assert!(!out.contains("old"));
    }

    #[test]
    fn every_table_has_distinct_columns_and_a_file_named_after_it() {
        for t in TABLES.into_iter().chain([&LEARNERS]) {
            let mut names = t.column_names();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), t.columns.len(), "{}: a column twice", t.name);
            assert!(t.file.starts_with(&format!("{}.", t.name)), "{}", t.file);
            assert!(t.columns.iter().any(Column::is_required), "{}: no required column", t.name);
        }
    }

    #[test]
    fn an_either_column_names_a_column_that_names_it_back() {
        for t in TABLES {
            for c in t.columns {
                if let Need::Either(other) = c.need {
                    assert_eq!(t.column(other).map(|o| o.need), Some(Need::Either(c.name)), "{}.{}", t.name, c.name);
                }
            }
        }
    }

    #[test]
    fn a_column_renders_with_its_need_type_and_unit() {
        let text = markdown(&FACILITIES);
        assert!(text.starts_with("| column | type | unit | meaning |\n|---|---|---|---|\n| **facility_id** | code |"));
        assert!(
            text.contains("| **kind** | `college` / `intermediate` / `centre` / `vocational_secondary` / `other` |")
        );
        assert!(text.contains("| fixed_cost | number ≥ 0 | million VND / year | saved per year"));
        let areas = markdown(&AREAS);
        assert!(areas.contains("| name ¹ | text |  | e.g. `Xã Yên Thành` |"), "{areas}");
        assert!(areas.contains("| kind ² | `xa` / `phuong` / `dac_khu` |"), "{areas}");
        assert!(markdown(&DEMAND).contains("| **area_id** (or province_id) | code |"));
    }

    #[test]
    fn tables_are_found_by_name() {
        assert_eq!(table("learners").map(|t| t.file), Some("learners.parquet"));
        assert_eq!(table("demand").map(|t| t.columns.len()), Some(7));
        assert!(table("dataset").is_none());
    }
}
