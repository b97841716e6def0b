//! What a screen reader needs of a school's form, said in the form's own words: every PDF iep
//! writes is tagged (PDF/UA-1), but a form can still ask for a document a screen reader cannot
//! follow. A table of data with no header cell leaves its cells unexplained (the PyPI `pdfua`
//! checker fails it); a picture of the form's own with no `alt:` is announced only as "picture";
//! a heading or title made only of the plan's text is empty when the plan leaves the field out.
//! `iep check FORM.yaml` reports each as a warning at its line, with how to mend it.

use super::Form;
use super::spec::{BlockSpec, CellSpec, RowSpec};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::FieldPath;
use crate::symbols;

impl Form {
    /// The problems of this form's documents for a screen reader, each a warning at its line.
    pub(super) fn accessibility(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        let root = FieldPath::root();
        if !has_own_words(&self.spec.title) {
            found.push((
                root.key("title"),
                "the document's title is only the plan's text, so a plan without it gives a document with no title, which a screen reader announces first".to_owned(),
                "put words of the form's own in it: `title: \"IEP: {{ pupil.name }}\"`",
            ));
        }
        blocks(&self.spec.blocks, &root.key("blocks"), &mut found);
        found
            .into_iter()
            .map(|(path, message, hint)| {
                Diagnostic::warning(
                    Code::FormAccessibility,
                    format!("{}: {message}", path.describe()),
                )
                .with_hint(hint)
                .at_place(self.places.place(&path))
                .at_field(path)
            })
            .collect()
    }
}

type Found = Vec<(FieldPath, String, &'static str)>;

const EMPTY_HEADING: &str = "the heading is only the plan's text, so a plan without it gives an empty heading, which a screen reader lists as a blank";
const HEADING_HINT: &str =
    "put words of the form's own in it: `heading: \"Targets for {{ pupil.name }}\"`";
const NO_ALT: &str = "a picture of the form's own with no `alt:` is read out only as \"picture\"";
const ALT_HINT: &str = "say what it shows: `alt: \"Oakfield Primary School logo\"`";

fn blocks(specs: &[BlockSpec], path: &FieldPath, found: &mut Found) {
    for (i, block) in specs.iter().enumerate() {
        let at = path.index(i);
        if let Some(heading) = &block.heading
            && !has_own_words(heading)
        {
            found.push((at.key("heading"), EMPTY_HEADING.to_owned(), HEADING_HINT));
        }
        if let Some(image) = &block.image
            && block.alt.is_none()
            && is_own_picture(image)
        {
            found.push((at.key("image"), NO_ALT.to_owned(), ALT_HINT));
        }
        if let Some(table) = &block.table {
            let at = at.key("table");
            let data = table.borders && !table.layout;
            if data && table.header.is_empty() && !any_label(&table.rows) {
                found.push((
                    at.clone(),
                    "a table with no header cell: a screen reader cannot tell what its cells are, and the PDF fails PDF/UA".to_owned(),
                    "mark each label `shade: true` (a label beside what it names), or put the column headings in `header:` rows; a table that only places things side by side (a photo beside a name) is `layout: true`",
                ));
            }
            rows(&table.header, &at.key("header"), data, found);
            rows(&table.rows, &at.key("rows"), data, found);
        }
        if let Some(inner) = &block.blocks {
            blocks(inner, &at.key("blocks"), found);
        }
    }
}

/// The cells of `specs`: headings and pictures. A cell's `heading:` makes a heading only in a
/// table that places things (`data` false); in a table of data it is a cell like the others.
fn rows(specs: &[RowSpec], path: &FieldPath, data: bool, found: &mut Found) {
    for (r, row) in specs.iter().enumerate() {
        let at = path.index(r);
        for (c, cell) in row.cells.iter().flatten().enumerate() {
            let CellSpec::Full(options) = cell else {
                continue;
            };
            let cell = at.key("cells").index(c);
            if options.heading.is_some() && !data && !has_own_words(&options.text) {
                found.push((cell.key("text"), EMPTY_HEADING.to_owned(), HEADING_HINT));
            }
            if let Some(image) = &options.image
                && options.alt.is_none()
                && is_own_picture(image)
            {
                found.push((cell.key("image"), NO_ALT.to_owned(), ALT_HINT));
            }
        }
        if let Some(inner) = &row.rows {
            rows(inner, &at.key("rows"), data, found);
        }
    }
}

/// True when some cell of `specs`, or of the rows they repeat, is a shaded label: a header cell.
fn any_label(specs: &[RowSpec]) -> bool {
    specs.iter().any(|row| {
        let shaded = row
            .cells
            .iter()
            .flatten()
            .any(|cell| matches!(cell, CellSpec::Full(options) if options.shade));
        shaded || row.rows.as_deref().is_some_and(any_label)
    })
}

/// A picture the form names itself (a school's logo), not the plan's photo or a symbol, which
/// have words of their own.
fn is_own_picture(image: &str) -> bool {
    let name = image.trim();
    !name.is_empty() && !name.contains("{{") && symbols::symbol(name).is_none()
}

/// True when form text has words of its own outside the plan's values (`{{ ... }}`) and the
/// template's tags (`{% ... %}`, `{# ... #}`), or a value with words of the form's own to fall
/// back on (`{{ pupil.name | trim or 'One-page profile' }}`). Even the pupil's name is the
/// plan's text: a program that lays out a plan it has not checked may leave it blank.
fn has_own_words(text: &str) -> bool {
    let mut rest = text;
    let mut own = String::new();
    while let Some(start) = rest.find('{') {
        own.push_str(&rest[..start]);
        let close = match rest[start..].chars().nth(1) {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                own.push('{');
                rest = &rest[start + 1..];
                continue;
            }
        };
        let Some(end) = rest[start + 2..].find(close) else {
            break;
        };
        let inside = &rest[start + 2..start + 2 + end];
        if close == "}}" && (has_quoted_words(inside) || says_fixed_words(inside)) {
            return true;
        }
        rest = &rest[start + 2 + end + 2..];
    }
    own.push_str(rest);
    own.chars().any(char::is_alphanumeric)
}

/// True when an expression prints the form's own fixed words (`{{ words.my_plan }}`), which the
/// form gives in every language it speaks.
fn says_fixed_words(expression: &str) -> bool {
    expression.trim_start().starts_with("words.")
}

/// True when an expression holds a quoted text with a letter or digit in it.
fn has_quoted_words(expression: &str) -> bool {
    ['\'', '"'].iter().any(|&quote| {
        expression
            .split(quote)
            .skip(1)
            .step_by(2)
            .any(|quoted| quoted.chars().any(char::is_alphanumeric))
    })
}

#[cfg(test)]
mod tests {
    use super::has_own_words;

    #[test]
    fn words_of_the_forms_own_are_those_outside_the_plans_values() {
        assert!(has_own_words("Targets for {{ pupil.name }}"));
        assert!(has_own_words("**Name:** {{ pupil.name }}"));
        assert!(!has_own_words("{{ pupil.name }}"));
        assert!(has_own_words(
            "{{ pupil.name | trim or 'One-page profile' }}"
        ));
        assert!(!has_own_words("{{ goal.long_term | join(', ') }}"));
        assert!(!has_own_words(
            "{% if draft %}{{ goal.long_term }}{% endif %} **:**"
        ));
        assert!(!has_own_words(""));
        assert!(has_own_words("**{{ words.my_plan }}:** {{ known_as }}"));
    }
}
