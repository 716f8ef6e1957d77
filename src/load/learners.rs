//! Learner-level records (`learners.parquet`, one row per learner) aggregated with polars'
//! lazy streaming engine into the enrolment table and into origin flows (learners by
//! facility and home commune, latest year), without holding more than the aggregates in
//! memory.
//!
//! Columns: [`LEARNERS`] (year, facility_id, occupation, level, home_area_id, outcome
//! (`dropped`, `graduated`, `certified`, `employed`, `certified_employed`) and optional
//! booleans female, rural, poor, ethnic_minority).

use polars::prelude::*;

use super::RawTable;
use super::table::RawRow;
use crate::error::Issues;
use crate::schema::{Kind, LEARNERS};

/// The optional true/false columns of the records, counted per row of `enrolment`.
fn flags() -> Vec<&'static str> {
    LEARNERS.names_where(|c| !c.is_required() && matches!(c.kind, Kind::Bool))
}

pub const FILE: &str = LEARNERS.file;

/// The aggregates: an `enrolment` table and an `origins` table (year, facility_id,
/// area_id, learners), both as raw text tables for validation.
pub struct Aggregated {
    pub enrolment: RawTable,
    pub(crate) origins: RawTable,
}

pub fn aggregate(path: &std::path::Path, issues: &mut Issues) -> Option<Aggregated> {
    match super::parquet_check::guard(|| Ok(aggregate_unguarded(path, issues))) {
        Ok(aggregated) => aggregated,
        Err(problem) => {
            issues.error(FILE, None, None, format!("cannot be read as learner records: {problem}"));
            None
        }
    }
}

fn aggregate_unguarded(path: &std::path::Path, issues: &mut Issues) -> Option<Aggregated> {
    let fail = |issues: &mut Issues, e: PolarsError| {
        issues.error(FILE, None, None, format!("cannot be read as learner records: {e}"));
        None
    };
    let checked = std::fs::File::open(path).map_err(|e| e.to_string()).and_then(|file| {
        super::parquet_check::check(&mut std::io::BufReader::new(file), super::parquet_check::MAX_LEARNER_ROWS)
    });
    if let Err(problem) = checked {
        issues.error(FILE, None, None, format!("cannot be read as learner records: {problem}; export the file again"));
        return None;
    }
    let path_text = path.to_string_lossy().to_string();
    let scan = match LazyFrame::scan_parquet(PlRefPath::from(path_text.as_str()), ScanArgsParquet::default()) {
        Ok(lf) => lf,
        Err(e) => return fail(issues, e),
    };
    let schema = match scan.clone().collect_schema() {
        Ok(s) => s,
        Err(e) => return fail(issues, e),
    };
    let mut missing = false;
    for column in LEARNERS.names_where(|c| c.is_required()) {
        if schema.get(column).is_none() {
            issues.error(FILE, Some(1), Some(column), format!("missing required column '{column}'"));
            missing = true;
        }
    }
    if missing {
        return None;
    }
    let outcome = || col("outcome");
    let is = |value: &str| outcome().eq(lit(value.to_string()));
    let count = |e: Expr, name: &str| e.cast(DataType::UInt64).sum().alias(name);
    let mut aggregates = vec![
        len().cast(DataType::UInt64).alias("intake"),
        count(outcome().neq(lit("dropped")), "graduates"),
        count(is("certified").or(is("certified_employed")), "certified"),
        count(is("employed").or(is("certified_employed")), "employed_6m"),
    ];
    for flag in flags() {
        if schema.get(flag).is_some() {
            aggregates.push(count(col(flag), flag));
            aggregates.push(col(flag).null_count().cast(DataType::UInt64).alias(format!("{flag}{MISSING}")));
        }
    }
    let keys = ["year", "facility_id", "occupation", "level"];
    let enrolment = scan.clone().group_by(keys.map(col)).agg(aggregates).sort(keys, SortMultipleOptions::default());
    // Origins matter for the base year only (the latest): 5 times fewer rows to carry.
    let origins = scan
        .filter(col("year").eq(col("year").max()))
        .group_by([col("year"), col("facility_id"), col("home_area_id")])
        .agg([len().cast(DataType::UInt64).alias("learners")])
        .sort(["year", "facility_id", "home_area_id"], SortMultipleOptions::default());
    // Both tables in one query: the records are read once.
    let flags = enrolment.get_current_optimizations();
    let both = LazyFrame::collect_all_with_engine(
        vec![enrolment.logical_plan, origins.logical_plan],
        Engine::Streaming,
        flags,
    );
    let (enrolment, origins) = match both {
        Ok(mut frames) if frames.len() == 2 => {
            let origins = frames.pop().expect("two frames");
            (frames.pop().expect("two frames"), origins)
        }
        Ok(frames) => {
            return fail(
                issues,
                PolarsError::ComputeError(format!("expected 2 result tables, got {}", frames.len()).into()),
            );
        }
        Err(e) => return fail(issues, e),
    };
    let mut origins = to_raw(&format!("{FILE} (origins)"), &origins, issues)?;
    if let Some(i) = origins.column_index("home_area_id") {
        origins.columns[i] = "area_id".into();
    }
    let mut enrolment = to_raw(&format!("{FILE} (aggregated)"), &enrolment, issues)?;
    unknown_when_missing(&mut enrolment);
    Some(Aggregated { enrolment, origins })
}

/// Suffix of the helper columns counting learners without a flag.
const MISSING: &str = "__missing";

/// A flag count is only known when every learner of the row has the flag: one missing
/// `rural` must not make that learner urban, so the row's count becomes empty (unknown).
fn unknown_when_missing(table: &mut RawTable) {
    for flag in flags() {
        let (Some(count), Some(missing)) = (table.column_index(flag), table.column_index(&format!("{flag}{MISSING}")))
        else {
            continue;
        };
        for row in &mut table.rows {
            if row.cells[missing].as_deref().is_some_and(|n| n != "0") {
                row.cells[count] = None;
            }
        }
    }
    let keep: Vec<bool> = table.columns.iter().map(|c| !c.ends_with(MISSING)).collect();
    let mut columns = keep.iter();
    table.columns.retain(|_| *columns.next().expect("one flag per column"));
    for row in &mut table.rows {
        let mut flags = keep.iter();
        row.cells.retain(|_| *flags.next().expect("one flag per cell"));
    }
}

/// An aggregated frame as a text table (rows numbered from 2, like a file with a header).
fn to_raw(file: &str, frame: &DataFrame, issues: &mut Issues) -> Option<RawTable> {
    let mut columns = Vec::new();
    let mut texts: Vec<Vec<Option<String>>> = Vec::new();
    for column in frame.columns() {
        columns.push(column.name().to_string());
        let as_text = match column.cast(&DataType::String) {
            Ok(c) => c,
            Err(e) => {
                issues.error(file, None, Some(column.name().as_str()), format!("cannot read this column: {e}"));
                return None;
            }
        };
        let strings = as_text.str().expect("cast to String gives a string column");
        texts.push(strings.iter().map(|s| s.map(str::to_string)).collect());
    }
    let rows = (0..frame.height())
        .map(|i| RawRow { line: i + 2, cells: texts.iter_mut().map(|c| c[i].take()).collect() })
        .collect();
    Some(RawTable { file: file.to_string(), columns, rows, readable: true, numeric: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cells of a raw table as (column -> text) per row.
    fn rows(t: &RawTable) -> Vec<std::collections::BTreeMap<String, String>> {
        t.rows
            .iter()
            .map(|r| t.columns.iter().cloned().zip(r.cells.iter().map(|c| c.clone().unwrap_or_default())).collect())
            .collect()
    }

    #[test]
    fn learner_records_aggregate_to_counts_checked_by_hand() {
        // F1 (5 learners): dropped, graduated, certified, employed, certified_employed.
        //   intake 5; graduates = not dropped = 4; certified = certified + certified_employed
        //   = 2; employed_6m = employed + certified_employed = 2; rural unknown (one learner
        //   has no value: the row's count is empty, not 3 with one learner taken as urban);
        //   female = 3.
        // F2 (1 learner): certified_employed -> 1, 1, 1, 1; rural 0; female 0.
        let mut frame = polars::df!(
            "year" => [2025i32, 2025, 2025, 2025, 2025, 2025],
            "facility_id" => ["F1", "F1", "F1", "F1", "F1", "F2"],
            "occupation" => ["weld"; 6],
            "level" => ["short"; 6],
            "home_area_id" => ["A1", "A1", "A2", "A2", "A2", "A1"],
            "outcome" => ["dropped", "graduated", "certified", "employed", "certified_employed", "certified_employed"],
            "rural" => [Some(true), Some(true), Some(false), None, Some(true), Some(false)],
            "female" => [false, true, true, false, true, false],
        )
        .expect("frame");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE);
        let file = std::fs::File::create(&path).expect("create");
        ParquetWriter::new(file).finish(&mut frame).expect("write");

        let mut issues = Issues::default();
        let aggregated = aggregate(&path, &mut issues).expect("aggregates");
        assert!(issues.items.is_empty(), "{:?}", issues.items);
        let enrolment = rows(&aggregated.enrolment);
        let counts = |row: &std::collections::BTreeMap<String, String>| {
            ["facility_id", "intake", "graduates", "certified", "employed_6m", "rural", "female"]
                .map(|c| row.get(c).cloned().unwrap_or_default())
        };
        assert_eq!(counts(&enrolment[0]), ["F1", "5", "4", "2", "2", "", "3"]);
        assert!(!aggregated.enrolment.columns.iter().any(|c| c.ends_with(MISSING)));
        assert_eq!(counts(&enrolment[1]), ["F2", "1", "1", "1", "1", "0", "0"]);
        assert_eq!(enrolment.len(), 2);
        // Origins of the latest year: F1 from A1 (2) and A2 (3), F2 from A1 (1).
        let origins: Vec<[String; 3]> = rows(&aggregated.origins)
            .iter()
            .map(|r| ["facility_id", "area_id", "learners"].map(|c| r.get(c).cloned().unwrap_or_default()))
            .collect();
        let expected = [["F1", "A1", "2"], ["F1", "A2", "3"], ["F2", "A1", "1"]].map(|r| r.map(str::to_string));
        assert_eq!(origins, expected);
    }

    fn total(t: &RawTable, column: &str) -> u64 {
        let i = t.column_index(column).expect("the column exists");
        t.rows.iter().filter_map(|r| r.cells[i].as_deref()).map(|v| v.parse::<u64>().expect("a count")).sum()
    }

    proptest::proptest! {
        #![proptest_config(crate::testkit::proptest_config(16))]

        /// Aggregation conserves learners: intake sums to the records, graduates to the
        /// records not dropped, origins to the records of the latest year.
        #[test]
        fn aggregation_conserves_learners(records in proptest::collection::vec((2023i32..2026, 0usize..3, 0usize..4, 0usize..5), 1..60)) {
            const OUTCOMES: [&str; 5] = ["dropped", "graduated", "certified", "employed", "certified_employed"];
            let facility = |f: usize| format!("F{f}");
            let home = |a: usize| format!("A{a}");
            let mut frame = polars::df!(
                "year" => records.iter().map(|r| r.0).collect::<Vec<_>>(),
                "facility_id" => records.iter().map(|r| facility(r.1)).collect::<Vec<_>>(),
                "occupation" => vec!["weld"; records.len()],
                "level" => vec!["short"; records.len()],
                "home_area_id" => records.iter().map(|r| home(r.2)).collect::<Vec<_>>(),
                "outcome" => records.iter().map(|r| OUTCOMES[r.3]).collect::<Vec<_>>(),
            )
            .expect("frame");
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join(FILE);
            ParquetWriter::new(std::fs::File::create(&path).expect("create")).finish(&mut frame).expect("write");
            let mut issues = Issues::default();
            let aggregated = aggregate(&path, &mut issues).expect("aggregates");
            let latest = records.iter().map(|r| r.0).max().expect("at least one record");
            proptest::prop_assert_eq!(total(&aggregated.enrolment, "intake"), records.len() as u64);
            let not_dropped = records.iter().filter(|r| r.3 != 0).count() as u64;
            proptest::prop_assert_eq!(total(&aggregated.enrolment, "graduates"), not_dropped);
            let certified = records.iter().filter(|r| r.3 == 2 || r.3 == 4).count() as u64;
            proptest::prop_assert_eq!(total(&aggregated.enrolment, "certified"), certified);
            let in_latest = records.iter().filter(|r| r.0 == latest).count() as u64;
            proptest::prop_assert_eq!(total(&aggregated.origins, "learners"), in_latest);
        }
    }
}
