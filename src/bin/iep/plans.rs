//! Finding plan files among the paths a user gives.

use std::io;
use std::path::{Path, PathBuf};

/// The files to work on: each file given, and every `*.yaml` and `*.yml` file below each folder
/// given, in a stable (sorted) order. Unreadable folders are returned as errors, not skipped.
pub fn expand(inputs: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, io::Error)>> {
    let mut found = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut found);
        } else {
            found.push(Ok(input.clone()));
        }
    }
    found
}

fn walk(folder: &Path, found: &mut Vec<Result<PathBuf, (PathBuf, io::Error)>>) {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) => return found.push(Err((folder.to_owned(), error))),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        // Symlinked folders are not followed, so a loop of links cannot trap the walk.
        let is_link = path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        if path.is_dir() && !is_link {
            walk(&path, found);
        } else if is_plan_file(&path) {
            found.push(Ok(path));
        }
    }
}

fn is_plan_file(path: &Path) -> bool {
    path.is_file()
        && matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        )
}
