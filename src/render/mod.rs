//! Renderers: from a [`Document`] to the bytes of a file. Each knows its file format and nothing
//! of IEPs; an embedding program can add its own through [`Renderer`]. The PDF renderer only
//! draws the pages the layout stage (`src/layout/`) broke the document into.

mod docx;
mod pdf;

pub use docx::DocxRenderer;
pub use pdf::PdfRenderer;

use crate::document::Document;
use crate::error::{Error, RenderError};

/// Turns a laid-out document into a file.
pub trait Renderer {
    /// The file name extension of what it writes, such as `pdf`.
    fn extension(&self) -> &'static str;

    /// The file's bytes. An embedding program's renderer gives its own failure as
    /// [`Error::renderer`].
    fn render(&self, document: &Document) -> Result<Vec<u8>, Error>;

    /// Writes the file to `out`. Nothing is written unless rendering succeeded, so a failure
    /// never leaves half a document in the writer.
    fn render_to(&self, document: &Document, out: &mut dyn std::io::Write) -> Result<(), Error> {
        let bytes = self.render(document)?;
        out.write_all(&bytes)
            .map_err(|e| RenderError::Write(e).into())
    }
}
