//! The one seam through which iep reads files: a plan, the form it names, its pictures, the
//! plans it names (a group plan, the members' own) and a folder of fonts. [`FileSystem`] reads
//! them from disk; [`MemoryFiles`] hands out bytes a program already holds (a web service, the
//! browser), so iep runs with no disk at all. Everything else in the library reads through
//! [`Files`].
//!
//! The rules are the same whichever files are read: regular files only, from the folder of the
//! file that names them or below, and never more of one than the caller can use. A FIFO, a
//! device or a folder given as a plan, a form or a picture is refused at once instead of being
//! waited on or read for ever; a path that leads out of the folder is refused before anything is
//! read.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Where iep gets the bytes of the files a plan, a form or the caller names.
///
/// An implementation keeps the rules [`FileSystem`] keeps: [`Files::in_folder`] refuses a path
/// that leads out of the folder, and [`Files::read`] gives only a regular file's bytes, and
/// refuses a file larger than the limit before reading past it.
pub trait Files: Send + Sync + fmt::Debug {
    /// The bytes of the file at `path`, or [`Refused::TooLarge`] for one larger than `limit`
    /// bytes.
    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refused>;

    /// The file `name` (a path relative to `folder`) stands for, as long as it is in `folder`
    /// or below: a plan or a form a school receives can then make iep read only files beside
    /// it, never another child's photo or another school's plans.
    fn in_folder(&self, folder: &Path, name: &Path) -> Result<PathBuf, Refused>;

    /// The regular files directly in `folder`, each with its size in bytes (a font folder's
    /// sizes are added up before a byte of them is read).
    fn list(&self, folder: &Path) -> io::Result<Vec<(PathBuf, u64)>>;

    /// [`Files::read`] of the file `name` in `folder` or below ([`Files::in_folder`]).
    fn read_in_folder(&self, folder: &Path, name: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
        self.read(&self.in_folder(folder, name)?, limit)
    }
}

/// Why a file was not read. The words never repeat the path, which is the naming file's own
/// text.
#[derive(Debug)]
#[non_exhaustive]
pub enum Refused {
    /// The path leads out of the folder of the file that names it: it is absolute, or `..` or a
    /// symbolic link takes it out.
    Outside(&'static str),
    /// The file holds more than the caller's limit.
    TooLarge,
    /// Nothing can be read there: no such file, a folder, a pipe, no permission.
    Unreadable(io::Error),
}

const ABSOLUTE: &str = "it is an absolute path, and only files in the folder of the file that names it, or below, are read";
const LEADS_OUT: &str = "it leads out of the folder of the file that names it (by `..` or a symbolic link), and only files in that folder or below are read";
const A_FOLDER: &str = "it is a folder, not a file";

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Outside(why) => f.write_str(why),
            Refused::TooLarge => f.write_str("it is larger than a file of its kind may be"),
            // The kind of failure only: the operating system's own words may repeat the path.
            Refused::Unreadable(error) => match error.kind() {
                io::ErrorKind::Other => write!(f, "{error}"),
                io::ErrorKind::NotFound => f.write_str("there is no such file"),
                io::ErrorKind::PermissionDenied => {
                    f.write_str("it may not be read (permission denied)")
                }
                // What opening any file gives where there are no files: WebAssembly in a browser.
                io::ErrorKind::Unsupported => {
                    f.write_str("a file cannot be read by its path in the browser")
                }
                kind => write!(f, "{kind}"),
            },
        }
    }
}

impl std::error::Error for Refused {}

/// A path that is absolute (or names a drive) and so cannot be in any folder.
fn is_absolute(name: &Path) -> bool {
    name.components()
        .any(|part| matches!(part, Component::RootDir | Component::Prefix(_)))
}

/// The files on disk, the command line's: symbolic links are followed, and then checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileSystem;

impl FileSystem {
    /// Opens `path` for reading if it is a regular file (after following symbolic links).
    ///
    /// The file is opened without blocking, so a FIFO with no writer does not hang the open, and
    /// its type is then checked on the open file itself, so nothing can swap it between the
    /// check and the read.
    fn open_regular(path: &Path) -> io::Result<std::fs::File> {
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
        let file = options.open(path)?;
        let kind = file.metadata()?.file_type();
        if kind.is_file() {
            Ok(file)
        } else if kind.is_dir() {
            Err(io::Error::other(A_FOLDER))
        } else {
            Err(io::Error::other(
                "it is not a regular file (a pipe, a device or a socket)",
            ))
        }
    }
}

impl Files for FileSystem {
    /// Refuses a file larger than `limit` by its size on disk, and then reads at most one byte
    /// past the limit, for a file that grows while it is read.
    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
        let file = Self::open_regular(path).map_err(Refused::Unreadable)?;
        if file.metadata().map_err(Refused::Unreadable)?.len() > limit {
            return Err(Refused::TooLarge);
        }
        let mut bytes = Vec::new();
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(Refused::Unreadable)?;
        if bytes.len() as u64 > limit {
            return Err(Refused::TooLarge);
        }
        Ok(bytes)
    }

    /// Symbolic links are followed before the path is checked, and the path returned has none
    /// left in it.
    fn in_folder(&self, folder: &Path, name: &Path) -> Result<PathBuf, Refused> {
        if is_absolute(name) {
            return Err(Refused::Outside(ABSOLUTE));
        }
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        let folder = folder.canonicalize().map_err(Refused::Unreadable)?;
        let path = folder
            .join(name)
            .canonicalize()
            .map_err(Refused::Unreadable)?;
        if !path.starts_with(&folder) {
            return Err(Refused::Outside(LEADS_OUT));
        }
        Ok(path)
    }

    fn list(&self, folder: &Path) -> io::Result<Vec<(PathBuf, u64)>> {
        Ok(std::fs::read_dir(folder)?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter_map(|path| {
                let size = Self::open_regular(&path).ok()?.metadata().ok()?.len();
                Some((path, size))
            })
            .collect())
    }
}

/// Files held in memory, by path: a plan, its form and its pictures handed to iep by a program
/// that has no disk to give them from (a web service, the browser).
///
/// Paths are taken as they are written, with `.` dropped and `..` taken back, and no file
/// system's rules: `forms/school.yaml` and `./forms/school.yaml` are the same file. A plan
/// given as text ([`Source::new`](crate::Source::new)) is in the folder `.`, so the files it
/// names are put in by the paths it names them by.
///
/// ```
/// let mut files = iep::MemoryFiles::new();
/// files.insert("photos/eilidh.png", vec![0x89, b'P', b'N', b'G']);
/// ```
#[derive(Clone, Default)]
pub struct MemoryFiles {
    files: BTreeMap<PathBuf, Arc<[u8]>>,
}

impl MemoryFiles {
    /// No files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Holds `bytes` as the file at `path`, in place of any file there before. A path with
    /// more `..` than folders stands for no file, and is not held.
    pub fn insert(&mut self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) {
        if let Some(path) = tidy(path.as_ref()) {
            self.files.insert(path, Arc::from(bytes.into()));
        }
    }

    /// Whether `path`, tidied, is a folder of the files held: some file is in it or below.
    fn is_folder(&self, path: &Path) -> bool {
        path.as_os_str().is_empty()
            || self
                .files
                .range(path.to_owned()..)
                .next()
                .is_some_and(|(file, _)| file.starts_with(path) && file != path)
    }
}

/// `path` with `.` dropped and each `..` taking back the folder before it; `None` when a `..`
/// has no folder to take back.
fn tidy(path: &Path) -> Option<PathBuf> {
    let mut tidied = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !matches!(tidied.components().next_back(), Some(Component::Normal(_))) {
                    return None;
                }
                tidied.pop();
            }
            part => tidied.push(part),
        }
    }
    Some(tidied)
}

fn no_such_file() -> Refused {
    Refused::Unreadable(io::ErrorKind::NotFound.into())
}

impl Files for MemoryFiles {
    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
        let path = tidy(path).ok_or_else(no_such_file)?;
        match self.files.get(&path) {
            Some(bytes) if bytes.len() as u64 > limit => Err(Refused::TooLarge),
            Some(bytes) => Ok(bytes.to_vec()),
            None if self.is_folder(&path) => Err(Refused::Unreadable(io::Error::other(A_FOLDER))),
            None => Err(no_such_file()),
        }
    }

    /// Checked in the order [`FileSystem`] checks: an absolute path, then a file that is not
    /// there, then a path out of the folder.
    fn in_folder(&self, folder: &Path, name: &Path) -> Result<PathBuf, Refused> {
        if is_absolute(name) {
            return Err(Refused::Outside(ABSOLUTE));
        }
        let folder = tidy(folder)
            .filter(|f| self.is_folder(f))
            .ok_or_else(no_such_file)?;
        let path = tidy(&folder.join(name))
            .filter(|path| self.files.contains_key(path) || self.is_folder(path))
            .ok_or_else(no_such_file)?;
        if !path.starts_with(&folder) {
            return Err(Refused::Outside(LEADS_OUT));
        }
        Ok(path)
    }

    fn list(&self, folder: &Path) -> io::Result<Vec<(PathBuf, u64)>> {
        let folder = tidy(folder)
            .filter(|f| self.is_folder(f))
            .ok_or(io::ErrorKind::NotFound)?;
        Ok(self
            .files
            .iter()
            .filter(|(path, _)| path.parent() == Some(&folder))
            .map(|(path, bytes)| (path.clone(), bytes.len() as u64))
            .collect())
    }
}

/// The paths and sizes only: the bytes are children's records and pictures.
impl fmt::Debug for MemoryFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.files.iter().map(|(path, bytes)| (path, bytes.len())))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_paths_are_tidied_and_kept_in_their_folder() {
        let mut files = MemoryFiles::new();
        files.insert("./plans/eilidh.yaml", "a");
        files.insert("plans/photos/eilidh.png", "b");
        files.insert("other/secret.png", "c");
        let plans = Path::new("plans");
        assert_eq!(
            files
                .read_in_folder(plans, Path::new("photos/../eilidh.yaml"), 10)
                .unwrap(),
            b"a"
        );
        let refusal = |name: &str| {
            files
                .read_in_folder(plans, Path::new(name), 10)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(refusal("../other/secret.png"), LEADS_OUT);
        assert_eq!(refusal("/plans/eilidh.yaml"), ABSOLUTE);
        assert_eq!(refusal("../../x.png"), "there is no such file");
        assert_eq!(refusal("missing.png"), "there is no such file");
        assert_eq!(refusal("photos"), A_FOLDER);
        assert!(matches!(
            files.read(Path::new("plans/photos/eilidh.png"), 0),
            Err(Refused::TooLarge)
        ));
        // The folder `.` of a plan given as text holds every file.
        assert!(
            files
                .in_folder(Path::new(""), Path::new("other/secret.png"))
                .is_ok()
        );
        let listed = files.list(Path::new("plans/photos")).unwrap();
        assert_eq!(listed, [(PathBuf::from("plans/photos/eilidh.png"), 1)]);
        assert!(files.list(Path::new("nowhere")).is_err());
    }
}
