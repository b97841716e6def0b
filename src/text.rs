//! Text as iep prints it: cleaned of what text pasted from Word or the web carries, and the
//! kinds of writing named for messages about characters no font prints.

/// Text as every renderer can write it: each character as [`cleaned`] has it. The layout writes
/// only cleaned text into a document, so no renderer meets a control character.
pub fn clean(text: &str) -> String {
    text.chars().filter_map(cleaned).collect()
}

/// A character as every renderer can write it: tabs and no-break spaces as spaces, line and
/// paragraph separators as line breaks; soft hyphens, non-characters, control characters and
/// the invisible spaces and variation selectors that text from the web and Word carries dropped
/// (docx-rs writes control characters raw, which makes the XML invalid; a PDF would show them
/// as boxes). The zero-width joiner and non-joiner are kept: Persian words (می‌خواهم), Sinhala
/// conjuncts (ශ්‍රී) and emoji sequences are spelt with them.
pub fn cleaned(c: char) -> Option<char> {
    match c {
        '\t' | '\u{a0}' => Some(' '),
        '\n' | '\u{2028}' | '\u{2029}' => Some('\n'),
        '\u{ad}' | '\u{fffe}' | '\u{ffff}' => None,
        '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{fe00}'..='\u{fe0f}' => None,
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// Blocks of Unicode named for messages, in code point order.
const BLOCKS: &[(u32, u32, &str)] = &[
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0700, 0x074F, "Syriac"),
    (0x0750, 0x077F, "Arabic"),
    (0x0780, 0x07BF, "Thaana"),
    (0x07C0, 0x085F, "a right-to-left script"),
    (0x0860, 0x08FF, "Arabic"),
    (0x0900, 0x0DFF, "an Indian script"),
    (0x0E00, 0x0EFF, "Thai or Lao"),
    (0x0F00, 0x0FFF, "Tibetan"),
    (0x1000, 0x109F, "Myanmar"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1100, 0x11FF, "Korean"),
    (0x1200, 0x139F, "Ethiopic"),
    (0x1780, 0x17FF, "Khmer"),
    (0x2600, 0x27BF, "a symbol or emoji"),
    (0x2E80, 0x2FDF, "Chinese"),
    (0x3000, 0x303F, "Chinese or Japanese"),
    (0x3040, 0x30FF, "Japanese"),
    (0x3100, 0x312F, "Chinese"),
    (0x3130, 0x318F, "Korean"),
    (0x3190, 0x9FFF, "Chinese or Japanese"),
    (0xAC00, 0xD7AF, "Korean"),
    (0xF900, 0xFAFF, "Chinese"),
    (0xFB1D, 0xFB4F, "Hebrew"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFE, "Arabic"),
    (0xFF00, 0xFFEF, "Chinese or Japanese"),
    (0x1F000, 0x1FAFF, "an emoji"),
    (0x20000, 0x3FFFF, "Chinese"),
];

/// What kind of writing `c` is, for messages: "Arabic", "an emoji", or "a character".
pub fn kind_of(c: char) -> &'static str {
    let code = u32::from(c);
    BLOCKS
        .iter()
        .find(|(first, last, _)| (*first..=*last).contains(&code))
        .map_or("a character", |block| block.2)
}

/// Text as compared for sameness: lower case, letters and digits, single spaces. "Reads 20
/// words." and "reads 20 words" are the same target.
pub fn same_words(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::can_print;

    #[test]
    fn blocks_are_in_order_and_apart() {
        for pair in BLOCKS.windows(2) {
            assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0, "{pair:?}");
        }
    }

    #[test]
    fn the_families_scripts_print_and_chinese_and_emoji_are_named() {
        for c in "Zoë Łukasz Siân Ψ Дмитрий “£€½” א ا ہ অ ਅ અ த न ት ශ മ ✓ ☐ 🐶".chars()
        {
            assert!(can_print(c, None), "{c}");
        }
        assert!(!can_print('名', None));
        assert!(!can_print('한', None));
        assert_eq!(kind_of('ا'), "Arabic");
        assert_eq!(kind_of('名'), "Chinese or Japanese");
        assert_eq!(kind_of('🦕'), "an emoji");
        assert_eq!(kind_of('\u{10FFFF}'), "a character");
    }
}
