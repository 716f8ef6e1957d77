//! The official administrative units: `tvetplan units`, areas completed from the official
//! list, pre-reform codes converted. The datasets are the demo's tables moved onto real
//! communes of Thanh Hóa (province 38).

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::Test;
use tvetplan::units::{Commune, official};

/// A CSV without quoted cells as (header, rows).
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(str::to_string).collect();
    (header, lines.map(|l| l.split(',').map(str::to_string).collect()).collect())
}

fn write_csv(path: &Path, header: &[String], rows: &[Vec<String>]) {
    let mut text = header.join(",") + "\n";
    for r in rows {
        text += &(r.join(",") + "\n");
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|c| c == name).unwrap_or_else(|| panic!("no column {name}"))
}

/// The first communes of Thanh Hóa, one per demo commune.
fn thanh_hoa() -> Vec<&'static Commune> {
    official().communes_of("38").collect()
}

/// Writes the demo moved onto Thanh Hóa into `dir`: `written_out` gives areas.csv every
/// commune column, otherwise only area_id, difficult and the statistics. Returns the map
/// from demo area ids to official codes.
fn write_dataset(dir: &Path, written_out: bool) -> BTreeMap<String, &'static Commune> {
    let demo = tvetplan_root().join("datasets/demo");
    let (header, rows) = read_csv(&demo.join("areas.csv"));
    let communes = thanh_hoa();
    let map: BTreeMap<String, &Commune> = rows.iter().zip(&communes).map(|(r, c)| (r[0].clone(), *c)).collect();
    let stats: Vec<usize> = (col(&header, "population")..header.len()).collect();
    let difficult = col(&header, "difficult");
    let mut out_header: Vec<String> = vec!["area_id".into()];
    if written_out {
        out_header.extend(["name", "province_id", "province_name", "kind", "urban", "lat", "lon"].map(String::from));
    }
    out_header.push("difficult".into());
    out_header.extend(stats.iter().map(|&i| header[i].clone()));
    let out_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let c = map[&r[0]];
            let mut row = vec![c.code.clone()];
            if written_out {
                row.extend([
                    c.name.clone(),
                    "38".into(),
                    "Tỉnh Thanh Hóa".into(),
                    tvetplan::model::Code::name(c.kind).to_string(),
                    c.urban().to_string(),
                    c.lat.to_string(),
                    c.lon.to_string(),
                ]);
            }
            row.push(r[difficult].clone());
            row.extend(stats.iter().map(|&i| r[i].clone()));
            row
        })
        .collect();
    write_csv(&dir.join("areas.csv"), &out_header, &out_rows);
    // Facilities at the official centre of their commune.
    let (header, mut rows) = read_csv(&demo.join("facilities.csv"));
    let (a, lat, lon) = (col(&header, "area_id"), col(&header, "lat"), col(&header, "lon"));
    for r in &mut rows {
        let c = map[&r[a]];
        r[a] = c.code.clone();
        r[lat] = c.lat.to_string();
        r[lon] = c.lon.to_string();
    }
    write_csv(&dir.join("facilities.csv"), &header, &rows);
    let (header, mut rows) = read_csv(&demo.join("demand.csv"));
    let (a, p) = (col(&header, "area_id"), col(&header, "province_id"));
    for r in &mut rows {
        if !r[a].is_empty() {
            r[a] = map[&r[a]].code.clone();
        }
        if !r[p].is_empty() {
            r[p] = "38".into();
        }
    }
    write_csv(&dir.join("demand.csv"), &header, &rows);
    for file in ["programs.csv", "enrolment.csv", "occupations.csv", "targets.csv"] {
        std::fs::copy(demo.join(file), dir.join(file)).unwrap();
    }
    map
}

fn tvetplan_root() -> std::path::PathBuf {
    crate::common::root()
}

#[test]
fn units_prints_a_province_and_exports_the_legacy_table() {
    let run = Test::new().args(["units", "--province", "15"]).run().success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "code,name,kind,urban,province_id,province_name,lat,lon,area_km2");
    assert_eq!(lines.len() - 1, official().communes_of("15").count());
    assert!(lines.iter().all(|l| l.contains(",15,Tỉnh Lào Cai,") || l.starts_with("code,")));
    let test = Test::new();
    let out = test.path("legacy.csv");
    let run = test.args(["units", "--legacy", "--out", out.to_str().unwrap()]).run().success();
    let text = std::fs::read_to_string(run.path("legacy.csv")).unwrap();
    // One row per (old commune, new commune) pair.
    assert_eq!(text.lines().count() - 1, 10_597);
    assert!(text.contains("\n00001,Phường Phúc Xá,phuong,001,Quận Ba Đình,01,Thành phố Hà Nội,"));
    let run = Test::new().args(["units", "--province", "63"]).run();
    assert_eq!(run.output.status.code(), Some(2));
    assert!(run.stderr.contains("not a 2025 province code"), "{}", run.stderr);
}

#[test]
fn areas_with_codes_only_give_the_same_results_as_written_out() {
    let test = Test::new();
    let full = test.path("full");
    let bare = test.path("bare");
    write_dataset(&full, true);
    write_dataset(&bare, false);
    let scenario = tvetplan_root().join("datasets/demo/scenarios/baseline.toml");
    let mut outputs = Vec::new();
    for (data, out) in [(&full, "out_full"), (&bare, "out_bare")] {
        let out = test.path(out);
        let run = Test::new()
            .args([
                "run",
                "--quiet",
                "--all",
                "--data",
                data.to_str().unwrap(),
                "--scenario",
                scenario.to_str().unwrap(),
            ])
            .args(["--out", out.to_str().unwrap()])
            .run()
            .success();
        outputs.push((out, run.stderr));
    }
    // Written out: nothing to complete, nothing disagrees.
    assert!(!outputs[0].1.contains("completed from the official"), "{}", outputs[0].1);
    assert!(!outputs[0].1.contains("differs from the official"), "{}", outputs[0].1);
    assert!(outputs[1].1.contains("57 communes completed from the official 2025 list"), "{}", outputs[1].1);
    for file in
        ["summary.json", "kpis.csv", "facility_scores.csv", "training_access_by_area.csv", "alignment_summary.csv"]
    {
        let a = std::fs::read_to_string(outputs[0].0.join("baseline").join(file)).unwrap();
        let b = std::fs::read_to_string(outputs[1].0.join("baseline").join(file)).unwrap();
        assert!(a == b, "{file} differs");
    }
    let summary = std::fs::read_to_string(outputs[1].0.join("baseline/summary.json")).unwrap();
    assert!(summary.contains("\"communes\": 57"), "{summary}");
    // No areas.geojson: the maps draw approximate cells, say so, and draw the national
    // outline (its light fill) around the real communes.
    let svg = std::fs::read_to_string(outputs[1].0.join("baseline/charts/alignment_map.svg")).unwrap();
    assert!(svg.contains("approximate commune cells"));
    assert!(svg.contains("fill=\"#F4F4F1\""));
}

#[test]
fn demand_on_pre_reform_codes_is_converted_and_totals_are_kept() {
    let test = Test::new();
    let dir = test.path("data");
    let map = write_dataset(&dir, false);
    let chosen: std::collections::BTreeSet<&str> = map.values().map(|c| c.code.as_str()).collect();
    let units = official();
    // Pre-reform communes of Thanh Hóa (province 38 before and after) that went wholly into
    // the communes of the dataset; 2 of them were divided between several new communes.
    let old: Vec<&str> = units
        .legacy
        .iter()
        .filter(|c| c.province == "38")
        .filter(|c| units.successors(&c.code).iter().all(|s| chosen.contains(s.code.as_str())))
        .map(|c| c.code.as_str())
        .collect();
    let divided: Vec<&str> = old.iter().copied().filter(|c| units.successors(c).len() > 1).collect();
    assert_eq!((old.len(), divided.len()), (143, 2));
    let (header, rows) = read_csv(&dir.join("demand.csv"));
    let (year, a, openings) = (col(&header, "year"), col(&header, "area_id"), col(&header, "openings"));
    // Years before 2025 on the old codes (spread over them, the divided ones included).
    let mut rows = rows;
    let mut k = 0;
    let mut total_before: BTreeMap<String, f64> = BTreeMap::new();
    for r in &mut rows {
        if r[year].as_str() < "2025" && !r[a].is_empty() {
            r[a] = old[k % old.len()].to_string();
            k += 1;
        }
        *total_before.entry(r[year].clone()).or_default() += r[openings].parse::<f64>().unwrap();
    }
    assert!(k > old.len(), "every old code used");
    write_csv(&dir.join("demand.csv"), &header, &rows);
    let loaded =
        tvetplan::pipeline::validate_only_with(&tvetplan::load::DataSource::Dir(dir.clone()), Default::default())
            .unwrap();
    let mut total_after: BTreeMap<String, f64> = BTreeMap::new();
    for d in &loaded.dataset.demand {
        *total_after.entry(d.year.to_string()).or_default() += d.openings;
        if let tvetplan::model::DemandScope::Area(id) = &d.scope {
            assert!(chosen.contains(id.as_str()), "{id} is a 2025 commune of the dataset");
        }
    }
    // Every year's total, hence the province's (one province), exactly.
    assert_eq!(total_before, total_after);
    assert!(loaded.dataset.demand.iter().all(|d| d.openings.fract() == 0.0));
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.message.contains(&format!("{k} rows with pre-reform commune codes converted"))
                && w.message.contains("of communes divided between several new ones, split by area share")),
        "{:?}",
        loaded.warnings
    );
    // An unknown code: the error gives the hint (a typo in the first digit).
    let (header, mut rows) = read_csv(&dir.join("areas.csv"));
    let first = rows[0][0].clone();
    rows[0][0] = format!("9{}", &first[1..]);
    write_csv(&dir.join("areas.csv"), &header, &rows);
    let run = Test::new().args(["validate", "--data", dir.to_str().unwrap()]).run();
    assert_eq!(run.output.status.code(), Some(1), "{}", run.stderr);
    let expected = format!(
        "areas.csv:2:area_id: '9{}' is not an official 2025 commune code; the nearest official code is ",
        &first[1..]
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    // --units none reads the codes as written: the bare table then lacks its columns.
    let run = Test::new().args(["validate", "--units", "none", "--data", dir.to_str().unwrap()]).run();
    assert_eq!(run.output.status.code(), Some(1));
    assert!(run.stderr.contains("missing required column 'name'"), "{}", run.stderr);
}
