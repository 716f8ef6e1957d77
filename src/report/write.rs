//! Writing the report's files, and only here: each folder is written into a temporary folder
//! beside its destination and renamed into place once complete (a single file: a temporary
//! file and a rename), so a failed or interrupted run never leaves half a report, and an
//! existing report is only replaced with `--force`. The test hook [`FAULT_VAR`] aborts the
//! process between writing and renaming (tests/reliability.rs).

use std::path::{Path, PathBuf};

use super::OutputFile;
use crate::error::{Error, Result};

/// Checks before any work that the destinations can be written: fails early with
/// [`Error::OutputExists`] rather than after minutes of computing.
pub fn check_destinations(out_root: &Path, folders: &[String], force: bool) -> Result<()> {
    if !force {
        for folder in folders {
            let path = out_root.join(folder);
            if path.exists() {
                return Err(Error::OutputExists(path));
            }
        }
    }
    Ok(())
}

/// Writes every folder atomically (temporary folder + rename). Nothing is renamed into
/// place until every folder is complete.
pub fn write_folders(out_root: &Path, folders: Vec<(String, Vec<OutputFile>)>, force: bool) -> Result<Vec<PathBuf>> {
    let names: Vec<String> = folders.iter().map(|(n, _)| n.clone()).collect();
    let staging = Staging::new(out_root, &names, force)?;
    for (name, files) in folders {
        staging.add(&name, None, &files)?;
    }
    staging.commit()
}

/// Folders being written: files go to disk as soon as they are rendered (a national run
/// does not hold every province's report in memory), each top folder into its temporary
/// folder beside the destination; [`Staging::commit`] renames them all into place at the
/// end. Dropped without a commit (an error), it removes the temporary folders.
pub struct Staging {
    out_root: PathBuf,
    force: bool,
    /// Top folder name -> its temporary folder, in the order given to [`Staging::new`].
    folders: Vec<(String, tempfile::TempDir)>,
}

impl Staging {
    /// Checks the destinations (see [`check_destinations`]) and creates one temporary
    /// folder per top folder.
    pub fn new(out_root: &Path, names: &[String], force: bool) -> Result<Staging> {
        check_destinations(out_root, names, force)?;
        std::fs::create_dir_all(out_root).map_err(|e| Error::io(format!("cannot create {}", out_root.display()), e))?;
        let mut folders: Vec<(String, tempfile::TempDir)> = Vec::new();
        for name in names {
            if folders.iter().any(|(n, _)| n == name) {
                continue;
            }
            let tmp = tempfile::Builder::new()
                .prefix(&format!(".tvetplan-{name}-"))
                .tempdir_in(out_root)
                .map_err(|e| Error::io(format!("cannot create a temporary folder in {}", out_root.display()), e))?;
            folders.push((name.clone(), tmp));
        }
        Ok(Staging { out_root: out_root.to_path_buf(), force, folders })
    }

    /// Writes `files` into the temporary folder of top folder `name`, under `prefix`.
    /// Safe to call from several threads (each call writes its own files).
    pub fn add(&self, name: &str, prefix: Option<&str>, files: &[OutputFile]) -> Result<()> {
        let Some((_, tmp)) = self.folders.iter().find(|(n, _)| n == name) else {
            return Err(Error::Report(format!("no report folder {name} was prepared")));
        };
        for file in files {
            let path = match prefix {
                Some(p) => tmp.path().join(p).join(&file.path),
                None => tmp.path().join(&file.path),
            };
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::io(format!("cannot create {}", parent.display()), e))?;
            }
            std::fs::write(&path, &file.bytes).map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
        }
        Ok(())
    }

    /// Renames every folder into place (replacing an existing one only with `force`,
    /// checked again now that the work is done).
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let names: Vec<String> = self.folders.iter().map(|(n, _)| n.clone()).collect();
        check_destinations(&self.out_root, &names, self.force)?;
        fault_point("after-temp-write");
        let mut written = Vec::new();
        for (name, tmp) in self.folders {
            let dest = self.out_root.join(&name);
            replace_dir(tmp, &dest)?;
            written.push(dest);
        }
        Ok(written)
    }
}

/// The environment variable of the test hook [`fault_point`].
pub const FAULT_VAR: &str = "TVETPLAN_FAULT";

/// Test hook, not a feature: when `TVETPLAN_FAULT` names this point, the process aborts
/// here (no destructors run, as with a kill), so tests can interrupt a run at an exact
/// place instead of guessing with a timer. Unset in normal use; any other value is ignored.
fn fault_point(name: &str) {
    if std::env::var_os(FAULT_VAR).is_some_and(|v| v == name) {
        eprintln!("tvetplan: {FAULT_VAR}={name}: aborting on purpose (test hook)");
        std::process::abort();
    }
}

/// Writes one file atomically (temporary file + rename); refuses to replace an existing
/// file unless `force`.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if path.exists() && !force {
        return Err(Error::OutputExists(path.to_path_buf()));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(format!("cannot write in {}", dir.display()), e))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    tmp.persist(path).map_err(|e| Error::io(format!("cannot write {}", path.display()), e.error))?;
    Ok(())
}

/// Moves a finished temporary folder to `dest`, replacing an existing folder only after
/// the new one is in place.
fn replace_dir(tmp: tempfile::TempDir, dest: &Path) -> Result<()> {
    let tmp_path = tmp.keep();
    if dest.exists() {
        let old = dest.with_file_name(format!(
            ".tvetplan-old-{}-{}",
            dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            std::process::id()
        ));
        std::fs::rename(dest, &old)
            .map_err(|e| Error::io(format!("cannot move the old {} aside", dest.display()), e))?;
        if let Err(e) = std::fs::rename(&tmp_path, dest) {
            let _ = std::fs::rename(&old, dest);
            let _ = std::fs::remove_dir_all(&tmp_path);
            return Err(Error::io(format!("cannot move the new report to {}", dest.display()), e));
        }
        std::fs::remove_dir_all(&old)
            .map_err(|e| Error::io(format!("cannot remove the old report {}", old.display()), e))?;
    } else if let Err(e) = std::fs::rename(&tmp_path, dest) {
        let _ = std::fs::remove_dir_all(&tmp_path);
        return Err(Error::io(format!("cannot move the report to {}", dest.display()), e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_is_atomic_and_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![OutputFile::new("a/b.txt", "one")];
        write_folders(dir.path(), vec![("s".into(), files.clone())], false).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("s/a/b.txt")).unwrap(), "one");
        let err = write_folders(dir.path(), vec![("s".into(), files)], false).unwrap_err();
        assert!(matches!(err, Error::OutputExists(_)));
        write_folders(dir.path(), vec![("s".into(), vec![OutputFile::new("c.txt", "two")])], true).unwrap();
        assert!(!dir.path().join("s/a/b.txt").exists());
        assert_eq!(std::fs::read_to_string(dir.path().join("s/c.txt")).unwrap(), "two");
        // No temporary or old folders are left behind.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["s"]);
    }

    #[test]
    fn staged_folders_appear_only_on_commit_and_vanish_without_it() {
        let dir = tempfile::tempdir().unwrap();
        let names = vec!["p".to_string(), "national".to_string()];
        let staging = Staging::new(dir.path(), &names, false).unwrap();
        staging.add("p", Some("baseline"), &[OutputFile::new("a.csv", "1")]).unwrap();
        staging.add("national", None, &[OutputFile::new("b.csv", "2")]).unwrap();
        assert!(staging.add("elsewhere", None, &[]).is_err());
        assert!(!dir.path().join("p").exists());
        let written = staging.commit().unwrap();
        assert_eq!(written, vec![dir.path().join("p"), dir.path().join("national")]);
        assert_eq!(std::fs::read_to_string(dir.path().join("p/baseline/a.csv")).unwrap(), "1");
        // An error before the commit (the staging dropped) leaves nothing behind.
        let names = vec!["q".to_string()];
        let staging = Staging::new(dir.path(), &names, false).unwrap();
        staging.add("q", None, &[OutputFile::new("c.csv", "3")]).unwrap();
        drop(staging);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["national", "p"]);
    }
}
