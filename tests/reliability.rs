//! No lost work and safe sharing: an interrupted run leaves the previous report intact,
//! spreadsheet formulas in the data stay text, oversized files are refused with a message.

use std::time::Duration;

use crate::common::{BIN, Test, copy_dir, fixture, list_files, root};

#[test]
fn a_killed_run_leaves_the_previous_report_intact() {
    let test = Test::new();
    let out = test.path("out");
    std::fs::create_dir_all(out.join("baseline")).unwrap();
    std::fs::write(out.join("baseline/summary.json"), "previous report").unwrap();
    // Enough scenarios that the run is still busy when it is killed.
    let scenarios = test.path("scenarios");
    std::fs::create_dir_all(&scenarios).unwrap();
    for i in 0..12 {
        let text = std::fs::read_to_string(root().join("datasets/demo/scenarios/merge-small-centres.toml")).unwrap();
        std::fs::write(
            scenarios.join(format!("s{i}.toml")),
            text.replace("name = \"Sáp nhập cơ sở nhỏ\"", &format!("name = \"s{i}\"")),
        )
        .unwrap();
    }
    let mut child = std::process::Command::new(BIN)
        .args(["run", "--quiet", "--force", "--scenario", scenarios.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let finished = child.try_wait().unwrap().is_some();
    child.kill().ok();
    child.wait().unwrap();
    assert!(!finished, "the run should still have been busy after 1.5 s");
    assert_eq!(std::fs::read_to_string(out.join("baseline/summary.json")).unwrap(), "previous report");
    // No scenario folder is in place: only complete folders are ever renamed into place.
    let visible: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(".tvetplan-"))
        .collect();
    assert_eq!(visible, ["baseline"]);
}

#[test]
fn formulas_in_the_data_stay_text_in_csv_and_xlsx() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let test = Test::new();
    let data = test.path("data");
    copy_dir(&fixture("valid/tiny"), &data);
    let facilities = std::fs::read_to_string(data.join("facilities.csv")).unwrap();
    let evil = "\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"click\"\")\"";
    std::fs::write(data.join("facilities.csv"), facilities.replace("Trường Cao đẳng Thử Nghiệm", evil)).unwrap();
    let out = test.path("out");
    let run =
        test.args(["run", "--quiet", "--data", data.to_str().unwrap(), "--out", out.to_str().unwrap()]).run().success();
    let csv = std::fs::read_to_string(run.path("out/baseline/facility_scores.csv")).unwrap();
    assert!(csv.contains("\"'=HYPERLINK("), "the CSV cell is neutralised: {csv}");
    let mut book: Xlsx<_> = open_workbook(run.path("out/baseline/tables.xlsx")).unwrap();
    let values = book.worksheet_range("facility_scores").unwrap();
    assert!(
        matches!(values.get((1, 1)), Some(Data::String(s)) if s.starts_with("=HYPERLINK")),
        "{:?}",
        values.get((1, 1))
    );
    let formulas = book.worksheet_formula("facility_scores").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell of the workbook is a formula");
}

#[test]
fn an_oversized_scenario_file_is_refused_with_a_message() {
    let test = Test::new();
    let big = test.path("big.toml");
    std::fs::write(&big, format!("name = \"x\"\n# {}\n", "a".repeat(2 * 1024 * 1024))).unwrap();
    let out = test.path("out");
    let run = test
        .args(["run", "--quiet", "--scenario", big.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .run()
        .exit(1);
    assert!(run.stderr.contains("more than the limit of 1 MB"), "{}", run.stderr);
    assert!(list_files(&run.path("")).iter().all(|f| f == "big.toml"));
}
