//! A small builder around the real binary: `Test::new().args(..).run().success()`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_tvetplan");

/// The crate root (tests run with it as the working directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures").join(path)
}

pub struct Test {
    pub dir: tempfile::TempDir,
    args: Vec<String>,
    envs: Vec<(String, String)>,
    cwd: Option<PathBuf>,
}

/// The result of a run; it owns the temporary folder, so files stay readable while it lives.
pub struct Run {
    pub dir: tempfile::TempDir,
    pub output: Output,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    pub fn new() -> Self {
        Test { dir: tempfile::tempdir().expect("temp dir"), args: Vec::new(), envs: Vec::new(), cwd: None }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, args: I) -> Self {
        self.args.extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    /// Runs in the temporary folder instead of the crate root.
    pub fn in_temp_dir(mut self) -> Self {
        self.cwd = Some(self.dir.path().to_path_buf());
        self
    }

    pub fn write(self, rel: &str, contents: impl AsRef<[u8]>) -> Self {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Copies a fixture folder into the temporary folder under `rel`.
    pub fn copy_dir(self, from: &Path, rel: &str) -> Self {
        copy_dir(from, &self.path(rel));
        self
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(&self.args).current_dir(self.cwd.clone().unwrap_or_else(root));
        for (k, v) in &self.envs {
            cmd.env(k, v);
        }
        cmd
    }

    pub fn run(self) -> Run {
        let output = self.command().output().expect("run tvetplan");
        Run::new(self.dir, output)
    }

    /// Runs with stdout a pipe closed by its reader from the start (`tvetplan ... | head -0`).
    pub fn run_with_closed_stdout(self) -> Run {
        use std::process::Stdio;
        let mut child = self.command().stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run tvetplan");
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("wait for tvetplan");
        Run::new(self.dir, output)
    }
}

impl Run {
    fn new(dir: tempfile::TempDir, output: Output) -> Run {
        Run {
            dir,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            output,
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn code(&self) -> i32 {
        self.output.status.code().expect("exited normally, not by a signal")
    }

    #[track_caller]
    pub fn success(self) -> Self {
        assert_eq!(self.code(), 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn exit(self, code: i32) -> Self {
        assert_eq!(self.code(), code, "unexpected exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, relative, sorted.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &entry.path(), out);
            } else {
                out.push(entry.path().strip_prefix(base).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}
