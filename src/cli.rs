//! Command-line arguments (clap derive) and their translation into the library's options.
//! Nothing after this module reads a flag.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use tvetplan::error::Error;
use tvetplan::load::{self, DataSource};
use tvetplan::locate;
use tvetplan::optimise::{self, Method, Model, SolveOptions};
use tvetplan::pipeline::{self, RunOptions};
use tvetplan::report::{self, Lang};

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
        /// Do not draw the progress bar.
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
        /// Print every warning (by default the first 25 and a count).
        #[arg(long)]
        all: bool,
        /// OpenStreetMap extract (.osm.pbf, e.g. Geofabrik's Vietnam extract): travel times
        /// over its roads and ferries instead of the straight-line estimate.
        #[arg(long, value_name = "FILE")]
        roads: Option<PathBuf>,
    },
    /// Check a dataset and list every problem (default: the embedded demo).
    Validate {
        #[arg(long)]
        data: Option<PathBuf>,
        /// Print every warning (by default the first 25 and a count).
        #[arg(long)]
        all: bool,
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
enum PresetArg {
    Demo,
    National,
}

fn data_source(data: Option<PathBuf>) -> DataSource {
    data.map_or(DataSource::Embedded, DataSource::Dir)
}

pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Run { data, scenarios, quiet, out, lang, force, all, roads } => {
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
                roads,
            };
            let outcome = pipeline::run(&options)?;
            print_warnings(&outcome.warnings, all);
            if let Some(note) = &outcome.roads {
                eprintln!("{note}");
            }
            for folder in &outcome.folders {
                println!("wrote {}", folder.display());
            }
        }
        Command::Validate { data, all } => {
            let source = data_source(data);
            let loaded = pipeline::validate_only(&source)?;
            print_warnings(&loaded.warnings, all);
            let ds = &loaded.dataset;
            println!(
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
            );
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
            if let Some(out) = &out
                && out.exists()
                && !force
            {
                return Err(Error::OutputExists(out.clone()).into());
            }
            let mut issues = tvetplan::error::Issues::default();
            let demand = load::read_table_file(&demand, &mut issues)?;
            let sites = load::read_table_file(&sites, &mut issues)?;
            let costs = match &costs {
                Some(path) => load::read_table_file(path, &mut issues)?,
                None => None,
            };
            let (Some(demand), Some(sites)) = (demand, sites) else {
                return Err(Error::from_issues(issues).into());
            };
            if issues.has_errors() {
                return Err(Error::from_issues(issues).into());
            }
            let tables = locate::LocateTables { demand, sites, costs };
            let mut problem = locate::build_problem(&tables).map_err(Error::from_issues)?;
            if let Some(extract) = &roads {
                let times = pipeline::roads::locate_costs(extract, &tables, &mut problem)?;
                eprintln!("{}", pipeline::roads::describe(&times));
            }
            let options = SolveOptions { method, time_limit_s: time_limit, seed };
            let solution = optimise::solve(&problem, &model, &options)?;
            let json = report::json_bytes(&locate::result(&problem, &solution));
            match out {
                Some(path) => {
                    report::write_file(&path, &json, force)?;
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
                None => print!("{}", String::from_utf8_lossy(&json)),
            }
        }
        Command::Generate { preset, seed, out, force, learners } => {
            let preset = match preset {
                PresetArg::Demo => tvetplan::generate::Preset::Demo,
                PresetArg::National => tvetplan::generate::Preset::National { learners },
            };
            let files = tvetplan::generate::generate(preset, seed)
                .into_iter()
                .map(|f| report::OutputFile::new(f.name, f.bytes))
                .collect();
            let (parent, name) = split_out(&out)?;
            let written = report::write_folders(&parent, vec![(name, files)], force)?;
            for path in written {
                println!("wrote {}", path.display());
            }
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "tvetplan", &mut std::io::stdout());
        }
    }
    Ok(())
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

/// Warnings beyond this many are counted, not listed (a national dataset can have
/// thousands of "intake exceeds places").
const SHOWN_WARNINGS: usize = 25;

fn print_warnings(warnings: &[tvetplan::error::Issue], all: bool) {
    let shown = if all { warnings.len() } else { SHOWN_WARNINGS };
    for warning in warnings.iter().take(shown) {
        eprintln!("{warning}");
    }
    if warnings.len() > shown {
        eprintln!("... and {} more warnings (--all prints every one)", warnings.len() - shown);
    }
}

/// The error and its causes, one per line.
pub fn describe_error(err: &anyhow::Error) -> String {
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
    match err.downcast_ref::<Error>() {
        Some(e) => e.exit_code() as u8,
        None => 2,
    }
}
