//! `iep render`: lay plans out on their forms and write the documents.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use iep::render::{DocxRenderer, PdfRenderer, Renderer};
use iep::{Form, FormRef, Source};

use crate::{To, plans};

/// What the user asked for.
pub struct Settings {
    pub inputs: Vec<PathBuf>,
    pub form: Option<String>,
    pub out: PathBuf,
    pub to: Vec<To>,
    pub pupil_friendly: bool,
    pub typeface: Option<iep::Typeface>,
}

pub fn run(settings: &Settings) -> ExitCode {
    let mut failed = 0;
    let mut rendered = 0;
    // A form named on the command line is found from where the user stands, and read once.
    let fixed: Option<Result<Form, String>> = settings.form.as_deref().map(|name| {
        FormRef::parse(name, Path::new("."))
            .and_then(|form| form.load_checked())
            .map_err(|d| format!("--form: {}", d.message))
    });
    let pupil = match settings
        .pupil_friendly
        .then(|| FormRef::pupil().load_checked())
    {
        Some(Err(diagnostic)) => {
            eprintln!("iep: the pupil-friendly form: {}", diagnostic.message);
            return ExitCode::from(1);
        }
        Some(Ok(form)) => Some(form),
        None => None,
    };
    for found in plans::expand(&settings.inputs) {
        let result = match found {
            Ok(path) => render_one(&path, settings, fixed.as_ref(), pupil.as_ref()),
            Err((path, error)) => Err(format!("cannot read {}: {error}", path.display())),
        };
        match result {
            Ok(written) => {
                rendered += 1;
                for path in written {
                    println!("wrote {}", path.display());
                }
            }
            Err(message) => {
                failed += 1;
                eprintln!("iep: {message}");
            }
        }
    }
    println!("{rendered} rendered, {failed} failed");
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn render_one(
    path: &Path,
    settings: &Settings,
    fixed: Option<&Result<Form, String>>,
    pupil: Option<&Form>,
) -> Result<Vec<PathBuf>, String> {
    let source = Source::read(path).map_err(|e| e.to_string())?;
    let plan =
        iep::parse(&source).map_err(|e| format!("{e} (run `iep check` for all problems)"))?;
    let folder = source.folder.clone().unwrap_or_else(|| PathBuf::from("."));
    let own;
    let form = match fixed {
        Some(fixed) => fixed.as_ref().map_err(Clone::clone)?,
        None => {
            own = iep::form::form_for(&plan, &folder)
                .map_err(|d| format!("{}:{d} (run `iep check` for all problems)", source.name))?;
            &own
        }
    };
    // The plan is judged by the rules of its school's form, and for the pupil-friendly page by
    // the checks of the pupil's words as well.
    let report = match pupil {
        None => iep::validate(&plan, form.policy()),
        Some(_) => iep::validate(&plan, &form.policy().clone().with_pupil_checks()),
    };
    if let Some(first) = report.errors().next() {
        return Err(format!(
            "{}:{first} (run `iep check{}` for all problems)",
            source.name,
            if pupil.is_some() {
                " --pupil-friendly"
            } else {
                ""
            }
        ));
    }
    let mut document = pupil
        .unwrap_or(form)
        .lay_out(&plan, &folder)
        .map_err(|e| e.to_string())?;
    if let Some(typeface) = settings.typeface {
        document.typeface = typeface;
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let stem = if pupil.is_some() {
        format!("{stem}-pupil")
    } else {
        stem
    };
    // Every format is rendered before anything is written, so a failure writes nothing.
    let mut files = Vec::new();
    for to in &settings.to {
        let renderer: &dyn Renderer = match to {
            To::Pdf => &PdfRenderer,
            To::Docx => &DocxRenderer,
        };
        let bytes = renderer
            .render(&document)
            .map_err(|e| format!("{}: {e}", source.name))?;
        files.push((
            settings
                .out
                .join(format!("{stem}.{}", renderer.extension())),
            bytes,
        ));
    }
    std::fs::create_dir_all(&settings.out)
        .map_err(|e| format!("cannot create {}: {e}", settings.out.display()))?;
    let mut written = Vec::new();
    for (target, bytes) in files {
        write_atomically(&target, &bytes)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        written.push(target);
    }
    Ok(written)
}

/// Writes through a temporary file in the same folder and renames it into place, so a crash or a
/// full disk never leaves a half-written document, and an earlier file stays as it was.
fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.partial", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
