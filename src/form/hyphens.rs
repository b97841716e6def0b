//! Where the words of a narrow column may break: a soft hyphen (U+00AD) at each hyphenation point
//! of an English word, which every renderer honours (the PDF prints a hyphen where a line ends at
//! one; Word and LibreOffice do the same with the DOCX), so that no word in a narrow column is
//! broken without one ("conver-sation", not "conversa|tion").

use crate::document::{Paragraph, Row};

/// A column narrower than this many ems of its type, inside its padding, is narrow: its words
/// may break at a line's end. The Durants form's term columns are 4 ems wide, its achievement
/// column 8; the general form's target columns are 6 to 9.
const NARROW_EMS: f32 = 9.0;

/// Type this large or larger is read at a glance (the pupil-friendly page): its words stay whole.
const LARGE_TYPE: u8 = 14;

/// The shortest word hyphenated: shorter ones fit a narrow column whole.
const SHORTEST: usize = 6;

/// Millimetres in a point.
const MM_PER_PT: f32 = 25.4 / 72.0;

/// The room between a cell's border and its text when a table sets none, in millimetres (as the
/// renderers have it).
const PADDING_MM: f32 = 1.4;

/// The type size of text that sets none, in points (as the renderers have it).
const BODY_SIZE: u8 = 10;

/// Marks where the English words of each narrow cell of `rows` may break. `widths_mm` are the
/// table's columns, `size` and `padding_mm` its type size and padding when it sets them.
pub(super) fn mark_narrow_cells(
    rows: &mut [Row],
    widths_mm: &[f32],
    size: Option<u8>,
    padding_mm: Option<f32>,
) {
    let padding = padding_mm.unwrap_or(PADDING_MM);
    for row in rows {
        let mut column = 0;
        for cell in &mut row.cells {
            let span = cell.span.max(1);
            let width: f32 = widths_mm.iter().skip(column).take(span).sum();
            column += span;
            if cell.heading.is_some() {
                continue;
            }
            let inner = width - 2.0 * padding;
            for paragraph in cell.paragraphs.iter_mut().chain(&mut cell.continued) {
                mark_paragraph(paragraph, inner, size);
            }
        }
    }
}

fn mark_paragraph(paragraph: &mut Paragraph, inner_mm: f32, table_size: Option<u8>) {
    let paragraph_size = paragraph.size.or(table_size).unwrap_or(BODY_SIZE);
    for run in &mut paragraph.runs {
        let size = run.size.unwrap_or(paragraph_size);
        let ems = inner_mm / (f32::from(size) * MM_PER_PT);
        // Text in another language keeps its words: the patterns are English.
        if size < LARGE_TYPE && ems < NARROW_EMS && run.lang.is_none() {
            run.text = hyphenated(&run.text);
        }
    }
}

/// `text` with a soft hyphen at each hyphenation point of its English words of at least
/// [`SHORTEST`] letters.
pub(crate) fn hyphenated(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut word = String::new();
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
            continue;
        }
        push_word(&mut out, &word);
        word.clear();
        out.push(c);
    }
    push_word(&mut out, &word);
    out
}

fn push_word(out: &mut String, word: &str) {
    if word.len() < SHORTEST {
        out.push_str(word);
        return;
    }
    let lower = word.to_ascii_lowercase();
    let mut at = 0;
    for (i, syllable) in hypher::hyphenate(&lower, hypher::Lang::English).enumerate() {
        if i > 0 {
            out.push('\u{ad}');
        }
        // ASCII letters: the syllables of the lower-case word are as long as the word's own.
        out.push_str(&word[at..at + syllable.len()]);
        at += syllable.len();
    }
}

#[cfg(test)]
mod tests {
    use super::hyphenated;

    #[test]
    fn long_english_words_get_their_hyphenation_points() {
        assert_eq!(
            hyphenated("conversation").replace('\u{ad}', "-"),
            "con-ver-sa-tion"
        );
        assert_eq!(
            hyphenated("COMMUNICATION & INTERACTION").replace('\u{ad}', "-"),
            "COM-MU-NI-CA-TION & IN-TER-AC-TION"
        );
        // Short words, markers and numbers stay as they are.
        assert_eq!(
            hyphenated("Reads 36 of the 40 zq164"),
            "Reads 36 of the 40 zq164"
        );
    }
}
