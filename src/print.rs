//! The whole way from a plan file to a document, for programs that just want the result: read,
//! check by the school's rules, lay out on the form, render. [`print()`] is the common case in
//! one call; [`Print`] chooses the form, the pupil-friendly page or the typeface, and gives the
//! [`Document`] and the warnings so that one document can go to several renderers.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic, Report};
use crate::document::Document;
use crate::error::{Error, Stage};
use crate::files::{FileSystem, Files};
use crate::fonts::{FontDir, Typeface};
use crate::form::{FitError, Form, FormRef};
use crate::load::parse_plan;
use crate::plan::{Date, Plan};
use crate::policy::Policy;
use crate::render::Renderer;
use crate::source::{FieldPath, Segment, Source};
use crate::validate::{Context, not_on_form, validate_in};

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

/// Which of a plan's documents to print.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub enum DocumentKind {
    /// The school's form.
    #[default]
    SchoolForm,
    /// The pupil-friendly page for the classroom wall; the plan is judged by its school's rules
    /// and the pupil-friendly checks.
    PupilFriendly,
    /// The review meeting's sheet: each target with its success criterion, room for the
    /// evidence, the outcomes to tick, a comment, the views to seek. On the built-in review
    /// form, or a school's own.
    Review(Option<Arc<Form>>),
}

/// How plans are printed. The default lays each plan out on the form it names, by that form's
/// rules, in the form's typeface, reading the files the plan names from disk.
#[derive(Debug, Clone)]
pub struct Print {
    /// Lay every plan out on this form, and judge it by its rules, instead of the form each
    /// plan names.
    pub form: Option<Arc<Form>>,
    /// Which of the plan's documents to print: the school's form (the default), the
    /// pupil-friendly page or the review meeting's sheet.
    pub kind: DocumentKind,
    /// Print in this typeface instead of the form's.
    pub typeface: Option<Typeface>,
    /// The school's own fonts, for scripts no bundled font prints (`--font-dir`): the check
    /// counts them, and the pupil-friendly page is fitted with them.
    pub font_dir: Option<Arc<FontDir>>,
    /// The day of the check: with it, a plan whose review date has passed and whose targets
    /// have no outcome is warned of (`outcome-not-recorded`). The library reads no clock.
    pub today: Option<Date>,
    /// Where the files the plan names are read from: its form file, its pictures, its group
    /// plan and its members' plans. The disk ([`FileSystem`]) by default; a program that holds
    /// them in memory gives [`MemoryFiles`](crate::MemoryFiles).
    pub files: Arc<dyn Files>,
}

impl Default for Print {
    fn default() -> Self {
        Print {
            form: None,
            kind: DocumentKind::default(),
            typeface: None,
            font_dir: None,
            today: None,
            files: Arc::new(FileSystem),
        }
    }
}

impl Print {
    /// Reads, checks and lays out the plan in `source`.
    pub fn lay_out(&self, source: &Source) -> Result<Printed, Error> {
        let plan = parse_plan(source)?;
        let folder = folder_of(source);
        let school = self
            .school_form(&plan, folder)
            .map_err(|d| Error::new(Stage::Form, *d))?;
        let policy = self.policy(&school);
        let mut report = validate_in(&plan, &policy, &self.context());
        if report.has_errors() {
            return Err(Error::invalid(report));
        }
        let layout = match &self.kind {
            DocumentKind::SchoolForm => Arc::clone(&school),
            DocumentKind::PupilFriendly => FormRef::pupil()
                .get_checked_from(&FileSystem)
                .map_err(|d| Error::new(Stage::Layout, *d))?,
            DocumentKind::Review(Some(form)) => Arc::clone(form),
            DocumentKind::Review(None) => FormRef::review()
                .get_checked_from(&FileSystem)
                .map_err(|d| Error::new(Stage::Layout, *d))?,
        };
        let filled = match layout.fill_fitted_from(
            &self.files,
            &plan,
            folder,
            self.typeface,
            self.font_dir.as_deref(),
        ) {
            Ok(filled) => filled,
            Err(FitError::Layout(error)) => return Err(Error::new(Stage::Layout, *error)),
            Err(FitError::Measure(error)) => return Err(error.into()),
            Err(FitError::TooLong { max, .. }) => {
                report.extend([too_long(&self.files, &plan, &layout, folder, max)]);
                return Err(Error::invalid(report));
            }
        };
        if matches!(self.kind, DocumentKind::SchoolForm) {
            report.extend(self.unprinted(&plan, &school, &filled.read, &policy));
        }
        Ok(Printed {
            plan,
            document: filled.document,
            report,
        })
    }

    /// Everything wrong with the plan in `source`, errors and warnings, in the order of the file:
    /// what stops it loading, or else the school's rules (and the pupil-friendly checks when
    /// asked for), the plans it names (a group plan, the members' own plans) and the fields its
    /// form would not print.
    pub fn check(&self, source: &Source) -> Report {
        match parse_plan(source) {
            Ok(plan) => self.check_plan(plan, source),
            Err(error) => Report {
                diagnostics: error.diagnostic().cloned().into_iter().collect(),
            },
        }
    }

    /// [`Print::check`] of the plan already parsed from `source`, for a caller that goes on to
    /// use the plan (`iep next`) and so parses it once.
    pub fn check_plan(&self, plan: Plan, source: &Source) -> Report {
        let folder = folder_of(source);
        let school = match self.school_form(&plan, folder) {
            Ok(school) => school,
            Err(diagnostic) => {
                return Report {
                    diagnostics: vec![*diagnostic],
                };
            }
        };
        let policy = self.policy(&school);
        let mut report = validate_in(&plan, &policy, &self.context());
        // The plans it names are read as `render` reads them: a group plan that is missing,
        // broken or out of the plan's folder fails the check, not only the render. (A plan read
        // from text alone has no folder to read them from.)
        if source.folder.is_some() {
            report.extend(
                crate::load::group_plan(self.files.as_ref(), &plan, folder)
                    .err()
                    .map(|d| *d),
            );
            report.extend(crate::load::member_plans(
                self.files.as_ref(),
                &plan,
                folder,
            ));
        }
        // A plan its form cannot lay out is reported when it is rendered, with the form's line.
        if matches!(self.kind, DocumentKind::SchoolForm) {
            if let Ok(filled) = school.fill_from(&self.files, &plan, folder) {
                report.extend(self.unprinted(&plan, &school, &filled.read, &policy));
            }
            // A form fitted to its pages (the one-page profile) says beforehand what it cannot hold.
            if school.is_fitted()
                && let Err(FitError::TooLong { max, .. }) = school.fill_fitted_from(
                    &self.files,
                    &plan,
                    folder,
                    self.typeface,
                    self.font_dir.as_deref(),
                )
            {
                report.extend([too_long(&self.files, &plan, &school, folder, max)]);
            }
        } else if matches!(self.kind, DocumentKind::PupilFriendly)
            && let Ok(pupil) = FormRef::pupil().get()
            && let Err(FitError::TooLong { .. }) = pupil.fill_fitted_from(
                &self.files,
                &plan,
                folder,
                self.typeface,
                self.font_dir.as_deref(),
            )
        {
            report.extend([too_long_for_the_wall(&plan)]);
        }
        report
    }

    fn context(&self) -> Context<'_> {
        Context {
            today: self.today,
            font_dir: self.font_dir.as_deref(),
            files: Some(self.files.as_ref()),
        }
    }

    /// The school's form for `plan`: the one chosen, or else the one the plan names.
    fn school_form(&self, plan: &Plan, folder: &Path) -> Result<Arc<Form>, Box<Diagnostic>> {
        match &self.form {
            Some(form) => Ok(Arc::clone(form)),
            None => crate::form::form_from(self.files.as_ref(), plan, folder),
        }
    }

    /// The rules a plan is judged by: its school form's, and the pupil-friendly checks for the
    /// pupil's page. The one place the policy of a plan is worked out.
    fn policy(&self, school: &Form) -> Policy {
        let policy = school.policy().clone();
        if matches!(self.kind, DocumentKind::PupilFriendly) {
            policy.with_pupil_checks()
        } else {
            policy
        }
    }

    /// The fields of `plan` that the school's form did not read, as `not-on-form` warnings.
    fn unprinted(
        &self,
        plan: &Plan,
        school: &Form,
        read: &std::collections::BTreeSet<crate::source::FieldPath>,
        policy: &Policy,
    ) -> Vec<Diagnostic> {
        not_on_form(plan, read, school.name(), school.is_builtin(), policy)
    }
}

/// The error of a plan that the fitted form `form` cannot hold on its `max` pages even at its
/// smallest type: the pupil-friendly page's own, or else at the longest text the form prints.
fn too_long(
    files: &Arc<dyn Files>,
    plan: &Plan,
    form: &Form,
    folder: &Path,
    max: usize,
) -> Diagnostic {
    if form.is_builtin() && form.name() == FormRef::PUPIL {
        return too_long_for_the_wall(plan);
    }
    let read = form
        .fill_from(files, plan, folder)
        .map(|filled| filled.read)
        .unwrap_or_default();
    let longest = plan
        .texts()
        .into_iter()
        .filter(|(path, _)| read.contains(path))
        .max_by_key(|(_, text)| text.chars().count());
    let name = form.name();
    let pages = if max == 1 {
        "one page".to_owned()
    } else {
        format!("{max} pages")
    };
    // What the form prints of the plan's lists, the usual reason a page overflows.
    let targets = plan
        .targets()
        .filter(|(g, t, _)| {
            let target = FieldPath::target(*g, *t);
            read.iter()
                .any(|path| path.segments().starts_with(target.segments()))
        })
        .count();
    let profile_lines = plan
        .texts()
        .iter()
        .filter(|(path, _)| {
            read.contains(path)
                && path.segments().first() == Some(&Segment::Key("about_me".into()))
                && path.last_key().is_none()
        })
        .count();
    let mut printed = Vec::new();
    if targets > 0 {
        printed.push(format!("{targets} short-term targets"));
    }
    if profile_lines > 0 {
        printed.push(format!("{profile_lines} lines of the one-page profile"));
    }
    let (field, which) = match &longest {
        Some((path, text)) => {
            printed.push(format!(
                "the longest text {} ({} characters)",
                path.describe(),
                text.chars().count()
            ));
            let last = printed.pop().unwrap_or_default();
            let all = match printed.is_empty() {
                true => last,
                false => format!("{} and {last}", printed.join(", ")),
            };
            (path.clone(), format!(": it prints {all}"))
        }
        None => (FieldPath::root(), String::new()),
    };
    let hint = if field.segments().first() == Some(&Segment::Key("about_me".into())) {
        "a one-page profile keeps to what matters most: shorten its lines, or keep fewer under each heading"
    } else {
        "shorten the longest texts this form prints, or print the plan on a form that runs onto more pages (the general form)"
    };
    Diagnostic::error(
        Code::TooLongForPage,
        format!(
            "the {name} form cannot hold this plan on {pages} even at its smallest type{which}"
        ),
    )
    .with_hint(hint)
    .at_place(plan.places.place(&field))
    .at_field(field)
}

/// The error of a plan whose pupil-friendly page cannot hold its words on one sheet even at the
/// smallest type, at the longest of them.
fn too_long_for_the_wall(plan: &Plan) -> Diagnostic {
    let longest = plan.targets().max_by_key(|(_, _, target)| {
        let words = target.pupil_words.as_deref().or(target.target.as_deref());
        let helpers = target.pupil_helpers.as_deref().or(target.who.as_deref());
        words.map_or(0, |w| w.chars().count()) + helpers.map_or(0, |h| h.chars().count())
    });
    let field = longest.map_or_else(FieldPath::root, |(g, t, target)| {
        let key = if target.pupil_words.is_some() {
            "pupil_words"
        } else {
            "target"
        };
        FieldPath::target(g, t).key(key)
    });
    let which = field.describe();
    Diagnostic::error(
        Code::TooLongForWall,
        format!(
            "the pupil-friendly page cannot hold the targets on one sheet even at its smallest type; the longest is {which}"
        ),
    )
    .with_hint("shorten the pupil's words and who helps, or split the plan's targets between two plans")
    .at_place(plan.places.place(&field))
    .at_field(field)
}

/// The folder a plan's relative paths start from.
fn folder_of(source: &Source) -> &Path {
    source.folder.as_deref().unwrap_or(Path::new("."))
}

/// The common case: the plan in `source` checked by the rules of the form it names, laid out
/// on that form and rendered.
///
/// ```no_run
/// let source = iep::Source::read(std::path::Path::new("plans/eilidh.yaml"))?;
/// let pdf = iep::print(&source, &iep::render::PdfRenderer::new())?;
/// std::fs::write("eilidh.pdf", pdf)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn print(source: &Source, renderer: &dyn Renderer) -> Result<Vec<u8>, Error> {
    let printed = Print::default().lay_out(source)?;
    renderer.render(&printed.document)
}

/// Loads and checks a plan in one step, the common case: by the rules of the form the plan
/// names, and for the fields that form would not print. A plan that does not load gives a
/// report of the one error that stopped it. [`Print::check`] checks by another form's rules,
/// or for the pupil-friendly page.
pub fn check(source: &Source) -> Report {
    Print::default().check(source)
}
