//! The national preset: the 34 provinces and 3,321 communes in force since 1 July 2025, with
//! their official codes, names, kinds (xã, phường, đặc khu), centres and areas from the
//! embedded list (`crate::units`), about 1,900 facilities placed in real communes, 20,000
//! programmes, five years of enrolment and demand. The geography is real; the statistics are
//! synthetic, drawn from a seeded generator around the provinces' real populations (about 101
//! million people). Used for performance work and province comparisons; `--preset province`
//! generates one province the same way.
//!
//! No `areas.geojson` is written: the maps draw approximate commune cells around the official
//! centres, as they do for a planner's data without polygons.
//! With `--learners N`, learner-level records replace `enrolment.csv`: one row per learner
//! (year, facility, occupation, level, home commune, sex, rural, poor, outcome), written to
//! `learners.parquet`, which the loader aggregates with polars.

use geo::{Contains, LineString, MultiPolygon, Point, Polygon};

use super::catalogue::{self, OCCUPATIONS};
use super::demo::{self, Template};
use super::{AreaSeed, LearnerShares, SocialProfile, Zone, enrolment_row, synth_area};
use crate::geometry::{LocalProjection, haversine_km};
use crate::model::*;
use crate::rng::Rng;
use crate::units::Commune;
use rustc_hash::FxHashMap as HashMap;

pub(crate) const BASE_YEAR: i32 = 2025;
pub(crate) const FIRST_YEAR: i32 = 2021;

/// (2025 province code, share of communes in the mountains). The populations are the rounded
/// figures published with the 2025 mergers (`datasets/units/province_population_2025.csv`,
/// [`population_millions`]); they add up to 112.9 million, more than the resident population,
/// so the generator scales them to [`TOTAL_PEOPLE`] (each province's communes then add up to
/// about 10% less than its published figure). The mountain shares are rough, from the relief
/// of each province. Everything drawn from them is synthetic.
const PROVINCES: &[(&str, f64)] = &[
    ("01", 0.05),
    ("04", 0.85),
    ("08", 0.75),
    ("11", 0.9),
    ("12", 0.9),
    ("14", 0.85),
    ("15", 0.75),
    ("19", 0.45),
    ("20", 0.7),
    ("22", 0.35),
    ("24", 0.1),
    ("25", 0.4),
    ("31", 0.02),
    ("33", 0.0),
    ("37", 0.08),
    ("38", 0.35),
    ("40", 0.45),
    ("42", 0.25),
    ("44", 0.35),
    ("46", 0.25),
    ("48", 0.35),
    ("51", 0.45),
    ("52", 0.45),
    ("56", 0.2),
    ("66", 0.4),
    ("68", 0.45),
    ("75", 0.1),
    ("79", 0.0),
    ("80", 0.02),
    ("82", 0.0),
    ("86", 0.0),
    ("91", 0.05),
    ("92", 0.0),
    ("96", 0.0),
];

/// A province's published 2025 population in millions (from the embedded units data).
fn population_millions(code: &str) -> f64 {
    crate::units::official().province(code).map_or(0.0, |p| p.population_millions)
}

/// Vietnam's average population in 2024 (General Statistics Office: 101.3 million).
const TOTAL_PEOPLE: f64 = 101.3e6;

/// Provinces without a sea coast (after the 2025 mergers).
const INLAND: &[&str] = &["01", "04", "08", "11", "12", "14", "15", "19", "20", "24", "25", "75"];

/// People of the island special zones (đặc khu), rounded to the order of the 2019 census of
/// the island districts they replace; Hoàng Sa has no resident population. The rest of the
/// province's people are spread over its other communes.
const ISLAND_PEOPLE: &[(&str, f64)] = &[
    ("06994", 50_000.0),  // Vân Đồn
    ("07192", 6_500.0),   // Cô Tô
    ("11914", 33_000.0),  // Cát Hải
    ("11948", 1_000.0),   // Bạch Long Vĩ
    ("19742", 400.0),     // Cồn Cỏ
    ("20333", 0.0),       // Hoàng Sa
    ("21548", 22_000.0),  // Lý Sơn
    ("22736", 300.0),     // Trường Sa
    ("23272", 30_000.0),  // Phú Quý
    ("26732", 10_000.0),  // Côn Đảo
    ("31078", 160_000.0), // Phú Quốc
    ("31105", 1_800.0),   // Thổ Châu
    ("31108", 20_000.0),  // Kiên Hải
];

/// Communes with fewer people than this host no training facility (the smallest islands).
const MIN_HOST_PEOPLE: f64 = 5_000.0;

/// The national dataset, and the learner records when asked for.
pub(crate) struct National {
    pub(crate) dataset: Dataset,
    pub(crate) learners: Option<Vec<u8>>,
}

/// All 34 provinces.
pub(crate) fn generate(seed: u64, learners: Option<u64>) -> National {
    let codes: Vec<&str> = PROVINCES.iter().map(|p| p.0).collect();
    generate_provinces(seed, &codes, learners)
}

/// The 2025 province codes the generator knows (all 34).
pub fn province_codes() -> impl Iterator<Item = &'static str> {
    PROVINCES.iter().map(|p| p.0)
}

/// The given provinces (2025 codes, each in [`PROVINCES`]) on their official communes:
/// codes, names, kinds, centres and areas from the embedded list (`crate::units`), the
/// statistics, facilities, enrolment and demand synthetic. A province's numbers depend only
/// on the seed and its code, so one province generated alone equals the same province in the
/// national dataset.
pub(crate) fn generate_provinces(seed: u64, codes: &[&str], learners: Option<u64>) -> National {
    let rng = Rng::new(seed);
    let units = crate::units::official();
    let land = land();
    let mut ds = Dataset { occupations: super::occupations(), targets: targets(), ..Default::default() };
    let mut zones: Vec<Zone> = Vec::new();
    let mut coastal: Vec<bool> = Vec::new();
    let mut next_facility = 1;
    for &(code, mountain) in PROVINCES.iter().filter(|p| codes.contains(&p.0)) {
        let population = population_millions(code);
        let mut prng = rng.fork(code);
        let province_name = units.province(code).map_or(code, |p| p.name.as_str());
        let communes: Vec<&Commune> = units.communes_of(code).collect();
        let zone_of = commune_zones(&communes, mountain);
        let island_people = |c: &Commune| ISLAND_PEOPLE.iter().find(|(k, _)| *k == c.code).map(|&(_, p)| p);
        let weights: Vec<f64> = communes
            .iter()
            .zip(&zone_of)
            .map(|(c, z)| {
                if island_people(c).is_some() {
                    return 0.0;
                }
                // Wards hold about 38% of the people (the urban share of GSO 2024).
                match z {
                    Zone::City => 1.6,
                    Zone::Plain => 1.0,
                    Zone::Midland => 0.7,
                    Zone::Mountain => 0.45,
                }
            })
            .collect();
        // Communes of one kind and landscape still differ: a log-normal factor (sigma 0.3),
        // normalised so that the province adds up to its population.
        let weights: Vec<f64> = weights.iter().map(|w| w * prng.lognormal(0.3)).collect();
        let total_weight: f64 = weights.iter().sum();
        let islanders: f64 = communes.iter().filter_map(|c| island_people(c)).sum();
        let scale = TOTAL_PEOPLE / PROVINCES.iter().map(|p| population_millions(p.0) * 1e6).sum::<f64>();
        let mainland = population * 1e6 * scale - islanders;
        let mut areas = Vec::with_capacity(communes.len());
        for (i, c) in communes.iter().enumerate() {
            let zone = zone_of[i];
            let pop = island_people(c).unwrap_or(mainland * weights[i] / total_weight);
            let difficult = zone == Zone::Mountain && prng.chance(0.8);
            let mut area = synth_area(
                &mut prng,
                AreaSeed {
                    area_id: c.code.clone(),
                    name: c.name.clone(),
                    province_id: code.to_string(),
                    province_name: province_name.to_string(),
                    ward: c.urban(),
                    difficult,
                    lat: c.lat,
                    lon: c.lon,
                    population: pop,
                    profile: SocialProfile::for_commune(zone, c.urban()),
                },
            );
            area.kind = Some(c.kind);
            areas.push(area);
            zones.push(zone);
            coastal.push(c.kind == AreaKind::DacKhu || (!INLAND.contains(&code) && near_sea(&land, c.lon, c.lat)));
        }
        let (facilities, programs) = facilities(&mut prng, &areas, &zone_of, population, &mut next_facility);
        ds.areas.extend(areas);
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

/// Landscape of each commune of a province: wards are the city; the largest rural communes
/// (by official area) are the mountains, `mountain` of all communes, then 15% midland; the
/// rest, and the island special zones, are plain.
fn commune_zones(communes: &[&Commune], mountain: f64) -> Vec<Zone> {
    let n = communes.len() as f64;
    let mut rural: Vec<usize> = (0..communes.len()).filter(|&i| communes[i].kind == AreaKind::Xa).collect();
    let area = |i: usize| communes[i].area_km2.unwrap_or(0.0);
    rural.sort_by(|&a, &b| area(b).total_cmp(&area(a)).then(a.cmp(&b)));
    let mut zones: Vec<Zone> =
        communes.iter().map(|c| if c.kind == AreaKind::Phuong { Zone::City } else { Zone::Plain }).collect();
    for (rank, &i) in rural.iter().enumerate() {
        let position = rank as f64 / n;
        if position < mountain {
            zones[i] = Zone::Mountain;
        } else if position < mountain + 0.15 {
            zones[i] = Zone::Midland;
        }
    }
    zones
}

/// Vietnam's land (the embedded outline) in lon/lat.
fn land() -> MultiPolygon<f64> {
    MultiPolygon(
        crate::units::outline::vietnam().iter().map(|r| Polygon::new(LineString::from(r.clone()), vec![])).collect(),
    )
}

/// Whether the sea is within 10 km of (lon, lat): a point 10 km to the north-east, east,
/// south-east or south is off the land (or to the south-west or west in the far south,
/// where the coast faces the Gulf of Thailand). Land borders are to the north and west, so
/// they are not taken for a coast (except on the Cambodian border of the far south).
fn near_sea(land: &MultiPolygon<f64>, lon: f64, lat: f64) -> bool {
    let mut bearings = vec![45.0, 90.0, 135.0, 180.0];
    if lat < 10.6 && lon < 105.6 {
        bearings.extend([225.0, 270.0]);
    }
    let projection = LocalProjection::new(lat, lon);
    bearings.iter().any(|b: &f64| {
        let t = b.to_radians();
        let (la, lo) = projection.to_lat_lon(10.0 * t.sin(), 10.0 * t.cos());
        !land.contains(&Point::new(lo, la))
    })
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
    let hosts: Vec<usize> = (0..areas.len()).filter(|&i| areas[i].population >= MIN_HOST_PEOPLE).collect();
    let by_zone = |z: Zone| -> Vec<usize> { hosts.iter().copied().filter(|&i| zones[i] == z).collect() };
    let city = by_zone(Zone::City);
    let plain = by_zone(Zone::Plain);
    let mountain = by_zone(Zone::Mountain);
    let midland = by_zone(Zone::Midland);
    let urban_or_plain: Vec<usize> = city.iter().chain(&plain).copied().collect();
    let pick = |rng: &mut Rng, pool: &[usize]| -> usize {
        if pool.is_empty() { hosts[rng.below(hosts.len())] } else { pool[rng.below(pool.len())] }
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
        let at = hosts[rng.below(hosts.len())];
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
                areas[at].name.trim_start_matches("Xã ").trim_start_matches("Phường ").trim_start_matches("Đặc khu ")
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
            let employment = (spec.employment + 0.011 * f64::from(year - BASE_YEAR)
                - if zone == Zone::Mountain { 0.07 } else { 0.0 })
            .clamp(0.3, 0.97);
            let rural_share = match zone {
                Zone::City => 0.3,
                _ => 0.85,
            };
            let mountain = zone == Zone::Mountain;
            let shares = LearnerShares {
                employment,
                rural: rural_share,
                female: spec.female,
                ethnic_minority: if mountain { 0.6 } else { 0.05 },
                poor: if mountain { 0.3 } else { 0.05 },
            };
            rows.push(enrolment_row(rng, p, year, intake, shares));
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
        (Indicator::Employed6mFormal, 0.80),
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

/// Planted share of a facility's learners living in another province: colleges 10%,
/// intermediate schools 5%, other facilities none (a guess for the synthetic data, stated in
/// datasets/README.md; the fit of the outside share must recover it).
fn planted_outside_share(kind: FacilityKind) -> f64 {
    match kind {
        FacilityKind::College => 0.10,
        FacilityKind::Intermediate => 0.05,
        _ => 0.0,
    }
}

/// For each facility with a planted outside share: the share, and where its outside learners
/// live, by level group (formal, short): the communes of the nearest other province (the
/// province of the commune nearest the facility outside its own), weighted by labour force x
/// the attendance model's default decay of the travel time from the facility.
fn outside_homes(ds: &Dataset) -> HashMap<usize, (f64, [HomeDistribution; 2])> {
    use crate::access::attendance::AttendanceSettings;
    let settings = AttendanceSettings::default();
    let half_life = [settings.half_life_formal_min, settings.half_life_short_min];
    let area_index = ds.area_index();
    let mut out = HashMap::default();
    for (f, facility) in ds.facilities.iter().enumerate() {
        let share = planted_outside_share(facility.kind);
        let Some(&home) = area_index.get(facility.area_id.as_str()) else { continue };
        if share <= 0.0 {
            continue;
        }
        let province = &ds.areas[home].province_id;
        let distance = |a: &crate::model::Area| haversine_km(facility.lat, facility.lon, a.lat, a.lon);
        let Some(nearest) =
            ds.areas.iter().filter(|a| &a.province_id != province).min_by(|a, b| distance(a).total_cmp(&distance(b)))
        else {
            continue;
        };
        let ids: Vec<usize> = (0..ds.areas.len()).filter(|&a| ds.areas[a].province_id == nearest.province_id).collect();
        let areas: Vec<crate::model::Area> = ids.iter().map(|&a| ds.areas[a].clone()).collect();
        let matrix = crate::access::travel_matrix(
            &areas,
            std::slice::from_ref(facility),
            &[],
            &crate::access::AccessSettings::default(),
        );
        let by_group = half_life.map(|h| {
            let mut acc = 0.0;
            let cumulative: Vec<f64> = (0..areas.len())
                .map(|a| {
                    acc += areas[a].labour_force * 0.5f64.powf(matrix.minutes(a, 0) / h);
                    acc
                })
                .collect();
            (ids.clone(), cumulative)
        });
        out.insert(f, (share, by_group));
    }
    out
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
    // A share of colleges' and intermediate schools' learners live in the nearest other
    // province (planted truth for the outside share, docs/METHODOLOGY.md 4a).
    let outside = outside_homes(ds);
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
        let Some(inside) = homes.get(&(f, e.occupation.as_str(), e.level)) else { continue };
        let elsewhere = outside.get(&f).map(|(share, by_group)| (*share, &by_group[usize::from(!e.level.is_formal())]));
        let intake = e.intake.max(1.0);
        let p = |v: Option<f64>| v.unwrap_or(0.0) / intake;
        let (p_grad, p_cert, p_emp) = (p(e.graduates), p(e.certified), p(e.employed_6m));
        for _ in 0..n {
            let (ids, cumulative) = match elsewhere {
                Some((share, homes)) if rng.chance(share) => homes,
                _ => inside,
            };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sea_is_near_the_coast_only() {
        let land = land();
        // Vũng Tàu, Nha Trang, Sầm Sơn and Rạch Giá are on the coast; Hà Nội, Pleiku and the
        // Lao border of Điện Biên (land to the west) are not.
        for (lon, lat) in [(107.08, 10.35), (109.19, 12.24), (105.90, 19.74), (105.08, 10.01)] {
            assert!(near_sea(&land, lon, lat), "({lon}, {lat})");
        }
        for (lon, lat) in [(105.85, 21.03), (108.00, 13.98), (102.90, 21.40)] {
            assert!(!near_sea(&land, lon, lat), "({lon}, {lat})");
        }
    }

    #[test]
    fn wards_are_the_city_and_the_largest_communes_the_mountains() {
        let units = crate::units::official();
        let communes: Vec<&Commune> = units.communes_of("15").collect();
        let zones = commune_zones(&communes, 0.75);
        let n = communes.len() as f64;
        let count = |z: Zone| zones.iter().filter(|&&x| x == z).count();
        assert_eq!(count(Zone::City), communes.iter().filter(|c| c.urban()).count());
        assert_eq!(count(Zone::Mountain), (0.75 * n).ceil() as usize);
        let smallest_mountain = (0..communes.len())
            .filter(|&i| zones[i] == Zone::Mountain)
            .map(|i| communes[i].area_km2.unwrap_or(0.0))
            .fold(f64::INFINITY, f64::min);
        assert!(
            (0..communes.len())
                .filter(|&i| matches!(zones[i], Zone::Plain | Zone::Midland))
                .all(|i| communes[i].area_km2.unwrap_or(0.0) <= smallest_mountain)
        );
    }

    #[test]
    fn one_province_alone_is_the_same_as_in_the_country() {
        let alone = generate_provinces(7, &["44", "46"], None).dataset;
        let official: Vec<&str> = crate::units::official()
            .communes
            .iter()
            .filter(|c| ["44", "46"].contains(&c.province.as_str()))
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(alone.areas.iter().map(|a| a.area_id.as_str()).collect::<Vec<_>>(), official);
        let people: f64 = alone.areas.iter().map(|a| a.population).sum();
        let scale = TOTAL_PEOPLE / PROVINCES.iter().map(|p| population_millions(p.0) * 1e6).sum::<f64>();
        assert!((people / ((1.9 + 1.4) * 1e6 * scale) - 1.0).abs() < 1e-4, "{people}");
        let again = generate_provinces(7, &["46"], None).dataset;
        let hue: Vec<&Area> = alone.areas.iter().filter(|a| a.province_id == "46").collect();
        assert_eq!(hue, again.areas.iter().collect::<Vec<_>>());
        // Cồn Cỏ, an island of 400 people, hosts no facility.
        assert!(alone.facilities.iter().all(|f| f.area_id != "19742"));
        assert!(alone.areas.iter().any(|a| a.area_id == "19742" && a.kind == Some(AreaKind::DacKhu)));
    }
}
