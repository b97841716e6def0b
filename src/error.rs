//! Why a document could not be laid out or rendered: the one error the layout and every
//! renderer give, so that fitting a form (which lays out) and rendering (which draws) fail alike.
//! Published as [`render::RenderError`](crate::render::RenderError).

use crate::source::FieldPath;

/// Why a document could not be rendered. A failure that comes from a library keeps it as its
/// [`source`](std::error::Error::source).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The text holds a character that no font the PDF may use has (Chinese, Japanese or
    /// Korean, unless a font folder gives one). It is refused rather than printed as an empty
    /// box or dropped; the DOCX prints it.
    #[error(
        "{kind} (U+{code:04X}) cannot be printed: no font iep has holds it (a font folder given with --font-dir can); it is in {place}"
    )]
    MissingGlyph {
        /// The character's code point.
        code: u32,
        /// What kind of writing it is: "an emoji", "Chinese or Japanese".
        kind: &'static str,
        /// The family name of the document's typeface.
        font: &'static str,
        /// Where: the plan's field when the text shows one (`views.parents`), else the part of
        /// the document (a table cell).
        place: String,
        /// The plan's field, when the text shows one.
        field: Option<FieldPath>,
    },
    /// A picture could not be decoded or is too large.
    #[error("a picture in {place} cannot be printed: {why}")]
    Image {
        /// Where: the plan's field that names it (`pupil.photo`), else the part of the document.
        place: String,
        /// What is wrong with it.
        why: String,
    },
    /// The document needs more pages than its form allows.
    #[error("the document needs {pages} pages but its form allows {max}: shorten its longest text")]
    TooManyPages {
        /// The pages it would take.
        pages: usize,
        /// The most its form allows.
        max: usize,
    },
    /// The document would run past the most pages any document may take, whatever its form.
    #[error("the document would run past {max} pages, the most any document iep writes may take")]
    RunsAway {
        /// The most pages a document may take.
        max: usize,
    },
    /// A table's header rows, which repeat on every page, leave no room for its body.
    #[error(
        "the header rows of the table in {place} are {height_mm} mm high and repeat on every page, but a page has {room_mm} mm: make them shorter in the form"
    )]
    HeaderTooTall {
        /// Where in the document.
        place: String,
        /// Their height.
        height_mm: u32,
        /// The height between the page's margins.
        room_mm: u32,
    },
    /// The PDF library failed.
    #[error("the PDF could not be written")]
    Pdf(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The DOCX library failed.
    #[error("the DOCX could not be written")]
    Docx(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The writer given to [`Renderer::render_to`](crate::render::Renderer::render_to) failed.
    #[error("the document could not be written")]
    Write(#[source] std::io::Error),
    /// A bundled font could not be prepared.
    #[error("a bundled font could not be prepared")]
    Font(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A renderer of an embedding program's own failed, for its own reason.
    #[error("the renderer failed")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The place of text in a document for a message: the plan's field it shows when there is one
/// (`` `views.parents` ``), else `part`, the part of the document.
pub(crate) fn place_of(field: Option<&FieldPath>, part: impl FnOnce() -> String) -> String {
    field.map_or_else(part, FieldPath::describe)
}
