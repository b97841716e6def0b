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
use iep::provision::Settings as Costs;
use iep::render::{DocxRenderer, PdfRenderer, RenderError, Renderer};

use crate::write::Output;
use crate::{console, paint, plans};

/// The formats of the provision map.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sheet {
    /// A spreadsheet with formulas, filters and frozen headers.
    Xlsx,
    /// Comma-separated values.
    Csv,
    /// PDF, landscape pages.
    Pdf,
    /// DOCX, landscape pages.
    Docx,
}

pub struct Settings {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub to: Vec<Sheet>,
    pub initials: bool,
    pub costs: Option<PathBuf>,
}

/// The school's costs file: `weeks_per_year` and `hourly_cost` by staff role, every figure
/// checked at its line.
fn read_costs(path: &Path) -> Result<Costs, String> {
    let source = iep::Source::read(path).map_err(|e| e.to_string())?;
    Costs::parse(&source).map_err(|error| match &error {
        iep::LoadError::Invalid { diagnostic, .. } => paint::diagnostic(
            &console::path(path),
            Some(&source),
            diagnostic,
            paint::styled_stderr(),
        ),
        _ => format!("iep: {error}\n"),
    })
}

pub fn run(settings: &Settings) -> ExitCode {
    let costs = match &settings.costs {
        Some(path) => match read_costs(path) {
            Ok(costs) => costs,
            Err(error) => {
                console::eprint(&format!(
                    "{error}iep: no provision map written: the costs file needs the change above\n"
                ));
                return ExitCode::from(2);
            }
        },
        None => Costs::default(),
    };
    let mut stream = plans::Stream::new(&settings.inputs, "provision map");
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
        console::eprint("iep: no plans found: give .yaml or .yml files, or folders holding them\n");
        return ExitCode::from(2);
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
    for to in &settings.to {
        let (made, extension) = match to {
            Sheet::Csv => (
                Ok(iep::provision::csv(&provisions, &costs, settings.initials)),
                "csv",
            ),
            Sheet::Xlsx => {
                let ymd = date.map(|d| {
                    let (y, m, d) = d.ymd();
                    (u16::try_from(y).unwrap_or(2000), m as u8, d as u8)
                });
                let made = iep::provision::xlsx(&provisions, &costs, settings.initials, ymd)
                    .map(|sheet| {
                        if sheet.cut_cells > 0 {
                            console::eprint(&format!(
                                "iep: warning: {} cell{} of provision-map.xlsx held more than a spreadsheet cell can ({} characters): each is cut where it says so, the pupils sheet lists every pupil, and the CSV has every cell whole\n",
                                sheet.cut_cells,
                                if sheet.cut_cells == 1 { "" } else { "s" },
                                iep::provision::MAX_CELL_CHARS,
                            ));
                        }
                        sheet.bytes
                    })
                    .map_err(|e| e.to_string());
                (made, "xlsx")
            }
            Sheet::Pdf | Sheet::Docx => {
                let renderer: &dyn Renderer = if *to == Sheet::Pdf {
                    &PdfRenderer::new()
                } else {
                    &DocxRenderer
                };
                let hint = "  hint: the XLSX and CSV hold a map of any length; print a map per school or class (`iep provision FOLDER`)";
                let made = match iep::provision::document(
                    &provisions,
                    &costs,
                    settings.initials,
                    &school,
                    date,
                ) {
                    Ok(document) => renderer.render(&document).map_err(|e| match e {
                        RenderError::RunsAway { .. } => format!("{e}\n{hint}"),
                        e => e.to_string(),
                    }),
                    Err(too_long) => Err(format!("{too_long}\n{hint}")),
                };
                (made, renderer.extension())
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
    let listing = match Output::new(&settings.out).write_all(&documents) {
        Ok(files) => files
            .iter()
            .map(|file| format!("wrote {}\n", console::path(file)))
            .collect::<String>(),
        Err(error) => {
            console::eprint(&format!("iep: {error}\n"));
            return ExitCode::from(2);
        }
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
    console::finish(console::print(&(listing + &summary)), status)
}
