//! The demo province "Lam Hồng" (fictional, synthetic data): one province after the 2025
//! reform (province -> commune), 57 communes from a mountainous west to a coastal, urban
//! east, 27 training facilities (one public centre per former district), five years of
//! enrolment and labour demand whose mix does not match the training on offer.
//!
//! Every number is drawn from a seeded generator, so the same seed gives the same files.

use geo::{Contains, Coord, LineString, Point, Polygon};

use super::catalogue::{self, OCCUPATIONS};
use super::{LearnerShares, Zone, commune_name, enrolment_row};
use crate::geometry::LocalProjection;
use crate::model::*;
use crate::rng::Rng;

pub(crate) const PROVINCE_ID: &str = "07";
pub(crate) const PROVINCE_NAME: &str = "Tỉnh Lam Hồng";
pub(crate) const BASE_YEAR: i32 = 2025;
pub(crate) const FIRST_YEAR: i32 = 2021;

/// The province outline (lon, lat): mountains and the Lao border to the west, the sea to
/// the east.
const OUTLINE: &[(f64, f64)] = &[
    (104.40, 19.45),
    (104.62, 19.78),
    (104.95, 19.98),
    (105.35, 19.90),
    (105.62, 19.70),
    (105.82, 19.62),
    (105.98, 19.45),
    (106.02, 19.22),
    (105.96, 18.98),
    (105.80, 18.84),
    (105.52, 18.80),
    (105.22, 18.78),
    (104.95, 18.88),
    (104.70, 19.05),
    (104.45, 19.20),
];

/// A former district (abolished 2025): its seat, landscape and number of communes.
struct District {
    name: &'static str,
    lon: f64,
    lat: f64,
    zone: Zone,
    communes: usize,
    /// Urban wards (phường) around the seat.
    wards: usize,
    coastal: bool,
}

const fn district(
    name: &'static str,
    lon: f64,
    lat: f64,
    zone: Zone,
    communes: usize,
    wards: usize,
    coastal: bool,
) -> District {
    District { name, lon, lat, zone, communes, wards, coastal }
}

const DISTRICTS: &[District] = &[
    district("Thành phố Lam Hồng", 105.80, 19.08, Zone::City, 6, 6, true),
    district("Thị xã Cửa Lam", 105.90, 19.36, Zone::Plain, 3, 2, true),
    district("Thị xã Phú Sơn", 105.42, 19.45, Zone::Midland, 3, 2, false),
    district("Huyện Diễn Lam", 105.74, 19.38, Zone::Plain, 4, 0, true),
    district("Huyện Yên Hưng", 105.63, 19.13, Zone::Plain, 4, 0, false),
    district("Huyện Nghi Xuân", 105.90, 18.95, Zone::Plain, 4, 0, true),
    district("Huyện Hưng Phú", 105.67, 19.02, Zone::Plain, 4, 0, false),
    district("Huyện Nam Thanh", 105.56, 19.06, Zone::Plain, 4, 0, false),
    district("Huyện Quỳnh Lam", 105.72, 19.58, Zone::Plain, 4, 0, true),
    district("Huyện Đô Sơn", 105.38, 19.18, Zone::Midland, 3, 0, false),
    district("Huyện Thanh Lâm", 105.28, 18.92, Zone::Midland, 3, 0, false),
    district("Huyện Tân Phong", 105.22, 19.40, Zone::Midland, 3, 0, false),
    district("Huyện Quỳ Lam", 105.08, 19.66, Zone::Mountain, 3, 0, false),
    district("Huyện Con Luông", 105.00, 19.10, Zone::Mountain, 3, 0, false),
    district("Huyện Tương Lam", 104.78, 19.30, Zone::Mountain, 3, 0, false),
    district("Huyện Kỳ Lâm", 104.55, 19.45, Zone::Mountain, 3, 0, false),
];

/// Industrial parks that pull industry demand into nearby communes (lon, lat).
const INDUSTRIAL_PARKS: &[(f64, f64)] = &[(105.68, 19.12), (105.85, 19.30), (105.60, 18.98)];

/// The generated province as typed tables (written to files by the caller).
pub(crate) fn generate(seed: u64) -> Dataset {
    let rng = Rng::new(seed);
    let projection = LocalProjection::new(19.35, 105.25);
    let outline = outline_polygon();
    let communes = place_communes(&mut rng.fork("communes"), &outline);
    let areas = make_areas(&mut rng.fork("areas"), &communes);
    let shapes = super::voronoi_shapes(&areas, &outline, &projection);
    let facilities_with_programs = make_facilities(&mut rng.fork("facilities"), &areas, &communes);
    let facilities: Vec<Facility> = facilities_with_programs.iter().map(|(f, _)| f.clone()).collect();
    let programs: Vec<Program> = facilities_with_programs.iter().flat_map(|(_, p)| p.clone()).collect();
    let zones: Vec<Zone> = communes.iter().map(|c| c.zone).collect();
    let enrolment = make_enrolment(&mut rng.fork("enrolment"), &facilities, &programs, &areas, &zones);
    let demand = make_demand(&mut rng.fork("demand"), &areas, &communes);
    let travel = make_travel(&areas, &zones, &facilities);
    Dataset {
        occupations: super::occupations(),
        targets: targets(),
        history: history(&areas),
        succession: succession(&areas),
        areas,
        facilities,
        programs,
        enrolment,
        demand,
        travel,
        shapes,
        origins: Vec::new(),
        acknowledged: Vec::new(),
    }
}

fn outline_polygon() -> Polygon<f64> {
    let mut ring: Vec<Coord<f64>> = OUTLINE.iter().map(|&(x, y)| Coord { x, y }).collect();
    ring.push(ring[0]);
    Polygon::new(LineString::new(ring), vec![])
}

/// A commune as placed: location, district, landscape and whether it is an urban ward.
struct PlacedCommune {
    lon: f64,
    lat: f64,
    district: usize,
    zone: Zone,
    ward: bool,
    coastal: bool,
    /// The commune at the former district seat.
    seat: bool,
}

fn place_communes(rng: &mut Rng, outline: &Polygon<f64>) -> Vec<PlacedCommune> {
    let projection = LocalProjection::new(19.35, 105.25);
    let mut placed: Vec<PlacedCommune> = Vec::new();
    let mut points_km: Vec<(f64, f64)> = Vec::new();
    for (d, district) in DISTRICTS.iter().enumerate() {
        let (radius_km, min_gap_km) = match district.zone {
            Zone::City => (6.5, 3.4),
            Zone::Plain => (10.5, 7.0),
            Zone::Midland => (13.0, 9.0),
            Zone::Mountain => (19.0, 13.0),
        };
        let seat = projection.to_km(district.lat, district.lon);
        for i in 0..district.communes {
            let ward = i < district.wards;
            let mut attempt = 0;
            loop {
                attempt += 1;
                let (x, y) = if i == 0 {
                    seat
                } else {
                    // Wards cluster around the seat; rural communes spread wider.
                    let reach = if ward { radius_km * 0.6 } else { radius_km };
                    let r = reach * rng.unit().sqrt();
                    let angle = rng.uniform(0.0, std::f64::consts::TAU);
                    (seat.0 + r * angle.cos(), seat.1 + r * angle.sin())
                };
                let gap = if ward { min_gap_km * 0.6 } else { min_gap_km } * if attempt > 200 { 0.6 } else { 1.0 };
                let (lat, lon) = projection.to_lat_lon(x, y);
                let inside = outline.contains(&Point::new(lon, lat));
                let clear = points_km.iter().all(|&(px, py)| ((px - x).powi(2) + (py - y).powi(2)).sqrt() >= gap);
                if i == 0 || (inside && clear) {
                    points_km.push((x, y));
                    placed.push(PlacedCommune {
                        lon,
                        lat,
                        district: d,
                        zone: district.zone,
                        ward,
                        coastal: district.coastal,
                        seat: i == 0,
                    });
                    break;
                }
                assert!(attempt < 5000, "cannot place commune {i} of {}", district.name);
            }
        }
    }
    placed
}

fn make_areas(rng: &mut Rng, communes: &[PlacedCommune]) -> Vec<Area> {
    let mut names = std::collections::HashSet::new();
    let mut areas = Vec::with_capacity(communes.len());
    for (i, c) in communes.iter().enumerate() {
        let name = loop {
            let candidate = commune_name(rng, c.zone, c.ward);
            if names.insert(candidate.clone()) {
                break candidate;
            }
        };
        let population = match (c.ward, c.zone) {
            // Communes after the 2025 merger: about three former communes each (national mean
            // ~30,000 people: 101 million in 3,321 communes), fewer people in the mountains.
            (true, Zone::City) => rng.uniform(42_000.0, 68_000.0),
            (true, _) => rng.uniform(28_000.0, 42_000.0),
            (false, Zone::Plain) => rng.uniform(24_000.0, 36_000.0),
            (false, Zone::Midland) => rng.uniform(17_000.0, 27_000.0),
            (false, Zone::Mountain) => rng.uniform(9_000.0, 16_000.0),
            (false, Zone::City) => rng.uniform(25_000.0, 35_000.0),
        };
        let profile = super::SocialProfile::for_commune(c.zone, c.ward);
        let difficult = c.zone == Zone::Mountain && (c.seat || rng.chance(0.85)) && !c.ward;
        let area = super::synth_area(
            rng,
            super::AreaSeed {
                area_id: format!("{PROVINCE_ID}{:03}", i + 1),
                name,
                province_id: PROVINCE_ID.to_string(),
                province_name: PROVINCE_NAME.to_string(),
                ward: c.ward,
                difficult,
                lat: c.lat,
                lon: c.lon,
                population,
                profile,
            },
        );
        areas.push(area);
    }
    areas
}

/// Programme templates: (occupation code, level, share of the facility's places).
pub(super) type Template = &'static [(&'static str, Level, f64)];

use Level::{College as C, Elementary as E, Intermediate as Im, Short as Sh};

pub(super) const CENTRE_PLAIN: Template = &[
    ("620111", Sh, 0.22),
    ("620119", Sh, 0.18),
    ("520226", E, 0.08),
    ("540205", E, 0.10),
    ("520217", E, 0.06),
    ("540215", Sh, 0.09),
    ("540216", Sh, 0.06),
    ("810207", Sh, 0.08),
    ("620116", Sh, 0.05),
    ("640101", Sh, 0.05),
    ("540206", E, 0.03),
];
/// Coastal centres also host an intermediate class in industrial electrics run jointly with a
/// school (liên kết đào tạo), the programmes a "convert" option would move to that school.
pub(super) const CENTRE_COAST: Template = &[
    ("620303", Sh, 0.24),
    ("520227", Im, 0.05),
    ("620111", Sh, 0.09),
    ("620119", Sh, 0.12),
    ("540205", E, 0.10),
    ("520226", E, 0.08),
    ("810207", Sh, 0.10),
    ("540215", Sh, 0.08),
    ("520217", E, 0.06),
    ("540216", Sh, 0.04),
    ("540206", E, 0.04),
];
pub(super) const CENTRE_MIDLAND: Template = &[
    ("620112", Sh, 0.16),
    ("620111", Sh, 0.18),
    ("620119", Sh, 0.18),
    ("520209", E, 0.05),
    ("520226", E, 0.08),
    ("540205", E, 0.08),
    ("810207", Sh, 0.07),
    ("540215", Sh, 0.08),
    ("620116", Sh, 0.06),
    ("640101", Sh, 0.06),
];
pub(super) const CENTRE_MOUNTAIN: Template = &[
    ("620111", Sh, 0.20),
    ("620119", Sh, 0.24),
    ("620202", Sh, 0.14),
    ("640101", Sh, 0.10),
    ("540216", Sh, 0.08),
    ("540215", Sh, 0.06),
    ("520226", E, 0.05),
    ("520217", E, 0.05),
    ("620112", Sh, 0.08),
];
pub(super) const CENTRE_CITY: Template = &[
    ("810207", Sh, 0.18),
    ("810403", E, 0.12),
    ("810404", E, 0.14),
    ("480205", Sh, 0.14),
    ("520226", E, 0.12),
    ("540205", E, 0.12),
    ("520205", E, 0.08),
    ("340101", Sh, 0.10),
];
pub(super) const COLLEGE_INDUSTRY: Template = &[
    ("520123", C, 0.03),
    ("520123", Im, 0.06),
    ("520123", E, 0.06),
    ("520227", C, 0.04),
    ("520227", Im, 0.07),
    ("520227", E, 0.05),
    ("520225", C, 0.03),
    ("520225", Im, 0.04),
    ("520263", C, 0.03),
    ("520263", Im, 0.03),
    ("520121", C, 0.02),
    ("520121", Im, 0.04),
    ("510216", C, 0.04),
    ("510216", Im, 0.05),
    ("520205", Im, 0.04),
    ("520205", E, 0.04),
    ("480205", C, 0.04),
    ("480209", C, 0.03),
    ("480208", C, 0.03),
    ("580201", Im, 0.03),
    ("520226", E, 0.08),
    ("520217", E, 0.04),
    ("540205", E, 0.05),
    ("580204", E, 0.04),
    ("520312", E, 0.05),
];
pub(super) const COLLEGE_TOURISM: Template = &[
    ("810207", C, 0.05),
    ("810207", Im, 0.08),
    ("810207", E, 0.08),
    ("810206", C, 0.04),
    ("810206", Im, 0.05),
    ("810201", C, 0.05),
    ("810201", Im, 0.05),
    ("810103", C, 0.04),
    ("340302", C, 0.07),
    ("340302", Im, 0.06),
    ("320301", Im, 0.06),
    ("340122", C, 0.04),
    ("340113", C, 0.03),
    ("340101", E, 0.06),
    ("810403", E, 0.05),
    ("810404", E, 0.06),
    ("480205", E, 0.08),
    ("760101", E, 0.05),
];
pub(super) const COLLEGE_AGRICULTURE: Template = &[
    ("640101", C, 0.06),
    ("640101", Im, 0.08),
    ("620111", C, 0.06),
    ("620111", Im, 0.10),
    ("620119", Im, 0.08),
    ("620303", Im, 0.05),
    ("620202", Im, 0.05),
    ("540103", C, 0.05),
    ("540103", Im, 0.07),
    ("620126", C, 0.04),
    ("620126", E, 0.06),
    ("520209", Im, 0.05),
    ("520209", E, 0.06),
    ("620113", E, 0.07),
    ("620112", E, 0.08),
];
pub(super) const INTERMEDIATE_TRANSPORT: Template =
    &[("840101", E, 0.50), ("510216", Im, 0.18), ("340113", Im, 0.08), ("520217", E, 0.10), ("510216", E, 0.14)];
pub(super) const INTERMEDIATE_ECONOMY: Template = &[
    ("340302", Im, 0.14),
    ("480205", Im, 0.12),
    ("520227", Im, 0.12),
    ("520123", Im, 0.10),
    ("620303", Im, 0.10),
    ("810207", Im, 0.12),
    ("320301", Im, 0.08),
    ("540205", E, 0.12),
    ("620111", E, 0.10),
];
pub(super) const INTERMEDIATE_ETHNIC: Template = &[
    ("620111", Im, 0.14),
    ("620111", E, 0.16),
    ("620119", Im, 0.14),
    ("640101", Im, 0.10),
    ("620202", Im, 0.14),
    ("520226", Im, 0.10),
    ("540205", E, 0.10),
    ("540215", Sh, 0.12),
];
pub(super) const INTERMEDIATE_AGRICULTURE: Template = &[
    ("620111", Im, 0.20),
    ("620119", Im, 0.20),
    ("620202", Im, 0.14),
    ("620112", Im, 0.14),
    ("640101", Im, 0.10),
    ("620116", E, 0.11),
    ("620113", E, 0.11),
];
pub(super) const PRIVATE_VIET_HAN: Template = &[
    ("520225", Im, 0.16),
    ("520228", E, 0.25),
    ("520123", Im, 0.14),
    ("520263", Im, 0.10),
    ("220211", E, 0.20),
    ("540206", E, 0.15),
];
pub(super) const PRIVATE_DRIVING: Template = &[("840101", E, 0.85), ("840101", Sh, 0.15)];
pub(super) const PRIVATE_SEWING: Template = &[("540206", E, 0.70), ("540205", Sh, 0.30)];
pub(super) const FOREIGN_SKILLS: Template = &[("220211", Sh, 0.45), ("760103", E, 0.35), ("720301", E, 0.20)];

/// A facility to create: where (district index), what, how big, how well used.
struct FacilityPlan {
    id: &'static str,
    name: &'static str,
    kind: FacilityKind,
    ownership: Ownership,
    self_financing: bool,
    district: usize,
    capacity: f64,
    utilisation: f64,
    template: Template,
}

#[allow(clippy::too_many_arguments)]
const fn plan(
    id: &'static str,
    name: &'static str,
    kind: FacilityKind,
    ownership: Ownership,
    self_financing: bool,
    district: usize,
    capacity: f64,
    utilisation: f64,
    template: Template,
) -> FacilityPlan {
    FacilityPlan { id, name, kind, ownership, self_financing, district, capacity, utilisation, template }
}

use FacilityKind::{Centre, College, Intermediate, Other};
use Ownership::{Foreign, Private, Public};

const FACILITIES: &[FacilityPlan] = &[
    plan(
        "F001",
        "Trường Cao đẳng Kỹ thuật Công nghiệp Lam Hồng",
        College,
        Public,
        false,
        0,
        4600.0,
        0.86,
        COLLEGE_INDUSTRY,
    ),
    plan(
        "F002",
        "Trường Cao đẳng Du lịch - Thương mại Lam Hồng",
        College,
        Public,
        true,
        0,
        2800.0,
        0.82,
        COLLEGE_TOURISM,
    ),
    plan("F003", "Trường Cao đẳng Nông nghiệp Phú Sơn", College, Public, false, 2, 1900.0, 0.44, COLLEGE_AGRICULTURE),
    plan(
        "F004",
        "Trường Trung cấp Giao thông Vận tải Lam Hồng",
        Intermediate,
        Public,
        false,
        0,
        1300.0,
        0.80,
        INTERMEDIATE_TRANSPORT,
    ),
    plan(
        "F005",
        "Trường Trung cấp Kinh tế - Kỹ thuật Cửa Lam",
        Intermediate,
        Public,
        false,
        1,
        950.0,
        0.66,
        INTERMEDIATE_ECONOMY,
    ),
    plan(
        "F006",
        "Trường Trung cấp Dân tộc Nội trú Con Luông",
        Intermediate,
        Public,
        false,
        13,
        600.0,
        0.58,
        INTERMEDIATE_ETHNIC,
    ),
    plan(
        "F007",
        "Trường Trung cấp Nông Lâm Tân Phong",
        Intermediate,
        Public,
        false,
        11,
        620.0,
        0.38,
        INTERMEDIATE_AGRICULTURE,
    ),
    plan(
        "F008",
        "Trường Trung cấp Việt - Hàn Lam Hồng",
        Intermediate,
        Private,
        false,
        0,
        900.0,
        0.83,
        PRIVATE_VIET_HAN,
    ),
    plan("F009", "Trung tâm GDNN-GDTX thành phố Lam Hồng", Centre, Public, false, 0, 1500.0, 0.74, CENTRE_CITY),
    plan("F010", "Trung tâm GDNN-GDTX Cửa Lam", Centre, Public, false, 1, 1100.0, 0.62, CENTRE_COAST),
    plan("F011", "Trung tâm GDNN-GDTX Phú Sơn", Centre, Public, false, 2, 1000.0, 0.55, CENTRE_MIDLAND),
    plan("F012", "Trung tâm GDNN-GDTX Diễn Lam", Centre, Public, false, 3, 1200.0, 0.66, CENTRE_COAST),
    plan("F013", "Trung tâm GDNN-GDTX Yên Hưng", Centre, Public, false, 4, 700.0, 0.38, CENTRE_PLAIN),
    plan("F014", "Trung tâm GDNN-GDTX Nghi Xuân", Centre, Public, false, 5, 800.0, 0.52, CENTRE_COAST),
    plan("F015", "Trung tâm GDNN-GDTX Hưng Phú", Centre, Public, false, 6, 650.0, 0.34, CENTRE_PLAIN),
    plan("F016", "Trung tâm GDNN-GDTX Nam Thanh", Centre, Public, false, 7, 680.0, 0.40, CENTRE_PLAIN),
    plan("F017", "Trung tâm GDNN-GDTX Quỳnh Lam", Centre, Public, false, 8, 1150.0, 0.68, CENTRE_COAST),
    plan("F018", "Trung tâm GDNN-GDTX Đô Sơn", Centre, Public, false, 9, 900.0, 0.57, CENTRE_MIDLAND),
    plan("F019", "Trung tâm GDNN-GDTX Thanh Lâm", Centre, Public, false, 10, 950.0, 0.61, CENTRE_MIDLAND),
    plan("F020", "Trung tâm GDNN-GDTX Tân Phong", Centre, Public, false, 11, 600.0, 0.36, CENTRE_MIDLAND),
    plan("F021", "Trung tâm GDNN-GDTX Quỳ Lam", Centre, Public, false, 12, 800.0, 0.63, CENTRE_MOUNTAIN),
    plan("F022", "Trung tâm GDNN-GDTX Con Luông", Centre, Public, false, 13, 750.0, 0.58, CENTRE_MOUNTAIN),
    plan("F023", "Trung tâm GDNN-GDTX Tương Lam", Centre, Public, false, 14, 700.0, 0.64, CENTRE_MOUNTAIN),
    plan("F024", "Trung tâm GDNN-GDTX Kỳ Lâm", Centre, Public, false, 15, 650.0, 0.69, CENTRE_MOUNTAIN),
    plan("F025", "Trung tâm Đào tạo Lái xe Thành Công", Other, Private, false, 0, 1500.0, 0.88, PRIVATE_DRIVING),
    plan("F026", "Trung tâm Dạy nghề May Phú Cường", Other, Private, false, 4, 650.0, 0.78, PRIVATE_SEWING),
    plan(
        "F027",
        "Trung tâm Đào tạo Kỹ năng Nhật Bản - Lam Hồng",
        Other,
        Foreign,
        false,
        0,
        420.0,
        0.80,
        FOREIGN_SKILLS,
    ),
];

/// Places in the plan table are scaled so that yearly intake is about 4% of the labour force
/// (national intake: 2.3 million a year for 52 million workers).
const CAPACITY_SCALE: f64 = 1.5;

fn make_facilities(rng: &mut Rng, areas: &[Area], communes: &[PlacedCommune]) -> Vec<(Facility, Vec<Program>)> {
    let projection = LocalProjection::new(19.35, 105.25);
    FACILITIES
        .iter()
        .map(|p| {
            let seat =
                communes.iter().position(|c| c.district == p.district && c.seat).expect("every district has a seat");
            let (sx, sy) = projection.to_km(areas[seat].lat, areas[seat].lon);
            let angle = rng.uniform(0.0, std::f64::consts::TAU);
            let offset = rng.uniform(0.3, 1.4);
            let (lat, lon) = projection.to_lat_lon(sx + offset * angle.cos(), sy + offset * angle.sin());
            let area_id = crate::geometry::nearest_area(areas, lat, lon).area_id.clone();
            let mut programs: Vec<Program> = p
                .template
                .iter()
                .map(|&(occupation, level, share)| Program {
                    facility_id: p.id.to_string(),
                    occupation: occupation.to_string(),
                    level,
                    places: (p.capacity * CAPACITY_SCALE * share / 5.0).round().max(2.0) * 5.0,
                })
                .collect();
            programs.sort_by(|a, b| (&a.occupation, a.level).cmp(&(&b.occupation, b.level)));
            let capacity: f64 = programs.iter().map(|x| x.places).sum();
            let (per_teacher, cost_per_place, fixed_share) = match p.kind {
                College => (18.0, 9.5, 0.45),
                Intermediate => (20.0, 8.0, 0.5),
                Centre => (45.0, 3.6, 0.62),
                _ => (40.0, 5.0, 0.55),
            };
            let teachers = (capacity / per_teacher * rng.uniform(0.85, 1.15)).round().max(6.0);
            // Costs in million VND: salaries of the staff plus running costs per place.
            let annual_cost = (teachers * 165.0 + capacity * cost_per_place * rng.uniform(0.9, 1.1)).round();
            let fixed_cost = (annual_cost * fixed_share * rng.uniform(0.92, 1.08)).round();
            let facility = Facility {
                facility_id: p.id.to_string(),
                name: p.name.to_string(),
                kind: p.kind,
                ownership: p.ownership,
                self_financing: p.self_financing,
                area_id,
                lat: round6(lat),
                lon: round6(lon),
                capacity,
                teachers: Some(teachers),
                annual_cost_mvnd: annual_cost,
                fixed_cost_mvnd: Some(fixed_cost),
            };
            (facility, programs)
        })
        .collect()
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn make_enrolment(
    rng: &mut Rng,
    facilities: &[Facility],
    programs: &[Program],
    areas: &[Area],
    zones: &[Zone],
) -> Vec<Enrolment> {
    let utilisation = |id: &str| FACILITIES.iter().find(|p| p.id == id).map_or(0.6, |p| p.utilisation);
    let zone_of = |f: &Facility| {
        let i = areas.iter().position(|a| a.area_id == f.area_id).expect("facility area exists");
        (zones[i], areas[i].urban)
    };
    let mut rows = Vec::new();
    for program in programs {
        let facility =
            facilities.iter().find(|f| f.facility_id == program.facility_id).expect("programme facility exists");
        let (zone, urban) = zone_of(facility);
        let spec = catalogue::find(&program.occupation);
        // Courses for jobs in demand fill better than traditional ones.
        let appeal = 0.8 + 0.35 * (spec.employment - 0.55) / 0.37;
        let base = utilisation(&facility.facility_id) * appeal;
        for year in FIRST_YEAR..=BASE_YEAR {
            let trend = match year {
                2021 => 0.80,
                2022 => 0.90,
                2023 => 0.96,
                2024 => 0.99,
                _ => 1.0,
            };
            let fill = (base * trend * rng.lognormal(0.07)).min(0.98);
            let intake = (program.places * fill).round().max(0.0);
            // Employment after training improves about a point a year (tracer surveys).
            let trend = 0.011 * f64::from(year - BASE_YEAR);
            let employment =
                (spec.employment - if zone == Zone::Mountain { 0.07 } else { 0.0 } + trend).clamp(0.3, 0.97);
            let rural_share = match (facility.kind, zone, urban) {
                (FacilityKind::Centre, Zone::City, _) => 0.30,
                (FacilityKind::Centre, _, _) => 0.90,
                (_, Zone::City, _) => 0.48,
                (_, _, true) => 0.60,
                _ => 0.85,
            };
            let (ethnic_share, poor_share) = match zone {
                Zone::Mountain => (0.68, 0.30),
                Zone::Midland => (0.14, 0.10),
                Zone::Plain => (0.03, 0.06),
                Zone::City => (0.06, 0.03),
            };
            let shares = LearnerShares {
                employment,
                rural: rural_share,
                female: spec.female,
                ethnic_minority: ethnic_share,
                poor: poor_share,
            };
            rows.push(enrolment_row(rng, program, year, intake, shares));
        }
    }
    rows.sort_by(|a, b| {
        (a.year, &a.facility_id, &a.occupation, a.level).cmp(&(b.year, &b.facility_id, &b.occupation, b.level))
    });
    rows
}

/// Openings for trained workers by commune, occupation and year. Industry demand
/// concentrates around the industrial parks; services in towns; agriculture in the hills.
fn make_demand(rng: &mut Rng, areas: &[Area], communes: &[PlacedCommune]) -> Vec<Demand> {
    let mut rows = Vec::new();
    let total_lf: f64 = areas.iter().map(|a| a.labour_force).sum();
    // Openings for trained workers in the base year: about 4.6% of the labour force
    // (expansion plus replacement of retiring workers).
    let target_total = total_lf * 0.046;
    let mut weights = Vec::with_capacity(areas.len());
    for (area, c) in areas.iter().zip(communes) {
        let park = INDUSTRIAL_PARKS
            .iter()
            .map(|&(lon, lat)| crate::geometry::haversine_km(area.lat, area.lon, lat, lon))
            .fold(f64::INFINITY, f64::min);
        let park_pull = (-park / 12.0).exp();
        let rate = match c.zone {
            Zone::City => 1.25,
            Zone::Plain => 1.0,
            Zone::Midland => 0.75,
            Zone::Mountain => 0.5,
        } + 0.8 * park_pull;
        let (agri, industry, services) = match (c.zone, c.ward) {
            (_, true) => (0.03, 0.37, 0.60),
            (Zone::Plain, _) => (0.16, 0.52, 0.32),
            (Zone::Midland, _) => (0.34, 0.36, 0.30),
            (Zone::Mountain, _) => (0.55, 0.20, 0.25),
            (Zone::City, _) => (0.05, 0.45, 0.50),
        };
        let industry = industry + 0.25 * park_pull;
        weights.push((area.labour_force * rate, [agri, industry, services], c));
    }
    let scale = target_total / weights.iter().map(|w| w.0).sum::<f64>();
    for (area, (weight, sector_mix, c)) in areas.iter().zip(&weights) {
        let mix_total: f64 = sector_mix.iter().sum();
        let openings_2025 = weight * scale;
        for spec in OCCUPATIONS {
            let s = Sector::ALL.iter().position(|&x| x == spec.sector).expect("sector listed");
            let sector_total: f64 = OCCUPATIONS
                .iter()
                .filter(|o| o.sector == spec.sector)
                .map(|o| o.demand_weight * local_factor(o.code, c))
                .sum();
            let share = sector_mix[s] / mix_total * spec.demand_weight * local_factor(spec.code, c) / sector_total;
            let expected = openings_2025 * share;
            if expected < 0.05 {
                continue;
            }
            let growth: f64 = match spec.sector {
                Sector::Agriculture => -0.02,
                Sector::Industry => 0.08,
                Sector::Services => 0.05,
            };
            let noise = rng.lognormal(0.2);
            super::push_yearly_openings(
                rng,
                &mut rows,
                &area.area_id,
                spec.code,
                expected * noise,
                growth,
                FIRST_YEAR..=BASE_YEAR,
            );
        }
    }
    // Contracts for overseas work are recruited province-wide, not by commune.
    for year in FIRST_YEAR..=BASE_YEAR {
        let n = 240.0 + 45.0 * (year - FIRST_YEAR) as f64;
        rows.push(Demand {
            year,
            scope: DemandScope::Province(PROVINCE_ID.to_string()),
            occupation: "760103".to_string(),
            openings: n.round(),
            level: None,
            source: Some("Đơn hàng xuất khẩu lao động (giả lập)".to_string()),
        });
    }
    rows.sort_by(|a, b| {
        (a.year, scope_key(&a.scope), &a.occupation).cmp(&(b.year, scope_key(&b.scope), &b.occupation))
    });
    rows
}

fn scope_key(scope: &DemandScope) -> (u8, &str) {
    match scope {
        DemandScope::Area(a) => (0, a.as_str()),
        DemandScope::Province(p) => (1, p.as_str()),
    }
}

/// Occupations tied to a landscape: aquaculture on the coast, forestry in the hills, tourism
/// in the city and on the coast.
fn local_factor(code: &str, c: &PlacedCommune) -> f64 {
    match code {
        "620303" => {
            if c.coastal {
                3.0
            } else {
                0.3
            }
        }
        "620202" => match c.zone {
            Zone::Mountain => 3.0,
            Zone::Midland => 1.2,
            _ => 0.1,
        },
        "810103" | "810201" => {
            if c.zone == Zone::City || c.coastal {
                2.0
            } else {
                0.3
            }
        }
        "620126" => match c.zone {
            Zone::Plain | Zone::Midland => 1.5,
            _ => 0.4,
        },
        _ => 1.0,
    }
}

/// Measured travel times where the road is much longer than the straight line (river
/// crossings, mountain passes): the four mountain communes farthest from any facility.
fn make_travel(areas: &[Area], zones: &[Zone], facilities: &[Facility]) -> Vec<TravelOverride> {
    let mut candidates: Vec<(f64, &Area, &Facility)> = areas
        .iter()
        .zip(zones)
        .filter(|(_, z)| **z == Zone::Mountain)
        .map(|(a, _)| {
            let (d, f) = facilities
                .iter()
                .map(|f| (crate::geometry::haversine_km(a.lat, a.lon, f.lat, f.lon), f))
                .min_by(|x, y| x.0.total_cmp(&y.0))
                .expect("there are facilities");
            (d, a, f)
        })
        .collect();
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.area_id.cmp(&y.1.area_id)));
    candidates
        .into_iter()
        .take(4)
        .map(|(d, a, f)| TravelOverride {
            area_id: a.area_id.clone(),
            facility_id: f.facility_id.clone(),
            minutes: (d * 1.3 / 20.0 * 60.0 * 1.5).round(),
            method: TravelMethod::Measured,
            distance_km: None,
        })
        .collect()
}

/// A synthetic history of the two stocks, 2019 to the base year, ending at the communes'
/// own shares and rising about one point a year (the national pace of 2020-2025): labelled
/// synthetic in its source, so that nobody quotes it.
fn history(areas: &[Area]) -> Vec<HistoryPoint> {
    let labour_force: f64 = areas.iter().map(|a| a.labour_force).sum();
    let share = |f: fn(&Area) -> Option<f64>| areas.iter().filter_map(f).sum::<f64>() / labour_force;
    let source =
        "Số liệu minh họa tổng hợp (không phải số liệu công bố) / synthetic illustration (not published figures)";
    // Points below the base year's share, from one year before it back to 2019.
    let below: [(HistoryIndicator, f64, [f64; 6]); 2] = [
        (HistoryIndicator::Trained, share(|a| a.trained), [0.011, 0.023, 0.034, 0.046, 0.057, 0.069]),
        (HistoryIndicator::Certified, share(|a| a.certified), [0.010, 0.019, 0.030, 0.039, 0.049, 0.058]),
    ];
    let mut out = Vec::new();
    for (indicator, now, offsets) in below {
        let offsets: Vec<f64> = std::iter::once(0.0).chain(offsets).collect();
        for (back, offset) in offsets.into_iter().enumerate().rev() {
            out.push(HistoryPoint {
                indicator,
                year: BASE_YEAR - back as i32,
                value: ((now - offset) * 1000.0).round() / 1000.0,
                scope: None,
                source: Some(source.to_string()),
            });
        }
    }
    out
}

fn targets() -> Vec<Target> {
    let source = |s: &str| Some(s.to_string());
    let resolution = "Nghị quyết Đại hội Đảng bộ tỉnh (mục tiêu minh họa theo hội nghị ngành LĐ-TB&XH 2021)";
    vec![
        Target { indicator: Indicator::Trained, year: 2030, value: 0.75, scope: None, source: source(resolution) },
        Target { indicator: Indicator::Certified, year: 2030, value: 0.32, scope: None, source: source(resolution) },
        Target {
            indicator: Indicator::UrbanUnemployment,
            year: 2030,
            value: 0.03,
            scope: None,
            source: source(resolution),
        },
        Target {
            indicator: Indicator::PovertyReduction,
            year: 2030,
            value: 0.01,
            scope: None,
            source: source(resolution),
        },
        Target {
            // The strategy's 80% is for college and intermediate graduates; short courses are
            // held to the 70% norm (scoring settings) and the pooled rate to the two weighted.
            indicator: Indicator::Employed6mFormal,
            year: 2030,
            value: 0.80,
            scope: None,
            source: source("Chiến lược phát triển GDNN 2021-2030 (Quyết định 2239/QĐ-TTg), cao đẳng, trung cấp"),
        },
    ]
}

/// Old commune codes (before the 2025 merger) of the first communes, for planners whose
/// older tables still use them.
fn succession(areas: &[Area]) -> Vec<Succession> {
    let mut rows = Vec::new();
    for (i, area) in areas.iter().take(12).enumerate() {
        let base = 17_000 + 3 * i;
        rows.push(Succession {
            old_id: format!("{base}"),
            new_id: area.area_id.clone(),
            share: 1.0,
            effective: Some("2025-07-01".into()),
        });
        rows.push(Succession {
            old_id: format!("{}", base + 1),
            new_id: area.area_id.clone(),
            share: 1.0,
            effective: Some("2025-07-01".into()),
        });
    }
    // One old commune split between two new ones.
    rows.push(Succession {
        old_id: "17040".into(),
        new_id: areas[12].area_id.clone(),
        share: 0.6,
        effective: Some("2025-07-01".into()),
    });
    rows.push(Succession {
        old_id: "17040".into(),
        new_id: areas[13].area_id.clone(),
        share: 0.4,
        effective: Some("2025-07-01".into()),
    });
    rows
}
