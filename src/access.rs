//! Stage 3, `access`: how far every commune is from every training facility.
//!
//! In: communes, facilities, optional measured travel times (`travel.csv`) and the access
//! settings. Out: a dense commune x facility [`TravelMatrix`] of road distance (km) and travel
//! time (minutes), plus distance decay; [`attendance`] builds the competitive attendance model
//! on it.
//!
//! Road distance = great-circle distance x circuity (1.3 by default: roads are not
//! straight). Travel time = road distance / speed, where the speed depends on the terrain of
//! the commune (40 km/h on the plain, 20 km/h in mountain or extremely difficult communes).
//! A row of `travel.csv` replaces both for its pair (distance = minutes x speed). With
//! `--roads`, [`roads`] computes both over the OpenStreetMap network and its times enter as
//! overrides too, before those of `travel.csv` (a measured time still wins); the matrix keeps
//! which method produced each cell. A facility
//! is "within reach" of a commune when the road distance is at most 15 km (5 km for
//! extremely difficult communes): the thresholds of the learner travel allowance of
//! Decision 46/2015/QĐ-TTg.

pub(crate) mod attendance;
pub mod roads;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{Area, Facility, TravelMethod};
use crate::settings::{BoardingMin, Circuity, FerryKmh, Positive, ReachKm, SpeedKmh};

/// Access settings; the defaults are those of `docs/METHODOLOGY.md`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccessSettings {
    pub(crate) radius_km: ReachKm,
    pub(crate) radius_km_difficult: ReachKm,
    pub(crate) circuity: Circuity,
    pub(crate) speed_kmh: Speeds,
    /// Crossing speed between an island and anywhere else (straight line over the water).
    pub(crate) ferry_speed_kmh: FerryKmh,
    /// Waiting for and boarding the boat, once per trip.
    pub(crate) ferry_boarding_min: BoardingMin,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Speeds {
    pub(crate) plain: SpeedKmh,
    pub(crate) mountain: SpeedKmh,
}

impl Default for Speeds {
    fn default() -> Self {
        Speeds { plain: SpeedKmh::constant(40.0), mountain: SpeedKmh::constant(20.0) }
    }
}

impl Default for AccessSettings {
    fn default() -> Self {
        AccessSettings {
            radius_km: ReachKm::constant(15.0),
            radius_km_difficult: ReachKm::constant(5.0),
            circuity: Circuity::constant(1.3),
            speed_kmh: Speeds::default(),
            ferry_speed_kmh: FerryKmh::constant(15.0),
            ferry_boarding_min: BoardingMin::constant(20.0),
        }
    }
}

impl AccessSettings {
    pub(crate) fn radius_for(&self, area: &Area) -> f64 {
        if area.difficult { self.radius_km_difficult.get() } else { self.radius_km.get() }
    }

    pub(crate) fn speed_for(&self, area: &Area) -> f64 {
        if area.difficult { self.speed_kmh.mountain.get() } else { self.speed_kmh.plain.get() }
    }
}

/// Special zones (đặc khu) reached by bridge, so by road: Vân Đồn (Vân Tiên bridge) and Cát Hải
/// (Tân Vũ - Lạch Huyện bridge). Every other special zone is an island reached by boat.
const BRIDGED_SPECIAL_ZONES: [&str; 2] = ["Vân Đồn", "Cát Hải"];

/// An island commune: a special zone (đặc khu) without a bridge to the mainland.
pub(crate) fn is_island(area: &Area) -> bool {
    area.kind == Some(crate::model::AreaKind::DacKhu) && !BRIDGED_SPECIAL_ZONES.iter().any(|n| area.name.contains(n))
}

/// Distance decay: how the chance of attending falls with travel time. Read from a scenario
/// file's `[decay]` through [`DecayFile`], so every time scale and exponent read is above 0
/// (a value computed in the code, a fitted half-life, is positive by construction).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "DecayFile")]
pub(crate) enum Decay {
    /// w = 0.5^(t / half_life): halves every `half_life_min` minutes.
    Exponential { half_life_min: f64 },
    /// w = max(0, 1 - t / max_min).
    Linear { max_min: f64 },
    /// w = (1 + t / scale_min)^(-exponent), finite at t = 0.
    Power { exponent: f64, scale_min: f64 },
}

/// `[decay]` as written: the kind and its parameters in one flat table, so that a value out
/// of its range is located at its own line (an internally tagged enum is located at the
/// table's header), then [`Decay`] once the parameters are known to match the kind.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecayFile {
    kind: DecayKind,
    half_life_min: Option<Positive>,
    max_min: Option<Positive>,
    exponent: Option<Positive>,
    scale_min: Option<Positive>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum DecayKind {
    Exponential,
    Linear,
    Power,
}

impl TryFrom<DecayFile> for Decay {
    type Error = String;

    fn try_from(f: DecayFile) -> Result<Decay, String> {
        use DecayKind::*;
        match (f.kind, f.half_life_min, f.max_min, f.exponent, f.scale_min) {
            (Exponential, Some(h), None, None, None) => Ok(Decay::Exponential { half_life_min: h.get() }),
            (Linear, None, Some(m), None, None) => Ok(Decay::Linear { max_min: m.get() }),
            (Power, None, None, Some(e), Some(s)) => Ok(Decay::Power { exponent: e.get(), scale_min: s.get() }),
            _ => {
                let (kind, needs): (&str, &[&str]) = match f.kind {
                    Exponential => ("exponential", &["half_life_min"]),
                    Linear => ("linear", &["max_min"]),
                    Power => ("power", &["exponent", "scale_min"]),
                };
                let given = [
                    ("half_life_min", f.half_life_min.is_some()),
                    ("max_min", f.max_min.is_some()),
                    ("exponent", f.exponent.is_some()),
                    ("scale_min", f.scale_min.is_some()),
                ];
                let expected = needs.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(" and ");
                match given.iter().find(|(key, set)| *set != needs.contains(key)) {
                    Some((key, true)) => Err(format!("unknown field '{key}' for kind = '{kind}', expected {expected}")),
                    Some((key, false)) => {
                        Err(format!("missing field '{key}' for kind = '{kind}' (it needs {expected})"))
                    }
                    None => unreachable!("every field matches the kind, so the match above took it"),
                }
            }
        }
    }
}

impl Default for Decay {
    fn default() -> Self {
        Decay::Exponential { half_life_min: 45.0 }
    }
}

impl Decay {
    pub(crate) fn weight(&self, minutes: f64) -> f64 {
        let t = minutes.max(0.0);
        match *self {
            Decay::Exponential { half_life_min } => 0.5f64.powf(t / half_life_min),
            Decay::Linear { max_min } => (1.0 - t / max_min).max(0.0),
            Decay::Power { exponent, scale_min } => (1.0 + t / scale_min).powf(-exponent),
        }
    }

    /// The same shape with its time scale multiplied by `factor` (a slower or faster fall).
    pub(crate) fn scaled(self, factor: f64) -> Decay {
        match self {
            Decay::Exponential { half_life_min } => Decay::Exponential { half_life_min: half_life_min * factor },
            Decay::Linear { max_min } => Decay::Linear { max_min: max_min * factor },
            Decay::Power { exponent, scale_min } => Decay::Power { exponent, scale_min: scale_min * factor },
        }
    }

    /// The time parameter in minutes: half-life, cut-off or scale.
    pub(crate) fn time_scale_min(self) -> f64 {
        match self {
            Decay::Exponential { half_life_min } => half_life_min,
            Decay::Linear { max_min } => max_min,
            Decay::Power { scale_min, .. } => scale_min,
        }
    }
}

/// Dense commune x facility travel matrix, row-major by commune.
#[derive(Debug, Clone, PartialEq)]
pub struct TravelMatrix {
    pub(crate) n_areas: usize,
    pub(crate) n_facilities: usize,
    distance_km: Vec<f32>,
    minutes: Vec<f32>,
    /// Reach radius of each commune (km).
    radius_km: Vec<f32>,
    /// Which method produced each cell.
    method: Vec<TravelMethod>,
}

impl TravelMatrix {
    pub(crate) fn distance_km(&self, area: usize, facility: usize) -> f64 {
        f64::from(self.distance_km[area * self.n_facilities + facility])
    }

    pub(crate) fn minutes(&self, area: usize, facility: usize) -> f64 {
        f64::from(self.minutes[area * self.n_facilities + facility])
    }

    pub(crate) fn within_reach(&self, area: usize, facility: usize) -> bool {
        self.distance_km[area * self.n_facilities + facility] <= self.radius_km[area]
    }

    pub(crate) fn method(&self, area: usize, facility: usize) -> TravelMethod {
        self.method[area * self.n_facilities + facility]
    }

    pub(crate) fn radius_km(&self, area: usize) -> f64 {
        f64::from(self.radius_km[area])
    }

    /// The matrix of the same communes and the facilities `keep` (indices into this one, in
    /// their new order): the same cells, nothing recomputed.
    pub fn select_facilities(&self, keep: &[usize]) -> TravelMatrix {
        let cells = self.n_areas * keep.len();
        let (mut distance_km, mut minutes, mut method) =
            (Vec::with_capacity(cells), Vec::with_capacity(cells), Vec::with_capacity(cells));
        for a in 0..self.n_areas {
            let row = a * self.n_facilities;
            for &f in keep {
                distance_km.push(self.distance_km[row + f]);
                minutes.push(self.minutes[row + f]);
                method.push(self.method[row + f]);
            }
        }
        TravelMatrix {
            n_areas: self.n_areas,
            n_facilities: keep.len(),
            distance_km,
            minutes,
            radius_km: self.radius_km.clone(),
            method,
        }
    }

    /// The nearest facility (by travel time) among those `allowed`, with its minutes.
    pub(crate) fn nearest(&self, area: usize, allowed: impl Fn(usize) -> bool) -> Option<(usize, f64)> {
        let row = &self.minutes[area * self.n_facilities..(area + 1) * self.n_facilities];
        row.iter()
            .enumerate()
            .filter(|(f, _)| allowed(*f))
            .min_by(|a, b| a.1.total_cmp(b.1).then(a.0.cmp(&b.0)))
            .map(|(f, m)| (f, f64::from(*m)))
    }
}

/// Builds the matrix in parallel (one commune row per task).
pub fn travel_matrix(
    areas: &[Area],
    facilities: &[Facility],
    overrides: &[crate::model::TravelOverride],
    settings: &AccessSettings,
) -> TravelMatrix {
    let n_f = facilities.len();
    // Great-circle distance from unit vectors: 2 R asin(chord / 2), the haversine formula
    // without trigonometry per pair (the same numbers, twice as fast).
    let facility_vectors: Vec<[f64; 3]> = facilities.iter().map(|f| unit_vector(f.lat, f.lon)).collect();
    // A trip between an island and anywhere else (the mainland or another island) is a boat
    // crossing: the straight line at the ferry speed plus the boarding time, not a road.
    let area_index: std::collections::HashMap<&str, usize> =
        areas.iter().enumerate().map(|(i, a)| (a.area_id.as_str(), i)).collect();
    let facility_area: Vec<Option<usize>> =
        facilities.iter().map(|f| area_index.get(f.area_id.as_str()).copied()).collect();
    let island: Vec<bool> = areas.iter().map(is_island).collect();
    let rows: Vec<(Vec<f32>, Vec<f32>)> = areas
        .par_iter()
        .enumerate()
        .map(|(i, area)| {
            let speed = settings.speed_for(area);
            let a = unit_vector(area.lat, area.lon);
            let mut dist = Vec::with_capacity(n_f);
            let mut mins = Vec::with_capacity(n_f);
            for (b, home) in facility_vectors.iter().zip(&facility_area) {
                let chord = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt();
                let straight_km = 2.0 * crate::geometry::EARTH_RADIUS_KM * (chord / 2.0).min(1.0).asin();
                let crossing = *home != Some(i) && (island[i] || home.is_some_and(|h| island[h]));
                if crossing {
                    dist.push(straight_km as f32);
                    mins.push(
                        (settings.ferry_boarding_min.get() + straight_km / settings.ferry_speed_kmh.get() * 60.0)
                            as f32,
                    );
                } else {
                    let road_km = straight_km * settings.circuity.get();
                    dist.push(road_km as f32);
                    mins.push((road_km / speed * 60.0) as f32);
                }
            }
            (dist, mins)
        })
        .collect();
    let mut distance_km = Vec::with_capacity(areas.len() * n_f);
    let mut minutes = Vec::with_capacity(areas.len() * n_f);
    for (d, m) in rows {
        distance_km.extend(d);
        minutes.extend(m);
    }
    let mut matrix = TravelMatrix {
        n_areas: areas.len(),
        n_facilities: n_f,
        distance_km,
        minutes,
        radius_km: areas.iter().map(|a| settings.radius_for(a) as f32).collect(),
        method: vec![TravelMethod::StraightLine; areas.len() * n_f],
    };
    if !overrides.is_empty() {
        let area_index: std::collections::HashMap<&str, usize> =
            areas.iter().enumerate().map(|(i, a)| (a.area_id.as_str(), i)).collect();
        let facility_index: std::collections::HashMap<&str, usize> =
            facilities.iter().enumerate().map(|(i, f)| (f.facility_id.as_str(), i)).collect();
        for o in overrides {
            if let (Some(&a), Some(&f)) =
                (area_index.get(o.area_id.as_str()), facility_index.get(o.facility_id.as_str()))
            {
                let cell = a * n_f + f;
                matrix.minutes[cell] = o.minutes as f32;
                let km = o.distance_km.unwrap_or(o.minutes / 60.0 * settings.speed_for(&areas[a]));
                matrix.distance_km[cell] = km as f32;
                matrix.method[cell] = o.method;
            }
        }
    }
    matrix
}

/// Estimated minutes from the centre of commune `from` to that of `to`, as the travel
/// matrix estimates a trip to a facility: the straight line x circuity at the origin's
/// speed, or a boat crossing when either is an island (measured times are per facility and
/// do not apply).
pub(crate) fn commune_minutes(from: &Area, to: &Area, settings: &AccessSettings) -> f64 {
    let straight_km = crate::geometry::haversine_km(from.lat, from.lon, to.lat, to.lon);
    if from.area_id != to.area_id && (is_island(from) || is_island(to)) {
        settings.ferry_boarding_min.get() + straight_km / settings.ferry_speed_kmh.get() * 60.0
    } else {
        straight_km * settings.circuity.get() / settings.speed_for(from) * 60.0
    }
}

fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (phi, lambda) = (lat.to_radians(), lon.to_radians());
    [phi.cos() * lambda.cos(), phi.cos() * lambda.sin(), phi.sin()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TravelOverride;
    use crate::testkit::{area, facility};

    #[test]
    fn travel_time_follows_distance_circuity_and_terrain() {
        // 0.1 degree of latitude = 11.12 km great circle; x 1.3 = 14.46 km of road.
        let areas = [area("plain", 19.0, 105.0, false), area("hill", 19.0, 105.0, true)];
        let facilities = [facility("F", 19.1, 105.0)];
        let m = travel_matrix(&areas, &facilities, &[], &AccessSettings::default());
        let road = 0.1f64.to_radians() * crate::geometry::EARTH_RADIUS_KM * 1.3;
        assert!((m.distance_km(0, 0) - road).abs() < 1e-3);
        // 14.46 km at 40 km/h = 21.7 min; at 20 km/h = 43.4 min.
        assert!((m.minutes(0, 0) - road / 40.0 * 60.0).abs() < 1e-3);
        assert!((m.minutes(1, 0) - road / 20.0 * 60.0).abs() < 1e-3);
        // Within the 15 km reach on the plain, beyond the 5 km reach of a difficult commune.
        assert!(m.within_reach(0, 0));
        assert!(!m.within_reach(1, 0));
    }

    /// Dropping facilities' columns gives the matrix built anew on the facilities left,
    /// cell for cell (travel.csv overrides included): what the scenario and the cap search
    /// rely on instead of rebuilding it after each closure or merge.
    #[test]
    fn selecting_facilities_equals_rebuilding_the_matrix() {
        let areas = [area("A", 19.0, 105.0, false), area("B", 19.2, 105.1, true)];
        let facilities = [facility("F", 19.1, 105.0), facility("G", 19.3, 105.2), facility("H", 19.0, 105.3)];
        let overrides = [TravelOverride {
            area_id: "B".into(),
            facility_id: "H".into(),
            minutes: 77.0,
            distance_km: Some(33.0),
            method: TravelMethod::Measured,
        }];
        let settings = AccessSettings::default();
        let full = travel_matrix(&areas, &facilities, &overrides, &settings);
        let kept = [facilities[2].clone(), facilities[0].clone()];
        let rebuilt = travel_matrix(&areas, &kept, &overrides, &settings);
        let selected = full.select_facilities(&[2, 0]);
        assert_eq!((selected.n_areas, selected.n_facilities), (2, 2));
        for a in 0..2 {
            for f in 0..2 {
                assert_eq!(selected.minutes(a, f), rebuilt.minutes(a, f));
                assert_eq!(selected.distance_km(a, f), rebuilt.distance_km(a, f));
                assert_eq!(selected.method(a, f), rebuilt.method(a, f));
                assert_eq!(selected.within_reach(a, f), rebuilt.within_reach(a, f));
            }
        }
        assert_eq!(selected.minutes(1, 0), 77.0);
    }

    #[test]
    fn an_island_is_reached_by_boat_and_a_bridged_special_zone_by_road() {
        use crate::model::AreaKind;
        // Island commune I 0.3 degree of latitude (33.36 km) from the mainland commune M, which
        // hosts facility F; facility G is on the island itself.
        let mut island = area("I", 19.3, 105.0, false);
        island.kind = Some(AreaKind::DacKhu);
        island.name = "Đặc khu Lý Sơn".into();
        let mainland = area("M", 19.0, 105.0, false);
        let mut f = facility("F", 19.0, 105.0);
        f.area_id = "M".into();
        let mut g = facility("G", 19.3, 105.0);
        g.area_id = "I".into();
        let m = travel_matrix(&[island.clone(), mainland], &[f, g], &[], &AccessSettings::default());
        let km = 0.3f64.to_radians() * crate::geometry::EARTH_RADIUS_KM;
        // I -> F: 20 min boarding + 33.36 km at 15 km/h (133.4 min) = 153.4 min, no circuity.
        assert!((m.minutes(0, 0) - (20.0 + km / 15.0 * 60.0)).abs() < 1e-2, "{}", m.minutes(0, 0));
        assert!((m.distance_km(0, 0) - km).abs() < 1e-2);
        // M -> G crosses too; I -> G stays on the island, by road.
        assert!((m.minutes(1, 1) - m.minutes(0, 0)).abs() < 1e-3);
        assert!(m.minutes(0, 1).abs() < 1e-3);
        // Vân Đồn has a bridge: by road, 33.36 x 1.3 km at 40 km/h = 65.0 min.
        island.name = "Đặc khu Vân Đồn".into();
        let m = travel_matrix(
            &[island, area("M", 19.0, 105.0, false)],
            &[facility("F", 19.0, 105.0)],
            &[],
            &AccessSettings::default(),
        );
        assert!((m.minutes(0, 0) - km * 1.3 / 40.0 * 60.0).abs() < 1e-2, "{}", m.minutes(0, 0));
    }

    #[test]
    fn measured_travel_time_overrides_the_estimate() {
        let areas = [area("A", 19.0, 105.0, false)];
        let facilities = [facility("F", 19.05, 105.0)];
        let overrides = [TravelOverride {
            area_id: "A".into(),
            facility_id: "F".into(),
            minutes: 90.0,
            method: TravelMethod::Measured,
            distance_km: None,
        }];
        let m = travel_matrix(&areas, &facilities, &overrides, &AccessSettings::default());
        assert_eq!(m.minutes(0, 0), 90.0);
        assert_eq!(m.method(0, 0), TravelMethod::Measured);
        // 90 minutes at 40 km/h is 60 km of road: out of reach.
        assert_eq!(m.distance_km(0, 0), 60.0);
        assert!(!m.within_reach(0, 0));
    }

    #[test]
    fn decay_functions_match_hand_values() {
        let exp = Decay::default();
        assert_eq!(exp.weight(0.0), 1.0);
        assert!((exp.weight(45.0) - 0.5).abs() < 1e-12);
        assert!((exp.weight(90.0) - 0.25).abs() < 1e-12);
        let linear = Decay::Linear { max_min: 60.0 };
        assert!((linear.weight(15.0) - 0.75).abs() < 1e-12);
        assert_eq!(linear.weight(80.0), 0.0);
        // (1 + 30/30)^-2 = 1/4.
        let power = Decay::Power { exponent: 2.0, scale_min: 30.0 };
        assert!((power.weight(30.0) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn nearest_respects_the_allowed_set() {
        let areas = [area("A", 19.0, 105.0, false)];
        let facilities = [facility("near", 19.01, 105.0), facility("far", 19.2, 105.0)];
        let m = travel_matrix(&areas, &facilities, &[], &AccessSettings::default());
        assert_eq!(m.nearest(0, |_| true).map(|x| x.0), Some(0));
        assert_eq!(m.nearest(0, |f| f != 0).map(|x| x.0), Some(1));
        assert_eq!(m.nearest(0, |_| false), None);
    }

    #[test]
    fn each_cell_keeps_its_own_travel_method() {
        // Two communes x two facilities; only commune B -> facility F is measured. Cell (1, 0)
        // is index 1 x 2 + 0 = 2 of the row-major matrix; the other three are estimates.
        let areas = [area("A", 19.0, 105.0, false), area("B", 19.1, 105.0, false)];
        let facilities = [facility("F", 19.0, 105.0), facility("G", 19.1, 105.0)];
        let overrides = [TravelOverride {
            area_id: "B".into(),
            facility_id: "F".into(),
            minutes: 30.0,
            method: TravelMethod::Measured,
            distance_km: Some(12.0),
        }];
        let m = travel_matrix(&areas, &facilities, &overrides, &AccessSettings::default());
        assert_eq!((m.method(1, 0), m.minutes(1, 0), m.distance_km(1, 0)), (TravelMethod::Measured, 30.0, 12.0));
        for (a, f) in [(0, 0), (0, 1), (1, 1)] {
            assert_eq!(m.method(a, f), TravelMethod::StraightLine, "({a}, {f})");
        }
    }
}
