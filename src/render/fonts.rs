//! The bundled fonts as a PDF embeds them: subsets, so that each document carries only the
//! glyphs its text uses, which keeps a two-page PDF small and spares the PDF library a walk over
//! every glyph of every font; and the metrics a font descriptor states.

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData as AllsortsFont;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};

use super::RenderError;
use crate::fonts::{FACES, Typeface, files, parsed};

/// What a PDF font descriptor says of a face, in thousandths of an em.
#[derive(Debug, Clone, Copy)]
pub struct Descriptor {
    /// Height above the baseline.
    pub ascent: f64,
    /// Depth below it (negative).
    pub descent: f64,
    /// Height of capital letters (of H).
    pub cap_height: f64,
    /// The box every glyph fits in: left, bottom, right, top.
    pub bbox: [f64; 4],
}

/// The descriptor of one face, or `None` when the font cannot be read.
pub fn descriptor(typeface: Typeface, face: usize) -> Option<Descriptor> {
    use allsorts::tables::{FontTableProvider, HeadTable};
    let font = parsed(typeface)[face].as_ref()?;
    let data = ReadScope::new(files(typeface)[face])
        .read::<AllsortsFont<'_>>()
        .ok()?;
    let provider = data.table_provider(0).ok()?;
    let head_data = provider.read_table_data(allsorts::tag::HEAD).ok()?;
    let head = ReadScope::new(&head_data).read::<HeadTable>().ok()?;
    let units = f64::from(head.units_per_em.max(1));
    let scale = |value: f64| (value * 1000.0 / units).round();
    let metrics = font.v_metrics_unscaled();
    let cap_height = font
        .glyph('H')
        .scaled(rusttype::Scale::uniform(units as f32))
        .exact_bounding_box()
        .map_or(f64::from(metrics.ascent) * 0.7, |bounds| {
            -f64::from(bounds.min.y)
        });
    Some(Descriptor {
        ascent: scale(f64::from(metrics.ascent)),
        descent: scale(f64::from(metrics.descent)),
        cap_height: scale(cap_height),
        bbox: [head.x_min, head.y_min, head.x_max, head.y_max].map(|v| scale(f64::from(v))),
    })
}

/// The bytes of each face cut down to the characters in `chars` (one set per face). A face
/// with no characters keeps only its .notdef glyph.
pub fn subsets(
    typeface: Typeface,
    chars: &[BTreeSet<char>; FACES],
) -> Result<[Vec<u8>; FACES], RenderError> {
    let mut out: [Vec<u8>; FACES] = Default::default();
    for (face, used) in chars.iter().enumerate() {
        let font = parsed(typeface)[face]
            .as_ref()
            .ok_or_else(|| RenderError::Font("a bundled font does not parse".into()))?;
        let mut glyphs: BTreeSet<u16> = used.iter().map(|&c| font.glyph(c).id().0 as u16).collect();
        glyphs.insert(0);
        let glyphs: Vec<u16> = glyphs.into_iter().collect();
        out[face] = subset_font(files(typeface)[face], &glyphs)?;
    }
    Ok(out)
}

fn subset_font(data: &[u8], glyphs: &[u16]) -> Result<Vec<u8>, RenderError> {
    let error = |e: &dyn std::fmt::Display| RenderError::Font(e.to_string().into());
    let font = ReadScope::new(data)
        .read::<AllsortsFont<'_>>()
        .map_err(|e| error(&e))?;
    let provider = font.table_provider(0).map_err(|e| error(&e))?;
    subset(&provider, glyphs, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| error(&e))
}
