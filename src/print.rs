//! The whole way from a plan file to a document, for programs that just want the result: read,
//! check by the school's rules, lay out on the form, render. [`print()`] is the common case in
//! one call; [`Print`] chooses the form, the pupil-friendly page or the typeface, and gives the
//! [`Document`] and the warnings so that one document can go to several renderers.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Report};
use crate::document::{Document, Typeface};
use crate::form::{self, FormRef};
use crate::layout::Form;
use crate::load::{LoadError, parse};
use crate::plan::Plan;
use crate::render::{RenderError, Renderer};
use crate::source::Source;
use crate::validate::validate;

/// Why a plan could not be printed. The first three carry located diagnostics to show the user.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read, or is not a plan.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The form the plan names cannot be used (the diagnostic is at the plan's `form:` line).
    #[error("{0}")]
    Form(Box<Diagnostic>),
    /// The plan breaks the school's rules: the report holds every error and warning.
    #[error("the plan has {} error(s); the first: {}", .0.errors().count(), .0.errors().next().map(ToString::to_string).unwrap_or_default())]
    Invalid(Report),
    /// The form could not lay this plan out (a picture it names cannot be read, say).
    #[error(transparent)]
    Layout(LoadError),
    /// The renderer failed.
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl Error {
    /// The located diagnostics of the failure, to show with the plan's lines; empty for a
    /// failure that is not about a place in the plan.
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        match self {
            Error::Load(error) | Error::Layout(error) => error.diagnostic().into_iter().collect(),
            Error::Form(diagnostic) => vec![diagnostic],
            Error::Invalid(report) => report.diagnostics.iter().collect(),
            Error::Render(_) => Vec::new(),
        }
    }
}

/// A plan laid out, with what the check found short of errors.
#[derive(Debug)]
pub struct Printed {
    /// The plan as read.
    pub plan: Plan,
    /// The document, ready for any renderer.
    pub document: Document,
    /// The warnings (a plan with errors is not laid out).
    pub report: Report,
}

/// How plans are printed. The default lays each plan out on the form it names, by that form's
/// rules, in the form's typeface.
#[derive(Debug, Clone, Default)]
pub struct Print {
    /// Lay every plan out on this form, and judge it by its rules, instead of the form each
    /// plan names.
    pub form: Option<Arc<Form>>,
    /// Print the pupil-friendly page instead of the school's form; the plan is judged by its
    /// school's rules and the pupil-friendly checks.
    pub pupil_friendly: bool,
    /// Print in this typeface instead of the form's.
    pub typeface: Option<Typeface>,
}

impl Print {
    /// Reads, checks and lays out the plan in `source`.
    pub fn lay_out(&self, source: &Source) -> Result<Printed, Error> {
        let plan = parse(source)?;
        let folder = source.folder.as_deref().unwrap_or(Path::new("."));
        let school = match &self.form {
            Some(form) => Arc::clone(form),
            None => form::form_for(&plan, folder).map_err(|d| Error::Form(Box::new(d)))?,
        };
        let (layout, policy) = if self.pupil_friendly {
            let pupil = FormRef::pupil().get().map_err(Error::Layout)?;
            (pupil, school.policy().clone().with_pupil_checks())
        } else {
            let policy = school.policy().clone();
            (school, policy)
        };
        let report = validate(&plan, &policy);
        if report.has_errors() {
            return Err(Error::Invalid(report));
        }
        let mut document = layout.lay_out(&plan, folder).map_err(Error::Layout)?;
        if let Some(typeface) = self.typeface {
            document.typeface = typeface;
        }
        Ok(Printed {
            plan,
            document,
            report,
        })
    }
}

/// The common case: the plan in `source` checked by the rules of the form it names, laid out
/// on that form and rendered.
///
/// ```no_run
/// let source = iep::Source::read(std::path::Path::new("plans/eilidh.yaml"))?;
/// let pdf = iep::print(&source, &iep::render::PdfRenderer)?;
/// std::fs::write("eilidh.pdf", pdf)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn print(source: &Source, renderer: &dyn Renderer) -> Result<Vec<u8>, Error> {
    let printed = Print::default().lay_out(source)?;
    Ok(renderer.render(&printed.document)?)
}
