//! Travel times over the OpenStreetMap road network (`--roads FILE.osm.pbf`).
//!
//! In: the road and ferry ways read by `load::osm` and the commune centres and facilities.
//! Out: a [`NetworkMatrix`] of commune -> facility travel time and road distance, with the
//! snapping distance of every point, turned into overrides of the straight-line estimate by
//! [`NetworkMatrix::overrides`].
//!
//! - **Which ways.** Those a motorbike may use (the way most learners travel): the classes of
//!   [`RoadSettings::speed_kmh`] (motorways are left out: motorbikes are not allowed on
//!   Vietnamese expressways), not `access=no/private/...` unless `motorcycle`/`motor_vehicle`
//!   says yes, plus ferry routes (`route=ferry`). One-way rules (`oneway`, `oneway:motorcycle`,
//!   roundabouts) are kept.
//! - **How fast.** A speed per class, times [`RoadSettings::unpaved_factor`] on unpaved
//!   surfaces; a ferry takes its `duration` tag when it has one, else its length at
//!   [`RoadSettings::ferry_kmh`], plus [`RoadSettings::ferry_boarding_min`] to board.
//! - **Snapping.** Each point goes to the nearest node of a connected piece of network with at
//!   least [`RoadSettings::min_component_nodes`] nodes (a lone driveway would strand it); the
//!   leg to it is covered at [`RoadSettings::snap_kmh`]. A point further than
//!   [`RoadSettings::snap_max_km`] from any road is not snapped: its pairs keep the
//!   straight-line estimate and a warning names it.
//! - **Search.** One Dijkstra per facility over the reversed graph (times *to* the facility,
//!   so one-way streets count the way the learner rides), in parallel, stopping once every
//!   commune node is settled or at [`RoadSettings::max_minutes`]. A pair with no route within
//!   that keeps the straight-line estimate, with a warning.
//!
//! Time = snap leg of the commune + network time + snap leg of the facility; distance
//! likewise. Both legs and every edge are great-circle lengths, so a network distance is
//! never shorter than the great-circle distance between the two points.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::geometry::haversine_km;
use crate::load::osm::{BoundingBox, RawRoads, RawWay};
use crate::model::{Area, Facility, TravelMethod, TravelOverride};
use crate::settings::{RoadBoardingMin, RoadFerryKmh, RoadSpeedKmh, SearchMinutes, SnapKm, UnpavedFactor};

/// Road settings; the defaults are documented in `docs/METHODOLOGY.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoadSettings {
    /// Motorbike speed by OSM `highway` class (km/h); `*_link` takes its class's speed. A
    /// class not listed is not used.
    pub speed_kmh: BTreeMap<String, f64>,
    /// Speed factor on unpaved surfaces (`surface=unpaved/dirt/gravel/...`).
    pub unpaved_factor: f64,
    pub ferry_kmh: f64,
    pub ferry_boarding_min: f64,
    /// Speed of the leg from a point to its nearest road node.
    pub snap_kmh: f64,
    /// Beyond this distance from any road a point is not snapped (straight-line fallback).
    pub snap_max_km: f64,
    /// Margin around the communes and facilities within which roads are read.
    pub margin_km: f64,
    /// The search stops at this travel time; longer pairs keep the straight-line estimate.
    pub max_minutes: f64,
    /// Smallest connected piece of network a point may be snapped to.
    pub min_component_nodes: usize,
}

/// Default motorbike speeds (km/h) by road class. The legal limits for motorbikes are 60-70
/// km/h outside residential areas and 50-60 km/h inside (Circular 38/2024/TT-BGTVT, before
/// it Circular 31/2019/TT-BGTVT); these are typical riding speeds below them, in mixed
/// traffic, to be calibrated against measured times in `travel.csv`.
pub(crate) const DEFAULT_SPEEDS_KMH: [(&str, f64); 11] = [
    ("trunk", 50.0),
    ("primary", 45.0),
    ("secondary", 40.0),
    ("tertiary", 35.0),
    ("unclassified", 30.0),
    ("road", 30.0),
    ("residential", 25.0),
    ("living_street", 15.0),
    ("service", 15.0),
    ("track", 15.0),
    ("busway", 0.0),
];

impl Default for RoadSettings {
    fn default() -> Self {
        RoadSettings {
            speed_kmh: DEFAULT_SPEEDS_KMH.iter().filter(|(_, v)| *v > 0.0).map(|(k, v)| (k.to_string(), *v)).collect(),
            unpaved_factor: 0.6,
            ferry_kmh: 15.0,
            ferry_boarding_min: 20.0,
            snap_kmh: 10.0,
            snap_max_km: 2.0,
            margin_km: 30.0,
            max_minutes: 300.0,
            min_component_nodes: 50,
        }
    }
}

/// A scenario file's `[roads]` section: only the settings it names change, the others keep
/// their defaults (a `speed_kmh` table with one class changes that class only).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoadsSpec {
    #[serde(default)]
    pub(crate) speed_kmh: BTreeMap<String, RoadSpeedKmh>,
    pub(crate) unpaved_factor: Option<UnpavedFactor>,
    pub(crate) ferry_kmh: Option<RoadFerryKmh>,
    pub(crate) ferry_boarding_min: Option<RoadBoardingMin>,
    pub(crate) snap_max_km: Option<SnapKm>,
    pub(crate) max_minutes: Option<SearchMinutes>,
}

impl RoadsSpec {
    /// `base` with this section's values.
    pub(crate) fn apply(&self, base: &RoadSettings) -> RoadSettings {
        let mut s = base.clone();
        for (class, &v) in &self.speed_kmh {
            s.speed_kmh.insert(class.clone(), v.get());
        }
        s.unpaved_factor = self.unpaved_factor.map_or(s.unpaved_factor, UnpavedFactor::get);
        s.ferry_kmh = self.ferry_kmh.map_or(s.ferry_kmh, RoadFerryKmh::get);
        s.ferry_boarding_min = self.ferry_boarding_min.map_or(s.ferry_boarding_min, RoadBoardingMin::get);
        s.snap_max_km = self.snap_max_km.map_or(s.snap_max_km, SnapKm::get);
        s.max_minutes = self.max_minutes.map_or(s.max_minutes, SearchMinutes::get);
        s
    }

    /// The road classes are known (each value was checked into its type when read), each
    /// problem under its key (`roads.speed_kmh.primary`).
    pub(crate) fn check(&self, c: &mut crate::check::Checks) {
        c.section("speed_kmh", |c| {
            for class in self.speed_kmh.keys() {
                if !DEFAULT_SPEEDS_KMH.iter().any(|(k, _)| k == class) {
                    let known: Vec<&str> = DEFAULT_SPEEDS_KMH.iter().map(|(k, _)| *k).collect();
                    c.problem(
                        class,
                        format!(
                            "unknown road class '{class}' (OpenStreetMap highway=...); the known classes are {}",
                            known.join(", ")
                        ),
                    );
                }
            }
        });
    }
}

/// The road network a report's times came from, for its assumptions table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct RoadsUsed {
    pub(crate) settings: RoadSettings,
    /// Whether a scenario file's `[roads]` changed the defaults.
    pub(crate) from_scenario: bool,
    /// File name of the extract.
    pub(crate) extract: String,
    /// First 12 hex digits of its SHA-256.
    pub(crate) sha256_prefix: String,
    /// Date of the data (`YYYY-MM-DD`, the extract header's replication timestamp), when given.
    pub(crate) date: Option<String>,
    /// Commune centres and facilities of the report further than the snapping threshold from
    /// any road: their times are straight-line estimates.
    pub(crate) fallback_points: usize,
}

const UNPAVED: [&str; 13] = [
    "unpaved",
    "dirt",
    "earth",
    "ground",
    "gravel",
    "fine_gravel",
    "compacted",
    "mud",
    "sand",
    "grass",
    "pebblestone",
    "rock",
    "wood",
];
const DENIED: [&str; 7] = ["no", "private", "agricultural", "forestry", "delivery", "military", "emergency"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Direction {
    Both,
    Forward,
    Backward,
}

/// How a way is travelled: speed (or a fixed ferry time), direction, ferry or not.
#[derive(Debug, Clone, Copy, PartialEq)]
struct WayUse {
    speed_kmh: f64,
    /// A ferry's whole crossing time from its `duration` tag.
    fixed_minutes: Option<f64>,
    direction: Direction,
    ferry: bool,
}

/// `duration` of a ferry: `HH:MM`, `HH:MM:SS` or minutes.
fn parse_duration_min(text: &str) -> Option<f64> {
    let parts: Vec<f64> = text.trim().split(':').map(|p| p.trim().parse::<f64>().ok()).collect::<Option<_>>()?;
    let minutes = match parts[..] {
        [m] => m,
        [h, m] => h * 60.0 + m,
        [h, m, s] => h * 60.0 + m + s / 60.0,
        _ => return None,
    };
    (minutes.is_finite() && minutes > 0.0).then_some(minutes)
}

fn way_use(way: &RawWay, settings: &RoadSettings) -> Option<WayUse> {
    if way.tag("area") == Some("yes") {
        return None;
    }
    // The most specific access tag present decides.
    let access = ["motorcycle", "motor_vehicle", "vehicle", "access"].iter().find_map(|k| way.tag(k));
    if access.is_some_and(|v| DENIED.contains(&v)) {
        return None;
    }
    let ferry = way.tag("route") == Some("ferry");
    let (speed_kmh, fixed_minutes) = if ferry {
        (settings.ferry_kmh, way.tag("duration").and_then(parse_duration_min))
    } else {
        let class = way.tag("highway")?;
        let class = class.strip_suffix("_link").unwrap_or(class);
        let mut speed = *settings.speed_kmh.get(class)?;
        if way.tag("surface").is_some_and(|s| UNPAVED.contains(&s)) {
            speed *= settings.unpaved_factor;
        }
        (speed, None)
    };
    if speed_kmh <= 0.0 {
        return None;
    }
    let oneway = way.tag("oneway:motorcycle").or(way.tag("oneway"));
    let roundabout = matches!(way.tag("junction"), Some("roundabout" | "circular"));
    let direction = match oneway {
        Some("yes" | "true" | "1") => Direction::Forward,
        Some("-1" | "reverse") => Direction::Backward,
        Some("no" | "false" | "0") => Direction::Both,
        _ if roundabout => Direction::Forward,
        _ => Direction::Both,
    };
    Some(WayUse { speed_kmh, fixed_minutes, direction, ferry })
}

/// The road graph in compressed sparse rows, stored reversed: the edges *into* each node.
#[derive(Debug, Clone)]
pub struct RoadGraph {
    pub lat: Vec<f64>,
    pub lon: Vec<f64>,
    /// Edges into node v: `first_in[v]..first_in[v + 1]`.
    first_in: Vec<u32>,
    from: Vec<u32>,
    minutes: Vec<f32>,
    km: Vec<f32>,
    /// Size of the (weakly) connected piece each node belongs to.
    component_nodes: Vec<u32>,
    pub ferry_edges: usize,
}

impl RoadGraph {
    pub fn n_nodes(&self) -> usize {
        self.lat.len()
    }

    pub(crate) fn n_edges(&self) -> usize {
        self.from.len()
    }
}

/// Builds the graph of the ways a motorbike may use, inside `bbox`.
pub fn build_graph(raw: &RawRoads, bbox: &BoundingBox, settings: &RoadSettings) -> RoadGraph {
    // (from, to, minutes, km, ferry) with raw node numbers.
    let mut edges: Vec<(u32, u32, f32, f32, bool)> = Vec::new();
    for way in &raw.ways {
        let Some(usage) = way_use(way, settings) else { continue };
        let legs: Vec<(u32, u32, f64)> = way
            .nodes
            .windows(2)
            .filter(|w| w[0] != w[1] && raw.has_node(w[0]) && raw.has_node(w[1]))
            .filter(|w| {
                let (a, b) = (w[0] as usize, w[1] as usize);
                bbox.contains(raw.lat[a], raw.lon[a]) && bbox.contains(raw.lat[b], raw.lon[b])
            })
            .map(|w| {
                let (a, b) = (w[0] as usize, w[1] as usize);
                (w[0], w[1], haversine_km(raw.lat[a], raw.lon[a], raw.lat[b], raw.lon[b]))
            })
            .collect();
        if legs.is_empty() {
            continue;
        }
        let way_km: f64 = legs.iter().map(|l| l.2).sum();
        let first = way.nodes[0];
        let last = *way.nodes.last().expect("a way with legs has nodes");
        for &(a, b, km) in &legs {
            let mut minutes = match usage.fixed_minutes {
                Some(total) if way_km > 0.0 => total * km / way_km,
                _ => km / usage.speed_kmh * 60.0,
            };
            let boarding = |start: u32| if usage.ferry && (start == first || start == last) { 1.0 } else { 0.0 };
            if usage.direction != Direction::Backward {
                minutes += boarding(a) * settings.ferry_boarding_min;
                edges.push((a, b, minutes as f32, km as f32, usage.ferry));
            }
            if usage.direction != Direction::Forward {
                let back = match usage.fixed_minutes {
                    Some(total) if way_km > 0.0 => total * km / way_km,
                    _ => km / usage.speed_kmh * 60.0,
                } + boarding(b) * settings.ferry_boarding_min;
                edges.push((b, a, back as f32, km as f32, usage.ferry));
            }
        }
    }
    // Compact node numbers: only nodes on an edge, in Z-order of their coordinates, so that
    // nodes near each other on the ground sit near each other in memory (a search touches a
    // compact area: this keeps it in the cache).
    const UNUSED: u32 = u32::MAX;
    let mut number = vec![UNUSED; raw.lat.len()];
    for e in &edges {
        number[e.0 as usize] = 0;
        number[e.1 as usize] = 0;
    }
    let mut used: Vec<u32> = (0..raw.lat.len() as u32).filter(|&v| number[v as usize] != UNUSED).collect();
    used.par_sort_unstable_by_key(|&v| (z_order(raw.lat[v as usize], raw.lon[v as usize]), v));
    let lat: Vec<f64> = used.iter().map(|&v| raw.lat[v as usize]).collect();
    let lon: Vec<f64> = used.iter().map(|&v| raw.lon[v as usize]).collect();
    for (i, &v) in used.iter().enumerate() {
        number[v as usize] = i as u32;
    }
    drop(used);
    for e in &mut edges {
        e.0 = number[e.0 as usize];
        e.1 = number[e.1 as usize];
    }
    drop(number);
    let n = lat.len();
    edges.sort_unstable_by_key(|e| (e.1, e.0));
    let mut first_in = vec![0u32; n + 1];
    for e in &edges {
        first_in[e.1 as usize + 1] += 1;
    }
    for v in 0..n {
        first_in[v + 1] += first_in[v];
    }
    // Connected pieces by union-find over the undirected edges.
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn root(parent: &mut [u32], mut v: u32) -> u32 {
        while parent[v as usize] != v {
            parent[v as usize] = parent[parent[v as usize] as usize];
            v = parent[v as usize];
        }
        v
    }
    for e in &edges {
        let (a, b) = (root(&mut parent, e.0), root(&mut parent, e.1));
        if a != b {
            parent[a.max(b) as usize] = a.min(b);
        }
    }
    let roots: Vec<u32> = (0..n as u32).map(|v| root(&mut parent, v)).collect();
    let mut size = vec![0u32; n];
    for &r in &roots {
        size[r as usize] += 1;
    }
    RoadGraph {
        component_nodes: roots.iter().map(|&r| size[r as usize]).collect(),
        ferry_edges: edges.iter().filter(|e| e.4).count(),
        first_in,
        from: edges.iter().map(|e| e.0).collect(),
        minutes: edges.iter().map(|e| e.2).collect(),
        km: edges.iter().map(|e| e.3).collect(),
        lat,
        lon,
    }
}

/// Morton (Z-order) key of a coordinate: 24 bits of latitude and longitude interleaved.
fn z_order(lat: f64, lon: f64) -> u64 {
    fn spread(v: u64) -> u64 {
        let mut x = v & 0xFFFF_FFFF;
        x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF;
        x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF;
        x = (x | (x << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
        x = (x | (x << 2)) & 0x3333_3333_3333_3333;
        (x | (x << 1)) & 0x5555_5555_5555_5555
    }
    let q = |v: f64, lo: f64, span: f64| (((v - lo) / span).clamp(0.0, 1.0) * f64::from(0xFF_FFFF)) as u64;
    spread(q(lat, -90.0, 180.0)) | (spread(q(lon, -180.0, 360.0)) << 1)
}

/// Where a point joins the network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snap {
    /// Graph node, `None` when no road is within [`RoadSettings::snap_max_km`].
    pub node: Option<u32>,
    /// Distance to that node (km); NaN when not snapped.
    pub km: f64,
}

const CELL_DEG: f64 = 0.01;

/// Nearest-node lookup on a grid of 0.01 degree cells.
struct SnapIndex {
    cells: HashMap<(i32, i32), Vec<u32>>,
}

impl SnapIndex {
    fn new(graph: &RoadGraph, min_component_nodes: usize) -> Self {
        let mut cells: HashMap<(i32, i32), Vec<u32>> = HashMap::default();
        for v in 0..graph.n_nodes() {
            if graph.component_nodes[v] as usize >= min_component_nodes {
                cells.entry(cell(graph.lat[v], graph.lon[v])).or_default().push(v as u32);
            }
        }
        SnapIndex { cells }
    }

    fn snap(&self, graph: &RoadGraph, lat: f64, lon: f64, max_km: f64) -> Snap {
        let dlat = max_km / 110.574;
        let dlon = max_km / (111.320 * lat.to_radians().cos().max(0.01));
        let (lo, hi) = (cell(lat - dlat, lon - dlon), cell(lat + dlat, lon + dlon));
        let mut best = Snap { node: None, km: f64::NAN };
        for i in lo.0..=hi.0 {
            for j in lo.1..=hi.1 {
                for &v in self.cells.get(&(i, j)).map(Vec::as_slice).unwrap_or(&[]) {
                    let d = haversine_km(lat, lon, graph.lat[v as usize], graph.lon[v as usize]);
                    if d <= max_km && best.node.is_none_or(|_| d < best.km) {
                        best = Snap { node: Some(v), km: d };
                    }
                }
            }
        }
        best
    }
}

fn cell(lat: f64, lon: f64) -> (i32, i32) {
    ((lat / CELL_DEG).floor() as i32, (lon / CELL_DEG).floor() as i32)
}

/// Where one group's searches go: the box they stay in and the commune nodes they look for.
struct Reach {
    bbox: BoundingBox,
    /// Bit set over graph nodes.
    wanted: Vec<u64>,
    n_wanted: usize,
}

impl Reach {
    fn wants(&self, v: u32) -> bool {
        self.wanted[v as usize / 64] >> (v % 64) & 1 == 1
    }
}

/// Travel times to every graph node from which `target` is reached within `max_minutes`
/// without leaving `reach.bbox` (settled nodes only), stopping early once all wanted nodes
/// are settled. Returns (node, minutes, km) for the wanted nodes reached.
fn search_to(
    graph: &RoadGraph,
    target: u32,
    reach: &Reach,
    max_minutes: f64,
    scratch: &mut Scratch,
) -> Vec<(u32, f32, f32)> {
    let Scratch { minutes, km, touched } = scratch;
    for &v in touched.iter() {
        minutes[v as usize] = f32::INFINITY;
    }
    touched.clear();
    let mut heap = BinaryHeap::new();
    minutes[target as usize] = 0.0;
    km[target as usize] = 0.0;
    touched.push(target);
    heap.push(Reverse((0u32, target)));
    let mut found = Vec::new();
    while let Some(Reverse((bits, v))) = heap.pop() {
        let t = f32::from_bits(bits);
        if t > minutes[v as usize] {
            continue;
        }
        if f64::from(t) > max_minutes {
            break;
        }
        if reach.wants(v) {
            found.push((v, t, km[v as usize]));
            if found.len() == reach.n_wanted {
                break;
            }
        }
        let edges = graph.first_in[v as usize] as usize..graph.first_in[v as usize + 1] as usize;
        for e in edges {
            let u = graph.from[e];
            if !reach.bbox.contains(graph.lat[u as usize], graph.lon[u as usize]) {
                continue;
            }
            let next = t + graph.minutes[e];
            if next < minutes[u as usize] {
                if minutes[u as usize] == f32::INFINITY {
                    touched.push(u);
                }
                minutes[u as usize] = next;
                km[u as usize] = km[v as usize] + graph.km[e];
                // Non-negative floats order like their bit patterns.
                heap.push(Reverse((next.to_bits(), u)));
            }
        }
    }
    found
}

struct Scratch {
    minutes: Vec<f32>,
    km: Vec<f32>,
    touched: Vec<u32>,
}

/// Commune x facility times and distances over the network, with the snaps.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkMatrix {
    pub area_snaps: Vec<Snap>,
    pub(crate) facility_snaps: Vec<Snap>,
    /// The group (province) of each commune and facility; only pairs of one group are searched.
    pub(crate) area_group: Vec<u32>,
    pub(crate) facility_group: Vec<u32>,
    /// Row-major by commune; NaN where the network gives no time (straight-line fallback).
    pub(crate) minutes: Vec<f32>,
    pub(crate) km: Vec<f32>,
    pub(crate) graph_nodes: usize,
    pub(crate) graph_edges: usize,
    pub(crate) ferry_edges: usize,
}

/// A point to route from or to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

impl From<&Area> for Point {
    fn from(a: &Area) -> Self {
        Point { lat: a.lat, lon: a.lon }
    }
}

impl From<&Facility> for Point {
    fn from(f: &Facility) -> Self {
        Point { lat: f.lat, lon: f.lon }
    }
}

/// The box around the points plus the margin.
pub fn bounding_box(points: impl IntoIterator<Item = Point>, margin_km: f64) -> Option<BoundingBox> {
    let mut b: Option<BoundingBox> = None;
    for p in points {
        let bb = b.get_or_insert(BoundingBox { min_lat: p.lat, max_lat: p.lat, min_lon: p.lon, max_lon: p.lon });
        bb.min_lat = bb.min_lat.min(p.lat);
        bb.max_lat = bb.max_lat.max(p.lat);
        bb.min_lon = bb.min_lon.min(p.lon);
        bb.max_lon = bb.max_lon.max(p.lon);
    }
    b.map(|mut bb| {
        let dlat = margin_km / 110.574;
        let widest = bb.min_lat.abs().max(bb.max_lat.abs()).min(89.0);
        let dlon = margin_km / (111.320 * widest.to_radians().cos());
        bb.min_lat -= dlat;
        bb.max_lat += dlat;
        bb.min_lon -= dlon;
        bb.max_lon += dlon;
        bb
    })
}

/// Which origins each destination serves: origins and destinations carry a group (the
/// province), and a destination is searched only towards the origins of its own group,
/// inside the box around that group's points plus [`RoadSettings::margin_km`]. Empty lists
/// put everything in one group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Groups {
    pub(crate) origin: Vec<u32>,
    pub(crate) destination: Vec<u32>,
}

impl Groups {
    /// One group per distinct value of `origin_key`; a destination joins the group of the
    /// key it gives, or no group (never searched) when that key has no origin.
    pub fn by_key<'a>(
        origin_key: impl IntoIterator<Item = &'a str>,
        destination_key: impl IntoIterator<Item = &'a str>,
    ) -> Groups {
        let mut ids: HashMap<&str, u32> = HashMap::default();
        let origin: Vec<u32> = origin_key
            .into_iter()
            .map(|k| {
                let next = ids.len() as u32;
                *ids.entry(k).or_insert(next)
            })
            .collect();
        let destination = destination_key.into_iter().map(|k| ids.get(k).copied().unwrap_or(NO_GROUP)).collect();
        Groups { origin, destination }
    }

    fn resolve(&self, n_origins: usize, n_destinations: usize) -> (Vec<u32>, Vec<u32>) {
        let full = |list: &[u32], n: usize| if list.is_empty() { vec![0; n] } else { list.to_vec() };
        (full(&self.origin, n_origins), full(&self.destination, n_destinations))
    }
}

/// The group of a destination that serves no origin.
pub(crate) const NO_GROUP: u32 = u32::MAX;

/// The matrix from every origin to every destination over `graph`, all in one group.
pub fn network_matrix(
    graph: &RoadGraph,
    origins: &[Point],
    destinations: &[Point],
    settings: &RoadSettings,
) -> NetworkMatrix {
    network_matrix_grouped(graph, origins, destinations, &Groups::default(), settings)
}

/// The matrix from every origin to the destinations of its group over `graph`; pairs of two
/// groups are not searched (NaN, see [`NetworkMatrix::searched`]).
pub fn network_matrix_grouped(
    graph: &RoadGraph,
    origins: &[Point],
    destinations: &[Point],
    groups: &Groups,
    settings: &RoadSettings,
) -> NetworkMatrix {
    assert!(
        (groups.origin.is_empty() || groups.origin.len() == origins.len())
            && (groups.destination.is_empty() || groups.destination.len() == destinations.len()),
        "one group per point"
    );
    let (area_group, facility_group) = groups.resolve(origins.len(), destinations.len());
    let index = SnapIndex::new(graph, settings.min_component_nodes);
    let snap_all = |points: &[Point]| -> Vec<Snap> {
        points.par_iter().map(|p| index.snap(graph, p.lat, p.lon, settings.snap_max_km)).collect()
    };
    let area_snaps = snap_all(origins);
    let facility_snaps = snap_all(destinations);
    // Each group's box (its communes and facilities plus the margin) and commune nodes.
    let mut reaches: BTreeMap<u32, Reach> = BTreeMap::new();
    let words = graph.n_nodes().div_ceil(64);
    for (a, s) in area_snaps.iter().enumerate() {
        let reach = reaches.entry(area_group[a]).or_insert_with(|| Reach {
            bbox: bounding_box(
                origins
                    .iter()
                    .zip(&area_group)
                    .chain(destinations.iter().zip(&facility_group))
                    .filter(|(_, g)| **g == area_group[a])
                    .map(|(p, _)| *p),
                settings.margin_km,
            )
            .expect("the group has this origin"),
            wanted: vec![0; words],
            n_wanted: 0,
        });
        if let Some(v) = s.node
            && !reach.wants(v)
        {
            reach.wanted[v as usize / 64] |= 1 << (v % 64);
            reach.n_wanted += 1;
        }
    }
    // Origins by graph node (several communes may share one).
    let mut by_node: HashMap<u32, Vec<usize>> = HashMap::default();
    for (a, s) in area_snaps.iter().enumerate() {
        if let Some(v) = s.node {
            by_node.entry(v).or_default().push(a);
        }
    }
    let leg = |km: f64| km / settings.snap_kmh * 60.0;
    let n_f = destinations.len();
    let columns: Vec<Vec<(usize, f32, f32)>> = facility_snaps
        .par_iter()
        .zip(&facility_group)
        .map_init(
            || Scratch {
                minutes: vec![f32::INFINITY; graph.n_nodes()],
                km: vec![0.0; graph.n_nodes()],
                touched: Vec::new(),
            },
            |scratch, (fs, group)| {
                let (Some(target), Some(reach)) = (fs.node, reaches.get(group)) else { return Vec::new() };
                let mut out = Vec::new();
                for (v, t, km) in search_to(graph, target, reach, settings.max_minutes, scratch) {
                    for &a in by_node[&v].iter().filter(|&&a| area_group[a] == *group) {
                        let s = area_snaps[a].km;
                        out.push((a, (leg(s) + f64::from(t) + leg(fs.km)) as f32, (s + f64::from(km) + fs.km) as f32));
                    }
                }
                out
            },
        )
        .collect();
    let mut minutes = vec![f32::NAN; origins.len() * n_f];
    let mut km = vec![f32::NAN; origins.len() * n_f];
    for (f, column) in columns.into_iter().enumerate() {
        for (a, t, d) in column {
            minutes[a * n_f + f] = t;
            km[a * n_f + f] = d;
        }
    }
    NetworkMatrix {
        area_snaps,
        facility_snaps,
        area_group,
        facility_group,
        minutes,
        km,
        graph_nodes: graph.n_nodes(),
        graph_edges: graph.n_edges(),
        ferry_edges: graph.ferry_edges,
    }
}

impl NetworkMatrix {
    pub(crate) fn n_facilities(&self) -> usize {
        self.facility_snaps.len()
    }

    /// Whether the pair was searched (commune and facility of one group).
    pub fn searched(&self, area: usize, facility: usize) -> bool {
        self.area_group[area] == self.facility_group[facility]
    }

    /// Minutes and km of a pair, `None` when the network gives none.
    pub fn get(&self, area: usize, facility: usize) -> Option<(f64, f64)> {
        let cell = area * self.n_facilities() + facility;
        let t = self.minutes[cell];
        (!t.is_nan()).then(|| (f64::from(t), f64::from(self.km[cell])))
    }

    /// The network times as overrides of the straight-line estimate.
    pub(crate) fn overrides(&self, areas: &[Area], facilities: &[Facility]) -> Vec<TravelOverride> {
        let mut out = Vec::new();
        for (a, area) in areas.iter().enumerate() {
            for (f, facility) in facilities.iter().enumerate() {
                if let Some((minutes, km)) = self.get(a, f) {
                    out.push(TravelOverride {
                        area_id: area.area_id.clone(),
                        facility_id: facility.facility_id.clone(),
                        minutes,
                        method: TravelMethod::Network,
                        distance_km: Some(km),
                    });
                }
            }
        }
        out
    }

    /// Serialised for the cache: a magic line, then little-endian counts and values.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut b = CACHE_MAGIC.to_vec();
        for n in
            [self.area_snaps.len(), self.facility_snaps.len(), self.graph_nodes, self.graph_edges, self.ferry_edges]
        {
            b.extend((n as u64).to_le_bytes());
        }
        for s in self.area_snaps.iter().chain(&self.facility_snaps) {
            b.extend(s.node.unwrap_or(u32::MAX).to_le_bytes());
            b.extend(s.km.to_le_bytes());
        }
        for g in self.area_group.iter().chain(&self.facility_group) {
            b.extend(g.to_le_bytes());
        }
        for v in self.minutes.iter().chain(&self.km) {
            b.extend(v.to_le_bytes());
        }
        b
    }

    /// The matrix back from [`Self::to_bytes`]; `None` for anything else (then it is rebuilt).
    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<NetworkMatrix> {
        let mut rest = bytes.strip_prefix(CACHE_MAGIC)?;
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, tail) = rest.split_at_checked(n)?;
            rest = tail;
            Some(head)
        };
        let mut counts = [0usize; 5];
        for c in &mut counts {
            *c = usize::try_from(u64::from_le_bytes(take(8)?.try_into().ok()?)).ok()?;
        }
        let [n_a, n_f, graph_nodes, graph_edges, ferry_edges] = counts;
        let mut snaps = Vec::with_capacity(n_a.checked_add(n_f)?);
        for _ in 0..n_a + n_f {
            let node = u32::from_le_bytes(take(4)?.try_into().ok()?);
            let km = f64::from_le_bytes(take(8)?.try_into().ok()?);
            snaps.push(Snap { node: (node != u32::MAX).then_some(node), km });
        }
        let mut groups = Vec::with_capacity(n_a + n_f);
        for _ in 0..n_a + n_f {
            groups.push(u32::from_le_bytes(take(4)?.try_into().ok()?));
        }
        let cells = n_a.checked_mul(n_f)?;
        let mut values = Vec::with_capacity(cells.checked_mul(2)?);
        for _ in 0..2 * cells {
            values.push(f32::from_le_bytes(take(4)?.try_into().ok()?));
        }
        if !take(0)?.is_empty() || !rest.is_empty() {
            return None;
        }
        let km = values.split_off(cells);
        let facility_snaps = snaps.split_off(n_a);
        let facility_group = groups.split_off(n_a);
        Some(NetworkMatrix {
            area_snaps: snaps,
            facility_snaps,
            area_group: groups,
            facility_group,
            minutes: values,
            km,
            graph_nodes,
            graph_edges,
            ferry_edges,
        })
    }
}

const CACHE_MAGIC: &[u8] = b"tvetplan road matrix v2\n";

/// The cache key: SHA-256 of the extract's digest, the settings, every point and its group.
pub(crate) fn cache_key(
    extract_sha256: &str,
    settings: &RoadSettings,
    origins: &[Point],
    destinations: &[Point],
    groups: &Groups,
) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(extract_sha256.as_bytes());
    h.update(serde_json::to_string(settings).expect("settings serialise").as_bytes());
    for p in origins.iter().chain([&Point { lat: f64::NAN, lon: f64::NAN }]).chain(destinations) {
        h.update(p.lat.to_le_bytes());
        h.update(p.lon.to_le_bytes());
    }
    let (origin, destination) = groups.resolve(origins.len(), destinations.len());
    for g in origin.iter().chain(&destination) {
        h.update(g.to_le_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What a run reports about the network: sizes, snapping, methods, circuity.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NetworkSummary {
    pub graph_nodes: usize,
    pub(crate) graph_edges: usize,
    pub(crate) ferry_edges: usize,
    pub(crate) points: usize,
    pub(crate) points_unsnapped: usize,
    pub(crate) snap_km_median: f64,
    pub(crate) snap_km_max: f64,
    /// Pairs searched: commune and facility of one group (province).
    pub pairs: usize,
    pub pairs_network: usize,
    /// Network / great-circle distance over pairs more than 2 km apart: median, 10th and
    /// 90th percentiles.
    pub(crate) circuity_median: f64,
    pub(crate) circuity_p10: f64,
    pub(crate) circuity_p90: f64,
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

impl NetworkMatrix {
    pub fn summary(&self, origins: &[Point], destinations: &[Point]) -> NetworkSummary {
        let snaps: Vec<&Snap> = self.area_snaps.iter().chain(&self.facility_snaps).collect();
        let mut snap_km: Vec<f64> = snaps.iter().filter(|s| s.node.is_some()).map(|s| s.km).collect();
        snap_km.sort_by(f64::total_cmp);
        let n_f = destinations.len();
        let mut circuity = Vec::new();
        for (a, o) in origins.iter().enumerate() {
            for (f, d) in destinations.iter().enumerate() {
                if let Some((_, km)) = self.get(a, f) {
                    let straight = haversine_km(o.lat, o.lon, d.lat, d.lon);
                    if straight > 2.0 {
                        circuity.push(km / straight);
                    }
                }
            }
        }
        circuity.sort_by(f64::total_cmp);
        NetworkSummary {
            graph_nodes: self.graph_nodes,
            graph_edges: self.graph_edges,
            ferry_edges: self.ferry_edges,
            points: snaps.len(),
            points_unsnapped: snaps.iter().filter(|s| s.node.is_none()).count(),
            snap_km_median: quantile(&snap_km, 0.5),
            snap_km_max: snap_km.last().copied().unwrap_or(f64::NAN),
            pairs: (0..origins.len()).map(|a| (0..n_f).filter(|&f| self.searched(a, f)).count()).sum(),
            pairs_network: self.minutes.iter().filter(|m| !m.is_nan()).count(),
            circuity_median: quantile(&circuity, 0.5),
            circuity_p10: quantile(&circuity, 0.1),
            circuity_p90: quantile(&circuity, 0.9),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn way(tags: &[(&str, &str)], nodes: &[u32]) -> RawWay {
        RawWay { tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), nodes: nodes.to_vec() }
    }

    /// Four nodes 0.01 degree of latitude apart (1.112 km) on a meridian, plus one node 0.2
    /// degree east reached only by ferry from node 0.
    fn raw(ways: Vec<RawWay>) -> RawRoads {
        RawRoads { ways, lat: vec![10.0, 10.01, 10.02, 10.03, 10.0], lon: vec![106.0, 106.0, 106.0, 106.0, 106.2] }
    }

    fn points(coords: &[(f64, f64)]) -> Vec<Point> {
        coords.iter().map(|&(lat, lon)| Point { lat, lon }).collect()
    }

    fn settings() -> RoadSettings {
        RoadSettings { min_component_nodes: 1, ..RoadSettings::default() }
    }

    #[test]
    fn speed_follows_class_and_surface() {
        let s = RoadSettings::default();
        let primary = way_use(&way(&[("highway", "primary")], &[]), &s).expect("primary is used");
        assert_eq!(primary.speed_kmh, 45.0);
        let link = way_use(&way(&[("highway", "primary_link")], &[]), &s).expect("links are used");
        assert_eq!(link.speed_kmh, 45.0);
        let dirt = way_use(&way(&[("highway", "tertiary"), ("surface", "dirt")], &[]), &s).expect("used");
        assert!((dirt.speed_kmh - 35.0 * 0.6).abs() < 1e-12);
        for excluded in [
            vec![("highway", "motorway")],
            vec![("highway", "footway")],
            vec![("highway", "cycleway")],
            vec![("highway", "residential"), ("access", "private")],
            vec![("highway", "primary"), ("motorcycle", "no")],
        ] {
            assert_eq!(way_use(&way(&excluded, &[]), &s), None, "{excluded:?}");
        }
        // A more specific tag lifts a general ban.
        assert!(way_use(&way(&[("highway", "service"), ("access", "no"), ("motorcycle", "yes")], &[]), &s).is_some());
    }

    #[test]
    fn z_order_interleaves_latitude_and_longitude_bits() {
        // Just past the middle of each range sets that coordinate's top bit: longitude's (bit
        // 47) above latitude's (bit 46), so the south-west corner comes first, then north,
        // then east, then north-east.
        let keys = [z_order(-90.0, -180.0), z_order(1.0, -180.0), z_order(-90.0, 1.0), z_order(1.0, 1.0)];
        assert_eq!(keys[0], 0);
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:x?}");
        assert!(keys[1] >= 1 << 46 && keys[1] < 1 << 47, "{:x}", keys[1]);
        assert!(keys[2] >= 1 << 47 && keys[2] & (1 << 46) == 0, "{:x}", keys[2]);
        // Latitude bits on even positions only, longitude bits on odd ones.
        assert_eq!(z_order(90.0, -180.0), 0x5555_5555_5555 & ((1 << 48) - 1));
        assert_eq!(z_order(-90.0, 180.0), 0xAAAA_AAAA_AAAA);
    }

    #[test]
    fn a_roads_section_changes_only_what_it_names_and_is_range_checked() {
        let spec: RoadsSpec = toml::from_str("speed_kmh = { residential = 12 }\nferry_boarding_min = 30\n").unwrap();
        let s = spec.apply(&RoadSettings::default());
        assert_eq!(s.speed_kmh["residential"], 12.0);
        assert_eq!(s.speed_kmh["primary"], 45.0, "other classes keep their defaults");
        assert_eq!((s.ferry_boarding_min, s.ferry_kmh), (30.0, 15.0));
        let mut c = crate::check::Checks::default();
        spec.check(&mut c);
        assert!(c.problems.is_empty(), "{:?}", c.problems);

        // A value out of its range is refused when read.
        for (text, message) in [
            ("speed_kmh = { primary = 140 }", "must be greater than 0 and at most 130 (km/h), found 140"),
            ("speed_kmh = { track = 0 }", "must be greater than 0 and at most 130 (km/h), found 0"),
            ("ferry_kmh = -5", "must be greater than 0 and at most 60 (km/h), found -5"),
            ("ferry_boarding_min = 300", "must be between 0 and 240 (minutes), found 300"),
            ("snap_max_km = 0", "must be between 0.1 and 50 (km), found 0"),
            ("max_minutes = 5", "must be between 10 and 1440 (minutes), found 5"),
            ("unpaved_factor = 1.5", "must be between 0.1 and 1 (share of the paved speed), found 1.5"),
        ] {
            assert_eq!(toml::from_str::<RoadsSpec>(text).unwrap_err().message(), message, "{text}");
        }
        // An unknown class is refused after, with the known ones.
        let bad: RoadsSpec = toml::from_str("speed_kmh = { motorway = 80, primary = 50 }").unwrap();
        let mut c = crate::check::Checks::default();
        bad.check(&mut c);
        let found: Vec<(String, String)> = c.problems.iter().map(|p| (p.path.join("."), p.message.clone())).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "speed_kmh.motorway");
        assert!(found[0].1.contains("known classes are trunk, primary"), "{found:?}");
    }

    #[test]
    fn ferry_duration_is_parsed() {
        assert_eq!(parse_duration_min("00:20"), Some(20.0));
        assert_eq!(parse_duration_min("1:30:30"), Some(90.5));
        assert_eq!(parse_duration_min("45"), Some(45.0));
        assert_eq!(parse_duration_min("soon"), None);
    }

    #[test]
    fn one_way_streets_count_the_way_the_learner_rides() {
        // Commune at node 0, facility at node 3; the street runs 0 -> 3 one way.
        let r = raw(vec![way(&[("highway", "primary"), ("oneway", "yes")], &[0, 1, 2, 3])]);
        let g = build_graph(&r, &BoundingBox::world(), &settings());
        let there = network_matrix(&g, &points(&[(10.0, 106.0)]), &points(&[(10.03, 106.0)]), &settings());
        // 3 x 1.112 km at 45 km/h = 4.45 min; snap legs are zero.
        let (t, km) = there.get(0, 0).expect("reachable along the one-way street");
        assert!((km - 3.0 * 1.1119).abs() < 0.01, "{km}");
        assert!((t - km / 45.0 * 60.0).abs() < 0.01, "{t}");
        let back = network_matrix(&g, &points(&[(10.03, 106.0)]), &points(&[(10.0, 106.0)]), &settings());
        assert_eq!(back.get(0, 0), None, "against the one-way street there is no route");
    }

    #[test]
    fn a_ferry_adds_its_boarding_time_and_is_used_only_when_needed() {
        let ferry = way(&[("route", "ferry")], &[0, 4]);
        let r = raw(vec![way(&[("highway", "primary")], &[0, 1, 2, 3]), ferry]);
        let s = settings();
        let g = build_graph(&r, &BoundingBox::world(), &s);
        assert_eq!(g.ferry_edges, 2);
        let m = network_matrix(&g, &points(&[(10.03, 106.0)]), &points(&[(10.0, 106.2)]), &s);
        let (t, km) = m.get(0, 0).expect("reachable by road then ferry");
        let crossing = haversine_km(10.0, 106.0, 10.0, 106.2);
        let road = haversine_km(10.03, 106.0, 10.0, 106.0);
        assert!((km - (road + crossing)).abs() < 0.01, "{km}");
        let expected = road / 45.0 * 60.0 + 20.0 + crossing / 15.0 * 60.0;
        assert!((t - expected).abs() < 0.01, "{t} vs {expected}");
    }

    #[test]
    fn a_point_far_from_roads_is_not_snapped_and_keeps_no_network_time() {
        let r = raw(vec![way(&[("highway", "primary")], &[0, 1, 2, 3])]);
        let g = build_graph(&r, &BoundingBox::world(), &settings());
        // 0.1 degree east of the road: 10.9 km away, beyond the 2 km threshold.
        let m =
            network_matrix(&g, &points(&[(10.01, 106.1), (10.0105, 106.0)]), &points(&[(10.03, 106.0)]), &settings());
        assert_eq!(m.area_snaps[0].node, None);
        assert_eq!(m.get(0, 0), None);
        // 0.0005 degree (55.6 m) off node 1: snapped, with a leg at 10 km/h.
        assert!((m.area_snaps[1].km - 0.0556).abs() < 0.001);
        let (t, _) = m.get(1, 0).expect("snapped");
        let expected = m.area_snaps[1].km / 10.0 * 60.0 + 2.0 * 1.1119 / 45.0 * 60.0;
        assert!((t - expected).abs() < 0.01, "{t} vs {expected}");
    }

    #[test]
    fn the_search_stops_at_the_time_limit() {
        let r = raw(vec![way(&[("highway", "track")], &[0, 1, 2, 3])]);
        // 3.34 km at 15 km/h = 13.3 min, beyond a 10-minute limit.
        let s = RoadSettings { max_minutes: 10.0, ..settings() };
        let g = build_graph(&r, &BoundingBox::world(), &s);
        let m = network_matrix(&g, &points(&[(10.0, 106.0), (10.01, 106.0)]), &points(&[(10.03, 106.0)]), &s);
        assert_eq!(m.get(0, 0), None);
        assert!(m.get(1, 0).is_some());
    }

    #[test]
    fn small_pieces_of_network_are_not_snapped_to() {
        // A lone two-node service road right at the point, the main road 1.1 km away.
        let mut r = raw(vec![way(&[("highway", "primary")], &[0, 1, 2, 3]), way(&[("highway", "service")], &[4, 5])]);
        r.lat.push(10.0);
        r.lon.push(106.2001);
        let s = RoadSettings { min_component_nodes: 3, snap_max_km: 30.0, ..RoadSettings::default() };
        let g = build_graph(&r, &BoundingBox::world(), &s);
        let m = network_matrix(&g, &points(&[(10.0, 106.2)]), &points(&[(10.03, 106.0)]), &s);
        assert!(m.area_snaps[0].km > 20.0, "{:?}", m.area_snaps[0]);
    }

    #[test]
    fn a_group_is_searched_only_within_its_box_and_never_towards_another_group() {
        // Commune at node 0 and facility at node 3 on the meridian, joined only by a road out
        // east through node 4 (0.2 degree, 21.9 km east) and back; a second facility at node 1
        // belongs to another group.
        let mut r = raw(vec![way(&[("highway", "primary")], &[0, 4, 3]), way(&[("highway", "primary")], &[1, 2])]);
        r.lat[4] = 10.015;
        let s = settings();
        let g = build_graph(&r, &BoundingBox::world(), &s);
        let origins = points(&[(10.0, 106.0)]);
        let destinations = points(&[(10.03, 106.0), (10.01, 106.0)]);
        let apart = Groups { origin: vec![7], destination: vec![7, 8] };
        // The detour reaches 21.9 km east of the box around the points: inside a 30 km margin...
        let wide = network_matrix_grouped(&g, &origins, &destinations, &apart, &s);
        let one = network_matrix(&g, &origins, &destinations, &s);
        assert!(wide.get(0, 0).is_some());
        assert_eq!(wide.get(0, 0), one.get(0, 0), "within the margin the bound changes nothing");
        assert!(wide.searched(0, 0) && !wide.searched(0, 1));
        assert_eq!(wide.get(0, 1), None, "another group's facility is not searched");
        assert!(one.searched(0, 1));
        // ...but outside a 10 km one: no route inside the box.
        let narrow =
            network_matrix_grouped(&g, &origins, &destinations, &apart, &RoadSettings { margin_km: 10.0, ..s });
        assert_eq!(narrow.get(0, 0), None);
        let summary = narrow.summary(&origins, &destinations);
        assert_eq!((summary.pairs, summary.pairs_network), (1, 0));
    }

    #[test]
    fn groups_follow_the_keys_and_a_facility_of_no_commune_group_serves_none() {
        let g = Groups::by_key(["P1", "P2", "P1"], ["P2", "P1", "P9"]);
        assert_eq!(g.origin, vec![0, 1, 0]);
        assert_eq!(g.destination, vec![1, 0, NO_GROUP]);
    }

    #[test]
    fn the_cache_bytes_round_trip_and_reject_anything_else() {
        let r = raw(vec![way(&[("highway", "primary")], &[0, 1, 2, 3])]);
        let g = build_graph(&r, &BoundingBox::world(), &settings());
        let m = network_matrix(&g, &points(&[(10.0, 106.0), (10.0, 107.0)]), &points(&[(10.03, 106.0)]), &settings());
        let bytes = m.to_bytes();
        let back = NetworkMatrix::from_bytes(&bytes).expect("round trip");
        assert_eq!(back.area_group, m.area_group);
        assert_eq!(back.get(0, 0), m.get(0, 0));
        assert_eq!(back.area_snaps[1].node, None);
        assert!(back.area_snaps[1].km.is_nan());
        assert_eq!(NetworkMatrix::from_bytes(&bytes[..bytes.len() - 1]), None);
        assert_eq!(NetworkMatrix::from_bytes(b"something else"), None);
    }

    #[test]
    fn the_cache_key_changes_with_settings_and_points() {
        let p = points(&[(10.0, 106.0)]);
        let one = Groups::default();
        let base = cache_key("abc", &RoadSettings::default(), &p, &p, &one);
        let slower = RoadSettings { ferry_kmh: 10.0, ..RoadSettings::default() };
        assert_ne!(base, cache_key("abc", &slower, &p, &p, &one));
        assert_ne!(base, cache_key("abd", &RoadSettings::default(), &p, &p, &one));
        assert_ne!(base, cache_key("abc", &RoadSettings::default(), &p, &points(&[(10.0, 106.1)]), &one));
        let apart = Groups { origin: vec![0], destination: vec![1] };
        assert_ne!(base, cache_key("abc", &RoadSettings::default(), &p, &p, &apart));
        assert_eq!(
            base,
            cache_key("abc", &RoadSettings::default(), &p, &p, &Groups { origin: vec![0], destination: vec![0] })
        );
        assert_eq!(base, cache_key("abc", &RoadSettings::default(), &p, &p, &one));
    }
}
