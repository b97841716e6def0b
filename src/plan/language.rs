//! The language a text of the plan is written in, when it is not English: the parents' view in
//! Urdu, say. The PDF marks that text with it for screen readers and sets it in the script's own
//! face (Nastaliq for Urdu); the DOCX marks it for Word.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

/// What a language that does not read says, without repeating the value.
pub const NOT_A_LANGUAGE: &str = "a language is written as its code: `ur` for Urdu, `pa` for Panjabi, `bn` for Bengali, `ar` for Arabic, `pl` for Polish";

/// A language as its BCP 47 code: `ur`, `pa-Guru`, `bn-BD`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language(String);

impl Language {
    /// Reads a language code: two or three letters, then up to three subtags of letters and
    /// digits (`pa-Arab-PK`).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let mut parts = text.split(['-', '_']);
        let primary = parts.next()?;
        let primary_ok =
            (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
        let mut count = 0;
        let rest_ok = parts.all(|part| {
            count += 1;
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
        (primary_ok && rest_ok && count <= 3).then(|| Self(text.replace('_', "-")))
    }

    /// The code as written: `ur`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Language {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A language says how a text is printed, not what the plan says: no form prints it.
        super::fields::setting(self.as_str(), serializer)
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Language;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(NOT_A_LANGUAGE)
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Language, E> {
                Language::parse(text).ok_or_else(|| E::custom(NOT_A_LANGUAGE))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl schemars::JsonSchema for Language {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Language".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A language code (BCP 47): ur for Urdu, pa for Panjabi, bn for Bengali, ar for Arabic.",
            "pattern": "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn language_codes_are_read_and_anything_else_is_not() {
        for code in ["ur", "pa-Guru", "pa-Arab-PK", "bn_BD", "pnb"] {
            assert!(Language::parse(code).is_some(), "{code}");
        }
        for text in ["Urdu", "u", "", "ur-", "ur-ThisIsTooLong", "a-b-c-d-e"] {
            assert!(Language::parse(text).is_none(), "{text}");
        }
        assert_eq!(
            Language::parse("bn_BD").map(|l| l.to_string()),
            Some("bn-BD".into())
        );
    }
}
