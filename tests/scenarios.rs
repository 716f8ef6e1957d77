//! Scenarios end to end: the demo's examples, bad scenario files, safe folder names.

use crate::common::{Test, fixture, list_files};

fn comparison(csv: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut lines = csv.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
    lines.map(|l| header.iter().cloned().zip(l.split(',').map(str::to_string)).collect()).collect()
}

fn number(row: &std::collections::HashMap<String, String>, column: &str) -> f64 {
    row[column].parse().unwrap_or_else(|_| panic!("{column} = '{}' is a number", row[column]))
}

#[test]
fn the_example_scenarios_run_and_compare_as_expected() {
    let test = Test::new();
    let out = test.path("out");
    let run = test.args(["run", "--quiet", "--out", out.to_str().unwrap()]).run().success();
    let folders = list_files(&run.path("out"));
    for f in [
        "baseline/summary.json",
        "sap-nhap-co-so-nho/actions.csv",
        "toi-da-3-truong-cong-lap/optimised_network.csv",
        "day-manh-dao-tao-nong-thon/projection.csv",
        "comparison/scenario_comparison.csv",
        "comparison/charts/scenario_comparison.png",
    ] {
        assert!(folders.contains(&f.to_string()), "missing {f}");
    }
    let rows = comparison(&std::fs::read_to_string(run.path("out/comparison/scenario_comparison.csv")).unwrap());
    let row = |name: &str| rows.iter().find(|r| r["scenario"] == name).unwrap_or_else(|| panic!("row {name}"));
    let (base, merge, cap, rural) = (
        row("baseline"),
        row("Sáp nhập cơ sở nhỏ"),
        row("Tối đa 3 trường công lập"),
        row("Đẩy mạnh đào tạo nông thôn"),
    );
    // Merging saves money and loses some learners.
    assert!(number(merge, "net_savings_mvnd") > 0.0);
    assert!(number(merge, "learners_lost") > 0.0);
    assert!(number(merge, "public_facilities") < number(base, "public_facilities"));
    // The optimised network meets the cap of three public schools; the baseline does not.
    assert!(number(cap, "public_schools") <= 3.0);
    assert!(number(base, "public_schools") > 3.0);
    // Courses where the shortages are leave fewer openings unfilled.
    assert!(number(rural, "unmet_openings") < number(base, "unmet_openings"));
    assert!(number(rural, "unmet_openings_low") <= number(rural, "unmet_openings_high"));
    assert_eq!(base["net_savings_mvnd"], "0");
    // The baseline's cap package is compared like the others, and meets the cap.
    let package = row("Gói đạt trần 3 trường công lập – Tỉnh Lam Hồng");
    assert_eq!(number(package, "public_schools"), 3.0);
    assert!(number(package, "people_travel_rise") >= 0.0);
    assert_eq!(rows.len(), 5);
    // No counted public school is merged into the self-financing college F002, and the
    // ethnic boarding school F006 stays (protected by default).
    let actions = std::fs::read_to_string(run.path("out/toi-da-3-truong-cong-lap/actions.csv")).unwrap();
    for school in ["F001", "F003", "F004", "F005", "F006", "F007"] {
        assert!(!actions.contains(&format!("merge {school} into F002")), "{actions}");
    }
    assert!(!actions.contains("merge F006 into") && !actions.contains("close F006"), "{actions}");
    let steps = comparison(&std::fs::read_to_string(run.path("out/baseline/cap_package.csv")).unwrap());
    assert!(!steps.is_empty());
    for step in &steps {
        assert!(step["facility_id"] != "F006" && step["target_id"] != "F002", "{step:?}");
    }
}

#[test]
fn every_kind_of_bad_scenario_file_is_located() {
    let cases = [
        ("unknown_key.toml", "unknown_key.toml:3:mrege: unknown field 'mrege'"),
        ("bad_type.toml", "bad_type.toml:3:radius_km: invalid type: string \"fifteen\", expected f64"),
        ("unknown_facility.toml", "unknown_facility.toml:2:close: unknown facility 'F099' (not in facilities.csv)"),
        ("merge_into_itself.toml", "merge_into_itself.toml:2:merge: F013 cannot be merged into itself"),
        ("circular.toml", "circular.toml:2:merge: circular merges: F013 -> F015 -> F013"),
        ("year_outside.toml", "year_outside.toml:2:year: effective year 2035 is outside the horizon 2026..2030"),
        (
            "unknown_occupation.toml",
            "unknown_occupation.toml:2:add_program: unknown occupation '999999' (not in occupations.csv)",
        ),
        ("syntax.toml", "syntax.toml:1:name:"),
        // Settings that parse but are out of range: exit 1 before anything is computed.
        ("half_life_zero.toml", "half_life_zero.toml:4:half_life_min: must be greater than 0, found 0"),
        (
            "trained_percent.toml",
            "trained_percent.toml:3:trained: 75 is not a share between 0 and 1 (if you meant 75%, write 0.75)",
        ),
        ("speed_zero.toml", "speed_zero.toml:3:plain: must be between 1 and 120 (km/h), found 0"),
        ("weights_zero.toml", "weights_zero.toml:2:weights: at least one ranking weight must be above 0"),
        // One per section of settings checked into types when read.
        (
            "discount_percent.toml",
            "discount_percent.toml:3:discount_rate: must be between 0 and 0.2 (real rate per year), found 6",
        ),
        (
            "decay_wrong_key.toml",
            "decay_wrong_key.toml:2:decay: unknown field 'half_life_min' for kind = 'linear', expected 'max_min'",
        ),
        (
            "exit_rate_one.toml",
            "exit_rate_one.toml:3:exit_rate: must be between 0 and 0.99 (share of the stock leaving each year, below 1), found 1",
        ),
        (
            "optimise_time_zero.toml",
            "optimise_time_zero.toml:5:time_limit_s: must be between 0.1 and 86400 (seconds), found 0",
        ),
        ("draws_zero.toml", "draws_zero.toml:3:draws: must be between 1 and 10000, found 0"),
        (
            "roads_ferry_zero.toml",
            "roads_ferry_zero.toml:3:ferry_kmh: must be greater than 0 and at most 60 (km/h), found 0",
        ),
    ];
    for (file, expected) in cases {
        let path = fixture(&format!("scenarios/{file}"));
        let test = Test::new();
        let out = test.path("out");
        let run = test
            .args(["run", "--quiet", "--scenario", path.to_str().unwrap(), "--out", out.to_str().unwrap()])
            .run()
            .exit(1);
        let first = run.stderr.lines().next().unwrap_or_default().to_string();
        let located = first.split_once(file).map(|(_, rest)| format!("{file}{rest}")).unwrap_or_default();
        assert!(located.starts_with(expected), "{file}: got {}", run.stderr);
        assert!(!run.path("out").exists(), "{file}: nothing written");
    }
}

#[test]
fn scenario_names_cannot_leave_the_output_folder() {
    let path = fixture("scenarios/traversal.toml");
    let test = Test::new();
    let out = test.path("a/b/out");
    let run = test
        .args(["run", "--quiet", "--scenario", path.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .run()
        .success();
    assert!(run.path("a/b/out/escape/summary.json").exists(), "{}", run.stdout);
    assert!(!run.path("escape").exists() && !run.path("a/escape").exists());
}

#[test]
fn results_are_byte_identical_whatever_the_thread_count() {
    let path = fixture("../../datasets/demo/scenarios");
    let run_with = |threads: &str| {
        let test = Test::new();
        let out = test.path("out");
        let run = test
            .env("RAYON_NUM_THREADS", threads)
            .args(["run", "--quiet", "--scenario", path.to_str().unwrap(), "--out", out.to_str().unwrap()])
            .run()
            .success();
        let files: Vec<(String, Vec<u8>)> = list_files(&run.path("out"))
            .into_iter()
            .filter(|f| f.ends_with(".csv") || (f.ends_with(".json") && !f.ends_with("manifest.json")))
            .map(|f| {
                let bytes = std::fs::read(run.path("out").join(&f)).unwrap();
                (f, bytes)
            })
            .collect();
        files
    };
    let one = run_with("1");
    let four = run_with("4");
    assert!(one.len() > 20);
    assert_eq!(one.len(), four.len());
    for ((name, a), (_, b)) in one.iter().zip(&four) {
        assert!(a == b, "{name} differs between 1 and 4 threads");
    }
}

#[test]
fn a_facility_reaching_no_commune_is_named_in_a_warning() {
    // With a 100 m reach no demo facility reaches a commune centre: their graduates would
    // vanish from accessible supply without a word.
    let path = fixture("scenarios/tiny_reach.toml");
    let test = Test::new();
    let out = test.path("out");
    let run = test
        .args(["run", "--quiet", "--all", "--scenario", path.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .run()
        .success();
    assert!(
        run.stderr.contains("facilities.csv: warning: facility F001 reaches no commune within the access radius"),
        "{}",
        run.stderr
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.path("out/tiny-reach/summary.json")).unwrap()).unwrap();
    assert!(summary["unreached_facilities"].as_array().unwrap().iter().any(|f| f == "F001"));
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.path("out/baseline/summary.json")).unwrap()).unwrap();
    assert_eq!(baseline["unreached_facilities"].as_array().unwrap().len(), 0);
}

/// A scenario that enters no growth follows the trend of the demand table's own years
/// (demo 2021-2025: industry about +8% a year), and the report says so.
#[test]
fn a_scenario_without_growth_follows_the_demand_trend_and_says_so() {
    let test = Test::new().write("flat.toml", "name = \"trend\"\n");
    let out = test.path("out");
    let scenario = test.path("flat.toml");
    let run = test
        .args([
            "run",
            "--quiet",
            "--lang",
            "en",
            "--scenario",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .run()
        .success();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.path("out/trend/summary.json")).unwrap()).unwrap();
    let industry = summary["assumptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "demand.growth_by_sector.industry")
        .expect("industry growth listed");
    assert_eq!(industry["source_en"], "Trend of the demand table 2021-2025 (no growth entered)");
    assert_eq!(industry["value"], "8.1%");
}

/// The baseline proposes the package of actions that brings the demo province (six public
/// schools) to the cap of three, as a scenario file; run as a scenario it meets the cap, and
/// its savings and learners lost are the ones the baseline announced.
#[test]
fn the_cap_package_runs_as_a_scenario_and_meets_the_cap() {
    let test = Test::new();
    let baseline = crate::common::root().join("datasets/demo/scenarios/baseline.toml");
    let run = test
        .args(["run", "--quiet", "--out", "first", "--scenario", baseline.to_str().unwrap()])
        .in_temp_dir()
        .run()
        .success();
    let package = run.path("first/baseline/cap_package.toml");
    let text = std::fs::read_to_string(&package).expect("the baseline writes cap_package.toml");
    assert!(text.contains("public_school_cap = 3") && text.contains("[[actions]]"), "{text}");
    let summary = comparison(&std::fs::read_to_string(run.path("first/baseline/cap_package_summary.csv")).unwrap());
    assert_eq!(summary.len(), 1);
    assert_eq!((summary[0]["schools_before"].as_str(), summary[0]["meets_cap"].as_str()), ("6", "true"));
    let second = Test::new()
        .args(["run", "--quiet", "--out", "second", "--scenario", package.to_str().unwrap()])
        .in_temp_dir()
        .run()
        .success();
    let rows = comparison(&std::fs::read_to_string(second.path("second/comparison/scenario_comparison.csv")).unwrap());
    let row = rows.iter().find(|r| r["scenario"].starts_with("Gói đạt trần 3")).expect("the package's row");
    assert_eq!(number(row, "public_schools"), 3.0);
    assert_eq!(number(row, "actions"), number(&summary[0], "actions"));
    assert!((number(row, "net_savings_mvnd") - number(&summary[0], "net_savings_mvnd")).abs() < 1.0);
    assert!((number(row, "learners_lost") - number(&summary[0], "learners_lost")).abs() < 1.0);
}

/// A baseline that changes settings (reach, mix weight, the cap's merge limit and access
/// weight): its cap_package.toml records them, and running that file gives the comparison's
/// row of the package exactly (without them the people within reach and the savings differ).
#[test]
fn the_cap_package_file_keeps_the_baselines_settings_and_reproduces_its_row() {
    let baseline = "name = \"baseline\"\n\n[access]\nradius_km = 20.0\n\n[scoring]\nmix_weight = 0.6\n\n\
                    [options]\ncap_max_merge_min = 40.0\ncap_access_weight = 0.02\n";
    let other = crate::common::root().join("datasets/demo/scenarios/merge-small-centres.toml");
    let run = Test::new()
        .write("baseline.toml", baseline)
        .args(["run", "--quiet", "--out", "first", "--scenario", "baseline.toml", "--scenario"])
        .args([other.to_str().unwrap()])
        .in_temp_dir()
        .run()
        .success();
    let package = run.path("first/baseline/cap_package.toml");
    let text = std::fs::read_to_string(&package).unwrap();
    for line in [
        "[access]\nradius_km = 20.0\n",
        "[scoring]\nmix_weight = 0.6\n",
        "[options]\npublic_school_cap = 3\ncap_access_weight = 0.02\ncap_max_merge_min = 40.0\n",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    let row_of = |csv: &str| {
        let rows = comparison(csv);
        rows.into_iter().find(|r| r["scenario"].starts_with("Gói đạt trần 3")).expect("the package's row")
    };
    let first = row_of(&std::fs::read_to_string(run.path("first/comparison/scenario_comparison.csv")).unwrap());
    let second = Test::new()
        .args(["run", "--quiet", "--out", "second", "--scenario", package.to_str().unwrap()])
        .in_temp_dir()
        .run()
        .success();
    let again = row_of(&std::fs::read_to_string(second.path("second/comparison/scenario_comparison.csv")).unwrap());
    assert_eq!(first, again);
    assert_eq!(first["people_within_reach"], "1477375", "the 20 km reach is in the row");
}
