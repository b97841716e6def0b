//! PDF, on krilla: tagged for screen readers (PDF/UA-1) and, on request, archival (PDF/A-2a).
//! The pages come laid out from [`crate::layout`]; `draw.rs` draws them, with the tag tree, the
//! outline and the metadata.

mod draw;

use std::sync::Arc;

use super::Renderer;
use crate::document::{Block, Document};
use crate::error::{Error, RenderError, place_of};
use crate::fonts::{self, FontDir};
use crate::layout;
use crate::source::FieldPath;
use crate::text;

/// Renders documents to PDF: text shaped in every script the bundled fonts (and a font folder)
/// cover, tagged PDF/UA-1 with the document's structure for screen readers, and PDF/A-2a as well
/// when [`archival`](Self::archival). The same document gives the same bytes.
#[derive(Debug, Clone, Default)]
pub struct PdfRenderer {
    archive: bool,
    font_dir: Option<Arc<FontDir>>,
}

impl PdfRenderer {
    /// A renderer of tagged PDF with the bundled fonts.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same, writing PDF/A-2a (archival, and accessible: the most accessible PDF/A level
    /// that combines with PDF/UA-1) when `archive`: for records kept for decades.
    pub fn archival(self, archive: bool) -> Self {
        Self { archive, ..self }
    }

    /// The same, with the school's own fonts for scripts no bundled font prints.
    pub fn with_font_dir(self, font_dir: Arc<FontDir>) -> Self {
        Self {
            font_dir: Some(font_dir),
            ..self
        }
    }

    /// The school's own fonts this renderer uses, if any.
    pub fn font_dir(&self) -> Option<&FontDir> {
        self.font_dir.as_deref()
    }
}

impl Renderer for PdfRenderer {
    fn extension(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, document: &Document) -> Result<Vec<u8>, Error> {
        self.pdf(document).map_err(Error::from)
    }
}

impl PdfRenderer {
    /// The PDF's bytes, or why not.
    fn pdf(&self, document: &Document) -> Result<Vec<u8>, RenderError> {
        printable(document, self.font_dir())?;
        let _admitted = layout::memory::admit(document);
        layout::lay_out(document, self.font_dir(), |pages, fonts| {
            let count = pages.pages.len();
            if let Some(max) = document.page.max_pages
                && count > max
            {
                return Err(RenderError::TooManyPages { pages: count, max });
            }
            draw::write(document, pages, fonts, self.archive)
        })
    }
}

/// Refuses a document with a character no font it may use has, naming the plan's field it is in
/// (or the part of the document), rather than print an empty box.
fn printable(document: &Document, font_dir: Option<&FontDir>) -> Result<(), RenderError> {
    let typeface = document.typeface;
    let check = |text: &str, field: Option<&FieldPath>, part: &dyn Fn() -> String| match text
        .chars()
        .find(|&c| !fonts::can_print(c, font_dir))
    {
        None => Ok(()),
        Some(c) => Err(RenderError::MissingGlyph {
            code: u32::from(c),
            kind: text::kind_of(c),
            font: typeface.family(),
            place: place_of(field, part),
            field: field.cloned(),
        }),
    };
    for running in [&document.header, &document.footer].into_iter().flatten() {
        for text in [&running.left, &running.center, &running.right] {
            check(text, None, &|| "the running header or footer".into())?;
        }
    }
    for (i, block) in document.blocks.iter().enumerate() {
        let block_place = || format!("block {} of the form", i + 1);
        match block {
            Block::Heading { text, field, .. } => check(text, field.as_ref(), &block_place)?,
            Block::Paragraph(paragraph) => {
                for run in &paragraph.runs {
                    check(&run.text, run.field.as_ref(), &block_place)?;
                }
            }
            Block::Table(table) => {
                for (r, row) in table.header.iter().chain(&table.rows).enumerate() {
                    for (c, cell) in row.cells.iter().enumerate() {
                        let cell_place =
                            || format!("{}, table row {}, cell {}", block_place(), r + 1, c + 1);
                        let texts = cell.paragraphs.iter().chain(&cell.continued);
                        for run in texts.flat_map(|p| &p.runs) {
                            check(&run.text, run.field.as_ref(), &cell_place)?;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}
