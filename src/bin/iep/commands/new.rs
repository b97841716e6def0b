//! `iep new`: a new plan to fill in, or one for each pupil of a class list.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use super::{Failure, named_form};
use crate::{console, write};

/// Print a new plan to fill in, every field explained in a comment.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  iep new -o plans/sam.yaml                          a plan on the general form
  iep new --form highland -o plans/eilidh.yaml
  iep new --form our-school.yaml -o plans/sam.yaml   a school's own form file
  iep new > plans/sam.yaml                           the same, to standard output

Fill in the empty fields, then `iep check plans/sam.yaml` says what is still missing. With -o
the file is written as UTF-8 whatever the shell does (PowerShell's `>` writes UTF-16), and an
existing file is never overwritten.")]
pub struct Args {
    /// The form the plan is for: a built-in name or a form file.
    #[arg(long, value_name = "NAME|PATH")]
    form: Option<String>,
    /// Write the plan to this file (a new one) instead of standard output.
    #[arg(long, short, value_name = "FILE", conflicts_with = "from")]
    output: Option<PathBuf>,
    /// A class list exported from the school's information system as CSV: one plan for
    /// each pupil, their details filled in, written into --out.
    #[arg(long, value_name = "CLASS.csv", requires = "out")]
    from: Option<PathBuf>,
    /// The folder the plans of --from are written to (created if missing).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// A column of the class list for a field, when its header is not one iep knows:
    /// `--column date_of_birth=DOB (dd/mm/yyyy)`. Fields: name, forename, surname,
    /// known_as, date_of_birth, year_group, address, postcode.
    #[arg(long, value_name = "FIELD=HEADER")]
    column: Vec<String>,
}

pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let form = args.form.as_deref();
    if let (Some(class_list), Some(out)) = (&args.from, &args.out) {
        return from_class_list(form, class_list, out, &args.column);
    }
    if form == Some(iep::FormRef::GROUP) {
        return Err(Failure::new(
            2,
            "iep: a group plan has `group:` (its name, members and provision) in place of `pupil:`; \
             see \"Group plans\" in the README\n",
        ));
    }
    if form == Some(iep::FormRef::PUPIL) || form == Some(iep::FormRef::REVIEW) {
        return Err(Failure::new(
            2,
            "iep: the pupil-friendly page and the review sheet are printed from any plan \
             (`iep render --pupil-friendly`, `iep review`); start the plan on the school's form\n",
        ));
    }
    let school = school_form(form)?;
    let starter = school.starter(form);
    super::write_plan(&starter, args.output.as_deref(), "fill it in")
}

/// The form a new plan is started on: the one named, or else the general form.
fn school_form(form: Option<&str>) -> Result<Arc<iep::Form>, Failure> {
    named_form(form.unwrap_or(iep::FormRef::DEFAULT))
}

/// One starter plan for each pupil of a class list, named after the pupil, never over an
/// existing file; rows that cannot be read are said with their line.
fn from_class_list(
    form: Option<&str>,
    class_list: &Path,
    out: &Path,
    columns: &[String],
) -> Result<ExitCode, Failure> {
    let school = school_form(form)?;
    let mut chosen = Vec::new();
    for column in columns {
        let (field, header) = column.split_once('=').ok_or_else(|| {
            Failure::new(
                2,
                format!(
                    "iep: --column {column}: write it as FIELD=HEADER, such as date_of_birth=DOB\n"
                ),
            )
        })?;
        chosen.push((field.trim().to_owned(), header.trim().to_owned()));
    }
    let file = console::path(class_list);
    let refused =
        |why: String, hint: &str| Failure::new(2, format!("iep: {file}: {why}\n  hint: {hint}\n"));
    let bytes = crate::class_list::read_file(class_list).map_err(|why| {
        refused(
            why,
            "give the CSV file the school's information system exported",
        )
    })?;
    let rows = crate::class_list::read(&bytes, &chosen).map_err(|error| {
        use crate::class_list::ClassListError;
        let hint = match error {
            ClassListError::TooManyRows => {
                "export one year group or class at a time, as the plans are started"
            }
            ClassListError::NotUtf8 => {
                "export it again as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8), or save it as UTF-8 in LibreOffice"
            }
            _ => "name the column with --column, such as --column name=\"Pupil Name\"",
        };
        refused(error.to_string(), hint)
    })?;
    std::fs::create_dir_all(out).map_err(|error| {
        Failure::new(
            2,
            format!("iep: cannot make {}: {error}\n", console::path(out)),
        )
    })?;
    let mut status = ExitCode::SUCCESS;
    let mut written = 0;
    for row in rows {
        let (line, pupil) = match row {
            Ok(row) => row,
            Err(error) => {
                console::eprint(&format!("iep: {file}: {error}; no plan written for it\n"));
                status = ExitCode::from(1);
                continue;
            }
        };
        let starter = school.starter_for(form, &pupil);
        let name = write::file_name(pupil.name.as_deref().unwrap_or_default());
        let path = out.join(format!("{name}.yaml"));
        match write::new_file(&path, starter.as_bytes()) {
            Ok(()) => {
                written += 1;
                console::eprint(&format!("wrote {}\n", console::path(&path)));
            }
            Err(error) => {
                console::eprint(&format!("iep: {file}: line {line}: {error}\n"));
                status = ExitCode::from(1);
            }
        }
    }
    console::eprint(&format!(
        "{written} plans started: fill them in, then `iep check {}`\n",
        console::path(out)
    ));
    Ok(status)
}
