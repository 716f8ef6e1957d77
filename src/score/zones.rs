//! Labour-market zones: the communes around each employment centre, where entrants and
//! openings can meet (`docs/METHODOLOGY.md`, section 2b).
//!
//! Built per province, reproducibly, from the openings and the estimated travel times:
//!
//! 1. each commune's openings of the base year (province-wide rows spread by labour force);
//! 2. centres, greedily: the commune with the most openings within `minutes` of it becomes a
//!    centre, and those openings are covered; again with the uncovered openings, while the
//!    next centre adds at least `min_new_openings_share` of the province's openings (at
//!    least three zones when the province has three communes, at most `max_zones`); ties go
//!    to the first commune of the areas table;
//! 3. every commune joins its nearest centre.
//!
//! In a zone, colleges and intermediate schools are province-wide supply: each of their cells'
//! entrants is shared among the zones in proportion to the zone's openings of that cell (its
//! labour force where the province has none). Elementary and short courses are local supply:
//! the entrants of the facilities in the zone.

use serde::{Deserialize, Serialize};

use super::ScoreSettings;
use super::cells::{
    CellStatus, CellTotals, GroupAlignment, GroupCell, LevelGroup, cells_where, summarise, with_entrants,
};
use crate::access::{AccessSettings, commune_minutes};
use rustc_hash::FxHashMap as HashMap;

use crate::model::{Dataset, Demand, DemandScope, Enrolment};
use crate::settings::{OpeningsCount, Share, ZoneCount, ZoneMinutes};

/// How zones are drawn; every default is documented in METHODOLOGY section 2b.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ZoneSettings {
    /// The reach of an employment centre: 60 minutes (commuting zones are drawn at 45-60).
    pub(crate) minutes: ZoneMinutes,
    /// At most this many zones in a province (10).
    pub(crate) max_zones: ZoneCount,
    /// A further centre must bring at least this share of the province's openings not yet
    /// covered (0.05).
    pub(crate) min_new_openings_share: Share,
    /// A zone with fewer openings than this has too few behind its figures: hatched on the
    /// map (100).
    pub(crate) few_openings_below: OpeningsCount,
}

impl Default for ZoneSettings {
    fn default() -> Self {
        ZoneSettings {
            minutes: ZoneMinutes::constant(60.0),
            max_zones: ZoneCount::constant(10),
            min_new_openings_share: Share::constant(0.05),
            few_openings_below: OpeningsCount::constant(100.0),
        }
    }
}

/// One zone: its communes and its cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Zone {
    /// `Z1`, `Z2`, ... in the order the centres were chosen (with the province id first when
    /// the dataset holds several provinces).
    pub(crate) zone: String,
    pub(crate) province_id: String,
    /// The centre commune (area index).
    pub(crate) centre: usize,
    pub(crate) areas: Vec<usize>,
    pub(crate) labour_force: f64,
    pub(crate) alignment: GroupAlignment,
    pub(crate) few_openings: bool,
}

impl Zone {
    pub(crate) fn totals(&self) -> &CellTotals {
        &self.alignment.province
    }
}

/// The zones, and the zone of each commune (index into `zones`).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub(crate) struct Zones {
    pub(crate) zones: Vec<Zone>,
    pub(crate) area_zone: Vec<usize>,
}

/// Each commune's openings of the base year, province-wide rows spread by labour force.
fn openings_by_area(ds: &Dataset, base_year: i32) -> Vec<f64> {
    let area_index = ds.area_index();
    let mut lf_of_province: std::collections::HashMap<&str, f64> = std::collections::HashMap::new();
    for a in &ds.areas {
        *lf_of_province.entry(a.province_id.as_str()).or_default() += a.labour_force;
    }
    let mut out = vec![0.0; ds.areas.len()];
    for d in ds.demand.iter().filter(|d| d.year == base_year) {
        match &d.scope {
            DemandScope::Area(id) => {
                if let Some(&a) = area_index.get(id.as_str()) {
                    out[a] += d.openings;
                }
            }
            DemandScope::Province(p) => {
                let total = lf_of_province.get(p.as_str()).copied().unwrap_or(0.0);
                if total > 0.0 {
                    for (a, area) in ds.areas.iter().enumerate().filter(|(_, a)| &a.province_id == p) {
                        out[a] += d.openings * area.labour_force / total;
                    }
                }
            }
        }
    }
    out
}

/// The centres of one province's communes (area indices), greedily (module header).
pub(crate) fn centres(
    members: &[usize],
    openings: &[f64],
    minutes: &dyn Fn(usize, usize) -> f64,
    settings: &ZoneSettings,
) -> Vec<usize> {
    let reach = settings.minutes.get();
    let total: f64 = members.iter().map(|&a| openings[a]).sum();
    let least = settings.min_new_openings_share.get() * total;
    let at_least = members.len().min(3);
    let mut covered = vec![false; openings.len()];
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < settings.max_zones.get().min(members.len()) {
        let gain = |c: usize| -> f64 {
            members.iter().filter(|&&a| !covered[a] && minutes(c, a) <= reach).map(|&a| openings[a]).sum()
        };
        let best = members.iter().filter(|c| !chosen.contains(c)).map(|&c| (c, gain(c))).fold(
            None,
            |best: Option<(usize, f64)>, (c, g)| match best {
                Some((_, bg)) if bg >= g => best,
                _ => Some((c, g)),
            },
        );
        let Some((centre, gained)) = best else { break };
        if chosen.len() >= at_least && (gained < least || gained <= 0.0) {
            break;
        }
        chosen.push(centre);
        for &a in members {
            if minutes(centre, a) <= reach {
                covered[a] = true;
            }
        }
    }
    chosen
}

/// The zones of every province of the dataset.
pub(crate) fn zones(
    ds: &Dataset,
    base_year: i32,
    growth_factor: &[f64],
    province: &GroupAlignment,
    settings: &ScoreSettings,
    access: &AccessSettings,
) -> Zones {
    let openings = openings_by_area(ds, base_year);
    let minutes = |a: usize, b: usize| commune_minutes(&ds.areas[a], &ds.areas[b], access);
    let provinces = ds.province_ids();
    let mut area_zone = vec![0; ds.areas.len()];
    let mut drawn: Vec<(String, String, usize, Vec<usize>)> = Vec::new();
    for p in &provinces {
        let members: Vec<usize> = (0..ds.areas.len()).filter(|&a| &ds.areas[a].province_id == p).collect();
        let centres = centres(&members, &openings, &minutes, &settings.zones);
        let first = drawn.len();
        for (i, &c) in centres.iter().enumerate() {
            let id = if provinces.len() > 1 { format!("{p}-Z{}", i + 1) } else { format!("Z{}", i + 1) };
            drawn.push((id, p.clone(), c, Vec::new()));
        }
        for &a in &members {
            let nearest = (first..drawn.len())
                .min_by(|&x, &y| minutes(drawn[x].2, a).total_cmp(&minutes(drawn[y].2, a)).then(x.cmp(&y)))
                .expect("a province with communes has a centre");
            drawn[nearest].3.push(a);
            area_zone[a] = nearest;
        }
    }
    let rows = zone_rows(ds, base_year, &area_zone, drawn.len());
    let zones = drawn
        .into_iter()
        .zip(rows)
        .map(|((zone, province_id, centre, areas), (enrolment, demand, lf_share))| {
            let here = cells_where(ds, base_year, growth_factor, settings, enrolment.into_iter(), demand.into_iter());
            let alignment = zone_alignment(here, province, settings, lf_share);
            let few_openings = alignment.province.openings.central < settings.zones.few_openings_below.get();
            Zone {
                zone,
                province_id,
                centre,
                labour_force: areas.iter().map(|&a| ds.areas[a].labour_force).sum(),
                areas,
                alignment,
                few_openings,
            }
        })
        .collect();
    Zones { zones, area_zone }
}

/// The rows of each zone: its facilities' elementary and short-course enrolment (local
/// supply), its communes' demand rows and its share of the province-wide rows (by labour
/// force), and its share of the dataset's labour force.
#[allow(clippy::type_complexity, reason = "one row per zone, read once")]
fn zone_rows<'a>(
    ds: &'a Dataset,
    base_year: i32,
    area_zone: &[usize],
    n_zones: usize,
) -> Vec<(Vec<&'a Enrolment>, Vec<(&'a Demand, f64)>, f64)> {
    let area_index = ds.area_index();
    let mut rows: Vec<(Vec<&Enrolment>, Vec<(&Demand, f64)>, f64)> =
        (0..n_zones).map(|_| (Vec::new(), Vec::new(), 0.0)).collect();
    let facility_zone: HashMap<&str, usize> = ds
        .facilities
        .iter()
        .filter_map(|f| area_index.get(f.area_id.as_str()).map(|&a| (f.facility_id.as_str(), area_zone[a])))
        .collect();
    for e in ds.enrolment.iter().filter(|e| e.year == base_year && !e.level.is_formal()) {
        if let Some(&z) = facility_zone.get(e.facility_id.as_str()) {
            rows[z].0.push(e);
        }
    }
    // Labour force by province, and by province and zone.
    let mut lf_of_province: HashMap<&str, f64> = HashMap::default();
    let mut lf_of_zone: HashMap<(&str, usize), f64> = HashMap::default();
    for (a, area) in ds.areas.iter().enumerate() {
        *lf_of_province.entry(area.province_id.as_str()).or_default() += area.labour_force;
        *lf_of_zone.entry((area.province_id.as_str(), area_zone[a])).or_default() += area.labour_force;
    }
    for d in ds.demand.iter().filter(|d| d.year == base_year) {
        match &d.scope {
            DemandScope::Area(id) => {
                if let Some(&a) = area_index.get(id.as_str()) {
                    rows[area_zone[a]].1.push((d, 1.0));
                }
            }
            DemandScope::Province(p) => {
                let total = lf_of_province.get(p.as_str()).copied().unwrap_or(0.0);
                for (z, row) in rows.iter_mut().enumerate() {
                    let here = lf_of_zone.get(&(p.as_str(), z)).copied().unwrap_or(0.0);
                    if total > 0.0 && here > 0.0 {
                        row.1.push((d, here / total));
                    }
                }
            }
        }
    }
    let all: f64 = ds.areas.iter().map(|a| a.labour_force).sum();
    for (z, row) in rows.iter_mut().enumerate() {
        let here: f64 = lf_of_zone.iter().filter(|((_, zz), _)| *zz == z).map(|(_, v)| v).sum();
        row.2 = if all > 0.0 { here / all } else { 0.0 };
    }
    rows
}

/// A zone's cells: its own short-course cells, and its share of each of the province's
/// college and intermediate cells (by its openings in the cell, by its labour force
/// `lf_share` where the province has none).
fn zone_alignment(
    here: Vec<GroupCell>,
    province: &GroupAlignment,
    settings: &ScoreSettings,
    lf_share: f64,
) -> GroupAlignment {
    let mut cells: Vec<GroupCell> =
        here.iter().filter(|c| c.level_group == LevelGroup::ElementaryShort).cloned().collect();
    for p in province.cells.iter().filter(|c| c.level_group == LevelGroup::CollegeIntermediate) {
        let own = here.iter().find(|c| c.group == p.group && c.level_group == p.level_group);
        let share = match own {
            Some(c) if p.openings.central > 0.0 => c.openings.central / p.openings.central,
            None if p.openings.central > 0.0 => 0.0,
            _ => lf_share,
        };
        let mut c = own.cloned().unwrap_or_else(|| GroupCell {
            openings: Default::default(),
            openings_horizon: 0.0,
            sources: Vec::new(),
            ..p.clone()
        });
        c.graduates = p.graduates * share;
        c.employed_6m = p.employed_6m * share;
        c.graduates_tracked = p.graduates_tracked * share;
        c.employed_6m_rate = p.employed_6m_rate;
        if c.graduates > 0.0 || c.openings.high > 0.0 {
            cells.push(with_entrants(c, p.entrants.scale(share), settings));
        }
    }
    cells.sort_by(|a, b| (a.group.as_str(), a.level_group).cmp(&(b.group.as_str(), b.level_group)));
    summarise(cells)
}

/// The province's cell with the most unmet openings among its sure shortages, and the one
/// with the most unplaced entrants among its sure surpluses (the maps' two panels); without
/// a sure one, the uncertain cell with the most (its status says so), else none.
pub(crate) fn top_cells(province: &GroupAlignment) -> [Option<&GroupCell>; 2] {
    let top = |status: CellStatus, amount: fn(&GroupCell) -> f64| {
        province
            .cells
            .iter()
            .filter(|c| c.status == status && amount(c) > 0.0)
            .max_by(|a, b| amount(a).total_cmp(&amount(b)).then(b.group.cmp(&a.group)))
    };
    let unmet = |c: &GroupCell| c.unmet_openings.map_or(0.0, |u| u.central);
    let unplaced = |c: &GroupCell| c.unplaced_entrants.map_or(0.0, |x| x.central);
    [
        top(CellStatus::Shortage, unmet).or_else(|| top(CellStatus::Uncertain, unmet)),
        top(CellStatus::Surplus, unplaced).or_else(|| top(CellStatus::Uncertain, unplaced)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Occupation, Sector};
    use crate::testkit::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Three communes over 200 minutes apart: A (welding college F1; 30 welding openings), B
    /// (10 welding and 20 tailoring openings), C (tailoring short courses F2, no openings).
    #[test]
    fn college_entrants_are_shared_by_openings_and_short_courses_stay_local() {
        let occupation =
            |code: &str, isco: &str| Occupation { isco: Some(isco.into()), ..occupation(code, Sector::Industry) };
        let mut weld = enrolment(2025, "F1", "weld", 120.0, 100.0);
        weld.level = Level::College;
        let mut f2 = facility("F2", 21.0, 105.0);
        f2.area_id = "C".into();
        let ds = Dataset {
            areas: vec![area("A", 19.0, 105.0, false), area("B", 20.0, 105.0, false), area("C", 21.0, 105.0, false)],
            facilities: vec![facility("F1", 19.0, 105.0), f2],
            occupations: vec![occupation("weld", "7212"), occupation("tailor", "7531")],
            enrolment: vec![weld, enrolment(2025, "F2", "tailor", 60.0, 50.0)],
            demand: vec![
                demand(2025, "A", "weld", 30.0),
                demand(2025, "B", "weld", 10.0),
                demand(2025, "B", "tailor", 20.0),
            ],
            ..Default::default()
        };
        let settings = ScoreSettings::default();
        let province = super::super::cells::group_alignment(&ds, 2025, &[1.0; 2], &settings);
        let z = zones(&ds, 2025, &[1.0; 2], &province, &settings, &AccessSettings::default());
        assert_eq!(z.area_zone, vec![0, 1, 2]);
        let cell = |zone: usize, group: &str, level: LevelGroup| {
            z.zones[zone].alignment.cells.iter().find(|c| c.group == group && c.level_group == level).cloned()
        };
        use LevelGroup::*;
        // Welding at college: E = 100 x 0.70 = 70 province-wide; openings 40 x 0.30 = 12, of
        // which A has 9 (3/4): 52.5 entrants there, X = 43.5; B 17.5 against 3, X = 14.5; the
        // two add up to the province's 70 - 12 = 58.
        let a = cell(0, "72", CollegeIntermediate).unwrap();
        assert!(close(a.entrants.central, 52.5) && close(a.unplaced_entrants.unwrap().central, 43.5));
        assert!(close(cell(1, "72", CollegeIntermediate).unwrap().unplaced_entrants.unwrap().central, 14.5));
        assert!(cell(2, "72", CollegeIntermediate).is_none());
        // Tailoring short courses are local: C's 50 x 0.45 = 22.5 unplaced; B's 20 x 0.70 = 14
        // openings unmet.
        assert!(close(cell(2, "75", ElementaryShort).unwrap().unplaced_entrants.unwrap().central, 22.5));
        assert!(close(cell(1, "75", ElementaryShort).unwrap().unmet_openings.unwrap().central, 14.0));
        // Every zone has fewer than 100 openings.
        assert!(z.zones.iter().all(|zone| zone.few_openings));
    }

    #[test]
    fn centres_are_chosen_greedily_by_the_openings_they_bring() {
        // Five communes on a line, 30 minutes apart; openings 10, 100, 10, 0, 50. With a reach
        // of 45 minutes: commune 1 brings 10 + 100 + 10 = 120; then communes 3 and 4 both bring
        // 0 + 50 (2 is covered) and the first wins, 3; then every commune is covered, but three
        // zones are the least: the first commune with the largest gain, 0 (nothing new).
        let openings = [10.0, 100.0, 10.0, 0.0, 50.0];
        let minutes = |a: usize, b: usize| 30.0 * (a as f64 - b as f64).abs();
        let settings = ZoneSettings { minutes: ZoneMinutes::constant(45.0), ..ZoneSettings::default() };
        let members = [0, 1, 2, 3, 4];
        assert_eq!(centres(&members, &openings, &minutes, &settings), vec![1, 3, 0]);
        // At most one zone: the first.
        let one = ZoneSettings { max_zones: ZoneCount::constant(1), ..settings };
        assert_eq!(centres(&members, &openings, &minutes, &one), vec![1]);
        // A fourth centre would bring nothing new (every commune is within reach of one).
        let ten = ZoneSettings { max_zones: ZoneCount::constant(10), ..settings };
        assert_eq!(centres(&members, &openings, &minutes, &ten).len(), 3);
    }
}
