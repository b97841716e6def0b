//! `iep completions SHELL`: a script that completes iep's commands and flags.

use std::process::ExitCode;

use clap::CommandFactory;

use super::Failure;

/// Print a script that completes iep's commands and flags in a shell.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  iep completions bash > ~/.local/share/bash-completion/completions/iep
  iep completions zsh > ~/.zfunc/_iep
  iep completions fish > ~/.config/fish/completions/iep.fish
  iep completions powershell >> $PROFILE")]
pub struct Args {
    /// The shell: bash, zsh, fish, powershell or elvish.
    shell: clap_complete::Shell,
}

pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut crate::Cli::command(), "iep", &mut script);
    super::print(&String::from_utf8_lossy(&script), ExitCode::SUCCESS)
}
