//! `tvetplan generate`: synthetic but realistic datasets, deterministic for a seed.
//!
//! - `demo`: one province (~150 communes, 27 facilities), committed under `datasets/demo/`
//!   and embedded in the binary.
//! - `national`: the 34 provinces and 3,321 communes in force since 2025 (official codes,
//!   names and centres; synthetic statistics), ~1,900 facilities (performance work).
//! - `province`: one of them alone, so that a planner can try the tool on their province.
//!
//! Generators build typed tables; [`dataset_files`] turns them into the input files, every
//! column of [`crate::schema`] in its order, so that what is generated always has the exact
//! shape `load` reads.

pub(crate) mod catalogue;
pub(crate) mod demo;
pub mod national;

use geo::{Coord, MultiPoint, MultiPolygon, Point, Polygon, Voronoi, VoronoiClip, VoronoiParams};

use crate::csv_out::{Cell, Csv, boolean, int, num, opt_int, opt_text, text};
use crate::geometry::LocalProjection;
use crate::model::*;
use crate::rng::Rng;
use crate::schema::{self, Table};

/// Moved to [`crate::geometry`]; kept here for the generators.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Demo,
    /// 34 provinces; `learners`: write learner-level records with this many rows.
    National {
        learners: Option<u64>,
    },
    /// One real province (2025 code) on its official communes, generated as in `National`.
    Province {
        province: &'static str,
    },
}

/// One generated file: name inside the dataset folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

pub fn generate(preset: Preset, seed: u64) -> Vec<GeneratedFile> {
    match preset {
        Preset::Demo => dataset_files(&demo::generate(seed)),
        Preset::National { learners } => {
            let national = national::generate(seed, learners);
            let mut files = dataset_files(&national.dataset);
            if let Some(bytes) = national.learners {
                files.retain(|f| f.name != "enrolment.csv");
                files.push(GeneratedFile { name: "learners.parquet".into(), bytes });
            }
            files
        }
        Preset::Province { province } => dataset_files(&national::generate_provinces(seed, &[province], None).dataset),
    }
}

/// Landscape of a commune: drives population, indicators, demand and travel speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    City,
    Plain,
    Midland,
    Mountain,
}

/// Social indicators of a commune type, as shares (means; communes vary around them). The
/// labour force is about 52% of the population over the country (GSO Labour Force Survey
/// 2024: 53 million of 101 million), higher in farming communes where everyone works.
pub(crate) struct SocialProfile {
    labour_force: f64,
    unemployment: f64,
    trained: f64,
    certified: f64,
    poverty: f64,
}

impl SocialProfile {
    pub(crate) fn for_commune(zone: Zone, ward: bool) -> Self {
        match (zone, ward) {
            (Zone::City, _) => SocialProfile {
                labour_force: 0.49,
                unemployment: 0.027,
                trained: 0.80,
                certified: 0.40,
                poverty: 0.012,
            },
            (_, true) => {
                SocialProfile { labour_force: 0.50, unemployment: 0.026, trained: 0.76, certified: 0.34, poverty: 0.02 }
            }
            (Zone::Plain, _) => {
                SocialProfile { labour_force: 0.53, unemployment: 0.019, trained: 0.68, certified: 0.25, poverty: 0.04 }
            }
            (Zone::Midland, _) => SocialProfile {
                labour_force: 0.54,
                unemployment: 0.017,
                trained: 0.61,
                certified: 0.20,
                poverty: 0.085,
            },
            (Zone::Mountain, _) => {
                SocialProfile { labour_force: 0.55, unemployment: 0.014, trained: 0.50, certified: 0.13, poverty: 0.21 }
            }
        }
    }
}

pub(crate) struct AreaSeed {
    pub(crate) area_id: String,
    pub(crate) name: String,
    pub(crate) province_id: String,
    pub(crate) province_name: String,
    pub(crate) ward: bool,
    pub(crate) difficult: bool,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    pub(crate) population: f64,
    pub(crate) profile: SocialProfile,
}

/// Draws a commune's indicators around its profile.
pub(crate) fn synth_area(rng: &mut Rng, seed: AreaSeed) -> Area {
    let p = &seed.profile;
    let population = seed.population.round();
    let working_age = (population * rng.uniform(0.64, 0.69)).round();
    let labour_force = (population * p.labour_force * rng.uniform(0.96, 1.04)).round().min(working_age);
    let unemployed = (labour_force * p.unemployment * rng.lognormal(0.15)).round();
    let trained_share = (p.trained + rng.normal() * 0.03).clamp(0.3, 0.95);
    let trained = (labour_force * trained_share).round();
    let certified_share = (p.certified + rng.normal() * 0.025).clamp(0.05, trained_share);
    let certified = (labour_force * certified_share).round();
    let households = (population / rng.uniform(3.4, 3.9)).round();
    let poverty = (p.poverty * rng.lognormal(0.25)).min(0.6);
    let poor = (households * poverty).round();
    // One year earlier the rate was higher: by 0.5 points in the city, 2-4 points in the hills.
    let fall = (0.004 + poverty * 0.15).min(0.04) * rng.uniform(0.7, 1.3);
    let poor_prev = (households * (poverty + fall)).round().min(households);
    Area {
        area_id: seed.area_id,
        name: seed.name,
        province_id: seed.province_id,
        province_name: Some(seed.province_name),
        kind: Some(if seed.ward { AreaKind::Phuong } else { AreaKind::Xa }),
        urban: seed.ward,
        difficult: seed.difficult,
        lat: (seed.lat * 1e6).round() / 1e6,
        lon: (seed.lon * 1e6).round() / 1e6,
        population,
        working_age: Some(working_age),
        labour_force,
        unemployed: Some(unemployed),
        trained: Some(trained),
        certified: Some(certified),
        households: Some(households),
        poor_households: Some(poor),
        poor_households_prev: Some(poor_prev),
    }
}

const LOWLAND_SYLLABLES: &[&str] = &[
    "An",
    "Bình",
    "Hòa",
    "Phú",
    "Thạnh",
    "Tân",
    "Long",
    "Hưng",
    "Thịnh",
    "Quang",
    "Minh",
    "Đức",
    "Nghĩa",
    "Sơn",
    "Thủy",
    "Lâm",
    "Hải",
    "Châu",
    "Xuân",
    "Hồng",
    "Thanh",
    "Kim",
    "Ngọc",
    "Diễn",
    "Yên",
    "Vĩnh",
    "Trung",
    "Đông",
    "Cát",
    "Lộc",
    "Phúc",
    "Thọ",
    "Khánh",
    "Tường",
    "Mỹ",
    "Hạnh",
    "Liên",
    "Hợp",
    "Thành",
    "Tiến",
    "Văn",
    "Trường",
    "Vinh",
    "Quỳnh",
    "Đại",
    "Nhân",
    "Lợi",
    "Thái",
    "Hoàng",
    "Mai",
    "Cẩm",
    "Kỳ",
    "Lương",
    "Hương",
    "Tùng",
];
const UPLAND_FIRST: &[&str] = &[
    "Mường", "Nậm", "Huồi", "Tà", "Keng", "Na", "Pà", "Xiềng", "Bảo", "Chiêu", "Hữu", "Lượng", "Nhôn", "Tri", "Mỹ",
    "Châu", "Hạnh", "Tam", "Yên", "Bắc",
];
const UPLAND_SECOND: &[&str] = &[
    "Lống", "Cắn", "Tụ", "Cạ", "Đu", "Ngoi", "Khương", "Lý", "Thắng", "Xái", "Mai", "Lễ", "Kim", "Dịch", "Hợp", "Na",
    "Típ", "Quang", "Phong", "Thành", "Chọng", "Giải",
];

/// A plausible Vietnamese commune name ("Xã Yên Thành", "Phường Hưng Lộc", "Xã Nậm Cắn").
pub(crate) fn commune_name(rng: &mut Rng, zone: Zone, ward: bool) -> String {
    let prefix = if ward { "Phường" } else { "Xã" };
    let (first, second) = if zone == Zone::Mountain {
        (UPLAND_FIRST[rng.below(UPLAND_FIRST.len())], UPLAND_SECOND[rng.below(UPLAND_SECOND.len())])
    } else {
        let a = LOWLAND_SYLLABLES[rng.below(LOWLAND_SYLLABLES.len())];
        let mut b = LOWLAND_SYLLABLES[rng.below(LOWLAND_SYLLABLES.len())];
        while b == a {
            b = LOWLAND_SYLLABLES[rng.below(LOWLAND_SYLLABLES.len())];
        }
        (a, b)
    };
    format!("{prefix} {first} {second}")
}

/// The shares a synthetic enrolment row draws its counts with: employment among graduates;
/// rural, female, ethnic-minority and poor learners among the intake.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LearnerShares {
    pub(crate) employment: f64,
    pub(crate) rural: f64,
    pub(crate) female: f64,
    pub(crate) ethnic_minority: f64,
    pub(crate) poor: f64,
}

/// One synthetic enrolment row of a programme in a year with `intake` learners: graduates and
/// certified at the level's typical rates (a short course certifies none), the employed among
/// the graduates, then the learner groups among the intake. The draws are made in this order,
/// which the generated datasets depend on.
pub(crate) fn enrolment_row(
    rng: &mut Rng,
    program: &Program,
    year: i32,
    intake: f64,
    shares: LearnerShares,
) -> Enrolment {
    let (completion, certify) = program.level.typical_completion();
    let graduates = rng.binomial(intake as u64, completion) as f64;
    let certified = if program.level == Level::Short { 0.0 } else { rng.binomial(graduates as u64, certify) as f64 };
    let employed = rng.binomial(graduates as u64, shares.employment) as f64;
    let n = intake as u64;
    Enrolment {
        graduates: Some(graduates),
        certified: Some(certified),
        employed_6m: Some(employed),
        rural: Some(rng.binomial(n, shares.rural) as f64),
        female: Some(rng.binomial(n, shares.female) as f64),
        ethnic_minority: Some(rng.binomial(n, shares.ethnic_minority) as f64),
        poor: Some(rng.binomial(n, shares.poor) as f64),
        ..Enrolment::of_program(program, year, intake)
    }
}

/// Openings of one commune and occupation for each year up to the base year: `expected` in
/// the base year, `growth` a year before it, yearly noise; small values become 0 or 1 at
/// random so that totals stay right.
pub(crate) fn push_yearly_openings(
    rng: &mut Rng,
    rows: &mut Vec<Demand>,
    area_id: &str,
    occupation: &str,
    expected: f64,
    growth: f64,
    years: std::ops::RangeInclusive<i32>,
) {
    let base = *years.end();
    for year in years {
        let years_back = (base - year) as f64;
        let value = expected * (1.0 + growth).powf(-years_back) * rng.lognormal(0.08);
        let openings = value.floor() + if rng.chance(value.fract()) { 1.0 } else { 0.0 };
        if openings > 0.0 {
            rows.push(Demand {
                year,
                scope: DemandScope::Area(area_id.to_string()),
                occupation: occupation.to_string(),
                openings,
                level: None,
                source: None,
            });
        }
    }
}

/// Commune polygons: the Voronoi cells of the commune centres (computed in a local km
/// projection so cells are not stretched), clipped to the province outline.
pub(crate) fn voronoi_shapes(areas: &[Area], outline: &Polygon<f64>, projection: &LocalProjection) -> Vec<AreaShape> {
    let to_km = |c: Coord<f64>| {
        let (x, y) = projection.to_km(c.y, c.x);
        Coord { x, y }
    };
    let outline_km = Polygon::new(
        outline.exterior().coords().copied().map(to_km).collect(),
        outline.interiors().iter().map(|r| r.coords().copied().map(to_km).collect()).collect(),
    );
    let sites: MultiPoint<f64> = areas
        .iter()
        .map(|a| {
            let (x, y) = projection.to_km(a.lat, a.lon);
            Point::new(x, y)
        })
        .collect();
    let cells = sites
        .voronoi_cells_with_params(VoronoiParams::new().clip(VoronoiClip::Polygon(&outline_km)))
        .expect("commune centres are distinct and not collinear");
    cells
        .into_iter()
        .zip(areas)
        .map(|(cell, area)| {
            let to_lon_lat = |c: &Coord<f64>| {
                let (lat, lon) = projection.to_lat_lon(c.x, c.y);
                Coord { x: (lon * 1e5).round() / 1e5, y: (lat * 1e5).round() / 1e5 }
            };
            let exterior = cell.exterior().coords().map(to_lon_lat).collect();
            let polygon = Polygon::new(exterior, vec![]);
            AreaShape { area_id: area.area_id.clone(), polygons: MultiPolygon(vec![polygon]) }
        })
        .collect()
}

pub(crate) fn occupations() -> Vec<Occupation> {
    catalogue::OCCUPATIONS
        .iter()
        .map(|o| Occupation {
            code: o.code.to_string(),
            name_vi: o.name_vi.to_string(),
            name_en: o.name_en.to_string(),
            sector: o.sector,
            isco: Some(o.isco.to_string()),
        })
        .collect()
}

/// The input files of a dataset, in the exact format `load` reads.
pub(crate) fn dataset_files(ds: &Dataset) -> Vec<GeneratedFile> {
    let file = |name: &str, body: String| GeneratedFile { name: name.to_string(), bytes: body.into_bytes() };
    let mut files = vec![
        file("areas.csv", areas_csv(&ds.areas)),
        file("facilities.csv", facilities_csv(&ds.facilities)),
        file("programs.csv", programs_csv(&ds.programs)),
        file("enrolment.csv", enrolment_csv(&ds.enrolment)),
        file("demand.csv", demand_csv(&ds.demand)),
        file("occupations.csv", occupations_csv(&ds.occupations)),
        file("targets.csv", targets_csv(&ds.targets)),
    ];
    if !ds.history.is_empty() {
        files.push(file("history.csv", history_csv(&ds.history)));
    }
    if !ds.travel.is_empty() {
        files.push(file("travel.csv", travel_csv(&ds.travel)));
    }
    if !ds.succession.is_empty() {
        files.push(file("succession.csv", succession_csv(&ds.succession)));
    }
    if !ds.shapes.is_empty() {
        files.push(file("areas.geojson", shapes_geojson(&ds.shapes)));
    }
    files
}

/// One table of the dataset as CSV: the header is the schema's columns in order, and each
/// cell is `cell(row, column)`, so every column is written and none the schema lacks.
fn table_csv<T>(table: &Table, rows: &[T], cell: impl Fn(&T, &str) -> Cell) -> String {
    let columns = table.column_names();
    let mut csv = Csv::with_header(&columns);
    for row in rows {
        csv.row(columns.iter().map(|column| cell(row, column)));
    }
    csv.finish()
}

/// A column of the schema that a writer does not know: the writer must be told about it.
fn unwritten(table: &Table, column: &str) -> ! {
    panic!("the generator does not write the column '{column}' of {}; add it to its writer", table.name)
}

fn areas_csv(areas: &[Area]) -> String {
    table_csv(&schema::AREAS, areas, |a, column| match column {
        "area_id" => text(&a.area_id),
        "name" => text(&a.name),
        "province_id" => text(&a.province_id),
        "province_name" => opt_text(a.province_name.as_deref()),
        "kind" => opt_text(a.kind.map(|k| k.name())),
        "urban" => boolean(a.urban),
        "difficult" => boolean(a.difficult),
        "lat" => num(a.lat, 6),
        "lon" => num(a.lon, 6),
        "population" => int(a.population),
        "working_age" => opt_int(a.working_age),
        "labour_force" => int(a.labour_force),
        "unemployed" => opt_int(a.unemployed),
        "trained" => opt_int(a.trained),
        "certified" => opt_int(a.certified),
        "households" => opt_int(a.households),
        "poor_households" => opt_int(a.poor_households),
        "poor_households_prev" => opt_int(a.poor_households_prev),
        other => unwritten(&schema::AREAS, other),
    })
}

fn facilities_csv(facilities: &[Facility]) -> String {
    table_csv(&schema::FACILITIES, facilities, |f, column| match column {
        "facility_id" => text(&f.facility_id),
        "name" => text(&f.name),
        "kind" => text(f.kind.name()),
        "ownership" => text(f.ownership.name()),
        "self_financing" => boolean(f.self_financing),
        "area_id" => text(&f.area_id),
        "lat" => num(f.lat, 6),
        "lon" => num(f.lon, 6),
        "capacity" => int(f.capacity),
        "teachers" => opt_int(f.teachers),
        "annual_cost" => int(f.annual_cost_mvnd),
        "fixed_cost" => opt_int(f.fixed_cost_mvnd),
        other => unwritten(&schema::FACILITIES, other),
    })
}

fn programs_csv(programs: &[Program]) -> String {
    table_csv(&schema::PROGRAMS, programs, |p, column| match column {
        "facility_id" => text(&p.facility_id),
        "occupation" => text(&p.occupation),
        "level" => text(p.level.name()),
        "places" => int(p.places),
        other => unwritten(&schema::PROGRAMS, other),
    })
}

fn enrolment_csv(rows: &[Enrolment]) -> String {
    table_csv(&schema::ENROLMENT, rows, |e, column| match column {
        "year" => int(f64::from(e.year)),
        "facility_id" => text(&e.facility_id),
        "occupation" => text(&e.occupation),
        "level" => text(e.level.name()),
        "intake" => int(e.intake),
        "graduates" => opt_int(e.graduates),
        "certified" => opt_int(e.certified),
        "employed_6m" => opt_int(e.employed_6m),
        "rural" => opt_int(e.rural),
        "female" => opt_int(e.female),
        "ethnic_minority" => opt_int(e.ethnic_minority),
        "poor" => opt_int(e.poor),
        other => unwritten(&schema::ENROLMENT, other),
    })
}

fn demand_csv(rows: &[Demand]) -> String {
    table_csv(&schema::DEMAND, rows, |d, column| match (column, &d.scope) {
        ("year", _) => int(f64::from(d.year)),
        ("area_id", DemandScope::Area(a)) | ("province_id", DemandScope::Province(a)) => text(a),
        ("area_id" | "province_id", _) => Cell::Empty,
        ("occupation", _) => text(&d.occupation),
        ("openings", _) => int(d.openings),
        ("level", _) => opt_text(d.level.map(|l| l.name())),
        ("source", _) => opt_text(d.source.as_deref()),
        (other, _) => unwritten(&schema::DEMAND, other),
    })
}

fn occupations_csv(rows: &[Occupation]) -> String {
    table_csv(&schema::OCCUPATIONS, rows, |o, column| match column {
        "code" => text(&o.code),
        "name_vi" => text(&o.name_vi),
        "name_en" => text(&o.name_en),
        "sector" => text(o.sector.name()),
        "isco" => opt_text(o.isco.as_deref()),
        other => unwritten(&schema::OCCUPATIONS, other),
    })
}

fn targets_csv(rows: &[Target]) -> String {
    table_csv(&schema::TARGETS, rows, |t, column| match column {
        "indicator" => text(t.indicator.name()),
        "year" => int(f64::from(t.year)),
        "value" => num(t.value, 3),
        "scope" => opt_text(t.scope.as_deref()),
        "source" => opt_text(t.source.as_deref()),
        other => unwritten(&schema::TARGETS, other),
    })
}

fn history_csv(rows: &[HistoryPoint]) -> String {
    table_csv(&schema::HISTORY, rows, |h, column| match column {
        "indicator" => text(h.indicator.name()),
        "year" => int(f64::from(h.year)),
        "value" => num(h.value, 3),
        "scope" => opt_text(h.scope.as_deref()),
        "source" => opt_text(h.source.as_deref()),
        other => unwritten(&schema::HISTORY, other),
    })
}

fn travel_csv(rows: &[TravelOverride]) -> String {
    table_csv(&schema::TRAVEL, rows, |t, column| match column {
        "area_id" => text(&t.area_id),
        "facility_id" => text(&t.facility_id),
        "minutes" => num(t.minutes, 0),
        other => unwritten(&schema::TRAVEL, other),
    })
}

fn succession_csv(rows: &[Succession]) -> String {
    table_csv(&schema::SUCCESSION, rows, |s, column| match column {
        "old_id" => text(&s.old_id),
        "new_id" => text(&s.new_id),
        "share" => num(s.share, 3),
        "effective" => opt_text(s.effective.as_deref()),
        other => unwritten(&schema::SUCCESSION, other),
    })
}

/// GeoJSON FeatureCollection of commune polygons, coordinates rounded to 1e-5 degree (~1 m).
pub(crate) fn shapes_geojson(shapes: &[AreaShape]) -> String {
    let features: Vec<serde_json::Value> = shapes
        .iter()
        .map(|s| {
            serde_json::json!({
                "type": "Feature",
                "properties": { "area_id": s.area_id },
                "geometry": crate::geojson_out::multipolygon_geometry(&s.polygons),
            })
        })
        .collect();
    crate::geojson_out::feature_collection(&features)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header of a generated CSV file.
    fn header(file: &GeneratedFile) -> Vec<String> {
        let text = std::str::from_utf8(&file.bytes).expect("UTF-8");
        text.lines().next().unwrap_or_default().split(',').map(str::to_string).collect()
    }

    #[test]
    fn every_column_a_generator_writes_is_in_the_schema_in_its_order() {
        let mut files = generate(Preset::Demo, 42);
        files.extend(dataset_files(&national::generate_provinces(7, &["46"], None).dataset));
        let mut seen = Vec::new();
        for file in files.iter().filter(|f| f.name.ends_with(".csv")) {
            let stem = file.name.trim_end_matches(".csv");
            let table = schema::table(stem).unwrap_or_else(|| panic!("{}: no such table in the schema", file.name));
            assert_eq!(header(file), table.column_names(), "{}", file.name);
            seen.push(stem);
        }
        for needed in ["areas", "facilities", "programs", "enrolment", "demand", "occupations", "targets"] {
            assert!(seen.contains(&needed), "{needed} not generated: {seen:?}");
        }
    }

    #[test]
    fn every_column_of_the_learner_records_is_in_the_schema() {
        use polars::prelude::*;
        let bytes = national::generate_provinces(7, &["46"], Some(2_000)).learners.expect("learner records");
        let frame = ParquetReader::new(std::io::Cursor::new(bytes)).finish().expect("Parquet");
        for name in frame.get_column_names() {
            assert!(schema::LEARNERS.column(name).is_some(), "learners.parquet: column '{name}' not in the schema");
        }
        for required in schema::LEARNERS.names_where(|c| c.is_required()) {
            assert!(frame.column(required).is_ok(), "learners.parquet: required column '{required}' not written");
        }
        let outcomes = frame.column("outcome").expect("outcome").unique().expect("unique");
        for outcome in outcomes.str().expect("text").iter().flatten() {
            assert!(schema::OUTCOMES.contains(&outcome), "outcome '{outcome}' not in the schema");
        }
    }
}
