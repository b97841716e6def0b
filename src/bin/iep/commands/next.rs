//! `iep next`: the next plan, started from a reviewed one.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use super::Failure;
use crate::{console, paint};

/// Start the next plan from a reviewed one.
///
/// The pupil, the profiles and the previous targets with their outcomes are carried over;
/// the new targets are left to fill in.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  iep next plans/sam.yaml --created 2027-01-25 -o plans/sam-2027-01.yaml
  iep next plans/sam.yaml                     the same, to standard output

The plan's review must be recorded first: each target's `outcome:` (fully_achieved,
partially_achieved or not_achieved) and `review_comment:` unless fully achieved. The new plan
names this plan's date as `previous_plan`; targets not fully achieved are offered, commented
out, as starting points. An existing file is never overwritten.")]
pub struct Args {
    /// The reviewed plan.
    plan: PathBuf,
    /// The date of the new plan's planning meeting: the review date is then suggested by the
    /// school's review cycle.
    #[arg(long, value_name = "DATE", value_parser = super::date)]
    created: Option<iep::Date>,
    /// Write the new plan to this file (a new one) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let path = &args.plan;
    let source =
        iep::Source::read(path).map_err(|error| Failure::new(2, format!("iep: {error}\n")))?;
    let file = console::path(path);
    let refused = |diagnostics: &[iep::Diagnostic]| {
        let styled = paint::styled_stderr();
        let shown: String = diagnostics
            .iter()
            .map(|d| paint::diagnostic(&file, Some(&source), d, styled))
            .collect();
        Failure::new(
            1,
            format!("{shown}iep: no next plan written: {file} needs the changes above first\n"),
        )
    };
    // The plan must be sound, its review recorded with a comment where one is due.
    let mut plan = match iep::Plan::parse(&source) {
        Ok(plan) => plan,
        // Said as `iep check` says it, at its line.
        Err(error) => {
            return Err(match super::load_diagnostic(&error) {
                Some(diagnostic) => refused(std::slice::from_ref(diagnostic)),
                None => Failure::new(2, format!("iep: {error}\n")),
            });
        }
    };
    let report = iep::Print::default().check_plan(plan.clone(), &source);
    if report.has_errors() {
        return Err(refused(&report.errors().cloned().collect::<Vec<_>>()));
    }
    // The photo, a group plan and a group's members' plans are named relative to the plan: to
    // the new file's folder.
    // A file that is then out of the new file's folder is named as it is, and said: a plan's
    // files come from its folder or below, so `iep check` of the next plan will refuse it.
    let here = path.parent().unwrap_or(Path::new("."));
    let mut outside = Vec::new();
    if let Some(there) = args
        .output
        .as_deref()
        .map(|o| o.parent().unwrap_or(Path::new(".")))
    {
        let mut moved = |field: &'static str, p: PathBuf| {
            let moved = relative_to(here, &p, there);
            if moved.components().next() == Some(Component::ParentDir) {
                outside.push(field);
            }
            moved
        };
        plan.pupil.photo = plan.pupil.photo.map(|p| moved("pupil.photo", p));
        plan.group_plan = plan.group_plan.map(|p| moved("group_plan", p));
        for member in plan.group.iter_mut().flat_map(|g| g.members.iter_mut()) {
            member.plan = member.plan.take().map(|p| moved("group.members[].plan", p));
        }
    }
    // The review cycle of the plan's own form suggests the next review date.
    let form = iep::Form::of_plan(&plan, here).map_err(|e| refused(e.diagnostics()))?;
    let text = iep::Plan::next_plan(&plan, form.policy(), args.created)
        .map_err(|error| refused(error.diagnostics()))?;
    outside.dedup();
    for field in outside {
        console::eprint(&format!(
            "iep: warning: `{field}` names a file outside the next plan's folder, and a plan's \
             files are read only from its folder or below: write the next plan beside it, or \
             copy the file into the next plan's folder and name it there\n"
        ));
    }
    super::write_plan(
        &text,
        args.output.as_deref(),
        "fill in the new targets and dates",
    )
}

/// `file`, named relative to the folder `from`, named relative to the folder `to` instead; as
/// it was when it is absolute or either folder cannot be found.
fn relative_to(from: &Path, file: &Path, to: &Path) -> PathBuf {
    let folder = |p: &Path| {
        if p.as_os_str().is_empty() {
            Path::new(".").canonicalize()
        } else {
            p.canonicalize()
        }
    };
    let (Ok(from), Ok(to)) = (folder(from), folder(to)) else {
        return file.to_owned();
    };
    if file.is_absolute() || from == to {
        return file.to_owned();
    }
    let shared = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: PathBuf = to.components().skip(shared).map(|_| "..").collect();
    out.extend(from.components().skip(shared));
    out.join(file)
}
