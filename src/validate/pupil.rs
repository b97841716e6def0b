//! The pupil-friendly version: each target in the pupil's own words, short and plain enough for
//! a beginning reader, in the first person, with a picture that exists. Seed 004: pupils "be
//! helped to put their targets into their own words"; the pupil-friendly plan is "on display in
//! classrooms".
//!
//! Readability is measured by LIX (Björnsson's läsbarhetsindex): words per sentence plus the
//! percentage of words longer than six letters. It needs no syllable counting, so it works the
//! same for every word; below 30 is very easy, children's books score 20 to 30.

use super::{Checker, target_words};
use crate::diagnostic::{Code, Severity};
use crate::files::Refused;
use crate::fonts::Typeface;
use crate::source::FieldPath;
use crate::symbols;

/// Past this many characters the pupil's words are a warning: about ten words, as much as a
/// beginning reader takes in from their seat. Longer words still print, smaller; a plan is
/// refused only when its words cannot fit the page even at the smallest type.
pub const MAX_PUPIL_WORDS: usize = 50;

/// The same in OpenDyslexic, whose letters are a fifth wider.
pub const MAX_PUPIL_WORDS_OPENDYSLEXIC: usize = 40;

/// Past this many characters who helps is a warning: the names a pupil knows are short.
pub const MAX_HELPERS: usize = 45;

/// LIX above this is hard going for a beginning reader.
pub const MAX_LIX: u32 = 40;

/// Words that make a sentence first person, by language (the primary subtag of its code): the
/// singular, and the plural a group's page speaks in. The check runs only on words in a
/// language listed here: "Dw i'n darllen" is Welsh in the first person, and a list of English
/// pronouns cannot say so. A language is added with its words. Welsh is not: its "i" is "I"
/// and also "to", so a word list would pass third-person text.
const FIRST_PERSON: &[FirstPerson] = &[FirstPerson {
    language: "en",
    singular: &[
        "i", "i'm", "i'll", "i've", "i'd", "me", "my", "mine", "myself",
    ],
    plural: &[
        "we",
        "we're",
        "we'll",
        "we've",
        "we'd",
        "us",
        "our",
        "ours",
        "ourselves",
    ],
}];

/// The words of one language that make a sentence first person.
struct FirstPerson {
    language: &'static str,
    singular: &'static [&'static str],
    plural: &'static [&'static str],
}

/// The language the pupil's words are written in: the pupil's own (`views.pupil_language`),
/// English when the plan names none.
fn pupil_words_language(plan: &crate::plan::Plan) -> &str {
    plan.views
        .pupil_language
        .as_ref()
        .map_or("en", crate::plan::Language::as_str)
}

/// The first-person words of `language` (a BCP 47 code), when iep knows them: a group's words
/// may say "we" as well as "I".
fn first_person_words(language: &str, group: bool) -> Option<Vec<&'static str>> {
    let primary = language.split('-').next().unwrap_or_default();
    let words = FIRST_PERSON
        .iter()
        .find(|words| words.language.eq_ignore_ascii_case(primary))?;
    let plural = if group { words.plural } else { &[] };
    Some(words.singular.iter().chain(plural).copied().collect())
}

/// Checks every plan: a `symbol:` names a built-in symbol (by its name or a word for it) or a
/// picture file. Any other name is a warning: the pupil-friendly page shows the picture of the
/// target's area instead, and the school's form shows no symbol at all.
pub(super) fn symbols(checker: &mut Checker) {
    for (goal, index, target) in checker.plan.targets() {
        let Some(symbol) = target.symbol.as_deref().map(str::trim) else {
            continue;
        };
        if symbol.is_empty() || symbols::is_path(symbol) || symbols::resolve(symbol).is_some() {
            continue;
        }
        let nearest = symbols::nearest(symbol);
        let hint = if nearest.is_empty() {
            format!(
                "use one of {}, or the path of a PNG, JPEG or SVG file",
                symbols::names().collect::<Vec<_>>().join(", ")
            )
        } else {
            let names: Vec<String> = nearest.iter().map(|n| format!("`{n}`")).collect();
            format!("the nearest built-in symbols are {}", names.join(", "))
        };
        let area = checker.plan.goals[goal]
            .area
            .map_or("star", symbols::for_area);
        checker.warning(
            Code::UnknownSymbol,
            FieldPath::target(goal, index).key("symbol"),
            format!(
                "{} names a symbol that is not built in; the pupil-friendly page shows the picture of its area (`{area}`) instead",
                target_words(goal, index)
            ),
            &hint,
        );
    }
}

/// Checks that the pictures a plan names by path (the photo, symbols of its own) can be read,
/// from the folder of the plan's file or below; a plan read from text alone is not checked. Only
/// the pupil-friendly page prints them: elsewhere a missing picture is a warning. A path that
/// leads out of the plan's folder is always an error: a plan a school receives must not make iep
/// print a file from anywhere else, such as another child's photo.
pub(super) fn pictures(checker: &mut Checker) {
    let Some(folder) = checker.plan.folder.clone() else {
        return;
    };
    let mut named = Vec::new();
    if let Some(photo) = &checker.plan.pupil.photo {
        let path = super::root().key("pupil").key("photo");
        named.push((path, photo.clone(), "the photo".to_owned()));
    }
    for (goal, index, target) in checker.plan.targets() {
        if let Some(symbol) = target.symbol.as_deref().map(str::trim)
            && symbols::is_path(symbol)
        {
            let path = FieldPath::target(goal, index).key("symbol");
            let which = format!("the picture of {}", target_words(goal, index));
            named.push((path, symbol.into(), which));
        }
    }
    let usual = if checker.policy.pupil_friendly {
        Severity::Error
    } else {
        Severity::Warning
    };
    let hint = "give a PNG, JPEG or SVG file in the plan's folder or below, with its path relative to the plan file";
    for (path, file, which) in named {
        let (severity, why) = match checker.files.in_folder(&folder, &file) {
            Err(why @ Refused::Outside(_)) => (Severity::Error, why.to_string()),
            Err(why) => (usual, why.to_string()),
            Ok(file) => match crate::picture::read(checker.files, &file) {
                Ok(_) => continue,
                Err(why) => (usual, why),
            },
        };
        checker.emit(
            Code::MissingImage,
            severity,
            path,
            format!("{which} cannot be used: {why}"),
            hint,
        );
    }
}

/// Checks the pupil's words, when the policy says the school puts plans on the wall.
pub(super) fn words(checker: &mut Checker) {
    if !checker.policy.pupil_friendly {
        return;
    }
    for (goal, index, target) in checker.plan.targets() {
        let path = FieldPath::target(goal, index);
        let which = target_words(goal, index);
        match target.pupil_helpers.as_deref().map(str::trim) {
            None | Some("") => checker.warning(
                Code::MissingPupilHelpers,
                path.key("pupil_helpers"),
                format!("{which} has no `pupil_helpers`, so the pupil-friendly page shows the adults' `who`"),
                "add `pupil_helpers:` with the names the pupil knows, such as `Mrs Ross and Mr Grant`",
            ),
            Some(helpers) if helpers.chars().count() > MAX_HELPERS => checker.warning(
                Code::TooLongForWall,
                path.key("pupil_helpers"),
                format!(
                    "{which}: who helps is {} characters; over {MAX_HELPERS} it wraps onto more lines of smaller type on the wall",
                    helpers.chars().count()
                ),
                "the names the pupil knows are enough, such as `Mrs Ross and Mr Grant`",
            ),
            Some(_) => {}
        }
        let Some(words) = target
            .pupil_words
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty())
        else {
            checker.warning(
                Code::MissingPupilWords,
                path.key("pupil_words"),
                format!("{which} has no words of the pupil's own; the pupil-friendly page shows the adults' wording"),
                "add `pupil_words:` with the target as the pupil says it, such as `I will wait for my turn to talk.`",
            );
            continue;
        };
        let at = path.key("pupil_words");
        let length = words.chars().count();
        let limit = match checker.plan.pupil.font {
            Some(Typeface::OpenDyslexic) => MAX_PUPIL_WORDS_OPENDYSLEXIC,
            _ => MAX_PUPIL_WORDS,
        };
        if length > limit {
            checker.warning(
                Code::TooLongForWall,
                at.clone(),
                format!("{which}: the pupil's words are {length} characters; over {limit} they print smaller on the wall, for every target"),
                "keep it to one short sentence of about ten words",
            );
        }
        let score = Readability::of(words);
        if score.lix > MAX_LIX {
            checker.warning(
                Code::HardToRead,
                at.clone(),
                format!(
                    "{which}: the pupil's words are hard for a beginning reader (LIX {}: {} words in {} sentence{}, {} of more than six letters)",
                    score.lix,
                    score.words,
                    score.sentences,
                    if score.sentences == 1 { "" } else { "s" },
                    score.long_words
                ),
                &format!("aim for LIX {MAX_LIX} or less: short sentences and short words a child knows"),
            );
        }
        let group = checker.plan.group.is_some();
        let first_person = first_person_words(pupil_words_language(checker.plan), group);
        if first_person.is_some_and(|pronouns| !is_first_person(words, &pronouns)) {
            checker.warning(
                Code::NotFirstPerson,
                at,
                format!("{which}: the pupil's words are not in the first person"),
                "write them as the pupil says them: `I will ...`, `I can ...`, `My ...`",
            );
        }
    }
}

/// LIX and what it is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readability {
    /// Words, runs of letters and digits.
    pub words: usize,
    /// Sentences, ended by `.`, `!` or `?` (a text with none is one sentence).
    pub sentences: usize,
    /// Words of more than six letters.
    pub long_words: usize,
    /// Words per sentence plus the percentage of long words, rounded.
    pub lix: u32,
}

impl Readability {
    /// The readability of `text`.
    pub fn of(text: &str) -> Self {
        let words: Vec<usize> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .map(|word| word.chars().filter(|c| c.is_alphabetic()).count())
            .filter(|letters| *letters > 0)
            .collect();
        let sentences = text
            .split(['.', '!', '?'])
            .filter(|s| s.chars().any(char::is_alphanumeric))
            .count()
            .max(1);
        let long_words = words.iter().filter(|letters| **letters > 6).count();
        let lix = if words.is_empty() {
            0.0
        } else {
            words.len() as f64 / sentences as f64 + 100.0 * long_words as f64 / words.len() as f64
        };
        Self {
            words: words.len(),
            sentences,
            long_words,
            lix: lix.round() as u32,
        }
    }
}

fn is_first_person(text: &str, pronouns: &[&str]) -> bool {
    text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .map(|word| word.replace('’', "'").to_lowercase())
        .any(|word| pronouns.contains(&word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_plain_words_score_low() {
        let score = Readability::of("I will wait for my turn to talk.");
        assert_eq!((score.words, score.sentences, score.long_words), (8, 1, 0));
        assert_eq!(score.lix, 8);
    }

    #[test]
    fn long_words_raise_the_score() {
        // 7 words, 3 of them long: 7 + 43.
        assert_eq!(
            Readability::of("I will practise my spellings every morning.").lix,
            50
        );
    }

    #[test]
    fn sentences_are_counted_at_full_stops() {
        let score = Readability::of("I sit. I listen! Can I help?");
        assert_eq!((score.words, score.sentences), (7, 3));
    }

    #[test]
    fn first_person_is_found_with_curly_apostrophes() {
        let english = first_person_words("en-GB", false).unwrap_or_default();
        assert!(is_first_person("I’ll ask for help.", &english));
        assert!(is_first_person("Reading with my friend.", &english));
        assert!(!is_first_person("Eilidh will wait for her turn.", &english));
        assert!(!is_first_person("We take turns.", &english));
        let group = first_person_words("en", true).unwrap_or_default();
        assert!(is_first_person("We take turns.", &group));
    }

    #[test]
    fn only_languages_whose_first_person_is_known_are_checked() {
        assert!(first_person_words("en", false).is_some());
        assert!(first_person_words("EN-gb", false).is_some());
        for other in ["cy", "gd", "pl", "ur", "pa-Arab"] {
            assert!(first_person_words(other, false).is_none(), "{other}");
        }
    }
}
