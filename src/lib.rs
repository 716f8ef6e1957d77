//! tvetplan: a planning tool for networks of vocational-training (TVET) centres.
//!
//! A batch pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! load -> validate -> access -> score -> options -> optimise -> scenario -> report
//! ```
//!
//! Only `load` and `report` touch the file system; every other stage is a pure function of
//! typed inputs. The binary (`main.rs`, `cli.rs`) parses arguments and maps errors to exit
//! codes; the library never sees clap.

pub mod access;
pub(crate) mod check;
pub(crate) mod csv_out;
pub mod demo;
pub mod error;
pub mod generate;
pub(crate) mod geojson_out;
pub mod geometry;
pub mod load;
pub mod locate;
pub mod model;
pub mod optimise;
pub(crate) mod options;
pub mod pipeline;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod schema;
pub mod score;
pub(crate) mod settings;
pub(crate) mod text;
pub mod units;
pub mod validate;

#[cfg(test)]
pub(crate) mod testkit;
