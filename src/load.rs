//! Reading a plan: bytes to checked text to YAML to the typed [`Plan`], refusing hostile or
//! broken input quickly and saying where and what is wrong.
//!
//! All YAML parsing of plans happens here (see Cargo.toml for why serde-saphyr).

use std::io;
use std::path::{Path, PathBuf};

use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::{DuplicateKeyPolicy, Error as YamlError, ExternalMessageSource};

use crate::diagnostic::{Code, Diagnostic};
use crate::file::ReadError;
use crate::plan::Plan;
use crate::source::{FieldPath, NodeKind, Place, Source, SourceMap};

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

/// Why a plan could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
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
    /// Reads a plan file, refusing files larger than [`MAX_PLAN_BYTES`] without reading them
    /// whole, and text that is not UTF-8.
    pub fn read(path: &Path) -> Result<Source, LoadError> {
        let read_error = |source| LoadError::Read {
            path: path.to_owned(),
            source,
        };
        let bytes = match crate::file::read_limited(path, MAX_PLAN_BYTES as u64) {
            Ok(bytes) => bytes,
            Err(ReadError::Io(error)) => return Err(read_error(error)),
            Err(ReadError::TooLarge) => return Err(too_large(Source::name_of(path))),
        };
        let mut source = Source::from_bytes(Source::name_of(path), &bytes)?;
        source.folder = path.parent().map(Path::to_owned);
        Ok(source)
    }

    /// Checks bytes from anywhere (a file, standard input, a web upload) and makes a source of
    /// them: within the size limit, UTF-8 (a byte order mark is dropped).
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Result<Source, LoadError> {
        let name = name.into();
        let invalid = |diagnostic: Diagnostic| LoadError::Invalid {
            file: name.clone(),
            diagnostic: Box::new(diagnostic),
        };
        if bytes.len() > MAX_PLAN_BYTES {
            return Err(too_large(name));
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

/// The refusal of a file larger than [`MAX_PLAN_BYTES`].
fn too_large(file: String) -> LoadError {
    LoadError::Invalid {
        file,
        diagnostic: Box::new(
            Diagnostic::error(
                Code::TooLarge,
                format!(
                    "the file is larger than {} KiB, far more than a plan holds",
                    MAX_PLAN_BYTES / 1024
                ),
            )
            .with_hint("check that this is the plan file you meant"),
        ),
    }
}

/// Reads and parses the plan file at `path`.
pub fn load(path: &Path) -> Result<Plan, LoadError> {
    parse(&Source::read(path)?)
}

/// Parses a plan from YAML text. The plan remembers where each of its values stands in the text
/// ([`Plan::places`]), so that validation can point at lines.
pub fn parse(source: &Source) -> Result<Plan, LoadError> {
    let (mut plan, places) = parse_yaml::<Plan>(source, Kind::Plan)?;
    plan.places = places;
    plan.folder = source.folder.clone();
    within_limits(&plan).map_err(|diagnostic| LoadError::Invalid {
        file: source.name.clone(),
        diagnostic: Box::new(diagnostic),
    })?;
    Ok(plan)
}

/// Refuses a plan with a list or a text beyond the limits, at the first item or text over.
fn within_limits(plan: &Plan) -> Result<(), Diagnostic> {
    let at = |path: FieldPath| plan.places.place(&path);
    for (path, length) in plan.lists() {
        if length > MAX_LIST_ITEMS {
            return Err(Diagnostic::error(
                Code::TooMany,
                format!(
                    "{}: {length} items, more than the {MAX_LIST_ITEMS} a plan's list can hold",
                    path.describe()
                ),
            )
            .with_hint("check that this is the plan file you meant")
            .at_place(at(path.index(MAX_LIST_ITEMS)))
            .at_field(path));
        }
    }
    if let Some((g, t, _)) = plan.targets().nth(MAX_TARGETS) {
        let path = FieldPath::target(g, t);
        return Err(Diagnostic::error(
            Code::TooMany,
            format!(
                "{}: more than the {MAX_TARGETS} short-term targets a plan can hold in all",
                path.describe()
            ),
        )
        .with_hint("a plan has a few targets: guidance says three or four key ones, 8 at most")
        .at_place(at(path.clone()))
        .at_field(path));
    }
    for (path, text) in plan.texts() {
        let length = text.chars().count();
        if length > MAX_TEXT_CHARS {
            return Err(Diagnostic::error(
                Code::TooLong,
                format!(
                    "{}: {length} characters, more than the {MAX_TEXT_CHARS} one field can hold",
                    path.describe()
                ),
            )
            .with_hint("keep a field to the point; longer reports belong in their own document")
            .at_place(at(path.clone()))
            .at_field(path));
        }
    }
    Ok(())
}

/// What a YAML file is meant to hold, for the words of its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A plan.
    Plan,
    /// A school's form file.
    Form,
}

impl Kind {
    /// "plan" or "form file".
    fn noun(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Form => "form file",
        }
    }

    /// The hint for a file that may be the wrong one.
    fn check_hint(self) -> &'static str {
        match self {
            Kind::Plan => "check that this is the plan file you meant",
            Kind::Form => "check that this is the form file you meant",
        }
    }

    /// The hint for a file that holds nothing usable.
    fn start_hint(self) -> &'static str {
        match self {
            Kind::Plan => "start from `iep new`, or copy one of the plans in examples/plans",
            Kind::Form => "start from a built-in form: `iep form show general`",
        }
    }
}

/// Reads YAML text into `T` with the limits and located, value-free errors of plans. Used for
/// plans and for form files alike; `kind` says which the messages speak of.
pub(crate) fn parse_yaml<T: serde::de::DeserializeOwned>(
    source: &Source,
    kind: Kind,
) -> Result<(T, SourceMap), LoadError> {
    let invalid = |diagnostic: Diagnostic| LoadError::Invalid {
        file: source.name.clone(),
        diagnostic: Box::new(diagnostic),
    };
    if source.text.len() > MAX_PLAN_BYTES {
        return Err(invalid(Diagnostic::error(
            Code::TooLarge,
            format!("the text is larger than a {} can be", kind.noun()),
        )));
    }
    if holds_nothing(&source.text) {
        return Err(invalid(
            Diagnostic::error(Code::EmptyFile, "the file holds nothing")
                .with_hint(kind.start_hint())
                .at_place(Some(Place { line: 1, column: 1 })),
        ));
    }
    match serde_saphyr::from_str_with_options::<T>(&source.text, yaml_options()) {
        Ok(value) => Ok((value, SourceMap::build(&source.text))),
        Err(error) => {
            let place = error_place(&error);
            let places = SourceMap::build_until(&source.text, place);
            Err(invalid(explain(&error, place, &places, kind)))
        }
    }
}

/// Only blank lines, comments and document markers.
fn holds_nothing(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with('#') || line == "---" || line == "...")
}

fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_NESTING,
            flow_nesting_limit: MAX_NESTING,
            max_documents: 1,
            max_nodes: 50_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_events: 200_000,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 20_000,
            max_replay_stack_depth: 8,
            max_alias_expansions_per_anchor: 100,
        },
        duplicate_keys: DuplicateKeyPolicy::Error,
        strict_booleans: true,
        reject_unsupported_tags: true,
        // Snippets would quote the plan's text into the error.
        with_snippet: false,
    }
}

fn error_place(error: &YamlError) -> Option<Place> {
    error.location().map(|location| Place {
        line: usize::try_from(location.line()).unwrap_or(usize::MAX),
        column: usize::try_from(location.column()).unwrap_or(usize::MAX),
    })
}

/// Turns a YAML or serde error into a diagnostic that names the field and place but never
/// repeats a value from the plan.
fn explain(error: &YamlError, place: Option<Place>, places: &SourceMap, kind: Kind) -> Diagnostic {
    let field = place.and_then(|place| places.field_at(place)).cloned();
    let within = |field: &Option<FieldPath>| match field.as_ref().map(FieldPath::describe) {
        Some(words) if !words.is_empty() => format!("{words}: "),
        _ => String::new(),
    };
    let diagnostic = match error.without_snippet() {
        YamlError::AliasError { error, .. } => return explain(error, error_place(error), places, kind),
        YamlError::SerdeUnknownField { field: key, expected, .. } => {
            // The path found may be the unknown key itself or the mapping holding it.
            let holder = field
                .as_ref()
                .map(|f| if f.last_key() == Some(key) { f.parent() } else { f.clone() });
            // A key shaped like a field name is a typo worth quoting; anything else may be a
            // line of the record that lost its indentation, and is described, not repeated.
            let what = if looks_like_field_name(key) {
                format!("unknown field `{key}`")
            } else {
                "an unknown field (a key that is not a field name)".to_owned()
            };
            let mut diagnostic = Diagnostic::error(Code::UnknownField, format!("{}{what}", within(&holder)));
            diagnostic.hint = Some(match closest(key, expected) {
                Some(name) => format!("did you mean `{name}`?"),
                None => format!("the fields here are {}", list(expected)),
            });
            diagnostic.field = holder.map(|h| if looks_like_field_name(key) { h.key(key) } else { h });
            return diagnostic.at_place(place);
        }
        YamlError::SerdeUnknownVariant { expected, .. } => {
            Diagnostic::error(Code::InvalidValue, format!("{}not one of the values this field takes", within(&field)))
                .with_hint(format!("use one of {}", list(expected)))
        }
        YamlError::SerdeMissingField { field: name, .. } => {
            // Reported where the mapping ends, at its last key: the mapping is that key's parent.
            let holder = field.as_ref().map(FieldPath::parent);
            let mut diagnostic = Diagnostic::error(
                Code::MissingField,
                format!("{}the required field `{name}` is missing", within(&holder)),
            )
            .with_hint(format!("add `{name}:` here"));
            diagnostic.field = Some(holder.unwrap_or_default().key(name));
            return diagnostic.at_place(place);
        }
        YamlError::NullIntoString { .. } => {
            Diagnostic::error(Code::MissingField, format!("{}this field is empty", within(&field)))
                .with_hint("write the text after the colon, or remove the line if the field is optional")
        }
        _ if !root_is_mapping(places) => Diagnostic::error(
            Code::NotAMapping,
            match kind {
                Kind::Plan => "a plan is a mapping of fields (`school:`, `pupil:`, `plan:` ...), but this file holds a list or a single value",
                Kind::Form => "a form file is a mapping of fields (`name:`, `title:`, `blocks:` ...), but this file holds a list or a single value",
            },
        )
        .with_hint(kind.start_hint()),
        YamlError::Unexpected { expected, .. } => {
            let value = field.as_ref().filter(|f| !f.segments().is_empty());
            let found = value.and_then(|f| places.entry(f)).map(|entry| match entry.kind {
                NodeKind::Mapping => ", found a mapping",
                NodeKind::Sequence => ", found a list",
                NodeKind::Scalar => ", found a single value",
            });
            Diagnostic::error(
                Code::InvalidValue,
                format!("{}expected {}{}", within(&field), plain(expected), found.unwrap_or_default()),
            )
        }
        YamlError::SerdeInvalidType { unexpected, expected, .. } => Diagnostic::error(
            Code::InvalidValue,
            format!("{}expected {}, found {}", within(&field), plain(expected), kind_of(unexpected)),
        ),
        YamlError::SerdeInvalidValue { expected, .. } => Diagnostic::error(
            Code::InvalidValue,
            format!("{}this value is not allowed: expected {}", within(&field), plain(expected)),
        ),
        YamlError::SerdeInvalidLength { expected, .. } => Diagnostic::error(
            Code::InvalidValue,
            format!("{}wrong number of items: expected {}", within(&field), plain(expected)),
        ),
        YamlError::DuplicateMappingKey { key, .. } => Diagnostic::error(
            Code::DuplicateField,
            match key {
                Some(key) => format!("{}`{key}` is written twice in the same place", within(&field)),
                None => format!("{}a key is written twice in the same place", within(&field)),
            },
        )
        .with_hint("keep one of the two lines"),
        YamlError::Message { msg, .. } if msg.starts_with("this is not a real date") => {
            Diagnostic::error(Code::InvalidDate, format!("{}{msg}", within(&field)))
        }
        YamlError::Budget { breach, .. } => too_complex(breach, kind),
        YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. } => Diagnostic::error(
            Code::TooComplex,
            format!("the YAML repeats aliases (`*name`) far more than a {} needs", kind.noun()),
        )
        .with_hint("write the text out instead of using anchors and aliases"),
        YamlError::MultipleDocuments { .. } => Diagnostic::error(
            Code::YamlSyntax,
            "the file holds more than one YAML document (a second `---`)",
        )
        .with_hint(format!("keep one {} in each file", kind.noun())),
        YamlError::ExternalMessage { source, .. }
            if matches!(
                source.as_ref(),
                ExternalMessageSource::Parser(scan) if matches!(scan.kind(), ErrorKind::RecursionLimitExceeded)
            ) =>
        {
            Diagnostic::error(Code::TooComplex, format!("lists and mappings are nested more than {MAX_NESTING} deep"))
                .with_hint(kind.check_hint())
        }
        YamlError::InvalidUtf8Input => Diagnostic::error(Code::NotUtf8, "the file is not UTF-8 text"),
        YamlError::Message { .. } => Diagnostic::error(
            Code::InvalidValue,
            format!("{}this value cannot be read here", within(&field)),
        ),
        YamlError::UnsupportedTag { .. } | YamlError::TaggedStructFieldName { .. } => Diagnostic::error(
            Code::YamlSyntax,
            format!("{}a YAML tag (a word starting with `!`), which a {} does not use", within(&field), kind.noun()),
        )
        .with_hint("remove the tag, or put the whole text in quotes if the `!` is part of it"),
        // Syntax errors from the parser: its messages describe the YAML's structure
        // ("did not find expected key"), not the plan's text.
        other @ YamlError::ExternalMessage { .. } => {
            Diagnostic::error(Code::YamlSyntax, format!("the YAML is malformed: {}", syntax_message(other)))
                .with_hint("check the indentation and the colons on and above this line")
        }
        // Anything else may carry a name or a tag from the file: said without it.
        _ => Diagnostic::error(Code::YamlSyntax, format!("{}the YAML cannot be read here", within(&field)))
            .with_hint("check the indentation and the colons on and above this line"),
    };
    let mut diagnostic = diagnostic.at_place(place);
    diagnostic.field = field;
    diagnostic
}

/// False when the document is a list or a single value rather than a mapping of fields.
fn root_is_mapping(places: &SourceMap) -> bool {
    places
        .entry(&FieldPath::root())
        .is_none_or(|root| root.kind == NodeKind::Mapping)
}

fn too_complex(breach: &BudgetBreach, kind: Kind) -> Diagnostic {
    let what = match breach {
        BudgetBreach::Depth { .. } => {
            format!("lists and mappings are nested more than {MAX_NESTING} deep")
        }
        BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => {
            format!(
                "the YAML uses far more anchors or aliases than a {} needs",
                kind.noun()
            )
        }
        BudgetBreach::Documents { .. } => {
            return Diagnostic::error(
                Code::YamlSyntax,
                "the file holds more than one YAML document (a second `---`)",
            )
            .with_hint(format!("keep one {} in each file", kind.noun()));
        }
        _ => format!("the YAML has far more items than a {} holds", kind.noun()),
    };
    Diagnostic::error(Code::TooComplex, what).with_hint(kind.check_hint())
}

/// The message of a parser error without the location suffix the crate adds (the diagnostic
/// carries the place itself).
fn syntax_message(error: &YamlError) -> String {
    let text = error.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text);
    text.trim().trim_end_matches('.').to_owned()
}

/// The kind of a value from serde's description of it, leaving out the value itself:
/// `string "high"` becomes "text".
fn kind_of(unexpected: &str) -> &'static str {
    let word = unexpected.split([' ', '"', '`']).next().unwrap_or("");
    match word {
        "string" | "char" => "text",
        "map" => "a mapping",
        "sequence" => "a list",
        "integer" | "floating" => "a number",
        "boolean" => "true or false",
        "unit" | "null" | "none" | "Option" => "nothing",
        _ => "something else",
    }
}

/// serde's descriptions of what it expected, in words for a SENCO.
fn plain(expected: &str) -> String {
    match expected {
        "a string" | "string scalar" => "text".to_owned(),
        "mapping start" => "a mapping of fields (`key: value` lines)".to_owned(),
        "sequence start" => "a list (lines starting with `- `)".to_owned(),
        "a sequence" => "a list (lines starting with `- `)".to_owned(),
        "u32" | "u64" | "usize" => "a whole number".to_owned(),
        other if other.starts_with("struct ") => "a mapping of fields".to_owned(),
        other => other.to_owned(),
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// True for a key that could be a misspelt field name: a short word of lower-case letters,
/// digits and underscores, as every field of the plan format is.
fn looks_like_field_name(key: &str) -> bool {
    (1..=32).contains(&key.len())
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The expected name nearest to what was written, if it is near enough to be a typo.
pub(crate) fn closest<'a>(written: &str, expected: &[&'a str]) -> Option<&'a str> {
    let written = written.to_lowercase();
    expected
        .iter()
        .map(|name| (strsim::jaro_winkler(&written, name), *name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_gets_the_nearest_field() {
        assert_eq!(
            closest("sucess", &["target", "success", "strategies"]),
            Some("success")
        );
        assert_eq!(closest("Success", &["target", "success"]), Some("success"));
        assert_eq!(closest("colour", &["target", "success"]), None);
    }

    #[test]
    fn the_kind_of_a_value_leaves_the_value_out() {
        assert_eq!(kind_of("string \"Eilidh MacLeod\""), "text");
        assert_eq!(kind_of("sequence"), "a list");
    }
}
