//! Integration tests: drive the real `tvetplan` binary on real files.
//! One test binary, one module per theme, small helpers in `common`.

mod common;

mod cli;
mod generate;
mod layers;
mod loading;
mod locate;
mod national;
mod options;
mod reliability;
mod report;
mod roadmap;
mod roads;
mod scenarios;
mod setup;
mod snapshots;
mod units;
mod validation;
