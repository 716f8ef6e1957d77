//! The command line end to end: run, validate, exit codes, no half-written output.

use crate::common::{Test, list_files};

#[test]
fn validate_without_data_checks_the_embedded_demo() {
    let run = Test::new().args(["validate"]).in_temp_dir().run().success();
    assert!(run.stdout.starts_with("embedded demo dataset: valid ("), "{}", run.stdout);
}

#[test]
fn validate_accepts_the_committed_demo_folder() {
    let test = Test::new();
    let out = test.path("reports").to_string_lossy().into_owned();
    test.args(["validate", "--data", "datasets/demo", "--out", &out]).run().success();
}

#[test]
fn run_from_any_folder_writes_the_baseline_report() {
    let test = Test::new().in_temp_dir();
    let run = test.args(["run"]).run().success();
    assert!(run.stdout.lines().any(|l| l.starts_with("wrote ") && l.ends_with("reports/baseline")), "{}", run.stdout);
    assert!(run.path("reports/comparison/scenario_comparison.csv").exists());
}

#[test]
fn run_writes_summary_manifest_tables_and_charts() {
    let test = Test::new();
    let out = test.path("out");
    let _run = test.args(["run", "--data", "datasets/demo", "--out", out.to_str().unwrap()]).run().success();
    let files = list_files(&out.join("baseline"));
    for expected in [
        "summary.json",
        "manifest.json",
        "kpis.csv",
        "facility_scores.csv",
        "alignment_by_group.csv",
        "alignment_by_zone.csv",
        "alignment_by_occupation.csv",
        "training_access_by_area.csv",
        "alignment_summary.csv",
        "charts/facility_utilisation.png",
        "charts/facility_utilisation.svg",
    ] {
        assert!(files.contains(&expected.to_string()), "missing {expected} in {files:?}");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("baseline/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["facilities"], 27);
    assert_eq!(summary["communes"], 57);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("baseline/manifest.json")).unwrap()).unwrap();
    let inputs = manifest["inputs"].as_array().unwrap();
    assert!(inputs.iter().any(|i| i["name"] == "areas.csv" && i["sha256"].as_str().unwrap().len() == 64));
    assert!(manifest["timings_ms"]["validate"].is_u64());
    assert!(manifest["timings_ms"]["scenarios_compute"].is_u64());
    // The PNG is a real PNG and the SVG a real SVG.
    let png = std::fs::read(out.join("baseline/charts/facility_utilisation.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let svg = std::fs::read_to_string(out.join("baseline/charts/facility_utilisation.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
}

#[test]
fn an_existing_report_is_not_overwritten_without_force() {
    let test = Test::new();
    let out = test.path("out");
    std::fs::create_dir_all(out.join("baseline")).unwrap();
    std::fs::write(out.join("baseline/notes.txt"), "mine").unwrap();
    let run = test.args(["run", "--out", out.to_str().unwrap()]).run().exit(2);
    assert!(run.stderr.contains("already exists; pass --force"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(out.join("baseline/notes.txt")).unwrap(), "mine");
}

#[test]
fn force_replaces_an_existing_report() {
    let test = Test::new();
    let out = test.path("out");
    std::fs::create_dir_all(out.join("baseline")).unwrap();
    std::fs::write(out.join("baseline/old.txt"), "old").unwrap();
    let _run = test.args(["run", "--force", "--out", out.to_str().unwrap()]).run().success();
    assert!(!out.join("baseline/old.txt").exists());
    assert!(out.join("baseline/summary.json").exists());
}

#[test]
fn a_missing_data_folder_is_a_usage_error() {
    let run = Test::new().args(["validate", "--data", "no/such/folder"]).run().exit(2);
    assert!(run.stderr.contains("data folder no/such/folder does not exist"), "{}", run.stderr);
}

#[test]
fn bad_arguments_exit_2() {
    Test::new().args(["run", "--lang", "fr"]).run().exit(2);
    Test::new().args(["frobnicate"]).run().exit(2);
}

#[test]
fn completions_are_printed() {
    let run = Test::new().args(["completions", "bash"]).run().success();
    assert!(run.stdout.contains("tvetplan"));
}

/// `tvetplan units | head -1`: the reader closes the pipe early; the program ends quietly with
/// 0 (as ripgrep does) instead of panicking with "failed printing to stdout" (exit 101). The
/// table is larger than a pipe's buffer, so the write meets the closed pipe whatever the timing.
#[test]
fn a_closed_stdout_ends_quietly_with_success() {
    for args in [&["units"][..], &["units", "--legacy"], &["completions", "bash"]] {
        let run = Test::new().args(args).run_with_closed_stdout();
        assert_eq!(run.code(), 0, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr, "", "{args:?}");
    }
}

/// A wrapped system error prints its cause on its own line, once.
#[test]
fn a_wrapped_error_prints_what_caused_it() {
    let run = Test::new().write("afile", "").args(["units", "--out", "afile/x.csv"]).in_temp_dir().run().exit(2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(lines[0].starts_with("error: cannot create ") && lines[0].ends_with("afile"), "{}", run.stderr);
    assert!(lines[1].starts_with("  caused by: ") && lines[1].contains("os error"), "{}", run.stderr);
}
