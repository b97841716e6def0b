//! Layout, the stage between a filled [`Document`] and the renderers: the text shaped with the
//! fonts iep ships (and a font folder's), broken into lines and the lines placed on pages, with
//! each thing placed tagged with its place in the document's structure. The PDF renderer draws
//! these pages as they are; fitting a form to its page measures with them.
//!
//! - `shaper.rs`: the fonts and the shaping of text with parley, by script and direction.
//! - `lines.rs`: paragraphs broken into shaped lines.
//! - `pages.rs`: the page breaking: tables, rows that split, repeated headers, keep-with-next.
//! - `memory.rs`: the memory of the documents laid out and rendered at once, bounded per run.

pub(crate) mod lines;
pub(crate) mod memory;
pub(crate) mod pages;
pub(crate) mod shaper;

use crate::document::Document;
use crate::error::RenderError;
use crate::fonts::FontDir;

/// How a document falls into pages: what fitting a form to its page needs to know.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Measured {
    /// The pages it takes.
    pub pages: usize,
    /// The height left free at the foot of the last page, in millimetres.
    pub free_mm: f32,
    /// The height of each body row of the tables that fill their page (`Table::fill`): the
    /// block's index, the row's index and its height in millimetres.
    pub fill_rows: Vec<(usize, usize, f32)>,
}

/// How `document` falls into pages with the bundled fonts and those of `font_dir`, pictures
/// sized from their headers and nothing drawn.
///
/// Measures even a document with a character no font has (set in the last font's empty glyph,
/// as wide as a letter): fitting the pupil's page must not cost its DOCX, which prints it. Only
/// the PDF renderer refuses it.
pub(crate) fn measure(
    document: &Document,
    font_dir: Option<&FontDir>,
) -> Result<Measured, RenderError> {
    let _admitted = memory::admit(document);
    shaper::with(document.typeface, font_dir, |shaper| {
        let pages = pages::paginate(document, shaper, true)?;
        Ok(Measured {
            pages: pages.pages.len(),
            free_mm: pages.free as f32,
            fill_rows: pages.fill_rows,
        })
    })
}

/// A render of `document` admitted to the process's memory ([`memory::admit`]), by a renderer,
/// such as the DOCX, whose reader breaks the pages itself: refused when it would run past
/// [`MAX_PAGES`](crate::document::MAX_PAGES) as the layout breaks its pages, so that no format
/// writes what the PDF would refuse.
pub(crate) fn admitted(document: &Document) -> Result<memory::Admitted, RenderError> {
    let admitted = memory::admit(document);
    shaper::with(document.typeface, None, |shaper| {
        pages::paginate(document, shaper, true)
    })?;
    Ok(admitted)
}

/// Lays `document` out for drawing (its pictures decoded for print) with the bundled fonts and
/// those of `font_dir`, and hands the pages and the fonts they are set in to `draw`.
pub(crate) fn lay_out<R>(
    document: &Document,
    font_dir: Option<&FontDir>,
    draw: impl FnOnce(pages::Pages, &shaper::FontSet) -> Result<R, RenderError>,
) -> Result<R, RenderError> {
    shaper::with(document.typeface, font_dir, |shaper| {
        let pages = pages::paginate(document, shaper, false)?;
        draw(pages, shaper.set)
    })
}
