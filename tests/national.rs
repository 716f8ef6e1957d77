//! National scale: 34 provinces, learner-level records aggregated with polars, one report
//! folder per province and a national summary.

use polars::prelude::*;

use crate::common::{Test, list_files};

#[test]
fn learner_records_aggregate_into_enrolment_and_every_province_gets_a_report() {
    let test = Test::new();
    let data = test.path("national");
    let out = test.path("reports");
    Test::new()
        .args([
            "generate",
            "--preset",
            "national",
            "--seed",
            "3",
            "--learners",
            "200000",
            "--out",
            data.to_str().unwrap(),
        ])
        .run()
        .success();
    assert!(data.join("learners.parquet").exists() && !data.join("enrolment.csv").exists());
    // The loader's aggregates account for every learner record.
    let rows = LazyFrame::scan_parquet(
        PlRefPath::from(data.join("learners.parquet").to_str().unwrap()),
        ScanArgsParquet::default(),
    )
    .unwrap()
    .collect()
    .unwrap()
    .height();
    let loaded = tvetplan::pipeline::validate_only(&tvetplan::load::DataSource::Dir(data.clone())).unwrap();
    let intake: f64 = loaded.dataset.enrolment.iter().map(|e| e.intake).sum();
    assert_eq!(intake as usize, rows);
    assert_eq!(loaded.dataset.areas.len(), 3321);
    assert_eq!(loaded.dataset.province_ids().len(), 34);
    assert!(!loaded.dataset.origins.is_empty(), "origin flows come from the records");

    let run =
        test.args(["run", "--quiet", "--data", data.to_str().unwrap(), "--out", out.to_str().unwrap()]).run().success();
    let files = list_files(&run.path("reports"));
    assert!(files.contains(&"national/province_comparison.csv".to_string()));
    assert!(files.contains(&"national/charts/alignment_by_province.png".to_string()));
    assert!(files.contains(&"thanh-pho-ha-noi/baseline/report.pdf".to_string()));
    let provinces = files.iter().filter(|f| f.ends_with("/baseline/summary.json")).count();
    assert_eq!(provinces, 34);
    let table = std::fs::read_to_string(run.path("reports/national/province_comparison.csv")).unwrap();
    assert_eq!(table.lines().count(), 35, "a header and 34 provinces");
}
