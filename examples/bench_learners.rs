//! Learner-records aggregation: tvetplan's loader against polars alone doing just the scan
//! and the two group-bys on the same file (run by `scripts/bench.sh`).
//!
//!     cargo run --release --example bench_learners -- DATASET_DIR [RUNS]

use std::time::Instant;

use polars::prelude::*;

fn polars_alone(path: &str) -> usize {
    let scan = LazyFrame::scan_parquet(PlRefPath::from(path), ScanArgsParquet::default()).expect("scan");
    let outcome = || col("outcome");
    let is = |v: &str| outcome().eq(lit(v.to_string()));
    let count = |e: Expr, name: &str| e.cast(DataType::UInt64).sum().alias(name);
    let keys = ["year", "facility_id", "occupation", "level"];
    let enrolment = scan
        .clone()
        .group_by(keys.map(col))
        .agg([
            len().alias("intake"),
            count(outcome().neq(lit("dropped")), "graduates"),
            count(is("certified").or(is("certified_employed")), "certified"),
            count(is("employed").or(is("certified_employed")), "employed_6m"),
            count(col("female"), "female"),
            count(col("rural"), "rural"),
            count(col("poor"), "poor"),
        ])
        .collect_with_engine(Engine::Streaming)
        .expect("group-by")
        .unwrap_single();
    let origins = scan
        .filter(col("year").eq(col("year").max()))
        .group_by([col("year"), col("facility_id"), col("home_area_id")])
        .agg([len().alias("learners")])
        .collect_with_engine(Engine::Streaming)
        .expect("group-by")
        .unwrap_single();
    enrolment.height() + origins.height()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).expect("a dataset folder with learners.parquet"));
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let file = dir.join("learners.parquet");
    let rows = LazyFrame::scan_parquet(PlRefPath::from(file.to_str().unwrap()), ScanArgsParquet::default())
        .unwrap()
        .select([len()])
        .collect()
        .unwrap()
        .column("len")
        .unwrap()
        .get(0)
        .unwrap()
        .try_extract::<u64>()
        .unwrap();
    let mut ours = Vec::new();
    let mut alone = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let mut issues = tvetplan::error::Issues::default();
        let aggregated = tvetplan::load::learners::aggregate(&file, &mut issues).expect("aggregates");
        assert!(!aggregated.enrolment.rows.is_empty());
        ours.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        assert!(polars_alone(file.to_str().unwrap()) > 0);
        alone.push(start.elapsed().as_secs_f64());
    }
    let (o, a) = (median(ours), median(alone));
    println!(
        "{}",
        serde_json::json!({
            "rows": rows,
            "tvetplan_seconds": o,
            "polars_seconds": a,
            "ratio": o / a,
            "rows_per_second": rows as f64 / o,
        })
    );
}
