//! Which form a plan is laid out on: a built-in one by name, or a school's own form file. For now
//! a form supplies its validation policy; its layout is read by the layout stage.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::diagnostic::{Code, Diagnostic};
use crate::layout::Form;
use crate::load::{Kind, LoadError, parse_yaml};
use crate::plan::Plan;
use crate::policy::Policy;
use crate::source::{FieldPath, Source};

mod fit;
pub(crate) mod scope;
pub mod spec;
mod starter;

pub use fit::FitError;
pub use starter::starter;

use spec::FormSpec;

/// The names of the built-in forms.
pub const BUILTIN_FORMS: [&str; 4] = ["general", "highland", "durants", PUPIL_FORM];

/// The pupil-friendly form: one page for the classroom wall, drawn from any plan.
pub const PUPIL_FORM: &str = "pupil";

/// The form used when a plan names none.
pub const DEFAULT_FORM: &str = "general";

/// A form, as a plan or the command line names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormRef {
    /// One of [`BUILTIN_FORMS`].
    Builtin(&'static str),
    /// A school's own form file.
    File(PathBuf),
}

impl FormRef {
    /// The built-in pupil-friendly form.
    pub fn pupil() -> FormRef {
        FormRef::Builtin(PUPIL_FORM)
    }

    /// Reads a form name: a built-in name, or else a path (a relative one is taken from `base`,
    /// the folder of the plan that names it).
    pub fn parse(name: &str, base: &Path) -> Result<FormRef, Diagnostic> {
        let name = name.trim();
        if let Some(builtin) = BUILTIN_FORMS.iter().find(|b| **b == name) {
            return Ok(FormRef::Builtin(builtin));
        }
        let looks_like_path =
            name.contains(['/', '\\']) || name.ends_with(".yaml") || name.ends_with(".yml");
        if looks_like_path {
            return Ok(FormRef::File(base.join(name)));
        }
        let hint = match crate::load::closest(name, &BUILTIN_FORMS) {
            Some(builtin) => format!("did you mean `{builtin}`?"),
            None => format!(
                "use one of {}, or the path of a form file ending in .yaml",
                BUILTIN_FORMS.map(|f| format!("`{f}`")).join(", ")
            ),
        };
        Err(Diagnostic::error(
            Code::UnknownForm,
            "this is not a built-in form or a form file",
        )
        .with_hint(hint))
    }

    /// Reads and compiles the form.
    pub fn load(&self) -> Result<Form, LoadError> {
        let source = match self {
            FormRef::Builtin(name) => Source::new(*name, builtin_text(name).unwrap_or_default()),
            FormRef::File(path) => Source::read(path)?,
        };
        let mut form = parse(&source)?;
        if let FormRef::Builtin(name) = self {
            form.policy = Policy::builtin(name).unwrap_or_default();
            form.builtin = true;
        }
        Ok(form)
    }

    /// The form, read and compiled, shared: a built-in form is compiled once in a process and
    /// then handed out again, which matters when a batch lays out thousands of plans.
    pub fn get(&self) -> Result<Arc<Form>, LoadError> {
        static BUILTIN: [OnceLock<Arc<Form>>; BUILTIN_FORMS.len()] =
            [const { OnceLock::new() }; BUILTIN_FORMS.len()];
        let FormRef::Builtin(name) = self else {
            return self.load().map(Arc::new);
        };
        let Some(slot) = BUILTIN_FORMS.iter().position(|b| b == name) else {
            return self.load().map(Arc::new);
        };
        if let Some(form) = BUILTIN[slot].get() {
            return Ok(Arc::clone(form));
        }
        let form = Arc::new(self.load()?);
        Ok(Arc::clone(BUILTIN[slot].get_or_init(|| form)))
    }

    /// The validation policy the form carries: a built-in form's own, or a form file's
    /// `policy:` (the general policy where it has none).
    pub fn policy(&self) -> Result<Policy, Diagnostic> {
        match self {
            FormRef::Builtin(name) => Ok(Policy::builtin(name).unwrap_or_default()),
            FormRef::File(_) => self.load_checked().map(|form| form.policy.clone()),
        }
    }

    /// The shared form ([`FormRef::get`]), with a failure as a diagnostic about the form's name.
    pub fn load_checked(&self) -> Result<Arc<Form>, Diagnostic> {
        self.get().map_err(|error| {
            Diagnostic::error(
                Code::UnknownForm,
                format!("the form file cannot be used: {error}"),
            )
        })
    }

    /// The form `plan` names (the general form when it names none); a form path is taken from
    /// `folder`, the plan file's folder. A name that is no form is an error at the plan's
    /// `form:` line.
    pub fn of_plan(plan: &Plan, folder: &Path) -> Result<FormRef, Diagnostic> {
        let name = plan.form.as_deref().unwrap_or(DEFAULT_FORM);
        FormRef::parse(name, folder).map_err(|diagnostic| at_form_line(plan, diagnostic))
    }
}

/// Reads and compiles the form file in `source`; a mistake is an error at its line.
pub fn parse(source: &Source) -> Result<Form, LoadError> {
    let (spec, places) = parse_yaml::<FormSpec>(source, Kind::Form)?;
    let mut form = Form::new(spec, places, source.name.clone())?;
    form.folder = source.folder.clone();
    Ok(form)
}

/// True when `source` holds a school's form file rather than a plan, judged by its shape: the
/// `title` and `blocks` every form has, and neither the `pupil` nor the `goals` of a plan. A
/// folder of plans can then hold its school's form beside them.
pub fn is_form_file(source: &Source) -> bool {
    let places = crate::source::SourceMap::build(&source.text);
    let has = |key: &str| places.entry(&FieldPath::root().key(key)).is_some();
    has("title") && has("blocks") && !has("pupil") && !has("goals")
}

/// Everything wrong with the form file in `source`, at its lines: a mistake in its text or
/// shape, or in what it asks of a plan, found by laying out the sample plan (every field filled,
/// a goal in every area) on it.
pub fn check_form(source: &Source) -> crate::Report {
    let diagnostic = match parse(source) {
        Err(error) => error.diagnostic().cloned(),
        Ok(form) => sample_plan().and_then(|plan| {
            form.lay_out(&plan, Path::new("."))
                .err()
                .and_then(|error| error.diagnostic().cloned())
        }),
    };
    crate::Report {
        diagnostics: diagnostic.into_iter().collect(),
    }
}

/// The sample plan, `templates/sample.yaml`: every field filled, a goal in every area of need.
pub(crate) fn sample_plan() -> Option<Plan> {
    let text = include_str!("../../templates/sample.yaml");
    crate::load::parse(&Source::new("sample.yaml", text)).ok()
}

/// The text of the built-in form `name`, compiled into the binary so that it runs with no files
/// beside it: also the start of a school's own form (`iep form show`).
pub fn builtin_text(name: &str) -> Option<&'static str> {
    Some(match name {
        "general" => include_str!("../../templates/general.yaml"),
        "highland" => include_str!("../../templates/highland.yaml"),
        "durants" => include_str!("../../templates/durants.yaml"),
        "pupil" => include_str!("../../templates/pupil.yaml"),
        _ => return None,
    })
}

/// The policy of the form `plan` names (the general form's when it names none). An unusable
/// form is an error at the plan's `form:` line.
pub fn policy_for(plan: &Plan, folder: &Path) -> Result<Policy, Diagnostic> {
    FormRef::of_plan(plan, folder)?
        .policy()
        .map_err(|diagnostic| at_form_line(plan, diagnostic))
}

/// The form `plan` names, read and compiled; an unusable form is an error at its `form:` line.
pub fn form_for(plan: &Plan, folder: &Path) -> Result<Arc<Form>, Diagnostic> {
    FormRef::of_plan(plan, folder)?
        .load_checked()
        .map_err(|diagnostic| at_form_line(plan, diagnostic))
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_plan_reads_without_a_mistake() {
        // Starters and form checks lean on it; a mistake in it would quietly blank them.
        let text = include_str!("../../templates/sample.yaml");
        let read = crate::load::parse(&crate::Source::new("sample.yaml", text));
        assert!(read.is_ok(), "{:?}", read.err().map(|e| e.to_string()));
    }
}
