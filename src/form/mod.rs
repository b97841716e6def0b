//! Which form a plan is laid out on: a built-in one by name, or a school's own form file. For now
//! a form supplies its validation policy; its layout is read by the layout stage.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::layout::Form;
use crate::load::{LoadError, parse_yaml};
use crate::plan::Plan;
use crate::policy::Policy;
use crate::source::{FieldPath, Source};

pub mod spec;

use spec::FormSpec;

/// The names of the built-in forms.
pub const BUILTIN_FORMS: [&str; 3] = ["general", "highland", "durants"];

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
            FormRef::Builtin(name) => Source::new(*name, builtin_text(name)),
            FormRef::File(path) => Source::read(path)?,
        };
        let (spec, places) = parse_yaml::<FormSpec>(&source)?;
        Form::new(spec, places, source.name)
    }

    /// The validation policy the form carries: a built-in form's own, or a form file's
    /// `policy:` (the general policy where it has none).
    pub fn policy(&self) -> Result<Policy, Diagnostic> {
        match self {
            FormRef::Builtin(name) => Ok(Policy::builtin(name).unwrap_or_default()),
            FormRef::File(_) => match self.load() {
                Ok(form) => Ok(form.spec.policy.clone().unwrap_or_default()),
                Err(error) => Err(Diagnostic::error(
                    Code::UnknownForm,
                    format!("the form file cannot be used: {error}"),
                )),
            },
        }
    }
}

/// The text of a built-in form, compiled into the binary so that it runs with no files beside it.
fn builtin_text(name: &str) -> &'static str {
    match name {
        "highland" => include_str!("../../templates/highland.yaml"),
        "durants" => include_str!("../../templates/durants.yaml"),
        _ => include_str!("../../templates/general.yaml"),
    }
}

/// The policy of the form `plan` names (the general form's when it names none). A form path in
/// the plan is taken from `folder`, the plan file's folder. An unusable form is an error at the
/// plan's `form:` line.
pub fn policy_for(plan: &Plan, folder: &Path) -> Result<Policy, Diagnostic> {
    let Some(name) = &plan.form else {
        return Ok(Policy::general());
    };
    FormRef::parse(name, folder)
        .and_then(|form| form.policy())
        .map_err(|diagnostic| {
            let field = FieldPath::root().key("form");
            diagnostic
                .at_place(plan.places.place(&field))
                .at_field(field)
        })
}
