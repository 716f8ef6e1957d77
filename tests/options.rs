//! The consolidation options of the demo province, read as a planner would.

use std::collections::HashMap;

use crate::common::{Test, root};

fn table(text: &str) -> Vec<HashMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
    lines.map(|l| header.iter().cloned().zip(l.split(',').map(str::to_string)).collect()).collect()
}

fn num(row: &HashMap<String, String>, column: &str) -> f64 {
    row[column].parse().unwrap_or_else(|_| panic!("{column} = {:?}", row[column]))
}

/// Closing a facility that is the only provider of a programme in the province (same
/// occupation; same level for college and intermediate, either short level otherwise)
/// loses at least that programme's base-year intake: its learners have nowhere to go.
#[test]
fn closing_a_sole_provider_loses_at_least_its_sole_programmes_intake() {
    let test = Test::new();
    let out = test.path("out");
    let run = test.args(["run", "--quiet", "--out", out.to_str().unwrap()]).run().success();
    let options = table(&std::fs::read_to_string(run.path("out/baseline/consolidation_options.csv")).unwrap());
    let demo = root().join("datasets/demo");
    let programmes = table(&std::fs::read_to_string(demo.join("programs.csv")).unwrap());
    let enrolment = table(&std::fs::read_to_string(demo.join("enrolment.csv")).unwrap());
    let base_year = enrolment.iter().map(|e| num(e, "year") as i32).max().unwrap();
    let key = |occupation: &str, level: &str| {
        let group = if matches!(level, "college" | "intermediate") { level } else { "short" };
        (occupation.to_string(), group.to_string())
    };
    let mut providers: HashMap<(String, String), Vec<String>> = HashMap::new();
    for p in &programmes {
        providers.entry(key(&p["occupation"], &p["level"])).or_default().push(p["facility_id"].clone());
    }
    let mut checked = 0;
    for o in options.iter().filter(|o| o["action"] == "close") {
        let f = &o["facility_id"];
        let sole_intake: f64 = enrolment
            .iter()
            .filter(|e| num(e, "year") as i32 == base_year && &e["facility_id"] == f)
            .filter(|e| providers[&key(&e["occupation"], &e["level"])].iter().all(|g| g == f))
            .map(|e| num(e, "intake"))
            .sum();
        if sole_intake > 0.0 {
            checked += 1;
        }
        assert!(
            num(o, "learners_lost") >= sole_intake - 0.5,
            "{}: loses {} but {} learners are in programmes nobody else teaches",
            o["option_id"],
            o["learners_lost"],
            sole_intake
        );
        assert!(num(o, "learners_lost_low") <= num(o, "learners_lost") + 1e-9);
        assert!(num(o, "learners_lost") <= num(o, "learners_lost_high") + 1e-9);
    }
    assert!(checked >= 3, "the demo has sole providers to check ({checked})");
}

/// One receiver rule: no merge into a receiver beyond `cap_max_merge_min` (60 minutes) of
/// the closed site, each merge saying how far and how much of its learners' trades the
/// receiver teaches; and the demo's half-lives, fitted to its rural shares, are determined
/// by them and reproduce them.
#[test]
fn merges_stay_within_the_limit_and_the_demos_half_lives_are_identified() {
    let test = Test::new();
    let out = test.path("out");
    let run = test.args(["run", "--quiet", "--out", out.to_str().unwrap()]).run().success();
    let options = table(&std::fs::read_to_string(run.path("out/baseline/consolidation_options.csv")).unwrap());
    let merges: Vec<_> = options.iter().filter(|o| o["action"] == "merge").collect();
    assert!(merges.len() >= 10, "the demo has merges ({})", merges.len());
    for o in merges {
        let minutes = num(o, "site_minutes");
        assert!(minutes <= 60.0, "{}: {minutes} minutes between the sites", o["option_id"]);
        let overlap = num(o, "field_overlap");
        assert!((0.0..=1.0).contains(&overlap), "{}: {overlap}", o["option_id"]);
    }
    for o in options.iter().filter(|o| o["action"] == "close") {
        assert_eq!((o["site_minutes"].as_str(), o["field_overlap"].as_str()), ("", ""));
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.path("out/baseline/summary.json")).unwrap()).unwrap();
    let model = &summary["attendance_model"];
    assert_eq!(model["source"], "fitted_rural_share");
    for group in ["formal", "short"] {
        assert_eq!(model["identified"][group], true, "{model}");
        assert_eq!(model["adequate"][group], true, "{model}");
        let [lo, hi] = [0, 1].map(|i| model["half_life_ci_min"][group][i].as_f64().unwrap());
        assert!(hi <= 3.0 * lo, "{group}: {lo}-{hi}");
    }
}
