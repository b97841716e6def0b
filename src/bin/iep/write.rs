//! Writing documents into the output folder. The documents are children's records, so:
//! - each plan's documents are one unit: every one is written to a temporary file first, and
//!   only when all are written whole are they renamed into place, so a full disk never leaves a
//!   PDF of one version beside a DOCX of another;
//! - temporary files are created exclusively (never through a name that exists, so a planted
//!   symbolic link is refused, not followed), under unpredictable names, readable by their
//!   owner alone from the moment they exist;
//! - only real folders below the output folder are written into: a symbolic link among them
//!   could lead anywhere;
//! - no copy is left behind: a run killed by Ctrl-C or SIGTERM removes its temporary files, and
//!   one killed outright has them removed by the next run in that folder.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use crate::console;

/// How every temporary file's name starts: with the process id, so that a later run can tell
/// whether the process that made it is still at work.
const PREFIX: &str = ".iep-";
const SUFFIX: &str = ".partial";

/// A temporary file older than this is left over whatever its process id says (a process on
/// another machine sharing the folder, or an id used again): writing one takes milliseconds.
const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// The temporary files being written now, removed if the process is told to stop.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// On Ctrl-C, SIGTERM or SIGHUP: remove the temporary files being written and stop.
pub fn remove_partial_files_on_signal() {
    // If the handler cannot be set (another one is), a killed run is cleaned up by the next one.
    let _ = ctrlc::set_handler(|| {
        // Held until the process ends, so no worker starts another file meanwhile.
        let files = IN_PROGRESS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for file in files.iter() {
            let _ = std::fs::remove_file(file);
        }
        console::eprint("iep: stopped; no partial documents are left behind\n");
        std::process::exit(130);
    });
}

/// The output folder, and which of its folders have been made ready in this run.
pub struct Output {
    root: PathBuf,
    ready: Mutex<HashSet<PathBuf>>,
}

impl Output {
    /// The output folder `root` (made, with its parents, when missing).
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_owned(),
            ready: Mutex::new(HashSet::new()),
        }
    }

    /// True when a file (or anything else) stands at `name` below the output folder.
    pub fn holds(&self, name: &Path) -> bool {
        self.root.join(name).symlink_metadata().is_ok()
    }

    /// Writes one plan's documents, each `(path below the output folder, bytes)`: all of them or,
    /// when any cannot be written, none, leaving earlier files as they were.
    pub fn write_all(&self, documents: &[(PathBuf, Vec<u8>)]) -> Result<Vec<PathBuf>, String> {
        let mut written = Vec::new();
        for (name, bytes) in documents {
            let target = self.root.join(name);
            let folder = target.parent().unwrap_or(&self.root).to_owned();
            let temporary = self.ready(&folder).and_then(|()| {
                temporary_file(&folder, bytes)
                    .map_err(|e| format!("cannot write {}: {e}", console::path(&target)))
            });
            match temporary {
                Ok(temporary) => written.push((temporary, target)),
                Err(error) => {
                    // The files written so far are removed as they are dropped.
                    for (temporary, _) in &written {
                        forget(temporary.path());
                    }
                    return Err(error);
                }
            }
        }
        // Every document is whole on disk: now they replace the earlier ones.
        let mut files = Vec::new();
        for (temporary, target) in written {
            let path = temporary.path().to_owned();
            let result = temporary.persist(&target);
            forget(&path);
            result.map_err(|e| format!("cannot write {}: {}", console::path(&target), e.error))?;
            files.push(target);
        }
        Ok(files)
    }

    /// Makes `folder` ready to write into, once a run: a real folder below the output folder
    /// (made when missing), with what an earlier killed run left there removed.
    fn ready(&self, folder: &Path) -> Result<(), String> {
        let mut ready = self.ready.lock().unwrap_or_else(|p| p.into_inner());
        if ready.contains(folder) {
            return Ok(());
        }
        std::fs::create_dir_all(&self.root)
            .map_err(|e| format!("cannot create {}: {e}", console::path(&self.root)))?;
        let below = folder.strip_prefix(&self.root).unwrap_or(Path::new(""));
        let mut path = self.root.clone();
        for part in below.components() {
            path.push(part);
            real_folder(&path)?;
        }
        remove_left_over(folder);
        ready.insert(folder.to_owned());
        Ok(())
    }
}

/// Makes sure `path` is a real folder, making it when missing; a symbolic link is refused.
fn real_folder(path: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(format!(
            "cannot write into {}: it is a symbolic link, and iep writes only into real folders below --out",
            console::path(path)
        )),
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(format!(
            "cannot write into {}: it is a file, not a folder",
            console::path(path)
        )),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(path) {
                // Made meanwhile by another worker: check it again.
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => real_folder(path),
                result => result.map_err(|e| format!("cannot create {}: {e}", console::path(path))),
            }
        }
        Err(error) => Err(format!(
            "cannot write into {}: {error}",
            console::path(path)
        )),
    }
}

/// A new temporary file in `folder` holding `bytes`, written and flushed to disk.
fn temporary_file(folder: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let prefix = format!("{PREFIX}{}-", std::process::id());
    let mut file = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(SUFFIX)
        .rand_bytes(10)
        .make_in(folder, |path| {
            // Known before it exists, so that a signal at any moment can remove it.
            IN_PROGRESS
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(path.to_owned());
            let created = create_private(path);
            if created.is_err() {
                forget(path);
            }
            created
        })?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.as_file().sync_all());
    if let Err(error) = result {
        forget(file.path());
        return Err(error);
    }
    Ok(file)
}

/// Creates `path` for writing, only if nothing (not even a link) has that name, readable by its
/// owner alone.
fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Writes `bytes` to `path` as a new file, readable by its owner alone; an existing file (or a
/// link) of that name is left as it is and is an error.
pub fn new_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut file = create_private(path).map_err(|error| match error.kind() {
        io::ErrorKind::AlreadyExists => format!(
            "{} exists already, and iep does not overwrite it: give a new name",
            console::path(path)
        ),
        _ => format!("cannot write {}: {error}", console::path(path)),
    })?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    written.map_err(|error| {
        // Half a plan is no use to anyone: the file is removed.
        let _ = std::fs::remove_file(path);
        format!("cannot write {}: {error}", console::path(path))
    })
}

/// The temporary file at `path` is gone (renamed or removed): no longer one to clean up.
fn forget(path: &Path) {
    IN_PROGRESS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .retain(|file| file != path);
}

/// Removes the temporary files of runs that were killed before they could remove their own: a
/// name of iep's own whose process is no longer running, or that is older than
/// [`STALE_AFTER`].
fn remove_left_over(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(process_of) else {
            continue;
        };
        let old = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if pid != std::process::id() && (old || !is_running(pid)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in the name of one of iep's temporary files: `.iep-PID-RANDOM.partial`, or
/// `.NAME.PID.partial` as iep named them before.
fn process_of(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(SUFFIX)?;
    let pid = match inner.strip_prefix(&PREFIX[1..]) {
        Some(rest) => rest.split('-').next()?,
        None => inner.rsplit('.').next()?,
    };
    pid.parse().ok()
}

/// Whether process `pid` is running on this machine; `true` where that cannot be told.
fn is_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// A pupil's name as a file name: letters and digits, the rest as hyphens ("Eilidh MacLeod"
/// becomes `eilidh-macleod`).
pub fn file_name(pupil: &str) -> String {
    let name: String = pupil
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let name = name
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() {
        "pupil".into()
    } else {
        name.chars().take(80).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::process_of;

    #[test]
    fn temporary_names_old_and_new_give_their_process() {
        assert_eq!(process_of(".iep-4242-a8Xk2mQp0z.partial"), Some(4242));
        assert_eq!(process_of(".eilidh.pdf.4242.partial"), Some(4242));
        assert_eq!(process_of("eilidh.pdf"), None);
        assert_eq!(process_of(".notes.partial"), None);
    }
}
