//! `tvetplan generate`: deterministic, valid, and the committed demo is what it generates.

use crate::common::{Test, list_files, root};

#[test]
fn same_seed_gives_byte_identical_files_that_validate() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    Test::new().args(["generate", "--preset", "demo", "--seed", "7", "--out", a.to_str().unwrap()]).run().success();
    Test::new().args(["generate", "--preset", "demo", "--seed", "7", "--out", b.to_str().unwrap()]).run().success();
    let files = list_files(&a);
    assert_eq!(files, list_files(&b));
    for f in &files {
        assert_eq!(std::fs::read(a.join(f)).unwrap(), std::fs::read(b.join(f)).unwrap(), "{f} differs");
    }
    Test::new().args(["validate", "--data", a.to_str().unwrap()]).in_temp_dir().run().success();
}

#[test]
fn the_committed_demo_is_the_generated_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    Test::new().args(["generate", "--preset", "demo", "--out", out.to_str().unwrap()]).run().success();
    let committed = root().join("datasets/demo");
    for f in list_files(&out) {
        let generated = std::fs::read(out.join(&f)).unwrap();
        let kept = std::fs::read(committed.join(&f)).unwrap_or_default();
        assert!(
            generated == kept,
            "datasets/demo/{f} is out of date: run `tvetplan generate --preset demo --out datasets/demo --force`"
        );
    }
}

#[test]
fn another_seed_gives_another_province() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    Test::new().args(["generate", "--preset", "demo", "--seed", "8", "--out", a.to_str().unwrap()]).run().success();
    let generated = std::fs::read(a.join("areas.csv")).unwrap();
    assert_ne!(generated, std::fs::read(root().join("datasets/demo/areas.csv")).unwrap());
    Test::new().args(["validate", "--data", a.to_str().unwrap()]).in_temp_dir().run().success();
}

#[test]
fn generate_refuses_to_overwrite_an_existing_folder() {
    let test = Test::new().write("data/keep.txt", "mine");
    let out = test.path("data");
    let run = test.args(["generate", "--preset", "demo", "--out", out.to_str().unwrap()]).run().exit(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(run.path("data/keep.txt")).unwrap(), "mine");
}
