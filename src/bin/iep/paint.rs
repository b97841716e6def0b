//! Diagnostics as people read them, in the style of rustc: the place, the offending line of the
//! user's own file with a caret under the spot, and the hint.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use iep::{Diagnostic, Severity, Source};

/// One diagnostic, ready to print. `source` is the file's text when it could be read.
pub fn diagnostic(
    file: &str,
    source: Option<&Source>,
    diagnostic: &Diagnostic,
    styled: bool,
) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .primary_title(&diagnostic.message)
        .id(diagnostic.code.as_str());
    let place = diagnostic.place;
    let line = place.and_then(|p| source.and_then(|s| s.line(p.line)).map(|text| (p, text)));
    let group = match line {
        Some((place, text)) => title.element(
            Snippet::source(text)
                .line_start(place.line)
                .path(file)
                .annotation(AnnotationKind::Primary.span(token_at(text, place.column))),
        ),
        None => {
            let origin = Origin::path(file);
            title.element(match place {
                Some(place) => origin
                    .line(place.line)
                    .char_column(place.column.saturating_sub(1)),
                None => origin,
            })
        }
    };
    let group = match &diagnostic.hint {
        Some(hint) => group.element(Level::HELP.message(hint)),
        None => group,
    };
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let report: &[Group] = &[group];
    renderer.render(report).to_string() + "\n"
}

/// The byte range of the word starting at `column` (1-based, in characters) in `line`: a key, a
/// date, a list dash. Empty lines get an empty range at the end.
fn token_at(line: &str, column: usize) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let len = rest
        .find(|c: char| c.is_whitespace() || c == ':' || c == ',' || c == ']' || c == '}')
        .unwrap_or(rest.len());
    start
        ..start
            + len.max(
                rest.chars()
                    .next()
                    .map_or(0, char::len_utf8)
                    .min(rest.len()),
            )
}

#[cfg(test)]
mod tests {
    use super::token_at;

    #[test]
    fn underlines_the_key_at_the_column() {
        assert_eq!(token_at("    success: Waits", 5), 4..11);
        assert_eq!(token_at("  by: 2024-12-20", 7), 6..16);
        assert_eq!(token_at("", 1), 0..0);
    }
}
