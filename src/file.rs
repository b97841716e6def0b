//! Reading the files a plan or a form names: regular files only, and never more of one than the
//! caller can use. A FIFO, a device or a folder given as a plan, a form or a picture is refused
//! at once instead of being waited on or read for ever.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

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
