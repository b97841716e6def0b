//! The slips people make typing YAML, recognised from the text around a parser error and said
//! in a SENCO's words: a tab for indentation, a no-break space pasted from Word where YAML needs
//! a space, an invisible byte-order mark pasted inside text, curly quotes used as quote marks, a
//! text that starts with a quoted phrase, a colon inside text or inside an item of a list, a line
//! indented out of step.
//!
//! Like every message of the library, these name fields and places, never the plan's text.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::Place;

/// Characters that look like a space, or like nothing, but are not the space YAML needs.
const INVISIBLE: &[(char, &str)] = &[
    ('\u{00A0}', "a no-break space"),
    ('\u{2002}', "an en space"),
    ('\u{2003}', "an em space"),
    ('\u{2007}', "a figure space"),
    ('\u{2009}', "a thin space"),
    ('\u{200A}', "a hair space"),
    ('\u{200B}', "a zero-width space"),
    ('\u{200C}', "a zero-width non-joiner"),
    ('\u{200D}', "a zero-width joiner"),
    ('\u{202F}', "a narrow no-break space"),
    ('\u{2060}', "a word joiner"),
    ('\u{3000}', "an ideographic space"),
    ('\u{FEFF}', "a zero-width no-break space"),
];

/// Quote marks that word processors put in for straight ones.
const CURLY_QUOTES: &[char] = &['“', '”', '‘', '’', '„', '«', '»'];

/// A plainer diagnostic for the YAML error `found` in `text`, when the text around it shows one
/// of the slips above; `None` when it does not.
pub(super) fn recognise(text: &str, found: &Diagnostic) -> Option<Diagnostic> {
    if !matches!(
        found.code,
        Code::YamlSyntax | Code::InvalidValue | Code::UnknownField
    ) {
        return None;
    }
    let place = found.place?;
    let lines: Vec<&str> = text.split('\n').collect();
    let near = place.line.saturating_sub(1).max(1)..=place.line + 1;
    let line_of = |n: usize| lines.get(n - 1).copied().unwrap_or_default();
    let recognised = tab(&near, &line_of)
        .or_else(|| byte_order_mark(&near, &line_of, found))
        .or_else(|| invisible(&near, &line_of))
        .or_else(|| quotes(place, line_of(place.line), found))
        .or_else(|| quoted_phrase(place, line_of(place.line), found))
        .or_else(|| colon_in_text(place, line_of(place.line), found))
        .or_else(|| colon_in_item(place, line_of(place.line), found))
        .or_else(|| indentation(place, &line_of, found))?;
    let mut diagnostic = recognised;
    diagnostic.field = found.field.clone();
    Some(diagnostic)
}

/// A tab in a line's indentation, at the tab itself (the parser reports the line before).
fn tab<'a>(
    near: &std::ops::RangeInclusive<usize>,
    line_of: &impl Fn(usize) -> &'a str,
) -> Option<Diagnostic> {
    near.clone().find_map(|n| {
        let line = line_of(n);
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let column = line[..indent].find('\t')?;
        Some(
            Diagnostic::error(
                Code::YamlSyntax,
                "a tab indents this line, and YAML is indented with spaces only",
            )
            .with_hint("replace the tab with spaces, lining the line up with the field above it")
            .at_place(Some(Place {
                line: n,
                column: column + 1,
            })),
        )
    })
}

/// An invisible character where YAML needs an ordinary space: in the indentation, or beside a
/// key's colon. Text pasted from Word or a web page brings them.
fn invisible<'a>(
    near: &std::ops::RangeInclusive<usize>,
    line_of: &impl Fn(usize) -> &'a str,
) -> Option<Diagnostic> {
    near.clone().find_map(|n| {
        let chars: Vec<char> = line_of(n).chars().collect();
        chars.iter().enumerate().find_map(|(i, c)| {
            let (_, name) = INVISIBLE.iter().find(|(invisible, _)| invisible == c)?;
            let in_indent = chars[..i]
                .iter()
                .all(|c| *c == ' ' || INVISIBLE.iter().any(|(v, _)| v == c));
            let by_colon = (i > 0 && chars[i - 1] == ':') || chars.get(i + 1) == Some(&':');
            (in_indent || by_colon).then(|| {
                Diagnostic::error(
                    Code::YamlSyntax,
                    format!(
                        "{name} (U+{:04X}) stands where YAML needs an ordinary space",
                        u32::from(*c)
                    ),
                )
                .with_hint("delete it and type an ordinary space; text pasted from Word or a web page often brings these")
                .at_place(Some(Place {
                    line: n,
                    column: i + 1,
                }))
            })
        })
    })
}

/// A byte-order mark (U+FEFF) inside the text: Word and web pages paste it unseen, and YAML
/// allows it only at the very start of a file.
fn byte_order_mark<'a>(
    near: &std::ops::RangeInclusive<usize>,
    line_of: &impl Fn(usize) -> &'a str,
    found: &Diagnostic,
) -> Option<Diagnostic> {
    if !found.message.contains("BOM") {
        return None;
    }
    near.clone().find_map(|n| {
        let line = line_of(n);
        let at = line.find('\u{FEFF}')?;
        Some(
            Diagnostic::error(
                Code::YamlSyntax,
                "an invisible zero-width no-break space (U+FEFF) stands in this line, and YAML allows it only at the start of a file",
            )
            .with_hint("delete it by retyping the text around it, or paste the text again as plain text: Word and web pages often bring one unseen")
            .at_place(Some(Place {
                line: n,
                column: line[..at].chars().count() + 1,
            })),
        )
    })
}

/// The key and the value of a `key: value` line, with the value's column (from 1).
fn key_and_value(line: &str) -> Option<(&str, &str, usize)> {
    let (key, rest) = line.split_once(": ")?;
    let key = key.trim_start_matches([' ', '-']).trim();
    let value = rest.trim_start();
    let column = line.len() - value.len();
    Some((key, value, line[..column].chars().count() + 1))
}

/// How a key is named in a message: a field name is quoted, anything else is "this field".
fn named(key: &str) -> String {
    if super::yaml::looks_like_field_name(key) {
        format!("`{key}`")
    } else {
        "this field".to_owned()
    }
}

/// Curly quotes at the start of a value: to YAML they are letters, not quote marks.
fn quotes(place: Place, line: &str, found: &Diagnostic) -> Option<Diagnostic> {
    if found.code != Code::YamlSyntax {
        return None;
    }
    let (key, value, column) = key_and_value(line)?;
    value.starts_with(CURLY_QUOTES).then(|| {
        Diagnostic::error(
            Code::YamlSyntax,
            format!(
                "the text of {} starts with a curly quote (“ or ‘), which YAML does not read as a quote mark, so a colon inside it starts a new field",
                named(key)
            ),
        )
        .with_hint("type straight quotes (\" \") around the text, or leave the quotes out")
        .at_place(Some(Place {
            line: place.line,
            column,
        }))
    })
}

/// A text that starts with a quoted phrase and goes on after it (`resources: "My turn" card,
/// sand timer`): YAML takes the quoted phrase for the whole value and the rest for a mistake.
fn quoted_phrase(place: Place, line: &str, found: &Diagnostic) -> Option<Diagnostic> {
    if !found.message.contains("trailing content after") {
        return None;
    }
    let (key, value, column) = match key_and_value(line) {
        Some((key, value, column)) => (named(key), value, column),
        // An item of a list: `- "Star reader" award`.
        None => {
            let value = line.trim_start().strip_prefix("- ")?.trim_start();
            let column = line.chars().count() - value.chars().count() + 1;
            ("this item of the list".to_owned(), value, column)
        }
    };
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let (mark, hint) = if quote == '"' {
        (
            "double",
            "put the whole text in single quotes, keeping the double quotes inside ('\"...\" ...'), and write any apostrophe in it twice (''); or leave the quote marks out",
        )
    } else {
        (
            "single",
            "put the whole text in double quotes, keeping the single quotes inside (\"'...' ...\"), and write any double quote in it as \\\"; or leave the quote marks out",
        )
    };
    Some(
        Diagnostic::error(
            Code::YamlSyntax,
            format!("the text of {key} starts with a phrase in {mark} quotes and goes on after it, and YAML takes the quoted phrase for the whole text"),
        )
        .with_hint(hint)
        .at_place(Some(Place {
            line: place.line,
            column,
        })),
    )
}

/// A colon and a space inside an item of a list of texts (a monitoring note, a strength): YAML
/// reads the item as a field and its value, so it is not text.
fn colon_in_item(place: Place, line: &str, found: &Diagnostic) -> Option<Diagnostic> {
    if found.code != Code::InvalidValue || !found.message.contains("found a mapping") {
        return None;
    }
    let item = line.trim_start().strip_prefix("- ")?;
    if !item.contains(": ") || item.starts_with(['"', '\'']) {
        return None;
    }
    let column = line.chars().count() - item.chars().count() + 1;
    let what = found
        .field
        .as_ref()
        .map_or_else(|| "this item".to_owned(), |field| field.describe());
    Some(
        Diagnostic::error(
            Code::YamlSyntax,
            format!("{what} has a colon followed by a space, which YAML reads as the name of a field and its value, not as text"),
        )
        .with_hint("put the whole item in double quotes: - \"...\"")
        .at_place(Some(Place {
            line: place.line,
            column,
        })),
    )
}

/// A colon and a space inside a value's text: YAML reads them as the start of another field.
fn colon_in_text(place: Place, line: &str, found: &Diagnostic) -> Option<Diagnostic> {
    if !found.message.contains("mapping values are not allowed") {
        return None;
    }
    let (key, value, column) = key_and_value(line)?;
    if !value.contains(": ") || value.starts_with(['"', '\'']) {
        return None;
    }
    let key = named(key);
    Some(
        Diagnostic::error(
            Code::YamlSyntax,
            format!("the text of {key} has a colon followed by a space, which YAML reads as the start of another field"),
        )
        .with_hint(format!(
            "put the whole text in double quotes: {}: \"...\"",
            key.trim_matches('`')
        ))
        .at_place(Some(Place {
            line: place.line,
            column,
        })),
    )
}

/// A line indented out of step with the lines of the item above it.
fn indentation<'a>(
    place: Place,
    line_of: &impl Fn(usize) -> &'a str,
    found: &Diagnostic,
) -> Option<Diagnostic> {
    let message = &found.message;
    if !(message.contains("did not find expected") || message.contains("block mapping")) {
        return None;
    }
    let line = line_of(place.line);
    let indent = |line: &str| line.len() - line.trim_start().len();
    // The nearest line above with something on it, the field this one should line up with.
    let above = (1..place.line)
        .rev()
        .map(|n| (n, line_of(n)))
        .find(|(_, text)| !text.trim().is_empty() && !text.trim_start().starts_with('#'))?;
    let field = |line: &str| {
        line.trim_start_matches([' ', '-'])
            .split(':')
            .next()
            .map(str::trim)
            .map(named)
            .unwrap_or_default()
    };
    Some(
        Diagnostic::error(
            Code::YamlSyntax,
            format!(
                "this line is indented by {} spaces and the field above it by {}, so YAML cannot tell what it belongs to",
                indent(line),
                indent(above.1) + if above.1.trim_start().starts_with("- ") { 2 } else { 0 }
            ),
        )
        .with_hint(format!(
            "line {} up with {} on line {} if it belongs to the same item",
            field(line),
            field(above.1),
            above.0
        ))
        .at_place(Some(Place {
            line: place.line,
            column: indent(line) + 1,
        })),
    )
}
