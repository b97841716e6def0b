//! `iep forms`: the built-in forms and the rules each checks plans by.

use std::process::ExitCode;

use super::Failure;

/// List the built-in forms and the rules each checks plans by.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  iep forms
  iep form show highland > our-school.yaml   a form file to start a school's own from
  iep new --form durants -o plans/new-pupil.yaml")]
pub struct Args {}

pub fn run(_: Args) -> Result<ExitCode, Failure> {
    let mut text = String::new();
    for name in iep::FormRef::BUILT_IN {
        let form = iep::FormRef::Builtin(name)
            .get()
            .map_err(|error| Failure::new(1, format!("iep: {error}\n")))?;
        text += &format!("{name}\n  {}\n", form.description());
        if name != iep::FormRef::PUPIL && name != iep::FormRef::REVIEW {
            for line in form.policy().summary() {
                text += &format!("  - {line}\n");
            }
        }
        text += "\n";
    }
    text += "A school's own form is a file: `iep form show general > our-school.yaml` gives one to \
             start from. `iep new --form NAME` starts a plan.\n";
    super::print(&text, ExitCode::SUCCESS)
}
