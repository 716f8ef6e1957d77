//! `tvetplan locate` on plain tables: results, and clear errors for inconsistent inputs.

use crate::common::{Test, root};
use tvetplan::optimise::{Problem, orlib};

const DEMAND: &str =
    "id,weight,lat,lon\nd1,10,19.00,105.00\nd2,10,19.01,105.00\nd3,30,19.30,105.30\nd4,5,19.31,105.31\n";
const SITES: &str =
    "id,lat,lon,capacity,fixed_cost\ns1,19.005,105.0,30,100\ns2,19.305,105.305,40,100\ns3,19.15,105.15,60,50\n";

#[test]
fn pmedian_from_coordinates_writes_the_result_json() {
    let test = Test::new().write("demand.csv", DEMAND).write("sites.csv", SITES);
    let out = test.path("result.json");
    let run = test
        .args([
            "locate",
            "--demand",
            "demand.csv",
            "--sites",
            "sites.csv",
            "--model",
            "pmedian",
            "--p",
            "2",
            "--solver",
            "exact",
            "--out",
            out.to_str().unwrap(),
        ])
        .in_temp_dir()
        .run()
        .success();
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.path("result.json")).unwrap()).unwrap();
    assert_eq!(result["model"], "pmedian");
    assert_eq!(result["sites"], serde_json::json!(["s1", "s2"]));
    assert_eq!(result["assignment"].as_array().unwrap().len(), 4);
    assert!(result["gap"].as_f64().unwrap() <= 1e-6, "{result}");
    assert!(result["solver"].as_str().unwrap().contains("HiGHS"));
    assert_eq!(result["method"], "exact");
    assert!(run.stderr.starts_with("pmedian: objective"), "{}", run.stderr);
}

#[test]
fn every_model_runs_with_both_solvers() {
    let costs = "demand_id,site_id,cost\nd1,s1,1\nd1,s2,9\nd1,s3,4\nd2,s1,2\nd2,s2,8\nd2,s3,4\nd3,s1,9\nd3,s2,1\nd3,s3,5\nd4,s1,9\nd4,s2,2\nd4,s3,5\n";
    for (model, extra) in [
        ("pmedian", vec!["--p", "2"]),
        ("pcenter", vec!["--p", "2"]),
        ("mclp", vec!["--p", "1", "--radius", "4"]),
        ("lscp", vec!["--radius", "4"]),
        ("cflp", vec![]),
    ] {
        for solver in ["exact", "heuristic"] {
            let test = Test::new().write("demand.csv", DEMAND).write("sites.csv", SITES).write("costs.csv", costs);
            let mut args = vec![
                "locate",
                "--demand",
                "demand.csv",
                "--sites",
                "sites.csv",
                "--costs",
                "costs.csv",
                "--model",
                model,
                "--solver",
                solver,
            ];
            args.extend(extra.iter().copied());
            let run = test.args(args).in_temp_dir().run().success();
            let result: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
            assert_eq!(result["model"], model, "{model}/{solver}");
            assert!(result["objective"].is_number(), "{model}/{solver}: {result}");
        }
    }
}

#[test]
fn inconsistent_inputs_are_refused_with_a_reason() {
    // (demand, sites, costs, arguments, expected message)
    type Case<'a> = (&'a str, &'a str, Option<&'a str>, Vec<&'a str>, &'a str);
    let cases: [Case; 7] = [
        (DEMAND, SITES, None, vec!["--model", "pmedian", "--p", "5"], "p = 5 is larger than the number of sites (3)"),
        (
            DEMAND,
            SITES,
            Some("demand_id,site_id,cost\nd1,s9,3\n"),
            vec!["--model", "pmedian", "--p", "1"],
            "costs.csv:2:site_id: unknown site 's9' (not in the sites table)",
        ),
        (
            DEMAND,
            SITES,
            Some("demand_id,site_id,cost\nd1,s1,3\n"),
            vec!["--model", "pmedian", "--p", "1"],
            "demand 'd2' has no cost to any site (missing rows in costs.csv?)",
        ),
        (
            DEMAND,
            SITES,
            None,
            vec!["--model", "lscp", "--radius", "0.1"],
            "coverage is infeasible: demand 'd1' has no site within the radius 0.1",
        ),
        ("id,weight\nd1,10\n", SITES, None, vec!["--model", "pmedian", "--p", "1"], "'d1' has no lat/lon"),
        // The required columns are those of src/schema.rs (locate_demand, locate_costs).
        (
            "id,lat,lon\nd1,19.0,105.0\n",
            SITES,
            None,
            vec!["--model", "pmedian", "--p", "1"],
            "demand.csv:1:weight: missing required column 'weight'",
        ),
        (
            DEMAND,
            SITES,
            Some("demand_id,site_id\nd1,s1\n"),
            vec!["--model", "pmedian", "--p", "1"],
            "costs.csv:1:cost: missing required column 'cost'",
        ),
    ];
    for (demand, sites, costs, extra, expected) in cases {
        let mut test = Test::new().write("demand.csv", demand).write("sites.csv", sites);
        let mut args = vec!["locate", "--demand", "demand.csv", "--sites", "sites.csv"];
        if let Some(c) = costs {
            test = test.write("costs.csv", c);
            args.extend(["--costs", "costs.csv"]);
        }
        args.extend(extra);
        let run = test.args(args).in_temp_dir().run().exit(1);
        assert!(run.stderr.contains(expected), "expected '{expected}' in:\n{}", run.stderr);
    }
    // A missing --p is a usage error.
    let run = Test::new()
        .write("demand.csv", DEMAND)
        .write("sites.csv", SITES)
        .args(["locate", "--demand", "demand.csv", "--sites", "sites.csv", "--model", "pmedian"])
        .in_temp_dir()
        .run()
        .exit(2);
    assert!(run.stderr.contains("--p is required"), "{}", run.stderr);
}

/// An OR-Library instance as the three `locate` tables, with shortest-path costs (as the
/// benchmark folder describes them); also the problem, to check answers against.
fn orlib_tables(name: &str) -> (Test, Problem) {
    let text = std::fs::read_to_string(root().join("benches/orlib").join(format!("{name}.txt"))).unwrap();
    let (problem, _) = orlib::parse(&text).unwrap();
    let mut demand = String::from("id,weight\n");
    let mut sites = String::from("id\n");
    let mut costs = String::from("demand_id,site_id,cost\n");
    for (i, id) in problem.demand_ids.iter().enumerate() {
        demand.push_str(&format!("{id},{}\n", problem.weights[i]));
        for (j, site) in problem.site_ids.iter().enumerate() {
            costs.push_str(&format!("{id},{site},{}\n", problem.cost(i, j)));
        }
    }
    for id in &problem.site_ids {
        sites.push_str(&format!("{id}\n"));
    }
    let test = Test::new().write("demand.csv", demand).write("sites.csv", sites).write("costs.csv", costs);
    (test, problem)
}

fn locate_json(test: Test, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["locate", "--demand", "demand.csv", "--sites", "sites.csv", "--costs", "costs.csv"];
    args.extend(extra);
    let run = test.args(args).in_temp_dir().run().success();
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn lscp_on_pmed1_opens_the_fewest_sites_that_cover_everyone() {
    // Issue 18: exact answered 29 (radius 60) and 21 (radius 70), "optimal", bound 28 and
    // 20. PySAL spopt with HiGHS and with CBC find 28 and 20.
    for (radius, fewest) in [(60.0, 28), (70.0, 20)] {
        let (test, problem) = orlib_tables("pmed1");
        let r = radius.to_string();
        let result = locate_json(test, &["--model", "lscp", "--radius", &r, "--solver", "exact"]);
        let chosen: Vec<usize> = result["sites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| problem.site_ids.iter().position(|id| id == s.as_str().unwrap()).unwrap())
            .collect();
        let said = format!(
            "radius {radius}: {} sites, objective {}, status {}, bound {}, gap {}",
            chosen.len(),
            result["objective"],
            result["status"],
            result["bound"],
            result["gap"]
        );
        assert_eq!(chosen.len(), fewest, "{said}");
        assert_eq!(result["objective"], fewest as f64, "{said}");
        assert_eq!(result["status"], "optimal", "{said}");
        assert!(result["bound"].as_f64().unwrap() <= fewest as f64 + 1e-6, "{said}");
        // And the answer is a cover: every point within the radius of a chosen site.
        for i in 0..problem.n_demand() {
            assert!(chosen.iter().any(|&j| problem.cost(i, j) <= radius), "radius {radius}: point {i} uncovered");
        }
    }
}

#[test]
fn auto_answers_pmed1_with_the_heuristic_when_its_bound_proves_the_optimum() {
    let (test, _) = orlib_tables("pmed1");
    let result = locate_json(test, &["--model", "pmedian", "--p", "5"]);
    assert_eq!(result["objective"], 5819.0, "the published optimum: {result}");
    assert_eq!(result["method"], "heuristic", "{result}");
    assert_eq!(result["status"], "optimal", "{result}");
    assert!(result["gap"].as_f64().unwrap() <= 1e-6, "{result}");
    assert!(result["note"].as_str().unwrap().starts_with("auto: heuristic (its bound"), "{result}");
}

/// `tvetplan locate ... | head -1` with the pipe already closed: exit 0, nothing on stderr.
#[test]
fn locate_into_a_closed_pipe_ends_quietly() {
    let run = Test::new()
        .write("demand.csv", DEMAND)
        .write("sites.csv", SITES)
        .args(["locate", "--demand", "demand.csv", "--sites", "sites.csv", "--model", "pmedian", "--p", "1"])
        .in_temp_dir()
        .run_with_closed_stdout();
    assert_eq!(run.code(), 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
}
