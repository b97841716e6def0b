//! YAML text into typed values with the limits of plans, and the parser's errors as located
//! diagnostics that name the field and never repeat a value.

use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::{DuplicateKeyPolicy, Error as YamlError, ExternalMessageSource};

use super::{LoadError, MAX_NESTING, MAX_PLAN_BYTES};
use crate::diagnostic::{Code, Diagnostic};
use crate::plan::{NOT_A_DATE, NOT_A_LANGUAGE};
use crate::source::{FieldPath, NodeKind, Place, Source, SourceMap};

/// What a YAML file is meant to hold, for the words of its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A plan.
    Plan,
    /// A school's form file.
    Form,
    /// A school's costs file, for the provision map.
    Costs,
}

impl Kind {
    /// "plan" or "form file".
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Form => "form file",
            Kind::Costs => "costs file",
        }
    }

    /// The hint for a file that may be the wrong one.
    pub(crate) fn check_hint(self) -> &'static str {
        match self {
            Kind::Plan => "check that this is the plan file you meant",
            Kind::Form => "check that this is the form file you meant",
            Kind::Costs => "check that this is the costs file you meant",
        }
    }

    /// The hint for a file that holds nothing usable.
    fn start_hint(self) -> &'static str {
        match self {
            Kind::Plan => "start from `iep new`, or copy one of the plans in examples/plans",
            Kind::Form => "start from a built-in form: `iep form show general`",
            Kind::Costs => {
                "write `weeks_per_year:` and `hourly_cost:` with a cost for each staff role"
            }
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
            let diagnostic = explain(&error, place, &places, kind);
            Err(invalid(
                super::mistakes::recognise(&source.text, &diagnostic).unwrap_or(diagnostic),
            ))
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
            // A key close to a real field is a typo worth quoting; anything else may be a line
            // of the record that lost its indentation, and is described, not repeated.
            let home = home_of(key, kind);
            let near = home.is_some() || near_a_field(key, expected);
            let what = if near {
                format!("unknown field `{key}`")
            } else {
                "an unknown field (a key that is not a field name)".to_owned()
            };
            let mut diagnostic = Diagnostic::error(Code::UnknownField, format!("{}{what}", within(&holder)));
            diagnostic.hint = Some(match (home, closest(key, expected).filter(|_| near)) {
                // A field of another part of the plan: most often a line indented out of step.
                (Some(home), _) => format!(
                    "`{key}` is a field of {home}: indent it to line up with the other fields of {home}"
                ),
                (None, Some(name)) => format!("did you mean `{name}`?"),
                (None, None) => format!("the fields here are {}", list(expected)),
            });
            diagnostic.field = holder.map(|h| if near { h.key(key) } else { h });
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
                Kind::Costs => "a costs file is a mapping of fields (`weeks_per_year:`, `hourly_cost:`), but this file holds a list or a single value",
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
        YamlError::Message { msg, .. } if msg.starts_with(NOT_A_DATE) => {
            let why = &msg[NOT_A_DATE.len()..];
            let hint = match field.as_ref().and_then(FieldPath::last_key) {
                Some("review") => "write the date of the next review meeting; `review_details` says how it will be held",
                Some("by") => "write the date the target should be met by, on or before the review",
                _ => "dates are written 2024-10-07, or the UK way 07/10/2024",
            };
            Diagnostic::error(Code::InvalidDate, format!("{}{why}", within(&field))).with_hint(hint)
        }
        YamlError::Message { msg, .. } if msg.starts_with(NOT_A_LANGUAGE) => Diagnostic::error(
            Code::InvalidValue,
            format!("{}not a language code", within(&field)),
        )
        .with_hint(NOT_A_LANGUAGE),
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

/// The part of a plan that has a field named `key`, in words, such as "a short-term target":
/// read from the plan format's own schema, so it follows the model. `None` for forms, and for
/// names no part of a plan has.
fn home_of(key: &str, kind: Kind) -> Option<&'static str> {
    use std::sync::OnceLock;
    static HOMES: OnceLock<Vec<(&'static str, Vec<String>)>> = OnceLock::new();
    if kind != Kind::Plan {
        return None;
    }
    let homes = HOMES.get_or_init(|| {
        let schema = schemars::schema_for!(crate::plan::Plan);
        let words = |name: &str| match name {
            "Target" => Some("a short-term target"),
            "Goal" => Some("a goal (a long-term target)"),
            "Pupil" => Some("`pupil`"),
            "PlanDates" => Some("`plan`"),
            "Profile" => Some("`profile`"),
            "PreviousTarget" => Some("a previous target"),
            "Views" => Some("`views`"),
            _ => None,
        };
        let definitions = schema.get("$defs").and_then(|d| d.as_object());
        definitions
            .into_iter()
            .flatten()
            .filter_map(|(name, definition)| {
                let fields = definition.get("properties")?.as_object()?;
                Some((words(name)?, fields.keys().cloned().collect()))
            })
            .collect()
    });
    homes
        .iter()
        .find(|(_, fields)| fields.iter().any(|field| field == key))
        .map(|(home, _)| *home)
}

/// Every field name of the plan format, at any level, read from its own schema.
fn plan_fields() -> &'static [String] {
    use std::sync::OnceLock;
    static FIELDS: OnceLock<Vec<String>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let schema = schemars::schema_for!(crate::plan::Plan);
        let definitions = schema.get("$defs").and_then(|d| d.as_object());
        let mut fields: Vec<String> = std::iter::once(schema.as_value())
            .chain(definitions.into_iter().flat_map(|d| d.values()))
            .filter_map(|definition| definition.get("properties")?.as_object())
            .flat_map(|properties| properties.keys().cloned())
            .collect();
        fields.sort();
        fields.dedup();
        fields
    })
}

/// True for a key close to a real field: one of `expected`, or a typo of one. Only such a key is
/// quoted in a message; any other may be a line of the record that lost its indentation, or
/// anything at all, and is described, never repeated.
pub(super) fn near_a_field(key: &str, expected: &[&str]) -> bool {
    looks_like_field_name(key) && (expected.contains(&key) || closest(key, expected).is_some())
}

/// [`near_a_field`] among every field name of the plan format, for a key met where the parser
/// could not say which fields belong.
pub(super) fn near_a_plan_field(key: &str) -> bool {
    let fields: Vec<&str> = plan_fields().iter().map(String::as_str).collect();
    near_a_field(key, &fields)
}

/// True for a key that could be a misspelt field name: a short word of lower-case letters,
/// digits and underscores, as every field of the plan format is.
pub(super) fn looks_like_field_name(key: &str) -> bool {
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
