//! A form's fixed words in each language it speaks (`words:`): the pupil-friendly page says "My
//! plan" to an English-medium pupil and "Fy nghynllun" to a Welsh-medium one. Form text reads
//! them as `words.my_plan`, in the pupil's language (`views.pupil_language`) when the form has
//! it, else in English, so a school adds a language by adding its words to its copy of a form.

use std::collections::BTreeMap;

use minijinja::value::Value;
use serde::Deserialize;

use crate::plan::{Language, Plan};
use crate::source::FieldPath;

/// The words of one language, by name: a text, or a list such as the twelve `months`.
pub(crate) type Words = BTreeMap<String, Word>;

/// One of a form's fixed words.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Word {
    /// A text: "My plan".
    Text(String),
    /// A list: the names of the months, January first.
    List(Vec<String>),
}

/// The language a form speaks when it has no words in the pupil's.
const DEFAULT: &str = "en";

/// What is wrong with a form's `words:`, at its place: a language that is not a language code,
/// months that are not twelve, or a language that lacks a word another has (which would stop
/// the form only for the pupils who speak it).
pub(super) fn problem(words: &BTreeMap<String, Words>) -> Option<(FieldPath, String)> {
    let path = FieldPath::root().key("words");
    let reference = words.get(DEFAULT).or_else(|| words.values().next())?;
    for (language, these) in words {
        let at = path.key(language);
        if Language::parse(language).is_none() {
            return Some((at, crate::plan::NOT_A_LANGUAGE.to_owned()));
        }
        if let Some(Word::List(months)) = these.get("months")
            && months.len() != 12
        {
            return Some((
                at.key("months"),
                format!(
                    "`months` names the twelve months, January first; it has {}",
                    months.len()
                ),
            ));
        }
        for (one, other) in [(reference, these), (these, reference)] {
            if let Some(missing) = one.keys().find(|name| !other.contains_key(*name)) {
                return Some((
                    at,
                    format!(
                        "the words of every language have the same names, and `{missing}` is not in all of them"
                    ),
                ));
            }
        }
    }
    None
}

/// The words `plan` is printed in, and their language: the pupil's language when the form has
/// words in it (by its full code, `cy-GB`, or its language alone, `cy`), else English, else the
/// form's first. No words at all for a form that has none.
pub(super) fn chosen<'a>(
    words: &'a BTreeMap<String, Words>,
    plan: &Plan,
) -> Option<(&'a str, &'a Words)> {
    let wanted = plan.views.pupil_language.as_ref().map(Language::as_str);
    let primary = |code: &str| code.split('-').next().unwrap_or_default().to_owned();
    let find = |code: &str| {
        words
            .iter()
            .find(|(language, _)| language.eq_ignore_ascii_case(code))
    };
    wanted
        .and_then(|code| find(code).or_else(|| find(&primary(code))))
        .or_else(|| find(DEFAULT))
        .or_else(|| words.iter().next())
        .map(|(language, words)| (language.as_str(), words))
}

/// The words as a value form text reads.
pub(super) fn value(words: Option<&Words>) -> Value {
    let map: BTreeMap<&str, Value> = words
        .into_iter()
        .flatten()
        .map(|(name, word)| {
            let value = match word {
                Word::Text(text) => Value::from(text.as_str()),
                Word::List(list) => Value::from(list.clone()),
            };
            (name.as_str(), value)
        })
        .collect();
    Value::from(map)
}

/// True for English, the language iep's own words and messages are in.
pub(super) fn is_english(language: &str) -> bool {
    language
        .split('-')
        .next()
        .unwrap_or_default()
        .eq_ignore_ascii_case("en")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(yaml: &[(&str, &[(&str, &str)])]) -> BTreeMap<String, Words> {
        yaml.iter()
            .map(|(language, words)| {
                let words = words
                    .iter()
                    .map(|(name, text)| (name.to_string(), Word::Text(text.to_string())))
                    .collect();
                (language.to_string(), words)
            })
            .collect()
    }

    #[test]
    fn every_language_has_the_same_words() {
        let good = words(&[
            ("en", &[("my_plan", "My plan")]),
            ("cy", &[("my_plan", "Fy nghynllun")]),
        ]);
        assert!(problem(&good).is_none());
        let lacking = words(&[("en", &[("my_plan", "My plan")]), ("cy", &[])]);
        assert!(problem(&lacking).is_some_and(|(path, _)| path.to_string() == "words.cy"));
        let not_a_language = words(&[("Welsh", &[])]);
        assert!(problem(&not_a_language).is_some());
    }
}
