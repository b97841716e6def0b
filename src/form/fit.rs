//! Fitting a form to its page (`page.fit`): the form's sizes are worked out from `scale`, and the
//! largest scale at which the document still fits is found by measuring it, so that a page for
//! the classroom wall uses the whole sheet, whatever the number of targets and the length of
//! their words. The rows of tables with `fill:` then share out the height left.
//!
//! The document is measured by the layout stage ([`crate::layout`]), which the PDF is drawn
//! from. Both renderers are given the same fitted document: the DOCX has the PDF's sizes.

use std::path::Path;
use std::sync::Arc;

use super::{Filled, Form};
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::document::{Block, Document};
use crate::error::{Error, RenderError, Stage};
use crate::files::Files;
use crate::fonts::{FontDir, Typeface};
use crate::layout;
use crate::plan::Plan;

/// Halvings in the search for the largest scale: to within a thousandth of the range.
const STEPS: usize = 10;

/// Room left free at the foot of a fitted page, in millimetres: a word processor's layout of the
/// DOCX runs a little longer than the PDF's, and must not spill onto a second sheet.
const SLACK_MM: f32 = 8.0;

/// Why a form could not be fitted to its page.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FitError {
    /// The form could not lay the plan out.
    #[error(transparent)]
    Layout(#[from] Box<Diagnostic>),
    /// The document could not be measured.
    #[error(transparent)]
    Measure(#[from] RenderError),
    /// Even at its smallest (`scale` 1), the document needs more pages than its form allows.
    #[error("even at its smallest type the document needs {pages} pages but its form allows {max}")]
    TooLong {
        /// The pages it needs at its smallest.
        pages: usize,
        /// The most its form allows.
        max: usize,
    },
}

impl From<FitError> for Error {
    fn from(error: FitError) -> Self {
        match error {
            FitError::Layout(diagnostic) => Error::new(Stage::Layout, *diagnostic),
            FitError::Measure(error) => error.into(),
            FitError::TooLong { .. } => Error::new(
                Stage::Layout,
                Diagnostic::error(Code::TooManyPages, error.to_string()),
            ),
        }
    }
}

impl Form {
    /// Lays `plan` out on this form, in `typeface` when given rather than the form's, and for a
    /// fitted form at the largest scale that fits its pages, measured with the bundled fonts and
    /// those of `font_dir`, as the PDF is laid out.
    pub fn fill_fitted(
        &self,
        plan: &Plan,
        folder: &Path,
        typeface: Option<Typeface>,
        font_dir: Option<&FontDir>,
    ) -> Result<Filled, Error> {
        self.fill_fitted_from(&super::file_system(), plan, folder, typeface, font_dir)
            .map_err(Error::from)
    }

    /// [`Form::fill_fitted`], the pictures and the group plan read from `files`.
    pub(crate) fn fill_fitted_from(
        &self,
        files: &Arc<dyn Files>,
        plan: &Plan,
        folder: &Path,
        typeface: Option<Typeface>,
        font_dir: Option<&FontDir>,
    ) -> Result<Filled, FitError> {
        let measure = |document: &Document| layout::measure(document, font_dir);
        let group = crate::load::group_plan(files.as_ref(), plan, folder)?;
        let pictures = super::scope::Pictures::default();
        let fill_at = |scale: f32| -> Result<Filled, FitError> {
            let mut filled = self.fill_at(files, plan, folder, scale, group.as_ref(), &pictures)?;
            if let Some(typeface) = typeface {
                filled.document.typeface = typeface;
            }
            Ok(filled)
        };
        let Some(fit) = self.spec.page.fit else {
            return fill_at(1.0);
        };
        let max_pages = self.spec.page.max_pages.unwrap_or(1);
        // Fitting leaves the slack free on the last page; beyond the slack the document only
        // has to fit its pages at all.
        let fits = |filled: &Filled| -> Result<bool, FitError> {
            let measured = measure(&filled.document)?;
            Ok(measured.pages < max_pages
                || (measured.pages == max_pages && measured.free_mm >= SLACK_MM))
        };
        let smallest = fill_at(1.0)?;
        if !fits(&smallest)? {
            let pages = measure(&smallest.document)?.pages;
            if pages > max_pages {
                return Err(FitError::TooLong {
                    pages,
                    max: max_pages,
                });
            }
            // It fits, though with less than the slack: printed at its smallest.
            return Ok(smallest);
        }
        let largest = fit.max_scale.max(1.0);
        let mut best = (1.0, smallest);
        let at_largest = fill_at(largest)?;
        if fits(&at_largest)? {
            best = (largest, at_largest);
        } else {
            let (mut low, mut high) = (1.0_f32, largest);
            for _ in 0..STEPS {
                let middle = (low + high) / 2.0;
                let filled = fill_at(middle)?;
                if fits(&filled)? {
                    low = middle;
                    best = (middle, filled);
                } else {
                    high = middle;
                }
            }
        }
        let (_, mut filled) = best;
        stretch(&mut filled.document, &measure, max_pages)?;
        Ok(filled)
    }
}

/// Shares the height left at the foot of the last page among the body rows of the tables that
/// fill their page, keeping the change only if the document still fits.
fn stretch(
    document: &mut Document,
    measure: &dyn Fn(&Document) -> Result<layout::Measured, RenderError>,
    max_pages: usize,
) -> Result<(), FitError> {
    let measured = measure(document)?;
    let spare = measured.free_mm - SLACK_MM;
    if spare <= 0.0 || measured.fill_rows.is_empty() {
        return Ok(());
    }
    let share = spare / measured.fill_rows.len() as f32;
    let mut stretched = document.clone();
    for &(block, row, height) in &measured.fill_rows {
        if let Some(Block::Table(table)) = stretched.blocks.get_mut(block)
            && let Some(row) = table.rows.get_mut(row)
        {
            row.min_height_mm = row.min_height_mm.max(height + share);
        }
    }
    if measure(&stretched)?.pages <= max_pages {
        *document = stretched;
    }
    Ok(())
}
