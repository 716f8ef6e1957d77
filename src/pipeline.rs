//! The whole run, stage after stage: load -> validate -> (access, score, options, optimise)
//! per scenario -> report. This is the library's entry point for `tvetplan run` and
//! `tvetplan validate`.

use std::collections::BTreeMap;
use std::path::PathBuf;

pub mod roads;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::access::attendance::FitBasis;
use crate::error::{Error, Issue, Issues, Result};
use crate::load::{self, DataSource, InputFile};
use crate::model::Dataset;
use crate::report::{self, Lang, Manifest, OutputFile, ScenarioProvenance, ScenarioReport};
use crate::scenario::{self, Role, Scenario, ScenarioResult};
use crate::units::fill::UnitsMode;
use crate::validate;

/// Folder of the comparison across scenarios.
pub(crate) use crate::scenario::plan::COMPARISON;

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

/// `tvetplan run`: every scenario (the baseline included), their report folders and the
/// comparison, written only when everything succeeded.
pub fn run(opts: &RunOptions) -> Result<RunOutcome> {
    let mut timings = Timings::default();
    let mut data = load_and_validate_with(&opts.data, opts.units, &mut timings)?;
    let sources = load::scenario_sources(&opts.data, &opts.scenarios)?;
    let list = timings.time("scenarios", || scenario::plan::plan(&data.dataset, &sources))?;
    let roads = roads::prepare(opts.roads.as_deref(), &opts.data, &list, &mut data, &mut timings)?;
    let ds = &data.dataset;
    let units = units_of(ds, &mut timings);
    let top_folders = top_folders(&units, &list);
    report::check_destinations(&opts.out, &top_folders, opts.force)?;
    let jobs = jobs(ds, &units, &list, roads.as_ref());
    let progress = progress_bar(opts.progress, jobs.len() as u64);
    let results = compute(&units, &jobs, &progress, &mut timings)?;
    progress.set_message("report");
    let start = Instant::now();
    // Each folder's files go to its temporary folder as soon as they are rendered; nothing
    // is renamed into place before every folder is complete.
    let staging = report::Staging::new(&opts.out, &top_folders, opts.force)?;
    let written = Written { opts, units: &units, staging: &staging };
    written.reports(ds, &results, &data.inputs)?;
    if list.len() > 1 {
        written.comparisons(&results)?;
    }
    timings.ms.insert("report".into(), start.elapsed().as_millis() as u64);
    progress.finish_and_clear();
    // Last, the files that record the whole run (its timings included).
    written.manifests(ds, &results, &data.inputs, roads.as_ref(), &timings)?;
    let folders = staging.commit()?;
    let mut warnings = data.warnings;
    let facilities_file = data.table_files.get("facilities").map_or("facilities.csv", String::as_str);
    warnings.extend(unreached_warnings(&results, facilities_file));
    warnings.extend(attendance_warnings(&results, &units, &data.table_files));
    Ok(RunOutcome { folders, warnings, roads: roads.map(|r| roads::describe(&r.times)) })
}

/// One unit per province when the data covers several (each gets its own folder), else the
/// whole dataset.
fn units_of(ds: &Dataset, timings: &mut Timings) -> Vec<Unit> {
    if ds.province_ids().len() <= 1 {
        return vec![Unit { folder: None, province: None, dataset: ds.clone() }];
    }
    timings.time("split", || {
        ds.split_by_province()
            .into_iter()
            .map(|(p, dataset)| {
                let name = ds.province_name(&p);
                Unit { folder: Some(scenario::folder_name(&name)), province: Some(p), dataset }
            })
            .collect()
    })
}

/// The folders the run writes into the output folder: the scenarios' and the comparison's,
/// or with several provinces one per province and the national summary.
fn top_folders(units: &[Unit], list: &[Scenario]) -> Vec<String> {
    let mut top: Vec<String> = match units.len() {
        1 => list.iter().map(|s| s.folder.clone()).chain((list.len() > 1).then(|| COMPARISON.to_string())).collect(),
        _ => units.iter().filter_map(|u| u.folder.clone()).chain(std::iter::once(NATIONAL.to_string())).collect(),
    };
    top.dedup();
    top
}

/// Every (unit, scenario) to compute: each scenario restricted to each province, with the
/// road network its report describes.
fn jobs(ds: &Dataset, units: &[Unit], list: &[Scenario], roads: Option<&roads::RunRoads>) -> Vec<(usize, Scenario)> {
    let mut jobs = Vec::with_capacity(units.len() * list.len());
    for (u, unit) in units.iter().enumerate() {
        for s in list {
            let mut s = if unit.province.is_some() { s.for_province(&unit.dataset) } else { s.clone() };
            s.roads_used = roads.map(|r| r.used_for(ds, &unit.dataset));
            jobs.push((u, s));
        }
    }
    jobs
}

/// Every job in parallel; each baseline also proposes the package of actions that meets
/// the cap.
fn compute(
    units: &[Unit],
    jobs: &[(usize, Scenario)],
    progress: &indicatif::ProgressBar,
    timings: &mut Timings,
) -> Result<Vec<(usize, ScenarioResult)>> {
    let start = Instant::now();
    // The cap search's own time, summed over the provinces (they run in parallel).
    let cap_us = AtomicU64::new(0);
    let size = |(u, _): &(usize, Scenario)| units[*u].dataset.facilities.len() * units[*u].dataset.areas.len();
    let results = largest_first(jobs, size, |(u, s)| {
        let r = scenario::run(&units[*u].dataset, s).map(|r| {
            if s.role != Role::Baseline {
                return r;
            }
            let cap_start = Instant::now();
            let r = r.with_cap_packages();
            cap_us.fetch_add(cap_start.elapsed().as_micros() as u64, Ordering::Relaxed);
            r
        });
        progress.inc(1);
        r.map(|r| (*u, r))
    })
    .into_iter()
    .collect::<Result<Vec<_>>>()?;
    timings.ms.insert("scenarios_compute".into(), start.elapsed().as_millis() as u64);
    timings.ms.insert("cap_packages".into(), cap_us.into_inner() / 1000);
    Ok(results)
}

/// `work` on every item in parallel, the largest (by `size`) started first so that the
/// threads do not end on one large province each other waits for; the results in the
/// items' order.
fn largest_first<T: Sync, R: Send>(items: &[T], size: impl Fn(&T) -> usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(size(&items[i])));
    let mut done: Vec<(usize, R)> = order.par_iter().map(|&i| (i, work(&items[i]))).collect();
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Writes the report folders of a run into the staging folders.
struct Written<'a> {
    opts: &'a RunOptions,
    units: &'a [Unit],
    staging: &'a report::Staging,
}

impl Written<'_> {
    /// (top folder, path inside it) of a report of unit `u`.
    fn place(&self, u: usize, folder: &str) -> (String, Option<String>) {
        match &self.units[u].folder {
            Some(unit) => (unit.clone(), Some(folder.to_string())),
            None => (folder.to_string(), None),
        }
    }

    fn add(&self, u: usize, folder: &str, files: &[OutputFile]) -> Result<()> {
        let (top, prefix) = self.place(u, folder);
        self.staging.add(&top, prefix.as_deref(), files)
    }

    /// Each scenario's report, and the national summary drawn beside them (not after).
    fn reports(&self, ds: &Dataset, results: &[(usize, ScenarioResult)], inputs: &[InputFile]) -> Result<()> {
        let (lang, data_source) = (self.opts.lang, data_source_words(&self.opts.data, self.opts.lang));
        let (reports, national) = rayon::join(
            || {
                let size = |(_, r): &(usize, ScenarioResult)| r.dataset.facilities.len() * r.dataset.areas.len();
                largest_first(results, size, |(u, result)| {
                    let report = ScenarioReport { result, lang, inputs, data_source: &data_source };
                    self.add(*u, &result.scenario.folder, &report::build(&report)?)
                })
                .into_iter()
                .collect::<Result<Vec<()>>>()
            },
            || {
                (self.units.len() > 1)
                    .then(|| {
                        let baselines: Vec<(&str, &ScenarioResult)> = results
                            .iter()
                            .filter(|(_, r)| r.scenario.role == Role::Baseline)
                            .map(|(u, r)| (self.units[*u].province.as_deref().unwrap_or_default(), r))
                            .collect();
                        report::national::build(ds, &baselines, lang)
                    })
                    .transpose()
            },
        );
        reports?;
        if let Some(files) = national? {
            self.staging.add(NATIONAL, None, &files)?;
        }
        Ok(())
    }

    /// Each unit's comparison of its scenarios, the baseline's cap package run and compared
    /// like the others (the baseline's settings, its actions: what cap_package.toml runs).
    fn comparisons(&self, results: &[(usize, ScenarioResult)]) -> Result<()> {
        for (u, unit) in self.units.iter().enumerate() {
            let mut mine: Vec<ScenarioResult> =
                results.iter().filter(|(x, _)| *x == u).map(|(_, r)| r.clone()).collect();
            let package = mine.iter().find(|r| r.scenario.role == Role::Baseline).and_then(|base| {
                scenario::plan::cap_package_run(base, report::cap::package_words(base, self.opts.lang), &mine)
            });
            if let Some(s) = package {
                mine.push(scenario::run(&unit.dataset, &s)?);
            }
            self.add(u, COMPARISON, &report::build_comparison(&mine, self.opts.lang)?)?;
        }
        Ok(())
    }

    /// Each report's manifest (and the roads' snapping table).
    fn manifests(
        &self,
        ds: &Dataset,
        results: &[(usize, ScenarioResult)],
        inputs: &[InputFile],
        roads: Option<&roads::RunRoads>,
        timings: &Timings,
    ) -> Result<()> {
        let (_, created) = report::creation_time();
        for (u, result) in results {
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
                data_source: self.opts.data.describe(),
                inputs: inputs.to_vec(),
                timings_ms: timings.ms.clone(),
            };
            let mut files = vec![OutputFile::new("manifest.json", report::json_bytes(&manifest))];
            if let Some(r) = roads {
                files.push(OutputFile::new(
                    "road_snapping.csv",
                    roads::snapping_csv(ds, &r.times, &self.units[*u].dataset),
                ));
            }
            self.add(*u, &result.scenario.folder, &files)?;
        }
        Ok(())
    }
}

/// Where the data came from, in the report's words.
fn data_source_words(data: &DataSource, lang: Lang) -> String {
    match data {
        DataSource::Embedded => match lang {
            Lang::Vi => "bộ dữ liệu minh họa (tỉnh Lam Hồng, số liệu giả lập)".to_string(),
            Lang::En => "the embedded demo dataset (Lam Hồng province, synthetic data)".to_string(),
        },
        DataSource::Dir(dir) => dir.display().to_string(),
    }
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
        let (table, default) = match fit.basis {
            FitBasis::RuralShare => ("enrolment", "enrolment.csv"),
            FitBasis::HomeCommunes => ("origins", "learners.parquet"),
        };
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

#[cfg(test)]
mod tests {
    use super::largest_first;

    #[test]
    fn work_started_largest_first_comes_back_in_the_items_order() {
        let items: Vec<usize> = vec![3, 40, 1, 17, 17, 250, 0, 9];
        let started = std::sync::Mutex::new(Vec::new());
        let out = largest_first(
            &items,
            |&n| n,
            |&n| {
                started.lock().expect("not poisoned").push(n);
                n * 2
            },
        );
        assert_eq!(out, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        // The largest item is among the first each thread takes.
        let threads = rayon::current_num_threads().min(items.len());
        assert!(started.lock().expect("not poisoned")[..threads].contains(&250));
    }
}
