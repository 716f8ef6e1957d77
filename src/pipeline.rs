//! The whole run, stage after stage: load -> validate -> access -> score -> report.
//! This is the library's entry point for `tvetplan run` and `tvetplan validate`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use crate::access::{self, AccessSettings, Decay};
use crate::error::{Error, Issue, Issues, Result};
use crate::load::{self, DataSource, InputFile};
use crate::model::Dataset;
use crate::options::{self, OptionSettings};
use crate::report::{self, Lang, Manifest, ScenarioProvenance, ScenarioReport};
use crate::score::{self, DemandGrowth, ScoreInput, ScoreSettings, TargetOverrides};
use crate::validate;

/// Default planning horizon (the 2021-2030 strategy period).
pub const DEFAULT_HORIZON: i32 = 2030;

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub data: DataSource,
    pub out: PathBuf,
    pub lang: Lang,
    pub force: bool,
}

#[derive(Debug, Clone)]
pub struct RunOutcome {
    pub folders: Vec<PathBuf>,
    pub warnings: Vec<Issue>,
}

/// A validated dataset with the provenance of its inputs.
#[derive(Debug, Clone)]
pub struct LoadedData {
    pub dataset: Dataset,
    pub warnings: Vec<Issue>,
    pub inputs: Vec<InputFile>,
    pub source: DataSource,
}

/// Loads and validates a dataset; every problem is reported at once as [`Error::Invalid`].
pub fn load_and_validate(source: &DataSource, timings: &mut Timings) -> Result<LoadedData> {
    let mut issues = Issues::default();
    let raw = timings.time("load", || load::read_dataset(source, &mut issues))?;
    let validated = timings.time("validate", || validate::validate(&raw, issues)).map_err(Error::from_issues)?;
    Ok(LoadedData {
        dataset: validated.dataset,
        warnings: validated.warnings,
        inputs: raw.inputs,
        source: source.clone(),
    })
}

/// Wall-clock milliseconds per stage, in the order the stages ran.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub ms: BTreeMap<String, u64>,
}

impl Timings {
    pub fn time<T>(&mut self, stage: &str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        *self.ms.entry(stage.to_string()).or_default() += start.elapsed().as_millis() as u64;
        out
    }
}

/// The base year of a dataset: its latest enrolment year.
pub fn base_year(ds: &Dataset) -> Result<i32> {
    ds.latest_enrolment_year().ok_or_else(|| Error::Usage("the enrolment table has no rows: nothing to score".into()))
}

pub fn horizon_for(base_year: i32) -> i32 {
    if base_year < DEFAULT_HORIZON { DEFAULT_HORIZON } else { base_year + 5 }
}

/// `tvetplan validate`: the warnings of a valid dataset, or every problem as an error.
pub fn validate_only(source: &DataSource) -> Result<LoadedData> {
    load_and_validate(source, &mut Timings::default())
}

/// `tvetplan run`: scores the dataset and writes the report folder of the baseline.
pub fn run(opts: &RunOptions) -> Result<RunOutcome> {
    let folder = report::folder_name("baseline");
    report::check_destinations(&opts.out, std::slice::from_ref(&folder), opts.force)?;
    let mut timings = Timings::default();
    let data = load_and_validate(&opts.data, &mut timings)?;
    let ds = &data.dataset;
    let base_year = base_year(ds)?;
    let horizon = horizon_for(base_year);
    let access_settings = AccessSettings::default();
    let score_settings = ScoreSettings::default();
    let growth = DemandGrowth::default();
    let targets = TargetOverrides::default();
    let matrix = timings.time("access", || access::dataset_matrix(ds, &access_settings));
    let input = ScoreInput { base_year, horizon, settings: &score_settings, growth: &growth, targets: &targets };
    let scores = timings.time("score", || score::score(ds, &matrix, &input));
    let option_settings = OptionSettings::default();
    let decay = Decay::default();
    let (options, access_rows) = timings.time("options", || {
        let baseline = options::Baseline::new(ds, &matrix, decay, &option_settings, &scores, score_settings.mix_weight);
        (options::consolidation_options(&baseline), options::access_by_area(ds, &matrix))
    });
    let report_input = ScenarioReport {
        folder: folder.clone(),
        scenario_name: "baseline".into(),
        lang: opts.lang,
        dataset: ds,
        scores: &scores,
        options: &options,
        access: &access_rows,
        inputs: &data.inputs,
    };
    let mut files = timings.time("report", || report::build(&report_input))?;
    let (_, created) = report::creation_time();
    let manifest = Manifest {
        tool: "tvetplan".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        created,
        scenario: ScenarioProvenance {
            name: "baseline".into(),
            file: None,
            sha256: None,
            settings: serde_json::json!({
                "base_year": base_year,
                "horizon": horizon,
                "access": access_settings,
                "score": score_settings,
                "demand": growth,
                "targets": targets,
                "decay": decay,
                "options": option_settings,
            }),
        },
        data_source: opts.data.describe(),
        inputs: data.inputs.clone(),
        timings_ms: timings.ms.clone(),
    };
    files.push(report::OutputFile::new("manifest.json", report::json_bytes(&manifest)));
    let folders = report::write_folders(&opts.out, vec![(folder, files)], opts.force)?;
    Ok(RunOutcome { folders, warnings: data.warnings })
}
