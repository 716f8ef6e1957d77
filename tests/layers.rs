//! The pipeline runs one way (README, "Repository layout"): no module of `src/` may use a
//! module of a later stage. This reads every `crate::x` path (`use crate::x::..`,
//! `use crate::{x, y}`, `crate::x::f(..)` in code, `super::super::x` up to the crate root)
//! and fails on a back-edge or a cycle, naming the file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level modules of `src/` and their rank: a module may use modules of its own rank or
/// lower, never higher. Utilities (rank 0) sit below every stage; `units` checks and
/// completes raw tables between `load` and `validate`; the drivers run the stages.
const LAYERS: &[(&str, u32)] = &[
    // utilities, below everything
    ("check", 0),
    ("csv_out", 0),
    ("demo", 0),
    ("error", 0),
    ("geojson_out", 0),
    ("geometry", 0),
    ("model", 0),
    ("rng", 0),
    ("schema", 0),
    ("settings", 0),
    ("testkit", 0),
    ("text", 0),
    // the stages
    ("load", 1),
    ("units", 2),
    ("validate", 3),
    ("access", 4),
    ("score", 5),
    ("options", 6),
    ("optimise", 7),
    ("scenario", 8),
    ("report", 9),
    // drivers: run the stages for a command
    ("generate", 10),
    ("pipeline", 11),
    // `locate::run` takes its `--roads` step from `pipeline::roads`, as `tvetplan run` does.
    ("locate", 11),
];

/// Files of the binary (they use the library as `tvetplan::`) and the crate root.
const SKIPPED: &[&str] = &["lib.rs", "main.rs", "cli.rs"];

/// One `crate::` reference: file, line, from module, to module.
#[derive(Debug, PartialEq)]
struct Edge {
    file: String,
    line: usize,
    from: String,
    to: String,
}

/// The top-level module a file of `src/` belongs to (`report/charts.rs` -> `report`).
fn module_of(rel: &str) -> Option<String> {
    if SKIPPED.contains(&rel) {
        return None;
    }
    let first = rel.split('/').next()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// How deep a file is below the crate root (`access.rs`: 1, `report/mod.rs`: 1,
/// `report/charts.rs`: 2).
fn depth_of(rel: &str) -> usize {
    let parts: Vec<&str> = rel.split('/').collect();
    if parts.last() == Some(&"mod.rs") { parts.len() - 1 } else { parts.len() }
}

fn ident_at(text: &str) -> String {
    text.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

/// The top-level modules a group `{a::x, b, c::{d, e}}` starts with (text after the `{`).
fn group_heads(after_brace: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut expect = true;
    for (i, c) in after_brace.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => expect = true,
            c if expect && (c.is_ascii_alphabetic() || c == '_') => {
                heads.push(ident_at(&after_brace[i..]));
                expect = false;
            }
            _ => {}
        }
    }
    heads
}

/// Every reference from a file to another top-level module (comments ignored).
fn edges_of(rel: &str, text: &str) -> Vec<Edge> {
    let Some(from) = module_of(rel) else { return Vec::new() };
    let depth = depth_of(rel);
    // Code only: line comments (and doc comments with their intra-doc links) are dropped.
    let code: Vec<&str> = text.lines().map(|l| l.find("//").map_or(l, |i| &l[..i])).collect();
    let joined = code.join("\n");
    let line_at = |offset: usize| joined[..offset].matches('\n').count() + 1;
    let mut targets: Vec<(usize, String)> = Vec::new();
    for (at, _) in joined.match_indices("crate::") {
        let before = joined[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue; // e.g. `tvetplan_crate::`
        }
        let rest = &joined[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            targets.extend(group_heads(group).into_iter().map(|m| (at, m)));
        } else {
            targets.push((at, ident_at(rest)));
        }
    }
    // `super::super::x` reaching the crate root from a file `depth` levels down.
    let chain = "super::".repeat(depth);
    for (at, _) in joined.match_indices(&chain) {
        if joined[..at].ends_with("super::") {
            continue;
        }
        let rest = &joined[at + chain.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            targets.extend(group_heads(group).into_iter().map(|m| (at, m)));
        } else {
            targets.push((at, ident_at(rest)));
        }
    }
    targets
        .into_iter()
        .filter(|(_, to)| *to != from && LAYERS.iter().any(|(m, _)| m == to))
        .map(|(at, to)| Edge { file: format!("src/{rel}"), line: line_at(at), from: from.clone(), to })
        .collect()
}

fn rank(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

/// Everything wrong with the layering of these files (path relative to `src/`, text).
fn problems(files: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in files {
        let Some(module) = module_of(rel) else { continue };
        if rank(&module).is_none() {
            out.push(format!("src/{rel}: the module `{module}` has no place in LAYERS (tests/layers.rs)"));
            continue;
        }
        for e in edges_of(rel, text) {
            let (from, to) = (rank(&e.from).unwrap_or(0), rank(&e.to).unwrap_or(0));
            if to > from {
                out.push(format!(
                    "{}:{}: `{}` (rank {from}) uses `{}` (rank {to}), a later stage",
                    e.file, e.line, e.from, e.to
                ));
            } else if to == from {
                graph.entry(e.from).or_default().insert(e.to);
            }
        }
    }
    // Modules of one rank may use each other, but not in a circle.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        out: &mut Vec<String>,
    ) {
        if let Some(i) = path.iter().position(|p| p == node) {
            out.push(format!("cycle: {} -> {node}", path[i..].join(" -> ")));
            return;
        }
        if !done.insert(node.to_string()) {
            return;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done, out);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done, &mut out);
    }
    out
}

fn source_files(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            source_files(&path, root, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn no_module_uses_a_later_stage() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&root, &root, &mut files);
    assert!(files.len() > 50, "read only {} files of src/", files.len());
    let found = problems(&files);
    assert!(found.is_empty(), "the pipeline runs one way; fix these:\n{}", found.join("\n"));
}

fn file(rel: &str, text: &str) -> (String, String) {
    (rel.to_string(), text.to_string())
}

#[test]
fn the_layer_check_finds_planted_back_edges() {
    // Each form of path, planted in a stage below `report`.
    for text in [
        "use crate::report::charts::Chart;\n",
        "use crate::{model::Dataset, report};\n",
        "fn f() { let _ = crate::report::folder_name(\"x\"); }\n",
        "use crate::{\n    model::Dataset,\n    scenario::{Scenario, ScenarioResult},\n};\n",
    ] {
        let found = problems(&[file("access.rs", text)]);
        assert_eq!(found.len(), 1, "{text:?} gave {found:?}");
        assert!(found[0].starts_with("src/access.rs:"), "{}", found[0]);
        assert!(found[0].contains("`access` (rank 4) uses"), "{}", found[0]);
    }
    // Up to the crate root with `super`, from a file two levels down, on line 3.
    let found = problems(&[file("units/fill.rs", "\n\nuse super::super::pipeline::run;\n")]);
    assert_eq!(found, ["src/units/fill.rs:3: `units` (rank 2) uses `pipeline` (rank 11), a later stage"]);
    // A new module must be placed.
    let found = problems(&[file("newstage.rs", "")]);
    assert_eq!(found, ["src/newstage.rs: the module `newstage` has no place in LAYERS (tests/layers.rs)"]);
    // Same rank in a circle.
    let found = problems(&[file("model.rs", "use crate::rng::Rng;\n"), file("rng.rs", "use crate::model::Area;\n")]);
    assert_eq!(found, ["cycle: model -> rng -> model"]);
}

#[test]
fn the_layer_check_ignores_comments_and_allowed_edges() {
    let text = "//! See [`crate::report`].\nuse crate::model::Dataset; // not crate::report\nuse super::attendance;\n";
    assert!(problems(&[file("access.rs", text), file("report/mod.rs", "use crate::access;\n")]).is_empty());
}
