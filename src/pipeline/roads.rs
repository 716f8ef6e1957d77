//! `--roads FILE.osm.pbf`: network travel times for a run or for `locate`, from the cache
//! when it holds this extract, these settings and these points, else read, routed and cached.
//!
//! The cache sits in a `tvetplan-cache/` folder in the data folder (beside the extract for
//! the embedded demo and for `locate`), one file per key: the SHA-256 of the extract's
//! SHA-256, the road settings and every point's coordinates. A stale or damaged file is never
//! read as valid: its key no longer matches, or its bytes do not parse, and it is rebuilt.

use std::path::{Path, PathBuf};

use crate::access::roads::{self, Groups, NetworkMatrix, NetworkSummary, Point, RoadSettings, RoadsUsed};
use crate::error::{Error, Issue, Issues, Result};
use crate::load::osm;
use crate::model::Dataset;
use crate::report;

/// The network matrix and where it came from.
#[derive(Debug, Clone)]
pub struct RoadTimes {
    pub(crate) matrix: NetworkMatrix,
    pub summary: NetworkSummary,
    pub(crate) cache_file: PathBuf,
    pub from_cache: bool,
    /// SHA-256 of the extract.
    pub(crate) sha256: String,
    /// Date of its data (`YYYY-MM-DD`), from its header, when given.
    pub(crate) date: Option<String>,
}

pub(crate) const CACHE_FOLDER: &str = "tvetplan-cache";

/// Network times between `origins` and the `destinations` of their group (province, see
/// [`Groups`]) over the roads of `extract`.
pub fn road_times(
    extract: &Path,
    cache_dir: &Path,
    origins: &[Point],
    destinations: &[Point],
    groups: &Groups,
    settings: &RoadSettings,
) -> Result<RoadTimes> {
    if !extract.is_file() {
        return Err(Error::invalid_one(Issue {
            severity: crate::error::Severity::Error,
            file: extract.display().to_string(),
            line: None,
            column: None,
            message: format!("the road extract {} does not exist", extract.display()),
        }));
    }
    let digest = osm::file_sha256(extract)?;
    let key = roads::cache_key(&digest, settings, origins, destinations, groups);
    let cache_file = cache_dir.join(CACHE_FOLDER).join(format!("roads-{}.bin", &key[..32]));
    let cached = osm::read_cache(&cache_file)
        .and_then(|bytes| NetworkMatrix::from_bytes(&bytes))
        .filter(|m| m.area_snaps.len() == origins.len() && m.facility_snaps.len() == destinations.len());
    let (matrix, from_cache) = match cached {
        Some(m) => (m, true),
        None => {
            let bbox = roads::bounding_box(origins.iter().chain(destinations).copied(), settings.margin_km)
                .unwrap_or_else(osm::BoundingBox::world);
            let raw = osm::read_roads(extract, &bbox)?;
            let graph = roads::build_graph(&raw, &bbox, settings);
            drop(raw);
            let m = roads::network_matrix_grouped(&graph, origins, destinations, groups, settings);
            report::write_file(&cache_file, &m.to_bytes(), true)?;
            (m, false)
        }
    };
    let summary = matrix.summary(origins, destinations);
    let date = osm::extract_date(extract)?;
    Ok(RoadTimes { matrix, summary, cache_file, from_cache, sha256: digest, date })
}

/// The road network of a run (`--roads`): its times, the extract, the settings and whether a
/// scenario file set them.
pub(crate) struct RunRoads {
    pub(crate) times: RoadTimes,
    pub(crate) extract: PathBuf,
    pub(crate) settings: RoadSettings,
    pub(crate) from_scenario: bool,
}

impl RunRoads {
    /// What one unit's report says about the network.
    pub(crate) fn used_for(&self, all: &Dataset, unit: &Dataset) -> RoadsUsed {
        used_for(all, &self.times, unit, &self.extract, &self.settings, self.from_scenario)
    }
}

/// The travel times of `data` over the roads of `extract` (none without one), each
/// facility's searches within its province; a `[roads]` section of the scenarios without an
/// extract is a warning.
pub(crate) fn prepare(
    extract: Option<&Path>,
    source: &crate::load::DataSource,
    list: &[crate::scenario::Scenario],
    data: &mut super::LoadedData,
    timings: &mut super::Timings,
) -> Result<Option<RunRoads>> {
    let (settings, from_scenario) = run_settings(list)?;
    let Some(extract) = extract else {
        if from_scenario {
            data.warnings.push(unused_section_warning(list));
        }
        return Ok(None);
    };
    let cache_dir = match source {
        crate::load::DataSource::Dir(dir) => dir.clone(),
        crate::load::DataSource::Embedded => extract.parent().map(PathBuf::from).unwrap_or_default(),
    };
    let ds = &data.dataset;
    let origins: Vec<_> = ds.areas.iter().map(Into::into).collect();
    let destinations: Vec<_> = ds.facilities.iter().map(Into::into).collect();
    // A facility's searches stay within its province (plus the margin): the reports pair
    // communes only with the facilities of their own province.
    let province_of: rustc_hash::FxHashMap<&str, &str> =
        ds.areas.iter().map(|a| (a.area_id.as_str(), a.province_id.as_str())).collect();
    let groups = Groups::by_key(
        ds.areas.iter().map(|a| a.province_id.as_str()),
        ds.facilities.iter().map(|f| province_of.get(f.area_id.as_str()).copied().unwrap_or_default()),
    );
    let times =
        timings.time("roads", || road_times(extract, &cache_dir, &origins, &destinations, &groups, &settings))?;
    let warnings = apply(&mut data.dataset, &times, extract, &settings);
    data.warnings.extend(warnings);
    Ok(Some(RunRoads { times, extract: extract.to_path_buf(), settings, from_scenario }))
}

/// The road settings of a run, and whether a scenario file changed them: the defaults with
/// the `[roads]` section of the scenario files. The network is computed once per run, so
/// every file that has a `[roads]` section must give the same one; files without one share it.
pub(crate) fn run_settings(list: &[crate::scenario::Scenario]) -> Result<(RoadSettings, bool)> {
    let mut with: Vec<&crate::scenario::Scenario> = list.iter().filter(|s| s.roads.is_some()).collect();
    let Some(first) = with.first().copied() else { return Ok((RoadSettings::default(), false)) };
    with.retain(|s| s.roads != first.roads);
    if let Some(other) = with.first() {
        let file = |s: &crate::scenario::Scenario| s.file.clone().unwrap_or_else(|| s.name.clone());
        return Err(Error::Usage(format!(
            "{} and {} have different [roads] sections; the road network is computed once per run, so give the \
             same [roads] in both (or in one file only: the others share it)",
            file(first),
            file(other)
        )));
    }
    let spec = first.roads.as_ref().expect("kept for having one");
    Ok((spec.apply(&RoadSettings::default()), true))
}

/// The warning for a `[roads]` section in a run without `--roads`.
pub(crate) fn unused_section_warning(list: &[crate::scenario::Scenario]) -> Issue {
    let file = list.iter().find(|s| s.roads.is_some()).and_then(|s| s.file.clone()).unwrap_or_default();
    Issue {
        severity: crate::error::Severity::Warning,
        file,
        line: None,
        column: Some("roads".into()),
        message: "the [roads] section is not used: the run has no road extract (--roads FILE.osm.pbf), so travel \
                  times are straight-line estimates"
            .into(),
    }
}

/// What one report says about the network: the settings, the extract, and how many of its
/// commune centres and facilities were too far from any road (straight-line fallback).
pub(crate) fn used_for(
    all: &Dataset,
    times: &RoadTimes,
    unit: &Dataset,
    extract: &Path,
    settings: &RoadSettings,
    from_scenario: bool,
) -> RoadsUsed {
    use rustc_hash::FxHashSet as HashSet;
    let areas: HashSet<&str> = unit.areas.iter().map(|a| a.area_id.as_str()).collect();
    let facilities: HashSet<&str> = unit.facilities.iter().map(|f| f.facility_id.as_str()).collect();
    let unsnapped_areas = all
        .areas
        .iter()
        .zip(&times.matrix.area_snaps)
        .filter(|(a, s)| s.node.is_none() && areas.contains(a.area_id.as_str()))
        .count();
    let unsnapped_facilities = all
        .facilities
        .iter()
        .zip(&times.matrix.facility_snaps)
        .filter(|(f, s)| s.node.is_none() && facilities.contains(f.facility_id.as_str()))
        .count();
    RoadsUsed {
        settings: settings.clone(),
        from_scenario,
        extract: extract
            .file_name()
            .map_or_else(|| extract.display().to_string(), |n| n.to_string_lossy().into_owned()),
        sha256_prefix: times.sha256.chars().take(12).collect(),
        date: times.date.clone(),
        fallback_points: unsnapped_areas + unsnapped_facilities,
    }
}

/// Replaces the dataset's straight-line estimates by network times where the network gives
/// one; measured times (`travel.csv`) keep precedence. Returns the warnings: points not
/// snapped, pairs with no route.
pub(crate) fn apply(ds: &mut Dataset, times: &RoadTimes, extract: &Path, settings: &RoadSettings) -> Vec<Issue> {
    let mut issues = Issues::default();
    let file = extract.display().to_string();
    for (a, snap) in times.matrix.area_snaps.iter().enumerate() {
        if snap.node.is_none() {
            issues.warning(
                "areas.csv",
                None,
                None,
                format!(
                    "commune {}: no road of {} within {} km of its centre; its travel times use the straight-line estimate",
                    ds.areas[a].area_id, file, settings.snap_max_km
                ),
            );
        }
    }
    for (f, snap) in times.matrix.facility_snaps.iter().enumerate() {
        if snap.node.is_none() {
            issues.warning(
                "facilities.csv",
                None,
                None,
                format!(
                    "facility {}: no road of {} within {} km; its travel times use the straight-line estimate",
                    ds.facilities[f].facility_id, file, settings.snap_max_km
                ),
            );
        }
    }
    let n_f = ds.facilities.len();
    let unrouted = (0..ds.areas.len())
        .flat_map(|a| (0..n_f).map(move |f| (a, f)))
        .filter(|&(a, f)| {
            times.matrix.searched(a, f)
                && times.matrix.area_snaps[a].node.is_some()
                && times.matrix.facility_snaps[f].node.is_some()
                && times.matrix.get(a, f).is_none()
        })
        .count();
    if unrouted > 0 {
        issues.warning(
            &file,
            None,
            None,
            format!(
                "commune-facility pairs with no route over the roads within {} minutes (an island without a \
                 ferry, a piece of network cut off, or simply too far): {unrouted}; they use the straight-line estimate",
                settings.max_minutes
            ),
        );
    }
    let mut travel = times.matrix.overrides(&ds.areas, &ds.facilities);
    travel.append(&mut ds.travel);
    ds.travel = travel;
    issues.items
}

/// `locate --roads`: the cost of every demand-site pair becomes its road distance in km
/// (the fastest path's length); a pair without a route keeps its great-circle km. The cache
/// sits beside the extract. `demand_at` and `sites_at` are (lat, lon) in the problem's order.
pub fn locate_costs(
    extract: &Path,
    demand_at: &[(f64, f64)],
    sites_at: &[(f64, f64)],
    problem: &mut crate::optimise::Problem,
) -> Result<RoadTimes> {
    let point = |&(lat, lon): &(f64, f64)| Point { lat, lon };
    let origins: Vec<Point> = demand_at.iter().map(point).collect();
    let destinations: Vec<Point> = sites_at.iter().map(point).collect();
    let cache_dir = extract.parent().map(PathBuf::from).unwrap_or_default();
    let times = road_times(extract, &cache_dir, &origins, &destinations, &Groups::default(), &RoadSettings::default())?;
    let n_sites = destinations.len();
    for i in 0..origins.len() {
        for j in 0..n_sites {
            if let Some((_, km)) = times.matrix.get(i, j) {
                problem.cost[i * n_sites + j] = km;
            }
        }
    }
    Ok(times)
}

/// `road_snapping.csv`: how far each commune centre and facility of `unit` is from the road
/// node it joins (empty when more than the threshold away: straight-line fallback).
pub(crate) fn snapping_csv(all: &Dataset, times: &RoadTimes, unit: &Dataset) -> String {
    use rustc_hash::FxHashSet as HashSet;
    let areas: HashSet<&str> = unit.areas.iter().map(|a| a.area_id.as_str()).collect();
    let facilities: HashSet<&str> = unit.facilities.iter().map(|f| f.facility_id.as_str()).collect();
    let mut out = String::from("kind,id,lat,lon,snapped,snap_km\n");
    let mut row = |kind: &str, id: &str, lat: f64, lon: f64, snap: &roads::Snap| {
        let km = if snap.node.is_some() { format!("{:.3}", snap.km) } else { String::new() };
        out.push_str(&format!("{kind},{id},{lat},{lon},{},{km}\n", snap.node.is_some()));
    };
    for (a, snap) in all.areas.iter().zip(&times.matrix.area_snaps) {
        if areas.contains(a.area_id.as_str()) {
            row("commune", &a.area_id, a.lat, a.lon, snap);
        }
    }
    for (f, snap) in all.facilities.iter().zip(&times.matrix.facility_snaps) {
        if facilities.contains(f.facility_id.as_str()) {
            row("facility", &f.facility_id, f.lat, f.lon, snap);
        }
    }
    out
}

/// One line for the terminal about the network times.
pub fn describe(times: &RoadTimes) -> String {
    let s = &times.summary;
    format!(
        "roads: {} nodes, {} edges ({} ferry); {} of {} points snapped (median {:.2} km, max {:.2} km); \
         {} of {} pairs by network; {}; {} {}",
        s.graph_nodes,
        s.graph_edges,
        s.ferry_edges,
        s.points - s.points_unsnapped,
        s.points,
        s.snap_km_median,
        s.snap_km_max,
        s.pairs_network,
        s.pairs,
        if s.circuity_median.is_nan() {
            "circuity n/a (no pair more than 2 km apart)".to_string()
        } else {
            format!(
                "circuity (road / great-circle km, pairs over 2 km) median {:.2}, 10-90% {:.2}-{:.2}",
                s.circuity_median, s.circuity_p10, s.circuity_p90
            )
        },
        if times.from_cache { "read from the cache" } else { "computed and cached in" },
        times.cache_file.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::roads::Snap;
    use crate::access::{AccessSettings, travel_matrix};
    use crate::model::{TravelMethod, TravelOverride};
    use crate::testkit::{area, facility};

    #[test]
    fn network_times_replace_the_estimate_but_a_measured_time_still_wins() {
        let mut ds = Dataset {
            areas: vec![area("A", 19.0, 105.0, false), area("B", 19.0, 105.1, false), area("C", 30.0, 105.0, false)],
            facilities: vec![facility("F", 19.05, 105.0)],
            ..Default::default()
        };
        ds.travel.push(TravelOverride {
            area_id: "B".into(),
            facility_id: "F".into(),
            minutes: 75.0,
            method: TravelMethod::Measured,
            distance_km: None,
        });
        let snapped = Snap { node: Some(0), km: 0.1 };
        let matrix = NetworkMatrix {
            area_snaps: vec![snapped, snapped, Snap { node: None, km: f64::NAN }],
            facility_snaps: vec![snapped],
            area_group: vec![0; 3],
            facility_group: vec![0],
            minutes: vec![12.5, 20.0, f32::NAN],
            km: vec![8.0, 13.0, f32::NAN],
            graph_nodes: 1,
            graph_edges: 0,
            ferry_edges: 0,
        };
        let times = RoadTimes {
            matrix,
            summary: NetworkSummary::default(),
            cache_file: PathBuf::new(),
            from_cache: false,
            sha256: String::new(),
            date: None,
        };
        let warnings = apply(&mut ds, &times, Path::new("x.osm.pbf"), &RoadSettings::default());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("commune C: no road of x.osm.pbf within 2 km"), "{warnings:?}");
        let m = travel_matrix(&ds.areas, &ds.facilities, &ds.travel, &AccessSettings::default());
        assert_eq!((m.minutes(0, 0), m.distance_km(0, 0), m.method(0, 0)), (12.5, 8.0, TravelMethod::Network));
        assert_eq!((m.minutes(1, 0), m.method(1, 0)), (75.0, TravelMethod::Measured));
        assert_eq!(m.method(2, 0), TravelMethod::StraightLine);
    }
}
