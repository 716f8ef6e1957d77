//! The options' alignment criterion: the change an option makes to the province's mismatch
//! in people, unmet openings U and unplaced entrants X of the cells of
//! [`crate::score::GroupAlignment`] (occupation group x level group, central values),
//! when the graduates of the programmes it closes or moves go where their learners go.
//!
//! Cheap by construction: the openings and the base-year graduates of each cell are counted
//! once; an option shifts a few cells' graduates, and only the provinces it touches are
//! summed again (a few dozen cells each).

use rustc_hash::FxHashMap as HashMap;

use crate::access::attendance::Programmes;
use crate::model::{Dataset, DemandScope, Enrolment, Level};
use crate::score::{LevelGroup, ScoreSettings, cells_where, entrant_factor, judged_by_outcome, occupation_groups};

/// Unmet openings and unplaced entrants (people, central values).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Gaps {
    pub(crate) unmet: f64,
    pub(crate) unplaced: f64,
}

impl Gaps {
    /// Not computed (a scenario's own evaluation of one action scores the network it ends
    /// with instead).
    pub(crate) const NONE: Gaps = Gaps { unmet: f64::NAN, unplaced: f64::NAN };

    /// People mismatched, U + X = Σ |E - O| over the compared cells: the criterion.
    pub(crate) fn total(self) -> f64 {
        self.unmet + self.unplaced
    }
}

/// Graduates a year added to (or, negative, taken from) one programme's cells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Shift {
    /// Province index ([`Dataset::province_ids`]).
    pub(crate) province: usize,
    pub(crate) occupation: usize,
    pub(crate) level: Level,
    pub(crate) graduates: f64,
}

fn slot(level: LevelGroup) -> usize {
    match level {
        LevelGroup::CollegeIntermediate => 0,
        LevelGroup::ElementaryShort => 1,
    }
}

/// The cells of each province before any option.
pub(crate) struct Mismatch {
    /// The occupation groups of each occupation (index into `names`) with their shares.
    groups: Vec<Vec<(usize, f64)>>,
    /// Entrants per graduate by level group (central).
    factor: [f64; 2],
    /// Whether a cell is compared with openings (not a farming short course), by group.
    compared: Vec<[bool; 2]>,
    /// By province, by group and level group: openings and graduates (central).
    openings: Vec<Vec<[f64; 2]>>,
    graduates: Vec<Vec<[f64; 2]>>,
    before: Vec<Gaps>,
}

impl Mismatch {
    /// The base year's cells of every province: openings from `demand.csv` (split by level
    /// as [`crate::score::GroupAlignment`] splits them), graduates from the programmes.
    pub(crate) fn new(
        ds: &Dataset,
        year: i32,
        programmes: &Programmes,
        facility_province: &[usize],
        settings: &ScoreSettings,
    ) -> Mismatch {
        let occupation_groups = occupation_groups(ds);
        let mut names: HashMap<String, usize> = HashMap::default();
        let mut compared: Vec<[bool; 2]> = Vec::new();
        let groups: Vec<Vec<(usize, f64)>> = occupation_groups
            .iter()
            .map(|parts| {
                parts
                    .iter()
                    .map(|(name, share)| {
                        let next = names.len();
                        let g = *names.entry(name.clone()).or_insert(next);
                        if g == compared.len() {
                            compared.push(LevelGroup::ALL.map(|l| !judged_by_outcome(name, l)));
                        }
                        (g, *share)
                    })
                    .collect()
            })
            .collect();
        let provinces = ds.province_ids();
        let area_index = ds.area_index();
        let in_province = |d: &&crate::model::Demand, p: &str| match &d.scope {
            DemandScope::Area(id) => area_index.get(id.as_str()).is_some_and(|&a| ds.areas[a].province_id == p),
            DemandScope::Province(q) => q == p,
        };
        let ones = vec![1.0; ds.occupations.len()];
        let openings: Vec<Vec<[f64; 2]>> = provinces
            .iter()
            .map(|p| {
                let rows = ds.demand.iter().filter(|d| in_province(d, p));
                let mut by_group = vec![[0.0; 2]; names.len()];
                let none = std::iter::empty::<&Enrolment>();
                for c in cells_where(ds, year, &ones, settings, none, rows.map(|d| (d, 1.0))) {
                    by_group[names[&c.group]][slot(c.level_group)] = c.openings.central;
                }
                by_group
            })
            .collect();
        let mut graduates = vec![vec![[0.0; 2]; names.len()]; provinces.len()];
        for p in &programmes.list {
            if let Some(cells) = graduates.get_mut(facility_province[p.facility]) {
                for &(g, share) in &groups[p.occupation] {
                    cells[g][slot(LevelGroup::of(p.level))] += p.graduates * share;
                }
            }
        }
        let factor = LevelGroup::ALL.map(|l| entrant_factor(settings, l).central);
        let mut m = Mismatch { groups, factor, compared, openings, graduates, before: Vec::new() };
        m.before = (0..provinces.len()).map(|p| m.gaps(p, &m.graduates[p])).collect();
        m
    }

    /// U and X of province `p` with these graduates by group and level group.
    fn gaps(&self, p: usize, graduates: &[[f64; 2]]) -> Gaps {
        let mut gaps = Gaps::default();
        for (g, (openings, graduates)) in self.openings[p].iter().zip(graduates).enumerate() {
            for l in 0..2 {
                if self.compared[g][l] {
                    let gap = openings[l] - self.factor[l] * graduates[l];
                    gaps.unmet += gap.max(0.0);
                    gaps.unplaced += (-gap).max(0.0);
                }
            }
        }
        gaps
    }

    /// The province's U and X before any option, summed over provinces.
    #[cfg(test)]
    pub(crate) fn before(&self) -> Gaps {
        self.before
            .iter()
            .fold(Gaps::default(), |s, g| Gaps { unmet: s.unmet + g.unmet, unplaced: s.unplaced + g.unplaced })
    }

    /// The change of U and X (summed over the provinces the shifts touch) when these
    /// graduates move; a change below a millionth of a person (graduates leaving and
    /// arriving in the same cell) is none.
    pub(crate) fn change(&self, shifts: &[Shift]) -> Gaps {
        let mut after: HashMap<usize, Vec<[f64; 2]>> = HashMap::default();
        for s in shifts.iter().filter(|s| s.province < self.graduates.len()) {
            let cells = after.entry(s.province).or_insert_with(|| self.graduates[s.province].clone());
            for &(g, share) in &self.groups[s.occupation] {
                cells[g][slot(LevelGroup::of(s.level))] += s.graduates * share;
            }
        }
        let mut provinces: Vec<usize> = after.keys().copied().collect();
        provinces.sort_unstable();
        let mut change = Gaps::default();
        for p in provinces {
            let now = self.gaps(p, &after[&p]);
            change.unmet += now.unmet - self.before[p].unmet;
            change.unplaced += now.unplaced - self.before[p].unplaced;
        }
        let tidy = |v: f64| if v.abs() < 1e-6 { 0.0 } else { v };
        Gaps { unmet: tidy(change.unmet), unplaced: tidy(change.unplaced) }
    }
}
