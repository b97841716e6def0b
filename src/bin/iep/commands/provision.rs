//! `iep provision`: the school's provision map over a folder of plans (and group plans), as a
//! spreadsheet to sort and edit (XLSX, CSV) or pages to print (PDF, DOCX).
//!
//! The plans are read one at a time, each dropped once its provision is on the map, so an
//! authority's plans take the memory of their provisions alone. Each format is made on its
//! own: one that cannot be made (a PDF past its page limit) is said, and the others are still
//! written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use iep::provision::Costs;
use iep::render::PdfRenderer;

use super::{Failure, Out, Plans, To};
use crate::write::Output;
use crate::{console, paint, plans};

/// Write the school's provision map from a folder of plans.
///
/// One row per provision (the same strategy, staff, setting, sessions and minutes merged
/// across pupils), with staff hours and costs, and totals per staff role, area of need and
/// year group.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  iep provision plans/ --to xlsx,pdf --out map/ --costs school-costs.yaml
  iep provision plans/ --to csv --initials --out governors/

A target's provision is its `sessions_per_week`, `minutes`, `group_size`, `staff` and
`setting`, or else what its `when` says (\"3 x 20 minutes a week\", \"daily, 15 minutes\");
a target whose `when` cannot be read is a warning at its line, never a guess. The costs file:
  weeks_per_year: 39
  hourly_cost:
    teaching assistant: 14.50
    class teacher: 38.00")]
pub struct Args {
    #[command(flatten)]
    plans: Plans,
    /// The formats to write, comma-separated: xlsx, csv, pdf, docx.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "xlsx")]
    to: Vec<MapFormat>,
    #[command(flatten)]
    out: Out,
    /// Pupils by their initials, for a map shared with governors.
    #[arg(long)]
    initials: bool,
    /// The school's costs: weeks in the school year and the hourly cost of each staff role.
    #[arg(long, value_name = "FILE")]
    costs: Option<PathBuf>,
}

/// The formats of the provision map.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MapFormat {
    /// A spreadsheet with formulas, filters and frozen headers.
    Xlsx,
    /// Comma-separated values.
    Csv,
    /// PDF, landscape pages.
    Pdf,
    /// DOCX, landscape pages.
    Docx,
}

/// The school's costs file: `weeks_per_year` and `hourly_cost` by staff role, every figure
/// checked at its line.
fn read_costs(path: &Path) -> Result<Costs, String> {
    let source = iep::Source::read(path).map_err(|e| e.to_string())?;
    Costs::parse(&source).map_err(|error| match super::load_diagnostic(&error) {
        Some(diagnostic) => paint::diagnostic(
            &console::path(path),
            Some(&source),
            diagnostic,
            paint::styled_stderr(),
        ),
        None => format!("iep: {error}\n"),
    })
}

pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let costs = match &args.costs {
        Some(path) => match read_costs(path) {
            Ok(costs) => costs,
            Err(error) => {
                return Err(Failure::new(
                    2,
                    format!(
                        "{error}iep: no provision map written: the costs file needs the change above\n"
                    ),
                ));
            }
        },
        None => Costs::default(),
    };
    let mut stream = plans::Stream::new(&args.plans.plans, "provision map");
    let mut map = iep::provision::Map::new();
    let styled = paint::styled_stderr();
    let (mut unread, mut date) = (0, None);
    // The schools of the plans, whatever their case and spacing, each by its first spelling.
    let mut schools: BTreeMap<String, String> = BTreeMap::new();
    for (found, source, plan) in stream.by_ref() {
        let not_read = map.add(&plan);
        unread += not_read.len();
        let warnings: String = not_read
            .iter()
            .map(|d| paint::diagnostic(&console::path(&found.path), Some(&source), d, styled))
            .collect();
        console::eprint(&warnings);
        date = date.max(plan.plan.created);
        let school = plan.school().trim();
        if !school.is_empty() {
            let words: Vec<&str> = school.split_whitespace().collect();
            schools
                .entry(words.join(" ").to_lowercase())
                .or_insert_with(|| school.to_owned());
        }
    }
    let plans = map.plans();
    if plans == 0 {
        return Err(Failure::new(
            2,
            "iep: no plans found: give .yaml or .yml files, or folders holding them\n",
        ));
    }
    let mut failed = stream.failed;
    // A map of several schools' plans is headed by how many, never by one of them.
    let school = match schools.len() {
        0 => "the school".to_owned(),
        1 => schools.into_values().next().unwrap_or_default(),
        count => format!("{count} schools"),
    };
    let provisions = map.provisions();
    let several = provisions
        .iter()
        .filter(|p| costs.names_several_roles(&p.staff))
        .count();
    if several > 0 {
        console::eprint(&format!(
            "iep: warning: the staff of {several} provision{} name{} more than one role of the costs file, so {} cost is left blank: give each target the one role that costs its time (`staff:`)\n",
            if several == 1 { "" } else { "s" },
            if several == 1 { "s" } else { "" },
            if several == 1 { "its" } else { "their" },
        ));
    }
    let mut documents = Vec::new();
    for to in &args.to {
        let (made, extension) = match to {
            MapFormat::Csv => (
                Ok(iep::provision::Provision::csv(
                    &provisions,
                    &costs,
                    args.initials,
                )),
                "csv",
            ),
            MapFormat::Xlsx => {
                let ymd = date.map(|d| {
                    let (y, m, d) = d.ymd();
                    (u16::try_from(y).unwrap_or(2000), m as u8, d as u8)
                });
                let made = iep::provision::Provision::xlsx(&provisions, &costs, args.initials, ymd)
                    .map(|sheet| {
                        if sheet.cut_cells > 0 {
                            console::eprint(&format!(
                                "iep: warning: {} cell{} of provision-map.xlsx held more than a spreadsheet cell can ({} characters): each is cut where it says so, the pupils sheet lists every pupil, and the CSV has every cell whole\n",
                                sheet.cut_cells,
                                if sheet.cut_cells == 1 { "" } else { "s" },
                                iep::provision::Spreadsheet::MAX_CELL_CHARS,
                            ));
                        }
                        sheet.bytes
                    })
                    .map_err(|e| console::chain(&e));
                (made, "xlsx")
            }
            MapFormat::Pdf | MapFormat::Docx => {
                let to = if *to == MapFormat::Pdf {
                    To::Pdf
                } else {
                    To::Docx
                };
                let hint = "  hint: the XLSX and CSV hold a map of any length; print a map per school or class (`iep provision FOLDER`)";
                let made = match iep::provision::Provision::document(
                    &provisions,
                    &costs,
                    args.initials,
                    &school,
                    date,
                ) {
                    Ok(document) => to.render(&document, &PdfRenderer::new()).map_err(|e| {
                        if e.diagnostics()[0].code == iep::Code::TooManyPages {
                            format!("{e}\n{hint}")
                        } else {
                            e.to_string()
                        }
                    }),
                    Err(too_long) => Err(format!("{too_long}\n{hint}")),
                };
                let extension = to.extension();
                (made, extension)
            }
        };
        match made {
            Ok(bytes) => {
                documents.push((PathBuf::from(format!("provision-map.{extension}")), bytes))
            }
            Err(error) => {
                console::eprint(&format!(
                    "iep: provision-map.{extension} was not written: {error}\n"
                ));
                failed = true;
            }
        }
    }
    let listing = match Output::new(&args.out.out).write_all(&documents) {
        Ok(files) => files
            .iter()
            .map(|file| format!("wrote {}\n", console::path(file)))
            .collect::<String>(),
        Err(error) => return Err(Failure::new(2, format!("iep: {error}\n"))),
    };
    let summary = format!(
        "{} provisions from {plans} plans; {unread} not read, so not on the map (see the warnings)\n",
        provisions.len(),
    );
    let status = if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    super::print(&(listing + &summary), status)
}
