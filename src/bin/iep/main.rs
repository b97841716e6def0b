//! The `iep` command: a thin shell over the library. It turns flags into settings, runs the
//! library, paints what it returns, and decides the exit code.

mod check;
mod paint;
mod plans;
mod render;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// Check plans: SMART targets, dates, views, the school's own rules.
    #[command(after_help = "\
Examples:
  iep check examples/plans/highland.yaml
  iep check plans/                      every .yaml and .yml file below plans/
  iep check --format json plans/ > report.json

Exit status: 0 when no plan has errors (warnings allowed), 1 when any plan has errors
(or warnings, with --deny-warnings), 2 when a file cannot be read.")]
    Check {
        /// Plan files, or folders to search for *.yaml and *.yml files.
        #[arg(required = true)]
        plans: Vec<PathBuf>,
        /// Judge every plan by this form's rules (a built-in name or a form file) instead of
        /// the form each plan names.
        #[arg(long, value_name = "NAME|PATH")]
        form: Option<String>,
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors for the exit status.
        #[arg(long)]
        deny_warnings: bool,
        /// Also check the pupil's words for the pupil-friendly version.
        #[arg(long)]
        pupil_friendly: bool,
    },
    /// Lay plans out on their school's form and write the documents.
    #[command(after_help = "\
Examples:
  iep render examples/plans/highland.yaml --out out/     writes out/highland.pdf
  iep render plans/ --to pdf,docx --out out/
  iep render plans/ --form durants --out printed/
  iep render plans/ --pupil-friendly --out wall/        writes wall/NAME-pupil.pdf
  iep render plan.yaml --pupil-friendly --font opendyslexic

Plans with errors are not rendered: run `iep check` to see why.")]
    Render {
        /// Plan files, or folders to search for *.yaml and *.yml files.
        #[arg(required = true)]
        plans: Vec<PathBuf>,
        /// The formats to write, comma-separated: pdf, docx or pdf,docx.
        #[arg(long, value_enum, value_delimiter = ',', default_value = "pdf")]
        to: Vec<To>,
        /// Lay every plan out on this form (a built-in name or a form file) instead of the form
        /// each plan names.
        #[arg(long, value_name = "NAME|PATH")]
        form: Option<String>,
        /// The folder to write to (created if missing).
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// Write the pupil-friendly page for the classroom wall (NAME-pupil.pdf) instead of
        /// the school's form. The plan is still checked by its school's rules.
        #[arg(long)]
        pupil_friendly: bool,
        /// The typeface instead of the form's (or the pupil's own `font:`): liberation-sans,
        /// andika or opendyslexic.
        #[arg(long, value_parser = typeface, value_name = "FONT")]
        font: Option<iep::Typeface>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum To {
    /// PDF, for printing.
    Pdf,
    /// DOCX, to edit in Word or LibreOffice.
    Docx,
}

/// A typeface by its name: `liberation-sans`, `andika` or `opendyslexic`.
fn typeface(name: &str) -> Result<iep::Typeface, String> {
    iep::Typeface::from_key(name).ok_or_else(|| {
        let known: Vec<&str> = iep::Typeface::ALL.iter().map(|t| t.key()).collect();
        format!("use one of {}", known.join(", "))
    })
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// For people: the offending line of YAML, a caret and a hint.
    Human,
    /// For programs: one JSON document.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            plans,
            form,
            format,
            deny_warnings,
            pupil_friendly,
        } => check::run(&check::Settings {
            inputs: plans,
            form,
            json: matches!(format, Format::Json),
            deny_warnings,
            pupil_friendly,
        }),
        Command::Render {
            plans,
            to,
            form,
            out,
            pupil_friendly,
            font,
        } => render::run(&render::Settings {
            inputs: plans,
            form,
            out,
            to,
            pupil_friendly,
            typeface: font,
        }),
    }
}
