//! A school's form: a form file, or one of iep's own compiled in, that lays plans out on the
//! school's paper form and carries the school's rules (`policy:`).
//!
//! A form is compiled once (`compile.rs`): every piece of its text is checked when it is loaded,
//! so a mistake in a form is reported at its line before any plan is laid out. It then fills each
//! plan into a renderer-neutral [`Document`](crate::document::Document) (`fill.rs`), its
//! templates run in a sandbox (`filters.rs`: no file access, limited fuel, no debug output, which
//! would print a child's data) over a scope that records what they read (`scope.rs`), and is
//! fitted to its page when it asks to be (`fit.rs`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use minijinja::Environment;

use crate::diagnostic::{Code, Diagnostic};
use crate::files::{FileSystem, Files};
use crate::load::{Kind, LoadError, parse_yaml};
use crate::plan::Plan;
use crate::policy::Policy;
use crate::source::{FieldPath, Source, SourceMap};

mod accessible;
mod compile;
mod fill;
mod filters;
mod fit;
mod hyphens;
mod scope;
pub(crate) mod spec;
mod starter;
mod words;

pub use fill::Filled;
pub(crate) use fit::FitError;

use spec::FormSpec;

/// iep's own forms, by name, compiled into the binary so that it runs with no files beside it.
/// Each carries its school's rules in its `policy:`.
const BUILTINS: [(&str, &str); 9] = [
    ("general", include_str!("../../templates/general.yaml")),
    ("highland", include_str!("../../templates/highland.yaml")),
    ("durants", include_str!("../../templates/durants.yaml")),
    (
        "sen-support",
        include_str!("../../templates/sen-support.yaml"),
    ),
    (
        "one-page-profile",
        include_str!("../../templates/one-page-profile.yaml"),
    ),
    ("passport", include_str!("../../templates/passport.yaml")),
    (FormRef::PUPIL, include_str!("../../templates/pupil.yaml")),
    (FormRef::REVIEW, include_str!("../../templates/review.yaml")),
    (FormRef::GROUP, include_str!("../../templates/group.yaml")),
];

impl FormRef {
    /// The names of the built-in forms.
    pub const BUILT_IN: [&str; BUILTINS.len()] = {
        let mut names = [""; BUILTINS.len()];
        let mut i = 0;
        while i < BUILTINS.len() {
            names[i] = BUILTINS[i].0;
            i += 1;
        }
        names
    };

    /// The pupil-friendly form: one page for the classroom wall, drawn from any plan.
    pub const PUPIL: &str = "pupil";

    /// The review meeting's sheet, for any plan (`iep review`).
    pub const REVIEW: &str = "review";

    /// The Group Education Plan's form, for a plan with `group:` that names no form.
    pub const GROUP: &str = "group";

    /// The form used when a plan names none.
    pub const DEFAULT: &str = "general";
}

impl Form {
    /// The text of the built-in form `name`: also the start of a school's own form (`iep form
    /// show`).
    pub fn builtin_text(name: &str) -> Option<&'static str> {
        BUILTINS
            .iter()
            .find(|(builtin, _)| *builtin == name)
            .map(|(_, text)| *text)
    }
}

/// A school's form, ready to lay plans out: its spec with every template compiled. A mistake in
/// the form, found when it is compiled or when it lays a plan out, is a [`Diagnostic`] at the
/// form file's line.
#[derive(Debug)]
pub struct Form {
    spec: FormSpec,
    /// The school's rules: the form's `policy:`, or the general policy where it has none.
    policy: Policy,
    env: Environment<'static>,
    /// Where each piece of template text first stands in the form file, to report errors there.
    origins: HashMap<String, FieldPath>,
    places: SourceMap,
    file: String,
    /// The folder of a form file, the only place its own pictures come from.
    folder: Option<PathBuf>,
    /// One of iep's own forms, compiled in.
    builtin: bool,
}

impl Form {
    /// The validation policy this form carries.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The form's short name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// True for one of iep's own forms, compiled in.
    pub fn is_builtin(&self) -> bool {
        self.builtin
    }

    /// True for a form fitted to its pages (`page.fit`), such as the pupil-friendly page and
    /// the one-page profile: laying a plan out on it measures the plan, and a plan it cannot
    /// hold on its pages even at its smallest type is refused.
    pub fn is_fitted(&self) -> bool {
        self.spec.page.fit.is_some()
    }

    /// What the form is, in a line.
    pub fn description(&self) -> &str {
        self.spec.description.as_deref().unwrap_or_default()
    }

    /// A mistake in the form at `path`.
    fn problem(&self, path: &FieldPath, what: &str) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(Code::FormError, format!("{}: {what}", path.describe()))
                .with_hint("compare with a built-in form that works: `iep form show general`")
                .at_place(self.places.place(path))
                .at_field(path.clone())
                .in_file(self.file.clone()),
        )
    }

    /// A template's error at `path`.
    fn template_error(&self, path: &FieldPath, error: &minijinja::Error) -> Box<Diagnostic> {
        let detail = error.detail().map(|d| format!(": {d}")).unwrap_or_default();
        self.problem(path, &format!("{}{detail}", error.kind()))
    }

    /// A template's error, at the place of its text in the form file.
    fn error_at(&self, text: &str, error: &minijinja::Error) -> Box<Diagnostic> {
        self.template_error(&self.origin(text), error)
    }

    /// Where `text` first stands in the form file.
    fn origin(&self, text: &str) -> FieldPath {
        self.origins.get(text).cloned().unwrap_or_default()
    }
}

/// A form, as a plan or the command line names it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormRef {
    /// One of [`FormRef::BUILT_IN`].
    Builtin(&'static str),
    /// A school's own form file.
    File(PathBuf),
}

impl FormRef {
    /// The built-in pupil-friendly form.
    pub fn pupil() -> FormRef {
        FormRef::Builtin(FormRef::PUPIL)
    }

    /// The built-in review sheet.
    pub fn review() -> FormRef {
        FormRef::Builtin(FormRef::REVIEW)
    }

    /// Reads a form name: a built-in name, or else a path (a relative one is taken from `base`,
    /// the folder of the plan that names it).
    pub fn parse(name: &str, base: &Path) -> Result<FormRef, crate::Error> {
        FormRef::named(name, base).map_err(|d| crate::Error::new(crate::Stage::Form, *d))
    }

    /// [`FormRef::parse`], or why not.
    pub(crate) fn named(name: &str, base: &Path) -> Result<FormRef, Box<Diagnostic>> {
        let name = name.trim();
        if let Some(builtin) = FormRef::BUILT_IN.iter().find(|b| **b == name) {
            return Ok(FormRef::Builtin(builtin));
        }
        let looks_like_path =
            name.contains(['/', '\\']) || name.ends_with(".yaml") || name.ends_with(".yml");
        if looks_like_path {
            return Ok(FormRef::File(base.join(name)));
        }
        let hint = match crate::load::closest(name, &FormRef::BUILT_IN) {
            Some(builtin) => format!("did you mean `{builtin}`?"),
            None => format!(
                "use one of {}, or the path of a form file ending in .yaml",
                FormRef::BUILT_IN.map(|f| format!("`{f}`")).join(", ")
            ),
        };
        Err(Box::new(
            Diagnostic::error(
                Code::UnknownForm,
                "this is not a built-in form or a form file",
            )
            .with_hint(hint),
        ))
    }

    /// The built-in form called `name`.
    pub fn builtin(name: &str) -> Option<FormRef> {
        FormRef::BUILT_IN
            .iter()
            .find(|builtin| **builtin == name)
            .map(|builtin| FormRef::Builtin(builtin))
    }

    /// Reads and compiles the form.
    pub fn load(&self) -> Result<Form, crate::Error> {
        self.load_from(&FileSystem).map_err(crate::Error::from)
    }

    /// [`FormRef::load`], a form file read from `files`.
    fn load_from(&self, files: &dyn Files) -> Result<Form, LoadError> {
        let source = match self {
            FormRef::Builtin(name) => {
                Source::new(*name, Form::builtin_text(name).unwrap_or_default())
            }
            FormRef::File(path) => Source::read_from(files, path).map_err(|error| match error {
                // Read as any file is, and refused in words about a form.
                LoadError::Invalid { file, diagnostic } if diagnostic.code == Code::TooLarge => {
                    crate::load::too_large(file, Kind::Form)
                }
                other => other,
            })?,
        };
        let mut form = Form::parse_source(&source)?;
        form.builtin = matches!(self, FormRef::Builtin(_));
        Ok(form)
    }

    /// The form, read and compiled, shared: a built-in form is compiled once in a process and
    /// then handed out again, which matters when a batch lays out thousands of plans.
    pub fn get(&self) -> Result<Arc<Form>, crate::Error> {
        self.get_from(&FileSystem).map_err(crate::Error::from)
    }

    /// [`FormRef::get`], a form file read from `files`.
    fn get_from(&self, files: &dyn Files) -> Result<Arc<Form>, LoadError> {
        static BUILTIN: [OnceLock<Arc<Form>>; FormRef::BUILT_IN.len()] =
            [const { OnceLock::new() }; FormRef::BUILT_IN.len()];
        let FormRef::Builtin(name) = self else {
            return self.load_from(files).map(Arc::new);
        };
        let Some(slot) = FormRef::BUILT_IN.iter().position(|b| b == name) else {
            return self.load_from(files).map(Arc::new);
        };
        if let Some(form) = BUILTIN[slot].get() {
            return Ok(Arc::clone(form));
        }
        let form = Arc::new(self.load_from(&FileSystem)?);
        Ok(Arc::clone(BUILTIN[slot].get_or_init(|| form)))
    }

    /// The shared form ([`FormRef::get`]), or what stops it as a diagnostic: a mistake in the
    /// form file, at its line in that file, or a file that cannot be read.
    pub fn get_checked(&self) -> Result<Arc<Form>, crate::Error> {
        self.get_checked_from(&FileSystem)
            .map_err(|d| crate::Error::new(crate::Stage::Form, *d))
    }

    /// [`FormRef::get_checked`], a form file read from `files`.
    pub(crate) fn get_checked_from(&self, files: &dyn Files) -> Result<Arc<Form>, Box<Diagnostic>> {
        self.get_from(files).map_err(|error| match error {
            LoadError::Invalid { file, diagnostic } if diagnostic.file.is_none() => {
                Box::new(diagnostic.in_file(file))
            }
            LoadError::Invalid { diagnostic, .. } => diagnostic,
            // The path is the plan's text, and is not repeated.
            LoadError::Read { source, .. } => Box::new(Diagnostic::error(
                Code::UnknownForm,
                format!(
                    "the form file cannot be read: {}",
                    crate::files::Refused::Unreadable(source)
                ),
            )),
        })
    }

    /// The form `plan` names (the general form when it names none); a form path is taken from
    /// `folder`, the plan file's folder. A name that is no form is an error at the plan's
    /// `form:` line.
    pub fn of_plan(plan: &Plan, folder: &Path) -> Result<FormRef, crate::Error> {
        FormRef::named_by(plan, folder).map_err(|d| crate::Error::new(crate::Stage::Form, *d))
    }

    /// [`FormRef::of_plan`], or why not.
    pub(crate) fn named_by(plan: &Plan, folder: &Path) -> Result<FormRef, Box<Diagnostic>> {
        let unnamed = if plan.group.is_some() {
            FormRef::GROUP
        } else {
            FormRef::DEFAULT
        };
        let name = plan.form.as_deref().unwrap_or(unnamed);
        FormRef::named(name, folder).map_err(|diagnostic| Box::new(at_form_line(plan, *diagnostic)))
    }
}

impl Form {
    /// The form `plan` names, read and compiled. A name that is no form, or a form file that
    /// cannot be read, is an error at the plan's `form:` line; a mistake in the form file is the
    /// form's own error, at its line in the form file, with the plan's `form:` line as related.
    pub fn of_plan(plan: &Plan, folder: &Path) -> Result<Arc<Form>, crate::Error> {
        form_from(&FileSystem, plan, folder).map_err(|d| crate::Error::new(crate::Stage::Form, *d))
    }
}

/// The files on disk, as the form's functions that take no files read them.
pub(crate) fn file_system() -> Arc<dyn Files> {
    Arc::new(FileSystem)
}

/// [`Form::of_plan`], a form file read from `files`.
pub(crate) fn form_from(
    files: &dyn Files,
    plan: &Plan,
    folder: &Path,
) -> Result<Arc<Form>, Box<Diagnostic>> {
    FormRef::named_by(plan, folder)?
        .get_checked_from(files)
        .map_err(|diagnostic| {
            if diagnostic.file.is_none() {
                return Box::new(at_form_line(plan, *diagnostic));
            }
            let named = Diagnostic::error(Code::FormError, "the plan names the form here");
            Box::new(diagnostic.with_related(at_form_line(plan, named)))
        })
}

/// The diagnostic placed at the plan's `form:` line (nowhere when the plan names no form).
fn at_form_line(plan: &Plan, diagnostic: Diagnostic) -> Diagnostic {
    if plan.form.is_none() {
        return diagnostic;
    }
    let field = FieldPath::root().key("form");
    diagnostic
        .at_place(plan.places.place(&field))
        .at_field(field)
}

impl Form {
    /// Reads and compiles the form file in `source`; a mistake is an error at its line.
    pub fn parse(source: &Source) -> Result<Form, crate::Error> {
        Form::parse_source(source).map_err(crate::Error::from)
    }

    /// [`Form::parse`], or why not.
    pub(crate) fn parse_source(source: &Source) -> Result<Form, LoadError> {
        let (spec, places) = parse_yaml::<FormSpec>(source, Kind::Form)?;
        let mut form = Form::compile(spec, places, source.name.clone()).map_err(|diagnostic| {
            LoadError::Invalid {
                file: source.name.clone(),
                diagnostic,
            }
        })?;
        form.folder = source.folder.clone();
        Ok(form)
    }
}

impl Form {
    /// True when `source` holds a school's form file rather than a plan, judged by its shape: the
    /// `title` and `blocks` every form has, and neither the `pupil` nor the `goals` of a plan. A
    /// folder of plans can then hold its school's form beside them.
    pub fn is_form_file(source: &Source) -> bool {
        // Most files are plans: told apart without reading their YAML a second time (it was 2% of
        // a plan's render).
        if !source.text.contains("blocks") {
            return false;
        }
        let places = SourceMap::build(&source.text);
        let has = |key: &str| places.entry(&FieldPath::root().key(key)).is_some();
        has("title") && has("blocks") && !has("pupil") && !has("goals")
    }
}

impl Form {
    /// Everything wrong with the form file in `source`, at its lines: a mistake in its text or
    /// shape, or in what it asks of a plan, found by laying out the sample plan (every field filled,
    /// a goal in every area) on it; and once it lays the sample out, what its documents would
    /// lack for a screen reader (`form-accessibility` warnings).
    pub fn check(source: &Source) -> crate::Report {
        let diagnostics = match Form::parse_source(source) {
            Err(error) => error.diagnostic().cloned().into_iter().collect(),
            Ok(form) => match sample_plan()
                .and_then(|plan| form.fill_from(&file_system(), &plan, Path::new(".")).err())
            {
                Some(diagnostic) => vec![*diagnostic],
                // Laid out: what its documents ask of a screen reader.
                None => form.accessibility(),
            },
        };
        // The report is about the form file itself.
        crate::Report {
            diagnostics: diagnostics
                .into_iter()
                .map(|diagnostic| Diagnostic {
                    file: None,
                    ..diagnostic
                })
                .collect(),
        }
    }
}

/// The sample plan, `templates/sample.yaml`: every field filled, a goal in every area of need.
pub(crate) fn sample_plan() -> Option<Plan> {
    let text = include_str!("../../templates/sample.yaml");
    crate::load::parse_plan(&Source::new("sample.yaml", text)).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_plan_reads_without_a_mistake() {
        // Starters and form checks lean on it; a mistake in it would quietly blank them.
        let text = include_str!("../../templates/sample.yaml");
        let read = crate::Plan::parse(&crate::Source::new("sample.yaml", text));
        assert!(read.is_ok(), "{:?}", read.err().map(|e| e.to_string()));
    }
}
