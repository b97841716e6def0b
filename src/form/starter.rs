//! A new plan to fill in, for a form: every field of plan format v1 with a comment saying what
//! it is for, the required ones empty, the optional ones commented out; a field the form does not
//! print is commented out with a word saying so. `iep new` prints it.

use std::path::Path;

use crate::form::Form;
use crate::plan::{Area, Pupil};
use crate::source::{FieldPath, Segment};

impl Form {
    /// The starter plan for this form, named `name` in the plan's `form:` (a built-in name or a form
    /// file's path; `None` for the general form), with a goal for each area of need the form's
    /// policy requires, or one goal.
    pub fn starter(&self, name: Option<&str>) -> String {
        self.starter_for(name, &Pupil::default())
    }

    /// [`Form::starter`], with the pupil's details filled in from `pupil` (a row of a class list).
    pub fn starter_for(&self, name: Option<&str>, pupil: &Pupil) -> String {
        let form = self;
        let scalar = |value: &Option<String>| value.as_deref().map(crate::cycle::yaml_scalar);
        let pupil = minijinja::context! {
            name => scalar(&pupil.name),
            known_as => scalar(&pupil.known_as),
            date_of_birth => pupil.date_of_birth.map(|d| d.iso()),
            year_group => scalar(&pupil.year_group),
            address => scalar(&pupil.address),
            postcode => scalar(&pupil.postcode),
        };
        let policy = form.policy();
        let areas: Vec<&str> = if policy.required_areas.is_empty() {
            vec![""]
        } else {
            policy.required_areas.iter().map(|a| a.key()).collect()
        };
        let area_list = Area::ALL.map(Area::key).join(", ");
        let printed = printed_fields(form);
        let prints = |field: &str| printed.iter().any(|known| known == field);
        let prints_any = |part: &str| {
            printed.iter().any(|known| {
                known
                    .strip_prefix(part)
                    .is_some_and(|rest| rest.starts_with('.'))
            })
        };
        let mut env = minijinja::Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        env.render_str(
            include_str!("../../templates/starter.yaml"),
            minijinja::context! {
                form => name,
                form_name => form.name(),
                pupil,
                areas,
                area_list,
                max_targets => policy.max_targets,
                pupil_friendly => policy.pupil_friendly,
                // The optional fields this form prints; the rest are left commented out.
                shows => minijinja::context! {
                    asn_level => prints("pupil.asn_level"),
                    responsible => prints("plan.responsible"),
                    coordinator => prints("plan.coordinator"),
                    review_details => prints("plan.review_details"),
                    previous_plan => prints("plan.previous_plan"),
                    profile => prints("profile.needs"),
                    about_me => prints("about_me.appreciate"),
                    goals => prints_any("goals.targets"),
                    previous_targets => prints("previous_targets.target"),
                    long_term => prints("goals.long_term"),
                    when => prints("goals.targets.when"),
                    resources => prints("goals.targets.resources"),
                    views => prints("views.pupil"),
                },
            },
        )
        // The template is ours and compiled in; a test renders it for every built-in form.
        .unwrap_or_default()
    }
}

/// The fields `form` prints, found by laying out the sample plan (every field filled) on it, as
/// dotted keys without list positions: `goals.targets.when`.
fn printed_fields(form: &Form) -> Vec<String> {
    let Some(plan) = super::sample_plan() else {
        return Vec::new();
    };
    let Ok(filled) = form.fill(&plan, Path::new(".")) else {
        return Vec::new();
    };
    filled.read.iter().map(keys).collect()
}

fn keys(path: &FieldPath) -> String {
    path.segments()
        .iter()
        .filter_map(|segment| match segment {
            Segment::Key(key) => Some(key.as_str()),
            Segment::Index(_) => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}
