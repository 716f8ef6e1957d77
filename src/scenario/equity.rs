//! Who bears it: the learners a set of actions displaces and loses, and the people whose trip
//! to training grows, by group (women, ethnic minority, poor), set against the group's share
//! of the intake (or of the population). One computation for a scenario, the cap package and
//! the roadmap (docs/METHODOLOGY.md, "Who bears it").
//!
//! The learners of a facility are taken to be displaced and lost in proportion to its own
//! base-year intake by group (`enrolment.csv` columns `female`, `ethnic_minority`, `poor`;
//! a row that leaves a column empty does not count for that group). The people of a commune
//! whose trip grows are split by the commune statistics: the poor from `poor_households /
//! households` (people in poor households taken to live in households of the commune's mean
//! size); the communes table records neither women nor ethnic minorities, so their trips
//! are not split.

use serde::Serialize;

use crate::model::{Dataset, Enrolment};

/// A group bears more than its share when its share of those affected is above its share
/// of the intake (or of the population, for trips) by more than a tenth of that share
/// ([`TOLERANCE_RELATIVE`]) and by more than one percentage point ([`TOLERANCE_POINTS`]):
/// a convention, so that a small group is not flagged for a learner or two and a large one
/// is flagged for a clear excess.
pub(crate) const TOLERANCE_RELATIVE: f64 = 0.10;
pub(crate) const TOLERANCE_POINTS: f64 = 0.01;

/// A group of learners (and people) the tables record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Group {
    Women,
    EthnicMinority,
    Poor,
}

impl Group {
    pub(crate) const ALL: [Group; 3] = [Group::Women, Group::EthnicMinority, Group::Poor];

    pub(crate) fn code(self) -> &'static str {
        match self {
            Group::Women => "women",
            Group::EthnicMinority => "ethnic_minority",
            Group::Poor => "poor",
        }
    }

    fn of(self, e: &Enrolment) -> Option<f64> {
        match self {
            Group::Women => e.female,
            Group::EthnicMinority => e.ethnic_minority,
            Group::Poor => e.poor,
        }
    }
}

/// One group's burden. The learner figures are None when `enrolment.csv` does not record
/// the group; the trip figures when the communes table does not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct GroupBurden {
    pub(crate) group: Group,
    pub(crate) intake_share: Option<f64>,
    pub(crate) displaced: Option<f64>,
    pub(crate) displaced_share: Option<f64>,
    pub(crate) lost: Option<f64>,
    pub(crate) lost_share: Option<f64>,
    /// The group's share of the population, its people whose trip grows, and their share of
    /// all the people whose trip grows.
    pub(crate) population_share: Option<f64>,
    pub(crate) people_longer_trip: Option<f64>,
    pub(crate) longer_trip_share: Option<f64>,
}

/// Whether `share` of those affected is above `reference` beyond the tolerance.
pub(crate) fn exceeds(share: f64, reference: f64) -> bool {
    share > reference * (1.0 + TOLERANCE_RELATIVE) && share > reference + TOLERANCE_POINTS
}

impl GroupBurden {
    /// Whether the group bears more than its share of the learners displaced or lost, or of
    /// the longer trips.
    pub(crate) fn bears_more(&self) -> bool {
        let over = |share: Option<f64>, reference: Option<f64>| matches!((share, reference), (Some(s), Some(r)) if exceeds(s, r));
        over(self.lost_share, self.intake_share)
            || over(self.displaced_share, self.intake_share)
            || over(self.longer_trip_share, self.population_share)
    }
}

/// The burden by group of `losses` (facility, learners displaced, learners lost; as
/// [`super::Effects::by_facility`] lists them) and of the longer trips (`longer_trip`: one
/// flag per commune of `ds`, as [`crate::options::travel_rise_areas`] gives them; empty
/// when not known). `ds` is the network before the actions; its `base_year` intake gives
/// the shares. Groups recorded by neither table are left out.
pub(crate) fn burden(
    ds: &Dataset,
    losses: &[(String, f64, f64)],
    longer_trip: &[bool],
    base_year: i32,
) -> Vec<GroupBurden> {
    let rows: Vec<&Enrolment> = ds.enrolment.iter().filter(|e| e.year == base_year).collect();
    let (all_displaced, all_lost) = losses.iter().fold((0.0, 0.0), |acc, l| (acc.0 + l.1, acc.1 + l.2));
    let of = |part: f64, whole: f64| if whole > 0.0 { part / whole } else { 0.0 };
    Group::ALL
        .into_iter()
        .filter_map(|g| {
            let learners = learner_burden(&rows, g, losses);
            let trips = if g == Group::Poor { poor_trips(ds, longer_trip) } else { None };
            if learners.is_none() && trips.is_none() {
                return None;
            }
            let (intake_share, displaced, lost) =
                learners.map_or((None, None, None), |l| (Some(l.0), Some(l.1), Some(l.2)));
            Some(GroupBurden {
                group: g,
                intake_share,
                displaced,
                displaced_share: displaced.map(|d| of(d, all_displaced)),
                lost,
                lost_share: lost.map(|d| of(d, all_lost)),
                population_share: trips.map(|t| t.0),
                people_longer_trip: trips.map(|t| t.1),
                longer_trip_share: trips.map(|t| t.2),
            })
        })
        .collect()
}

/// The group's share of the intake, and its learners displaced and lost; None when no row
/// records the group.
fn learner_burden(rows: &[&Enrolment], g: Group, losses: &[(String, f64, f64)]) -> Option<(f64, f64, f64)> {
    let (share, parts) = group_parts(rows, g, losses)?;
    let (displaced, lost) = parts.iter().fold((0.0, 0.0), |acc, p| (acc.0 + p.0, acc.1 + p.1));
    Some((share, displaced, lost))
}

/// The group's share of the base-year intake, and its members among the learners displaced
/// and lost of each of `losses` (in proportion to the facility's own intake by group; the
/// whole intake's share for a facility without intake); None when no row records the group.
pub(crate) fn group_losses(
    ds: &Dataset,
    g: Group,
    base_year: i32,
    losses: &[(String, f64, f64)],
) -> Option<(f64, Vec<(f64, f64)>)> {
    let rows: Vec<&Enrolment> = ds.enrolment.iter().filter(|e| e.year == base_year).collect();
    group_parts(&rows, g, losses)
}

fn group_parts(rows: &[&Enrolment], g: Group, losses: &[(String, f64, f64)]) -> Option<(f64, Vec<(f64, f64)>)> {
    // Only the rows that record the group: a column left empty is not a zero.
    let known: Vec<&&Enrolment> = rows.iter().filter(|e| g.of(e).is_some()).collect();
    let intake: f64 = known.iter().map(|e| e.intake).sum();
    if known.is_empty() || intake <= 0.0 {
        return None;
    }
    let members: f64 = known.iter().filter_map(|e| g.of(e)).sum();
    let share_at = |id: &str| {
        let (m, n) = known
            .iter()
            .filter(|e| e.facility_id == id)
            .fold((0.0, 0.0), |acc, e| (acc.0 + g.of(e).unwrap_or(0.0), acc.1 + e.intake));
        if n > 0.0 { m / n } else { members / intake }
    };
    let parts = losses
        .iter()
        .map(|(id, d, l)| {
            let share = share_at(id);
            (d * share, l * share)
        })
        .collect();
    Some((members / intake, parts))
}

/// The poor's share of the population, the poor among the people whose trip grows, and
/// their share of those people, over the communes that give households and poor
/// households; None when none does (or the flags are not known).
fn poor_trips(ds: &Dataset, longer_trip: &[bool]) -> Option<(f64, f64, f64)> {
    if longer_trip.len() != ds.areas.len() {
        return None;
    }
    let (mut people, mut poor, mut rise_people, mut rise_poor, mut known) = (0.0, 0.0, 0.0, 0.0, false);
    for (a, &rise) in ds.areas.iter().zip(longer_trip) {
        let (Some(h), Some(p)) = (a.households, a.poor_households) else { continue };
        if h <= 0.0 {
            continue;
        }
        known = true;
        let members = a.population * p / h;
        people += a.population;
        poor += members;
        if rise {
            rise_people += a.population;
            rise_poor += members;
        }
    }
    let of = |part: f64, whole: f64| if whole > 0.0 { part / whole } else { 0.0 };
    known.then(|| (of(poor, people), rise_poor + 0.0, of(rise_poor, rise_people)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scenario tests' three centres: F0, F1, F2 with 60 learners each in 2025.
    fn network() -> Dataset {
        crate::scenario::tests::network()
    }

    #[test]
    fn a_group_losing_more_than_its_share_is_flagged() {
        // F0: 60 learners, 45 women; F1: 60, 15 women; F2: 60, 30: women are 50% of the
        // intake. Closing F0 loses 20 of its learners: 15 women (75%).
        let mut ds = network();
        let intake: f64 =
            ds.enrolment.iter().filter(|e| e.year == 2025 && e.facility_id == "F0").map(|e| e.intake).sum();
        assert_eq!(intake, 60.0, "the hand computation's intake");
        for e in &mut ds.enrolment {
            e.female = Some(match e.facility_id.as_str() {
                "F0" => 45.0 * e.intake / 60.0,
                "F1" => 15.0 * e.intake / 60.0,
                _ => 30.0 * e.intake / 60.0,
            });
        }
        let groups = burden(&ds, &[("F0".into(), 60.0, 20.0)], &[], 2025);
        assert_eq!(groups.len(), 1, "only the group the tables record");
        let women = &groups[0];
        assert_eq!(women.group, Group::Women);
        assert!((women.intake_share.unwrap() - 0.5).abs() < 1e-12);
        assert!((women.lost.unwrap() - 15.0).abs() < 1e-9 && (women.lost_share.unwrap() - 0.75).abs() < 1e-12);
        assert!((women.displaced.unwrap() - 45.0).abs() < 1e-9);
        assert_eq!(women.people_longer_trip, None, "the communes do not record women");
        assert!(women.bears_more());
        // Closing F1 instead: 25% women among the lost, below their share.
        let groups = burden(&ds, &[("F1".into(), 60.0, 20.0)], &[], 2025);
        assert!((groups[0].lost_share.unwrap() - 0.25).abs() < 1e-12 && !groups[0].bears_more());
    }

    #[test]
    fn the_poor_s_longer_trips_come_from_the_commune_statistics() {
        // Two communes given 100 households each: one with 400 people and 50 poor households
        // (200 poor people), one with 600 people and 10 (60). Only the first's trip grows:
        // the poor are 260 / 1,000 = 26% of the people and 200 / 400 = 50% of those with a
        // longer trip, well above their share.
        let mut ds = network();
        let n = ds.areas.len();
        assert!(n >= 2, "two communes at least");
        for (i, a) in ds.areas.iter_mut().enumerate() {
            let (pop, poor) = match i {
                0 => (400.0, 50.0),
                1 => (600.0, 10.0),
                _ => (a.population, 0.0),
            };
            a.population = pop;
            a.households = (i < 2).then_some(100.0);
            a.poor_households = (i < 2).then_some(poor);
        }
        let mut rise = vec![false; n];
        rise[0] = true;
        let groups = burden(&ds, &[], &rise, 2025);
        let poor = groups.iter().find(|g| g.group == Group::Poor).expect("the poor from the communes");
        assert_eq!(poor.intake_share, None, "the enrolment does not record the poor");
        assert!((poor.population_share.unwrap() - 0.26).abs() < 1e-12);
        assert!((poor.people_longer_trip.unwrap() - 200.0).abs() < 1e-9);
        assert!((poor.longer_trip_share.unwrap() - 0.5).abs() < 1e-12);
        assert!(poor.bears_more());
        // The second commune's trip instead: 60 / 600 = 10% poor, below their 26%.
        rise.swap(0, 1);
        let groups = burden(&ds, &[], &rise, 2025);
        assert!(!groups[0].bears_more() && (groups[0].longer_trip_share.unwrap() - 0.1).abs() < 1e-12);
    }

    #[test]
    fn the_tolerance_is_a_tenth_and_a_point() {
        // 50% of the intake: flagged above 55%, not at 54.9%; 5%: above 6% (the point binds).
        assert!(exceeds(0.551, 0.5) && !exceeds(0.549, 0.5));
        assert!(exceeds(0.061, 0.05) && !exceeds(0.059, 0.05));
    }
}
