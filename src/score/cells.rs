//! Alignment in people: labour-market entrants against openings, in cells a province's data
//! can fill (`docs/METHODOLOGY.md`, section 2).
//!
//! A cell is an occupation group (the ISCO-08 sub-major group, 2 digits, of the occupations
//! table's `isco`; a crosswalk splits a training code spanning groups) x a level group
//! (college and intermediate; elementary and short). In each cell:
//!
//! - **entrants** E = graduates x (1 - continuing study - already employed and upskilling -
//!   leaving the province), with low and high from the shares' ranges;
//! - **openings** O = the base year's openings (`demand.csv`), a row without a level split
//!   between the level groups by an assumed share (with its range);
//! - **unmet openings** U = max(0, O - E) and **unplaced entrants** X = max(0, E - O), in
//!   people; the low and high ends pair the ends of E and O that make them smallest and largest,
//!   so the province's sums are outer bounds;
//! - **status**: shortage only when even the highest entrants stay below `shortage_below` x
//!   the lowest openings, surplus only when the lowest entrants exceed `surplus_above` x the
//!   highest openings, otherwise uncertain (a convention of this tool, not an ILO rule);
//! - employment after six months beside each cell, as the check.
//!
//! Short courses in farming (ISCO major group 6 at the elementary and short level) mostly
//! train people for their own farm: they are reported apart, judged by their outcome, and
//! stay out of U, X and D.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::ScoreSettings;
use crate::check::Checks;
use crate::model::{Dataset, Demand, Enrolment, Level, isco_groups};
use crate::settings::Share;

/// The shares of a level group's graduates who do not enter the labour market looking for a
/// job in the trade: each a central value with a [low, high] range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct NonEntrantShares {
    /// Continuing to a higher level (intermediate to college, "liên thông").
    pub(crate) continuing_study: Share,
    pub(crate) continuing_study_range: [Share; 2],
    /// Already employed, training to upskill or to be certified for their own job.
    pub(crate) already_employed: Share,
    pub(crate) already_employed_range: [Share; 2],
}

impl Default for NonEntrantShares {
    fn default() -> Self {
        NonEntrantShares::FORMAL
    }
}

impl NonEntrantShares {
    /// College and intermediate: an assumption (no provincial tracer data), 10% continuing
    /// (5-20%) and 5% already employed (0-15%).
    const FORMAL: NonEntrantShares = NonEntrantShares {
        continuing_study: Share::constant(0.10),
        continuing_study_range: [Share::constant(0.05), Share::constant(0.20)],
        already_employed: Share::constant(0.05),
        already_employed_range: [Share::constant(0.0), Share::constant(0.15)],
    };
    /// Elementary and short courses: an assumption, none continuing (0-5%) and 40% already
    /// employed (20-60%): most short-course learners are workers re-training.
    const SHORT: NonEntrantShares = NonEntrantShares {
        continuing_study: Share::constant(0.0),
        continuing_study_range: [Share::constant(0.0), Share::constant(0.05)],
        already_employed: Share::constant(0.40),
        already_employed_range: [Share::constant(0.20), Share::constant(0.60)],
    };

    fn check(&self, c: &mut Checks) {
        let ranges = [
            ("continuing_study_range", "continuing_study", self.continuing_study_range, self.continuing_study),
            ("already_employed_range", "already_employed", self.already_employed_range, self.already_employed),
        ];
        for (key, name, range, v) in ranges {
            let [low, high] = range.map(Share::get);
            c.range(key, [low, high], |_, _, _| {});
            if !(low..=high).contains(&v.get()) {
                c.problem(key, format!("[{low}, {high}] must contain {name} {}: set both", v.get()));
            }
        }
    }
}

/// How graduates become entrants and openings fall into level groups.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct EntrantSettings {
    pub(crate) college_intermediate: NonEntrantShares,
    pub(crate) elementary_short: NonEntrantShares,
    /// Share of the openings without a level that ask for a college or intermediate
    /// diploma: an assumption (0.3, range 0.15-0.5); give `level` in `demand.csv` to replace
    /// it.
    pub(crate) openings_formal_share: Share,
    pub(crate) openings_formal_share_range: [Share; 2],
}

impl Default for EntrantSettings {
    fn default() -> Self {
        EntrantSettings {
            college_intermediate: NonEntrantShares::FORMAL,
            elementary_short: NonEntrantShares::SHORT,
            openings_formal_share: Share::constant(0.3),
            openings_formal_share_range: [Share::constant(0.15), Share::constant(0.5)],
        }
    }
}

impl EntrantSettings {
    /// Each range contains its central value. Shares adding up to more than 1 leave no
    /// entrant ([`entrant_factor`] stops at 0): a possible end of a range, not an error.
    pub(crate) fn check(&self, c: &mut Checks) {
        c.section("college_intermediate", |c| self.college_intermediate.check(c));
        c.section("elementary_short", |c| self.elementary_short.check(c));
        let [low, high] = self.openings_formal_share_range.map(Share::get);
        c.range("openings_formal_share_range", [low, high], |_, _, _| {});
        let v = self.openings_formal_share.get();
        if !(low..=high).contains(&v) {
            c.problem(
                "openings_formal_share_range",
                format!("[{low}, {high}] must contain openings_formal_share {v}: set both"),
            );
        }
    }

    fn shares(&self, group: LevelGroup) -> &NonEntrantShares {
        match group {
            LevelGroup::CollegeIntermediate => &self.college_intermediate,
            LevelGroup::ElementaryShort => &self.elementary_short,
        }
    }
}

/// A figure with its low and high ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) struct Ranged {
    pub(crate) central: f64,
    pub(crate) low: f64,
    pub(crate) high: f64,
}

impl Ranged {
    pub(crate) fn new(central: f64, low: f64, high: f64) -> Ranged {
        Ranged { central, low, high }
    }

    pub(crate) fn scale(self, factor: f64) -> Ranged {
        Ranged::new(self.central * factor, self.low * factor, self.high * factor)
    }

    pub(crate) fn add(&mut self, other: Ranged) {
        self.central += other.central;
        self.low += other.low;
        self.high += other.high;
    }
}

/// The two level groups: what a province's tracer and demand data can tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum LevelGroup {
    CollegeIntermediate,
    ElementaryShort,
}

impl LevelGroup {
    pub(crate) const ALL: [LevelGroup; 2] = [LevelGroup::CollegeIntermediate, LevelGroup::ElementaryShort];

    pub(crate) fn of(level: Level) -> LevelGroup {
        if level.is_formal() { LevelGroup::CollegeIntermediate } else { LevelGroup::ElementaryShort }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            LevelGroup::CollegeIntermediate => "college_intermediate",
            LevelGroup::ElementaryShort => "elementary_short",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CellStatus {
    Shortage,
    Surplus,
    Uncertain,
    /// Farming short courses: judged by their graduates' outcome, not against openings.
    JudgedByOutcome,
}

impl CellStatus {
    pub(crate) fn name(self) -> &'static str {
        match self {
            CellStatus::Shortage => "shortage",
            CellStatus::Surplus => "surplus",
            CellStatus::Uncertain => "uncertain",
            CellStatus::JudgedByOutcome => "judged_by_outcome",
        }
    }
}

/// One occupation group at one level group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct GroupCell {
    /// The ISCO-08 sub-major group (2 digits), or the training code of an occupation without
    /// ISCO.
    pub(crate) group: String,
    pub(crate) level_group: LevelGroup,
    /// The training codes in the group (occupations table order).
    pub(crate) occupations: Vec<String>,
    pub(crate) graduates: f64,
    pub(crate) entrants: Ranged,
    pub(crate) openings: Ranged,
    /// Openings at the horizon (central).
    pub(crate) openings_horizon: f64,
    /// The `source` of the openings' rows (empty: not given), sorted.
    pub(crate) sources: Vec<String>,
    /// None for the cells judged by outcome.
    pub(crate) unmet_openings: Option<Ranged>,
    pub(crate) unplaced_entrants: Option<Ranged>,
    pub(crate) status: CellStatus,
    /// Employed after six months, and the graduates of the rows that give it.
    pub(crate) employed_6m: f64,
    pub(crate) graduates_tracked: f64,
    /// Employed after six months over graduates, over the rows that give both.
    pub(crate) employed_6m_rate: Option<f64>,
    /// A shortage (or a farming short course) whose graduates' employment is below the
    /// level group's norm: the status and the check disagree.
    pub(crate) low_employment: bool,
}

/// The sums of a set of compared cells.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub(crate) struct CellTotals {
    pub(crate) graduates: f64,
    pub(crate) entrants: Ranged,
    pub(crate) openings: Ranged,
    pub(crate) unmet_openings: Ranged,
    pub(crate) unplaced_entrants: Ranged,
    /// D over the cells, entrants against openings (central values).
    pub(crate) dissimilarity: Option<f64>,
    /// The D expected from sampling noise alone, were the entrants drawn with exactly the
    /// openings' mix.
    pub(crate) dissimilarity_noise: Option<f64>,
    pub(crate) shortage_cells: usize,
    pub(crate) surplus_cells: usize,
    pub(crate) uncertain_cells: usize,
    pub(crate) employed_6m_rate: Option<f64>,
}

/// Alignment by cell with its sums: the province, each level group, and the farming short
/// courses reported apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct GroupAlignment {
    pub(crate) cells: Vec<GroupCell>,
    pub(crate) province: CellTotals,
    pub(crate) by_level: Vec<(LevelGroup, CellTotals)>,
    /// Graduates and employment of the farming short courses (no openings compared).
    pub(crate) farm_short_courses: CellTotals,
}

/// The share of a level group's graduates entering the labour market: central, low, high.
pub(crate) fn entrant_factor(settings: &ScoreSettings, group: LevelGroup) -> Ranged {
    let s = settings.entrants.shares(group);
    let p = &settings.projection;
    let leaving = 1.0 - p.retention.get();
    let [retention_low, retention_high] = p.retention_range.map(Share::get);
    let [continuing_low, continuing_high] = s.continuing_study_range.map(Share::get);
    let [employed_low, employed_high] = s.already_employed_range.map(Share::get);
    let factor = |continuing: f64, employed: f64, leaving: f64| (1.0 - continuing - employed - leaving).max(0.0);
    Ranged::new(
        factor(s.continuing_study.get(), s.already_employed.get(), leaving),
        factor(continuing_high, employed_high, 1.0 - retention_low),
        factor(continuing_low, employed_low, 1.0 - retention_high),
    )
}

/// ISCO major group 6 (skilled agricultural, forestry and fishery workers) at the elementary
/// and short level: mostly farmers training for their own farm.
pub(crate) fn judged_by_outcome(group: &str, level: LevelGroup) -> bool {
    level == LevelGroup::ElementaryShort && group.len() == 2 && group.starts_with('6')
}

#[derive(Default)]
struct CellInput {
    occupations: Vec<String>,
    graduates: f64,
    employed: f64,
    graduates_tracked: f64,
    openings: Ranged,
    openings_horizon: f64,
    sources: Vec<String>,
}

/// The groups of each occupation (its ISCO crosswalk, else its own code).
pub(crate) fn occupation_groups(ds: &Dataset) -> Vec<Vec<(String, f64)>> {
    ds.occupations
        .iter()
        .map(|o| o.isco.as_deref().and_then(|t| isco_groups(t).ok()).unwrap_or_else(|| vec![(o.code.clone(), 1.0)]))
        .collect()
}

/// Alignment in people for the base year; `growth_factor` grows each occupation's openings
/// to the horizon.
pub(crate) fn group_alignment(
    ds: &Dataset,
    base_year: i32,
    growth_factor: &[f64],
    settings: &ScoreSettings,
) -> GroupAlignment {
    let cells =
        cells_where(ds, base_year, growth_factor, settings, ds.enrolment.iter(), ds.demand.iter().map(|d| (d, 1.0)));
    summarise(cells)
}

/// The cells and their sums.
pub(crate) fn summarise(cells: Vec<GroupCell>) -> GroupAlignment {
    let compared = |c: &&GroupCell| c.status != CellStatus::JudgedByOutcome;
    let province = totals(cells.iter().filter(compared));
    let by_level =
        LevelGroup::ALL.map(|l| (l, totals(cells.iter().filter(compared).filter(|c| c.level_group == l)))).to_vec();
    let farm_short_courses = totals(cells.iter().filter(|c| c.status == CellStatus::JudgedByOutcome));
    GroupAlignment { cells, province, by_level, farm_short_courses }
}

/// The cells of the base year from these enrolment rows and these demand rows, each with
/// the share of its openings that counts (1 for the province; a zone's share of a
/// province-wide row).
pub(crate) fn cells_where<'a>(
    ds: &Dataset,
    base_year: i32,
    growth_factor: &[f64],
    settings: &ScoreSettings,
    enrolment: impl Iterator<Item = &'a Enrolment>,
    demand: impl Iterator<Item = (&'a Demand, f64)>,
) -> Vec<GroupCell> {
    let occ_index = ds.occupation_index();
    let groups = occupation_groups(ds);
    let mut cells: BTreeMap<(String, LevelGroup), CellInput> = BTreeMap::new();
    for (k, parts) in groups.iter().enumerate() {
        for (group, _) in parts {
            for level in LevelGroup::ALL {
                let cell = cells.entry((group.clone(), level)).or_default();
                cell.occupations.push(ds.occupations[k].code.clone());
            }
        }
    }
    for e in enrolment.filter(|e| e.year == base_year) {
        let Some(&k) = occ_index.get(e.occupation.as_str()) else { continue };
        for (group, share) in &groups[k] {
            let cell = cells.get_mut(&(group.clone(), LevelGroup::of(e.level))).expect("every group has its cells");
            cell.graduates += e.graduates.unwrap_or(0.0) * share;
            if let (Some(employed), Some(graduates)) = (e.employed_6m, e.graduates) {
                cell.employed += employed * share;
                cell.graduates_tracked += graduates * share;
            }
        }
    }
    let formal = settings.entrants.openings_formal_share;
    let [formal_low, formal_high] = settings.entrants.openings_formal_share_range.map(Share::get);
    for (d, weight) in demand.filter(|(d, w)| d.year == base_year && *w > 0.0) {
        let Some(&k) = occ_index.get(d.occupation.as_str()) else { continue };
        let split: [(LevelGroup, Ranged); 2] = match d.level.map(LevelGroup::of) {
            Some(level) => [(level, Ranged::new(1.0, 1.0, 1.0)), (other(level), Ranged::default())],
            None => [
                (LevelGroup::CollegeIntermediate, Ranged::new(formal.get(), formal_low, formal_high)),
                (LevelGroup::ElementaryShort, Ranged::new(1.0 - formal.get(), 1.0 - formal_high, 1.0 - formal_low)),
            ],
        };
        for (group, share) in &groups[k] {
            for (level, part) in split {
                if part.high <= 0.0 {
                    continue;
                }
                let cell = cells.get_mut(&(group.clone(), level)).expect("every group has its cells");
                let openings = d.openings * share * weight;
                cell.openings.add(part.scale(openings));
                cell.openings_horizon += openings * part.central * growth_factor[k];
                let source = d.source.clone().unwrap_or_default();
                if !cell.sources.contains(&source) {
                    cell.sources.push(source);
                }
            }
        }
    }
    cells
        .into_iter()
        .filter(|(_, c)| c.graduates > 0.0 || c.openings.high > 0.0)
        .map(|((group, level), input)| cell(group, level, input, settings))
        .collect()
}

fn other(level: LevelGroup) -> LevelGroup {
    match level {
        LevelGroup::CollegeIntermediate => LevelGroup::ElementaryShort,
        LevelGroup::ElementaryShort => LevelGroup::CollegeIntermediate,
    }
}

fn cell(group: String, level: LevelGroup, mut input: CellInput, settings: &ScoreSettings) -> GroupCell {
    let entrants = entrant_factor(settings, level).scale(input.graduates);
    let openings = input.openings;
    let employed_6m_rate = (input.graduates_tracked > 0.0).then(|| input.employed / input.graduates_tracked);
    let norm = match level {
        LevelGroup::CollegeIntermediate => settings.employed_6m_formal_norm.get(),
        LevelGroup::ElementaryShort => settings.employed_6m_short_norm.get(),
    };
    let below_norm = employed_6m_rate.is_some_and(|r| r < norm);
    input.sources.sort();
    let (status, unmet, unplaced) = if judged_by_outcome(&group, level) {
        (CellStatus::JudgedByOutcome, None, None)
    } else {
        let (unmet, unplaced) = gaps(entrants, openings);
        (status(entrants, openings, settings), Some(unmet), Some(unplaced))
    };
    GroupCell {
        group,
        level_group: level,
        occupations: input.occupations,
        graduates: input.graduates,
        entrants,
        openings,
        openings_horizon: input.openings_horizon,
        sources: input.sources,
        unmet_openings: unmet,
        unplaced_entrants: unplaced,
        status,
        employed_6m: input.employed,
        graduates_tracked: input.graduates_tracked,
        employed_6m_rate,
        low_employment: below_norm && matches!(status, CellStatus::Shortage | CellStatus::JudgedByOutcome),
    }
}

/// The cell with other entrants (a province-wide supply shared among zones): gaps, status
/// and check again.
pub(crate) fn with_entrants(mut c: GroupCell, entrants: Ranged, settings: &ScoreSettings) -> GroupCell {
    c.entrants = entrants;
    if c.status != CellStatus::JudgedByOutcome {
        let (unmet, unplaced) = gaps(entrants, c.openings);
        c.unmet_openings = Some(unmet);
        c.unplaced_entrants = Some(unplaced);
        c.status = status(entrants, c.openings, settings);
    }
    let norm = match c.level_group {
        LevelGroup::CollegeIntermediate => settings.employed_6m_formal_norm.get(),
        LevelGroup::ElementaryShort => settings.employed_6m_short_norm.get(),
    };
    let below_norm = c.employed_6m_rate.is_some_and(|r| r < norm);
    c.low_employment = below_norm && matches!(c.status, CellStatus::Shortage | CellStatus::JudgedByOutcome);
    c
}

/// Unmet openings max(0, O - E) and unplaced entrants max(0, E - O); the low end pairs the
/// ends of E and O that make each smallest, the high end those that make it largest.
pub(crate) fn gaps(entrants: Ranged, openings: Ranged) -> (Ranged, Ranged) {
    let pos = |v: f64| v.max(0.0);
    let unmet = Ranged::new(
        pos(openings.central - entrants.central),
        pos(openings.low - entrants.high),
        pos(openings.high - entrants.low),
    );
    let unplaced = Ranged::new(
        pos(entrants.central - openings.central),
        pos(entrants.low - openings.high),
        pos(entrants.high - openings.low),
    );
    (unmet, unplaced)
}

/// Shortage or surplus only when the whole range is beyond the band.
pub(crate) fn status(entrants: Ranged, openings: Ranged, settings: &ScoreSettings) -> CellStatus {
    if entrants.high < settings.shortage_below.get() * openings.low {
        CellStatus::Shortage
    } else if entrants.low > settings.surplus_above.get() * openings.high {
        CellStatus::Surplus
    } else {
        CellStatus::Uncertain
    }
}

fn totals<'a>(cells: impl Iterator<Item = &'a GroupCell>) -> CellTotals {
    let mut t = CellTotals::default();
    let (mut employed, mut tracked) = (0.0, 0.0);
    let mut pairs = Vec::new();
    for c in cells {
        t.graduates += c.graduates;
        t.entrants.add(c.entrants);
        t.openings.add(c.openings);
        if let Some(u) = c.unmet_openings {
            t.unmet_openings.add(u);
        }
        if let Some(x) = c.unplaced_entrants {
            t.unplaced_entrants.add(x);
        }
        match c.status {
            CellStatus::Shortage => t.shortage_cells += 1,
            CellStatus::Surplus => t.surplus_cells += 1,
            CellStatus::Uncertain => t.uncertain_cells += 1,
            CellStatus::JudgedByOutcome => {}
        }
        employed += c.employed_6m;
        tracked += c.graduates_tracked;
        pairs.push((c.entrants.central, c.openings.central));
    }
    t.employed_6m_rate = (tracked > 0.0).then(|| employed / tracked);
    t.dissimilarity = dissimilarity(&pairs);
    t.dissimilarity_noise = dissimilarity_noise(&pairs);
    t
}

/// D = 1/2 Σ |e_k/E - o_k/O| over (entrants, openings) pairs; none without entrants or
/// openings.
pub(crate) fn dissimilarity(pairs: &[(f64, f64)]) -> Option<f64> {
    let e: f64 = pairs.iter().map(|p| p.0).sum();
    let o: f64 = pairs.iter().map(|p| p.1).sum();
    (e > 0.0 && o > 0.0).then(|| 0.5 * pairs.iter().map(|(ek, ok)| (ek / e - ok / o).abs()).sum::<f64>())
}

/// The D that sampling noise alone gives: E entrants drawn with exactly the openings' mix
/// p_k have E|e_k/E - p_k| ≈ sqrt(2 p_k (1 - p_k) / (π E)) (the normal approximation of
/// the binomial), so `E[D] ≈ 1/2 Σ sqrt(2 p_k (1 - p_k) / (π E))`.
pub(crate) fn dissimilarity_noise(pairs: &[(f64, f64)]) -> Option<f64> {
    let e: f64 = pairs.iter().map(|p| p.0).sum();
    let o: f64 = pairs.iter().map(|p| p.1).sum();
    (e > 0.0 && o > 0.0).then(|| {
        0.5 * pairs
            .iter()
            .map(|(_, ok)| {
                let p = ok / o;
                (2.0 * p * (1.0 - p) / (std::f64::consts::PI * e)).sqrt()
            })
            .sum::<f64>()
    })
}

/// The names of a group's training occupations, in the language asked.
pub(crate) fn group_names<'a>(ds: &'a Dataset, cell: &GroupCell, english: bool) -> Vec<&'a str> {
    let names: HashMap<&str, &str> = ds
        .occupations
        .iter()
        .map(|o| (o.code.as_str(), if english { o.name_en.as_str() } else { o.name_vi.as_str() }))
        .collect();
    cell.occupations.iter().filter_map(|c| names.get(c.as_str())).copied().collect()
}

/// The cells' labels: the names of a group's training occupations, `; ` between them.
pub(crate) fn group_label(ds: &Dataset, cell: &GroupCell, english: bool) -> String {
    group_names(ds, cell, english).join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sector;
    use crate::testkit::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn ranged_close(r: Ranged, [central, low, high]: [f64; 3]) -> bool {
        close(r.central, central) && close(r.low, low) && close(r.high, high)
    }

    #[test]
    fn entrants_are_graduates_less_those_studying_on_employed_already_or_leaving() {
        let s = ScoreSettings::default();
        // College and intermediate: 1 - 0.10 - 0.05 - 0.15 = 0.70; low 1 - 0.20 - 0.15 - 0.25
        // = 0.40; high 1 - 0.05 - 0 - 0.05 = 0.90.
        assert!(ranged_close(entrant_factor(&s, LevelGroup::CollegeIntermediate), [0.70, 0.40, 0.90]));
        // Elementary and short: 1 - 0 - 0.40 - 0.15 = 0.45; low 1 - 0.05 - 0.60 - 0.25 = 0.10;
        // high 1 - 0 - 0.20 - 0.05 = 0.75.
        assert!(ranged_close(entrant_factor(&s, LevelGroup::ElementaryShort), [0.45, 0.10, 0.75]));
    }

    #[test]
    fn unmet_openings_and_unplaced_entrants_pair_the_ends_that_make_them_smallest_and_largest() {
        // E = 70 (40-90) against O = 50: X = 20, low max(0, 40 - 50) = 0, high 90 - 50 = 40;
        // U = 0, low max(0, 50 - 90) = 0, high 50 - 40 = 10.
        let (u, x) = gaps(Ranged::new(70.0, 40.0, 90.0), Ranged::new(50.0, 50.0, 50.0));
        assert!(ranged_close(u, [0.0, 0.0, 10.0]));
        assert!(ranged_close(x, [20.0, 0.0, 40.0]));
    }

    #[test]
    fn a_cell_is_a_shortage_or_a_surplus_only_when_its_whole_range_is_beyond_the_band() {
        let s = ScoreSettings::default();
        let openings = Ranged::new(100.0, 100.0, 100.0);
        // Highest entrants 79 < 0.8 x 100.
        assert_eq!(status(Ranged::new(50.0, 30.0, 79.0), openings, &s), CellStatus::Shortage);
        // Central 50 is a shortage, but the high end 80 is not below 80.
        assert_eq!(status(Ranged::new(50.0, 30.0, 80.0), openings, &s), CellStatus::Uncertain);
        // Lowest entrants 121 > 1.2 x 100.
        assert_eq!(status(Ranged::new(150.0, 121.0, 200.0), openings, &s), CellStatus::Surplus);
        assert_eq!(status(Ranged::new(150.0, 120.0, 200.0), openings, &s), CellStatus::Uncertain);
        // No openings at all: any entrant is a surplus.
        assert_eq!(status(Ranged::new(1.0, 0.5, 2.0), Ranged::default(), &s), CellStatus::Surplus);
    }

    #[test]
    fn dissimilarity_and_its_noise_floor_match_the_hand_computation() {
        // e = 30/10/0 of 40, o = 10/10/20 of 40: 1/2 (0.5 + 0 + 0.5) = 0.5.
        assert!(close(dissimilarity(&[(30.0, 10.0), (10.0, 10.0), (0.0, 20.0)]).unwrap(), 0.5));
        // 100 entrants, openings half and half: each term sqrt(2 x 0.25 / (π x 100)) =
        // 0.0398942; D = 1/2 x 2 x 0.0398942.
        let noise = dissimilarity_noise(&[(60.0, 5.0), (40.0, 5.0)]).unwrap();
        assert!((noise - 0.039_894_2).abs() < 1e-6, "{noise}");
        assert_eq!(dissimilarity(&[(0.0, 5.0)]), None);
    }

    #[test]
    fn the_isco_crosswalk_splits_a_code_between_groups() {
        assert_eq!(isco_groups("7531").unwrap(), vec![("75".to_string(), 1.0)]);
        assert_eq!(isco_groups("7531; 8153").unwrap(), vec![("75".to_string(), 0.5), ("81".to_string(), 0.5)]);
        assert_eq!(isco_groups("7531:0.6;7533:0.1;8153:0.3").unwrap().len(), 2);
        assert!(isco_groups("7531:0.6;8153:0.3").unwrap_err().contains("add up to 0.9"));
        assert!(isco_groups("7531:0.6;8153").unwrap_err().contains("to every code"));
        assert!(isco_groups("7").unwrap_err().contains("2 to 4 digits"));
        assert!(isco_groups("75x1").unwrap_err().contains("2 to 4 digits"));
    }

    fn occupation_isco(code: &str, sector: Sector, isco: &str) -> crate::model::Occupation {
        crate::model::Occupation { isco: Some(isco.into()), ..occupation(code, sector) }
    }

    fn at_level(mut e: Enrolment, level: Level, employed: Option<f64>) -> Enrolment {
        e.level = level;
        e.employed_6m = employed;
        e
    }

    /// Welding (ISCO 72) at college, 100 graduates, 90 employed; tailoring (75) short, 200
    /// graduates; crop growing (61) short, 50 graduates; openings: 50 welders asking for
    /// college, 100 industrial sewers (81) and 30 crop growers without a level.
    fn planted() -> Dataset {
        let mut weld_demand = demand(2025, "A", "weld", 50.0);
        weld_demand.level = Some(Level::College);
        Dataset {
            areas: vec![area("A", 19.0, 105.0, false)],
            facilities: vec![facility("F1", 19.0, 105.0)],
            occupations: vec![
                occupation_isco("weld", Sector::Industry, "7212"),
                occupation_isco("tailor", Sector::Industry, "7531"),
                occupation_isco("sew", Sector::Industry, "8153"),
                occupation_isco("crop", Sector::Agriculture, "6111"),
            ],
            enrolment: vec![
                at_level(enrolment(2025, "F1", "weld", 120.0, 100.0), Level::College, Some(90.0)),
                enrolment(2025, "F1", "tailor", 210.0, 200.0),
                at_level(enrolment(2025, "F1", "crop", 60.0, 50.0), Level::Short, Some(30.0)),
            ],
            demand: vec![weld_demand, demand(2025, "A", "sew", 100.0), demand(2025, "A", "crop", 30.0)],
            ..Default::default()
        }
    }

    fn find<'a>(g: &'a GroupAlignment, group: &str, level: LevelGroup) -> &'a GroupCell {
        g.cells.iter().find(|c| c.group == group && c.level_group == level).unwrap()
    }

    #[test]
    fn cells_match_the_hand_computation() {
        let s = ScoreSettings::default();
        let g = group_alignment(&planted(), 2025, &[1.0; 4], &s);
        use LevelGroup::*;
        // 72 x college: E = 100 x (0.70, 0.40, 0.90); O = 50; X = (20, 0, 40); U = (0, 0, 10).
        let weld = find(&g, "72", CollegeIntermediate);
        assert!(ranged_close(weld.entrants, [70.0, 40.0, 90.0]));
        assert!(ranged_close(weld.unplaced_entrants.unwrap(), [20.0, 0.0, 40.0]));
        assert!(ranged_close(weld.unmet_openings.unwrap(), [0.0, 0.0, 10.0]));
        assert_eq!(weld.status, CellStatus::Uncertain);
        assert_eq!(weld.employed_6m_rate, Some(0.9));
        // 75 x short: E = 200 x (0.45, 0.10, 0.75) = (90, 20, 150), no openings: surplus.
        let tailor = find(&g, "75", ElementaryShort);
        assert!(ranged_close(tailor.unplaced_entrants.unwrap(), [90.0, 20.0, 150.0]));
        assert_eq!(tailor.status, CellStatus::Surplus);
        // 81: 100 openings without a level, 30% (15-50%) at college: (30, 15, 50) and
        // (70, 50, 85); nobody trained: shortages of those sizes.
        assert!(ranged_close(find(&g, "81", CollegeIntermediate).unmet_openings.unwrap(), [30.0, 15.0, 50.0]));
        let sew = find(&g, "81", ElementaryShort);
        assert!(ranged_close(sew.unmet_openings.unwrap(), [70.0, 50.0, 85.0]));
        assert_eq!(sew.status, CellStatus::Shortage);
        // Crop growing short courses: judged by their outcome (30/50 = 60% < 70%: flagged),
        // out of U and X; its college-level openings (9, 4.5, 15) are a shortage.
        let farm = find(&g, "61", ElementaryShort);
        assert_eq!(farm.status, CellStatus::JudgedByOutcome);
        assert_eq!(farm.unmet_openings, None);
        assert!(farm.low_employment);
        assert!(ranged_close(find(&g, "61", CollegeIntermediate).unmet_openings.unwrap(), [9.0, 4.5, 15.0]));
        // Province: U = 0 + 30 + 70 + 9 = 109 (low 0 + 15 + 50 + 4.5, high 10 + 50 + 85 + 15);
        // X = 20 + 90 = 110 (low 0 + 20, high 40 + 150).
        assert!(ranged_close(g.province.unmet_openings, [109.0, 69.5, 160.0]));
        assert!(ranged_close(g.province.unplaced_entrants, [110.0, 20.0, 190.0]));
        assert_eq!((g.province.shortage_cells, g.province.surplus_cells, g.province.uncertain_cells), (3, 1, 1));
        assert!(close(g.farm_short_courses.graduates, 50.0));
        assert_eq!(g.farm_short_courses.employed_6m_rate, Some(0.6));
    }

    #[test]
    fn tripling_the_graduates_raises_unplaced_entrants_and_improves_no_summary_measure() {
        let s = ScoreSettings::default();
        let before = group_alignment(&planted(), 2025, &[1.0; 4], &s).province;
        let mut tripled = planted();
        for e in &mut tripled.enrolment {
            e.scale(3.0);
        }
        let after = group_alignment(&tripled, 2025, &[1.0; 4], &s).province;
        assert!(after.unplaced_entrants.central > before.unplaced_entrants.central + 1.0);
        assert!(after.unplaced_entrants.low >= before.unplaced_entrants.low);
        // The shortages are where nobody trains: tripling everything fills none of them.
        assert!(after.unmet_openings.central >= before.unmet_openings.central - 1e-9);
        assert!(after.unmet_openings.low >= before.unmet_openings.low - 1e-9);
        // The same mix: D does not move, and it stands further above its noise floor.
        assert!(close(after.dissimilarity.unwrap(), before.dissimilarity.unwrap()));
        assert!(
            after.dissimilarity.unwrap() - after.dissimilarity_noise.unwrap()
                >= before.dissimilarity.unwrap() - before.dissimilarity_noise.unwrap()
        );
        assert!(after.shortage_cells >= before.shortage_cells);
        assert!(after.surplus_cells > before.surplus_cells);
        // The share of entrants who find an opening falls.
        let placed = |t: &CellTotals| 1.0 - t.unplaced_entrants.central / t.entrants.central;
        assert!(placed(&after) < placed(&before));
    }

    #[test]
    fn the_entrant_settings_are_checked() {
        let mut s = ScoreSettings::default();
        s.entrants.elementary_short.already_employed = Share::constant(0.9);
        s.entrants.college_intermediate.continuing_study_range = [Share::constant(0.5), Share::constant(0.6)];
        s.entrants.college_intermediate.already_employed_range = [Share::constant(0.1), Share::constant(0.3)];
        let mut c = Checks::default();
        s.check(&mut c);
        let text = format!("{:?}", c.problems);
        assert!(text.contains("must contain already_employed 0.9"), "{text}");
        assert!(text.contains("must contain continuing_study 0.1"), "{text}");
        // ... and the default 0.05 outside the new [0.1, 0.3].
        assert!(text.contains("must contain already_employed 0.05"), "{text}");
        assert_eq!(c.problems.len(), 3, "{text}");
        // The highest shares, 0.6 + 0.3 + 0.25 leaving, leave no entrant at the low end.
        assert_eq!(entrant_factor(&s, LevelGroup::CollegeIntermediate).low, 0.0);
    }
}
