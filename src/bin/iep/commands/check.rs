//! `iep check`: load and validate plans, print what is wrong, and say by the exit status whether
//! they are ready.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use iep::{Diagnostic, Form, Print, Severity, Source};
use serde::Serialize;

use super::{Failure, Format, Plans, Today, chosen_fonts, chosen_form};
use crate::plans::{self, Found};
use crate::{console, guard, paint};

/// Check plans: SMART targets, dates, views, the school's own rules.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  iep check examples/plans/highland.yaml
  iep check plans/                      every .yaml and .yml file below plans/
  iep check --format json plans/ > report.json

Exit status: 0 when no plan has errors (warnings allowed), 1 when any plan has errors
(or warnings, with --deny-warnings), 2 when a file cannot be read.")]
pub struct Args {
    #[command(flatten)]
    plans: Plans,
    /// Judge every plan by this form's rules (a built-in name or a form file) instead of
    /// the form each plan names.
    #[arg(long, value_name = "NAME|PATH")]
    form: Option<String>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors for the exit status.
    #[arg(long)]
    deny_warnings: bool,
    /// Also check the pupil's words for the pupil-friendly version.
    #[arg(long)]
    pupil_friendly: bool,
    /// A folder of the school's own fonts (.ttf, .otf, .ttc), for text in scripts no
    /// bundled font prints (Chinese, Japanese, Korean, emoji): such text is then no warning.
    #[arg(long, value_name = "DIR")]
    font_dir: Option<PathBuf>,
    #[command(flatten)]
    today: Today,
}

pub fn run(args: Args) -> Result<ExitCode, Failure> {
    check(&Settings {
        form: chosen_form(args.form.as_deref())?,
        json: matches!(args.format, Format::Json),
        deny_warnings: args.deny_warnings,
        pupil_friendly: args.pupil_friendly,
        font_dir: chosen_fonts(args.font_dir.as_deref())?,
        today: args.today.or_clock(),
        inputs: args.plans.plans,
    })
}

/// What the user asked for.
struct Settings {
    pub inputs: Vec<PathBuf>,
    /// The form `--form` names, compiled.
    pub form: Option<Arc<Form>>,
    pub json: bool,
    pub deny_warnings: bool,
    pub pupil_friendly: bool,
    /// The school's fonts `--font-dir` names.
    pub font_dir: Option<Arc<iep::FontDir>>,
    /// The day of the check.
    pub today: iep::Date,
}

/// The result for one file.
#[derive(Serialize)]
struct Checked {
    file: String,
    /// Set when the file could not be read at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    unreadable: Option<String>,
    errors: usize,
    warnings: usize,
    /// Set for a school's form file, checked as a form.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    form_file: bool,
    diagnostics: Vec<Diagnostic>,
    #[serde(skip)]
    source: Option<Source>,
}

fn check(settings: &Settings) -> Result<ExitCode, Failure> {
    let print = Print {
        form: settings.form.clone(),
        kind: if settings.pupil_friendly {
            iep::DocumentKind::PupilFriendly
        } else {
            iep::DocumentKind::SchoolForm
        },
        typeface: None,
        font_dir: settings.font_dir.clone(),
        today: Some(settings.today),
        files: Arc::new(iep::FileSystem),
    };
    let results: Vec<Checked> = plans::expand(&settings.inputs)
        .into_iter()
        .filter_map(|found| match found {
            // A fault no check foresaw is said for this plan, and the others are checked.
            Ok(found) => guard::guarded(|| check_file(&found, &print)).unwrap_or_else(|panic| {
                let mut failed = unreadable(&found.path, "");
                failed.unreadable = Some(format!(
                    "{}: not checked: iep failed on it ({panic}); please report it",
                    found.path.display()
                ));
                Some(failed)
            }),
            Err((path, error)) => Some(unreadable(&path, &error.to_string())),
        })
        .collect();
    if results.is_empty() {
        return Err(Failure::new(
            2,
            "iep: no plans found: give .yaml or .yml files, or folders holding them\n",
        ));
    }
    let output = if settings.json {
        serde_json::to_string_pretty(&results)
            .map(|json| console::json_safe(&json) + "\n")
            .unwrap_or_default()
    } else {
        human(&results)
    };
    let printed = console::print(&output);
    for result in &results {
        if let Some(why) = &result.unreadable {
            console::eprint(&format!("iep: {}\n", console::escaped(why)));
        }
    }
    let failed = |r: &Checked| r.errors > 0 || (settings.deny_warnings && r.warnings > 0);
    let status = if results.iter().any(|r| r.unreadable.is_some()) {
        ExitCode::from(2)
    } else if results.iter().any(failed) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    Ok(console::finish(printed, status))
}

fn unreadable(path: &Path, why: &str) -> Checked {
    Checked {
        file: path.display().to_string(),
        unreadable: Some(format!("cannot read {}: {why}", path.display())),
        errors: 0,
        warnings: 0,
        form_file: false,
        diagnostics: Vec::new(),
        source: None,
    }
}

/// The findings for one file; `None` for a school's form file found in a folder of plans, which
/// is left out (a form named by itself is checked as a form), and for a costs file.
fn check_file(found: &Found, print: &Print) -> Option<Checked> {
    let path = &found.path;
    let mut form_file = false;
    let (source, diagnostics) = match Source::read(path) {
        Err(error) => match (
            super::unreadable_because(&error),
            super::load_diagnostic(&error),
        ) {
            (Some(why), _) => return Some(unreadable(path, &why)),
            (None, Some(diagnostic)) => (None, vec![diagnostic.clone()]),
            (None, None) => return Some(unreadable(path, &error.to_string())),
        },
        Ok(source) if iep::Form::is_form_file(&source) => {
            if !found.given {
                console::eprint(&format!(
                    "iep: {} is a form file, not a plan: left out (`iep check {}` checks it)\n",
                    console::path(path),
                    console::path(path)
                ));
                return None;
            }
            form_file = true;
            let report = iep::Form::check(&source);
            (Some(source), report.diagnostics)
        }
        Ok(source) if iep::provision::Costs::is_costs_file(&source) => {
            console::eprint(&format!(
                "iep: {} is a costs file, not a plan: left out (`iep provision --costs {}` reads it)\n",
                console::path(path),
                console::path(path)
            ));
            return None;
        }
        Ok(source) => {
            let report = print.check(&source);
            (Some(source), report.diagnostics)
        }
    };
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    Some(Checked {
        file: path.display().to_string(),
        unreadable: None,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        form_file,
        diagnostics,
        source,
    })
}

fn human(results: &[Checked]) -> String {
    let styled = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = String::new();
    for result in results {
        for diagnostic in &result.diagnostics {
            let file = console::escaped(&result.file);
            out += &paint::diagnostic(&file, result.source.as_ref(), diagnostic, styled);
            out += "\n";
        }
    }
    let count = |f: fn(&Checked) -> bool| results.iter().filter(|r| f(r)).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let forms = count(|r| r.form_file);
    let checked = match (results.len() - forms, forms) {
        (plans, 0) => plural(plans, "plan"),
        (0, forms) => plural(forms, "form file"),
        (plans, forms) => format!(
            "{} and {}",
            plural(plans, "plan"),
            plural(forms, "form file")
        ),
    };
    out += &format!(
        "{checked} checked: {} with errors, {} with warnings only, {} clean{}\n",
        count(|r| r.errors > 0 || r.unreadable.is_some()),
        count(|r| r.errors == 0 && r.warnings > 0),
        count(|r| r.unreadable.is_none() && r.diagnostics.is_empty()),
        match count(|r| r.unreadable.is_some()) {
            0 => String::new(),
            n => format!(" ({} unreadable)", n),
        },
    );
    out
}
