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

/// The plans among `inputs`, loaded one at a time as they are asked for, so that a command
/// that takes what it needs from each (the provision map, the histories) holds one plan at a
/// time, however many there are. Form files and costs files in the folders are left out; a
/// plan that cannot be read or loaded is said, left out of `what` (the document being made)
/// and `failed` set.
pub struct Stream<'a> {
    files: std::vec::IntoIter<Result<Found, (PathBuf, io::Error)>>,
    what: &'a str,
    /// True once any file could not be read or loaded.
    pub failed: bool,
}

impl<'a> Stream<'a> {
    pub fn new(inputs: &[PathBuf], what: &'a str) -> Self {
        Self {
            files: expand(inputs).into_iter(),
            what,
            failed: false,
        }
    }
}

impl Iterator for Stream<'_> {
    type Item = (Found, iep::Source, iep::Plan);

    fn next(&mut self) -> Option<Self::Item> {
        for found in self.files.by_ref() {
            let found = match found {
                Ok(found) => found,
                Err((path, error)) => {
                    crate::console::eprint(&format!(
                        "iep: cannot read {}: {error}\n",
                        crate::console::path(&path)
                    ));
                    self.failed = true;
                    continue;
                }
            };
            let source = match iep::Source::read(&found.path) {
                Ok(source) => source,
                Err(error) => {
                    crate::console::eprint(&format!("iep: {error}\n"));
                    self.failed = true;
                    continue;
                }
            };
            if !found.given
                && (iep::Form::is_form_file(&source)
                    || iep::provision::Costs::is_costs_file(&source))
            {
                continue;
            }
            match iep::Plan::parse(&source) {
                Ok(plan) => return Some((found, source, plan)),
                Err(error) => {
                    crate::console::eprint(&format!(
                        "iep: {error}\n  left out of the {}: run `iep check {}` to see the line\n",
                        self.what,
                        crate::console::path(&found.path)
                    ));
                    self.failed = true;
                }
            }
        }
        None
    }
}
