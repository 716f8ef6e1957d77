//! `tvetplan locate`: a location-allocation problem from plain tables, solved.
//!
//! [`run`] is the workflow, as `pipeline::run` is for `tvetplan run`: it reads the tables,
//! builds the problem, takes road distances when asked, solves and writes the JSON result.
//! The command line only turns its arguments into [`LocateOptions`] and prints.
//!
//! In: `demand.csv` (id, weight[, lat, lon]), `sites.csv` (id[, lat, lon][, capacity]
//! [, fixed_cost][, required]) and optionally `costs.csv` (demand_id, site_id, cost, long
//! format), as [`crate::schema`] defines them (`LOCATE_DEMAND`, `LOCATE_SITES`,
//! `LOCATE_COSTS`, also rendered in docs/data.md). Without `costs.csv` both tables need lat/lon and the cost is the great-circle
//! distance in km. Out: an [`optimise::Problem`], or every problem found in the tables.

use std::path::PathBuf;

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::error::{Error, Issues};
use crate::geometry::haversine_km;
use crate::load::{self, RawTable};
use crate::optimise::{self, Model, Problem, Solution, SolveOptions};
use crate::schema::{LOCATE_COSTS, LOCATE_DEMAND, LOCATE_SITES, Table};
use crate::validate::{parse_bool, parse_number};

/// What `tvetplan locate` is asked to do, as checked values.
#[derive(Debug, Clone)]
pub struct LocateOptions {
    /// Demand points: id, weight[, lat, lon].
    pub demand: PathBuf,
    /// Candidate sites: id[, lat, lon][, capacity][, fixed_cost][, required].
    pub sites: PathBuf,
    /// Costs in long format (default: great-circle km).
    pub costs: Option<PathBuf>,
    /// OpenStreetMap extract: the cost becomes the road distance in km.
    pub roads: Option<PathBuf>,
    pub model: Model,
    pub solve: SolveOptions,
    /// Where the JSON result is written; without it the caller prints [`LocateOutcome::json`].
    pub out: Option<PathBuf>,
    /// Replace `out` if it exists.
    pub force: bool,
}

/// What a `locate` run gives back to the command line.
#[derive(Debug)]
pub struct LocateOutcome {
    pub solution: Solution,
    /// The result as JSON (already written to `out` when one was given).
    pub json: Vec<u8>,
    /// One line about the road network, when `roads` was given.
    pub roads: Option<String>,
}

/// Reads the tables, builds and solves the problem, writes the result to `out` (if any).
pub fn run(opts: &LocateOptions) -> Result<LocateOutcome, Error> {
    if let Some(out) = &opts.out
        && out.exists()
        && !opts.force
    {
        return Err(Error::OutputExists(out.clone()));
    }
    let mut issues = Issues::default();
    let demand = load::read_table_file(&opts.demand, &mut issues)?;
    let sites = load::read_table_file(&opts.sites, &mut issues)?;
    let costs = match &opts.costs {
        Some(path) => load::read_table_file(path, &mut issues)?,
        None => None,
    };
    let (Some(demand), Some(sites)) = (demand, sites) else {
        return Err(Error::from_issues(issues));
    };
    if issues.has_errors() {
        return Err(Error::from_issues(issues));
    }
    let tables = LocateTables { demand, sites, costs };
    let mut problem = build_problem(&tables).map_err(Error::from_issues)?;
    let mut roads = None;
    if let Some(extract) = &opts.roads {
        let (demand_at, sites_at) = coordinates(&tables).ok_or_else(|| {
            Error::Usage("--roads needs lat and lon on every row of the demand and sites tables".into())
        })?;
        let times = crate::pipeline::roads::locate_costs(extract, &demand_at, &sites_at, &mut problem)?;
        roads = Some(crate::pipeline::roads::describe(&times));
    }
    let solution = optimise::solve(&problem, &opts.model, &opts.solve)?;
    let json = crate::report::json_bytes(&result(&problem, &solution));
    if let Some(path) = &opts.out {
        crate::report::write_file(path, &json, opts.force)?;
    }
    Ok(LocateOutcome { solution, json, roads })
}

/// The `locate` tables as read by `load`.
pub struct LocateTables {
    pub demand: RawTable,
    pub sites: RawTable,
    pub costs: Option<RawTable>,
}

struct Point {
    id: String,
    value: f64,
    lat: Option<f64>,
    lon: Option<f64>,
}

/// The index of column `name` of `t`, read as the `schema` table; a required column that is
/// missing is an error. A name not in the schema is a bug (it panics in the tests).
fn column(t: &RawTable, schema: &Table, name: &str, issues: &mut Issues) -> Option<usize> {
    let defined = schema.column(name).unwrap_or_else(|| panic!("{}: no column '{name}' in the schema", schema.name));
    let i = t.column_index(name);
    if i.is_none() && defined.is_required() {
        issues.error(&t.file, Some(1), Some(name), format!("missing required column '{name}'"));
    }
    i
}

fn cell(t: &RawTable, row: usize, col: Option<usize>) -> Option<&str> {
    t.rows[row].cells.get(col?)?.as_deref()
}

fn number_cell(t: &RawTable, row: usize, col: Option<usize>, name: &str, issues: &mut Issues) -> Option<f64> {
    let text = cell(t, row, col)?;
    match parse_number(text) {
        Ok(v) => Some(v),
        Err(why) => {
            issues.error(&t.file, Some(t.rows[row].line), Some(name), why);
            None
        }
    }
}

/// Reads id, a numeric column and optional lat/lon; checks ids are present and unique.
fn points(t: &RawTable, schema: &Table, value_column: &str, issues: &mut Issues) -> Vec<Point> {
    let value_required = schema.column(value_column).is_some_and(|c| c.is_required());
    let id = column(t, schema, "id", issues);
    let value = column(t, schema, value_column, issues);
    let (lat, lon) = (column(t, schema, "lat", issues), column(t, schema, "lon", issues));
    if id.is_none() || (value_required && value.is_none()) {
        return Vec::new();
    }
    let mut seen: HashMap<String, usize> = HashMap::default();
    let mut out = Vec::new();
    for r in 0..t.rows.len() {
        let line = t.rows[r].line;
        let Some(id_text) = cell(t, r, id) else {
            issues.error(&t.file, Some(line), Some("id"), "required value is empty");
            continue;
        };
        if let Some(first) = seen.insert(id_text.to_string(), line) {
            issues.error(&t.file, Some(line), Some("id"), format!("duplicate id '{id_text}' (first on line {first})"));
        }
        let v = number_cell(t, r, value, value_column, issues);
        if let Some(v) = v
            && v < 0.0
        {
            issues.error(&t.file, Some(line), Some(value_column), format!("must not be negative, found {v}"));
        }
        if value_required && v.is_none() && cell(t, r, value).is_none() {
            issues.error(&t.file, Some(line), Some(value_column), "required value is empty");
        }
        let lat_v = number_cell(t, r, lat, "lat", issues);
        let lon_v = number_cell(t, r, lon, "lon", issues);
        if lat_v.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
            issues.error(&t.file, Some(line), Some("lat"), "latitude is outside -90..90");
        }
        out.push(Point { id: id_text.to_string(), value: v.unwrap_or(0.0), lat: lat_v, lon: lon_v });
    }
    out
}

/// Builds the problem, or returns every problem found.
pub fn build_problem(tables: &LocateTables) -> Result<Problem, Issues> {
    let mut issues = Issues::default();
    let demand = points(&tables.demand, &LOCATE_DEMAND, "weight", &mut issues);
    let sites = points(&tables.sites, &LOCATE_SITES, "capacity", &mut issues);
    let s = &tables.sites;
    let capacity_col = column(s, &LOCATE_SITES, "capacity", &mut issues);
    let fixed_col = column(s, &LOCATE_SITES, "fixed_cost", &mut issues);
    let required_col = column(s, &LOCATE_SITES, "required", &mut issues);
    let mut fixed = Vec::new();
    let mut required = Vec::new();
    for r in 0..s.rows.len() {
        fixed.push(number_cell(s, r, fixed_col, "fixed_cost", &mut issues).unwrap_or(0.0));
        let flag = match cell(s, r, required_col) {
            None => false,
            Some(text) => parse_bool(text).unwrap_or_else(|| {
                issues.error(
                    &s.file,
                    Some(s.rows[r].line),
                    Some("required"),
                    format!("expected true or false, found '{text}'"),
                );
                false
            }),
        };
        required.push(flag);
    }
    let (n, m) = (demand.len(), sites.len());
    let mut cost = vec![f64::INFINITY; n * m];
    match &tables.costs {
        Some(costs) => fill_costs(costs, &demand, &sites, &mut cost, &mut issues),
        None => {
            let needs = |t: &RawTable, pts: &[Point], issues: &mut Issues| {
                if let Some(p) = pts.iter().find(|p| p.lat.is_none() || p.lon.is_none()) {
                    issues.error(
                        &t.file,
                        None,
                        None,
                        format!(
                            "'{}' has no lat/lon: give lat and lon for every row, or a costs.csv with --costs",
                            p.id
                        ),
                    );
                }
            };
            needs(&tables.demand, &demand, &mut issues);
            needs(&tables.sites, &sites, &mut issues);
            if !issues.has_errors() {
                for (i, d) in demand.iter().enumerate() {
                    for (j, site) in sites.iter().enumerate() {
                        cost[i * m + j] = haversine_km(
                            d.lat.unwrap_or_default(),
                            d.lon.unwrap_or_default(),
                            site.lat.unwrap_or_default(),
                            site.lon.unwrap_or_default(),
                        );
                    }
                }
            }
        }
    }
    if issues.has_errors() {
        return Err(issues);
    }
    Ok(Problem {
        demand_ids: demand.iter().map(|d| d.id.clone()).collect(),
        weights: demand.iter().map(|d| d.value).collect(),
        site_ids: sites.iter().map(|s| s.id.clone()).collect(),
        cost,
        capacity: capacity_col.map(|_| sites.iter().map(|s| s.value).collect()),
        fixed_cost: fixed_col.map(|_| fixed),
        required,
        groups: Vec::new(),
    })
}

fn fill_costs(costs: &RawTable, demand: &[Point], sites: &[Point], cost: &mut [f64], issues: &mut Issues) {
    let (d_col, s_col, c_col) = (
        column(costs, &LOCATE_COSTS, "demand_id", issues),
        column(costs, &LOCATE_COSTS, "site_id", issues),
        column(costs, &LOCATE_COSTS, "cost", issues),
    );
    if d_col.is_none() || s_col.is_none() || c_col.is_none() {
        return;
    }
    let d_index: HashMap<&str, usize> = demand.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let s_index: HashMap<&str, usize> = sites.iter().enumerate().map(|(j, s)| (s.id.as_str(), j)).collect();
    let m = sites.len();
    for r in 0..costs.rows.len() {
        let line = costs.rows[r].line;
        let d = cell(costs, r, d_col).unwrap_or("");
        let s = cell(costs, r, s_col).unwrap_or("");
        let Some(&i) = d_index.get(d) else {
            issues.error(
                &costs.file,
                Some(line),
                Some("demand_id"),
                format!("unknown demand '{d}' (not in the demand table)"),
            );
            continue;
        };
        let Some(&j) = s_index.get(s) else {
            issues.error(
                &costs.file,
                Some(line),
                Some("site_id"),
                format!("unknown site '{s}' (not in the sites table)"),
            );
            continue;
        };
        match number_cell(costs, r, c_col, "cost", issues) {
            Some(c) if c >= 0.0 => cost[i * m + j] = c,
            Some(c) => issues.error(&costs.file, Some(line), Some("cost"), format!("must not be negative, found {c}")),
            None if cell(costs, r, c_col).is_none() => {
                issues.error(&costs.file, Some(line), Some("cost"), "required value is empty");
            }
            None => {}
        }
    }
}

/// (lat, lon) of every demand point and site, in table order; `None` when a row has none
/// (then the costs come from `costs.csv`). Call after [`build_problem`] accepted the tables.
#[allow(clippy::type_complexity)]
pub(crate) fn coordinates(tables: &LocateTables) -> Option<(Vec<(f64, f64)>, Vec<(f64, f64)>)> {
    let mut ignored = Issues::default();
    let both = |pts: Vec<Point>| pts.into_iter().map(|p| Some((p.lat?, p.lon?))).collect::<Option<Vec<_>>>();
    let demand = both(points(&tables.demand, &LOCATE_DEMAND, "weight", &mut ignored))?;
    let sites = both(points(&tables.sites, &LOCATE_SITES, "capacity", &mut ignored))?;
    Some((demand, sites))
}

/// The JSON `locate --out` writes.
#[derive(Debug, Serialize)]
pub struct LocateResult {
    pub(crate) model: &'static str,
    pub(crate) objective: f64,
    pub(crate) sites: Vec<String>,
    pub(crate) assignment: Vec<AssignmentRow>,
    pub(crate) bound: Option<f64>,
    pub(crate) gap: Option<f64>,
    pub(crate) solver: String,
    pub(crate) method: crate::optimise::Method,
    pub(crate) status: crate::optimise::Status,
    pub(crate) seconds: f64,
    pub(crate) note: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct AssignmentRow {
    pub(crate) demand: String,
    pub(crate) site: String,
    pub(crate) share: f64,
}

pub fn result(problem: &Problem, solution: &Solution) -> LocateResult {
    let assignment = solution
        .assignment
        .iter()
        .enumerate()
        .flat_map(|(i, parts)| {
            parts.iter().map(move |&(j, share)| AssignmentRow {
                demand: problem.demand_ids[i].clone(),
                site: problem.site_ids[j].clone(),
                share: (share * 1e6).round() / 1e6,
            })
        })
        .collect();
    LocateResult {
        model: solution.model,
        objective: solution.objective,
        sites: solution.open.iter().map(|&j| problem.site_ids[j].clone()).collect(),
        assignment,
        bound: solution.bound,
        gap: solution.gap,
        solver: solution.solver.clone(),
        method: solution.method,
        status: solution.status,
        seconds: (solution.seconds * 1000.0).round() / 1000.0,
        note: solution.note.clone(),
    }
}
