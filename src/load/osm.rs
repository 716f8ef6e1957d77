//! Reads an OpenStreetMap extract (`.osm.pbf`) for the road network, and the matrix cache
//! that saves a second run from reading it again.
//!
//! In: the extract, a bounding box. Out: [`RawRoads`]: every way tagged `highway=*` or
//! `route=ferry` with the few tags routing needs, and the coordinates of its nodes (nodes
//! outside the box are marked absent). Which ways a motorbike may use, and how fast, is
//! decided in `access::roads`; this module only reads.
//!
//! Two passes over the file, each decoding blocks in parallel: the ways first (to learn
//! which nodes matter), then the coordinates of only those nodes. A country extract has ten
//! times more nodes than road nodes; keeping every coordinate would cost gigabytes.

use std::io::Read;
use std::path::Path;

use osmpbf::{BlobDecode, BlobReader};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::{Error, Issue, Severity};

/// Tags kept on a way: everything the speed table, access and one-way rules look at.
pub(crate) const KEPT_TAGS: [&str; 15] = [
    "highway",
    "route",
    "surface",
    "tracktype",
    "oneway",
    "oneway:motorcycle",
    "junction",
    "access",
    "vehicle",
    "motor_vehicle",
    "motorcycle",
    "moped",
    "duration",
    "area",
    "smoothness",
];

/// A latitude/longitude box in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lon: f64,
    pub max_lon: f64,
}

impl BoundingBox {
    pub(crate) fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.min_lat..=self.max_lat).contains(&lat) && (self.min_lon..=self.max_lon).contains(&lon)
    }

    /// The whole globe: no filtering.
    pub fn world() -> Self {
        BoundingBox { min_lat: -90.0, max_lat: 90.0, min_lon: -180.0, max_lon: 180.0 }
    }
}

/// One way as read: its kept tags and its nodes (indices into [`RawRoads::lat`]).
#[derive(Debug, Clone)]
pub(crate) struct RawWay {
    pub(crate) tags: Vec<(String, String)>,
    pub(crate) nodes: Vec<u32>,
}

impl RawWay {
    pub(crate) fn tag(&self, key: &str) -> Option<&str> {
        self.tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// The road and ferry ways of an extract with the coordinates of their nodes.
#[derive(Debug, Clone, Default)]
pub struct RawRoads {
    pub(crate) ways: Vec<RawWay>,
    /// Node coordinates in degrees; NaN for a node outside the box or missing from the file.
    pub lat: Vec<f64>,
    pub lon: Vec<f64>,
}

impl RawRoads {
    pub(crate) fn has_node(&self, node: u32) -> bool {
        !self.lat[node as usize].is_nan()
    }
}

fn pbf_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::invalid_one(Issue {
        severity: Severity::Error,
        file: path.display().to_string(),
        line: None,
        column: None,
        message: format!("cannot read this OpenStreetMap extract (.osm.pbf): {e}"),
    })
}

fn blobs(path: &Path) -> Result<BlobReader<std::io::BufReader<std::fs::File>>, Error> {
    if !path.is_file() {
        return Err(Error::Usage(format!("the road extract {} does not exist", path.display())));
    }
    BlobReader::from_path(path).map_err(|e| pbf_error(path, e))
}

/// Reads the road and ferry ways of `path` with the coordinates of their nodes inside `bbox`.
pub fn read_roads(path: &Path, bbox: &BoundingBox) -> Result<RawRoads, Error> {
    // Pass 1: the ways.
    // (kept tags, node ids) per block.
    type WayRow = (Vec<(String, String)>, Vec<i64>);
    let per_blob: Vec<Vec<WayRow>> = blobs(path)?
        .par_bridge()
        .map(|blob| -> Result<_, Error> {
            let blob = blob.map_err(|e| pbf_error(path, e))?;
            let mut out = Vec::new();
            if let BlobDecode::OsmData(block) = blob.decode().map_err(|e| pbf_error(path, e))? {
                for group in block.groups() {
                    for way in group.ways() {
                        let mut wanted = false;
                        let mut tags = Vec::new();
                        for (k, v) in way.tags() {
                            if k == "highway" || (k == "route" && v == "ferry") {
                                wanted = true;
                            }
                            if KEPT_TAGS.contains(&k) {
                                tags.push((k.to_string(), v.to_string()));
                            }
                        }
                        if wanted {
                            out.push((tags, way.refs().collect()));
                        }
                    }
                }
            }
            Ok(out)
        })
        .collect::<Result<_, _>>()?;
    let mut node_ids: Vec<i64> = per_blob.iter().flatten().flat_map(|w| w.1.iter().copied()).collect();
    node_ids.par_sort_unstable();
    node_ids.dedup();
    if node_ids.len() >= u32::MAX as usize {
        return Err(pbf_error(path, "more than 4 billion road nodes"));
    }

    // Pass 2: the coordinates of those nodes.
    let found: Vec<Vec<(u32, f64, f64)>> = blobs(path)?
        .par_bridge()
        .map(|blob| -> Result<_, Error> {
            let blob = blob.map_err(|e| pbf_error(path, e))?;
            let mut out = Vec::new();
            let mut keep = |id: i64, lat: f64, lon: f64| {
                if let Ok(i) = node_ids.binary_search(&id)
                    && bbox.contains(lat, lon)
                {
                    out.push((i as u32, lat, lon));
                }
            };
            if let BlobDecode::OsmData(block) = blob.decode().map_err(|e| pbf_error(path, e))? {
                for group in block.groups() {
                    for n in group.dense_nodes() {
                        keep(n.id(), n.lat(), n.lon());
                    }
                    for n in group.nodes() {
                        keep(n.id(), n.lat(), n.lon());
                    }
                }
            }
            Ok(out)
        })
        .collect::<Result<_, _>>()?;
    let mut lat = vec![f64::NAN; node_ids.len()];
    let mut lon = vec![f64::NAN; node_ids.len()];
    for (i, la, lo) in found.into_iter().flatten() {
        lat[i as usize] = la;
        lon[i as usize] = lo;
    }
    let ways = per_blob
        .into_iter()
        .flatten()
        .map(|(tags, refs)| RawWay {
            tags,
            nodes: refs
                .iter()
                .map(|r| node_ids.binary_search(r).expect("every way node was collected") as u32)
                .collect(),
        })
        .collect();
    Ok(RawRoads { ways, lat, lon })
}

/// The date of the data in an extract (`YYYY-MM-DD`, UTC), from its header block's
/// replication timestamp (set by the usual extract providers); `None` when absent.
pub(crate) fn extract_date(path: &Path) -> Result<Option<String>, Error> {
    let mut reader = blobs(path)?;
    let Some(first) = reader.next() else { return Ok(None) };
    let blob = first.map_err(|e| pbf_error(path, e))?;
    let BlobDecode::OsmHeader(header) = blob.decode().map_err(|e| pbf_error(path, e))? else { return Ok(None) };
    Ok(header.osmosis_replication_timestamp().and_then(civil_date))
}

/// `YYYY-MM-DD` of a Unix time in seconds (proleptic Gregorian, UTC).
fn civil_date(unix: i64) -> Option<String> {
    // Howard Hinnant's days-to-civil algorithm.
    let z = unix.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (1970..=9999).contains(&year).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// SHA-256 of a file, read in blocks (an extract can be larger than memory should hold).
pub(crate) fn file_sha256(path: &Path) -> Result<String, Error> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The bytes of a cache file, or `None` when there is none (a miss, not an error).
pub(crate) fn read_cache(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_become_calendar_dates() {
        assert_eq!(civil_date(0).as_deref(), Some("1970-01-01"));
        // 2024-02-29T23:59:59Z and the second after it.
        assert_eq!(civil_date(1_709_251_199).as_deref(), Some("2024-02-29"));
        assert_eq!(civil_date(1_709_251_200).as_deref(), Some("2024-03-01"));
        assert_eq!(civil_date(-1), None);
    }
}
