//! `scripts/setup.sh --check` on fake file systems: what it decides to install must depend
//! only on the files it is shown, never on what the developer's machine happens to have
//! (issue 13: CI stayed green because the machine already had libclang).
//!
//! Each case builds a root in a temporary folder and runs the detection with
//! `TVETPLAN_SETUP_ROOT` pointing at it; the variables that steer the search on a real
//! machine (`LIBCLANG_PATH`, `LD_LIBRARY_PATH`, `LIBRARY_PATH`, `CXX`) are removed.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::common::root;

/// Every command the build and the tests need, as fake executables.
const TOOLS: [&str; 6] = ["cmake", "c++", "make", "pdftotext", "pdfinfo", "pdffonts"];

struct FakeRoot {
    dir: tempfile::TempDir,
    envs: Vec<(&'static str, String)>,
}

/// What `setup.sh --check` said.
struct Check {
    code: i32,
    stdout: String,
}

impl FakeRoot {
    fn new() -> Self {
        FakeRoot { dir: tempfile::tempdir().expect("temp dir"), envs: Vec::new() }
    }

    /// A shared library: the ELF magic is what makes it loadable for the check.
    fn library(self, rel: &str) -> Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b"\x7fELF\x02\x01\x01\0").unwrap();
        self
    }

    fn symlink(self, rel: &str, target: &str) -> Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, path).unwrap();
        self
    }

    fn file(self, rel: &str, contents: &str) -> Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// An executable in the fake root's usr/bin.
    fn tool(self, name: &str) -> Self {
        use std::os::unix::fs::PermissionsExt;
        let path = self.dir.path().join("usr/bin").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "#!/bin/sh\nexit 0\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        self
    }

    fn tools_except(self, left_out: &[&str]) -> Self {
        TOOLS.iter().filter(|t| !left_out.contains(t)).fold(self, |root, t| root.tool(t))
    }

    fn env(mut self, key: &'static str, value: &str) -> Self {
        self.envs.push((key, value.to_string()));
        self
    }

    fn check(&self) -> Check {
        check_with(&root().join("scripts/setup.sh"), self.dir.path(), &self.envs)
    }
}

fn check_with(script: &Path, fake_root: &Path, envs: &[(&str, String)]) -> Check {
    let mut cmd = Command::new("bash");
    cmd.arg(script)
        .arg("--check")
        .env("TVETPLAN_SETUP_ROOT", fake_root)
        // The script's own helpers (head, sed) come from the real machine; the commands it
        // looks for are searched in these folders under the fake root.
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env_remove("LIBCLANG_PATH")
        .env_remove("LD_LIBRARY_PATH")
        .env_remove("LIBRARY_PATH")
        .env_remove("CXX");
    for (key, value) in envs {
        cmd.env(key, value);
    }
    let output = cmd.output().expect("run bash scripts/setup.sh --check");
    Check {
        code: output.status.code().expect("setup.sh exited normally"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr),
    }
}

impl Check {
    /// The packages of the "would install" line (none when everything was found).
    fn would_install(&self) -> BTreeSet<String> {
        self.stdout
            .lines()
            .find_map(|l| l.strip_prefix("setup: would install: "))
            .map(|list| list.split_whitespace().map(String::from).collect())
            .unwrap_or_default()
    }

    #[track_caller]
    fn installs(&self, expected: &[&str]) {
        let expected: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(self.would_install(), expected, "setup.sh --check said:\n{}", self.stdout);
        let code = if expected.is_empty() { 0 } else { 1 };
        assert_eq!(self.code, code, "exit code; setup.sh --check said:\n{}", self.stdout);
        if expected.is_empty() {
            assert!(self.stdout.contains("setup: nothing to install"), "{}", self.stdout);
        }
    }

    #[track_caller]
    fn says(&self, line: &str) {
        assert!(self.stdout.lines().any(|l| l == line), "expected the line '{line}' in:\n{}", self.stdout);
    }
}

#[test]
fn libclang_cpp_alone_is_not_libclang() {
    let check = FakeRoot::new().library("usr/lib/llvm-14/lib/libclang-cpp.so.14").tools_except(&[]).check();
    check.installs(&["libclang-dev"]);
    assert!(check.stdout.contains("setup: libclang: missing"), "{}", check.stdout);
}

#[test]
fn versioned_libclang_in_the_llvm_folder_is_found() {
    let check = FakeRoot::new()
        .library("usr/lib/llvm-14/lib/libclang-cpp.so.14")
        .library("usr/lib/llvm-14/lib/libclang-14.so.1")
        .tools_except(&[])
        .check();
    check.installs(&[]);
    check.says("setup: libclang: /usr/lib/llvm-14/lib/libclang-14.so.1 (ok)");
}

#[test]
fn versioned_libclang_in_the_multiarch_folder_is_found() {
    let check = FakeRoot::new().library("usr/lib/x86_64-linux-gnu/libclang-14.so.1").tools_except(&[]).check();
    check.installs(&[]);
    check.says("setup: libclang: /usr/lib/x86_64-linux-gnu/libclang-14.so.1 (ok)");
}

#[test]
fn plain_libclang_so_in_lib64_is_found() {
    FakeRoot::new().library("usr/lib64/libclang.so").tools_except(&[]).check().installs(&[]);
}

#[test]
fn a_dangling_or_non_elf_libclang_does_not_count() {
    // libclang-dev's symlink without the library it points to, and a text file.
    FakeRoot::new()
        .symlink("usr/lib/llvm-14/lib/libclang.so", "libclang-14.so.1")
        .file("usr/local/lib/libclang.so", "not a library")
        .tools_except(&[])
        .check()
        .installs(&["libclang-dev"]);
}

#[test]
fn libclang_path_is_the_only_place_searched_when_set() {
    let fake = FakeRoot::new().library("opt/llvm/lib/libclang.so.18").tools_except(&[]);
    fake.check().installs(&["libclang-dev"]);
    fake.env("LIBCLANG_PATH", "/opt/llvm/lib").check().installs(&[]);
    // Set to a folder without libclang, it hides the one in the usual place, as in bindgen.
    FakeRoot::new()
        .library("usr/lib/llvm-14/lib/libclang-14.so.1")
        .tools_except(&[])
        .env("LIBCLANG_PATH", "/opt/nothing")
        .check()
        .installs(&["libclang-dev"]);
}

#[test]
fn an_empty_machine_needs_everything() {
    let check = FakeRoot::new().check();
    check.installs(&["libclang-dev", "cmake", "g++", "make", "poppler-utils"]);
}

#[test]
fn cmake_is_required_for_highs() {
    FakeRoot::new()
        .library("usr/lib/llvm-14/lib/libclang-14.so.1")
        .tools_except(&["cmake"])
        .check()
        .installs(&["cmake"]);
}

#[test]
fn any_cpp_compiler_will_do_and_none_means_gpp() {
    let base = || FakeRoot::new().library("usr/lib/llvm-14/lib/libclang-14.so.1").tools_except(&["c++"]);
    base().check().installs(&["g++"]);
    base().tool("clang++").check().installs(&[]);
    let check = base().tool("g++").check();
    check.installs(&[]);
    check.says("setup: C++ compiler: /usr/bin/g++ (ok)");
    // $CXX names the compiler the cmake crate will use; a missing one is missing.
    base().tool("g++").env("CXX", "g++-13").check().installs(&["g++"]);
}

#[test]
fn each_poppler_tool_the_tests_call_is_required() {
    let base = || FakeRoot::new().library("usr/lib/llvm-14/lib/libclang-14.so.1");
    base().tools_except(&["pdftotext"]).check().installs(&["poppler-utils"]);
    base().tools_except(&["pdffonts"]).check().installs(&["poppler-utils"]);
    // A file that is not executable is not a command.
    base().tools_except(&["pdfinfo"]).file("usr/bin/pdfinfo", "").check().installs(&["poppler-utils"]);
}
