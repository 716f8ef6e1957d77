//! Snapshots of the numbers behind every chart and the headline tables of the demo baseline
//! (not image bytes). Regenerate after an intended change with
//! `UPDATE_SNAPSHOTS=1 cargo test --release --test tests snapshots`.

use tvetplan::load::DataSource;
use tvetplan::pipeline;
use tvetplan::report::{ScenarioReport, figures, i18n::Lang};
use tvetplan::scenario::{self, Scenario};

use crate::common::root;

/// Rounds every number so that the snapshot is stable and readable.
fn rounded(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => serde_json::json!((f * 1e4).round() / 1e4),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(rounded).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, rounded(v))).collect()),
        other => other,
    }
}

#[test]
fn the_numbers_behind_the_charts_match_the_snapshot() {
    let data = pipeline::validate_only(&DataSource::Embedded).unwrap();
    let ds = &data.dataset;
    let text = std::fs::read_to_string(root().join("datasets/demo/scenarios/baseline.toml")).unwrap();
    let scenario = Scenario::from_toml("baseline.toml", &text, ds).unwrap();
    let result = scenario::run(ds, &scenario).unwrap();
    let report = ScenarioReport { result: &result, lang: Lang::En, inputs: &data.inputs, data_source: "demo" };
    let mut charts = figures::score_charts(&report);
    charts.extend(figures::figure_charts(&report));
    charts.extend(figures::options_charts(&report));
    let snapshot = serde_json::json!({
        "charts": charts,
        "kpis": result.scores.kpis,
        "alignment_summary": result.scores.by_scope,
        "top_options": result.options.iter().take(10).collect::<Vec<_>>(),
        "comparison": result.comparison,
    });
    let text = serde_json::to_string_pretty(&rounded(snapshot)).unwrap() + "\n";
    let path = root().join("tests/snapshots/baseline_charts.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if text != expected {
        let old: serde_json::Value = serde_json::from_str(&expected).unwrap_or(serde_json::Value::Null);
        let new: serde_json::Value = serde_json::from_str(&text).expect("the snapshot is JSON");
        let mut changes = Vec::new();
        differences("", &old, &new, &mut changes);
        let shown = changes.iter().take(60).cloned().collect::<Vec<_>>().join("\n");
        let more = changes.len().saturating_sub(60);
        panic!(
            "the chart data changed in {} places (old -> new):\n{shown}{}\n\nIf every change is intended, run \
             UPDATE_SNAPSHOTS=1 cargo test --release --test tests snapshots and say in the commit message why each \
             number moved.",
            changes.len(),
            if more > 0 { format!("\n... and {more} more") } else { String::new() },
        );
    }
}

/// Every leaf that differs between two JSON values, as `path: old -> new`, with the ratio
/// for numbers, so that a reviewer sees which numbers moved and by how much.
fn differences(path: &str, old: &serde_json::Value, new: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let (x, y) = (a.get(k).unwrap_or(&Value::Null), b.get(k).unwrap_or(&Value::Null));
                differences(&format!("{path}.{k}"), x, y, out);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let (x, y) = (a.get(i).unwrap_or(&Value::Null), b.get(i).unwrap_or(&Value::Null));
                differences(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (Value::Number(x), Value::Number(y)) if x != y => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            let ratio = if x != 0.0 { format!(" (x{:.3})", y / x) } else { String::new() };
            out.push(format!("{path}: {x} -> {y}{ratio}"));
        }
        (x, y) if x != y => out.push(format!("{path}: {x} -> {y}")),
        _ => {}
    }
}
