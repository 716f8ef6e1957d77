//! Loading: UTF-8 BOM, CRLF, Parquet and Excel inputs give the same dataset as plain CSV.

use std::path::Path;

use polars::prelude::*;

use crate::common::{Test, fixture};

const TINY_SUMMARY: &str =
    "valid (3 communes, 2 facilities, 3 programmes, 4 enrolment rows, 5 demand rows, 2 occupations; 0 warnings)";

fn validate_dir(test: Test, rel: &str) -> String {
    let run = test.args(["validate", "--data", rel]).in_temp_dir().run().success();
    run.stdout
}

#[test]
fn csv_with_bom_and_crlf_is_read_like_plain_csv() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "data");
    for name in ["areas.csv", "enrolment.csv", "demand.csv"] {
        let text = std::fs::read_to_string(test.path("data").join(name)).unwrap();
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend(text.replace('\n', "\r\n").into_bytes());
        std::fs::write(test.path("data").join(name), bytes).unwrap();
    }
    assert!(validate_dir(test, "data").contains(TINY_SUMMARY));
}

fn csv_to_parquet(csv: &Path, parquet: &Path) {
    let mut frame = CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(csv.to_path_buf()))
        .unwrap()
        .finish()
        .unwrap();
    let file = std::fs::File::create(parquet).unwrap();
    ParquetWriter::new(file).finish(&mut frame).unwrap();
}

#[test]
fn parquet_tables_are_read_with_polars() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "data");
    let dir = test.path("data");
    for name in ["enrolment", "programs"] {
        csv_to_parquet(&dir.join(format!("{name}.csv")), &dir.join(format!("{name}.parquet")));
        std::fs::remove_file(dir.join(format!("{name}.csv"))).unwrap();
    }
    assert!(validate_dir(test, "data").contains(TINY_SUMMARY));
}

#[test]
fn a_table_given_twice_is_an_error() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "data");
    let dir = test.path("data");
    csv_to_parquet(&dir.join("programs.csv"), &dir.join("programs.parquet"));
    let run = test.args(["validate", "--data", "data"]).in_temp_dir().run().exit(1);
    assert!(
        run.stderr.starts_with("programs.parquet: both programs.csv and programs.parquet exist; keep one\n"),
        "{}",
        run.stderr
    );
}

/// Writes every CSV of `dir` as a sheet of `dataset.xlsx`; numbers as numbers, except the
/// columns listed in `text_columns` (`column` or `sheet.column`), which stay text (as a
/// careful planner would format them).
pub(crate) fn csv_dir_to_xlsx(dir: &Path, xlsx: &Path, text_columns: &[&str]) {
    csv_dir_to_xlsx_with_dates(dir, xlsx, text_columns, &[]);
}

/// Like `csv_dir_to_xlsx`, but numbers in `date_columns` ("sheet.column") are written
/// with a date format, as Excel does when a column was once used for dates.
fn csv_dir_to_xlsx_with_dates(dir: &Path, xlsx: &Path, text_columns: &[&str], date_columns: &[&str]) {
    csv_dir_to_workbook(dir, text_columns, date_columns, &[]).save(xlsx).unwrap();
}

/// The workbook of `csv_dir_to_xlsx_with_dates`, not saved; the sheets in `shifted` start
/// that many rows down (room for a title above the header).
fn csv_dir_to_workbook(
    dir: &Path,
    text_columns: &[&str],
    date_columns: &[&str],
    shifted: &[(&str, u32)],
) -> rust_xlsxwriter::Workbook {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for path in names.iter().filter(|p| p.extension().is_some_and(|e| e == "csv")) {
        let sheet_name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let sheet = workbook.add_worksheet();
        sheet.set_name(&sheet_name).unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        let down = shifted.iter().find(|(name, _)| *name == sheet_name).map_or(0, |s| s.1);
        let mut header: Vec<String> = Vec::new();
        for (r, line) in text.lines().enumerate() {
            let at = r as u32 + down;
            for (c, cell) in line.split(',').enumerate() {
                if r == 0 {
                    header.push(cell.to_string());
                }
                let qualified = format!("{sheet_name}.{}", header[c]);
                let keep_text =
                    text_columns.contains(&header[c].as_str()) || text_columns.contains(&qualified.as_str());
                match cell.parse::<f64>() {
                    Ok(v) if r > 0 && date_columns.contains(&qualified.as_str()) => {
                        sheet.write_number_with_format(at, c as u16, v, &date).map(|_| ())
                    }
                    Ok(v) if r > 0 && !keep_text => sheet.write_number(at, c as u16, v).map(|_| ()),
                    _ if cell.is_empty() => Ok(()),
                    _ => sheet.write_string(at, c as u16, cell).map(|_| ()),
                }
                .unwrap();
            }
        }
    }
    workbook
}

const TEXT_CODES: &[&str] = &["area_id", "province_id", "code", "occupation"];

/// A "Tổng cộng" row at the bottom of the enrolment sheet: exactly one message, naming the
/// row, and the rest of the sheet is read.
#[test]
fn a_total_row_in_an_excel_sheet_gives_exactly_one_message() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "csv");
    let mut enrolment = std::fs::read_to_string(test.path("csv/enrolment.csv")).unwrap();
    enrolment.push_str("Tổng cộng,,,,780,665,536,530,440,152,51,57\n");
    let test = test.write("csv/enrolment.csv", enrolment);
    std::fs::create_dir_all(test.path("xlsx")).unwrap();
    csv_dir_to_xlsx(&test.path("csv"), &test.path("xlsx/dataset.xlsx"), TEXT_CODES);
    let run = test.args(["validate", "--data", "xlsx"]).in_temp_dir().run().success();
    assert_eq!(
        run.stderr,
        "dataset.xlsx[enrolment]:6:year: warning: row 6 is a total row ('Tổng cộng'), not data: it is skipped; \
         delete it from the sheet (tvetplan adds the rows up itself)\n"
    );
    assert!(run.stdout.contains("4 enrolment rows"), "{}", run.stdout);
}

/// The same total row without its label (the sums only) is recognised by its numbers.
#[test]
fn an_unlabelled_row_of_sums_in_an_excel_sheet_gives_exactly_one_message() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "csv");
    let mut areas = std::fs::read_to_string(test.path("csv/areas.csv")).unwrap();
    areas.push_str(",,,,,,,,,34000,22300,20100,480,14100,5700,9300,560\n");
    let test = test.write("csv/areas.csv", areas);
    std::fs::create_dir_all(test.path("xlsx")).unwrap();
    csv_dir_to_xlsx(&test.path("csv"), &test.path("xlsx/dataset.xlsx"), TEXT_CODES);
    let run = test.args(["validate", "--data", "xlsx"]).in_temp_dir().run().success();
    assert_eq!(
        run.stderr,
        "dataset.xlsx[areas]:5: warning: row 5 holds the sums of the other rows (population, working_age, \
         labour_force, unemployed, ...): a total row, not data: it is skipped; delete it from the sheet (tvetplan \
         adds the rows up itself)\n"
    );
    assert!(run.stdout.contains("valid (3 communes"), "{}", run.stdout);
}

/// A title merged across the top of the areas sheet, the column names on row 2: read, with
/// one warning saying to delete the title; rows keep their sheet numbers. Merged cells on
/// the facilities header hide a column name: the hint says why the column is missing.
#[test]
fn a_title_row_and_merged_header_cells_are_recognised_with_a_hint() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "csv");
    std::fs::create_dir_all(test.path("xlsx")).unwrap();
    let mut workbook = csv_dir_to_workbook(&test.path("csv"), TEXT_CODES, &[], &[("areas", 1)]);
    let plain = rust_xlsxwriter::Format::new();
    let areas = workbook.worksheet_from_name("areas").unwrap();
    areas.merge_range(0, 0, 0, 8, "DANH SÁCH XÃ, PHƯỜNG NĂM 2025", &plain).unwrap();
    areas.write_string(2, 9, "20000x").unwrap();
    workbook.save(test.path("xlsx/dataset.xlsx")).unwrap();
    let run = test.args(["validate", "--data", "xlsx"]).in_temp_dir().run().exit(1);
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        [
            "dataset.xlsx[areas]:3:population: expected a number, found '20000x'",
            "dataset.xlsx[areas]:2: warning: the column names are on row 2: row 1 above them (a title or a heading) \
             is skipped; delete it so that the column names are on the first row",
            "1 error and 1 warning: fix the errors above and run again",
        ],
        "{}",
        run.stderr
    );

    let test = Test::new().copy_dir(&fixture("valid/tiny"), "csv");
    std::fs::create_dir_all(test.path("xlsx")).unwrap();
    let mut workbook = csv_dir_to_workbook(&test.path("csv"), TEXT_CODES, &[], &[]);
    let facilities = workbook.worksheet_from_name("facilities").unwrap();
    facilities.merge_range(0, 1, 0, 2, "name", &rust_xlsxwriter::Format::new()).unwrap();
    workbook.save(test.path("xlsx/dataset.xlsx")).unwrap();
    let run = test.args(["validate", "--data", "xlsx"]).in_temp_dir().run().exit(1);
    assert!(run.stderr.contains("dataset.xlsx[facilities]:1:kind: missing required column 'kind'\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "dataset.xlsx[facilities]:1: warning: the header has merged cells (B1:C1): only the first cell of a \
             merged range holds a column name; unmerge them and write one column name in each cell"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn an_excel_workbook_with_one_sheet_per_table_is_read() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "csv");
    std::fs::create_dir_all(test.path("xlsx")).unwrap();
    csv_dir_to_xlsx(
        &test.path("csv"),
        &test.path("xlsx/dataset.xlsx"),
        &["area_id", "province_id", "code", "occupation"],
    );
    assert!(validate_dir(test, "xlsx").contains(TINY_SUMMARY));
}

/// The planner's case: the `areas` sheet holds commune codes as numbers (1001 for 01001), the
/// other sheets as text. The codes are padded back, with one warning naming the sheet, and
/// the whole run goes through.
#[test]
fn numeric_area_codes_in_the_areas_sheet_are_padded_with_one_warning_and_the_run_goes_through() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "csv");
    std::fs::create_dir_all(test.path("xlsx")).unwrap();
    csv_dir_to_xlsx(
        &test.path("csv"),
        &test.path("xlsx/dataset.xlsx"),
        &["facilities.area_id", "demand.area_id", "province_id", "code", "occupation"],
    );
    let run =
        test.args(["run", "--data", "xlsx", "--out", "reports", "--quiet", "--all"]).in_temp_dir().run().success();
    // The tiny fixture's rural counts are not what the attendance model can give: the run
    // also warns about that (the enrolment sheet), after the one warning about the codes.
    let (model, other): (Vec<&str>, Vec<&str>) = run
        .stderr
        .lines()
        .partition(|l| l.starts_with("dataset.xlsx[enrolment]: warning: the attendance model does not reproduce"));
    assert!(model.len() <= 2, "{model:?}");
    assert_eq!(
        other,
        ["dataset.xlsx[areas]: area_id: warning: 3 codes stored as numbers in Excel (e.g. 1001) were padded with \
          leading zeros to 5 digits (01001) to match the codes written as text; format the column as Text in Excel \
          to keep the zeros"]
    );
    // The padded codes are the ones in the report.
    let scores = std::fs::read_to_string(run.path("reports/baseline/training_access_by_area.csv")).unwrap();
    assert!(scores.contains("01001") && !scores.contains(",1001,"), "{scores}");
}

/// When padding cannot make the codes match (here the demand sheet writes six digits, the
/// facilities sheet five), one error names the sheet that holds the numbers, instead of an
/// "unknown area" error on every referencing row.
#[test]
fn numeric_area_codes_that_padding_cannot_repair_give_one_error_naming_the_areas_sheet() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "csv");
    let demand = std::fs::read_to_string(test.path("csv/demand.csv")).unwrap();
    let test = test.write("csv/demand.csv", demand.replace(",0100", ",00100"));
    std::fs::create_dir_all(test.path("xlsx")).unwrap();
    csv_dir_to_xlsx(
        &test.path("csv"),
        &test.path("xlsx/dataset.xlsx"),
        &["facilities.area_id", "demand.area_id", "province_id", "code", "occupation"],
    );
    let run = test.args(["validate", "--data", "xlsx", "--out", "reports"]).in_temp_dir().run().exit(1);
    let errors: Vec<&str> = run.stderr.lines().filter(|l| !l.contains("warning:")).collect();
    assert_eq!(errors.len(), 2, "one error and the count line\n{}", run.stderr);
    assert!(
        errors[0].starts_with(
            "dataset.xlsx[areas]: area_id: 3 codes stored as numbers (1001, 1002, 1003) lost their leading zeros"
        ),
        "{}",
        run.stderr
    );
    assert!(errors[0].contains("format the area_id column as Text in Excel"), "{}", run.stderr);
    assert!(!run.stderr.contains("unknown area"), "{}", run.stderr);
    assert!(!run.stderr.contains("areas.csv"), "{}", run.stderr);
}

/// The other direction: the referencing sheet lost its zeros and cannot be padded (no sheet
/// writes these codes as text, except the areas sheet at another width): the unknown code
/// gets a "did you mean" naming the areas sheet.
#[test]
fn an_unknown_code_hints_at_the_areas_sheet_code_it_probably_means() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "csv");
    let facilities = std::fs::read_to_string(test.path("csv/facilities.csv")).unwrap();
    // A slip: 01004 for 01003 would not exist; 01002 -> 01020 is one swap away.
    let test = test.write("csv/facilities.csv", facilities.replace(",01002,", ",01020,"));
    std::fs::create_dir_all(test.path("xlsx")).unwrap();
    csv_dir_to_xlsx(
        &test.path("csv"),
        &test.path("xlsx/dataset.xlsx"),
        &["area_id", "province_id", "code", "occupation"],
    );
    let run = test.args(["validate", "--data", "xlsx"]).in_temp_dir().run().exit(1);
    assert!(
        run.stderr.contains(
            "dataset.xlsx[facilities]:3:area_id: unknown area '01020' (not in dataset.xlsx[areas]); did you mean '01002'?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn excel_date_cells_are_read_as_numbers_with_a_warning() {
    let test = Test::new().copy_dir(&fixture("valid/tiny"), "csv");
    std::fs::create_dir_all(test.path("xlsx")).unwrap();
    csv_dir_to_xlsx_with_dates(
        &test.path("csv"),
        &test.path("xlsx/dataset.xlsx"),
        &["area_id", "province_id", "code", "occupation"],
        &["targets.year"],
    );
    let run = test.args(["validate", "--data", "xlsx"]).in_temp_dir().run().success();
    assert!(
        run.stderr.contains(
            "dataset.xlsx[targets]:2:year: warning: the cell is formatted as a date in Excel; read as the number 2030"
        ),
        "{}",
        run.stderr
    );
}

/// Writes every CSV of `dir` as a sheet, read with a real CSV parser (quoted names with
/// commas stay one cell): numbers as numbers except `text_columns`, empty cells left blank.
fn demo_csvs_to_xlsx(dir: &Path, xlsx: &Path, text_columns: &[&str]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for path in names.iter().filter(|p| p.extension().is_some_and(|e| e == "csv")) {
        let frame = CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .try_into_reader_with_file_path(Some(path.clone()))
            .unwrap()
            .finish()
            .unwrap();
        let sheet = workbook.add_worksheet();
        sheet.set_name(path.file_stem().unwrap().to_str().unwrap()).unwrap();
        for (c, column) in frame.columns().iter().enumerate() {
            let name = column.name().as_str();
            sheet.write_string(0, c as u16, name).unwrap();
            for (r, cell) in column.str().unwrap().iter().enumerate() {
                let row = r as u32 + 1;
                match cell {
                    None | Some("") => {}
                    Some(text) => match text.parse::<f64>() {
                        Ok(v) if !text_columns.contains(&name) => {
                            sheet.write_number(row, c as u16, v).unwrap();
                        }
                        _ => {
                            sheet.write_string(row, c as u16, text).unwrap();
                        }
                    },
                }
            }
        }
    }
    workbook.save(xlsx).unwrap();
}

/// Not only counts: every value of every table read from an Excel workbook (numbers stored as
/// Excel numbers, coordinates with six decimals, costs, shares, booleans, Vietnamese names)
/// equals the value read from the same data as CSV, row by row and field by field.
#[test]
fn every_value_of_the_demo_read_from_excel_equals_the_csv_value_cell_by_cell() {
    let test = Test::new().copy_dir(&crate::common::root().join("datasets/demo"), "csv");
    std::fs::create_dir_all(test.path("xlsx")).unwrap();
    std::fs::copy(test.path("csv/areas.geojson"), test.path("xlsx/areas.geojson")).unwrap();
    demo_csvs_to_xlsx(
        &test.path("csv"),
        &test.path("xlsx/dataset.xlsx"),
        &["area_id", "province_id", "code", "occupation", "old_id", "new_id", "isco"],
    );
    let load = |dir: &str| {
        tvetplan::pipeline::validate_only(&tvetplan::load::DataSource::Dir(test.path(dir)))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .dataset
    };
    let (csv, xlsx) = (load("csv"), load("xlsx"));
    fn same<T: std::fmt::Debug>(table: &str, csv: &[T], xlsx: &[T]) {
        assert_eq!(csv.len(), xlsx.len(), "{table}: row count");
        assert!(!csv.is_empty(), "{table}: the demo has rows");
        for (i, (a, b)) in csv.iter().zip(xlsx).enumerate() {
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{table}: row {} differs between CSV and Excel", i + 2);
        }
    }
    same("areas", &csv.areas, &xlsx.areas);
    same("facilities", &csv.facilities, &xlsx.facilities);
    same("programs", &csv.programs, &xlsx.programs);
    same("enrolment", &csv.enrolment, &xlsx.enrolment);
    same("demand", &csv.demand, &xlsx.demand);
    same("occupations", &csv.occupations, &xlsx.occupations);
    same("targets", &csv.targets, &xlsx.targets);
    same("travel", &csv.travel, &xlsx.travel);
    same("succession", &csv.succession, &xlsx.succession);
}
