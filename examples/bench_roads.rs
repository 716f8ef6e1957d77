//! Road-network benchmark: writes a synthetic OpenStreetMap extract (a grid of roads over a
//! Vietnam-sized box plus untagged nodes standing for buildings and land use, as in a real
//! country extract) with a small PBF writer, then times the travel matrix of one province
//! (cold, then from the cache) and of the whole country. Prints one JSON line per figure.
//!
//!   cargo run --release --example bench_roads -- OUT_DIR [GRID_SIDE] [EXTRA_NODES_PER_ROAD_NODE] [NATIONAL_RUNS]
//!
//! GRID_SIDE x GRID_SIDE road nodes (default 3,000: 9 million), 220 m apart; the default
//! extra nodes (2 per road node) give 27 million nodes in all.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use tvetplan::access::roads::{Groups, Point, RoadSettings};
use tvetplan::pipeline::roads::road_times;

// --- a minimal protobuf / PBF writer ---------------------------------------------------

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn key(out: &mut Vec<u8>, field: u32, wire: u8) {
    varint(out, (u64::from(field) << 3) | u64::from(wire));
}

fn bytes_field(out: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    key(out, field, 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn int_field(out: &mut Vec<u8>, field: u32, v: u64) {
    key(out, field, 0);
    varint(out, v);
}

fn packed_sint_delta(out: &mut Vec<u8>, field: u32, values: &[i64]) {
    let mut buf = Vec::new();
    let mut prev = 0i64;
    for &v in values {
        varint(&mut buf, zigzag(v - prev));
        prev = v;
    }
    bytes_field(out, field, &buf);
}

fn packed_uint(out: &mut Vec<u8>, field: u32, values: &[u64]) {
    let mut buf = Vec::new();
    for &v in values {
        varint(&mut buf, v);
    }
    bytes_field(out, field, &buf);
}

fn write_blob(file: &mut impl Write, kind: &str, message: &[u8]) -> std::io::Result<()> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(message)?;
    let compressed = z.finish()?;
    let mut blob = Vec::new();
    int_field(&mut blob, 2, message.len() as u64);
    bytes_field(&mut blob, 3, &compressed);
    let mut header = Vec::new();
    bytes_field(&mut header, 1, kind.as_bytes());
    int_field(&mut header, 3, blob.len() as u64);
    file.write_all(&(header.len() as u32).to_be_bytes())?;
    file.write_all(&header)?;
    file.write_all(&blob)
}

const STRINGS: [&str; 5] = ["", "highway", "primary", "tertiary", "residential"];

fn primitive_block(group: &[u8]) -> Vec<u8> {
    let mut table = Vec::new();
    for s in STRINGS {
        bytes_field(&mut table, 1, s.as_bytes());
    }
    let mut block = Vec::new();
    bytes_field(&mut block, 1, &table);
    bytes_field(&mut block, 2, group);
    block
}

const SOUTH: f64 = 8.6;
const WEST: f64 = 102.2;
const STEP_DEG: f64 = 0.002;

/// Writes the grid extract; returns (nodes, ways).
fn write_extract(path: &Path, side: usize, extra: usize) -> std::io::Result<(u64, u64)> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut header = Vec::new();
    bytes_field(&mut header, 4, b"OsmSchema-V0.6");
    bytes_field(&mut header, 4, b"DenseNodes");
    write_blob(&mut file, "OSMHeader", &header)?;
    let node_id = |row: usize, col: usize| (row * side + col + 1) as i64;
    let mut nodes = 0u64;
    // Road nodes, 8,000 per block; then the extra untagged nodes, jittered around them.
    let total = side * side * (1 + extra);
    let mut start = 0;
    while start < total {
        let end = (start + 8000).min(total);
        let (mut ids, mut lats, mut lons) = (Vec::new(), Vec::new(), Vec::new());
        for i in start..end {
            let base = i % (side * side);
            let (row, col) = (base / side, base % side);
            let copy = i / (side * side);
            // Up to +-40 m of pseudo-random jitter, so that the deltas compress like real
            // coordinates do (a perfect grid would shrink a hundredfold).
            let hash = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let noise = |shift: u32| ((hash >> shift) & 0xFFF) as f64 / 4096.0 - 0.5;
            let jitter_lat = copy as f64 * 0.0007 + noise(20) * 0.0008;
            let jitter_lon = copy as f64 * 0.0007 + noise(40) * 0.0008;
            ids.push(if copy == 0 { node_id(row, col) } else { (side * side * copy + base + 1) as i64 });
            lats.push(((SOUTH + row as f64 * STEP_DEG + jitter_lat) * 1e7).round() as i64);
            lons.push(((WEST + col as f64 * STEP_DEG + jitter_lon) * 1e7).round() as i64);
        }
        let mut dense = Vec::new();
        packed_sint_delta(&mut dense, 1, &ids);
        packed_sint_delta(&mut dense, 8, &lats);
        packed_sint_delta(&mut dense, 9, &lons);
        let mut group = Vec::new();
        bytes_field(&mut group, 2, &dense);
        write_blob(&mut file, "OSMData", &primitive_block(&group))?;
        nodes += (end - start) as u64;
        start = end;
    }
    // Ways: every row and every column, cut into ways of 50 nodes; every 50th line primary,
    // every 10th tertiary, the rest residential.
    let mut way_id = 1i64;
    let mut ways = 0u64;
    let mut group = Vec::new();
    let mut in_group = 0;
    for horizontal in [true, false] {
        for line in 0..side {
            let class = if line % 50 == 0 {
                2
            } else if line % 10 == 0 {
                3
            } else {
                4
            };
            let mut from = 0;
            while from + 1 < side {
                let to = (from + 50).min(side - 1);
                let refs: Vec<i64> =
                    (from..=to).map(|k| if horizontal { node_id(line, k) } else { node_id(k, line) }).collect();
                let mut way = Vec::new();
                int_field(&mut way, 1, way_id as u64);
                packed_uint(&mut way, 2, &[1]);
                packed_uint(&mut way, 3, &[class]);
                packed_sint_delta(&mut way, 8, &refs);
                bytes_field(&mut group, 3, &way);
                way_id += 1;
                ways += 1;
                in_group += 1;
                if in_group == 8000 {
                    write_blob(&mut file, "OSMData", &primitive_block(&group))?;
                    group.clear();
                    in_group = 0;
                }
                from = to;
            }
        }
    }
    if in_group > 0 {
        write_blob(&mut file, "OSMData", &primitive_block(&group))?;
    }
    file.flush()?;
    Ok((nodes, ways))
}

/// `count` points spread evenly over a box of the grid (fractions of its side).
fn spread(count: usize, side: usize, box_frac: (f64, f64, f64, f64), salt: u64) -> Vec<Point> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ salt;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let span = side as f64 * STEP_DEG;
    (0..count)
        .map(|_| {
            let (s, n, w, e) = box_frac;
            Point { lat: SOUTH + span * (s + (n - s) * next()), lon: WEST + span * (w + (e - w) * next()) }
        })
        .collect()
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// CPU time of this process so far (user + system, all threads), from /proc/self/stat.
fn cpu_seconds() -> f64 {
    let ticks = std::fs::read_to_string("/proc/self/stat").ok().and_then(|s| {
        // Fields after the command name in parentheses; utime and stime are the 14th and 15th.
        let rest = s.rsplit_once(')')?.1.split_whitespace().collect::<Vec<_>>();
        Some(rest.get(11)?.parse::<f64>().ok()? + rest.get(12)?.parse::<f64>().ok()?)
    });
    ticks.map_or(f64::NAN, |t| t / 100.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let out = Path::new(args.get(1).map(String::as_str).unwrap_or("bench-results/roads"));
    let side: usize = args.get(2).map_or(Ok(3000), |s| s.parse())?;
    let extra: usize = args.get(3).map_or(Ok(2), |s| s.parse())?;
    let national_runs: usize = args.get(4).map_or(Ok(1), |s| s.parse())?;
    std::fs::create_dir_all(out)?;
    let _ = std::fs::remove_dir_all(out.join("tvetplan-cache"));
    let extract = out.join("synthetic.osm.pbf");
    let start = Instant::now();
    let (nodes, ways) = write_extract(&extract, side, extra)?;
    let mb = std::fs::metadata(&extract)?.len() as f64 / 1e6;
    println!(
        r#"{{"figure":"write synthetic extract","nodes":{nodes},"ways":{ways},"mb":{mb:.0},"seconds":{:.1}}}"#,
        start.elapsed().as_secs_f64()
    );
    let settings = RoadSettings::default();
    // One province: 150 communes and 30 facilities in a 100 km box.
    let frac = 100.0 / (side as f64 * 0.22);
    let province_box = (0.3, 0.3 + frac.min(0.7), 0.3, 0.3 + frac.min(0.7));
    let communes = spread(150, side, province_box, 1);
    let facilities = spread(30, side, province_box, 2);
    for label in ["province cold", "province from cache"] {
        let (start, cpu) = (Instant::now(), cpu_seconds());
        let t = road_times(&extract, out, &communes, &facilities, &Groups::default(), &settings)?;
        println!(
            r#"{{"figure":"{label}","pairs":{},"network_pairs":{},"graph_nodes":{},"from_cache":{},"seconds":{:.2},"cpu_seconds":{:.2},"peak_mib":{:.0}}}"#,
            t.summary.pairs,
            t.summary.pairs_network,
            t.summary.graph_nodes,
            t.from_cache,
            start.elapsed().as_secs_f64(),
            cpu_seconds() - cpu,
            peak_rss_mib()
        );
    }
    // The country: 3,321 communes and 2,000 facilities over the whole grid, in 34 provinces
    // (a 6 x 6 grid of cells, the last three cells of the last row forming one province).
    let communes = spread(3321, side, (0.0, 1.0, 0.0, 1.0), 3);
    let facilities = spread(2000, side, (0.0, 1.0, 0.0, 1.0), 4);
    let span = side as f64 * STEP_DEG;
    let province = |p: &Point| {
        let cell = |x: f64| ((x / span * 6.0).floor() as usize).min(5);
        ((cell(p.lat - SOUTH) * 6 + cell(p.lon - WEST)).min(33) as u32).to_string()
    };
    let (commune_province, facility_province): (Vec<String>, Vec<String>) =
        (communes.iter().map(province).collect(), facilities.iter().map(province).collect());
    let groups =
        Groups::by_key(commune_province.iter().map(String::as_str), facility_province.iter().map(String::as_str));
    let (mut seconds, mut cpu_total) = (Vec::new(), Vec::new());
    for run in 1..=national_runs {
        let _ = std::fs::remove_dir_all(out.join("tvetplan-cache"));
        let (start, cpu) = (Instant::now(), cpu_seconds());
        let t = road_times(&extract, out, &communes, &facilities, &groups, &settings)?;
        seconds.push(start.elapsed().as_secs_f64());
        cpu_total.push(cpu_seconds() - cpu);
        println!(
            r#"{{"figure":"national cold","run":{run},"provinces":34,"pairs_searched":{},"network_pairs":{},"graph_nodes":{},"from_cache":{},"seconds":{:.1},"cpu_seconds":{:.1},"peak_mib":{:.0}}}"#,
            t.summary.pairs,
            t.summary.pairs_network,
            t.summary.graph_nodes,
            t.from_cache,
            seconds.last().unwrap(),
            cpu_total.last().unwrap(),
            peak_rss_mib()
        );
    }
    seconds.sort_by(f64::total_cmp);
    cpu_total.sort_by(f64::total_cmp);
    println!(
        r#"{{"figure":"national cold, median","runs":{},"seconds":{:.1},"cpu_seconds":{:.1}}}"#,
        seconds.len(),
        seconds[seconds.len() / 2],
        cpu_total[cpu_total.len() / 2]
    );
    Ok(())
}
