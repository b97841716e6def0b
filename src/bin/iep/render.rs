//! `iep render`: lay plans out on their forms and write the documents, on every core, with a
//! progress bar on a terminal and a summary at the end. A bad plan is reported and the others go
//! on; each document is written whole or not at all.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use iep::render::{DocxRenderer, PdfRenderer, Renderer};
use iep::{FormRef, Print, Source};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::To;
use crate::plans::{self, Found};

/// What the user asked for.
pub struct Settings {
    pub inputs: Vec<PathBuf>,
    pub form: Option<String>,
    pub out: PathBuf,
    pub to: Vec<To>,
    /// Write the school's form.
    pub school_form: bool,
    /// Write the pupil-friendly page.
    pub pupil_friendly: bool,
    pub typeface: Option<iep::Typeface>,
    pub quiet: bool,
    pub jobs: Option<usize>,
}

/// What became of one plan.
enum Outcome {
    Written {
        files: Vec<PathBuf>,
        warnings: usize,
    },
    Failed(String),
}

pub fn run(settings: &Settings) -> ExitCode {
    // A form named on the command line is found from where the user stands, and read once.
    let form = match settings.form.as_deref() {
        None => None,
        Some(name) => match FormRef::parse(name, Path::new(".")).and_then(|f| f.load_checked()) {
            Ok(form) => Some(form),
            Err(diagnostic) => {
                eprintln!("iep: --form: {}", diagnostic.message);
                if let Some(hint) = &diagnostic.hint {
                    eprintln!("  hint: {hint}");
                }
                return ExitCode::from(2);
            }
        },
    };
    let mut versions = Vec::new();
    if settings.school_form {
        versions.push(Version {
            print: Print {
                form: form.clone(),
                pupil_friendly: false,
                typeface: settings.typeface,
            },
            suffix: "",
        });
    }
    if settings.pupil_friendly {
        versions.push(Version {
            print: Print {
                form,
                pupil_friendly: true,
                typeface: settings.typeface,
            },
            suffix: "-pupil",
        });
    }
    let jobs = jobs(plans::expand(&settings.inputs));
    let count = jobs.len();
    if count == 0 {
        eprintln!("iep: no plans found: give .yaml or .yml files, or folders holding them");
        return ExitCode::from(2);
    }
    let terminal = std::io::stderr().is_terminal() && !settings.quiet;
    let bar = if terminal {
        ProgressBar::with_draw_target(Some(count as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} plans, {elapsed} ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // Files are listed when the output is read by a program or kept; on a terminal the bar says
    // how far it has gone.
    let list_files = !settings.quiet && !std::io::stdout().is_terminal();

    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    let workers = settings
        .jobs
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
        .clamp(1, count.max(1));
    let (mut rendered, mut with_warnings, mut failed) = (0, 0, 0);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, jobs, versions) = (&next, &jobs, &versions);
            scope.spawn(move || {
                while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let outcome = match job {
                        Ok(found) => render_plan(found, versions, settings),
                        Err(message) => Outcome::Failed(message.clone()),
                    };
                    if sender.send(outcome).is_err() {
                        return;
                    }
                }
            });
        }
        drop(sender);
        // Results are reported as they come, on this thread alone, so lines never interleave.
        for outcome in receiver {
            match outcome {
                Outcome::Written { files, warnings } => {
                    rendered += 1;
                    with_warnings += usize::from(warnings > 0);
                    if list_files {
                        let mut out = std::io::stdout().lock();
                        for file in files {
                            let _ = writeln!(out, "wrote {}", file.display());
                        }
                    }
                }
                Outcome::Failed(message) => {
                    failed += 1;
                    bar.suspend(|| eprint!("{message}"));
                }
            }
            bar.inc(1);
        }
    });
    bar.finish_and_clear();
    let mut summary =
        format!("{rendered} rendered, {with_warnings} with warnings, {failed} failed");
    if with_warnings > 0 {
        summary += " (run `iep check` to see the warnings)";
    }
    println!("{summary}");
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One way of printing each plan: the school's form or the pupil-friendly page.
struct Version {
    print: Print,
    /// Added to the document's name: `sam-pupil.pdf`.
    suffix: &'static str,
}

/// The plans to render, with an error for a folder that cannot be read and for a plan whose
/// documents would overwrite another's.
fn jobs(found: Vec<Result<Found, (PathBuf, std::io::Error)>>) -> Vec<Result<Found, String>> {
    let mut names: HashMap<PathBuf, PathBuf> = HashMap::new();
    found
        .into_iter()
        .map(|found| match found {
            Err((path, error)) => Err(format!("iep: cannot read {}: {error}\n", path.display())),
            Ok(found) => match names.get(&found.name) {
                Some(first) => Err(format!(
                    "iep: {}: not rendered: its documents would overwrite those of {}\n",
                    found.path.display(),
                    first.display()
                )),
                None => {
                    names.insert(found.name.clone(), found.path.clone());
                    Ok(found)
                }
            },
        })
        .collect()
}

/// Renders one plan in every version and format, then writes them all; nothing is written
/// unless every document rendered.
fn render_plan(found: &Found, versions: &[Version], settings: &Settings) -> Outcome {
    let file = found.path.display().to_string();
    let source = match Source::read(&found.path) {
        Ok(source) => source,
        Err(error) => return Outcome::Failed(format!("iep: {error}\n")),
    };
    let mut documents = Vec::new();
    let mut warnings = 0;
    for version in versions {
        let printed = match version.print.lay_out(&source) {
            Ok(printed) => printed,
            Err(error) => return Outcome::Failed(failure(&file, &error, version)),
        };
        warnings = warnings.max(printed.report.warnings().count());
        for to in &settings.to {
            let renderer: &dyn Renderer = match to {
                To::Pdf => &PdfRenderer,
                To::Docx => &DocxRenderer,
            };
            match renderer.render(&printed.document) {
                Ok(bytes) => {
                    let mut name = found.name.clone().into_os_string();
                    name.push(format!("{}.{}", version.suffix, renderer.extension()));
                    documents.push((settings.out.join(name), bytes));
                }
                Err(error) => {
                    // The check that names the field of text the renderer refused.
                    let mut message = format!("iep: {file}: {error}\n");
                    for diagnostic in printed
                        .report
                        .diagnostics
                        .iter()
                        .filter(|d| d.code == iep::Code::UnprintableText)
                    {
                        message += &format!("iep: {file}:{diagnostic}\n");
                    }
                    return Outcome::Failed(message);
                }
            }
        }
    }
    let mut files = Vec::new();
    for (target, bytes) in documents {
        if let Err(error) = write_atomically(&target, &bytes) {
            return Outcome::Failed(format!("iep: {file}: {error}\n"));
        }
        files.push(target);
    }
    Outcome::Written { files, warnings }
}

/// Every located problem of a plan that was not printed, a line each, and what to run next.
fn failure(file: &str, error: &iep::print::Error, version: &Version) -> String {
    let diagnostics = error.diagnostics();
    let mut message = String::new();
    if diagnostics.is_empty() {
        message += &format!("iep: {file}: {error}\n");
    }
    for diagnostic in diagnostics
        .iter()
        .filter(|d| d.severity == iep::Severity::Error)
    {
        message += &format!("iep: {file}:{diagnostic}\n");
    }
    if matches!(error, iep::print::Error::Invalid(_)) {
        let flag = if version.print.pupil_friendly {
            " --pupil-friendly"
        } else {
            ""
        };
        message += &format!("  not rendered: run `iep check{flag} {file}` to see the lines\n");
    }
    message
}

/// Writes through a temporary file in the same folder, readable by the owner alone, and renames
/// it into place: a crash or a full disk never leaves a half-written document, and an earlier
/// file stays as it was.
fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), String> {
    let folder = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.partial", std::process::id()));
    let result = (|| {
        let mut file = private_file(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result.map_err(|e| format!("cannot write {}: {e}", target.display()))
}

/// A new file that only its owner can read: the documents are children's records.
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
