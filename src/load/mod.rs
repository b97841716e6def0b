//! Reading a plan: bytes to checked text to YAML to the typed [`Plan`], refusing hostile or
//! broken input quickly and saying where and what is wrong.
//!
//! All YAML parsing of plans and forms happens here (see Cargo.toml for why serde-saphyr):
//! `yaml` reads the text with budgets and turns the parser's errors into located diagnostics,
//! `mistakes` recognises the slips people make typing YAML and says them in plain words.

mod linked;
mod mistakes;
mod yaml;

use std::io;
use std::path::{Path, PathBuf};

pub(crate) use linked::{group_plan, member_plans};
pub(crate) use yaml::{Kind, closest, parse_yaml};

use crate::diagnostic::{Code, Diagnostic};
use crate::files::{FileSystem, Files, Refused};
use crate::plan::Plan;
use crate::source::{FieldPath, Place, Source};

/// The largest plan file read, in bytes. A real plan is a few kilobytes; a megabyte is room for
/// a hundred pages of text, and refusing more keeps a stray file from costing time or memory.
pub const MAX_PLAN_BYTES: usize = 1024 * 1024;

/// The deepest nesting of lists and mappings accepted. The plan format needs six levels.
pub const MAX_NESTING: usize = 16;

/// The most items any list of a plan holds: goals, a goal's targets, previous targets, strengths
/// and monitoring notes. Policies allow far fewer (8 targets at most); this bound is for files
/// that are not plans at all, so that a runaway one is refused before it is laid out.
pub const MAX_LIST_ITEMS: usize = 32;

/// The most short-term targets a plan holds in all, whatever its school's policy says.
pub const MAX_TARGETS: usize = 32;

/// The longest text of one field, in characters: some three pages of a form's widest box.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// The most text a plan holds in all its fields together, in characters: some forty pages of a
/// form's text. A plan within the file's size can hold far more by repeating its text through
/// YAML aliases (`*note`), which would then be laid out over hundreds of megabytes; it is refused
/// when it is read.
pub const MAX_PLAN_TEXT: usize = 200_000;

/// Why a plan could not be loaded.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LoadError {
    /// The file could not be read at all (missing, a folder, no permission).
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The path as given.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// The file was read but does not hold a usable plan.
    #[error("{file}:{diagnostic}")]
    Invalid {
        /// The name of the source (its path, usually).
        file: String,
        /// What is wrong and where.
        diagnostic: Box<Diagnostic>,
    },
}

impl LoadError {
    /// The located problem, when the file was read but is not a usable plan.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match self {
            LoadError::Invalid { diagnostic, .. } => Some(diagnostic),
            LoadError::Read { .. } => None,
        }
    }
}

impl Source {
    /// Reads a plan file, refusing files larger than 1 MB without reading them
    /// whole, and text that is not UTF-8.
    pub fn read(path: &Path) -> Result<Source, crate::Error> {
        Source::read_from(&FileSystem, path).map_err(crate::Error::from)
    }

    /// [`Source::read`] from `files`.
    pub(crate) fn read_from(files: &dyn Files, path: &Path) -> Result<Source, LoadError> {
        let bytes = match files.read(path, MAX_PLAN_BYTES as u64) {
            Ok(bytes) => bytes,
            Err(Refused::TooLarge) => return Err(too_large(Source::name_of(path), Kind::Plan)),
            Err(Refused::Unreadable(source)) => {
                return Err(LoadError::Read {
                    path: path.to_owned(),
                    source,
                });
            }
            Err(why) => {
                return Err(LoadError::Read {
                    path: path.to_owned(),
                    source: io::Error::other(why.to_string()),
                });
            }
        };
        let mut source = Source::checked(Source::name_of(path), &bytes)?;
        source.folder = path.parent().map(Path::to_owned);
        Ok(source)
    }

    /// Checks bytes from anywhere (a file, standard input, a web upload) and makes a source of
    /// them: within the size limit, UTF-8 (a byte order mark is dropped).
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Result<Source, crate::Error> {
        Source::checked(name, bytes).map_err(crate::Error::from)
    }

    /// [`Source::from_bytes`], or why not.
    pub(crate) fn checked(name: impl Into<String>, bytes: &[u8]) -> Result<Source, LoadError> {
        let name = name.into();
        let invalid = |diagnostic: Diagnostic| LoadError::Invalid {
            file: name.clone(),
            diagnostic: Box::new(diagnostic),
        };
        if bytes.len() > MAX_PLAN_BYTES {
            return Err(too_large(name, Kind::Plan));
        }
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(invalid(
                Diagnostic::error(Code::NotUtf8, "the file is saved as UTF-16, not UTF-8 text")
                    .with_hint("save it again as UTF-8 (in Notepad: Save As, Encoding: UTF-8)")
                    .at_place(Some(Place { line: 1, column: 1 })),
            ));
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|error| {
            let valid = &bytes[..error.valid_up_to()];
            // The prefix is valid UTF-8 by definition; lossy conversion is just a safe way to
            // count lines and characters in it.
            let before = String::from_utf8_lossy(valid);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            invalid(
                Diagnostic::error(
                    Code::NotUtf8,
                    format!(
                        "the file is not UTF-8 text: byte {} cannot be read",
                        error.valid_up_to() + 1
                    ),
                )
                .with_hint(
                    "save the file as UTF-8; text pasted from old Word files is often Windows-1252",
                )
                .at_place(Some(Place { line, column })),
            )
        })?;
        Ok(Source::new(name, text))
    }
}

/// The refusal of a file larger than [`MAX_PLAN_BYTES`], as a plan or a form (`kind`).
pub(crate) fn too_large(file: String, kind: Kind) -> LoadError {
    LoadError::Invalid {
        file,
        diagnostic: Box::new(
            Diagnostic::error(
                Code::TooLarge,
                format!(
                    "the file is larger than {} KiB, far more than a {} holds",
                    MAX_PLAN_BYTES / 1024,
                    kind.noun()
                ),
            )
            .with_hint(kind.check_hint()),
        ),
    }
}

impl Plan {
    /// Reads and parses the plan file at `path`.
    pub fn load(path: &Path) -> Result<Plan, crate::Error> {
        load_from(&FileSystem, path).map_err(crate::Error::from)
    }

    /// Parses a plan from YAML text. The plan remembers where each of its values stands in the
    /// text ([`Plan::place`]), so that validation can point at lines.
    pub fn parse(source: &Source) -> Result<Plan, crate::Error> {
        parse_plan(source).map_err(crate::Error::from)
    }
}

/// [`Plan::load`] from `files`.
pub(crate) fn load_from(files: &dyn Files, path: &Path) -> Result<Plan, LoadError> {
    parse_plan(&Source::read_from(files, path)?)
}

/// [`Plan::parse`], or why not.
pub(crate) fn parse_plan(source: &Source) -> Result<Plan, LoadError> {
    let (mut plan, places) = parse_yaml::<Plan>(source, Kind::Plan)?;
    plan.places = places;
    plan.folder = source.folder.clone();
    within_limits(&plan).map_err(|diagnostic| LoadError::Invalid {
        file: source.name.clone(),
        diagnostic,
    })?;
    Ok(plan)
}

/// Refuses a plan with a list or a text beyond the limits, at the first item or text over.
fn within_limits(plan: &Plan) -> Result<(), Box<Diagnostic>> {
    let at = |path: FieldPath| plan.places.place(&path);
    for (path, length) in plan.lists() {
        if length > MAX_LIST_ITEMS {
            return Err(Box::new(
                Diagnostic::error(
                    Code::TooMany,
                    format!(
                        "{}: {length} items, more than the {MAX_LIST_ITEMS} a plan's list can hold",
                        path.describe()
                    ),
                )
                .with_hint("check that this is the plan file you meant")
                .at_place(at(path.index(MAX_LIST_ITEMS)))
                .at_field(path),
            ));
        }
    }
    if let Some((g, t, _)) = plan.targets().nth(MAX_TARGETS) {
        let path = FieldPath::target(g, t);
        return Err(Box::new(
            Diagnostic::error(
                Code::TooMany,
                format!(
                    "{}: more than the {MAX_TARGETS} short-term targets a plan can hold in all",
                    path.describe()
                ),
            )
            .with_hint("a plan has a few targets: guidance says three or four key ones, 8 at most")
            .at_place(at(path.clone()))
            .at_field(path),
        ));
    }
    let mut total = 0;
    for (path, text) in plan.texts() {
        let length = text.chars().count();
        total += length;
        if total > MAX_PLAN_TEXT {
            return Err(Box::new(
                Diagnostic::error(
                    Code::TooLong,
                    format!(
                        "{}: the plan's text runs past {MAX_PLAN_TEXT} characters in all here, more than a plan holds",
                        path.describe()
                    ),
                )
                .with_hint("check that this is the plan file you meant: text repeated by YAML aliases (`*name`) counts each time")
                .at_place(at(path.clone()))
                .at_field(path),
            ));
        }
        if length > MAX_TEXT_CHARS {
            return Err(Box::new(Diagnostic::error(
                Code::TooLong,
                format!(
                    "{}: {length} characters, more than the {MAX_TEXT_CHARS} one field can hold",
                    path.describe()
                ),
            )
            .with_hint("keep a field to the point; longer reports belong in their own document")
            .at_place(at(path.clone()))
            .at_field(path)));
        }
    }
    Ok(())
}
