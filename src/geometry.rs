//! Small geometric helpers shared by the stages: great-circle distance and a local flat
//! projection (good to well under 1% across one province) for drawing and point placement.

/// Mean Earth radius in km (IUGG).
pub(crate) const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two (lat, lon) points in degrees.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// The area whose centre is nearest to a point (great-circle distance).
pub(crate) fn nearest_area(areas: &[crate::model::Area], lat: f64, lon: f64) -> &crate::model::Area {
    areas
        .iter()
        .min_by(|a, b| {
            let da = haversine_km(lat, lon, a.lat, a.lon);
            let db = haversine_km(lat, lon, b.lat, b.lon);
            da.total_cmp(&db)
        })
        .expect("at least one area")
}

/// Equirectangular projection around a reference latitude: (lon, lat) -> (x km, y km).
#[derive(Debug, Clone, Copy)]
pub(crate) struct LocalProjection {
    pub(crate) lat0: f64,
    pub(crate) lon0: f64,
    km_per_deg_lon: f64,
}

const KM_PER_DEG_LAT: f64 = 110.574;

impl LocalProjection {
    pub(crate) fn new(lat0: f64, lon0: f64) -> Self {
        LocalProjection { lat0, lon0, km_per_deg_lon: 111.320 * lat0.to_radians().cos() }
    }

    pub(crate) fn to_km(self, lat: f64, lon: f64) -> (f64, f64) {
        ((lon - self.lon0) * self.km_per_deg_lon, (lat - self.lat0) * KM_PER_DEG_LAT)
    }

    /// Back to (lat, lon).
    pub(crate) fn to_lat_lon(self, x_km: f64, y_km: f64) -> (f64, f64) {
        (self.lat0 + y_km / KM_PER_DEG_LAT, self.lon0 + x_km / self.km_per_deg_lon)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hanoi_to_ho_chi_minh_city_is_about_1140_km() {
        // Hoan Kiem (21.0285, 105.8542) to Ben Thanh (10.7725, 106.6980): about 1,144 km on
        // the sphere (the ellipsoid gives 1,138 km; a sphere is good to 0.5%).
        let d = haversine_km(21.0285, 105.8542, 10.7725, 106.6980);
        assert!((d - 1144.0).abs() < 1.0, "{d}");
    }

    #[test]
    fn one_degree_of_latitude_is_about_111_km() {
        assert!((haversine_km(19.0, 105.0, 20.0, 105.0) - 111.2).abs() < 0.2);
    }

    #[test]
    fn projection_round_trips() {
        let p = LocalProjection::new(19.3, 105.4);
        let (x, y) = p.to_km(19.5, 105.7);
        let (lat, lon) = p.to_lat_lon(x, y);
        assert!((lat - 19.5).abs() < 1e-12 && (lon - 105.7).abs() < 1e-12);
        assert!((haversine_km(19.3, 105.4, 19.5, 105.7) - (x * x + y * y).sqrt()).abs() < 0.1);
    }
}
