//! `iep form show NAME`: a built-in form file, to start a school's own from.

use std::process::ExitCode;

use super::Failure;
use crate::console;

/// Work with form files: `iep form show NAME` prints a built-in form.
#[derive(clap::Subcommand)]
pub enum Args {
    /// Print a built-in form file, to start a school's own form from.
    #[command(after_help = "\
Examples:
  iep form show general > our-school.yaml
  iep form show durants

Change the copy (labels, columns, rules under `policy:`), then check it with `iep check
our-school.yaml` and use it with `form: our-school.yaml` in a plan or `--form our-school.yaml`.")]
    Show {
        /// A built-in form: general, highland, durants, sen-support, one-page-profile, passport,
        /// pupil, review or group.
        name: String,
    },
}

pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let Args::Show { name } = args;
    let text = iep::Form::builtin_text(&name).ok_or_else(|| {
        Failure::new(
            2,
            format!(
                "iep: there is no built-in form called `{}`: the built-in forms are {}\n",
                console::escaped(&name),
                iep::FormRef::BUILT_IN.join(", ")
            ),
        )
    })?;
    super::print(text, ExitCode::SUCCESS)
}
