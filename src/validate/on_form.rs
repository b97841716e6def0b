//! Nothing a plan holds vanishes from its printed form without a word: every field the plan fills
//! that its form never reads is named, at its line (`not-on-form`).

use std::collections::BTreeSet;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::plan::Plan;
use crate::policy::Policy;
use crate::source::FieldPath;

/// The `not-on-form` warnings for `plan` laid out on the form called `form` (`builtin` when it is
/// one of iep's own), which read the fields in `read`.
pub fn not_on_form(
    plan: &Plan,
    read: &BTreeSet<FieldPath>,
    form: &str,
    builtin: bool,
    policy: &Policy,
) -> Vec<Diagnostic> {
    let Some(severity) = policy.severity(Code::NotOnForm, Severity::Warning) else {
        return Vec::new();
    };
    let hint = if builtin {
        format!(
            "the {form} form has no place for it, as on the school's paper form: print the plan on the general form as well if it must be seen, or leave the field out"
        )
    } else {
        "print it in the form (an \"Also recorded\" section, say), or set `not-on-form: off` in the form's `policy.rules`".to_owned()
    };
    // What only the pupil-friendly page prints is no school form's to print; nor are the
    // settings of how the plan is printed, which are not among the fields it fills.
    let pupil_page = plan.pupil_page_fields();
    let filled: Vec<FieldPath> = plan
        .filled()
        .into_iter()
        .filter(|path| !pupil_page.contains(path))
        .collect();
    let unprinted: Vec<&FieldPath> = filled.iter().filter(|path| !read.contains(*path)).collect();
    whole_parts(&filled, &unprinted)
        .into_iter()
        .map(|path| {
            let message = format!("{} is not printed on the {form} form", path.describe());
            Diagnostic::new(severity, Code::NotOnForm, message)
                .with_hint(hint.clone())
                .at_place(plan.places.place(&path))
                .at_field(path)
        })
        .collect()
}

/// The unprinted fields, each part of the plan none of whose filled fields is printed said once
/// as that part (`views`, a previous target, `profile.strengths`) rather than field by field.
fn whole_parts(filled: &[FieldPath], unprinted: &[&FieldPath]) -> Vec<FieldPath> {
    let mut parts: Vec<FieldPath> = unprinted.iter().map(|path| (*path).clone()).collect();
    loop {
        let mut merged = false;
        let mut out: Vec<FieldPath> = Vec::new();
        for path in &parts {
            let parent = path.parent();
            let whole = !parent.segments().is_empty()
                && filled
                    .iter()
                    .filter(|f| f.segments().starts_with(parent.segments()))
                    .all(|f| parts.iter().any(|p| f.segments().starts_with(p.segments())));
            let next = if whole { parent } else { path.clone() };
            merged |= whole;
            if !out.contains(&next) {
                out.push(next);
            }
        }
        parts = out;
        if !merged {
            return parts;
        }
    }
}
