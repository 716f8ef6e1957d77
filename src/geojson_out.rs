//! A small GeoJSON writer used for every layer the tool writes (report layers and generated
//! datasets): RFC 7946 (WGS84, [lon, lat] order), one feature per line.

use geo::MultiPolygon;
use serde_json::{Value, json};

/// A MultiPolygon geometry with coordinates rounded to 1e-5 degree (about 1 m).
pub(crate) fn multipolygon_geometry(polygons: &MultiPolygon<f64>) -> Value {
    let ring =
        |ls: &geo::LineString<f64>| -> Vec<[f64; 2]> { ls.coords().map(|c| [round5(c.x), round5(c.y)]).collect() };
    let parts: Vec<Vec<Vec<[f64; 2]>>> = polygons
        .iter()
        .map(|p| std::iter::once(ring(p.exterior())).chain(p.interiors().iter().map(ring)).collect())
        .collect();
    json!({ "type": "MultiPolygon", "coordinates": parts })
}

pub(crate) fn point_geometry(lat: f64, lon: f64) -> Value {
    json!({ "type": "Point", "coordinates": [round6(lon), round6(lat)] })
}

fn round5(v: f64) -> f64 {
    (v * 1e5).round() / 1e5
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// A FeatureCollection written one feature per line (diff-friendly, still one JSON value).
pub(crate) fn feature_collection(features: &[Value]) -> String {
    let mut out = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (i, feature) in features.iter().enumerate() {
        out.push_str(&serde_json::to_string(feature).expect("JSON values serialise"));
        out.push_str(if i + 1 < features.len() { ",\n" } else { "\n" });
    }
    out.push_str("]}\n");
    out
}
