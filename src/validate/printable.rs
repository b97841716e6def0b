//! Text the PDF cannot print: a character none of the bundled fonts has (Chinese, Japanese,
//! Korean), unless the school's own fonts (`--font-dir`) have it. The PDF renderer refuses such
//! text rather than print an empty box, and `iep render` writes the other formats asked for; this
//! names the field beforehand, by the same fonts, so the school knows what to change. The DOCX
//! prints it (Word brings fonts of its own), so it is a warning.

use super::Checker;
use crate::diagnostic::Code;
use crate::fonts::can_print;
use crate::text::{self, cleaned};

pub(super) fn check(checker: &mut Checker) {
    for (path, text) in checker.plan.texts() {
        // As the renderers will have it: invisible characters they drop are no problem.
        let Some(c) = text
            .chars()
            .filter_map(cleaned)
            .find(|&c| !can_print(c, checker.font_dir))
        else {
            continue;
        };
        let message = format!(
            "{}: {} (U+{:04X}) cannot be printed in a PDF: no font iep has holds it, so `iep render` writes no PDF of this plan (a DOCX, `--to docx`, prints it)",
            path.describe(),
            text::kind_of(c),
            u32::from(c)
        );
        checker.warning(
            Code::UnprintableText,
            path,
            message,
            "for the PDF, give a folder with a font that has it: `iep render --font-dir FOLDER` (on Debian, /usr/share/fonts/truetype/droid has Chinese, Japanese and Korean)",
        );
    }
}
