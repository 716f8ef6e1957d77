//! The runs of `tvetplan run`, each with its role: the baseline, the planner's scenarios and,
//! once the baseline is computed, the package of actions that meets the cap on public schools.

use std::collections::BTreeMap;

use super::{Scenario, ScenarioResult, cap};
use crate::error::{Error, Issues};
use crate::model::Dataset;

/// What a run is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The network as it is (built in, or a scenario file named `baseline`): the run that
    /// proposes the cap package and that the national summary compares across provinces.
    Baseline,
    /// A planner's what-if from a scenario file.
    Scenario,
    /// The baseline's package that meets the cap, run with the baseline's settings and
    /// compared like the scenarios (what `cap_package.toml` runs).
    CapPackage,
}

/// Folder of the comparison across scenarios: no scenario may be written to it.
pub(crate) const COMPARISON: &str = "comparison";

/// The runs of the scenario files `sources` (file name, text): the baseline first (a file
/// named `baseline` replaces the built-in one), then the scenarios. Every problem in every
/// file is reported at once.
pub(crate) fn plan(ds: &Dataset, sources: &[(String, String)]) -> Result<Vec<Scenario>, Error> {
    let mut issues = Issues::default();
    let mut parsed = Vec::new();
    for (file, text) in sources {
        match Scenario::from_toml(file, text, ds) {
            Ok(s) => parsed.push(s),
            Err(more) => issues.extend(more),
        }
    }
    if issues.has_errors() {
        return Err(Error::from_issues(issues));
    }
    let mut list = Vec::new();
    match parsed.iter().position(|s| s.folder == "baseline") {
        Some(i) => {
            let mut own = parsed.remove(i);
            own.role = Role::Baseline;
            list.push(own);
        }
        None => list.push(Scenario::baseline(ds)?),
    }
    list.extend(parsed);
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for s in &list {
        if s.folder == COMPARISON {
            return Err(Error::Usage(format!("the scenario name '{}' is reserved for the comparison folder", s.name)));
        }
        if let Some(other) = seen.insert(&s.folder, &s.name) {
            return Err(Error::Usage(format!(
                "scenarios '{other}' and '{}' would both be written to the folder '{}'; give them different names",
                s.name, s.folder
            )));
        }
    }
    Ok(list)
}

/// The words of the cap package's run, in the report's language (the report layer writes
/// them: see `report::cap::package_words`).
#[derive(Debug, Clone)]
pub(crate) struct PackageWords {
    pub(crate) name: String,
    pub(crate) description_vi: String,
    pub(crate) description_en: String,
}

/// The run of the baseline's cap package for the comparison, None when the baseline needs
/// none or when `others` already has a run of that name (a run of `cap_package.toml` itself).
pub(crate) fn cap_package_run(
    base: &ScenarioResult,
    words: PackageWords,
    others: &[ScenarioResult],
) -> Option<Scenario> {
    if others.iter().any(|r| r.scenario.name == words.name) {
        return None;
    }
    cap::package_scenario(&base.scenario, &base.cap_packages, words)
}
