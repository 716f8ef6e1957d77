//! Reading a planner's scenario file (TOML): the schema, and every mistake reported as
//! `file:line:key: message`.

use serde::Deserialize;
use toml::Spanned;

use crate::access::{AccessSettings, Decay};
use crate::check::Checks;
use crate::error::{Issue, Issues, Severity};
use crate::optimise::Method;
use crate::options::OptionSettings;
use crate::score::{DemandGrowth, ScoreSettings, TargetOverrides};
use crate::settings::{Count, Draws, Growth, LostLearnerMvnd, ReachKm, Share, TimeLimitS, TravelCostMvnd};

/// A scenario file as written (see `docs/scenarios.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScenarioFile {
    pub(crate) name: String,
    /// Shown when the description in the report's language is not given.
    pub(crate) description: Option<String>,
    /// The description in Vietnamese and in English: the report prints the one of its
    /// language.
    pub(crate) description_vi: Option<String>,
    pub(crate) description_en: Option<String>,
    /// Base year (default: the latest enrolment year).
    pub(crate) year: Option<i32>,
    /// Horizon (default: 2030).
    pub(crate) horizon: Option<i32>,
    #[serde(default)]
    pub(crate) access: Option<AccessSettings>,
    #[serde(default)]
    pub(crate) decay: Option<Decay>,
    #[serde(default)]
    pub(crate) attendance: Option<crate::access::attendance::AttendanceSettings>,
    #[serde(default)]
    pub(crate) targets: Option<TargetOverrides>,
    #[serde(default)]
    pub(crate) demand: Option<DemandGrowth>,
    #[serde(default)]
    pub(crate) scoring: Option<ScoreSettings>,
    #[serde(default)]
    pub(crate) options: Option<OptionSettings>,
    #[serde(default)]
    pub(crate) actions: Vec<Spanned<ActionSpec>>,
    pub(crate) optimise: Option<Spanned<OptimiseSpec>>,
    pub(crate) uncertainty: Option<UncertaintySpec>,
    /// Road-network settings for `--roads` (speeds by class, ferries, snapping).
    #[serde(default)]
    pub(crate) roads: Option<crate::access::roads::RoadsSpec>,
    /// `[roadmap]`: the years of the actions, scheduled under a yearly budget.
    #[serde(default)]
    pub(crate) roadmap: Option<super::roadmap::RoadmapSpec>,
}

/// One `[[actions]]` entry: exactly one verb key (`merge`, `close`, `open`, `add_program`,
/// `remove_program`, `convert`, `set_places`) plus its parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActionSpec {
    pub(crate) merge: Option<OneOrMany>,
    pub(crate) close: Option<OneOrMany>,
    pub(crate) convert: Option<String>,
    /// Receiving facility of `merge` and `convert`.
    pub(crate) into: Option<String>,
    /// A new facility's id.
    pub(crate) open: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) kind: Option<String>,
    pub(crate) ownership: Option<String>,
    pub(crate) lat: Option<f64>,
    pub(crate) lon: Option<f64>,
    pub(crate) area_id: Option<String>,
    pub(crate) annual_cost: Option<f64>,
    pub(crate) fixed_cost: Option<f64>,
    pub(crate) teachers: Option<f64>,
    #[serde(default)]
    pub(crate) programs: Vec<ProgramSpec>,
    pub(crate) add_program: Option<ProgramAt>,
    pub(crate) remove_program: Option<ProgramKeySpec>,
    pub(crate) set_places: Option<SetPlacesSpec>,
    /// Year the action takes effect (default: the year after the base year).
    pub(crate) year: Option<i32>,
    /// A remark for the reader of the file: accepted, not used.
    #[allow(dead_code)]
    pub(crate) note: Option<String>,
}

/// The verb of an action with its parameters: what an [`ActionSpec`] holds once it is known
/// to have exactly one verb key.
#[derive(Debug, Clone)]
pub(crate) enum Verb<'a> {
    /// The facilities merged (one or several).
    Merge(Vec<String>),
    Close(&'a OneOrMany),
    /// The facility converted (one).
    Convert(Vec<String>),
    Open(&'a str),
    AddProgram(&'a ProgramAt),
    RemoveProgram(&'a ProgramKeySpec),
    SetPlaces(&'a SetPlacesSpec),
}

/// Every verb key, in the order messages list them.
pub(crate) const VERBS: [&str; 7] =
    ["merge", "close", "convert", "open", "add_program", "remove_program", "set_places"];

impl Verb<'_> {
    /// The key the verb is written with in the file.
    pub(crate) fn key(&self) -> &'static str {
        match self {
            Verb::Merge(_) => "merge",
            Verb::Close(_) => "close",
            Verb::Convert(_) => "convert",
            Verb::Open(_) => "open",
            Verb::AddProgram(_) => "add_program",
            Verb::RemoveProgram(_) => "remove_program",
            Verb::SetPlaces(_) => "set_places",
        }
    }
}

impl ActionSpec {
    /// The action's one verb; none or several is an error naming the verbs.
    pub(crate) fn verb(&self) -> Result<Verb<'_>, String> {
        let verbs: Vec<Verb<'_>> = [
            self.merge.as_ref().map(|m| Verb::Merge(m.ids())),
            self.close.as_ref().map(Verb::Close),
            self.convert.clone().map(|id| Verb::Convert(vec![id])),
            self.open.as_deref().map(Verb::Open),
            self.add_program.as_ref().map(Verb::AddProgram),
            self.remove_program.as_ref().map(Verb::RemoveProgram),
            self.set_places.as_ref().map(Verb::SetPlaces),
        ]
        .into_iter()
        .flatten()
        .collect();
        match verbs.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(format!("an action needs one of: {}", VERBS.join(", "))),
            many => Err(format!(
                "an action has one verb, this one has {}",
                many.iter().map(Verb::key).collect::<Vec<_>>().join(" and ")
            )),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub(crate) fn ids(&self) -> Vec<String> {
        match self {
            OneOrMany::One(id) => vec![id.clone()],
            OneOrMany::Many(ids) => ids.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProgramSpec {
    pub(crate) occupation: String,
    pub(crate) level: String,
    pub(crate) places: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProgramAt {
    pub(crate) facility: String,
    pub(crate) occupation: String,
    pub(crate) level: String,
    pub(crate) places: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProgramKeySpec {
    pub(crate) facility: String,
    pub(crate) occupation: String,
    pub(crate) level: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SetPlacesSpec {
    pub(crate) facility: String,
    pub(crate) occupation: Option<String>,
    pub(crate) level: Option<String>,
    pub(crate) places: f64,
}

/// `[optimise]`: run the optimisation engine on the scenario's network.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimiseSpec {
    /// `cflp` (default), `pmedian`, `mclp` or `lscp`.
    #[serde(default)]
    pub(crate) model: OptimiseModel,
    /// At most this many public schools (not self-financing) per province.
    pub(crate) max_public_schools: Option<Count>,
    /// Facilities that must stay open.
    #[serde(default)]
    pub(crate) keep: Vec<String>,
    /// Whether a counted public school may be merged into a self-financing school (which
    /// does not count toward the cap); off by default.
    #[serde(default)]
    pub(crate) merge_into_self_financing: bool,
    /// Sites to keep for pmedian/mclp (default: the current number minus one).
    pub(crate) p: Option<Count>,
    /// Coverage radius in km for mclp/lscp (default: the access radius).
    pub(crate) radius_km: Option<ReachKm>,
    #[serde(default)]
    pub(crate) solver: Method,
    #[serde(default = "default_time_limit")]
    pub(crate) time_limit_s: TimeLimitS,
    /// Yearly cost of a learner's travel per minute of one-way travel, million VND
    /// (default 0.0667: 100 round trips a year valued at 20,000 VND an hour).
    pub(crate) travel_cost_mvnd_per_minute: Option<TravelCostMvnd>,
    /// CFLP: what one learner lost a year weighs, million VND (default: the public running
    /// cost per learner admitted of the dataset's public facilities).
    pub(crate) lost_learner_cost_mvnd: Option<LostLearnerMvnd>,
    /// Year the resulting merges take effect.
    pub(crate) year: Option<i32>,
}

/// `[optimise] model`: checked when the file is parsed, so an unknown name is a located error
/// listing the allowed ones, and a model added here must be handled wherever it is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum OptimiseModel {
    #[default]
    Cflp,
    PMedian,
    Mclp,
    Lscp,
}

fn default_time_limit() -> TimeLimitS {
    TimeLimitS::constant(60.0)
}

/// `[uncertainty]`: demand growth drawn from ranges, N seeded draws.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncertaintySpec {
    pub(crate) draws: Draws,
    #[serde(default = "default_seed")]
    pub(crate) seed: u64,
    /// [low, high] of the overall yearly growth.
    pub(crate) growth: Option<[Growth; 2]>,
    /// [low, high] by sector.
    #[serde(default)]
    pub(crate) growth_by_sector: std::collections::BTreeMap<crate::score::SectorKey, [Growth; 2]>,
}

fn default_seed() -> u64 {
    1
}

/// Line (1-based) of a byte offset.
pub(crate) fn line_of(source: &str, offset: usize) -> usize {
    1 + source[..offset.min(source.len())].bytes().filter(|&b| b == b'\n').count()
}

/// The key written on a line (`name = value` or `[table]`), for messages.
fn key_on_line(source: &str, line: usize) -> Option<String> {
    let text = source.lines().nth(line.checked_sub(1)?)?.trim();
    let key = if text.starts_with('[') {
        text.trim_matches(|c| c == '[' || c == ']').trim()
    } else {
        text.split('=').next()?.trim()
    };
    (!key.is_empty()).then(|| key.to_string())
}

/// The key of the value starting at byte `offset` (`mountain` in `speed_kmh = { plain = 40,
/// mountain = 0 }`): the bare key before the last `=` on the line before it, if there is one.
fn key_of_value(source: &str, offset: usize) -> Option<String> {
    let before = source.get(..offset)?;
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let (left, _) = line.rsplit_once('=')?;
    let key = left.rsplit(['{', ',']).next()?.trim();
    let bare = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    bare.then(|| key.to_string())
}

/// Parses the TOML text of `file`; a syntax or schema error becomes one located issue.
pub(crate) fn parse(file: &str, source: &str) -> Result<ScenarioFile, Issue> {
    toml::from_str::<ScenarioFile>(source).map_err(|err| {
        let line = err.span().map(|s| line_of(source, s.start));
        let column = err
            .span()
            .and_then(|s| key_of_value(source, s.start))
            .or_else(|| line.and_then(|l| key_on_line(source, l)));
        let message = err.message().trim().replace('`', "'").replace('\n', " ");
        Issue { severity: Severity::Error, file: file.to_string(), line, column, message }
    })
}

/// Every setting of the file range-checked, each problem located at the line of its key
/// (`file:line:key: message`). Settings left out of the file take defaults, which pass.
pub(crate) fn check_settings(file: &str, source: &str, spec: &ScenarioFile, base_year: i32, issues: &mut Issues) {
    let mut c = Checks::default();
    if let Some(targets) = &spec.targets {
        c.section("targets", |c| {
            if let Some(year) = targets.year
                && !(base_year..=base_year + 30).contains(&year)
            {
                c.problem(
                    "year",
                    format!("must be between the base year {base_year} and {}, found {year}", base_year + 30),
                );
            }
        });
    }
    if let Some(scoring) = &spec.scoring {
        c.section("scoring", |c| scoring.check(c));
    }
    if let Some(options) = &spec.options {
        c.section("options", |c| check_options(options, c));
    }
    if let Some(attendance) = &spec.attendance {
        c.section("attendance", |c| check_attendance(attendance, c));
    }
    if let Some(uncertainty) = &spec.uncertainty {
        c.section("uncertainty", |c| check_uncertainty(uncertainty, c));
    }
    if let Some(roads) = &spec.roads {
        c.section("roads", |c| roads.check(c));
    }
    if let Some(roadmap) = &spec.roadmap {
        let horizon = spec.horizon.unwrap_or_else(|| super::horizon_for(base_year));
        c.section("roadmap", |c| roadmap.check(c, base_year, horizon));
    }
    if c.problems.is_empty() {
        return;
    }
    let spans = toml::de::DeTable::parse(source).ok();
    for problem in c.problems {
        let line = spans.as_ref().and_then(|table| span_of(table, &problem.path)).map(|s| line_of(source, s.start));
        issues.error(file, line, Some(problem.key()), problem.message.clone());
    }
}

/// Byte span of the deepest key of `path` written in the document (the value of the
/// setting itself when written; else its table).
fn span_of(document: &toml::Spanned<toml::de::DeTable>, path: &[String]) -> Option<std::ops::Range<usize>> {
    let mut table = document.get_ref();
    let mut found = None;
    for key in path {
        let Some((_, value)) = table.iter().find(|(k, _)| &**k.get_ref() == key.as_str()) else { break };
        found = Some(value.span());
        match value.get_ref() {
            toml::de::DeValue::Table(inner) => table = inner,
            _ => break,
        }
    }
    found
}

/// The attendance model's half-lives: minutes, a few to a day's travel.
fn check_attendance(a: &crate::access::attendance::AttendanceSettings, c: &mut Checks) {
    fn minutes(c: &mut Checks, key: &str, v: f64) {
        c.between(key, v, 1.0, 1440.0, "minutes");
    }
    minutes(c, "half_life_formal_min", a.half_life_formal_min);
    minutes(c, "half_life_short_min", a.half_life_short_min);
    c.range("half_life_formal_range_min", a.half_life_formal_range_min, minutes);
    c.range("half_life_short_range_min", a.half_life_short_range_min, minutes);
    for (key, [low, high], central) in [
        ("half_life_formal_range_min", a.half_life_formal_range_min, a.half_life_formal_min),
        ("half_life_short_range_min", a.half_life_short_range_min, a.half_life_short_min),
    ] {
        // Only when the half-life itself is valid: a bad one is reported once, above.
        if low <= high && (1.0..=1440.0).contains(&central) && !(low..=high).contains(&central) {
            c.problem(key, format!("the range [{low}, {high}] must contain the half-life {central}"));
        }
    }
}

/// [`OptionSettings`] (defined in `options`): each value was checked into its type when
/// read; here the checks across values.
fn check_options(o: &OptionSettings, c: &mut Checks) {
    let shares = |[low, high]: [Share; 2]| [low.get(), high.get()];
    let none = |_: &mut Checks, _: &str, _: f64| {};
    c.range("satellite_saving_share_range", shares(o.satellite_saving_share_range), none);
    contains_central(
        c,
        "satellite_saving_share_range",
        shares(o.satellite_saving_share_range),
        o.satellite_saving_share.get(),
    );
    let costs = &o.costs;
    c.section("costs", |c| {
        for (key, range, central) in [
            (
                "severance_mvnd_per_staff_range",
                costs.severance_mvnd_per_staff_range.map(|v| v.get()),
                costs.severance_mvnd_per_staff.get(),
            ),
            (
                "salary_mvnd_per_staff_year_range",
                costs.salary_mvnd_per_staff_year_range.map(|v| v.get()),
                costs.salary_mvnd_per_staff_year.get(),
            ),
            ("staff_leaving_close_range", shares(costs.staff_leaving_close_range), costs.staff_leaving_close.get()),
            ("staff_leaving_merge_range", shares(costs.staff_leaving_merge_range), costs.staff_leaving_merge.get()),
            (
                "staff_leaving_convert_range",
                shares(costs.staff_leaving_convert_range),
                costs.staff_leaving_convert.get(),
            ),
        ] {
            c.range(key, range, none);
            contains_central(c, key, range, central);
        }
    });
    let w = &o.weights;
    if [w.savings, w.learners_lost, w.under_use, w.rural_access, w.alignment].iter().all(|v| v.get() == 0.0) {
        c.problem("weights", "at least one ranking weight must be above 0");
    }
}

/// A [low, high] range of a guess must contain its central value (checked only when the
/// range itself is in order, so that one mistake is reported once).
fn contains_central(c: &mut Checks, key: &str, [low, high]: [f64; 2], central: f64) {
    if low <= high && !(low..=high).contains(&central) {
        let name = key.trim_end_matches("_range");
        c.problem(key, format!("the range [{low}, {high}] must contain {name} {central}: set both"));
    }
}

fn check_uncertainty(u: &UncertaintySpec, c: &mut Checks) {
    // Each rate was checked when parsed (a `Growth`); the order of the two is checked here.
    let each = |_: &mut Checks, _: &str, _: f64| {};
    if let Some(range) = u.growth {
        c.range("growth", range.map(Growth::get), each);
    }
    c.section("growth_by_sector", |c| {
        for (sector, range) in &u.growth_by_sector {
            c.range(crate::model::Code::name(crate::model::Sector::from(*sector)), range.map(Growth::get), each);
        }
    });
}

/// One section of a scenario file with the keys that differ from the defaults, each as
/// (key, value) in TOML (dotted keys for nested tables: `weights.alignment = 0.5`).
pub(crate) type ChangedSection = (&'static str, Vec<(String, String)>);

/// The settings of `s` that differ from the defaults, section by section in the order of
/// docs/scenarios.md: what a scenario file must say to run with the same settings (the
/// demand only when it was set rather than taken from the trend of the demand table).
/// Sections with nothing changed are left out.
pub(crate) fn changed_settings(s: &super::Scenario) -> Vec<ChangedSection> {
    fn value<T: serde::Serialize>(v: &T) -> toml::Value {
        toml::Value::try_from(v).expect("settings read from TOML write back to TOML")
    }
    // Each section as set and as by default (None: nothing to compare with), None when the
    // file need not say it.
    type Pair = Option<(toml::Value, Option<toml::Value>)>;
    let sections: [(&'static str, Pair); 8] = [
        ("access", Some((value(&s.access), Some(value(&AccessSettings::default()))))),
        ("decay", s.decay.map(|d| (value(&d), None))),
        (
            "attendance",
            Some((value(&s.attendance), Some(value(&crate::access::attendance::AttendanceSettings::default())))),
        ),
        ("targets", Some((value(&s.targets), Some(value(&TargetOverrides::default()))))),
        ("demand", s.growth_trend.is_none().then(|| (value(&s.growth), Some(value(&DemandGrowth::default()))))),
        ("scoring", Some((value(&s.scoring), Some(value(&ScoreSettings::default()))))),
        ("options", Some((value(&s.options), Some(value(&OptionSettings::default()))))),
        ("roads", s.roads.as_ref().map(|r| (value(r), Some(value(&crate::access::roads::RoadsSpec::default()))))),
    ];
    sections
        .into_iter()
        .filter_map(|(name, pair)| {
            let (now, default) = pair?;
            let mut keys = Vec::new();
            changed_keys("", &now, default.as_ref(), &mut keys);
            (!keys.is_empty()).then_some((name, keys))
        })
        .collect()
}

/// The leaves of `now` that differ from `default` (all of them without one), as (dotted
/// key, TOML value).
fn changed_keys(prefix: &str, now: &toml::Value, default: Option<&toml::Value>, out: &mut Vec<(String, String)>) {
    match now {
        toml::Value::Table(table) => {
            for (key, v) in table {
                let bare = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                let key_text = if bare { key.clone() } else { toml::Value::String(key.clone()).to_string() };
                let path = if prefix.is_empty() { key_text } else { format!("{prefix}.{key_text}") };
                let d = match default {
                    Some(toml::Value::Table(d)) => d.get(key),
                    _ => None,
                };
                changed_keys(&path, v, d, out);
            }
        }
        v if default == Some(v) => {}
        v => out.push((prefix.to_string(), v.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_scenario_parses() {
        let s = parse("s.toml", "name = \"Baseline\"\n").unwrap();
        assert_eq!(s.name, "Baseline");
        assert!(s.actions.is_empty());
    }

    #[test]
    fn the_design_example_parses() {
        let text = r#"
name = "Merge small centres"
year = 2025
[access]
radius_km = 15
radius_km_difficult = 5
circuity = 1.3
speed_kmh = { plain = 40, mountain = 20 }
[decay]
kind = "exponential"
half_life_min = 45
[targets]
trained = 0.75
certified = 0.32
urban_unemployment_max = 0.03
employed_6m = 0.80
[demand]
growth = 0.03
growth_by_sector = { industry = 0.06 }
[[actions]]
merge = ["F012"]
into = "F003"
[optimise]
model = "cflp"
max_public_schools = 3
keep = ["F001"]
solver = "auto"
time_limit_s = 60
"#;
        let s = parse("s.toml", text).unwrap();
        assert_eq!(s.actions.len(), 1);
        assert_eq!(s.demand.unwrap().growth.get(), 0.03);
        assert_eq!(s.optimise.unwrap().into_inner().max_public_schools, Some(Count::constant(3)));
    }

    #[test]
    fn unknown_keys_name_the_line_and_key() {
        let err = parse("s.toml", "name = \"x\"\n\n[[actions]]\nmrege = [\"F1\"]\n").unwrap_err();
        assert_eq!(err.line, Some(4));
        assert_eq!(err.column.as_deref(), Some("mrege"));
        assert!(err.message.contains("unknown field 'mrege'"), "{}", err.message);
    }

    #[test]
    fn wrong_types_name_the_line_and_key() {
        let err = parse("s.toml", "name = \"x\"\n[access]\nradius_km = \"far\"\n").unwrap_err();
        assert_eq!((err.line, err.column.as_deref()), (Some(3), Some("radius_km")));
        assert!(err.message.contains("invalid type"), "{}", err.message);
    }

    /// `file:line:key: message` of a file that does not parse.
    fn located(text: &str) -> String {
        let e = parse("s.toml", text).unwrap_err();
        format!("{}:{}:{}: {}", e.file, e.line.unwrap_or(0), e.column.unwrap_or_default(), e.message)
    }

    #[test]
    fn shares_are_checked_when_parsed_with_the_line_and_key_of_the_value() {
        assert_eq!(
            located("name = \"x\"\n[targets]\ncertified = 0.3\ntrained = 75\n"),
            "s.toml:4:trained: 75 is not a share between 0 and 1 (if you meant 75%, write 0.75)"
        );
        // In an inline table, the key of the value, not the table's.
        assert_eq!(
            located("name = \"x\"\ntargets = { certified = 0.3, employed_6m = -0.2 }\n"),
            "s.toml:2:employed_6m: must be a share between 0 and 1, found -0.2"
        );
        // One share of a [low, high] pair: the line and key of the pair.
        assert_eq!(
            located("name = \"x\"\n[scoring.projection]\nretention_range = [0.5, 30]\n"),
            "s.toml:3:retention_range: 30 is not a share between 0 and 1 (if you meant 30%, write 0.3)"
        );
        for (value, shown) in [("nan", "NaN"), ("inf", "inf"), ("-inf", "-inf")] {
            assert_eq!(
                located(&format!("name = \"x\"\n[scoring]\nunder_used_below = {value}\n")),
                format!("s.toml:3:under_used_below: must be a finite number, found {shown}")
            );
        }
        let s = parse("s.toml", "name = \"x\"\n[targets]\ntrained = 1\ncertified = 0\n").unwrap();
        let t = s.targets.unwrap();
        assert_eq!((t.trained.map(|v| v.get()), t.certified.map(|v| v.get())), (Some(1.0), Some(0.0)));
    }

    /// docs/scenarios.md gives each setting's range as its type states it.
    #[test]
    fn the_documented_ranges_are_those_of_the_types() {
        use crate::settings::*;
        let docs = include_str!("../../docs/scenarios.md");
        let share = "a share between 0 and 1".to_string();
        let growth = "between -0.5 and 0.5 a year".to_string();
        let count = format!("at least {}", Count::MIN);
        let rows: Vec<(&str, String)> = vec![
            ("access.radius_km", ReachKm::BOUNDS.describe()),
            ("access.radius_km_difficult", ReachKm::BOUNDS.describe()),
            ("access.circuity", Circuity::BOUNDS.describe()),
            ("access.speed_kmh.plain", SpeedKmh::BOUNDS.describe()),
            ("access.speed_kmh.mountain", SpeedKmh::BOUNDS.describe()),
            ("access.ferry_speed_kmh", FerryKmh::BOUNDS.describe()),
            ("access.ferry_boarding_min", BoardingMin::BOUNDS.describe()),
            ("decay.half_life_min", Positive::BOUNDS.describe()),
            ("decay.max_min", Positive::BOUNDS.describe()),
            ("decay.exponent", Positive::BOUNDS.describe()),
            ("decay.scale_min", Positive::BOUNDS.describe()),
            ("targets.*", share.clone()),
            ("demand.growth", growth.clone()),
            ("demand.growth_by_sector.*", growth.clone()),
            ("scoring.shortage_below", Threshold::BOUNDS.describe()),
            ("scoring.surplus_above", Threshold::BOUNDS.describe()),
            ("scoring.over_capacity_above", Threshold::BOUNDS.describe()),
            ("scoring.mix_weight", share.clone()),
            ("scoring.under_used_below", share.clone()),
            ("scoring.employed_6m_formal_norm", share.clone()),
            ("scoring.employed_6m_short_norm", share.clone()),
            ("scoring.projection.exit_rate", ExitRate::BOUNDS.describe()),
            ("scoring.projection.exit_rate_range", ExitRate::BOUNDS.describe()),
            ("scoring.projection.retention", share.clone()),
            ("scoring.projection.retention_range", share.clone()),
            ("scoring.projection.labour_force_growth", growth.clone()),
            ("scoring.projection.graduates_new", share.clone()),
            ("scoring.projection.graduates_new_range", share.clone()),
            ("scoring.projection.leaver_ratio_trained", CohortRatio::BOUNDS.describe()),
            ("scoring.projection.leaver_ratio_certified", CohortRatio::BOUNDS.describe()),
            ("scoring.projection.entrant_ratio_trained", CohortRatio::BOUNDS.describe()),
            ("scoring.projection.entrant_ratio_certified", CohortRatio::BOUNDS.describe()),
            ("scoring.projection.higher_education", InflowRate::BOUNDS.describe()),
            ("scoring.projection.other_trained", InflowRate::BOUNDS.describe()),
            ("scoring.projection.other_certified", InflowRate::BOUNDS.describe()),
            ("scoring.entrants.openings_formal_share", share.clone()),
            ("scoring.entrants.openings_formal_share_range", share.clone()),
            ("scoring.entrants.*.continuing_study", share.clone()),
            ("scoring.entrants.*.continuing_study_range", share.clone()),
            ("scoring.entrants.*.already_employed", share.clone()),
            ("scoring.zones.minutes", ZoneMinutes::BOUNDS.describe()),
            ("scoring.zones.max_zones", format!("between {} and {}", ZoneCount::MIN, ZoneCount::MAX)),
            ("scoring.zones.min_new_openings_share", share.clone()),
            ("scoring.zones.few_openings_below", OpeningsCount::BOUNDS.describe()),
            ("scoring.entrants.*.already_employed_range", share.clone()),
            ("options.k_nearest", count.clone()),
            ("options.travel_support_mvnd", TravelSupportMvnd::BOUNDS.describe()),
            ("options.travel_support_difficult_mvnd", TravelSupportMvnd::BOUNDS.describe()),
            ("options.satellite_saving_share", share.clone()),
            ("options.satellite_saving_share_range", share.clone()),
            ("options.discount_rate", DiscountRate::BOUNDS.describe()),
            ("options.public_school_cap", count.clone()),
            ("options.min_merge_fit", share.clone()),
            ("options.cap_access_weight", AccessWeight::BOUNDS.describe()),
            ("options.travel_rise_threshold_min", RiseMinutes::BOUNDS.describe()),
            ("options.cap_max_merge_min", MergeMinutes::BOUNDS.describe()),
            ("options.cap_fit_weight", FitWeight::BOUNDS.describe()),
            ("options.weights.*", Weight::BOUNDS.describe()),
            ("options.costs.severance_mvnd_per_staff", SeveranceMvnd::BOUNDS.describe()),
            ("options.costs.salary_mvnd_per_staff_year", SalaryMvnd::BOUNDS.describe()),
            ("options.costs.staff_leaving_close`, `_merge`, `_convert", share.clone()),
            ("options.costs.places_per_staff_when_unknown", PlacesPerStaff::BOUNDS.describe()),
            ("options.costs.priority_share_when_unknown", share.clone()),
            ("options.costs.course_years.*", CourseLength::BOUNDS.describe()),
            ("optimise.p", count.clone()),
            ("optimise.max_public_schools", count.clone()),
            ("optimise.radius_km", ReachKm::BOUNDS.describe()),
            ("optimise.time_limit_s", TimeLimitS::BOUNDS.describe()),
            ("optimise.travel_cost_mvnd_per_minute", TravelCostMvnd::BOUNDS.describe()),
            ("optimise.lost_learner_cost_mvnd", LostLearnerMvnd::BOUNDS.describe()),
            ("options.rank_draws", format!("between {} and {}", Draws::MIN, Draws::MAX)),
            ("uncertainty.draws", format!("between {} and {}", Draws::MIN, Draws::MAX)),
            ("roadmap.one_off_budget_mvnd_per_year", OneOffBudgetMvnd::BOUNDS.describe()),
            ("roadmap.max_actions_per_year", count.clone()),
            ("roadmap.receiver_growth_max", ReceiverGrowth::BOUNDS.describe()),
            (
                "roadmap.public_facilities_2020`, `public_intermediate_2020",
                format!("between {} and {}", FacilityCount::MIN, FacilityCount::MAX),
            ),
            ("roadmap.women_lost_share_max", share.clone()),
            (
                "targets.public_facilities_2020`, `public_intermediate_2020",
                format!("between {} and {}", FacilityCount::MIN, FacilityCount::MAX),
            ),
            ("roads.speed_kmh.*", RoadSpeedKmh::BOUNDS.describe()),
            ("roads.ferry_kmh", RoadFerryKmh::BOUNDS.describe()),
            ("roads.ferry_boarding_min", RoadBoardingMin::BOUNDS.describe()),
            ("roads.snap_max_km", SnapKm::BOUNDS.describe()),
            ("roads.max_minutes", SearchMinutes::BOUNDS.describe()),
            ("roads.unpaved_factor", UnpavedFactor::BOUNDS.describe()),
        ];
        for (key, range) in rows {
            let row = format!("| `{key}` | {range} |");
            assert!(docs.contains(&row), "docs/scenarios.md has no row {row}");
        }
    }

    #[test]
    fn the_key_of_a_value_is_the_bare_key_before_it() {
        let text = "a = 1\nspeed_kmh = { plain = 40, mountain = 0 }\n";
        let at = |needle: &str| key_of_value(text, text.find(needle).unwrap());
        assert_eq!(at("1"), Some("a".to_string()));
        assert_eq!(at("{"), Some("speed_kmh".to_string()));
        assert_eq!(at("40"), Some("plain".to_string()));
        assert_eq!(at("0 }"), Some("mountain".to_string()));
        assert_eq!(at("speed_kmh"), None);
    }

    #[test]
    fn changed_keys_lists_the_leaves_that_differ_as_dotted_keys() {
        let now: toml::Value = toml::from_str("a = 1\nb = { c = 2.5, d = \"x\" }\n\"odd key\" = [1, 2]").unwrap();
        let default: toml::Value = toml::from_str("a = 1\nb = { c = 2.0, d = \"x\" }").unwrap();
        let mut out = Vec::new();
        super::changed_keys("", &now, Some(&default), &mut out);
        let expected = [("b.c", "2.5"), ("\"odd key\"", "[1, 2]")];
        assert_eq!(out, expected.map(|(k, v)| (k.to_string(), v.to_string())));
    }
}
