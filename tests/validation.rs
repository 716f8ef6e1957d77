//! Every broken dataset under tests/fixtures/invalid/ gives its exact messages and exit 1.

use crate::common::{Test, fixture, list_files, root};

#[test]
fn every_invalid_fixture_gives_its_exact_message_and_exit_code_1() {
    let base = fixture("invalid");
    let mut cases: Vec<_> = std::fs::read_dir(&base).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 20, "at least 20 invalid datasets, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let rel = case.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap().replace("{dir}", &rel);
        let test = Test::new();
        let out = test.path("reports").to_string_lossy().into_owned();
        let run = test.args(["validate", "--data", &rel, "--out", &out]).run();
        if run.code() != 1 || run.stderr != expected {
            failures.push(format!("{rel}: exit {}\n--- expected\n{expected}--- got\n{}", run.code(), run.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn run_on_invalid_data_writes_only_the_list_of_problems() {
    let test = Test::new();
    let out = test.path("reports");
    let data = fixture("invalid/graduates_above_intake");
    let run = test.args(["run", "--data", data.to_str().unwrap(), "--out", out.to_str().unwrap()]).run().exit(1);
    assert_eq!(list_files(&run.path("reports")), ["validation.csv", "validation.xlsx"], "no report folder");
    let csv = std::fs::read_to_string(run.path("reports/validation.csv")).unwrap();
    assert!(csv.starts_with("file,row,column,severity,message,hint\n"), "{csv}");
    assert!(csv.contains(",error,"), "{csv}");
}

#[test]
fn the_tiny_valid_dataset_validates() {
    let test = Test::new();
    let out = test.path("reports").to_string_lossy().into_owned();
    let run = test.args(["validate", "--data", "tests/fixtures/valid/tiny", "--out", &out]).run().success();
    assert!(run.stdout.contains("valid (3 communes, 2 facilities"), "{}", run.stdout);
    assert_eq!(run.stderr, "");
}

#[test]
fn warnings_do_not_fail_validation() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "data");
    let programs = std::fs::read_to_string(test.path("data/programs.csv")).unwrap();
    let test = test.write("data/programs.csv", programs.replace("F02,620111,short,200", "F02,620111,short,100"));
    let areas = std::fs::read_to_string(test.path("data/areas.csv")).unwrap();
    // A valid coordinate, but not in Vietnam.
    let test = test.write("data/areas.csv", areas.replace("19.40,105.00", "45.00,19.40"));
    let run = test.args(["validate", "--data", "data"]).in_temp_dir().run().success();
    assert_eq!(
        run.stderr,
        "areas.csv:4:lat: warning: (45, 19.4) is outside Vietnam (lat 8..24, lon 102..118)\n\
         facilities.csv:3:capacity: warning: the places of F02's programmes in programs.csv add up to 100, not its \
         capacity 200 (more than 10% apart); check the capacity or the places\n\
         enrolment.csv:5:intake: warning: intake (120) exceeds the places of this programme (100, programs.csv line 4)\n"
    );
}

#[test]
fn messy_but_acceptable_inputs_are_accepted_with_their_warnings() {
    let base = fixture("accepted");
    let mut cases: Vec<_> = std::fs::read_dir(&base).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 10, "{} accepted cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let rel = case.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let test = Test::new();
        let out = test.path("reports").to_string_lossy().into_owned();
        let run = test.args(["validate", "--data", &rel, "--out", &out]).run();
        let counts_ok = run.stdout.contains("valid (3 communes, 2 facilities, 3 programmes, 4 enrolment rows,");
        if run.code() != 0 || run.stderr != expected || !counts_ok {
            failures.push(format!(
                "{rel}: exit {}\nstdout: {}--- expected\n{expected}--- got\n{}",
                run.code(),
                run.stdout,
                run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Implausible but possible data: warnings with the values, never a silent pass.
#[test]
fn implausible_values_are_warned_with_their_values() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "data");
    let mut areas = std::fs::read_to_string(test.path("data/areas.csv")).unwrap();
    // More workers than people of working age in An Lạc.
    areas = areas.replace(",9000,6000,5500,", ",9000,6000,6100,");
    // Five more wards with exactly the same 160,000 people: a placeholder pasted down.
    for i in 4..9 {
        areas.push_str(&format!(
            "0100{i},Phường Thử {i},01,Tỉnh Thử Nghiệm,phuong,true,false,19.1{i},105.7,160000,100000,90000,900,70000,30000,40000,100\n"
        ));
    }
    let mut facilities = std::fs::read_to_string(test.path("data/facilities.csv")).unwrap();
    facilities.push_str("F03,Trung tâm Tư Thục,centre,private,true,01001,19.102,105.702,100,5,900,\n");
    let test = test.write("data/areas.csv", areas).write("data/facilities.csv", facilities);
    let run = test.args(["validate", "--data", "data"]).in_temp_dir().run().success();
    for expected in [
        "areas.csv:3:labour_force: warning: labour_force (6100) is above working_age (6000)",
        "areas.csv:5:population: warning: population 160000 appears in 5 rows (copied rows or a placeholder value?); check rows 5, 6, 7, 8, 9",
        "facilities.csv:4:self_financing: warning: self-financing is a status of public schools; this facility is not public",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected}\n{}", run.stderr);
    }
}

/// Warnings beyond 25 are counted, and `--all` prints every one.
#[test]
fn all_prints_every_warning() {
    // 30 extra columns in areas.csv: 30 "unknown column" warnings.
    let with_extra_columns = || {
        let test = Test::new().copy_dir(&fixture("valid/tiny"), "data");
        let areas = std::fs::read_to_string(test.path("data/areas.csv")).unwrap();
        let extra: String = (0..30).map(|i| format!(",extra{i}")).collect();
        let mut lines = areas.lines();
        let mut text = format!("{}{extra}\n", lines.next().unwrap());
        for line in lines {
            text.push_str(&format!("{line}{}\n", ",".repeat(30)));
        }
        test.write("data/areas.csv", text)
    };
    let short = with_extra_columns().args(["validate", "--data", "data"]).in_temp_dir().run().success();
    assert!(short.stderr.contains("... and 5 more warnings (--all prints every one)"), "{}", short.stderr);
    let all = with_extra_columns().args(["validate", "--data", "data", "--all"]).in_temp_dir().run().success();
    assert_eq!(all.stderr.lines().filter(|l| l.contains("unknown column")).count(), 30, "{}", all.stderr);
    assert!(!all.stderr.contains("more warnings"));
}

/// Every problem, errors and warnings, is in validation.xlsx and validation.csv; the terminal
/// shows the counts by kind and the first 25; `--all` prints every one; an existing list is
/// kept unless `--force`.
#[test]
fn validation_xlsx_lists_every_problem() {
    use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
    let broken = || {
        let test = Test::new().copy_dir(&fixture("valid/tiny"), "data");
        let areas = std::fs::read_to_string(test.path("data/areas.csv")).unwrap();
        let extra: String = (0..30).map(|i| format!(",extra{i}")).collect();
        let mut lines = areas.lines();
        let mut text = format!("{}{extra}\n", lines.next().unwrap());
        for line in lines {
            text.push_str(&format!("{line}{}\n", ",".repeat(30)));
        }
        // Two errors: a negative population, and a facility in an unknown commune.
        let text = text.replace(",20000,13000,", ",-20000,13000,");
        let facilities = std::fs::read_to_string(test.path("data/facilities.csv")).unwrap();
        test.write("data/areas.csv", text).write("data/facilities.csv", facilities.replace(",01002,", ",01020,"))
    };
    let run = broken().args(["validate", "--data", "data", "--out", "reports"]).in_temp_dir().run().exit(1);
    let last = run.stderr.lines().last().unwrap();
    assert!(last.starts_with("2 errors and 30 warnings"), "{}", run.stderr);
    assert!(run.stderr.contains("32 problems of 3 kinds:\n"), "{}", run.stderr);
    assert!(run.stderr.contains("    30 × warning: unknown column '…' is ignored [areas.csv]\n"), "{}", run.stderr);
    assert!(run.stderr.contains("... and 7 more (--all prints every one)"), "{}", run.stderr);
    assert!(run.stdout.contains("every problem is listed in reports/validation.xlsx and reports/validation.csv"));

    let csv = std::fs::read_to_string(run.path("reports/validation.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 32, "{csv}");
    let mut book: Xlsx<_> = open_workbook(run.path("reports/validation.xlsx")).unwrap();
    let sheet = book.worksheet_range("validation").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 1 + 32);
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    assert_eq!(header, ["file", "row", "column", "severity", "message", "hint"]);
    let unknown = rows.iter().find(|r| r[4].to_string().starts_with("unknown area")).expect("the unknown area");
    assert_eq!(unknown[0].to_string(), "facilities.csv");
    assert_eq!(unknown[1].as_f64(), Some(3.0));
    assert_eq!(unknown[2].to_string(), "area_id");
    assert_eq!(unknown[3].to_string(), "error");
    assert_eq!(unknown[4].to_string(), "unknown area '01020' (not in areas.csv)");
    assert_eq!(unknown[5].to_string(), "did you mean '01002'?");
    assert_eq!(rows.iter().filter(|r| r[3] == "warning").count(), 30);

    // --all: every problem on the terminal, no counts by kind.
    let all = broken().args(["validate", "--data", "data", "--all", "--out", "reports"]).in_temp_dir().run().exit(1);
    assert_eq!(all.stderr.lines().count(), 32 + 1, "{}", all.stderr);

    // A second validate keeps the first list unless --force.
    let test = broken().args(["validate", "--data", "data", "--out", "reports"]).in_temp_dir();
    let test = test.write("reports/validation.csv", "mine");
    let again = test.run().exit(1);
    assert!(
        again.stderr.contains("reports/validation.csv already exists and was kept; pass --force"),
        "{}",
        again.stderr
    );
    assert_eq!(std::fs::read_to_string(again.path("reports/validation.csv")).unwrap(), "mine");
}

/// The plausibility checks that compare rows: a commune far above the others of its
/// province, and programme places far from the facility's capacity; warnings with values.
#[test]
fn outliers_and_places_against_capacity_are_warned_with_their_values() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "data");
    let mut areas = std::fs::read_to_string(test.path("data/areas.csv")).unwrap();
    // Eight villages of 5,000 to 8,500 people (4 per household) and one rural commune of
    // 300,000 (rural communes are compared with rural communes, wards with wards).
    for i in 4..12 {
        let population = 5000 + 500 * (i - 4);
        areas.push_str(&format!(
            "010{i:02},Xã Thử {i},01,Tỉnh Thử Nghiệm,xa,false,false,19.1,105.7,{population},{},{},10,100,50,{},10\n",
            population * 2 / 3,
            population / 2,
            population / 4
        ));
    }
    areas.push_str(
        "01012,Xã Lớn,01,Tỉnh Thử Nghiệm,xa,false,false,19.1,105.7,300000,200000,150000,900,70000,30000,75000,100\n",
    );
    let facilities = std::fs::read_to_string(test.path("data/facilities.csv")).unwrap();
    // F02 teaches 200 places (programs.csv) but declares 400.
    let facilities = facilities.replace("19.201,105.601,200,", "19.201,105.601,400,");
    let test = test.write("data/areas.csv", areas).write("data/facilities.csv", facilities);
    let run = test.args(["validate", "--data", "data"]).in_temp_dir().run().success();
    for expected in [
        "areas.csv:13:population: warning: population 300000 is far above the other rural communes of province 01 (more than ",
        "facilities.csv:3:capacity: warning: the places of F02's programmes in programs.csv add up to 200, not its \
         capacity 400 (more than 10% apart); check the capacity or the places",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected}\n{}", run.stderr);
    }
    assert_eq!(run.stderr.lines().count(), 2, "{}", run.stderr);
}

/// Rewrites one column of a CSV file with `f(row's cells by column name)`.
fn rewrite_column(path: &std::path::Path, column: &str, f: impl Fn(&dyn Fn(&str) -> f64) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = header.iter().position(|c| *c == column).unwrap();
    let mut out = format!("{}\n", header.join(","));
    for line in lines {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        let value = {
            let get = |name: &str| cells[header.iter().position(|c| *c == name).unwrap()].parse::<f64>().unwrap();
            f(&get)
        };
        cells[at] = value;
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

/// Cà Mau (96) generated on its official communes, with the populations scaled to 1.7 times
/// the published 2.6 million, and working_age exactly 68% of population in every row.
#[test]
fn a_province_far_from_its_published_population_and_a_derived_column_are_warned() {
    let generated =
        Test::new().args(["generate", "--preset", "province", "--province", "96", "--out", "data"]).in_temp_dir().run();
    let generated = generated.success();
    let test = Test::new().copy_dir(&generated.path("data"), "data");
    let areas = test.path("data/areas.csv");
    // The generator puts about 0.897 of the published figure into the communes.
    let total = std::cell::Cell::new(0.0);
    rewrite_column(&areas, "population", |get| {
        total.set(total.get() + get("population"));
        format!("{}", get("population"))
    });
    let total = total.get();
    let factor = 1.7 * 2.6e6 / total;
    rewrite_column(&areas, "population", |get| format!("{}", (get("population") * factor).round()));
    rewrite_column(&areas, "households", |get| format!("{}", (get("population") / 3.6).round()));
    rewrite_column(&areas, "working_age", |get| format!("{}", (get("population") * 0.68).round()));
    let run = test.args(["validate", "--data", "data", "--all"]).in_temp_dir().run().success();
    let population = run.stderr.lines().find(|l| l.contains("published 2025 population")).unwrap_or_default();
    assert!(
        population.starts_with("areas.csv: population: warning: the 64 communes of province 96 (Cà Mau) add up to 44")
            && population.contains("70% more than its published 2025 population of about 2600000"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "areas.csv: working_age: warning: working_age is 68% of population in every one of the 64 rows (to the \
             unit): derived, not measured?"
        ),
        "{}",
        run.stderr
    );
    // households is population / 3.6 to the unit as well; labour_force is not derived.
    assert!(run.stderr.contains("households is 27.8% of population in every one"), "{}", run.stderr);
    assert!(!run.stderr.contains("labour_force is"), "{}", run.stderr);
}

#[test]
fn a_total_row_gives_one_message_and_is_skipped() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "data");
    let mut enrolment = std::fs::read_to_string(test.path("data/enrolment.csv")).unwrap();
    let rows = enrolment.lines().count();
    enrolment.push_str("Tổng cộng,,,,1010,810,790,720,420,44,22,34\n");
    let test = test.write("data/enrolment.csv", enrolment);
    let run = test.args(["validate", "--data", "data"]).in_temp_dir().run().success();
    assert_eq!(
        run.stderr,
        format!(
            "enrolment.csv:{}:year: warning: row {} is a total row ('Tổng cộng'), not data: it is skipped; delete it \
             from the sheet (tvetplan adds the rows up itself)\n",
            rows + 1,
            rows + 1
        )
    );
    assert!(run.stdout.contains("valid (3 communes, 2 facilities, 3 programmes, 4 enrolment rows"), "{}", run.stdout);
}

#[test]
fn a_private_gdnn_gdtx_centre_is_warned() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "data");
    let facilities = std::fs::read_to_string(test.path("data/facilities.csv")).unwrap();
    let test = test.write(
        "data/facilities.csv",
        facilities.replace("Trung tâm GDNN-GDTX An Lạc,centre,public,", "Trung tâm GDNN-GDTX An Lạc,centre,private,"),
    );
    let run = test.args(["validate", "--data", "data"]).in_temp_dir().run().success();
    assert_eq!(
        run.stderr,
        "facilities.csv:3:ownership: warning: 'Trung tâm GDNN-GDTX An Lạc' is a GDNN-GDTX centre (Trung tâm giáo dục \
         nghề nghiệp - giáo dục thường xuyên), a public unit by law, but is marked private: that leaves it out of the \
         savings and of the receivers of a merger; check ownership (public)\n"
    );
}

#[test]
fn run_quiet_prints_the_warnings_as_counts_only() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "data");
    let facilities = std::fs::read_to_string(test.path("data/facilities.csv")).unwrap();
    let test = test.write(
        "data/facilities.csv",
        facilities.replace("Trung tâm GDNN-GDTX An Lạc,centre,public,", "Trung tâm GDNN-GDTX An Lạc,centre,private,"),
    );
    let run = test.args(["run", "--quiet", "--data", "data", "--out", "out"]).in_temp_dir().run().success();
    assert!(!run.stderr.contains("facilities.csv:3:ownership"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "1 × warning: 'Trung tâm GDNN-GDTX An Lạc' is a GDNN-GDTX centre (Trung tâm giáo dục nghề nghiệp - giáo \
             dục thường xuyên), a public unit by law, but is marked private"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(--quiet: counts only;"), "{}", run.stderr);
}

/// `accepted_warnings.toml` beside the data silences exactly the warnings it lists: the
/// private GDNN-GDTX centre (row 3 of facilities) is acknowledged with its reason, which
/// validation.csv records; the labelled total row it does not list is still printed; an
/// entry that matches nothing is a warning; a malformed file is an error with its line.
#[test]
fn the_acknowledged_warnings_file_silences_exactly_what_it_lists() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "data");
    let facilities = std::fs::read_to_string(test.path("data/facilities.csv")).unwrap();
    let mut enrolment = std::fs::read_to_string(test.path("data/enrolment.csv")).unwrap();
    enrolment.push_str("Tổng cộng,,,,780,665,536,530,440,152,51,57\n");
    let accepted = "# Known gaps, checked with the Department\n\
                    [[accept]]\n\
                    table = \"facilities\"\n\
                    rows = [3]\n\
                    reason = \"An Lạc centre was privatised in 2024 (Decision 12/QĐ-UBND)\"\n\
                    \n\
                    [[accept]]\n\
                    warning = \"intake (N) exceeds\"\n\
                    reason = \"none this year\"\n";
    let test = test
        .write(
            "data/facilities.csv",
            facilities
                .replace("Trung tâm GDNN-GDTX An Lạc,centre,public,", "Trung tâm GDNN-GDTX An Lạc,centre,private,"),
        )
        .write("data/enrolment.csv", enrolment)
        .write("data/accepted_warnings.toml", accepted);
    let run = test.args(["validate", "--data", "data", "--out", "out"]).in_temp_dir().run().success();
    assert_eq!(
        run.stderr,
        "enrolment.csv:6:year: warning: row 6 is a total row ('Tổng cộng'), not data: it is skipped; delete it from \
         the sheet (tvetplan adds the rows up itself)\n\
         accepted_warnings.toml:7: warning: the entry ('intake (N) exceeds') matches no warning; correct it (the text \
         of the message as printed) or remove it\n\
         1 warning acknowledged in accepted_warnings.toml (1 entry), not shown\n"
    );
    let csv = std::fs::read_to_string(run.path("out/validation.csv")).unwrap();
    let acknowledged: Vec<&str> = csv.lines().filter(|l| l.contains(",acknowledged,")).collect();
    assert_eq!(acknowledged.len(), 1, "{csv}");
    assert!(acknowledged[0].starts_with("facilities.csv,3,ownership,acknowledged,"), "{csv}");
    assert!(
        acknowledged[0]
            .ends_with(",accepted_warnings.toml line 2: An Lạc centre was privatised in 2024 (Decision 12/QĐ-UBND)"),
        "{csv}"
    );

    let test = Test::new()
        .copy_dir(&fixture("valid/tiny"), "data")
        .write("data/accepted_warnings.toml", "[[accept]]\nwarning = \"x\"\nreason = \"y\n");
    let run = test.args(["validate", "--data", "data"]).in_temp_dir().run().exit(1);
    assert!(run.stderr.starts_with("accepted_warnings.toml:3: "), "{}", run.stderr);
}
