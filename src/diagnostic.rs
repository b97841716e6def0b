//! Problems found in a plan, located and explained: the common currency of loading and
//! validation. Messages name fields and places, never what the plan says, so that a child's
//! record never ends up in a log; only a program showing the user their own file (the CLI) quotes it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::source::{FieldPath, Place};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The plan cannot be used as it is.
    Error,
    /// The plan can be used, but something is likely wrong or against guidance.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

macro_rules! codes {
    ($(#[doc = $doc:literal] $variant:ident = $name:literal, $severity:ident,)*) => {
        /// A stable name for each kind of problem, for programs and for policies that change
        /// how serious a rule is.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum Code {
            $(#[doc = $doc] #[serde(rename = $name)] $variant,)*
        }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The code as printed and as written in policies: `too-many-targets`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// How serious the problem is unless a school's policy says otherwise (a rule
            /// a policy turns up or down, or a check that is a warning until it cannot be met).
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// What the code means, in one line: README's table of codes says the same.
            pub fn doc(self) -> &'static str {
                match self {
                    $(Code::$variant => $doc.trim_ascii_start(),)*
                }
            }
        }
    };
}

codes! {
    // Reading the file.
    /// The file could not be read as text.
    NotUtf8 = "not-utf8", Error,
    /// The file is larger than a plan can be.
    TooLarge = "too-large", Error,
    /// The file holds no plan.
    EmptyFile = "empty-file", Error,
    /// The file is not a mapping of fields.
    NotAMapping = "not-a-mapping", Error,
    /// The YAML itself is malformed.
    YamlSyntax = "yaml-syntax", Error,
    /// The YAML is too deep, too big or uses too many aliases.
    TooComplex = "too-complex", Error,
    /// A list with more items than any plan holds.
    TooMany = "too-many", Error,
    /// A text longer than any field of a plan holds.
    TooLong = "too-long", Error,
    /// A key the plan format does not have.
    UnknownField = "unknown-field", Error,
    /// A key written twice in one mapping.
    DuplicateField = "duplicate-field", Error,
    /// A field the plan format needs is absent or empty.
    MissingField = "missing-field", Error,
    /// A value of the wrong kind (a list where text belongs, an unknown area...).
    InvalidValue = "invalid-value", Error,
    /// A date that is not a real date.
    InvalidDate = "invalid-date", Error,
    /// A form name or form file that cannot be used.
    UnknownForm = "unknown-form", Error,
    /// A mistake in a form's text or expressions.
    FormError = "form-error", Error,
    /// A picture that cannot be read.
    MissingImage = "missing-image", Error,

    // Validation errors.
    /// More short-term targets than the policy allows.
    TooManyTargets = "too-many-targets", Error,
    /// No next review date.
    MissingReviewDate = "missing-review-date", Error,
    /// No date the plan was drawn up.
    MissingCreatedDate = "missing-created-date", Error,
    /// A short-term target without one of its SMART parts.
    MissingSmartField = "missing-smart-field", Error,
    /// A target due after the next review.
    TargetAfterReview = "target-after-review", Error,
    /// A review date on or before the date the plan was made.
    ReviewBeforeCreated = "review-before-created", Error,
    /// A previous target, or a reviewed target, not fully achieved, with no comment on why.
    MissingOutcomeComment = "missing-outcome-comment", Error,
    /// A date of birth on or after the date the plan was drawn up.
    BirthAfterPlan = "birth-after-plan", Error,
    /// Highland's level of additional support needs outside 1 to 4.
    AsnLevelOutOfRange = "asn-level-out-of-range", Error,
    /// No goals at all.
    NoGoals = "no-goals", Error,
    /// An area of need the school's policy requires has no target.
    AreaNotCovered = "area-not-covered", Error,
    /// More monitoring notes than the form has terms.
    TooManyMonitoringNotes = "too-many-monitoring-notes", Error,

    // Validation warnings.
    /// No agreed date: the plan is a draft.
    DraftPlan = "draft-plan", Warning,
    /// The pupil's view is not recorded.
    MissingPupilView = "missing-pupil-view", Warning,
    /// The parents' view is not recorded.
    MissingParentsView = "missing-parents-view", Warning,
    /// More key targets than guidance advises.
    TooManyKeyTargets = "too-many-key-targets", Warning,
    /// A review further away than the school's review cycle.
    ReviewTooFar = "review-too-far", Warning,
    /// A group plan for six or more pupils with the same targets: not an individual plan.
    GroupNotIndividual = "group-not-individual", Warning,
    /// A target whose provision (how often, how long) cannot be read for the provision map.
    ProvisionNotRead = "provision-not-read", Warning,
    /// A target with no outcome when the plan's review date has passed.
    OutcomeNotRecorded = "outcome-not-recorded", Warning,
    /// A short-term target meant to take longer than a term.
    TargetTooLong = "target-too-long", Warning,
    /// A target due before the plan was made.
    TargetBeforeCreated = "target-before-created", Warning,
    /// Jargon or an acronym parents may not know.
    Jargon = "jargon", Warning,
    /// A target set again unchanged from the previous plan.
    RepeatedTarget = "repeated-target", Warning,
    /// A long-term target with no short-term targets.
    GoalWithoutTargets = "goal-without-targets", Warning,
    /// A field the plan fills that its form does not print.
    NotOnForm = "not-on-form", Warning,
    /// Text the PDF cannot print: a character the fonts lack, or a right-to-left script.
    UnprintableText = "unprintable-text", Warning,
    /// A one-page profile (`about_me`) longer than one reads at a glance.
    AboutMeTooLong = "about-me-too-long", Warning,
    /// A plan its one-page form (the one-page profile, the pupil passport) cannot hold on its pages even at the form's smallest type.
    TooLongForPage = "too-long-for-page", Error,
    /// A school's form whose documents a screen reader cannot follow (PDF/UA): a table of data with no header cell, a picture of its own with no words, a heading that can be empty.
    FormAccessibility = "form-accessibility", Warning,

    // The pupil-friendly version.
    /// A `symbol:` that is neither a built-in symbol nor a picture file's path.
    UnknownSymbol = "unknown-symbol", Warning,
    /// Text long for the one-page pupil-friendly plan, or (an error) too long for it at all.
    TooLongForWall = "too-long-for-wall", Warning,
    /// A target with no `pupil_helpers`: the page shows the adults' `who`.
    MissingPupilHelpers = "missing-pupil-helpers", Warning,
    /// A target with no words of the pupil's own.
    MissingPupilWords = "missing-pupil-words", Warning,
    /// The pupil's words are hard for a beginning reader.
    HardToRead = "hard-to-read", Warning,
    /// The pupil's words are not in the first person.
    NotFirstPerson = "not-first-person", Warning,

    // Printing.
    /// A file iep was given or a plan names could not be read at all.
    Unreadable = "unreadable", Error,
    /// A picture the renderer cannot decode, or one too large to print.
    UnprintablePicture = "unprintable-picture", Error,
    /// The document needs more pages than its form, or any document, may take.
    TooManyPages = "too-many-pages", Error,
    /// A table's repeated header rows leave no room on the page for its body.
    HeaderTooTall = "header-too-tall", Error,
    /// A renderer, or the library it uses to write its format, failed.
    RenderFailed = "render-failed", Error,
    /// A font folder that cannot be used: unreadable, with no usable font, or over its limits.
    FontFolder = "font-folder", Error,
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem, stable across versions.
    pub code: Code,
    /// What is wrong, naming the goal, target and field in words.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The field it is about, such as `goals[1].targets[0].success`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<FieldPath>,
    /// Where in the file, when the plan came from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// The file it is in when that is not the plan's own: the school's form file for a mistake
    /// in the form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Diagnostics that explain this one: where the plan names the form that has the mistake.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Diagnostic>,
}

impl Diagnostic {
    /// An error with a message and no place yet.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A warning with a message and no place yet.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// A diagnostic of `severity`, with a message and no place yet.
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Self {
            severity,
            code,
            message: message.into(),
            hint: None,
            field: None,
            place: None,
            file: None,
            related: Vec::new(),
        }
    }

    /// The same, with a hint on what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same, about `field`.
    pub fn at_field(mut self, field: FieldPath) -> Self {
        self.field = Some(field);
        self
    }

    /// The same, at `place` in the file.
    pub fn at_place(mut self, place: Option<Place>) -> Self {
        self.place = place;
        self
    }

    /// The same, in `file` rather than the plan's own file.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// The same, explained by `related`.
    pub fn with_related(mut self, related: Diagnostic) -> Self {
        self.related.push(related);
        self
    }
}

impl std::error::Error for Diagnostic {}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
            if self.place.is_none() {
                f.write_str(" ")?;
            }
        }
        if let Some(place) = self.place {
            write!(f, "{place}: ")?;
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// Everything found in one plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The problems, errors and warnings, in the order of the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.of(Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.of(Severity::Warning)
    }

    fn of(&self, severity: Severity) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |d| d.severity == severity)
    }

    /// True when the plan has at least one error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// True when there is nothing at all to report.
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// Adds `diagnostics`, keeping the report in the order of the file.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diagnostics);
        self.diagnostics
            .sort_by_key(|d| (d.place.is_none(), d.place, d.severity));
    }

    /// The codes found, in order: handy in tests.
    pub fn codes(&self) -> Vec<Code> {
        self.diagnostics.iter().map(|d| d.code).collect()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Code, Severity};

    /// README's table of codes, row by row: code, default severity and meaning.
    fn readme_codes() -> Vec<(String, String, String)> {
        let readme = include_str!("../README.md");
        let table = readme
            .split("### Every code")
            .nth(1)
            .unwrap_or_default()
            .split("\n\n")
            .find(|part| part.starts_with('|'))
            .unwrap_or_default();
        table
            .lines()
            .skip(2)
            .map(|row| {
                let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
                let cell = |i: usize| cells.get(i).copied().unwrap_or_default().to_owned();
                (cell(0).trim_matches('`').to_owned(), cell(1), cell(2))
            })
            .collect()
    }

    #[test]
    fn the_readme_table_of_codes_is_the_codes_table() {
        let expected: Vec<(String, String, String)> = Code::ALL
            .iter()
            .map(|code| {
                let severity = match code.severity() {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                (
                    code.as_str().to_owned(),
                    severity.to_owned(),
                    code.doc().to_owned(),
                )
            })
            .collect();
        let readme = readme_codes();
        for (row, code) in readme.iter().zip(&expected) {
            assert_eq!(row, code, "README's table of codes differs from `codes!`");
        }
        assert_eq!(
            readme.len(),
            expected.len(),
            "README's table of codes has a row too many or too few"
        );
    }
}
