//! `iep schema`: the JSON Schema of the plan format.

use std::process::ExitCode;

use super::Failure;

/// Print the JSON Schema of the plan format, for editors that complete and check YAML.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  iep schema > plans/iep-plan.schema.json

A plan whose first line is `# yaml-language-server: $schema=iep-plan.schema.json` (as `iep new`
writes) is then completed and checked as it is typed in editors with the YAML language server
(VS Code with the YAML extension, Neovim, Helix...).")]
pub struct Args {}

pub fn run(_: Args) -> Result<ExitCode, Failure> {
    super::print(&iep::Plan::json_schema(), ExitCode::SUCCESS)
}
