//! Jargon and unexplained acronyms in text meant for parents. Seeds 000 and 002: a plan must be
//! "jargon free" and "accessible and understandable to all concerned".
//!
//! An acronym counts as explained when the plan spells it out anywhere, either in its own words
//! ("speech and language therapy") or as "... (SALT)". A finding names its acronym, a word of
//! two or more capitals (CVC, SALT), and points at the word itself; it quotes nothing else.

use std::collections::BTreeSet;

use super::Checker;
use crate::diagnostic::Code;
use crate::plan::Plan;
use crate::source::{FieldPath, Segment};
use crate::text;

/// Acronyms common in special needs paperwork, with what they stand for.
const KNOWN: &[(&str, &str)] = &[
    ("AAC", "augmentative and alternative communication"),
    ("ADD", "attention deficit disorder"),
    ("ADHD", "attention deficit hyperactivity disorder"),
    ("ASC", "autism spectrum condition"),
    ("ASD", "autism spectrum disorder"),
    ("ASN", "additional support needs"),
    ("CAMHS", "child and adolescent mental health services"),
    ("DCD", "developmental coordination disorder"),
    ("EHCP", "education, health and care plan"),
    ("ELSA", "emotional literacy support assistant"),
    ("EP", "educational psychologist"),
    ("HFW", "high-frequency words"),
    ("HI", "hearing impairment"),
    ("IBP", "individual behaviour plan"),
    ("LSA", "learning support assistant"),
    ("MLD", "moderate learning difficulties"),
    ("OT", "occupational therapist"),
    ("PBS", "positive behaviour support"),
    ("PECS", "picture exchange communication system"),
    ("PMLD", "profound and multiple learning difficulties"),
    ("PSA", "pupil support assistant"),
    ("SALT", "speech and language therapy"),
    ("SEMH", "social, emotional and mental health"),
    ("SEN", "special educational needs"),
    ("SENCO", "special educational needs co-ordinator"),
    (
        "SENDCO",
        "special educational needs and disabilities co-ordinator",
    ),
    ("SEND", "special educational needs and disabilities"),
    ("SfL", "support for learning"),
    ("SLD", "severe learning difficulties"),
    ("SLT", "speech and language therapist"),
    ("SNA", "special needs assistant"),
    ("SpLD", "specific learning difficulty"),
    ("TA", "teaching assistant"),
    ("VI", "visual impairment"),
];

/// The longest acronym a finding names: SENDCO has six letters.
const MAX_QUOTED: usize = 6;

/// Capitalised words everyone reads without help.
const PLAIN: &[&str] = &[
    "I", "IEP", "IEPS", "PE", "ICT", "IT", "TV", "UK", "OK", "AM", "PM", "NHS", "DT", "RE",
];

pub(super) fn check(checker: &mut Checker) {
    let fields = parent_facing(checker.plan);
    // Read as a person reads it: the soft hyphens and zero-width spaces pasted from Word are
    // not there.
    let whole: String = fields
        .iter()
        .map(|(_, text)| visible(text))
        .collect::<Vec<_>>()
        .join("\n");
    let squashed = squashed(&whole);
    let mut reported = BTreeSet::new();
    // The pupil's and the school's names, typed in capitals, are names, not jargon.
    let plan = checker.plan;
    let names: BTreeSet<String> = [
        plan.pupil.name.as_deref(),
        plan.pupil.known_as.as_deref(),
        plan.school.as_deref(),
    ]
    .into_iter()
    .flatten()
    .flat_map(|name| name.split(|c: char| !c.is_alphanumeric()))
    .map(str::to_lowercase)
    .collect();
    for (path, text) in &fields {
        for word in visible(text).split(|c: char| !c.is_ascii_alphanumeric()) {
            if !looks_like_acronym(word)
                || PLAIN.contains(&word)
                || reported.contains(word)
                || names.contains(&word.to_lowercase())
            {
                continue;
            }
            let known = KNOWN
                .iter()
                .find(|(acronym, _)| acronym.eq_ignore_ascii_case(word));
            if spelled_out_beside(&whole, word)
                || known.is_some_and(|(_, meaning)| squashed.contains(&self::squashed(meaning)))
            {
                continue;
            }
            reported.insert(word.to_owned());
            let place = path.describe();
            let (message, hint) = match known {
                Some((acronym, meaning)) => (
                    format!("{place}: \"{acronym}\" is jargon parents may not know"),
                    format!(
                        "write \"{meaning}\", or spell it out once as \"{meaning} ({acronym})\""
                    ),
                ),
                // An acronym is short; a longer word in capitals may be anything, a name typed
                // in capitals among them, and is not repeated.
                None if word.len() <= MAX_QUOTED => (
                    format!("{place}: \"{word}\" is an acronym the plan does not explain"),
                    format!("spell it out in plain words, or once as \"words ({word})\""),
                ),
                None => (
                    format!("{place}: a word in capitals that the plan does not explain"),
                    "spell it out in plain words, or once as \"words (ACRONYM)\"".to_owned(),
                ),
            };
            let at = checker.plan.places.word_place(path, word);
            checker.warning_at(Code::Jargon, path.clone(), at, message, &hint);
        }
    }
}

/// Two or more capital letters and only letters: SALT, SpLD, ADHD. Not a name whose every
/// capital starts a part of it in small letters: MacRae, McLeod, DeSouza, YouTube.
fn looks_like_acronym(word: &str) -> bool {
    word.len() >= 2
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && word.chars().filter(char::is_ascii_uppercase).count() >= 2
        && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && !is_name_shaped(word)
}

/// Every capital followed by small letters: Mc-Leod, Mac-Rae, Mc-Kenzie.
fn is_name_shaped(word: &str) -> bool {
    let mut parts = 0;
    let mut small = 0;
    for c in word.chars() {
        if c.is_ascii_uppercase() {
            if parts > 0 && small == 0 {
                return false;
            }
            parts += 1;
            small = 0;
        } else {
            small += 1;
        }
    }
    parts >= 2 && small > 0
}

/// The text without the characters that do not show: soft hyphens, zero-width spaces and
/// joiners, a byte-order mark.
fn visible(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
            )
        })
        .collect()
}

/// Only the letters and digits, in small letters: "co-ordinator", "co ordinator" and
/// "coordinator" are the same words.
fn squashed(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The acronym written beside its words: "words (ACRONYM)" or "words (ACRONYM, also ...)", or
/// "ACRONYM (words)" when the words in brackets start with its capitals in order:
/// "SENCo (special educational needs co-ordinator)".
fn spelled_out_beside(text: &str, acronym: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric();
    let mut from = 0;
    while let Some(found) = text[from..].find(acronym) {
        let at = from + found;
        from = at + acronym.len();
        let before = text[..at].chars().next_back();
        let rest = &text[from..];
        if rest.chars().next().is_some_and(is_word) || before.is_some_and(is_word) {
            continue;
        }
        if before == Some('(') {
            return true;
        }
        let Some(inside) = rest.trim_start().strip_prefix('(') else {
            continue;
        };
        let inside = inside.split(')').next().unwrap_or_default();
        if initials_spell(inside, acronym) {
            return true;
        }
    }
    false
}

/// The words of `words` start with the capitals of `acronym` in order, the first with its
/// first (small words such as "and" and the parts of "co-ordinator" may come between).
fn initials_spell(words: &str, acronym: &str) -> bool {
    let initials: Vec<char> = words
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|word| word.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    let capitals: Vec<char> = acronym
        .chars()
        .filter(char::is_ascii_uppercase)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if initials.first() != capitals.first() || initials.len() > capitals.len() * 3 {
        return false;
    }
    let mut initials = initials.into_iter();
    capitals
        .iter()
        .all(|capital| initials.any(|initial| initial == *capital))
}

/// The text fields the school writes for parents to read, with their paths, in file order: not
/// the pupil's details, the pupil's own words or the family's views. Each as it is printed
/// ([`text::clean`]), so the check reads the words a parent reads: an override that turns a word
/// round, or a zero-width space inside one, is gone from both.
fn parent_facing(plan: &Plan) -> Vec<(FieldPath, String)> {
    // The pupil's own words are what the pupil-friendly page prints.
    let own_words = plan.pupil_page_fields();
    plan.texts()
        .into_iter()
        .filter(|(path, _)| {
            !matches!(path.segments().first(), Some(Segment::Key(k)) if ["school", "pupil", "views"].contains(&k.as_str()))
                && !own_words.contains(path)
        })
        .map(|(path, text)| (path, text::clean(&text)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_are_words_of_capitals() {
        assert!(looks_like_acronym("SALT"));
        assert!(looks_like_acronym("SpLD"));
        assert!(looks_like_acronym("SfL"));
        assert!(looks_like_acronym("SENCo"));
        assert!(looks_like_acronym("TAs"));
        assert!(!looks_like_acronym("Salt"));
        assert!(!looks_like_acronym("A"));
        assert!(!looks_like_acronym("P5"));
    }

    #[test]
    fn surnames_of_two_capitals_are_names() {
        for name in [
            "MacRae",
            "McLeod",
            "McKenzie",
            "MacDonald",
            "DeSouza",
            "YouTube",
        ] {
            assert!(!looks_like_acronym(name), "{name}");
        }
    }

    #[test]
    fn an_acronym_is_explained_by_the_words_beside_it() {
        let explained = [
            ("SENCo", "our SENCo (special educational needs coordinator)"),
            (
                "SENCo",
                "our SENCo (special educational needs co-ordinator)",
            ),
            (
                "DCD",
                "developmental co-ordination disorder (DCD, or dyspraxia)",
            ),
            ("SALT", "speech and language therapy (SALT)"),
            ("SLT", "the SLT (speech and language therapist) visits"),
        ];
        for (acronym, text) in explained {
            assert!(spelled_out_beside(text, acronym), "{text}");
        }
        let unexplained = [
            ("OT", "OT (twice a week)"),
            ("EP", "EP (see report)"),
            ("ASD", "the ASD unit (see the map)"),
        ];
        for (acronym, text) in unexplained {
            assert!(!spelled_out_beside(text, acronym), "{text}");
        }
    }
}
