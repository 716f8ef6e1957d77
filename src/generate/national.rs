//! The national preset: 34 provinces (6 centrally-run cities and 28 provinces after the 2025
//! reform), 3,321 communes with polygons, about 1,900 facilities and 20,000 programmes, five
//! years of enrolment and demand. Synthetic: names and rough locations of the provinces are
//! real, everything else is drawn from a seeded generator. Used for performance work and
//! province comparisons.
//!
//! Province polygons are the Voronoi cells of their centres inside a rough outline of
//! Vietnam; communes are placed inside their province and get Voronoi polygons in turn.
//! With `--learners N`, learner-level records replace `enrolment.csv`: one row per learner
//! (year, facility, occupation, level, home commune, sex, rural, poor, outcome), written to
//! `learners.parquet`, which the loader aggregates with polars.

use geo::{
    Area as _, BoundingRect, Contains, Coord, LineString, MultiPoint, Point, Polygon, Voronoi, VoronoiClip,
    VoronoiParams,
};

use super::catalogue::{self, OCCUPATIONS};
use super::demo::{self, Template};
use super::{AreaSeed, SocialProfile, Zone, commune_name, synth_area};
use crate::geometry::{LocalProjection, haversine_km};
use crate::model::*;
use crate::rng::Rng;
use rustc_hash::FxHashMap as HashMap;

pub const BASE_YEAR: i32 = 2025;
pub const FIRST_YEAR: i32 = 2021;

/// (code, name, lon, lat, population in millions, communes, share of mountain communes)
const PROVINCES: &[(&str, &str, f64, f64, f64, usize, f64)] = &[
    ("01", "Thành phố Hà Nội", 105.80, 21.00, 8.7, 126, 0.05),
    ("79", "Thành phố Hồ Chí Minh", 106.70, 10.90, 14.0, 168, 0.0),
    ("31", "Thành phố Hải Phòng", 106.50, 20.85, 4.7, 114, 0.02),
    ("48", "Thành phố Đà Nẵng", 108.00, 15.70, 3.1, 94, 0.35),
    ("92", "Thành phố Cần Thơ", 105.85, 9.75, 4.2, 103, 0.0),
    ("46", "Thành phố Huế", 107.50, 16.35, 1.4, 40, 0.25),
    ("08", "Tỉnh Tuyên Quang", 105.05, 22.45, 1.9, 124, 0.75),
    ("15", "Tỉnh Lào Cai", 104.30, 22.05, 1.8, 99, 0.75),
    ("19", "Tỉnh Thái Nguyên", 105.80, 21.75, 1.8, 92, 0.45),
    ("25", "Tỉnh Phú Thọ", 105.15, 21.10, 4.0, 148, 0.4),
    ("24", "Tỉnh Bắc Ninh", 106.25, 21.30, 3.6, 99, 0.1),
    ("33", "Tỉnh Hưng Yên", 106.20, 20.60, 3.6, 104, 0.0),
    ("37", "Tỉnh Ninh Bình", 105.95, 20.20, 4.4, 129, 0.08),
    ("44", "Tỉnh Quảng Trị", 106.60, 17.20, 1.9, 78, 0.35),
    ("51", "Tỉnh Quảng Ngãi", 108.30, 14.90, 2.2, 96, 0.45),
    ("52", "Tỉnh Gia Lai", 108.55, 14.05, 3.6, 135, 0.45),
    ("56", "Tỉnh Khánh Hòa", 109.00, 12.20, 2.2, 65, 0.2),
    ("68", "Tỉnh Lâm Đồng", 107.90, 11.60, 3.9, 124, 0.45),
    ("66", "Tỉnh Đắk Lắk", 108.55, 12.85, 3.3, 102, 0.4),
    ("75", "Tỉnh Đồng Nai", 107.10, 11.35, 4.5, 95, 0.1),
    ("72", "Tỉnh Tây Ninh", 106.10, 11.05, 3.3, 96, 0.02),
    ("86", "Tỉnh Vĩnh Long", 106.25, 10.05, 4.3, 124, 0.0),
    ("82", "Tỉnh Đồng Tháp", 105.90, 10.45, 4.4, 102, 0.0),
    ("96", "Tỉnh Cà Mau", 105.20, 9.10, 2.6, 64, 0.0),
    ("91", "Tỉnh An Giang", 105.00, 10.30, 4.9, 102, 0.05),
    ("12", "Tỉnh Lai Châu", 103.30, 22.30, 0.5, 38, 0.9),
    ("11", "Tỉnh Điện Biên", 102.95, 21.45, 0.65, 45, 0.9),
    ("14", "Tỉnh Sơn La", 104.00, 21.20, 1.3, 75, 0.85),
    ("20", "Tỉnh Lạng Sơn", 106.60, 21.80, 0.8, 65, 0.7),
    ("22", "Tỉnh Quảng Ninh", 107.30, 21.20, 1.4, 54, 0.35),
    ("38", "Tỉnh Thanh Hóa", 105.45, 19.95, 4.3, 166, 0.35),
    ("40", "Tỉnh Nghệ An", 104.90, 19.20, 3.8, 130, 0.45),
    ("42", "Tỉnh Hà Tĩnh", 105.75, 18.30, 1.3, 69, 0.25),
    ("04", "Tỉnh Cao Bằng", 106.10, 22.70, 0.55, 56, 0.85),
];

/// A rough outline of Vietnam's mainland (lon, lat), clockwise from the north-west.
const OUTLINE: &[(f64, f64)] = &[
    (102.15, 22.40),
    (102.50, 22.80),
    (103.60, 22.80),
    (104.30, 22.80),
    (105.30, 23.30),
    (106.20, 22.95),
    (106.70, 22.80),
    (107.40, 21.80),
    (108.00, 21.55),
    (107.20, 21.00),
    (106.80, 20.75),
    (106.15, 19.90),
    (105.90, 19.35),
    (105.85, 18.65),
    (106.45, 17.95),
    (106.70, 17.40),
    (107.70, 16.40),
    (108.35, 15.95),
    (108.95, 15.05),
    (109.30, 13.80),
    (109.25, 12.20),
    (109.00, 11.55),
    (108.10, 10.85),
    (107.10, 10.35),
    (106.65, 9.75),
    (105.20, 8.55),
    (104.80, 9.95),
    (104.45, 10.40),
    (105.05, 10.90),
    (106.05, 11.25),
    (106.45, 11.90),
    (107.45, 12.30),
    (107.60, 13.40),
    (107.50, 14.60),
    (107.35, 15.55),
    (107.00, 16.15),
    (106.60, 16.50),
    (106.00, 17.30),
    (105.15, 18.30),
    (104.40, 18.80),
    (103.90, 19.25),
    (104.10, 19.95),
    (103.05, 20.70),
    (102.20, 21.30),
    (102.10, 22.00),
];

/// The national dataset, and the learner records when asked for.
pub struct National {
    pub dataset: Dataset,
    pub learners: Option<Vec<u8>>,
}

pub fn generate(seed: u64, learners: Option<u64>) -> National {
    let rng = Rng::new(seed);
    let mut outline: Vec<Coord<f64>> = OUTLINE.iter().map(|&(x, y)| Coord { x, y }).collect();
    outline.push(outline[0]);
    let outline = Polygon::new(LineString::new(outline), vec![]);
    let provinces = province_cells(&outline);
    let mut ds = Dataset { occupations: super::occupations(), targets: targets(), ..Default::default() };
    let mut zones: Vec<Zone> = Vec::new();
    let mut coastal: Vec<bool> = Vec::new();
    let mut next_area = 1;
    let mut next_facility = 1;
    for (p, &(code, name, lon, lat, population, communes, mountain)) in PROVINCES.iter().enumerate() {
        let mut prng = rng.fork(code);
        let cell = &provinces[p];
        let projection = LocalProjection::new(lat, lon);
        let points = place_communes(&mut prng, cell, communes, (lon, lat));
        let mut areas = Vec::with_capacity(points.len());
        let mut names = std::collections::HashSet::new();
        let urban_share = if name.starts_with("Thành phố") { 0.45 } else { 0.12 };
        let mut order: Vec<usize> = (0..points.len()).collect();
        // Nearest to the centre are the urban wards; farthest the mountain communes.
        order.sort_by(|&a, &b| {
            let d = |i: usize| haversine_km(lat, lon, points[i].1, points[i].0);
            d(a).total_cmp(&d(b)).then(a.cmp(&b))
        });
        let mut zone_of = vec![Zone::Plain; points.len()];
        for (rank, &i) in order.iter().enumerate() {
            let position = rank as f64 / points.len() as f64;
            zone_of[i] = if position < urban_share {
                Zone::City
            } else if position > 1.0 - mountain {
                Zone::Mountain
            } else if position > 1.0 - mountain - 0.15 {
                Zone::Midland
            } else {
                Zone::Plain
            };
        }
        let weights: Vec<f64> = zone_of
            .iter()
            .map(|z| match z {
                Zone::City => 2.2,
                Zone::Plain => 1.0,
                Zone::Midland => 0.7,
                Zone::Mountain => 0.45,
            })
            .collect();
        let total_weight: f64 = weights.iter().sum();
        let near_sea = |lon: f64, lat: f64| OUTLINE.iter().take(30).any(|&(x, y)| haversine_km(lat, lon, y, x) < 25.0);
        for (i, &(clon, clat)) in points.iter().enumerate() {
            let zone = zone_of[i];
            let ward = zone == Zone::City;
            let name = loop {
                let candidate = commune_name(&mut prng, zone, ward);
                if names.insert(candidate.clone()) {
                    break candidate;
                }
                if names.len() > 5000 {
                    break format!("{candidate} {i}");
                }
            };
            let pop = population * 1e6 * weights[i] / total_weight * prng.uniform(0.8, 1.2);
            let difficult = zone == Zone::Mountain && prng.chance(0.8);
            areas.push(synth_area(
                &mut prng,
                AreaSeed {
                    area_id: format!("{next_area:05}"),
                    name,
                    province_id: code.to_string(),
                    province_name: name_of(p).to_string(),
                    ward,
                    difficult,
                    lat: clat,
                    lon: clon,
                    population: pop,
                    profile: SocialProfile::for_commune(zone, ward),
                },
            ));
            zones.push(zone);
            coastal.push(near_sea(clon, clat));
            next_area += 1;
        }
        let mut shapes = super::voronoi_shapes(&areas, cell, &projection);
        let (facilities, programs) = facilities(&mut prng, &areas, &zone_of, population, &mut next_facility);
        ds.areas.extend(areas);
        ds.shapes.append(&mut shapes);
        ds.facilities.extend(facilities);
        ds.programs.extend(programs);
    }
    let mut erng = rng.fork("enrolment");
    ds.enrolment = enrolment(&mut erng, &ds, &zones);
    let mut drng = rng.fork("demand");
    ds.demand = demand(&mut drng, &ds, &zones, &coastal);
    if let Some(rows) = learners {
        // Enough places for the learners asked for: scale the network when they outnumber
        // the generated intake.
        let intake: f64 = ds.enrolment.iter().map(|e| e.intake).sum();
        let factor = (rows as f64 / intake.max(1.0)).max(1.0);
        if factor > 1.0 {
            for p in &mut ds.programs {
                p.places = (p.places * factor).round();
            }
            for f in &mut ds.facilities {
                f.capacity = (f.capacity * factor).round();
                f.annual_cost_mvnd = (f.annual_cost_mvnd * factor).round();
                f.fixed_cost_mvnd = f.fixed_cost_mvnd.map(|c| (c * factor).round());
                f.teachers = f.teachers.map(|t| (t * factor).round());
            }
            for e in &mut ds.enrolment {
                e.scale(factor);
            }
        }
    }
    let learner_bytes = learners.map(|rows| {
        let bytes = learner_records(&mut rng.fork("learners"), &ds, rows);
        ds.enrolment.clear();
        bytes
    });
    National { dataset: ds, learners: learner_bytes }
}

fn name_of(p: usize) -> &'static str {
    PROVINCES[p].1
}

/// Voronoi cells of the province centres inside the outline (lon/lat treated as planar,
/// scaled by cos(latitude) through a projection at the country's centre).
fn province_cells(outline: &Polygon<f64>) -> Vec<Polygon<f64>> {
    let projection = LocalProjection::new(16.0, 106.0);
    let to_km = |c: Coord<f64>| {
        let (x, y) = projection.to_km(c.y, c.x);
        Coord { x, y }
    };
    let outline_km = Polygon::new(outline.exterior().coords().copied().map(to_km).collect(), vec![]);
    let sites: MultiPoint<f64> = PROVINCES
        .iter()
        .map(|&(_, _, lon, lat, ..)| {
            let (x, y) = projection.to_km(lat, lon);
            Point::new(x, y)
        })
        .collect();
    let cells = sites
        .voronoi_cells_with_params(VoronoiParams::new().clip(VoronoiClip::Polygon(&outline_km)))
        .expect("province centres are distinct");
    cells
        .into_iter()
        .map(|cell| {
            let ring: Vec<Coord<f64>> = cell
                .exterior()
                .coords()
                .map(|c| {
                    let (lat, lon) = projection.to_lat_lon(c.x, c.y);
                    Coord { x: lon, y: lat }
                })
                .collect();
            Polygon::new(LineString::new(ring), vec![])
        })
        .collect()
}

/// Commune centres inside a province cell, spread out (rejection sampling with a minimum
/// gap that shrinks when space runs out), denser near the province centre.
fn place_communes(rng: &mut Rng, cell: &Polygon<f64>, n: usize, centre: (f64, f64)) -> Vec<(f64, f64)> {
    let rect = cell.bounding_rect().expect("a non-empty cell");
    let projection = LocalProjection::new(centre.1, centre.0);
    let (w, h) = projection.to_km(rect.max().y, rect.max().x);
    let (w0, h0) = projection.to_km(rect.min().y, rect.min().x);
    let area_km2 = ((w - w0) * (h - h0)).abs() * (cell.unsigned_area() / rect.to_polygon().unsigned_area()).max(0.05);
    let mut gap = (area_km2 / n as f64).sqrt() * 0.55;
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(n);
    let mut failures = 0;
    while points.len() < n {
        let (lon, lat) = if rng.chance(0.35) {
            // Closer to the centre, where people live.
            let r = rng.unit() * (area_km2.sqrt() * 0.4);
            let a = rng.uniform(0.0, std::f64::consts::TAU);
            let (la, lo) = projection.to_lat_lon(r * a.cos(), r * a.sin());
            (lo, la)
        } else {
            (rng.uniform(rect.min().x, rect.max().x), rng.uniform(rect.min().y, rect.max().y))
        };
        let inside = cell.contains(&Point::new(lon, lat));
        let clear = points.iter().all(|&(x, y)| haversine_km(lat, lon, y, x) >= gap);
        if inside && clear {
            points.push((lon, lat));
            failures = 0;
        } else {
            failures += 1;
            if failures > 400 {
                gap *= 0.85;
                failures = 0;
            }
        }
    }
    points
}

/// Facilities of a province: public centres (one per ~3 communes), colleges and
/// intermediate schools in proportion to population, and private ones.
fn facilities(
    rng: &mut Rng,
    areas: &[Area],
    zones: &[Zone],
    population_m: f64,
    next: &mut usize,
) -> (Vec<Facility>, Vec<Program>) {
    let mut facilities = Vec::new();
    let mut programs = Vec::new();
    let by_zone = |z: Zone| -> Vec<usize> { (0..areas.len()).filter(|&i| zones[i] == z).collect() };
    let city = by_zone(Zone::City);
    let plain = by_zone(Zone::Plain);
    let mountain = by_zone(Zone::Mountain);
    let midland = by_zone(Zone::Midland);
    let urban_or_plain: Vec<usize> = city.iter().chain(&plain).copied().collect();
    let pick = |rng: &mut Rng, pool: &[usize]| -> usize {
        if pool.is_empty() { rng.below(areas.len()) } else { pool[rng.below(pool.len())] }
    };
    let colleges = (population_m * 3.0).round().max(2.0) as usize;
    let intermediates = (population_m * 3.2).round().max(2.0) as usize;
    let centres = (areas.len() as f64 * 0.28).round().max(3.0) as usize;
    let private = ((colleges + intermediates + centres) as f64 * 0.18).round() as usize;
    let mut plan: Vec<(FacilityKind, Ownership, bool, Template, usize, f64)> = Vec::new();
    for i in 0..colleges {
        let template = [demo::COLLEGE_INDUSTRY, demo::COLLEGE_TOURISM, demo::COLLEGE_AGRICULTURE][i % 3];
        let ownership = if i % 5 == 4 { Ownership::Private } else { Ownership::Public };
        plan.push((
            FacilityKind::College,
            ownership,
            // Self-financing is a status of public schools only.
            i % 4 == 1 && ownership == Ownership::Public,
            template,
            pick(rng, &urban_or_plain),
            rng.uniform(1200.0, 4500.0),
        ));
    }
    for i in 0..intermediates {
        let (template, pool) = match i % 4 {
            0 => (demo::INTERMEDIATE_ECONOMY, &urban_or_plain),
            1 => (demo::INTERMEDIATE_TRANSPORT, &urban_or_plain),
            2 => (demo::INTERMEDIATE_AGRICULTURE, &midland),
            _ => (demo::INTERMEDIATE_ETHNIC, &mountain),
        };
        let ownership = if i % 3 == 2 { Ownership::Private } else { Ownership::Public };
        let at = pick(rng, pool);
        plan.push((FacilityKind::Intermediate, ownership, false, template, at, rng.uniform(500.0, 1600.0)));
    }
    for _ in 0..centres {
        let at = rng.below(areas.len());
        let template = match zones[at] {
            Zone::City => demo::CENTRE_CITY,
            Zone::Plain => {
                if rng.chance(0.3) {
                    demo::CENTRE_COAST
                } else {
                    demo::CENTRE_PLAIN
                }
            }
            Zone::Midland => demo::CENTRE_MIDLAND,
            Zone::Mountain => demo::CENTRE_MOUNTAIN,
        };
        plan.push((FacilityKind::Centre, Ownership::Public, false, template, at, rng.uniform(500.0, 1800.0)));
    }
    for i in 0..private {
        let (template, ownership) = match i % 4 {
            0 => (demo::PRIVATE_DRIVING, Ownership::Private),
            1 => (demo::PRIVATE_SEWING, Ownership::Private),
            2 => (demo::FOREIGN_SKILLS, Ownership::Foreign),
            _ => (demo::PRIVATE_VIET_HAN, Ownership::Private),
        };
        plan.push((
            FacilityKind::Other,
            ownership,
            false,
            template,
            pick(rng, &urban_or_plain),
            rng.uniform(300.0, 1500.0),
        ));
    }
    for (kind, ownership, self_financing, template, at, size) in plan {
        let id = format!("N{:04}", *next);
        *next += 1;
        let area = &areas[at];
        let lat = (area.lat + rng.uniform(-0.01, 0.01)) * 1.0;
        let lon = (area.lon + rng.uniform(-0.01, 0.01)) * 1.0;
        let mut ps: Vec<Program> = template
            .iter()
            .filter(|_| rng.chance(0.85))
            .map(|&(occupation, level, share)| Program {
                facility_id: id.clone(),
                occupation: occupation.to_string(),
                level,
                places: (size * share / 5.0).round().max(2.0) * 5.0,
            })
            .collect();
        ps.sort_by(|a, b| (&a.occupation, a.level).cmp(&(&b.occupation, b.level)));
        ps.dedup_by(|a, b| a.occupation == b.occupation && a.level == b.level);
        if ps.is_empty() {
            let &(occupation, level, _) = &template[0];
            ps.push(Program {
                facility_id: id.clone(),
                occupation: occupation.into(),
                level,
                places: (size / 5.0).round() * 5.0,
            });
        }
        let capacity: f64 = ps.iter().map(|p| p.places).sum();
        let per_teacher = if kind == FacilityKind::Centre { 45.0 } else { 20.0 };
        let teachers = (capacity / per_teacher).round().max(4.0);
        let annual = (teachers * 165.0 + capacity * if kind == FacilityKind::Centre { 3.6 } else { 8.5 }).round();
        facilities.push(Facility {
            facility_id: id.clone(),
            name: format!(
                "{} {}",
                kind_label(kind, ownership),
                areas[at].name.trim_start_matches("Xã ").trim_start_matches("Phường ")
            ),
            kind,
            ownership,
            self_financing,
            area_id: area.area_id.clone(),
            lat: (lat * 1e6).round() / 1e6,
            lon: (lon * 1e6).round() / 1e6,
            capacity,
            teachers: Some(teachers),
            annual_cost_mvnd: annual,
            fixed_cost_mvnd: Some((annual * 0.55).round()),
        });
        programs.extend(ps);
    }
    (facilities, programs)
}

fn kind_label(kind: FacilityKind, ownership: Ownership) -> &'static str {
    match (kind, ownership) {
        (FacilityKind::College, _) => "Trường Cao đẳng",
        (FacilityKind::Intermediate, _) => "Trường Trung cấp",
        (FacilityKind::Centre, _) => "Trung tâm GDNN-GDTX",
        (_, Ownership::Foreign) => "Trung tâm Đào tạo Kỹ năng",
        _ => "Trung tâm Dạy nghề",
    }
}

fn enrolment(rng: &mut Rng, ds: &Dataset, zones: &[Zone]) -> Vec<Enrolment> {
    let area_index = ds.area_index();
    let facility_index = ds.facility_index();
    let fill: Vec<f64> = ds.facilities.iter().map(|_| rng.uniform(0.3, 0.95)).collect();
    let mut rows = Vec::with_capacity(ds.programs.len() * 5);
    for p in &ds.programs {
        let f = facility_index[p.facility_id.as_str()];
        let facility = &ds.facilities[f];
        let a = area_index[facility.area_id.as_str()];
        let zone = zones[a];
        let spec = catalogue::find(&p.occupation);
        let appeal = 0.8 + 0.35 * (spec.employment - 0.55) / 0.37;
        for year in FIRST_YEAR..=BASE_YEAR {
            let trend = [0.8, 0.9, 0.96, 0.99, 1.0][(year - FIRST_YEAR) as usize];
            let intake = (p.places * (fill[f] * appeal * trend * rng.lognormal(0.07)).min(0.98)).round();
            let completion = match p.level {
                Level::College => 0.76,
                Level::Intermediate => 0.82,
                Level::Elementary => 0.91,
                Level::Short => 0.95,
            };
            let graduates = rng.binomial(intake as u64, completion) as f64;
            let certified = if p.level == Level::Short { 0.0 } else { rng.binomial(graduates as u64, 0.97) as f64 };
            let employment = (spec.employment + 0.011 * f64::from(year - BASE_YEAR)
                - if zone == Zone::Mountain { 0.07 } else { 0.0 })
            .clamp(0.3, 0.97);
            let rural_share = match zone {
                Zone::City => 0.3,
                _ => 0.85,
            };
            let n = intake as u64;
            rows.push(Enrolment {
                year,
                facility_id: p.facility_id.clone(),
                occupation: p.occupation.clone(),
                level: p.level,
                intake,
                graduates: Some(graduates),
                certified: Some(certified),
                employed_6m: Some(rng.binomial(graduates as u64, employment) as f64),
                rural: Some(rng.binomial(n, rural_share) as f64),
                female: Some(rng.binomial(n, spec.female) as f64),
                ethnic_minority: Some(rng.binomial(n, if zone == Zone::Mountain { 0.6 } else { 0.05 }) as f64),
                poor: Some(rng.binomial(n, if zone == Zone::Mountain { 0.3 } else { 0.05 }) as f64),
            });
        }
    }
    rows.sort_by(|a, b| {
        (a.year, &a.facility_id, &a.occupation, a.level).cmp(&(b.year, &b.facility_id, &b.occupation, b.level))
    });
    rows
}

fn demand(rng: &mut Rng, ds: &Dataset, zones: &[Zone], coastal: &[bool]) -> Vec<Demand> {
    let mut rows = Vec::new();
    for (a, area) in ds.areas.iter().enumerate() {
        let (agri, industry, services) = match zones[a] {
            Zone::City => (0.03, 0.40, 0.57),
            Zone::Plain => (0.16, 0.52, 0.32),
            Zone::Midland => (0.34, 0.36, 0.30),
            Zone::Mountain => (0.55, 0.20, 0.25),
        };
        let total = area.labour_force * 0.046 * rng.lognormal(0.2);
        for spec in OCCUPATIONS {
            let sector_share = match spec.sector {
                Sector::Agriculture => agri,
                Sector::Industry => industry,
                Sector::Services => services,
            };
            let local = match spec.code {
                "620303" if !coastal[a] => 0.3,
                "620303" => 2.5,
                "620202" if zones[a] == Zone::Mountain => 3.0,
                _ => 1.0,
            };
            let sector_weight: f64 =
                OCCUPATIONS.iter().filter(|o| o.sector == spec.sector).map(|o| o.demand_weight).sum();
            let expected = total * sector_share * spec.demand_weight * local / sector_weight;
            if expected < 0.3 {
                continue;
            }
            let growth: f64 = match spec.sector {
                Sector::Agriculture => -0.02,
                Sector::Industry => 0.08,
                Sector::Services => 0.05,
            };
            super::push_yearly_openings(
                rng,
                &mut rows,
                &area.area_id,
                spec.code,
                expected,
                growth,
                FIRST_YEAR..=BASE_YEAR,
            );
        }
    }
    rows.sort_by(|a, b| {
        let key = |d: &Demand| match &d.scope {
            DemandScope::Area(x) | DemandScope::Province(x) => x.clone(),
        };
        (a.year, key(a), &a.occupation).cmp(&(b.year, key(b), &b.occupation))
    });
    rows
}

fn targets() -> Vec<Target> {
    let source = Some("Chiến lược phát triển GDNN 2021-2030 (minh họa)".to_string());
    [
        (Indicator::Trained, 0.75),
        (Indicator::Certified, 0.32),
        (Indicator::UrbanUnemployment, 0.03),
        (Indicator::PovertyReduction, 0.01),
        (Indicator::Employed6m, 0.80),
    ]
    .into_iter()
    .map(|(indicator, value)| Target { indicator, year: 2030, value, scope: None, source: source.clone() })
    .collect()
}

/// Communes (indices) and the cumulative weights to draw a learner's home from.
type HomeDistribution = (Vec<usize>, Vec<f64>);

/// Cumulative home-commune distribution of each programme (facility, occupation, level):
/// the attendance model's origins, over the facility's province.
fn home_distributions(ds: &Dataset) -> HashMap<(usize, &str, Level), HomeDistribution> {
    use crate::access::attendance::{Attendance, AttendanceModel, AttendanceSettings, Programmes};
    let model = AttendanceModel::from_settings(&AttendanceSettings::default());
    let area_index = ds.area_index();
    let facility_index = ds.facility_index();
    let year = ds.latest_enrolment_year().unwrap_or(0);
    let mut homes = HashMap::default();
    for province in ds.province_ids() {
        let part = ds.province(&province);
        let matrix = crate::access::travel_matrix(
            &part.areas,
            &part.facilities,
            &part.travel,
            &crate::access::AccessSettings::default(),
        );
        let programmes = Programmes::new(&part, year);
        let attendance = Attendance::new(&part, &matrix, &programmes, model.clone(), &|_, _| true);
        let ids: Vec<usize> = part.areas.iter().map(|a| area_index[a.area_id.as_str()]).collect();
        for (i, p) in programmes.list.iter().enumerate() {
            let mut acc = 0.0;
            let cumulative: Vec<f64> = (0..part.areas.len())
                .map(|a| {
                    acc += attendance.origin_weight(&part, &programmes, i, a);
                    acc
                })
                .collect();
            let facility = &part.facilities[p.facility];
            let occupation = ds.occupations.iter().find(|o| o.code == part.occupations[p.occupation].code);
            if let Some(o) = occupation {
                homes.insert(
                    (facility_index[facility.facility_id.as_str()], o.code.as_str(), p.level),
                    (ids.clone(), cumulative),
                );
            }
        }
    }
    homes
}

/// One row per learner, `rows` in all (spread over the years and programmes in proportion
/// to intake), as Parquet bytes. Home communes are drawn from the attendance model with its
/// default half-lives, within the facility's province.
fn learner_records(rng: &mut Rng, ds: &Dataset, rows: u64) -> Vec<u8> {
    use polars::prelude::*;
    let total_intake: f64 = ds.enrolment.iter().map(|e| e.intake).sum();
    let scale = if total_intake > 0.0 { rows as f64 / total_intake } else { 0.0 };
    let facility_index = ds.facility_index();
    // Home communes are drawn from the attendance model with its default half-lives (60
    // minutes for college and intermediate courses, 30 for short ones), province by
    // province: the national preset is planted truth for the fit (docs/METHODOLOGY.md 4a).
    let homes = home_distributions(ds);
    let capacity = rows as usize + ds.enrolment.len();
    let mut year = Vec::with_capacity(capacity);
    let mut facility: Vec<u32> = Vec::with_capacity(capacity);
    let mut occupation: Vec<u32> = Vec::with_capacity(capacity);
    let mut level: Vec<u8> = Vec::with_capacity(capacity);
    let mut home: Vec<u32> = Vec::with_capacity(capacity);
    let mut female = Vec::with_capacity(capacity);
    let mut rural = Vec::with_capacity(capacity);
    let mut poor = Vec::with_capacity(capacity);
    let mut outcome: Vec<u8> = Vec::with_capacity(capacity);
    let occupation_index = ds.occupation_index();
    let levels = [Level::College, Level::Intermediate, Level::Elementary, Level::Short];
    for e in &ds.enrolment {
        let n = (e.intake * scale).round() as u64;
        if n == 0 {
            continue;
        }
        let f = facility_index[e.facility_id.as_str()];
        let Some((ids, cumulative)) = homes.get(&(f, e.occupation.as_str(), e.level)) else { continue };
        let intake = e.intake.max(1.0);
        let p = |v: Option<f64>| v.unwrap_or(0.0) / intake;
        let (p_grad, p_cert, p_emp) = (p(e.graduates), p(e.certified), p(e.employed_6m));
        for _ in 0..n {
            let draw = rng.unit() * cumulative.last().copied().unwrap_or(0.0);
            let a = ids[cumulative.partition_point(|c| *c < draw).min(ids.len() - 1)];
            let u = rng.unit();
            // Outcomes nest: employed graduates are graduates; certified ones too.
            let o = if u < p_emp.min(p_grad) {
                if rng.unit() < p_cert / p_grad.max(1e-9) { 3 } else { 2 }
            } else if u < p_grad {
                if rng.unit() < p_cert / p_grad.max(1e-9) { 1 } else { 4 }
            } else {
                0
            };
            year.push(e.year);
            facility.push(f as u32);
            occupation.push(occupation_index[e.occupation.as_str()] as u32);
            level.push(levels.iter().position(|l| *l == e.level).unwrap_or(3) as u8);
            home.push(a as u32);
            female.push(rng.chance(p(e.female)));
            rural.push(!ds.areas[a].urban);
            poor.push(rng.chance(p(e.poor)));
            outcome.push(o);
        }
    }
    const OUTCOMES: [&str; 5] = ["dropped", "certified", "employed", "certified_employed", "graduated"];
    let strings = |name: &str, values: Vec<&str>| Column::new(name.into(), values);
    let mut frame = DataFrame::new_infer_height(vec![
        Column::new("year".into(), year),
        strings("facility_id", facility.iter().map(|&f| ds.facilities[f as usize].facility_id.as_str()).collect()),
        strings("occupation", occupation.iter().map(|&o| ds.occupations[o as usize].code.as_str()).collect()),
        strings("level", level.iter().map(|&l| levels[l as usize].name()).collect()),
        strings("home_area_id", home.iter().map(|&a| ds.areas[a as usize].area_id.as_str()).collect()),
        Column::new("female".into(), female),
        Column::new("rural".into(), rural),
        Column::new("poor".into(), poor),
        strings("outcome", outcome.iter().map(|&o| OUTCOMES[o as usize]).collect()),
    ])
    .expect("columns have the same length");
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes).finish(&mut frame).expect("Parquet into memory");
    bytes
}
