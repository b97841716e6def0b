//! Reading the files a plan or a form names: regular files only, from the folder of the file
//! that names them or below, and never more of one than the caller can use. A FIFO, a device or
//! a folder given as a plan, a form or a picture is refused at once instead of being waited on
//! or read for ever; a path that leads out of the folder is refused before anything is read.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// Opens `path` for reading if it is a regular file (after following symbolic links).
///
/// The file is opened without blocking, so a FIFO with no writer does not hang the open, and its
/// type is then checked on the open file itself, so nothing can swap it between the check and
/// the read.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        Ok(file)
    } else if kind.is_dir() {
        Err(io::Error::other("it is a folder, not a file"))
    } else {
        Err(io::Error::other(
            "it is not a regular file (a pipe, a device or a socket)",
        ))
    }
}

/// Why a file could not be read whole.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read, or is not a regular file.
    Io(io::Error),
    /// The file holds more than the caller's limit.
    TooLarge,
}

/// The bytes of the regular file at `path`, refusing one larger than `limit` bytes before
/// reading more than one byte past the limit.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path).map_err(ReadError::Io)?;
    if file.metadata().map_err(ReadError::Io)?.len() > limit {
        return Err(ReadError::TooLarge);
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// Why a path a plan or a form names was not read. The words never repeat the path, which is the
/// file's own text.
#[derive(Debug)]
pub enum Refused {
    /// The path leads out of the folder of the file that names it: it is absolute, or `..` or a
    /// symbolic link takes it out.
    Outside(&'static str),
    /// Nothing can be read there.
    Unreadable(io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Outside(why) => f.write_str(why),
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

/// The file `name` (a path relative to `folder`) stands for, as long as it is in `folder` or
/// below once symbolic links are followed: a plan or a form a school receives can then make iep
/// read only files beside it, never another child's photo or another school's plans. The path
/// returned has no link left in it.
pub fn in_folder(folder: &Path, name: &Path) -> Result<PathBuf, Refused> {
    if name
        .components()
        .any(|part| matches!(part, Component::RootDir | Component::Prefix(_)))
    {
        return Err(Refused::Outside(
            "it is an absolute path, and only files in the folder of the file that names it, or below, are read",
        ));
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
        return Err(Refused::Outside(
            "it leads out of the folder of the file that names it (by `..` or a symbolic link), and only files in that folder or below are read",
        ));
    }
    Ok(path)
}
