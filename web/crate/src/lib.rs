//! iep in the browser: the library's check and render for JavaScript, through wasm-bindgen.
//!
//! A thin shell, as the command line is: each function takes a plan's text (or bytes) and the
//! options the command line takes as flags, and calls the same library functions `iep check`,
//! `iep render` and `iep new` call, so findings and documents are the same for the same plan.
//! `web/iep.js` initialises the module and re-exports these; web/README.md documents them.
//!
//! There are no files in the browser: a school's form comes in as its text, and a plan that
//! names a form file, a photo or a picture by path is told that the file cannot be read here.
//! The library reads no clock; the day of the check is the browser's (in UTC, as the command
//! line's), or the one given.

#![forbid(unsafe_code)]

use std::cell::RefCell;
use std::sync::Arc;

use iep::render::{DocxRenderer, PdfRenderer, Renderer};
use iep::{Diagnostic, DocumentKind, Form, FormRef, Print, Source};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// The name a plan is reported under: the page's own file name is the user's business.
const PLAN_NAME: &str = "plan.yaml";
/// The name a school's form file is reported under, in findings about the form itself.
const FORM_NAME: &str = "form.yaml";

/// One finding, as JavaScript sees it: the command line's `--format json` diagnostic, with the
/// place flattened to `line` and `column` (1-based, in characters) and `null` for what is not
/// known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The stable code, such as `missing-smart-field`.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: String,
    /// What is wrong, in the command line's words (never quoting the plan).
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The line in the plan (or in the form file, when `file` is set).
    pub line: Option<usize>,
    /// The column, in characters.
    pub column: Option<usize>,
    /// The field, such as `goals[0].targets[1].success`.
    pub field: Option<String>,
    /// Set when the finding is in the school's form file rather than the plan: `form.yaml`.
    pub file: Option<String>,
}

impl From<&Diagnostic> for Finding {
    fn from(diagnostic: &Diagnostic) -> Self {
        Finding {
            code: diagnostic.code.as_str(),
            severity: diagnostic.severity.to_string(),
            message: diagnostic.message.clone(),
            hint: diagnostic.hint.clone(),
            line: diagnostic.place.map(|place| place.line),
            column: diagnostic.place.map(|place| place.column),
            field: diagnostic.field.as_ref().map(ToString::to_string),
            file: diagnostic.file.clone(),
        }
    }
}

/// The options of `check` and `render`, the command line's flags by their JavaScript names.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Options {
    /// `pdf` (the default) or `docx`; `render` only.
    pub to: Option<String>,
    /// The pupil-friendly page (`--pupil-friendly`) instead of the school's form.
    pub pupil: bool,
    /// A built-in form's name, or a school's form file as text (`--form`).
    pub form: Option<String>,
    /// The day of the check, `YYYY-MM-DD` (`--today`); the browser's day by default.
    pub today: Option<String>,
}

/// The names of [`Options`]' fields.
const OPTION_NAMES: [&str; 4] = ["to", "pupil", "form", "today"];

/// Why a call failed: a message, and the findings that say where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What went wrong, in a sentence that quotes no plan text.
    pub message: String,
    /// The located findings, when the failure is about places in the plan or the form file.
    pub findings: Vec<Finding>,
}

impl Failure {
    fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            findings: Vec::new(),
        }
    }

    fn located(diagnostic: &Diagnostic) -> Self {
        Failure {
            message: diagnostic.to_string(),
            findings: vec![Finding::from(diagnostic)],
        }
    }
}

/// The findings of `iep check` for the plan in `bytes`, in the order of the file.
pub fn check_plan(
    bytes: &[u8],
    options: &Options,
    today: iep::Date,
) -> Result<Vec<Finding>, Failure> {
    let print = print_settings(options, today)?;
    let report = match plan_source(bytes) {
        // As `iep check our-school.yaml`: a school's form file is checked as a form.
        Ok(source) if iep::Form::is_form_file(&source) => iep::Form::check(&source),
        Ok(source) => print.check(&source),
        Err(error) => iep::Report {
            diagnostics: error.diagnostics().to_vec(),
        },
    };
    Ok(report.diagnostics.iter().map(Finding::from).collect())
}

/// The plan's source, as the command line reads a file: with a folder, so that the pictures it
/// names by path are checked, and found unreadable in the browser at the plan's own lines (a
/// plan from text alone would have them checked only when a form prints them, at the form's).
fn plan_source(bytes: &[u8]) -> Result<Source, iep::Error> {
    let mut source = Source::from_bytes(PLAN_NAME, bytes)?;
    source.folder = Some(".".into());
    Ok(source)
}

/// The document `iep render` writes for the plan in `bytes`: the school's form, or the
/// pupil-friendly page, as PDF or DOCX.
pub fn render_plan(bytes: &[u8], options: &Options, today: iep::Date) -> Result<Vec<u8>, Failure> {
    let renderer: &dyn Renderer = match options.to.as_deref().unwrap_or("pdf") {
        "pdf" => &PdfRenderer::new(),
        "docx" => &DocxRenderer,
        _ => return Err(Failure::new("`to` is `pdf` or `docx`")),
    };
    let print = print_settings(options, today)?;
    let source = plan_source(bytes).map_err(|error| load_failure(&error))?;
    let printed = print.lay_out(&source).map_err(|error| Failure {
        message: format!("not rendered: {error}"),
        // A renderer's failure is said in the message alone, as the command line says it.
        findings: match error.stage() {
            iep::Stage::Render => Vec::new(),
            _ => error.diagnostics().iter().map(Finding::from).collect(),
        },
    })?;
    renderer
        .render(&printed.document)
        .map_err(|error| Failure::new(format!("not rendered: {error}")))
}

/// A built-in form, as `forms()` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct BuiltinForm {
    /// The name a plan gives in `form:`.
    pub name: &'static str,
    /// What the form is, in a line.
    pub description: String,
    /// The rules it checks, one line each (`iep forms`).
    pub rules: Vec<String>,
    /// Whether a plan is started on it (`starter`): not the pupil's page, the review sheet or
    /// the group plan, which are printed from plans.
    pub starter: bool,
}

/// The built-in forms, as `iep forms` lists them.
pub fn builtin_forms() -> Result<Vec<BuiltinForm>, Failure> {
    iep::FormRef::BUILT_IN
        .iter()
        .map(|name| {
            let form = FormRef::Builtin(name)
                .get()
                .map_err(|error| Failure::new(error.to_string()))?;
            let printed_from_plans = [
                iep::FormRef::PUPIL,
                iep::FormRef::REVIEW,
                iep::FormRef::GROUP,
            ]
            .contains(name);
            let sheet = *name == iep::FormRef::PUPIL || *name == iep::FormRef::REVIEW;
            Ok(BuiltinForm {
                name,
                description: form.description().to_owned(),
                rules: if sheet {
                    Vec::new()
                } else {
                    form.policy().summary()
                },
                starter: !printed_from_plans,
            })
        })
        .collect()
}

/// `iep new --form NAME`: the plan to fill in for a built-in form (the general form without a
/// name), or for a school's form file given as its text, which the plan names `file_name`.
pub fn starter_text(name: Option<&str>, file_name: Option<&str>) -> Result<String, Failure> {
    if let Some(text) = name.filter(|form| form.contains('\n')) {
        let file_name = file_name.ok_or_else(|| {
            Failure::new("a plan started on a school's form file names the file: give its name")
        })?;
        let form = school_form(text)?;
        return Ok(form.starter(Some(file_name)));
    }
    if name == Some(iep::FormRef::GROUP) {
        return Err(Failure::new(
            "a group plan has `group:` (its name, members and provision) in place of `pupil:`; \
             see \"Group plans\" in the README",
        ));
    }
    if name == Some(iep::FormRef::PUPIL) || name == Some(iep::FormRef::REVIEW) {
        return Err(Failure::new(
            "the pupil-friendly page and the review sheet are printed from any plan; start the \
             plan on the school's form",
        ));
    }
    let form = builtin(name.unwrap_or(iep::FormRef::DEFAULT))?;
    Ok(form.starter(name))
}

/// The `Print` settings the command line makes of the same flags.
fn print_settings(options: &Options, today: iep::Date) -> Result<Print, Failure> {
    let today = match &options.today {
        Some(text) => iep::Date::parse(text)
            .ok_or_else(|| Failure::new(format!("`today`: {}", iep::Date::why_not(text))))?,
        None => today,
    };
    let form = options.form.as_deref().map(school_form).transpose()?;
    Ok(Print {
        form,
        kind: if options.pupil {
            DocumentKind::PupilFriendly
        } else {
            DocumentKind::SchoolForm
        },
        today: Some(today),
        ..Print::default()
    })
}

/// The form `form` names: a built-in form by its name, or else a form file's text, compiled once
/// for as long as the same text comes again (a page re-checks on every keystroke).
fn school_form(form: &str) -> Result<Arc<Form>, Failure> {
    if !form.contains('\n') {
        return builtin(form);
    }
    thread_local! {
        static LAST: RefCell<Option<(String, Arc<Form>)>> = const { RefCell::new(None) };
    }
    if let Some(form) = LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|(text, _)| text == form)
            .map(|(_, compiled)| Arc::clone(compiled))
    }) {
        return Ok(form);
    }
    let source =
        Source::from_bytes(FORM_NAME, form.as_bytes()).map_err(|error| load_failure(&error))?;
    let compiled = Arc::new(iep::Form::parse(&source).map_err(|error| load_failure(&error))?);
    LAST.set(Some((form.to_owned(), Arc::clone(&compiled))));
    Ok(compiled)
}

/// A built-in form by its name; any other name is refused with the built-in names (and "did you
/// mean"), as the command line refuses it. A path cannot be read in the browser.
fn builtin(name: &str) -> Result<Arc<Form>, Failure> {
    match FormRef::parse(name, std::path::Path::new("")) {
        Ok(FormRef::Builtin(name)) => FormRef::Builtin(name)
            .get_checked()
            .map_err(|error| Failure::located(&error.diagnostics()[0])),
        Ok(_) => Err(Failure::new(
            "a form file cannot be read by its path in the browser: give the form file's text",
        )),
        Err(error) => Err(Failure {
            message: match &error.diagnostics()[0].hint {
                Some(hint) => format!("`form`: {} (hint: {hint})", error.diagnostics()[0].message),
                None => format!("`form`: {}", error.diagnostics()[0].message),
            },
            findings: Vec::new(),
        }),
    }
}

/// A plan or form that could not be read as text, with its finding.
fn load_failure(error: &iep::Error) -> Failure {
    match error.diagnostics() {
        [diagnostic] if diagnostic.code != iep::Code::Unreadable => Failure::located(diagnostic),
        _ => Failure::new(error.to_string()),
    }
}

// The JavaScript side: plain objects in and out, failures as `Error`s carrying `findings`.

/// `check(plan, options)`: the findings of `iep check`, as plain objects. `plan` is the plan's
/// text or its bytes (a file as read, so that a file that is not UTF-8 is said to be so).
#[wasm_bindgen]
pub fn check(plan: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let findings = check_plan(
        &plan_bytes(&plan)?,
        &options_from(options)?,
        browser_today(),
    )
    .map_err(to_js_error)?;
    to_js(&findings)
}

/// `render(plan, options)`: the PDF or DOCX `iep render` writes, as a `Uint8Array`.
#[wasm_bindgen]
pub fn render(plan: JsValue, options: JsValue) -> Result<Vec<u8>, JsValue> {
    render_plan(
        &plan_bytes(&plan)?,
        &options_from(options)?,
        browser_today(),
    )
    .map_err(to_js_error)
}

/// `forms()`: the built-in forms, `{name, description, rules, starter}` each.
#[wasm_bindgen]
pub fn forms() -> Result<JsValue, JsValue> {
    to_js(&builtin_forms().map_err(to_js_error)?)
}

/// `starter(form, fileName)`: the text of `iep new --form NAME`, for a built-in form's name, or a
/// school's form file's text and the file's name.
#[wasm_bindgen]
pub fn starter(form: Option<String>, file_name: Option<String>) -> Result<String, JsValue> {
    starter_text(form.as_deref(), file_name.as_deref()).map_err(to_js_error)
}

/// The plan's bytes: a string as UTF-8, or a `Uint8Array` as it is.
fn plan_bytes(plan: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = plan.as_string() {
        Ok(text.into_bytes())
    } else if let Some(bytes) = plan.dyn_ref::<js_sys::Uint8Array>() {
        Ok(bytes.to_vec())
    } else {
        Err(to_js_error(Failure::new(
            "the plan is given as a string or a Uint8Array",
        )))
    }
}

/// The options object; a property that is no option (a misspelling) is refused by name, as the
/// command line refuses an unknown flag.
fn options_from(options: JsValue) -> Result<Options, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(Options::default());
    }
    let refuse = |message: String| to_js_error(Failure::new(message));
    let object = options
        .dyn_ref::<js_sys::Object>()
        .ok_or_else(|| refuse("the options are an object such as `{to: 'pdf'}`".to_owned()))?;
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !OPTION_NAMES.contains(&key.as_str()) {
            return Err(refuse(format!(
                "`{key}` is not an option: the options are `to`, `pupil`, `form` and `today`"
            )));
        }
    }
    serde_wasm_bindgen::from_value(options).map_err(|error| refuse(format!("options: {error}")))
}

/// Today in UTC by the browser's clock, as the command line takes it from the system's.
fn browser_today() -> iep::Date {
    let days = js_sys::Date::now() / 86_400_000.0;
    iep::Date::from_unix_days(days.max(0.0) as u64)
}

/// Plain objects, with `null` for what is not known rather than a missing property.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true))
        .map_err(|error| to_js_error(Failure::new(error.to_string())))
}

/// An `Error` with the failure's message and its findings as `error.findings`.
fn to_js_error(failure: Failure) -> JsValue {
    let error = js_sys::Error::new(&failure.message);
    let findings = to_js(&failure.findings).unwrap_or(JsValue::NULL);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("findings"), &findings);
    error.into()
}
