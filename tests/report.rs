//! The report folder: PDF with real Vietnamese text, a workbook a spreadsheet library reads,
//! GeoJSON layers, valid PNG and SVG charts, reproducible bytes, and snapshots of the numbers
//! behind every chart.

use std::process::Command;

use crate::common::{Test, list_files, root};

/// Runs the demo baseline only (fast) into `out`, with a fixed creation time.
fn baseline(lang: &str) -> crate::common::Run {
    let test = Test::new();
    let out = test.path("out");
    let scenario = root().join("datasets/demo/scenarios/baseline.toml");
    test.env("SOURCE_DATE_EPOCH", "1764201600")
        .args([
            "run",
            "--quiet",
            "--lang",
            lang,
            "--scenario",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .run()
        .success()
}

fn poppler(tool: &str, pdf: &std::path::Path) -> String {
    let output = Command::new(tool)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed by this test (poppler-utils; `make test` installs it): {e}"));
    assert!(output.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_pdf_has_real_vietnamese_text_and_page_numbers() {
    let run = baseline("vi");
    let pdf = run.path("out/baseline/report.pdf");
    let text = poppler("pdftotext", &pdf);
    for expected in ["Tỉnh Lam Hồng", "lao động", "Đã đạt", "Phương pháp", "Trang 1/", "Dữ liệu đầu vào", "areas.csv"]
    {
        assert!(text.contains(expected), "the PDF text lacks '{expected}'");
    }
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8(info.stdout).unwrap();
    let pages: usize =
        info.lines().find(|l| l.starts_with("Pages:")).unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(pages >= 6, "{pages} pages");
    assert!(info.contains("A4"), "{info}");
    let fonts = Command::new("pdffonts").arg(&pdf).output().expect("pdffonts (poppler-utils)");
    let fonts = String::from_utf8(fonts.stdout).unwrap();
    assert!(
        fonts.contains("NotoSans-Regular") && fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "fonts embedded: {fonts}"
    );
}

#[test]
fn english_switches_the_labels() {
    let run = baseline("en");
    let text = poppler("pdftotext", &run.path("out/baseline/report.pdf"));
    assert!(text.contains("Planning brief") && text.contains("Key figures") && text.contains("Page 1 of"), "{text}");
    // The options table a director reads: budget savings (one column with its range, the
    // demo having no self-financing school among the options shown), people out of reach,
    // what the rank and the Pareto front mean.
    for expected in [
        "Budget to",
        "Out of",
        "Pareto",
        "So #1 may be off the front",
        "package that meets the cap",
        "Scenario: Baseline",
    ] {
        assert!(text.contains(expected), "the English brief lacks '{expected}'");
    }
    let svg = std::fs::read_to_string(run.path("out/baseline/charts/facility_utilisation.svg")).unwrap();
    assert!(svg.contains("Use of training places by facility"));
    // The demo's synthetic history calibrates both shares: the brief reports the fit and what
    // moves each share; projection.csv starts with the observed values.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Workers trained: calibrated to 7 observed years (2019-2025)",
        "With diploma or certificate: calibrated to 7 observed years (2019-2025)",
        "contributions (percentage points): leavers -",
    ] {
        assert!(flat.contains(expected), "the English brief lacks '{expected}'");
    }
    let projection = std::fs::read_to_string(run.path("out/baseline/projection.csv")).unwrap();
    assert!(projection.lines().nth(1).unwrap().starts_with("2019,,,,,,,0.6080,0.2060,history"), "{projection}");
    assert!(projection.contains(",projection\n"), "{projection}");
}

#[test]
fn the_workbook_opens_with_a_spreadsheet_library() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let run = baseline("vi");
    let mut book: Xlsx<_> = open_workbook(run.path("out/baseline/tables.xlsx")).expect("a valid xlsx");
    let sheets = book.sheet_names();
    for name in [
        "kpis",
        "alignment_by_group",
        "alignment_by_occupation",
        "training_access_by_area",
        "facility_scores",
        "consolidation_options",
        "access_by_area",
    ] {
        assert!(sheets.iter().any(|s| s == name), "sheet {name} in {sheets:?}");
    }
    let range = book.worksheet_range("facility_scores").unwrap();
    assert_eq!(range.get((0, 0)), Some(&Data::String("facility_id".into())));
    assert_eq!(range.height(), 28, "a header and 27 facilities");
    // Numbers are numbers, not text.
    assert!(matches!(range.get((1, 4)), Some(Data::Float(_))), "{:?}", range.get((1, 4)));
}

#[test]
fn geojson_layers_have_one_feature_per_commune_and_facility() {
    let run = baseline("vi");
    let read = |f: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(run.path(&format!("out/baseline/{f}"))).unwrap()).unwrap()
    };
    let areas = read("areas.geojson");
    assert_eq!(areas["type"], "FeatureCollection");
    let features = areas["features"].as_array().unwrap();
    assert_eq!(features.len(), 57);
    let first = &features[0];
    assert_eq!(first["geometry"]["type"], "MultiPolygon");
    let lon = first["geometry"]["coordinates"][0][0][0][0].as_f64().unwrap();
    let lat = first["geometry"]["coordinates"][0][0][0][1].as_f64().unwrap();
    assert!((102.0..110.0).contains(&lon) && (8.0..24.0).contains(&lat), "[lon, lat] order: {lon}, {lat}");
    assert!(first["properties"]["matching_training_access"].is_number());
    let facilities = read("facilities.geojson");
    assert_eq!(facilities["features"].as_array().unwrap().len(), 27);
    assert_eq!(facilities["features"][0]["geometry"]["type"], "Point");
}

#[test]
fn every_chart_is_a_valid_png_and_svg() {
    let run = baseline("vi");
    let files = list_files(&run.path("out/baseline/charts"));
    let names: Vec<&str> = files.iter().filter_map(|f| f.strip_suffix(".png")).collect();
    assert!(names.len() >= 8, "{names:?}");
    for name in names {
        let png =
            image::load_from_memory(&std::fs::read(run.path(&format!("out/baseline/charts/{name}.png"))).unwrap())
                .unwrap_or_else(|e| panic!("{name}.png: {e}"));
        assert_eq!((png.width(), png.height()), (2400, 1500), "{name}.png");
        let svg = std::fs::read_to_string(run.path(&format!("out/baseline/charts/{name}.svg"))).unwrap();
        usvg::Tree::from_str(&svg, &usvg::Options::default()).unwrap_or_else(|e| panic!("{name}.svg: {e}"));
    }
}

#[test]
fn pdf_and_xlsx_are_byte_identical_with_source_date_epoch() {
    let a = baseline("vi");
    let b = baseline("vi");
    for f in ["report.pdf", "tables.xlsx", "summary.json", "charts/alignment_map.png", "charts/alignment_map.svg"] {
        let x = std::fs::read(a.path(&format!("out/baseline/{f}"))).unwrap();
        let y = std::fs::read(b.path(&format!("out/baseline/{f}"))).unwrap();
        assert!(x == y, "{f} differs between two runs");
    }
}

#[test]
fn the_method_page_prints_the_settings_the_scenario_used() {
    // Before: 15 km, 45 minutes and 2.5% whatever the scenario said.
    let test = Test::new().write(
        "s.toml",
        "name = \"Settings\"\n[access]\nradius_km = 11\n[decay]\nkind = \"exponential\"\nhalf_life_min = 33\n\
         [scoring.projection]\nexit_rate = 0.03\n",
    );
    let (scenario, out) = (test.path("s.toml"), test.path("out"));
    let run = test
        .env("SOURCE_DATE_EPOCH", "1764201600")
        .args(["run", "--quiet", "--scenario", scenario.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .run()
        .success();
    let text = poppler("pdftotext", &run.path("out/settings/report.pdf"));
    for expected in ["Các giả định và giá trị đã dùng", "11 km", "33 phút", "3,0%", "QĐ 46/2015/QĐ-TTg"]
    {
        assert!(text.contains(expected), "the method page lacks '{expected}'");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.path("out/settings/summary.json")).unwrap()).unwrap();
    let assumptions = summary["assumptions"].as_array().unwrap();
    let radius = assumptions.iter().find(|a| a["key"] == "access.radius_km").unwrap();
    assert_eq!(radius["value"], "11 km");
}

#[test]
fn demand_tables_say_which_year_and_grow_once_to_the_horizon() {
    let run = baseline("en");
    let csv = std::fs::read_to_string(run.path("out/baseline/alignment_by_occupation.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no {name} in {header:?}"));
    let (sector, base_year, base, horizon_year, horizon) =
        (col("sector"), col("base_year"), col("openings_base"), col("horizon_year"), col("openings_horizon"));
    // openings_base is the data's own 2025 total (datasets/demo/demand.csv), not grown.
    let demand = std::fs::read_to_string(root().join("datasets/demo/demand.csv")).unwrap();
    let data_2025: f64 = demand
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|c| c[0] == "2025")
        .map(|c| c[4].parse::<f64>().unwrap())
        .sum();
    let mut base_total = 0.0;
    let mut checked = 0;
    // Names may hold commas inside quotes: split outside quotes only.
    let split = |line: &str| -> Vec<String> {
        let (mut cells, mut cell, mut quoted) = (Vec::new(), String::new(), false);
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => cells.push(std::mem::take(&mut cell)),
                _ => cell.push(c),
            }
        }
        cells.push(cell);
        cells
    };
    for line in lines {
        let cells = split(line);
        let number = |i: usize| cells[i].parse::<f64>().unwrap();
        assert_eq!((cells[base_year].as_str(), cells[horizon_year].as_str()), ("2025", "2030"));
        // The demo baseline grows industry 6% a year: 2025 -> 2030 is x1.06^5 = 1.338, once.
        base_total += number(base);
        if cells[sector] == "industry" && number(base) >= 100.0 {
            let ratio = number(horizon) / number(base);
            assert!((ratio - 1.06f64.powi(5)).abs() < 0.01, "{line}: x{ratio}");
            checked += 1;
        }
    }
    assert!(checked > 0);
    assert!((base_total - data_2025).abs() < 1.0, "openings_base {base_total} against demand.csv {data_2025}");
}

/// `comparison/report.pdf`: the overview page, then one page per scenario against the
/// baseline (the baseline's cap package is one of them), with the scenarios' names and the
/// comparison table's figures.
#[test]
fn the_comparison_brief_has_one_page_per_scenario_with_the_csv_figures() {
    let test = Test::new();
    let out = test.path("out");
    let scenario = |name: &str| root().join("datasets/demo/scenarios").join(name).to_str().unwrap().to_string();
    let run = test
        .args(["run", "--quiet", "--out", out.to_str().unwrap()])
        .args(["--scenario", &scenario("baseline.toml")])
        .args(["--scenario", &scenario("merge-small-centres.toml")])
        .args(["--scenario", &scenario("rural-push.toml")])
        .run()
        .success();
    let pdf = run.path("out/comparison/report.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8(info.stdout).unwrap();
    let pages: usize =
        info.lines().find(|l| l.starts_with("Pages:")).unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    assert_eq!(pages, 4, "the overview (baseline) page and one page per scenario, the cap package's included");
    let text = poppler("pdftotext", &pdf);
    let csv = std::fs::read_to_string(run.path("out/comparison/scenario_comparison.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for line in csv.lines().skip(2) {
        let cells: Vec<&str> = line.split(',').collect();
        let name = cells[col("scenario")];
        assert!(text.contains(name), "the PDF names the scenario '{name}'");
        // The savings as the Vietnamese brief writes them: 7441 -> 7.441.
        let savings: i64 = cells[col("net_savings_mvnd")].parse().unwrap();
        let digits = savings.unsigned_abs().to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push('.');
            }
            grouped.push(c);
        }
        let shown = if savings < 0 { format!("-{grouped}") } else { grouped };
        assert!(text.contains(&shown), "the PDF shows the savings {shown} of '{name}'");
    }
    for expected in [
        "So sánh các kịch bản với hiện trạng",
        "Hiện trạng",
        "Mới ngoài tầm",
        "Gói đạt trần 3 trường công lập – Tỉnh Lam Hồng",
        "Trang 4/4",
    ] {
        assert!(text.contains(expected), "the comparison PDF lacks '{expected}'");
    }
    // The scenario's own brief lists its actions in words with the names of the facilities,
    // those the merges removed included (not "merge F015 into F013").
    let brief = poppler("pdftotext", &run.path("out/sap-nhap-co-so-nho/report.pdf"));
    let brief = brief.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        brief.contains("Trung tâm GDNN-GDTX Hưng Phú sáp nhập vào Trung tâm GDNN-GDTX Yên Hưng"),
        "the scenario brief names the merged facilities"
    );
    assert!(!brief.contains("merge F015"), "no English one-liner with ids in the Vietnamese brief");
}

/// The text of one page of a PDF (pdftotext -f N -l N), words joined by single spaces.
fn page_text(pdf: &std::path::Path, page: usize) -> String {
    let n = page.to_string();
    let output = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext is needed by this test (poppler-utils): {e}"));
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn page_two_answers_the_three_questions_over_the_cap_in_both_languages() {
    // The demo has 6 counted schools for a cap of 3, one self-financing college left out.
    let schools = [
        "Trường Cao đẳng Kỹ thuật Công nghiệp Lam Hồng",
        "Trường Cao đẳng Nông nghiệp Phú Sơn",
        "Trường Trung cấp Giao thông Vận tải Lam Hồng",
        "Trường Trung cấp Kinh tế - Kỹ thuật Cửa Lam",
        "Trường Trung cấp Dân tộc Nội trú Con Luông",
        "Trường Trung cấp Nông Lâm Tân Phong",
    ];
    for (lang, expected) in [
        (
            "vi",
            [
                "Kết luận chính",
                "1. Còn cách các mục tiêu bao xa?",
                "Tỷ lệ lao động qua đào tạo: 67,7%, mục tiêu 75,0% năm 2030",
                "2. Đào tạo có đáp ứng nhu cầu việc làm không?",
                "Thiếu hụt chắc chắn",
                "D = 0,37",
                "3. Sắp xếp mạng lưới: mức trần 3 trường công lập",
                "Vượt mức trần 3: cần giảm 3 trường.",
                "tự bảo đảm chi thường xuyên (1): Trường Cao đẳng Du lịch - Thương mại Lam Hồng",
                "Gói đề xuất để đạt trần (năm 2026)",
            ],
        ),
        (
            "en",
            [
                "Key findings",
                "1. How far are we from the targets?",
                "The share of workers trained: 67.7%, target 75.0% by 2030",
                "2. Does training match the jobs?",
                "Sure shortages",
                "D = 0.37",
                "3. The network: the cap of 3 public schools",
                "Over the cap of 3: 3 schools to go.",
                "self-financing public schools (1): Trường Cao đẳng Du lịch - Thương mại Lam Hồng",
                "Proposed package to meet the cap (2026)",
            ],
        ),
    ] {
        let run = baseline(lang);
        let pdf = run.path("out/baseline/report.pdf");
        let page = page_text(&pdf, 2);
        for text in expected.iter().chain(&schools) {
            assert!(page.contains(text), "page 2 ({lang}) lacks '{text}': {page}");
        }
        // The answers fit on their page: the next one opens with the key figures.
        let next = page_text(&pdf, 3);
        let figures = if lang == "vi" { "Số liệu chính" } else { "Key figures" };
        assert!(next.trim_start().starts_with(figures), "page 3 ({lang}) opens with: {next}");
        // No note describes a column the options table does not have (the demo's options
        // save only budget money: no "Total" column), nor cites a file the reader lacks.
        let all = poppler("pdftotext", &pdf);
        for absent in ["Tổng: cùng cách tính", "Total: the same", "DOMAIN.md", "(xem bảng)", "(see the table)"] {
            assert!(!all.contains(absent), "the brief ({lang}) says '{absent}'");
        }
    }
}

#[test]
fn page_two_says_the_cap_is_met_when_it_is() {
    // The demo's 6 counted schools under a cap of 6: no package, the schools still named.
    for (lang, met) in [
        ("vi", "Đã đạt mức trần 6: không cần sáp nhập, giải thể trường nào để đạt trần."),
        ("en", "The cap of 6 is met: no school needs to be merged or dissolved for it."),
    ] {
        let test = Test::new().write("s.toml", "name = \"cap6\"\n[options]\npublic_school_cap = 6\n");
        let (scenario, out) = (test.path("s.toml"), test.path("out"));
        let run = test
            .env("SOURCE_DATE_EPOCH", "1764201600")
            .args(["run", "--quiet", "--lang", lang, "--scenario", scenario.to_str().unwrap()])
            .args(["--out", out.to_str().unwrap()])
            .run()
            .success();
        let pdf = run.path("out/cap6/report.pdf");
        let page = page_text(&pdf, 2);
        assert!(page.contains(met), "page 2 ({lang}) lacks '{met}': {page}");
        assert!(page.contains("Trường Trung cấp Nông Lâm Tân Phong"), "{page}");
        assert!(!page.contains("Gói đề xuất") && !page.contains("Proposed package"), "{page}");
        // No sentence of the brief cites a file the reader does not have.
        assert!(!poppler("pdftotext", &pdf).contains("DOMAIN.md"));
    }
}

#[test]
fn charts_drawn_from_a_workbook_name_its_sheets() {
    // Before: every chart but the maps said "enrolment.csv, demand.csv" whatever the input.
    let test = Test::new().copy_dir(&crate::common::fixture("valid/tiny"), "csv");
    std::fs::create_dir_all(test.path("xlsx")).unwrap();
    crate::loading::csv_dir_to_xlsx(
        &test.path("csv"),
        &test.path("xlsx/dataset.xlsx"),
        &["area_id", "province_id", "code", "occupation"],
    );
    let run = test.args(["run", "--data", "xlsx", "--out", "reports", "--quiet"]).in_temp_dir().run().success();
    for chart in ["supply_demand_by_occupation", "coverage_by_sector", "facility_utilisation"] {
        let svg = std::fs::read_to_string(run.path(&format!("reports/baseline/charts/{chart}.svg"))).unwrap();
        assert!(svg.contains("dataset.xlsx[") && !svg.contains("enrolment.csv"), "{chart} names the wrong source");
    }
}
