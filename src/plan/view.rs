//! The pupil's and the parents' views: each one text in one language, or paragraphs each in its
//! own language, for a family that writes in two (Polish and Romanian; Somali and Tigrinya). The
//! PDF tags each paragraph with its language for screen readers, and the DOCX for Word's
//! proofing and right-to-left layout; checks that read English only ask each text its language.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use super::Language;
use crate::source::FieldPath;

/// The pupil's and the parents' views of the current situation.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Views {
    /// The child's or young person's view: one text, or paragraphs each with its own
    /// `language`.
    #[serde(default)]
    pub pupil: Option<View>,
    /// The parents' or carers' view: one text, or paragraphs each with its own `language`.
    #[serde(default)]
    pub parents: Option<View>,
    /// The language the pupil's view is written in, when not English (`ur`, `pa`, `bn`); for a
    /// view of paragraphs, the language of those that give none.
    #[serde(default)]
    pub pupil_language: Option<Language>,
    /// The language the parents' view is written in, when not English: the PDF sets it in that
    /// language's own face (Urdu in Nastaliq) and marks it for screen readers. For a view of
    /// paragraphs, the language of those that give none.
    #[serde(default)]
    pub parents_language: Option<Language>,
}

/// One view: a text, or paragraphs each in its own language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum View {
    /// One text, in the view's language (`pupil_language`, `parents_language`; else English).
    Text(String),
    /// Paragraphs, each in its own language: `- text: ...` with `language: so`.
    Paragraphs(Vec<ViewParagraph>),
}

/// A paragraph of a view, in its own language: `text:` with `language:`, or only its text, in
/// the view's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewParagraph {
    /// What the paragraph says.
    pub text: String,
    /// The language it is written in (`pl`, `ro`, `so`, `ti`); without one, the view's
    /// language (`pupil_language`, `parents_language`), else English.
    pub language: Option<Language>,
    /// Written as its text alone (`- We want...`), not as `text:` (`- text: We want...`): where
    /// in the file its text is.
    written_as_text: bool,
}

/// A paragraph written as its text alone is written back so, and walked with its text at the
/// paragraph's own path (`views.parents[1]`); else as `text:` with its `language:`.
impl Serialize for ViewParagraph {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        if self.written_as_text && self.language.is_none() {
            return serializer.serialize_str(&self.text);
        }
        let fields = 1 + usize::from(self.language.is_some());
        let mut paragraph = serializer.serialize_struct("ViewParagraph", fields)?;
        paragraph.serialize_field("text", &self.text)?;
        if let Some(language) = &self.language {
            paragraph.serialize_field("language", language)?;
        }
        paragraph.end()
    }
}

impl ViewParagraph {
    /// A paragraph in `language` (`None`: the view's).
    pub fn new(text: impl Into<String>, language: Option<Language>) -> Self {
        Self {
            text: text.into(),
            language,
            written_as_text: false,
        }
    }

    /// Where its text is, for the paragraph at `at` (`views.parents[1]`).
    fn text_path(&self, at: FieldPath) -> FieldPath {
        if self.written_as_text {
            at
        } else {
            at.key("text")
        }
    }
}

/// A paragraph written with its fields.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ParagraphFields {
    /// What the paragraph says.
    text: String,
    /// The language it is written in (`pl`, `ro`, `so`, `ti`); without one, the view's
    /// language (`pupil_language`, `parents_language`), else English.
    #[serde(default)]
    language: Option<Language>,
}

/// One text of a view, where it is in the plan and the language it is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ViewText<'a> {
    /// `views.parents` for a view of one text, `views.parents[1].text` for a paragraph
    /// (`views.parents[1]` for one written as its text alone).
    pub path: FieldPath,
    /// What it says.
    pub text: &'a str,
    /// Its language when the plan says it is not English.
    pub language: Option<&'a Language>,
}

impl View {
    /// The view as one text, its paragraphs a blank line apart: as a form prints it.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            View::Text(text) => Cow::Borrowed(text),
            View::Paragraphs(paragraphs) => Cow::Owned(
                paragraphs
                    .iter()
                    .map(|p| p.text.trim())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            ),
        }
    }

    /// True when the view says nothing but spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            View::Text(text) => text.trim().is_empty(),
            View::Paragraphs(paragraphs) => paragraphs.iter().all(|p| p.text.trim().is_empty()),
        }
    }
}

impl From<&str> for View {
    fn from(text: &str) -> Self {
        View::Text(text.to_owned())
    }
}

impl From<String> for View {
    fn from(text: String) -> Self {
        View::Text(text)
    }
}

impl Views {
    /// Every text of both views, the pupil's first, with its place and language: the view
    /// itself when it is one text, else each paragraph.
    pub(crate) fn texts(&self) -> Vec<ViewText<'_>> {
        let views = FieldPath::root().key("views");
        let mut texts = Vec::new();
        for (key, view, language) in [
            ("pupil", &self.pupil, &self.pupil_language),
            ("parents", &self.parents, &self.parents_language),
        ] {
            let path = views.key(key);
            match view {
                None => {}
                Some(View::Text(text)) => texts.push(ViewText {
                    path,
                    text,
                    language: language.as_ref(),
                }),
                Some(View::Paragraphs(paragraphs)) => {
                    texts.extend(
                        paragraphs
                            .iter()
                            .enumerate()
                            .map(|(i, paragraph)| ViewText {
                                path: paragraph.text_path(path.index(i)),
                                text: &paragraph.text,
                                language: paragraph.language.as_ref().or(language.as_ref()),
                            }),
                    );
                }
            }
        }
        texts
    }
}

/// What a view that does not read says, without repeating it.
const NOT_A_VIEW: &str =
    "the view as text, or as a list of paragraphs, each with `text:` and its `language:`";

impl<'de> Deserialize<'de> for View {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = View;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(NOT_A_VIEW)
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<View, E> {
                Ok(View::Text(text.to_owned()))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<View, E> {
                Ok(View::Text(text))
            }
            // A view of a number or a yes/no is still what was written.
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<View, E> {
                Ok(View::Text(value.to_string()))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<View, E> {
                Ok(View::Text(value.to_string()))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<View, E> {
                Ok(View::Text(value.to_string()))
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<View, E> {
                Ok(View::Text(value.to_string()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<View, A::Error> {
                let mut paragraphs = Vec::new();
                while let Some(paragraph) = seq.next_element::<ViewParagraph>()? {
                    paragraphs.push(paragraph);
                }
                Ok(View::Paragraphs(paragraphs))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for ViewParagraph {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = ViewParagraph;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a paragraph: its text, or `text:` with its `language:`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<ViewParagraph, E> {
                Ok(ViewParagraph {
                    text: text.to_owned(),
                    language: None,
                    written_as_text: true,
                })
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<ViewParagraph, A::Error> {
                let fields =
                    ParagraphFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ViewParagraph::new(fields.text, fields.language))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl JsonSchema for ViewParagraph {
    fn schema_name() -> Cow<'static, str> {
        "ViewParagraph".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let fields = generator.subschema_for::<ParagraphFields>();
        schemars::json_schema!({
            "description": "A paragraph of a view: its text, in the view's language, or `text:` with its own `language:`.",
            "anyOf": [{ "type": "string" }, fields]
        })
    }
}
