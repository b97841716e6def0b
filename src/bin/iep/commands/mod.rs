//! The commands, one file each, as cargo keeps them: its flags (`Args`, clap derive) and a `run`
//! that returns the exit status, or a [`Failure`] that `main` prints. Here: the flags several
//! commands share, written once, and what they are turned into.

pub mod check;
pub mod completions;
pub mod form;
pub mod forms;
pub mod history;
pub mod new;
pub mod next;
pub mod provision;
pub mod render;
pub mod review;
pub mod schema;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::ValueEnum;
use iep::render::{DocxRenderer, PdfRenderer, Renderer};

use crate::{console, paint, write};

/// A command stopped: the message said on standard error (empty when it was said already) and
/// the exit status.
pub struct Failure {
    status: u8,
    message: String,
}

impl Failure {
    /// Stopped with `status`, saying `message` (whole lines).
    pub fn new(status: u8, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    /// Said on standard error, and the exit status.
    pub fn report(self) -> ExitCode {
        console::eprint(&self.message);
        ExitCode::from(self.status)
    }
}

/// The plans a command reads.
#[derive(clap::Args)]
pub struct Plans {
    /// Plan files, or folders to search for *.yaml and *.yml files.
    #[arg(required = true)]
    pub plans: Vec<PathBuf>,
}

/// The folder a command writes its documents to.
#[derive(clap::Args)]
pub struct Out {
    /// The folder to write to (created if missing).
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
}

/// The formats of a plan's documents.
#[derive(clap::Args)]
pub struct Documents {
    /// The formats to write, comma-separated: pdf, docx or pdf,docx.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "pdf")]
    pub to: Vec<To>,
}

/// The day plans are checked against.
#[derive(clap::Args)]
pub struct Today {
    /// The day to check against, YYYY-MM-DD or DD/MM/YYYY (today by default, or the
    /// IEP_TODAY environment variable): a plan whose review date has passed should have its
    /// targets' outcomes recorded.
    #[arg(long, value_name = "DATE", value_parser = date, env = "IEP_TODAY")]
    pub today: Option<iep::Date>,
}

impl Today {
    /// The day given, or else today by the system clock, in UTC: the only place iep reads the
    /// clock.
    pub fn or_clock(&self) -> iep::Date {
        self.today.unwrap_or_else(clock_today)
    }
}

/// Today's date by the system clock, in UTC.
pub fn clock_today() -> iep::Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    iep::Date::from_unix_days(seconds / 86_400)
}

/// A document format.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum To {
    /// PDF, for printing.
    Pdf,
    /// DOCX, to edit in Word or LibreOffice.
    Docx,
}

/// How findings and results are printed.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// For people: the offending line of YAML, a caret and a hint.
    Human,
    /// For programs: one JSON document.
    Json,
}

impl To {
    /// `document` in this format: the one place a format picks its renderer. `pdf` is the PDF
    /// renderer with the run's settings (archival, the school's fonts).
    pub fn render(
        self,
        document: &iep::Document,
        pdf: &PdfRenderer,
    ) -> Result<Vec<u8>, iep::Error> {
        let renderer: &dyn Renderer = match self {
            To::Pdf => pdf,
            To::Docx => &DocxRenderer,
        };
        renderer.render(document)
    }

    /// The extension of its files.
    pub fn extension(self) -> &'static str {
        match self {
            To::Pdf => "pdf",
            To::Docx => "docx",
        }
    }
}

/// A document in several formats.
pub struct InFormats {
    /// Those rendered, named, with their bytes: ready for
    /// [`Output::write_all`](crate::write::Output::write_all) to write atomically.
    pub rendered: Vec<(PathBuf, Vec<u8>)>,
    /// Those refused, named, with why.
    pub refused: Vec<(PathBuf, iep::Error)>,
}

/// `document` in each format of `to`, each named by `name` from its format's extension.
pub fn render_each(
    document: &iep::Document,
    to: &[To],
    pdf: &PdfRenderer,
    name: impl Fn(&str) -> PathBuf,
) -> InFormats {
    let mut each = InFormats {
        rendered: Vec::new(),
        refused: Vec::new(),
    };
    for &to in to {
        let file = name(to.extension());
        match to.render(document, pdf) {
            Ok(bytes) => each.rendered.push((file, bytes)),
            Err(error) => each.refused.push((file, error)),
        }
    }
    each
}

/// The located problem of a file that was read but is not a usable plan, form or costs file;
/// `None` for a file that could not be read at all.
pub fn load_diagnostic(error: &iep::Error) -> Option<&iep::Diagnostic> {
    match error.diagnostics() {
        [diagnostic] if diagnostic.code != iep::Code::Unreadable => Some(diagnostic),
        _ => None,
    }
}

/// What the operating system said of a file that could not be read at all.
pub fn unreadable_because(error: &iep::Error) -> Option<String> {
    match error.diagnostics() {
        [diagnostic] if diagnostic.code == iep::Code::Unreadable => {
            std::error::Error::source(error).map(ToString::to_string)
        }
        _ => None,
    }
}

/// A date as the flags take it.
pub fn date(text: &str) -> Result<iep::Date, String> {
    iep::Date::parse(text).ok_or_else(|| iep::Date::why_not(text))
}

/// A typeface by its name: `liberation-sans`, `andika` or `opendyslexic`.
pub fn typeface(name: &str) -> Result<iep::Typeface, String> {
    iep::Typeface::from_key(name).ok_or_else(|| {
        let known: Vec<&str> = iep::Typeface::ALL.iter().map(|t| t.key()).collect();
        format!("use one of {}", known.join(", "))
    })
}

/// The form `--form` names, if it names one: see [`named_form`].
pub fn chosen_form(name: Option<&str>) -> Result<Option<Arc<iep::Form>>, Failure> {
    name.map(named_form).transpose()
}

/// The form called `name` (a built-in name or a form file), found from where the user stands
/// and compiled once for every plan. A form that cannot be used is said, with its line when the
/// mistake is in the form file, and the command exits with status 2.
pub fn named_form(name: &str) -> Result<Arc<iep::Form>, Failure> {
    let form = iep::FormRef::parse(name, Path::new(".")).and_then(|form| form.get_checked());
    form.map_err(|error| {
        let diagnostic = &error.diagnostics()[0];
        if diagnostic.file.is_some() {
            return Failure::new(
                2,
                paint::diagnostic("", None, diagnostic, paint::styled_stderr()),
            );
        }
        let mut message = format!("iep: --form: {}\n", diagnostic.message);
        if let Some(hint) = &diagnostic.hint {
            message += &format!("  hint: {hint}\n");
        }
        Failure::new(2, message)
    })
}

/// The school's fonts `--font-dir` names, read once for every plan; a folder that cannot be
/// used is said, and the command exits with status 2.
pub fn chosen_fonts(folder: Option<&Path>) -> Result<Option<Arc<iep::FontDir>>, Failure> {
    let Some(folder) = folder else {
        return Ok(None);
    };
    let fonts = iep::FontDir::load(folder).map_err(|error| {
        Failure::new(
            2,
            format!(
                "iep: --font-dir: {}\n",
                console::escaped(&console::chain(&error))
            ),
        )
    })?;
    for skipped in fonts.skipped() {
        console::eprint(&format!(
            "iep: --font-dir: {} left out: no PDF can be written with it\n",
            console::escaped(skipped)
        ));
    }
    Ok(Some(Arc::new(fonts)))
}

/// Prints `text` to standard output: the status is `status`, or 2 when the output cannot be
/// written.
pub fn print(text: &str, status: ExitCode) -> Result<ExitCode, Failure> {
    Ok(console::finish(console::print(text), status))
}

/// A plan to go on writing, to standard output or to `output`, a new file (never over an
/// existing one), with what to do next.
pub fn write_plan(text: &str, output: Option<&Path>, then: &str) -> Result<ExitCode, Failure> {
    let Some(output) = output else {
        return print(text, ExitCode::SUCCESS);
    };
    write::new_file(output, text.as_bytes())
        .map_err(|error| Failure::new(2, format!("iep: {error}\n")))?;
    console::eprint(&format!(
        "wrote {}: {then}, then `iep check {}`\n",
        console::path(output),
        console::path(output)
    ));
    Ok(ExitCode::SUCCESS)
}
