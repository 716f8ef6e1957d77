//! Resolving a scenario's actions: each `[[actions]]` entry of the file, checked against the
//! dataset and the years, becomes an [`Action`] (or an [`Issue`](crate::error::Issue) naming
//! the file, line and key).
//!
//! In: the parsed [`ScenarioFile`], its source text (for line numbers) and the dataset. Out:
//! the checked actions in the order written, or every problem found. Fallible by design: this
//! is where a planner's mistakes are caught, so that applying the actions (`actions`) cannot
//! fail.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::actions::{Action, ActionKind};
use super::file::{ScenarioFile, Verb, line_of};
use crate::error::Issues;
use crate::model::*;

impl ActionKind {
    /// The existing facilities the action works on, each with the scenario key naming it.
    fn facilities_named(&self) -> Vec<(&'static str, &str)> {
        match self {
            ActionKind::Merge { facility, into } => vec![("merge", facility), ("into", into)],
            ActionKind::Convert { facility, into } => vec![("convert", facility), ("into", into)],
            ActionKind::Close { facility } => vec![("close", facility)],
            ActionKind::Open { .. } => vec![],
            ActionKind::AddProgram { program } => vec![("add_program", &program.facility_id)],
            ActionKind::RemoveProgram { facility, .. } => vec![("remove_program", facility)],
            ActionKind::SetPlaces { facility, .. } => vec![("set_places", facility)],
        }
    }
}

/// Checks every action against the dataset and the years; returns them or every problem.
pub fn resolve(
    file: &str,
    source: &str,
    scenario: &ScenarioFile,
    ds: &Dataset,
    base_year: i32,
    horizon: i32,
) -> Result<Vec<Action>, Issues> {
    let mut issues = Issues::default();
    let facilities: HashSet<&str> = ds.facilities.iter().map(|f| f.facility_id.as_str()).collect();
    let occupations: HashSet<&str> = ds.occupations.iter().map(|o| o.code.as_str()).collect();
    let areas: HashSet<&str> = ds.areas.iter().map(|a| a.area_id.as_str()).collect();
    let mut opened: HashSet<String> = HashSet::default();
    let mut acted_on: HashMap<String, usize> = HashMap::default();
    let mut merges: Vec<(String, String, usize)> = Vec::new();
    let mut actions = Vec::new();
    for spanned in &scenario.actions {
        let line = line_of(source, spanned.span().start);
        let spec = spanned.get_ref();
        let mut error = |key: &str, message: String| issues.error(file, Some(line), Some(key), message);
        let verb = match spec.verb() {
            Ok(v) => v,
            Err(message) => {
                error("actions", message);
                continue;
            }
        };
        let year = spec.year.unwrap_or(base_year + 1);
        if year <= base_year || year > horizon {
            error("year", format!("effective year {year} is outside the horizon {}..{horizon}", base_year + 1));
            continue;
        }
        let known = |id: &str| facilities.contains(id) || opened.contains(id);
        let check_facility = |key: &str, id: &str, error: &mut dyn FnMut(&str, String)| -> bool {
            if known(id) {
                true
            } else {
                error(key, format!("unknown facility '{id}' (not in facilities.csv)"));
                false
            }
        };
        let level_of = |key: &str, text: &str, error: &mut dyn FnMut(&str, String)| -> Option<Level> {
            match text.parse::<Level>() {
                Ok(l) => Some(l),
                Err(why) => {
                    error(key, why);
                    None
                }
            }
        };
        let occupation_ok = |key: &str, code: &str, error: &mut dyn FnMut(&str, String)| -> bool {
            if occupations.contains(code) {
                true
            } else {
                error(key, format!("unknown occupation '{code}' (not in occupations.csv)"));
                false
            }
        };
        let mut kinds = Vec::new();
        let key = verb.key();
        let is_merge = matches!(verb, Verb::Merge(_));
        match verb {
            Verb::Merge(ids) | Verb::Convert(ids) => {
                let Some(into) = spec.into.clone() else {
                    error("into", format!("{key} needs 'into' (the receiving facility)"));
                    continue;
                };
                if !check_facility("into", &into, &mut error) {
                    continue;
                }
                for id in ids {
                    if !check_facility(key, &id, &mut error) {
                        continue;
                    }
                    if id == into {
                        error(key, format!("{id} cannot be merged into itself"));
                        continue;
                    }
                    if is_merge {
                        merges.push((id.clone(), into.clone(), line));
                        kinds.push(ActionKind::Merge { facility: id, into: into.clone() });
                    } else {
                        kinds.push(ActionKind::Convert { facility: id, into: into.clone() });
                    }
                }
            }
            Verb::Close(ids) => {
                for id in ids.ids() {
                    if check_facility("close", &id, &mut error) {
                        kinds.push(ActionKind::Close { facility: id });
                    }
                }
            }
            Verb::Open(id) => {
                let id = id.to_string();
                if known(&id) {
                    error("open", format!("facility '{id}' already exists"));
                    continue;
                }
                let (Some(lat), Some(lon)) = (spec.lat, spec.lon) else {
                    error("open", format!("opening '{id}' needs lat and lon"));
                    continue;
                };
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                    error("lat", format!("({lat}, {lon}) is not a valid position"));
                    continue;
                }
                let kind = match spec.kind.as_deref().unwrap_or("centre").parse::<FacilityKind>() {
                    Ok(k) => k,
                    Err(why) => {
                        error("kind", why);
                        continue;
                    }
                };
                let ownership = match spec.ownership.as_deref().unwrap_or("public").parse::<Ownership>() {
                    Ok(o) => o,
                    Err(why) => {
                        error("ownership", why);
                        continue;
                    }
                };
                let area_id = match &spec.area_id {
                    Some(a) if areas.contains(a.as_str()) => a.clone(),
                    Some(a) => {
                        error("area_id", format!("unknown area '{a}' (not in areas.csv)"));
                        continue;
                    }
                    None => crate::geometry::nearest_area(&ds.areas, lat, lon).area_id.clone(),
                };
                let mut programs = Vec::new();
                for p in &spec.programs {
                    let Some(level) = level_of("programs", &p.level, &mut error) else { continue };
                    if !occupation_ok("programs", &p.occupation, &mut error) || p.places <= 0.0 {
                        continue;
                    }
                    programs.push(Program {
                        facility_id: id.clone(),
                        occupation: p.occupation.clone(),
                        level,
                        places: p.places,
                    });
                }
                if programs.is_empty() {
                    error(
                        "programs",
                        format!("opening '{id}' needs at least one programme (occupation, level, places)"),
                    );
                    continue;
                }
                let capacity = programs.iter().map(|p| p.places).sum::<f64>();
                let annual_cost = spec.annual_cost.unwrap_or_else(|| typical_cost_per_place(ds, kind) * capacity);
                opened.insert(id.clone());
                kinds.push(ActionKind::Open {
                    facility: Facility {
                        facility_id: id.clone(),
                        name: spec.name.clone().unwrap_or_else(|| id.clone()),
                        kind,
                        ownership,
                        self_financing: false,
                        area_id,
                        lat,
                        lon,
                        capacity,
                        teachers: spec.teachers,
                        annual_cost_mvnd: annual_cost,
                        fixed_cost_mvnd: spec.fixed_cost,
                    },
                    programs,
                });
            }
            Verb::AddProgram(p) => {
                let ok = check_facility("add_program", &p.facility, &mut error)
                    & occupation_ok("add_program", &p.occupation, &mut error);
                if let (true, Some(level)) = (ok, level_of("add_program", &p.level, &mut error)) {
                    if p.places <= 0.0 {
                        error("add_program", "places must be positive".into());
                        continue;
                    }
                    kinds.push(ActionKind::AddProgram {
                        program: Program {
                            facility_id: p.facility.clone(),
                            occupation: p.occupation.clone(),
                            level,
                            places: p.places,
                        },
                    });
                }
            }
            Verb::RemoveProgram(p) => {
                let ok = check_facility("remove_program", &p.facility, &mut error)
                    & occupation_ok("remove_program", &p.occupation, &mut error);
                if let (true, Some(level)) = (ok, level_of("remove_program", &p.level, &mut error)) {
                    kinds.push(ActionKind::RemoveProgram {
                        facility: p.facility.clone(),
                        occupation: p.occupation.clone(),
                        level,
                    });
                }
            }
            Verb::SetPlaces(p) => {
                if !check_facility("set_places", &p.facility, &mut error) {
                    continue;
                }
                if p.places < 0.0 {
                    error("set_places", "places must not be negative".into());
                    continue;
                }
                let programme = match (&p.occupation, &p.level) {
                    (Some(o), Some(l)) => {
                        let Some(level) = level_of("set_places", l, &mut error) else { continue };
                        if !occupation_ok("set_places", o, &mut error) {
                            continue;
                        }
                        Some((o.clone(), level))
                    }
                    (None, None) => None,
                    _ => {
                        error("set_places", "give both occupation and level, or neither (the whole facility)".into());
                        continue;
                    }
                };
                kinds.push(ActionKind::SetPlaces { facility: p.facility.clone(), programme, places: p.places });
            }
        }
        for kind in kinds {
            if let ActionKind::Merge { facility, .. }
            | ActionKind::Close { facility }
            | ActionKind::Convert { facility, .. } = &kind
            {
                if let Some(first) = acted_on.insert(facility.clone(), line) {
                    issues.error(
                        file,
                        Some(line),
                        Some(key),
                        format!("{facility} is already merged, closed or converted by the action on line {first}"),
                    );
                    continue;
                }
            }
            actions.push(Action { kind, year, line });
        }
    }
    check_circular(file, &merges, &mut issues);
    check_order(file, &actions, &mut issues);
    if issues.has_errors() { Err(issues) } else { Ok(actions) }
}

/// Actions apply in order of year, then line: each must find the facilities it names still
/// there (not merged or closed by an earlier action) and already open (when new). Found by
/// fuzzing: a merge into a facility merged away the year before had no receiving site.
fn check_order(file: &str, actions: &[Action], issues: &mut Issues) {
    let mut ordered: Vec<&Action> = actions.iter().collect();
    ordered.sort_by_key(|a| (a.year, a.line));
    let opens: HashMap<&str, &Action> = actions
        .iter()
        .filter_map(|a| match &a.kind {
            ActionKind::Open { facility, .. } => Some((facility.facility_id.as_str(), a)),
            _ => None,
        })
        .collect();
    let mut gone: HashMap<&str, &Action> = HashMap::default();
    let mut opened: HashSet<&str> = HashSet::default();
    for a in ordered {
        for (key, id) in a.kind.facilities_named() {
            let problem = if let Some(b) = gone.get(id) {
                Some(format!(
                    "{id} no longer exists in {}: the action on line {} ({}) is '{}'",
                    a.year,
                    b.line,
                    b.year,
                    b.describe()
                ))
            } else {
                opens
                    .get(id)
                    .filter(|_| !opened.contains(id))
                    .map(|b| format!("{id} does not exist yet in {}: it opens in {} (line {})", a.year, b.year, b.line))
            };
            if let Some(problem) = problem {
                issues.error(file, Some(a.line), Some(key), problem);
            }
        }
        match &a.kind {
            ActionKind::Merge { facility, .. } | ActionKind::Close { facility } => {
                gone.insert(facility, a);
            }
            ActionKind::Open { facility, .. } => {
                opened.insert(&facility.facility_id);
            }
            _ => {}
        }
    }
}

/// A merge chain that comes back to its start (A into B, B into A) has no receiving site.
fn check_circular(file: &str, merges: &[(String, String, usize)], issues: &mut Issues) {
    let into: HashMap<&str, &str> = merges.iter().map(|(f, t, _)| (f.as_str(), t.as_str())).collect();
    for (from, _, line) in merges {
        let mut seen = vec![from.as_str()];
        let mut current = from.as_str();
        while let Some(&next) = into.get(current) {
            if next == from {
                seen.push(next);
                issues.error(file, Some(*line), Some("merge"), format!("circular merges: {}", seen.join(" -> ")));
                return;
            }
            if seen.contains(&next) {
                break;
            }
            seen.push(next);
            current = next;
        }
    }
}

/// Median annual cost per place of facilities of a kind (all facilities when none).
fn typical_cost_per_place(ds: &Dataset, kind: FacilityKind) -> f64 {
    let ratios = |filter: &dyn Fn(&Facility) -> bool| -> Vec<f64> {
        let mut v: Vec<f64> = ds
            .facilities
            .iter()
            .filter(|f| filter(f) && f.capacity > 0.0)
            .map(|f| f.annual_cost_mvnd / f.capacity)
            .collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let same = ratios(&|f| f.kind == kind);
    let all = if same.is_empty() { ratios(&|_| true) } else { same };
    all.get(all.len() / 2).copied().unwrap_or(5.0)
}

#[cfg(test)]
mod tests {
    // Through the whole scenario loader, on the scenario tests' three-facility network.
    use crate::scenario::tests::load;

    #[test]
    fn circular_merges_are_refused() {
        let text =
            "name = \"x\"\n[[actions]]\nmerge = \"F1\"\ninto = \"F2\"\n[[actions]]\nmerge = \"F2\"\ninto = \"F1\"\n";
        let errors = load(text).unwrap_err();
        assert!(errors.iter().any(|e| e.contains("circular merges: F1 -> F2 -> F1")), "{errors:?}");
    }

    #[test]
    fn a_facility_acted_on_twice_is_refused() {
        let text = "name = \"x\"\n[[actions]]\nclose = \"F1\"\n[[actions]]\nmerge = \"F1\"\ninto = \"F2\"\n";
        let errors = load(text).unwrap_err();
        assert_eq!(errors, ["s.toml:4:merge: F1 is already merged, closed or converted by the action on line 2"]);
    }

    #[test]
    fn actions_find_their_facilities_in_the_order_they_apply() {
        // Found by fuzzing: F1 is merged away in 2026, then receives F2 in 2027 (was a panic).
        let text = "name = \"x\"\n[[actions]]\nmerge = \"F1\"\ninto = \"F0\"\nyear = 2026\n\
                    [[actions]]\nmerge = \"F2\"\ninto = \"F1\"\nyear = 2027\n";
        assert_eq!(
            load(text).unwrap_err(),
            ["s.toml:6:into: F1 no longer exists in 2027: the action on line 2 (2026) is 'merge F1 into F0'"]
        );
        // The other way round it is a chain, applied in order: accepted.
        let chain = "name = \"x\"\n[[actions]]\nmerge = \"F2\"\ninto = \"F1\"\nyear = 2026\n\
                     [[actions]]\nmerge = \"F1\"\ninto = \"F0\"\nyear = 2027\n";
        assert!(load(chain).is_ok());
        let early = "name = \"x\"\n[[actions]]\nopen = \"N1\"\nlat = 19.02\nlon = 105.0\nyear = 2028\n\
                     programs = [{ occupation = \"crop\", level = \"short\", places = 50 }]\n\
                     [[actions]]\nmerge = \"F1\"\ninto = \"N1\"\nyear = 2026\n";
        assert_eq!(
            load(early).unwrap_err(),
            ["s.toml:8:into: N1 does not exist yet in 2026: it opens in 2028 (line 2)"]
        );
    }
}
