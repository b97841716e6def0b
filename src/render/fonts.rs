//! The bundled fonts, compiled in, and their subsets: each document embeds only the glyphs its
//! text uses, which keeps a two-page PDF small and spares the PDF library a walk over every glyph
//! of every font.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData as AllsortsFont;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};

use super::RenderError;

/// Regular, bold, italic and bold italic, in that order.
pub const FACES: usize = 4;

/// The face index of a style.
pub fn face(bold: bool, italic: bool) -> usize {
    usize::from(bold) + 2 * usize::from(italic)
}

/// Liberation Sans (SIL OFL 1.1, see fonts/), metric-compatible with Arial.
const SANS: [&[u8]; FACES] = [
    include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSans-BoldItalic.ttf"),
];

/// The bundled fonts parsed once, to look glyphs up.
fn parsed() -> &'static [Option<rusttype::Font<'static>>; FACES] {
    static FONTS: OnceLock<[Option<rusttype::Font<'static>>; FACES]> = OnceLock::new();
    FONTS.get_or_init(|| SANS.map(|bytes| rusttype::Font::from_bytes(bytes).ok()))
}

/// True when the face has a glyph for `c`.
pub fn has_glyph(face: usize, c: char) -> bool {
    parsed()[face]
        .as_ref()
        .is_some_and(|font| font.glyph(c).id().0 != 0)
}

/// The bytes of each face cut down to the characters in `chars` (one set per face). A face
/// with no characters keeps only its .notdef glyph.
pub fn subsets(chars: &[BTreeSet<char>; FACES]) -> Result<[Vec<u8>; FACES], RenderError> {
    let mut out: [Vec<u8>; FACES] = Default::default();
    for (face, used) in chars.iter().enumerate() {
        let font = parsed()[face]
            .as_ref()
            .ok_or_else(|| RenderError::Font("a bundled font does not parse".into()))?;
        let mut glyphs: BTreeSet<u16> = used.iter().map(|&c| font.glyph(c).id().0 as u16).collect();
        glyphs.insert(0);
        let glyphs: Vec<u16> = glyphs.into_iter().collect();
        out[face] = subset_font(SANS[face], &glyphs)?;
    }
    Ok(out)
}

fn subset_font(data: &[u8], glyphs: &[u16]) -> Result<Vec<u8>, RenderError> {
    let error = |e: &dyn std::fmt::Display| RenderError::Font(e.to_string());
    let font = ReadScope::new(data)
        .read::<AllsortsFont<'_>>()
        .map_err(|e| error(&e))?;
    let provider = font.table_provider(0).map_err(|e| error(&e))?;
    subset(&provider, glyphs, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| error(&e))
}
