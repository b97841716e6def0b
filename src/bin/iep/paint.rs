//! Diagnostics as people read them, in the style of rustc: the place, the offending line of the
//! user's own file with a caret under the spot, and the hint; then any related diagnostic (where
//! the plan names a form with a mistake) as a note with its own line.

use std::io::IsTerminal;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet, Title};
use iep::{Diagnostic, Severity, Source};

use crate::console;

/// True when standard error is a terminal that takes colour.
pub fn styled_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// One diagnostic, ready to print. `file` and `source` are the plan's own (its text when it
/// could be read); a diagnostic in another file, a school's form, is shown with that file's line.
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
    // The text of a file other than the plan, read again to show its line: only a form file's,
    // for a plan may name any file as its form, and a line of a private one is not shown.
    let read = |d: &Diagnostic| {
        d.file
            .as_deref()
            .and_then(|f| Source::read(Path::new(f)).ok())
            .filter(iep::Form::is_form_file)
    };
    let own = read(diagnostic);
    let related: Vec<Option<Source>> = diagnostic.related.iter().map(read).collect();
    let mut main = located(title, file, source, own.as_ref(), diagnostic);
    if let Some(hint) = &diagnostic.hint {
        main = main.element(Level::HELP.message(hint));
    }
    let mut groups = vec![main];
    for (note, text) in diagnostic.related.iter().zip(&related) {
        let title = Level::NOTE.secondary_title(&note.message);
        groups.push(located(title, file, source, text.as_ref(), note));
    }
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let report: &[Group] = &groups;
    renderer.render(report).to_string() + "\n"
}

/// The diagnostic's title with its place: the line of its file under a caret when the file's
/// text is at hand, else the file's name and the line number. A diagnostic names its file when
/// that is not the plan's own (`other` is then its text).
fn located<'a>(
    title: Title<'a>,
    plan_file: &'a str,
    plan: Option<&'a Source>,
    other: Option<&'a Source>,
    diagnostic: &'a Diagnostic,
) -> Group<'a> {
    let (file, source) = match &diagnostic.file {
        Some(name) => (console::escaped(name), other),
        None => (plan_file.to_owned(), plan),
    };
    let place = diagnostic.place;
    let line = place.and_then(|p| source.and_then(|s| s.line(p.line)).map(|text| (p, text)));
    match line {
        Some((place, text)) => {
            // The line as it is safe to show on a terminal, the caret moved with it.
            let (text, span) = shown(text, token_at(text, place.column));
            title.element(
                Snippet::source(text)
                    .line_start(place.line)
                    .path(file)
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        None => {
            let origin = Origin::path(file);
            title.element(match place {
                Some(place) => origin
                    .line(place.line)
                    .char_column(place.column.saturating_sub(1)),
                None => origin,
            })
        }
    }
}
/// `line` with what would drive the terminal or reorder the line escaped
/// ([`console::escaped`]), and `span` moved to the same characters in it.
fn shown(line: &str, span: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    let mut text = String::with_capacity(line.len());
    let (mut start, mut end) = (None, None);
    for (at, c) in line.char_indices() {
        if at == span.start {
            start = Some(text.len());
        }
        if at == span.end {
            end = Some(text.len());
        }
        text.push_str(&console::escaped(c.encode_utf8(&mut [0; 4])));
    }
    let start = start.unwrap_or(text.len());
    let end = end.unwrap_or(text.len()).max(start);
    (text, start..end)
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
    fn a_line_is_shown_with_its_controls_escaped_and_the_caret_kept() {
        let line = "  name: \u{202e}Sam\u{1b}[2J";
        let (text, span) = super::shown(line, token_at(line, 3));
        assert_eq!(text, "  name: \\u{202e}Sam\\u{1b}[2J");
        assert_eq!(&text[span], "name");
        let (text, span) = super::shown("\u{1b}x: 1", 3..5);
        assert_eq!(&text[span], " 1");
    }

    #[test]
    fn underlines_the_key_at_the_column() {
        assert_eq!(token_at("    success: Waits", 5), 4..11);
        assert_eq!(token_at("  by: 2024-12-20", 7), 6..16);
        assert_eq!(token_at("", 1), 0..0);
    }
}
