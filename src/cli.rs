//! Command-line arguments (clap derive) and their translation into the library's options.
//! Nothing after this module reads a flag.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use tvetplan::error::{Error, InvalidInput, Issue, Severity, plural};
use tvetplan::load::DataSource;
use tvetplan::locate::{self, LocateOptions};
use tvetplan::model::Acknowledged;
use tvetplan::optimise::{Method, Model, SolveOptions};
use tvetplan::pipeline::{self, RunOptions};
use tvetplan::report::{self, Lang};
use tvetplan::units::fill::UnitsMode;

/// `println!` through [`write_stdout`]: returns the error of a closed stdout instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {
        write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

#[derive(Debug, Parser)]
#[command(name = "tvetplan", version, about = "Planning tool for networks of vocational-training (TVET) centres")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Score the network and write the report (default: the embedded demo province).
    Run {
        /// Dataset folder (CSV/Parquet files or dataset.xlsx); default: the embedded demo.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Scenario file (TOML) or folder of them; repeat for several. Default: the
        /// dataset's scenarios/ folder (for the demo, its example scenarios).
        #[arg(long = "scenario")]
        scenarios: Vec<PathBuf>,
        /// Do not draw the progress bar; print the warnings as counts by kind only.
        #[arg(long)]
        quiet: bool,
        /// Folder the report folders are written into.
        #[arg(long, default_value = "reports")]
        out: PathBuf,
        /// Language of charts and the PDF brief.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
        /// Replace report folders that already exist.
        #[arg(long)]
        force: bool,
        /// Print every problem (by default the first 25, with counts by kind).
        #[arg(long)]
        all: bool,
        /// Official administrative units: auto (when the area codes are official),
        /// official (always: convert old codes, fill in and check communes) or none.
        #[arg(long, value_enum, default_value_t = UnitsArg::Auto)]
        units: UnitsArg,
        /// OpenStreetMap extract (.osm.pbf, e.g. Geofabrik's Vietnam extract): travel times
        /// over its roads and ferries instead of the straight-line estimate.
        #[arg(long, value_name = "FILE")]
        roads: Option<PathBuf>,
    },
    /// Check a dataset and list every problem (default: the embedded demo); every problem
    /// is also written to validation.xlsx and validation.csv in --out.
    Validate {
        #[arg(long)]
        data: Option<PathBuf>,
        /// Print every problem (by default the first 25, with counts by kind).
        #[arg(long)]
        all: bool,
        /// Folder validation.xlsx and validation.csv are written into.
        #[arg(long, default_value = "reports")]
        out: PathBuf,
        /// Replace validation.xlsx and validation.csv when they already exist.
        #[arg(long)]
        force: bool,
        /// Official administrative units: auto, official or none (see `run --help`).
        #[arg(long, value_enum, default_value_t = UnitsArg::Auto)]
        units: UnitsArg,
    },
    /// Print or export the official administrative units embedded in the tool (2025 communes,
    /// or with --legacy the pre-reform communes and the new communes they went into).
    Units {
        /// Only this province (2025 code, e.g. 15 for Lào Cai).
        #[arg(long)]
        province: Option<String>,
        /// The pre-reform communes (63 provinces) with their conversion to the 2025 communes.
        #[arg(long)]
        legacy: bool,
        /// Write the table to this CSV file instead of printing it.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Location-allocation on plain tables (p-median, p-center, MCLP, LSCP, CFLP).
    Locate {
        /// Demand points: id, weight[, lat, lon].
        #[arg(long)]
        demand: PathBuf,
        /// Candidate sites: id[, lat, lon][, capacity][, fixed_cost][, required].
        #[arg(long)]
        sites: PathBuf,
        /// Costs in long format: demand_id, site_id, cost (default: great-circle km).
        #[arg(long)]
        costs: Option<PathBuf>,
        /// OpenStreetMap extract (.osm.pbf): the cost becomes the road distance in km over
        /// its roads and ferries (motorbike); pairs without a route keep great-circle km.
        #[arg(long, value_name = "FILE", conflicts_with = "costs")]
        roads: Option<PathBuf>,
        #[arg(long, value_enum)]
        model: ModelArg,
        /// Number of sites to open (pmedian, pcenter, mclp).
        #[arg(long)]
        p: Option<usize>,
        /// Coverage radius in cost units (mclp, lscp).
        #[arg(long)]
        radius: Option<f64>,
        /// Require each demand point to use one site only (cflp).
        #[arg(long)]
        single_source: bool,
        #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
        solver: SolverArg,
        /// Seconds the exact solver may run.
        #[arg(long, default_value_t = 60.0)]
        time_limit: f64,
        /// Seed of the heuristic's perturbations.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the result as JSON here (default: print it).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write a synthetic dataset.
    Generate {
        #[arg(long, value_enum)]
        preset: PresetArg,
        #[arg(long, default_value_t = tvetplan::demo::SEED)]
        seed: u64,
        /// Folder to create (must not exist unless --force).
        #[arg(long)]
        out: PathBuf,
        /// Replace the folder if it exists.
        #[arg(long)]
        force: bool,
        /// National preset: write learner-level records (learners.parquet) instead of
        /// enrolment.csv, this many rows (default 10 million).
        #[arg(long, num_args = 0..=1, default_missing_value = "10000000")]
        learners: Option<u64>,
        /// Province preset: the 2025 province code (e.g. 15 for Lào Cai; `tvetplan units`
        /// lists them).
        #[arg(long)]
        province: Option<String>,
    },
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Vi,
    En,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ModelArg {
    Pmedian,
    Pcenter,
    Mclp,
    Lscp,
    Cflp,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SolverArg {
    Exact,
    Heuristic,
    Auto,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum UnitsArg {
    Auto,
    Official,
    None,
}

impl UnitsArg {
    fn mode(self) -> UnitsMode {
        match self {
            UnitsArg::Auto => UnitsMode::Auto,
            UnitsArg::Official => UnitsMode::Official,
            UnitsArg::None => UnitsMode::Off,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PresetArg {
    Demo,
    National,
    /// One real province (--province CODE) on its official communes.
    Province,
}

fn data_source(data: Option<PathBuf>) -> DataSource {
    data.map_or(DataSource::Embedded, DataSource::Dir)
}

pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Run { data, scenarios, quiet, out, lang, force, all, units, roads } => {
            let options = RunOptions {
                data: data_source(data),
                scenarios,
                progress: !quiet,
                out,
                lang: match lang {
                    LangArg::Vi => Lang::Vi,
                    LangArg::En => Lang::En,
                },
                force,
                units: units.mode(),
                roads,
            };
            let outcome = match pipeline::run(&options) {
                Ok(outcome) => outcome,
                // A dataset that failed validation: its problems are listed in the output
                // folder too (a bad scenario file is only reported on the terminal).
                Err(Error::Invalid(invalid)) if invalid.in_data => {
                    let written = write_validation(&options.out, &invalid.issues, &[], force);
                    return Err(report_invalid(&invalid, all, &written));
                }
                Err(err) => return Err(err.into()),
            };
            if quiet && !all {
                print_warning_counts(&outcome.warnings);
            } else {
                print_warnings(&outcome.warnings, all);
            }
            if let Some(note) = &outcome.roads {
                eprintln!("{note}");
            }
            for folder in &outcome.folders {
                outln!("wrote {}", folder.display())?;
            }
        }
        Command::Validate { data, all, out, force, units } => {
            let source = data_source(data);
            let loaded = match pipeline::validate_only_with(&source, units.mode()) {
                Ok(loaded) => loaded,
                Err(Error::Invalid(invalid)) => {
                    let written = write_validation(&out, &invalid.issues, &[], force);
                    return Err(report_invalid(&invalid, all, &written));
                }
                Err(err) => return Err(err.into()),
            };
            let written = write_validation(&out, &loaded.warnings, &loaded.dataset.acknowledged, force);
            print_warnings(&loaded.warnings, all);
            let ds = &loaded.dataset;
            let silenced: usize = ds.acknowledged.iter().map(|a| a.warnings.len()).sum();
            if silenced > 0 {
                eprintln!(
                    "{silenced} warning{} acknowledged in accepted_warnings.toml ({} entr{}), not shown",
                    plural(silenced),
                    ds.acknowledged.len(),
                    if ds.acknowledged.len() == 1 { "y" } else { "ies" }
                );
            }
            outln!(
                "{}: valid ({} communes, {} facilities, {} programmes, {} enrolment rows, {} demand rows, {} occupations; {} warning{})",
                source.describe(),
                ds.areas.len(),
                ds.facilities.len(),
                ds.programs.len(),
                ds.enrolment.len(),
                ds.demand.len(),
                ds.occupations.len(),
                loaded.warnings.len(),
                tvetplan::error::plural(loaded.warnings.len()),
            )?;
            print_written(&written)?;
        }
        Command::Locate {
            demand,
            sites,
            costs,
            roads,
            model,
            p,
            radius,
            single_source,
            solver,
            time_limit,
            seed,
            out,
            force,
        } => {
            let need_p = || p.context("--p is required for this model");
            let need_radius = || radius.context("--radius is required for this model");
            let model = match model {
                ModelArg::Pmedian => Model::PMedian { p: need_p()? },
                ModelArg::Pcenter => Model::PCenter { p: need_p()? },
                ModelArg::Mclp => Model::Mclp { p: need_p()?, radius: need_radius()? },
                ModelArg::Lscp => Model::Lscp { radius: need_radius()? },
                ModelArg::Cflp => Model::Cflp { single_source },
            };
            let method = match solver {
                SolverArg::Exact => Method::Exact,
                SolverArg::Heuristic => Method::Heuristic,
                SolverArg::Auto => Method::Auto,
            };
            let options = LocateOptions {
                demand,
                sites,
                costs,
                roads,
                model,
                solve: SolveOptions { method, time_limit_s: time_limit, seed },
                out,
                force,
            };
            let outcome = locate::run(&options)?;
            if let Some(note) = &outcome.roads {
                eprintln!("{note}");
            }
            match &options.out {
                Some(path) => {
                    let solution = &outcome.solution;
                    eprintln!(
                        "{}: objective {} with {} sites ({}, {:.2} s); wrote {}",
                        solution.model,
                        solution.objective,
                        solution.open.len(),
                        solution.solver,
                        solution.seconds,
                        path.display()
                    );
                }
                None => write_stdout(String::from_utf8_lossy(&outcome.json))?,
            }
        }
        Command::Generate { preset, seed, out, force, learners, province } => {
            if province.is_some() && !matches!(preset, PresetArg::Province) {
                return Err(Error::Usage("--province goes with --preset province".into()).into());
            }
            let preset = match preset {
                PresetArg::Demo => tvetplan::generate::Preset::Demo,
                PresetArg::National => tvetplan::generate::Preset::National { learners },
                PresetArg::Province => {
                    let known = || {
                        let units = tvetplan::units::official();
                        let list: Vec<String> =
                            units.provinces.iter().map(|p| format!("{} {}", p.code, p.short_name)).collect();
                        list.join(", ")
                    };
                    let Some(code) = province else {
                        return Err(Error::Usage(format!(
                            "--preset province needs --province CODE (a 2025 province code: {})",
                            known()
                        ))
                        .into());
                    };
                    let Some(province) = tvetplan::generate::national::province_codes().find(|c| *c == code) else {
                        return Err(Error::Usage(format!(
                            "--province {code} is not a 2025 province code; the codes are: {}",
                            known()
                        ))
                        .into());
                    };
                    tvetplan::generate::Preset::Province { province }
                }
            };
            let files = tvetplan::generate::generate(preset, seed)
                .into_iter()
                .map(|f| report::OutputFile::new(f.name, f.bytes))
                .collect();
            let (parent, name) = split_out(&out)?;
            let written = report::write_folders(&parent, vec![(name, files)], force)?;
            for path in written {
                outln!("wrote {}", path.display())?;
            }
        }
        Command::Units { province, legacy, out, force } => {
            let units = tvetplan::units::official();
            if let Some(p) = &province
                && units.province(p).is_none()
            {
                let known: Vec<String> =
                    units.provinces.iter().map(|p| format!("{} {}", p.code, p.short_name)).collect();
                return Err(Error::Usage(format!(
                    "--province {p} is not a 2025 province code; the codes are: {}",
                    known.join(", ")
                ))
                .into());
            }
            let csv = tvetplan::units::table_csv(legacy, province.as_deref());
            match out {
                Some(path) => {
                    report::write_file(&path, csv.as_bytes(), force)?;
                    eprintln!(
                        "wrote {} ({} rows; source: {})",
                        path.display(),
                        csv.lines().count() - 1,
                        tvetplan::units::SOURCE
                    );
                }
                None => write_stdout(&csv)?,
            }
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "tvetplan", &mut script);
            write_stdout(String::from_utf8_lossy(&script))?;
        }
    }
    Ok(())
}

/// Writes to stdout. A closed pipe (`tvetplan units | head -1`) comes back as an error that
/// [`is_closed_pipe`] recognises, so the program ends quietly with 0 (as ripgrep does)
/// instead of panicking in `print!`.
fn write_stdout(text: impl std::fmt::Display) -> std::io::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    write!(stdout, "{text}")?;
    stdout.flush()
}

/// Whether the error is stdout closed by the reader (`| head`): not a failure.
pub fn is_closed_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

/// `--out a/b` as (parent `a`, folder name `b`).
fn split_out(out: &Path) -> anyhow::Result<(PathBuf, String)> {
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("--out {} must name a folder", out.display()))?
        .to_string();
    let parent =
        out.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    Ok((parent, name))
}

/// Problems beyond this many are counted by kind, not listed (a national dataset can have
/// thousands of "intake exceeds places"); validation.xlsx holds every one.
const SHOWN_WARNINGS: usize = 25;

/// Where validation.xlsx and validation.csv went, or why they were not written.
type Written = Result<Vec<PathBuf>, Error>;

/// Writes every problem to validation.xlsx and validation.csv in `out`; an existing pair is
/// replaced only with --force (the reason is printed, the validation result stands).
/// Acknowledged warnings (`accepted_warnings.toml`) follow, with their reasons.
fn write_validation(out: &Path, issues: &[Issue], acknowledged: &[Acknowledged], force: bool) -> Written {
    report::validation::write(out, issues, acknowledged, force)
}

fn print_written(written: &Written) -> std::io::Result<()> {
    match written {
        Ok(paths) => {
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            outln!("every problem is listed in {}", names.join(" and "))?;
        }
        Err(Error::OutputExists(path)) => {
            eprintln!("note: {} already exists and was kept; pass --force to replace it", path.display())
        }
        Err(err) => {
            let cause = std::error::Error::source(err).map(|c| format!(": {c}")).unwrap_or_default();
            eprintln!("note: the list of problems was not written: {err}{cause}")
        }
    }
    Ok(())
}

/// `run --quiet`: the warnings as counts by kind, none listed.
fn print_warning_counts(warnings: &[Issue]) {
    if warnings.is_empty() {
        return;
    }
    print_kind_counts(warnings);
    eprintln!("(--quiet: counts only; run without it, or `tvetplan validate`, to list them)");
}

/// The counts by kind, when there are more problems than are listed.
fn print_kinds(issues: &[Issue]) {
    print_kind_counts(issues);
    eprintln!("the first {SHOWN_WARNINGS}:");
}

fn print_kind_counts(issues: &[Issue]) {
    let kinds = tvetplan::error::count_by_kind(issues);
    eprintln!("{} problem{} of {} kind{}:", issues.len(), plural(issues.len()), kinds.len(), plural(kinds.len()));
    for (severity, kind, count, files) in kinds.iter().take(SHOWN_WARNINGS) {
        let label = match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        eprintln!("  {count:>6} × {label}: {kind} [{}]", files.join(", "));
    }
    if kinds.len() > SHOWN_WARNINGS {
        eprintln!("  ... and {} more kinds", kinds.len() - SHOWN_WARNINGS);
    }
}

fn print_warnings(warnings: &[Issue], all: bool) {
    let shown = if all { warnings.len() } else { SHOWN_WARNINGS };
    if warnings.len() > shown {
        print_kinds(warnings);
    }
    for warning in warnings.iter().take(shown) {
        if all { eprintln!("{warning}") } else { eprintln!("{}", warning.for_terminal()) }
    }
    if warnings.len() > shown {
        eprintln!("... and {} more warnings (--all prints every one)", warnings.len() - shown);
    }
}

/// Prints a rejected input (every problem with --all or when there are few; else the
/// counts by kind and the first ones) and gives the error that exits with code 1.
fn report_invalid(invalid: &InvalidInput, all: bool, written: &Written) -> anyhow::Error {
    let issues = &invalid.issues;
    let shown = if all { issues.len() } else { SHOWN_WARNINGS };
    if issues.len() > shown {
        print_kinds(issues);
    }
    for issue in issues.iter().take(shown) {
        if all { eprintln!("{issue}") } else { eprintln!("{}", issue.for_terminal()) }
    }
    if issues.len() > shown {
        eprintln!("... and {} more (--all prints every one)", issues.len() - shown);
    }
    // A closed stdout here still exits with code 1: the input was rejected.
    let _ = print_written(written);
    eprintln!("{}", invalid.counts());
    anyhow::Error::new(Reported)
}

/// An error already printed; it only sets the exit code (1, invalid input).
#[derive(Debug)]
struct Reported;

impl std::fmt::Display for Reported {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}

impl std::error::Error for Reported {}

/// The error and its causes, one per line (empty when already printed).
pub fn describe_error(err: &anyhow::Error) -> String {
    if err.downcast_ref::<Reported>().is_some() {
        return String::new();
    }
    if let Some(Error::Invalid(invalid)) = err.downcast_ref::<Error>() {
        return invalid.to_string();
    }
    let mut text = format!("error: {err}");
    for cause in err.chain().skip(1) {
        text.push_str(&format!("\n  caused by: {cause}"));
    }
    text
}

pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<Reported>().is_some() {
        return 1;
    }
    match err.downcast_ref::<Error>() {
        Some(e) => e.exit_code() as u8,
        None => 2,
    }
}
