//! `iep history`: each pupil's plans followed across the IEP cycle, as a document (PDF, DOCX) or
//! JSON for programs.

use std::path::PathBuf;
use std::process::ExitCode;

use iep::render::{DocxRenderer, PdfRenderer, Renderer};

use crate::write::Output;
use crate::{To, console, plans};

pub struct Settings {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub to: Vec<To>,
    pub json: bool,
}

pub fn run(settings: &Settings) -> ExitCode {
    let (loaded, failed) = plans::load_all(&settings.inputs, "history");
    if loaded.is_empty() {
        console::eprint("iep: no plans found: give .yaml or .yml files, or folders holding them\n");
        return ExitCode::from(2);
    }
    let plans: Vec<iep::Plan> = loaded.into_iter().map(|(_, _, plan)| plan).collect();
    let histories = iep::cycle::histories(&plans);
    let status = if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if settings.json {
        let json = serde_json::to_string_pretty(&histories).unwrap_or_default();
        return console::finish(console::print(&(json + "\n")), status);
    }
    let output = Output::new(&settings.out);
    crate::write::remove_partial_files_on_signal();
    let mut listing = String::new();
    for history in &histories {
        let document = history.document();
        let name = crate::write::file_name(&history.pupil);
        let mut documents = Vec::new();
        for to in &settings.to {
            let (renderer, extension): (&dyn Renderer, &str) = match to {
                To::Pdf => (&PdfRenderer::new(), "pdf"),
                To::Docx => (&DocxRenderer, "docx"),
            };
            match renderer.render(&document) {
                Ok(bytes) => {
                    documents.push((PathBuf::from(format!("{name}-history.{extension}")), bytes))
                }
                Err(error) => {
                    console::eprint(&format!(
                        "iep: the history of one pupil was not written: {error}\n"
                    ));
                    return ExitCode::from(1);
                }
            }
        }
        match output.write_all(&documents) {
            Ok(files) => {
                for file in files {
                    listing += &format!("wrote {}\n", console::path(&file));
                }
            }
            Err(error) => {
                console::eprint(&format!("iep: {error}\n"));
                return ExitCode::from(2);
            }
        }
    }
    let summary = format!(
        "{} plan{} of {} pupil{}\n",
        plans.len(),
        if plans.len() == 1 { "" } else { "s" },
        histories.len(),
        if histories.len() == 1 { "" } else { "s" }
    );
    console::finish(console::print(&(listing + &summary)), status)
}
