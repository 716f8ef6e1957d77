//! The official Vietnamese administrative units, embedded in the binary: the 34 provinces and
//! 3,321 communes in force since 1 July 2025 (code, name, kind, province, centre, area), the
//! 63 provinces / 691 districts / 10,035 communes from before the reform, and the official
//! conversion from the old communes to the new ones.
//!
//! Source: the PyPI package `vietnamadminunits` 1.0.4 (MIT licence, © 2025 Tran Ngoc Minh Hieu),
//! converted by `scripts/units_from_vietnamadminunits.py` into `datasets/units/` (see its
//! README). The tables are parsed once, on first use.
//!
//! `validate` uses them to fill in and check the `areas` table and to convert pre-reform codes
//! ([`fill`]); `report` uses the centres for maps.

pub mod fill;
pub(crate) mod outline;

use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;

use crate::model::{AreaKind, Code};

const PROVINCES: &str = include_str!("../../datasets/units/provinces_2025.csv");
const COMMUNES: &str = include_str!("../../datasets/units/communes_2025.csv");
const LEGACY_PROVINCES: &str = include_str!("../../datasets/units/legacy_provinces.csv");
const LEGACY_DISTRICTS: &str = include_str!("../../datasets/units/legacy_districts.csv");
const LEGACY_COMMUNES: &str = include_str!("../../datasets/units/legacy_communes.csv");
const LEGACY_TO_2025: &str = include_str!("../../datasets/units/legacy_to_2025.csv");
const POPULATIONS: &str = include_str!("../../datasets/units/province_population_2025.csv");

/// Where the published province populations come from (datasets/units/README.md).
pub const POPULATION_SOURCE: &str =
    "the rounded 2025 populations published with the provincial mergers (Resolution 202/2025/QH15)";

/// Version of the source package the tables were converted from.
pub const SOURCE: &str = "vietnamadminunits 1.0.4 (MIT licence, © 2025 Tran Ngoc Minh Hieu)";

/// A province (tỉnh / thành phố) in force since 1 July 2025.
#[derive(Debug, Clone, PartialEq)]
pub struct Province {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    /// The published 2025 population in millions, rounded as published
    /// (`province_population_2025.csv`); NaN when unknown.
    pub(crate) population_millions: f64,
}

/// A commune-level unit (xã, phường, đặc khu) in force since 1 July 2025.
#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    pub code: String,
    pub name: String,
    pub kind: AreaKind,
    pub province: String,
    pub lat: f64,
    pub lon: f64,
    pub area_km2: Option<f64>,
}

impl Commune {
    /// Phường (wards) are urban; xã and đặc khu are not.
    pub fn urban(&self) -> bool {
        self.kind == AreaKind::Phuong
    }
}

/// Kind of a pre-reform commune: xã, phường or thị trấn (townlet, abolished in 2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LegacyKind {
    Xa,
    Phuong,
    ThiTran,
}

impl LegacyKind {
    pub(crate) fn code(self) -> &'static str {
        match self {
            LegacyKind::Xa => "xa",
            LegacyKind::Phuong => "phuong",
            LegacyKind::ThiTran => "thi_tran",
        }
    }
}

/// A commune from before the 1 July 2025 reform.
#[derive(Debug, Clone, PartialEq)]
pub struct LegacyCommune {
    pub code: String,
    pub(crate) name: String,
    pub(crate) kind: LegacyKind,
    pub(crate) district: String,
    pub(crate) district_name: String,
    pub province: String,
    pub(crate) province_name: String,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
}

/// One new commune an old one went into, with the share of the old commune it receives.
#[derive(Debug, Clone, PartialEq)]
pub struct Successor {
    pub code: String,
    /// 1 for a commune carried whole; for a divided commune, the new commune's area over the
    /// summed areas of all the new communes it was divided between.
    pub(crate) share: f64,
    /// The new commune the source names as the main successor of a divided commune.
    pub(crate) default: bool,
}

/// The embedded tables with their lookups.
#[derive(Debug)]
pub struct Units {
    pub provinces: Vec<Province>,
    pub communes: Vec<Commune>,
    pub(crate) legacy_provinces: Vec<(String, String)>,
    pub legacy: Vec<LegacyCommune>,
    province_index: HashMap<String, usize>,
    commune_index: HashMap<String, usize>,
    legacy_index: HashMap<String, usize>,
    successors: HashMap<String, Vec<Successor>>,
}

static UNITS: LazyLock<Units> = LazyLock::new(Units::parse);

/// The official units (parsed on first use).
pub fn official() -> &'static Units {
    &UNITS
}

/// Rows of an embedded CSV (no quoting: the conversion script checks there is none).
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines().skip(1).filter(|l| !l.is_empty()).map(|l| l.split(',').collect())
}

fn num(cell: &str) -> f64 {
    cell.parse().unwrap_or(f64::NAN)
}

impl Units {
    fn parse() -> Units {
        let populations: HashMap<&str, f64> = rows(POPULATIONS).map(|r| (r[0], num(r[2]))).collect();
        let provinces: Vec<Province> = rows(PROVINCES)
            .map(|r| Province {
                code: r[0].into(),
                name: r[1].into(),
                short_name: r[2].into(),
                lat: num(r[3]),
                lon: num(r[4]),
                population_millions: populations.get(r[0]).copied().unwrap_or(f64::NAN),
            })
            .collect();
        let communes: Vec<Commune> = rows(COMMUNES)
            .map(|r| Commune {
                code: r[0].into(),
                name: r[1].into(),
                kind: match r[2] {
                    "phuong" => AreaKind::Phuong,
                    "dac_khu" => AreaKind::DacKhu,
                    _ => AreaKind::Xa,
                },
                province: r[3].into(),
                lat: num(r[4]),
                lon: num(r[5]),
                area_km2: r[6].parse().ok(),
            })
            .collect();
        let legacy_provinces: Vec<(String, String)> =
            rows(LEGACY_PROVINCES).map(|r| (r[0].to_string(), r[1].to_string())).collect();
        let province_names: HashMap<&str, &str> = rows(LEGACY_PROVINCES).map(|r| (r[0], r[1])).collect();
        let districts: HashMap<&str, (&str, &str)> = rows(LEGACY_DISTRICTS).map(|r| (r[0], (r[1], r[2]))).collect();
        let legacy: Vec<LegacyCommune> = rows(LEGACY_COMMUNES)
            .map(|r| {
                let (district_name, province) = districts.get(r[3]).copied().unwrap_or(("", ""));
                LegacyCommune {
                    code: r[0].into(),
                    name: r[1].into(),
                    kind: match r[2] {
                        "phuong" => LegacyKind::Phuong,
                        "thi_tran" => LegacyKind::ThiTran,
                        _ => LegacyKind::Xa,
                    },
                    district: r[3].into(),
                    district_name: district_name.into(),
                    province: province.into(),
                    province_name: province_names.get(province).copied().unwrap_or("").into(),
                    lat: num(r[4]),
                    lon: num(r[5]),
                }
            })
            .collect();
        let mut successors: HashMap<String, Vec<Successor>> = HashMap::default();
        for r in rows(LEGACY_TO_2025) {
            successors.entry(r[0].into()).or_default().push(Successor {
                code: r[1].into(),
                share: num(r[2]),
                default: r[3] == "true",
            });
        }
        let index = |codes: Vec<&str>| codes.into_iter().enumerate().map(|(i, c)| (c.to_string(), i)).collect();
        Units {
            province_index: index(provinces.iter().map(|p| p.code.as_str()).collect()),
            commune_index: index(communes.iter().map(|c| c.code.as_str()).collect()),
            legacy_index: index(legacy.iter().map(|c| c.code.as_str()).collect()),
            provinces,
            communes,
            legacy_provinces,
            legacy,
            successors,
        }
    }

    pub fn province(&self, code: &str) -> Option<&Province> {
        self.province_index.get(code).map(|&i| &self.provinces[i])
    }

    pub fn commune(&self, code: &str) -> Option<&Commune> {
        self.commune_index.get(code).map(|&i| &self.communes[i])
    }

    pub(crate) fn legacy_commune(&self, code: &str) -> Option<&LegacyCommune> {
        self.legacy_index.get(code).map(|&i| &self.legacy[i])
    }

    /// The new communes a pre-reform commune went into (shares add up to 1).
    pub fn successors(&self, old_code: &str) -> &[Successor] {
        self.successors.get(old_code).map_or(&[], Vec::as_slice)
    }

    /// The 2025 province a pre-reform province went into (the 2025 mergers joined whole
    /// provinces, and each new province kept the code of one of them); `None` for a code
    /// that is not a pre-reform province's.
    pub(crate) fn province_successor(&self, old: &str) -> Option<&str> {
        let commune = self.legacy.iter().find(|c| c.province == old)?;
        let new = self.commune(&self.successors(&commune.code).first()?.code)?;
        Some(new.province.as_str())
    }

    /// Whether `code` is a 2025 commune code or a pre-reform one.
    pub(crate) fn is_known(&self, code: &str) -> bool {
        self.commune_index.contains_key(code) || self.legacy_index.contains_key(code)
    }

    /// The communes of one province (2025 code), in code order.
    pub fn communes_of<'a>(&'a self, province: &'a str) -> impl Iterator<Item = &'a Commune> + 'a {
        self.communes.iter().filter(move |c| c.province == province)
    }

    /// A hint for a code that is not in the official list: the official code it most likely
    /// meant, with its name. Tries, in order: leading zeros lost (a spreadsheet turned `00097`
    /// into `97`), the commune whose name matches `name` (in `province` when given), and a
    /// one-digit typo or two swapped digits (preferring the commune in `province`).
    pub(crate) fn hint(&self, code: &str, name: Option<&str>, province: Option<&str>) -> Option<String> {
        let describe = |c: &Commune| {
            let p = self.province(&c.province).map_or("", |p| p.name.as_str());
            format!("{} ({}, {})", c.code, c.name, p)
        };
        let code = code.trim();
        if !code.is_empty() && code.len() < 5 && code.bytes().all(|b| b.is_ascii_digit()) {
            let padded = format!("{code:0>5}");
            if let Some(c) = self.commune(&padded) {
                return Some(format!("did you mean {}? (leading zeros lost)", describe(c)));
            }
            if let Some(c) = self.legacy_commune(&padded) {
                return Some(format!(
                    "did you mean {padded} ({}, {}, before the 2025 reform)? (leading zeros lost)",
                    c.name, c.province_name
                ));
            }
        }
        let mut hints = Vec::new();
        if let Some(old) = self.legacy_commune(code) {
            let new: Vec<String> = self
                .successors(code)
                .iter()
                .filter_map(|s| self.commune(&s.code))
                .map(|c| format!("{} {}", c.code, c.name))
                .collect();
            hints.push(format!(
                "{code} is the pre-reform code of {} ({}, {}), now part of {}",
                old.name,
                old.district_name,
                old.province_name,
                new.join(" and ")
            ));
        }
        let in_province = |c: &&Commune| province.is_none_or(|p| c.province == p);
        let by_name = name.map(fold).filter(|n| !n.is_empty()).and_then(|name| {
            let matches: Vec<&Commune> =
                self.communes.iter().filter(in_province).filter(|c| fold(&c.name) == name).collect();
            (matches.len() == 1).then(|| matches[0])
        });
        if let Some(c) = by_name {
            hints.push(format!("the official commune of that name is {}", describe(c)));
        } else if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) {
            let mut near: Vec<&Commune> =
                self.communes.iter().filter(|c| crate::text::one_slip(code, &c.code)).collect();
            let swap = |c: &Commune| {
                let (a, b) = (code.as_bytes(), c.code.as_bytes());
                (0..a.len()).filter(|&i| a[i] != b[i]).count() == 2
            };
            near.sort_by_key(|c| (!in_province(c), !swap(c), c.code.clone()));
            // A pre-reform code is likelier than a typo unless the typo stays in the province.
            if let Some(c) = near.first().filter(|c| hints.is_empty() || (province.is_some() && in_province(c))) {
                hints.push(format!("the nearest official code is {}", describe(c)));
            }
        }
        (!hints.is_empty()).then(|| hints.join("; or "))
    }
}

/// A name folded for comparison: lower case, without the kind prefix and spaces.
/// Diacritics are kept (Vietnamese names differ only by them).
pub(crate) fn fold(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let bare = ["đặc khu ", "phường ", "thị trấn ", "xã "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower)
        .to_string();
    bare.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The official list as CSV: the 2025 communes (of one province when given), or with
/// `legacy` the pre-reform communes with the new communes they went into.
pub fn table_csv(legacy: bool, province: Option<&str>) -> String {
    use crate::csv_out::{Csv, num, opt_num, text};
    let units = official();
    if legacy {
        let mut csv = Csv::with_header(&[
            "code",
            "name",
            "kind",
            "district",
            "district_name",
            "province",
            "province_name",
            "lat",
            "lon",
            "new_code",
            "new_name",
            "new_province",
            "share",
        ]);
        for c in units.legacy.iter() {
            for s in units.successors(&c.code) {
                let new = units.commune(&s.code);
                if province.is_some_and(|p| new.is_none_or(|n| n.province != p)) {
                    continue;
                }
                csv.row([
                    text(&c.code),
                    text(&c.name),
                    text(c.kind.code()),
                    text(&c.district),
                    text(&c.district_name),
                    text(&c.province),
                    text(&c.province_name),
                    num(c.lat, 4),
                    num(c.lon, 4),
                    text(&s.code),
                    text(new.map_or("", |n| n.name.as_str())),
                    text(new.map_or("", |n| n.province.as_str())),
                    num(s.share, 6),
                ]);
            }
        }
        csv.finish()
    } else {
        let mut csv = Csv::with_header(&[
            "code",
            "name",
            "kind",
            "urban",
            "province_id",
            "province_name",
            "lat",
            "lon",
            "area_km2",
        ]);
        for c in units.communes.iter().filter(|c| province.is_none_or(|p| c.province == p)) {
            csv.row([
                text(&c.code),
                text(&c.name),
                text(c.kind.name()),
                text(if c.urban() { "true" } else { "false" }),
                text(&c.province),
                text(units.province(&c.province).map_or("", |p| p.name.as_str())),
                num(c.lat, 4),
                num(c.lon, 4),
                opt_num(c.area_km2, 2),
            ]);
        }
        csv.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_official_source() {
        let u = official();
        assert_eq!(u.provinces.len(), 34);
        assert_eq!(u.communes.len(), 3321);
        assert_eq!(u.communes.iter().filter(|c| c.kind == AreaKind::Phuong).count(), 687);
        assert_eq!(u.communes.iter().filter(|c| c.kind == AreaKind::DacKhu).count(), 13);
        assert_eq!(u.legacy_provinces.len(), 63);
        // 10,040 pre-reform units in the source; 5 island districts had no commune (Bạch Long
        // Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) and are their own đặc khu now.
        assert_eq!(u.legacy.len(), 10_035);
        assert!(u.communes.iter().all(|c| c.lat.is_finite() && c.lon.is_finite()));
        assert!(u.communes.iter().all(|c| u.province(&c.province).is_some()));
    }

    #[test]
    fn every_province_has_its_published_population() {
        let units = official();
        let total: f64 = units.provinces.iter().map(|p| p.population_millions).sum();
        assert!(units.provinces.iter().all(|p| p.population_millions > 0.1), "a province without a population");
        // The rounded published figures add up to about 112.9 million.
        assert!((total - 112.9).abs() < 0.5, "{total}");
        assert_eq!(units.province("96").unwrap().population_millions, 2.6);
    }

    #[test]
    fn lookups_by_code() {
        let u = official();
        let c = u.commune("00004").unwrap();
        assert_eq!(c.name, "Phường Ba Đình");
        assert_eq!(c.province, "01");
        assert!(c.urban());
        assert_eq!(c.area_km2, Some(2.97));
        assert_eq!(u.province("01").unwrap().name, "Thành phố Hà Nội");
        let thổ_châu = u.commune("31105").unwrap();
        assert_eq!((thổ_châu.name.as_str(), thổ_châu.kind), ("Đặc khu Thổ Châu", AreaKind::DacKhu));
        let old = u.legacy_commune("00001").unwrap();
        assert_eq!((old.name.as_str(), old.district_name.as_str()), ("Phường Phúc Xá", "Quận Ba Đình"));
        assert_eq!(old.province_name, "Thành phố Hà Nội");
        assert_eq!(u.successors("00001"), &[Successor { code: "00097".into(), share: 1.0, default: true }]);
        assert!(u.commune("99999").is_none());
    }

    #[test]
    fn every_old_province_went_whole_into_one_new_province() {
        let u = official();
        for (old, _) in &u.legacy_provinces {
            let new = u.province_successor(old).unwrap();
            // Every commune of the old province went into the same new province.
            for c in u.legacy.iter().filter(|c| &c.province == old) {
                assert!(u.successors(&c.code).iter().all(|s| u.commune(&s.code).unwrap().province == new), "{old}");
            }
            if u.province(old).is_some() {
                assert_eq!(new, old, "a code kept is its own successor");
            }
        }
        // Yên Bái (15) and Lào Cai (10) are the new Lào Cai (15).
        assert_eq!((u.province_successor("10"), u.province_successor("15")), (Some("15"), Some("15")));
        assert_eq!(u.province_successor("99"), None);
    }

    #[test]
    fn every_old_commune_has_successors_whose_shares_add_up_to_one() {
        let u = official();
        let mut divided = 0;
        for c in &u.legacy {
            let s = u.successors(&c.code);
            assert!(!s.is_empty(), "{} has no successor", c.code);
            let total: f64 = s.iter().map(|s| s.share).sum();
            assert!((total - 1.0).abs() < 1e-5, "{}: shares add up to {total}", c.code);
            assert!(s.iter().all(|s| u.commune(&s.code).is_some()));
            divided += usize::from(s.len() > 1);
        }
        assert_eq!(divided, 471);
    }

    #[test]
    fn hints_for_codes_not_in_the_list() {
        let u = official();
        assert!(u.hint("97", None, None).unwrap().contains("00097 (Phường Hồng Hà"));
        let by_name = u.hint("12345678", Some("Phường Ba Đình"), Some("01")).unwrap();
        assert!(by_name.contains("00004"), "{by_name}");
        // 00097 with two digits swapped: 00079 is also a pre-reform code (Phường Tràng
        // Tiền), so both are offered.
        let typo = u.hint("00079", None, Some("01")).unwrap();
        assert!(
            typo.contains("pre-reform code of") && typo.contains("; or the nearest official code is 00097"),
            "{typo}"
        );
        // A pre-reform code alone.
        let old = u.hint("00001", None, None).unwrap();
        assert_eq!(
            old,
            "00001 is the pre-reform code of Phường Phúc Xá (Quận Ba Đình, Thành phố Hà Nội), now part of 00097 Phường Hồng Hà"
        );
        // Not a code of either list, nor a typo of one: 99999 is beyond the last code.
        assert_eq!(u.hint("99999", None, None), None);
        assert_eq!(u.hint("abc", None, None), None);
    }

    #[test]
    fn exports_one_province() {
        let csv = table_csv(false, Some("01"));
        assert_eq!(csv.lines().count(), 1 + official().communes_of("01").count());
        assert!(csv.contains("00004,Phường Ba Đình,phuong,true,01,Thành phố Hà Nội,"));
        let legacy = table_csv(true, Some("01"));
        assert!(legacy.contains("00001,Phường Phúc Xá,phuong,001,Quận Ba Đình,01,Thành phố Hà Nội,"));
    }
}
