//! The plans a plan names: a member's group plan (`group_plan:`), and a group plan's members'
//! own plans (`group.members[].plan`). Each is read from the naming plan's folder or below, never
//! from anywhere else, and a message about one says where it stopped (its line and the kind of
//! fault) but never what the other file holds: any file may be named, and its keys and text are
//! not this plan's to show.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::files::Files;
use crate::plan::Plan;
use crate::source::FieldPath;

/// The group plan `plan` names (`group_plan:`), read from `folder` (the plan file's) or below:
/// its targets are printed on the member's plan as the group's. One that cannot be read, that
/// does not load or that is not a group plan is an error at the plan's `group_plan:` line.
pub(crate) fn group_plan(
    files: &dyn Files,
    plan: &Plan,
    folder: &Path,
) -> Result<Option<Plan>, Box<Diagnostic>> {
    let Some(path) = &plan.group_plan else {
        return Ok(None);
    };
    let field = FieldPath::root().key("group_plan");
    let refused = |why: String| {
        Box::new(
            Diagnostic::error(Code::InvalidValue, format!("`group_plan`: {why}"))
                .with_hint("give the path of the group plan file (one with `group:`), relative to this plan, in its folder or below")
                .at_place(plan.place(&field))
                .at_field(field.clone()),
        )
    };
    match linked(files, folder, path, "group plan") {
        Ok(group) if group.group.is_some() => Ok(Some(group)),
        Ok(_) => Err(refused(
            "the file is a pupil's plan, not a group plan (it has no `group:`)".into(),
        )),
        Err(why) => Err(refused(why)),
    }
}

/// The faults of the members' own plans a group plan names (`group.members[].plan`), each at its
/// line: a path out of the group plan's `folder`, a file that cannot be read or does not load,
/// or a group plan where a pupil's own plan belongs.
pub(crate) fn member_plans(files: &dyn Files, plan: &Plan, folder: &Path) -> Vec<Diagnostic> {
    let Some(group) = &plan.group else {
        return Vec::new();
    };
    let mut faults = Vec::new();
    for (i, member) in group.members.iter().enumerate() {
        let Some(path) = &member.plan else {
            continue;
        };
        let field = FieldPath::root()
            .key("group")
            .key("members")
            .index(i)
            .key("plan");
        let why = match linked(files, folder, path, "member's plan") {
            Ok(own) if own.group.is_none() => continue,
            Ok(_) => "the file is a group plan, not the pupil's own plan".to_owned(),
            Err(why) => why,
        };
        faults.push(
            Diagnostic::error(Code::InvalidValue, format!("{}: {why}", field.describe()))
                .with_hint("give the path of the pupil's own plan, relative to this group plan, in its folder or below; or leave `plan:` out")
                .at_place(plan.place(&field))
                .at_field(field),
        );
    }
    faults
}

/// The plan at `path`, relative to `folder`, loaded; `what` names it in messages, which quote
/// nothing from either file.
fn linked(files: &dyn Files, folder: &Path, path: &Path, what: &str) -> Result<Plan, String> {
    let file = files
        .in_folder(folder, path)
        .map_err(|why| format!("the {what} cannot be read: {why}"))?;
    super::load_from(files, &file).map_err(|error| match error.diagnostic() {
        // Its place and the kind of fault, never its message: that may quote a key of a file
        // that is no plan at all.
        Some(diagnostic) => format!(
            "the {what} does not load: error[{}] at its line {}",
            diagnostic.code.as_str(),
            diagnostic.place.map_or(0, |p| p.line)
        ),
        None => format!("the {what} cannot be read"),
    })
}
