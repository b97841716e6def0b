//! The one error of the library, [`Error`]: located, coded diagnostics, the same currency as a
//! check's findings. Inside, a document that cannot be laid out or rendered says why with
//! [`RenderError`], so that fitting a form (which lays out) and rendering (which draws) fail
//! alike; it becomes an [`Error`] where it leaves the library.

use std::fmt;

use crate::diagnostic::{Code, Diagnostic, Report, Severity};
use crate::fonts::FontDirError;
use crate::load::LoadError;
use crate::source::FieldPath;

/// A failure that lies beneath, in a library or an embedding program's own renderer.
type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Why iep could not do what was asked: one or more located, coded [`Diagnostic`]s (never
/// empty), the [`Stage`] that failed and, when a library failed beneath, its error as
/// [`source`](std::error::Error::source). Its messages name fields and places, never what the
/// plan says.
#[derive(Debug)]
pub struct Error {
    stage: Stage,
    diagnostics: Vec<Diagnostic>,
    /// The name of the file a load failed in, said before its diagnostic.
    file: Option<String>,
    source: Option<Cause>,
}

/// The stage of printing a plan that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// A file could not be read, or is not a plan; a font folder cannot be used.
    Load,
    /// The form the plan names cannot be used: no such form, a file that cannot be read, or a
    /// mistake in the form file (at its line, with the plan's `form:` line related).
    Form,
    /// The plan breaks the school's rules: the diagnostics hold every error and warning.
    Check,
    /// The form could not lay this plan out: a picture it names cannot be read, or its loops
    /// run away (at the form file's line).
    Layout,
    /// A renderer could not make the file: a character no font has (`unprintable-text` at its
    /// field), too many pages (a history or map too long to print among them), a picture it
    /// cannot print, or a library's failure (the PDF's, DOCX's or XLSX's).
    Render,
}

impl Error {
    /// The located diagnostics of the failure: at least one.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The stage that failed.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The failure of an embedding program's own [`Renderer`](crate::render::Renderer), kept as
    /// the error's [`source`](std::error::Error::source) (`render-failed`).
    pub fn renderer(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        RenderError::Other(error.into()).into()
    }

    pub(crate) fn new(stage: Stage, diagnostic: Diagnostic) -> Self {
        Error {
            stage,
            diagnostics: vec![diagnostic],
            file: None,
            source: None,
        }
    }

    /// A document too long to print (a history, a provision map), refused before its pages are
    /// laid out: `too-many-pages`, with `why` saying how long and what to check.
    pub(crate) fn too_long_to_print(why: String) -> Self {
        Error::new(Stage::Render, Diagnostic::error(Code::TooManyPages, why))
    }

    /// The next plan's template, which is ours and compiled in, could not be rendered.
    pub(crate) fn next_plan_unwritten(cause: minijinja::Error) -> Self {
        Error {
            source: Some(Box::new(cause)),
            ..Error::new(
                Stage::Render,
                Diagnostic::error(Code::RenderFailed, "the next plan could not be written"),
            )
        }
    }

    /// A plan that breaks the school's rules: `report` holds at least one error.
    pub(crate) fn invalid(report: Report) -> Self {
        debug_assert!(report.has_errors());
        Error {
            stage: Stage::Check,
            diagnostics: report.diagnostics,
            file: None,
            source: None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors: Vec<&Diagnostic> = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        match (self.stage, errors.as_slice()) {
            // A renderer's failure reads as a sentence, its cause after it.
            (Stage::Render, _) => f.write_str(&self.diagnostics[0].message),
            // A file iep could not use at all (a font folder, a file it cannot read): a sentence.
            (Stage::Load, _) if self.file.is_none() => f.write_str(&self.diagnostics[0].message),
            (Stage::Check, [first, ..]) => write!(
                f,
                "the plan has {} error(s); the first: {first}",
                errors.len()
            ),
            _ => {
                if let Some(file) = &self.file {
                    write!(f, "{file}:")?;
                }
                write!(f, "{}", self.diagnostics[0])
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|cause| cause as &(dyn std::error::Error + 'static))
    }
}

impl From<LoadError> for Error {
    fn from(error: LoadError) -> Self {
        match error {
            // The operating system's words are in the message as well, as they always were.
            LoadError::Read { path, source } => {
                let message = format!("cannot read {}: {source}", path.display());
                Error {
                    source: Some(Box::new(source)),
                    ..Error::new(Stage::Load, Diagnostic::error(Code::Unreadable, message))
                }
            }
            LoadError::Invalid { file, diagnostic } => Error {
                file: Some(file),
                ..Error::new(Stage::Load, *diagnostic)
            },
        }
    }
}

impl From<RenderError> for Error {
    fn from(error: RenderError) -> Self {
        let message = error.to_string();
        let diagnostic = |code| Diagnostic::error(code, message.clone());
        let (diagnostic, source) = match error {
            RenderError::MissingGlyph { field, .. } => {
                let diagnostic = diagnostic(Code::UnprintableText);
                (
                    match field {
                        Some(field) => diagnostic.at_field(field),
                        None => diagnostic,
                    },
                    None,
                )
            }
            RenderError::Image { .. } => (diagnostic(Code::UnprintablePicture), None),
            RenderError::TooManyPages { .. } | RenderError::RunsAway { .. } => {
                (diagnostic(Code::TooManyPages), None)
            }
            RenderError::HeaderTooTall { .. } => (diagnostic(Code::HeaderTooTall), None),
            RenderError::Write(cause) => (
                diagnostic(Code::RenderFailed),
                Some(Box::new(cause) as Cause),
            ),
            #[cfg(feature = "xlsx")]
            RenderError::Xlsx(cause) => (diagnostic(Code::RenderFailed), Some(cause)),
            RenderError::Pdf(cause)
            | RenderError::Docx(cause)
            | RenderError::Font(cause)
            | RenderError::Other(cause) => (diagnostic(Code::RenderFailed), Some(cause)),
        };
        Error {
            source,
            ..Error::new(Stage::Render, diagnostic)
        }
    }
}

impl From<FontDirError> for Error {
    fn from(error: FontDirError) -> Self {
        let diagnostic = Diagnostic::error(Code::FontFolder, error.to_string());
        let source = match error {
            FontDirError::Read { source, .. } => Some(Box::new(source) as Cause),
            _ => None,
        };
        Error {
            source,
            ..Error::new(Stage::Load, diagnostic)
        }
    }
}

/// Why a document could not be rendered. A failure that comes from a library keeps it as its
/// [`source`](std::error::Error::source).
#[derive(Debug, thiserror::Error)]
pub(crate) enum RenderError {
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
    /// The spreadsheet library failed.
    #[cfg(feature = "xlsx")]
    #[error("the XLSX could not be written")]
    Xlsx(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A renderer of an embedding program's own failed, for its own reason.
    #[error("the renderer failed")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The place of text in a document for a message: the plan's field it shows when there is one
/// (`` `views.parents` ``), else `part`, the part of the document.
pub(crate) fn place_of(field: Option<&FieldPath>, part: impl FnOnce() -> String) -> String {
    field.map_or_else(part, FieldPath::describe)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document that runs away is said without blaming a form or a plan: the provision map
    /// has neither.
    #[test]
    fn a_runaway_document_blames_no_form_or_plan() {
        let runaway = Error::from(RenderError::RunsAway { max: 100 }).to_string();
        assert!(
            !runaway.contains("form") && !runaway.contains("plan"),
            "{runaway}"
        );
    }

    #[test]
    fn an_embedders_renderer_failure_keeps_its_cause() {
        let error = Error::renderer("the page could not be drawn");
        assert_eq!(error.stage(), Stage::Render);
        assert_eq!(error.diagnostics()[0].code, Code::RenderFailed);
        assert_eq!(error.to_string(), "the renderer failed");
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("the page could not be drawn"));
    }
}
