//! The one walk of a plan's fields: the plan is serialized once, and every value it holds is
//! noted with its path. [`Plan::texts`](super::Plan::texts), [`Plan::filled`](super::Plan::filled)
//! and [`Plan::lists`](super::Plan::lists) read this walk, so a field added to the model is
//! walked, checked for limits and printable characters, and named `not-on-form` without another
//! edit. What a field is (text to print, a value such as a date or a picture's name, or a choice
//! of how the plan is printed) is said where the field is declared: by its type, or by
//! [`not_text`] and [`setting`] as its `serialize_with`.

use std::fmt;

use serde::ser::{self, Serialize, Serializer};

use crate::source::FieldPath;

/// The name of the newtype that says a value is not text to print: a date, a picture's path,
/// a symbol's name. Other serializers (JSON, form text) see through it.
const NOT_TEXT: &str = "iep::not_text";
/// The name of the newtype that says a value chooses how the plan is printed (its form, a
/// language, the pupil page's typeface): it is no field a form prints.
const SETTING: &str = "iep::setting";

/// The name of the newtype that says a field is printed only on the pupil-friendly page: no
/// school form is asked to print it.
const PUPIL_PAGE: &str = "iep::pupil_page";

/// `serialize_with` for a field that holds no text to print, though it is written as text: a
/// picture's path, a symbol's name, a date. It is filled when given.
pub(crate) fn not_text<T: Serialize + ?Sized, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(NOT_TEXT, value)
}

/// `serialize_with` for a field that chooses how the plan is printed, not what it says: no
/// form is asked to print it.
pub(crate) fn setting<T: Serialize + ?Sized, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(SETTING, value)
}

/// `serialize_with` for a field only the pupil-friendly page prints: the pupil's own words, the
/// name they go by.
pub(crate) fn pupil_page<T: Serialize + ?Sized, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(PUPIL_PAGE, value)
}

/// `serialize_with` for a picture only the pupil-friendly page shows (the photo, a target's
/// symbol): not text, and no school form's to print.
pub(crate) fn pupil_page_picture<T: Serialize + ?Sized, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(PUPIL_PAGE, &Marked(NOT_TEXT, value))
}

/// `value` inside the newtype `name`.
struct Marked<'a, T: ?Sized>(&'static str, &'a T);

impl<T: Serialize + ?Sized> Serialize for Marked<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(self.0, self.1)
    }
}

/// A value the plan holds, at its path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Field {
    /// Text a form may print.
    Text(FieldPath, String),
    /// A value given that is not text to print: a date, a number, a choice, a picture's path.
    Value(FieldPath),
    /// A list, with its length.
    List(FieldPath, usize),
    /// The field at this path, given or not, is printed only on the pupil-friendly page.
    PupilPage(FieldPath),
}

/// Every value `plan` holds, in the order of the model (the order of a plan file), each list
/// before its items. A field left out (`None`) and a setting are not noted.
pub(crate) fn walk<T: Serialize>(plan: &T) -> Vec<Field> {
    let mut walk = Walk {
        path: FieldPath::root(),
        text: true,
        fields: Vec::new(),
    };
    // The plan's model has no maps, the one shape the walk refuses; a test walks every field.
    if plan.serialize(&mut walk).is_err() {
        debug_assert!(false, "the plan's model holds a map");
    }
    walk.fields
}

struct Walk {
    path: FieldPath,
    /// False inside a value marked [`not_text`].
    text: bool,
    fields: Vec<Field>,
}

impl Walk {
    fn value(&mut self) -> Result<(), Unsupported> {
        self.fields.push(Field::Value(self.path.clone()));
        Ok(())
    }

    fn at<T: Serialize + ?Sized>(&mut self, path: FieldPath, value: &T) -> Result<(), Unsupported> {
        let outer = std::mem::replace(&mut self.path, path);
        let result = value.serialize(&mut *self);
        self.path = outer;
        result
    }
}

/// A shape the walk does not take (a map).
#[derive(Debug)]
pub(crate) struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the walk of a plan's fields takes no maps")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Unsupported
    }
}

/// A list, tuple or struct being walked: its items are numbered from 0.
struct Items<'a> {
    walk: &'a mut Walk,
    next: usize,
}

impl Items<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let path = self.walk.path.index(self.next);
        self.next += 1;
        self.walk.at(path, value)
    }
}

impl<'a> Serializer for &'a mut Walk {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Items<'a>;
    type SerializeMap = ser::Impossible<(), Unsupported>;
    type SerializeStruct = Items<'a>;
    type SerializeStructVariant = Items<'a>;

    fn serialize_str(self, text: &str) -> Result<(), Unsupported> {
        if self.text {
            self.fields
                .push(Field::Text(self.path.clone(), text.to_owned()));
            Ok(())
        } else {
            self.value()
        }
    }

    fn serialize_bool(self, _: bool) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_i8(self, _: i8) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_i16(self, _: i16) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_i32(self, _: i32) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_i64(self, _: i64) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_u8(self, _: u8) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_u16(self, _: u16) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_u32(self, _: u32) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_u64(self, _: u64) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_f32(self, _: f32) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_f64(self, _: f64) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_char(self, _: char) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), Unsupported> {
        self.value()
    }

    fn serialize_none(self) -> Result<(), Unsupported> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        match name {
            SETTING => Ok(()),
            PUPIL_PAGE => {
                self.fields.push(Field::PupilPage(self.path.clone()));
                value.serialize(self)
            }
            NOT_TEXT => {
                let text = std::mem::replace(&mut self.text, false);
                let result = value.serialize(&mut *self);
                self.text = text;
                result
            }
            _ => value.serialize(self),
        }
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let path = self.path.key(variant);
        self.at(path, value)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Items<'a>, Unsupported> {
        let path = self.path.clone();
        self.fields.push(Field::List(path, len.unwrap_or_default()));
        Ok(Items {
            walk: self,
            next: 0,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Items<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Items<'a>, Unsupported> {
        self.path = self.path.key(variant);
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Items<'a>, Unsupported> {
        Ok(Items {
            walk: self,
            next: 0,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Items<'a>, Unsupported> {
        self.path = self.path.key(variant);
        Ok(Items {
            walk: self,
            next: 0,
        })
    }
}

impl ser::SerializeSeq for Items<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeTuple for Items<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Items<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Items<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.walk.path = self.walk.path.parent();
        Ok(())
    }
}

impl ser::SerializeStruct for Items<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let path = self.walk.path.key(key);
        self.walk.at(path, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Items<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let path = self.walk.path.key(key);
        self.walk.at(path, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.walk.path = self.walk.path.parent();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Plan;
    use crate::source::Source;

    const PLAN: &str = "form: general
school: Glenmore Primary
pupil:
  name: Eilidh MacLeod
  known_as: Eilidh
  date_of_birth: 2016-03-14
  photo: eilidh.png
  font: andika
plan:
  review: 2025-06-20
goals:
  - area: literacy
    targets:
      - target: Read ten words
        pupil_words: I will read ten words
        symbol: reading
        by: 2025-06-01
        monitoring: [Week 1, Week 2]
        sessions_per_week: 3
views:
  parents_language: ur
  pupil:
    - Reading is fun
    - text: Czytanie
      language: pl
";

    fn plan() -> crate::plan::Plan {
        Plan::parse(&Source::new("test.yaml", PLAN)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn at(path: &str) -> FieldPath {
        let mut field = FieldPath::root();
        for part in path.split('.') {
            match part.parse() {
                Ok(index) => field = field.index(index),
                Err(_) => field = field.key(part),
            }
        }
        field
    }

    #[test]
    fn the_walk_says_what_each_field_is() {
        let fields = walk(&plan());
        let text = |path: &str, text: &str| Field::Text(at(path), text.to_owned());
        for expected in [
            text("school", "Glenmore Primary"),
            text("pupil.known_as", "Eilidh"),
            Field::PupilPage(at("pupil.known_as")),
            Field::Value(at("pupil.date_of_birth")),
            Field::Value(at("pupil.photo")),
            Field::Value(at("goals.0.area")),
            text("goals.0.targets.0.target", "Read ten words"),
            Field::PupilPage(at("goals.0.targets.0.pupil_words")),
            Field::Value(at("goals.0.targets.0.symbol")),
            Field::PupilPage(at("goals.0.targets.0.symbol")),
            Field::Value(at("goals.0.targets.0.by")),
            Field::List(at("goals.0.targets.0.monitoring"), 2),
            text("goals.0.targets.0.monitoring.1", "Week 2"),
            Field::Value(at("goals.0.targets.0.sessions_per_week")),
            // A paragraph written as its text alone is at the paragraph's own path.
            text("views.pupil.0", "Reading is fun"),
            text("views.pupil.1.text", "Czytanie"),
        ] {
            assert!(fields.contains(&expected), "{expected:?} not in {fields:?}");
        }
        // Settings (the form, the typeface, languages) are no field a form prints; a field
        // left out is not walked.
        for path in [
            "form",
            "pupil.font",
            "views.parents_language",
            "views.pupil.1.language",
        ] {
            assert!(
                !fields.iter().any(|field| match field {
                    Field::Text(p, _) | Field::Value(p) => *p == at(path),
                    _ => false,
                }),
                "{path} walked"
            );
        }
        assert!(
            !fields
                .iter()
                .any(|f| matches!(f, Field::Value(p) if *p == at("pupil.asn_level")))
        );
    }
}
