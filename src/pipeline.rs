//! The whole run, stage after stage: load -> validate -> (access, score, options, optimise)
//! per scenario -> report. This is the library's entry point for `tvetplan run` and
//! `tvetplan validate`.

use std::collections::BTreeMap;
use std::path::PathBuf;

pub mod roads;
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Issue, Issues, Result};
use crate::load::{self, DataSource, InputFile};
use crate::model::Dataset;
use crate::report::{self, Lang, Manifest, OutputFile, ScenarioProvenance, ScenarioReport};
use crate::scenario::{self, Scenario, ScenarioResult};
use crate::units::fill::UnitsMode;
use crate::validate;

/// Folder of the comparison across scenarios.
pub(crate) const COMPARISON: &str = "comparison";

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub data: DataSource,
    /// Scenario files or folders of them. Empty: the dataset's own `scenarios/` (for the
    /// embedded demo, its example scenarios).
    pub scenarios: Vec<PathBuf>,
    pub out: PathBuf,
    pub lang: Lang,
    pub force: bool,
    /// Draw a progress bar on stderr (when it is a terminal).
    pub progress: bool,
    /// Whether the official administrative units check and complete the dataset.
    pub units: UnitsMode,
    /// An OpenStreetMap extract (`.osm.pbf`): travel times over its roads.
    pub roads: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct RunOutcome {
    pub folders: Vec<PathBuf>,
    pub warnings: Vec<Issue>,
    /// What the road network gave (`--roads`), one line.
    pub roads: Option<String>,
}

/// A validated dataset with the provenance of its inputs.
#[derive(Debug, Clone)]
pub struct LoadedData {
    pub dataset: Dataset,
    pub warnings: Vec<Issue>,
    pub inputs: Vec<InputFile>,
    /// Each table as named in messages (`facilities` -> `dataset.xlsx[facilities]`).
    pub(crate) table_files: BTreeMap<String, String>,
}

/// Loads and validates a dataset; every problem is reported at once as [`Error::Invalid`].
pub(crate) fn load_and_validate(source: &DataSource, timings: &mut Timings) -> Result<LoadedData> {
    load_and_validate_with(source, UnitsMode::Auto, timings)
}

/// [`load_and_validate`] with the official units used as `units` says.
pub(crate) fn load_and_validate_with(
    source: &DataSource,
    units: UnitsMode,
    timings: &mut Timings,
) -> Result<LoadedData> {
    let mut issues = Issues::default();
    let mut raw = timings.time("load", || load::read_dataset(source, &mut issues))?;
    let table_files = raw.tables.iter().map(|(name, t)| (name.clone(), t.file.clone())).collect();
    let inputs = std::mem::take(&mut raw.inputs);
    let validated =
        timings.time("validate", || validate::validate_owned(raw, units, issues)).map_err(Error::from_data_issues)?;
    Ok(LoadedData { dataset: validated.dataset, warnings: validated.warnings, table_files, inputs })
}

/// Wall-clock milliseconds per stage.
#[derive(Debug, Default, Clone)]
pub(crate) struct Timings {
    pub(crate) ms: BTreeMap<String, u64>,
}

impl Timings {
    pub(crate) fn time<T>(&mut self, stage: &str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        *self.ms.entry(stage.to_string()).or_default() += start.elapsed().as_millis() as u64;
        out
    }
}

/// `tvetplan validate`: the warnings of a valid dataset, or every problem as an error.
pub fn validate_only(source: &DataSource) -> Result<LoadedData> {
    load_and_validate(source, &mut Timings::default())
}

/// [`validate_only`] with the official units used as `units` says.
pub fn validate_only_with(source: &DataSource, units: UnitsMode) -> Result<LoadedData> {
    load_and_validate_with(source, units, &mut Timings::default())
}

/// Parses every scenario; the baseline comes first (a scenario file named `baseline`
/// replaces the built-in one). Every problem in every file is reported at once.
pub(crate) fn scenarios(ds: &Dataset, sources: &[(String, String)]) -> Result<Vec<Scenario>> {
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
    if !parsed.iter().any(|s| s.folder == "baseline") {
        list.push(Scenario::baseline(ds)?);
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

/// `tvetplan run`: every scenario (the baseline included), their report folders and the
/// comparison, written only when everything succeeded.
pub fn run(opts: &RunOptions) -> Result<RunOutcome> {
    let mut timings = Timings::default();
    let mut data = load_and_validate_with(&opts.data, opts.units, &mut timings)?;
    let sources = load::scenario_sources(&opts.data, &opts.scenarios)?;
    let list = timings.time("scenarios", || scenarios(&data.dataset, &sources))?;
    let mut roads_note = None;
    let mut road_times = None;
    let (road_settings, roads_from_scenario) = roads::run_settings(&list)?;
    if opts.roads.is_none() && roads_from_scenario {
        data.warnings.push(roads::unused_section_warning(&list));
    }
    if let Some(extract) = &opts.roads {
        let settings = road_settings.clone();
        let cache_dir = match &opts.data {
            DataSource::Dir(dir) => dir.clone(),
            DataSource::Embedded => extract.parent().map(PathBuf::from).unwrap_or_default(),
        };
        let ds = &data.dataset;
        let origins: Vec<_> = ds.areas.iter().map(Into::into).collect();
        let destinations: Vec<_> = ds.facilities.iter().map(Into::into).collect();
        // A facility's searches stay within its province (plus the margin): the reports
        // pair communes only with the facilities of their own province.
        let province_of: rustc_hash::FxHashMap<&str, &str> =
            ds.areas.iter().map(|a| (a.area_id.as_str(), a.province_id.as_str())).collect();
        let groups = crate::access::roads::Groups::by_key(
            ds.areas.iter().map(|a| a.province_id.as_str()),
            ds.facilities.iter().map(|f| province_of.get(f.area_id.as_str()).copied().unwrap_or_default()),
        );
        let times = timings
            .time("roads", || roads::road_times(extract, &cache_dir, &origins, &destinations, &groups, &settings))?;
        let warnings = roads::apply(&mut data.dataset, &times, extract, &settings);
        data.warnings.extend(warnings);
        roads_note = Some(roads::describe(&times));
        road_times = Some(times);
    }
    let ds = &data.dataset;
    // One unit per province when the data covers several: each gets its own folder.
    let provinces = ds.province_ids();
    let units: Vec<Unit> = if provinces.len() > 1 {
        timings.time("split", || {
            ds.split_by_province()
                .into_iter()
                .map(|(p, dataset)| {
                    let name = ds.province_name(&p);
                    Unit { folder: Some(crate::scenario::folder_name(&name)), province: Some(p), dataset }
                })
                .collect()
        })
    } else {
        vec![Unit { folder: None, province: None, dataset: ds.clone() }]
    };
    let mut top_folders: Vec<String> = match units.len() {
        1 => list.iter().map(|s| s.folder.clone()).chain((list.len() > 1).then(|| COMPARISON.to_string())).collect(),
        _ => units.iter().filter_map(|u| u.folder.clone()).chain(std::iter::once(NATIONAL.to_string())).collect(),
    };
    top_folders.dedup();
    report::check_destinations(&opts.out, &top_folders, opts.force)?;

    let data_source = match &opts.data {
        DataSource::Embedded => match opts.lang {
            Lang::Vi => "bộ dữ liệu minh họa (tỉnh Lam Hồng, số liệu giả lập)".to_string(),
            Lang::En => "the embedded demo dataset (Lam Hồng province, synthetic data)".to_string(),
        },
        DataSource::Dir(dir) => dir.display().to_string(),
    };
    let (road_times_ref, road_settings_ref) = (&road_times, &road_settings);
    let jobs: Vec<(usize, Scenario)> = units
        .iter()
        .enumerate()
        .flat_map(|(u, unit)| {
            list.iter().map(move |s| {
                let mut s = if unit.province.is_some() { s.for_province(&unit.dataset) } else { s.clone() };
                if let (Some(times), Some(extract)) = (road_times_ref, &opts.roads) {
                    s.roads_used = Some(roads::used_for(
                        ds,
                        times,
                        &unit.dataset,
                        extract,
                        road_settings_ref,
                        roads_from_scenario,
                    ));
                }
                (u, s)
            })
        })
        .collect();
    let progress = progress_bar(opts.progress, jobs.len() as u64);
    let start = Instant::now();
    // The cap search's own time, summed over the provinces (they run in parallel).
    let cap_us = std::sync::atomic::AtomicU64::new(0);
    let results: Vec<(usize, ScenarioResult)> = jobs
        .par_iter()
        .map(|(u, s)| {
            // The baseline proposes the package of actions that meets the cap.
            let r = scenario::run(&units[*u].dataset, s)
                .map(|r| {
                    if s.folder != list[0].folder {
                        return r;
                    }
                    let cap_start = Instant::now();
                    let r = r.with_cap_packages();
                    cap_us.fetch_add(cap_start.elapsed().as_micros() as u64, std::sync::atomic::Ordering::Relaxed);
                    r
                })
                .map(|r| (*u, r));
            progress.inc(1);
            r
        })
        .collect::<Result<Vec<_>>>()?;
    timings.ms.insert("scenarios_compute".into(), start.elapsed().as_millis() as u64);
    timings.ms.insert("cap_packages".into(), cap_us.into_inner() / 1000);
    progress.set_message("report");
    let start = Instant::now();
    // Each folder's files go to its temporary folder as soon as they are rendered; nothing
    // is renamed into place before every folder is complete.
    let staging = report::Staging::new(&opts.out, &top_folders, opts.force)?;
    // (top folder, path inside it) of a scenario's report.
    let place = |u: usize, folder: &str| -> (String, Option<String>) {
        match &units[u].folder {
            Some(unit) => (unit.clone(), Some(folder.to_string())),
            None => (folder.to_string(), None),
        }
    };
    // The national summary is drawn beside the provinces' reports, not after them.
    let (reports, national) = rayon::join(
        || {
            results
                .par_iter()
                .map(|(u, result)| {
                    let report =
                        ScenarioReport { result, lang: opts.lang, inputs: &data.inputs, data_source: &data_source };
                    let files = report::build(&report)?;
                    let (top, prefix) = place(*u, &result.scenario.folder);
                    staging.add(&top, prefix.as_deref(), &files)
                })
                .collect::<Result<Vec<()>>>()
        },
        || {
            (units.len() > 1)
                .then(|| {
                    let baselines: Vec<(&str, &ScenarioResult)> = results
                        .iter()
                        .filter(|(_, r)| r.scenario.folder == list[0].folder)
                        .map(|(u, r)| (units[*u].province.as_deref().unwrap_or_default(), r))
                        .collect();
                    report::national::build(ds, &baselines, opts.lang)
                })
                .transpose()
        },
    );
    reports?;
    if let Some(files) = national? {
        staging.add(NATIONAL, None, &files)?;
    }
    if list.len() > 1 {
        for (u, unit) in units.iter().enumerate() {
            let mut mine: Vec<ScenarioResult> =
                results.iter().filter(|(x, _)| *x == u).map(|(_, r)| r.clone()).collect();
            // The baseline's cap package is compared like the others (the same settings as
            // the baseline, its actions: what cap_package.toml runs).
            let package = mine.first().and_then(|base| {
                scenario::cap::package_scenario(
                    &base.scenario,
                    &base.cap_packages,
                    report::cap::scenario_name(base, opts.lang),
                    report::cap::DESCRIPTION_VI.to_string(),
                    report::cap::DESCRIPTION_EN.to_string(),
                )
            });
            // Not twice: a run of cap_package.toml itself already has it.
            let package = package.filter(|s| !mine.iter().any(|r| r.scenario.name == s.name));
            if let Some(mut s) = package {
                s.folder = crate::scenario::folder_name(&s.name);
                mine.push(scenario::run(&unit.dataset, &s)?);
            }
            let (top, prefix) = place(u, COMPARISON);
            staging.add(&top, prefix.as_deref(), &report::build_comparison(&mine, opts.lang)?)?;
        }
    }
    timings.ms.insert("report".into(), start.elapsed().as_millis() as u64);
    progress.finish_and_clear();
    // Last, the files that record the whole run (its timings included).
    let (_, created) = report::creation_time();
    for (u, result) in &results {
        let manifest = Manifest {
            tool: "tvetplan".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            created: created.clone(),
            scenario: ScenarioProvenance {
                name: result.scenario.name.clone(),
                file: result.scenario.file.clone(),
                sha256: result.scenario.sha256.clone(),
                settings: result.scenario.settings_json(),
            },
            data_source: opts.data.describe(),
            inputs: data.inputs.clone(),
            timings_ms: timings.ms.clone(),
        };
        let mut files = vec![OutputFile::new("manifest.json", report::json_bytes(&manifest))];
        if let Some(times) = &road_times {
            files.push(OutputFile::new("road_snapping.csv", roads::snapping_csv(ds, times, &units[*u].dataset)));
        }
        let (top, prefix) = place(*u, &result.scenario.folder);
        staging.add(&top, prefix.as_deref(), &files)?;
    }
    let folders = staging.commit()?;
    let mut warnings = data.warnings;
    let facilities_file = data.table_files.get("facilities").map_or("facilities.csv", String::as_str);
    warnings.extend(unreached_warnings(&results, facilities_file));
    warnings.extend(attendance_warnings(&results, &units, &data.table_files));
    Ok(RunOutcome { folders, warnings, roads: roads_note })
}

/// One warning per facility whose graduates reach no commune under some scenario's access
/// settings: scoring leaves them out of every commune's accessible supply.
fn unreached_warnings(results: &[(usize, ScenarioResult)], facilities_file: &str) -> Vec<Issue> {
    let mut by_facility: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (_, r) in results {
        for id in &r.scores.unreached_facilities {
            let names = by_facility.entry(id.as_str()).or_default();
            if !names.contains(&r.scenario.name.as_str()) {
                names.push(&r.scenario.name);
            }
        }
    }
    let mut issues = Issues::default();
    for (id, scenarios) in by_facility {
        issues.warning(
            facilities_file,
            None,
            None,
            format!(
                "facility {id} reaches no commune within the access radius: its graduates are left out of \
                 every commune's accessible supply (scenarios: {})",
                scenarios.join(", ")
            ),
        );
    }
    issues.items
}

/// One warning per statistic the attendance model misses beyond its sampling error (each
/// province once: every scenario fits the same base year), naming the statistic and both
/// values.
fn attendance_warnings(
    results: &[(usize, ScenarioResult)],
    units: &[Unit],
    table_files: &BTreeMap<String, String>,
) -> Vec<Issue> {
    let mut seen = std::collections::BTreeSet::new();
    let mut issues = Issues::default();
    for (u, r) in results {
        let model = &r.attendance;
        let Some(fit) = &model.fit else { continue };
        let (table, default) =
            if fit.basis == "rural_share" { ("enrolment", "enrolment.csv") } else { ("origins", "learners.parquet") };
        let file = table_files.get(table).map_or(default, String::as_str);
        let place = units[*u].province.as_deref().map(|p| format!("province {p}: ")).unwrap_or_default();
        for m in &model.misfits {
            let (observed, predicted, allowed) = match m.statistic {
                "mean_min" => {
                    (format!("{:.1}", m.observed), format!("{:.1}", m.predicted), format!("{:.1}", m.tolerance))
                }
                _ => (format!("{:.3}", m.observed), format!("{:.3}", m.predicted), format!("{:.3}", m.tolerance)),
            };
            let message = format!(
                "{place}the attendance model does not reproduce the data: {} of the {}' learners observed {observed}, \
                 predicted {predicted} (the sampling error allows {allowed}); learners lost by the options are \
                 uncertain (attendance_fit.csv)",
                m.statistic, m.facility_group
            );
            if seen.insert(message.clone()) {
                issues.warning(file, None, None, message);
            }
        }
    }
    issues.items
}

/// Folder of the national summary comparing provinces.
pub(crate) const NATIONAL: &str = "national";

/// The data of one report unit: the whole dataset, or one province of it.
struct Unit {
    folder: Option<String>,
    province: Option<String>,
    dataset: Dataset,
}

fn progress_bar(show: bool, len: u64) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} scenarios {pos}/{len} [{bar:30}] {elapsed} {msg}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
