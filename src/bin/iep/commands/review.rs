//! `iep review`: the review meeting's sheet for plans, rendered as `iep render` renders.

use std::process::ExitCode;

use super::{Documents, Failure, Out, Plans, chosen_form, clock_today, render};

/// Print the review meeting's sheet for plans.
///
/// Each target with its success criterion, room for the evidence, the outcomes to tick and
/// a comment; what the review considers; the views to seek; the next steps.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  iep review plans/sam.yaml --out review/           writes review/sam-review.pdf
  iep review plans/ --to pdf,docx --out review/
  iep review plans/sam.yaml --form our-review.yaml  a school's own review sheet

Outcomes and comments the plan already records are shown ticked and written in. Record the
meeting's outcomes on the plan's targets (`outcome:`, `review_comment:`), then `iep next`.")]
pub struct Args {
    #[command(flatten)]
    plans: Plans,
    #[command(flatten)]
    documents: Documents,
    /// A school's own review sheet (a form file; `iep form show review` prints the built-in
    /// one to start from).
    #[arg(long, value_name = "PATH")]
    form: Option<String>,
    #[command(flatten)]
    out: Out,
    /// Print nothing but failures and the summary.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let kind = iep::DocumentKind::Review(chosen_form(args.form.as_deref())?);
    render::render(&render::Settings {
        inputs: args.plans.plans,
        form: None,
        out: args.out.out,
        to: args.documents.to,
        kinds: vec![kind],
        typeface: None,
        quiet: args.quiet,
        jobs: None,
        font_dir: None,
        archive: false,
        today: clock_today(),
    })
}
