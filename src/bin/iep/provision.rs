//! `iep provision`: the school's provision map over a folder of plans (and group plans), as a
//! spreadsheet to sort and edit (XLSX, CSV) or pages to print (PDF, DOCX).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use iep::provision::Settings as Costs;
use iep::render::{DocxRenderer, PdfRenderer, Renderer};

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

/// The school's costs file: `weeks_per_year` and `hourly_cost` by staff role.
fn read_costs(path: &Path) -> Result<Costs, String> {
    let source = iep::Source::read(path).map_err(|e| e.to_string())?;
    serde_saphyr::from_str(&source.text).map_err(|e| {
        format!(
            "{}: not a settings file of `weeks_per_year` and `hourly_cost`: {e}",
            console::path(path)
        )
    })
}

pub fn run(settings: &Settings) -> ExitCode {
    let costs = match &settings.costs {
        Some(path) => match read_costs(path) {
            Ok(costs) => costs,
            Err(error) => {
                console::eprint(&format!("iep: {error}\n"));
                return ExitCode::from(2);
            }
        },
        None => Costs::default(),
    };
    let (loaded, failed) = plans::load_all(&settings.inputs, "provision map");
    if loaded.is_empty() {
        console::eprint("iep: no plans found: give .yaml or .yml files, or folders holding them\n");
        return ExitCode::from(2);
    }
    // The plans stay beside their files and texts, for the warnings' lines.
    let plans: Vec<&iep::Plan> = loaded.iter().map(|(_, _, plan)| plan).collect();
    let (provisions, unread) = iep::provision::map(plans.iter().copied());
    let styled = paint::styled_stderr();
    let warnings: String = unread
        .iter()
        .map(|(i, diagnostic)| {
            let (found, source, _) = &loaded[*i];
            paint::diagnostic(
                &console::path(&found.path),
                Some(source),
                diagnostic,
                styled,
            )
        })
        .collect();
    console::eprint(&warnings);
    let date = plans.iter().filter_map(|p| p.plan.created).max();
    let school = plans
        .iter()
        .map(|p| p.school())
        .find(|s| !s.is_empty())
        .unwrap_or("the school");
    let mut documents = Vec::new();
    for to in &settings.to {
        let (bytes, extension) = match to {
            Sheet::Csv => (
                Ok(iep::provision::csv(&provisions, &costs, settings.initials)),
                "csv",
            ),
            Sheet::Xlsx => (
                iep::provision::xlsx(
                    &provisions,
                    &costs,
                    settings.initials,
                    date.map(|d| {
                        let (y, m, d) = d.ymd();
                        (u16::try_from(y).unwrap_or(2000), m as u8, d as u8)
                    }),
                )
                .map_err(|e| e.to_string()),
                "xlsx",
            ),
            Sheet::Pdf | Sheet::Docx => {
                let document =
                    iep::provision::document(&provisions, &costs, settings.initials, school, date);
                let renderer: &dyn Renderer = if *to == Sheet::Pdf {
                    &PdfRenderer::new()
                } else {
                    &DocxRenderer
                };
                (
                    renderer.render(&document).map_err(|e| e.to_string()),
                    renderer.extension(),
                )
            }
        };
        match bytes {
            Ok(bytes) => {
                documents.push((PathBuf::from(format!("provision-map.{extension}")), bytes))
            }
            Err(error) => {
                console::eprint(&format!(
                    "iep: the provision map was not written: {error}\n"
                ));
                return ExitCode::from(1);
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
        "{} provisions from {} plans; {} targets not on the map (their `when` is not read)\n",
        provisions.len(),
        plans.len(),
        unread.len()
    );
    let status = if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    console::finish(console::print(&(listing + &summary)), status)
}
