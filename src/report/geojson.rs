//! GeoJSON layers for QGIS (RFC 7946: WGS84, [lon, lat] order, one feature per line).

use serde_json::{Value, json};

use crate::geojson_out::{feature_collection, multipolygon_geometry, point_geometry};

/// Rounds scores for the layers (QGIS shows them as they are).
fn r(v: Option<f64>, decimals: i32) -> Value {
    match v {
        Some(x) if x.is_finite() => {
            let f = 10f64.powi(decimals);
            json!((x * f).round() / f)
        }
        _ => Value::Null,
    }
}

/// `areas.geojson`: one feature per commune with its scores (polygon when the dataset has
/// one, else the commune centre).
pub(crate) fn areas_layer(result: &crate::scenario::ScenarioResult) -> String {
    let ds = &result.dataset;
    let (base_year, horizon_year) = (result.scores.base_year, result.scores.horizon);
    let features: Vec<Value> = ds
        .areas
        .iter()
        .zip(&result.scores.by_area)
        .zip(&result.access)
        .enumerate()
        .map(|(a, ((area, score), access))| {
            let zone = result.scores.zones.area_zone.get(a).and_then(|&z| result.scores.zones.zones.get(z));
            let geometry = ds
                .shapes
                .iter()
                .find(|s| s.area_id == area.area_id)
                .map_or_else(|| point_geometry(area.lat, area.lon), |s| multipolygon_geometry(&s.polygons));
            json!({
                "type": "Feature",
                "properties": {
                    "area_id": area.area_id,
                    "name": area.name,
                    "province_id": area.province_id,
                    "urban": area.urban,
                    "difficult": area.difficult,
                    "population": area.population,
                    "labour_force": area.labour_force,
                    "base_year": base_year,
                    "accessible_supply_base": r(Some(score.accessible_supply), 1),
                    "openings_base": r(Some(score.demand), 1),
                    "coverage_ratio_base": r(score.coverage_ratio, 3),
                    "horizon_year": horizon_year,
                    "openings_horizon": r(Some(score.demand_horizon), 1),
                    "dissimilarity": r(score.alignment.dissimilarity, 3),
                    "matched_share": r(score.alignment.matched_share, 4),
                    "matching_training_access": r(score.alignment.score, 1),
                    "nearest_facility_id": access.nearest_facility_id,
                    "travel_min": r(access.travel_min, 1),
                    "distance_km": r(access.distance_km, 2),
                    "within_reach": access.within_reach,
                    "reachable_programmes": access.reachable_programmes,
                    "zone": zone.map(|z| z.zone.clone()),
                },
                "geometry": geometry,
            })
        })
        .collect();
    feature_collection(&features)
}

/// `facilities.geojson`: one point per facility with its scores.
pub(crate) fn facilities_layer(result: &crate::scenario::ScenarioResult) -> String {
    use crate::model::Code;
    let ds = &result.dataset;
    let features: Vec<Value> = ds
        .facilities
        .iter()
        .map(|f| {
            let s = result.scores.facilities.iter().find(|s| s.facility_id == f.facility_id);
            json!({
                "type": "Feature",
                "properties": {
                    "facility_id": f.facility_id,
                    "name": f.name,
                    "kind": f.kind.name(),
                    "ownership": f.ownership.name(),
                    "self_financing": f.self_financing,
                    "area_id": f.area_id,
                    "places": f.capacity,
                    "annual_cost_mvnd": f.annual_cost_mvnd,
                    "intake": s.map(|s| s.intake),
                    "utilisation": r(s.and_then(|s| s.utilisation), 4),
                    "employment_rate": r(s.and_then(|s| s.employment_rate), 4),
                    "cost_per_graduate_mvnd": r(s.and_then(|s| s.cost_per_graduate_mvnd), 2),
                    "rural_share": r(s.and_then(|s| s.rural_share), 4),
                    "shortage_graduates_share": r(s.and_then(|s| s.shortage_graduates_share), 4),
                    "surplus_graduates_share": r(s.and_then(|s| s.surplus_graduates_share), 4),
                    "flags": s.map(|s| s.flags.join(";")).unwrap_or_default(),
                },
                "geometry": point_geometry(f.lat, f.lon),
            })
        })
        .collect();
    feature_collection(&features)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collection_is_valid_json_with_lon_lat_order() {
        let features =
            vec![json!({"type": "Feature", "properties": {"id": "A"}, "geometry": point_geometry(19.5, 105.25)})];
        let text = feature_collection(&features);
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["features"][0]["geometry"]["coordinates"], json!([105.25, 19.5]));
        assert_eq!(feature_collection(&[]), "{\"type\":\"FeatureCollection\",\"features\":[\n]}\n");
    }
}
