//! Text the PDF cannot print: a character none of the bundled fonts has (Chinese, emoji) or a
//! script written right to left or with joined letters (Arabic, Hebrew). The PDF renderer refuses
//! such text; this names the field beforehand, so the school knows what to change. The DOCX
//! prints it (Word brings fonts and shaping of its own), so it is a warning.

use super::Checker;
use crate::diagnostic::Code;
use crate::fonts::Typeface;
use crate::text::{self as script, Unsettable, cleaned};

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
        let found = text.chars().filter_map(cleaned).find_map(|c| {
            typefaces.iter().find_map(|&typeface| {
                script::unsettable(typeface, 0, c).map(|why| (c, typeface, why))
            })
        });
        let Some((c, typeface, why)) = found else {
            continue;
        };
        let what = format!("{} (U+{:04X})", script::kind_of(c), u32::from(c));
        let (message, hint) = match why {
            Unsettable::Missing => (
                format!(
                    "{what} cannot be printed in a PDF: the font {} has no such character",
                    typeface.family()
                ),
                if script::kind_of(c).contains("emoji") {
                    "write it in words; on the pupil-friendly page a target's `symbol:` gives a picture"
                } else {
                    "the DOCX prints it; for a PDF, write this in English and keep the other language in a document of its own"
                },
            ),
            Unsettable::Shaped => (
                format!(
                    "{what} cannot be printed in a PDF: it is written right to left or with joined letters"
                ),
                "the DOCX prints it; for a PDF, write this in English and keep the other language in a document of its own",
            ),
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
