//! The next plan, started from a reviewed one as YAML text a person goes on writing: what
//! carries over filled in, the previous targets with their outcomes, what the meeting decides
//! left empty.

use minijinja::value::Serde;

use crate::diagnostic::{Code, Diagnostic, Report};
use crate::plan::{Date, Outcome, Plan, Target};
use crate::policy::Policy;
use crate::source::FieldPath;

/// The next plan after `plan`, reviewed, as YAML text that loads back: form, school, pupil,
/// profile, one-page profile and who is responsible carried over; `previous_targets` filled
/// from this plan's targets with their outcomes, actions (the strategies) and comments;
/// `plan.previous_plan` set to this plan's date; the new targets, review date and views left for
/// the meeting, with the review date `policy`'s cycle suggests after `created` in a comment,
/// and each target not fully achieved offered, commented out, as a starting point.
///
/// A target with no outcome means the review is not recorded yet: the located findings say
/// which, and nothing is written.
pub fn next_plan(plan: &Plan, policy: &Policy, created: Option<Date>) -> Result<String, Report> {
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
        return Err(Report {
            diagnostics: unrecorded,
        });
    }
    let previous: Vec<minijinja::Value> = plan
        .targets()
        .map(|(_, _, target)| previous_target(target))
        .collect();
    let review = created.and_then(|c| c.plus_months(policy.review_within_months));
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
        // Numbers (`asn_level`) are written as numbers, text so that it reads back as text.
        match value.as_str() {
            Some(text) => yaml_scalar(text),
            None if value.is_none() || value.is_undefined() => String::new(),
            None => value.to_string(),
        }
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
    .map_err(|_| Report::default())
}

/// A target of this plan as the next plan's previous target: its text, what was done (the
/// strategies), its outcome and the review's comment, with how it was modified.
fn previous_target(target: &Target) -> minijinja::Value {
    let comment = match (&target.review_comment, &target.modified) {
        (Some(comment), Some(modified)) => {
            let comment = comment.trim_end();
            let stop = if comment.ends_with(['.', '!', '?']) {
                ""
            } else {
                "."
            };
            Some(format!("{comment}{stop} Modified: {modified}"))
        }
        (Some(comment), None) => Some(comment.clone()),
        (None, Some(modified)) => Some(format!("Modified: {modified}")),
        (None, None) => None,
    };
    minijinja::context! {
        target => target.target.clone(),
        actions => target.strategies.clone(),
        outcome => target.outcome.map(Outcome::key),
        comment,
    }
}

/// `text` as a YAML scalar that reads back as the same text: plain when it is plainly text,
/// double-quoted (a JSON string, which YAML reads) when YAML would read it otherwise: a number,
/// true or null, a comment, a mapping, several lines.
pub fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.chars().any(char::is_control)
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
        )
        && text.parse::<f64>().is_err()
        && (!text.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '.')
            || is_iso_date(text));
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// `2027-01-15`: a date as plans write it, which YAML reads as the text of a date.
fn is_iso_date(text: &str) -> bool {
    text.len() == 10 && text.as_bytes()[4] == b'-' && Date::parse(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::yaml_scalar;

    #[test]
    fn text_that_yaml_would_misread_is_quoted() {
        for (text, yaml) in [
            ("Reads 20 words", "Reads 20 words"),
            ("Note: use visuals", "\"Note: use visuals\""),
            ("yes", "\"yes\""),
            ("20", "\"20\""),
            ("2027-01-15", "2027-01-15"),
            ("15/01/2027", "\"15/01/2027\""),
            ("- a list?", "\"- a list?\""),
            ("two\nlines", "\"two\\nlines\""),
            ("Class teacher #1", "\"Class teacher #1\""),
            ("", "\"\""),
        ] {
            assert_eq!(yaml_scalar(text), yaml, "{text:?}");
        }
    }
}
