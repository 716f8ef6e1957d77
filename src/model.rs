//! The typed data model: what `validate` produces from the raw input tables and what every
//! later stage consumes.
//!
//! Codes (area, province, facility, occupation) are always strings: leading zeros matter
//! ("08001" is not "8001"). Counts are kept as `f64` because every stage divides them; the
//! validator has already checked that they are finite, non-negative whole numbers.

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::str::FromStr;

/// A commune (xã / phường / đặc khu): the unit of population and labour-market data.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub area_id: String,
    pub name: String,
    pub province_id: String,
    pub province_name: Option<String>,
    pub kind: Option<AreaKind>,
    pub urban: bool,
    /// Extremely difficult / mountain commune: shorter reach, slower travel.
    pub difficult: bool,
    pub lat: f64,
    pub lon: f64,
    pub population: f64,
    pub working_age: Option<f64>,
    pub labour_force: f64,
    pub unemployed: Option<f64>,
    /// Workers with any training (broad indicator, "lao động qua đào tạo").
    pub trained: Option<f64>,
    /// Workers with a diploma or certificate ("có bằng cấp, chứng chỉ").
    pub certified: Option<f64>,
    pub households: Option<f64>,
    pub poor_households: Option<f64>,
    /// Poor households one year before the base year (for the poverty-reduction indicator).
    pub poor_households_prev: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AreaKind {
    Xa,
    Phuong,
    DacKhu,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Facility {
    pub facility_id: String,
    pub name: String,
    pub kind: FacilityKind,
    pub ownership: Ownership,
    pub self_financing: bool,
    pub area_id: String,
    pub lat: f64,
    pub lon: f64,
    /// Annual training places.
    pub capacity: f64,
    pub teachers: Option<f64>,
    pub annual_cost_mvnd: f64,
    /// Saved per year if the facility is closed (defaults to the annual cost when absent).
    pub fixed_cost_mvnd: Option<f64>,
}

impl Facility {
    /// Counts against the "at most 3 public vocational schools per province" cap: public
    /// schools (college, intermediate, vocational secondary), not counting self-financing
    /// ones (dispatch 8150/BNV-TCBC). Centres are not schools; they are consolidated under
    /// the separate "fewer public facilities" targets of Decision 73/QĐ-TTg.
    pub(crate) fn counts_toward_public_cap(&self) -> bool {
        self.ownership == Ownership::Public && !self.self_financing && self.kind.is_school()
    }

    /// An ethnic-minority boarding school: its name says "Dân tộc Nội trú" (how these
    /// schools are named), its abbreviation "DTNT", or "ethnic boarding".
    pub(crate) fn is_ethnic_boarding(&self) -> bool {
        let name = self.name.to_lowercase();
        name.contains("dân tộc nội trú") || name.contains("dtnt") || name.contains("ethnic boarding")
    }

    pub(crate) fn fixed_cost_or_default(&self) -> f64 {
        self.fixed_cost_mvnd.unwrap_or(self.annual_cost_mvnd)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FacilityKind {
    College,
    Intermediate,
    Centre,
    VocationalSecondary,
    Other,
}

impl FacilityKind {
    pub(crate) fn is_school(self) -> bool {
        matches!(self, FacilityKind::College | FacilityKind::Intermediate | FacilityKind::VocationalSecondary)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ownership {
    Public,
    Private,
    Foreign,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Level {
    College,
    Intermediate,
    Elementary,
    Short,
}

impl Level {
    /// Typical share of a programme's learners who complete it, and of its graduates who
    /// receive a diploma or certificate (short courses give none): the averages the demo
    /// and national generators draw from, and what a new programme in a scenario is
    /// assumed to reach (docs/scenarios.md).
    pub(crate) fn typical_completion(self) -> (f64, f64) {
        match self {
            Level::College => (0.76, 0.97),
            Level::Intermediate => (0.82, 0.97),
            Level::Elementary => (0.91, 0.97),
            Level::Short => (0.95, 0.0),
        }
    }

    /// College and intermediate programmes lead to a diploma; elementary to a certificate;
    /// short courses (< 3 months) to a completion note only.
    pub(crate) fn is_formal(self) -> bool {
        matches!(self, Level::College | Level::Intermediate)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Sector {
    Agriculture,
    Industry,
    Services,
}

impl Sector {
    pub(crate) const ALL: [Sector; 3] = [Sector::Agriculture, Sector::Industry, Sector::Services];
}

/// A programme offered at a facility: one occupation at one level.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub(crate) facility_id: String,
    pub(crate) occupation: String,
    pub(crate) level: Level,
    pub(crate) places: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enrolment {
    pub(crate) year: i32,
    pub(crate) facility_id: String,
    pub(crate) occupation: String,
    pub(crate) level: Level,
    pub intake: f64,
    pub(crate) graduates: Option<f64>,
    pub(crate) certified: Option<f64>,
    pub(crate) employed_6m: Option<f64>,
    pub(crate) rural: Option<f64>,
    pub(crate) female: Option<f64>,
    pub(crate) ethnic_minority: Option<f64>,
    pub(crate) poor: Option<f64>,
}

impl Enrolment {
    /// The row of `program` in `year` with `intake` learners and no other count yet (the
    /// one place a row is started from a programme: the generators and a scenario's new
    /// programme fill in the counts they know).
    pub(crate) fn of_program(program: &Program, year: i32, intake: f64) -> Enrolment {
        Enrolment {
            year,
            facility_id: program.facility_id.clone(),
            occupation: program.occupation.clone(),
            level: program.level,
            intake,
            graduates: None,
            certified: None,
            employed_6m: None,
            rural: None,
            female: None,
            ethnic_minority: None,
            poor: None,
        }
    }

    /// Multiplies every count of the row (a share of its learners moving, or growing).
    pub(crate) fn scale(&mut self, factor: f64) {
        self.intake *= factor;
        for v in [
            &mut self.graduates,
            &mut self.certified,
            &mut self.employed_6m,
            &mut self.rural,
            &mut self.female,
            &mut self.ethnic_minority,
            &mut self.poor,
        ] {
            if let Some(x) = v.as_mut() {
                *x *= factor;
            }
        }
    }
}

/// Where a demand row applies: one commune, or a whole province (spread over its communes
/// by labour force when a commune-level view is needed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DemandScope {
    Area(String),
    Province(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Demand {
    pub year: i32,
    pub scope: DemandScope,
    pub(crate) occupation: String,
    pub openings: f64,
    pub(crate) level: Option<Level>,
    pub(crate) source: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Occupation {
    pub(crate) code: String,
    pub(crate) name_vi: String,
    pub(crate) name_en: String,
    pub(crate) sector: Sector,
    pub(crate) isco: Option<String>,
}

/// The ISCO-08 sub-major groups (2 digits) a training code leads to, with the share of its
/// graduates going to each: the occupations table's `isco` holds one code (`7531`), or a
/// crosswalk where a training code spans groups, codes separated by `;`, each with its share
/// or none (`7531:0.6; 8153:0.4`; without shares, equal parts). Codes of the same group are
/// added. An error says what is wrong, for the validation to place it.
pub(crate) fn isco_groups(text: &str) -> Result<Vec<(String, f64)>, String> {
    let parts: Vec<&str> = text.split(';').map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return Err(format!("'{text}' holds no ISCO code"));
    }
    let mut groups: Vec<(String, f64)> = Vec::new();
    let mut with_share = 0;
    for part in &parts {
        let (code, share) = match part.split_once(':') {
            Some((code, share)) => {
                with_share += 1;
                let share: f64 = share
                    .trim()
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s <= 1.0)
                    .ok_or_else(|| format!("the share of '{part}' must be a number above 0 and at most 1"))?;
                (code.trim(), share)
            }
            None => (*part, 1.0 / parts.len() as f64),
        };
        if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "'{code}' is not an ISCO-08 code of 2 to 4 digits (the sub-major group, 2 digits, is the least)"
            ));
        }
        let group = code[..2].to_string();
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, s)) => *s += share,
            None => groups.push((group, share)),
        }
    }
    if with_share != 0 && with_share != parts.len() {
        return Err(format!("'{text}': give a share to every code of the crosswalk, or to none"));
    }
    let total: f64 = groups.iter().map(|g| g.1).sum();
    if (total - 1.0).abs() > 1e-6 {
        let shown = (total * 1e9).round() / 1e9;
        return Err(format!("the shares of '{text}' add up to {shown}, not 1"));
    }
    Ok(groups)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Indicator {
    /// Share of the labour force with any training (broad).
    Trained,
    /// Share of the labour force with a diploma or certificate.
    Certified,
    /// Urban unemployment rate; the target is a maximum.
    UrbanUnemployment,
    /// Fall of the poverty rate, in share points per year; the target is a minimum.
    PovertyReduction,
    /// Share of graduates employed six months after training, all levels pooled.
    Employed6m,
    /// ... of college and intermediate graduates (norm 80%).
    Employed6mFormal,
    /// ... of elementary and short-course graduates (norm 70%).
    Employed6mShort,
}

impl Indicator {
    pub(crate) const ALL: [Indicator; 7] = [
        Indicator::Trained,
        Indicator::Certified,
        Indicator::UrbanUnemployment,
        Indicator::PovertyReduction,
        Indicator::Employed6m,
        Indicator::Employed6mFormal,
        Indicator::Employed6mShort,
    ];

    /// True when a value at or below the target meets it.
    pub(crate) fn lower_is_better(self) -> bool {
        matches!(self, Indicator::UrbanUnemployment)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub(crate) indicator: Indicator,
    pub(crate) year: i32,
    pub(crate) value: f64,
    pub(crate) scope: Option<String>,
    pub(crate) source: Option<String>,
}

/// What a row of `history` gives the past value of: the two stocks of the targets, and the
/// rates the statistics office publishes beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum HistoryIndicator {
    Trained,
    Certified,
    UrbanUnemployment,
    /// The poverty rate itself (share of poor households), not its yearly fall.
    PovertyRate,
    Employed6m,
    Employed6mFormal,
    Employed6mShort,
}

impl HistoryIndicator {
    /// The stock indicator the projection is calibrated on, if it is one.
    pub(crate) fn stock(self) -> Option<Indicator> {
        match self {
            HistoryIndicator::Trained => Some(Indicator::Trained),
            HistoryIndicator::Certified => Some(Indicator::Certified),
            _ => None,
        }
    }
}

/// A published past value of an indicator (`history.csv`): the labour-force survey, the
/// statistical yearbook or the province's reports.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPoint {
    pub(crate) indicator: HistoryIndicator,
    pub(crate) year: i32,
    pub(crate) value: f64,
    pub(crate) scope: Option<String>,
    pub(crate) source: Option<String>,
}

/// A travel time for one commune-facility pair replacing the straight-line estimate: measured
/// by the planner (`travel.csv`) or computed over the road network (`--roads`).
#[derive(Debug, Clone, PartialEq)]
pub struct TravelOverride {
    pub(crate) area_id: String,
    pub(crate) facility_id: String,
    pub(crate) minutes: f64,
    pub(crate) method: TravelMethod,
    /// Road distance when known (the network gives it; a measured time does not).
    pub(crate) distance_km: Option<f64>,
}

/// Which method produced a travel time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum TravelMethod {
    /// Great-circle distance x circuity at the terrain speed (also the fallback when a point
    /// is too far from any road or no road joins the pair).
    #[default]
    StraightLine,
    /// `travel.csv`.
    Measured,
    /// Fastest path over the OpenStreetMap road network.
    Network,
}

impl TravelMethod {
    /// The word written in the output tables.
    pub(crate) fn label(self) -> &'static str {
        match self {
            TravelMethod::StraightLine => "straight_line",
            TravelMethod::Measured => "measured",
            TravelMethod::Network => "network",
        }
    }
}

/// Old commune code to new code (2025 re-organisation), with the population share that moved.
#[derive(Debug, Clone, PartialEq)]
pub struct Succession {
    pub(crate) old_id: String,
    pub(crate) new_id: String,
    pub(crate) share: f64,
    pub(crate) effective: Option<String>,
}

/// Learners of a facility living in a commune (from learner records): where they come from.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub(crate) year: i32,
    pub(crate) facility_id: String,
    pub(crate) area_id: String,
    pub(crate) learners: f64,
}

/// A commune polygon from `areas.geojson` (lon/lat, WGS84).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AreaShape {
    pub(crate) area_id: String,
    pub(crate) polygons: geo::MultiPolygon<f64>,
}

/// A validated dataset: every reference resolves, every count is a finite non-negative number.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub areas: Vec<Area>,
    pub facilities: Vec<Facility>,
    pub programs: Vec<Program>,
    pub enrolment: Vec<Enrolment>,
    pub demand: Vec<Demand>,
    pub occupations: Vec<Occupation>,
    pub targets: Vec<Target>,
    /// Published past values of the indicators (optional `history` table).
    pub history: Vec<HistoryPoint>,
    pub travel: Vec<TravelOverride>,
    pub succession: Vec<Succession>,
    pub(crate) shapes: Vec<AreaShape>,
    /// Learners by facility and home commune, when learner records were given.
    pub origins: Vec<Origin>,
    /// Warnings acknowledged in `accepted_warnings.toml`, with the reasons given.
    pub acknowledged: Vec<Acknowledged>,
}

/// The warnings one entry of `accepted_warnings.toml` silenced, with its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Acknowledged {
    /// Line of the entry in the file.
    pub line: usize,
    /// What the entry lists, as written (`'exceeds the places' in enrolment, rows 4, 9`).
    pub what: String,
    pub reason: String,
    pub warnings: Vec<crate::error::Issue>,
}

impl Dataset {
    /// The latest year with enrolment data: the default base year of a run.
    pub(crate) fn latest_enrolment_year(&self) -> Option<i32> {
        self.enrolment.iter().map(|e| e.year).max()
    }

    pub(crate) fn area_index(&self) -> HashMap<&str, usize> {
        index_by(&self.areas, |a| a.area_id.as_str())
    }

    pub(crate) fn facility_index(&self) -> HashMap<&str, usize> {
        index_by(&self.facilities, |f| f.facility_id.as_str())
    }

    pub(crate) fn occupation_index(&self) -> HashMap<&str, usize> {
        index_by(&self.occupations, |o| o.code.as_str())
    }

    /// Province ids in first-seen order of the areas table.
    pub fn province_ids(&self) -> Vec<String> {
        let mut seen = Vec::new();
        for area in &self.areas {
            if !seen.contains(&area.province_id) {
                seen.push(area.province_id.clone());
            }
        }
        seen
    }

    /// The part of the dataset in one province: its communes, the facilities standing in
    /// them with their programmes, enrolment, travel times and origins, its demand.
    pub(crate) fn province(&self, province_id: &str) -> Dataset {
        use rustc_hash::FxHashSet as HashSet;
        let areas: Vec<Area> = self.areas.iter().filter(|a| a.province_id == province_id).cloned().collect();
        let area_ids: HashSet<&str> = areas.iter().map(|a| a.area_id.as_str()).collect();
        let facilities: Vec<Facility> =
            self.facilities.iter().filter(|f| area_ids.contains(f.area_id.as_str())).cloned().collect();
        let facility_ids: HashSet<&str> = facilities.iter().map(|f| f.facility_id.as_str()).collect();
        Dataset {
            programs: self.programs.iter().filter(|p| facility_ids.contains(p.facility_id.as_str())).cloned().collect(),
            enrolment: self
                .enrolment
                .iter()
                .filter(|e| facility_ids.contains(e.facility_id.as_str()))
                .cloned()
                .collect(),
            demand: self
                .demand
                .iter()
                .filter(|d| match &d.scope {
                    DemandScope::Area(a) => area_ids.contains(a.as_str()),
                    DemandScope::Province(p) => p == province_id,
                })
                .cloned()
                .collect(),
            occupations: self.occupations.clone(),
            targets: self
                .targets
                .iter()
                .filter(|t| t.scope.as_deref().is_none_or(|s| s == province_id))
                .cloned()
                .collect(),
            history: self
                .history
                .iter()
                .filter(|h| h.scope.as_deref().is_none_or(|s| s == province_id))
                .cloned()
                .collect(),
            travel: self
                .travel
                .iter()
                .filter(|t| area_ids.contains(t.area_id.as_str()) && facility_ids.contains(t.facility_id.as_str()))
                .cloned()
                .collect(),
            succession: self.succession.iter().filter(|s| area_ids.contains(s.new_id.as_str())).cloned().collect(),
            shapes: self.shapes.iter().filter(|s| area_ids.contains(s.area_id.as_str())).cloned().collect(),
            // A facility's learners from another province stay with it: they are its outside
            // share (see `access::attendance::OriginRecords`).
            origins: self.origins.iter().filter(|o| facility_ids.contains(o.facility_id.as_str())).cloned().collect(),
            acknowledged: self.acknowledged.clone(),
            areas,
            facilities,
        }
    }

    /// Every province's part of the dataset (as [`Dataset::province`]), in one pass over
    /// each table: for national data this is 34 times less work than 34 calls.
    pub(crate) fn split_by_province(&self) -> Vec<(String, Dataset)> {
        let provinces = self.province_ids();
        let index: HashMap<&str, usize> = provinces.iter().enumerate().map(|(i, p)| (p.as_str(), i)).collect();
        let mut parts: Vec<Dataset> = provinces
            .iter()
            .map(|p| Dataset {
                occupations: self.occupations.clone(),
                targets: self.targets.iter().filter(|t| t.scope.as_deref().is_none_or(|s| s == p)).cloned().collect(),
                history: self.history.iter().filter(|h| h.scope.as_deref().is_none_or(|s| s == p)).cloned().collect(),
                acknowledged: self.acknowledged.clone(),
                ..Default::default()
            })
            .collect();
        let mut area_part: HashMap<&str, usize> = HashMap::default();
        for a in &self.areas {
            let p = index[a.province_id.as_str()];
            area_part.insert(a.area_id.as_str(), p);
            parts[p].areas.push(a.clone());
        }
        let mut facility_part: HashMap<&str, usize> = HashMap::default();
        for f in &self.facilities {
            if let Some(&p) = area_part.get(f.area_id.as_str()) {
                facility_part.insert(f.facility_id.as_str(), p);
                parts[p].facilities.push(f.clone());
            }
        }
        let by_facility = |id: &str| facility_part.get(id).copied();
        for x in &self.programs {
            if let Some(p) = by_facility(&x.facility_id) {
                parts[p].programs.push(x.clone());
            }
        }
        for x in &self.enrolment {
            if let Some(p) = by_facility(&x.facility_id) {
                parts[p].enrolment.push(x.clone());
            }
        }
        for d in &self.demand {
            let p = match &d.scope {
                DemandScope::Area(a) => area_part.get(a.as_str()).copied(),
                DemandScope::Province(p) => index.get(p.as_str()).copied(),
            };
            if let Some(p) = p {
                parts[p].demand.push(d.clone());
            }
        }
        for t in &self.travel {
            if let (Some(p), Some(q)) = (area_part.get(t.area_id.as_str()), by_facility(&t.facility_id))
                && *p == q
            {
                parts[q].travel.push(t.clone());
            }
        }
        for s in &self.succession {
            if let Some(&p) = area_part.get(s.new_id.as_str()) {
                parts[p].succession.push(s.clone());
            }
        }
        for s in &self.shapes {
            if let Some(&p) = area_part.get(s.area_id.as_str()) {
                parts[p].shapes.push(s.clone());
            }
        }
        // A facility's learners from another province stay with it (their home commune is then
        // not in the part): they are its outside share.
        for o in &self.origins {
            if let Some(p) = by_facility(&o.facility_id) {
                parts[p].origins.push(o.clone());
            }
        }
        provinces.into_iter().zip(parts).collect()
    }

    /// A facility's name as printed in words (findings, options, cap package): its name, with
    /// its commune, or its id when the commune does not tell them apart, appended when
    /// another facility of the dataset has the same name ("Trung tâm GDNN-GDTX Âu Lâu (xã Âu
    /// Lâu)", not "Âu Lâu sáp nhập vào Âu Lâu"). The id itself when it is not a facility.
    pub(crate) fn facility_display_name(&self, facility_id: &str) -> String {
        let Some(f) = self.facilities.iter().find(|f| f.facility_id == facility_id) else {
            return facility_id.to_string();
        };
        let twins: Vec<&Facility> = self.facilities.iter().filter(|g| g.name.trim() == f.name.trim()).collect();
        if twins.len() < 2 {
            return f.name.clone();
        }
        let commune = |g: &Facility| self.areas.iter().find(|a| a.area_id == g.area_id).map(|a| commune_words(&a.name));
        let own = commune(f);
        let commune_tells =
            own.is_some() && twins.iter().filter(|g| g.facility_id != f.facility_id).all(|g| commune(g) != own);
        match own {
            Some(place) if commune_tells => format!("{} ({place})", f.name),
            _ => format!("{} ({})", f.name, f.facility_id),
        }
    }

    /// The display name of a province (its first area's `province_name`, else its id).
    pub(crate) fn province_name(&self, province_id: &str) -> String {
        self.areas
            .iter()
            .find(|a| a.province_id == province_id)
            .and_then(|a| a.province_name.clone())
            .unwrap_or_else(|| province_id.to_string())
    }
}

/// A commune's name inside a sentence: its kind in lower case ("xã Âu Lâu", "phường Nam
/// Cường"); other names as they are.
pub(crate) fn commune_words(name: &str) -> String {
    for kind in ["Xã ", "Phường ", "Đặc khu ", "Thị trấn "] {
        if let Some(rest) = name.strip_prefix(kind) {
            return format!("{}{rest}", kind.to_lowercase());
        }
    }
    name.to_string()
}

fn index_by<T>(items: &[T], key: impl Fn(&T) -> &str) -> HashMap<&str, usize> {
    items.iter().enumerate().map(|(i, item)| (key(item), i)).collect()
}

/// Enumerations read from the input tables: a canonical lowercase name, case-insensitive
/// parsing with surrounding spaces ignored, and the list of accepted names for messages.
pub trait Code: Sized + Copy + 'static {
    const NAMES: &'static [(&'static str, Self)];

    fn name(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::NAMES.iter().find(|(_, v)| *v == self).map(|(n, _)| *n).expect("every variant has a name")
    }

    fn parse_code(text: &str) -> Option<Self> {
        let wanted = text.trim().to_lowercase();
        Self::NAMES.iter().find(|(n, _)| *n == wanted).map(|(_, v)| *v)
    }

    fn accepted() -> String {
        let names: Vec<&str> = Self::NAMES.iter().map(|(n, _)| *n).collect();
        names.join(", ")
    }
}

macro_rules! code_enum {
    ($ty:ty, [$(($name:literal, $variant:expr)),+ $(,)?]) => {
        impl Code for $ty {
            const NAMES: &'static [(&'static str, Self)] = &[$(($name, $variant)),+];
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::parse_code(s).ok_or_else(|| {
                    format!("'{}' is not one of: {}", s.trim(), Self::accepted())
                })
            }
        }
    };
}

code_enum!(AreaKind, [("xa", AreaKind::Xa), ("phuong", AreaKind::Phuong), ("dac_khu", AreaKind::DacKhu)]);
code_enum!(
    FacilityKind,
    [
        ("college", FacilityKind::College),
        ("intermediate", FacilityKind::Intermediate),
        ("centre", FacilityKind::Centre),
        ("vocational_secondary", FacilityKind::VocationalSecondary),
        ("other", FacilityKind::Other),
    ]
);
code_enum!(
    Ownership,
    [("public", Ownership::Public), ("private", Ownership::Private), ("foreign", Ownership::Foreign)]
);
code_enum!(
    Level,
    [
        ("college", Level::College),
        ("intermediate", Level::Intermediate),
        ("elementary", Level::Elementary),
        ("short", Level::Short),
    ]
);
code_enum!(
    Sector,
    [("agriculture", Sector::Agriculture), ("industry", Sector::Industry), ("services", Sector::Services)]
);
code_enum!(
    Indicator,
    [
        ("trained", Indicator::Trained),
        ("certified", Indicator::Certified),
        ("urban_unemployment", Indicator::UrbanUnemployment),
        ("poverty_reduction", Indicator::PovertyReduction),
        ("employed_6m", Indicator::Employed6m),
        ("employed_6m_formal", Indicator::Employed6mFormal),
        ("employed_6m_short", Indicator::Employed6mShort),
    ]
);
code_enum!(
    HistoryIndicator,
    [
        ("trained", HistoryIndicator::Trained),
        ("certified", HistoryIndicator::Certified),
        ("urban_unemployment", HistoryIndicator::UrbanUnemployment),
        ("poverty_rate", HistoryIndicator::PovertyRate),
        ("employed_6m", HistoryIndicator::Employed6m),
        ("employed_6m_formal", HistoryIndicator::Employed6mFormal),
        ("employed_6m_short", HistoryIndicator::Employed6mShort),
    ]
);

/// A central value with its low and high ends: an estimate and its range, travelling as one
/// value from the model to the CSV and the PDF (STYLE.md, "Give recurring shapes a type").
/// What low and high mean (a 95% interval, the 5th and 95th percentile of draws, the lowest
/// and highest over a grid of guesses) is said where the value is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Ranged<T> {
    pub central: T,
    pub low: T,
    pub high: T,
}

impl<T> Ranged<T> {
    pub fn new(central: T, low: T, high: T) -> Self {
        Ranged { central, low, high }
    }

    /// The same function applied to the three values.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Ranged<U> {
        Ranged { central: f(self.central), low: f(self.low), high: f(self.high) }
    }

    /// Two ranged values paired end by end (central with central, low with low, high with
    /// high).
    pub fn zip<U>(self, other: Ranged<U>) -> Ranged<(T, U)> {
        Ranged { central: (self.central, other.central), low: (self.low, other.low), high: (self.high, other.high) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_case_insensitively_and_trimmed() {
        assert_eq!(" Public ".parse::<Ownership>(), Ok(Ownership::Public));
        assert_eq!("SHORT".parse::<Level>(), Ok(Level::Short));
        assert_eq!(Level::Short.to_string(), "short");
    }

    #[test]
    fn unknown_code_lists_the_accepted_names() {
        let err = "state".parse::<Ownership>().unwrap_err();
        assert_eq!(err, "'state' is not one of: public, private, foreign");
    }

    #[test]
    fn self_financing_public_schools_do_not_count_toward_the_cap() {
        let mut facility = Facility {
            facility_id: "F1".into(),
            name: "x".into(),
            kind: FacilityKind::College,
            ownership: Ownership::Public,
            self_financing: true,
            area_id: "A".into(),
            lat: 0.0,
            lon: 0.0,
            capacity: 1.0,
            teachers: None,
            annual_cost_mvnd: 1.0,
            fixed_cost_mvnd: None,
        };
        assert!(!facility.counts_toward_public_cap());
        facility.self_financing = false;
        assert!(facility.counts_toward_public_cap());
        facility.kind = FacilityKind::Centre;
        assert!(!facility.counts_toward_public_cap(), "centres are not schools");
    }

    #[test]
    fn a_ranged_value_maps_and_zips_end_by_end() {
        let minutes = Ranged::new(30.0, 20.0, 45.0);
        assert_eq!(minutes.map(|m| m / 60.0), Ranged::new(0.5, 20.0 / 60.0, 0.75));
        let learners = Ranged::new(10, 4, 30);
        assert_eq!(minutes.zip(learners).map(|(m, n)| m * f64::from(n)), Ranged::new(300.0, 80.0, 1350.0));
    }
}
