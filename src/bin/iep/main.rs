//! The `iep` command: a thin shell over the library. It turns flags into settings, runs the
//! library, paints what it returns, and decides the exit code.

mod check;
mod console;
mod history;
mod paint;
mod plans;
mod provision;
mod render;
mod write;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "iep",
    version,
    about = "Individual Education Plans from YAML to printable documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the built-in forms and the rules each checks plans by.
    #[command(after_help = "\
Examples:
  iep forms
  iep form show highland > our-school.yaml   a form file to start a school's own from
  iep new --form durants -o plans/new-pupil.yaml")]
    Forms,
    /// Work with form files: `iep form show NAME` prints a built-in form.
    #[command(subcommand)]
    Form(FormCommand),
    /// Print a new plan to fill in, every field explained in a comment.
    #[command(after_help = "\
Examples:
  iep new -o plans/sam.yaml                          a plan on the general form
  iep new --form highland -o plans/eilidh.yaml
  iep new --form our-school.yaml -o plans/sam.yaml   a school's own form file
  iep new > plans/sam.yaml                           the same, to standard output

Fill in the empty fields, then `iep check plans/sam.yaml` says what is still missing. With -o
the file is written as UTF-8 whatever the shell does (PowerShell's `>` writes UTF-16), and an
existing file is never overwritten.")]
    New {
        /// The form the plan is for: a built-in name or a form file.
        #[arg(long, value_name = "NAME|PATH")]
        form: Option<String>,
        /// Write the plan to this file (a new one) instead of standard output.
        #[arg(long, short, value_name = "FILE", conflicts_with = "from")]
        output: Option<PathBuf>,
        /// A class list exported from the school's information system as CSV: one plan for
        /// each pupil, their details filled in, written into --out.
        #[arg(long, value_name = "CLASS.csv", requires = "out")]
        from: Option<PathBuf>,
        /// The folder the plans of --from are written to (created if missing).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// A column of the class list for a field, when its header is not one iep knows:
        /// `--column date_of_birth=DOB (dd/mm/yyyy)`. Fields: name, forename, surname,
        /// known_as, date_of_birth, year_group, address, postcode.
        #[arg(long, value_name = "FIELD=HEADER")]
        column: Vec<String>,
    },
    /// Print the review meeting's sheet for plans.
    ///
    /// Each target with its success criterion, room for the evidence, the outcomes to tick and
    /// a comment; what the review considers; the views to seek; the next steps.
    #[command(after_help = "\
Examples:
  iep review plans/sam.yaml --out review/           writes review/sam-review.pdf
  iep review plans/ --to pdf,docx --out review/
  iep review plans/sam.yaml --form our-review.yaml  a school's own review sheet

Outcomes and comments the plan already records are shown ticked and written in. Record the
meeting's outcomes on the plan's targets (`outcome:`, `review_comment:`), then `iep next`.")]
    Review {
        /// Plan files, or folders to search for *.yaml and *.yml files.
        #[arg(required = true)]
        plans: Vec<PathBuf>,
        /// The formats to write, comma-separated: pdf, docx or pdf,docx.
        #[arg(long, value_enum, value_delimiter = ',', default_value = "pdf")]
        to: Vec<To>,
        /// A school's own review sheet (a form file; `iep form show review` prints the built-in
        /// one to start from).
        #[arg(long, value_name = "PATH")]
        form: Option<String>,
        /// The folder to write to (created if missing).
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// Print nothing but failures and the summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Follow each pupil across their plans.
    ///
    /// Each plan's targets by area with their outcomes, how many were achieved at each review,
    /// the targets set more than once, and the approaches that worked.
    #[command(after_help = "\
Examples:
  iep history plans/eilidh/ --out history/        writes history/eilidh-macleod-history.pdf
  iep history plans/ --to pdf,docx --out history/  one history for each pupil found
  iep history plans/eilidh/ --format json

Plans are matched to a pupil by name and date of birth, and put in the order they were drawn
up. A target's outcome is the one its review recorded, or else the one the next plan's
previous targets give.")]
    History {
        /// Plan files, or folders to search for *.yaml and *.yml files.
        #[arg(required = true)]
        plans: Vec<PathBuf>,
        /// The formats to write, comma-separated: pdf, docx or pdf,docx.
        #[arg(long, value_enum, value_delimiter = ',', default_value = "pdf")]
        to: Vec<To>,
        /// The folder to write to (created if missing).
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// `json` prints the histories for programs instead of writing documents.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write the school's provision map from a folder of plans.
    ///
    /// One row per provision (the same strategy, staff, setting, sessions and minutes merged
    /// across pupils), with staff hours and costs, and totals per staff role, area of need and
    /// year group.
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
    Provision {
        /// Plan files, or folders to search for *.yaml and *.yml files.
        #[arg(required = true)]
        plans: Vec<PathBuf>,
        /// The formats to write, comma-separated: xlsx, csv, pdf, docx.
        #[arg(long, value_enum, value_delimiter = ',', default_value = "xlsx")]
        to: Vec<provision::Sheet>,
        /// The folder to write to (created if missing).
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// Pupils by their initials, for a map shared with governors.
        #[arg(long)]
        initials: bool,
        /// The school's costs: weeks in the school year and the hourly cost of each staff role.
        #[arg(long, value_name = "FILE")]
        costs: Option<PathBuf>,
    },
    /// Start the next plan from a reviewed one.
    ///
    /// The pupil, the profiles and the previous targets with their outcomes are carried over;
    /// the new targets are left to fill in.
    #[command(after_help = "\
Examples:
  iep next plans/sam.yaml --created 2027-01-25 -o plans/sam-2027-01.yaml
  iep next plans/sam.yaml                     the same, to standard output

The plan's review must be recorded first: each target's `outcome:` (fully_achieved,
partially_achieved or not_achieved) and `review_comment:` unless fully achieved. The new plan
names this plan's date as `previous_plan`; targets not fully achieved are offered, commented
out, as starting points. An existing file is never overwritten.")]
    Next {
        /// The reviewed plan.
        plan: PathBuf,
        /// The date of the new plan's planning meeting: the review date is then suggested by the
        /// school's review cycle.
        #[arg(long, value_name = "DATE", value_parser = date)]
        created: Option<iep::Date>,
        /// Write the new plan to this file (a new one) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print a script that completes iep's commands and flags in a shell.
    #[command(after_help = "\
Examples:
  iep completions bash > ~/.local/share/bash-completion/completions/iep
  iep completions zsh > ~/.zfunc/_iep
  iep completions fish > ~/.config/fish/completions/iep.fish
  iep completions powershell >> $PROFILE")]
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema of the plan format, for editors that complete and check YAML.
    #[command(after_help = "\
Examples:
  iep schema > plans/iep-plan.schema.json

A plan whose first line is `# yaml-language-server: $schema=iep-plan.schema.json` (as `iep new`
writes) is then completed and checked as it is typed in editors with the YAML language server
(VS Code with the YAML extension, Neovim, Helix...).")]
    Schema,
    /// Check plans: SMART targets, dates, views, the school's own rules.
    #[command(after_help = "\
Examples:
  iep check examples/plans/highland.yaml
  iep check plans/                      every .yaml and .yml file below plans/
  iep check --format json plans/ > report.json

Exit status: 0 when no plan has errors (warnings allowed), 1 when any plan has errors
(or warnings, with --deny-warnings), 2 when a file cannot be read.")]
    Check {
        /// Plan files, or folders to search for *.yaml and *.yml files.
        #[arg(required = true)]
        plans: Vec<PathBuf>,
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
        /// The day to check against, YYYY-MM-DD or DD/MM/YYYY (today by default, or the
        /// IEP_TODAY environment variable): a plan whose review date has passed should have its
        /// targets' outcomes recorded.
        #[arg(long, value_name = "DATE", value_parser = date, env = "IEP_TODAY")]
        today: Option<iep::Date>,
    },
    /// Lay plans out on their school's form and write the documents.
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
    Render {
        /// Plan files, or folders to search for *.yaml and *.yml files.
        #[arg(required = true)]
        plans: Vec<PathBuf>,
        /// The formats to write, comma-separated: pdf, docx or pdf,docx.
        #[arg(long, value_enum, value_delimiter = ',', default_value = "pdf")]
        to: Vec<To>,
        /// Lay every plan out on this form (a built-in name or a form file) instead of the form
        /// each plan names.
        #[arg(long, value_name = "NAME|PATH")]
        form: Option<String>,
        /// The folder to write to (created if missing).
        #[arg(long, default_value = ".")]
        out: PathBuf,
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
        /// How many plans to render at once (every core by default).
        #[arg(long, short, value_name = "N")]
        jobs: Option<usize>,
        /// The typeface instead of the form's (or the pupil's own `font:`): liberation-sans,
        /// andika or opendyslexic.
        #[arg(long, value_parser = typeface, value_name = "FONT")]
        font: Option<iep::Typeface>,
        /// A folder of the school's own fonts (.ttf, .otf, .ttc), which the PDF uses for text in
        /// scripts no bundled font prints (Chinese, Japanese, Korean, emoji).
        #[arg(long, value_name = "DIR")]
        font_dir: Option<PathBuf>,
        /// Write archival PDF (PDF/A-2a, as well as the tagged PDF/UA-1 every PDF is), for
        /// records kept for decades.
        #[arg(long)]
        archive: bool,
        /// The day to check against, YYYY-MM-DD or DD/MM/YYYY (today by default, or the
        /// IEP_TODAY environment variable): a plan whose review date has passed should have its
        /// targets' outcomes recorded.
        #[arg(long, value_name = "DATE", value_parser = date, env = "IEP_TODAY")]
        today: Option<iep::Date>,
    },
}

#[derive(Subcommand)]
enum FormCommand {
    /// Print a built-in form file, to start a school's own form from.
    #[command(after_help = "\
Examples:
  iep form show general > our-school.yaml
  iep form show durants

Change the copy (labels, columns, rules under `policy:`), then check it with `iep check
our-school.yaml` and use it with `form: our-school.yaml` in a plan or `--form our-school.yaml`.")]
    Show {
        /// A built-in form: general, highland, durants, sen-support, one-page-profile, passport,
        /// pupil, review or group.
        name: String,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum To {
    /// PDF, for printing.
    Pdf,
    /// DOCX, to edit in Word or LibreOffice.
    Docx,
}

fn forms() -> ExitCode {
    let mut text = String::new();
    for name in iep::form::BUILTIN_FORMS {
        match iep::FormRef::Builtin(name).get() {
            Ok(form) => {
                text += &format!("{name}\n  {}\n", form.description());
                if name != iep::form::PUPIL_FORM && name != iep::form::REVIEW_FORM {
                    for line in form.policy().summary() {
                        text += &format!("  - {line}\n");
                    }
                }
                text += "\n";
            }
            Err(error) => {
                console::eprint(&format!("iep: {error}\n"));
                return ExitCode::from(1);
            }
        }
    }
    text += "A school's own form is a file: `iep form show general > our-school.yaml` gives one to \
             start from. `iep new --form NAME` starts a plan.\n";
    console::finish(console::print(&text), ExitCode::SUCCESS)
}

fn form_show(name: &str) -> ExitCode {
    match iep::form::builtin_text(name) {
        Some(text) => console::finish(console::print(text), ExitCode::SUCCESS),
        None => {
            let names = iep::form::BUILTIN_FORMS.join(", ");
            console::eprint(&format!(
                "iep: there is no built-in form called `{}`: the built-in forms are {names}\n",
                console::escaped(name)
            ));
            ExitCode::from(2)
        }
    }
}

/// The form `--form` names, found from where the user stands and compiled once for every plan.
/// A form that cannot be used is said, with its line when the mistake is in the form file, and
/// the command exits with status 2.
fn chosen_form(name: Option<&str>) -> Result<Option<Arc<iep::Form>>, ExitCode> {
    let Some(name) = name else {
        return Ok(None);
    };
    let form = iep::FormRef::parse(name, Path::new(".")).and_then(|form| form.get_checked());
    match form {
        Ok(form) => Ok(Some(form)),
        Err(diagnostic) if diagnostic.file.is_some() => {
            console::eprint(&paint::diagnostic(
                "",
                None,
                &diagnostic,
                paint::styled_stderr(),
            ));
            Err(ExitCode::from(2))
        }
        Err(diagnostic) => {
            console::eprint(&format!("iep: --form: {}\n", diagnostic.message));
            if let Some(hint) = &diagnostic.hint {
                console::eprint(&format!("  hint: {hint}\n"));
            }
            Err(ExitCode::from(2))
        }
    }
}

/// The school's fonts `--font-dir` names, read once for every plan; a folder that cannot be
/// used is said, and the command exits with status 2.
fn chosen_fonts(folder: Option<&Path>) -> Result<Option<Arc<iep::fonts::FontDir>>, ExitCode> {
    let Some(folder) = folder else {
        return Ok(None);
    };
    match iep::fonts::FontDir::load(folder) {
        Ok(fonts) => Ok(Some(Arc::new(fonts))),
        Err(error) => {
            console::eprint(&format!("iep: --font-dir: {}\n", console::chain(&error)));
            Err(ExitCode::from(2))
        }
    }
}

fn new(form: Option<&str>, output: Option<&Path>) -> ExitCode {
    if form == Some(iep::form::GROUP_FORM) {
        console::eprint(
            "iep: a group plan has `group:` (its name, members and provision) in place of `pupil:`; \
             see \"Group plans\" in the README\n",
        );
        return ExitCode::from(2);
    }
    if form == Some(iep::form::PUPIL_FORM) || form == Some(iep::form::REVIEW_FORM) {
        console::eprint(
            "iep: the pupil-friendly page and the review sheet are printed from any plan \
             (`iep render --pupil-friendly`, `iep review`); start the plan on the school's form\n",
        );
        return ExitCode::from(2);
    }
    let school = match chosen_form(Some(form.unwrap_or(iep::form::DEFAULT_FORM))) {
        Ok(Some(school)) => school,
        Ok(None) => return ExitCode::from(2),
        Err(status) => return status,
    };
    let starter = iep::form::starter(form, &school);
    write_plan(&starter, output, "fill it in")
}

/// One starter plan for each pupil of a class list, named after the pupil, never over an
/// existing file; rows that cannot be read are said with their line.
fn new_from(form: Option<&str>, class_list: &Path, out: &Path, columns: &[String]) -> ExitCode {
    let school = match chosen_form(Some(form.unwrap_or(iep::form::DEFAULT_FORM))) {
        Ok(Some(school)) => school,
        Ok(None) => return ExitCode::from(2),
        Err(status) => return status,
    };
    let mut chosen = Vec::new();
    for column in columns {
        let Some((field, header)) = column.split_once('=') else {
            console::eprint(&format!(
                "iep: --column {column}: write it as FIELD=HEADER, such as date_of_birth=DOB\n"
            ));
            return ExitCode::from(2);
        };
        chosen.push((field.trim().to_owned(), header.trim().to_owned()));
    }
    let file = console::path(class_list);
    let refused = |why: String, hint: &str| {
        console::eprint(&format!("iep: {file}: {why}\n  hint: {hint}\n"));
        ExitCode::from(2)
    };
    let bytes = match iep::class_list::read_file(class_list) {
        Ok(bytes) => bytes,
        Err(why) => {
            return refused(
                why,
                "give the CSV file the school's information system exported",
            );
        }
    };
    let rows = match iep::class_list::read(&bytes, &chosen) {
        Ok(rows) => rows,
        Err(error @ iep::class_list::ClassListError::NotUtf8) => {
            return refused(
                error.to_string(),
                "export it again as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8), or save it as UTF-8 in LibreOffice",
            );
        }
        Err(error) => {
            return refused(
                error.to_string(),
                "name the column with --column, such as --column name=\"Pupil Name\"",
            );
        }
    };
    if let Err(error) = std::fs::create_dir_all(out) {
        console::eprint(&format!(
            "iep: cannot make {}: {error}\n",
            console::path(out)
        ));
        return ExitCode::from(2);
    }
    let mut status = ExitCode::SUCCESS;
    let mut written = 0;
    for row in rows {
        let (line, pupil) = match row {
            Ok(row) => row,
            Err(error) => {
                console::eprint(&format!("iep: {file}: {error}; no plan written for it\n"));
                status = ExitCode::from(1);
                continue;
            }
        };
        let starter = iep::form::starter_for(form, &school, &pupil);
        let name = write::file_name(pupil.name.as_deref().unwrap_or_default());
        let path = out.join(format!("{name}.yaml"));
        match write::new_file(&path, starter.as_bytes()) {
            Ok(()) => {
                written += 1;
                console::eprint(&format!("wrote {}\n", console::path(&path)));
            }
            Err(error) => {
                console::eprint(&format!("iep: {file}: line {line}: {error}\n"));
                status = ExitCode::from(1);
            }
        }
    }
    console::eprint(&format!(
        "{written} plans started: fill them in, then `iep check {}`\n",
        console::path(out)
    ));
    status
}

/// A plan to go on writing, to standard output or to `output`, a new file (never over an
/// existing one), with what to do next.
fn write_plan(text: &str, output: Option<&Path>, then: &str) -> ExitCode {
    let Some(output) = output else {
        return console::finish(console::print(text), ExitCode::SUCCESS);
    };
    match write::new_file(output, text.as_bytes()) {
        Ok(()) => {
            console::eprint(&format!(
                "wrote {}: {then}, then `iep check {}`\n",
                console::path(output),
                console::path(output)
            ));
            ExitCode::SUCCESS
        }
        Err(error) => {
            console::eprint(&format!("iep: {error}\n"));
            ExitCode::from(2)
        }
    }
}

fn next(path: &Path, created: Option<iep::Date>, output: Option<&Path>) -> ExitCode {
    let source = match iep::Source::read(path) {
        Ok(source) => source,
        Err(error) => {
            console::eprint(&format!("iep: {error}\n"));
            return ExitCode::from(2);
        }
    };
    let file = console::path(path);
    let refused = |diagnostics: &[iep::Diagnostic]| {
        let styled = paint::styled_stderr();
        let shown: String = diagnostics
            .iter()
            .map(|d| paint::diagnostic(&file, Some(&source), d, styled))
            .collect();
        console::eprint(&format!(
            "{shown}iep: no next plan written: {file} needs the changes above first\n"
        ));
        ExitCode::from(1)
    };
    // The plan must be sound, its review recorded with a comment where one is due.
    let report = iep::check(&source);
    if report.has_errors() {
        return refused(&report.errors().cloned().collect::<Vec<_>>());
    }
    let (Ok(mut plan), Some(form)) = (
        iep::parse(&source),
        iep::FormRef::parse(
            plan_form(&source)
                .as_deref()
                .unwrap_or(iep::form::DEFAULT_FORM),
            path.parent().unwrap_or(Path::new(".")),
        )
        .ok()
        .and_then(|form| form.get().ok()),
    ) else {
        // `iep check` found no error, so both load.
        return ExitCode::from(2);
    };
    // The photo, a group plan and a group's members' plans are named relative to the plan: to
    // the new file's folder.
    let here = path.parent().unwrap_or(Path::new("."));
    if let Some(there) = output.map(|o| o.parent().unwrap_or(Path::new("."))) {
        let moved = |p: PathBuf| relative_to(here, &p, there);
        plan.pupil.photo = plan.pupil.photo.map(moved);
        plan.group_plan = plan.group_plan.map(moved);
        for member in plan.group.iter_mut().flat_map(|g| g.members.iter_mut()) {
            member.plan = member.plan.take().map(moved);
        }
    }
    let text = match iep::next_plan(&plan, form.policy(), created) {
        Ok(text) => text,
        Err(report) => return refused(&report.diagnostics),
    };
    write_plan(&text, output, "fill in the new targets and dates")
}

/// `file`, named relative to the folder `from`, named relative to the folder `to` instead; as
/// it was when it is absolute or either folder cannot be found.
fn relative_to(from: &Path, file: &Path, to: &Path) -> PathBuf {
    let folder = |p: &Path| {
        if p.as_os_str().is_empty() {
            Path::new(".").canonicalize()
        } else {
            p.canonicalize()
        }
    };
    let (Ok(from), Ok(to)) = (folder(from), folder(to)) else {
        return file.to_owned();
    };
    if file.is_absolute() || from == to {
        return file.to_owned();
    }
    let shared = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: PathBuf = to.components().skip(shared).map(|_| "..").collect();
    out.extend(from.components().skip(shared));
    out.join(file)
}

/// The form a plan names, read again (the plan is known to load).
fn plan_form(source: &iep::Source) -> Option<String> {
    iep::parse(source).ok().and_then(|plan| plan.form)
}

fn completions(shell: clap_complete::Shell) -> ExitCode {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "iep", &mut script);
    console::finish(
        console::print(&String::from_utf8_lossy(&script)),
        ExitCode::SUCCESS,
    )
}

/// A typeface by its name: `liberation-sans`, `andika` or `opendyslexic`.
fn date(text: &str) -> Result<iep::Date, String> {
    iep::Date::parse(text).ok_or_else(|| iep::Date::why_not(text))
}

/// Today's date by the system clock, in UTC: the only place iep reads the clock.
fn clock_today() -> iep::Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    iep::Date::from_unix_days(seconds / 86_400)
}

fn typeface(name: &str) -> Result<iep::Typeface, String> {
    iep::Typeface::from_key(name).ok_or_else(|| {
        let known: Vec<&str> = iep::Typeface::ALL.iter().map(|t| t.key()).collect();
        format!("use one of {}", known.join(", "))
    })
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// For people: the offending line of YAML, a caret and a hint.
    Human,
    /// For programs: one JSON document.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Forms => forms(),
        Command::Form(FormCommand::Show { name }) => form_show(&name),
        Command::New {
            form,
            from: Some(class_list),
            out: Some(out),
            column,
            ..
        } => new_from(form.as_deref(), &class_list, &out, &column),
        Command::New { form, output, .. } => new(form.as_deref(), output.as_deref()),
        Command::Completions { shell } => completions(shell),
        Command::Next {
            plan,
            created,
            output,
        } => next(&plan, created, output.as_deref()),
        Command::Provision {
            plans,
            to,
            out,
            initials,
            costs,
        } => provision::run(&provision::Settings {
            inputs: plans,
            out,
            to,
            initials,
            costs,
        }),
        Command::History {
            plans,
            to,
            out,
            format,
        } => history::run(&history::Settings {
            inputs: plans,
            out,
            to,
            json: matches!(format, Format::Json),
        }),
        Command::Review {
            plans,
            to,
            form,
            out,
            quiet,
        } => render::run(&render::Settings {
            inputs: plans,
            form: None,
            out,
            to,
            sheets: vec![iep::Sheet::Review(match chosen_form(form.as_deref()) {
                Ok(form) => form,
                Err(status) => return status,
            })],
            typeface: None,
            quiet,
            jobs: None,
            font_dir: None,
            archive: false,
            today: clock_today(),
        }),
        Command::Schema => {
            console::finish(console::print(&iep::plan::json_schema()), ExitCode::SUCCESS)
        }
        Command::Check {
            plans,
            form,
            format,
            deny_warnings,
            pupil_friendly,
            font_dir,
            today,
        } => check::run(&check::Settings {
            inputs: plans,
            form: match chosen_form(form.as_deref()) {
                Ok(form) => form,
                Err(status) => return status,
            },
            json: matches!(format, Format::Json),
            deny_warnings,
            pupil_friendly,
            font_dir: match chosen_fonts(font_dir.as_deref()) {
                Ok(fonts) => fonts,
                Err(status) => return status,
            },
            today: today.unwrap_or_else(clock_today),
        }),
        Command::Render {
            plans,
            to,
            form,
            out,
            pupil_friendly,
            both,
            quiet,
            jobs,
            font,
            font_dir,
            archive,
            today,
        } => render::run(&render::Settings {
            inputs: plans,
            form: match chosen_form(form.as_deref()) {
                Ok(form) => form,
                Err(status) => return status,
            },
            out,
            to,
            sheets: match (both, pupil_friendly) {
                (true, _) => vec![iep::Sheet::SchoolForm, iep::Sheet::PupilFriendly],
                (false, true) => vec![iep::Sheet::PupilFriendly],
                (false, false) => vec![iep::Sheet::SchoolForm],
            },
            typeface: font,
            quiet,
            jobs,
            font_dir: match chosen_fonts(font_dir.as_deref()) {
                Ok(fonts) => fonts,
                Err(status) => return status,
            },
            archive,
            today: today.unwrap_or_else(clock_today),
        }),
    }
}
