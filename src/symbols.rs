//! The built-in symbols a plan can name for a target (`symbol: reading`): clear pictures for
//! the pupil-friendly page, compiled in. Twemoji graphics, CC-BY 4.0; see `templates/symbols/`.
//! A plan may name them in the words teachers use (`symbol: talk`, `symbol: maths`): those are
//! data, in `templates/symbols/synonyms.yaml`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::plan::Area;

/// The symbols as name and SVG bytes, each from `templates/symbols/NAME.svg`.
macro_rules! symbols {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../templates/symbols/", $name, ".svg")))),*]
    };
}

/// Every built-in symbol: its name and its SVG bytes (Twemoji's own, drawn as vectors in the PDF).
pub const SYMBOLS: &[(&str, &[u8])] = symbols![
    "reading",
    "writing",
    "numbers",
    "counting",
    "letters",
    "talking",
    "listening",
    "looking",
    "quiet",
    "asking",
    "friends",
    "sharing",
    "kindness",
    "feelings",
    "calm",
    "thinking",
    "break",
    "waiting",
    "time",
    "moving",
    "walking",
    "sitting",
    "playing",
    "cutting",
    "drawing",
    "computer",
    "money",
    "dressing",
    "eating",
    "toilet",
    "tidying",
    "organising",
    "learning",
    "star",
    "timetable",
];

/// The credit the pictures' licence (CC BY 4.0) asks for, printed wherever they are shown.
pub const CREDIT: &str = "Pictures: Twemoji, \u{a9} Twitter, Inc. and other contributors, licensed under CC BY 4.0 (creativecommons.org/licenses/by/4.0)";

/// The SVG of the built-in symbol `name`.
pub fn symbol(name: &str) -> Option<&'static [u8]> {
    SYMBOLS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, svg)| *svg)
}

/// The built-in symbol a plan's `symbol:` names: a symbol's own name or one of the words for it
/// (`talk`, `Maths`, `turn-taking`), whatever its capitals, spaces and hyphens.
pub fn resolve(name: &str) -> Option<&'static str> {
    let key = normalised(name);
    if let Some((known, _)) = SYMBOLS.iter().find(|(known, _)| *known == key) {
        return Some(known);
    }
    synonyms().get(key.as_str()).copied()
}

/// The built-in symbols whose names or words are nearest to `name`, nearest first: for a hint
/// when a plan names none of them.
pub fn nearest(name: &str) -> Vec<&'static str> {
    let key = normalised(name);
    let mut scored: Vec<(f64, &'static str)> = names()
        .map(|symbol| (symbol, symbol))
        .chain(
            synonyms()
                .iter()
                .map(|(word, symbol)| (word.as_str(), *symbol)),
        )
        .map(|(word, symbol)| (strsim::jaro_winkler(&key, word), symbol))
        .filter(|(score, _)| *score > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<&'static str> = Vec::new();
    for (_, symbol) in scored {
        if !out.contains(&symbol) && out.len() < 3 {
            out.push(symbol);
        }
    }
    out
}

/// Lower case, with runs of spaces, hyphens and underscores as one space.
fn normalised(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each word of `templates/symbols/synonyms.yaml` with its symbol, read once.
fn synonyms() -> &'static BTreeMap<String, &'static str> {
    static SYNONYMS: OnceLock<BTreeMap<String, &'static str>> = OnceLock::new();
    SYNONYMS.get_or_init(|| {
        let text = include_str!("../templates/symbols/synonyms.yaml");
        // The file is ours and a test reads it; a mistake in it leaves only the symbols' names.
        let table: BTreeMap<String, Vec<String>> = serde_saphyr::from_str(text).unwrap_or_default();
        let mut words = BTreeMap::new();
        for (symbol, list) in table {
            let Some((symbol, _)) = SYMBOLS.iter().find(|(known, _)| *known == symbol) else {
                continue;
            };
            for word in list {
                words.insert(normalised(&word), *symbol);
            }
        }
        words
    })
}

/// The names of the built-in symbols.
pub fn names() -> impl Iterator<Item = &'static str> {
    SYMBOLS.iter().map(|(name, _)| *name)
}

/// True when a plan's `symbol:` value names a picture file rather than a built-in symbol.
pub fn is_path(value: &str) -> bool {
    value.contains(['/', '\\', '.'])
}

/// The symbol shown for a target of `area` that names none.
pub fn for_area(area: Area) -> &'static str {
    match area {
        Area::CommunicationAndInteraction => "talking",
        Area::CognitionAndLearning => "learning",
        Area::SocialEmotionalMentalHealth => "feelings",
        Area::SensoryAndPhysical => "moving",
        Area::Literacy => "reading",
        Area::Numeracy => "numbers",
        Area::Independence => "organising",
        Area::Other => "star",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_synonym_names_a_symbol_once() {
        let text = include_str!("../templates/symbols/synonyms.yaml");
        let table: BTreeMap<String, Vec<String>> =
            serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{e}"));
        let mut seen = std::collections::BTreeSet::new();
        for (name, words) in &table {
            assert!(symbol(name).is_some(), "{name} is not a symbol");
            for word in words {
                let word = normalised(word);
                assert!(symbol(&word).is_none(), "{word} is a symbol's own name");
                assert!(seen.insert(word.clone()), "{word} stands twice");
            }
        }
        assert!(seen.len() > 150);
    }

    #[test]
    fn plain_words_find_their_symbol() {
        assert_eq!(resolve("talk"), Some("talking"));
        assert_eq!(resolve("Maths"), Some("numbers"));
        assert_eq!(resolve("turn-taking"), Some("sharing"));
        assert_eq!(resolve("reading"), Some("reading"));
        assert_eq!(resolve("dinosaur"), None);
        assert_eq!(nearest("frends").first(), Some(&"friends"));
    }
}
