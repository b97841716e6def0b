//! Text as iep prints it: cleaned of what text pasted from Word or the web carries, and what each
//! script needs. The PDF writer sets characters the bundled fonts have, in writing that runs left
//! to right one glyph per character; right-to-left and joined scripts (Arabic, Hebrew, the Indian
//! scripts) would print with their letters reversed or apart even where a font has them, so they
//! are refused like a missing character. Validation asks the same questions to warn by field.

use crate::fonts::{self, Typeface};

/// Text as every renderer can write it: each character as [`cleaned`] has it. The layout writes
/// only cleaned text into a document, so no renderer meets a control character.
pub fn clean(text: &str) -> String {
    text.chars().filter_map(cleaned).collect()
}

/// A character as every renderer can write it: tabs and no-break spaces as spaces, line and
/// paragraph separators as line breaks; soft hyphens, non-characters, control characters and
/// the invisible joiners, spaces and variation selectors that text from the web and Word carries
/// dropped (docx-rs writes control characters raw, which makes the XML invalid; a PDF would show
/// them as boxes).
pub fn cleaned(c: char) -> Option<char> {
    match c {
        '\t' | '\u{a0}' => Some(' '),
        '\n' | '\u{2028}' | '\u{2029}' => Some('\n'),
        '\u{ad}' | '\u{fffe}' | '\u{ffff}' => None,
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{fe00}'..='\u{fe0f}' => None,
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// Blocks of Unicode named for messages, and whether their writing needs shaping (joining,
/// reordering or right-to-left) that the PDF writer does not do. In code point order.
const BLOCKS: &[(u32, u32, &str, bool)] = &[
    (0x0590, 0x05FF, "Hebrew", true),
    (0x0600, 0x06FF, "Arabic", true),
    (0x0700, 0x074F, "Syriac", true),
    (0x0750, 0x077F, "Arabic", true),
    (0x0780, 0x07BF, "Thaana", true),
    (0x07C0, 0x085F, "a right-to-left script", true),
    (0x0860, 0x08FF, "Arabic", true),
    (0x0900, 0x0DFF, "an Indian script", true),
    (0x0E00, 0x0EFF, "Thai or Lao", true),
    (0x0F00, 0x0FFF, "Tibetan", true),
    (0x1000, 0x109F, "Myanmar", true),
    (0x1100, 0x11FF, "Korean", true),
    (0x1780, 0x17FF, "Khmer", true),
    (0x2600, 0x27BF, "a symbol or emoji", false),
    (0x2E80, 0x2FDF, "Chinese", false),
    (0x3000, 0x303F, "Chinese or Japanese", false),
    (0x3040, 0x30FF, "Japanese", false),
    (0x3100, 0x312F, "Chinese", false),
    (0x3130, 0x318F, "Korean", true),
    (0x3190, 0x9FFF, "Chinese or Japanese", false),
    (0xAC00, 0xD7AF, "Korean", false),
    (0xF900, 0xFAFF, "Chinese", false),
    (0xFB1D, 0xFB4F, "Hebrew", true),
    (0xFB50, 0xFDFF, "Arabic", true),
    (0xFE70, 0xFEFE, "Arabic", true),
    (0xFF00, 0xFFEF, "Chinese or Japanese", false),
    (0x1F000, 0x1FAFF, "an emoji", false),
    (0x20000, 0x3FFFF, "Chinese", false),
];

fn block(c: char) -> Option<&'static (u32, u32, &'static str, bool)> {
    let code = u32::from(c);
    BLOCKS
        .iter()
        .find(|(first, last, _, _)| (*first..=*last).contains(&code))
}

/// What kind of writing `c` is, for messages: "Arabic", "an emoji", or "a character".
pub fn kind_of(c: char) -> &'static str {
    block(c).map_or("a character", |b| b.2)
}

/// Why the PDF writer cannot set `c` in the `face` of `typeface`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsettable {
    /// The font has no glyph for it.
    Missing,
    /// Its script runs right to left or joins its letters.
    Shaped,
}

/// `None` when `c` prints as it should; otherwise why not.
pub fn unsettable(typeface: Typeface, face: usize, c: char) -> Option<Unsettable> {
    if c.is_ascii() {
        return None;
    }
    if block(c).is_some_and(|b| b.3) {
        Some(Unsettable::Shaped)
    } else if fonts::has_glyph(typeface, face, c) {
        None
    } else {
        Some(Unsettable::Missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_in_order_and_apart() {
        for pair in BLOCKS.windows(2) {
            assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0, "{pair:?}");
        }
    }

    #[test]
    fn european_text_is_settable_and_other_scripts_are_named() {
        let sans = Typeface::LiberationSans;
        for c in "Zoë Łukasz Siân Ψ Дмитрий “£€½”".chars() {
            assert_eq!(unsettable(sans, 0, c), None, "{c}");
        }
        assert_eq!(unsettable(sans, 0, 'א'), Some(Unsettable::Shaped));
        assert_eq!(unsettable(sans, 0, 'ا'), Some(Unsettable::Shaped));
        assert_eq!(unsettable(sans, 0, '名'), Some(Unsettable::Missing));
        assert_eq!(unsettable(sans, 0, '🦕'), Some(Unsettable::Missing));
        assert_eq!(kind_of('ا'), "Arabic");
        assert_eq!(kind_of('名'), "Chinese or Japanese");
        assert_eq!(kind_of('🦕'), "an emoji");
        assert_eq!(kind_of('\u{10FFFF}'), "a character");
    }
}
