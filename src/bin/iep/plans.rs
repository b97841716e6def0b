//! Finding plan files among the paths a user gives.

use std::io;
use std::path::{Path, PathBuf};

/// A plan file to work on.
pub struct Found {
    /// Where it is.
    pub path: PathBuf,
    /// What its documents are called, without extension: the file's name, with the folders
    /// between it and the folder the user gave (`class-3/sam`), so that plans of the same
    /// name in different folders do not overwrite each other's documents.
    pub name: PathBuf,
    /// Named by the user, rather than found in a folder.
    pub given: bool,
}

/// The files to work on: each file given, and every `*.yaml` and `*.yml` file below each folder
/// given, in a stable (sorted) order. Unreadable folders are returned as errors, not skipped.
pub fn expand(inputs: &[PathBuf]) -> Vec<Result<Found, (PathBuf, io::Error)>> {
    let mut found = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, input, &mut found);
        } else {
            found.push(Ok(Found {
                path: input.clone(),
                name: stem(input, input.parent().unwrap_or(Path::new(""))),
                given: true,
            }));
        }
    }
    found
}

fn walk(root: &Path, folder: &Path, found: &mut Vec<Result<Found, (PathBuf, io::Error)>>) {
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
            walk(root, &path, found);
        } else if is_plan_file(&path) {
            let name = stem(&path, root);
            found.push(Ok(Found {
                path,
                name,
                given: false,
            }));
        }
    }
}

/// The path of `file` below `root`, without its extension.
fn stem(file: &Path, root: &Path) -> PathBuf {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let name = relative.with_extension("");
    if name.as_os_str().is_empty() {
        PathBuf::from("plan")
    } else {
        name
    }
}

fn is_plan_file(path: &Path) -> bool {
    path.is_file()
        && matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        )
}

/// Every plan among `inputs`, loaded, with where it was found and its text; form files in the
/// folders are left out. A plan that cannot be read or loaded is said and left out of `what`
/// (the document being made); the second value is true when any was.
pub fn load_all(inputs: &[PathBuf], what: &str) -> (Vec<(Found, iep::Source, iep::Plan)>, bool) {
    let mut plans = Vec::new();
    let mut failed = false;
    for found in expand(inputs) {
        let found = match found {
            Ok(found) => found,
            Err((path, error)) => {
                crate::console::eprint(&format!(
                    "iep: cannot read {}: {error}\n",
                    crate::console::path(&path)
                ));
                failed = true;
                continue;
            }
        };
        let source = match iep::Source::read(&found.path) {
            Ok(source) => source,
            Err(error) => {
                crate::console::eprint(&format!("iep: {error}\n"));
                failed = true;
                continue;
            }
        };
        if !found.given && iep::form::is_form_file(&source) {
            continue;
        }
        match iep::parse(&source) {
            Ok(plan) => plans.push((found, source, plan)),
            Err(error) => {
                crate::console::eprint(&format!(
                    "iep: {error}\n  left out of the {what}: run `iep check {}` to see the line\n",
                    crate::console::path(&found.path)
                ));
                failed = true;
            }
        }
    }
    (plans, failed)
}
