//! Text the PDF cannot print: a character none of the bundled fonts has (Chinese, Japanese,
//! Korean, emoji), unless the school's own fonts (`--font-dir`) have it. The PDF renderer refuses
//! such text; this names the field beforehand, so the school knows what to change. The DOCX
//! prints it (Word brings fonts of its own), so it is a warning.

use super::Checker;
use crate::diagnostic::Code;
use crate::fonts::{Typeface, can_print};
use crate::text::{self, cleaned};

/// The fields the pupil-friendly page prints, set in the pupil's typeface.
const ON_THE_WALL: &[&str] = &[
    "name",
    "known_as",
    "target",
    "who",
    "pupil_words",
    "pupil_helpers",
];

pub(super) fn check(checker: &mut Checker) {
    let both = [
        Typeface::LiberationSans,
        checker.plan.pupil.font.unwrap_or(Typeface::Andika),
    ];
    for (path, text) in checker.plan.texts() {
        let on_the_wall = checker.policy.pupil_friendly
            && path
                .last_key()
                .is_some_and(|key| ON_THE_WALL.contains(&key));
        let typefaces = if on_the_wall { &both[..] } else { &both[..1] };
        // As the renderers will have it: invisible characters they drop are no problem.
        let found = text.chars().filter_map(cleaned).find(|&c| {
            typefaces
                .iter()
                .any(|&typeface| !can_print(c, typeface, checker.font_dir))
        });
        let Some(c) = found else {
            continue;
        };
        let kind = text::kind_of(c);
        let message = format!(
            "{} (U+{:04X}) cannot be printed in a PDF: no font iep has holds it",
            kind,
            u32::from(c)
        );
        let hint = if kind.contains("emoji") {
            "write it in words; on the pupil-friendly page a target's `symbol:` gives a picture"
        } else {
            "the DOCX prints it; for the PDF, give a folder with a font that has it: `iep render --font-dir FOLDER`"
        };
        let words = path.describe();
        checker.warning(
            Code::UnprintableText,
            path,
            format!("{words}: {message}"),
            hint,
        );
    }
}
