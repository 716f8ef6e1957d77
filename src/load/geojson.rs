//! Reading commune polygons from `areas.geojson` (RFC 7946: WGS84, lon/lat order).
//! Features are matched to communes by `properties.area_id`; geometry checks (closed rings,
//! self-intersection) happen in `validate`.

use geo::{LineString, MultiPolygon, Polygon};
use serde_json::Value;

use crate::error::Issues;

/// A feature as read: its `area_id`, its polygons, and its 1-based position in the file.
#[derive(Debug, Clone)]
pub struct RawShape {
    pub(crate) feature: usize,
    pub(crate) area_id: String,
    pub polygons: MultiPolygon<f64>,
}

pub fn read_shapes(file: &str, bytes: &[u8], issues: &mut Issues) -> Vec<RawShape> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(bytes);
    let root: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(err) => {
            // serde_json's message ends with " at line L column C": the location is said once.
            let message = err.to_string();
            let what = message.split(" at line ").next().unwrap_or_default();
            issues.error(file, Some(err.line()), None, format!("not valid JSON at column {}: {what}", err.column()));
            return Vec::new();
        }
    };
    let Some(features) = root.get("features").and_then(Value::as_array) else {
        issues.error(file, None, None, "expected a GeoJSON FeatureCollection with a 'features' list");
        return Vec::new();
    };
    let mut shapes = Vec::with_capacity(features.len());
    for (i, feature) in features.iter().enumerate() {
        let number = i + 1;
        let area_id = match feature.pointer("/properties/area_id") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                issues.error(file, None, None, format!("feature {number} has no properties.area_id"));
                continue;
            }
        };
        match parse_geometry(feature.get("geometry")) {
            Ok(polygons) => shapes.push(RawShape { feature: number, area_id, polygons }),
            Err(why) => issues.error(file, None, None, format!("feature {number} (area_id '{area_id}'): {why}")),
        }
    }
    shapes
}

fn parse_geometry(geometry: Option<&Value>) -> Result<MultiPolygon<f64>, String> {
    let geometry = geometry.filter(|g| !g.is_null()).ok_or("has no geometry")?;
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
    let coordinates = geometry.get("coordinates").ok_or("geometry has no coordinates")?;
    match kind {
        "Polygon" => Ok(MultiPolygon(vec![parse_polygon(coordinates)?])),
        "MultiPolygon" => {
            let parts = coordinates.as_array().ok_or("MultiPolygon coordinates must be a list")?;
            Ok(MultiPolygon(parts.iter().map(parse_polygon).collect::<Result<_, _>>()?))
        }
        other => Err(format!("geometry type '{other}' is not supported; use Polygon or MultiPolygon")),
    }
}

fn parse_polygon(rings: &Value) -> Result<Polygon<f64>, String> {
    let rings = rings.as_array().ok_or("polygon coordinates must be a list of rings")?;
    let mut parsed = rings.iter().map(parse_ring);
    let exterior = parsed.next().ok_or("polygon has no rings")??;
    let interiors = parsed.collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

fn parse_ring(ring: &Value) -> Result<LineString<f64>, String> {
    let points = ring.as_array().ok_or("a ring must be a list of positions")?;
    let mut coords = Vec::with_capacity(points.len());
    for point in points {
        let pair = point.as_array().ok_or("a position must be [lon, lat]")?;
        let lon = pair.first().and_then(Value::as_f64).ok_or("a position must be [lon, lat] numbers")?;
        let lat = pair.get(1).and_then(Value::as_f64).ok_or("a position must be [lon, lat] numbers")?;
        if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            return Err(format!("position [{lon}, {lat}] is outside lon -180..180 / lat -90..90"));
        }
        coords.push(geo::coord! { x: lon, y: lat });
    }
    if coords.len() < 4 {
        return Err(format!("a ring needs at least 4 positions, found {}", coords.len()));
    }
    Ok(LineString::new(coords))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_polygons_and_reports_bad_features() {
        let text = br#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"area_id":"01"},"geometry":{"type":"Polygon","coordinates":[[[105,20],[106,20],[106,21],[105,20]]]}},
          {"type":"Feature","properties":{},"geometry":null},
          {"type":"Feature","properties":{"area_id":"03"},"geometry":{"type":"Point","coordinates":[105,20]}}
        ]}"#;
        let mut issues = Issues::default();
        let shapes = read_shapes("areas.geojson", text, &mut issues);
        assert_eq!(shapes.len(), 1);
        assert_eq!(shapes[0].area_id, "01");
        let messages: Vec<String> = issues.items.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "areas.geojson: feature 2 has no properties.area_id",
                "areas.geojson: feature 3 (area_id '03'): geometry type 'Point' is not supported; use Polygon or MultiPolygon",
            ]
        );
    }

    #[test]
    fn invalid_json_names_the_line() {
        let mut issues = Issues::default();
        read_shapes("a.geojson", b"{\n  \"features\": [,]\n}", &mut issues);
        assert!(issues.items[0].to_string().starts_with("a.geojson:2: not valid JSON"), "{:?}", issues.items);
    }
}
