//! A new plan to fill in: every field of plan format v1 with a comment saying what it is for,
//! the required ones empty, the optional ones commented out. `iep new` prints it.

use crate::plan::Area;
use crate::policy::Policy;

/// The starter plan for `form` (a built-in name or a form file's path; `None` for the general
/// form), with a goal for each area of need the school's `policy` requires, or one goal.
pub fn starter(form: Option<&str>, policy: &Policy) -> String {
    let areas: Vec<&str> = if policy.required_areas.is_empty() {
        vec![""]
    } else {
        policy.required_areas.iter().map(|a| a.key()).collect()
    };
    let area_list = Area::ALL.map(Area::key).join(", ");
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.render_str(
        include_str!("../../templates/starter.yaml"),
        minijinja::context! {
            form,
            areas,
            area_list,
            max_targets => policy.max_targets,
            pupil_friendly => policy.pupil_friendly,
        },
    )
    // The template is ours and compiled in; a test renders it for every built-in form.
    .unwrap_or_default()
}
