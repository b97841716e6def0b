//! `iep render`: lay plans out on their forms and write the documents, on every core, with a
//! progress bar on a terminal and a summary at the end. A bad plan is reported and the others go
//! on; each document is written whole or not at all.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use iep::render::PdfRenderer;
use iep::{DocumentKind, Form, Print, Source};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{
    Documents, Failure, InFormats, Out, Plans, To, Today, chosen_fonts, chosen_form, render_each,
};
use crate::plans::{self, Found};
use crate::write::Output;
use crate::{console, guard};

/// Lay plans out on their school's form and write the documents.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  iep render examples/plans/highland.yaml --out out/     writes out/highland.pdf
  iep render plans/ --to pdf,docx --out out/
  iep render plans/ --form durants --out printed/
  iep render plans/ --pupil-friendly --out wall/        writes wall/NAME-pupil.pdf
  iep render plan.yaml --pupil-friendly --font opendyslexic

Plans are rendered on every core; a folder's plans keep their sub-folders under --out. On a
terminal a progress bar shows how far it has gone; otherwise each file written is listed.
Documents are written whole or not at all, readable by their owner only. Plans with errors
are not rendered (run `iep check` to see why), and the others still are.

Exit status: 0 when every plan was rendered, 1 when any failed, 2 for a bad --form or no plans.")]
pub struct Args {
    #[command(flatten)]
    plans: Plans,
    #[command(flatten)]
    documents: Documents,
    /// Lay every plan out on this form (a built-in name or a form file) instead of the form
    /// each plan names.
    #[arg(long, value_name = "NAME|PATH")]
    form: Option<String>,
    #[command(flatten)]
    out: Out,
    /// Write the pupil-friendly page for the classroom wall (NAME-pupil.pdf) instead of
    /// the school's form. The plan is still checked by its school's rules.
    #[arg(long, conflicts_with = "both")]
    pupil_friendly: bool,
    /// Write both: the school's form and the pupil-friendly page.
    #[arg(long)]
    both: bool,
    /// Print nothing but failures and the summary: no progress bar, no list of files.
    #[arg(long, short)]
    quiet: bool,
    /// How many plans to render at once: every core by default, and never more than the
    /// cores (more could not go faster, and would take more memory).
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// The typeface instead of the form's (or the pupil's own `font:`): liberation-sans,
    /// andika or opendyslexic.
    #[arg(long, value_parser = super::typeface, value_name = "FONT")]
    font: Option<iep::Typeface>,
    /// A folder of the school's own fonts (.ttf, .otf, .ttc), which the PDF uses for text in
    /// scripts no bundled font prints (Chinese, Japanese, Korean, emoji).
    #[arg(long, value_name = "DIR")]
    font_dir: Option<PathBuf>,
    /// Write archival PDF (PDF/A-2a, as well as the tagged PDF/UA-1 every PDF is), for
    /// records kept for decades.
    #[arg(long)]
    archive: bool,
    #[command(flatten)]
    today: Today,
}

pub fn run(args: Args) -> Result<ExitCode, Failure> {
    render(&Settings {
        form: chosen_form(args.form.as_deref())?,
        kinds: match (args.both, args.pupil_friendly) {
            (true, _) => vec![DocumentKind::SchoolForm, DocumentKind::PupilFriendly],
            (false, true) => vec![DocumentKind::PupilFriendly],
            (false, false) => vec![DocumentKind::SchoolForm],
        },
        font_dir: chosen_fonts(args.font_dir.as_deref())?,
        today: args.today.or_clock(),
        inputs: args.plans.plans,
        out: args.out.out,
        to: args.documents.to,
        typeface: args.font,
        quiet: args.quiet,
        jobs: args.jobs,
        archive: args.archive,
    })
}

/// What the user asked for.
pub struct Settings {
    pub inputs: Vec<PathBuf>,
    /// The form `--form` names, compiled.
    pub form: Option<Arc<Form>>,
    pub out: PathBuf,
    pub to: Vec<To>,
    /// The documents to write for each plan.
    pub kinds: Vec<DocumentKind>,
    pub typeface: Option<iep::Typeface>,
    pub quiet: bool,
    pub jobs: Option<usize>,
    /// The school's fonts `--font-dir` names.
    pub font_dir: Option<Arc<iep::FontDir>>,
    /// Write PDF/A-2a.
    pub archive: bool,
    /// The day of the check.
    pub today: iep::Date,
}

/// What became of one plan.
enum PlanResult {
    Written {
        files: Vec<PathBuf>,
        warnings: usize,
    },
    Failed(String),
    /// Not a plan (a school's form file in the folder), said and left out.
    LeftOut(String),
    /// Some versions written (the school's form), others not (the pupil's page), said why.
    Partly {
        files: Vec<PathBuf>,
        /// The documents asked for and not written.
        unwritten: usize,
        warnings: usize,
        message: String,
    },
}

/// Renders the plans as `settings` asks: `iep render`'s work, and `iep review`'s.
pub fn render(settings: &Settings) -> Result<ExitCode, Failure> {
    let versions: Vec<Version> = settings
        .kinds
        .iter()
        .map(|kind| Version {
            suffix: match kind {
                DocumentKind::SchoolForm => "",
                DocumentKind::PupilFriendly => "-pupil",
                DocumentKind::Review(_) => "-review",
                _ => "",
            },
            print: Print {
                form: settings.form.clone(),
                kind: kind.clone(),
                typeface: settings.typeface,
                font_dir: settings.font_dir.clone(),
                today: Some(settings.today),
                files: Arc::new(iep::FileSystem),
            },
        })
        .collect();
    let jobs = jobs(plans::expand(&settings.inputs));
    let count = jobs.len();
    if count == 0 {
        return Err(Failure::new(
            2,
            "iep: no plans found: give .yaml or .yml files, or folders holding them\n",
        ));
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
    let mut list_files = !settings.quiet && !std::io::stdout().is_terminal();
    // Ends the listing when standard output fails; the documents are still written.
    let mut printed = Ok(());
    let output = Output::new(&settings.out);
    crate::write::remove_partial_files_on_signal();

    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    // One worker a core at most: more could not go faster, and each holds a plan's document.
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let workers = settings
        .jobs
        .unwrap_or(cores)
        .min(cores)
        .clamp(1, count.max(1));
    let (mut rendered, mut with_warnings, mut failed, mut left_out) = (0, 0, 0, 0);
    // Plans rendered in part, and their documents written and not.
    let (mut partly, mut part_written, mut part_unwritten) = (0, 0, 0);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, jobs, versions, output) = (&next, &jobs, &versions, &output);
            let worker = move || {
                while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let outcome = match job {
                        // A fault no check foresaw fails this plan, not the batch.
                        Ok(found) => guard::guarded(|| render_plan(found, versions, settings, output))
                            .unwrap_or_else(|panic| PlanResult::Failed(format!(
                                "iep: {}: not rendered: iep failed on this plan ({panic}); please report it\n",
                                console::path(&found.path)
                            ))),
                        Err(message) => PlanResult::Failed(message.clone()),
                    };
                    if sender.send(outcome).is_err() {
                        return;
                    }
                }
            };
            let spawned = std::thread::Builder::new()
                .stack_size(guard::WORKER_STACK)
                .spawn_scoped(scope, worker);
            if let Err(error) = spawned {
                console::eprint(&format!("iep: cannot start a worker: {error}\n"));
            }
        }
        drop(sender);
        // Each file written is listed until the listing cannot be printed (a closed pipe).
        let mut list = |files: &[PathBuf]| {
            if list_files {
                let listing: String = files
                    .iter()
                    .map(|file| format!("wrote {}\n", console::path(file)))
                    .collect();
                printed = console::print(&listing);
                list_files = printed.is_ok();
            }
        };
        // Results are reported as they come, on this thread alone, so lines never interleave.
        for outcome in receiver {
            match outcome {
                PlanResult::Written { files, warnings } => {
                    rendered += 1;
                    with_warnings += usize::from(warnings > 0);
                    list(&files);
                }
                PlanResult::Failed(message) => {
                    failed += 1;
                    bar.suspend(|| console::eprint(&message));
                }
                PlanResult::Partly {
                    files,
                    unwritten,
                    warnings,
                    message,
                } => {
                    partly += 1;
                    (part_written, part_unwritten) =
                        (part_written + files.len(), part_unwritten + unwritten);
                    with_warnings += usize::from(warnings > 0);
                    bar.suspend(|| console::eprint(&message));
                    list(&files);
                }
                PlanResult::LeftOut(message) => {
                    left_out += 1;
                    bar.suspend(|| console::eprint(&message));
                }
            }
            bar.inc(1);
        }
    });
    bar.finish_and_clear();
    if rendered + partly + failed == 0 && left_out > 0 {
        return Err(Failure::new(
            2,
            "iep: no plans found: the folder holds form files only\n",
        ));
    }
    // A plan whose form was written and whose pupil's page failed is neither.
    let in_part = if partly > 0 {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        format!(
            ", {partly} rendered in part ({part_written} document{} written, {part_unwritten} not)",
            plural(part_written)
        )
    } else {
        String::new()
    };
    let mut summary =
        format!("{rendered} rendered{in_part}, {with_warnings} with warnings, {failed} failed");
    if with_warnings > 0 {
        summary += " (run `iep check` to see the warnings)";
    }
    if printed.is_ok() {
        printed = console::print(&format!("{summary}\n"));
    }
    let status = if failed + partly > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    Ok(console::finish(printed, status))
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
            Err((path, error)) => Err(format!(
                "iep: cannot read {}: {error}\n",
                console::path(&path)
            )),
            Ok(found) => match names.get(&found.name) {
                Some(first) => Err(format!(
                    "iep: {}: not rendered: its documents would overwrite those of {}\n",
                    console::path(&found.path),
                    console::path(first)
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
fn render_plan(
    found: &Found,
    versions: &[Version],
    settings: &Settings,
    output: &Output,
) -> PlanResult {
    let file = console::path(&found.path);
    let source = match Source::read(&found.path) {
        Ok(source) if iep::Form::is_form_file(&source) => {
            return if found.given {
                PlanResult::Failed(format!(
                    "iep: {file} is a form file, not a plan: lay plans out on it with `--form {file}`\n"
                ))
            } else {
                PlanResult::LeftOut(format!(
                    "iep: {file} is a form file, not a plan: left out\n"
                ))
            };
        }
        Ok(source) => source,
        Err(error) if super::unreadable_because(&error).is_some() => {
            let why = super::unreadable_because(&error).unwrap_or_default();
            return PlanResult::Failed(format!("iep: cannot read {file}: {why}\n"));
        }
        Err(error) => return PlanResult::Failed(format!("iep: {file}:{}\n", error_line(&error))),
    };
    // Each version (the school's form, the pupil's page) is written when it renders, whatever
    // becomes of the other: the versions of one plan fail apart.
    let mut documents = Vec::new();
    let mut warnings = 0;
    let mut failures = String::new();
    for version in versions {
        match render_version(found, &file, &source, version, settings, output) {
            Ok(rendered) => {
                documents.extend(rendered.documents);
                warnings = warnings.max(rendered.warnings);
                failures += &rendered.failures;
            }
            Err(message) => failures += &message,
        }
    }
    // The documents asked for and not made, whichever version or format failed.
    let unwritten = (versions.len() * settings.to.len()).saturating_sub(documents.len());
    let written = match output.write_all(&documents) {
        Ok(files) => files,
        Err(error) => return PlanResult::Failed(format!("{failures}iep: {file}: {error}\n")),
    };
    if failures.is_empty() {
        PlanResult::Written {
            files: written,
            warnings,
        }
    } else if written.is_empty() {
        PlanResult::Failed(failures)
    } else {
        PlanResult::Partly {
            files: written,
            unwritten,
            warnings,
            message: failures,
        }
    }
}

/// A document ready to write: its path below the output folder, and its bytes.
type Rendered = (PathBuf, Vec<u8>);

/// One version of a plan in the formats asked for.
struct Formats {
    documents: Vec<Rendered>,
    /// The number of the plan's warnings.
    warnings: usize,
    /// A line for each format that could not be rendered, said why; empty when none.
    failures: String,
}

/// One version of a plan in every format asked for. A format that cannot be rendered costs
/// only itself: a PDF refused for a character no font has leaves the DOCX, which prints it.
fn render_version(
    found: &Found,
    file: &str,
    source: &Source,
    version: &Version,
    settings: &Settings,
    output: &Output,
) -> Result<Formats, String> {
    let printed = version
        .print
        .lay_out(source)
        .map_err(|error| failure(file, &error, version))?;
    let mut pdf = PdfRenderer::new().archival(settings.archive);
    if let Some(fonts) = &settings.font_dir {
        pdf = pdf.with_font_dir(Arc::clone(fonts));
    }
    let mut rendered = Formats {
        documents: Vec::new(),
        warnings: printed.report.warnings().count(),
        failures: String::new(),
    };
    let InFormats {
        rendered: documents,
        refused,
    } = render_each(&printed.document, &settings.to, &pdf, |extension| {
        let mut name = found.name.clone().into_os_string();
        name.push(format!("{}.{extension}", version.suffix));
        PathBuf::from(name)
    });
    rendered.documents = documents;
    let docx_written = rendered
        .documents
        .iter()
        .any(|(name, _)| name.extension().is_some_and(|e| e == "docx"));
    for (name, error) in refused {
        // The error names the field of text it cannot print, never the text.
        let mut line = format!(
            "iep: {file}: no {} written: {}",
            console::path(&name),
            console::chain(&error)
        );
        if error.diagnostics()[0].code == iep::Code::UnprintableText {
            line += if docx_written {
                "; the DOCX is written, and prints it"
            } else {
                "; a DOCX (`--to docx`) prints it"
            };
        }
        if output.holds(&name) {
            line += &format!(
                " (the {} already there is from an earlier run)",
                console::path(&name)
            );
        }
        rendered.failures += &format!("{line}\n");
    }
    Ok(rendered)
}

/// A diagnostic on a line of its own, after the name of its file: the plan's, or the school's
/// form's when the mistake is in the form.
fn located(file: &str, diagnostic: &iep::Diagnostic) -> String {
    match &diagnostic.file {
        Some(_) => format!("iep: {}\n", console::escaped(&diagnostic.to_string())),
        None => format!("iep: {file}:{diagnostic}\n"),
    }
}

/// The located problem of a file that is not a plan, after its name.
fn error_line(error: &iep::Error) -> String {
    super::load_diagnostic(error).map_or_else(|| format!(" {error}"), ToString::to_string)
}

/// Every located problem of a plan that was not printed, a line each, and what to run next.
fn failure(file: &str, error: &iep::Error, version: &Version) -> String {
    let diagnostics = error.diagnostics();
    let mut message = String::new();
    // A renderer's failure (measuring for a fitted form) reads as a sentence, its cause after it.
    if error.stage() == iep::Stage::Render {
        return format!("iep: {file}: {}\n", console::chain(error));
    }
    for diagnostic in diagnostics
        .iter()
        .filter(|d| d.severity == iep::Severity::Error)
    {
        message += &located(file, diagnostic);
        for note in &diagnostic.related {
            message += &format!(
                "  note: {}",
                located(file, note).trim_start_matches("iep: ")
            );
        }
    }
    if error.stage() == iep::Stage::Layout {
        message += &format!("  {file} not rendered: its form cannot lay it out\n");
    }
    if error.stage() == iep::Stage::Check {
        let flag = match version.print.kind {
            DocumentKind::PupilFriendly => " --pupil-friendly",
            _ => "",
        };
        message += &format!("  not rendered: run `iep check{flag} {file}` to see the lines\n");
    }
    message
}
