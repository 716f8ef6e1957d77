//! No lost work and safe sharing: an interrupted run leaves the previous report intact,
//! spreadsheet formulas in the data stay text, oversized files are refused with a message.

use crate::common::{Test, copy_dir, fixture, list_files};

/// Every file of a report folder with its bytes, in name order.
fn contents(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    list_files(dir).into_iter().map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap())).collect()
}

/// The entries of the output folder, in name order.
fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_killed_run_leaves_the_previous_report_intact() {
    // Deterministic: the test hook TVETPLAN_FAULT=after-temp-write aborts the process after
    // every temporary folder is complete and before the first rename (no timer involved).
    let test = Test::new();
    let data = test.path("data");
    copy_dir(&fixture("valid/tiny"), &data);
    let out = test.path("out");
    let run = |fault: Option<&str>| {
        let mut cmd = std::process::Command::new(crate::common::BIN);
        cmd.args(["run", "--quiet", "--force", "--data", data.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        cmd.env_remove("TVETPLAN_FAULT");
        if let Some(f) = fault {
            cmd.env("TVETPLAN_FAULT", f);
        }
        cmd.output().unwrap()
    };
    let first = run(None);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let folders = entries(&out);
    assert!(!folders.is_empty() && folders.iter().all(|n| !n.starts_with('.')), "{folders:?}");
    let before: Vec<_> = folders.iter().map(|f| contents(&out.join(f))).collect();
    assert!(before.iter().all(|files| files.iter().any(|(f, _)| f == "summary.json")));

    let killed = run(Some("after-temp-write"));
    assert!(!killed.status.success() && killed.status.code().is_none(), "died by a signal: {:?}", killed.status);
    let stderr = String::from_utf8_lossy(&killed.stderr);
    assert!(stderr.contains("aborting on purpose"), "{stderr}");
    // The previous report, byte for byte.
    let after: Vec<_> = folders.iter().map(|f| contents(&out.join(f))).collect();
    assert!(before == after, "the previous report changed");
    // The new report was complete but never renamed: it is only in `.tvetplan-*` folders.
    let leftovers: Vec<String> = entries(&out).into_iter().filter(|n| !folders.contains(n)).collect();
    assert!(!leftovers.is_empty() && leftovers.iter().all(|n| n.starts_with(".tvetplan-")), "{leftovers:?}");
    for leftover in &leftovers {
        assert!(list_files(&out.join(leftover)).iter().any(|f| f == "summary.json"), "the folder was complete");
    }

    // A later normal run succeeds, replaces the report, and the leftover stays a hidden
    // temporary folder (safe to delete), never a scenario folder.
    let again = run(None);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    let visible: Vec<String> = entries(&out).into_iter().filter(|n| !n.starts_with(".tvetplan-")).collect();
    assert_eq!(visible, folders);
    let hidden: Vec<String> = entries(&out).into_iter().filter(|n| n.starts_with(".tvetplan-")).collect();
    assert_eq!(hidden, leftovers, "the later run adds no temporary folder of its own");
    // An unknown fault name is ignored.
    assert!(run(Some("no-such-point")).status.success());
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
