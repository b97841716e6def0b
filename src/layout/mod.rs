//! Layout, the stage between a filled [`Document`] and the renderers: the text shaped with the
//! fonts iep ships (and a font folder's), broken into lines and the lines placed on pages, with
//! each thing placed tagged with its place in the document's structure. The PDF renderer draws
//! these pages as they are; fitting a form to its page measures with them.
//!
//! - `shaper.rs`: the fonts and the shaping of text with parley, by script and direction.
//! - `lines.rs`: paragraphs broken into shaped lines.
//! - `cache.rs`: the lines of each paragraph kept, bounded, for the next document that sets it.
//! - `pages.rs`: the page breaking: tables, rows that split, repeated headers, keep-with-next.
//! - `memory.rs`: the memory of the documents laid out and rendered at once, bounded per run.

mod cache;
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

/// How the layout broke a document's pages, for a renderer whose reader breaks the pages
/// itself (the DOCX): it marks the same rows unsplittable and the same blocks kept together,
/// so that a word processor's pages fall where the PDF's do.
pub(crate) struct Flow {
    /// Block `i` was kept on the page of the start of block `i + 1` (a heading with what it
    /// heads, a table or a space that keeps with what follows), as far as that fits a page.
    pub keeps: Vec<bool>,
    /// Each block's table rows, header rows first, as the layout placed them; empty for a block
    /// that is not a table.
    pub rows: Vec<Vec<RowFlow>>,
    /// The render's admission to the process's memory, held while the flow is in use.
    _admitted: memory::Admitted,
}

/// A table row as the layout placed it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RowFlow {
    /// Its height, in millimetres.
    pub height_mm: f32,
    /// It stood whole on one page: never split (a row taller than a page is split between
    /// lines).
    pub whole: bool,
    /// It stayed on the page of what follows it: a header row, a row that keeps with the next,
    /// a row of a table that moved to its page whole, the last row of a table kept with the
    /// next block.
    pub keep_next: bool,
}

/// Lays `document` out once, with the bundled fonts and pictures sized from their headers, for
/// a renderer that writes the breaks rather than the pages: admitted to the process's memory
/// ([`memory::admit`]) and refused past [`MAX_PAGES`](crate::document::MAX_PAGES) as the PDF
/// is, so that no format writes what the PDF would refuse.
pub(crate) fn flow(document: &Document) -> Result<Flow, RenderError> {
    let admitted = memory::admit(document);
    let pages = shaper::with(document.typeface, None, |shaper| {
        pages::paginate(document, shaper, true)
    })?;
    Ok(Flow {
        keeps: pages.keeps,
        rows: pages.rows,
        _admitted: admitted,
    })
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
