//! The next plan, started from a reviewed one as YAML text a person goes on writing: what
//! carries over filled in, the previous targets with their outcomes, what the meeting decides
//! left empty.

use minijinja::value::Serde;

use crate::diagnostic::{Code, Diagnostic, Report};
use crate::plan::{Date, Outcome, Plan, Target};
use crate::policy::Policy;
use crate::source::FieldPath;

impl Plan {
    /// The next plan after this one, reviewed, as YAML text that loads back: form, school, pupil (or
    /// a group plan's group and members), profile, one-page profile (`about_me`), group plan and who is responsible carried over; `previous_targets` filled from this plan's
    /// targets with their outcomes, actions (the strategies) and, as comments, all the review
    /// recorded on them; `plan.previous_plan` set to this plan's date; the new targets, review date
    /// and views left for the meeting, with the review date `policy`'s cycle suggests after
    /// `created` in a comment, and each target not fully achieved offered, commented out, as a
    /// starting point. When `created` is in a later school year, the year group is left for the
    /// meeting too, the old one in a comment. Every text is quoted as YAML.
    ///
    /// A target with no outcome means the review is not recorded yet: the located findings say
    /// which, and nothing is written.
    pub fn next_plan(
        &self,
        policy: &Policy,
        created: Option<Date>,
    ) -> Result<String, crate::Error> {
        let plan = self;
        let unrecorded: Vec<Diagnostic> = plan
            .targets()
            .filter(|(_, _, target)| target.outcome.is_none())
            .map(|(g, t, _)| {
                let field = FieldPath::target(g, t).key("target");
                Diagnostic::error(
                    Code::OutcomeNotRecorded,
                    format!(
                        "goal {}, target {} has no outcome: the review is not recorded yet",
                        g + 1,
                        t + 1
                    ),
                )
                .with_hint("add `outcome:` fully_achieved, partially_achieved or not_achieved, and `review_comment:` unless fully achieved")
                .at_place(plan.place(&field))
                .at_field(field)
            })
            .collect();
        if !unrecorded.is_empty() {
            return Err(crate::Error::invalid(Report {
                diagnostics: unrecorded,
            }));
        }
        let previous: Vec<minijinja::Value> = plan
            .targets()
            .map(|(_, _, target)| previous_target(target))
            .collect();
        let review = created.and_then(|c| c.plus_months(policy.review_within_months));
        // A new school year moves the pupil up a year group, or into another class: the meeting
        // says which, and until it does the next plan is not ready.
        let years = plan
            .plan
            .created
            .zip(created)
            .map(|(this, next)| (school_year(this), school_year(next)))
            .filter(|(this, next)| next > this);
        let year_group_was = years.and(plan.pupil.year_group.clone());
        let mut env = minijinja::Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        // Block tags on lines of their own leave no blank lines behind.
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        env.add_filter("yaml", |value: minijinja::Value| {
            // Numbers (`asn_level`) and dates are written as they are, text always quoted.
            match value.as_str() {
                Some(date) if is_iso_date(date) => date.to_owned(),
                Some(text) => yaml_scalar(text),
                None if value.is_none() || value.is_undefined() => String::new(),
                None => value.to_string(),
            }
        });
        env.add_filter("code", |value: minijinja::Value| {
            value.as_str().map(yaml_code).unwrap_or_default()
        });
        env.render_str(
            include_str!("../../templates/next.yaml"),
            minijinja::context! {
                plan => Serde(plan),
                previous,
                created => created.map(|d| d.iso()),
                this_plan => plan.plan.created.map(|d| d.iso()),
                this_plan_long => plan.plan.created.map(|d| d.long()),
                review => review.map(|d| d.iso()),
                months => policy.review_within_months,
                year_group_was,
                school_years => years.map(|(this, next)| minijinja::context! {
                    this => school_year_words(this),
                    next => school_year_words(next),
                }),
                pupil_friendly => policy.pupil_friendly,
                again => plan.goals.iter().map(|goal| {
                    goal.targets
                        .iter()
                        .filter(|t| t.outcome != Some(Outcome::FullyAchieved))
                        .map(Serde)
                        .map(minijinja::Value::from)
                        .collect::<Vec<_>>()
                }).collect::<Vec<_>>(),
            },
        )
        // The template is ours and compiled in; the tests render it for every example plan.
        .map_err(crate::Error::next_plan_unwritten)
    }
}

/// A target of this plan as the next plan's previous target: its text, what was done (the
/// strategies), its outcome, and as its comment everything the review recorded on it, each on a
/// line of its own: why (the review's comment), how it was modified, what was achieved and the
/// monitoring notes of each term.
fn previous_target(target: &Target) -> minijinja::Value {
    let mut lines = Vec::new();
    let mut add = |label: &str, text: &Option<String>| {
        if let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            lines.push(format!("{label}{text}"));
        }
    };
    add("", &target.review_comment);
    add("Modified: ", &target.modified);
    add("Achievement: ", &target.achievement);
    for (term, note) in target.monitoring.iter().enumerate() {
        add(&format!("Term {}: ", term + 1), &Some(note.clone()));
    }
    let comment = (!lines.is_empty()).then(|| lines.join("\n"));
    minijinja::context! {
        target => target.target.clone(),
        actions => target.strategies.clone(),
        outcome => target.outcome.map(Outcome::key),
        comment,
    }
}

/// The school year a date falls in, by the calendar year it starts in: a school year begins
/// with the first term after July (England's Education Act 1996, section 579; Scottish schools
/// go back in the middle of August), so 1 August is the first day any school counts in the new
/// year.
fn school_year(date: Date) -> i32 {
    let (year, month, _) = date.ymd();
    if month >= 8 { year } else { year - 1 }
}

/// "2026-27".
fn school_year_words(year: i32) -> String {
    format!("{year}-{:02}", (year + 1).rem_euclid(100))
}

/// `text` as a YAML scalar that reads back as the same text, always double-quoted: so that no
/// text of a plan can end a line, start a field or a comment, or reach the file as a control
/// character that a terminal would act on. A line break is written `\n` and kept on the line,
/// so the scalar is safe inside a comment too; the characters YAML does not allow raw, and the
/// invisible ones that would hide what the text says (controls, byte-order marks, direction
/// overrides, soft hyphens), are written as escapes: the text reads back the same, and what it
/// holds can be seen.
pub fn yaml_scalar(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if is_escaped(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters written as escapes: the controls (C0, DEL, C1), which YAML does not allow raw and
/// a terminal acts on; the invisible format characters, which hide what a text says; and the
/// two YAML forbids. Zero-width joiners and non-joiners stay: the scripts and emoji that need
/// them are written with them.
fn is_escaped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'
                | '\u{200E}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{FFFE}'..='\u{FFFF}'
        )
}

/// A code the plan format defines (a typeface, a paper colour, a language), written plain when
/// it is a plain word, as the plan's author wrote it.
fn yaml_code(text: &str) -> String {
    let plain = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        text.to_owned()
    } else {
        yaml_scalar(text)
    }
}

/// `2027-01-15`: a date as plans write it, which YAML reads as the text of a date.
fn is_iso_date(text: &str) -> bool {
    text.len() == 10 && text.as_bytes()[4] == b'-' && Date::parse(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_always_quoted_and_reads_back_the_same() {
        for (text, yaml) in [
            ("Reads 20 words", "\"Reads 20 words\""),
            ("Note: use visuals", "\"Note: use visuals\""),
            ("two\nlines", "\"two\\nlines\""),
            ("Says \"please\"", "\"Says \\\"please\\\"\""),
            ("\u{FEFF}Reads", "\"\\uFEFFReads\""),
            ("\u{1b}]0;x\u{7}", "\"\\u001B]0;x\\u0007\""),
            ("\u{9b}2J", "\"\\u009B2J\""),
            ("co\u{AD}ordinator", "\"co\\u00ADordinator\""),
            ("", "\"\""),
        ] {
            assert_eq!(yaml_scalar(text), yaml, "{text:?}");
        }
    }

    #[test]
    fn codes_are_plain_words_or_quoted() {
        assert_eq!(yaml_code("opendyslexic"), "opendyslexic");
        assert_eq!(yaml_code("pa-Arab"), "pa-Arab");
        assert_eq!(yaml_code("no"), "\"no\"");
    }

    #[test]
    fn a_school_year_starts_in_august() {
        let year = |y, m, d| Date::from_ymd(y, m, d).map(school_year);
        assert_eq!(year(2027, 7, 31), Some(2026));
        assert_eq!(year(2027, 8, 18), Some(2027));
        assert_eq!(year(2027, 9, 1), Some(2027));
        assert_eq!(school_year_words(2099), "2099-00");
    }
}
