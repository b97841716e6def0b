//! The `iep` command: a thin shell over the library. Each command is a file of `commands/`,
//! with its flags and a `run` that turns them into settings, runs the library, paints what it
//! returns and gives the exit status; a command that stops is said here, in one place.

mod class_list;
mod commands;
mod console;
mod guard;
mod paint;
mod plans;
mod write;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use commands::{
    check, completions, form, forms, history, new, next, provision, render, review, schema,
};

#[derive(Parser)]
#[command(
    name = "iep",
    version,
    about = "Individual Education Plans from YAML to printable documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Forms(forms::Args),
    #[command(subcommand)]
    Form(form::Args),
    New(new::Args),
    Review(review::Args),
    History(history::Args),
    Provision(provision::Args),
    Next(next::Args),
    Completions(completions::Args),
    Schema(schema::Args),
    Check(check::Args),
    Render(render::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    guard::install();
    let outcome = match cli.command {
        Command::Forms(args) => forms::run(args),
        Command::Form(args) => form::run(args),
        Command::New(args) => new::run(args),
        Command::Review(args) => review::run(args),
        Command::History(args) => history::run(args),
        Command::Provision(args) => provision::run(args),
        Command::Next(args) => next::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Check(args) => check::run(args),
        Command::Render(args) => render::run(args),
    };
    outcome.unwrap_or_else(commands::Failure::report)
}
