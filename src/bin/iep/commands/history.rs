//! `iep history`: each pupil's plans followed across the IEP cycle, as a document (PDF, DOCX) or
//! JSON for programs.
//!
//! Each pupil gets files of their own: two pupils of the same name (told apart by their dates
//! of birth) get the date in their files' names, never one file over the other. One pupil whose
//! document cannot be made is said, and the others are still written and listed.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

use iep::render::PdfRenderer;

use super::{Documents, Failure, Format, InFormats, Out, Plans, render_each};
use crate::write::Output;
use crate::{console, plans};

/// Follow each pupil across their plans.
///
/// Each plan's targets by area with their outcomes, how many were achieved at each review,
/// the targets set more than once, and the approaches that worked.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  iep history plans/eilidh/ --out history/        writes history/eilidh-macleod-history.pdf
  iep history plans/ --to pdf,docx --out history/  one history for each pupil found
  iep history plans/eilidh/ --format json

Plans are matched to a pupil by name and date of birth, and put in the order they were drawn
up. A target's outcome is the one its review recorded, or else the one the next plan's
previous targets give.")]
pub struct Args {
    #[command(flatten)]
    plans: Plans,
    #[command(flatten)]
    documents: Documents,
    #[command(flatten)]
    out: Out,
    /// `json` prints the histories for programs instead of writing documents.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let mut stream = plans::Stream::new(&args.plans.plans, "history");
    let mut count = 0;
    // Each plan is read, taken into the histories and dropped.
    let histories = iep::History::of(stream.by_ref().map(|(_, _, plan)| {
        count += 1;
        plan
    }));
    if count == 0 {
        return Err(Failure::new(
            2,
            "iep: no plans found: give .yaml or .yml files, or folders holding them\n",
        ));
    }
    let mut failed = stream.failed;
    if matches!(args.format, Format::Json) {
        let json = serde_json::to_string_pretty(&histories).unwrap_or_default();
        let status = if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
        return super::print(&(json + "\n"), status);
    }
    let output = Output::new(&args.out.out);
    crate::write::remove_partial_files_on_signal();
    let names = file_names(&histories);
    let pdf = PdfRenderer::new();
    let mut listing = String::new();
    let mut written = 0;
    for (history, name) in histories.iter().zip(&names) {
        let document = match history.document() {
            Ok(document) => document,
            Err(error) => {
                console::eprint(&format!(
                    "iep: {} was not written: {error}\n",
                    console::path(&args.out.out.join(format!("{name}-history")))
                ));
                failed = true;
                continue;
            }
        };
        let InFormats {
            rendered: documents,
            refused,
        } = render_each(&document, &args.documents.to, &pdf, |extension| {
            PathBuf::from(format!("{name}-history.{extension}"))
        });
        for (file, error) in refused {
            console::eprint(&format!(
                "iep: {} was not written: {error}\n",
                console::path(&args.out.out.join(&file))
            ));
            failed = true;
        }
        match output.write_all(&documents) {
            Ok(files) => {
                written += usize::from(!files.is_empty());
                for file in files {
                    listing += &format!("wrote {}\n", console::path(&file));
                }
            }
            Err(error) => {
                console::eprint(&format!("iep: {error}\n"));
                failed = true;
            }
        }
    }
    let plural =
        |n: usize, one: &str, more: &str| format!("{n} {}", if n == 1 { one } else { more });
    let summary = format!(
        "{} of {}; {} written{}\n",
        plural(count, "plan", "plans"),
        plural(histories.len(), "pupil", "pupils"),
        plural(written, "history", "histories"),
        match histories.len() - written {
            0 => String::new(),
            n => format!(", {n} not"),
        }
    );
    let status = if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    super::print(&(listing + &summary), status)
}

/// Each history's file name, without extension: the pupil's name; for pupils who share a name,
/// with their date of birth too; and, should two still share one (no date of birth, or names
/// alike up to the length a file name keeps), a number.
fn file_names(histories: &[iep::History]) -> Vec<String> {
    let plain: Vec<String> = histories
        .iter()
        .map(|h| crate::write::file_name(&h.pupil))
        .collect();
    let mut shared: HashMap<&str, usize> = HashMap::new();
    for name in &plain {
        *shared.entry(name).or_default() += 1;
    }
    let dated: Vec<String> = histories
        .iter()
        .zip(&plain)
        .map(
            |(history, name)| match (shared[name.as_str()], history.date_of_birth) {
                (1, _) => name.clone(),
                (_, Some(born)) => format!("{name}-{}", born.iso()),
                (_, None) => format!("{name}-no-date-of-birth"),
            },
        )
        .collect();
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for name in &dated {
        *uses.entry(name).or_default() += 1;
    }
    // Names no other pupil has are kept; the rest are numbered, around those.
    let mut taken: HashSet<String> = dated
        .iter()
        .filter(|name| uses[name.as_str()] == 1)
        .cloned()
        .collect();
    dated
        .iter()
        .map(|name| {
            if uses[name.as_str()] == 1 {
                return name.clone();
            }
            let mut candidate = name.clone();
            let mut n = 1;
            while !taken.insert(candidate.clone()) {
                n += 1;
                candidate = format!("{name}-{n}");
            }
            candidate
        })
        .collect()
}
